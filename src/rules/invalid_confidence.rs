//! ## What it does
//! Reports a check-in `confidence` that is not a whole number from 1 to 5:
//! `7`, `0`, `-3`, `4.5`, `high`, `.inf`. The finding sits on the value.
//!
//! ## Why is this bad?
//! Confidence is read across teams on one scale: 1 is "we will not make it",
//! 5 is "it is done in all but name". A value off that scale cannot be
//! compared, summed up or checked against the score (OKR611).
//!
//! ## Example
//! ```yaml
//!     confidence: high
//! ```
//!
//! ## Use instead
//! ```yaml
//!     confidence: 4   # 1 (won't make it) … 5 (certain)
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::Confidence;

pub const RULE: Rule = Rule {
    code: "OKR607",
    name: "invalid-confidence",
    severity: Severity::Error,
    summary: "confidence is not an integer 1..5",
    scope: Scope::File,
    source: include_str!("invalid_confidence.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for log in &ctx.index.logs {
        // The team's own check-ins: a pulled actual is data (SPEC §7).
        for checkin in log.checkins.iter().filter(|c| c.pulled().is_none()) {
            let Some(confidence) = &checkin.confidence else { continue };
            let Confidence::Invalid(raw) = &confidence.value else { continue };
            sink.report(
                log.file,
                confidence.span,
                format!("confidence {} is not a whole number from 1 to 5", quote(raw)),
                "write 1 (we will not make it) to 5 (as good as done)",
            );
        }
    }
}
