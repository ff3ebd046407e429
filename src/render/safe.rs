//! The one escaping layer every output goes through (SPEC §5 "Safety of
//! output"). okrlint runs in CI on pull requests whose files anybody can
//! write, and a CI runner acts on lines of its log: GitHub on a line that
//! starts (after spaces) with `::` and on `##[` anywhere, Azure Pipelines on
//! `##vso[`, TeamCity on `##teamcity[`. Terminals act on control characters,
//! and bidi controls make text read otherwise than it is.
//!
//! So every piece of text that came from a user (titles, owners, keys, ids,
//! file names, values quoted in messages, command-line values) is escaped
//! before it reaches any output, stdout and stderr alike:
//! - `text` for text outputs: line breaks, controls and bidi characters are
//!   shown as `\n`, `\r`, `\t` or `\u{…}`, and CI command markers are broken;
//! - `guard_lines` as a last check on a whole text output (a line that would
//!   still start a command, say from a file name placed first on a line);
//! - `json` writers for JSON documents (`#` of `##` as `\u0023`, unusual line
//!   breaks and bidi characters as `\uXXXX`: the same string once decoded);
//! - `xml` for XML, and each format's own escaping (HTML, Markdown, CSV) on
//!   top of `text`.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a character must never reach an output raw: C0 and C1 controls
/// (line breaks and tabs included), DEL, Unicode line and paragraph
/// separators, and the bidi controls.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_line_break(c) || is_bidi(c)
}

/// Line breaks beyond CR and LF that some viewers honour.
const LINE_BREAKS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

fn is_line_break(c: char) -> bool {
    LINE_BREAKS.contains(&c)
}

/// Characters that reorder text when displayed.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The markers CI runners act on anywhere in a line, after their leading `#`.
const MARKERS: &[&str] = &["[", "vso[", "teamcity["];

/// Whether `rest` (the text after a `##`) starts one of the markers, in any case.
pub fn starts_marker(rest: &str) -> bool {
    MARKERS.iter().any(|m| rest.get(..m.len()).is_some_and(|head| head.eq_ignore_ascii_case(m)))
}

/// Whether text starts with `::` after any Unicode white space (what a
/// runner trims: an ideographic space counts too).
fn leading_colons(text: &str) -> bool {
    text.trim_start().starts_with("::")
}

/// Whether text needs any escaping at all, from its bytes, decoding characters
/// only when a byte could start an unsafe one (most text needs none: it is then
/// returned without a copy). Unsafe characters
/// are ASCII controls, DEL, and the two- and three-byte sequences that start
/// with 0xC2 (C1 controls, NEL), 0xD8 (ALM) or 0xE2 (separators, bidi).
fn needs_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Blocks of bytes, without stopping early, so the loop vectorises (every
    // message and file name of a run passes here).
    let flagged = |chunk: &[u8]| {
        chunk.iter().fold(false, |seen, &b| seen | ((b < 0x20) | (b == 0x7f) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2)))
    };
    // A flagged byte may start a harmless character (0xE2 starts the en dash
    // of okrlint's own messages): only then are the characters decoded.
    leading_colons(text)
        || (bytes.chunks(64).any(flagged) && text.chars().any(is_unsafe))
        || memchr::memchr_iter(b'#', bytes).any(|at| bytes.get(at + 1) == Some(&b'#'))
}

/// A character as shown in text output.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            out.push_str(&c.escape_unicode().to_string());
        }
    }
}

/// User text for a text output: one line, every unsafe character shown
/// escaped, no CI command marker left whole (`##[` reads `#\u{23}[`, a
/// leading `::` reads `\u{3a}:`).
pub fn text(text: &str) -> Cow<'_, str> {
    if !needs_escape(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let leading = text.len() - text.trim_start().len();
    for (at, c) in text.char_indices() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else if c == ':' && at == leading && text[at..].starts_with("::") {
            out.push_str("\\u{3a}");
        } else if c == '#' && at > 0 && text[..at].ends_with('#') && starts_marker(&text[at + 1..]) {
            out.push_str("\\u{23}");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of okrlint's output made safe for CI logs: a line break
/// other than its own LF (CR, NEL, U+2028/2029) is shown escaped, a leading
/// `::` and every CI command marker are broken. Tabs and the escape
/// sequences of okrlint's own colours are left alone: user text in them
/// went through `text` already.
fn line_safe(whole: &str) -> Cow<'_, str> {
    // A CRLF line ending (CSV's) is a line ending, not a break inside the line.
    let line = whole.strip_suffix('\r').unwrap_or(whole);
    let bytes = line.as_bytes();
    let needs = leading_colons(line)
        || (bytes.iter().any(|&b| b == b'\r' || b == 0xC2 || b == 0xE2)
            && line.chars().any(|c| c == '\r' || is_line_break(c)))
        || memchr::memchr_iter(b'#', bytes).any(|at| bytes.get(at + 1) == Some(&b'#'));
    if !needs {
        return Cow::Borrowed(whole);
    }
    let mut out = String::with_capacity(whole.len() + 8);
    let leading = line.len() - line.trim_start().len();
    for (at, c) in line.char_indices() {
        if c == '\r' || is_line_break(c) {
            push_escaped(&mut out, c);
        } else if c == ':' && at == leading && line[at..].starts_with("::") {
            out.push_str("\\u{3a}");
        } else if c == '#' && at > 0 && line[..at].ends_with('#') && starts_marker(&line[at + 1..]) {
            out.push_str("\\u{23}");
        } else {
            out.push(c);
        }
    }
    if line.len() < whole.len() {
        out.push('\r');
    }
    Cow::Owned(out)
}

/// The last check on a whole text output: each line (split on LF) made
/// safe by `line_safe`. Output that is safe already (all of it,
/// when every piece of user text went through `text`) is returned as it is.
pub fn guard_lines(output: &str) -> Cow<'_, str> {
    let safe = output.split('\n').all(|line| matches!(line_safe(line), Cow::Borrowed(_)));
    if safe {
        return Cow::Borrowed(output);
    }
    let guarded: Vec<Cow<str>> = output.split('\n').map(line_safe).collect();
    Cow::Owned(guarded.join("\n"))
}

