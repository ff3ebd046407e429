//! The form nearly every OKR file is written in, read a line at a time.
//!
//! Sets and logs are block mappings and lists whose scalars each sit on one
//! line, with the odd one-line flow list: `key: value`, `- key: value`,
//! `tags: [a, b]`, comments. Read line by line, that form costs a fraction of
//! what a general YAML parser's token machinery does. This reader hands the
//! builder the very events, spans included, that granit-parser would, and
//! stops at the first line outside the form (anchors, tags, block or
//! multi-line or escaped scalars, flow mappings, nested flow, tabs, carriage
//! returns, control characters, a second document…): the caller then reads the
//! file with granit-parser, so nothing outside the form is ever guessed at.
//! The tests hold it to granit-parser, event for event, on every fixture and on
//! generated near-misses.

use std::borrow::Cow;

use granit_parser::{Event, ScalarStyle, StructureStyle};

use crate::source::Span;

/// Why a read stopped before the end.
pub enum Stop<E> {
    /// The text leaves the form this reader knows; granit-parser reads it.
    Outside,
    /// The event sink refused an event (the builder's own error).
    Sink(E),
}

/// Reads `text`, handing each event to `sink`; `Stop::Outside` as soon as a
/// line is not in the simple form (some events may have been handed over).
///
/// A line's events reach the sink only once the next line with content is
/// known to be in the form. granit-parser reads that far before its events for
/// a line are out (a dedent closes collections only when what follows it has
/// been scanned), so an error the sink raises (a duplicate key found when a
/// collection closes) never comes ahead of the parse error granit-parser
/// would have met first.
pub fn read<'a, E>(text: &'a str, sink: &mut impl FnMut(Event<'a>, Span) -> Result<(), E>) -> Result<(), Stop<E>> {
    if !simple_characters(text) {
        return Err(Stop::Outside);
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        sink,
        stack: Vec::new(),
        pending: Pending::Nothing,
        line: 0,
        state: Document::NotYet,
        queue: Vec::new(),
    };
    let mut start = 0;
    while start < text.len() {
        let end = memchr::memchr(b'\n', &reader.bytes[start..]).map_or(text.len(), |at| start + at);
        let before = reader.queue.len();
        if reader.line(start, end)? {
            reader.flush(before)?;
        }
        start = end + 1;
    }
    reader.finish()?;
    reader.flush(reader.queue.len())
}

