//! The project's scores at an as-of date, computed once from the joined
//! summaries (no document, no I/O): every set, objective and key result with
//! its score, status and check-in habits. `okrlint score` prints it; the
//! check-in rules that need scores (OKR608, OKR609, OKR611) read it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Bands, Periods, Plan, Reading, Status};
use crate::join::{CheckInAt, Join};
use crate::source::FileId;

/// How to score: the bands, the cadence period's length in days, the as-of date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub bands: Bands,
    pub period_days: i64,
    pub as_of: NaiveDate,
    /// An end-of-cycle report: a KR with a plan but no check-in by the as-of
    /// date scores 0.00 (no evidence) instead of having no score.
    pub no_evidence_scores_zero: bool,
}

pub struct Scorecard {
    pub settings: Settings,
    pub sets: Vec<SetCard>,
}

#[derive(Clone)]
pub struct SetCard {
    pub file: FileId,
    /// The cadence periods of a valid cycle.
    pub periods: Option<Periods>,
    pub score: Option<Decimal>,
    pub completion: Option<Decimal>,
    pub objectives: Vec<ObjectiveCard>,
}

#[derive(Clone)]
pub struct ObjectiveCard {
    pub index: u32,
    pub aspirational: bool,
    pub score: Option<Decimal>,
    /// Some KRs score, but their weighted mean is too large to compute (weights near the decimal limit).
    pub overflowed: bool,
    pub key_results: Vec<KrCard>,
}

#[derive(Clone)]
pub struct KrCard {
    pub index: u32,
    /// The check-in that counts at the as-of date (the latest on or before it).
    pub latest: Option<CheckInAt>,
    /// The team's own latest check-in with an actual (not a pulled one) up
    /// to the as-of date: the one the check-in habit rules judge (SPEC §7).
    pub latest_own: Option<CheckInAt>,
    pub actual: Option<Decimal>,
    /// Unrounded; `None` with no check-in (no data) or no valid plan.
    pub score: Option<Decimal>,
    pub confidence: Option<u8>,
    pub last_checkin: Option<NaiveDate>,
    pub trend: Vec<Decimal>,
    pub expected: Option<Decimal>,
    /// The forecast's score (unrounded), with three check-ins or more.
    pub forecast: Option<Decimal>,
    pub below_baseline: bool,
    /// Scored 0.00 for want of any check-in (end-of-cycle reports only).
    pub no_evidence: bool,
    /// Consecutive periods at risk (red and behind pace, SPEC §3.4) ending
    /// with the latest one, when two or more and no check-in since the first
    /// of them is escalated (OKR609).
    pub unescalated_red_periods: usize,
    /// The latest reading is at risk: red and behind its straight path at its date.
    pub at_risk: bool,
    pub weight: Decimal,
    /// It has a check-in and a plan but no score: its numbers are too large
    /// to compute with exactly (checked arithmetic overflowed).
    pub overflowed: bool,
}

impl KrCard {
    pub fn status(&self, bands: &Bands) -> Option<Status> {
        self.score.map(|s| super::status(s, bands))
    }

    /// `on-pace` or `behind`; none without a score.
    pub fn on_pace(&self) -> Option<bool> {
        Some(super::on_pace(self.score?, self.expected?))
    }
}

impl Scorecard {
    /// Scores the sets of the project that the run names or holds check-ins
    /// of (a set known only by its summary, with no log read, has nothing to
    /// score that a rule could report).
    pub fn build(join: &Join, settings: Settings) -> Scorecard {
        let sets = join
            .sets()
            .filter(|(file, _)| join.files[*file].reported || join.has_checkins(*file))
            .map(|(file, _)| set_card(join, file, &settings))
            .collect();
        Scorecard { settings, sets }
    }

    /// `build`, reusing the cards of `kept` whose inputs have not changed
    /// (an editor's workspace scores again after each edit: the sets whose
    /// summary, check-ins and logs are those they were scored from keep
    /// their cards). `kept` is updated to this scorecard.
    pub fn build_keeping(join: &Join, settings: Settings, kept: &mut KeptCards) -> Scorecard {
        if kept.settings != Some(settings) {
            kept.cards.clear();
            kept.settings = Some(settings);
        }
        let mut next = rustc_hash::FxHashMap::default();
        let sets = join
            .sets()
            .filter(|(file, _)| join.files[*file].reported || join.has_checkins(*file))
            .map(|(file, _)| {
                let inputs = CardInputs::of(join, file);
                let card = match kept.cards.remove(&file) {
                    Some((was, card)) if was == inputs => card,
                    _ => set_card(join, file, &settings),
                };
                next.insert(file, (inputs, card.clone()));
                card
            })
            .collect();
        kept.cards = next;
        Scorecard { settings, sets }
    }

