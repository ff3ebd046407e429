//! ## What it does
//! Reports an objective with fewer or more key results than
//! `limits.key_results` allows (default 2 to 4). Micro sets are judged by
//! OKR303 instead.
//!
//! ## Why is this bad?
//! One key result rarely proves an objective (and invites gaming it); six
//! turn the objective into a dashboard that nobody can steer by. Two to four
//! measures, ideally both leading and lagging, give a balanced picture.
//!
//! ## Example
//! ```yaml
//!   - id: faster-value
//!     key_results:
//!       - id: ttv
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - id: faster-value
//!     key_results:
//!       - id: ttv
//!       - id: d7-active
//!       - id: expansion
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::Level;

pub const RULE: Rule = Rule {
    code: "OKR302",
    name: "kr-count",
    severity: Severity::Warning,
    summary: "KRs per objective outside `limits.key_results`",
    scope: Scope::File,
    source: include_str!("kr_count.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let (min, max) = ctx.config.limits.key_results;
    for (_, set, objective) in ctx.index.objectives() {
        if set.level == Level::Micro {
            continue;
        }
        let count = objective.key_results.len();
        if (min as usize..=max as usize).contains(&count) {
            continue;
        }
        let id = objective.id.as_ref().map_or("?", |i| i.value.as_str());
        let (message, help) = if count > max as usize {
            (
                format!("objective {} has {count} key results, more than the {max} allowed", quote(id)),
                "keep the measures that best prove the objective; track the rest as KPIs",
            )
        } else {
            (
                format!(
                    "objective {} has {count} key result{}, fewer than the {min} expected",
                    quote(id),
                    if count == 1 { "" } else { "s" }
                ),
                "add a measure that proves the objective from another angle (a leading and a lagging signal)",
            )
        };
        sink.report(set.file, objective.key_results_key.unwrap_or(objective.span), message, help);
    }
}
