//! ## What it does
//! Reports an objective of a non-company set that neither `aligns_to` an
//! objective or key result elsewhere nor has a key result that
//! `contributes_to` one.
//!
//! ## Why is this bad?
//! Team OKRs earn their place by moving something the company cares about.
//! An objective with no link may be fine (intentional divergence happens),
//! but it should be a decision the challenge session made, not an accident.
//!
//! ## Example
//! ```yaml
//! level: team
//! objectives:
//!   - id: faster-value
//!     title: Shorten time to value for new SMB customers
//! ```
//!
//! ## Use instead
//! ```yaml
//! level: team
//! objectives:
//!   - id: faster-value
//!     title: Shorten time to value for new SMB customers
//!     aligns_to: company/win-smb
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;
use crate::model::Level;

pub const RULE: Rule = Rule {
    code: "OKR501",
    name: "unaligned-objective",
    severity: Severity::Warning,
    summary: "a non-company objective neither `aligns_to` anything nor has a KR that `contributes_to` anything",
    scope: Scope::File,
    source: include_str!("unaligned_objective.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, objective) in ctx.index.objectives() {
        if set.level == Level::Company
            || objective.aligns_to.is_some()
            || objective.key_results.iter().any(|kr| kr.contributes_to.is_some())
        {
            continue;
        }
        sink.report(
            set.file,
            objective.id.as_ref().map_or(objective.span, |i| i.span),
            format!("objective {} is not aligned to anything", quote(&ctx.index.ref_of(Target::Objective(r)))),
            "add `aligns_to: set/objective` (or `contributes_to` on a key result) naming what it supports; suppress with a reason if the divergence is intended",
        );
    }
}
