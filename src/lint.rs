//! The engine: runs the enabled rules over the index, keeps the findings for
//! the files the user named, applies suppressions and sorts the result.

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, Context, Rule, Scope, Sink};
use crate::source::FileId;

/// Which rules run, beyond the configuration.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    fn enables(&self, rule: &Rule) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| rule.matches(s)))
            && !self.ignore.iter().any(|s| rule.matches(s))
    }
}

/// The counts the summary line and the JSON summary report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
}

impl Summary {
    /// The counts for `files` reported files and their diagnostics.
    pub fn of(files: usize, diagnostics: &[Diagnostic]) -> Summary {
        let mut summary = Summary { files, ..Summary::default() };
        for d in diagnostics {
            if d.suppressed {
                summary.suppressed += 1;
                continue;
            }
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}

/// Runs the enabled rules (only the per-file ones when `only_files`) and
/// returns their diagnostics, sorted by file, line, column and code. A
/// per-file rule's findings are kept for the named files; a project-wide rule
/// decides itself which findings a named file causes elsewhere (SPEC §2).
pub fn lint(ctx: &Context, selection: &Selection, only_files: bool) -> Vec<Diagnostic> {
    let enabled: Vec<(&Rule, Severity)> = rules::registry()
        .iter()
        .filter(|rule| !only_files || rule.scope == Scope::File)
        .filter(|rule| selection.enables(rule))
        .filter_map(|rule| ctx.config.severity_of(rule).map(|severity| (rule, severity)))
        .collect();
    let index = ctx.index;
    let join = ctx.join;
    let mut diagnostics: Vec<Diagnostic> = enabled
        .par_iter()
        .flat_map_iter(|(rule, severity)| {
            let mut sink = Sink::default();
            (rule.check)(ctx, &mut sink);
            let keep = move |file| rule.scope == Scope::Project || ctx.reported(file);
            sink.findings.into_iter().filter(move |f| keep(f.file)).map(move |f| {
                let file = index.get_file(f.file).unwrap_or_else(|| join.files[f.file].source());
                let start = file.position(f.span.start);
                let end = file.position(f.span.end());
                Diagnostic {
                    code: rule.code,
                    name: rule.name,
                    severity: *severity,
                    message: f.message,
                    help: f.help,
                    file: f.file,
                    span: f.span,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    suppressed: false,
                }
            })
        })
        .collect();
    for d in &mut diagnostics {
        let suppressions = index
            .suppressions_of(d.file)
            .or_else(|| join.files[d.file].summary.as_ref().map(|s| s.suppressions.as_slice()))
            .unwrap_or_default();
        d.suppressed = suppressions.iter().any(|s| {
            (s.line == d.line || s.line + 1 == d.line)
                && d.code != "OKR006"
                && s.rules.iter().any(|r| r == d.code || r == d.name)
        });
    }
    sort(&mut diagnostics, |file| &join.files[file].display);
    diagnostics
}

/// Sorts diagnostics by file path, line, column, code and message, so output
/// never depends on thread scheduling; `path` gives a file id's shown path.
pub fn sort<'a>(diagnostics: &mut [Diagnostic], path: impl Fn(FileId) -> &'a str) {
    diagnostics.sort_by(|a, b| {
        (path(a.file), a.line, a.column, a.code, &a.message).cmp(&(path(b.file), b.line, b.column, b.code, &b.message))
    });
}

/// Whether any unsuppressed diagnostic is at or above the fail level.
pub fn fails(diagnostics: &[Diagnostic], fail_on: Severity) -> bool {
    diagnostics.iter().any(|d| !d.suppressed && d.severity >= fail_on)
}
