//! ## What it does
//! Reports a check-in whose `kr` names no key result of the log's set: a
//! short ref (`objective/kr`) that the set does not define, or a full ref
//! (`set/objective/kr`) naming a key result of another set. A check-in is
//! never moved to another set's key result: the log's `okrs` says whose
//! check-ins these are.
//!
//! The finding sits on the check-in's `kr` value. When a KR is renamed and
//! only the set file is checked (a pre-commit run), the logs that still use
//! the old name are reported too.
//!
//! ## Why is this bad?
//! A check-in that reaches no key result is lost: its actual scores nothing,
//! and the key result it was meant for looks as if nobody checked in.
//!
//! ## Example
//! ```yaml
//! okrs: growth
//! checkins:
//!   - date: 2026-02-09
//!     kr: faster-value/time-to-value
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - date: 2026-02-09
//!     kr: faster-value/ttv
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::join::{CheckInAt, Def};
use crate::load::RefKind;

pub const RULE: Rule = Rule {
    code: "OKR601",
    name: "checkin-unknown-kr",
    severity: Severity::Error,
    summary: "a check-in names a KR that does not exist",
    scope: Scope::Project,
    source: include_str!("checkin_unknown_kr.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let join = ctx.join;
    for reference in &join.references {
        let written = join.written(reference);
        if written.kind != RefKind::CheckInKr {
            continue;
        }
        let file = reference.file;
        let Some(index) = written.origin.kr else { continue };
        // The set of the check-in's cycle; none: OKR602 (a date in no cycle)
        // or OKR004 (a log naming no set) says so, not this rule.
        let Some(own) = join.checkin_set(CheckInAt { file, index }) else { continue };
        if !(ctx.reported(file) || ctx.reported(own)) || join.into_unreadable(written.kind, &written.text) {
            continue;
        }
        let set_id = join.set_summary(own).map_or("", |s| s.id.value.as_str());
        match reference.target {
            Some(Def::Kr { file: target, .. }) if target == own => {}
            Some(target @ Def::Kr { .. }) => sink.report(
                file,
                written.span,
                format!(
                    "the check-in names {}, a key result of another set; this log's check-ins belong to set `{set_id}`",
                    quote(&join.ref_of(target))
                ),
                "log it in a check-in log whose `okrs` names that set, or name a key result of this set",
            ),
            _ => {
                let close = join
                    .closest_ref(Some(set_id), written.text.trim(), true)
                    .filter(|close| close.split('/').count() == 2 || close.starts_with(&format!("{set_id}/")));
                let fix = close.as_deref().and_then(|close| crate::fix::Fix::rename_reference(written.span, close));
                let suggestion = close.map(|close| format!("did you mean `{close}`? ")).unwrap_or_default();
                // With several cycles of the id, say which one the date picked.
                let cycle = join
                    .cycle_of(own)
                    .filter(|_| join.sets_with_id(set_id).len() > 1)
                    .map(|(s, e)| format!(" of the cycle {s} – {e}"))
                    .unwrap_or_default();
                sink.report_fixable(
                    file,
                    written.span,
                    format!(
                        "the check-in names {}, which is not a key result of set `{set_id}`{cycle}",
                        quote(&written.text)
                    ),
                    format!("{suggestion}write `objective/kr` as the set defines them"),
                    fix,
                );
            }
        }
    }
}
