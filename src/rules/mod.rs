//! The rule registry. A rule is one file: its `//!` doc comment is the text
//! `okrlint explain` prints, and its `RULE` constant holds the code, name,
//! default severity, summary and the check function. Adding a rule is that
//! file plus one line in `RULES`.

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::index::Index;
use crate::join::Join;
use crate::join::{CheckInAt, Def};
use crate::load::CheckInSummary;
use crate::model::Sp;
use crate::score::card::{KrCard, Scorecard};
use crate::source::{FileId, Span};

mod activity_kr;
mod actual_out_of_range;
mod alignment_cycle;
mod checkable;
mod checkin_out_of_cycle;
mod checkin_unknown_kr;
mod confidence_mismatch;
mod duplicate_checkin;
mod duplicate_id;
mod incomplete_checkin;
mod incomplete_dependency;
mod invalid_confidence;
mod invalid_cycle;
mod invalid_threshold_ladder;
mod kr_count;
mod late_dependency;
mod long_objective;
mod micro_okr_no_parent;
mod micro_okr_shape;
mod milestone_kr;
mod missed_checkin;
mod missing_baseline;
mod missing_learning;
mod missing_owner;
mod missing_source;
mod missing_target;
mod no_movement;
mod objective_count;
mod objective_has_metric;
mod objective_owner_missing;
mod owner_not_person;
pub mod owners;
mod parse_error;
mod partial_weights;
mod placeholder_text;
mod project_objective;
mod red_two_weeks;
mod red_without_help;
mod shared_owner;
mod slow_refresh;
mod stale_kr;
mod suppression_without_reason;
mod title_fields_mismatch;
mod unaligned_objective;
mod unbalanced_signals;
mod ungoverned_change;
mod unknown_field;
mod unknown_owner;
mod unresolved_reference;
pub mod unused_suppression;
mod vague_kr;
mod words;

/// Every rule, in code order.
static RULES: &[Rule] = &[
    parse_error::RULE,
    unknown_field::RULE,
    duplicate_id::RULE,
    unresolved_reference::RULE,
    invalid_cycle::RULE,
    suppression_without_reason::RULE,
    placeholder_text::RULE,
    unused_suppression::RULE,
    missing_owner::RULE,
    shared_owner::RULE,
    owner_not_person::RULE,
    objective_owner_missing::RULE,
    unknown_owner::RULE,
    missing_baseline::RULE,
    missing_target::RULE,
    missing_source::RULE,
    no_movement::RULE,
    invalid_threshold_ladder::RULE,
    slow_refresh::RULE,
    milestone_kr::RULE,
    title_fields_mismatch::RULE,
    partial_weights::RULE,
    objective_count::RULE,
    kr_count::RULE,
    micro_okr_shape::RULE,
    micro_okr_no_parent::RULE,
    objective_has_metric::RULE,
    activity_kr::RULE,
    project_objective::RULE,
    vague_kr::RULE,
    long_objective::RULE,
    unbalanced_signals::RULE,
    unaligned_objective::RULE,
    incomplete_dependency::RULE,
    late_dependency::RULE,
    alignment_cycle::RULE,
    checkin_unknown_kr::RULE,
    checkin_out_of_cycle::RULE,
    duplicate_checkin::RULE,
    missed_checkin::RULE,
    stale_kr::RULE,
    incomplete_checkin::RULE,
    invalid_confidence::RULE,
    red_without_help::RULE,
    red_two_weeks::RULE,
    actual_out_of_range::RULE,
    confidence_mismatch::RULE,
    ungoverned_change::RULE,
    missing_learning::RULE,
];

/// What a rule sees: the loaded files it checks (`index`), the joined
/// project (`join`), the configuration and the as-of date; and, for a rule
/// that judges the others' findings (`Scope::Findings`), those findings and
/// the codes of the rules that ran.
pub struct Context<'a> {
    pub index: &'a Index<'a>,
    pub join: &'a Join,
    pub config: &'a Config,
    pub as_of: NaiveDate,
    pub findings: &'a [Diagnostic],
    pub enabled: &'a [&'static str],
    /// The project's scores, computed on first use and shared by the rules that need them.
    pub scores: &'a OnceLock<Scorecard>,
    /// The named sets as they were at `check --since REV` (OKR701); none without it.
    pub history: Option<&'a crate::history::History>,
    /// The roster's lookup sets, built on first use and shared by the run.
    pub roster: &'a OnceLock<owners::RosterSets>,
}

