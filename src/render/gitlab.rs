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
    begin: usize,
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(report: &CheckReport) -> String {
    let fingerprints = super::fingerprints(report);
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .filter(|d| !d.suppressed)
        .zip(fingerprints)
        .map(|(d, fingerprint)| Issue {
            description: format!("{} {}: {}", d.code, d.name, d.message),
            check_name: d.code,
            fingerprint,
            severity: severity(d),
            location: Location { path: &report.files[d.file].display, lines: Lines { begin: d.line } },
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}
