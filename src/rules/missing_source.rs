//! ## What it does
//! Reports a key result with no source of truth: neither its own `source`
//! nor a `metric` whose dictionary entry names one.
//!
//! ## Why is this bad?
//! If nobody can say where the number comes from, every check-in is an
//! opinion and two people will report two different values. The source is
//! the system where the metric is defined, refreshed and audited.
//!
//! ## Example
//! ```yaml
//!       - id: latency
//!         title: Cut p95 API latency from 480 ms to 300 ms
//!         baseline: 480
//!         target: 300
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: latency
//!         title: Cut p95 API latency from 480 ms to 300 ms
//!         baseline: 480
//!         target: 300
//!         source: https://grafana.example.com/d/api-latency
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;

pub const RULE: Rule = Rule {
    code: "OKR203",
    name: "missing-source",
    severity: Severity::Error,
    summary: "a KR has no source of truth (own or via its metric)",
    scope: Scope::File,
    source: include_str!("missing_source.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        if kr.unreadable.contains(&"source") || kr.source.as_ref().is_some_and(|s| !s.value.trim().is_empty()) {
            continue;
        }
        let (span, message, help) = match &kr.metric {
            // An unknown metric is OKR004's finding; the source would come from it.
            Some(metric) if ctx.join.metric(&metric.value).is_none() => continue,
            Some(metric) if ctx.join.metric(&metric.value).is_some_and(|m| m.has_source) => continue,
            Some(metric) => (
                metric.span,
                format!(
                    "key result {} has no source of truth, and its metric {} names none",
                    quote(&ctx.index.ref_of(Target::Kr(r))),
                    quote(&metric.value)
                ),
                "add `source:` to the metric's dictionary entry (or to the key result)",
            ),
            None => (
                kr.span,
                format!("key result {} has no source of truth", quote(&ctx.index.ref_of(Target::Kr(r)))),
                "add `source:` with the dashboard URL or system the number is read from, or a `metric:` from the dictionary",
            ),
        };
        sink.report(set.file, span, message, help);
    }
}
