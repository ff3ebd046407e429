//! A key result's scoring plan: baseline, target and method, validated —
//! linear, or a threshold ladder that holds together (SPEC §3.2). The one
//! validator: loading keeps the plan in a KR's summary, OKR205 reports its
//! problems, and the scorer (`score`, which does the arithmetic) scores
//! only what it accepts.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::diagnostic::quote;
use crate::model::{BoundKind, Scoring, Sp};
use crate::source::Span;

/// How a key result is scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Method {
    Linear,
    Ladder(Ladder),
}

/// A threshold ladder that holds together: the first band that holds wins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ladder {
    /// Whether bounds are upper bounds (`at_most`, lower is better).
    pub at_most: bool,
    /// (bound, score), in the order written.
    pub bands: Vec<(Decimal, Decimal)>,
    pub otherwise: Decimal,
}

/// What scoring a key result needs from its set file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub baseline: Decimal,
    pub target: Decimal,
    pub method: Method,
}

/// Something wrong with a scoring block, where it is and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub help: String,
}

const LADDER_HELP: &str = "bands use all `at_most` (lower is better, bounds rising) or all `at_least` (higher is better, bounds falling), with scores in 0..1 that never rise";

/// The method `scoring` describes (linear when absent), or what is wrong
/// with it. `baseline` and `target` give the direction a ladder must agree with.
pub fn method(
    scoring: Option<&Sp<Scoring>>,
    baseline: Option<Decimal>,
    target: Option<Decimal>,
) -> Result<Method, Vec<Problem>> {
    let Some(scoring) = scoring else { return Ok(Method::Linear) };
    let mut problems = Vec::new();
    let mut report = |span: Span, message: String, help: &str| {
        problems.push(Problem { span, message, help: help.to_string() });
    };
    let ladder = match &scoring.value {
        Scoring::Linear => return Ok(Method::Linear),
        Scoring::Unknown { method: Some(method) } => {
            report(
                scoring.span,
                format!("unknown scoring method {}", quote(method)),
                "use `linear` or `method: threshold` with `bands`",
            );
            return Err(problems);
        }
        Scoring::Unknown { method: None } => {
            report(
                scoring.span,
                "the scoring block has no `method`".into(),
                "add `method: threshold` (or `method: linear`)",
            );
            return Err(problems);
        }
        Scoring::Threshold(ladder) => ladder,
    };
    if ladder.bands.is_empty() {
        report(
            ladder.bands_key.unwrap_or(scoring.span),
            "the threshold ladder has no bands".into(),
            "add `bands:`, e.g. `- {at_most: 4, score: 1.0}`",
        );
        return Err(problems);
    }
    let out_of_range = |score: &Sp<Decimal>| score.value < Decimal::ZERO || score.value > Decimal::ONE;
    let kind = ladder.bands.iter().find_map(|b| b.bounds.first().map(|(k, _)| *k));
    let mut bands = Vec::with_capacity(ladder.bands.len());
    let mut previous: Option<(Decimal, Decimal)> = None; // (bound, score)
    for band in &ladder.bands {
        let bound = match band.bounds.as_slice() {
            [] => {
                report(band.span, "this band has neither `at_most` nor `at_least`".into(), LADDER_HELP);
                None
            }
            [(k, bound)] if Some(*k) == kind => Some(bound),
            [(k, bound)] => {
                report(
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
                report(second.span, "this band has both `at_most` and `at_least`".into(), LADDER_HELP);
                None
            }
        };
        let Some(score) = &band.score else {
            report(band.span, "this band has no `score`".into(), "add `score:` between 0 and 1");
            continue;
        };
        if out_of_range(score) {
            report(score.span, format!("band score {} lies outside 0..1", score.value), "scores lie between 0 and 1");
        }
        let Some(bound) = bound else { continue };
        if let Some((prev_bound, prev_score)) = previous {
            let ordered = match kind {
                Some(BoundKind::AtMost) => bound.value > prev_bound,
                _ => bound.value < prev_bound,
            };
            if !ordered {
                let direction = if kind == Some(BoundKind::AtMost) { "rise" } else { "fall" };
                report(
                    bound.span,
                    format!(
                        "bound {} does not {direction} past the previous band's {prev_bound}: this band can never win",
                        bound.value
                    ),
                    LADDER_HELP,
                );
            }
            if score.value > prev_score {
                report(
                    score.span,
                    format!("score {} is higher than the previous band's {prev_score}", score.value),
                    "order bands from the best outcome (highest score) down",
                );
            }
        }
        previous = Some((bound.value, score.value));
        bands.push((bound.value, score.value));
    }
    let mut otherwise = Decimal::ZERO;
    if let Some(written) = &ladder.otherwise {
        otherwise = written.value;
        if out_of_range(written) {
            report(
                written.span,
                format!("`otherwise` {} lies outside 0..1", written.value),
                "scores lie between 0 and 1",
            );
        } else if let Some((_, last)) = previous
            && written.value > last
        {
            report(
                written.span,
                format!("`otherwise` {} is higher than the last band's score {last}", written.value),
                "`otherwise` scores what no band holds: the worst outcome",
            );
        }
    }
    if let (Some(kind), Some(b), Some(t)) = (kind, baseline, target) {
        let wrong = match kind {
            BoundKind::AtMost => t > b,
            BoundKind::AtLeast => t < b,
        };
        if wrong && let Some((_, first)) = ladder.bands.iter().find_map(|band| band.bounds.first()) {
            let (says, goes) = match kind {
                BoundKind::AtMost => ("lower is better", "up"),
                BoundKind::AtLeast => ("higher is better", "down"),
            };
            report(
                first.span,
                format!("the ladder uses `{}` ({says}) but baseline {b} → target {t} goes {goes}", kind.key()),
                "use `at_least` for a metric that should rise and `at_most` for one that should fall",
            );
        }
    }
    if problems.is_empty() {
        Ok(Method::Ladder(Ladder { at_most: kind == Some(BoundKind::AtMost), bands, otherwise }))
    } else {
        Err(problems)
    }
}
