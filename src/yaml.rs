//! YAML read by serde-saphyr into a small tree whose every node keeps its span.
//!
//! The typed model is built from this tree by `load`, by hand, rather than by
//! serde derive: a wrong type, an unknown key or a bad number then becomes one
//! pointed finding and the rest of the document still loads, where a derived
//! `Deserialize` would fail the whole file at the first problem.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, MessageFormatter, NonFiniteFloatPolicy, Options, UserMessageFormatter};

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

/// A document that could not be read as YAML.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

/// Budgets large enough for a 50,000-entry check-in log, small enough that an
/// alias bomb or runaway nesting is refused quickly.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_events = 20_000_000;
    budget.max_nodes = 10_000_000;
    budget.max_depth = 64;
    budget.max_total_scalar_bytes = 256 * 1024 * 1024;
    // OKR files have little use for anchors: keep what an alias may replay small.
    budget.max_recorded_anchor_events = 100_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options.with_snippet = false;
    options.alias_limits.max_total_replayed_events = 200_000;
    options
}

/// Parses one YAML document. An empty document (or only comments) is `Null`.
pub fn parse(file: &SourceFile) -> Result<Node<'_>, YamlError> {
    match serde_saphyr::from_str_with_options::<Node>(&file.text, options()) {
        Ok(mut root) => {
            stretch(&mut root, file.text.as_bytes());
            Ok(root)
        }
        Err(err) => {
            let err = err.without_snippet();
            let message = friendly(&UserMessageFormatter.format_message(err));
            let mut span = err.location().map(|loc| location_span(file, &loc)).unwrap_or_default();
            // The parser reports a tab just after it; point at the tab itself.
            if message.contains("tab") && span.start > 0 && file.text.as_bytes().get(span.start - 1) == Some(&b'\t') {
                span = Span::new(span.start - 1, 1);
            }
            Err(YamlError { message, span })
        }
    }
}

/// Rewords the parser's messages where they speak its internals.
fn friendly(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    let over_limit = lower.contains("budget") || lower.contains("limits breached");
    if over_limit && (lower.contains("depth") || lower.contains("recursion")) || lower.contains("recursion limit") {
        "the YAML nests deeper than 64 levels; OKR files never need that".into()
    } else if over_limit
        && (lower.contains("alias") || lower.contains("nodes") || lower.contains("events") || lower.contains("anchor"))
    {
        "the YAML expands to too many nodes (aliases and anchors are limited so a small file cannot explode in memory)"
            .into()
    } else if over_limit {
        format!("the YAML is over a size budget ({message})")
    } else if lower.contains("multiple yaml documents") {
        "the file holds more than one YAML document (`---`); put one set, log or dictionary in each file".into()
    } else if lower.contains("duplicate mapping key") {
        message.replace(", set DuplicateKeyPolicy in Options if acceptable", "")
    } else {
        message.to_string()
    }
}

fn location_span(file: &SourceFile, loc: &serde_saphyr::Location) -> Span {
    match byte_span(loc) {
        Some(span) => span,
        None if loc.line() > 0 => Span::new(file.offset_of(loc.line() as usize, loc.column() as usize), 0),
        None => Span::default(),
    }
}

fn byte_span(loc: &serde_saphyr::Location) -> Option<Span> {
    let span = loc.span();
    Some(Span::new(span.byte_offset()? as usize, span.byte_len()? as usize))
}

