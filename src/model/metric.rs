//! Metric dictionaries (`*.metrics.yaml`).

use rust_decimal::Decimal;

use super::{Refresh, Sp};
use crate::source::{FileId, Span};

#[derive(Clone, Debug, PartialEq)]
pub struct ValidRange {
    pub min: Option<Sp<Decimal>>,
    pub max: Option<Sp<Decimal>>,
}

/// Where `okrlint pull` reads a metric's actuals (SPEC §7): a source named
/// in the configuration's `sources`, and one SQL query.
#[derive(Clone, Debug, PartialEq)]
pub struct Pull {
    pub from: Option<Sp<String>>,
    pub query: Option<Sp<String>>,
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
    pub pull: Option<Sp<Pull>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetricDictionary {
    pub file: FileId,
    pub metrics: Vec<Metric>,
    pub span: Span,
}
