//! `--format human`: miette's graphical report, one per finding, with the
//! source snippet and the span underlined, then a summary line.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};

use super::{CheckReport, summary_line};
use crate::diagnostic::{Diagnostic, Severity, escape_control, is_unsafe_char};

/// A file's text as shown in snippets: control characters replaced by `?`
/// byte for byte, so that spans (byte offsets) still line up.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(' ');
        } else if is_unsafe_char(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

struct Snippet<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Snippet<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

struct Report<'a> {
    diagnostic: &'a Diagnostic,
    message: String,
    help: String,
    snippet: Snippet<'a>,
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
        Some(Box::new(format!("{}({})", self.diagnostic.code, self.diagnostic.name)))
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
        let span = self.diagnostic.span;
        let len = span.len.min(self.snippet.text.len().saturating_sub(span.start));
        // The header already names the code and says what is wrong: a bare underline.
        Some(Box::new(std::iter::once(LabeledSpan::new(None, span.start.min(self.snippet.text.len()), len))))
    }
}

pub fn render(report: &CheckReport, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width).with_links(false);
    let mut out = String::new();
    let mut cache: Option<(usize, String)> = None;
    for d in report.diagnostics.iter().filter(|d| !d.suppressed) {
        let file = report.files[d.file];
        if cache.as_ref().is_none_or(|(id, _)| *id != d.file) {
            cache = Some((d.file, printable(file.source().map_or("", |s| s.text.as_str()))));
        }
        let text = cache.as_ref().map_or("", |(_, t)| t.as_str());
        let display = escape_control(&file.display);
        let position = format!("{display}:{}:{}", d.line, d.column);
        let report = Report {
            diagnostic: d,
            message: escape_control(&d.message),
            help: escape_control(&d.help),
            snippet: Snippet { name: &display, text },
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{position}: {}[{}] {}\n", d.severity, d.code, report.message));
        }
        out.push('\n');
    }
    out.push_str(&summary_line(report.summary));
    out
}
