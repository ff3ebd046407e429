//! Reading spanned YAML nodes as typed values: each wrong type, unknown key or
//! missing required key becomes a problem at its spot, and reading goes on.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::scalars::{is_id, parse_date, parse_decimal, slug};
use super::{Problem, ProblemKind};
use crate::diagnostic::quote;
use crate::model::{Owner, Quantity, Sp};
use crate::source::{SourceFile, Span};
use crate::yaml::{Node, Value};

/// The keys of a mapping, after its shape was checked.
pub(crate) struct Fields<'n> {
    entries: &'n [(Node<'n>, Node<'n>)],
    /// The first key (or the mapping itself when empty): where a missing key is reported.
    pub span: Span,
    what: &'static str,
}

impl<'n> Fields<'n> {
    /// The value of `key`, unless it is absent or null.
    pub(crate) fn get(&self, key: &str) -> Option<&'n Node<'n>> {
        self.entry(key).map(|(_, v)| v).filter(|v| !matches!(v.value, Value::Null))
    }
    pub(crate) fn entry(&self, key: &str) -> Option<&'n (Node<'n>, Node<'n>)> {
        self.entries.iter().find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
    }
    pub(crate) fn key_span(&self, key: &str) -> Option<Span> {
        self.entry(key).map(|(k, _)| k.span)
    }
}

/// The keys a mapping may hold, and the help that lists them: made at
/// compile time (`keys!`), so a file with many unknown keys holds no copy of
/// the list per key.
pub(crate) struct Keys {
    pub names: &'static [&'static str],
    pub help: &'static str,
}

/// `Keys` of the key names given.
macro_rules! keys {
    ($first:literal $(, $rest:literal)* $(,)?) => {
        $crate::load::Keys {
            names: &[$first $(, $rest)*],
            help: concat!("known keys are: ", $first $(, ", ", $rest)*),
        }
    };
}
pub(crate) use keys;

pub(crate) struct Loader<'a> {
    pub file: &'a SourceFile,
    pub file_id: usize,
    pub problems: Vec<Problem>,
    /// A log's check-ins or a set's objectives, read while the YAML was
    /// parsed (`yaml::Stream`).
    pub streamed: Option<Streamed>,
}

/// The items of a file's main list, read one by one as the YAML is parsed:
/// the tree of a large file and its typed model never both hold them all.
pub(crate) enum Streamed {
    CheckIns(Vec<crate::model::CheckIn>),
    Objectives(Vec<crate::model::Objective>),
}

/// Fields whose values are words: a key that is one of those words was meant
/// as the value (`leading:` for `signal: leading`).
const WORD_FIELDS: &[(&str, &[&str])] = &[
    ("signal", &["leading", "lagging"]),
    ("kind", &["committed", "aspirational"]),
    ("refresh", crate::model::Refresh::NAMES),
    ("level", crate::model::Level::NAMES),
    ("scoring", &["linear", "threshold"]),
    ("method", &["linear", "threshold"]),
];

/// The field (among `known`) whose value `word` is, with the value as written in the format.
fn value_of_field(word: &str, known: &[&str]) -> Option<(&'static str, &'static str)> {
    let word = word.trim().to_ascii_lowercase();
    WORD_FIELDS
        .iter()
        .filter(|(field, _)| known.contains(field))
        .find_map(|(field, values)| values.iter().find(|v| **v == word).map(|value| (*field, *value)))
}

/// The closest known key to a misspelt one, if any is close enough to suggest.
pub fn suggest<'k>(word: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let word = word.to_ascii_lowercase();
    known
        .into_iter()
        .map(|k| {
            let lower = k.to_ascii_lowercase();
            (strsim::jaro_winkler(&word, &lower), strsim::levenshtein(&word, &lower), k)
        })
        .filter(|(jw, lev, k)| {
            *jw >= 0.85 || *lev <= 2.min(k.len() / 2) || word.replace(['-', ' '], "_") == k.to_ascii_lowercase()
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, k)| k)
}

impl<'a> Loader<'a> {
    pub(crate) fn parse_error(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<std::borrow::Cow<'static, str>>,
    ) {
        self.problems.push(Problem {
            kind: ProblemKind::Parse,
            span,
            message: message.into(),
            help: help.into(),
            fix: None,
        });
    }

