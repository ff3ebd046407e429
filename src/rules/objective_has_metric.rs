//! ## What it does
//! Reports an objective title that holds a quantity or a numeric target:
//! a number, a percentage, an amount of money, a multiplier (`3x`), a size
//! (`1TB`), a rank (`#1`, `top 3`), a quantity in words (`two markets`,
//! `double`, `half`), or a placeholder target such as `XX%`.
//!
//! Not a metric: years, quarters and halves (`2026`, `Q3`, `H2 2027`, `FY27`),
//! dates, ordinals (`3rd party`, `first week`), tiers, levels, phases, grades
//! and versions (`tier-1`, `grade 5`, `v2.0`), and names that hold digits
//! (`B2B`, `24/7`, `3D`, `5G`, `Web3`, `K-12`, `ISO 27001`, `SOC 2`). Terms in
//! the configuration's `allow_terms` are never reported.
//!
//! ## Why is this bad?
//! The objective says where you want to be and why it matters; the key
//! results say how you will know you got there. A number in the objective
//! turns it into a key result without a baseline, a source or an owner, and it
//! leaves the real key results nothing to add.
//!
//! ## Example
//! ```yaml
//!   - id: growth
//!     title: Grow revenue by 20%
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - id: growth
//!     title: Build a self-serve business that grows without sales
//!     key_results:
//!       - id: revenue
//!         title: Grow self-serve revenue from $1.0M to $1.2M a quarter
//! ```

use super::words::{LABEL_WORDS, QUANTITY_WORDS};
use super::{Context, Rule, Scope, Sink, span_within};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR401",
    name: "objective-has-metric",
    severity: Severity::Warning,
    summary: "the objective title holds a number, percentage or amount (outside `allow_terms`)",
    scope: Scope::File,
    source: include_str!("objective_has_metric.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, objective) in ctx.index.objectives() {
        let Some(title) = &objective.title else { continue };
        let Some(found) = metric_in(&title.value, &ctx.config.allow_terms) else { continue };
        sink.report(
            set.file,
            span_within(ctx.index, set.file, title, found),
            format!("the objective holds a metric: {}", quote(found)),
            "state the change you want in words; put the number in a key result, with its baseline and source",
        );
    }
}

