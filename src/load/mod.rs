//! From a file's text to the typed model: reading YAML, checking each value's
//! type, and collecting what is wrong (OKR001, OKR002) without stopping at the
//! first problem.
//!
//! `reader` turns spanned YAML nodes into typed values, reporting wrong types
//! and unknown keys; `documents` builds sets, logs and dictionaries with it;
//! `scalars` parses the text forms (numbers, dates, cycles).

mod documents;
pub mod layout;
mod reader;
mod scalars;
mod summary;

pub use reader::suggest;
pub(crate) use reader::{Fields, Keys, Loader, keys};
pub use scalars::{is_id, parse_cycle, parse_date, parse_decimal};
pub use summary::{
    CheckInSummary, Defines, FileRuleFacts, KrSummary, MetricInfo, ObjectiveSummary, Origin, OutRef, RefKind,
    SetSummary, Summary, Unreadable, position, top_level_value,
};

use std::sync::Arc;

use crate::model::{CheckInLog, MetricDictionary, OkrSet, Sp};
use crate::source::{FileKind, SourceFile, Span};
use crate::yaml;
use layout::Layout;
use reader::Streamed;

/// The document a file holds, once loaded.
#[derive(Debug, Clone)]
pub enum Document {
    Set(OkrSet),
    CheckIns(CheckInLog),
    Metrics(MetricDictionary),
    /// Unreadable, or not an OKR document at all: only problems to report.
    None,
}

impl Document {
    /// Every free-text value (titles, insights, …), for rules that read prose:
    /// the fields the loader reads with `Loader::text`.
    pub fn texts(&self) -> Vec<&Sp<String>> {
        let mut texts = Vec::new();
        match self {
            Document::Set(set) => {
                texts.extend(&set.name);
                for objective in &set.objectives {
                    texts.extend(&objective.title);
                    for kr in &objective.key_results {
                        texts.extend([&kr.title, &kr.source, &kr.learning].into_iter().flatten());
                        texts.extend(kr.depends_on.iter().filter_map(|d| d.deliverable.as_ref()));
                        texts.extend(kr.changes.iter().filter_map(|c| c.reason.as_ref()));
                    }
                    texts.extend(objective.initiatives.iter().filter_map(|i| i.title.as_ref()));
                }
            }
            Document::CheckIns(log) => {
                for checkin in &log.checkins {
                    texts.extend(
                        [checkin.insight.as_ref(), checkin.next_action.as_ref(), checkin.help_needed()]
                            .into_iter()
                            .flatten(),
                    );
                }
            }
            Document::Metrics(dictionary) => {
                for metric in &dictionary.metrics {
                    texts.extend([&metric.definition, &metric.formula, &metric.source].into_iter().flatten());
                }
            }
            Document::None => {}
        }
        texts
    }
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
    /// Most help is fixed text, held once for every problem.
    pub help: std::borrow::Cow<'static, str>,
    /// OKR002's rename to the key it suggests, when that is safe.
    pub fix: Option<Box<crate::fix::Fix>>,
}

/// A `# okrlint: allow CODE -- reason` comment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    /// 1-based line of the comment, the first it covers.
    pub line: usize,
    /// The last line it covers: the next one, or the end of a multi-line value
    /// (a block scalar, a multi-line quoted scalar or flow collection) whose
    /// key starts on the line below it, or on its own line.
    pub until: usize,
    /// Rule codes or names, as written.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// The comment's span.
    pub span: Span,
}

/// A file read into its typed document: what the per-file rules read. A
/// pure function of its text, path and id.
#[derive(Debug)]
pub struct Loaded {
    pub source: Arc<SourceFile>,
    pub document: Document,
    pub problems: Vec<Problem>,
    pub suppressions: Vec<Suppression>,
    /// Whether a YAML alias repeated part of the document: only then can a
    /// rule report one thing twice at one span (`rules::Sink`).
    pub aliased: bool,
}

impl Loaded {
    /// The loaded file with its summary.
    pub fn summarised(self) -> FileResult {
        let summary = self.unreadable_summary().unwrap_or_else(|| Summary::of(&self.document, &self.suppressions));
        FileResult { loaded: self, summary: Arc::new(summary) }
    }

