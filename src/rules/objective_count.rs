//! ## What it does
//! Reports a set with fewer or more objectives than `limits.objectives`
//! allows (default 3 to 4). Micro sets are judged by OKR303 instead.
//!
//! ## Why is this bad?
//! Focus is the point of OKRs. Seven objectives means none of them gets the
//! attention it needs and trade-offs were avoided rather than made; a single
//! objective often means the set is a project plan.
//!
//! ## Example
//! ```yaml
//! objectives:   # six objectives
//!   - id: one
//!   - id: two
//!   - id: three
//!   - id: four
//!   - id: five
//!   - id: six
//! ```
//!
//! ## Use instead
//! ```yaml
//! objectives:   # the three that matter most this cycle
//!   - id: one
//!   - id: two
//!   - id: three
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::model::Level;

pub const RULE: Rule = Rule {
    code: "OKR301",
    name: "objective-count",
    severity: Severity::Warning,
    summary: "objectives per set outside `limits.objectives`",
    scope: Scope::File,
    source: include_str!("objective_count.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let (min, max) = ctx.config.limits.objectives;
    for set in &ctx.index.sets {
        if set.level == Level::Micro {
            continue;
        }
        let count = set.objectives.len();
        if (min as usize..=max as usize).contains(&count) {
            continue;
        }
        let (message, help) = if count > max as usize {
            (
                format!("the set has {count} objectives, more than the {max} allowed"),
                "keep the few that matter most this cycle; the rest can wait or become KPIs",
            )
        } else {
            (
                format!(
                    "the set has {count} objective{}, fewer than the {min} expected",
                    if count == 1 { "" } else { "s" }
                ),
                "check that the set covers what the team must change this cycle, or lower `limits.objectives`",
            )
        };
        sink.report(set.file, set.objectives_key.unwrap_or(set.span), message, help);
    }
}
