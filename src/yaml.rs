//! YAML read into a small tree whose every node keeps its span.
//!
//! The tree is built straight from granit-parser's event stream (the parser
//! under serde-saphyr), in one pass: no serde layer, no generic value copied
//! twice, text borrowed from the source wherever the YAML spells it as is. The
//! rules serde-saphyr would apply for a typeless value are applied here too:
//! YAML 1.2 core-schema scalars with strict booleans, duplicate keys refused,
//! `<<` merge keys, aliases expanded under a budget, one document per file.
//!
//! The typed model is built from this tree by `load`, by hand: a wrong type,
//! an unknown key or a bad number then becomes one pointed finding and the rest
//! of the document still loads.

pub mod emit;
mod lines;
pub mod scalar;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

use granit_parser::{ErrorKind, Event, Parser, ScalarStyle, ScanError, StructureStyle, Tag};

use crate::diagnostic::quote;
use crate::source::{SourceFile, Span};

/// One YAML node with the span it was written at (for an alias, where it is used).
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub span: Span,
    pub value: Value<'a>,
}

/// A value; text is borrowed from the source where the YAML spells it as is
/// (most keys and plain values), so reading a key allocates nothing.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// An integer; its exact text is the node's span in the source.
    Int(i128),
    /// A float (finite or not); its exact text is the node's span in the source.
    Float(f64),
    Str(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl Value<'_> {
    /// The YAML type's name, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A document that could not be read as YAML: what is wrong in a champion's
/// words (the parser's own text kept at the end), and how to fix it.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub help: String,
    pub span: Span,
}

/// Deeper than any OKR file needs; refused before it can cost anything.
const MAX_DEPTH: usize = 64;
/// Nodes in one document, aliases expanded (a 300,000-entry log has about 2.4 million).
const MAX_NODES: usize = 10_000_000;
/// Nodes that aliases may add by repeating anchored ones: an alias bomb stops here.
const MAX_ALIAS_NODES: usize = 200_000;

/// Parses one YAML document. An empty document (or only comments) is `Null`.
pub fn parse(file: &SourceFile) -> Result<Node<'_>, YamlError> {
    parse_streaming(file, None).map(|parsed| parsed.root)
}

/// `parse` through granit-parser alone, never the line reader: what the line
/// reader's results are held to (its tests and the `yaml` fuzz target).
pub fn parse_by_granit(file: &SourceFile) -> Result<Node<'_>, YamlError> {
    let text = file.text.as_str();
    let mut builder = Builder::new(text, None);
    granit_events(text, &mut builder)?;
    Ok(builder.parsed().root)
}

/// A parsed document, and whether an alias repeated anything in it (then rules
/// may see one node many times, at one span).
pub struct Parsed<'a> {
    pub root: Node<'a>,
    pub aliased: bool,
}

/// Where a long list goes item by item rather than into the tree: the items
/// of the root mapping's list at `key` are handed to `take` as each is read,
/// and the tree keeps a null in each one's place (with its span). A log's
/// check-ins are read this way, so its tree and its typed model never both
/// hold every check-in.
pub struct Stream<'s, 'a> {
    pub key: &'s str,
    pub take: &'s mut dyn FnMut(&Node<'a>),
}

/// `parse`, handing one list's items to `stream` as they are read.
pub fn parse_streaming<'a>(file: &'a SourceFile, stream: Option<Stream<'_, 'a>>) -> Result<Parsed<'a>, YamlError> {
    let text = file.text.as_str();
    let mut builder = Builder::new(text, stream);
    let streamed = builder.stream.is_some();
    if streamed && text.len() <= BUFFERED_UP_TO {
        // Streamed items are handed over as they are read, so the whole text
        // must be known to be in the simple form before the first one is: a
        // small file's events are kept until then, and replayed.
        let mut events = Vec::with_capacity(text.len() / 8);
        if lines::read::<()>(text, &mut |event, span| {
            events.push((event, span));
            Ok(())
        })
        .is_ok()
        {
            for (event, span) in events {
                builder.event(event, span)?;
            }
            return Ok(builder.parsed());
        }
    } else if !streamed || lines::read::<()>(text, &mut |_, _| Ok(())).is_ok() {
        // A large streamed file is read twice instead, once to know and once
        // to build: the reader is deterministic, so the second read does not
        // stop where the first did not, and no item goes out twice.
        match lines::read(text, &mut |event, span| builder.event(event, span)) {
            Ok(()) => return Ok(builder.parsed()),
            Err(lines::Stop::Sink(err)) => return Err(err),
            Err(lines::Stop::Outside) => builder = Builder::new(text, builder.stream.take()),
        }
    }
    granit_events(text, &mut builder)?;
    Ok(builder.parsed())
}

