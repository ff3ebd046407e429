//! `--format gitlab`: a GitLab Code Quality report, a JSON array with one
//! object per finding (`description`, `check_name`, `fingerprint`,
//! `severity`, `location.path`, `location.lines.begin`). GitLab does not
//! show `check_name`, so the description starts with the code.

use serde::Serialize;

use super::CheckReport;
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The issues, serialised one at a time as they are made.
struct Issues<'a>(&'a CheckReport<'a>);

impl Serialize for Issues<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut fingerprints = super::Fingerprinter::default();
        serializer.collect_seq(report.diagnostics.iter().filter(|d| !d.suppressed).map(|d| Issue {
            description: format!("{} {}: {}", d.code(), d.name(), d.message),
            check_name: d.code(),
            fingerprint: fingerprints.next(report, d),
            severity: severity(d),
            location: Location { path: &report.files[d.file].display, lines: Lines { begin: d.line } },
        }))
    }
}

/// Writes the report as it is made (no whole document in memory), through
/// the one JSON escaping layer (`safe`).
pub fn write(report: &CheckReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::safe::write_json_pretty(out, &Issues(report))
}
