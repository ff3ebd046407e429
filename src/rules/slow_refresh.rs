//! ## What it does
//! Reports a key result whose data refreshes less often than weekly
//! (`biweekly`, `monthly`, `quarterly`), whether the KR sets `refresh` itself
//! or inherits it from its metric's dictionary entry.
//!
//! ## Why is this bad?
//! Teams check in weekly. A number that moves once a month gives three
//! check-ins in four with nothing new to discuss, and a problem surfaces
//! weeks after it could have been fixed. Find a leading metric that moves
//! weekly, or speed up the pipeline.
//!
//! ## Example
//! ```yaml
//!       - id: churn
//!         title: Cut logo churn from 3% to 2% per quarter
//!         refresh: quarterly
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: at-risk
//!         title: Reduce accounts flagged at-risk from 120 to 60
//!         refresh: weekly
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::model::Refresh;

pub const RULE: Rule = Rule {
    code: "OKR206",
    name: "slow-refresh",
    severity: Severity::Warning,
    summary: "a KR's refresh (own or via metric) is slower than weekly",
    scope: Scope::File,
    source: include_str!("slow_refresh.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        if let Some(refresh) = &kr.refresh {
            if refresh.value > Refresh::Weekly {
                sink.report(
                    set.file,
                    refresh.span,
                    format!("the data refreshes {}, slower than the weekly check-in", refresh.value.as_str()),
                    "refresh the source at least weekly, or pick a leading metric that moves every week",
                );
            }
            continue;
        }
        let Some(metric_ref) = &kr.metric else { continue };
        let Some(metric) = ctx.join.metric(&metric_ref.value) else { continue };
        if let Some(refresh) = metric.refresh
            && refresh > Refresh::Weekly
        {
            sink.report(
                set.file,
                metric_ref.span,
                format!(
                    "metric {} refreshes {}, slower than the weekly check-in",
                    quote(&metric_ref.value),
                    refresh.as_str()
                ),
                "refresh the metric's source at least weekly, or pick a leading metric that moves every week",
            );
        }
    }
}