fn granit_events<'a>(text: &'a str, builder: &mut Builder<'_, 'a>) -> Result<(), YamlError> {
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = item.map_err(|err| scan_error(text, &err))?;
        builder.event(event, byte_span(&span))?;
    }
    Ok(())
}

fn byte_span(span: &granit_parser::Span) -> Span {
    let start = span.start.byte_offset().unwrap_or(0);
    let end = span.end.byte_offset().unwrap_or(start).max(start);
    Span::new(start, end - start)
}

/// A collection being read, with what it holds so far.
struct Frame<'a> {
    start: usize,
    flow: bool,
    anchor: usize,
    /// Nodes in this collection, itself included (what an alias of it would repeat).
    count: usize,
    items: Items<'a>,
}

enum Items<'a> {
    Seq(Vec<Node<'a>>),
    Map(MapItems<'a>),
}

#[derive(Default)]
struct MapItems<'a> {
    entries: Vec<(Node<'a>, Node<'a>)>,
    /// A key read, waiting for its value; `true` when it is a plain `<<`.
    key: Option<(Node<'a>, bool)>,
    /// Values of `<<` keys, merged when the mapping ends (its own keys win).
    merges: Vec<Node<'a>>,
    /// Keys seen, once the mapping is too long to search them one by one.
    seen: Option<HashSet<KeyId<'a>>>,
}

/// A scalar key's identity, for finding duplicates.
#[derive(PartialEq, Eq, Hash)]
enum KeyId<'a> {
    Null,
    Bool(bool),
    Int(i128),
    Float(u64),
    Str(Cow<'a, str>),
}

fn key_id<'a>(value: &Value<'a>) -> Option<KeyId<'a>> {
    Some(match value {
        Value::Null => KeyId::Null,
        Value::Bool(b) => KeyId::Bool(*b),
        Value::Int(i) => KeyId::Int(*i),
        Value::Float(f) => KeyId::Float(f.to_bits()),
        Value::Str(s) => KeyId::Str(s.clone()),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

fn same_key(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => x == y,
        _ => false,
    }
}

/// A streamed file up to this size keeps its events until it is known to be
/// in the simple form (`lines`); a larger one is read twice.
const BUFFERED_UP_TO: usize = 1 << 20;

/// Past this many keys, duplicates are found through a set rather than a scan.
const SCAN_KEYS: usize = 16;
/// Room a streamed item's mapping starts with (a check-in has about this many keys).
const MAP_CAPACITY: usize = 8;
/// A streamed item's entries longer than this are not kept for reuse.
const REUSE_UP_TO: usize = 64;

struct Builder<'s, 'a> {
    text: &'a str,
    stream: Option<Stream<'s, 'a>>,
    stack: Vec<Frame<'a>>,
    /// Anchored nodes by the parser's anchor id, with their node counts.
    anchors: HashMap<usize, (Node<'a>, usize)>,
    nodes: usize,
    replayed: usize,
    root: Option<Node<'a>>,
    documents: usize,
    /// The last streamed item's entry list, emptied, for the next item.
    spare: Option<Vec<(Node<'a>, Node<'a>)>>,
}

fn error(span: Span, message: impl Into<String>, help: impl Into<String>) -> YamlError {
    YamlError { message: message.into(), help: help.into(), span }
}

impl<'s, 'a> Builder<'s, 'a> {
    fn new(text: &'a str, stream: Option<Stream<'s, 'a>>) -> Self {
        Builder {
            text,
            stack: Vec::new(),
            anchors: HashMap::default(),
            nodes: 0,
            replayed: 0,
            root: None,
            documents: 0,
            stream,
            spare: None,
        }
    }

    fn parsed(self) -> Parsed<'a> {
        let aliased = self.replayed > 0;
        let root = self.root.unwrap_or(Node { span: Span::default(), value: Value::Null });
        Parsed { root, aliased }
    }

    fn event(&mut self, event: Event<'a>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents = self.documents.saturating_add(1);
                if self.documents > 1 {
                    return Err(error(
                        Span::new(span.start(), 3.min(self.text.len().saturating_sub(span.start()))),
                        "the file holds more than one YAML document (`---`)",
                        "put one set, log or dictionary in each file",
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let merge = style == ScalarStyle::Plain && value == "<<" && tag.is_none();
                let value =
                    resolve(value, style, tag.as_deref()).map_err(|(message, help)| error(span, message, help))?;
                self.complete(Node { span, value }, anchor, 1, 1, merge)?;
            }
            Event::SequenceStart(style, anchor, _) => self.open(span, style, anchor, Items::Seq(Vec::new()))?,
            Event::MappingStart(style, anchor, _) => {
                // A streamed item's entries are cleared and reused: a log's
                // check-ins then cost no allocation for their mappings.
                let entries = if self.streams_next() {
                    self.spare.take().unwrap_or_else(|| Vec::with_capacity(MAP_CAPACITY))
                } else {
                    Vec::new()
                };
                self.open(span, style, anchor, Items::Map(MapItems { entries, ..MapItems::default() }))?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
            Event::Alias(id) => {
                let Some((node, count)) = self.anchors.get(&id) else {
                    return Err(error(
                        span,
                        "this alias names no anchor defined before it",
                        "define `&name` before `*name`",
                    ));
                };
                let count = *count;
                self.replayed = self.replayed.saturating_add(count);
                if self.replayed > MAX_ALIAS_NODES {
                    return Err(too_many(span));
                }
                let node = Node { span, value: node.value.clone() };
                self.complete(node, 0, count, count, false)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether the node that starts (or ends) now is an item of the streamed
    /// list: the stack holds the root mapping and the list (the list's key is
    /// checked when the item is handed over; a wrong guess only sizes a Vec).
    fn streams_next(&self) -> bool {
        self.stream.is_some() && self.stack.len() == 2
    }

    fn open(&mut self, span: Span, style: StructureStyle, anchor: usize, items: Items<'a>) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(error(
                Span::new(span.start(), 1.min(self.text.len().saturating_sub(span.start()))),
                format!("the YAML nests deeper than {MAX_DEPTH} levels; OKR files never need that"),
                "flatten the structure",
            ));
        }
        let flow = style == StructureStyle::Flow;
        self.stack.push(Frame { start: span.start(), flow, anchor, count: 1, items });
        Ok(())
    }

    /// Ends the innermost collection. A block collection spans from its start to
    /// the end of its last child; a flow one to its closing bracket.
    fn close(&mut self, end_span: Span) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else { return Ok(()) };
        let (value, last_end) = match frame.items {
            // Shrunk to fit: a list grown by doubling holds up to twice its
            // items, and a large log has hundreds of thousands of small mappings.
            Items::Seq(mut items) => {
                if items.capacity() > items.len().saturating_add(items.len() / 4).saturating_add(1) {
                    items.shrink_to_fit();
                }
                let end = items.last().map(|n| n.span.end());
                (Value::Seq(items), end)
            }
            Items::Map(map) => {
                let end = map.entries.last().map(|(k, v)| k.span.end().max(v.span.end()));
                let mut entries = merge(map)?;
                // A streamed item is let go at once (its entries are reused): no need to fit it.
                if !self.streams_next()
                    && entries.capacity() > entries.len().saturating_add(entries.len() / 4).saturating_add(1)
                {
                    entries.shrink_to_fit();
                }
                (Value::Map(entries), end)
            }
        };
        let end = if frame.flow { end_span.end() } else { last_end.unwrap_or(frame.start) };
        let span = Span::new(frame.start, end.max(frame.start) - frame.start);
        self.complete(Node { span, value }, frame.anchor, frame.count, 1, false)
    }

    /// A node is read: keep it for aliases, then hand it to its parent.
    /// `count` is the nodes it holds (itself and everything under it);
    /// `added` those the document gains by it: one for a node read, all of
    /// them for an alias (its children were counted as they were read).
    fn complete(
        &mut self,
        node: Node<'a>,
        anchor: usize,
        count: usize,
        added: usize,
        merge_key: bool,
    ) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(added);
        if self.nodes > MAX_NODES {
            return Err(too_many(node.span));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), count));
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.count = parent.count.saturating_add(count);
        let streamed = match (&mut self.stream, self.stack.as_slice()) {
            (Some(stream), [root, list]) if matches!(list.items, Items::Seq(_)) => match &root.items {
                Items::Map(MapItems { key: Some((key, false)), .. }) => {
                    matches!(&key.value, Value::Str(k) if k == stream.key).then_some(stream)
                }
                _ => None,
            },
            _ => None,
        };
        let node = match streamed {
            Some(stream) => {
                (stream.take)(&node);
                if let Value::Map(mut entries) = node.value
                    && entries.capacity() <= REUSE_UP_TO
                {
                    entries.clear();
                    self.spare = Some(entries);
                }
                Node { span: node.span, value: Value::Null }
            }
            None => node,
        };
        let Some(parent) = self.stack.last_mut() else { return Ok(()) };
        match &mut parent.items {
            Items::Seq(items) => items.push(node),
            Items::Map(map) => match map.key.take() {
                None => map.key = Some((node, merge_key)),
                Some((_, true)) => map.merges.push(node),
                Some((key, false)) => {
                    if let Some(first) = duplicate(map, &key) {
                        let line = line_of(self.text, first.start());
                        return Err(error(
                            key.span,
                            format!(
                                "duplicate key: {} is already set on line {line} of this mapping",
                                quote(self.text.get(key.span.start()..key.span.end()).unwrap_or(""))
                            ),
                            "YAML keeps one value per key: remove one of them, or merge the two",
                        ));
                    }
                    map.entries.push((key, node));
                }
            },
        }
        Ok(())
    }
}

