//! ## What it does
//! Reports a check-in that lacks a `confidence`, an `insight` or a
//! `next_action`, on the check-in's `- ` line, naming what is missing. (An
//! invalid confidence is OKR607's.) A check-in of a set more than one
//! cadence period past its cycle's end is history and is not judged.
//!
//! ## Why is this bad?
//! A number alone says where a key result stands, not why or what happens
//! next. The confidence says whether the team still believes in the target;
//! the insight and next action are what the weekly meeting discusses.
//!
//! ## Example
//! ```yaml
//!   - date: 2026-02-09
//!     kr: faster-value/ttv
//!     actual: 2
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - date: 2026-02-09
//!     kr: faster-value/ttv
//!     actual: 2
//!     confidence: 4
//!     insight: Checklist users activate in half the time
//!     next_action: Roll the checklist out to every region
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "OKR606",
    name: "incomplete-checkin",
    severity: Severity::Warning,
    summary: "a check-in lacks a confidence, an insight or a next action",
    scope: Scope::File,
    source: include_str!("incomplete_checkin.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for log in &ctx.index.logs {
        let id = log.okrs.as_ref().map(|o| o.value.trim());
        // A pulled actual (`pulled: SOURCE`) is data, not the team's check-in (SPEC §7).
        for checkin in log.checkins.iter().filter(|c| c.pulled().is_none()) {
            // A check-in of a set whose habit window has passed is history.
            let set = id.zip(checkin.date.as_ref()).and_then(|(id, date)| ctx.join.set_on(id, date.value));
            if set.and_then(|f| ctx.join.cycle_of(f)).is_some_and(|cycle| !ctx.habits_apply(cycle)) {
                continue;
            }
            let blank =
                |text: &Option<crate::model::Sp<String>>| text.as_ref().is_none_or(|t| t.value.trim().is_empty());
            let missing: Vec<&str> = [
                ("`confidence`", checkin.confidence.is_none()),
                ("`insight`", blank(&checkin.insight)),
                ("`next_action`", blank(&checkin.next_action)),
            ]
            .into_iter()
            .filter_map(|(key, absent)| absent.then_some(key))
            .collect();
            if missing.is_empty() {
                continue;
            }
            sink.report(
                log.file,
                checkin.span,
                format!("the check-in has no {}", join_words(&missing)),
                "add a confidence from 1 to 5, one insight (what you learnt) and one next action",
            );
        }
    }
}

/// "a", "a or b", "a, b or c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
