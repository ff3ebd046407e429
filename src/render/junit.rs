//! `--format junit`: a JUnit XML report, as GitLab and most CI systems read
//! it. One `testsuite` per checked file; one `testcase` per finding (rule and
//! location), failed when the finding is at or above the fail level; a file
//! with no finding has one passing test case, so it still shows as checked.

use super::CheckReport;
use crate::diagnostic::{Diagnostic, Severity};

use super::safe::xml;

/// Writes the report as it is made (one file's test cases at a time).
pub fn write(report: &CheckReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
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
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(out, "<testsuites name=\"okrlint\" tests=\"{tests}\" failures=\"{total_failures}\" errors=\"0\">")?;
    for (id, found) in &files {
        let path = xml(&report.files[*id].display);
        let failures = found.iter().filter(|d| fails(d)).count();
        writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            found.len().max(1)
        )?;
        if found.is_empty() {
            writeln!(out, "    <testcase classname=\"okrlint\" name=\"{path}: no findings\" file=\"{path}\"/>")?;
        }
        for d in found {
            let name = format!("{} {} at {}:{}:{}", d.code(), d.name(), report.files[d.file].display, d.line, d.column);
            write!(
                out,
                "    <testcase classname=\"okrlint.{}\" name=\"{}\" file=\"{path}\" line=\"{}\"",
                d.code(),
                xml(&name),
                d.line
            )?;
            let body =
                format!("{}:{}:{}: {}\nhelp: {}", report.files[d.file].display, d.line, d.column, d.message, d.help);
            if fails(d) {
                writeln!(
                    out,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                    d.code(),
                    xml(&d.message),
                    xml(&body)
                )?;
            } else {
                // Below the fail level: a passing case that still says what was found.
                let kind = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                writeln!(out, ">\n      <system-out>{kind}: {}</system-out>\n    </testcase>", xml(&body))?;
            }
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    out.write_all(b"</testsuites>\n")
}
