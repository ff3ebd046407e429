//! `okrlint score` outputs. `ScoreReport` is what every format shows: the
//! scorecard's sets, objectives and key results, filtered and named; each
//! row borrows its card and summary rather than copying them, and each
//! module renders it one way.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod table;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::config::Scale;
use crate::load::{KrSummary, ObjectiveSummary, SetSummary};
use crate::score::card::{KrCard, ObjectiveCard, SetCard};
use crate::score::{Status, round2};

pub struct ScoreReport<'a> {
    pub as_of: NaiveDate,
    pub scale: Scale,
    pub sets: Vec<SetRow<'a>>,
}

/// A set as shown: its scorecard and summary, borrowed, and its status.
pub struct SetRow<'a> {
    pub card: &'a SetCard,
    pub written: &'a SetSummary,
    pub status: Option<Status>,
    pub objectives: Vec<ObjectiveRow<'a>>,
}

impl SetRow<'_> {
    pub fn id(&self) -> &str {
        &self.written.id.value
    }
    pub fn cycle(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.written.cycle
    }
}

pub struct ObjectiveRow<'a> {
    pub card: &'a ObjectiveCard,
    pub written: &'a ObjectiveSummary,
    pub status: Option<Status>,
    pub key_results: Vec<KrRow<'a>>,
}

impl ObjectiveRow<'_> {
    /// The objective's id as written (`?` without one).
    pub fn id(&self) -> &str {
        self.written.id.as_ref().map_or("?", |i| i.value.as_str())
    }
}

pub struct KrRow<'a> {
    /// `set/objective/kr`.
    pub reference: String,
    pub card: &'a KrCard,
    pub written: &'a KrSummary,
    pub status: Option<Status>,
}

impl KrRow<'_> {
    /// The KR's own id (`?` without one).
    pub fn id(&self) -> &str {
        self.written.id.as_ref().map_or("?", |i| i.value.as_str())
    }
    pub fn owner(&self) -> Option<&str> {
        self.written.owner.as_deref()
    }
    pub fn baseline(&self) -> Option<Decimal> {
        self.written.plan.as_ref().map(|p| p.baseline)
    }
    pub fn target(&self) -> Option<Decimal> {
        self.written.plan.as_ref().map(|p| p.target)
    }
}

/// The status as written in every format: `no-data` without a score.
pub fn rag(status: Option<Status>) -> &'static str {
    status.map_or("no-data", Status::as_str)
}

pub fn pace(on_pace: Option<bool>) -> &'static str {
    match on_pace {
        Some(true) => "on-pace",
        Some(false) => "behind",
        None => "",
    }
}

/// A score for people: two decimals, or a percentage with `scale: percent`.
pub fn shown(score: Option<Decimal>, scale: Scale) -> String {
    match (score, scale) {
        (None, _) => "–".into(),
        (Some(s), Scale::Fraction) => format!("{:.2}", round2(s)),
        (Some(s), Scale::Percent) => {
            let percent = round2(s).checked_mul(Decimal::ONE_HUNDRED).unwrap_or_default();
            format!("{}%", percent.normalize())
        }
    }
}

/// A number as written, without trailing zeros ("2.50" is 2.5).
pub fn number(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A sparkline of the trend, lowest value to highest.
pub fn sparkline(trend: &[Decimal]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (Some(min), Some(max)) = (trend.iter().min(), trend.iter().max()) else { return String::new() };
    let range = max.checked_sub(*min).unwrap_or_default();
    trend
        .iter()
        .map(|v| {
            if range.is_zero() {
                return BARS[3];
            }
            let step = v
                .checked_sub(*min)
                .and_then(|d| d.checked_mul(Decimal::from(7)))
                .and_then(|d| d.checked_div(range))
                .and_then(|d| usize::try_from(d.round().mantissa()).ok())
                .unwrap_or(0);
            BARS[step.min(7)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_and_scales() {
        let d = |s: &str| Decimal::from_str_exact(s).expect("decimal");
        assert_eq!(sparkline(&[d("3"), d("2.5"), d("2")]), "█▅▁");
        assert_eq!(sparkline(&[d("1"), d("1")]), "▄▄");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(shown(Some(d("0.605")), Scale::Fraction), "0.61");
        assert_eq!(shown(Some(d("0.6")), Scale::Percent), "60%");
        assert_eq!(shown(None, Scale::Percent), "–");
        assert_eq!(number(d("2.50")), "2.5");
    }
}