/// The parser gives a collection only its first position; stretch each one
/// over its contents (and closing bracket) so a whole list or mapping is underlined.
fn stretch(node: &mut Node<'_>, text: &[u8]) {
    let last_end = match &mut node.value {
        Value::Seq(items) => {
            items.iter_mut().for_each(|n| stretch(n, text));
            items.last().map(|n| n.span.end())
        }
        Value::Map(entries) => {
            entries.iter_mut().for_each(|(k, v)| {
                stretch(k, text);
                stretch(v, text);
            });
            entries.last().map(|(k, v)| k.span.end().max(v.span.end()))
        }
        _ => return,
    };
    let span = node.span;
    let mut end = last_end.unwrap_or(span.end()).max(span.end());
    let close = match text.get(span.start) {
        Some(b'[') => Some(b']'),
        Some(b'{') => Some(b'}'),
        _ => None,
    };
    if let Some(close) = close {
        let rest = &text[end.min(text.len())..];
        if let Some(at) = rest.iter().position(|b| !b.is_ascii_whitespace() && *b != b',')
            && rest[at] == close
        {
            end += at + 1;
        }
    }
    node.span.len = end - span.start;
}

// A node is read as serde-saphyr reads its `Spanned<T>`: the deserializer
// recognises the newtype name and presents the node as a struct of the value
// and its locations. `Spanned<T>` itself also records where an aliased node
// was defined and copies its first key into a `String`, for every node; this
// reads the value and the use-site byte range only (the tests in this module
// pin the spans, so a change in that protocol fails them).
const SPANNED: &str = "__yaml_spanned";
const SPANNED_FIELDS: &[&str] = &["__serde_saphyr_private_spanned", "value", "referenced", "defined"];

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(SPANNED, NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML node with its location")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        d.deserialize_struct("Spanned", SPANNED_FIELDS, self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut value = None;
        while let Some(field) = map.next_key::<FieldName>()? {
            match field.0 {
                "value" => value = Some(map.next_value::<Value<'de>>()?),
                "referenced" => {
                    let location = map.next_value::<ByteRange>()?;
                    // Parsing from a string always yields byte offsets; without them (never
                    // expected) the node is placed at the start rather than failing the file.
                    let span = location.0.unwrap_or_default();
                    let value = value.ok_or_else(|| de::Error::custom("a node's value comes before its location"))?;
                    // The rest (where an alias's node was defined) is not needed.
                    return Ok(Node { span, value });
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Err(de::Error::custom("a node without its location"))
    }
}

/// A field name of serde-saphyr's synthesised structs, without allocating.
struct FieldName(&'static str);

impl<'de> Deserialize<'de> for FieldName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = FieldName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, v: &str) -> Result<FieldName, E> {
                const NAMES: &[&str] = &["value", "referenced", "span", "byte_info"];
                Ok(FieldName(NAMES.iter().find(|n| **n == v).copied().unwrap_or("")))
            }
        }
        d.deserialize_identifier(NameVisitor)
    }
}

/// The byte range of a location (`{line, column, span: {offset, len, byte_info}}`).
struct ByteRange(Option<Span>);

impl<'de> Deserialize<'de> for ByteRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RangeVisitor;
        impl<'de> Visitor<'de> for RangeVisitor {
            type Value = ByteRange;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a location")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ByteRange, A::Error> {
                while let Some(field) = map.next_key::<FieldName>()? {
                    match field.0 {
                        "span" => return map.next_value::<ByteRange>(),
                        "byte_info" => {
                            let (start, len) = map.next_value::<(u64, u64)>()?;
                            let range = usize::try_from(start).ok().zip(usize::try_from(len).ok());
                            return Ok(ByteRange(range.map(|(start, len)| Span::new(start, len))));
                        }
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ByteRange(None))
            }
        }
        d.deserialize_struct("Location", &["line", "column", "span", "source_id"], RangeVisitor)
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value<'de>, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value<'de>, E> {
        i128::try_from(v).map(Value::Int).map_err(|_| E::custom("integer out of range"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
        Ok(Value::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Owned(v)))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Owned(String::from_utf8_lossy(v).into_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        // Without a hint, room for a typical list: growing from empty moves every node several times.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileKind;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("t.yaml"), "t.yaml".into(), text.into(), FileKind::Set)
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
        assert_eq!(f.position(err.span.start).line, 2);
        let deep = file(&format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)));
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
    }
}
