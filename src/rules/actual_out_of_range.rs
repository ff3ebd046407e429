//! ## What it does
//! Reports a check-in `actual` outside the `valid_range` of its key result's
//! metric (`metric:` naming an entry of a metric dictionary). The finding
//! sits on the actual.
//!
//! ## Why is this bad?
//! A value the metric cannot take — a negative duration, a conversion rate
//! of 140 % — is a broken pipeline or a typo, and would score as if it were
//! real: often a sudden green.
//!
//! ## Example
//! ```yaml
//! # company.metrics.yaml: time-to-first-use, valid_range {min: 0, max: 60}
//!   - date: 2026-02-09
//!     kr: faster-value/ttv
//!     actual: -2
//! ```
//!
//! ## Use instead
//! ```yaml
//!     actual: 2
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::join::Def;

pub const RULE: Rule = Rule {
    code: "OKR610",
    name: "actual-out-of-range",
    severity: Severity::Warning,
    summary: "an actual lies outside its metric's `valid_range`",
    scope: Scope::File,
    source: include_str!("actual_out_of_range.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let join = ctx.join;
    for log in &ctx.index.logs {
        for checkin in &log.checkins {
            let Some(actual) = &checkin.actual else { continue };
            // The log is checked before the join holds its references: resolve here.
            let (Some(okrs), Some(written)) = (&log.okrs, &checkin.kr) else { continue };
            let Some(Def::Kr { file, objective, kr }) =
                join.kr(Some(okrs.value.as_str()), written.value.trim(), checkin.date.as_ref().map(|d| d.value))
            else {
                continue;
            };
            let Some(name) = join
                .set_summary(file)
                .and_then(|s| s.objectives.get(objective as usize)?.key_results.get(kr as usize)?.metric.as_deref())
            else {
                continue;
            };
            let Some((min, max)) = join.metric(name).and_then(|m| m.valid_range) else { continue };
            let (below, above) = (min.is_some_and(|m| actual.value < m), max.is_some_and(|m| actual.value > m));
            if !(below || above) {
                continue;
            }
            let range = match (min, max) {
                (Some(min), Some(max)) => format!("{min} to {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => continue,
            };
            sink.report(
                log.file,
                actual.span,
                format!("actual {} lies outside the valid range of metric {} ({range})", actual.value, quote(name)),
                "check the measurement and its pipeline; if the range is wrong, fix `valid_range` in the dictionary",
            );
        }
    }
}
