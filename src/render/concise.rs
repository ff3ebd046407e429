//! `--format concise`: `path:line:col: severity[CODE] message`, one per line.

use std::io::Write;

use super::CheckReport;
use crate::render::safe::text as escape_control;

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
            d.code(),
            escape_control(&d.message)
        )?;
    }
    Ok(())
}
