//! okrlint: a linter and scorer for OKRs kept as code.
//!
//! Data flows one way: `discover` (which files) → `load` (one file's bytes into
//! an immutable result: the typed `model` document and its `Summary`) → `join`
//! (the summaries joined: interned ids, one table of every reference) →
//! `rules` via the `lint` engine (per-file rules on an `index` view of the
//! loaded documents, project-wide rules on the join) → `render` (one module per
//! output format). `project` drives a run; `cache` keeps summaries between runs.

#![forbid(unsafe_code)]
// Values from files are arbitrary: arithmetic on them must be checked, never
// panic or wrap (SPEC §5). Byte offsets and counts (`usize`) are exempt in
// clippy.toml: they are bounded by the size of text in memory.
#![deny(clippy::arithmetic_side_effects)]

pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod index;
pub mod join;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod project;
pub mod render;
pub mod rules;
pub mod score;
pub mod source;
pub mod yaml;

use std::io::IsTerminal;

use chrono::NaiveDate;

use crate::cli::{CheckArgs, CheckFormat, Cli, ColorChoice, Command, CommonArgs, FailOn, RulesArgs, RulesFormat};
use crate::diagnostic::Severity;
use crate::join::FileEntry;
use crate::lint::{Selection, Summary};
use crate::project::open_projects;
use crate::render::CheckReport;

/// Exit codes (SPEC §4).
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// A problem with how okrlint was called or configured (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl From<config::ConfigError> for UsageError {
    fn from(err: config::ConfigError) -> Self {
        UsageError(err.to_string())
    }
}

/// Stack for worker threads. YAML nesting is capped at 64 levels, but each
/// level costs several frames when the typed model is read from the tree,
/// which in unoptimised builds can outgrow the default 2 MiB; the memory is
/// reserved, not used, until needed.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    // Fails only if a pool already exists (a second call in one process), which is fine.
    let _ = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK_BYTES).build_global();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Score(args) => commands::score::run(&args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { rule } => explain(&rule),
        Command::Completions { shell } => completions(shell),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("okrlint: {err}");
            EXIT_USAGE
        }
    }
}

/// `okrlint completions SHELL`: the completion script, generated from the command line's definition.
fn completions(shell: clap_complete::Shell) -> Result<u8, UsageError> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "okrlint", &mut script);
    output::print(&String::from_utf8_lossy(&script)).map_err(UsageError)?;
    Ok(EXIT_OK)
}

pub(crate) fn parse_as_of(text: Option<&str>) -> Result<NaiveDate, UsageError> {
    match text {
        None => Ok(chrono::Local::now().date_naive()),
        Some(text) => {
            load::parse_date(text).map_err(|why| UsageError(format!("--as-of {text} {why}; write YYYY-MM-DD")))
        }
    }
}

/// Whether to colour output written to a terminal (or not) under `choice`.
pub(crate) fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
            if set("NO_COLOR") {
                false
            } else if set("CLICOLOR_FORCE") && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else {
                to_terminal
            }
        }
    }
}

pub(crate) fn emit(text: &str, common: &CommonArgs) -> Result<(), UsageError> {
    match &common.output {
        Some(path) => output::write_atomic(path, text.as_bytes(), common.force).map_err(UsageError),
        None => output::print(text).map_err(UsageError),
    }
}

