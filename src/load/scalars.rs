//! The text forms of scalars: ids, exact decimals, dates and cycles.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::Cycle;
use crate::yaml::Value;

/// Whether text is a valid id: `[a-z0-9-]+`.
pub fn is_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "my-id".into() } else { out }
}

/// Numbers are exact up to this many significant digits (SPEC §5).
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;

/// The significant digits of a number as written: leading zeros and the
/// exponent do not count, trailing zeros do.
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).skip_while(|d| *d == b'0');
    digits.count()
}

/// An exact decimal from a number's text as written.
pub fn parse_decimal(raw: &str, value: &Value) -> Result<Decimal, String> {
    if let Value::Float(f) = value
        && !f.is_finite()
        && !raw.bytes().any(|b| b.is_ascii_digit())
    {
        return Err("not a finite number".into());
    }
    let text = raw.strip_prefix('+').unwrap_or(raw);
    if !text.starts_with("0x") && !text.starts_with("0o") && significant_digits(text) > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "out of range: more than {MAX_SIGNIFICANT_DIGITS} significant digits cannot be kept exactly"
        ));
    }
    let parsed = if text.contains(['e', 'E']) && !text.starts_with("0x") {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    match parsed {
        Ok(n) => Ok(n),
        Err(_) => match value {
            Value::Int(i) => Decimal::try_from_i128_with_scale(*i, 0).map_err(|_| "too large".to_string()),
            Value::Float(f) if !f.is_finite() => Err("out of range (too large to be a measurable value)".into()),
            _ if text.bytes().any(|b| b.is_ascii_digit()) && text.parse::<f64>().is_ok() => {
                Err("out of range or too precise (at most 28 significant digits)".into())
            }
            _ => Err("not a number".into()),
        },
    }
}

/// A `YYYY-MM-DD` date that exists.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err("is not a date in the form YYYY-MM-DD".into());
    }
    NaiveDate::from_str(text).map_err(|_| "is not a date that exists".into())
}

/// A cycle written as text: `2026-Q1`, `2026-H2`, `2026`, `2026-05`.
pub fn parse_cycle(text: &str) -> Cycle {
    let invalid = |reason: &str| Cycle::Invalid { reason: reason.to_string() };
    let text = text.trim();
    let year: Option<i32> =
        text.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).and_then(|y| y.parse().ok());
    let Some(year) = year.filter(|y| *y >= 1) else {
        return invalid("a cycle starts with a four-digit year: YYYY-Qn, YYYY-Hn, YYYY, YYYY-MM or {start, end}");
    };
    let date = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    // The last day of month `m`: the day before the next month's first.
    let month_end = |m: u32| {
        let next = if m == 12 {
            year.checked_add(1).and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
        } else {
            m.checked_add(1).and_then(|next| date(next, 1))
        };
        next.and_then(|n| n.pred_opt())
    };
    let range = |start: Option<NaiveDate>, end: Option<NaiveDate>| match (start, end) {
        (Some(start), Some(end)) => Cycle::Range { start, end },
        _ => invalid("the year is out of range"),
    };
    let rest = &text[4..];
    match rest.as_bytes() {
        [] => range(date(1, 1), date(12, 31)),
        [b'-', b'Q', q @ b'1'..=b'4'] => {
            let (first, last) = match q {
                b'1' => (1, 3),
                b'2' => (4, 6),
                b'3' => (7, 9),
                _ => (10, 12),
            };
            range(date(first, 1), month_end(last))
        }
        [b'-', b'H', h @ b'1'..=b'2'] => {
            let (first, last) = if *h == b'1' { (1, 6) } else { (7, 12) };
            range(date(first, 1), month_end(last))
        }
        [b'-', m1 @ b'0'..=b'9', m2 @ b'0'..=b'9'] => {
            let month: u32 = std::str::from_utf8(&[*m1, *m2]).ok().and_then(|m| m.parse().ok()).unwrap_or(0);
            if (1..=12).contains(&month) {
                range(date(month, 1), month_end(month))
            } else {
                invalid("the month must be 01 to 12")
            }
        }
        [b'-', b'q' | b'h', ..] => invalid("write the quarter or half in capitals: YYYY-Qn or YYYY-Hn"),
        [b'-', b'Q', ..] => invalid("a quarter is Q1 to Q4"),
        [b'-', b'H', ..] => invalid("a half is H1 or H2"),
        _ => invalid("expected YYYY-Qn, YYYY-Hn, YYYY, YYYY-MM or {start: DATE, end: DATE}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("0.605", &Value::Float(0.605)).unwrap().to_string(), "0.605");
        assert_eq!(parse_decimal("18.1", &Value::Float(18.1)).unwrap().to_string(), "18.1");
        assert!(parse_decimal("1e400", &Value::Float(f64::INFINITY)).is_err());
        assert!(parse_decimal(".nan", &Value::Float(f64::NAN)).is_err());
        assert_eq!(parse_decimal("1e3", &Value::Float(1000.0)).unwrap(), Decimal::from(1000));
        let digits28 = "1234567890123456789012345678";
        assert_eq!(parse_decimal(digits28, &Value::Float(0.0)).unwrap().to_string(), digits28);
        assert_eq!(parse_decimal("0.0001234567890123456789012345", &Value::Float(0.0)).unwrap().scale(), 28);
        let err = parse_decimal("12345678901234567890123456789", &Value::Int(0)).unwrap_err();
        assert!(err.contains("28 significant digits"), "{err}");
        assert!(parse_decimal("-1.2345678901234567890123456789", &Value::Float(0.0)).is_err());
    }

    #[test]
    fn cycles() {
        assert_eq!(parse_cycle("2026-Q1").range().unwrap().1.to_string(), "2026-03-31");
        assert_eq!(parse_cycle("2024-02").range().unwrap().1.to_string(), "2024-02-29");
        assert_eq!(parse_cycle("2026-H2").range().unwrap().0.to_string(), "2026-07-01");
        assert_eq!(parse_cycle("2026").range().unwrap().1.to_string(), "2026-12-31");
        assert!(matches!(parse_cycle("2026-Q5"), Cycle::Invalid { .. }));
        assert!(matches!(parse_cycle("Q1"), Cycle::Invalid { .. }));
    }
}
