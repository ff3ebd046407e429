//! ## What it does
//! Reports a key result that names no `owner`.
//!
//! ## Why is this bad?
//! A key result without one accountable person is a key result nobody
//! updates, escalates or answers for when it turns red. Collaborators can
//! help; someone still has to own the number.
//!
//! ## Example
//! ```yaml
//!       - id: d7-active
//!         title: Increase day-7 active accounts from 46% to 65%
//!         baseline: 46
//!         target: 65
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: d7-active
//!         title: Increase day-7 active accounts from 46% to 65%
//!         owner: Lifecycle lead
//!         baseline: 46
//!         target: 65
//! ```

use super::{Context, Rule, Scope, Sink, owners};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR101",
    name: "missing-owner",
    severity: Severity::Error,
    summary: "a KR has no owner",
    scope: Scope::File,
    source: include_str!("missing_owner.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        if kr.unreadable.contains(&"owner") {
            continue;
        }
        if kr.owner.as_ref().is_none_or(|o| owners::is_blank(&o.value)) {
            let span = kr.owner.as_ref().map_or(kr.span, |o| o.span);
            sink.report(
                set.file,
                span,
                format!("key result {} has no owner", quote(&ctx.index.ref_of(crate::index::Target::Kr(r)))),
                "add `owner:` with the one person accountable for this key result",
            );
        }
    }
}
