//! The engine: runs the enabled rules over the index, keeps the findings for
//! the files the user named, applies suppressions and sorts the result.

use crate::config::{ALWAYS_ON, Config, RuleSetting};
use crate::diagnostic::{Diagnostic, Finding, RuleId, Severity};
use crate::rules::{self, Context, Rule, Scope, Sink};
use crate::source::{FileId, Position, SourceFile};

/// Which rules run, beyond the configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    fn enables(&self, rule: &Rule) -> bool {
        // OKR001 whatever the selection: a file that cannot be read never passes.
        rule.code == ALWAYS_ON
            || ((self.select.is_empty() || self.select.iter().any(|s| rule.matches(s)))
                && !self.ignore.iter().any(|s| rule.matches(s)))
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

/// The severity a rule runs at under `config`, or `None` when it is off.
pub fn severity_of(config: &Config, rule: &Rule) -> Option<Severity> {
    if rule.code == ALWAYS_ON {
        return Some(Severity::Error);
    }
    match config.rules.iter().rev().find(|(code, _)| *code == rule.code) {
        Some((_, RuleSetting::Off)) => None,
        Some((_, RuleSetting::On(severity))) => Some(*severity),
        None => Some(rule.severity),
    }
}

/// The enabled rules of a run, with their configured severities.
pub struct Engine {
    rules: Vec<(&'static Rule, Severity)>,
    /// The roster's lookup sets, built when a rule first asks (`Context::roster`).
    pub roster: std::sync::OnceLock<rules::owners::RosterSets>,
}

impl Engine {
    pub fn new(config: &Config, selection: &Selection) -> Engine {
        let rules = rules::registry()
            .iter()
            .filter(|rule| selection.enables(rule))
            .filter_map(|rule| severity_of(config, rule).map(|severity| (rule, severity)))
            .collect();
        Engine { rules, roster: std::sync::OnceLock::new() }
    }

    /// Runs the per-file rules over the files in `ctx.index` (typically one
    /// file: the caller runs files in parallel) and keeps the findings in
    /// named files.
    pub fn check_files(&self, ctx: &Context) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for (rule, severity) in self.rules.iter().filter(|(rule, _)| rule.scope == Scope::File) {
            let mut sink = Sink::new(ctx.index.aliased);
            (rule.check)(ctx, &mut sink);
            // Grown by exactly what each rule found: a large log's findings
            // would otherwise leave up to half the list unused.
            diagnostics.reserve_exact(sink.findings.len());
            let kept = sink.findings.into_iter().filter(|f| ctx.reported(f.file));
            diagnostics.extend(kept.map(|f| diagnostic(ctx, rule, *severity, f)));
        }
        mark_suppressed(ctx, &mut diagnostics);
        diagnostics
    }

    /// Runs the per-file rules on one loaded file, the rest of the project
    /// known by `join` (they never read scores, so the scorecard cell stays empty).
    pub fn check_loaded(
        &self,
        join: &crate::join::Join,
        config: &Config,
        as_of: chrono::NaiveDate,
        history: Option<&crate::history::History>,
        file: FileId,
        result: &crate::load::Loaded,
    ) -> Vec<Diagnostic> {
        let view = crate::index::Index::new(&[(file, result)]);
        let scores = std::sync::OnceLock::new();
        self.check_files(&self.context(&view, join, config, as_of, history, &scores))
    }

