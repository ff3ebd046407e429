//! ## What it does
//! Reports an objective that names no `owner`, or only a placeholder for one
//! (TBD, TODO, n/a, none, `?`, `-`, `[owner]`…, as OKR101 reads them).
//!
//! ## Why is this bad?
//! Key-result owners answer for their numbers; somebody must answer for the
//! objective as a whole: weigh the KR signals against each other, decide the
//! trade-offs and ask for help across teams.
//!
//! ## Example
//! ```yaml
//!   - id: faster-value
//!     title: Shorten time to value for new SMB customers
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - id: faster-value
//!     title: Shorten time to value for new SMB customers
//!     owner: Ana Lima
//! ```

use super::{Context, Rule, Scope, Sink, owners};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR104",
    name: "objective-owner-missing",
    severity: Severity::Warning,
    summary: "an objective has no owner, or a placeholder for one (as OKR101)",
    scope: Scope::File,
    source: include_str!("objective_owner_missing.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, objective) in ctx.index.objectives() {
        let name = quote(&ctx.index.ref_of(crate::index::Target::Objective(r)));
        match &objective.owner {
            Some(owner) if !owners::is_blank(&owner.value) => {
                if let Some(placeholder) = owners::placeholder(&owner.value) {
                    sink.report(
                        set.file,
                        owner.span,
                        format!("objective {name} has a placeholder for an owner ({})", quote(placeholder)),
                        "name the one person accountable for the objective",
                    );
                }
            }
            owner => sink.report(
                set.file,
                owner.as_ref().map_or(objective.span, |o| o.span),
                format!("objective {name} has no owner"),
                "add `owner:` with the one person accountable for the objective",
            ),
        }
    }
}
