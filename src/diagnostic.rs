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
    /// Its rule (`code()` gives the code).
    pub rule: RuleId,
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
    /// The rule's code (`OKR101`).
    pub fn code(&self) -> &'static str {
        self.rule.rule().code
    }

    /// The rule's kebab-case name.
    pub fn name(&self) -> &'static str {
        self.rule.rule().name
    }
}

/// A rule as its place in the registry: a large run holds a million
/// diagnostics, and two bytes each say what a code's sixteen did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleId(u16);

impl RuleId {
    /// The id of a registered rule (the registry's first, OKR001, for a
    /// code it does not hold, which no rule has).
    pub fn of(rule: &crate::rules::Rule) -> RuleId {
        let at = crate::rules::position(rule.code).unwrap_or(0);
        RuleId(u16::try_from(at).unwrap_or(0))
    }

    pub fn rule(self) -> &'static crate::rules::Rule {
        let rules = crate::rules::registry();
        rules.get(usize::from(self.0)).unwrap_or(&rules[0])
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A large run holds a million diagnostics: each field's size counts.
    #[test]
    fn a_held_finding_is_small() {
        assert!(std::mem::size_of::<Diagnostic>() <= 88, "{}", std::mem::size_of::<Diagnostic>());
    }

    #[test]
    fn every_registered_rule_has_its_own_id() {
        for rule in crate::rules::registry() {
            assert_eq!(RuleId::of(rule).rule().code, rule.code);
        }
    }
}
