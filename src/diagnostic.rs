//! Findings: what a rule reports, and what every output format renders.

use std::borrow::Cow;

use crate::fix::Fix;
use std::fmt;

use crate::render::safe;
use crate::source::{FileId, Span};

/// How serious a finding is; ordered so that `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule emits: a place and what to say about it. The engine adds the
/// rule's code, name and configured severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub file: FileId,
    pub span: Span,
    pub message: String,
    pub help: Cow<'static, str>,
    pub fix: Option<Box<Fix>>,
}

/// A finding with everything an output format needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Boxed to its length: a large run holds hundreds of thousands.
    pub message: Box<str>,
    pub help: Cow<'static, str>,
    /// Edits that resolve it, when okrlint knows them (`check --fix`).
    pub fix: Option<Box<Fix>>,
    pub file: FileId,
    pub span: Span,
    /// Resolved from `span`: 1-based, columns in characters; the end is exclusive.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub suppressed: bool,
}

impl Diagnostic {
    /// The rule's kebab-case name (looked up: a large run holds millions of diagnostics).
    pub fn name(&self) -> &'static str {
        crate::rules::by_code(self.code).map_or("", |rule| rule.name)
    }
}

/// Quotes a value from an OKR file for a message: escaped (`render::safe::text`:
/// a line break reads `\n`) and shortened.
pub fn quote(text: &str) -> String {
    const MAX: usize = 60;
    // Most values are short, one line and safe: quoted as they are.
    if text.len() <= MAX && matches!(safe::text(text), Cow::Borrowed(_)) {
        return format!("`{text}`");
    }
    let mut shown: String = text.chars().take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        shown.push('…');
    }
    format!("`{}`", safe::text(&shown))
}
