//! `okrlint score --format json` (SPEC §4), key for key, with `"version": 1`.
//! Numbers are the decimals as written (scores rounded to two decimals),
//! never passed through binary floating point.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::{ScoreReport, pace, rag};
use crate::score::round2;

fn decimal(value: Decimal) -> Value {
    // Exact: serde_json keeps a number's text (the `arbitrary_precision` feature).
    value.normalize().to_string().parse::<serde_json::Number>().map_or(Value::Null, Value::Number)
}

fn score(value: Option<Decimal>) -> Value {
    value.map_or(Value::Null, |v| decimal(round2(v)))
}

fn optional(value: Option<Decimal>) -> Value {
    value.map_or(Value::Null, decimal)
}

#[derive(Serialize)]
struct Output {
    version: u32,
    as_of: String,
    sets: Vec<SetOut>,
}

#[derive(Serialize)]
struct CycleOut {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct SetOut {
    id: String,
    cycle: Option<CycleOut>,
    score: Value,
    rag: &'static str,
    checkin_completion: Value,
    objectives: Vec<ObjectiveOut>,
}

#[derive(Serialize)]
struct ObjectiveOut {
    id: String,
    kind: &'static str,
    score: Value,
    rag: &'static str,
    key_results: Vec<KrOut>,
}

#[derive(Serialize)]
struct KrOut {
    #[serde(rename = "ref")]
    reference: String,
    owner: Option<String>,
    baseline: Value,
    target: Value,
    actual: Value,
    score: Value,
    rag: &'static str,
    confidence: Option<u8>,
    last_checkin: Option<String>,
    trend: Vec<Value>,
    expected: Value,
    pace: Option<&'static str>,
    forecast: Value,
    below_baseline: bool,
}

pub fn render(report: &ScoreReport) -> String {
    let sets = report
        .sets
        .iter()
        .map(|set| SetOut {
            id: set.id().to_string(),
            cycle: set.cycle().map(|(s, e)| CycleOut { start: s.to_string(), end: e.to_string() }),
            score: score(set.card.score),
            rag: rag(set.status),
            checkin_completion: optional(set.card.completion),
            objectives: set
                .objectives
                .iter()
                .map(|o| ObjectiveOut {
                    id: o.id().to_string(),
                    kind: if o.card.aspirational { "aspirational" } else { "committed" },
                    score: score(o.card.score),
                    rag: rag(o.status),
                    key_results: o
                        .key_results
                        .iter()
                        .map(|kr| KrOut {
                            reference: kr.reference.clone(),
                            owner: kr.owner().map(str::to_string),
                            baseline: optional(kr.baseline()),
                            target: optional(kr.target()),
                            actual: optional(kr.card.actual),
                            score: score(kr.card.score),
                            rag: rag(kr.status),
                            confidence: kr.card.confidence,
                            last_checkin: kr.card.last_checkin.map(|d| d.to_string()),
                            trend: kr.card.trend.iter().map(|t| decimal(*t)).collect(),
                            expected: optional(kr.card.expected),
                            pace: kr.card.on_pace().map(|p| pace(Some(p))),
                            forecast: score(kr.card.forecast),
                            below_baseline: kr.card.below_baseline,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let output = Output { version: 1, as_of: report.as_of.to_string(), sets };
    crate::render::safe::json_pretty(&output)
}