/// A writer that applies `guard_lines` to everything written through it,
/// line by line, for text outputs written as they are made.
pub struct GuardedWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> GuardedWriter<W> {
    pub fn new(inner: W) -> Self {
        GuardedWriter { inner, pending: Vec::new() }
    }

    fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        match std::str::from_utf8(line) {
            Ok(text) => self.inner.write_all(line_safe(text).as_bytes()),
            Err(_) => self.inner.write_all(line_safe(&String::from_utf8_lossy(line)).as_bytes()),
        }
    }

    /// Writes what is left (a last line without a newline) and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        let pending = std::mem::take(&mut self.pending);
        if !pending.is_empty() {
            self.write_line(&pending)?;
        }
        self.inner.flush()?;
        Ok(self.inner)
    }
}

/// Whether whole lines need nothing of `line_safe`: valid UTF-8 without a
/// CR or another line break, and without `##` or `::` anywhere (so no line
/// can start a command). Most output is such text, and is then written as
/// it is, not line by line.
fn plain_lines(lines: &[u8]) -> bool {
    let absent = |what: &[u8]| memchr::memmem::find(lines, what).is_none();
    memchr::memchr(b'\r', lines).is_none()
        && LINE_BREAKS.iter().all(|c| absent(c.encode_utf8(&mut [0; 4]).as_bytes()))
        && absent(b"##")
        && absent(b"::")
        && std::str::from_utf8(lines).is_ok()
}

impl<W: Write> Write for GuardedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        // A line begun by an earlier write is finished first.
        if !self.pending.is_empty() {
            let Some(at) = memchr::memchr(b'\n', rest) else {
                self.pending.extend_from_slice(rest);
                return Ok(buf.len());
            };
            self.pending.extend_from_slice(&rest[..at]);
            let pending = std::mem::take(&mut self.pending);
            self.write_line(&pending)?;
            self.inner.write_all(b"\n")?;
            rest = &rest[at + 1..];
        }
        let whole = memchr::memrchr(b'\n', rest).map_or(0, |at| at + 1);
        let (lines, tail) = rest.split_at(whole);
        if plain_lines(lines) {
            self.inner.write_all(lines)?;
        } else {
            for line in lines.split_inclusive(|b| *b == b'\n') {
                self.write_line(&line[..line.len() - 1])?;
                self.inner.write_all(b"\n")?;
            }
        }
        self.pending.extend_from_slice(tail);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Prints okrlint's own message on standard error, every line guarded.
pub fn eprint_message(message: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(guard_lines(message).as_bytes());
    let _ = err.write_all(b"\n");
}

/// A serde_json formatter that writes every string so that no CI runner
/// can read a command in it and no viewer breaks its line: the `#` of a
/// `##`, NEL, the line and paragraph separators and the bidi controls are
/// written as `\uXXXX` escapes (the decoded string is unchanged).
pub struct SafeFormatter<F> {
    inner: F,
}

impl SafeFormatter<serde_json::ser::PrettyFormatter<'static>> {
    pub fn pretty() -> Self {
        SafeFormatter { inner: serde_json::ser::PrettyFormatter::new() }
    }
}

impl SafeFormatter<serde_json::ser::CompactFormatter> {
    pub fn compact() -> Self {
        SafeFormatter { inner: serde_json::ser::CompactFormatter }
    }
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let risky = fragment.contains("##") || fragment.bytes().any(|b| b == 0xC2 || b == 0xD8 || b == 0xE2);
        if !risky {
            return writer.write_all(fragment.as_bytes());
        }
        let mut previous = '\0';
        let mut from = 0;
        for (at, c) in fragment.char_indices() {
            let escape = is_line_break(c) || is_bidi(c) || (c == '#' && previous == '#');
            if escape {
                writer.write_all(&fragment.as_bytes()[from..at])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                from = at + c.len_utf8();
                // `###`: each `#` after the first is escaped.
                previous = if c == '#' { '#' } else { c };
            } else {
                previous = c;
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }

    // Everything else as the wrapped formatter writes it.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_object_value(w)
    }
}

