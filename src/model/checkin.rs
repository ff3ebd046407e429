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
    pub help_needed: Option<Sp<String>>,
    pub escalated: Option<Sp<NaiveDate>>,
    pub author: Option<Sp<String>>,
    pub pulled: Option<Sp<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CheckInLog {
    pub file: FileId,
    pub okrs: Option<Sp<String>>,
    pub checkins: Vec<CheckIn>,
    pub span: Span,
}
