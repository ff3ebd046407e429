//! ## What it does
//! When the configuration lists the organisation's people (`people:`),
//! reports an objective or key-result owner who is not on that list. Owners
//! that look like teams are left to OKR103.
//!
//! ## Why is this bad?
//! An owner who is not on the roster has usually left, changed names or been
//! misspelt, and nobody will receive the reminders or escalations meant for
//! them.
//!
//! ## Example
//! ```yaml
//! # .okrlint.yaml
//! people: [Ana Lima, Lee Wong]
//! # growth.okr.yaml
//!         owner: Anna Lima
//! ```
//!
//! ## Use instead
//! ```yaml
//!         owner: Ana Lima
//! ```

use super::owners::{self, Roster};
use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::{OkrSet, Owner, Sp};

pub const RULE: Rule = Rule {
    code: "OKR105",
    name: "unknown-owner",
    severity: Severity::Warning,
    summary: "a roster (`people`) is configured and the owner is not in it",
    scope: Scope::File,
    source: include_str!("unknown_owner.rs"),
    check,
};

fn report(roster: &Roster, sink: &mut Sink, set: &OkrSet, owner: &Option<Sp<Owner>>) {
    let Some(owner) = owner else { return };
    // A placeholder is OKR101's (or OKR104's) to report.
    if owners::placeholder(&owner.value).is_some() {
        return;
    }
    let names = owners::names(&owner.value);
    let [name] = names.as_slice() else { return };
    if owners::team_reason(name, set, roster).is_some() || roster.knows(name) {
        return;
    }
    let help = match roster.closest(name) {
        Some(close) => format!("did you mean `{close}`? Otherwise add the person to `people` in the configuration"),
        None => "add the person to `people` in the configuration, or name someone on the roster".into(),
    };
    sink.report(set.file, owner.span, format!("owner {} is not on the roster (`people`)", quote(name)), help);
}

fn check(ctx: &Context, sink: &mut Sink) {
    let roster = ctx.roster();
    if !roster.has_people() {
        return;
    }
    for (_, set, objective) in ctx.index.objectives() {
        report(&roster, sink, set, &objective.owner);
        for kr in &objective.key_results {
            report(&roster, sink, set, &kr.owner);
        }
    }
}