/// The earlier key equal to `key` in this mapping, if there is one (its span).
fn duplicate<'a>(map: &mut MapItems<'a>, key: &Node<'a>) -> Option<Span> {
    let id = key_id(&key.value)?;
    if map.seen.is_none() && map.entries.len() < SCAN_KEYS {
        return map.entries.iter().find(|(k, _)| same_key(&k.value, &key.value)).map(|(k, _)| k.span);
    }
    let seen = map.seen.get_or_insert_with(|| map.entries.iter().filter_map(|(k, _)| key_id(&k.value)).collect());
    if seen.insert(id) {
        None
    } else {
        map.entries.iter().find(|(k, _)| same_key(&k.value, &key.value)).map(|(k, _)| k.span)
    }
}

/// Applies a mapping's `<<` merges: the merged mappings' entries whose keys the
/// mapping does not set itself, earlier merged mappings first.
fn merge<'a>(mut map: MapItems<'a>) -> Result<Vec<(Node<'a>, Node<'a>)>, YamlError> {
    if map.merges.is_empty() {
        return Ok(map.entries);
    }
    let mut seen: HashSet<KeyId<'a>> = map.entries.iter().filter_map(|(k, _)| key_id(&k.value)).collect();
    for source in std::mem::take(&mut map.merges) {
        let span = source.span;
        let sources = match source.value {
            Value::Map(entries) => vec![entries],
            Value::Seq(items) => {
                let mut maps = Vec::with_capacity(items.len());
                for item in items {
                    match item.value {
                        Value::Map(entries) => maps.push(entries),
                        _ => return Err(merge_error(item.span)),
                    }
                }
                maps
            }
            _ => return Err(merge_error(span)),
        };
        for entries in sources {
            for (key, value) in entries {
                if key_id(&key.value).is_none_or(|id| seen.insert(id)) {
                    map.entries.push((key, value));
                }
            }
        }
    }
    Ok(map.entries)
}