fn check(args: &CheckArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.common.as_of.as_deref())?;
    for selector in args.select.iter().chain(&args.ignore) {
        if !rules::registry().iter().any(|r| r.matches(selector)) {
            return Err(UsageError(format!("no rule matches `{selector}`; `okrlint rules` lists them")));
        }
    }
    let mut projects = open_projects(&args.paths, args.common.config.as_deref(), !args.no_cache)?;
    // Only snippets (human) and fingerprints (the flagged line's text: SARIF, GitLab) read file text.
    let needs_text =
        !args.statistics && matches!(args.format, CheckFormat::Human | CheckFormat::Sarif | CheckFormat::Gitlab);
    for project in &mut projects {
        project.keep_text = needs_text;
    }
    if !args.common.quiet {
        for note in projects.iter().flat_map(|p| &p.notes) {
            eprintln!("okrlint: note: {note}");
        }
    }
    let reported = projects.iter().flat_map(|p| &p.join.files).filter(|f| f.reported).count();
    if reported == 0 && !args.common.quiet {
        let shown: Vec<String> = if args.paths.is_empty() {
            vec![".".into()]
        } else {
            args.paths.iter().map(|p| p.display().to_string()).collect()
        };
        eprintln!(
            "okrlint: no OKR files found in {} (looked for *.okr.yaml, *.checkins.yaml and *.metrics.yaml)",
            shown.join(", ")
        );
    }
    if reported == 0 && args.format == CheckFormat::Human {
        return Ok(EXIT_OK);
    }
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone() };
    let mut found_per_project = Vec::with_capacity(projects.len());
    for project in &mut projects {
        found_per_project.push(project.check(&selection, as_of));
    }
    let mut files: Vec<&FileEntry> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut failed = false;
    for (project, mut found) in projects.iter().zip(found_per_project) {
        let fail_on = fail_level(args.fail_on, &project.config);
        failed |= lint::fails(&found, fail_on);
        // File ids become positions in the combined file list.
        for d in &mut found {
            d.file += files.len();
        }
        files.extend(&project.join.files);
        // One project's findings are taken as they are (a large run's are many).
        if diagnostics.is_empty() {
            diagnostics = found;
        } else {
            diagnostics.extend(found);
        }
    }
    // Each project's findings are sorted already; several are merged in path order.
    if projects.len() > 1 {
        lint::sort(&mut diagnostics, |file| &files[file].display);
    }
    let summary = Summary::of(reported, &diagnostics);
    // The fail level a report shows (JUnit failures): that of the first project.
    let fail_on = projects.first().map_or(Severity::Error, |p| fail_level(args.fail_on, &p.config));
    let report = CheckReport { files: &files, diagnostics: &diagnostics, summary: &summary, fail_on };
    let to_terminal = args.common.output.is_none() && std::io::stdout().is_terminal();
    let text = if args.statistics {
        match args.format {
            CheckFormat::Json => render::json::statistics(&report),
            _ => render::statistics(&report),
        }
    } else {
        match args.format {
            CheckFormat::Human => {
                let mut text = render::human::render(
                    &report,
                    use_color(args.common.color, to_terminal),
                    terminal_width(to_terminal),
                );
                if args.common.quiet {
                    // The summary is the last line; quiet output is the findings alone.
                    let body = text.trim_end_matches('\n');
                    text = body.rfind('\n').map_or(String::new(), |at| format!("{}\n", &body[..at]));
                }
                text
            }
            // Straight to standard output: a run with many findings need not hold them twice.
            CheckFormat::Concise if args.common.output.is_none() => {
                output::stream(|out| render::concise::write(&report, &mut &mut *out)).map_err(UsageError)?;
                String::new()
            }
            CheckFormat::Concise => render::concise::render(&report),
            CheckFormat::Json => render::json::render(&report),
            CheckFormat::Github => {
                // The job summary holds every finding; annotations show only some.
                if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                    output::append(std::path::Path::new(&path), &render::github::step_summary(&report))
                        .map_err(UsageError)?;
                }
                render::github::render(&report)
            }
            CheckFormat::Gitlab => render::gitlab::render(&report),
            CheckFormat::Junit => render::junit::render(&report),
            CheckFormat::Sarif => render::sarif::render(&report),
        }
    };
    emit(&text, &args.common)?;
    // The process ends here: freeing a large project's many small allocations
    // one by one only delays the exit.
    std::mem::forget(diagnostics);
    std::mem::forget(projects);
    Ok(if failed && !args.exit_zero { EXIT_FINDINGS } else { EXIT_OK })
}

/// The lowest severity that fails a run: `--fail-on`, else the configuration's `fail_on`.
fn fail_level(option: Option<FailOn>, config: &config::Config) -> Severity {
    match option {
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Error) => Severity::Error,
        None => config.fail_on,
    }
}

/// The width to wrap human output at: the terminal's (`COLUMNS` first, as
/// shells set it), or none at all when the output is not a terminal.
pub(crate) fn terminal_width(to_terminal: bool) -> Option<usize> {
    if !to_terminal {
        return None;
    }
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok());
    let width = columns.or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)));
    Some(width.filter(|w| *w >= 40).unwrap_or(100))
}

fn list_rules(args: &RulesArgs) -> Result<u8, UsageError> {
    let text = match args.format {
        RulesFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(["Code", "Name", "Severity", "Fires when"]);
            for rule in rules::registry() {
                table.add_row([rule.code, rule.name, rule.severity.as_str(), rule.summary]);
            }
            format!("{table}\n")
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::registry()
                .iter()
                .map(|r| serde_json::json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&list).unwrap_or_default())
        }
    };
    output::print(&text).map_err(UsageError)?;
    Ok(EXIT_OK)
}

fn explain(wanted: &str) -> Result<u8, UsageError> {
    let Some(rule) = rules::find(wanted) else {
        let names = rules::registry().iter().flat_map(|r| [r.code, r.name]);
        let hint = load::suggest(wanted, names).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        return Err(UsageError(format!("unknown rule `{wanted}`{hint} (`okrlint rules` lists them)")));
    };
    output::print(&format!("{} {} ({} by default)\n\n{}\n", rule.code, rule.name, rule.severity, rule.explanation()))
        .map_err(UsageError)?;
    Ok(EXIT_OK)
}