    /// The file's summary, its document let go as the summary is made: a
    /// large set's objectives are freed one by one, so that a run checking
    /// it never holds its typed model, its summary and its findings at once.
    pub fn into_summary(self) -> Arc<Summary> {
        Arc::new(match self.unreadable_summary() {
            Some(summary) => summary,
            None => Summary::of_owned(self.document, &self.suppressions),
        })
    }

    /// What the file would define, when it could not be read.
    fn unreadable_summary(&self) -> Option<Summary> {
        self.unreadable()
            .then(|| Summary::unreadable(self.source.kind, &self.source.stem(), &self.source.text, &self.suppressions))
    }

    fn unreadable(&self) -> bool {
        matches!(self.document, Document::None) && self.problems.iter().any(|p| p.kind == ProblemKind::Parse)
    }
}

/// Everything loading one file produced, its summary included: immutable
/// once made and shared by reference counting.
#[derive(Debug)]
pub struct FileResult {
    pub loaded: Loaded,
    /// What the rest of the project needs of this file (ids, references, suppressions).
    pub summary: Arc<Summary>,
}

impl std::ops::Deref for FileResult {
    type Target = Loaded;

    fn deref(&self) -> &Loaded {
        &self.loaded
    }
}

/// Loads a file whose text has been read; `kind` is the kind its name implies.
pub fn load(file: Arc<SourceFile>, file_id: usize) -> FileResult {
    read(file, file_id).summarised()
}

/// `load`, without the summary (see `Loaded::into_summary`).
pub fn read(file: Arc<SourceFile>, file_id: usize) -> Loaded {
    let mut loader = Loader { file: &file, file_id, problems: Vec::new(), streamed: None };
    let mut layout = Layout::values_only();
    // Only a suppression comment asks how far a value reaches: most files have none.
    let commented = file.text.contains("okrlint:");
    // A log's check-ins and a set's objectives become typed values as they
    // are read (see `yaml::Stream`); a file of unknown kind is read whole.
    let items_layout = commented.then_some(&mut layout);
    let parsed = match file.kind {
        FileKind::CheckIns => {
            let (parsed, checkins) = parse_items(&file, "checkins", items_layout, |node| loader.checkin(node));
            loader.streamed = Some(Streamed::CheckIns(checkins));
            parsed
        }
        FileKind::Set => {
            let (parsed, objectives) = parse_items(&file, "objectives", items_layout, |node| loader.objective(node));
            loader.streamed = Some(Streamed::Objectives(objectives));
            parsed
        }
        _ => yaml::parse_streaming(&file, None),
    };
    let aliased = parsed.as_ref().is_ok_and(|parsed| parsed.aliased);
    if let Some(parsed) = parsed.as_ref().ok().filter(|_| commented) {
        layout.add(&parsed.root, &file);
    }
    let suppressions = scan_suppressions(&file, &layout);
    let document = match parsed {
        Ok(parsed) => loader.document(&parsed.root),
        Err(err) => {
            // A file that is not YAML reports that alone, not what its readable part held.
            loader.problems.clear();
            loader.problems.push(Problem {
                kind: ProblemKind::Parse,
                span: err.span,
                message: format!("invalid YAML: {}", err.message),
                help: err.help.into(),
                fix: None,
            });
            Document::None
        }
    };
    let problems = loader.problems;
    Loaded { source: file, document, problems, suppressions, aliased }
}

/// Parses `file`, reading each item of its root list at `key` with `read`
/// as soon as it is parsed (`yaml::Stream`), and adding it to `layout`.
fn parse_items<'a, T>(
    file: &'a SourceFile,
    key: &str,
    mut layout: Option<&mut Layout>,
    mut read: impl FnMut(&yaml::Node) -> Option<T>,
) -> (Result<yaml::Parsed<'a>, yaml::YamlError>, Vec<T>) {
    let mut items = Vec::new();
    let mut take = |node: &yaml::Node| {
        if let Some(layout) = layout.as_deref_mut() {
            layout.add_item(node, file);
        }
        items.extend(read(node));
    };
    let parsed = yaml::parse_streaming(file, Some(yaml::Stream { key, take: &mut take }));
    items.shrink_to_fit();
    (parsed, items)
}