/// The first metric in an objective title, as a slice of it.
pub fn metric_in<'t>(title: &'t str, allow_terms: &[String]) -> Option<&'t str> {
    // Where the allowed terms sit in the title: their words are never a metric ("100 Club").
    // ASCII case folding keeps byte offsets, so the ranges are the title's own.
    let lower_title = title.to_ascii_lowercase();
    let allowed: Vec<(usize, usize)> = allow_terms
        .iter()
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .flat_map(|t| lower_title.match_indices(t.as_str()).map(|(at, m)| (at, at + m.len())).collect::<Vec<_>>())
        .collect();
    let words = tokens(title);
    for (i, &(start, end)) in words.iter().enumerate() {
        let word = &title[start..end];
        let bare = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\'' | '.'));
        if bare.is_empty() || allowed.iter().any(|&(from, to)| from <= start && end <= to) {
            continue;
        }
        let has_digit = bare.bytes().any(|b| b.is_ascii_digit());
        // Most words are neither a number nor a number word: nothing more to look at.
        if !has_digit
            && !is_placeholder_target(bare)
            && !bare.contains('-')
            && !bare.ends_with("fold")
            && !QUANTITY_WORDS.iter().any(|q| q.eq_ignore_ascii_case(bare))
        {
            continue;
        }
        let lower = bare.to_lowercase();
        let previous = i
            .checked_sub(1)
            .map(|p| title[words[p].0..words[p].1].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
        let next =
            words.get(i + 1).map(|&(s, e)| title[s..e].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
        // "50 by 50", "2 by 2": a programme's name, not a target (either number of it).
        let digit_at = |k: Option<usize>| {
            k.and_then(|k| words.get(k)).is_some_and(|&(s, _)| title[s..].starts_with(|c: char| c.is_ascii_digit()))
        };
        let named_pair = (next.as_deref() == Some("by") && digit_at(Some(i + 2)))
            || (previous.as_deref() == Some("by") && digit_at(i.checked_sub(2)));
        // "the first two weeks", "the next 3 months": a period of time, not a target.
        let period = i.checked_sub(1).is_some_and(|p| {
            let before = title[words[p].0..words[p].1].to_lowercase();
            matches!(before.as_str(), "first" | "next" | "initial")
        }) && next.as_deref().is_some_and(|n| {
            matches!(
                n,
                "day"
                    | "days"
                    | "week"
                    | "weeks"
                    | "month"
                    | "months"
                    | "quarter"
                    | "quarters"
                    | "year"
                    | "years"
                    | "sprints"
                    | "hours"
            )
        });
        // "Ship Mobile 3.0": a version after a product's name.
        let version = bare.contains('.')
            && bare.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && i > 0
            && title[words[i - 1].0..].starts_with(|c: char| c.is_uppercase())
            && next.is_none();
        if period || version {
            continue;
        }
        if has_digit || is_placeholder_target(bare) {
            if !named_pair && is_quantity(bare, previous.as_deref()) {
                return Some(bare);
            }
            continue;
        }
        // "zero-downtime", "two-day": a quantity word leading a compound.
        let head = lower.split('-').next().unwrap_or("");
        if lower.contains('-') && head != lower && QUANTITY_WORDS.contains(&head) && !lower.starts_with("single") {
            return Some(bare);
        }
        // "tenfold", "threefold".
        if lower.strip_suffix("fold").is_some_and(|n| QUANTITY_WORDS.contains(&n)) {
            return Some(bare);
        }
        if QUANTITY_WORDS.contains(&lower.as_str()) {
            let before = i.checked_sub(2).map(|p| title[words[p].0..words[p].1].to_lowercase());
            if quantity_word(&lower, previous.as_deref(), before.as_deref(), next.as_deref()) {
                return Some(bare);
            }
        }
    }
    None
}

/// Whether a number word states a quantity here: "a third" and "a quarter"
/// only as fractions ("by a third", "a quarter of"), not as periods ("once a
/// quarter", "this quarter"); "half" not as a period or a race ("first half",
/// "half marathon").
fn quantity_word(word: &str, previous: Option<&str>, before: Option<&str>, next: Option<&str>) -> bool {
    match word {
        "third" | "quarter" => {
            next == Some("of")
                || previous == Some("a")
                    && before.is_some_and(|b| matches!(b, "by" | "than" | "over" | "nearly" | "about"))
        }
        "half" => !previous.is_some_and(|p| matches!(p, "first" | "second")) && next != Some("marathon"),
        _ => true,
    }
}

/// Byte ranges of the whitespace-separated words.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// `XX%`, `X%`, `N%`: a target waiting for its number is still a target.
pub(super) fn is_placeholder_target(word: &str) -> bool {
    word.len() >= 2 && word.ends_with('%') && word[..word.len() - 1].chars().all(|c| matches!(c, 'X' | 'x' | 'N'))
}

