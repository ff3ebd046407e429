//! ## What it does
//! Looks at the key results of an objective that declare `signal`: when none
//! of them is `leading`, or none is `lagging`, the objective is reported.
//! Key results without `signal` are not counted, and an objective none of
//! whose key results declares one is not judged.
//!
//! ## Why is this bad?
//! Lagging results (revenue, retention, churn) prove the objective paid off,
//! but move too late to steer by during the cycle. Leading signals (activation,
//! pipeline, weekly usage) move every week, but can rise while the outcome
//! does not. A set of only one kind either flies blind until the quarter ends,
//! or celebrates activity that never turns into results.
//!
//! ## Example
//! ```yaml
//!     key_results:
//!       - id: trials
//!         title: Raise weekly trial starts from 200 to 350
//!         signal: leading
//!       - id: demos
//!         title: Raise booked demos from 40 to 70 a week
//!         signal: leading
//! ```
//!
//! ## Use instead
//! ```yaml
//!     key_results:
//!       - id: trials
//!         title: Raise weekly trial starts from 200 to 350
//!         signal: leading
//!       - id: revenue
//!         title: Grow new monthly recurring revenue from $40k to $65k
//!         signal: lagging
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::model::Signal;

pub const RULE: Rule = Rule {
    code: "OKR406",
    name: "unbalanced-signals",
    severity: Severity::Warning,
    summary: "among KRs of an objective that declare `signal`, none is leading or none is lagging",
    scope: Scope::File,
    source: include_str!("unbalanced_signals.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, objective) in ctx.index.objectives() {
        let declared: Vec<Signal> =
            objective.key_results.iter().filter_map(|kr| kr.signal.as_ref().map(|s| s.value)).collect();
        if declared.is_empty() {
            continue;
        }
        let (kind, missing, help) = if !declared.contains(&Signal::Lagging) {
            (
                "leading",
                "lagging",
                "add a lagging key result that proves the objective paid off (revenue, retention, churn), or mark one that does as `signal: lagging`",
            )
        } else if !declared.contains(&Signal::Leading) {
            (
                "lagging",
                "leading",
                "add a leading key result that moves every week and predicts the outcome (activation, pipeline, usage), or mark one as `signal: leading`",
            )
        } else {
            continue;
        };
        let n = declared.len();
        let message = if n == 1 {
            format!("the one key result that declares `signal` is {kind}: none is {missing}")
        } else {
            format!("all {n} key results that declare `signal` are {kind}: none is {missing}")
        };
        sink.report(set.file, objective.key_results_key.unwrap_or(objective.span), message, help);
    }
}
