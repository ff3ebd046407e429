//! ## What it does
//! Runs only with `okrlint check --since REV` (in a git repository). It
//! compares each named set with the same file at revision REV and reports a
//! key result whose `baseline`, `target`, `unit` or `scoring` changed, once
//! the cycle has started (the as-of date, default today, is on or after the
//! cycle's first day), unless the key result's `changes` list records it: an
//! entry for the same field, `from` the old value `to` the new one, with an
//! `approved_by`. Several approved entries may chain (10 → 12, then 12 → 15).
//! Numbers match by value (`1.5` is `1.50`); for `scoring`, `from` and `to`
//! name the methods (`linear`, `threshold`), the same name on both sides
//! when a ladder's bands change. Key results are matched by objective and
//! key-result id; a file or key result new since REV has nothing to compare.
//! The finding sits on the new value.
//!
//! A key result that REV had and the set no longer has under that id was
//! removed or renamed: that is a governed change too, unless a key result of
//! the objective records it (`field: id`, `from` the old id, `to` its id,
//! with `approved_by`); a key result renamed that way is then compared with
//! the one it was, so lowering a target in the same commit is still caught.
//! A set is compared with the same set, its id and its cycle, at REV: a file
//! that now holds the next cycle is a new set. The finding for a removed key
//! result sits on its objective's `- id:` line.
//!
//! ## Why is this bad?
//! A target lowered quietly in week eight turns a missed commitment into a
//! met one, and nobody learns anything from the quarter. Mid-cycle changes
//! happen for good reasons (a metric was measured wrongly, the market
//! moved), so they are allowed — in the open: written down with the reason
//! and the name of whoever agreed to it, where the report and the history
//! show it.
//!
//! ## Example
//! ```yaml
//! # at origin/main: target: 1.5
//!       - id: ttv
//!         baseline: 3
//!         target: 1
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: ttv
//!         baseline: 3
//!         target: 1
//!         changes:
//!           - date: 2026-02-02
//!             field: target
//!             from: 1.5
//!             to: 1
//!             reason: The onboarding flow shipped a month early
//!             approved_by: Chief of Staff
//! ```

use rust_decimal::Decimal;

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;
use crate::model::{Change, KeyResult, Quantity, Scoring, Sp};
use crate::source::Span;

