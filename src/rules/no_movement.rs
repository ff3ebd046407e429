//! ## What it does
//! Reports a key result whose `target` equals its `baseline`.
//!
//! ## Why is this bad?
//! A key result is a change to make. Holding a value where it is may be a
//! worthy health check, but it belongs among the KPIs you monitor, not among
//! the few outcomes you are trying to move this cycle; it also cannot be
//! scored, since there is no distance to cover.
//!
//! ## Example
//! ```yaml
//!         title: Keep uptime at 99.9%
//!         baseline: 99.9
//!         target: 99.9
//! ```
//!
//! ## Use instead
//! ```yaml
//!         title: Raise checkout uptime from 99.5% to 99.9%
//!         baseline: 99.5
//!         target: 99.9
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;

pub const RULE: Rule = Rule {
    code: "OKR204",
    name: "no-movement",
    severity: Severity::Error,
    summary: "target equals baseline",
    scope: Scope::File,
    source: include_str!("no_movement.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        if let (Some(baseline), Some(target)) = (&kr.baseline, &kr.target)
            && baseline.value.as_decimal() == target.value.as_decimal()
        {
            sink.report(
                set.file,
                target.span,
                format!(
                    "key result {} targets {}, its baseline: there is nothing to move",
                    quote(&ctx.index.ref_of(Target::Kr(r))),
                    target.value.as_decimal()
                ),
                "set a target that differs from the baseline, or track this value as a KPI instead of a key result",
            );
        }
    }
}
