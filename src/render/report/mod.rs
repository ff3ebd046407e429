//! `okrlint report` outputs: the end-of-cycle report. `Report` is what every
//! format shows (the JSON is it, field for field); each module renders it one
//! way. The alignment map is a tree of objectives, company ones at the top;
//! Markdown and HTML show it collapsed (`visible`), JSON whole.

pub mod html;
pub mod json;
pub mod markdown;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::score::{Status, round2};

/// The share of (KR, period) pairs with a check-in the playbook asks for.
pub const COMPLETION_GOAL: Decimal = Decimal::from_parts(90, 0, 0, false, 2);

#[derive(Serialize)]
pub struct Report<'a> {
    pub version: u32,
    pub as_of: NaiveDate,
    pub totals: Totals,
    /// Company objectives (and objectives aligned to nothing in the report) at the top.
    pub alignment: Vec<MapNode<'a>>,
    pub sets: Vec<SetReport<'a>>,
}

/// Counts over every set of the report.
#[derive(Default, Serialize)]
pub struct Totals {
    pub sets: usize,
    /// Sets whose cycle has ended at the as-of date.
    pub sets_ended: usize,
    pub objectives: usize,
    pub committed: usize,
    pub committed_missed: usize,
    /// Committed objectives of ended cycles scored 1.00.
    pub committed_delivered: usize,
    pub aspirational: usize,
    pub aspirational_succeeded: usize,
    /// Objectives of running cycles on track (none of their key results at risk).
    pub on_track: usize,
    /// Objectives of running cycles with a key result at risk (red and behind pace).
    pub at_risk: usize,
    pub key_results: usize,
    /// Key results scored 0.00 for want of any check-in.
    pub no_evidence: usize,
    pub red: usize,
    pub red_escalated: usize,
    /// Key results without a learning in sets whose cycle has ended.
    pub missing_learnings: usize,
}

#[derive(Serialize)]
pub struct Cycle {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Serialize)]
pub struct SetReport<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub level: &'static str,
    pub file: &'a str,
    pub cycle: Option<Cycle>,
    /// The as-of date is after the cycle's last day: scores and verdicts are final.
    pub ended: bool,
    #[serde(serialize_with = "score")]
    pub score: Option<Decimal>,
    #[serde(serialize_with = "rag")]
    pub rag: Option<Status>,
    #[serde(serialize_with = "exact")]
    pub checkin_completion: Option<Decimal>,
    /// Completion reached the 90 % habit; none before the first period ends.
    pub completion_goal_met: Option<bool>,
    pub objectives: Vec<ObjectiveReport<'a>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Committed, scored 1.00.
    Delivered,
    /// Committed, below 1.00.
    Missed,
    /// Aspirational, 0.70 or more.
    Succeeded,
    /// Aspirational, below 0.70.
    FellShort,
    /// No key result could be scored (no plan).
    NoData,
    /// The cycle still runs and no key result is at risk.
    OnTrack,
    /// The cycle still runs and a key result is at risk (red and behind pace).
    AtRisk,
}

impl ObjectiveReport<'_> {
    /// The verdict as shown, with the forecast beside an on-track or at-risk one.
    pub fn verdict_text(&self) -> String {
        match (self.verdict, self.forecast) {
            (Verdict::OnTrack | Verdict::AtRisk, Some(f)) => {
                format!("{} (forecast {})", self.verdict.as_str(), crate::score::show(f))
            }
            _ => self.verdict.as_str().to_string(),
        }
    }
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Delivered => "delivered",
            Verdict::Missed => "missed commitment",
            Verdict::Succeeded => "succeeded",
            Verdict::FellShort => "fell short",
            Verdict::NoData => "no data",
            Verdict::OnTrack => "on track",
            Verdict::AtRisk => "at risk",
        }
    }

    pub fn of(aspirational: bool, score: Option<Decimal>) -> Verdict {
        match (aspirational, score) {
            (_, None) => Verdict::NoData,
            (false, Some(s)) if crate::score::missed_commitment(s) => Verdict::Missed,
            (false, Some(_)) => Verdict::Delivered,
            (true, Some(s)) if crate::score::aspiration_met(s) => Verdict::Succeeded,
            (true, Some(_)) => Verdict::FellShort,
        }
    }
}