/// A problem that stops a file from being read at all (not UTF-8, a binary file, an I/O error).
pub fn unreadable(file: Arc<SourceFile>, message: String, help: &str, span: Span) -> FileResult {
    let problems = vec![Problem { kind: ProblemKind::Parse, span, message, help: help.to_string().into(), fix: None }];
    Loaded { source: file, document: Document::None, problems, suppressions: Vec::new(), aliased: false }.summarised()
}

/// Finds `# okrlint: allow CODE[, CODE] [-- reason]` comments.
fn scan_suppressions(file: &SourceFile, layout: &Layout) -> Vec<Suppression> {
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
            until: layout.covered_until(index + 1, before[..hash].trim().is_empty()),
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
    use crate::source::FileKind;
    use std::path::PathBuf;

    fn load_text(name: &str, text: &str) -> FileResult {
        let file = SourceFile::new(
            PathBuf::from(name),
            name.into(),
            text.into(),
            FileKind::from_name(name).unwrap_or(FileKind::Unknown),
        );
        load(Arc::new(file), 0)
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let loaded =
            load_text("g.okr.yaml", "cycle: 2026-Q1\nname: G\nobjectivs: []\nownr: x\nzzz: 1\nobjectives: []\n");
        let unknown: Vec<_> = loaded.problems.iter().filter(|p| p.kind == ProblemKind::UnknownField).collect();
        assert_eq!(unknown.len(), 3, "{unknown:?}");
        assert!(unknown[0].message.contains("did you mean `objectives`"));
        assert!(unknown[1].message.contains("did you mean `owner`"));
    }

    /// Loads `text` as `named` (its main list streamed) and as `whole` (a
    /// name of unknown kind: read whole), checks that both give the same
    /// document, summary and problems (these met in another order), and
    /// returns the streamed one with its problems so ordered.
    fn streamed_as_whole(named: &str, whole: &str, text: &str) -> (FileResult, Vec<(Span, String)>) {
        let sorted = |result: &FileResult| {
            let mut problems: Vec<_> = result.problems.iter().map(|p| (p.span, p.message.clone())).collect();
            problems.sort();
            problems
        };
        let (streamed, whole) = (load_text(named, text), load_text(whole, text));
        assert_eq!(format!("{:?}", streamed.document), format!("{:?}", whole.document));
        assert_eq!(streamed.summary, whole.summary);
        assert_eq!(sorted(&streamed), sorted(&whole));
        let problems = sorted(&streamed);
        (streamed, problems)
    }

    #[test]
    fn a_log_read_item_by_item_is_the_log_read_whole() {
        // A named log streams its check-ins; a file of unknown kind is read whole.
        let text = "okrs: s\ncheckins:\n  - &c {date: 2026-01-05, kr: o/k, actual: 3, confidence: 4}\n  - *c\n  - <<: *c\n    actual: x\n    mood: 2\n  - 7\n  - {date: 2026-02-30}\n";
        let (streamed, problems) = streamed_as_whole("a.checkins.yaml", "a.yaml", text);
        let Document::CheckIns(log) = &streamed.document else { panic!("{:?}", streamed.document) };
        assert_eq!(log.checkins.len(), 4);
        assert!(problems.len() >= 4, "{problems:?}");
    }

    #[test]
    fn a_set_read_item_by_item_is_the_set_read_whole() {
        // A named set streams its objectives; a file of unknown kind is read whole.
        let text = "cycle: 2026-Q1\nname: S\nobjectives:\n  - &o {id: o1, title: Grow, owner: Ana, key_results: [{id: k1, title: T, baseline: 1, target: 2}]}\n  - *o\n  - <<: *o\n    id: o2\n    mood: 2\n  - 7\n  # okrlint: allow OKR402 -- a reason\n  - id: o3\n    # okrlint: allow OKR401\n    title: >\n      x\n      y\n    key_results:\n      - id: k\n        weight: -1\nid: s\n";
        let (streamed, problems) = streamed_as_whole("s.okr.yaml", "s.yaml", text);
        let Document::Set(set) = &streamed.document else { panic!("{:?}", streamed.document) };
        assert_eq!(set.objectives.len(), 4);
        assert!(problems.len() >= 3, "{problems:?}");
        let covered: Vec<(usize, usize)> = streamed.summary.suppressions.iter().map(|s| (s.line, s.until)).collect();
        assert_eq!(covered, vec![(10, 11), (12, 15)]);
    }

    #[test]
    fn a_large_log_is_streamed_alike_in_the_simple_form_or_out_of_it() {
        // Over a megabyte: the line reader first checks the form, then streams.
        let mut text = String::from("okrs: s\ncheckins:\n");
        for week in 0..12_000 {
            text.push_str(&format!(
                "  - date: 2026-01-05\n    kr: o/k{}\n    actual: {week}\n    confidence: 4\n    insight: 'steady'\n",
                week % 7
            ));
        }
        assert!(text.len() > 1 << 20);
        let (simple, _) = streamed_as_whole("a.checkins.yaml", "a.yaml", &text);
        // An anchor on the last line: out of the form, read by granit-parser, streamed once.
        text.push_str("  - &last {date: 2026-01-06, kr: o/k1, actual: 1, confidence: 2}\n");
        let (general, _) = streamed_as_whole("a.checkins.yaml", "a.yaml", &text);
        for (result, count) in [(simple, 12_000), (general, 12_001)] {
            let Document::CheckIns(log) = &result.document else { panic!("{:?}", result.document) };
            assert_eq!(log.checkins.len(), count);
        }
    }

    #[test]
    fn a_log_that_stops_being_yaml_reports_only_that() {
        let streamed = load_text("a.checkins.yaml", "okrs: s\ncheckins:\n  - date: nope\n  - kr: [\n");
        assert_eq!(streamed.problems.len(), 1, "{:?}", streamed.problems);
        assert!(streamed.problems[0].message.starts_with("invalid YAML"));
    }

    #[test]
    fn a_suppression_covers_the_whole_multi_line_value_below_it() {
        let set = "a: 1\n# okrlint: allow OKR401\nb: |\n  x\n  y\n\nc: [1,\n  2] # okrlint: allow OKR402\nd: >- # okrlint: allow OKR403\n  p\n  q\n# okrlint: allow OKR404\ne: 1\nf: 2\n";
        let covered: Vec<(usize, usize)> =
            load_text("g.okr.yaml", set).summary.suppressions.iter().map(|s| (s.line, s.until)).collect();
        // Above a block scalar: to its last line; trailing a flow list's first line: only the
        // next line (the list starts on the line before); trailing a folded scalar's key: to its end.
        assert_eq!(covered, vec![(2, 5), (8, 9), (9, 11), (12, 13)]);
        let log = "okrs: s\ncheckins:\n  - date: 2026-01-05\n    # okrlint: allow OKR603\n    insight: >\n      one\n      two\n    kr: o/k\n";
        let covered: Vec<(usize, usize)> =
            load_text("a.checkins.yaml", log).summary.suppressions.iter().map(|s| (s.line, s.until)).collect();
        assert_eq!(covered, vec![(4, 7)], "a streamed check-in's values count too");
    }

    #[test]
    fn suppressions_are_read_from_comments() {
        let loaded = load_text(
            "g.okr.yaml",
            "a: 1 # okrlint: allow OKR402, OKR401 -- agreed\n# okrlint: allow OKR101\nb: '# okrlint: allow x'\n",
        );
        let suppressions = &loaded.summary.suppressions;
        assert_eq!(suppressions.len(), 2);
        assert_eq!(suppressions[0].rules, vec!["OKR402", "OKR401"]);
        assert_eq!(suppressions[0].reason.as_deref(), Some("agreed"));
        assert_eq!(suppressions[1].reason, None);
    }
}
