//! ## What it does
//! Checks a Micro-OKR set (`level: micro`): exactly one objective, one or two
//! key results, and a cycle of at most 28 days (first and last day counted).
//!
//! ## Why is this bad?
//! A Micro-OKR is a short, sharp experiment inside the quarter: a conversion
//! lever to prove, an incident to recover from. Once it grows a second
//! objective, a third key result or a two-month cycle, it is a second plan
//! competing with the quarter's OKRs for the same attention.
//!
//! ## Example
//! ```yaml
//! level: micro
//! cycle: {start: 2026-02-02, end: 2026-03-27}
//! ```
//!
//! ## Use instead
//! ```yaml
//! level: micro
//! cycle: {start: 2026-02-02, end: 2026-02-27}
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::Level;

pub const RULE: Rule = Rule {
    code: "OKR303",
    name: "micro-okr-shape",
    severity: Severity::Error,
    summary: "a micro set breaks its shape (1 objective, 1–2 KRs, ≤ 28 days)",
    scope: Scope::File,
    source: include_str!("micro_okr_shape.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in &ctx.index.sets {
        if set.level != Level::Micro {
            continue;
        }
        if set.objectives.len() != 1 {
            sink.report(
                set.file,
                set.objectives_key.unwrap_or(set.span),
                format!("a Micro-OKR has exactly one objective; this one has {}", set.objectives.len()),
                "split the experiments into separate micro sets, each with one objective",
            );
        }
        for objective in &set.objectives {
            let count = objective.key_results.len();
            if !(1..=2).contains(&count) {
                let id = objective.id.as_ref().map_or("?", |i| i.value.as_str());
                sink.report(
                    set.file,
                    objective.key_results_key.unwrap_or(objective.span),
                    format!("a Micro-OKR objective has one or two key results; {} has {count}", quote(id)),
                    "keep the one or two measures the experiment is meant to move",
                );
            }
        }
        if let Some(cycle) = &set.cycle
            && let Some((start, end)) = cycle.value.range()
        {
            // Both days count; a span too long to count is certainly over 28.
            let days = end.signed_duration_since(start).num_days().saturating_add(1);
            if days > 28 {
                sink.report(
                    set.file,
                    cycle.span,
                    format!("a Micro-OKR lasts at most 28 days; this cycle lasts {days} ({start}..{end})"),
                    format!(
                        "shorten the cycle to four weeks or less, e.g. `{{start: {start}, end: {}}}`",
                        start.checked_add_days(chrono::Days::new(27)).unwrap_or(end)
                    ),
                );
            }
        }
    }
}
