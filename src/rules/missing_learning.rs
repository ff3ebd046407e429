//! ## What it does
//! Once a set's cycle has ended (the as-of date is after its last day, by
//! no more than the cycle's own length: the next cycle, when its
//! retrospective happens), reports each key result that has no `learning`.
//! The finding sits on the key result's `- id:` line.
//!
//! ## Why is this bad?
//! The score says how far a bet got; only the team knows why. A cycle that
//! closes without one written lesson per key result starts the next one with
//! the same guesses, and the end-of-cycle report (`okrlint report`) has
//! nothing to show leaders but numbers. One sentence is enough, as long as it
//! would change what the team tries next.
//!
//! ## Example
//! ```yaml
//! cycle: 2026-Q1        # checked on 2026-04-02
//!       - id: ttv
//!         title: Cut median days to first use from 3 to 1
//!         baseline: 3
//!         target: 1
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: ttv
//!         title: Cut median days to first use from 3 to 1
//!         baseline: 3
//!         target: 1
//!         learning: The checklist helped only accounts with an admin; next
//!           cycle we bet on inviting the admin during sign-up
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::Target;

pub const RULE: Rule = Rule {
    code: "OKR702",
    name: "missing-learning",
    severity: Severity::Warning,
    summary: "the cycle has ended (as-of after its end, by no more than the cycle's length) and a KR has no `learning`",
    scope: Scope::File,
    source: include_str!("missing_learning.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (r, set, _, kr) in ctx.index.key_results() {
        let Some((start, end)) = set.cycle.as_ref().and_then(|c| c.value.range()) else { continue };
        // Due once the cycle has ended, until as long again after it (SPEC §2).
        if !super::learning_due((start, end), ctx.as_of)
            || kr.unreadable.contains(&"learning")
            || kr.learning.as_ref().is_some_and(|l| !l.value.trim().is_empty())
        {
            continue;
        }
        sink.report(
            set.file,
            kr.span,
            format!(
                "the cycle ended on {end} and key result {} has no learning",
                quote(&ctx.index.ref_of(Target::Kr(r)))
            ),
            "add `learning:` with one lesson from this cycle that changes what the team bets on next",
        );
    }
}
