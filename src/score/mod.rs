//! Scoring (SPEC §3): pure decimal arithmetic on the numbers as written, with
//! no I/O. Every operation is checked: a value that would overflow gives no
//! score (`None`), never a panic or a wrong number. `model::plan` validates a
//! scoring block; `kr` scores one key result from its check-ins; the roll-ups
//! and habits (completion, trend, pace, forecast) build on it.

pub mod card;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

pub use crate::model::plan::{Ladder, Method, Plan};

/// The RAG bands' upper bounds (`rag` in the configuration).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bands {
    pub red: Decimal,
    pub amber: Decimal,
    pub green: Decimal,
}

impl Default for Bands {
    fn default() -> Self {
        Bands { red: Decimal::new(30, 2), amber: Decimal::new(60, 2), green: Decimal::new(90, 2) }
    }
}

/// A score's colour: red ≤ red < amber ≤ amber < green ≤ green < stretch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    Red,
    Amber,
    Green,
    Stretch,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Red => "red",
            Status::Amber => "amber",
            Status::Green => "green",
            Status::Stretch => "stretch",
        }
    }
}

/// Rounds half away from zero to two decimals (0.605 → 0.61).
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A score as people read it: rounded, always two decimals ("0.60").
pub fn show(score: Decimal) -> String {
    format!("{:.2}", round2(score))
}

/// The band of a score, judged on its value rounded to two decimals.
pub fn status(score: Decimal, bands: &Bands) -> Status {
    let rounded = round2(score);
    if rounded <= bands.red {
        Status::Red
    } else if rounded <= bands.amber {
        Status::Amber
    } else if rounded <= bands.green {
        Status::Green
    } else {
        Status::Stretch
    }
}

/// Days from `from` to `to` (negative when `to` comes first); dates lie
/// within ±262,000 years, so the count always fits.
fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

fn clamp01(value: Decimal) -> Decimal {
    value.clamp(Decimal::ZERO, Decimal::ONE)
}

/// `(actual − baseline) / (target − baseline)`, clamped to [0, 1]; for
/// metrics that fall as for ones that rise. `None` when target equals
/// baseline or the arithmetic would overflow.
pub fn linear(baseline: Decimal, target: Decimal, actual: Decimal) -> Option<Decimal> {
    let span = target.checked_sub(baseline)?;
    if span.is_zero() {
        return None;
    }
    let moved = actual.checked_sub(baseline)?;
    match moved.checked_div(span) {
        Some(ratio) => Some(clamp01(ratio)),
        // A quotient too large to hold is far outside [0, 1]: its sign says which end.
        None => Some(if moved.is_sign_negative() == span.is_sign_negative() { Decimal::ONE } else { Decimal::ZERO }),
    }
}

/// The score of the first band that holds, else `otherwise`.
pub fn ladder(ladder: &Ladder, actual: Decimal) -> Decimal {
    ladder
        .bands
        .iter()
        .find(|(bound, _)| if ladder.at_most { actual <= *bound } else { actual >= *bound })
        .map_or(ladder.otherwise, |(_, score)| *score)
}

impl Plan {
    /// The score a KR on its straight path is expected to have on `date`
    /// (SPEC §3.4): the share of the way from `start` to `due`; for a
    /// threshold ladder, the ladder's score of the value on the straight
    /// line from baseline to target that day.
    pub fn expected_at(&self, start: NaiveDate, due: NaiveDate, date: NaiveDate) -> Option<Decimal> {
        let share = expected(start, due, date);
        match &self.method {
            Method::Linear => Some(share),
            Method::Ladder(l) => {
                let value = self.target.checked_sub(self.baseline)?.checked_mul(share)?.checked_add(self.baseline)?;
                Some(round2(ladder(l, value)))
            }
        }
    }

    /// Whether a reading is at risk (SPEC §3.4): its score is red and behind
    /// its straight path at its own date (score < expected − 0.10). A red
    /// score early in a cycle, while nothing is expected to have moved, is not.
    pub fn at_risk(&self, reading: Reading, start: NaiveDate, due: NaiveDate, bands: &Bands) -> bool {
        let Some(score) = self.score(reading.actual) else { return false };
        let Some(expected) = self.expected_at(start, due, reading.date) else { return false };
        status(score, bands) == Status::Red && !on_pace(score, expected)
    }