pub const RULE: Rule = Rule {
    code: "OKR701",
    name: "ungoverned-change",
    severity: Severity::Error,
    summary: "with `--since REV`: baseline, target, unit or scoring changed, or a KR removed or renamed, after cycle start with no approved `changes` entry",
    scope: Scope::File,
    source: include_str!("ungoverned_change.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(history) = ctx.history else { return };
    // Each named set against the same set (id and cycle) at the revision: a
    // file that now holds the next cycle is a new set, with nothing to compare.
    let mut compared: Vec<(crate::source::FileId, &crate::model::OkrSet, (chrono::NaiveDate, chrono::NaiveDate))> =
        Vec::new();
    for (r, set, objective, kr) in ctx.index.key_results() {
        let Some(old_set) = history.sets.get(&set.file) else { continue };
        let Some((start, end)) = set.cycle.as_ref().and_then(|c| c.value.range()) else { continue };
        let old_cycle = old_set.cycle.as_ref().and_then(|c| c.value.range());
        if ctx.as_of < start || old_set.id.value != set.id.value || old_cycle != Some((start, end)) {
            continue;
        }
        if !compared.iter().any(|(file, _, _)| *file == set.file) {
            compared.push((set.file, old_set, (start, end)));
        }
        let (Some(objective_id), Some(kr_id)) = (&objective.id, &kr.id) else { continue };
        // The same KR at the revision: by its id, or by the id an approved rename came from.
        let old_kr = |id: &str| {
            old_set
                .objectives
                .iter()
                .filter(|o| o.id.as_ref().is_some_and(|oid| oid.value == objective_id.value))
                .flat_map(|o| &o.key_results)
                .find(|k| k.id.as_ref().is_some_and(|kid| kid.value == id))
        };
        let old = old_kr(&kr_id.value).or_else(|| renamed_from(&kr.changes, &kr_id.value).and_then(|id| old_kr(&id)));
        let Some(old) = old else { continue };
        for change in changed_fields(old, kr) {
            if approved(&kr.changes, &change) {
                continue;
            }
            let unapproved = kr.changes.iter().any(|c| {
                c.field.as_ref().is_some_and(|f| f.value.trim() == change.field)
                    && c.approved_by.as_ref().is_none_or(|a| a.value.trim().is_empty())
            });
            let name = quote(&ctx.index.ref_of(Target::Kr(r)));
            let why = if unapproved {
                "; its `changes` entry has no `approved_by`"
            } else {
                ", with no approved `changes` entry"
            };
            let what = if change.field == "scoring" && change.from == change.to {
                "scoring (the ladder's bands)"
            } else {
                change.field
            };
            let message = format!(
                "{what} of key result {name} changed from {} to {} since {}, after the cycle started on {start}{why}",
                change.from, change.to, history.rev
            );
            let help = format!(
                "record it under the key result's `changes` (date, field: {}, from: {}, to: {}, reason, approved_by), or restore {}",
                change.field, change.from, change.to, change.from
            );
            sink.report(set.file, change.span, message, help);
        }
    }
    // Key results the revision had and the set no longer has under that id:
    // removed, or renamed without an approved `changes` entry (field: id).
    for (file, old_set, (start, _)) in compared {
        let Some(set) = ctx.index.sets.iter().find(|s| s.file == file) else { continue };
        for old_objective in &old_set.objectives {
            let Some(objective_id) = &old_objective.id else { continue };
            let now = set.objectives.iter().find(|o| o.id.as_ref().is_some_and(|id| id.value == objective_id.value));
            for old_kr in &old_objective.key_results {
                let Some(kr_id) = &old_kr.id else { continue };
                let krs = now.map(|o| o.key_results.as_slice()).unwrap_or_default();
                if krs.iter().any(|k| k.id.as_ref().is_some_and(|id| id.value == kr_id.value)) {
                    continue;
                }
                // Renamed with an approved entry on the new key result: governed.
                if krs.iter().any(|k| {
                    renamed_from(&k.changes, k.id.as_ref().map_or("", |i| &i.value)).as_deref()
                        == Some(kr_id.value.as_str())
                }) {
                    continue;
                }
                let reference = format!("{}/{}/{}", set.id.value, objective_id.value, kr_id.value);
                let span = now.map_or(set.span, |o| o.span);
                sink.report(
                    file,
                    span,
                    format!(
                        "key result {} was removed or renamed since {}, after the cycle started on {start}, with no approved `changes` entry",
                        quote(&reference),
                        history.rev
                    ),
                    format!(
                        "a renamed key result records it under its `changes` (date, field: id, from: {}, to: the new id, reason, approved_by); a dropped one needs the same approval, or restore it",
                        kr_id.value
                    ),
                );
            }
        }
    }
}

/// The id a key result had before an approved rename to `id` (a `changes`
/// entry with `field: id`, `to` its id and `approved_by`), following a chain.
fn renamed_from(changes: &[Change], id: &str) -> Option<String> {
    let renames: Vec<(String, String)> = changes
        .iter()
        .filter(|c| c.field.as_ref().is_some_and(|f| f.value.trim() == "id"))
        .filter(|c| c.approved_by.as_ref().is_some_and(|a| !a.value.trim().is_empty()))
        .filter_map(|c| {
            let clean =
                |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'').rsplit('/').next().unwrap_or("").to_string();
            Some((clean(&c.from.as_ref()?.value), clean(&c.to.as_ref()?.value)))
        })
        .collect();
    let mut at = id.to_string();
    let mut found = None;
    // Each step at most once: the walk ends.
    for _ in 0..renames.len() {
        let Some((from, _)) = renames.iter().find(|(_, to)| *to == at) else { break };
        found = Some(from.clone());
        at = from.clone();
    }
    found
}

/// A governed field whose value differs between two versions of a KR.
struct FieldChange {
    field: &'static str,
    from: String,
    to: String,
    /// The new value (or the KR's line when the field is now implicit).
    span: Span,
}

