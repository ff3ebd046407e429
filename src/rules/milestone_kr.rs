//! ## What it does
//! Reports a key result whose baseline and target describe a milestone, done
//! or not done: `0 → 1` with no unit (or a unit such as `done`, `launched`,
//! `boolean`), or yes/no, true/false, done/not done values.
//!
//! ## Why is this bad?
//! A milestone scores 0 until the last day and then 1: it gives no signal
//! along the way and says nothing about whether the delivered thing changed
//! anything. It is an initiative; the key result is what it should move.
//!
//! ## Example
//! ```yaml
//!       - id: portal
//!         title: Partner portal is live
//!         baseline: 0
//!         target: 1
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: partner-deals
//!         title: Grow partner-sourced deals from 4 to 12 a month
//!         baseline: 4
//!         target: 12
//!     initiatives:
//!       - title: Launch the partner portal
//! ```

use rust_decimal::Decimal;

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;
use crate::model::Quantity;

pub const RULE: Rule = Rule {
    code: "OKR207",
    name: "milestone-kr",
    severity: Severity::Warning,
    summary: "baseline/target are a 0→1 or yes/no milestone (done / not done)",
    scope: Scope::File,
    source: include_str!("milestone_kr.rs"),
    check,
};

const MILESTONE_UNITS: &[&str] = &[
    "done",
    "boolean",
    "bool",
    "yes/no",
    "milestone",
    "binary",
    "complete",
    "completed",
    "launched",
    "shipped",
    "flag",
    "status",
    "live",
    "delivered",
];

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        let (Some(baseline), Some(target)) = (&kr.baseline, &kr.target) else { continue };
        let yes_no = matches!(baseline.value, Quantity::Milestone(_)) || matches!(target.value, Quantity::Milestone(_));
        let unit_is_milestone =
            kr.unit.as_ref().is_none_or(|u| MILESTONE_UNITS.contains(&u.value.trim().to_lowercase().as_str()));
        let zero_one = baseline.value.number() == Some(Decimal::ZERO)
            && target.value.number() == Some(Decimal::ONE)
            && unit_is_milestone;
        if yes_no || zero_one {
            sink.report(
                set.file,
                target.span,
                format!("key result {} is a done/not-done milestone, not a measure of change", quote(&ctx.index.ref_of(Target::Kr(r)))),
                "move the deliverable to `initiatives` and measure the outcome it should change, with a real baseline and target",
            );
        }
    }
}
