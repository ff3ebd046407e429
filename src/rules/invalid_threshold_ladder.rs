//! ## What it does
//! Checks a key result's threshold ladder (`scoring: {method: threshold, …}`):
//! every band uses the same kind of bound (`at_most` when lower is better,
//! `at_least` when higher is better); bounds strictly increase for `at_most`
//! and strictly decrease for `at_least`; every band has a score; scores lie in
//! 0..1 and never rise from one band to the next (nor does `otherwise` above
//! the last band); and the ladder points the same way as baseline → target.
//! It also reports a scoring method okrlint does not know.
//!
//! ## Why is this bad?
//! The first band that holds wins. A ladder out of order makes some bands
//! unreachable, and a ladder pointing the wrong way rewards the metric for
//! moving away from the target. Either way the score stops meaning anything.
//!
//! ## Example
//! ```yaml
//!         baseline: 9          # days; lower is better
//!         target: 4
//!         scoring:
//!           method: threshold
//!           bands:
//!             - {at_most: 6, score: 0.7}
//!             - {at_most: 4, score: 1.0}
//! ```
//!
//! ## Use instead
//! ```yaml
//!         scoring:
//!           method: threshold
//!           bands:
//!             - {at_most: 4, score: 1.0}
//!             - {at_most: 6, score: 0.7}
//!             - {at_most: 8, score: 0.3}
//!           otherwise: 0.0
//! ```

use rust_decimal::Decimal;

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::{BoundKind, Scoring, Sp};
use crate::source::FileId;

pub const RULE: Rule = Rule {
    code: "OKR205",
    name: "invalid-threshold-ladder",
    severity: Severity::Error,
    summary: "a threshold ladder is out of order, mixed, out of range or points the wrong way",
    scope: Scope::File,
    source: include_str!("invalid_threshold_ladder.rs"),
    check,
};

/// Reports a score outside 0..1; returns whether it did.
fn report_out_of_range(sink: &mut Sink, file: FileId, score: &Sp<Decimal>, what: &str) -> bool {
    let outside = score.value < Decimal::ZERO || score.value > Decimal::ONE;
    if outside {
        sink.report(
            file,
            score.span,
            format!("{what} {} lies outside 0..1", score.value),
            "scores lie between 0 and 1",
        );
    }
    outside
}

const LADDER_HELP: &str = "bands use all `at_most` (lower is better, bounds rising) or all `at_least` (higher is better, bounds falling), with scores in 0..1 that never rise";

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        let Some(scoring) = &kr.scoring else { continue };
        let file = set.file;
        let ladder = match &scoring.value {
            Scoring::Linear => continue,
            Scoring::Unknown { method: Some(method) } => {
                sink.report(
                    file,
                    scoring.span,
                    format!("unknown scoring method {}", quote(method)),
                    "use `linear` or `method: threshold` with `bands`",
                );
                continue;
            }
            Scoring::Unknown { method: None } => {
                sink.report(
                    file,
                    scoring.span,
                    "the scoring block has no `method`",
                    "add `method: threshold` (or `method: linear`)",
                );
                continue;
            }
            Scoring::Threshold(ladder) => ladder,
        };
        if ladder.bands.is_empty() {
            sink.report(
                file,
                ladder.bands_key.unwrap_or(scoring.span),
                "the threshold ladder has no bands",
                "add `bands:`, e.g. `- {at_most: 4, score: 1.0}`",
            );
            continue;
        }
        let kind = ladder.bands.iter().find_map(|b| b.bounds.first().map(|(k, _)| *k));
        let mut previous: Option<(Decimal, Decimal)> = None; // (bound, score)
        for band in &ladder.bands {
            let bound = match band.bounds.as_slice() {
                [] => {
                    sink.report(file, band.span, "this band has neither `at_most` nor `at_least`", LADDER_HELP);
                    None
                }
                [(k, bound)] if Some(*k) == kind => Some(bound),
                [(k, bound)] => {
                    sink.report(
                        file,
                        bound.span,
                        format!(
                            "this band uses `{}` while the ladder's first band uses `{}`",
                            k.key(),
                            kind.map_or("", BoundKind::key)
                        ),
                        LADDER_HELP,
                    );
                    None
                }
                [_, (_, second), ..] => {
                    sink.report(file, second.span, "this band has both `at_most` and `at_least`", LADDER_HELP);
                    None
                }
            };
            let Some(score) = &band.score else {
                sink.report(file, band.span, "this band has no `score`", "add `score:` between 0 and 1");
                continue;
            };
            report_out_of_range(sink, file, score, "band score");
            let Some(bound) = bound else { continue };
            if let Some((prev_bound, prev_score)) = previous {
                let ordered = match kind {
                    Some(BoundKind::AtMost) => bound.value > prev_bound,
                    _ => bound.value < prev_bound,
                };
                if !ordered {
                    let direction = if kind == Some(BoundKind::AtMost) { "rise" } else { "fall" };
                    sink.report(file, bound.span, format!("bound {} does not {direction} past the previous band's {prev_bound}: this band can never win", bound.value), LADDER_HELP);
                }
                if score.value > prev_score {
                    sink.report(
                        file,
                        score.span,
                        format!("score {} is higher than the previous band's {prev_score}", score.value),
                        "order bands from the best outcome (highest score) down",
                    );
                }
            }
            previous = Some((bound.value, score.value));
        }
        if let Some(otherwise) = &ladder.otherwise {
            if !report_out_of_range(sink, file, otherwise, "`otherwise`")
                && let Some((_, last)) = previous
                && otherwise.value > last
            {
                sink.report(
                    file,
                    otherwise.span,
                    format!("`otherwise` {} is higher than the last band's score {last}", otherwise.value),
                    "`otherwise` scores what no band holds: the worst outcome",
                );
            }
        }
        if let (Some(kind), Some(baseline), Some(target)) = (kind, &kr.baseline, &kr.target) {
            let (b, t) = (baseline.value.as_decimal(), target.value.as_decimal());
            let wrong = match kind {
                BoundKind::AtMost => t > b,
                BoundKind::AtLeast => t < b,
            };
            if wrong && let Some((_, first)) = ladder.bands.iter().find_map(|band| band.bounds.first()) {
                let (says, goes) = match kind {
                    BoundKind::AtMost => ("lower is better", "up"),
                    BoundKind::AtLeast => ("higher is better", "down"),
                };
                sink.report(
                    file,
                    first.span,
                    format!("the ladder uses `{}` ({says}) but baseline {b} → target {t} goes {goes}", kind.key()),
                    "use `at_least` for a metric that should rise and `at_most` for one that should fall",
                );
            }
        }
    }
}
