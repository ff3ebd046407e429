//! Metric dictionaries (`*.metrics.yaml`).

use rust_decimal::Decimal;

use super::{Refresh, Sp};
use crate::source::{FileId, Span};

#[derive(Clone, Debug, PartialEq)]
pub struct ValidRange {
    pub min: Option<Sp<Decimal>>,
    pub max: Option<Sp<Decimal>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub name: Option<Sp<String>>,
    pub definition: Option<Sp<String>>,
    pub formula: Option<Sp<String>>,
    pub owner: Option<Sp<String>>,
    pub steward: Option<Sp<String>>,
    pub source: Option<Sp<String>>,
    pub refresh: Option<Sp<Refresh>>,
    pub valid_range: Option<Sp<ValidRange>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetricDictionary {
    pub file: FileId,
    pub metrics: Vec<Metric>,
    pub span: Span,
}
