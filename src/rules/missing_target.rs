//! ## What it does
//! Reports a key result with no `target`: the value the metric should reach
//! by the due date.
//!
//! ## Why is this bad?
//! A key result without a target cannot be scored and cannot be missed; it
//! is a direction, not a commitment. "Improve activation" is satisfied by any
//! movement at all.
//!
//! ## Example
//! ```yaml
//!       - id: activation
//!         title: Improve activation
//!         baseline: 46
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: activation
//!         title: Increase day-7 activation from 46% to 65%
//!         baseline: 46
//!         target: 65
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;

pub const RULE: Rule = Rule {
    code: "OKR202",
    name: "missing-target",
    severity: Severity::Error,
    summary: "a KR has no target",
    scope: Scope::File,
    source: include_str!("missing_target.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        if kr.unreadable.contains(&"target") {
            continue;
        }
        if kr.target.is_none() {
            sink.report(
                set.file,
                kr.span,
                format!("key result {} has no target", quote(&ctx.index.ref_of(Target::Kr(r)))),
                "add `target:` with the value to reach by the due date",
            );
        }
    }
}
