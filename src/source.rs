//! Source files as read from disk, and the mapping from byte offsets to the
//! 1-based line and character column every output format reports.

use std::path::PathBuf;

/// Index of a file in the project's file table.
pub type FileId = usize;

/// A byte range into a source file's text (the text without its BOM).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(from = "(usize, usize)", into = "(usize, usize)")]
pub struct Span {
    start: u32,
    len: u32,
}

// A span is stored as `[start, len]`: the summary cache holds many of them.
impl From<(usize, usize)> for Span {
    fn from((start, len): (usize, usize)) -> Self {
        Span::new(start, len)
    }
}

impl From<Span> for (usize, usize) {
    fn from(span: Span) -> Self {
        (span.start(), span.len())
    }
}

// Offsets are kept in 32 bits: spans sit in every typed value and finding, and
// no file okrlint reads is near 4 GiB (`MAX_FILE_BYTES` refuses larger ones).
impl Span {
    pub fn new(start: usize, len: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let len = u32::try_from(len).unwrap_or(u32::MAX).min(u32::MAX.saturating_sub(start));
        Self { start, len }
    }
    pub const fn start(&self) -> usize {
        self.start as usize
    }
    #[allow(clippy::len_without_is_empty)]
    pub const fn len(&self) -> usize {
        self.len as usize
    }
    pub const fn end(&self) -> usize {
        self.start as usize + self.len as usize
    }
}

/// A line/column position: both 1-based, the column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// What kind of OKR file this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Set,
    CheckIns,
    Metrics,
    /// Named explicitly, not recognised by name: the kind comes from the top-level keys.
    Unknown,
}

impl FileKind {
    /// The kind a file name implies, if any.
    pub fn from_name(name: &str) -> Option<FileKind> {
        let name = name.to_ascii_lowercase();
        SUFFIXES.iter().find(|(suffix, _)| name.ends_with(suffix)).map(|(_, kind)| *kind)
    }
}

/// The name endings that make a file an OKR file.
const SUFFIXES: &[(&str, FileKind)] = &[
    (".okr.yaml", FileKind::Set),
    (".okr.yml", FileKind::Set),
    (".checkins.yaml", FileKind::CheckIns),
    (".checkins.yml", FileKind::CheckIns),
    (".metrics.yaml", FileKind::Metrics),
    (".metrics.yml", FileKind::Metrics),
];

/// How an editor counts columns (LSP's `positionEncoding`): in UTF-8 bytes,
/// UTF-16 code units (the protocol's default) or code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Bytes per mark in `SourceFile::char_marks`.
const CHAR_BLOCK: usize = 4096;

/// A UTF-8 continuation byte: not the start of a character.
const fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Where a file's lines start and where its multi-byte characters sit:
/// enough to place a finding in the file once its text is let go, without
/// reading it again (a project-wide rule's finding in a large set file).
#[derive(Debug)]
pub struct Lines {
    starts: Vec<u32>,
    /// Each multi-byte character's first byte, with the continuation bytes
    /// of the characters up to and including it.
    wide: Vec<(u32, u32)>,
    len: u32,
}

impl Lines {
    /// As `SourceFile::position`.
    pub fn position(&self, offset: usize) -> Position {
        let (end, end_chars) = self.boundary(offset.min(self.len as usize));
        let line = self.starts.partition_point(|&s| s as usize <= end).saturating_sub(1);
        let start = self.starts.get(line).map_or(0, |&s| s as usize);
        let (_, start_chars) = self.boundary(start);
        Position { line: line + 1, column: end_chars - start_chars + 1 }
    }

    /// The character boundary at or before `offset`, and the characters before it.
    fn boundary(&self, offset: usize) -> (usize, usize) {
        let i = self.wide.partition_point(|&(s, _)| s as usize <= offset);
        let Some(&(start, through)) = i.checked_sub(1).and_then(|i| self.wide.get(i)) else {
            return (offset, offset);
        };
        let before = i.checked_sub(2).and_then(|i| self.wide.get(i)).map_or(0, |&(_, through)| through);
        let (start, through, before) = (start as usize, through as usize, before as usize);
        let width = through - before + 1;
        if offset < start + width { (start, start - before) } else { (offset, offset - through) }
    }
}

