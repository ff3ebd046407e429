//! ## What it does
//! Reports a reference that points at nothing: an objective's `aligns_to`, a
//! key result's `contributes_to` or `metric`, an initiative's `moves`, and a
//! check-in log's `okrs`. It suggests the closest existing reference. When
//! only some files are checked (a pre-commit hook), a reference in another
//! file is reported too when the set it points into is one of them: renaming
//! an objective then fails the commit that renames it.
//!
//! ## Why is this bad?
//! Alignment that points nowhere is alignment nobody can verify: the team
//! believes it supports a company goal, the roll-up never sees it. A renamed
//! key result in the company set silently breaks every team set that pointed
//! at it unless something checks.
//!
//! ## Example
//! ```yaml
//! # team set; the company set's KR is `company/win-smb/activation`
//!       - id: d7-active
//!         contributes_to: company/win-smb/activaton
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: d7-active
//!         contributes_to: company/win-smb/activation
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::fix::Fix;
use crate::join::Reference;
use crate::load::{Defines, RefKind, suggest};

pub const RULE: Rule = Rule {
    code: "OKR004",
    name: "unresolved-reference",
    severity: Severity::Error,
    summary: "`aligns_to`, `contributes_to`, `moves`, `metric`, log `okrs` point at nothing",
    scope: Scope::Project,
    source: include_str!("unresolved_reference.rs"),
    check,
};

fn did_you_mean<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let mut candidates: Vec<&str> = candidates.into_iter().collect();
    candidates.sort_unstable();
    match suggest(text, candidates) {
        Some(close) => format!("did you mean `{close}`?"),
        None => String::new(),
    }
}

fn help(base: &str, suggestion: String) -> String {
    if suggestion.is_empty() { base.to_string() } else { format!("{suggestion} {base}") }
}

/// Whether the run reports this unresolved reference: its file was named, or
/// the set it names is defined in a named file (SPEC §2).
fn relevant(ctx: &Context, reference: &Reference, kind: RefKind, text: &str) -> bool {
    if ctx.reported(reference.file) {
        return true;
    }
    let parts: Vec<&str> = text.trim().split('/').collect();
    // Only `set/objective/kr`, and `set/objective` for `aligns_to`, name another set;
    // a short `objective/kr` points into the reference's own (unnamed) set.
    let set = match (kind, parts.as_slice()) {
        (RefKind::AlignsTo | RefKind::ContributesTo, [set, _, _]) | (RefKind::AlignsTo, [set, _]) => set,
        _ => return false,
    };
    ctx.join.sets_with_id(set).iter().any(|file| ctx.reported(*file))
}