fn changed_fields(old: &KeyResult, new: &KeyResult) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for (field, was, now) in [("baseline", &old.baseline, &new.baseline), ("target", &old.target, &new.target)] {
        if let (Some(was), Some(now)) = (was, now)
            && was.value != now.value
        {
            out.push(FieldChange { field, from: quantity(&was.value), to: quantity(&now.value), span: now.span });
        }
    }
    if let (Some(was), Some(now)) = (&old.unit, &new.unit)
        && was.value.trim() != now.value.trim()
    {
        out.push(FieldChange {
            field: "unit",
            from: was.value.trim().to_string(),
            to: now.value.trim().to_string(),
            span: now.span,
        });
    }
    let (was, now) = (describe(old.scoring.as_deref()), describe(new.scoring.as_deref()));
    if was != now {
        out.push(FieldChange {
            field: "scoring",
            from: method(old.scoring.as_deref()).to_string(),
            to: method(new.scoring.as_deref()).to_string(),
            span: new.scoring.as_deref().map_or(new.span, |s| s.span),
        });
    }
    out
}

fn quantity(value: &Quantity) -> String {
    match value {
        Quantity::Number(n) => n.normalize().to_string(),
        Quantity::Milestone(done) => done.to_string(),
    }
}

/// The scoring method's name (absent is linear).
fn method(scoring: Option<&Sp<Scoring>>) -> &str {
    match scoring.map(|s| &s.value) {
        None | Some(Scoring::Linear) => "linear",
        Some(Scoring::Threshold(_)) => "threshold",
        Some(Scoring::Unknown { method }) => method.as_deref().unwrap_or("unknown"),
    }
}

/// The scoring as comparable text: its method, and a ladder's bands by value.
fn describe(scoring: Option<&Sp<Scoring>>) -> String {
    let Some(Scoring::Threshold(ladder)) = scoring.map(|s| &s.value) else { return method(scoring).to_string() };
    let mut text = String::from("threshold");
    for band in &ladder.bands {
        for (kind, bound) in &band.bounds {
            text.push_str(&format!(" {} {}", kind.key(), bound.value.normalize()));
        }
        text.push_str(&format!(" -> {};", band.score.as_ref().map_or(Decimal::ZERO, |s| s.value).normalize()));
    }
    text.push_str(&format!(" otherwise {}", ladder.otherwise.as_ref().map_or(Decimal::ZERO, |o| o.value).normalize()));
    text
}

/// Whether approved entries for the field lead from the old value to the new one.
fn approved(changes: &[Change], change: &FieldChange) -> bool {
    let steps: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c.field.as_ref().is_some_and(|f| f.value.trim() == change.field))
        .filter(|c| c.approved_by.as_ref().is_some_and(|a| !a.value.trim().is_empty()))
        .filter_map(|c| Some((c.from.as_ref()?.value.as_str(), c.to.as_ref()?.value.as_str())))
        .collect();
    let mut at = change.from.clone();
    let mut used = vec![false; steps.len()];
    // Each step is taken at most once, so the walk ends.
    while let Some(i) = (0..steps.len()).find(|&i| !used[i] && same(steps[i].0, &at)) {
        used[i] = true;
        at = steps[i].1.trim().to_string();
        if same(&at, &change.to) {
            return true;
        }
    }
    false
}

