//! From a file's text to the typed model: reading YAML, checking each value's
//! type, and collecting what is wrong (OKR001, OKR002) without stopping at the
//! first problem.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostic::quote;
use crate::model::{
    Band, BoundKind, Change, CheckIn, CheckInLog, Confidence, Cycle, Dependency, Initiative, KeyResult, Level, Metric,
    MetricDictionary, Objective, ObjectiveKind, OkrSet, Owner, Quantity, Refresh, Scoring, Signal, Sp, Threshold,
    ValidRange,
};
use crate::source::{FileKind, SourceFile, Span};
use crate::yaml::{self, Node, Value};

/// The document a file holds, once loaded.
#[derive(Debug, Clone)]
pub enum Document {
    Set(OkrSet),
    CheckIns(CheckInLog),
    Metrics(MetricDictionary),
    /// Unreadable, or not an OKR document at all: only problems to report.
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// OKR001: unreadable YAML, wrong type, missing required key, bad value.
    Parse,
    /// OKR002: a key the format does not know.
    UnknownField,
}

/// Something wrong with a file's shape, found while loading it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
    pub help: String,
}

/// A `# okrlint: allow CODE -- reason` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// 1-based line of the comment; it covers this line and the next.
    pub line: usize,
    /// Rule codes or names, as written.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// The comment's span.
    pub span: Span,
}

/// Everything loading one file produced.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub document: Document,
    pub problems: Vec<Problem>,
    /// Free-text values (titles, insights, …), for rules that read prose.
    pub texts: Vec<Sp<String>>,
    pub suppressions: Vec<Suppression>,
}

/// Loads a file whose text has been read; `kind` is the kind its name implies.
pub fn load(file: &SourceFile, file_id: usize) -> LoadedFile {
    let mut loader = Loader { file, file_id, problems: Vec::new(), texts: Vec::new() };
    let suppressions = scan_suppressions(file);
    let document = match yaml::parse(file) {
        Ok(root) => loader.document(&root),
        Err(err) => {
            loader.problems.push(Problem {
                kind: ProblemKind::Parse,
                span: err.span,
                message: format!("invalid YAML: {}", err.message),
                help: if err.message.contains("tab") {
                    "indent with spaces: YAML does not allow tabs for indentation".into()
                } else {
                    "fix the YAML syntax at this spot; the rest of the file is checked once it parses".into()
                },
            });
            Document::None
        }
    };
    LoadedFile { document, problems: loader.problems, texts: loader.texts, suppressions }
}

/// A problem that stops a file from being read at all (not UTF-8, a binary file, an I/O error).
pub fn unreadable(message: String, span: Span) -> LoadedFile {
    LoadedFile {
        document: Document::None,
        problems: vec![Problem {
            kind: ProblemKind::Parse,
            span,
            message,
            help: "OKR files are UTF-8 YAML text".into(),
        }],
        texts: Vec::new(),
        suppressions: Vec::new(),
    }
}

const SET_KEYS: &[&str] = &["id", "cycle", "level", "name", "owner", "objectives"];
const OBJECTIVE_KEYS: &[&str] = &["id", "title", "owner", "kind", "aligns_to", "key_results", "initiatives"];
const KR_KEYS: &[&str] = &[
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
];
const DEPENDENCY_KEYS: &[&str] = &["team", "owner", "deliverable", "due"];
const CHANGE_KEYS: &[&str] = &["date", "field", "from", "to", "reason", "approved_by"];
const INITIATIVE_KEYS: &[&str] = &["title", "lead", "moves"];
const SCORING_KEYS: &[&str] = &["method", "bands", "otherwise"];
const BAND_KEYS: &[&str] = &["at_most", "at_least", "score"];
const LOG_KEYS: &[&str] = &["okrs", "checkins"];
const CHECKIN_KEYS: &[&str] =
    &["date", "kr", "actual", "confidence", "insight", "next_action", "help_needed", "escalated", "author", "pulled"];