    /// What the rules of this run see: `index` (the loaded files checked
    /// now), the join, the configuration, the as-of date, the revision
    /// compared with (OKR701), and the run's scores (made on first use).
    pub fn context<'a>(
        &'a self,
        index: &'a crate::index::Index<'a>,
        join: &'a crate::join::Join,
        config: &'a Config,
        as_of: chrono::NaiveDate,
        history: Option<&'a crate::history::History>,
        scores: &'a std::sync::OnceLock<crate::score::card::Scorecard>,
    ) -> Context<'a> {
        Context { index, join, config, as_of, findings: &[], enabled: &[], scores, history, roster: &self.roster }
    }

    /// Runs the project-wide rules, in parallel; each decides which of its
    /// findings a named file causes elsewhere (SPEC §2). Their findings may
    /// point into files the run knew only by their summaries: the caller
    /// makes sure it holds those files' text, then `place`s them.
    pub fn check_project(&self, ctx: &Context) -> Vec<Unplaced> {
        let project: Vec<&(&'static Rule, Severity)> =
            self.rules.iter().filter(|(rule, _)| rule.scope == Scope::Project).collect();
        // Shared over the cores when the project is large enough to be worth it.
        crate::parallel::map_weighed(&project, ctx.join.files.len(), |_, (rule, severity)| {
            let mut sink = Sink::default();
            (rule.check)(ctx, &mut sink);
            Unplaced { rule, severity: *severity, findings: sink.findings }
        })
    }
}

impl Engine {
    /// Runs the rules that judge the other rules' findings (`ctx.findings`:
    /// every diagnostic of the run, suppressed ones included).
    pub fn check_findings(&self, ctx: &Context) -> Vec<Diagnostic> {
        // A rule that needs a git revision did not run without one: a suppression naming it is not unused.
        let enabled: Vec<&'static str> = self
            .rules
            .iter()
            .map(|(rule, _)| rule.code)
            .filter(|code| ctx.history.is_some() || !crate::rules::NEED_A_REVISION.contains(code))
            .collect();
        let ctx = Context { enabled: &enabled, ..*ctx };
        let mut diagnostics = Vec::new();
        for (rule, severity) in self.rules.iter().filter(|(rule, _)| rule.scope == Scope::Findings) {
            let mut sink = Sink::default();
            (rule.check)(&ctx, &mut sink);
            diagnostics.extend(sink.findings.into_iter().map(|f| diagnostic(&ctx, rule, *severity, f)));
        }
        diagnostics
    }
}

impl Engine {
    /// The run after the per-file rules (their findings are `diagnostics`):
    /// the project-wide rules over the complete join, their findings placed
    /// (`source_of` gives the text of a file the join holds no text for) and
    /// judged against suppressions, then the rules on findings; all sorted
    /// and deduplicated. A file `receives` no finding of this part when it
    /// says no (a workspace file that does not parse is judged only by its
    /// own OKR001, SPEC §8).
    pub fn finish(
        &self,
        ctx: &Context,
        mut diagnostics: Vec<Diagnostic>,
        source_of: impl Fn(FileId) -> Option<std::sync::Arc<SourceFile>> + Sync,
        receives: impl Fn(FileId) -> bool + Sync,
    ) -> Vec<Diagnostic> {
        let found = self.check_project(ctx);
        place(ctx, found, &receives, &source_of, &mut diagnostics);
        let mut judged = self.check_findings(&Context { findings: &diagnostics, ..*ctx });
        judged.retain(|d| receives(d.file));
        diagnostics.reserve_exact(judged.len());
        diagnostics.extend(judged);
        sort(&mut diagnostics, |file| &ctx.join.files[file].display);
        dedup(&mut diagnostics);
        diagnostics
    }
}

/// The lists as one, of exactly their total length: a large run holds
/// hundreds of thousands of findings, and a list grown by doubling would
/// leave up to half of it unused. The longest list is the one extended (its
/// findings are not copied; a large block grows in place).
pub fn concat(mut lists: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let total = lists.iter().map(Vec::len).sum::<usize>();
    let longest = (0..lists.len()).max_by_key(|&i| lists[i].len());
    let mut all = longest.map(|i| std::mem::take(&mut lists[i])).unwrap_or_default();
    all.reserve_exact(total - all.len());
    for list in lists {
        all.extend(list);
    }
    all
}

