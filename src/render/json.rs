//! `--format json`: the shape documented in the README (version 1).

use serde::Serialize;

use super::CheckReport;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Diagnostics<'a>,
    summary: JsonSummary,
}

/// The diagnostics, serialised one at a time rather than gathered first (a
/// run with 200,000 findings would otherwise hold them twice).
struct Diagnostics<'a>(&'a CheckReport<'a>);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        serializer.collect_seq(report.diagnostics.iter().map(|d| JsonDiagnostic {
            code: d.code(),
            name: d.name(),
            severity: d.severity.as_str(),
            message: &d.message,
            help: &d.help,
            file: &report.files[d.file].display,
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            suppressed: d.suppressed,
            fix: d.fix.as_deref().map(|fix| {
                JsonFix {
                    applicability: fix.applicability.as_str(),
                    message: &fix.message,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            line: e.at[0],
                            column: e.at[1],
                            end_line: e.at[2],
                            end_column: e.at[3],
                            content: &e.content,
                        })
                        .collect(),
                }
            }),
        }))
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    suppressed: bool,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    content: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

/// Writes the document as it is made, through the one JSON escaping layer (`safe`).
pub fn write(report: &CheckReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let output = Output { version: 1, diagnostics: Diagnostics(report), summary: summary(report) };
    super::safe::write_json_pretty(out, &output)
}

fn summary(report: &CheckReport) -> JsonSummary {
    JsonSummary {
        files: report.summary.files,
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        infos: report.summary.infos,
        suppressed: report.summary.suppressed,
    }
}

/// `--statistics --format json`: a count per rule, versioned like the other documents.
pub fn statistics(report: &CheckReport) -> String {
    let rules: Vec<serde_json::Value> = super::rule_counts(report)
        .iter()
        .map(|(code, name, count)| serde_json::json!({"code": code, "name": name, "count": count}))
        .collect();
    let document = serde_json::json!({"version": 1, "statistics": rules, "summary": summary(report)});
    super::safe::json_pretty(&document)
}