const DICTIONARY_KEYS: &[&str] = &["metrics"];
const METRIC_KEYS: &[&str] = &["name", "definition", "formula", "owner", "steward", "source", "refresh", "valid_range"];
const RANGE_KEYS: &[&str] = &["min", "max"];
const CYCLE_KEYS: &[&str] = &["start", "end"];

/// The keys of a mapping, after its shape was checked.
pub(crate) struct Fields<'n> {
    entries: &'n [(Node, Node)],
    /// The first key (or the mapping itself when empty): where a missing key is reported.
    pub span: Span,
    what: &'static str,
}

impl<'n> Fields<'n> {
    /// The value of `key`, unless it is absent or null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entry(key).map(|(_, v)| v).filter(|v| !matches!(v.value, Value::Null))
    }
    fn entry(&self, key: &str) -> Option<&'n (Node, Node)> {
        self.entries.iter().find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
    }
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entry(key).map(|(k, _)| k.span)
    }
}

pub(crate) struct Loader<'a> {
    pub file: &'a SourceFile,
    pub file_id: usize,
    pub problems: Vec<Problem>,
    pub texts: Vec<Sp<String>>,
}

/// The closest known key to a misspelt one, if any is close enough to suggest.
pub fn suggest<'k>(word: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let word = word.to_ascii_lowercase();
    known
        .into_iter()
        .map(|k| {
            let lower = k.to_ascii_lowercase();
            (strsim::jaro_winkler(&word, &lower), strsim::levenshtein(&word, &lower), k)
        })
        .filter(|(jw, lev, k)| {
            *jw >= 0.85 || *lev <= 2.min(k.len() / 2) || word.replace(['-', ' '], "_") == k.to_ascii_lowercase()
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, k)| k)
}

