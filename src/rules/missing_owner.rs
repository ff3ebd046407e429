//! ## What it does
//! Reports a key result that names no `owner`, or only a placeholder for
//! one: TBD, TODO, n/a, none, "to be decided", `?`, `-`, or a template slot
//! such as `[owner]` or `<name>`.
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
    summary: "a KR has no owner, or a placeholder for one (TBD, TODO, n/a, none, ?, -)",
    scope: Scope::File,
    source: include_str!("missing_owner.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        if kr.unreadable.contains(&"owner") {
            continue;
        }
        let name = quote(&ctx.index.ref_of(crate::index::Target::Kr(r)));
        match &kr.owner {
            Some(owner) if !owners::is_blank(&owner.value) => {
                if let Some(placeholder) = owners::placeholder(&owner.value) {
                    sink.report(
                        set.file,
                        owner.span,
                        format!("key result {name} has a placeholder for an owner ({})", quote(placeholder)),
                        "name the one person accountable for this key result before the cycle starts",
                    );
                }
            }
            owner => sink.report(
                set.file,
                owner.as_ref().map_or(kr.span, |o| o.span),
                format!("key result {name} has no owner"),
                "add `owner:` with the one person accountable for this key result",
            ),
        }
    }
}