fn merge_error(span: Span) -> YamlError {
    error(
        span,
        "`<<` merges a mapping, or a list of mappings, into this one",
        "point `<<` at an anchored mapping: `<<: *defaults`",
    )
}

fn too_many(span: Span) -> YamlError {
    error(
        span,
        "the YAML expands to too many nodes (aliases and anchors are limited so a small file cannot explode in memory)",
        "write the values out instead of repeating them through aliases",
    )
}

fn line_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    before.bytes().filter(|b| *b == b'\n').count() + 1
}

/// The value of a scalar as YAML 1.2's core schema reads it (with strict
/// booleans: `yes` and `no` stay text). Quoted and block scalars are text
/// unless a core tag says otherwise.
fn resolve<'a>(text: Cow<'a, str>, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value<'a>, (String, String)> {
    let core = tag.filter(|t| t.handle() == "tag:yaml.org,2002:").map(Tag::suffix);
    let forced_text = tag.is_some_and(|t| t.handle() == "!" && t.suffix().is_empty()) || core == Some("str");
    if forced_text || (style != ScalarStyle::Plain && core.is_none()) {
        return Ok(Value::Str(text));
    }
    let wrong =
        |kind: &str| (format!("`!!{kind}` is not a valid {kind} here"), "remove the tag or fix the value".to_string());
    match core {
        Some("null") => Ok(Value::Null),
        Some("bool") => bool_of(&text).map(Value::Bool).ok_or_else(|| wrong("bool")),
        Some("int") => int_of(&text).map(Value::Int).ok_or_else(|| wrong("int")),
        Some("float") => {
            float_of(&text).or_else(|| int_of(&text).map(|i| i as f64)).map(Value::Float).ok_or_else(|| wrong("float"))
        }
        _ => Ok(implicit(text)),
    }
}

