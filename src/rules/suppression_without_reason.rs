//! ## What it does
//! Reports an `# okrlint: allow CODE` comment that gives no reason after `--`.
//! The suppression still works; it is reported so that the reason gets written.
//!
//! ## Why is this bad?
//! A suppression is an exception to the team's quality bar. Without a reason,
//! the next reviewer cannot tell an agreed exception from a silenced warning,
//! and nobody knows when it can be removed.
//!
//! ## Example
//! ```yaml
//!       - id: launch
//!         title: Launch the partner portal   # okrlint: allow OKR402
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: launch
//!         # okrlint: allow OKR402 -- milestone agreed with the sponsor for Q1
//!         title: Launch the partner portal
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "OKR006",
    name: "suppression-without-reason",
    severity: Severity::Warning,
    summary: "`# okrlint: allow` with no `-- reason`",
    scope: Scope::File,
    source: include_str!("suppression_without_reason.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (file, suppressions) in &ctx.index.suppressions {
        let file = *file;
        for s in suppressions.iter() {
            if s.reason.is_none() {
                let what = if s.rules.is_empty() { "nothing".to_string() } else { s.rules.join(", ") };
                sink.report(file, s.span, format!("suppression of {what} gives no reason"), "add `-- ` and the reason after the codes, e.g. `# okrlint: allow OKR402 -- agreed with the sponsor`");
            }
        }
    }
}
