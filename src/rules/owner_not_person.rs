//! ## What it does
//! Reports an objective or key-result owner that is a team, department or
//! committee rather than a person: a name listed under `teams` in the
//! configuration, a bare function ("Marketing", "Engineering"), a group word
//! ("Growth team", "the committee"), functions joined together ("Sales &
//! Marketing"), or the set's own team name. A role one person holds ("Growth
//! PM", "Head of Sales and Marketing") is fine, and so is anyone listed under
//! `people`. A placeholder (TBD) is OKR101's or OKR104's to report.
//!
//! ## Why is this bad?
//! A team cannot be asked "what will you do about this red KR by Friday?".
//! Naming a group spreads the accountability until nobody holds it.
//!
//! ## Example
//! ```yaml
//!       - id: pipeline
//!         owner: Marketing
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: pipeline
//!         owner: Head of Demand Generation
//!         collaborators: [Marketing team]
//! ```

use super::owners::{self, Roster};
use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::{OkrSet, Owner, Sp};

pub const RULE: Rule = Rule {
    code: "OKR103",
    name: "owner-not-person",
    severity: Severity::Warning,
    summary: "the owner is a team, department or committee, not a person",
    scope: Scope::File,
    source: include_str!("owner_not_person.rs"),
    check,
};

fn report(roster: &Roster, sink: &mut Sink, set: &OkrSet, owner: &Option<Sp<Owner>>, what: &str) {
    let Some(owner) = owner else { return };
    // A placeholder is OKR101's (or OKR104's) to report.
    if owners::placeholder(&owner.value).is_some() {
        return;
    }
    let names = owners::names(&owner.value);
    if let [name] = names.as_slice()
        && let Some(reason) = owners::team_reason(name, set, roster)
    {
        sink.report(
            set.file,
            owner.span,
            format!("the {what}'s owner {} is not a person: {reason}", quote(name)),
            "name the one person accountable (a role one person holds is fine); put the team under `collaborators`",
        );
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    let roster = ctx.roster();
    for (_, set, objective) in ctx.index.objectives() {
        report(&roster, sink, set, &objective.owner, "objective");
        for kr in &objective.key_results {
            report(&roster, sink, set, &kr.owner, "key result");
        }
    }
}
