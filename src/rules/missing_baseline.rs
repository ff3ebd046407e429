//! ## What it does
//! Reports a key result with no `baseline`: the value the metric had when the
//! cycle started.
//!
//! ## Why is this bad?
//! Without a starting value, progress cannot be measured or scored: moving
//! "to 65%" means one thing from 60% and another from 20%. A baseline that
//! nobody can find is also the first sign that the data does not exist yet.
//!
//! ## Example
//! ```yaml
//!       - id: d7-active
//!         title: Increase day-7 active accounts to 65%
//!         target: 65
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: d7-active
//!         title: Increase day-7 active accounts from 46% to 65%
//!         baseline: 46
//!         target: 65
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;

pub const RULE: Rule = Rule {
    code: "OKR201",
    name: "missing-baseline",
    severity: Severity::Error,
    summary: "a KR has no baseline",
    scope: Scope::File,
    source: include_str!("missing_baseline.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        if kr.unreadable.contains(&"baseline") {
            continue;
        }
        if kr.baseline.is_none() {
            sink.report(
                set.file,
                kr.span,
                format!("key result {} has no baseline", quote(&ctx.index.ref_of(Target::Kr(r)))),
                "add `baseline:` with the metric's value at the start of the cycle, read from its source of truth",
            );
        }
    }
}
