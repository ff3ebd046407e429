//! ## What it does
//! Reads "from X to Y" in a key result's title and reports it when X is not
//! the `baseline` or Y is not the `target`. Percent signs, currency symbols,
//! thousands separators and magnitudes are understood: `46%` matches a
//! baseline of 46 or 0.46; `$1.2M`, `1.2 million` and `1.2 mn` are 1,200,000,
//! written in the field as 1200000, or as 1200 when the `unit` says thousands
//! (`USD k`, `kEUR`, `thousand USD`) or as 1.2 when it says millions (`USD M`).
//! A unit that names no scale is read at the scale where most fields agree
//! with the title (`€900k to €1.6M` with 900 and 1600); what still
//! disagrees there is reported.
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
        let baseline = kr.baseline.as_ref().map(|b| b.value.as_decimal());
        let target = kr.target.as_ref().map(|t| t.value.as_decimal());
        let unit_scale = kr.unit.as_ref().and_then(|u| unit_scale(&u.value));
        let wrong = disagreements(&found, baseline, target, unit_scale);
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

/// What the fields say that the title does not, read at the scale that
/// reconciles the most of them: the unit's own (`USD k`: thousands) first,
/// then units, thousands, millions, billions — so `from $1.2M to $2M` agrees
/// with 1200 and 2000 in `USD k`, and with 900 and 1600 of a unit that names
/// no scale when the title says `€900k` to `€1.6M`.
fn disagreements(
    found: &FromTo,
    baseline: Option<Decimal>,
    target: Option<Decimal>,
    unit_scale: Option<Decimal>,
) -> Vec<String> {
    let scales = unit_scale.into_iter().chain([1u64, 1_000, 1_000_000, 1_000_000_000].map(Decimal::from));
    let fields = [("baseline", baseline, &found.from), ("target", target, &found.to)];
    let mut best: Option<Vec<String>> = None;
    for scale in scales {
        let wrong: Vec<String> = fields
            .iter()
            .filter_map(|(name, value, said)| {
                let value = (*value)?;
                (!said.matches(value, scale)).then(|| format!("{name} is {value}"))
            })
            .collect();
        let written = fields.iter().filter(|(_, value, _)| value.is_some()).count();
        // A scale at which a field agrees is how the fields are written:
        // what still disagrees there is a mismatch.
        if best.as_ref().is_none_or(|b| wrong.len() < b.len()) && wrong.len() < written.max(1) {
            best = Some(wrong);
        }
    }
    best.unwrap_or_else(|| {
        fields.iter().filter_map(|(name, value, _)| value.map(|v| format!("{name} is {v}"))).collect()
    })
}

/// The scale a unit names: `k`, `kEUR`, `thousand USD` (1,000), `USD M`,
/// `MEUR`, `million`, `mn` (1,000,000), `bn`, `billion` (1,000,000,000).
fn unit_scale(unit: &str) -> Option<Decimal> {
    let words = unit.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '/' | ',' | '.'));
    for word in words.filter(|w| !w.is_empty()) {
        let lower = word.to_lowercase();
        let scale: u64 = match lower.as_str() {
            "k" | "thousand" | "thousands" => 1_000,
            "mn" | "mm" | "million" | "millions" => 1_000_000,
            "bn" | "billion" | "billions" => 1_000_000_000,
            // `M` alone is millions; `m` is metres.
            _ if word == "M" => 1_000_000,
            // A currency code with a scale prefix: kEUR, MUSD.
            _ if word.len() == 4 && word[1..].bytes().all(|b| b.is_ascii_uppercase()) => match &word[..1] {
                "k" | "K" => 1_000,
                "M" => 1_000_000,
                _ => continue,
            },
            _ => continue,
        };
        return Some(Decimal::from(scale));
    }
    None
}

/// A number as a title writes it: what it may stand for as written (`46%`:
/// 46 or 0.46), and its value when a suffix scales it (`$1.2M`: 1,200,000).
#[derive(Debug)]
struct TitleNumber {
    written: Vec<Decimal>,
    scaled: Option<Decimal>,
}