impl<'a> Loader<'a> {
    pub fn parse_error(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Problem { kind: ProblemKind::Parse, span, message: message.into(), help: help.into() });
    }

    /// Checks that `node` is a mapping whose keys are all known; reports each
    /// unknown key (OKR002) and returns the fields.
    pub fn fields<'n>(&mut self, node: &'n Node, what: &'static str, known: &[&str]) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.parse_error(
                node.span,
                format!("{what} must be a mapping of keys to values, found {}", node.value.type_name()),
                format!("write {what} as `key: value` lines"),
            );
            return None;
        };
        for (key, _) in entries {
            match &key.value {
                Value::Str(name) if known.contains(&name.as_str()) => {}
                Value::Str(name) => {
                    let (message, help) = match suggest(name, known.iter().copied()) {
                        Some(close) => (
                            format!("unknown key {} in {what}; did you mean `{close}`?", quote(name)),
                            format!("rename it to `{close}`"),
                        ),
                        None => (
                            format!("unknown key {} in {what}", quote(name)),
                            format!("known keys are: {}", known.join(", ")),
                        ),
                    };
                    self.problems.push(Problem { kind: ProblemKind::UnknownField, span: key.span, message, help });
                }
                other => self.parse_error(
                    key.span,
                    format!("keys in {what} must be text, found {}", other.type_name()),
                    format!("known keys are: {}", known.join(", ")),
                ),
            }
        }
        let span = entries.first().map_or(node.span, |(k, _)| k.span);
        Some(Fields { entries, span, what })
    }

    /// Reports a required key that is absent or empty.
    pub fn require(&mut self, fields: &Fields, key: &str) {
        if fields.get(key).is_some() {
            return;
        }
        match fields.entry(key) {
            Some((key_node, _)) => self.parse_error(
                key_node.span,
                format!("the required key `{key}` has no value"),
                format!("give `{key}` a value in {}", fields.what),
            ),
            None => self.parse_error(
                fields.span,
                format!("{} lacks the required key `{key}`", fields.what),
                format!("add `{key}:` to {}", fields.what),
            ),
        }
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: &str) {
        self.parse_error(
            node.span,
            format!("`{key}` must be {expected}, found {}", node.value.type_name()),
            format!("write `{key}` as {expected}"),
        );
    }

    /// A scalar as text (numbers and booleans as written).
    pub fn string(&mut self, fields: &Fields, key: &str) -> Option<Sp<String>> {
        let node = fields.get(key)?;
        self.scalar_text(node, key)
    }

    fn scalar_text(&mut self, node: &Node, key: &str) -> Option<Sp<String>> {
        match &node.value {
            Value::Str(s) => Some(Sp::new(s.clone(), node.span)),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                Some(Sp::new(self.file.slice(node.span).to_string(), node.span))
            }
            _ => {
                self.wrong_type(node, key, "text");
                None
            }
        }
    }

    /// Free text that rules about prose read.
    pub fn text(&mut self, fields: &Fields, key: &str) -> Option<Sp<String>> {
        let value = self.string(fields, key)?;
        self.texts.push(value.clone());
        Some(value)
    }

    /// An id: lower-case letters, digits and hyphens.
    pub fn id(&mut self, fields: &Fields, key: &str) -> Option<Sp<String>> {
        let value = self.string(fields, key)?;
        if !is_id(&value.value) {
            self.parse_error(
                value.span,
                format!("`{key}` {} may hold only lower-case letters, digits and hyphens", quote(&value.value)),
                format!("use an id such as `{}`", slug(&value.value)),
            );
        }
        Some(value)
    }

    pub fn number(&mut self, fields: &Fields, key: &str) -> Option<Sp<Decimal>> {
        let node = fields.get(key)?;
        self.number_node(node, key)
    }

    fn number_node(&mut self, node: &Node, key: &str) -> Option<Sp<Decimal>> {
        match &node.value {
            Value::Int(_) | Value::Float(_) => {
                let raw = self.file.slice(node.span).trim();
                match parse_decimal(raw, &node.value) {
                    Ok(n) => Some(Sp::new(n, node.span)),
                    Err(why) => {
                        self.parse_error(
                            node.span,
                            format!("`{key}` is {}: {why}", quote(raw)),
                            "write a plain finite number such as `42` or `0.75`",
                        );
                        None
                    }
                }
            }
            Value::Str(s) => {
                let help = if parse_decimal(s, &Value::Null).is_ok() {
                    "remove the quotes: a quoted number is text in YAML".to_string()
                } else {
                    "write a plain finite number such as `42` or `0.75`".to_string()
                };
                let raw = self.file.slice(node.span);
                self.parse_error(node.span, format!("`{key}` must be a number, found the text {}", quote(raw)), help);
                None
            }
            _ => {
                self.wrong_type(node, key, "a number");
                None
            }
        }
    }

    /// A baseline or target: a number, or a yes/no milestone marker.
    fn quantity(&mut self, fields: &Fields, key: &str) -> Option<Sp<Quantity>> {
        let node = fields.get(key)?;
        let milestone = match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "yes" | "done" | "true" | "complete" | "completed" | "launched" | "shipped" => Some(true),
                "no" | "not done" | "false" | "not started" | "pending" | "incomplete" => Some(false),
                _ => None,
            },
            _ => None,
        };
        match milestone {
            Some(done) => Some(Sp::new(Quantity::Milestone(done), node.span)),
            None => self.number_node(node, key).map(|n| Sp::new(Quantity::Number(n.value), n.span)),
        }
    }

    pub fn date(&mut self, fields: &Fields, key: &str) -> Option<Sp<NaiveDate>> {
        let node = fields.get(key)?;
        self.date_node(node, key)
    }

    fn date_node(&mut self, node: &Node, key: &str) -> Option<Sp<NaiveDate>> {
        let text = match &node.value {
            Value::Str(s) => s.clone(),
            Value::Int(_) | Value::Float(_) => self.file.slice(node.span).to_string(),
            _ => {
                self.wrong_type(node, key, "a date (YYYY-MM-DD)");
                return None;
            }
        };
        match parse_date(&text) {
            Ok(date) => Some(Sp::new(date, node.span)),
            Err(why) => {
                self.parse_error(
                    node.span,
                    format!("`{key}` {} {why}", quote(&text)),
                    "write the date as YYYY-MM-DD, for example `2026-03-31`",
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn choice(&mut self, fields: &Fields, key: &str, names: &[&'static str]) -> Option<Sp<&'static str>> {
        let value = self.string(fields, key)?;
        match names.iter().find(|n| **n == value.value) {
            Some(name) => Some(Sp::new(*name, value.span)),
            None => {
                let help = match suggest(&value.value, names.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("use one of: {}", names.join(", ")),
                };
                self.parse_error(
                    value.span,
                    format!("`{key}` must be one of {}, found {}", names.join(", "), quote(&value.value)),
                    help,
                );
                None
            }
        }
    }

    /// The items of a list; absent or null is an empty list.
    pub fn list<'n>(&mut self, fields: &Fields<'n>, key: &str) -> &'n [Node] {
        match fields.get(key) {
            None => &[],
            Some(Node { value: Value::Seq(items), .. }) => items,
            Some(node) => {
                self.wrong_type(node, key, "a list");
                &[]
            }
        }
    }

    fn string_list(&mut self, fields: &Fields, key: &str) -> Vec<Sp<String>> {
        let items = self.list(fields, key);
        items.iter().filter_map(|item| self.scalar_text(item, key)).collect()
    }

    fn owner(&mut self, fields: &Fields, key: &str) -> Option<Sp<Owner>> {
        let node = fields.get(key)?;
        match &node.value {
            Value::Seq(items) => {
                let names: Vec<String> =
                    items.iter().filter_map(|i| self.scalar_text(i, key)).map(|s| s.value).collect();
                match names.len() {
                    0 => None,
                    1 => Some(Sp::new(Owner::One(names.into_iter().next().unwrap_or_default()), node.span)),
                    _ => Some(Sp::new(Owner::Many(names), node.span)),
                }
            }
            _ => self.scalar_text(node, key).map(|s| Sp::new(Owner::One(s.value), s.span)),
        }
    }

    // ----- documents -----

    fn document(&mut self, root: &Node) -> Document {
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

    fn top_level<'n>(
        &mut self,
        root: &'n Node,
        what: &'static str,
        known: &[&str],
        example: &str,
    ) -> Option<Fields<'n>> {
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

    fn set(&mut self, root: &Node) -> Option<OkrSet> {
        let f = self.top_level(root, "an OKR set", SET_KEYS, "`cycle:`, `name:` and `objectives:`")?;
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
        let objectives = self.list(&f, "objectives").iter().filter_map(|n| self.objective(n)).collect();
        let id_written = written_id.is_some();
        let id = written_id.unwrap_or_else(|| Sp::new(self.file.stem(), f.span));
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
                let f = self.fields(node, "a cycle", CYCLE_KEYS)?;
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

    fn objective(&mut self, node: &Node) -> Option<Objective> {
        let f = self.fields(node, "an objective", OBJECTIVE_KEYS)?;
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
            key_results: self.list(&f, "key_results").iter().filter_map(|n| self.key_result(n)).collect(),
            key_results_key: f.key_span("key_results"),
            initiatives: self.list(&f, "initiatives").iter().filter_map(|n| self.initiative(n)).collect(),
            span: f.span,
        })
    }

    fn key_result(&mut self, node: &Node) -> Option<KeyResult> {
        let f = self.fields(node, "a key result", KR_KEYS)?;
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
            source: self.text(&f, "source"),
            refresh: self
                .choice(&f, "refresh", Refresh::NAMES)
                .and_then(|r| Refresh::parse(r.value).map(|v| Sp::new(v, r.span))),
            scoring: f.get("scoring").and_then(|n| self.scoring(n)),
            weight,
            signal: self
                .choice(&f, "signal", &["leading", "lagging"])
                .map(|s| Sp::new(if s.value == "leading" { Signal::Leading } else { Signal::Lagging }, s.span)),
            contributes_to: self.string(&f, "contributes_to"),
            depends_on: self.list(&f, "depends_on").iter().filter_map(|n| self.dependency(n)).collect(),
            learning: self.text(&f, "learning"),
            changes: self.list(&f, "changes").iter().filter_map(|n| self.change(n)).collect(),
            unreadable,
            span: f.span,
        })
    }

    fn scoring(&mut self, node: &Node) -> Option<Sp<Scoring>> {
        let scoring = match &node.value {
            Value::Str(method) if method == "linear" => Scoring::Linear,
            Value::Str(method) if method == "threshold" => {
                Scoring::Threshold(Threshold { bands: Vec::new(), bands_key: None, otherwise: None })
            }
            Value::Str(method) => Scoring::Unknown { method: Some(method.clone()) },
            Value::Map(_) => {
                let f = self.fields(node, "a scoring method", SCORING_KEYS)?;
                let method = self.string(&f, "method");
                match method.as_ref().map(|m| m.value.as_str()) {
                    Some("linear") => Scoring::Linear,
                    Some("threshold") => {
                        let bands = self.list(&f, "bands").iter().filter_map(|n| self.band(n)).collect();
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
        let f = self.fields(node, "a band", BAND_KEYS)?;
        let mut bounds = Vec::new();
        for kind in [BoundKind::AtMost, BoundKind::AtLeast] {
            if let Some(bound) = self.number(&f, kind.key()) {
                bounds.push((kind, bound));
            }
        }
        Some(Band { bounds, score: self.number(&f, "score"), span: f.span })
    }

    fn dependency(&mut self, node: &Node) -> Option<Dependency> {
        let f = self.fields(node, "a dependency", DEPENDENCY_KEYS)?;
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
        let f = self.fields(node, "a change", CHANGE_KEYS)?;
        for key in ["date", "field", "from", "to"] {
            self.require(&f, key);
        }
        let field = self.choice(&f, "field", &["baseline", "target", "unit", "scoring"]);
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
        let f = self.fields(node, "an initiative", INITIATIVE_KEYS)?;
        self.require(&f, "title");
        Some(Initiative {
            title: self.text(&f, "title"),
            lead: self.string(&f, "lead"),
            moves: self.string_list(&f, "moves"),
            span: f.span,
        })
    }

    fn log(&mut self, root: &Node) -> Option<CheckInLog> {
        let f = self.top_level(root, "a check-in log", LOG_KEYS, "`okrs: SET-ID` and `checkins:`")?;
        self.require(&f, "okrs");
        self.require(&f, "checkins");
        let okrs = self.string(&f, "okrs");
        let checkins = self.list(&f, "checkins").iter().filter_map(|n| self.checkin(n)).collect();
        Some(CheckInLog { file: self.file_id, okrs, checkins, span: f.span })
    }

    fn checkin(&mut self, node: &Node) -> Option<CheckIn> {
        let f = self.fields(node, "a check-in", CHECKIN_KEYS)?;
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
            help_needed: self.text(&f, "help_needed"),
            escalated: self.date(&f, "escalated"),
            author: self.string(&f, "author"),
            pulled: self.string(&f, "pulled"),
            span: f.span,
        })
    }

    fn dictionary(&mut self, root: &Node) -> Option<MetricDictionary> {
        let f = self.top_level(root, "a metric dictionary", DICTIONARY_KEYS, "`metrics:`")?;
        self.require(&f, "metrics");
        let metrics = self.list(&f, "metrics").iter().filter_map(|n| self.metric(n)).collect();
        Some(MetricDictionary { file: self.file_id, metrics, span: f.span })
    }

    fn metric(&mut self, node: &Node) -> Option<Metric> {
        let f = self.fields(node, "a metric", METRIC_KEYS)?;
        self.require(&f, "name");
        let valid_range = f.get("valid_range").and_then(|n| {
            let r = self.fields(n, "a valid range", RANGE_KEYS)?;
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
            refresh: self
                .choice(&f, "refresh", Refresh::NAMES)
                .and_then(|r| Refresh::parse(r.value).map(|v| Sp::new(v, r.span))),
            valid_range,
            span: f.span,
        })
    }
}

/// Whether text is a valid id: `[a-z0-9-]+`.
pub fn is_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "my-id".into() } else { out }
}