fn implicit(text: Cow<'_, str>) -> Value<'_> {
    if matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = bool_of(&text) {
        return Value::Bool(b);
    }
    // Most plain scalars are words: only a digit, sign or dot can start a number.
    if !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')) {
        return Value::Str(text);
    }
    if let Some(i) = int_of(&text) {
        return Value::Int(i);
    }
    match float_of(&text) {
        Some(f) => Value::Float(f),
        None => Value::Str(text),
    }
}

fn bool_of(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A core-schema integer that fits 64 bits (`12`, `-3`, `+7`, `0x1F`, `0o17`, `0b101`).
/// `012` is not one (YAML 1.2 has no leading-zero octal); it reads as a float.
fn int_of(text: &str) -> Option<i128> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(d) = unsigned.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = unsigned.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = unsigned.strip_prefix("0b") {
        (2, d)
    } else {
        if unsigned.len() > 1 && unsigned.starts_with('0') {
            return None;
        }
        (10, unsigned)
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        let value = i128::from(magnitude).checked_neg()?;
        (value >= i128::from(i64::MIN)).then_some(value)
    } else {
        Some(i128::from(magnitude))
    }
}

/// A core-schema float: `1.5`, `-.5`, `2e3`, `1e400` (infinite), `.inf`, `-.Inf`, `.nan`.
fn float_of(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(if text.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY }),
        ".nan" | ".NaN" | ".NAN" => return (unsigned.len() == text.len()).then_some(f64::NAN),
        _ => {}
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && fraction.is_none_or(digits) && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if mantissa_ok && exponent_ok { text.parse().ok() } else { None }
}