impl TitleNumber {
    /// Whether a field `value`, in units of `scale`, is this number.
    fn matches(&self, value: Decimal, scale: Decimal) -> bool {
        match self.scaled {
            Some(scaled) => value.checked_mul(scale).is_some_and(|v| v.normalize() == scaled.normalize()),
            None => self.written.iter().any(|c| c.normalize() == value.normalize()),
        }
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
    let mut written = vec![value];
    let suffix = &text[i..];
    if let Some(rest) = suffix.strip_prefix('%').or_else(|| suffix.strip_prefix(" percent")) {
        written.extend(value.checked_div(Decimal::ONE_HUNDRED));
        return Some((TitleNumber { written, scaled: None }, text.len() - rest.len()));
    }
    // A magnitude, right after the number or after one space: k, M, bn, million…
    let spaced = suffix.strip_prefix(' ').unwrap_or(suffix);
    let ends_word = |rest: &str| !rest.starts_with(|c: char| c.is_alphanumeric());
    let magnitude = [
        ("thousand", 1_000u64, true),
        ("million", 1_000_000, true),
        ("billion", 1_000_000_000, true),
        ("bn", 1_000_000_000, true),
        ("mn", 1_000_000, true),
        ("k", 1_000, false),
        ("K", 1_000, false),
        ("M", 1_000_000, false),
        ("B", 1_000_000_000, false),
    ]
    .into_iter()
    .find_map(|(word, scale, may_be_spaced)| {
        let rest = suffix.strip_prefix(word).or_else(|| may_be_spaced.then(|| spaced.strip_prefix(word)).flatten())?;
        ends_word(rest).then_some((scale, rest))
    });
    let Some((scale, rest)) = magnitude else {
        return Some((TitleNumber { written, scaled: None }, i));
    };
    // "1000000000000000000000bn" overflows: then the title can only mean the number as written.
    let scaled = value.checked_mul(Decimal::from(scale));
    if scaled.is_none() {
        return Some((TitleNumber { written, scaled: None }, i));
    }
    Some((TitleNumber { written, scaled }, text.len() - rest.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(title: &str) -> Option<(Decimal, Decimal)> {
        from_to(title).map(|f| (f.from.written[0], f.to.written[0]))
    }

    /// What OKR208 says of a title, baseline, target and unit.
    fn says(title: &str, baseline: i64, target: i64, unit: &str) -> Vec<String> {
        let found = from_to(title).expect("a from-to phrase");
        disagreements(&found, Some(baseline.into()), Some(target.into()), unit_scale(unit))
    }

    #[test]
    fn reads_from_to_phrases() {
        assert_eq!(pair("Reduce median time from 3 days to 1 day"), Some((3.into(), 1.into())));
        assert_eq!(pair("Increase rate from 46% to 65% by Mar 31"), Some((46.into(), 65.into())));
        assert_eq!(pair("Grow ARR from $1.2M to $2,500,000"), Some((Decimal::new(12, 1), 2_500_000.into())));
        assert_eq!(pair("Improve p95 latency from 480 ms to 300 ms"), Some((480.into(), 300.into())));
        assert!(pair("Move away from manual work to automation").is_none());
        let f = from_to("Lift share from 46 percent to 65 percent").unwrap();
        assert!(f.from.matches(Decimal::new(46, 2), Decimal::ONE));
        assert!(from_to("Grow ARR from $1.2M to $2M").unwrap().to.matches(2_000_000.into(), Decimal::ONE));
    }

    #[test]
    fn magnitudes_compare_by_value_at_the_units_scale() {
        let none: Vec<String> = Vec::new();
        // The unit's own scale.
        assert_eq!(says("Grow ARR from $1.2M to $2M", 1200, 2000, "USD k"), none);
        assert_eq!(says("Grow ARR from $1.2M to $2M", 1200, 2000, "kEUR"), none);
        assert_eq!(says("Grow ARR from $1.2M to $2M", 1200, 2000, "thousand USD"), none);
        assert_eq!(says("Grow revenue from €900k to €1.6M", 900, 1600, "EUR k"), none);
        // No scale in the unit: the one that makes the fields agree.
        assert_eq!(says("Grow revenue from €900k to €1.6M", 900, 1600, "EUR"), none);
        assert_eq!(says("Grow revenue from €900k to €1.6M", 900_000, 1_600_000, "EUR"), none);
        assert_eq!(says("Raise GMV from 1.5 bn to 2 bn", 1500, 2000, "USD M"), none);
        assert_eq!(says("Raise GMV from 1.5 bn to 2 billion", 1_500_000_000, 2_000_000_000, "USD"), none);
        // A real mismatch, at the scale the other field sets.
        assert_eq!(says("Grow ARR from $1.2M to $2M", 1200, 2500, "USD k"), vec!["target is 2500".to_string()]);
        assert_eq!(says("Grow revenue from €900k to €1.6M", 900, 1700, "EUR"), vec!["target is 1700".to_string()]);
        assert_eq!(says("Cut cost from $5M to $3M", 7, 9, "USD M").len(), 2);
        // Metres are not millions.
        assert_eq!(unit_scale("m"), None);
        assert_eq!(unit_scale("USD M"), Some(1_000_000.into()));
    }
}