/// Two written values are the same: by value when both are numbers, else as
/// text (`from`/`to` are kept as written, quotes and all).
fn same(a: &str, b: &str) -> bool {
    let unquote = |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_string();
    let (a, b) = (unquote(a), unquote(b));
    match (a.parse::<Decimal>(), b.parse::<Decimal>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// OKR701 without git: the revision's sets are given as a `History`, as
/// `check --since` reads them, so plain `cargo test` covers the rule.
#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use chrono::NaiveDate;
    use rustc_hash::FxHashMap as HashMap;

    use crate::config::Config;
    use crate::history::History;
    use crate::join::{FileEntry, Join};
    use crate::lint::{Engine, Selection};
    use crate::load::{self, Document};
    use crate::source::{FileKind, SourceFile};

    const BEFORE: &str = "id: growth\ncycle: 2026-Q1\nname: Growth\nobjectives:\n  - id: grow\n    title: Win small businesses\n    owner: Ana Lima\n    key_results:\n      - id: activation\n        title: Raise activation from 40% to 60%\n        owner: Ana Lima\n        baseline: 40\n        target: 60\n        source: Product analytics\n      - id: retention\n        title: Raise retention from 70% to 80%\n        owner: Ana Lima\n        baseline: 70\n        target: 80\n        source: Product analytics\n";

    fn loaded(text: &str) -> load::FileResult {
        let file =
            SourceFile::new(PathBuf::from("growth.okr.yaml"), "growth.okr.yaml".into(), text.into(), FileKind::Set);
        load::load(Arc::new(file), 0)
    }

    /// OKR701's messages for the set `now`, compared with `BEFORE` at `as_of`.
    fn found(now: &str, as_of: (i32, u32, u32)) -> Vec<String> {
        let Document::Set(old) = loaded(BEFORE).loaded.document else { panic!("the old set loads") };
        let mut sets = HashMap::default();
        sets.insert(0, old);
        let history = History { rev: "v1".into(), sets };
        let config = Config::default();
        let engine = Engine::new(&config, &Selection { select: vec!["OKR701".into()], ignore: Vec::new() });
        let result = loaded(now);
        let as_of = NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).expect("date");
        // The file is named: its findings are reported.
        let mut entry = FileEntry::new(PathBuf::from("growth.okr.yaml"), "growth.okr.yaml".into(), FileKind::Set, true);
        entry.summary = Some(result.summary.clone());
        let join = Join::build(vec![entry]);
        engine
            .check_loaded(&join, &config, as_of, Some(&history), 0, &result)
            .into_iter()
            .filter(|d| d.code() == "OKR701")
            .map(|d| d.message.into_string())
            .collect()
    }

    #[test]
    fn a_target_lowered_after_the_start_is_reported_unless_approved() {
        let lowered = BEFORE.replacen("target: 60", "target: 50", 1);
        assert_eq!(
            found(&lowered, (2026, 2, 16)),
            vec![
                "target of key result `growth/grow/activation` changed from 60 to 50 since v1, after the cycle started on 2026-01-01, with no approved `changes` entry"
            ]
        );
        // Before the cycle starts, plans may change freely.
        assert_eq!(found(&lowered, (2025, 12, 20)), Vec::<String>::new());
        // Recorded and approved: governed.
        let approved = lowered.replacen(
            "        source: Product analytics\n",
            "        source: Product analytics\n        changes:\n          - date: 2026-02-01\n            field: target\n            from: 60\n            to: 50\n            reason: the metric was double-counted\n            approved_by: Maya Chen\n",
            1,
        );
        assert_eq!(found(&approved, (2026, 2, 16)), Vec::<String>::new());
        // Recorded without an approver: still reported, and says so.
        let unapproved = approved.replacen("            approved_by: Maya Chen\n", "", 1);
        let messages = found(&unapproved, (2026, 2, 16));
        assert!(
            messages.len() == 1 && messages[0].ends_with("its `changes` entry has no `approved_by`"),
            "{messages:?}"
        );
        // The same value written otherwise is no change.
        assert_eq!(found(&BEFORE.replacen("target: 60", "target: 60.0", 1), (2026, 2, 16)), Vec::<String>::new());
    }

    #[test]
    fn a_key_result_removed_after_the_start_is_reported() {
        let start = BEFORE.find("      - id: retention").expect("retention");
        let removed = &BEFORE[..start];
        assert_eq!(
            found(removed, (2026, 2, 16)),
            vec![
                "key result `growth/grow/retention` was removed or renamed since v1, after the cycle started on 2026-01-01, with no approved `changes` entry"
            ]
        );
        // The next cycle in the same file is a new set: nothing to compare.
        let next = removed.replacen("cycle: 2026-Q1", "cycle: 2026-Q2", 1);
        assert_eq!(found(&next, (2026, 4, 16)), Vec::<String>::new());
    }

    #[test]
    fn a_revision_that_could_be_an_option_is_refused_before_git_runs() {
        let join = Join::build(Vec::new());
        for rev in ["--output=x", "-p", "", "main\nHEAD", "a\0b"] {
            assert!(History::read(std::path::Path::new("."), &join, rev).is_err(), "{rev:?}");
        }
    }
}