    /// What could not be scored because its numbers are too large to compute
    /// with exactly, each named with a way to fix it (never a panic, never a wrong score).
    pub fn unscorable(&self, join: &Join) -> Vec<String> {
        let mut out = Vec::new();
        for set in &self.sets {
            for objective in set.objectives.iter().filter(|o| o.overflowed) {
                let name = join.ref_of(crate::join::Def::Objective { file: set.file, objective: objective.index });
                out.push(format!(
                    "{name}: cannot be scored: its key results' weights are too large to average exactly; use small weights such as 1, 2, 3"
                ));
            }
        }
        for (set, objective, kr) in self.key_results().filter(|(_, _, kr)| kr.overflowed) {
            let name = join.ref_of(crate::join::Def::Kr { file: set.file, objective: objective.index, kr: kr.index });
            out.push(format!(
                "{name}: cannot be scored: its baseline, target or actual is too large to compute with exactly; check the numbers"
            ));
        }
        out
    }

    /// Every KR card with its set and objective.
    pub fn key_results(&self) -> impl Iterator<Item = (&SetCard, &ObjectiveCard, &KrCard)> {
        self.sets
            .iter()
            .flat_map(|set| set.objectives.iter().flat_map(move |o| o.key_results.iter().map(move |kr| (set, o, kr))))
    }
}

/// The cards of a previous scorecard, with what each was made from (see `Scorecard::build_keeping`).
#[derive(Default)]
pub struct KeptCards {
    settings: Option<Settings>,
    cards: rustc_hash::FxHashMap<FileId, (CardInputs, SetCard)>,
}

/// Everything a set's card is made from: its summary, its KRs' check-ins,
/// and the summaries of the logs they are in. Summaries are held (not only
/// compared by address), so that a freed one's address is never mistaken
/// for a new one's.
struct CardInputs {
    summary: Option<std::sync::Arc<crate::load::Summary>>,
    checkins: Vec<CheckInAt>,
    logs: Vec<Option<std::sync::Arc<crate::load::Summary>>>,
}

impl CardInputs {
    fn of(join: &Join, file: FileId) -> CardInputs {
        let summary = join.files[file].summary.clone();
        let mut checkins = Vec::new();
        for ((_, o, k), _) in join.krs_of(file) {
            let of_kr = join.checkins_of((file, o, k));
            // Each KR's list ends with a mark, so that lists are told apart.
            checkins.extend_from_slice(of_kr);
            checkins.push(CheckInAt { file: usize::MAX, index: u32::MAX });
        }
        let mut log_files: Vec<FileId> = checkins.iter().map(|at| at.file).filter(|f| *f != usize::MAX).collect();
        log_files.sort_unstable();
        log_files.dedup();
        let logs = log_files.iter().map(|f| join.files[*f].summary.clone()).collect();
        CardInputs { summary, checkins, logs }
    }
}

