//! What the rest of the project needs to know of a file without its document:
//! the ids it defines, every reference it makes (with spans), the metrics it
//! defines, and its suppression comments. Small, serialisable (the cache keeps
//! it), and enough for the join to resolve references across the project.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::is_id;
use super::{Document, Suppression};
use crate::model::plan::{self, Plan};
use crate::model::{CheckInLog, Confidence, Level, MetricDictionary, Objective, ObjectiveKind, OkrSet, Refresh, Sp};
use crate::source::{FileKind, Span};

/// The kinds of reference a file can make (SPEC §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefKind {
    /// An objective's `aligns_to`: an objective or a KR.
    AlignsTo,
    /// A KR's `contributes_to`: a KR.
    ContributesTo,
    /// An initiative's `moves`: a KR id of the same objective.
    Moves,
    /// A KR's `metric`: a name in a dictionary.
    Metric,
    /// A check-in's `kr`: `objective/kr` in the log's set, or a full ref.
    CheckInKr,
    /// A log's `okrs`: a set id.
    LogSet,
    /// A metric's or KR's `pull.from`: a source in the configuration (SPEC §7).
    PullFrom,
}

impl RefKind {
    /// The key the reference is written under.
    pub fn key(self) -> &'static str {
        match self {
            RefKind::AlignsTo => "aligns_to",
            RefKind::ContributesTo => "contributes_to",
            RefKind::Moves => "moves",
            RefKind::Metric => "metric",
            RefKind::CheckInKr => "kr",
            RefKind::LogSet => "okrs",
            RefKind::PullFrom => "pull.from",
        }
    }
}

/// Where in its file a reference is written: which objective and KR (by
/// position in the file's document), or which check-in of a log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Origin {
    pub objective: u32,
    /// The KR for `contributes_to` and `metric`; none for `aligns_to` and `moves`.
    pub kr: Option<u32>,
}

/// One reference as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutRef {
    pub kind: RefKind,
    pub text: Box<str>,
    pub span: Span,
    /// For set files: where it sits. For logs: the check-in's position (`objective` is unused).
    pub origin: Origin,
}

/// What scoring and the check-in rules need of a KR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KrSummary {
    pub id: Option<Sp<String>>,
    /// The KR's first key (its `- ` line).
    pub span: Span,
    /// The owner as written (several joined with ", ").
    pub owner: Option<String>,
    /// Baseline, target and a valid method; none when one is missing or invalid.
    pub plan: Option<Plan>,
    pub due: Option<NaiveDate>,
    pub weight: Option<Decimal>,
    /// The metric's name, as written.
    pub metric: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveSummary {
    pub id: Option<Sp<String>>,
    pub aspirational: bool,
    pub key_results: Vec<KrSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetSummary {
    pub id: Sp<String>,
    /// Written as `id:` (else taken from the file name).
    pub id_written: bool,
    pub level: Level,
    /// First and last day, when the cycle is valid.
    pub cycle: Option<(NaiveDate, NaiveDate)>,
    pub objectives: Vec<ObjectiveSummary>,
}

/// What a KR inherits from its metric (OKR203, OKR206).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricInfo {
    pub name: Sp<String>,
    pub has_source: bool,
    pub refresh: Option<Refresh>,
    /// `valid_range` (min, max), either side optional.
    pub valid_range: Option<(Option<Decimal>, Option<Decimal>)>,
}

/// What the project-wide check-in rules and scoring need of one check-in;
/// its KR is the log's `CheckInKr` reference with the same position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInSummary {
    /// The check-in's first key (its `- ` line).
    pub span: Span,
    pub date: Option<Sp<NaiveDate>>,
    pub actual: Option<Decimal>,
    /// A valid confidence (1..5) and where it is written.
    pub confidence: Option<Sp<u8>>,
    pub help_needed: bool,
    pub escalated: Option<NaiveDate>,
    /// Written by `okrlint pull` (`pulled: SOURCE`): an actual read from the
    /// metric's source, not the team's own check-in (SPEC §7).
    #[serde(default)]
    pub pulled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Defines {
    Set(SetSummary),
    /// A check-in log defines nothing; its set is its `LogSet` reference,
    /// each check-in's KR a `CheckInKr` one.
    CheckIns(Vec<CheckInSummary>),
    Metrics(Vec<MetricInfo>),
    /// An OKR file that could not be read (OKR001): what it would define, as
    /// far as its name and head tell. References into it are not reported
    /// as unresolved, nor facts that would come from it (SPEC §2).
    Unreadable(Unreadable),
    /// Not an OKR document.
    Nothing,
}

