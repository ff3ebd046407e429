//! ## What it does
//! Reports a reference that points at nothing: an objective's `aligns_to`, a
//! key result's `contributes_to` or `metric`, an initiative's `moves`, and a
//! check-in log's `okrs`. It suggests the closest existing reference.
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

use super::{Context, Rule, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::LinkKind;
use crate::load::suggest;

pub const RULE: Rule = Rule {
    code: "OKR004",
    name: "unresolved-reference",
    severity: Severity::Error,
    summary: "`aligns_to`, `contributes_to`, `moves`, `metric`, log `okrs` point at nothing",
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

fn check(ctx: &Context, sink: &mut Sink) {
    let index = ctx.index;
    for link in &index.links {
        if link.target.is_some() {
            continue;
        }
        let (what, kr_only) = match link.kind {
            LinkKind::AlignsTo => ("an objective or key result", false),
            LinkKind::ContributesTo => ("a key result", true),
        };
        let suggestion = index
            .closest_ref(link.from.set(), &link.text, kr_only)
            .map(|close| format!("did you mean `{close}`?"))
            .unwrap_or_default();
        let form = match link.kind {
            LinkKind::AlignsTo => "write `set/objective` or `set/objective/kr`",
            LinkKind::ContributesTo => "write `set/objective/kr` (or `objective/kr` inside the same set)",
        };
        sink.report(
            link.file,
            link.span,
            format!("`{}` {} does not name {what} in the project", link.kind.key(), quote(&link.text)),
            help(form, suggestion),
        );
    }
    for set in &index.sets {
        for objective in &set.objectives {
            let ids: Vec<&str> =
                objective.key_results.iter().filter_map(|kr| kr.id.as_ref().map(|i| i.value.as_str())).collect();
            for initiative in &objective.initiatives {
                for moved in &initiative.moves {
                    if !ids.contains(&moved.value.as_str()) {
                        sink.report(
                            set.file,
                            moved.span,
                            format!("`moves` {} is not a key result of this objective", quote(&moved.value)),
                            help(
                                &format!("this objective's key results are: {}", ids.join(", ")),
                                did_you_mean(&moved.value, ids.iter().copied()),
                            ),
                        );
                    }
                }
            }
            for kr in &objective.key_results {
                if let Some(metric) = &kr.metric
                    && index.metric(&metric.value).is_none()
                {
                    let base = if index.dictionaries.is_empty() {
                        "no metric dictionary (`*.metrics.yaml`) was found in the project; add one that defines it"
                    } else {
                        "define it in a metric dictionary (`*.metrics.yaml`) or fix the name"
                    };
                    sink.report(
                        set.file,
                        metric.span,
                        format!("`metric` {} is not defined in any metric dictionary", quote(&metric.value)),
                        help(base, did_you_mean(&metric.value, index.metric_names())),
                    );
                }
            }
        }
    }
    for log in &index.logs {
        if let Some(okrs) = &log.okrs
            && index.set_by_id(&okrs.value).is_none()
        {
            sink.report(
                log.file,
                okrs.span,
                format!("`okrs` {} does not name a set in the project", quote(&okrs.value)),
                help(
                    "a set's id is its `id:` or its file name without `.okr.yaml`",
                    did_you_mean(&okrs.value, index.sets.iter().map(|s| s.id.value.as_str())),
                ),
            );
        }
    }
}
