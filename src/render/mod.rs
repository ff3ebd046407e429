//! Output formats. Nothing outside this module prints findings.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod report;
pub mod safe;
pub mod sarif;
pub mod score;

use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;

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

/// Fingerprints of unsuppressed findings, made one at a time in output
/// order: a stable hash of a finding's file, rule, message and the text of
/// the line it starts on (not the line's number), and of how many equal
/// findings came before it in the file. It stays the same when unrelated
/// lines move (SARIF's `partialFingerprints`, GitLab's `fingerprint`) and
/// differs between any two findings of a run.
#[derive(Default)]
pub struct Fingerprinter {
    seen: FxHashMap<u64, usize>,
}

impl Fingerprinter {
    pub fn next(&mut self, report: &CheckReport, d: &Diagnostic) -> String {
        let file = report.files[d.file];
        let line = file.source().map(|s| line_of(&s.text, d.span.start())).unwrap_or_default();
        let key = stable_hash(&(&file.display, d.code(), &d.message, line.trim()));
        let count = self.seen.entry(key).or_default();
        let occurrence = *count;
        *count += 1;
        format!("{key:016x}{:016x}", stable_hash(&(key, occurrence)))
    }
}

/// The text of the line holding byte `at` (found from the offset: no scan from the top).
fn line_of(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text.as_bytes()[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let end = text.as_bytes()[at..].iter().position(|b| *b == b'\n').map_or(text.len(), |p| at + p);
    text.get(start..end).unwrap_or("")
}

/// A hash that is the same in every run and on every machine (SipHash with fixed keys).
fn stable_hash<T: Hash>(value: &T) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Unsuppressed findings per rule: (code, name, count), most frequent first.
pub fn rule_counts(report: &CheckReport) -> Vec<(&'static str, &'static str, usize)> {
    let mut counts: Vec<(&str, &str, usize)> = Vec::new();
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        match counts.iter_mut().find(|(code, _, _)| *code == d.code()) {
            Some(entry) => entry.2 += 1,
            None => counts.push((d.code(), d.name(), 1)),
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
