//! ## What it does
//! Reports a key result that has been red for two or more consecutive cadence
//! periods — the last check-in of each period, up to the latest one, scoring
//! red — when no check-in since the first red one records an `escalated`
//! date. The finding sits on the latest check-in's `- ` line in its log.
//!
//! ## Why is this bad?
//! One red week can be noise; two in a row is a trend the team cannot fix
//! alone, or it would have. Escalating early gives leaders time to change
//! priorities, people or the target while the cycle can still be saved.
//!
//! ## Example
//! ```yaml
//!   - {date: 2026-02-09, kr: faster-value/ttv, actual: 2.9, help_needed: …}
//!   - {date: 2026-02-16, kr: faster-value/ttv, actual: 3.0, help_needed: …}
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - {date: 2026-02-16, kr: faster-value/ttv, actual: 3.0, help_needed: …,
//!      escalated: 2026-02-16}
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR609",
    name: "red-two-weeks",
    severity: Severity::Warning,
    summary: "a KR is at risk (red and behind pace) on two consecutive cadence periods and no check-in since the first is `escalated`",
    scope: Scope::Project,
    source: include_str!("red_two_weeks.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let unit = if ctx.scorecard().settings.period_days == 7 { "weeks" } else { "fortnights" };
    for latest in ctx.latest_checkins() {
        let periods = latest.kr.unescalated_red_periods;
        if periods < 2 {
            continue;
        }
        sink.report(
            latest.at.file,
            latest.checkin.span,
            format!(
                "{} has been at risk (red and behind pace) for {periods} {unit} in a row and has not been escalated",
                quote(&latest.name)
            ),
            "escalate it to whoever can change priorities, people or the target, and record the date under `escalated:`",
        );
    }
}
