//! ## What it does
//! Reports an outcome key result whose title states no checkable quantity:
//! no number, percentage or amount, no "from X to Y", no multiplier or
//! threshold (`< 1 week`, `5k+`), no quantity in words (`double`, `two`),
//! no duration (`within an hour`), cadence (`weekly`) or clock time (`9am`).
//!
//! A deadline alone (`by March`, `in Q1`), a version or an identifier (`v2`,
//! `SOC 2`, `tier 1`), a placeholder (`XX%`, `[date]`), a bare `%` and words
//! such as `all`, `every` or `always` with no number are not checkable. A key
//! result that starts with a delivery verb ("Launch…", "Write…") is an
//! activity, judged by OKR402, not here.
//!
//! ## Why is this bad?
//! "Improve NPS" is achieved by any improvement at all, and nobody can tell at
//! the end of the cycle whether it went well. The title is what people read in
//! reviews: it should say how much, from where, by when.
//!
//! ## Example
//! ```yaml
//!       - id: nps
//!         title: Improve NPS
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: nps
//!         title: Raise NPS from 32 to 45
//!         baseline: 32
//!         target: 45
//! ```

use super::activity_kr::activity_in;
use super::checkable::checkable;
use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR404",
    name: "vague-kr",
    severity: Severity::Warning,
    summary: "the KR title states no measurable change (\"Improve NPS\")",
    scope: Scope::File,
    source: include_str!("vague_kr.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        let Some(title) = &kr.title else { continue };
        if checkable(&title.value) || activity_in(&title.value).is_some() {
            continue;
        }
        sink.report(
            set.file,
            title.span,
            format!("the key result {} states no checkable quantity", quote(&title.value)),
            "say how much, from where and by when: e.g. `Raise NPS from 32 to 45`",
        );
    }
}
