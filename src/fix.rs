//! Typed fixes, as ruff's `Fix`/`Edit`: byte-range edits to a finding's own
//! file, marked safe or unsafe, applied by `check --fix` (and, later, the
//! editor's code actions). Applying them is pure text work: every byte
//! outside an edit stays as it was (comments, quoting, key order, CRLF, BOM).

use crate::source::Span;

/// Whether a fix can be applied without a person looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Cannot change what a number means or which target a link points at.
    Safe,
    /// Needs a person's eye (`--unsafe-fixes`).
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement: the bytes of `span` (in the text without its BOM) become `content`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
    /// Where the span lies as line, column, end line, end column (1-based,
    /// columns in characters), filled in when the finding is placed.
    pub at: [u32; 4],
}

impl Edit {
    pub fn new(span: Span, content: impl Into<String>) -> Edit {
        Edit { span, content: content.into(), at: [0; 4] }
    }
}

/// A finding's fix: what it does, in a few words, and its edits (never overlapping).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Box<Fix> {
        Box::new(Fix { applicability: Applicability::Safe, message: message.into(), edits })
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Box<Fix> {
        Box::new(Fix { applicability: Applicability::Unsafe, message: message.into(), edits })
    }

    /// The unsafe fix renaming a reference (its whole scalar, quotes included)
    /// to `close`, when `close` can be written as a plain YAML scalar.
    pub fn rename_reference(span: Span, close: &str) -> Option<Box<Fix>> {
        let plain = !close.is_empty()
            && close.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/' | b'.'))
            && !close.starts_with(['-', '.']);
        plain.then(|| Fix::unsafe_(format!("change the reference to `{close}`"), vec![Edit::new(span, close)]))
    }

    /// Where its first edit starts (fixes are taken in this order).
    fn start(&self) -> usize {
        self.edits.iter().map(|e| e.span.start()).min().unwrap_or(0)
    }
}

/// Applies, in one round, the fixes (with their rule codes) that do not
/// overlap one taken before them: taken in order of their earliest edit,
/// then code; a fix that overlaps waits, whole, for the next round. Returns
/// the new text and how many fixes were applied (0: the text is unchanged).
pub fn apply(text: &str, fixes: &[(&str, &Fix)]) -> (String, usize) {
    let mut order: Vec<&(&str, &Fix)> = fixes.iter().collect();
    order.sort_by(|a, b| (a.1.start(), a.0).cmp(&(b.1.start(), b.0)));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for (_, fix) in order {
        let fits = fix.edits.iter().all(|edit| {
            edit.span.end() <= text.len()
                && text.is_char_boundary(edit.span.start())
                && text.is_char_boundary(edit.span.end())
                && !taken.iter().any(|t| overlaps(t.span, edit.span))
        }) && !self_overlapping(&fix.edits);
        // The same edit offered by two findings (one key, two reports) is made once.
        if fits || fix.edits.iter().all(|e| taken.contains(&e)) {
            if fits {
                taken.extend(&fix.edits);
            }
            applied += 1;
        }
    }
    (splice(text, taken), applied)
}

/// `text` with `edits` made (they must not overlap; the same edit twice is made once).
pub fn splice(text: &str, mut edits: Vec<&Edit>) -> String {
    edits.sort_by_key(|e| (e.span.start(), e.span.end()));
    edits.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start()]);
        out.push_str(&edit.content);
        at = edit.span.end();
    }
    out.push_str(&text[at..]);
    out
}

/// Two edits overlap when they share a byte or start at the same place.
fn overlaps(a: Span, b: Span) -> bool {
    (a.start() < b.end() && b.start() < a.end()) || a.start() == b.start()
}

fn self_overlapping(edits: &[Edit]) -> bool {
    edits.iter().enumerate().any(|(i, a)| edits[i + 1..].iter().any(|b| overlaps(a.span, b.span)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, len: usize, content: &str) -> Edit {
        Edit::new(Span::new(start, len), content)
    }

    #[test]
    fn edits_change_only_their_bytes() {
        let text = "ower: Ana # note\r\ntitle: 'x'\r\n";
        let fix = Fix::safe("rename", vec![edit(0, 4, "owner")]);
        let (out, n) = apply(text, &[("OKR002", &fix)]);
        assert_eq!(n, 1);
        assert_eq!(out, "owner: Ana # note\r\ntitle: 'x'\r\n");
    }

    #[test]
    fn an_overlapping_fix_waits_for_the_next_round() {
        let text = "abcdef";
        let first = Fix::safe("a", vec![edit(0, 3, "X")]);
        let second = Fix::safe("b", vec![edit(2, 2, "Y")]);
        let third = Fix::safe("c", vec![edit(5, 1, "Z")]);
        let (out, n) = apply(text, &[("OKR008", &second), ("OKR002", &first), ("OKR002", &third)]);
        assert_eq!((out.as_str(), n), ("XdeZ", 2));
    }

    #[test]
    fn one_edit_offered_twice_is_made_once() {
        let fix = Fix::safe("a", vec![edit(1, 1, "Q")]);
        let (out, n) = apply("abc", &[("OKR002", &fix), ("OKR002", &fix.clone())]);
        assert_eq!((out.as_str(), n), ("aQc", 2));
    }
}