/// What stops a loaded file from being read (its OKR001 findings), placed:
/// what `score` and `report` say of a file without running the rules.
pub fn read_errors(file: FileId, result: &crate::load::Loaded) -> Vec<Diagnostic> {
    let Some(rule) = rules::by_code(ALWAYS_ON) else { return Vec::new() };
    let source = &result.source;
    let at = |offset: usize| {
        let p = source.position(offset);
        (narrow(p.line), narrow(p.column))
    };
    result
        .problems
        .iter()
        .filter(|p| p.kind == crate::load::ProblemKind::Parse)
        .map(|p| {
            let ((line, column), (end_line, end_column)) = (at(p.span.start()), at(p.span.end()));
            Diagnostic {
                rule: RuleId::of(rule),
                severity: Severity::Error,
                message: p.message.as_str().into(),
                help: p.help.clone(),
                fix: None,
                file,
                span: p.span,
                line,
                column,
                end_line,
                end_column,
                suppressed: false,
            }
        })
        .collect()
}

/// A project-wide rule's findings, whose lines and columns are not worked out yet.
pub struct Unplaced {
    rule: &'static Rule,
    severity: Severity,
    pub findings: Vec<Finding>,
}

/// Places the findings of the project-wide rules that `receives` takes,
/// each in its file, whose text `source_of` gives (or the text the run
/// holds), into `into`, their suppressions applied.
pub fn place(
    ctx: &Context,
    found: Vec<Unplaced>,
    receives: &(impl Fn(FileId) -> bool + Sync),
    source_of: &(impl Fn(FileId) -> Option<std::sync::Arc<SourceFile>> + Sync),
    into: &mut Vec<Diagnostic>,
) {
    // The text of each file the findings land in, read once (on every core)
    // where the run does not hold it, however many findings point there.
    let mut files: Vec<FileId> =
        found.iter().flat_map(|unplaced| unplaced.findings.iter().map(|f| f.file)).filter(|&f| receives(f)).collect();
    files.sort_unstable();
    files.dedup();
    let sources: rustc_hash::FxHashMap<FileId, std::sync::Arc<SourceFile>> =
        crate::parallel::map(&files, |_, &file| source_of(file).map(|source| (file, source)))
            .into_iter()
            .flatten()
            .collect();
    drop(files);
    // Each finding is moved once, from its rule's list into the run's, which
    // grows once, by their number: no list of a rule's placed findings, nor
    // of a file's, is held beside them.
    into.reserve_exact(found.iter().map(|unplaced| unplaced.findings.len()).sum());
    for mut unplaced in found {
        let (rule, severity, start) = (unplaced.rule, unplaced.severity, into.len());
        unplaced.findings.retain(|finding| receives(finding.file));
        crate::parallel::extend(into, unplaced.findings, |finding| {
            let source = sources.get(&finding.file).map(AsRef::as_ref);
            diagnostic_in(ctx, rule, severity, finding, source)
        });
        mark_suppressed(ctx, &mut into[start..]);
    }
}

/// A finding, placed: line and column from the file's text.
fn diagnostic(ctx: &Context, rule: &Rule, severity: Severity, finding: Finding) -> Diagnostic {
    diagnostic_in(ctx, rule, severity, finding, None)
}

fn diagnostic_in(
    ctx: &Context,
    rule: &Rule,
    severity: Severity,
    mut finding: Finding,
    source: Option<&SourceFile>,
) -> Diagnostic {
    let entry = &ctx.join.files[finding.file];
    let file = match source.or_else(|| ctx.index.get_file(finding.file)).or_else(|| entry.source().map(AsRef::as_ref)) {
        Some(text) => Some(Placer::Text(text)),
        None => entry.lines().map(Placer::Lines),
    };
    // Without the text (never expected: the run reads it first) the finding still shows, at the file's start.
    if let (Some(fix), Some(file)) = (finding.fix.as_deref_mut(), &file) {
        for edit in &mut fix.edits {
            let (a, b) = (file.position(edit.span.start()), file.position(edit.span.end()));
            edit.at = [narrow(a.line), narrow(a.column), narrow(b.line), narrow(b.column)];
        }
    }
    let (start, end) = match file {
        Some(file) => (file.position(finding.span.start()), file.position(finding.span.end())),
        None => (Position { line: 1, column: 1 }, Position { line: 1, column: 1 }),
    };
    Diagnostic {
        rule: RuleId::of(rule),
        severity,
        message: finding.message.into_boxed_str(),
        help: finding.help,
        fix: finding.fix,
        file: finding.file,
        span: finding.span,
        line: narrow(start.line),
        column: narrow(start.column),
        end_line: narrow(end.line),
        end_column: narrow(end.column),
        suppressed: false,
    }
}

