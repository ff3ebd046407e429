//! `--format gitlab`: a GitLab Code Quality report, a JSON array with one
//! object per finding (`description`, `check_name`, `fingerprint`,
//! `severity`, `location.path`, `location.lines.begin`). GitLab does not
//! show `check_name`, so the description starts with the code.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap as HashMap;
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

/// Unique per finding and stable across runs: the merge-request widget
/// merges findings with equal fingerprints, and compares them across pipelines.
fn fingerprint(path: &str, d: &Diagnostic, occurrence: usize) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    (path, d.code, &d.message, occurrence).hash(&mut hasher);
    let high = hasher.finish();
    (d.line, d.column).hash(&mut hasher);
    format!("{high:016x}{:016x}", hasher.finish())
}

pub fn render(report: &CheckReport) -> String {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::default();
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .filter(|d| !d.suppressed)
        .map(|d| {
            let path = report.files[d.file].display.as_str();
            // The same message twice in a file (two KRs missing a baseline read differently,
            // but two equal ones would not): the occurrence keeps fingerprints unique.
            let count = seen.entry((path, d.code, d.message.as_str())).or_default();
            let occurrence = *count;
            *count += 1;
            Issue {
                description: format!("{} {}: {}", d.code, d.name, d.message),
                check_name: d.code,
                fingerprint: fingerprint(path, d, occurrence),
                severity: severity(d),
                location: Location { path, lines: Lines { begin: d.line } },
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}