    /// Checks that `node` is a mapping whose keys are all known; reports each
    /// unknown key (OKR002) and returns the fields.
    pub(crate) fn fields<'n>(&mut self, node: &'n Node<'n>, what: &'static str, keys: &Keys) -> Option<Fields<'n>> {
        let known = keys.names;
        let Value::Map(entries) = &node.value else {
            self.parse_error(
                node.span,
                format!("{what} must be a mapping of keys to values, found {}", node.value.type_name()),
                format!("write {what} as `key: value` lines"),
            );
            return None;
        };
        for (key, _) in entries {
            match &key.value {
                Value::Str(name) if known.contains(&name.as_ref()) => {}
                Value::Str(name) => {
                    let as_value = value_of_field(name, known);
                    let close = suggest(name, known.iter().copied());
                    // Safe only when the rename is the whole fix: the key written plainly,
                    // and the mapping not holding the suggested key already.
                    let fix = close
                        .filter(|close| {
                            as_value.is_none()
                                && self.file.slice(key.span) == name.as_ref()
                                && !entries.iter().any(|(k, _)| matches!(&k.value, Value::Str(n) if n == close))
                        })
                        .map(|close| {
                            crate::fix::Fix::safe(
                                format!("rename the key to `{close}`"),
                                vec![crate::fix::Edit::new(key.span, close)],
                            )
                        });
                    let (message, help) = match (as_value, close) {
                        // `leading: yes` meant `signal: leading`, not `learning`.
                        (Some((field, value)), _) => (
                            format!("unknown key {} in {what}; did you mean `{field}: {value}`?", quote(name)),
                            format!("`{value}` is a value of `{field}`: write `{field}: {value}`").into(),
                        ),
                        (None, Some(close)) => (
                            format!("unknown key {} in {what}; did you mean `{close}`?", quote(name)),
                            format!("rename it to `{close}`").into(),
                        ),
                        (None, None) => (format!("unknown key {} in {what}", quote(name)), keys.help.into()),
                    };
                    self.problems.push(Problem { kind: ProblemKind::UnknownField, span: key.span, message, help, fix });
                }
                other => self.parse_error(
                    key.span,
                    format!("keys in {what} must be text, found {}", other.type_name()),
                    keys.help,
                ),
            }
        }
        let span = entries.first().map_or(node.span, |(k, _)| k.span);
        Some(Fields { entries, span, what })
    }

    /// Reports a required key that is absent or empty.
    pub(crate) fn require(&mut self, fields: &Fields, key: &str) {
        if fields.get(key).is_some() {
            return;
        }
        match fields.entry(key) {
            Some((key_node, _)) => self.parse_error(
                key_node.span,
                format!("the required key `{key}` has no value"),
                format!("give `{key}` a value in {}", fields.what),
            ),
            None => self.parse_error(
                fields.span,
                format!("{} lacks the required key `{key}`", fields.what),
                format!("add `{key}:` with its value here"),
            ),
        }
    }

    pub(crate) fn wrong_type(&mut self, node: &Node, key: &str, expected: &str) {
        self.parse_error(
            node.span,
            format!("`{key}` must be {expected}, found {}", node.value.type_name()),
            format!("write `{key}` as {expected}"),
        );
    }

    /// A scalar as text (numbers and booleans as written).
    pub(crate) fn string(&mut self, fields: &Fields, key: &str) -> Option<Sp<String>> {
        let node = fields.get(key)?;
        self.scalar_text(node, key)
    }

    pub(crate) fn scalar_text(&mut self, node: &Node, key: &str) -> Option<Sp<String>> {
        match &node.value {
            Value::Str(s) => Some(Sp::new(s.to_string(), node.span)),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                Some(Sp::new(self.file.slice(node.span).to_string(), node.span))
            }
            _ => {
                self.wrong_type(node, key, "text");
                None
            }
        }
    }

    /// Free text that rules about prose read (`Document::texts` lists these fields).
    pub(crate) fn text(&mut self, fields: &Fields, key: &str) -> Option<Sp<String>> {
        self.string(fields, key)
    }

    /// An id: lower-case letters, digits and hyphens.
    pub(crate) fn id(&mut self, fields: &Fields, key: &str) -> Option<Sp<String>> {
        let value = self.string(fields, key)?;
        if !is_id(&value.value) {
            self.parse_error(
                value.span,
                format!("`{key}` {} may hold only lower-case letters, digits and hyphens", quote(&value.value)),
                format!("use an id such as `{}`", slug(&value.value)),
            );
        }
        Some(value)
    }

    pub(crate) fn number(&mut self, fields: &Fields, key: &str) -> Option<Sp<Decimal>> {
        let node = fields.get(key)?;
        self.number_node(node, key)
    }

    pub(crate) fn number_node(&mut self, node: &Node, key: &str) -> Option<Sp<Decimal>> {
        match &node.value {
            Value::Int(_) | Value::Float(_) => {
                let raw = self.file.slice(node.span).trim();
                match parse_decimal(raw, &node.value) {
                    Ok(n) => Some(Sp::new(n, node.span)),
                    Err(why) => {
                        self.parse_error(
                            node.span,
                            format!("`{key}` is {}: {why}", quote(raw)),
                            "write a plain finite number such as `42` or `0.75`",
                        );
                        None
                    }
                }
            }
            Value::Str(s) => {
                let help = if parse_decimal(s, &Value::Null).is_ok() {
                    "remove the quotes: a quoted number is text in YAML".to_string()
                } else {
                    "write a plain finite number such as `42` or `0.75`".to_string()
                };
                let raw = self.file.slice(node.span);
                self.parse_error(node.span, format!("`{key}` must be a number, found the text {}", quote(raw)), help);
                None
            }
            _ => {
                self.wrong_type(node, key, "a number");
                None
            }
        }
    }

    /// A baseline or target: a number, or a yes/no milestone marker.
    pub(crate) fn quantity(&mut self, fields: &Fields, key: &str) -> Option<Sp<Quantity>> {
        let node = fields.get(key)?;
        let milestone = match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "yes" | "done" | "true" | "complete" | "completed" | "launched" | "shipped" => Some(true),
                "no" | "not done" | "false" | "not started" | "pending" | "incomplete" => Some(false),
                _ => None,
            },
            _ => None,
        };
        match milestone {
            Some(done) => Some(Sp::new(Quantity::Milestone(done), node.span)),
            None => self.number_node(node, key).map(|n| Sp::new(Quantity::Number(n.value), n.span)),
        }
    }

    pub(crate) fn date(&mut self, fields: &Fields, key: &str) -> Option<Sp<NaiveDate>> {
        let node = fields.get(key)?;
        self.date_node(node, key)
    }

    pub(crate) fn date_node(&mut self, node: &Node, key: &str) -> Option<Sp<NaiveDate>> {
        let text = match &node.value {
            Value::Str(s) => s.to_string(),
            Value::Int(_) | Value::Float(_) => self.file.slice(node.span).to_string(),
            _ => {
                self.wrong_type(node, key, "a date (YYYY-MM-DD)");
                return None;
            }
        };
        match parse_date(&text) {
            Ok(date) => Some(Sp::new(date, node.span)),
            Err(why) => {
                self.parse_error(
                    node.span,
                    format!("`{key}` {} {why}", quote(&text)),
                    "write the date as YYYY-MM-DD, for example `2026-03-31`",
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub(crate) fn choice(&mut self, fields: &Fields, key: &str, names: &[&'static str]) -> Option<Sp<&'static str>> {
        let value = self.string(fields, key)?;
        match names.iter().find(|n| **n == value.value) {
            Some(name) => Some(Sp::new(*name, value.span)),
            None => {
                let help = match suggest(&value.value, names.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("use one of: {}", names.join(", ")),
                };
                self.parse_error(
                    value.span,
                    format!("`{key}` must be one of {}, found {}", names.join(", "), quote(&value.value)),
                    help,
                );
                None
            }
        }
    }

    /// The items of a list; absent or null is an empty list.
    pub(crate) fn list<'n>(&mut self, fields: &Fields<'n>, key: &str) -> &'n [Node<'n>] {
        match fields.get(key) {
            None => &[],
            Some(Node { value: Value::Seq(items), .. }) => items,
            Some(node) => {
                self.wrong_type(node, key, "a list");
                &[]
            }
        }
    }

    pub(crate) fn string_list(&mut self, fields: &Fields, key: &str) -> Vec<Sp<String>> {
        let items = self.list(fields, key);
        items.iter().filter_map(|item| self.scalar_text(item, key)).collect()
    }

    pub(crate) fn owner(&mut self, fields: &Fields, key: &str) -> Option<Sp<Owner>> {
        let node = fields.get(key)?;
        match &node.value {
            Value::Seq(items) => {
                let names: Vec<String> =
                    items.iter().filter_map(|i| self.scalar_text(i, key)).map(|s| s.value).collect();
                match names.len() {
                    0 => None,
                    1 => Some(Sp::new(Owner::One(names.into_iter().next().unwrap_or_default()), node.span)),
                    _ => Some(Sp::new(Owner::Many(names), node.span)),
                }
            }
            _ => self.scalar_text(node, key).map(|s| Sp::new(Owner::One(s.value), s.span)),
        }
    }
}