/// Whether a word holding a digit states a quantity, given the word before it.
pub(super) fn is_quantity(word: &str, previous: Option<&str>) -> bool {
    if is_placeholder_target(word) {
        return true;
    }
    let lower = word.to_lowercase();
    // Money, percentages, ranks, multipliers: a quantity whatever follows.
    if word.starts_with(['$', '€', '£', '¥', '#']) || word.ends_with('%') || lower.ends_with('×') {
        return true;
    }
    // A date (2026-03-01), a schedule (24/7), a fraction of days (3/4) or a version (1.2.3).
    if lower.matches('-').count() >= 2 || lower.contains('/') || lower.matches('.').count() >= 2 {
        return false;
    }
    // Years, fiscal years, quarters, halves: periods.
    if is_period(&lower) {
        return false;
    }
    // Ordinals: 1st, 2nd, 3rd, 4th.
    let digits_end = lower.find(|c: char| !c.is_ascii_digit() && c != ',' && c != '.').unwrap_or(lower.len());
    let (number, suffix) = lower.split_at(digits_end);
    if number.is_empty() {
        // Letters first: a name with digits (B2B, Web3, K-12, v2, H2O) unless a multiplier or size.
        return false;
    }
    if matches!(suffix, "st" | "nd" | "rd" | "th") {
        return false;
    }
    // After a label word the number names something: tier 1, grade 5, ISO 27001, SOC 2.
    if previous.is_some_and(|p| LABEL_WORDS.contains(&p) || p == "-") {
        return false;
    }
    match suffix {
        // A bare number: a quantity.
        "" => true,
        // Multipliers, amounts and sizes.
        "x" | "k" | "m" | "bn" | "b" | "mm" | "tb" | "gb" | "mb" | "ms" | "s" | "h" | "kg" | "km" | "+" | "k+" => true,
        // A range of multipliers ("4-5x"), a hyphenated quantity ("30-day") or a name ("3-d").
        s if s.starts_with('-') => {
            let rest = &s[1..];
            rest.ends_with('x')
                || rest.chars().all(|c| c.is_ascii_digit())
                || matches!(rest, "day" | "hour" | "minute" | "second" | "week" | "month")
        }
        // 3D, 5G, 4K, 2FA and the like: names.
        _ => false,
    }
}

/// `2026`, `FY27`, `FY2026`, `Q3`, `H2`, `Q3'26`: a period, not a quantity.
fn is_period(lower: &str) -> bool {
    let year =
        |s: &str| s.len() == 4 && (s.starts_with("19") || s.starts_with("20")) && s.chars().all(|c| c.is_ascii_digit());
    if year(lower) {
        return true;
    }
    if let Some(rest) = lower.strip_prefix("fy") {
        return rest.chars().all(|c| c.is_ascii_digit());
    }
    let mut chars = lower.chars();
    matches!(chars.next(), Some('q' | 'h')) && chars.next().is_some_and(|c| c.is_ascii_digit()) && lower.len() <= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quantities_and_leaves_names_and_periods() {
        for (title, found) in [
            ("Grow revenue by 20%", "20%"),
            ("Reach $10M in annual recurring revenue", "$10M"),
            ("Triple the number of active partners", "Triple"),
            ("Grow the customer base 3x", "3x"),
            ("Achieve 4-5x pipeline coverage", "4-5x"),
            ("Be the #1 rated app", "#1"),
            ("Increase conversion by XX%", "XX%"),
            ("Get to 1,000 paying customers", "1,000"),
            ("Launch two new markets", "two"),
            ("Serve 1TB of data per day", "1TB"),
            ("Grow the partner count by 30", "30"),
            ("Cut invoices overdue past 60 days", "60"),
        ] {
            assert_eq!(metric_in(title, &[]), Some(found), "{title}");
        }
        for title in [
            "Make onboarding effortless in the first two weeks",
            "Ship Mobile 3.0",
            "Grow our Q3 enterprise pipeline",
            "Be ready for the H2 2027 expansion",
            "Build a 3rd party integration ecosystem",
            "Delight tier-1 accounts",
            "Strengthen our position in tier 2 cities",
            "Offer 24/7 support",
            "Make 3D printing accessible",
            "Lead the Web3 payments space",
            "Earn ISO 27001 trust",
            "Achieve SOC 2 readiness",
            "Make K-12 teachers love our tools",
            "Become a B2B leader",
            "Make one platform for every team",
            "Prepare the organisation for FY27",
            "Help the 50 by 50 programme reach its promise",
        ] {
            assert_eq!(metric_in(title, &[]), None, "{title}");
        }
        assert_eq!(metric_in("Win the 100 Club award", &["100 Club".into()]), None);
    }
}
