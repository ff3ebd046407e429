//! `okrlint score --format markdown`: a GitHub-flavoured table per set.
//! Text from OKR files is escaped so that it cannot break a table or inject
//! markup: `|`, backticks, `<`, `>`, `*`, `_`, `[`, `]` and line breaks.

use std::fmt::Write;

use super::{ScoreReport, number, pace, rag, shown, sparkline};

/// Text safe inside a Markdown table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '`' | '*' | '_' | '[' | ']' | '\\' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if crate::render::safe::is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &ScoreReport) -> String {
    let mut out = format!("# OKR scores as of {}\n", report.as_of);
    let scale = report.scale;
    for set in &report.sets {
        let completion =
            set.card.completion.map_or("–".to_string(), |c| shown(Some(c), crate::config::Scale::Percent));
        let _ = write!(
            out,
            "\n## {} — {} ({})\n\ncheck-in completion: {completion}",
            escape(set.id()),
            shown(set.card.score, scale),
            rag(set.status)
        );
        if let Some((start, end)) = set.cycle() {
            let _ = write!(out, " · cycle {start} – {end}");
        }
        out.push_str("\n\n| objective | key result | owner | baseline → target | actual | score | RAG | trend | confidence | pace |\n");
        out.push_str("|---|---|---|---|---|---|---|---|---|---|\n");
        for objective in &set.objectives {
            let head = format!(
                "{} ({}, {} {})",
                escape(objective.id()),
                if objective.card.aspirational { "aspirational" } else { "committed" },
                shown(objective.card.score, scale),
                rag(objective.status)
            );
            for kr in &objective.key_results {
                let range = match (kr.baseline(), kr.target()) {
                    (Some(b), Some(t)) => format!("{} → {}", number(b), number(t)),
                    _ => "–".into(),
                };
                let actual = kr.card.actual.map_or("–".to_string(), number);
                let flag = if kr.card.below_baseline { " ⚠ below baseline" } else { "" };
                let _ = writeln!(
                    out,
                    "| {head} | {} | {} | {range} | {actual}{flag} | {} | {} | {} | {} | {} |",
                    escape(kr.id()),
                    escape(kr.owner().unwrap_or("")),
                    shown(kr.card.score, scale),
                    rag(kr.status),
                    sparkline(&kr.card.trend),
                    kr.card.confidence.map_or("–".to_string(), |c| c.to_string()),
                    pace(kr.card.on_pace())
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_breaking_text_is_escaped() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("<details>`x`"), "&lt;details&gt;\\`x\\`");
        assert_eq!(escape("line\nbreak"), "line break");
    }
}