/// What places a finding: the file's text, or its `Lines` once the text is let go.
enum Placer<'a> {
    Text(&'a SourceFile),
    Lines(&'a crate::source::Lines),
}

impl Placer<'_> {
    fn position(&self, offset: usize) -> Position {
        match self {
            Placer::Text(text) => text.position(offset),
            Placer::Lines(lines) => lines.position(offset),
        }
    }
}

/// Lines and columns are kept in 32 bits: a file okrlint reads is at most 64 MiB.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Marks the diagnostics that a suppression comment covers.
pub fn mark_suppressed(ctx: &Context, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        let suppressions = ctx
            .index
            .suppressions_of(d.file)
            .or_else(|| ctx.join.files[d.file].summary.as_ref().map(|s| s.suppressions.as_slice()))
            .unwrap_or_default();
        // OKR001, OKR006 and OKR008 are never hidden: a comment cannot silence its own report.
        if rules::unused_suppression::UNSUPPRESSIBLE.contains(&d.code()) {
            continue;
        }
        let line = d.line as usize;
        d.suppressed = suppressions.iter().any(|s| {
            (s.line..=s.until).contains(&line)
                && s.rules.iter().any(|r| rules::find(r).is_some_and(|rule| rule.code == d.code()))
        });
    }
}

/// Sorts diagnostics by file path, line, column, code and message, so output
/// never depends on thread scheduling; `path` gives a file id's shown path.
/// Drops a finding repeated at the same span (sorted findings: repeats are
/// neighbours). A YAML alias makes rules see one node many times, and a
/// 9 KB file of aliases must not yield a hundred thousand copies (SPEC §5).
pub fn dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.dedup_by(|later, earlier| {
        later.file == earlier.file
            && later.span == earlier.span
            && later.rule == earlier.rule
            && later.message == earlier.message
    });
}

pub fn sort<'a>(diagnostics: &mut [Diagnostic], path: impl Fn(FileId) -> &'a str) {
    // Sorting positions, then putting each diagnostic in place by following
    // the permutation's cycles: a sort would move these large values many
    // times, and a second vector would double the memory of a large run.
    // Positions are 32-bit and sorted in place, ties kept in their order
    // (a stable sort's scratch space would be as large again).
    let Ok(count) = u32::try_from(diagnostics.len()) else {
        diagnostics.sort_by(|a, b| compare(a, b, &path));
        return;
    };
    let mut order: Vec<u32> = (0..count).collect();
    order.sort_unstable_by(|&i, &j| compare(&diagnostics[i as usize], &diagnostics[j as usize], &path).then(i.cmp(&j)));
    // Position `k` must receive the diagnostic now at `order[k]`.
    for start in 0..count {
        let mut k = start;
        while order[k as usize] != start {
            let from = order[k as usize];
            diagnostics.swap(k as usize, from as usize);
            order[k as usize] = k;
            k = from;
        }
        order[k as usize] = k;
    }
}

/// The order of two diagnostics: by file path, line, column, code and message.
fn compare<'a>(a: &Diagnostic, b: &Diagnostic, path: &impl Fn(FileId) -> &'a str) -> std::cmp::Ordering {
    let files = if a.file == b.file { std::cmp::Ordering::Equal } else { path(a.file).cmp(path(b.file)) };
    files.then_with(|| (a.line, a.column, a.code(), &a.message).cmp(&(b.line, b.column, b.code(), &b.message)))
}

/// Whether any unsuppressed diagnostic is at or above the fail level.
pub fn fails(diagnostics: &[Diagnostic], fail_on: Severity) -> bool {
    diagnostics.iter().any(|d| !d.suppressed && d.severity >= fail_on)
}