impl PartialEq for CardInputs {
    fn eq(&self, other: &CardInputs) -> bool {
        let same = |a: &Option<std::sync::Arc<crate::load::Summary>>,
                    b: &Option<std::sync::Arc<crate::load::Summary>>| {
            match (a, b) {
                (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        };
        same(&self.summary, &other.summary)
            && self.checkins == other.checkins
            && self.logs.len() == other.logs.len()
            && self.logs.iter().zip(&other.logs).all(|(a, b)| same(a, b))
    }
}

fn set_card(join: &Join, file: FileId, settings: &Settings) -> SetCard {
    let set = join.set_summary(file);
    let periods = set.and_then(|s| s.cycle).map(|(start, end)| Periods { start, end, length: settings.period_days });
    let mut objectives = Vec::new();
    let mut dates: Vec<Vec<NaiveDate>> = Vec::new();
    for (o, objective) in set.map(|s| s.objectives.as_slice()).unwrap_or_default().iter().enumerate() {
        let o = crate::load::position(o);
        let mut key_results = Vec::with_capacity(objective.key_results.len());
        for (k, kr) in objective.key_results.iter().enumerate() {
            let k = crate::load::position(k);
            let checkins = join.checkins_of((file, o, k));
            // Check-in completion is the team's habit: pulled actuals do not count (SPEC §7).
            let own = checkins.iter().filter_map(|at| join.checkin(*at).filter(|c| !c.pulled));
            dates.push(own.filter_map(|c| Some(c.date.as_ref()?.value)).collect());
            let due = kr.due.or(periods.map(|p| p.end));
            key_results.push(kr_card(join, checkins, k, kr.plan.as_ref(), kr.weight, periods.as_ref(), due, settings));
        }
        let score = super::weighted_mean(key_results.iter().filter_map(|kr| kr.score.map(|s| (s, kr.weight))));
        let overflowed = score.is_none() && key_results.iter().any(|kr| kr.score.is_some());
        objectives.push(ObjectiveCard {
            index: o,
            aspirational: objective.aspirational,
            score,
            overflowed,
            key_results,
        });
    }
    let score = super::mean(objectives.iter().filter_map(|o| o.score));
    let completion = periods.and_then(|p| super::completion(&p, settings.as_of, dates.iter().map(Vec::as_slice)));
    SetCard { file, periods, score, completion, objectives }
}

#[allow(clippy::too_many_arguments)]
fn kr_card(
    join: &Join,
    checkins: &[CheckInAt],
    index: u32,
    plan: Option<&Plan>,
    weight: Option<Decimal>,
    periods: Option<&Periods>,
    due: Option<NaiveDate>,
    settings: &Settings,
) -> KrCard {
    let as_of = settings.as_of;
    let expected = periods.zip(due).map(|(p, due)| super::expected(p.start, due, as_of));
    let weight = weight.unwrap_or(Decimal::ONE);
    let no_evidence_score = (settings.no_evidence_scores_zero && plan.is_some()).then_some(Decimal::ZERO);
    // Most KRs of a large run have no check-in read: nothing more to work out.
    if checkins.is_empty() {
        return KrCard {
            index,
            latest: None,
            latest_own: None,
            actual: None,
            score: no_evidence_score,
            no_evidence: no_evidence_score.is_some(),
            confidence: None,
            last_checkin: None,
            trend: Vec::new(),
            expected,
            forecast: None,
            below_baseline: false,
            unescalated_red_periods: 0,
            at_risk: false,
            weight,
            overflowed: false,
        };
    }
    // (check-in, reading) up to the as-of date, in date order.
    let readings: Vec<(CheckInAt, Reading)> = checkins
        .iter()
        .filter_map(|at| {
            let c = join.checkin(*at)?;
            Some((*at, Reading { date: c.date.as_ref()?.value, actual: c.actual? }))
        })
        .filter(|(_, r)| r.date <= as_of)
        .collect();
    let latest = readings.last().copied();
    let latest_own = readings.iter().rev().map(|(at, _)| *at).find(|at| join.checkin(*at).is_some_and(|c| !c.pulled));
    let score = match latest {
        Some((_, r)) => plan.and_then(|plan| plan.score(r.actual)),
        None => no_evidence_score,
    };
    let plain: Vec<Reading> = readings.iter().map(|(_, r)| *r).collect();
    let trend = periods.map(|p| super::trend(p, &plain, as_of)).unwrap_or_default();
    let forecast = match (plan, periods, due) {
        (Some(plan), Some(p), Some(due)) => {
            super::forecast_actual(&plain, p.start, due).and_then(|actual| plan.score(actual))
        }
        _ => None,
    };
    let below_baseline = plan.zip(latest).is_some_and(|(plan, (_, r))| plan.below_baseline(r.actual));
    let unescalated_red_periods = match (plan, periods, due) {
        (Some(plan), Some(periods), Some(due)) => {
            red_streak(join, plan, periods, due, &readings, checkins, &settings.bands)
        }
        _ => 0,
    };
    let at_risk = match (plan, periods, due, latest) {
        (Some(plan), Some(periods), Some(due), Some((_, r))) => plan.at_risk(r, periods.start, due, &settings.bands),
        _ => false,
    };
    KrCard {
        index,
        latest: latest.map(|(at, _)| at),
        latest_own,
        actual: latest.map(|(_, r)| r.actual),
        confidence: latest_own.and_then(|at| join.checkin(at)?.confidence.as_ref().map(|c| c.value)),
        last_checkin: latest.map(|(_, r)| r.date),
        score,
        no_evidence: latest.is_none() && no_evidence_score.is_some(),
        trend,
        expected,
        forecast,
        below_baseline,
        unescalated_red_periods,
        at_risk,
        weight,
        overflowed: plan.is_some() && latest.is_some() && score.is_none(),
    }
}

/// The run of consecutive periods at risk (red and behind pace) that ends
/// with the latest check-in's period, when it is two or more long and no
/// check-in dated on or after the first such check-in of the run is
/// escalated; else 0.
fn red_streak(
    join: &Join,
    plan: &Plan,
    periods: &Periods,
    due: NaiveDate,
    readings: &[(CheckInAt, Reading)],
    checkins: &[CheckInAt],
    bands: &Bands,
) -> usize {
    // The last reading of each period, latest period first.
    let mut last_of_period: Vec<(usize, Reading)> = Vec::new();
    for (_, r) in readings.iter().rev() {
        let Some(k) = periods.of(r.date) else { continue };
        if last_of_period.last().is_none_or(|(held, _)| *held != k) {
            last_of_period.push((k, *r));
        }
    }
    let red = |r: &Reading| plan.at_risk(*r, periods.start, due, bands);
    let mut streak = 0;
    let mut first_red: Option<NaiveDate> = None;
    let mut expected_period: Option<usize> = None;
    for (k, r) in &last_of_period {
        if expected_period.is_some_and(|want| want != *k) || !red(r) {
            break;
        }
        streak += 1;
        first_red = Some(r.date);
        expected_period = k.checked_sub(1);
        if expected_period.is_none() {
            break;
        }
    }
    let escalated = first_red.is_some_and(|since| {
        checkins
            .iter()
            .filter_map(|at| join.checkin(*at))
            .any(|c| c.escalated.is_some() && c.date.as_ref().is_some_and(|d| d.value >= since))
    });
    if streak >= 2 && !escalated { streak } else { 0 }
}
