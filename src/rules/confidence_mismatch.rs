//! ## What it does
//! Reports a key result whose latest check-in's confidence contradicts its
//! score: confidence 1 or 2 while the score is green or stretch, or 5 while
//! it is red. The finding sits on that check-in's `- ` line in its log.
//!
//! ## Why is this bad?
//! Either the team knows something the number does not show — a green that
//! is about to collapse, a red about to flip — and that belongs in the
//! insight, or the confidence was copied from last week without thought.
//!
//! ## Example
//! ```yaml
//!   - date: 2026-02-16
//!     kr: faster-value/ttv
//!     actual: 1.2          # score 0.90, green
//!     confidence: 1
//! ```
//!
//! ## Use instead
//! ```yaml
//!     confidence: 1
//!     insight: The big cohort that carried February churns in March
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::score::{Status, show};

pub const RULE: Rule = Rule {
    code: "OKR611",
    name: "confidence-mismatch",
    severity: Severity::Info,
    summary: "confidence ≤ 2 while green/stretch, or 5 while at risk",
    scope: Scope::Project,
    source: include_str!("confidence_mismatch.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let bands = ctx.scorecard().settings.bands;
    for latest in ctx.latest_checkins() {
        let (Some(score), Some(confidence)) = (latest.kr.score, latest.kr.confidence) else { continue };
        let Some(status) = latest.kr.status(&bands) else { continue };
        let mismatch = match status {
            Status::Green | Status::Stretch => confidence <= 2,
            // Red alone is normal early in a cycle: only at risk (red and behind pace) disagrees with 5.
            Status::Red => confidence == 5 && latest.kr.at_risk,
            Status::Amber => false,
        };
        if !mismatch {
            continue;
        }
        sink.report(
            latest.at.file,
            latest.checkin.span,
            format!(
                "{} scores {} ({}{}) but its latest confidence is {confidence}",
                quote(&latest.name),
                show(score),
                status.as_str(),
                if latest.kr.at_risk { ", behind pace" } else { "" }
            ),
            "say in the insight why confidence and score disagree, or update the confidence",
        );
    }
}
