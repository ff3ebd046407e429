//! `--format concise`: `path:line:col: severity[CODE] message`, one per line.

use std::io::Write;

use super::CheckReport;
use crate::render::safe::text as escape_control;

pub fn render(report: &CheckReport) -> String {
    let mut out = Vec::with_capacity(report.diagnostics.len() * 120);
    // Writing into memory cannot fail.
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the lines to `out` as they are made: a run of many findings does
/// not hold its whole output in memory.
pub fn write(report: &CheckReport, out: &mut impl Write) -> std::io::Result<()> {
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            escape_control(&report.files[d.file].display),
            d.line,
            d.column,
            d.severity,
            d.code,
            escape_control(&d.message)
        )?;
    }
    Ok(())
}