    /// The unrounded score of `actual`, or `None` when it cannot be computed.
    pub fn score(&self, actual: Decimal) -> Option<Decimal> {
        match &self.method {
            Method::Linear => linear(self.baseline, self.target, actual),
            Method::Ladder(l) => Some(ladder(l, actual)),
        }
    }

    /// Whether `actual` lies on the wrong side of the baseline (worse than
    /// where the cycle started); the clamp would hide it.
    pub fn below_baseline(&self, actual: Decimal) -> bool {
        if self.target >= self.baseline { actual < self.baseline } else { actual > self.baseline }
    }
}

/// One check-in as scoring sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub date: NaiveDate,
    pub actual: Decimal,
}

/// The reading that counts at `as_of`: the latest dated on or before it (the
/// last of that date in the order given, when a date repeats).
pub fn current(readings: &[Reading], as_of: NaiveDate) -> Option<Reading> {
    readings.iter().filter(|r| r.date <= as_of).fold(None, |best: Option<Reading>, r| match best {
        Some(b) if b.date > r.date => Some(b),
        _ => Some(*r),
    })
}

/// The weighted mean of `(score, weight)` pairs; `None` when empty, when the
/// weights sum to zero, or on overflow. Taken over unrounded scores.
pub fn weighted_mean(scores: impl IntoIterator<Item = (Decimal, Decimal)>) -> Option<Decimal> {
    let (mut total, mut weights) = (Decimal::ZERO, Decimal::ZERO);
    for (score, weight) in scores {
        total = total.checked_add(score.checked_mul(weight)?)?;
        weights = weights.checked_add(weight)?;
    }
    if weights.is_zero() { None } else { total.checked_div(weights) }
}

/// The plain mean; `None` when empty.
pub fn mean(scores: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    weighted_mean(scores.into_iter().map(|s| (s, Decimal::ONE)))
}

/// The cadence periods of a cycle (SPEC §3.4): windows of `length` days from
/// the cycle start; period k is [start + length·k, start + length·k + length − 1].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Periods {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub length: i64,
}

impl Periods {
    /// The period `date` falls in, if it lies within the cycle.
    pub fn of(&self, date: NaiveDate) -> Option<usize> {
        let days = days_between(self.start, date);
        if days < 0 || date > self.end {
            return None;
        }
        let k = usize::try_from(days.checked_div(self.length)?).ok()?;
        Some(k.min(self.count().checked_sub(1)?))
    }

    /// How many periods the cycle has: whole windows of `length` days from
    /// its start, a last window shorter than a period joined to the one
    /// before it (SPEC §3.4: a 92-day quarter has 13 weeks, the last of 8
    /// days), and one period for a cycle shorter than a period.
    pub fn count(&self) -> usize {
        let days = days_between(self.start, self.end);
        if days < 0 {
            return 0;
        }
        let total = days.saturating_add(1);
        let whole = total.checked_div(self.length).unwrap_or(0).max(1);
        usize::try_from(whole).unwrap_or(0)
    }

    pub fn first_day_of(&self, k: usize) -> NaiveDate {
        let offset = i64::try_from(k).unwrap_or(i64::MAX).saturating_mul(self.length);
        self.start.checked_add_signed(chrono::TimeDelta::days(offset)).unwrap_or(NaiveDate::MAX)
    }

