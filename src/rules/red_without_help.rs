//! ## What it does
//! Reports a key result whose latest check-in (on or before the as-of date)
//! scores red and has no `help_needed`. The finding sits on that check-in's
//! `- ` line in its log.
//!
//! ## Why is this bad?
//! A red key result is a call for help, or it is quietly being given up on.
//! Saying what would unblock it — from whom — is what turns the weekly
//! review into action instead of a status report.
//!
//! ## Example
//! ```yaml
//!   - date: 2026-02-16
//!     kr: faster-value/ttv
//!     actual: 2.9          # baseline 3, target 1: score 0.05, red
//!     confidence: 2
//! ```
//!
//! ## Use instead
//! ```yaml
//!     help_needed: Data team to ship the activation event this week
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::score::show;

pub const RULE: Rule = Rule {
    code: "OKR608",
    name: "red-without-help",
    severity: Severity::Warning,
    summary: "a KR's latest check-in is at risk (red and behind pace) and has no `help_needed`",
    scope: Scope::Project,
    source: include_str!("red_without_help.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for latest in ctx.latest_checkins() {
        let Some(score) = latest.kr.score else { continue };
        if !latest.kr.at_risk || latest.checkin.help_needed {
            continue;
        }
        sink.report(
            latest.at.file,
            latest.checkin.span,
            format!(
                "{} is at risk (red, score {}, and behind its straight path) and its latest check-in asks for no help",
                quote(&latest.name),
                show(score)
            ),
            "add `help_needed:` saying what would unblock it, and from whom",
        );
    }
}