#[derive(Serialize)]
pub struct ObjectiveReport<'a> {
    #[serde(rename = "ref")]
    pub reference: String,
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub owner: Option<String>,
    pub kind: &'static str,
    #[serde(serialize_with = "score")]
    pub score: Option<Decimal>,
    #[serde(serialize_with = "rag")]
    pub rag: Option<Status>,
    pub verdict: Verdict,
    /// While its cycle runs: the weighted mean of its key results' forecasts,
    /// when every scored key result has one.
    #[serde(serialize_with = "score")]
    pub forecast: Option<Decimal>,
    /// The objective or KR it aligns to (its own `aligns_to`, else its first KR's `contributes_to`), resolved.
    pub aligns_to: Option<String>,
    pub key_results: Vec<KrReport<'a>>,
}

#[derive(Serialize)]
pub struct KrReport<'a> {
    #[serde(rename = "ref")]
    pub reference: String,
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub owner: Option<String>,
    pub unit: Option<&'a str>,
    #[serde(serialize_with = "exact")]
    pub baseline: Option<Decimal>,
    #[serde(serialize_with = "exact")]
    pub target: Option<Decimal>,
    pub due: Option<NaiveDate>,
    #[serde(serialize_with = "exact")]
    pub actual: Option<Decimal>,
    #[serde(serialize_with = "score")]
    pub score: Option<Decimal>,
    #[serde(serialize_with = "rag")]
    pub rag: Option<Status>,
    /// No check-in by the as-of date: scored 0.00 for want of evidence.
    pub no_evidence: bool,
    pub checkins: usize,
    pub last_checkin: Option<NaiveDate>,
    /// The first and the latest confidence recorded (1..5).
    pub confidence_start: Option<u8>,
    pub confidence_end: Option<u8>,
    #[serde(serialize_with = "score")]
    pub expected: Option<Decimal>,
    /// The forecast's score at the due date (three check-ins or more).
    #[serde(serialize_with = "score")]
    pub forecast: Option<Decimal>,
    pub below_baseline: bool,
    /// Red at the as-of date.
    pub red: bool,
    /// The latest `escalated` date among its check-ins.
    pub escalated: Option<NaiveDate>,
    /// The latest check-in asks for help.
    pub help_needed: bool,
    pub learning: Option<&'a str>,
    pub dependencies: Vec<DependencyReport<'a>>,
    /// Every check-in up to the as-of date, in date order (the trend chart).
    pub readings: Vec<ReadingReport>,
}

#[derive(Serialize)]
pub struct ReadingReport {
    pub date: NaiveDate,
    #[serde(serialize_with = "exact_one")]
    pub actual: Decimal,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyState {
    /// No owner, deliverable or due date (OKR502): nobody has committed to it.
    Incomplete,
    /// Due after the KR it serves (its due date, else the cycle end).
    Late,
    /// Due after the as-of date.
    Upcoming,
    /// Its due date has passed: ask its owner whether it landed.
    DuePassed,
}

impl DependencyState {
    pub fn as_str(self) -> &'static str {
        match self {
            DependencyState::Incomplete => "incomplete: no owner, deliverable or due date",
            DependencyState::Late => "late: due after the key result",
            DependencyState::Upcoming => "upcoming",
            DependencyState::DuePassed => "due date passed",
        }
    }
}

#[derive(Serialize)]
pub struct DependencyReport<'a> {
    pub team: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub deliverable: Option<&'a str>,
    pub due: Option<NaiveDate>,
    pub state: DependencyState,
}

