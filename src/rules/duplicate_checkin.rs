//! ## What it does
//! Reports a second check-in for one key result on one date, in the same log
//! or in another log of the set. The later one (by path, then position) is
//! reported, at its `date`; like a shared set id, it is reported when either
//! log is checked, so a commit that adds the second one fails.
//!
//! ## Why is this bad?
//! Two actuals for the same day contradict each other, and which one counts
//! would depend on file order. A correction belongs in the original entry.
//!
//! ## Example
//! ```yaml
//!   - date: 2026-02-09
//!     kr: faster-value/ttv
//!     actual: 2
//!   - date: 2026-02-09
//!     kr: faster-value/ttv
//!     actual: 1.8
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - date: 2026-02-09
//!     kr: faster-value/ttv
//!     actual: 1.8
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::join::Def;

pub const RULE: Rule = Rule {
    code: "OKR603",
    name: "duplicate-checkin",
    severity: Severity::Error,
    summary: "two check-ins for one KR on the same date",
    scope: Scope::Project,
    source: include_str!("duplicate_checkin.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let join = ctx.join;
    for (file, _) in join.sets() {
        for (kr, _) in join.krs_of(file) {
            // Own check-ins only: a pulled actual beside the team's check-in of the same date is not a second one (SPEC §7).
            let checkins: Vec<_> = join.own_checkins_of(kr).collect();
            for pair in checkins.windows(2) {
                let (Some(first), Some(second)) = (join.checkin(pair[0]), join.checkin(pair[1])) else { continue };
                let (Some(a), Some(b)) = (&first.date, &second.date) else { continue };
                // Like a shared set id (OKR003): reported, in the later file, when either is named.
                if a.value != b.value || !(ctx.reported(pair[0].file) || ctx.reported(pair[1].file)) {
                    continue;
                }
                let earlier = if pair[0].file == pair[1].file {
                    "earlier in this log".to_string()
                } else {
                    format!("in {}", join.files[pair[0].file].display)
                };
                let name = join.ref_of(Def::Kr { file: kr.0, objective: kr.1, kr: kr.2 });
                sink.report(
                    pair[1].file,
                    b.span,
                    format!("a second check-in for {} on {} (the first is {earlier})", quote(&name), b.value),
                    "keep one check-in per key result and date: correct the first one instead",
                );
            }
        }
    }
}
