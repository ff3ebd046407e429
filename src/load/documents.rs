//! The documents: OKR sets, check-in logs and metric dictionaries, built key
//! by key with the reader.

use rust_decimal::Decimal;

use super::Document;
use super::reader::{Fields, Keys, Loader, Streamed, keys};
use super::scalars::{is_id, parse_cycle, slug};
use crate::diagnostic::quote;
use crate::model::{
    Band, BoundKind, Change, CheckIn, CheckInLog, Confidence, Cycle, Dependency, Initiative, KeyResult, Level, Metric,
    MetricDictionary, Objective, ObjectiveKind, OkrSet, RareFields, Refresh, Scoring, Signal, Sp, Threshold,
    ValidRange,
};
use crate::source::FileKind;
use crate::yaml::{Node, Value};

const SET_KEYS: Keys = keys!["id", "cycle", "level", "name", "owner", "objectives"];
const OBJECTIVE_KEYS: Keys = keys!["id", "title", "owner", "kind", "aligns_to", "key_results", "initiatives"];
const KR_KEYS: Keys = keys![
    "id",
    "title",
    "owner",
    "collaborators",
    "metric",
    "unit",
    "baseline",
    "target",
    "due",
    "source",
    "refresh",
    "scoring",
    "weight",
    "signal",
    "contributes_to",
    "depends_on",
    "learning",
    "changes",
    "pull",
];
const DEPENDENCY_KEYS: Keys = keys!["team", "owner", "deliverable", "due"];
const CHANGE_KEYS: Keys = keys!["date", "field", "from", "to", "reason", "approved_by"];
const INITIATIVE_KEYS: Keys = keys!["title", "lead", "moves"];
const SCORING_KEYS: Keys = keys!["method", "bands", "otherwise"];
const BAND_KEYS: Keys = keys!["at_most", "at_least", "score"];
const LOG_KEYS: Keys = keys!["okrs", "checkins"];
const CHECKIN_KEYS: Keys = keys![
    "date",
    "kr",
    "actual",
    "confidence",
    "insight",
    "next_action",
    "help_needed",
    "escalated",
    "author",
    "pulled"
];
const DICTIONARY_KEYS: Keys = keys!["metrics"];
const METRIC_KEYS: Keys =
    keys!["name", "definition", "formula", "owner", "steward", "source", "refresh", "valid_range", "pull"];
const PULL_KEYS: Keys = keys!["from", "query"];
const RANGE_KEYS: Keys = keys!["min", "max"];
const CYCLE_KEYS: Keys = keys!["start", "end"];

