//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding, then a summary line; and the Markdown table for the job summary
//! (`$GITHUB_STEP_SUMMARY`), since GitHub shows only ten annotations of each
//! level per step.
//!
//! Text from OKR files is untrusted (anyone who opens a pull request writes
//! it): it is escaped so that no title can start a workflow command of its
//! own, and it reads intact once GitHub unescapes it.

use super::safe::text as escape_control;
use super::{CheckReport, summary_line};
use crate::diagnostic::{Diagnostic, Severity};

/// Escapes a command's data (the message): `%`, CR and LF.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn level(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The annotations, written one by one, then a summary line.
pub fn write(report: &CheckReport, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        let file = &report.files[d.file].display;
        let mut message = escape_control(&d.message).into_owned();
        if !d.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&escape_control(&d.help));
        }
        sink.write_all(
            format!(
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                level(d),
                property(&escape_control(file)),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                property(&format!("{} {}", d.code(), d.name())),
                data(&message),
            )
            .as_bytes(),
        )?;
    }
    // A plain line (GitHub shows at most ten annotations of each level per step).
    sink.write_all(format!("okrlint: {}", summary_line(report.summary)).as_bytes())
}

/// Markdown-escapes a table cell: no pipe, markup or line break from an OKR file survives.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_control(text).chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' | '*' | '_' | '[' | ']' | '#' | '~' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The job summary: every finding (annotations show only some) as a table.
pub fn step_summary(report: &CheckReport) -> String {
    let mut out = String::from("### okrlint\n\n");
    out.push_str(&cell(summary_line(report.summary).trim_end()));
    out.push_str("\n\n");
    let shown: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| !d.suppressed).collect();
    if shown.is_empty() {
        return out;
    }
    out.push_str("| File | Line | Severity | Rule | Message |\n|---|---|---|---|---|\n");
    for d in shown {
        out.push_str(&format!(
            "| {} | {}:{} | {} | {} {} | {} |\n",
            cell(&report.files[d.file].display),
            d.line,
            d.column,
            d.severity,
            d.code(),
            d.name(),
            cell(&d.message)
        ));
    }
    out.push('\n');
    out
}
