//! `okrlint score --format csv`: one row per key result, RFC 4180 quoting,
//! and safe to open in a spreadsheet: a text cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a CR is prefixed with `'`, so it is never run as a
//! formula. A CSV is also read with `cat` and in CI logs: control, line-break
//! and bidi characters are shown escaped (`render::safe::text`), so a record
//! is always one line.

use super::{ScoreReport, number, pace, rag, shown};

const HEADER: &[&str] = &[
    "set",
    "objective",
    "key_result",
    "owner",
    "baseline",
    "target",
    "actual",
    "score",
    "rag",
    "confidence",
    "last_checkin",
    "trend",
    "expected",
    "pace",
    "forecast",
    "below_baseline",
];

/// A text cell from an OKR file: defused, then quoted when it must be.
fn text(value: &str) -> String {
    // The guard looks at the value as written: a leading tab or CR is a formula trick too.
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{}", crate::render::safe::text(value))
    } else {
        crate::render::safe::text(value).into_owned()
    };
    field(&defused)
}

/// RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

pub fn render(report: &ScoreReport) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    let num = |v: Option<rust_decimal::Decimal>| v.map(number).unwrap_or_default();
    for set in &report.sets {
        for objective in &set.objectives {
            for kr in &objective.key_results {
                let score =
                    |v: Option<rust_decimal::Decimal>| if v.is_some() { shown(v, report.scale) } else { String::new() };
                let row = [
                    text(set.id()),
                    text(objective.id()),
                    text(kr.id()),
                    text(kr.owner().unwrap_or("")),
                    num(kr.baseline()),
                    num(kr.target()),
                    num(kr.card.actual),
                    score(kr.card.score),
                    rag(kr.status).to_string(),
                    kr.card.confidence.map(|c| c.to_string()).unwrap_or_default(),
                    kr.card.last_checkin.map(|d| d.to_string()).unwrap_or_default(),
                    kr.card.trend.iter().map(|t| number(*t)).collect::<Vec<_>>().join(" "),
                    score(kr.card.expected),
                    pace(kr.card.on_pace()).to_string(),
                    score(kr.card.forecast),
                    kr.card.below_baseline.to_string(),
                ];
                out.push_str(&row.join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(text("Growth PM"), "Growth PM");
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("Lima, Ana"), "\"Lima, Ana\"");
        assert_eq!(text("two\nlines"), "two\\nlines");
        assert_eq!(text("\tx\u{7}\u{202e}"), "'\\tx\\u{7}\\u{202e}");
    }
}