/// What a reader should notice about a key result, in the order shown.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Note {
    NoEvidence,
    RedEscalated(NaiveDate),
    RedNotEscalated,
    HelpAsked,
    BelowBaseline,
    NotScored,
}

impl Note {
    pub fn text(self) -> String {
        match self {
            Note::NoEvidence => "no check-in: scored 0.00".into(),
            Note::RedEscalated(date) => format!("red, escalated {date}"),
            Note::RedNotEscalated => "red, not escalated".into(),
            Note::HelpAsked => "help asked".into(),
            Note::BelowBaseline => "below baseline".into(),
            Note::NotScored => "no valid baseline/target: not scored".into(),
        }
    }

    /// Something to act on (shown as a warning where the format can).
    pub fn is_warning(self) -> bool {
        matches!(self, Note::NoEvidence | Note::RedNotEscalated)
    }
}

impl KrReport<'_> {
    pub fn notes(&self) -> Vec<Note> {
        let mut notes = Vec::new();
        if self.no_evidence {
            notes.push(Note::NoEvidence);
        }
        if self.red {
            notes.push(self.escalated.map_or(Note::RedNotEscalated, Note::RedEscalated));
        }
        if self.help_needed {
            notes.push(Note::HelpAsked);
        }
        if self.below_baseline {
            notes.push(Note::BelowBaseline);
        }
        if self.score.is_none() {
            notes.push(Note::NotScored);
        }
        notes
    }
}

impl Report<'_> {
    /// Every objective of every set, in report order.
    pub fn objectives(&self) -> impl Iterator<Item = &ObjectiveReport<'_>> {
        self.sets.iter().flat_map(|s| &s.objectives)
    }

    /// The key results without a learning in sets whose cycle has ended.
    pub fn missing_learnings(&self) -> Vec<&str> {
        self.sets
            .iter()
            .filter(|s| s.ended)
            .flat_map(|s| &s.objectives)
            .flat_map(|o| &o.key_results)
            .filter(|k| k.learning.is_none())
            .map(|k| k.reference.as_str())
            .collect()
    }
}

/// An objective in the alignment map.
#[derive(Serialize)]
pub struct MapNode<'a> {
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: Option<&'a str>,
    pub level: &'static str,
    #[serde(serialize_with = "score")]
    pub score: Option<Decimal>,
    #[serde(serialize_with = "rag")]
    pub rag: Option<Status>,
    pub children: Vec<MapNode<'a>>,
}

impl MapNode<'_> {
    /// This node and everything beneath it.
    pub fn size(&self) -> usize {
        1 + self.children.iter().map(MapNode::size).sum::<usize>()
    }
}

/// How much of the alignment map Markdown and HTML show: levels below the
/// third are folded into their parent, and a node shows its first children
/// only; what is folded is counted by colour.
pub const MAP_DEPTH: usize = 3;
pub const MAP_CHILDREN: usize = 12;

/// What a folded part of the map holds, by colour.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Folded {
    pub objectives: usize,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub stretch: usize,
    pub no_data: usize,
}

impl Folded {
    fn add(&mut self, node: &MapNode) {
        self.objectives += 1;
        match node.rag {
            Some(Status::Red) => self.red += 1,
            Some(Status::Amber) => self.amber += 1,
            Some(Status::Green) => self.green += 1,
            Some(Status::Stretch) => self.stretch += 1,
            None => self.no_data += 1,
        }
        for child in &node.children {
            self.add(child);
        }
    }

    /// "27 objectives: 20 green, 5 amber, 2 red".
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.stretch, "stretch"),
            (self.green, "green"),
            (self.amber, "amber"),
            (self.red, "red"),
            (self.no_data, "no data"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
        let noun = if self.objectives == 1 { "objective" } else { "objectives" };
        format!("{} more {noun}: {}", self.objectives, parts.join(", "))
    }
}