impl Loader<'_> {
    pub(super) fn document(&mut self, root: &Node) -> Document {
        let kind = match self.file.kind {
            FileKind::Unknown => self.kind_from_keys(root),
            kind => Some(kind),
        };
        match kind {
            Some(FileKind::Set) => self.set(root).map_or(Document::None, Document::Set),
            Some(FileKind::CheckIns) => self.log(root).map_or(Document::None, Document::CheckIns),
            Some(FileKind::Metrics) => self.dictionary(root).map_or(Document::None, Document::Metrics),
            _ => Document::None,
        }
    }

    fn kind_from_keys(&mut self, root: &Node) -> Option<FileKind> {
        if let Value::Map(entries) = &root.value {
            for (key, _) in entries {
                match &key.value {
                    Value::Str(k) if k == "objectives" => return Some(FileKind::Set),
                    Value::Str(k) if k == "checkins" => return Some(FileKind::CheckIns),
                    Value::Str(k) if k == "metrics" => return Some(FileKind::Metrics),
                    _ => {}
                }
            }
        }
        self.parse_error(
            root.span,
            "not an OKR file: no top-level `objectives`, `checkins` or `metrics` key",
            "name OKR sets `*.okr.yaml`, check-in logs `*.checkins.yaml` and metric dictionaries `*.metrics.yaml`",
        );
        None
    }

    fn top_level<'n>(&mut self, root: &'n Node, what: &'static str, known: &Keys, example: &str) -> Option<Fields<'n>> {
        if matches!(root.value, Value::Null) {
            self.parse_error(
                root.span,
                format!("the file is empty: expected {what}"),
                format!("start it with {example}"),
            );
            return None;
        }
        self.fields(root, what, known)
    }

    /// Reads each item of the list at `key` with `read`, into a vector of
    /// exactly the items read (a log's list is its largest allocation).
    fn each<T>(&mut self, f: &Fields, key: &str, read: impl Fn(&mut Self, &Node) -> Option<T>) -> Vec<T> {
        let list = self.list(f, key);
        let mut items = Vec::with_capacity(list.len());
        items.extend(list.iter().filter_map(|n| read(self, n)));
        items.shrink_to_fit();
        items
    }

    fn set(&mut self, root: &Node) -> Option<OkrSet> {
        let f = self.top_level(root, "an OKR set", &SET_KEYS, "`cycle:`, `name:` and `objectives:`")?;
        let written_id = self.id(&f, "id");
        self.require(&f, "cycle");
        let cycle = f.get("cycle").and_then(|node| self.cycle(node));
        let level_choice = self.choice(&f, "level", Level::NAMES);
        let level = level_choice.as_ref().and_then(|l| Level::parse(l.value)).unwrap_or(Level::Team);
        if level != Level::Company {
            self.require(&f, "name");
        }
        let name = self.text(&f, "name");
        let owner = self.owner(&f, "owner");
        self.require(&f, "objectives");
        let objectives = match self.streamed.take() {
            // Read already, item by item; the tree holds nulls in their place.
            Some(Streamed::Objectives(objectives)) => {
                self.list(&f, "objectives");
                objectives
            }
            _ => self.each(&f, "objectives", Self::objective),
        };
        let id_written = written_id.is_some();
        let id = written_id.unwrap_or_else(|| Sp::new(self.file.stem(), f.span));
        // A file name can hold anything (a line break, `::`): an id it gives
        // must be an id like any other.
        if !id_written && !is_id(&id.value) {
            self.parse_error(
                f.span,
                format!(
                    "the set has no `id:`, and its file name does not make one: {} may hold only lower-case letters, digits and hyphens",
                    quote(&id.value)
                ),
                format!("add `id: {}` at the top of the file", slug(&id.value)),
            );
        }
        Some(OkrSet {
            file: self.file_id,
            id,
            id_written,
            cycle,
            level,
            level_span: level_choice.map(|l| l.span),
            name,
            owner,
            objectives,
            objectives_key: f.key_span("objectives"),
            span: f.span,
        })
    }

    fn cycle(&mut self, node: &Node) -> Option<Sp<Cycle>> {
        let cycle = match &node.value {
            Value::Map(_) => {
                let f = self.fields(node, "a cycle", &CYCLE_KEYS)?;
                self.require(&f, "start");
                self.require(&f, "end");
                let start = self.date(&f, "start")?;
                let end = self.date(&f, "end")?;
                Cycle::Range { start: start.value, end: end.value }
            }
            Value::Str(text) => parse_cycle(text),
            Value::Int(_) => parse_cycle(self.file.slice(node.span)),
            other => Cycle::Invalid { reason: format!("a cycle cannot be {}", other.type_name()) },
        };
        Some(Sp::new(cycle, node.span))
    }

    pub(super) fn objective(&mut self, node: &Node) -> Option<Objective> {
        let f = self.fields(node, "an objective", &OBJECTIVE_KEYS)?;
        self.require(&f, "id");
        self.require(&f, "title");
        let kind = match self.choice(&f, "kind", &["committed", "aspirational"]) {
            Some(k) if k.value == "aspirational" => ObjectiveKind::Aspirational,
            _ => ObjectiveKind::Committed,
        };
        Some(Objective {
            id: self.id(&f, "id"),
            title: self.text(&f, "title"),
            owner: self.owner(&f, "owner"),
            kind,
            aligns_to: self.string(&f, "aligns_to"),
            key_results: self.each(&f, "key_results", Self::key_result),
            key_results_key: f.key_span("key_results"),
            initiatives: self.each(&f, "initiatives", Self::initiative),
            span: f.span,
        })
    }

    fn key_result(&mut self, node: &Node) -> Option<KeyResult> {
        let f = self.fields(node, "a key result", &KR_KEYS)?;
        self.require(&f, "id");
        self.require(&f, "title");
        let weight = self.number(&f, "weight");
        if let Some(w) = &weight
            && w.value <= Decimal::ZERO
        {
            self.parse_error(
                w.span,
                format!("`weight` must be positive, found {}", w.value),
                "use a positive number such as `1` or `2`",
            );
        }
        let owner = self.owner(&f, "owner");
        let baseline = self.quantity(&f, "baseline");
        let target = self.quantity(&f, "target");
        let source = self.text(&f, "source");
        let mut unreadable = Vec::new();
        for (key, read) in [
            ("owner", owner.is_some()),
            ("baseline", baseline.is_some()),
            ("target", target.is_some()),
            ("source", source.is_some()),
        ] {
            if !read && f.get(key).is_some() {
                unreadable.push(key);
            }
        }
        Some(KeyResult {
            id: self.id(&f, "id"),
            title: self.text(&f, "title"),
            owner,
            collaborators: self.string_list(&f, "collaborators"),
            metric: self.string(&f, "metric"),
            unit: self.string(&f, "unit"),
            baseline,
            target,
            due: self.date(&f, "due"),
            source,
            refresh: self.refresh(&f),
            scoring: f.get("scoring").and_then(|n| self.scoring(n)).map(Box::new),
            weight,
            signal: self
                .choice(&f, "signal", &["leading", "lagging"])
                .map(|s| Sp::new(if s.value == "leading" { Signal::Leading } else { Signal::Lagging }, s.span)),
            contributes_to: self.string(&f, "contributes_to"),
            depends_on: self.each(&f, "depends_on", Self::dependency),
            learning: self.text(&f, "learning"),
            changes: self.each(&f, "changes", Self::change),
            pull: self.pull(&f).map(Box::new),
            unreadable,
            span: f.span,
        })
    }

    fn refresh(&mut self, f: &Fields) -> Option<Sp<Refresh>> {
        let choice = self.choice(f, "refresh", Refresh::NAMES)?;
        Refresh::parse(choice.value).map(|r| Sp::new(r, choice.span))
    }

    fn scoring(&mut self, node: &Node) -> Option<Sp<Scoring>> {
        let scoring = match &node.value {
            Value::Str(method) if method == "linear" => Scoring::Linear,
            Value::Str(method) if method == "threshold" => {
                Scoring::Threshold(Threshold { bands: Vec::new(), bands_key: None, otherwise: None })
            }
            Value::Str(method) => Scoring::Unknown { method: Some(method.to_string()) },
            Value::Map(_) => {
                let f = self.fields(node, "a scoring method", &SCORING_KEYS)?;
                let method = self.string(&f, "method");
                match method.as_ref().map(|m| m.value.as_str()) {
                    Some("linear") => Scoring::Linear,
                    Some("threshold") => {
                        let bands = self.each(&f, "bands", Self::band);
                        Scoring::Threshold(Threshold {
                            bands,
                            bands_key: f.key_span("bands"),
                            otherwise: self.number(&f, "otherwise"),
                        })
                    }
                    other => Scoring::Unknown { method: other.map(str::to_string) },
                }
            }
            _ => {
                self.wrong_type(node, "scoring", "`linear` or a threshold ladder");
                return None;
            }
        };
        Some(Sp::new(scoring, node.span))
    }

    fn band(&mut self, node: &Node) -> Option<Band> {
        let f = self.fields(node, "a band", &BAND_KEYS)?;
        let mut bounds = Vec::new();
        for kind in [BoundKind::AtMost, BoundKind::AtLeast] {
            if let Some(bound) = self.number(&f, kind.key()) {
                bounds.push((kind, bound));
            }
        }
        Some(Band { bounds, score: self.number(&f, "score"), span: f.span })
    }

    fn dependency(&mut self, node: &Node) -> Option<Dependency> {
        let f = self.fields(node, "a dependency", &DEPENDENCY_KEYS)?;
        self.require(&f, "team");
        Some(Dependency {
            team: self.string(&f, "team"),
            owner: self.string(&f, "owner"),
            deliverable: self.text(&f, "deliverable"),
            due: self.date(&f, "due"),
            span: f.span,
        })
    }

    fn change(&mut self, node: &Node) -> Option<Change> {
        let f = self.fields(node, "a change", &CHANGE_KEYS)?;
        for key in ["date", "field", "from", "to"] {
            self.require(&f, key);
        }
        let field = self.choice(&f, "field", &["baseline", "target", "unit", "scoring", "id"]);
        Some(Change {
            date: self.date(&f, "date"),
            field: field.map(|c| Sp::new(c.value.to_string(), c.span)),
            from: f.get("from").map(|n| Sp::new(self.file.slice(n.span).to_string(), n.span)),
            to: f.get("to").map(|n| Sp::new(self.file.slice(n.span).to_string(), n.span)),
            reason: self.text(&f, "reason"),
            approved_by: self.string(&f, "approved_by"),
            span: f.span,
        })
    }

    fn initiative(&mut self, node: &Node) -> Option<Initiative> {
        let f = self.fields(node, "an initiative", &INITIATIVE_KEYS)?;
        self.require(&f, "title");
        Some(Initiative {
            title: self.text(&f, "title"),
            lead: self.string(&f, "lead"),
            moves: self.string_list(&f, "moves"),
            span: f.span,
        })
    }

    fn log(&mut self, root: &Node) -> Option<CheckInLog> {
        let f = self.top_level(root, "a check-in log", &LOG_KEYS, "`okrs: SET-ID` and `checkins:`")?;
        self.require(&f, "okrs");
        self.require(&f, "checkins");
        let okrs = self.string(&f, "okrs");
        let checkins = match self.streamed.take() {
            // Read already, item by item; the tree holds nulls in their place.
            Some(Streamed::CheckIns(checkins)) => {
                self.list(&f, "checkins");
                checkins
            }
            _ => self.each(&f, "checkins", Self::checkin),
        };
        Some(CheckInLog { file: self.file_id, okrs, checkins, span: f.span })
    }

    pub(super) fn checkin(&mut self, node: &Node) -> Option<CheckIn> {
        let f = self.fields(node, "a check-in", &CHECKIN_KEYS)?;
        for key in ["date", "kr", "actual"] {
            self.require(&f, key);
        }
        let confidence = f.get("confidence").map(|n| {
            let raw = self.file.slice(n.span).to_string();
            let value = match &n.value {
                Value::Int(i) if (1..=5).contains(i) => Confidence::Valid(*i as u8),
                _ => Confidence::Invalid(raw),
            };
            Sp::new(value, n.span)
        });
        Some(CheckIn {
            date: self.date(&f, "date"),
            kr: self.string(&f, "kr"),
            actual: self.number(&f, "actual"),
            confidence,
            insight: self.text(&f, "insight"),
            next_action: self.text(&f, "next_action"),
            rare: Some(RareFields {
                help_needed: self.text(&f, "help_needed"),
                escalated: self.date(&f, "escalated"),
                author: self.string(&f, "author"),
                pulled: self.string(&f, "pulled"),
            })
            .filter(|rare| *rare != RareFields::default())
            .map(Box::new),
            span: f.span,
        })
    }

    fn dictionary(&mut self, root: &Node) -> Option<MetricDictionary> {
        let f = self.top_level(root, "a metric dictionary", &DICTIONARY_KEYS, "`metrics:`")?;
        self.require(&f, "metrics");
        let metrics = self.each(&f, "metrics", Self::metric);
        Some(MetricDictionary { file: self.file_id, metrics, span: f.span })
    }

    fn metric(&mut self, node: &Node) -> Option<Metric> {
        let f = self.fields(node, "a metric", &METRIC_KEYS)?;
        self.require(&f, "name");
        let valid_range = f.get("valid_range").and_then(|n| {
            let r = self.fields(n, "a valid range", &RANGE_KEYS)?;
            let range = ValidRange { min: self.number(&r, "min"), max: self.number(&r, "max") };
            if let (Some(min), Some(max)) = (&range.min, &range.max)
                && min.value > max.value
            {
                self.parse_error(
                    n.span,
                    format!("`valid_range` has min {} above max {}", min.value, max.value),
                    "swap min and max",
                );
            }
            Some(Sp::new(range, n.span))
        });
        Some(Metric {
            name: self.string(&f, "name"),
            definition: self.text(&f, "definition"),
            formula: self.text(&f, "formula"),
            owner: self.string(&f, "owner"),
            steward: self.string(&f, "steward"),
            source: self.text(&f, "source"),
            refresh: self.refresh(&f),
            valid_range,
            pull: self.pull(&f),
            span: f.span,
        })
    }

    /// A `pull` block: `from` (a source's name) and `query`, both required.
    fn pull(&mut self, f: &Fields) -> Option<Sp<crate::model::Pull>> {
        let node = f.get("pull")?;
        let p = self.fields(node, "`pull`", &PULL_KEYS)?;
        self.require(&p, "from");
        self.require(&p, "query");
        let pull = crate::model::Pull { from: self.string(&p, "from"), query: self.text(&p, "query") };
        Some(Sp::new(pull, node.span))
    }
}
