//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it. Every
//! rule is described in the tool's driver (id, name, short and full
//! description, help, help URI, default level); each unsuppressed finding is
//! a result with one physical location (a URI relative to `%SRCROOT%`, the
//! current directory, and a region in Unicode code points) and a
//! `partialFingerprints` entry computed from the flagged line's text, not its
//! number, so an alert survives unrelated lines moving. Suppressed findings
//! are left out: GitHub ignores SARIF suppressions.

use rustc_hash::FxHashMap as HashMap;
use serde_json::{Value, json};

use super::CheckReport;
use crate::diagnostic::Severity;
use crate::rules::{self, Rule};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Where a rule's documentation lives (the README's rule table; `okrlint explain` has the rest).
fn help_uri(rule: &Rule) -> String {
    format!("{}#{}", env!("CARGO_PKG_REPOSITORY"), rule.code.to_lowercase())
}

/// A text as SARIF wants a message: non-empty, at most `max` characters, ending with a period.
fn sentence(text: &str, max: usize) -> String {
    let mut text: String = text.trim().chars().take(max.saturating_sub(1)).collect();
    if text.is_empty() {
        text.push_str("See the rule's help");
    }
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

fn rule_descriptor(rule: &Rule) -> Value {
    // The first section is the full description; the whole explanation is the help.
    let explanation = rule.explanation();
    let what = rule.what_it_does();
    json!({
        "id": rule.code,
        "name": pascal(rule.name),
        "shortDescription": {"text": sentence(rule.summary, 1024)},
        "fullDescription": {"text": sentence(&what, 1024)},
        "help": {"text": explanation, "markdown": explanation},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": ["okr"], "okrlintName": rule.name},
    })
}

/// `missing-owner` → `MissingOwner` (SARIF rule names are identifiers).
fn pascal(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Percent-encodes a relative path for a URI reference (`/` kept).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The current directory as a `file:` URI ending in `/`.
fn root_uri() -> String {
    let cwd = std::env::current_dir().map(|d| d.to_string_lossy().replace('\\', "/")).unwrap_or_default();
    let cwd = if cwd.starts_with('/') { cwd } else { format!("/{cwd}") };
    let encoded = uri(&cwd);
    if encoded.ends_with('/') { format!("file://{encoded}") } else { format!("file://{encoded}/") }
}

/// The results, serialised one at a time as they are made.
struct Results<'a>(&'a CheckReport<'a>);

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let registry = rules::registry();
        let index: HashMap<&str, usize> = registry.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
        let mut fingerprints = super::Fingerprinter::default();
        serializer.collect_seq(report.diagnostics.iter().filter(|d| !d.suppressed).map(|d| {
            let file = report.files[d.file];
            let mut message = d.message.to_string();
            if !d.help.is_empty() {
                message = format!("{}. {}", message.trim_end_matches('.'), d.help);
            }
            let fixes: Vec<Value> = d
                .fix
                .iter()
                .map(|fix| {
                    let replacements: Vec<Value> = fix
                        .edits
                        .iter()
                        .map(|e| {
                            json!({
                                "deletedRegion": {"startLine": e.at[0], "startColumn": e.at[1], "endLine": e.at[2], "endColumn": e.at[3]},
                                "insertedContent": {"text": e.content},
                            })
                        })
                        .collect();
                    json!({
                        "description": {"text": sentence(&fix.message, 4096)},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": uri(&file.display), "uriBaseId": "%SRCROOT%"},
                            "replacements": replacements,
                        }],
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code(),
                "ruleIndex": index.get(d.code()).copied().unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": sentence(&message, 4096)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.display), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    },
                }],
                "partialFingerprints": {"okrlintLine/v1": fingerprints.next(report, d)},
            });
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            result
        }))
    }
}

#[derive(serde::Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    original_uri_base_ids: Value,
    column_kind: &'static str,
    results: Results<'a>,
}

/// Writes the log as it is made: the results are never gathered into one
/// document in memory (a run may have hundreds of thousands).
pub fn write(report: &CheckReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let registry = rules::registry();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: json!({"driver": {
                "name": "okrlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": registry.iter().map(rule_descriptor).collect::<Vec<_>>(),
            }}),
            original_uri_base_ids: json!({"%SRCROOT%": {"uri": root_uri()}}),
            column_kind: "unicodeCodePoints",
            results: Results(report),
        }],
    };
    super::safe::write_json_pretty(out, &log)
}