/// The children a node shows at `depth` (0 for a root), and what is folded.
pub fn visible<'n, 'a>(node: &'n MapNode<'a>, depth: usize) -> (&'n [MapNode<'a>], Option<Folded>) {
    let shown: &[MapNode] =
        if depth + 1 >= MAP_DEPTH { &[] } else { &node.children[..node.children.len().min(MAP_CHILDREN)] };
    let mut folded = Folded::default();
    for child in &node.children[shown.len()..] {
        folded.add(child);
    }
    (shown, (folded.objectives > 0).then_some(folded))
}

/// The roots the map shows, and what is folded at the top.
pub fn visible_roots<'n, 'a>(roots: &'n [MapNode<'a>]) -> (&'n [MapNode<'a>], Option<Folded>) {
    const ROOTS: usize = 40;
    let shown = &roots[..roots.len().min(ROOTS)];
    let mut folded = Folded::default();
    for node in &roots[shown.len()..] {
        folded.add(node);
    }
    (shown, (folded.objectives > 0).then_some(folded))
}

/// Whether `visible` hides anything anywhere in the map.
pub fn map_is_folded(roots: &[MapNode]) -> bool {
    fn walk(node: &MapNode, depth: usize) -> bool {
        let (shown, folded) = visible(node, depth);
        folded.is_some() || shown.iter().any(|c| walk(c, depth + 1))
    }
    let (shown, folded) = visible_roots(roots);
    folded.is_some() || shown.iter().any(|n| walk(n, 0))
}

impl Report<'_> {
    /// Why the figures may still change, when a set's cycle is still running.
    pub fn provisional(&self) -> Option<String> {
        let t = &self.totals;
        let running = t.sets.saturating_sub(t.sets_ended);
        (running > 0).then(|| {
            format!(
                "the cycle of {running} of {} set(s) has not ended on {}; their scores and verdicts may still change.",
                t.sets, self.as_of
            )
        })
    }
}

impl SetReport<'_> {
    /// "2026-01-01 – 2026-03-31 (running)".
    pub fn cycle_text(&self) -> String {
        match &self.cycle {
            Some(c) => format!("{} – {} ({})", c.start, c.end, if self.ended { "ended" } else { "running" }),
            None => "–".into(),
        }
    }
}

impl KrReport<'_> {
    /// Confidence at the first and the latest check-in: "3 → 4".
    pub fn confidence_text(&self) -> String {
        match (self.confidence_start, self.confidence_end) {
            (Some(a), Some(b)) => format!("{a} → {b}"),
            _ => "–".into(),
        }
    }
}

/// The status as written in every format: `no-data` without a score.
pub fn rag_name(status: Option<Status>) -> &'static str {
    status.map_or("no-data", Status::as_str)
}

/// A score for people: two decimals, or "–".
pub fn shown(score: Option<Decimal>) -> String {
    score.map_or("–".into(), |s| format!("{:.2}", round2(s)))
}

/// A percentage for people ("93%"), or "–".
pub fn percent(value: Option<Decimal>) -> String {
    value.map_or("–".into(), |v| {
        let p = round2(v).checked_mul(Decimal::ONE_HUNDRED).unwrap_or_default();
        format!("{}%", p.normalize())
    })
}

/// A number as written, without trailing zeros.
pub fn number(value: Option<Decimal>) -> String {
    value.map_or("–".into(), |v| v.normalize().to_string())
}

fn decimal_value(value: Decimal) -> serde_json::Value {
    // Exact: serde_json keeps a number's text (the `arbitrary_precision` feature).
    value
        .normalize()
        .to_string()
        .parse::<serde_json::Number>()
        .map_or(serde_json::Value::Null, serde_json::Value::Number)
}

fn exact<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    value.map(decimal_value).serialize(s)
}

fn exact_one<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    decimal_value(*value).serialize(s)
}

fn score<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    value.map(|v| decimal_value(round2(v))).serialize(s)
}

fn rag<S: Serializer>(value: &Option<Status>, s: S) -> Result<S::Ok, S::Error> {
    rag_name(*value).serialize(s)
}
