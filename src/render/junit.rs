//! `--format junit`: a JUnit XML report, as GitLab and most CI systems read
//! it. One `testsuite` per checked file; one `testcase` per finding (rule and
//! location), failed when the finding is at or above the fail level; a file
//! with no finding has one passing test case, so it still shows as checked.

use std::fmt::Write;

use super::CheckReport;
use crate::diagnostic::{Diagnostic, Severity, escape_control};

/// Escapes text for XML attributes and content. Characters XML 1.0 cannot
/// hold at all (most control characters) become their `\u{…}` spelling.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_control(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push_str("\\u{fffe}"),
            _ => out.push(c),
        }
    }
    out
}

pub fn render(report: &CheckReport) -> String {
    let fails = |d: &Diagnostic| d.severity >= report.fail_on;
    let shown: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| !d.suppressed).collect();
    let total_failures = shown.iter().filter(|d| fails(d)).count();
    // Files in display order, each with its findings (the diagnostics are sorted by file).
    let mut files: Vec<(usize, Vec<&Diagnostic>)> = Vec::new();
    for (id, _) in report.files.iter().enumerate().filter(|(_, f)| f.reported) {
        files.push((id, Vec::new()));
    }
    files.sort_by(|a, b| report.files[a.0].display.cmp(&report.files[b.0].display));
    for d in &shown {
        match files.binary_search_by(|(id, _)| report.files[*id].display.cmp(&report.files[d.file].display)) {
            Ok(at) => files[at].1.push(d),
            // A finding in a file that was not named (a named file broke it, SPEC §2).
            Err(at) => files.insert(at, (d.file, vec![d])),
        }
    }
    let tests: usize = files.iter().map(|(_, found)| found.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"okrlint\" tests=\"{tests}\" failures=\"{total_failures}\" errors=\"0\">");
    for (id, found) in &files {
        let path = xml(&report.files[*id].display);
        let failures = found.iter().filter(|d| fails(d)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            found.len().max(1)
        );
        if found.is_empty() {
            let _ = writeln!(out, "    <testcase classname=\"okrlint\" name=\"{path}: no findings\" file=\"{path}\"/>");
        }
        for d in found {
            let name = format!("{} {} at {}:{}:{}", d.code, d.name, report.files[d.file].display, d.line, d.column);
            let _ = write!(
                out,
                "    <testcase classname=\"okrlint.{}\" name=\"{}\" file=\"{path}\" line=\"{}\"",
                d.code,
                xml(&name),
                d.line
            );
            let body =
                format!("{}:{}:{}: {}\nhelp: {}", report.files[d.file].display, d.line, d.column, d.message, d.help);
            if fails(d) {
                let _ = writeln!(
                    out,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                    d.code,
                    xml(&d.message),
                    xml(&body)
                );
            } else {
                // Below the fail level: a passing case that still says what was found.
                let kind = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                let _ = writeln!(out, ">\n      <system-out>{kind}: {}</system-out>\n    </testcase>", xml(&body));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
