//! ## What it does
//! Reads "from X to Y" in a key result's title and reports it when X is not
//! the `baseline` or Y is not the `target`. Percent signs, currency symbols,
//! thousands separators and k/M/bn suffixes are understood (`46%` matches a
//! baseline of 46 or 0.46; `$1.2M` matches 1.2 or 1200000).
//!
//! ## Why is this bad?
//! People read the title; tools score the fields. When they disagree, the
//! report shows one promise and the score measures another, usually because
//! one of them was edited and the other forgotten.
//!
//! ## Example
//! ```yaml
//!         title: Reduce median onboarding time from 9 days to 4 days
//!         baseline: 9
//!         target: 5
//! ```
//!
//! ## Use instead
//! ```yaml
//!         title: Reduce median onboarding time from 9 days to 4 days
//!         baseline: 9
//!         target: 4
//! ```

use rust_decimal::Decimal;

use super::{Context, Rule, Scope, Sink, span_within};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR208",
    name: "title-fields-mismatch",
    severity: Severity::Warning,
    summary: "the title says \"from X to Y\" and X/Y differ from baseline/target",
    scope: Scope::File,
    source: include_str!("title_fields_mismatch.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        let Some(title) = &kr.title else { continue };
        let Some(found) = from_to(&title.value) else { continue };
        let mut wrong = Vec::new();
        if let Some(baseline) = &kr.baseline
            && !found.from.matches(baseline.value.as_decimal())
        {
            wrong.push(format!("baseline is {}", baseline.value.as_decimal()));
        }
        if let Some(target) = &kr.target
            && !found.to.matches(target.value.as_decimal())
        {
            wrong.push(format!("target is {}", target.value.as_decimal()));
        }
        if wrong.is_empty() {
            continue;
        }
        let phrase = &title.value[found.start..found.end];
        sink.report(
            set.file,
            span_within(ctx.index, set.file, title, phrase),
            format!("the title says {} but the {}", quote(phrase), wrong.join(" and the ")),
            "make the title and the `baseline`/`target` fields say the same thing",
        );
    }
}

/// A number as a title writes it, with the values it may stand for.
#[derive(Debug)]
struct TitleNumber {
    candidates: Vec<Decimal>,
}

impl TitleNumber {
    fn matches(&self, value: Decimal) -> bool {
        self.candidates.iter().any(|c| c.normalize() == value.normalize())
    }
}

#[derive(Debug)]
struct FromTo {
    from: TitleNumber,
    to: TitleNumber,
    start: usize,
    end: usize,
}

/// Finds "from X … to Y" in a title.
fn from_to(title: &str) -> Option<FromTo> {
    let lower = title.to_ascii_lowercase();
    let mut search = 0;
    while let Some(at) = lower[search..].find("from ").map(|a| a + search) {
        search = at + 5;
        if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let Some((from, after_from)) = number_at(title, at + 5) else { continue };
        // "to" within a few words of the first number.
        let window_end = (after_from + 40).min(title.len());
        let Some(to_at) = lower.get(after_from..window_end).and_then(|w| w.find(" to ")).map(|t| t + after_from) else {
            continue;
        };
        let Some((to, end)) = number_at(title, to_at + 4) else { continue };
        return Some(FromTo { from, to, start: at, end });
    }
    None
}

/// Parses a number starting at `at` (after optional spaces and a currency sign).
fn number_at(text: &str, at: usize) -> Option<(TitleNumber, usize)> {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    let rest = &text[i..];
    let currency = ["$", "€", "£", "¥"].iter().find(|c| rest.starts_with(**c)).map_or(0, |c| c.len());
    i += currency;
    let start = i;
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        i += 1;
    }
    while i < bytes.len()
        && (bytes[i].is_ascii_digit()
            || bytes[i] == b'.'
            || (bytes[i] == b',' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit()))
    {
        i += 1;
    }
    let digits: String = text[start..i].chars().filter(|c| *c != ',').collect();
    let digits = digits.trim_end_matches('.');
    if !digits.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: Decimal = digits.parse().ok()?;
    let mut candidates = vec![value];
    let suffix = &text[i..];
    let multiplier = if suffix.starts_with('%') {
        candidates.extend(value.checked_div(Decimal::ONE_HUNDRED));
        i += 1;
        None
    } else if suffix.starts_with("bn") {
        i += 2;
        Some(Decimal::from(1_000_000_000u64))
    } else if suffix.starts_with(['k', 'K']) && !suffix[1..].starts_with(|c: char| c.is_alphabetic()) {
        i += 1;
        Some(Decimal::from(1_000))
    } else if suffix.starts_with(['M', 'B']) && !suffix[1..].starts_with(|c: char| c.is_alphabetic()) {
        i += 1;
        Some(Decimal::from(if suffix.starts_with('M') { 1_000_000u64 } else { 1_000_000_000 }))
    } else if suffix.starts_with(" percent") {
        candidates.extend(value.checked_div(Decimal::ONE_HUNDRED));
        None
    } else {
        None
    };
    // "1000000000000000000000bn" overflows: then the title can only mean the number as written.
    if let Some(scaled) = multiplier.and_then(|m| value.checked_mul(m)) {
        candidates.push(scaled);
    }
    Some((TitleNumber { candidates }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(title: &str) -> Option<(Decimal, Decimal)> {
        from_to(title).map(|f| (f.from.candidates[0], f.to.candidates[0]))
    }

    #[test]
    fn reads_from_to_phrases() {
        assert_eq!(pair("Reduce median time from 3 days to 1 day"), Some((3.into(), 1.into())));
        assert_eq!(pair("Increase rate from 46% to 65% by Mar 31"), Some((46.into(), 65.into())));
        assert_eq!(pair("Grow ARR from $1.2M to $2,500,000"), Some((Decimal::new(12, 1), 2_500_000.into())));
        assert_eq!(pair("Improve p95 latency from 480 ms to 300 ms"), Some((480.into(), 300.into())));
        assert!(pair("Move away from manual work to automation").is_none());
        let f = from_to("Lift share from 46 percent to 65 percent").unwrap();
        assert!(f.from.matches(Decimal::new(46, 2)));
        assert!(from_to("Grow ARR from $1.2M to $2M").unwrap().to.matches(2_000_000.into()));
    }
}
