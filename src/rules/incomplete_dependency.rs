//! ## What it does
//! Reports a `depends_on` entry that lacks an `owner`, a `deliverable` or a
//! `due` date.
//!
//! ## Why is this bad?
//! A dependency is a commitment another team made. "Data Platform will help"
//! is a hope; "Sam Ortiz delivers the activation events by 23 January" is
//! something to plan on, follow up and escalate when it slips.
//!
//! ## Example
//! ```yaml
//!         depends_on:
//!           - team: Data Platform
//! ```
//!
//! ## Use instead
//! ```yaml
//!         depends_on:
//!           - team: Data Platform
//!             owner: Sam Ortiz
//!             deliverable: Activation events available in the warehouse
//!             due: 2026-01-23
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR502",
    name: "incomplete-dependency",
    severity: Severity::Warning,
    summary: "a `depends_on` entry lacks owner, deliverable or due date",
    scope: Scope::File,
    source: include_str!("incomplete_dependency.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        for dependency in &kr.depends_on {
            let missing = dependency.missing();
            if missing.is_empty() {
                continue;
            }
            let team = dependency.team.as_ref().map_or("another team".to_string(), |t| quote(&t.value));
            sink.report(
                set.file,
                dependency.span,
                format!("the dependency on {team} has no `{}`", missing.join("`, no `")),
                "a dependency names who delivers what by when: add the missing keys",
            );
        }
    }
}
