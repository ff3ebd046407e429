//! Findings: what a rule reports, and what every output format renders.

use std::borrow::Cow;
use std::fmt;

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
}

/// A finding with everything an output format needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Cow<'static, str>,
    pub file: FileId,
    pub span: Span,
    /// Resolved from `span`: 1-based, columns in characters; the end is exclusive.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub suppressed: bool,
}

/// Replaces terminal control characters (and bidirectional overrides) in text
/// that came from an OKR file, so it cannot drive the terminal or hide text.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    // Unsafe characters are ASCII controls (below 0x20, 0x7f), C1 controls
    // (0xC2 0x80–0x9F) and bidi controls (0xE2 …): text free of those bytes is
    // returned as it is, without a copy.
    if !text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xC2 || b == 0xE2) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters that must never reach a terminal raw.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Quotes a value from an OKR file for a message: escaped and shortened.
pub fn quote(text: &str) -> String {
    const MAX: usize = 60;
    // Most values are short, one line and safe: quoted as they are.
    if text.len() <= MAX && matches!(escape_control(text), Cow::Borrowed(_)) {
        return format!("`{text}`");
    }
    let one_line = text.replace(['\n', '\r'], " ");
    let mut shown: String = one_line.chars().take(MAX).collect();
    if one_line.chars().count() > MAX {
        shown.push('…');
    }
    format!("`{}`", escape_control(&shown))
}
