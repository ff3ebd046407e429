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
    summary: "with `--since REV`: baseline, target, unit or scoring changed after cycle start with no approved `changes` entry",
    scope: Scope::File,
    source: include_str!("ungoverned_change.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(history) = ctx.history else { return };
    for (r, set, objective, kr) in ctx.index.key_results() {
        let Some(old_set) = history.sets.get(&set.file) else { continue };
        let Some((start, _)) = set.cycle.as_ref().and_then(|c| c.value.range()) else { continue };
        if ctx.as_of < start {
            continue;
        }
        let (Some(objective_id), Some(kr_id)) = (&objective.id, &kr.id) else { continue };
        let Some(old) = old_set
            .objectives
            .iter()
            .filter(|o| o.id.as_ref().is_some_and(|id| id.value == objective_id.value))
            .flat_map(|o| &o.key_results)
            .find(|k| k.id.as_ref().is_some_and(|id| id.value == kr_id.value))
        else {
            continue;
        };
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
    let (was, now) = (describe(old.scoring.as_ref()), describe(new.scoring.as_ref()));
    if was != now {
        out.push(FieldChange {
            field: "scoring",
            from: method(old.scoring.as_ref()).to_string(),
            to: method(new.scoring.as_ref()).to_string(),
            span: new.scoring.as_ref().map_or(new.span, |s| s.span),
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
