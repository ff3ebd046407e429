//! Where a file's block keys and list items start, and which of their values
//! run over several lines (a block scalar, a multi-line quoted scalar, a
//! multi-line flow collection). A suppression above such a key covers its
//! whole value, and `check --add-suppressions` writes its comments only
//! where a comment cannot change a value (SPEC §4).

use std::collections::BTreeSet;

use crate::source::SourceFile;
use crate::yaml::{self, Node, Value};

#[derive(Debug, Default)]
pub struct Layout {
    /// 1-based lines where a block key or list item starts (kept only when asked).
    pub starts: BTreeSet<usize>,
    /// (first line, last line) of each multi-line value: the line its key or
    /// list item starts on, and the value's last line.
    pub values: Vec<(usize, usize)>,
    keep_starts: bool,
}

impl Layout {
    /// The multi-line values only (what loading needs).
    pub fn values_only() -> Layout {
        Layout::default()
    }

    /// A file's whole layout, read from its text (`None`: not YAML).
    pub fn of(file: &SourceFile) -> Option<Layout> {
        let root = yaml::parse(file).ok()?;
        let mut layout = Layout { keep_starts: true, ..Layout::default() };
        layout.add(&root, file);
        Some(layout)
    }

    /// Adds a collection read from `file` (the document's root).
    pub fn add(&mut self, node: &Node, file: &SourceFile) {
        if is_flow(node, file) {
            return;
        }
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    self.entry(key, value, file);
                }
            }
            Value::Seq(items) => {
                for item in items {
                    self.entry(item, item, file);
                }
            }
            _ => {}
        }
    }

    /// Adds one list item read on its own (a streamed check-in).
    pub fn add_item(&mut self, item: &Node, file: &SourceFile) {
        self.entry(item, item, file);
    }

    /// A key (or list item) `head` starting a line, with its value.
    fn entry(&mut self, head: &Node, value: &Node, file: &SourceFile) {
        if self.keep_starts {
            self.starts.insert(file.position(head.span.start()).line);
        }
        match &value.value {
            // Also where a streamed list item was (`yaml::Stream`): it is added on its own.
            Value::Null => {}
            Value::Map(_) | Value::Seq(_) if !is_flow(value, file) => self.add(value, file),
            _ => {
                // Lines are worked out only for the few values that span several
                // (a long log has millions of one-line values).
                let text = file.slice(value.span);
                let end = value.span.start().saturating_add(text.trim_end_matches(['\n', '\r', ' ', '\t']).len());
                if file.text.get(head.span.start()..end).is_some_and(|t| t.contains('\n')) {
                    let first = file.position(head.span.start()).line;
                    self.values.push((first, file.position(end).line));
                }
            }
        }
    }

    /// The last line a suppression comment on `line` covers: the next line,
    /// or the end of the multi-line value whose key starts on the line it
    /// stands above (`alone`) or on its own line (a trailing comment).
    pub fn covered_until(&self, line: usize, alone: bool) -> usize {
        let head = if alone { line.saturating_add(1) } else { line };
        let value_end = self.values.iter().filter(|(first, _)| *first == head).map(|(_, last)| *last).max();
        value_end.unwrap_or(0).max(line.saturating_add(1))
    }

    /// The line a comment must stand above to cover `line`: the line itself
    /// when a key or list item starts there, else the start of the multi-line
    /// value holding it (`None`: neither, e.g. a blank line).
    pub fn head_of(&self, line: usize) -> Option<usize> {
        if self.starts.contains(&line) {
            return Some(line);
        }
        self.values.iter().filter(|(first, last)| *first < line && line <= *last).map(|(first, _)| *first).max()
    }
}

fn is_flow(node: &Node, file: &SourceFile) -> bool {
    matches!(node.value, Value::Map(_) | Value::Seq(_)) && file.slice(node.span).starts_with(['{', '['])
}
