//! What makes a key result's title checkable (WRITING.md, OKR404): numbers,
//! percentages, money, multipliers, thresholds, ranks, numbers in words,
//! durations, a cadence set as the target, a clock time. OKR404 reports a
//! title without one; OKR402 asks it whether an activity carries an outcome
//! target.

use super::objective_has_metric::{is_placeholder_target, is_quantity};
use super::words::QUANTITY_WORDS;

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