/// A parser error, in a champion's words, pointing at the spot.
fn scan_error(text: &str, err: &ScanError) -> YamlError {
    let at = err.marker().byte_offset().unwrap_or(0).min(text.len());
    let mut span = Span::new(at, 0);
    let (sentence, help): (String, &str) = match err.kind() {
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabAtBlockScalarStart
        | ErrorKind::TabInPlainScalar => {
            span = tab_near(text, at).map_or(span, |tab| Span::new(tab, 1));
            ("a tab is used for indentation".into(), "indent with spaces: YAML does not allow tabs for indentation")
        }
        ErrorKind::ExpectedBlockSequenceEntry | ErrorKind::BlockSequenceEntryNotAllowed => (
            "a list item here is indented differently from the items before it, or lacks its `- `".into(),
            "start every item of a list with `- `, all in the same column",
        ),
        ErrorKind::ExpectedBlockMappingKey | ErrorKind::InvalidIndentation => (
            "this line is indented differently from the keys around it".into(),
            "keys of one mapping start in the same column; a value continued on the next line is indented further",
        ),
        ErrorKind::SimpleKeyExpected => (
            "this line lacks the `:` after its key".into(),
            "write `key: value` (a colon and a space), or put the text in quotes if it continues the value above",
        ),
        ErrorKind::ExpectedDocumentStart => (
            "YAML read the document as ended before this line".into(),
            "a line above probably lacks the `:` after its key, or is indented less than the keys around it",
        ),
        ErrorKind::MappingValueNotAllowed | ErrorKind::InvalidSimpleKey if indented_further(text, at) => (
            "this line is indented further than the one above, so YAML reads it as part of the value above".into(),
            "line up the keys of one mapping in the same column",
        ),
        ErrorKind::MappingValueNotAllowed | ErrorKind::InvalidSimpleKey | ErrorKind::InvalidColonPlacement => (
            "a `: ` where YAML does not expect a new key".into(),
            "quote a value that holds a colon followed by a space (`title: \"Phase 2: launch\"`), or fix the indentation",
        ),
        ErrorKind::UnclosedQuotedScalar
        | ErrorKind::InvalidTrailingSingleQuotedScalar
        | ErrorKind::InvalidTrailingDoubleQuotedScalar
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::DocumentIndicatorInQuotedScalar => (
            "a quoted text is not closed where YAML expects it".into(),
            "close the quote; inside '…' write '' for a quote, inside \"…\" write \\\"; or quote the whole value",
        ),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidUnicodeEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate => (
            "a backslash escape inside double quotes is not one YAML knows".into(),
            "write a backslash as `\\\\`, or use single quotes, where a backslash is plain text",
        ),
        ErrorKind::UnclosedFlowCollection { .. }
        | ErrorKind::MismatchedFlowCollectionEnd { .. }
        | ErrorKind::MisplacedFlowCollectionEnd
        | ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping => (
            "a `[…]` or `{…}` is not closed, or its items are not separated by commas".into(),
            "close every `[` with `]` and every `{` with `}`, with `, ` between items; quote text that holds brackets",
        ),
        ErrorKind::UnexpectedCharacter { character } => {
            (format!("`{}` cannot start a plain value in YAML", character), "put the value in quotes")
        }
        ErrorKind::UnknownAnchor => (
            "an alias `*name` names no anchor defined before it".into(),
            "define `&name` before `*name`, or write the value out",
        ),
        ErrorKind::RecursionLimitExceeded => (
            format!("the YAML nests deeper than {MAX_DEPTH} levels; OKR files never need that"),
            "flatten the structure",
        ),
        ErrorKind::MultipleDocumentsUnsupported => {
            ("the file holds more than one YAML document (`---`)".into(), "put one set, log or dictionary in each file")
        }
        ErrorKind::CommentNotSeparated => (
            "a `#` comment touches the text before it".into(),
            "put a space before `#`, or quote a value that holds `#`",
        ),
        ErrorKind::UnexpectedEofBlockMapping | ErrorKind::UnexpectedEofBlockSequence | ErrorKind::UnexpectedEof => (
            "the file ends in the middle of a value".into(),
            "check the last lines: an open quote or bracket, or a cut-off file",
        ),
        _ => (
            "the YAML is malformed here".into(),
            "fix the YAML syntax at this spot; the rest of the file is checked once it parses",
        ),
    };
    let detail = err.info();
    let detail = detail.lines().next().unwrap_or("");
    // Whatever the parser stumbled on, a bracket left open before it is the likelier cause.
    let structural = !matches!(
        err.kind(),
        ErrorKind::RecursionLimitExceeded | ErrorKind::MultipleDocumentsUnsupported | ErrorKind::UnknownAnchor
    ) && !sentence.starts_with("a tab")
        && !sentence.starts_with("a quoted");
    if let Some(open) = unclosed_bracket(text, at).filter(|_| structural) {
        let line = line_of(text, open);
        return error(
            span,
            format!(
                "a `{}` opened on line {line} is not closed (the parser says: {detail})",
                text[open..].chars().next().unwrap_or('[')
            ),
            "close every `[` with `]` and every `{` with `}`, with `, ` between items; quote text that holds brackets",
        );
    }
    error(span, format!("{sentence} (the parser says: {detail})"), help)
}

