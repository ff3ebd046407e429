//! ## What it does
//! Reports a check-in dated before its set's cycle starts, after the cycle
//! ends, or after the as-of date (`--as-of`, default today): a check-in from
//! the future. The finding sits on the check-in's `date`.
//!
//! ## Why is this bad?
//! A check-in outside the cycle belongs to another cycle's key results, and
//! one from the future is a typo that would become the "latest" actual and
//! decide the score.
//!
//! ## Example
//! ```yaml
//! okrs: growth          # cycle: 2026-Q1
//! checkins:
//!   - date: 2026-20-02  # a typo for 2026-02-20… or
//!   - date: 2026-04-06  # after the cycle's end
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - date: 2026-02-20
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "OKR602",
    name: "checkin-out-of-cycle",
    severity: Severity::Error,
    summary: "a check-in dated before cycle start, after cycle end, or after the as-of date",
    scope: Scope::File,
    source: include_str!("checkin_out_of_cycle.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for log in &ctx.index.logs {
        let cycle = ctx.join.log_set_file(log.file).and_then(|f| ctx.join.set_summary(f)).and_then(|s| s.cycle);
        for checkin in &log.checkins {
            let Some(date) = &checkin.date else { continue };
            let (message, help) = match cycle {
                Some((start, _)) if date.value < start => (
                    format!("the check-in is dated {}, before the cycle starts on {start}", date.value),
                    "check the date, or log it against the cycle it belongs to",
                ),
                Some((_, end)) if date.value > end => (
                    format!("the check-in is dated {}, after the cycle ended on {end}", date.value),
                    "check the date, or log it against the next cycle's set",
                ),
                _ if date.value > ctx.as_of => (
                    format!("the check-in is dated {}, after the as-of date {}", date.value, ctx.as_of),
                    "a check-in records a measurement already made: check the date (or pass `--as-of`)",
                ),
                _ => continue,
            };
            sink.report(log.file, date.span, message, help);
        }
    }
}