/// An exact decimal from a number's text as written.
pub fn parse_decimal(raw: &str, value: &Value) -> Result<Decimal, String> {
    if let Value::Float(f) = value
        && !f.is_finite()
        && !raw.bytes().any(|b| b.is_ascii_digit())
    {
        return Err("not a finite number".into());
    }
    let text = raw.strip_prefix('+').unwrap_or(raw);
    let parsed = if text.contains(['e', 'E']) && !text.starts_with("0x") {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    match parsed {
        Ok(n) => Ok(n),
        Err(_) => match value {
            Value::Int(i) => Decimal::try_from_i128_with_scale(*i, 0).map_err(|_| "too large".to_string()),
            Value::Float(f) if !f.is_finite() => Err("out of range (too large to be a measurable value)".into()),
            _ if text.bytes().any(|b| b.is_ascii_digit()) && text.parse::<f64>().is_ok() => {
                Err("out of range or too precise (at most 28 significant digits)".into())
            }
            _ => Err("not a number".into()),
        },
    }
}

/// A `YYYY-MM-DD` date that exists.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err("is not a date in the form YYYY-MM-DD".into());
    }
    NaiveDate::from_str(text).map_err(|_| "is not a date that exists".into())
}

/// A cycle written as text: `2026-Q1`, `2026-H2`, `2026`, `2026-05`.
pub fn parse_cycle(text: &str) -> Cycle {
    let invalid = |reason: &str| Cycle::Invalid { reason: reason.to_string() };
    let text = text.trim();
    let year: Option<i32> =
        text.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).and_then(|y| y.parse().ok());
    let Some(year) = year.filter(|y| *y >= 1) else {
        return invalid("a cycle starts with a four-digit year: YYYY-Qn, YYYY-Hn, YYYY, YYYY-MM or {start, end}");
    };
    let date = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let month_end = |m: u32| {
        let next = if m == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { date(m + 1, 1) };
        next.and_then(|n| n.pred_opt())
    };
    let range = |start: Option<NaiveDate>, end: Option<NaiveDate>| match (start, end) {
        (Some(start), Some(end)) => Cycle::Range { start, end },
        _ => invalid("the year is out of range"),
    };
    let rest = &text[4..];
    match rest.as_bytes() {
        [] => range(date(1, 1), date(12, 31)),
        [b'-', b'Q', q @ b'1'..=b'4'] => {
            let first = u32::from(q - b'0') * 3 - 2;
            range(date(first, 1), month_end(first + 2))
        }
        [b'-', b'H', h @ b'1'..=b'2'] => {
            let first = if *h == b'1' { 1 } else { 7 };
            range(date(first, 1), month_end(first + 5))
        }
        [b'-', m1 @ b'0'..=b'9', m2 @ b'0'..=b'9'] => {
            let month = u32::from(m1 - b'0') * 10 + u32::from(m2 - b'0');
            if (1..=12).contains(&month) {
                range(date(month, 1), month_end(month))
            } else {
                invalid("the month must be 01 to 12")
            }
        }
        [b'-', b'q' | b'h', ..] => invalid("write the quarter or half in capitals: YYYY-Qn or YYYY-Hn"),
        [b'-', b'Q', ..] => invalid("a quarter is Q1 to Q4"),
        [b'-', b'H', ..] => invalid("a half is H1 or H2"),
        _ => invalid("expected YYYY-Qn, YYYY-Hn, YYYY, YYYY-MM or {start: DATE, end: DATE}"),
    }
}

