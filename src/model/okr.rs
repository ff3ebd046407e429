//! OKR sets (`*.okr.yaml`): objectives, key results and what hangs off them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Sp;
use crate::source::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Level {
    Company,
    Department,
    Team,
    Individual,
    Micro,
}

impl Level {
    pub const NAMES: &'static [&'static str] = &["company", "department", "team", "individual", "micro"];

    pub fn as_str(self) -> &'static str {
        Level::NAMES[self as usize]
    }
    pub fn parse(text: &str) -> Option<Level> {
        Some(match text {
            "company" => Level::Company,
            "department" => Level::Department,
            "team" => Level::Team,
            "individual" => Level::Individual,
            "micro" => Level::Micro,
            _ => return None,
        })
    }
}

/// A set's time box: first and last day, both included.
#[derive(Clone, Debug, PartialEq)]
pub enum Cycle {
    Range {
        start: NaiveDate,
        end: NaiveDate,
    },
    /// Written but not understood; the reason says why (OKR005).
    Invalid {
        reason: String,
    },
}

impl Cycle {
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Cycle::Range { start, end } if start <= end => Some((*start, *end)),
            _ => None,
        }
    }
}

/// The owner field: one name, or several (which OKR102 reports).
#[derive(Clone, Debug, PartialEq)]
pub enum Owner {
    One(String),
    Many(Vec<String>),
}

impl Owner {
    /// The owner as written (several joined with ", ").
    pub fn joined(&self) -> String {
        match self {
            Owner::One(name) => name.clone(),
            Owner::Many(names) => names.join(", "),
        }
    }
}

/// A baseline or target: a number, or a done/not-done marker (OKR207).
#[derive(Clone, Debug, PartialEq)]
pub enum Quantity {
    Number(Decimal),
    Milestone(bool),
}

impl Quantity {
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Quantity::Number(n) => Some(*n),
            Quantity::Milestone(_) => None,
        }
    }
    /// The value used for comparisons and scoring: a milestone is 0 or 1.
    pub fn as_decimal(&self) -> Decimal {
        match self {
            Quantity::Number(n) => *n,
            Quantity::Milestone(done) => Decimal::from(u8::from(*done)),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Refresh {
    Hourly,
    Daily,
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

impl Refresh {
    pub const NAMES: &'static [&'static str] = &["hourly", "daily", "weekly", "biweekly", "monthly", "quarterly"];
    pub fn parse(text: &str) -> Option<Refresh> {
        Some(match text {
            "hourly" => Refresh::Hourly,
            "daily" => Refresh::Daily,
            "weekly" => Refresh::Weekly,
            "biweekly" => Refresh::Biweekly,
            "monthly" => Refresh::Monthly,
            "quarterly" => Refresh::Quarterly,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectiveKind {
    Committed,
    Aspirational,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    Leading,
    Lagging,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundKind {
    AtMost,
    AtLeast,
}

impl BoundKind {
    pub fn key(self) -> &'static str {
        match self {
            BoundKind::AtMost => "at_most",
            BoundKind::AtLeast => "at_least",
        }
    }
}

/// One band of a threshold ladder, as written; OKR205 judges whether it holds together.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Every bound the band names (a well-formed band names exactly one).
    pub bounds: Vec<(BoundKind, Sp<Decimal>)>,
    pub score: Option<Sp<Decimal>>,
    /// The band's first key.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    pub bands: Vec<Band>,
    /// The `bands` key, when present.
    pub bands_key: Option<Span>,
    pub otherwise: Option<Sp<Decimal>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Scoring {
    Linear,
    Threshold(Threshold),
    /// A method okrlint does not know, or a ladder with no method; OKR205 says which.
    Unknown {
        method: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub team: Option<Sp<String>>,
    pub owner: Option<Sp<String>>,
    pub deliverable: Option<Sp<String>>,
    pub due: Option<Sp<NaiveDate>>,
    /// The entry's first key (its `- ` line).
    pub span: Span,
}

impl Dependency {
    /// The keys a dependency needs and lacks: who delivers what by when (OKR502).
    pub fn missing(&self) -> Vec<&'static str> {
        [("owner", self.owner.is_none()), ("deliverable", self.deliverable.is_none()), ("due", self.due.is_none())]
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(key, _)| key)
            .collect()
    }

    /// Due after the key result's deadline (OKR503).
    pub fn is_late(&self, deadline: NaiveDate) -> bool {
        self.due.as_ref().is_some_and(|due| due.value > deadline)
    }
}

impl KeyResult {
    /// The day the key result is judged: its `due`, else the cycle's last day.
    pub fn deadline(&self, cycle_end: Option<NaiveDate>) -> Option<NaiveDate> {
        self.due.as_ref().map(|d| d.value).or(cycle_end)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub date: Option<Sp<NaiveDate>>,
    pub field: Option<Sp<String>>,
    pub from: Option<Sp<String>>,
    pub to: Option<Sp<String>>,
    pub reason: Option<Sp<String>>,
    pub approved_by: Option<Sp<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Initiative {
    pub title: Option<Sp<String>>,
    pub lead: Option<Sp<String>>,
    pub moves: Vec<Sp<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyResult {
    pub id: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub owner: Option<Sp<Owner>>,
    pub collaborators: Vec<Sp<String>>,
    pub metric: Option<Sp<String>>,
    pub unit: Option<Sp<String>>,
    pub baseline: Option<Sp<Quantity>>,
    pub target: Option<Sp<Quantity>>,
    pub due: Option<Sp<NaiveDate>>,
    pub source: Option<Sp<String>>,
    pub refresh: Option<Sp<Refresh>>,
    /// Boxed, as `pull`: most KRs have neither, and a set of many KRs is held whole while checked.
    pub scoring: Option<Box<Sp<Scoring>>>,
    pub weight: Option<Sp<Decimal>>,
    pub signal: Option<Sp<Signal>>,
    pub contributes_to: Option<Sp<String>>,
    pub depends_on: Vec<Dependency>,
    pub learning: Option<Sp<String>>,
    pub changes: Vec<Change>,
    /// Its own pull, overriding its metric's (SPEC §7).
    pub pull: Option<Box<Sp<super::Pull>>>,
    /// Keys written with a value that could not be read (already OKR001), so
    /// that the rules for missing values do not report them a second time.
    pub unreadable: Vec<&'static str>,
    /// The KR's first key (its `- ` line): where a missing field is reported.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    pub id: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub owner: Option<Sp<Owner>>,
    pub kind: ObjectiveKind,
    pub aligns_to: Option<Sp<String>>,
    pub key_results: Vec<KeyResult>,
    /// The `key_results` key, when present.
    pub key_results_key: Option<Span>,
    pub initiatives: Vec<Initiative>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OkrSet {
    pub file: FileId,
    /// The set id: written, or taken from the file name (then spanned at the first key).
    pub id: Sp<String>,
    pub id_written: bool,
    pub cycle: Option<Sp<Cycle>>,
    pub level: Level,
    pub level_span: Option<Span>,
    pub name: Option<Sp<String>>,
    pub owner: Option<Sp<Owner>>,
    pub objectives: Vec<Objective>,
    /// The `objectives` key, when present.
    pub objectives_key: Option<Span>,
    /// The document's first key.
    pub span: Span,
}
