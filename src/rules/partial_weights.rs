//! ## What it does
//! Reports an objective in which some key results set a `weight` and others
//! do not.
//!
//! ## Why is this bad?
//! Weights say how much each key result counts toward the objective's score.
//! When only some are weighted, the others silently count 1, which is rarely
//! what the people who agreed the weights meant. Weigh all of them, or none.
//!
//! ## Example
//! ```yaml
//!     key_results:
//!       - id: revenue
//!         weight: 3
//!       - id: activation
//! ```
//!
//! ## Use instead
//! ```yaml
//!     key_results:
//!       - id: revenue
//!         weight: 3
//!       - id: activation
//!         weight: 1
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR209",
    name: "partial-weights",
    severity: Severity::Warning,
    summary: "some but not all KRs of an objective have a weight",
    scope: Scope::File,
    source: include_str!("partial_weights.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, objective) in ctx.index.objectives() {
        let weighted = objective.key_results.iter().filter(|kr| kr.weight.is_some()).count();
        if weighted == 0 || weighted == objective.key_results.len() {
            continue;
        }
        for kr in &objective.key_results {
            if kr.weight.is_none() {
                let id = kr.id.as_ref().map_or("?", |i| i.value.as_str());
                sink.report(
                    set.file,
                    kr.span,
                    format!(
                        "key result {} has no weight while {weighted} of the objective's {} key results {} one",
                        quote(id),
                        objective.key_results.len(),
                        if weighted == 1 { "has" } else { "have" }
                    ),
                    "give every key result of this objective a `weight`, or remove the weights",
                );
            }
        }
    }
}
