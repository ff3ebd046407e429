//! ## What it does
//! Reports an objective or key-result `owner` that names more than one person
//! or role: "Ana and Lee", "Ana & Lee", "Ana/Lee", "Ana + Lee", "Ana or Lee",
//! "Ana Lima, Lee Wong", "CTO and CFO", or a list of names.
//!
//! One owner is never split: a role and what it covers ("Head of Sales and
//! Marketing", "VP, Sales"), a name with its suffix or title ("Ana Lima, PhD",
//! "Ana Lima, Head of Growth"), a surname written first ("Lima, Ana"), or
//! functions joined into one team ("Sales & Marketing", which OKR103 reports).
//! A name or team listed whole under `people` or `teams` is one owner.
//!
//! ## Why is this bad?
//! Shared ownership is no ownership: when the number stalls, each owner waits
//! for the other. Accountability is one to one; contribution can be many to
//! one, which is what `collaborators` is for.
//!
//! ## Example
//! ```yaml
//!       - id: nps
//!         owner: Ana Lima and Lee Wong
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: nps
//!         owner: Ana Lima
//!         collaborators: [Lee Wong]
//! ```

use super::owners::{self, Roster};
use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::{Owner, Sp};
use crate::source::FileId;

pub const RULE: Rule = Rule {
    code: "OKR102",
    name: "shared-owner",
    severity: Severity::Error,
    summary: "a KR or objective owner names more than one person (\"A and B\", \"A/B\", \"A, B\", a list)",
    scope: Scope::File,
    source: include_str!("shared_owner.rs"),
    check,
};

fn report(roster: &Roster, sink: &mut Sink, file: FileId, owner: &Option<Sp<Owner>>, what: &str) {
    let Some(owner) = owner else { return };
    // A placeholder is OKR101's (or OKR104's) to report.
    if owners::placeholder(&owner.value).is_some() {
        return;
    }
    // The roster wins: "Sales and Marketing" listed as a team is one owner.
    if let Owner::One(text) = &owner.value
        && roster.lists(text)
    {
        return;
    }
    let names = owners::names(&owner.value);
    if names.len() > 1 {
        sink.report(
            file,
            owner.span,
            format!("the {what} has {} owners, {}; it needs exactly one", names.len(), listed(&names)),
            format!(
                "keep one accountable owner and list the others under `collaborators`, e.g. `owner: {}`",
                crate::render::safe::text(&names[0])
            ),
        );
    }
}

/// The names counted, each quoted as written ("`VP, Sales` and `Marketing`"):
/// a name may hold a comma, so a bare comma list could not be read back.
fn listed(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| quote(n)).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    let roster = ctx.roster();
    for (_, set, objective) in ctx.index.objectives() {
        report(&roster, sink, set.file, &objective.owner, "objective");
        for kr in &objective.key_results {
            report(&roster, sink, set.file, &kr.owner, "key result");
        }
    }
}
