//! `--format human`: miette's graphical report, one per finding, with the
//! source snippet and the span underlined, then a summary line.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};

use super::safe::{is_unsafe as is_unsafe_char, text as escape_control};
use super::{CheckReport, summary_line};
use crate::diagnostic::{Diagnostic, Severity};

/// A file's text as shown in snippets: control, bidi and unusual line-break
/// characters replaced by `?` byte for byte, so that spans (byte offsets)
/// still line up, and a CI command marker (`##[`) broken the same way.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\r' && chars.peek().is_some_and(|(_, next)| *next == '\n') {
            out.push(' ');
        } else if c == '\n' || c == '\t' {
            out.push(c);
        } else if is_unsafe_char(c) || (c == '#' && out.ends_with('#') && super::safe::starts_marker(&text[at + 1..])) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// Longest part of a line a snippet shows, in characters: a longer line (a
/// minified or generated file) is cut to a window around the finding.
const MAX_LINE: usize = 200;
/// Characters kept before the finding when a long line is cut.
const LEAD: usize = 60;
/// Lines of a span underlined at most; a longer span is marked on its first line.
const MAX_SPAN_LINES: usize = 12;

/// The lines a finding's snippet shows (one of context on each side, as miette
/// reads them), cut to a window when long, with the finding's span within them.
struct Snippet {
    name: String,
    text: String,
    /// 0-based number of the window's first line in the file.
    first_line: usize,
    /// The finding's own 0-based line and character column, for the header.
    at: (usize, usize),
    /// The finding's span inside `text`.
    span: (usize, usize),
}

impl Snippet {
    /// `starts`: where each line of `file` starts (`line_starts`).
    fn new(name: String, file: &str, starts: &[usize], d: &Diagnostic) -> Snippet {
        let at = (d.line.saturating_sub(1) as usize, d.column.saturating_sub(1) as usize);
        if starts.is_empty() {
            return Snippet { name, text: String::new(), first_line: 0, at, span: (0, 0) };
        }
        let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = floor_char(file, d.span.start().min(file.len()));
        let mut end = floor_char(file, d.span.end().min(file.len()).max(start));
        let (first, mut last) = (line_of(start), line_of(end));
        if last > first.saturating_add(MAX_SPAN_LINES) {
            // A whole mapping: mark where it starts.
            last = first;
            end = line_end(file, starts, first).max(start);
        }
        let from = first.saturating_sub(1);
        let to = last.saturating_add(1).min(starts.len().saturating_sub(1));
        // The character column the finding starts at, where a long line is cut from.
        let column = file[starts[first]..start].chars().count();
        let cut_from = column.saturating_sub(LEAD);
        let mut text = String::new();
        let mut span = (0, 0);
        for line in from..=to {
            let line_start = starts[line];
            let content = &file[line_start..line_end(file, starts, line)];
            let (shown, offset) = window(content, cut_from);
            let base = text.len();
            text.push_str(&shown);
            // Where the span's ends fall in this line, translated into the window.
            let place = |at: usize| base.saturating_add(offset(at.saturating_sub(line_start)));
            if line == first {
                span.0 = place(start);
            }
            if line == last {
                span.1 = place(end).max(span.0);
            }
            if line < to {
                text.push('\n');
            }
        }
        Snippet { name, text, first_line: from, at, span }
    }
}

/// The largest char boundary at or before `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Byte offsets where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i.saturating_add(1))).collect()
}

/// Where a line's text ends (before its newline and any carriage return).
fn line_end(file: &str, starts: &[usize], line: usize) -> usize {
    let next = starts.get(line.saturating_add(1)).map_or(file.len(), |s| s.saturating_sub(1));
    if next > starts[line] && file.as_bytes().get(next.saturating_sub(1)) == Some(&b'\r') { next - 1 } else { next }
}

/// A line as shown: whole when short, else `MAX_LINE` characters from
/// `cut_from` with `…` where it was cut; and a map from a byte offset in the
/// line to one in what is shown.
fn window(line: &str, cut_from: usize) -> (String, impl Fn(usize) -> usize) {
    let chars = line.chars().count();
    let (from_char, to_char) = if chars <= MAX_LINE {
        (0, chars)
    } else {
        (cut_from.min(chars), cut_from.saturating_add(MAX_LINE).min(chars))
    };
    let byte_at = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(i, _)| i);
    let (from, to) = (byte_at(from_char), byte_at(to_char));
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < line.len() { "…" } else { "" };
    let shown = format!("{lead}{}{tail}", &line[from..to]);
    let shift = lead.len();
    (shown, move |at: usize| at.clamp(from, to).saturating_sub(from).saturating_add(shift))
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // The header (the primary label read without context) shows the
        // finding's own line and character column, as concise and JSON do.
        let (line, column) = if before == 0 && after == 0 {
            self.at
        } else {
            (inner.line().saturating_add(self.first_line), inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

struct Report<'a> {
    diagnostic: &'a Diagnostic,
    message: String,
    help: String,
    snippet: Snippet,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.diagnostic.code(), self.diagnostic.name())))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, end) = self.snippet.span;
        // The header already names the code and says what is wrong: a bare underline.
        Some(Box::new(std::iter::once(LabeledSpan::new(None, start, end.saturating_sub(start)))))
    }
}

/// The report, written finding by finding (a large run's report need not be
/// held whole). `width`: the terminal's width to wrap at, or `None` (not a
/// terminal) for no wrapping; `summary`: whether the summary line ends it
/// (not with `--quiet`).
pub fn write(
    report: &CheckReport,
    color: bool,
    width: Option<usize>,
    summary: bool,
    sink: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    let handler = match width {
        Some(width) => handler.with_width(width),
        None => handler.with_wrap_lines(false),
    };
    let mut out = String::new();
    // The file being shown, made printable, with its line starts (findings come sorted by file).
    let mut cache: Option<(usize, String, Vec<usize>)> = None;
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        let file = report.files[d.file];
        if cache.as_ref().is_none_or(|(id, ..)| *id != d.file) {
            let text = printable(file.source().map_or("", |s| s.text.as_str()));
            let starts = line_starts(&text);
            cache = Some((d.file, text, starts));
        }
        let (text, starts) = cache.as_ref().map_or(("", &[][..]), |(_, t, s)| (t.as_str(), s.as_slice()));
        let display = escape_control(&file.display).into_owned();
        let position = format!("{display}:{}:{}", d.line, d.column);
        let report = Report {
            diagnostic: d,
            message: match d.fix.as_deref().map(|f| f.applicability) {
                Some(crate::fix::Applicability::Safe) => format!("{} (fixable with --fix)", escape_control(&d.message)),
                Some(crate::fix::Applicability::Unsafe) => {
                    format!("{} (fixable with --fix --unsafe-fixes)", escape_control(&d.message))
                }
                None => escape_control(&d.message).into_owned(),
            },
            help: escape_control(&d.help).into_owned(),
            snippet: Snippet::new(display, text, starts, d),
        };
        out.clear();
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{position}: {}[{}] {}\n", d.severity, d.code(), report.message));
        }
        out.push('\n');
        sink.write_all(out.as_bytes())?;
    }
    if summary {
        sink.write_all(summary_line(report.summary).as_bytes())?;
    }
    Ok(())
}
