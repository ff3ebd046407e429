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
    summary: "a check-in dated in no cycle of its log's set id, or more than one day after the as-of date",
    scope: Scope::File,
    source: include_str!("checkin_out_of_cycle.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for log in &ctx.index.logs {
        // The log's set id from its own document: the run checks a log before
        // the join holds the log's summary, and every set's summary is there.
        let Some(id) = log.okrs.as_ref().map(|o| o.value.trim()) else { continue };
        let cycles = ctx.join.cycles_of_id(id);
        // A set of that id without a valid cycle (OKR005 says so) or no set at all (OKR004): nothing to judge against.
        let unknown_cycle = ctx.join.sets_with_id(id).iter().any(|f| ctx.join.cycle_of(*f).is_none());
        for checkin in &log.checkins {
            let Some(date) = &checkin.date else { continue };
            let day = date.value;
            let (message, help) = if !cycles.is_empty()
                && !unknown_cycle
                && !cycles.iter().any(|(start, end)| *start <= day && day <= *end)
            {
                let before = cycles.iter().all(|(start, _)| day < *start);
                let after = cycles.iter().all(|(_, end)| day > *end);
                let shown: Vec<String> = cycles.iter().map(|(s, e)| format!("{s} – {e}")).collect();
                let message = if before && cycles.len() == 1 {
                    format!("the check-in is dated {day}, before the cycle of set `{id}` starts on {}", cycles[0].0)
                } else if after && cycles.len() == 1 {
                    format!("the check-in is dated {day}, after the cycle of set `{id}` ended on {}", cycles[0].1)
                } else {
                    format!("the check-in is dated {day}, in no cycle of set `{id}` ({})", shown.join(", "))
                };
                (message, "check the date, or log it against the set of the cycle it belongs to")
            } else if ctx.as_of.succ_opt().is_some_and(|next| day > next) {
                (
                    format!("the check-in is dated {day}, more than a day after the as-of date {}", ctx.as_of),
                    "a check-in records a measurement already made: check the date (or pass `--as-of`)",
                )
            } else {
                continue;
            };
            sink.report(log.file, date.span, message, help);
        }
    }
}
