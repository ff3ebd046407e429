//! ## What it does
//! Reports an objective that names no `owner`.
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
    summary: "an objective has no owner",
    scope: Scope::File,
    source: include_str!("objective_owner_missing.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, objective) in ctx.index.objectives() {
        if objective.owner.as_ref().is_none_or(|o| owners::is_blank(&o.value)) {
            let span = objective.owner.as_ref().map_or(objective.span, |o| o.span);
            sink.report(
                set.file,
                span,
                format!("objective {} has no owner", quote(&ctx.index.ref_of(crate::index::Target::Objective(r)))),
                "add `owner:` with the one person accountable for the objective",
            );
        }
    }
}
