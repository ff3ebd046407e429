//! The typed model of OKR files. Every value a rule can point at keeps its span;
//! every field a rule checks is an `Option`, so that a missing value is that
//! rule's finding and not a parse error.

pub mod checkin;
pub mod metric;
pub mod okr;
pub mod plan;

pub use checkin::{CheckIn, CheckInLog, Confidence, RareFields};
pub use metric::{Metric, MetricDictionary, Pull, ValidRange};
pub use okr::{
    Band, BoundKind, Change, Cycle, Dependency, Initiative, KeyResult, Level, Objective, ObjectiveKind, OkrSet, Owner,
    Quantity, Refresh, Scoring, Signal, Threshold,
};

use crate::source::Span;

/// A value and the span it was written at.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub const fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl Sp<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}
