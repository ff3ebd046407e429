//! The documents the editor has open: their text as the editor holds it
//! (unsaved edits included), kept in step with incremental changes.

use std::path::{Path, PathBuf};

use lsp_types::{Position, TextDocumentContentChangeEvent, Uri};

use crate::source::Encoding;

/// One open document.
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
}

impl Document {
    /// Applies the editor's changes, in order: a change with a range
    /// replaces it (positions in `encoding`'s units, clamped to the text as
    /// LSP asks), one without replaces the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32, encoding: Encoding) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = offset(&self.text, range.start, encoding);
                    let end = offset(&self.text, range.end, encoding).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
        }
        self.version = version;
    }
}

/// The byte offset of an editor's position in `text`: a line past the end
/// is the end; a column past its line's end (or inside a character) is the
/// nearest character boundary before it.
pub fn offset(text: &str, position: Position, encoding: Encoding) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(at) => start += at + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut units = 0usize;
    for (i, c) in line.char_indices() {
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
        let next = units.saturating_add(width);
        if next > position.character as usize {
            return start + i;
        }
        units = next;
    }
    start + line.len()
}

/// The path of a `file:` URI (percent-decoded); `None` for any other scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://").or_else(|| text.strip_prefix("FILE://"))?;
    // `file:///path` or `file://localhost/path`; another host is not this machine's.
    let path = if rest.starts_with('/') { rest } else { rest.strip_prefix("localhost")? };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // Windows: `/C:/Users/…` is `C:/Users/…`.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::with_capacity(text.len() + 8);
    uri.push_str("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_in_the_negotiated_units() {
        let text = "a: 🙂é\r\nb: x\n";
        let at = |line, character, encoding| offset(text, Position { line, character }, encoding);
        // After the emoji: 2 UTF-16 units, 4 UTF-8 bytes, 1 code point.
        assert_eq!(at(0, 5, Encoding::Utf16), 7);
        assert_eq!(at(0, 7, Encoding::Utf8), 7);
        assert_eq!(at(0, 4, Encoding::Utf32), 7);
        // Inside the emoji: its start. Past the line (before the CR): the line's end.
        assert_eq!(at(0, 4, Encoding::Utf16), 3);
        assert_eq!(at(0, 99, Encoding::Utf16), 9);
        assert_eq!(at(1, 3, Encoding::Utf16), 14);
        assert_eq!(at(9, 0, Encoding::Utf16), text.len());
    }

    #[test]
    fn file_uris_round_trip() {
        let path = PathBuf::from("/tmp/a b/ü#1.okr.yaml");
        let uri = uri_of(&path).expect("uri");
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%C3%BC%231.okr.yaml");
        assert_eq!(path_of(&uri), Some(path));
        let other: Uri = "https://example.com/x".parse().expect("uri");
        assert_eq!(path_of(&other), None);
    }
}
