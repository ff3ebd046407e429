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
use super::objective_has_metric::{is_placeholder_target, is_quantity};
use super::words::QUANTITY_WORDS;
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

/// Cadences that, as the target, are checkable ("customers log in weekly").
const CADENCES: &[&str] = &["daily", "weekly", "monthly", "hourly", "nightly", "fortnightly", "quarterly"];

/// Units a duration or a clock time ends in.
const TIME_UNITS: &[&str] =
    &["second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months"];

/// Whether a KR title states something checkable. Words are looked at one by
/// one and lower-cased only when needed: this runs on every key result.
pub fn checkable(title: &str) -> bool {
    let words: Vec<&str> = title
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\'' | '.')))
        .filter(|w| !w.is_empty())
        .collect();
    let lower = |i: usize| words.get(i).map(|w| w.to_lowercase());
    for (i, &word) in words.iter().enumerate() {
        if is_placeholder_target(word) || word == "%" {
            continue;
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            let l = word.to_ascii_lowercase();
            // A clock time: 9am, 5pm, 17:00.
            if l.starts_with(|c: char| c.is_ascii_digit())
                && (l.ends_with("am") || l.ends_with("pm") || l.contains(':'))
            {
                return true;
            }
            // A threshold (≤45, >90%), a rank (top-5, top10), a rating (4-star, 4-5-star).
            if l.starts_with(['≤', '≥', '<', '>', '~'])
                || (l.starts_with("top") && l[3..].trim_start_matches('-').starts_with(|c: char| c.is_ascii_digit()))
                || (l.starts_with(|c: char| c.is_ascii_digit()) && l.ends_with("-star"))
            {
                return true;
            }
            let previous = i.checked_sub(1).and_then(lower);
            if is_quantity(word, previous.as_deref()) {
                return true;
            }
            continue;
        }
        // "At least one customer", "One customer indexes…": one, as a count.
        if word.eq_ignore_ascii_case("one")
            && (i == 0 || i.checked_sub(1).and_then(lower).is_some_and(|p| matches!(p.as_str(), "least" | "most")))
        {
            return true;
        }
        let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
        // "tenfold", "threefold".
        let multiple = word.len() > 4
            && word.is_char_boundary(word.len() - 4)
            && word[word.len() - 4..].eq_ignore_ascii_case("fold")
            && QUANTITY_WORDS.iter().any(|q| q.eq_ignore_ascii_case(&word[..word.len() - 4]));
        // A cadence is a target when it ends the phrase ("log in weekly", "on a
        // weekly basis"), not when it qualifies a metric ("monthly unique visitors").
        let cadence_target = is(CADENCES)
            && words.get(i + 1).is_none_or(|next| {
                let next = next.to_lowercase();
                matches!(
                    next.as_str(),
                    "basis" | "cadence" | "and" | "or" | "by" | "in" | "on" | "at" | "for" | "from" | "to" | "with"
                ) || !next.starts_with(|c: char| c.is_alphabetic())
            });
        if multiple || cadence_target || (is(QUANTITY_WORDS) && !is(&["quarter", "third"])) {
            return true;
        }
        // A duration: "within an hour", "under a minute", "the same day".
        if is(&["same-day", "overnight"])
            || (is(&["within", "under", "same"])
                && words[i + 1..].iter().take(3).any(|w| TIME_UNITS.iter().any(|u| u.eq_ignore_ascii_case(w))))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_checkable_titles_from_vague_ones() {
        for title in [
            "Raise NPS from 32 to 45",
            "Grow revenue 20%",
            "Cut p95 latency below 300 ms",
            "Double weekly active teams",
            "Answer every ticket within an hour",
            "Customers log in weekly",
            "Publish the status page by 9am",
            "Reach 5k+ sign-ups",
            "Increase sign-ups by 30",
        ] {
            assert!(checkable(title), "{title}");
        }
        for title in [
            "Improve NPS",
            "Increase conversion by March",
            "Make onboarding better in Q1",
            "Achieve SOC 2 readiness",
            "Increase activation to XX%",
            "All customers love the new flow",
            "Improve conversion %",
        ] {
            assert!(!checkable(title), "{title}");
        }
    }
}
