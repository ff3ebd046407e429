//! ## What it does
//! Reports a key result of a Micro-OKR set (`level: micro`) that has no
//! `contributes_to` link to a parent key result.
//!
//! ## Why is this bad?
//! A Micro-OKR exists to move a key result that has stalled. Without the link
//! it is a side project: its learning never reaches the KR it was meant to
//! help, and nobody can tell whether the experiment paid off.
//!
//! ## Example
//! ```yaml
//! level: micro
//! objectives:
//!   - key_results:
//!       - id: incentive-uptake
//! ```
//!
//! ## Use instead
//! ```yaml
//! level: micro
//! objectives:
//!   - key_results:
//!       - id: incentive-uptake
//!         contributes_to: growth/repeat-buyers/repeat-rate
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;
use crate::model::Level;

pub const RULE: Rule = Rule {
    code: "OKR304",
    name: "micro-okr-no-parent",
    severity: Severity::Error,
    summary: "a micro set KR has no `contributes_to`",
    scope: Scope::File,
    source: include_str!("micro_okr_no_parent.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        if set.level == Level::Micro && kr.contributes_to.is_none() {
            sink.report(
                set.file,
                kr.span,
                format!(
                    "Micro-OKR key result {} does not say which key result it serves",
                    quote(&ctx.index.ref_of(Target::Kr(r)))
                ),
                "add `contributes_to: set/objective/kr` naming the parent key result",
            );
        }
    }
}
