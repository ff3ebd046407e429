//! `okrlint report --format json`: the report as it is built, field for
//! field (README, "Reports"), with `"version": 1`; numbers are exact
//! decimals, scores rounded to two decimals.

use super::Report;

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    match crate::render::safe::write_json_pretty(&mut out, report) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        // Serialising plain data cannot fail; say so rather than print nothing.
        Err(e) => format!("{{\"error\": {}}}\n", serde_json::Value::String(e.to_string())),
    }
}