    /// A period's last day: the cycle's end for the last one.
    pub fn last_day_of(&self, k: usize) -> NaiveDate {
        if k.saturating_add(1) >= self.count() {
            return self.end;
        }
        self.first_day_of(k)
            .checked_add_signed(chrono::TimeDelta::days(self.length.saturating_sub(1)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// How many periods are completed at `as_of`: their last day is before it.
    pub fn completed(&self, as_of: NaiveDate) -> usize {
        (0..self.count()).take_while(|&k| self.last_day_of(k) < as_of).count()
    }
}

/// Pooled check-in completion of a set: the share of (KR, completed period)
/// pairs with at least one check-in, rounded to two decimals; `None` before
/// the first period completes or with no KR. `dates` holds each KR's
/// check-in dates.
pub fn completion<'a>(
    periods: &Periods,
    as_of: NaiveDate,
    dates: impl IntoIterator<Item = &'a [NaiveDate]>,
) -> Option<Decimal> {
    let completed = periods.completed(as_of);
    if completed == 0 {
        return None;
    }
    let (mut done, mut pairs) = (0u64, 0u64);
    for kr in dates {
        let mut seen = vec![false; completed];
        for date in kr {
            if let Some(k) = periods.of(*date).filter(|&k| k < completed) {
                seen[k] = true;
            }
        }
        done = done.saturating_add(seen.iter().filter(|s| **s).count() as u64);
        pairs = pairs.saturating_add(completed as u64);
    }
    if pairs == 0 {
        return None;
    }
    Some(round2(Decimal::from(done).checked_div(Decimal::from(pairs))?))
}

/// The trend: the last actual of each period that has one (latest by date;
/// among equal dates, the last given), oldest first, up to `as_of`.
pub fn trend(periods: &Periods, readings: &[Reading], as_of: NaiveDate) -> Vec<Decimal> {
    let mut last: Vec<Option<Reading>> = vec![None; periods.count()];
    for r in readings.iter().filter(|r| r.date <= as_of) {
        let Some(k) = periods.of(r.date) else { continue };
        if last[k].is_none_or(|held| held.date <= r.date) {
            last[k] = Some(*r);
        }
    }
    last.into_iter().flatten().map(|r| r.actual).collect()
}

/// The score a KR on a straight path would have at `as_of`:
/// clamp((as_of − start) / (due − start), 0, 1), rounded to two decimals.
pub fn expected(start: NaiveDate, due: NaiveDate, as_of: NaiveDate) -> Decimal {
    let total = days_between(start, due);
    let gone = days_between(start, as_of);
    if total <= 0 {
        return if gone >= total { Decimal::ONE } else { Decimal::ZERO };
    }
    round2(clamp01(Decimal::from(gone).checked_div(Decimal::from(total)).unwrap_or(Decimal::ZERO)))
}

/// Whether a KR is on pace: its (rounded) score at least expected − 0.10.
pub fn on_pace(score: Decimal, expected: Decimal) -> bool {
    round2(score) >= expected.saturating_sub(Decimal::new(10, 2))
}

/// A least-squares line through the readings (days since `start` → actual),
/// evaluated at `due`; `None` with fewer than three readings, when all share
/// one date, or on overflow.
pub fn forecast_actual(readings: &[Reading], start: NaiveDate, due: NaiveDate) -> Option<Decimal> {
    if readings.len() < 3 {
        return None;
    }
    let n = Decimal::from(readings.len() as u64);
    let (mut sx, mut sy, mut sxx, mut sxy) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for r in readings {
        let x = Decimal::from(days_between(start, r.date));
        sx = sx.checked_add(x)?;
        sy = sy.checked_add(r.actual)?;
        sxx = sxx.checked_add(x.checked_mul(x)?)?;
        sxy = sxy.checked_add(x.checked_mul(r.actual)?)?;
    }
    let denominator = n.checked_mul(sxx)?.checked_sub(sx.checked_mul(sx)?)?;
    if denominator.is_zero() {
        return None;
    }
    let slope = n.checked_mul(sxy)?.checked_sub(sx.checked_mul(sy)?)?.checked_div(denominator)?;
    let intercept = sy.checked_sub(slope.checked_mul(sx)?)?.checked_div(n)?;
    let at = Decimal::from(days_between(start, due));
    intercept.checked_add(slope.checked_mul(at)?)
}

/// A committed objective that ends below 1.00 missed its commitment.
pub fn missed_commitment(score: Decimal) -> bool {
    round2(score) < Decimal::ONE
}

/// An aspirational objective at 0.70 or above succeeded.
pub fn aspiration_met(score: Decimal) -> bool {
    round2(score) >= Decimal::new(70, 2)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests;
