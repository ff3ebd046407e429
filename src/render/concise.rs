//! `--format concise`: `path:line:col: severity[CODE] message`, one per line.

use super::CheckReport;
use crate::diagnostic::escape_control;

pub fn render(report: &CheckReport) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(report.diagnostics.len() * 120);
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            escape_control(&report.files[d.file].display),
            d.line,
            d.column,
            d.severity,
            d.code,
            escape_control(&d.message)
        );
    }
    out
}