/// The innermost `[` or `{` still open at `at`, reading the text before it
/// roughly as YAML does (quotes and comments hold no brackets).
fn unclosed_bracket(text: &str, at: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut quote = None;
    let mut comment = false;
    let mut previous = b'\n';
    for (i, b) in text.as_bytes().iter().copied().enumerate().take(at) {
        match (quote, b) {
            (_, b'\n') => {
                comment = false;
                if quote.is_none() && open.is_empty() {
                    previous = b;
                    continue;
                }
            }
            _ if comment => {}
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'#') if previous.is_ascii_whitespace() => comment = true,
            (None, b'"' | b'\'') if matches!(previous, b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':') => {
                quote = Some(b)
            }
            (None, b'[' | b'{') => open.push(i),
            (None, b']' | b'}') => {
                open.pop();
            }
            _ => {}
        }
        previous = b;
    }
    open.pop()
}

/// Whether the line at `at` is indented further than the previous non-blank line.
fn indented_further(text: &str, at: usize) -> bool {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '-']).len();
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let above = text[..line_start].lines().rev().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    above.is_some_and(|above| indent(line) > indent(above))
}

/// The tab the parser complains about: the first one in the indentation of the
/// line the error is on, or of the next line (parsers often stop at the end of
/// the previous line).
fn tab_near(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(at) == Some(&b'\t') {
        return Some(at);
    }
    let line_start = bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let next_start = bytes[at..].iter().position(|b| *b == b'\n').map(|p| at + p + 1);
    [Some(line_start), next_start].into_iter().flatten().find_map(|start| {
        let indent = bytes[start..].iter().take_while(|b| matches!(b, b' ' | b'\t' | b'-')).count();
        bytes[start..start + indent].iter().position(|b| *b == b'\t').map(|p| start + p)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileKind;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("t.yaml"), "t.yaml".into(), text.into(), FileKind::Set)
    }

    /// The node budget counts each node once, however deep it sits: a large
    /// file passes, only aliases multiply (a 300,000-entry check-in log has
    /// about 2.4 million nodes).
    #[test]
    fn nodes_are_counted_once_whatever_their_depth() {
        let depth = 40;
        let mut text = String::new();
        for level in 0..depth {
            text.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
        }
        text.push_str(&"  ".repeat(depth));
        text.push('[');
        text.push_str(&"1,".repeat(300_000));
        text.push_str("1]\n");
        let file = SourceFile::new("deep.yaml".into(), "deep.yaml".into(), text, crate::source::FileKind::Unknown);
        assert!(parse(&file).is_ok(), "300,001 scalars under 40 levels are far under the budget");
    }

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let f = file("id: growth\nn: 18.1\nq: \"x\"\n");
        let root = parse(&f).unwrap();
        let Value::Map(entries) = root.value else { panic!("not a map") };
        assert_eq!(f.slice(entries[0].0.span), "id");
        assert_eq!(f.slice(entries[0].1.span), "growth");
        assert_eq!(f.slice(entries[1].1.span), "18.1");
        assert_eq!(f.slice(entries[2].1.span), "\"x\"");
    }

    #[test]
    fn yes_and_no_stay_strings() {
        let f = file("a: yes\nb: true\n");
        let Value::Map(entries) = parse(&f).unwrap().value else { panic!() };
        assert!(matches!(entries[0].1.value, Value::Str(ref s) if s == "yes"));
        assert!(matches!(entries[1].1.value, Value::Bool(true)));
    }

    #[test]
    fn errors_point_at_the_spot() {
        let f = file("a: 1\na: 2\n");
        let err = parse(&f).unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
        assert_eq!(f.position(err.span.start()).line, 2);
        let deep = file(&format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)));
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
    }

    fn map<'a>(node: &'a Node<'a>) -> Vec<(String, &'a Value<'a>)> {
        let Value::Map(entries) = &node.value else { panic!("not a map: {node:?}") };
        entries
            .iter()
            .map(|(k, v)| match &k.value {
                Value::Str(s) => (s.to_string(), &v.value),
                other => panic!("key {other:?}"),
            })
            .collect()
    }

    #[test]
    fn scalars_read_as_the_core_schema_reads_them() {
        let f = file(
            "a: 0x1F\nb: 012\nc: 1e400\nd: .nan\ne: -.nan\nf: ~\ng: !!str 12\nh: '12'\ni: Yes\nj: -7\nk: 18.1\nl: 12345678901234567890123\nm:\nn: !!float 3\n",
        );
        let root = parse(&f).unwrap();
        let m = map(&root);
        assert!(matches!(m[0].1, Value::Int(31)));
        assert!(matches!(m[1].1, Value::Float(f) if *f == 12.0));
        assert!(matches!(m[2].1, Value::Float(f) if f.is_infinite()));
        assert!(matches!(m[3].1, Value::Float(f) if f.is_nan()));
        assert!(matches!(m[4].1, Value::Str(s) if s == "-.nan"));
        assert!(matches!(m[5].1, Value::Null));
        assert!(matches!(m[6].1, Value::Str(s) if s == "12"));
        assert!(matches!(m[7].1, Value::Str(s) if s == "12"));
        assert!(matches!(m[8].1, Value::Str(s) if s == "Yes"));
        assert!(matches!(m[9].1, Value::Int(-7)));
        assert!(matches!(m[10].1, Value::Float(f) if *f == 18.1));
        assert!(matches!(m[11].1, Value::Float(_)));
        assert!(matches!(m[12].1, Value::Null));
        assert!(matches!(m[13].1, Value::Float(f) if *f == 3.0));
    }

    #[test]
    fn merge_keys_and_aliases_expand_with_own_keys_winning() {
        let f = file("base: &b {owner: ana, x: 1}\nkr:\n  x: 2\n  <<: *b\nlist: [*b, *b]\n");
        let root = parse(&f).unwrap();
        let m = map(&root);
        let Value::Map(kr) = m[1].1 else { panic!() };
        let kr: Vec<_> = kr.iter().map(|(k, v)| (f.slice(k.span).to_string(), f.slice(v.span).to_string())).collect();
        assert_eq!(kr, [("x".into(), "2".into()), ("owner".into(), "ana".into())]);
        let Value::Seq(items) = m[2].1 else { panic!() };
        // An alias is placed where it is used.
        assert_eq!(f.slice(items[1].span), "*b");
        assert!(parse(&file("a: &x 1\nb:\n  <<: *x\n")).unwrap_err().message.contains("merges a mapping"));
    }

    #[test]
    fn alias_bombs_and_second_documents_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].windows(2).map(|w| (w[0], w[1])) {
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse(&file(&bomb)).unwrap_err().message.contains("too many nodes"));
        let two = file("a: 1\n---\nb: 2\n");
        let err = parse(&two).unwrap_err();
        assert!(err.message.contains("more than one YAML document"), "{}", err.message);
        assert_eq!(two.slice(err.span), "---");
    }

    #[test]
    fn duplicates_are_found_in_long_mappings_too() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k7: again\n");
        let f = file(&text);
        let err = parse(&f).unwrap_err();
        assert!(err.message.contains("`k7` is already set on line 8"), "{}", err.message);
        assert_eq!(f.position(err.span.start()).line, 41);
        // `1` and `"1"` are different keys.
        assert!(parse(&file("1: a\n\"1\": b\n")).is_ok());
    }

    #[test]
    fn syntax_errors_say_what_is_wrong_and_keep_the_parsers_words() {
        let tab = file("objectives:\n\t- id: x\n");
        let err = parse(&tab).unwrap_err();
        assert!(err.message.starts_with("a tab is used for indentation"), "{}", err.message);
        assert_eq!(tab.slice(err.span), "\t");
        let quote = parse(&file("title: \"never closed\nowner: ana\n")).unwrap_err();
        assert!(quote.message.contains("quoted text is not closed"), "{}", quote.message);
        assert!(quote.message.contains("(the parser says: "), "{}", quote.message);
        let dash = parse(&file("objectives:\n  - id: a\n  id: b\n")).unwrap_err();
        assert!(!dash.help.is_empty());
        let bracket = parse(&file("okrs: [a, b\nowner: x\n")).unwrap_err();
        assert!(bracket.message.contains("not closed"), "{}", bracket.message);
    }
}
