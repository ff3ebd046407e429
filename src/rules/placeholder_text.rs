//! ## What it does
//! Reports template leftovers in any free-text field: `TODO`, `TBD`, `TBC`, `TBA`,
//! `FIXME`, runs of `XX`, bracketed blanks such as `[metric]` or `<target>`,
//! and lorem ipsum.
//!
//! ## Why is this bad?
//! A placeholder passes a glance but says nothing: a KR titled "Increase
//! [metric] to XX%" has been copied from a template and never finished. It
//! will be scored, reported and rolled up as if it meant something.
//!
//! ## Example
//! ```yaml
//!       - id: conversion
//!         title: Increase [metric] from TBD to XX%
//!         source: TODO
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: conversion
//!         title: Increase trial-to-paid conversion from 8% to 12%
//!         source: https://bi.example.com/d/conversion
//! ```

use super::{Context, Rule, Scope, Sink, span_within};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR007",
    name: "placeholder-text",
    severity: Severity::Warning,
    summary: "template leftovers in any text field: TODO, TBD, XXX, `[metric]`, `<target>`, lorem ipsum",
    scope: Scope::File,
    source: include_str!("placeholder_text.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (file, text) in &ctx.index.texts {
        if let Some(found) = find_placeholder(&text.value) {
            sink.report(
                *file,
                span_within(ctx.index, *file, text, found),
                format!("placeholder {} left in the text", quote(found)),
                "replace the placeholder with the real value, or remove it",
            );
        }
    }
}

/// The first placeholder in `text`, if any.
pub fn find_placeholder(text: &str) -> Option<&str> {
    // The earliest of the kinds below, so the message names what a reader meets first.
    [lorem(text), word(text), bracketed(text)].into_iter().flatten().min_by_key(|found| found.as_ptr() as usize)
}

fn lorem(text: &str) -> Option<&str> {
    const LOREM: &[u8] = b"lorem ipsum";
    let bytes = text.as_bytes();
    let at = memchr::memchr2_iter(b'l', b'L', bytes)
        .find(|&at| bytes.get(at..at + LOREM.len()).is_some_and(|found| found.eq_ignore_ascii_case(LOREM)))?;
    text.get(at..at + LOREM.len())
}

fn word(text: &str) -> Option<&str> {
    // Words: TODO, TBD, TBC, TBA, FIXME (any case), and XX, XXX, XX% (capitals only).
    // Most words are dismissed by their first letter and length: every check-in's text is read.
    let is_placeholder = |word: &str| match word.as_bytes().first() {
        Some(b'X') => word.len() >= 2 && word.bytes().all(|b| b == b'X'),
        // The markers' second letters (tOdo, tBd, fIxme) turn most words away early.
        Some(b't' | b'T' | b'f' | b'F')
            if (3..=5).contains(&word.len())
                && matches!(word.as_bytes()[1], b'o' | b'O' | b'b' | b'B' | b'i' | b'I') =>
        {
            super::words::PLACEHOLDER_MARKERS.iter().any(|w| word.eq_ignore_ascii_case(w))
        }
        _ => false,
    };
    if text.is_ascii() {
        // Most prose is ASCII: words split on bytes (the same words, without decoding
        // characters), and only those whose first letter could start a marker looked at.
        let bytes = text.as_bytes();
        let mut start = 0;
        for end in 0..=bytes.len() {
            if bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            if end > start
                && matches!(bytes[start], b'X' | b't' | b'T' | b'f' | b'F')
                && let Some(word) = text.get(start..end).filter(|w| is_placeholder(w))
            {
                return Some(word);
            }
            start = end + 1;
        }
        return None;
    }
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take()
            && is_placeholder(&text[s..i])
        {
            return Some(&text[s..i]);
        }
    }
    None
}

fn bracketed(text: &str) -> Option<&str> {
    // Bracketed blanks: `[metric]`, `<target>` (not a Markdown link `[text](url)`).
    for (open, close) in [('[', ']'), ('<', '>')] {
        let mut from = 0;
        while let Some(at) = text[from..].find(open).map(|a| a + from) {
            let Some(len) = text[at + 1..].find(close) else { break };
            let inner = &text[at + 1..at + 1 + len];
            let end = at + 1 + len + 1;
            let link = open == '[' && text[end..].starts_with('(');
            let wordy = !inner.is_empty()
                && inner.len() <= 40
                && inner.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '_' || c == '-')
                && inner.chars().any(char::is_alphabetic);
            if wordy && !link {
                return Some(&text[at..end]);
            }
            from = at + 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_placeholder;

    #[test]
    fn every_marker_passes_the_letter_and_length_filters() {
        for marker in crate::rules::words::PLACEHOLDER_MARKERS {
            assert_eq!(find_placeholder(&format!("Owner {marker} soon")), Some(*marker), "{marker}");
            let upper = marker.to_uppercase();
            assert_eq!(find_placeholder(&format!("Owner {upper}")), Some(upper.as_str()), "{upper}");
        }
    }

    #[test]
    fn finds_template_leftovers_only() {
        assert_eq!(find_placeholder("Increase [metric] to 10%"), Some("[metric]"));
        assert_eq!(find_placeholder("Reach <target> users"), Some("<target>"));
        assert_eq!(find_placeholder("Owner tbd"), Some("tbd"));
        assert_eq!(find_placeholder("Lift rate to XX%"), Some("XX"));
        assert_eq!(find_placeholder("Lorem ipsum dolor"), Some("Lorem ipsum"));
        assert_eq!(find_placeholder("See [the docs](https://x.example)"), None);
        assert_eq!(find_placeholder("Latency < 300 ms and > 100 ms"), None);
        assert_eq!(find_placeholder("Grow XL accounts"), None);
        assert_eq!(find_placeholder("Todos app adoption"), None);
    }
}