/// A KR's id and metric, as `Summary::file_rule_facts` compares them.
pub type KrFacts = (Option<String>, Option<String>);

/// See `Summary::file_rule_facts`.
#[derive(Clone, Debug, PartialEq)]
pub enum FileRuleFacts {
    Set {
        id: String,
        cycle: Option<(NaiveDate, NaiveDate)>,
        level: Level,
        /// Each objective's id and kind, and its KRs' ids and metrics.
        objectives: Vec<(Option<String>, bool, Vec<KrFacts>)>,
    },
    Metrics(Vec<MetricInfo>),
    Unreadable(Unreadable),
    None,
}

/// What an unreadable OKR file would have defined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unreadable {
    /// A set: its id, from its `id:` line when that can be read, else its file name.
    Set(Option<Box<str>>),
    /// A check-in log: its set, from its `okrs:` line when that can be read, else its file name.
    Log(Option<Box<str>>),
    /// A metric dictionary: any metric may have been in it.
    Metrics,
}

/// A file's summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub defines: Defines,
    pub references: Vec<OutRef>,
    pub suppressions: Vec<Suppression>,
}

impl Summary {
    /// Whether a finding may quote this file's text beyond its own place: a
    /// suppression (OKR008 points at it) or an id used twice in the set
    /// (OKR003 names the line of the first). Such a file's text is held by
    /// runs that otherwise let texts go.
    pub fn points_into_text(&self) -> bool {
        fn twice<'a>(ids: impl Iterator<Item = &'a Option<Sp<String>>>) -> bool {
            let mut seen = std::collections::HashSet::new();
            ids.flatten().any(|id| !seen.insert(id.value.as_str()))
        }
        !self.suppressions.is_empty()
            || match &self.defines {
                Defines::Set(set) => {
                    twice(set.objectives.iter().map(|o| &o.id))
                        || set.objectives.iter().any(|o| twice(o.key_results.iter().map(|k| &k.id)))
                }
                _ => false,
            }
    }

    pub fn of(document: &Document, suppressions: &[Suppression]) -> Summary {
        let mut references = Vec::new();
        let defines = match document {
            Document::Set(set) => Defines::Set(set_summary(set, &mut references)),
            Document::CheckIns(log) => {
                log_references(log, &mut references);
                Defines::CheckIns(log.checkins.iter().map(checkin_summary).collect())
            }
            Document::Metrics(dictionary) => {
                // A metric's `pull.from`: its origin's `objective` is the metric's place in the dictionary.
                for (m, metric) in dictionary.metrics.iter().enumerate() {
                    if let Some(from) = metric.pull.as_ref().and_then(|p| p.value.from.as_ref()) {
                        let origin = Origin { objective: position(m), kr: None };
                        let text = from.value.as_str().into();
                        references.push(OutRef { kind: RefKind::PullFrom, text, span: from.span, origin });
                    }
                }
                Defines::Metrics(metric_infos(dictionary))
            }
            Document::None => Defines::Nothing,
        };
        Summary { defines, references, suppressions: suppressions.to_vec() }
    }

    /// `of`, taking the document: a set's objectives are let go one by one
    /// as their summaries are made.
    pub fn of_owned(document: Document, suppressions: &[Suppression]) -> Summary {
        match document {
            Document::Set(mut set) => {
                let mut references = Vec::new();
                let objectives = std::mem::take(&mut set.objectives);
                let defines = Defines::Set(summarise_set(&set, objectives.into_iter(), &mut references));
                Summary { defines, references, suppressions: suppressions.to_vec() }
            }
            other => Summary::of(&other, suppressions),
        }
    }

    /// The summary of an OKR file of `kind` that could not be read (its
    /// `text` may be empty, or what could be decoded of it).
    pub fn unreadable(kind: FileKind, stem: &str, text: &str, suppressions: &[Suppression]) -> Summary {
        let id = |key: &str| {
            let written = top_level_value(text, key).filter(|v| is_id(v)).map(Box::from);
            written.or_else(|| is_id(stem).then(|| Box::from(stem)))
        };
        let defines = match kind {
            FileKind::Set => Defines::Unreadable(Unreadable::Set(id("id"))),
            FileKind::CheckIns => Defines::Unreadable(Unreadable::Log(id("okrs"))),
            FileKind::Metrics => Defines::Unreadable(Unreadable::Metrics),
            FileKind::Unknown => Defines::Nothing,
        };
        Summary { defines, references: Vec::new(), suppressions: suppressions.to_vec() }
    }

    /// What the per-file rules of the other files read of this one
    /// (`rules::Scope::File`: a set's id, cycle and level, its objective and
    /// KR ids and each KR's metric, for a log's check-ins; a dictionary's
    /// metrics, for a KR's `metric`; what an unreadable file
    /// would define). While it stays the same, an edit to this file cannot
    /// change another file's per-file findings, and the workspace re-lints
    /// this file alone (typing in a title, an owner or a target). A per-file
    /// rule that comes to read more of the join must add it here; the
    /// workspace tests compare every edit's findings with a fresh run.
    pub fn file_rule_facts(&self) -> FileRuleFacts {
        match &self.defines {
            Defines::Set(set) => FileRuleFacts::Set {
                id: set.id.value.clone(),
                cycle: set.cycle,
                level: set.level,
                objectives: set
                    .objectives
                    .iter()
                    .map(|o| {
                        let krs =
                            o.key_results.iter().map(|k| (k.id.as_ref().map(|i| i.value.clone()), k.metric.clone()));
                        (o.id.as_ref().map(|i| i.value.clone()), o.aspirational, krs.collect())
                    })
                    .collect(),
            },
            Defines::Metrics(metrics) => FileRuleFacts::Metrics(
                metrics
                    .iter()
                    .map(|m| MetricInfo {
                        name: crate::model::Sp::new(m.name.value.clone(), Span::default()),
                        ..m.clone()
                    })
                    .collect(),
            ),
            Defines::Unreadable(unreadable) => FileRuleFacts::Unreadable(unreadable.clone()),
            Defines::CheckIns(_) | Defines::Nothing => FileRuleFacts::None,
        }
    }

    pub fn set(&self) -> Option<&SetSummary> {
        match &self.defines {
            Defines::Set(set) => Some(set),
            _ => None,
        }
    }

    /// A log's check-ins (empty for other files).
    pub fn checkins(&self) -> &[CheckInSummary] {
        match &self.defines {
            Defines::CheckIns(checkins) => checkins,
            _ => &[],
        }
    }

    /// The set a check-in log belongs to, as written.
    pub fn log_set(&self) -> Option<&OutRef> {
        self.references.iter().find(|r| r.kind == RefKind::LogSet)
    }
}

