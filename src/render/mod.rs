//! Output formats. Nothing outside this module prints findings.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::join::FileEntry;
use crate::lint::Summary;

/// Everything a `check` output format renders.
pub struct CheckReport<'a> {
    /// Every file the diagnostics may point into (`Diagnostic::file` indexes it).
    pub files: &'a [&'a FileEntry],
    pub diagnostics: &'a [Diagnostic],
    pub summary: &'a Summary,
    /// The lowest severity that fails the run (JUnit marks those as failures).
    pub fail_on: Severity,
}

/// Unsuppressed findings per rule: (code, name, count), most frequent first.
pub fn rule_counts(report: &CheckReport) -> Vec<(&'static str, &'static str, usize)> {
    let mut counts: Vec<(&str, &str, usize)> = Vec::new();
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        match counts.iter_mut().find(|(code, _, _)| *code == d.code) {
            Some(entry) => entry.2 += 1,
            None => counts.push((d.code, d.name, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    counts
}

/// `--statistics`: one line per rule with its count, most frequent first.
pub fn statistics(report: &CheckReport) -> String {
    let counts = rule_counts(report);
    let width = counts.iter().map(|c| c.2.to_string().len()).max().unwrap_or(1);
    let mut out = String::new();
    for (code, name, count) in counts {
        out.push_str(&format!("{count:>width$}\t{code}\t{name}\n"));
    }
    out
}

/// The closing line of human-readable output.
pub fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(summary.errors, "error"), plural(summary.warnings, "warning")];
    if summary.infos > 0 {
        parts.push(plural(summary.infos, "info"));
    }
    let suppressed =
        if summary.suppressed > 0 { format!(" ({} suppressed)", summary.suppressed) } else { String::new() };
    if summary.errors + summary.warnings + summary.infos == 0 {
        format!("All checks passed: {} checked, no findings{suppressed}.\n", plural(summary.files, "file"))
    } else {
        format!("Found {} in {}{suppressed}.\n", parts.join(", "), plural(summary.files, "file"))
    }
}