/// Writes a value as pretty JSON through `SafeFormatter`, then a newline.
pub fn write_json_pretty<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, SafeFormatter::pretty());
    value.serialize(&mut serializer).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// A value as pretty JSON through `SafeFormatter`, with a final newline.
pub fn json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    // Writing into memory fails only if serialising does, which our types never do.
    let _ = write_json_pretty(&mut out, value);
    String::from_utf8(out).unwrap_or_default()
}

/// A value as compact JSON through `SafeFormatter` (one line).
pub fn json_compact<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, SafeFormatter::compact());
    let _ = value.serialize(&mut serializer);
    String::from_utf8(out).unwrap_or_default()
}

/// Text for XML attributes and content: markup escaped, line breaks as
/// character references (one line in the document), characters XML 1.0
/// cannot hold and other unsafe ones spelt `\u{…}`, CI markers broken.
pub fn xml(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut previous = '\0';
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '#' if previous == '#' => out.push_str("&#35;"),
            ':' if previous == '\0' => out.push_str("&#58;"),
            '\u{FFFE}' | '\u{FFFF}' => push_escaped(&mut out, c),
            c if is_unsafe(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a CI runner would act on in a line.
    fn acts(line: &str) -> bool {
        let lower = line.to_ascii_lowercase();
        line.trim_start().starts_with("::")
            || lower.contains("##[")
            || lower.contains("##vso[")
            || lower.contains("##teamcity[")
    }

    #[test]
    fn text_is_one_line_without_markers() {
        for hostile in [
            "x\n::error::forged",
            "::add-mask::secret",
            "  ::stop-commands::x",
            "title ##[error]forged",
            "##VSO[task.setvariable]x",
            "###[x] and ##teamcity[message]",
            "a\u{2028}::error::b",
            "a\u{85}b\rc\td",
            "bidi \u{202E}txt.exe",
            "\u{3000}::error::ideographic space",
        ] {
            let shown = text(hostile);
            assert!(!shown.contains(['\n', '\r', '\u{2028}', '\u{85}', '\u{202E}']), "{shown}");
            assert!(!acts(&shown), "{shown}");
        }
        assert_eq!(text("a\tb\nc"), "a\\tb\\nc");
        assert_eq!(text("##[error]"), "#\\u{23}[error]");
        assert_eq!(text("::error::x"), "\\u{3a}:error::x");
        assert_eq!(text("a::b ## c # [d]"), "a::b ## c # [d]");
        assert!(matches!(text("Grow revenue"), Cow::Borrowed(_)));
    }

    #[test]
    fn guarded_lines_keep_okrlint_layout() {
        assert_eq!(guard_lines("a\tb\nc\n"), "a\tb\nc\n");
        assert_eq!(
            guard_lines("ok\n::error::x\nnext ##[warning]y\n"),
            "ok\n\\u{3a}:error::x\nnext #\\u{23}[warning]y\n"
        );
        let mut out = GuardedWriter::new(Vec::new());
        out.write_all(b"one ::x\n::er").unwrap_or_default();
        out.write_all(b"ror::y\n##[z]").unwrap_or_default();
        let written = String::from_utf8(out.finish().unwrap_or_default()).unwrap_or_default();
        assert_eq!(written, "one ::x\n\\u{3a}:error::y\n#\\u{23}[z]");
    }

    /// Written whole or in pieces split anywhere (inside a line, a marker or
    /// a character), the output is that of `guard_lines` on the whole text.
    #[test]
    fn a_guarded_stream_is_the_same_however_it_is_split() {
        let text = "plain line\n  ::error::x\nok é ✓\nnext ##[warning]y\nA\u{2028}B\r\nlast # #: :\n::tail";
        let expected = guard_lines(text);
        let bytes = text.as_bytes();
        for step in 1..=bytes.len() {
            let mut out = GuardedWriter::new(Vec::new());
            for piece in bytes.chunks(step) {
                out.write_all(piece).unwrap_or_default();
            }
            let written = String::from_utf8(out.finish().unwrap_or_default()).unwrap_or_default();
            assert_eq!(written, expected, "written in pieces of {step} bytes");
        }
    }

    #[test]
    fn json_strings_decode_unchanged_and_hold_no_marker() {
        let hostile = "a ##[error]b ###vso[c] \u{2028}d \u{202E}e \u{85}f\n::g";
        let written = json_pretty(&serde_json::json!({"title": hostile}));
        for line in written.lines() {
            assert!(!acts(line), "{line}");
        }
        assert!(!written.contains(['\u{2028}', '\u{202E}', '\u{85}']));
        let back: serde_json::Value = serde_json::from_str(&written).unwrap_or_default();
        assert_eq!(back["title"], hostile);
    }

    #[test]
    fn xml_is_one_line_and_well_formed() {
        let shown = xml("::error::a\n##[b] <c> & \"d\" \u{1b}[31m");
        assert!(!shown.contains(['\n', '<', '\u{1b}']));
        assert!(!acts(&shown), "{shown}");
    }
}