/// The plain value of a top-level `key: value` line (at column 0, on one
/// line, unquoted), the first such line of `text`: what can be told of a
/// file the YAML parser could not read.
pub fn top_level_value<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    text.split('\n').find_map(|line| {
        let value = line.trim_end_matches('\r').strip_prefix(key)?.strip_prefix(':')?;
        if !value.is_empty() && !value.starts_with([' ', '\t']) {
            return None;
        }
        Some(value.split(" #").next().unwrap_or_default().trim())
    })
}

/// An objective's, KR's or check-in's position in its document, as stored in
/// summaries and join targets (documents never hold 2^32 of anything).
pub fn position(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn set_summary(set: &OkrSet, references: &mut Vec<OutRef>) -> SetSummary {
    summarise_set(set, set.objectives.iter(), references)
}

/// A set's summary, its objectives given apart (borrowed, or taken and let go one by one).
fn summarise_set<O: std::borrow::Borrow<Objective>>(
    set: &OkrSet,
    given: impl ExactSizeIterator<Item = O>,
    references: &mut Vec<OutRef>,
) -> SetSummary {
    let mut objectives = Vec::with_capacity(given.len());
    for (o, objective) in given.enumerate() {
        let objective = objective.borrow();
        let o = position(o);
        if let Some(aligns) = &objective.aligns_to {
            references.push(OutRef {
                kind: RefKind::AlignsTo,
                text: aligns.value.as_str().into(),
                span: aligns.span,
                origin: Origin { objective: o, kr: None },
            });
        }
        let mut key_results = Vec::with_capacity(objective.key_results.len());
        for (k, kr) in objective.key_results.iter().enumerate() {
            let origin = Origin { objective: o, kr: Some(position(k)) };
            let from = kr.pull.as_ref().and_then(|p| p.value.from.as_ref());
            for (kind, value) in [
                (RefKind::ContributesTo, &kr.contributes_to),
                (RefKind::Metric, &kr.metric),
                (RefKind::PullFrom, &from.cloned()),
            ] {
                if let Some(value) = value {
                    references.push(OutRef { kind, text: value.value.as_str().into(), span: value.span, origin });
                }
            }
            key_results.push(kr_summary(kr));
        }
        for initiative in &objective.initiatives {
            for moved in &initiative.moves {
                references.push(OutRef {
                    kind: RefKind::Moves,
                    text: moved.value.as_str().into(),
                    span: moved.span,
                    origin: Origin { objective: o, kr: None },
                });
            }
        }
        objectives.push(ObjectiveSummary {
            id: objective.id.clone(),
            aspirational: objective.kind == ObjectiveKind::Aspirational,
            key_results,
        });
    }
    SetSummary {
        id: set.id.clone(),
        id_written: set.id_written,
        level: set.level,
        cycle: set.cycle.as_ref().and_then(|c| c.value.range()),
        objectives,
    }
}

fn kr_summary(kr: &crate::model::KeyResult) -> KrSummary {
    let baseline = kr.baseline.as_ref().map(|q| q.value.as_decimal());
    let target = kr.target.as_ref().map(|q| q.value.as_decimal());
    let plan = match (baseline, target) {
        (Some(baseline), Some(target)) if baseline != target => {
            plan::method(kr.scoring.as_deref(), Some(baseline), Some(target)).ok().map(|method| Plan {
                baseline,
                target,
                method,
            })
        }
        _ => None,
    };
    KrSummary {
        id: kr.id.clone(),
        span: kr.span,
        owner: kr.owner.as_ref().map(|o| o.value.joined()),
        plan,
        due: kr.due.as_ref().map(|d| d.value),
        weight: kr.weight.as_ref().map(|w| w.value),
        metric: kr.metric.as_ref().map(|m| m.value.clone()),
    }
}

fn checkin_summary(checkin: &crate::model::CheckIn) -> CheckInSummary {
    CheckInSummary {
        span: checkin.span,
        date: checkin.date.clone(),
        actual: checkin.actual.as_ref().map(|a| a.value),
        confidence: checkin.confidence.as_ref().and_then(|c| match c.value {
            Confidence::Valid(n) => Some(Sp::new(n, c.span)),
            Confidence::Invalid(_) => None,
        }),
        help_needed: checkin.help_needed().is_some_and(|h| !h.value.trim().is_empty()),
        escalated: checkin.escalated().map(|e| e.value),
        pulled: checkin.pulled().is_some(),
    }
}

fn log_references(log: &CheckInLog, references: &mut Vec<OutRef>) {
    if let Some(okrs) = &log.okrs {
        references.push(OutRef {
            kind: RefKind::LogSet,
            text: okrs.value.as_str().into(),
            span: okrs.span,
            origin: Origin { objective: 0, kr: None },
        });
    }
    for (c, checkin) in log.checkins.iter().enumerate() {
        if let Some(kr) = &checkin.kr {
            references.push(OutRef {
                kind: RefKind::CheckInKr,
                text: kr.value.as_str().into(),
                span: kr.span,
                origin: Origin { objective: 0, kr: Some(position(c)) },
            });
        }
    }
}

fn metric_infos(dictionary: &MetricDictionary) -> Vec<MetricInfo> {
    dictionary
        .metrics
        .iter()
        .filter_map(|metric| {
            Some(MetricInfo {
                name: metric.name.clone()?,
                has_source: metric.source.as_ref().is_some_and(|s| !s.value.trim().is_empty()),
                refresh: metric.refresh.as_ref().map(|r| r.value),
                valid_range: metric
                    .valid_range
                    .as_ref()
                    .map(|r| (r.value.min.as_ref().map(|m| m.value), r.value.max.as_ref().map(|m| m.value))),
            })
        })
        .collect()
}
