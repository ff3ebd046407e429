//! ## What it does
//! Reports a set `cycle` that cannot be read (`2026-Q5`, `Q1`), a cycle whose
//! start lies after its end, and a key result whose `due` date falls outside
//! its set's cycle.
//!
//! ## Why is this bad?
//! The cycle is the time box every date is judged against: check-in periods,
//! pace, staleness and the end-of-cycle report. With no valid cycle none of
//! that can be computed, and a KR due after the cycle ends is not part of
//! this cycle's commitment.
//!
//! ## Example
//! ```yaml
//! cycle: 2026-Q5
//! objectives:
//!   - key_results:
//!       - id: ttv
//!         due: 2026-07-15
//! ```
//!
//! ## Use instead
//! ```yaml
//! cycle: 2026-Q2          # or {start: 2026-04-01, end: 2026-06-30}
//! objectives:
//!   - key_results:
//!       - id: ttv
//!         due: 2026-06-15
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::model::Cycle;

pub const RULE: Rule = Rule {
    code: "OKR005",
    name: "invalid-cycle",
    severity: Severity::Error,
    summary: "unparseable cycle, start after end, KR `due` outside the cycle",
    scope: Scope::File,
    source: include_str!("invalid_cycle.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in &ctx.index.sets {
        let Some(cycle) = &set.cycle else { continue };
        match &cycle.value {
            Cycle::Invalid { reason } => {
                sink.report(
                    set.file,
                    cycle.span,
                    format!("the cycle cannot be read: {reason}"),
                    "write `2026-Q1`, `2026-H2`, `2026`, `2026-05` or `{start: 2026-01-05, end: 2026-01-30}`",
                );
            }
            Cycle::Range { start, end } if start > end => {
                sink.report(
                    set.file,
                    cycle.span,
                    format!("the cycle starts on {start}, after it ends on {end}"),
                    "swap `start` and `end`",
                );
            }
            Cycle::Range { start, end } => {
                for objective in &set.objectives {
                    for kr in &objective.key_results {
                        if let Some(due) = &kr.due
                            && (due.value < *start || due.value > *end)
                        {
                            sink.report(
                                set.file,
                                due.span,
                                format!("`due` {} lies outside the cycle {start}..{end}", due.value),
                                "set a due date inside the cycle, or leave `due` out to use the cycle's last day",
                            );
                        }
                    }
                }
            }
        }
    }
}