impl Context<'_> {
    /// The configuration's roster (`people`, `teams`), ready for lookups.
    pub fn roster(&self) -> owners::Roster<'_> {
        owners::Roster::new(self.config, self.roster)
    }

    /// The project's scores at the as-of date (computed once per run).
    pub fn scorecard(&self) -> &Scorecard {
        self.scores.get_or_init(|| Scorecard::build(self.join, self.config.score_settings(self.as_of)))
    }

    /// Every scored KR whose latest check-in sits in a named log: the KR's
    /// card, that check-in (where and what) and the KR's full ref. The rules
    /// on a KR's check-in habit as a whole report there (SPEC §2).
    pub fn latest_checkins(&self) -> impl Iterator<Item = LatestCheckIn<'_>> {
        let join = self.join;
        self.scorecard().key_results().filter_map(move |(set, objective, kr)| {
            // History is quiet: a set past its habit window is not judged.
            if !self.habits_judge(set.file) {
                return None;
            }
            // The team's own latest check-in: a pulled actual asks nothing of anyone (SPEC §7).
            let at = kr.latest_own.filter(|at| self.reported(at.file))?;
            let checkin = join.checkin(at)?;
            let name = join.ref_of(Def::Kr { file: set.file, objective: objective.index, kr: kr.index });
            Some(LatestCheckIn { kr, at, checkin, name })
        })
    }

    /// Whether the check-in habit rules (OKR604, 605, 606, 608, 609, 611)
    /// judge a set with this cycle at the as-of date: while it runs and for
    /// one cadence period after its end (SPEC §2 "Past cycles are history").
    pub fn habits_apply(&self, cycle: (NaiveDate, NaiveDate)) -> bool {
        habits_apply(cycle, self.as_of, self.config.cadence.days())
    }

    /// Whether the habit rules judge the set of this file: its cycle is in
    /// their window, and every check-in log of it could be read (SPEC §2:
    /// a log that cannot be read would make every habit finding a guess).
    pub fn habits_judge(&self, set: FileId) -> bool {
        let Some(summary) = self.join.set_summary(set) else { return false };
        summary.cycle.is_none_or(|cycle| self.habits_apply(cycle)) && !self.join.log_unreadable(&summary.id.value)
    }

    /// Whether findings in `file` are reported (it was named).
    pub fn reported(&self, file: FileId) -> bool {
        self.join.files.get(file).is_some_and(|f| f.reported)
    }
}

/// Whether habit rules judge a set of `cycle` at `as_of` with periods of
/// `period_days`: from its start to one period after its end.
pub fn habits_apply(cycle: (NaiveDate, NaiveDate), as_of: NaiveDate, period_days: i64) -> bool {
    cycle.1.checked_add_signed(chrono::Duration::days(period_days)).is_none_or(|last| as_of <= last)
}

/// Whether OKR702 (missing learning) judges a set of `cycle` at `as_of`: once
/// it has ended, for as many days as it lasted (the next cycle's retrospective).
pub fn learning_due(cycle: (NaiveDate, NaiveDate), as_of: NaiveDate) -> bool {
    let length = cycle.1.signed_duration_since(cycle.0).num_days().saturating_add(1);
    cycle.1 < as_of && cycle.1.checked_add_signed(chrono::Duration::days(length)).is_none_or(|last| as_of <= last)
}

/// A KR's latest check-in, as `Context::latest_checkins` gives it.
pub struct LatestCheckIn<'a> {
    pub kr: &'a KrCard,
    pub at: CheckInAt,
    pub checkin: &'a CheckInSummary,
    /// The KR's full ref, `set/objective/kr`.
    pub name: String,
}

/// What a rule reads, and so where its findings can land.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Only the documents of the files it reports on (and, through the join,
    /// facts such as a metric's source): it runs on just the named files.
    File,
    /// References, ids or links across the project: it may report in a file
    /// that was not named, when a named file breaks it (SPEC §2), and
    /// decides that itself.
    Project,
    /// What the other rules found in the named files: it runs last, once
    /// they all have (OKR008 judges the suppressions by it).
    Findings,
}

/// Where a rule's findings go.
pub struct Sink {
    pub findings: Vec<Finding>,
    /// Where findings were reported, with their message's hash: a YAML alias
    /// makes a rule see one node many times, and each repeat at the same
    /// span is dropped here, before it costs memory (SPEC §5). `None` where
    /// no alias repeats anything, so a long log's findings cost no more.
    seen: Option<rustc_hash::FxHashSet<(FileId, Span, u64)>>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink::new(true)
    }
}

impl Sink {
    /// A sink that drops repeats at one span when `aliased` (a YAML alias may repeat what a rule sees).
    pub fn new(aliased: bool) -> Sink {
        Sink { findings: Vec::new(), seen: aliased.then(Default::default) }
    }

