//! ## What it does
//! Reports a key result whose latest check-in (or, with none, the cycle's
//! first day) is more than two cadence periods before the as-of date. The
//! finding sits on the key result's `- id:` line in its set. It applies to
//! every set whose cycle has started, until one cadence period after its
//! end; once the cycle has ended, staleness is measured at its last day.
//!
//! ## Why is this bad?
//! A score is only as fresh as its last check-in. After two silent periods
//! the status people read is old news, and a red key result can hide behind
//! an amber that stopped being true weeks ago.
//!
//! ## Example
//! ```yaml
//! # as of 2026-03-02, the latest check-in of growth/faster-value/ttv:
//!   - date: 2026-02-09
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - date: 2026-02-23   # checked in within the last two weeks
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::join::Def;

pub const RULE: Rule = Rule {
    code: "OKR605",
    name: "stale-kr",
    severity: Severity::Warning,
    summary: "a KR's latest check-in is older than two cadence periods at the as-of date (at the cycle's end once it has ended)",
    scope: Scope::Project,
    source: include_str!("stale_kr.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let join = ctx.join;
    let length = ctx.config.cadence.days();
    let limit = length.saturating_mul(2);
    // Written once: a set without logs has every KR stale.
    let as_of = ctx.as_of.to_string();
    let help: std::borrow::Cow<'static, str> = match limit {
        14 => "check in on it: a score older than 14 days no longer says where it stands".into(),
        28 => "check in on it: a score older than 28 days no longer says where it stands".into(),
        _ => format!("check in on it: a score older than {limit} days no longer says where it stands").into(),
    };
    for (file, set) in join.sets().filter(|(file, _)| ctx.reported(*file)) {
        let Some((start, end)) = set.cycle else { continue };
        if start > ctx.as_of || !ctx.habits_judge(file) {
            continue;
        }
        // Measured at the cycle's end once it has ended (its last period's grace).
        let at = ctx.as_of.min(end);
        let at_text = if at == ctx.as_of { as_of.clone() } else { format!("the cycle's end on {end}") };
        let never = format!("it has had no check-in since the cycle started on {start}");
        for (kr_at, kr) in join.krs_of(file) {
            if kr.id.is_none() {
                continue;
            }
            // The team's own check-ins: a pulled actual keeps the score fresh, not the habit (SPEC §7).
            let latest = join
                .own_checkins_of(kr_at)
                .filter_map(|checkin| join.checkin(checkin)?.date.as_ref().map(|d| d.value))
                .filter(|d| *d <= at)
                .max();
            let since = latest.unwrap_or(start);
            let days = at.signed_duration_since(since).num_days();
            if days <= limit {
                continue;
            }
            let what = match latest {
                Some(date) => std::borrow::Cow::Owned(format!("its latest check-in is from {date}")),
                None => std::borrow::Cow::Borrowed(never.as_str()),
            };
            let name = join.ref_of(Def::Kr { file, objective: kr_at.1, kr: kr_at.2 });
            sink.report(
                file,
                kr.span,
                format!("key result `{name}` is stale: {what}, {days} days before {at_text}"),
                help.clone(),
            );
        }
    }
}
