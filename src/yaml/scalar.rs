//! Where a part of a scalar's value was written in the source. A value is what
//! the parser made of the source: escapes decoded (`\u00e9`, `\"`, `''`), lines
//! folded, indentation and the block header dropped. Whitespace is what
//! folding changes, and nothing else moves a visible character, so the
//! mapping lines up the value's visible characters with the source's.

use std::ops::Range;

/// The source byte range (within `raw`, the scalar as written) of
/// `value[range]`, or `None` when the source cannot be lined up with the value.
pub fn source_range(raw: &str, value: &str, range: Range<usize>) -> Option<Range<usize>> {
    let written = visible_chars(raw)?;
    let mut wanted = value.char_indices().filter(|(_, c)| !c.is_whitespace()).map(|(_, c)| c);
    if !written.iter().map(|&(c, _)| c).eq(wanted.by_ref()) {
        return None;
    }
    let before = value.get(..range.start)?.chars().filter(|c| !c.is_whitespace()).count();
    let through = value.get(..range.end)?.chars().filter(|c| !c.is_whitespace()).count();
    if through <= before {
        return None;
    }
    Some(written[before].1.start..written[through - 1].1.end)
}

/// Each visible character the source decodes to, with the bytes it was written as.
fn visible_chars(raw: &str) -> Option<Vec<(char, Range<usize>)>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut push = |c: char, at: Range<usize>| {
        if !c.is_whitespace() {
            out.push((c, at));
        }
    };
    match raw.chars().next() {
        Some('"') => {
            let body_end = if raw.len() > 1 && raw.ends_with('"') { raw.len() - 1 } else { raw.len() };
            let mut chars = raw[..body_end].char_indices().skip(1).peekable();
            while let Some((at, c)) = chars.next() {
                if c != '\\' {
                    push(c, at..at + c.len_utf8());
                    continue;
                }
                let (escape_at, escape) = chars.next()?;
                let end = escape_at + escape.len_utf8();
                let digits = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                if digits > 0 {
                    let mut code = 0u32;
                    let mut last = end;
                    for _ in 0..digits {
                        let (i, d) = chars.next()?;
                        code = code.checked_mul(16)?.checked_add(d.to_digit(16)?)?;
                        last = i + d.len_utf8();
                    }
                    push(char::from_u32(code)?, at..last);
                    continue;
                }
                let decoded = match escape {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'e' => '\u{1b}',
                    'f' => '\u{c}',
                    'v' => '\u{b}',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    // Escaped whitespace and line continuations decode to whitespace or nothing.
                    'n' | 't' | 'r' | ' ' | '\t' | '\n' | '\r' => ' ',
                    other => other,
                };
                push(decoded, at..end);
            }
        }
        Some('\'') => {
            let body_end = if raw.len() > 1 && raw.ends_with('\'') { raw.len() - 1 } else { raw.len() };
            let mut chars = raw[..body_end].char_indices().skip(1).peekable();
            while let Some((at, c)) = chars.next() {
                if c == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                    push('\'', at..at + 2);
                } else {
                    push(c, at..at + c.len_utf8());
                }
            }
        }
        Some('|' | '>') => {
            // The header line (indicators and a comment) is not part of the value.
            let body = raw.find('\n')? + 1;
            for (at, c) in raw[body..].char_indices() {
                push(c, body + at..body + at + c.len_utf8());
            }
        }
        _ => {
            for (at, c) in raw.char_indices() {
                push(c, at..at + c.len_utf8());
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located<'a>(raw: &'a str, value: &str, needle: &str) -> Option<&'a str> {
        let at = value.find(needle)?;
        source_range(raw, value, at..at + needle.len()).and_then(|r| raw.get(r))
    }

    #[test]
    fn finds_words_after_escapes_and_across_folds() {
        assert_eq!(
            located(r#""Caf\u00e9 \"x\" Launch the app""#, "Café \"x\" Launch the app", "Launch"),
            Some("Launch")
        );
        assert_eq!(located(r#""Caf\u00e9 grows""#, "Café grows", "Café"), Some(r"Caf\u00e9"));
        assert_eq!(located(r#""a\tb\x41 20%""#, "a\tbA 20%", "20%"), Some("20%"));
        assert_eq!(located("'It''s 20% up'", "It's 20% up", "20%"), Some("20%"));
        assert_eq!(located("'It''s up'", "It's up", "It's"), Some("It''s"));
        assert_eq!(
            located(
                "|\n      Launch the\n      app for 20% of users\n",
                "Launch the\napp for 20% of users\n",
                "the\napp"
            ),
            Some("the\n      app")
        );
        assert_eq!(
            located(">- # note 20%\n  Grow by\n  20% a year", "Grow by 20% a year", "20%"),
            Some("20%"),
            "the header's comment is skipped"
        );
        assert_eq!(located("Grow by\n    20% a year", "Grow by 20% a year", "by 20%"), Some("by\n    20%"));
        assert_eq!(
            located(
                r#""line\
            continued 3x""#,
                "linecontinued 3x",
                "3x"
            ),
            Some("3x")
        );
    }

    #[test]
    fn refuses_what_does_not_line_up() {
        assert_eq!(source_range("\"abc\"", "abd", 0..1), None);
        assert_eq!(source_range("\"a\\u12\"", "a", 0..1), None, "a truncated escape");
        assert_eq!(source_range("abc", "abc", 1..1), None, "an empty part");
    }
}
