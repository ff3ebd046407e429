//! ## What it does
//! Checks a key result's threshold ladder (`scoring: {method: threshold, …}`):
//! every band uses the same kind of bound (`at_most` when lower is better,
//! `at_least` when higher is better); bounds strictly increase for `at_most`
//! and strictly decrease for `at_least`; every band has a score; scores lie in
//! 0..1 and never rise from one band to the next (nor does `otherwise` above
//! the last band); and the ladder points the same way as baseline → target.
//! It also reports a scoring method okrlint does not know.
//!
//! ## Why is this bad?
//! The first band that holds wins. A ladder out of order makes some bands
//! unreachable, and a ladder pointing the wrong way rewards the metric for
//! moving away from the target. Either way the score stops meaning anything.
//!
//! ## Example
//! ```yaml
//!         baseline: 9          # days; lower is better
//!         target: 4
//!         scoring:
//!           method: threshold
//!           bands:
//!             - {at_most: 6, score: 0.7}
//!             - {at_most: 4, score: 1.0}
//! ```
//!
//! ## Use instead
//! ```yaml
//!         scoring:
//!           method: threshold
//!           bands:
//!             - {at_most: 4, score: 1.0}
//!             - {at_most: 6, score: 0.7}
//!             - {at_most: 8, score: 0.3}
//!           otherwise: 0.0
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::model::plan as method;

pub const RULE: Rule = Rule {
    code: "OKR205",
    name: "invalid-threshold-ladder",
    severity: Severity::Error,
    summary: "a threshold ladder is out of order, mixed, out of range or points the wrong way",
    scope: Scope::File,
    source: include_str!("invalid_threshold_ladder.rs"),
    check,
};

/// The problems come from the scorer's own validator: a ladder this rule
/// accepts is exactly a ladder the scorer scores.
fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        let number = |q: &Option<crate::model::Sp<crate::model::Quantity>>| q.as_ref().map(|q| q.value.as_decimal());
        if let Err(problems) = method::method(kr.scoring.as_deref(), number(&kr.baseline), number(&kr.target)) {
            for problem in problems {
                sink.report(set.file, problem.span, problem.message, problem.help);
            }
        }
    }
}