/// One file of the project, read into memory.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it is opened.
    pub path: PathBuf,
    /// The path shown to users: relative to the current directory, `/`-separated.
    pub display: String,
    /// The text without a leading BOM; empty when the file could not be read as UTF-8.
    pub text: String,
    /// Byte offset of the start of each line, worked out when first needed
    /// (most files of a run have no finding to place).
    /// (32 bits: a large log has millions of lines, and a file is at most 64 MiB.)
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// For text that is not all ASCII: the characters before each `CHAR_BLOCK`
    /// bytes, so a column costs at most one block of counting however long
    /// the line (a one-line file of 32,000 objectives stays linear).
    char_marks: Option<Vec<usize>>,
    pub kind: FileKind,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String, kind: FileKind) -> Self {
        let line_starts = std::sync::OnceLock::new();
        let char_marks = (!text.is_ascii()).then(|| {
            let mut marks = Vec::with_capacity(text.len() / CHAR_BLOCK + 1);
            let mut chars = 0;
            for block in text.as_bytes().chunks(CHAR_BLOCK) {
                marks.push(chars);
                chars += block.iter().filter(|b| !is_continuation(**b)).count();
            }
            marks.push(chars);
            marks
        });
        Self { path, display, text, line_starts, char_marks, kind }
    }

    /// Byte offset of the start of each line.
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            );
            starts
        })
    }

    /// Characters before a byte offset (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let Some(marks) = &self.char_marks else { return offset };
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        let counted = self.text.as_bytes()[from..offset].iter().filter(|b| !is_continuation(**b)).count();
        marks.get(block).copied().unwrap_or(0) + counted
    }

    /// The file's `Lines`, unless its multi-byte characters are so many that
    /// they would cost more than reading the file again.
    pub fn lines(&self) -> Option<Lines> {
        let mut wide = Vec::new();
        if self.char_marks.is_some() {
            let mut through = 0u32;
            for (at, c) in self.text.char_indices().filter(|(_, c)| !c.is_ascii()) {
                // Eight bytes each: beyond one in sixteen bytes, the text is read again instead.
                if wide.len() >= (self.text.len() / 16).max(64) {
                    return None;
                }
                through = through.saturating_add(u32::try_from(c.len_utf8() - 1).unwrap_or(0));
                wide.push((u32::try_from(at).unwrap_or(u32::MAX), through));
            }
        }
        let len = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        Some(Lines { starts: self.line_starts().to_vec(), wide, len })
    }

    /// The line/column of a byte offset; offsets inside a character or past the
    /// end are clamped to the nearest valid position.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts().partition_point(|&s| s as usize <= offset).saturating_sub(1);
        let start = self.line_starts().get(line).map_or(0, |&s| s as usize);
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.chars_before(end) - self.chars_before(start) + 1;
        Position { line: line + 1, column }
    }

    /// The byte offset of a 1-based line and character column (the inverse of `position`).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(start) = self.line_starts().get(line.saturating_sub(1)).map(|&s| s as usize) else {
            return self.text.len();
        };
        let line_text = &self.text[start..];
        let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
        let byte = line_text.char_indices().nth(column.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i);
        start + byte
    }

    /// An editor's position of a byte offset: 0-based line, and 0-based
    /// column in `encoding`'s units (an offset inside a character counts
    /// from that character's start; past the end, the end).
    pub fn editor_position(&self, offset: usize, encoding: Encoding) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts().partition_point(|&s| s as usize <= offset).saturating_sub(1);
        let start = self.line_starts().get(line).map_or(0, |&s| s as usize);
        let column = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf32 => self.chars_before(offset) - self.chars_before(start),
            Encoding::Utf16 => self.text[start..offset].chars().map(char::len_utf16).sum(),
        };
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }

    /// The byte offset of an editor's position (the inverse of
    /// `editor_position`): a column past the line's end, or inside a
    /// character, gives the nearest character boundary before it; a line
    /// past the end gives the end.
    pub fn editor_offset(&self, line: u32, column: u32, encoding: Encoding) -> usize {
        let Some(start) = self.line_starts().get(line as usize).map(|&s| s as usize) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
        // A CRLF line ends before its CR.
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            let next = units + encoding.width(c);
            if next > column as usize {
                return start + i;
            }
            units = next;
        }
        start + line_text.len()
    }

    /// The source text of a span, if the span lies inside the file.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start()..span.end()).unwrap_or("")
    }

    /// The file name without its OKR suffix, used as the default set id.
    pub fn stem(&self) -> String {
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for (suffix, _) in SUFFIXES {
            if name.len() > suffix.len() && name.to_ascii_lowercase().ends_with(suffix) {
                return name[..name.len() - suffix.len()].to_string();
            }
        }
        match name.rfind('.') {
            Some(dot) if dot > 0 => name[..dot].to_string(),
            _ => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("a.okr.yaml"), "a.okr.yaml".into(), text.into(), FileKind::Set)
    }

    #[test]
    fn positions_count_characters_and_survive_crlf() {
        let f = file("a: 1\r\ntitle: Émoji 🚀 x\r\n");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        let x = f.text.find('x').unwrap();
        assert_eq!(f.position(x), Position { line: 2, column: 16 });
        assert_eq!(f.offset_of(2, 16), x);
        // Past a block boundary, on a long line of mixed text.
        let long = format!("t: {}é{}x\n", "a".repeat(5000), "🚀".repeat(3000));
        let g = file(&long);
        assert_eq!(g.position(long.find('x').unwrap()), Position { line: 1, column: 3 + 5000 + 1 + 3000 + 1 });
    }

    #[test]
    fn lines_place_every_offset_as_the_text_does() {
        let texts = [
            "a: 1\r\ntitle: Émoji 🚀 x\r\n",
            "",
            "plain\nascii\n",
            "é\nüß 中文 x\n\n🚀🚀\nend",
            "no newline at the end: ñ",
        ];
        for text in texts {
            let f = file(text);
            let lines = f.lines().expect("few multi-byte characters");
            for offset in 0..=text.len() + 2 {
                assert_eq!(lines.position(offset), f.position(offset), "{text:?} at {offset}");
            }
        }
        // Mostly multi-byte text is read again rather than indexed.
        assert!(file(&"中".repeat(100)).lines().is_none());
    }

    #[test]
    fn editor_positions_count_in_the_negotiated_encoding() {
        let f = file("a: 1\r\ntitle: Émoji 🚀 x\n");
        let x = f.text.find('x').unwrap();
        // "title: Émoji 🚀 x": É is 2 bytes, 🚀 4 bytes and 2 UTF-16 units.
        assert_eq!(f.editor_position(x, Encoding::Utf32), (1, 15));
        assert_eq!(f.editor_position(x, Encoding::Utf16), (1, 16));
        assert_eq!(f.editor_position(x, Encoding::Utf8), (1, 19));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let (line, column) = f.editor_position(x, encoding);
            assert_eq!(f.editor_offset(line, column, encoding), x, "{encoding:?}");
        }
        // Inside the rocket's surrogate pair: its start. Past the line: its end. Past the file: the end.
        let rocket = f.text.find('🚀').unwrap();
        assert_eq!(f.editor_offset(1, 14, Encoding::Utf16), rocket);
        assert_eq!(f.editor_offset(0, 99, Encoding::Utf16), 4);
        assert_eq!(f.editor_offset(9, 0, Encoding::Utf16), f.text.len());
        assert_eq!(f.editor_position(rocket + 1, Encoding::Utf16), (1, 13));
    }

    #[test]
    fn stem_strips_okr_suffixes() {
        let f = SourceFile::new(PathBuf::from("dir/growth.okr.yml"), String::new(), String::new(), FileKind::Set);
        assert_eq!(f.stem(), "growth");
        let g = SourceFile::new(PathBuf::from("dir/plans.yaml"), String::new(), String::new(), FileKind::Unknown);
        assert_eq!(g.stem(), "plans");
    }
}