fn check(ctx: &Context, sink: &mut Sink) {
    let join = ctx.join;
    let has_dictionary =
        join.files.iter().any(|f| matches!(f.summary.as_ref().map(|s| &s.defines), Some(Defines::Metrics(_))));
    for reference in join.references.iter().filter(|r| r.target.is_none()) {
        let written = join.written(reference);
        if written.kind == RefKind::CheckInKr
            || join.into_unreadable(written.kind, &written.text)
            || !relevant(ctx, reference, written.kind, &written.text)
        {
            continue;
        }
        let file = reference.file;
        let summary = join.files[file].summary.as_deref();
        let home = summary.and_then(|s| s.set()).map(|s| s.id.value.as_str());
        let text = &*written.text;
        let mut fix = None;
        let (message, help_text) = match written.kind {
            RefKind::AlignsTo | RefKind::ContributesTo => {
                let (what, kr_only, form) = if written.kind == RefKind::AlignsTo {
                    ("an objective or key result", false, "write `set/objective` or `set/objective/kr`")
                } else {
                    ("a key result", true, "write `set/objective/kr` (or `objective/kr` inside the same set)")
                };
                let close = join.closest_ref(home, text, kr_only);
                fix = close.as_deref().and_then(|close| Fix::rename_reference(written.span, close));
                let suggestion = close.map(|close| format!("did you mean `{close}`?")).unwrap_or_default();
                // The set id exists, but only in cycles that do not overlap this set's (SPEC §1.1).
                let parts: Vec<&str> = text.trim().split('/').collect();
                let named_set = match parts.as_slice() {
                    [set, _, _] => Some(*set),
                    [set, _] if written.kind == RefKind::AlignsTo => Some(*set),
                    _ => None,
                };
                let own_cycle = summary.and_then(|s| s.set()).and_then(|s| s.cycle);
                let elsewhere = named_set
                    .filter(|set| {
                        own_cycle.is_some()
                            && !join.sets_with_id(set).is_empty()
                            && join.set_for(set, own_cycle).is_none()
                    })
                    .map(|set| {
                        let cycles: Vec<String> =
                            join.cycles_of_id(set).iter().map(|(s, e)| format!("{s} – {e}")).collect();
                        (set, cycles.join(", "))
                    });
                match (elsewhere, own_cycle) {
                    (Some((set, cycles)), Some((start, end))) => {
                        fix = None;
                        (
                            format!(
                                "`{}` {} names set `{set}`, which has no cycle overlapping this set's ({start} – {end}); it has {cycles}",
                                written.kind.key(),
                                quote(text)
                            ),
                            format!("align to the `{set}` set of this cycle: add it, or fix this set's `cycle`"),
                        )
                    }
                    _ => (
                        format!("`{}` {} does not name {what} in the project", written.kind.key(), quote(text)),
                        help(form, suggestion),
                    ),
                }
            }
            RefKind::Moves => {
                let ids: Vec<&str> = summary
                    .and_then(|s| s.set())
                    .and_then(|set| set.objectives.get(written.origin.objective as usize))
                    .map(|o| o.key_results.iter().filter_map(|kr| kr.id.as_ref().map(|i| i.value.as_str())).collect())
                    .unwrap_or_default();
                fix = suggest(text, ids.iter().copied()).and_then(|close| Fix::rename_reference(written.span, close));
                (
                    format!("`moves` {} is not a key result of this objective", quote(text)),
                    help(
                        &format!("this objective's key results are: {}", ids.join(", ")),
                        did_you_mean(text, ids.iter().copied()),
                    ),
                )
            }
            RefKind::Metric => {
                let base = if has_dictionary {
                    "define it in a metric dictionary (`*.metrics.yaml`) or fix the name"
                } else {
                    "no metric dictionary (`*.metrics.yaml`) was found in the project; add one that defines it"
                };
                fix = suggest(text, join.metric_names()).and_then(|close| Fix::rename_reference(written.span, close));
                (
                    format!("`metric` {} is not defined in any metric dictionary", quote(text)),
                    help(base, did_you_mean(text, join.metric_names())),
                )
            }
            RefKind::LogSet => (
                format!("`okrs` {} does not name a set in the project", quote(text)),
                help(
                    "a set's id is its `id:` or its file name without `.okr.yaml`",
                    did_you_mean(text, join.sets().map(|(_, s)| s.id.value.as_str())),
                ),
            ),
            RefKind::PullFrom => {
                let sources: Vec<&str> = ctx.config.sources.iter().map(|s| s.name.as_str()).collect();
                if sources.contains(&text.trim()) {
                    continue;
                }
                let base = if sources.is_empty() {
                    "no `sources` are configured: add one to .okrlint.yaml (`sources: {NAME: {sqlite: PATH}}` or `{url_env: VAR}`)"
                        .to_string()
                } else {
                    format!("the configured sources are: {}", sources.join(", "))
                };
                fix =
                    suggest(text, sources.iter().copied()).and_then(|close| Fix::rename_reference(written.span, close));
                (
                    format!("`pull.from` {} names no source in the configuration", quote(text)),
                    help(&base, did_you_mean(text, sources.iter().copied())),
                )
            }
            RefKind::CheckInKr => continue,
        };
        sink.report_fixable(file, written.span, message, help_text, fix);
    }
}
