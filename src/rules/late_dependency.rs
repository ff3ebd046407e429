//! ## What it does
//! Reports a dependency due after the key result it serves: after the KR's
//! `due` date, or after the cycle's end when the KR has none.
//!
//! ## Why is this bad?
//! A deliverable that arrives after the key result's deadline cannot help it
//! this cycle. Either the dependency must land sooner, or the key result's
//! ambition is already out of reach and should be discussed now.
//!
//! ## Example
//! ```yaml
//! cycle: 2026-Q1
//!         depends_on:
//!           - team: Data Platform
//!             owner: Sam Ortiz
//!             deliverable: Activation events in the warehouse
//!             due: 2026-04-15
//! ```
//!
//! ## Use instead
//! ```yaml
//!             due: 2026-01-23
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR503",
    name: "late-dependency",
    severity: Severity::Warning,
    summary: "a dependency is due after the KR it serves (its due date, else the cycle end)",
    scope: Scope::File,
    source: include_str!("late_dependency.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        let cycle_end = set.cycle.as_ref().and_then(|c| c.value.range()).map(|(_, end)| end);
        let Some(deadline) = kr.deadline(cycle_end) else { continue };
        let what = if kr.due.is_some() { "the key result's due date" } else { "the cycle's end" };
        for dependency in &kr.depends_on {
            let Some(due) = &dependency.due else { continue };
            if dependency.is_late(deadline) {
                let team = dependency.team.as_ref().map_or("another team".to_string(), |t| quote(&t.value));
                sink.report(
                    set.file,
                    due.span,
                    format!("the dependency on {team} is due {}, after {what} {deadline}", due.value),
                    "agree an earlier date with the other team, or revisit the key result's target",
                );
            }
        }
    }
}