/// Finds `# okrlint: allow CODE[, CODE] [-- reason]` comments.
fn scan_suppressions(file: &SourceFile) -> Vec<Suppression> {
    let mut found = Vec::new();
    if !file.text.contains("okrlint:") {
        return found;
    }
    let mut offset = 0;
    for (index, line) in file.text.split('\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let Some(at) = line.find("okrlint:") else { continue };
        // The marker must sit in a comment: after a `#` that starts the line or follows a space.
        let before = &line[..at];
        let Some(hash) = before.rfind('#') else { continue };
        if !before[hash + 1..].trim().is_empty() || (hash > 0 && !before[..hash].ends_with([' ', '\t'])) {
            continue;
        }
        let rest = line[at + "okrlint:".len()..].trim_end_matches('\r').trim_start();
        let Some(rest) = rest.strip_prefix("allow") else { continue };
        let (codes, reason) = match rest.find("--") {
            Some(dash) => (&rest[..dash], Some(rest[dash + 2..].trim().to_string()).filter(|r| !r.is_empty())),
            None => (rest, None),
        };
        let rules: Vec<String> = codes.split([',', ' ', '\t']).filter(|c| !c.is_empty()).map(str::to_string).collect();
        let comment_end = line.trim_end_matches('\r').len();
        found.push(Suppression {
            line: index + 1,
            rules,
            reason,
            span: Span::new(line_start + hash, comment_end - hash),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn load_text(name: &str, text: &str) -> (SourceFile, LoadedFile) {
        let file = SourceFile::new(
            PathBuf::from(name),
            name.into(),
            text.into(),
            FileKind::from_name(name).unwrap_or(FileKind::Unknown),
            true,
        );
        let loaded = load(&file, 0);
        (file, loaded)
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("0.605", &Value::Float(0.605)).unwrap().to_string(), "0.605");
        assert_eq!(parse_decimal("18.1", &Value::Float(18.1)).unwrap().to_string(), "18.1");
        assert!(parse_decimal("1e400", &Value::Float(f64::INFINITY)).is_err());
        assert!(parse_decimal(".nan", &Value::Float(f64::NAN)).is_err());
        assert_eq!(parse_decimal("1e3", &Value::Float(1000.0)).unwrap(), Decimal::from(1000));
    }

    #[test]
    fn cycles() {
        assert_eq!(parse_cycle("2026-Q1").range().unwrap().1.to_string(), "2026-03-31");
        assert_eq!(parse_cycle("2024-02").range().unwrap().1.to_string(), "2024-02-29");
        assert_eq!(parse_cycle("2026-H2").range().unwrap().0.to_string(), "2026-07-01");
        assert_eq!(parse_cycle("2026").range().unwrap().1.to_string(), "2026-12-31");
        assert!(matches!(parse_cycle("2026-Q5"), Cycle::Invalid { .. }));
        assert!(matches!(parse_cycle("Q1"), Cycle::Invalid { .. }));
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let (_, loaded) =
            load_text("g.okr.yaml", "cycle: 2026-Q1\nname: G\nobjectivs: []\nownr: x\nzzz: 1\nobjectives: []\n");
        let unknown: Vec<_> = loaded.problems.iter().filter(|p| p.kind == ProblemKind::UnknownField).collect();
        assert_eq!(unknown.len(), 3, "{unknown:?}");
        assert!(unknown[0].message.contains("did you mean `objectives`"));
        assert!(unknown[1].message.contains("did you mean `owner`"));
    }

    #[test]
    fn suppressions_are_read_from_comments() {
        let (_, loaded) = load_text(
            "g.okr.yaml",
            "a: 1 # okrlint: allow OKR402, OKR401 -- agreed\n# okrlint: allow OKR101\nb: '# okrlint: allow x'\n",
        );
        assert_eq!(loaded.suppressions.len(), 2);
        assert_eq!(loaded.suppressions[0].rules, vec!["OKR402", "OKR401"]);
        assert_eq!(loaded.suppressions[0].reason.as_deref(), Some("agreed"));
        assert_eq!(loaded.suppressions[1].reason, None);
    }
}
