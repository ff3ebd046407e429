//! Check-in logs (`*.checkins.yaml`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Sp;
use crate::source::{FileId, Span};

/// A confidence as written: OKR607 judges whether it is an integer 1..5.
#[derive(Clone, Debug, PartialEq)]
pub enum Confidence {
    Valid(u8),
    Invalid(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CheckIn {
    pub date: Option<Sp<NaiveDate>>,
    pub kr: Option<Sp<String>>,
    pub actual: Option<Sp<Decimal>>,
    pub confidence: Option<Sp<Confidence>>,
    pub insight: Option<Sp<String>>,
    pub next_action: Option<Sp<String>>,
    /// The keys most check-ins leave out, kept apart so that a long log's
    /// check-ins stay small; `None` when none of them is written.
    pub rare: Option<Box<RareFields>>,
    pub span: Span,
}

/// A check-in's seldom-written keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RareFields {
    pub help_needed: Option<Sp<String>>,
    pub escalated: Option<Sp<NaiveDate>>,
    pub author: Option<Sp<String>>,
    pub pulled: Option<Sp<String>>,
}

impl CheckIn {
    pub fn help_needed(&self) -> Option<&Sp<String>> {
        self.rare.as_ref().and_then(|r| r.help_needed.as_ref())
    }
    pub fn escalated(&self) -> Option<&Sp<NaiveDate>> {
        self.rare.as_ref().and_then(|r| r.escalated.as_ref())
    }
    pub fn author(&self) -> Option<&Sp<String>> {
        self.rare.as_ref().and_then(|r| r.author.as_ref())
    }
    pub fn pulled(&self) -> Option<&Sp<String>> {
        self.rare.as_ref().and_then(|r| r.pulled.as_ref())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CheckInLog {
    pub file: FileId,
    pub okrs: Option<Sp<String>>,
    pub checkins: Vec<CheckIn>,
    pub span: Span,
}
