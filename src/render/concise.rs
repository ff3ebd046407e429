//! `--format concise`: `path:line:col: severity[CODE] message`, one per line.

use super::CheckReport;
use crate::diagnostic::escape_control;

pub fn render(report: &CheckReport) -> String {
    let mut out = String::new();
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            escape_control(&report.files[d.file].display),
            d.line,
            d.column,
            d.severity,
            d.code,
            escape_control(&d.message)
        ));
    }
    out
}