    pub fn report(
        &mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
        help: impl Into<std::borrow::Cow<'static, str>>,
    ) {
        self.report_fixable(file, span, message, help, None);
    }

    /// `report`, with the edits that resolve the finding (`None`: okrlint knows none).
    pub fn report_fixable(
        &mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
        help: impl Into<std::borrow::Cow<'static, str>>,
        fix: Option<Box<crate::fix::Fix>>,
    ) {
        let mut message = message.into();
        if let Some(seen) = &mut self.seen {
            use std::hash::{Hash, Hasher};
            let mut hasher = rustc_hash::FxHasher::default();
            message.hash(&mut hasher);
            if !seen.insert((file, span, hasher.finish())) {
                return;
            }
        }
        // A formatted message may hold twice its length: a large run keeps hundreds of thousands.
        message.shrink_to_fit();
        self.findings.push(Finding { file, span, message, help: help.into(), fix });
    }
}

pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: when the rule fires.
    pub summary: &'static str,
    pub scope: Scope,
    /// The rule's source file; its leading `//!` comment is the explanation.
    pub source: &'static str,
    pub check: fn(&Context, &mut Sink),
}

impl Rule {
    /// The explanation's first section ("What it does"), as one paragraph:
    /// the full description that SARIF and other tools show beside the summary.
    pub fn what_it_does(&self) -> String {
        let explanation = self.explanation();
        let section = explanation.split("\n## ").next().unwrap_or("");
        section.trim_start_matches("## What it does").split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The rule's full explanation, from its doc comment.
    pub fn explanation(&self) -> String {
        let mut text = String::new();
        for line in self.source.lines() {
            let Some(doc) = line.strip_prefix("//!") else { break };
            text.push_str(doc.strip_prefix(' ').unwrap_or(doc));
            text.push('\n');
        }
        text.trim_end().to_string()
    }

    /// Whether a `--select`/`--ignore` entry or suppression names this rule:
    /// its name, its code, or a prefix of its code (`OKR2`), or `ALL`.
    pub fn matches(&self, selector: &str) -> bool {
        let selector = selector.trim();
        selector.eq_ignore_ascii_case("ALL")
            || selector == self.name
            || (!selector.is_empty() && self.code.starts_with(&selector.to_ascii_uppercase()))
    }
}

/// Rules that run only with `check --since REV` (they compare with a git revision).
pub const NEED_A_REVISION: &[&str] = &["OKR701"];

pub fn registry() -> &'static [Rule] {
    RULES
}

/// The rule of an exact code (the registry is ordered by code).
pub fn by_code(code: &str) -> Option<&'static Rule> {
    position(code).map(|i| &RULES[i])
}

/// Where the rule of an exact code is in the registry.
pub fn position(code: &str) -> Option<usize> {
    RULES.binary_search_by(|r| r.code.cmp(code)).ok()
}

/// A rule by exact code or name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    let wanted = code_or_name.trim();
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name == wanted)
}

/// The span of `needle`, a part of the scalar `text`'s value (a slice of it,
/// or else its first occurrence), where the source writes it — after escapes,
/// across folded lines, inside block scalars; the whole scalar when the part
/// cannot be placed.
pub fn span_within(index: &Index, file: FileId, text: &Sp<String>, needle: &str) -> Span {
    let value = text.value.as_str();
    let start = (needle.as_ptr() as usize)
        .checked_sub(value.as_ptr() as usize)
        .filter(|at| at + needle.len() <= value.len())
        .or_else(|| value.find(needle));
    let raw = index.get_file(file).map_or("", |f| f.slice(text.span));
    match start.and_then(|at| crate::yaml::scalar::source_range(raw, value, at..at + needle.len())) {
        Some(range) => Span::new(text.span.start() + range.start, range.end - range.start),
        None => text.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_ordered_unique_and_documented() {
        let mut previous = "";
        for rule in registry() {
            assert!(by_code(rule.code).is_some_and(|found| std::ptr::eq(found, rule)), "{}", rule.code);
            assert!(rule.code > previous, "{} out of order", rule.code);
            previous = rule.code;
            let doc = rule.explanation();
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead"] {
                assert!(doc.contains(section), "{} lacks {section}", rule.code);
            }
            assert!(rule.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", rule.name);
        }
        let registered: Vec<(&str, &str)> = registry().iter().map(|r| (r.code, r.name)).collect();
        assert_eq!(registered, crate::codes::CODES, "src/codes.rs lists every rule's code and name, in code order");
    }
}
