//! ## What it does
//! Reports a key result with no check-in in one or more completed cadence
//! periods of its cycle: weeks (or fortnights with `cadence: biweekly`)
//! counted from the cycle's first day, a period being completed once its
//! last day is before the as-of date. One finding per key result, on its
//! `- id:` line in the set, naming every missed period. It applies to every
//! set whose cycle has started, whether or not it has a check-in log yet,
//! until one cadence period after the cycle's end: an older cycle is
//! history, and nobody can check in on it any more. A last window shorter
//! than a period belongs to the period before it.
//!
//! ## Why is this bad?
//! The weekly check-in is where a team notices a key result drifting while
//! there is still time to act. A skipped week is a week nobody looked.
//!
//! ## Example
//! ```yaml
//! # growth.checkins.yaml: weeks 1 and 2 logged, week 3 skipped
//!   - date: 2026-01-05
//!   - date: 2026-01-12
//!   - date: 2026-01-26
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - date: 2026-01-19   # one check-in per key result every week
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::join::Def;

use crate::score::Periods;

pub const RULE: Rule = Rule {
    code: "OKR604",
    name: "missed-checkin",
    severity: Severity::Warning,
    summary: "a KR has no check-in in a completed cadence period (week) between cycle start and as-of (quiet on past cycles)",
    scope: Scope::Project,
    source: include_str!("missed_checkin.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let join = ctx.join;
    let length = ctx.config.cadence.days();
    let unit = if length == 7 { "week" } else { "fortnight" };
    let help: std::borrow::Cow<'static, str> = if length == 7 {
        "log a check-in for it every week in the set's check-in log".into()
    } else {
        "log a check-in for it every fortnight in the set's check-in log".into()
    };
    for (file, set) in join.sets().filter(|(file, _)| ctx.reported(*file)) {
        let Some((start, end)) = set.cycle else { continue };
        if !ctx.habits_judge(file) {
            continue;
        }
        let periods = Periods { start, end, length };
        let completed = periods.completed(ctx.as_of);
        if completed == 0 {
            continue;
        }
        let mut all_missed: Option<String> = None;
        for (at, kr) in join.krs_of(file) {
            if kr.id.is_none() {
                continue;
            }
            let mut seen = vec![false; completed];
            // Pulled actuals are not check-ins of the team (SPEC §7).
            for checkin in join.own_checkins_of(at) {
                let date = join.checkin(checkin).and_then(|c| c.date.as_ref()).map(|d| d.value);
                if let Some(p) = date.and_then(|d| periods.of(d)).filter(|&p| p < completed) {
                    seen[p] = true;
                }
            }
            let missed: Vec<usize> = (0..completed).filter(|&p| !seen[p]).collect();
            if missed.is_empty() {
                continue;
            }
            // Every period missed (a set without a log): the same list for each KR.
            let list = if missed.len() == completed {
                std::borrow::Cow::Borrowed(all_missed.get_or_insert_with(|| runs(&periods, &missed, unit)).as_str())
            } else {
                std::borrow::Cow::Owned(runs(&periods, &missed, unit))
            };
            let name = join.ref_of(Def::Kr { file, objective: at.1, kr: at.2 });
            sink.report(
                file,
                kr.span,
                format!(
                    "key result `{name}` has no check-in in {} of {completed} completed {unit}s: {list}",
                    missed.len(),
                ),
                help.clone(),
            );
        }
    }
}

/// Missed periods as runs: "week 2 (2026-01-08 – 2026-01-14), weeks 4–6 (2026-01-22 – 2026-02-11)".
fn runs(periods: &Periods, missed: &[usize], unit: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < missed.len() {
        let first = missed[i];
        let mut last = first;
        while i + 1 < missed.len() && missed[i + 1] == last + 1 {
            i += 1;
            last = missed[i];
        }
        // The last period may run past the cycle's end: shown up to the end.
        let days = format!("{} – {}", periods.first_day_of(first), periods.last_day_of(last).min(periods.end));
        out.push(if first == last {
            format!("{unit} {} ({days})", first + 1)
        } else {
            format!("{unit}s {}–{} ({days})", first + 1, last + 1)
        });
        i += 1;
    }
    out.join(", ")
}