/// Only characters every YAML reader takes the same way: printable, no tab,
/// no carriage return, no line or paragraph separator, no byte-order mark.
fn simple_characters(text: &str) -> bool {
    // Whole blocks at a time, without stopping early: the loop vectorises.
    let control = |chunk: &[u8]| chunk.iter().fold(false, |seen, &b| seen | ((b < 0x20 && b != b'\n') | (b == 0x7f)));
    if text.as_bytes().chunks(256).any(control) {
        return false;
    }
    text.is_ascii()
        || !text
            .chars()
            .any(|c| matches!(c, '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Map,
    /// A list whose `-` are further in than its parent's keys (or the root list).
    Seq,
    /// A list written at its key's own column (`key:` then `- item` below it).
    Indentless,
}

/// Where a flow collection goes on.
enum Flow {
    /// An item starts here.
    Item(usize),
    /// The collection closed; it ends here.
    Closed(usize),
}

struct Frame {
    column: usize,
    kind: Kind,
}

/// A node that is not on the line that announced it.
enum Pending {
    Nothing,
    /// `key:` with nothing after it: a nested collection follows, or its value
    /// is null (at `at`, where its colon is); `column` is its mapping's.
    Value {
        at: usize,
        column: usize,
    },
    /// `-` with nothing after it: the same, for a list at `column`.
    Item {
        at: usize,
        column: usize,
    },
}

#[derive(PartialEq, Eq)]
enum Document {
    NotYet,
    /// A `---` line came before any content, at this offset.
    Marked(usize),
    Started,
}

struct Reader<'a, 's, S> {
    text: &'a str,
    bytes: &'a [u8],
    sink: &'s mut S,
    stack: Vec<Frame>,
    pending: Pending,
    /// Where the current line starts.
    line: usize,
    state: Document,
    /// Events not yet handed to the sink: the last content line's, and the current one's.
    queue: Vec<(Event<'a>, Span)>,
}

fn is_key_start(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b' ')
}

/// Longer keys are not simple keys to YAML (its limit is 1,024 characters).
const MAX_KEY: usize = 1000;

impl<'a, E, S: FnMut(Event<'a>, Span) -> Result<(), E>> Reader<'a, '_, S> {
    fn emit(&mut self, event: Event<'a>, span: Span) -> Result<(), Stop<E>> {
        self.queue.push((event, span));
        Ok(())
    }

    /// Hands the first `count` queued events to the sink.
    fn flush(&mut self, count: usize) -> Result<(), Stop<E>> {
        let Self { queue, sink, .. } = self;
        for (event, span) in queue.drain(..count) {
            sink(event, span).map_err(Stop::Sink)?;
        }
        Ok(())
    }

    fn scalar(&mut self, start: usize, end: usize, style: ScalarStyle, span: Span) -> Result<(), Stop<E>> {
        let value = self.text.get(start..end).ok_or(Stop::Outside)?;
        self.emit(Event::Scalar(Cow::Borrowed(value), style, 0, None), span)
    }

    fn null(&mut self, at: usize) -> Result<(), Stop<E>> {
        self.emit(Event::Scalar(Cow::Borrowed("~"), ScalarStyle::Plain, 0, None), Span::new(at, 0))
    }

    fn close(&mut self, at: usize) -> Result<(), Stop<E>> {
        let Some(frame) = self.stack.pop() else { return Err(Stop::Outside) };
        let event = if frame.kind == Kind::Map { Event::MappingEnd } else { Event::SequenceEnd };
        self.emit(event, Span::new(at, 0))
    }

    /// Reads one line; whether it had content (not blank, a comment or `---`).
    fn line(&mut self, start: usize, end: usize) -> Result<bool, Stop<E>> {
        let line = &self.bytes[start..end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        if indent == line.len() || line[indent] == b'#' {
            return Ok(false);
        }
        if indent == 0
            && (line.starts_with(b"---") || line.starts_with(b"..."))
            && line.get(3).is_none_or(|b| *b == b' ')
        {
            // A lone `---` may open the document; every other marker is left to the parser.
            if line == b"---" && self.state == Document::NotYet {
                self.state = Document::Marked(start);
                return Ok(false);
            }
            return Err(Stop::Outside);
        }
        self.content(start, indent, end)?;
        Ok(true)
    }

    fn content(&mut self, start: usize, indent: usize, end: usize) -> Result<(), Stop<E>> {
        self.line = start;
        let at = start + indent;
        let dash = self.is_dash(at, end);
        match std::mem::replace(&mut self.pending, Pending::Nothing) {
            Pending::Value { at: null_at, column } => {
                if indent > column {
                    return self.open(indent, at, end, dash);
                }
                if indent == column && dash {
                    let first = self.after_dash(at, end);
                    self.emit(Event::SequenceStart(StructureStyle::Block, 0, None), Span::new(first, 0))?;
                    self.stack.push(Frame { column, kind: Kind::Indentless });
                    return self.dash_entry(at, end);
                }
                self.null(null_at)?;
            }
            Pending::Item { at: null_at, column } => {
                if indent > column {
                    return self.open(indent, at, end, dash);
                }
                self.null(null_at)?;
            }
            Pending::Nothing => {}
        }
        if self.state != Document::Started {
            let (explicit, mark) = match self.state {
                Document::Marked(mark) => (true, Span::new(mark, 3)),
                _ => (false, Span::new(at, 0)),
            };
            self.state = Document::Started;
            self.emit(Event::DocumentStart(explicit, None), mark)?;
            return self.open(indent, at, end, dash);
        }
        while let Some(top) = self.stack.last() {
            if top.column > indent || (top.column == indent && top.kind == Kind::Indentless && !dash) {
                self.close(at)?;
            } else {
                break;
            }
        }
        match self.stack.last() {
            Some(top) if top.column == indent => match (top.kind, dash) {
                (Kind::Map, false) => self.key_entry(at, end),
                (Kind::Seq | Kind::Indentless, true) => self.dash_entry(at, end),
                _ => Err(Stop::Outside),
            },
            // Content after the root closed, or at a column nothing open has.
            _ => Err(Stop::Outside),
        }
    }

    /// A collection that starts on this line, at `column`.
    fn open(&mut self, column: usize, at: usize, end: usize, dash: bool) -> Result<(), Stop<E>> {
        if dash {
            self.emit(Event::SequenceStart(StructureStyle::Block, 0, None), Span::new(at, 0))?;
            self.stack.push(Frame { column, kind: Kind::Seq });
            self.dash_entry(at, end)
        } else if self.key_end(at, end).is_some() {
            self.emit(Event::MappingStart(StructureStyle::Block, 0, None), Span::new(at, 0))?;
            self.stack.push(Frame { column, kind: Kind::Map });
            self.key_entry(at, end)
        } else {
            Err(Stop::Outside)
        }
    }

    /// `-` followed by a space or the end of the line.
    fn is_dash(&self, at: usize, end: usize) -> bool {
        self.bytes[at] == b'-' && (at + 1 == end || self.bytes[at + 1] == b' ')
    }

    /// Where an item's content starts after its `-`: past spaces, or the end of
    /// the line when only spaces and a comment follow.
    fn after_dash(&self, dash: usize, end: usize) -> usize {
        let mut at = dash + 1;
        while at < end && self.bytes[at] == b' ' {
            at += 1;
        }
        if at < end && self.bytes[at] == b'#' { end } else { at }
    }

    /// The colon ending a simple plain key that starts at `at`, if the line
    /// starts with one (`name: …` or `name:` alone).
    fn key_end(&self, at: usize, end: usize) -> Option<usize> {
        if !is_key_start(self.bytes[at]) {
            return None;
        }
        let limit = end.min(at + MAX_KEY);
        for i in at + 1..limit {
            let b = self.bytes[i];
            if b == b':' {
                let separated = i + 1 == end || self.bytes[i + 1] == b' ';
                return (separated && self.bytes[i - 1] != b' ').then_some(i);
            }
            if !is_key_byte(b) || (b == b' ' && self.bytes.get(i + 1) == Some(&b'#')) {
                return None;
            }
        }
        None
    }

    fn key_entry(&mut self, at: usize, end: usize) -> Result<(), Stop<E>> {
        let colon = self.key_end(at, end).ok_or(Stop::Outside)?;
        self.scalar(at, colon, ScalarStyle::Plain, Span::new(at, colon - at))?;
        let mut value = colon + 1;
        while value < end && self.bytes[value] == b' ' {
            value += 1;
        }
        if value == end || self.bytes[value] == b'#' {
            let column = self.stack.last().map_or(0, |top| top.column);
            self.pending = Pending::Value { at: colon, column };
            return Ok(());
        }
        self.value(value, end)
    }

    fn dash_entry(&mut self, dash: usize, end: usize) -> Result<(), Stop<E>> {
        let at = self.after_dash(dash, end);
        if at == end {
            let column = self.stack.last().map_or(0, |top| top.column);
            self.pending = Pending::Item { at: end, column };
            return Ok(());
        }
        if self.is_dash(at, end) {
            return Err(Stop::Outside);
        }
        if self.key_end(at, end).is_some() {
            self.emit(Event::MappingStart(StructureStyle::Block, 0, None), Span::new(at, 0))?;
            self.stack.push(Frame { column: at - self.line, kind: Kind::Map });
            return self.key_entry(at, end);
        }
        self.value(at, end)
    }

    /// A value that fills the rest of the line (a comment may follow it).
    fn value(&mut self, at: usize, end: usize) -> Result<(), Stop<E>> {
        let after = match self.bytes[at] {
            b'"' | b'\'' => self.quoted(at, end)?,
            b'[' => self.flow_list(at, end)?,
            b'{' => self.flow_map(at, end)?,
            _ => {
                let stop = self.plain(at, end, false)?;
                self.scalar(at, stop, ScalarStyle::Plain, Span::new(at, stop - at))?;
                stop
            }
        };
        self.rest_is_comment(after, end)
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    /// Only spaces, then perhaps a comment, from `at` to the end of the line.
    fn rest_is_comment(&self, at: usize, end: usize) -> Result<(), Stop<E>> {
        let mut i = at;
        while i < end && self.bytes[i] == b' ' {
            i += 1;
        }
        if i == end || (i > at && self.bytes[i] == b'#') { Ok(()) } else { Err(Stop::Outside) }
    }

    /// A one-line quoted scalar without escapes; where it ends (past its quote).
    fn quoted(&mut self, at: usize, end: usize) -> Result<usize, Stop<E>> {
        let quote = self.bytes[at];
        let inside = &self.bytes[at + 1..end];
        let close = at + 1 + memchr::memchr(quote, inside).ok_or(Stop::Outside)?;
        let escaped = if quote == b'"' {
            memchr::memchr(b'\\', &self.bytes[at + 1..close]).is_some()
        } else {
            self.bytes.get(close + 1) == Some(&b'\'')
        };
        if escaped {
            return Err(Stop::Outside);
        }
        let style = if quote == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
        self.scalar(at + 1, close, style, Span::new(at, close + 1 - at))?;
        Ok(close + 1)
    }

    /// Where a one-line plain scalar starting at `at` ends (trailing spaces
    /// left out). In a flow list it also ends at `,`, `[`, `]`, `{` or `}`.
    fn plain(&self, at: usize, end: usize, flow: bool) -> Result<usize, Stop<E>> {
        let first = self.bytes[at];
        let next = self.bytes.get(at + 1).copied().filter(|_| at + 1 < end);
        let indicator = matches!(
            first,
            b',' | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
                | b'?'
                | b':'
        ) || (first == b'-' && !next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.'));
        if indicator {
            return Err(Stop::Outside);
        }
        let mut last = at;
        let mut i = at;
        while i < end {
            let b = self.bytes[i];
            match b {
                b':' if flow || i + 1 == end || self.bytes[i + 1] == b' ' => return Err(Stop::Outside),
                b'#' if self.bytes[i - 1] == b' ' => break,
                b',' | b'[' | b']' | b'{' | b'}' if flow => break,
                b' ' => {}
                _ => last = i + 1,
            }
            i += 1;
        }
        Ok(last)
    }

    /// `[a, "b", 'c']` on one line, of scalars only; where it ends (past `]`).
    fn flow_list(&mut self, at: usize, end: usize) -> Result<usize, Stop<E>> {
        let start = Event::SequenceStart(StructureStyle::Flow, 0, None);
        let mut next = self.flow_open(at, end, start, b']', Event::SequenceEnd)?;
        loop {
            let item = match next {
                Flow::Closed(past) => return Ok(past),
                Flow::Item(item) => item,
            };
            let after = self.flow_scalar(item, end)?;
            next = self.flow_next(after, end, b']', Event::SequenceEnd)?;
        }
    }

    /// `{key: value, …}` on one line, of simple keys and scalar or flow-list
    /// values; where it ends (past `}`).
    fn flow_map(&mut self, at: usize, end: usize) -> Result<usize, Stop<E>> {
        let start = Event::MappingStart(StructureStyle::Flow, 0, None);
        let mut next = self.flow_open(at, end, start, b'}', Event::MappingEnd)?;
        loop {
            let key = match next {
                Flow::Closed(past) => return Ok(past),
                Flow::Item(key) => key,
            };
            // A key, then `: ` and a value on this line.
            let colon = self.key_end(key, end).filter(|colon| colon + 1 < end).ok_or(Stop::Outside)?;
            self.scalar(key, colon, ScalarStyle::Plain, Span::new(key, colon - key))?;
            let value = self.skip_spaces(colon + 1, end);
            if value >= end {
                return Err(Stop::Outside);
            }
            let after =
                if self.bytes[value] == b'[' { self.flow_list(value, end)? } else { self.flow_scalar(value, end)? };
            next = self.flow_next(after, end, b'}', Event::MappingEnd)?;
        }
    }

    /// A flow collection's opening bracket at `at`: its first item, or past
    /// its closing bracket when it is empty.
    fn flow_open(
        &mut self,
        at: usize,
        end: usize,
        start: Event<'a>,
        close: u8,
        ends: Event<'a>,
    ) -> Result<Flow, Stop<E>> {
        self.emit(start, Span::new(at, 1))?;
        let first = self.skip_spaces(at + 1, end);
        if first < end && self.bytes[first] == close {
            self.emit(ends, Span::new(first, 1))?;
            return Ok(Flow::Closed(first + 1));
        }
        if first >= end {
            return Err(Stop::Outside);
        }
        Ok(Flow::Item(first))
    }

    /// After a flow item that ends at `at`: the next item (after a comma), or
    /// past the closing bracket.
    fn flow_next(&mut self, at: usize, end: usize, close: u8, ends: Event<'a>) -> Result<Flow, Stop<E>> {
        let at = self.skip_spaces(at, end);
        match self.bytes.get(at).copied().filter(|_| at < end) {
            Some(b',') => {
                let next = self.skip_spaces(at + 1, end);
                if next >= end || self.bytes[next] == close {
                    return Err(Stop::Outside);
                }
                Ok(Flow::Item(next))
            }
            Some(b) if b == close => {
                self.emit(ends, Span::new(at, 1))?;
                Ok(Flow::Closed(at + 1))
            }
            _ => Err(Stop::Outside),
        }
    }

    /// A quoted or plain scalar inside a flow collection; where it ends.
    fn flow_scalar(&mut self, at: usize, end: usize) -> Result<usize, Stop<E>> {
        if matches!(self.bytes[at], b'"' | b'\'') {
            return self.quoted(at, end);
        }
        let stop = self.plain(at, end, true)?;
        self.scalar(at, stop, ScalarStyle::Plain, Span::new(at, stop - at))?;
        Ok(stop)
    }

    fn finish(&mut self) -> Result<(), Stop<E>> {
        let end = self.text.len();
        match std::mem::replace(&mut self.pending, Pending::Nothing) {
            Pending::Value { at, .. } | Pending::Item { at, .. } => self.null(at)?,
            Pending::Nothing => {}
        }
        if let Document::Marked(_) = self.state {
            // `---` and nothing else: the parser says what that document holds.
            return Err(Stop::Outside);
        }
        while !self.stack.is_empty() {
            self.close(end)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a builder sees of an event: block collections' end spans and the
    /// document markers' spans are not read, so they are not compared.
    fn seen(event: Event<'_>, span: Span, flow_depth: &mut Vec<bool>) -> Option<String> {
        let shown = match &event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => return None,
            Event::DocumentStart(..) => return Some("document".to_string()),
            Event::SequenceStart(style, ..) | Event::MappingStart(style, ..) => {
                flow_depth.push(*style == StructureStyle::Flow);
                format!("{event:?} {span:?}")
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if flow_depth.pop().unwrap_or(false) {
                    format!("{event:?} {span:?}")
                } else {
                    format!("{event:?}")
                }
            }
            _ => format!("{event:?} {span:?}"),
        };
        Some(shown)
    }

    fn by_granit(text: &str) -> Option<Vec<String>> {
        let mut options = granit_parser::Options::default();
        options.emit_comments = false;
        let mut depth = Vec::new();
        let mut out = Vec::new();
        for item in granit_parser::Parser::new_from_str_with_options(text, options) {
            let (event, span) = item.ok()?;
            let start = span.start.byte_offset().unwrap_or(0);
            let end = span.end.byte_offset().unwrap_or(start).max(start);
            out.extend(seen(event, Span::new(start, end - start), &mut depth));
        }
        Some(out)
    }

    fn by_lines(text: &str) -> Option<Vec<String>> {
        let mut depth = Vec::new();
        let mut out = Vec::new();
        let read = read::<()>(text, &mut |event, span| {
            out.extend(seen(event, span, &mut depth));
            Ok(())
        });
        read.is_ok().then_some(out)
    }

    /// Whatever the text, `parse` (the line reader where it can) and granit-parser
    /// give the same tree or the same error; and when the line reader reads the
    /// text, granit-parser reads it into the same events at the same spans.
    /// Returns whether the line reader read it.
    fn agree(text: &str) -> bool {
        let file = crate::source::SourceFile::new(
            "t.yaml".into(),
            "t.yaml".into(),
            text.to_string(),
            crate::source::FileKind::Unknown,
        );
        assert_eq!(
            format!("{:?}", super::super::parse(&file)),
            format!("{:?}", super::super::parse_by_granit(&file)),
            "the trees differ on:\n{text}"
        );
        let Some(ours) = by_lines(text) else { return false };
        let theirs = by_granit(text);
        assert_eq!(Some(&ours), theirs.as_ref(), "the line reader and granit-parser differ on:\n{text}");
        true
    }

    #[test]
    fn a_duplicate_key_is_reported_only_where_granit_parser_would_report_it() {
        // The list under the second `a` closes at a line that is not YAML: the
        // parse error comes first, as granit-parser meets it before the duplicate.
        assert!(!agree("a:\n- x\na:\n- y\nnot a key\n"));
        // Where the file is YAML, the duplicate is the error.
        assert!(agree("a:\n- x\na:\n- y\nb: 1\n"));
        let file = crate::source::SourceFile::new(
            "t.yaml".into(),
            "t.yaml".into(),
            "a:\n- x\na:\n- y\nb: 1\n".into(),
            crate::source::FileKind::Unknown,
        );
        let error = super::super::parse(&file).err().map(|e| e.message);
        assert!(error.is_some_and(|m| m.starts_with("duplicate key")));
    }

    #[test]
    fn reads_every_fixture_as_granit_parser_does() {
        let mut files = Vec::new();
        let mut folders = vec![std::path::PathBuf::from("fixtures"), "tests/data".into(), "examples".into()];
        while let Some(folder) = folders.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 100, "the fixtures were not found: {}", files.len());
        let read = files.iter().filter(|path| agree(&std::fs::read_to_string(path).unwrap_or_default())).count();
        // Most OKR files are in the simple form; the rest go to granit-parser.
        eprintln!("{read} of {} fixtures read", files.len());
        assert!(read * 2 > files.len(), "the line reader read {read} of {} fixtures", files.len());
    }

    #[test]
    fn reads_the_forms_okr_files_use() {
        let text = "# a set\ncycle: 2026-Q1\nobjectives:\n- id: o1\n  title: \"Grow\"  # c\n  tags: [a, 'b', \"c d\"]\n  key_results:\n    -\n      id: k1\n    - id: k2\n      owner: ''\n      empty: []\n  note:\n";
        assert!(agree(text));
        assert!(agree("---\nlog:\n  - date: 2026-01-05\n    actual: -1.5\n    next: a:b #x\n  -\n"));
        assert!(agree("- a\n-\n- [x]\n"));
        assert!(agree(""));
        assert!(agree("# only a comment\n"));
    }

    const INDENTS: [&str; 6] = ["", " ", "  ", "   ", "    ", "      "];
    const PREFIXES: [&str; 6] = ["", "", "- ", "-", "-   ", "- - "];
    const BODIES: [&str; 70] = [
        "- {at_least: 114, score: 1.0}",
        "k: {a: 1, b: x}",
        "k: {}",
        "k: { a: \"x\" , b: [1] }",
        "k: {a: }",
        "k: {a:b}",
        "k: {a: b,}",
        "k: {a: {b: c}}",
        "k: {a b: c d}",
        "k: {a: 'x', b: [y, z]}",
        "k: {a: b} # c",
        "k: {a: b}x",
        "key: value",
        "key:",
        "k: \"q\"",
        "k: 'q'",
        "k: [a, b]",
        "k: []",
        "k: [ a ,'b' ]",
        "plain",
        "a: b: c",
        "k: v # c",
        "k: v#c",
        "# c",
        "",
        "k: -1",
        "k: -",
        "k: ---",
        "k: a:b",
        "k : v",
        "---",
        "...",
        "k: \"a\\\"b\"",
        "k: 'a''b'",
        "k: &a v",
        "k: *a",
        "k: |",
        "k: {a: 1}",
        "k: [a, [b]]",
        "k: [a,]",
        "key with space: v",
        "k: v  ",
        "k:  ",
        "1: x",
        "true: y",
        "k: \u{a0}x",
        "k: x\u{a0}",
        "k: é",
        "k: \"é\"",
        "k: ' x '",
        "k: [\"a, b\", c]",
        "k: [a b, c]",
        "k: [a #c]",
        "k: \"x\" # c",
        "k: \"x\"#c",
        "k: 'x' y",
        "k: ?x",
        "k: :x",
        "k: -x",
        "k: .5",
        "k: [a: b]",
        "k:   # c",
        "- k: v",
        "k: ~",
        "k: null",
        "k: x # y: z",
        "k: [ ]",
        "k: [\"\"]",
        "k:v",
        "k: 2026-01-05",
    ];

    /// A small deterministic generator: `next(n)` is in `0..n`.
    fn generator(seed: u64) -> impl FnMut(usize) -> usize {
        let mut state = seed;
        move |n| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n
        }
    }

    /// Texts built from pieces of lines, near the edge of the form and past it:
    /// whatever the line reader reads, it reads as granit-parser does.
    #[test]
    fn agrees_with_granit_parser_on_generated_near_misses() {
        let mut next = generator(0x9e37_79b9_7f4a_7c15);
        let mut read = 0;
        let texts = 100_000;
        for _ in 0..texts {
            let lines = 1 + next(7);
            let mut text = String::new();
            for line in 0..lines {
                if line > 0 {
                    text.push('\n');
                }
                text.push_str(INDENTS[next(INDENTS.len())]);
                text.push_str(PREFIXES[next(PREFIXES.len())]);
                text.push_str(BODIES[next(BODIES.len())]);
            }
            if next(3) == 0 {
                text.push('\n');
            }
            if agree(&text) {
                read += 1;
            }
        }
        // Enough of them are read that the comparison means something.
        eprintln!("{read} of {texts} generated texts read");
        assert!(read > texts / 20, "only {read} of {texts} generated texts were read");
    }

    /// Set and log files with a line or two changed (moved in or out, replaced,
    /// dropped, repeated, a comment or blank put in): the same promise.
    #[test]
    fn agrees_with_granit_parser_on_mutated_okr_files() {
        const BASES: [&str; 4] = [
            "cycle: 2026-Q1\nlevel: team\nobjectives:\n  - id: o1\n    title: Grow revenue\n    owner: Ana Lima\n    collaborators: [Bo Chen, 'Cy Dee']\n    key_results:\n      - id: k1\n        title: \"Raise NPS from 10 to 20\"\n        baseline: 10\n        target: 20\n      -\n        id: k2\n        owner:\n  - id: o2\n    title: Keep costs flat\n",
            "okrs: t1\ncheckins:\n- date: 2026-01-05\n  kr: o1/k1\n  actual: 44.0\n  confidence: 5 # high\n  insight: Weekend traffic hides it\n- date: 2026-01-12\n  kr: o1/k2\n  actual: -1.5\n  help_needed:\n  next_action: ''\n",
            "bands:\n  - {at_least: 114, score: 1.0}\n  - { at_least: 92 , score: '0.3' }\nvalid_range: {min: 0, max: 100}\n",
            "# head\n---\nname: x\nmetrics:\n  m1:\n    unit: percent\n    tags: []\n    owners:\n    - a\n    - b\n  m2:\n    unit: count\n",
        ];
        let mut next = generator(0x2545_f491_4f6c_dd1d);
        let (mut read, texts) = (0, 60_000);
        for i in 0..texts {
            let mut lines: Vec<String> = BASES[i % BASES.len()].lines().map(str::to_string).collect();
            for _ in 0..1 + next(2) {
                let at = next(lines.len());
                let line = lines[at].clone();
                let body = line.trim_start();
                let indent = line.len() - body.len();
                match next(7) {
                    0 => lines[at] = format!("{}{body}", " ".repeat(indent + 1 + next(2))),
                    1 => lines[at] = format!("{}{body}", " ".repeat(indent.saturating_sub(1 + next(2)))),
                    2 => {
                        lines[at] = format!(
                            "{}{}{}",
                            " ".repeat(indent),
                            PREFIXES[next(PREFIXES.len())],
                            BODIES[next(BODIES.len())]
                        )
                    }
                    3 => {
                        lines.remove(at);
                    }
                    4 => lines.insert(at, line),
                    5 => lines.insert(at, format!("{}# note", INDENTS[next(INDENTS.len())])),
                    _ => lines.insert(at, INDENTS[next(INDENTS.len())].to_string()),
                }
                if lines.is_empty() {
                    lines.push(String::new());
                }
            }
            let mut text = lines.join("\n");
            if next(4) > 0 {
                text.push('\n');
            }
            if agree(&text) {
                read += 1;
            }
        }
        eprintln!("{read} of {texts} mutated files read");
        assert!(read > texts / 4, "only {read} of {texts} mutated files were read");
    }
}
