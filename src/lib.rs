//! okrlint: a linter and scorer for OKRs kept as code.
//!
//! Data flows one way: `discover` (which files) → `load` (YAML into the typed
//! `model`) → `index` (the project resolved once) → `rules` via the `lint`
//! engine → `render` (one module per output format).

#![forbid(unsafe_code)]

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod index;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod rules;
pub mod source;
pub mod yaml;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cli::{CheckArgs, CheckFormat, Cli, ColorChoice, Command, CommonArgs, FailOn, RulesArgs, RulesFormat};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::discover::{Candidate, absolute, relative};
use crate::index::Index;
use crate::lint::{Selection, Summary};
use crate::load::LoadedFile;
use crate::render::CheckReport;
use crate::rules::Context;
use crate::source::{SourceFile, Span};

/// Exit codes (SPEC §4).
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Files larger than this are refused with OKR001 rather than parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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
/// level costs several serde frames, which in unoptimised builds outgrow the
/// default 2 MiB; the memory is reserved, not used, until needed.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    // Fails only if a pool already exists (a second call in one process), which is fine.
    let _ = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK_BYTES).build_global();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { rule } => explain(&rule),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("okrlint: {err}");
            EXIT_USAGE
        }
    }
}

/// A loaded project: the index of every file and the configuration in force.
pub struct Project {
    pub index: Index,
    pub config: Config,
    pub root: PathBuf,
    /// Things worth telling the user that are not findings (an unreadable directory).
    pub notes: Vec<String>,
}

/// Finds, reads and indexes the projects that `paths` (default ".") belong
/// to: one per project root, in the order the paths name them. Paths that do
/// not exist and invalid configurations are usage errors.
pub fn open_projects(paths: &[PathBuf], config_override: Option<&Path>) -> Result<Vec<Project>, UsageError> {
    let cwd = std::env::current_dir().map_err(|e| UsageError(format!("cannot read the current directory: {e}")))?;
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let paths: Vec<PathBuf> = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    let mut groups: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for path in &paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(UsageError(format!("path does not exist: {}", path.display())));
        }
        let absolute_path = absolute(path, &cwd);
        let root = discover::find_root(&absolute_path, &cwd);
        match groups.iter_mut().find(|(r, _)| *r == root) {
            Some((_, members)) => members.push(absolute_path),
            None => groups.push((root, vec![absolute_path])),
        }
    }
    groups.into_iter().map(|(root, members)| open_project(root, &members, config_override, &cwd)).collect()
}

/// Reads and indexes one project: every OKR file under `root`, reporting
/// findings for `paths` (absolute, existing) only.
fn open_project(
    root: PathBuf,
    paths: &[PathBuf],
    config_override: Option<&Path>,
    cwd: &Path,
) -> Result<Project, UsageError> {
    let config = match config_override {
        Some(path) => {
            if !path.is_file() {
                return Err(UsageError(format!("configuration file does not exist: {}", path.display())));
            }
            Config::load(path, &relative(&absolute(path, cwd), cwd))?
        }
        None => {
            let path = root.join(".okrlint.yaml");
            if path.is_file() { Config::load(&path, &relative(&path, cwd))? } else { Config::default() }
        }
    };
    let discovery = discover::discover(paths, &root, &config.exclude);
    let mut read: Vec<(SourceFile, LoadedFile)> =
        discovery.files.par_iter().map(|candidate| read_file(candidate, relative(&candidate.path, cwd))).collect();
    read.sort_by(|a, b| a.0.display.cmp(&b.0.display));
    // Files load in parallel before their order is known; a file id is a
    // position in display-path order, so documents are renumbered here.
    let mut files = Vec::with_capacity(read.len());
    let mut loaded_files = Vec::with_capacity(read.len());
    for (file_id, (file, mut loaded)) in read.into_iter().enumerate() {
        renumber(&mut loaded, file_id);
        files.push(file);
        loaded_files.push(loaded);
    }
    let index = Index::build(files, loaded_files);
    Ok(Project { index, config, root, notes: discovery.notes })
}

/// Points a loaded document at its final file id.
fn renumber(loaded: &mut LoadedFile, file_id: usize) {
    match &mut loaded.document {
        load::Document::Set(set) => set.file = file_id,
        load::Document::CheckIns(log) => log.file = file_id,
        load::Document::Metrics(dictionary) => dictionary.file = file_id,
        load::Document::None => {}
    }
}

/// Reads one file; whatever stops it from being read becomes an OKR001 finding.
fn read_file(candidate: &Candidate, display: String) -> (SourceFile, LoadedFile) {
    let make = |text: String| {
        SourceFile::new(candidate.path.clone(), display.clone(), text, candidate.kind, candidate.reported)
    };
    let fail = |text: String, message: String, span: Span| {
        let file = make(text);
        (file, load::unreadable(message, span))
    };
    let metadata = match std::fs::metadata(&candidate.path) {
        Ok(m) => m,
        Err(e) => return fail(String::new(), format!("cannot read the file: {e}"), Span::default()),
    };
    if !metadata.is_file() {
        return fail(String::new(), "not a regular file".into(), Span::default());
    }
    if metadata.len() > MAX_FILE_BYTES {
        return fail(
            String::new(),
            format!(
                "the file is {} MB, over the {} MB limit for one OKR file",
                metadata.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Span::default(),
        );
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    let read = std::fs::File::open(&candidate.path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return fail(String::new(), format!("cannot read the file: {e}"), Span::default());
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return fail(String::new(), "this is a binary file, not YAML text".into(), Span::default());
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let (text, at) = match lossy.strip_prefix('\u{feff}') {
                Some(rest) => (rest.to_string(), at.saturating_sub(3)),
                None => (lossy, at),
            };
            return fail(text, "the file is not valid UTF-8 text: invalid byte here".into(), Span::new(at, 1));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let file = make(text);
    let loaded = load::load(&file, 0);
    (file, loaded)
}

fn parse_as_of(text: Option<&str>) -> Result<NaiveDate, UsageError> {
    match text {
        None => Ok(chrono::Local::now().date_naive()),
        Some(text) => {
            load::parse_date(text).map_err(|why| UsageError(format!("--as-of {text} {why}; write YYYY-MM-DD")))
        }
    }
}

/// Whether to colour output written to a terminal (or not) under `choice`.
fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
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

fn emit(text: &str, common: &CommonArgs) -> Result<(), UsageError> {
    match &common.output {
        Some(path) => output::write_atomic(path, text.as_bytes(), common.force).map_err(UsageError),
        None => {
            output::print(text);
            Ok(())
        }
    }
}

fn check(args: &CheckArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.common.as_of.as_deref())?;
    for selector in args.select.iter().chain(&args.ignore) {
        if !rules::registry().iter().any(|r| r.matches(selector)) {
            return Err(UsageError(format!("no rule matches `{selector}`; `okrlint rules` lists them")));
        }
    }
    let projects = open_projects(&args.paths, args.common.config.as_deref())?;
    if !args.common.quiet {
        for note in projects.iter().flat_map(|p| &p.notes) {
            eprintln!("okrlint: warning: {note}");
        }
    }
    let reported = projects.iter().flat_map(|p| &p.index.files).filter(|f| f.reported).count();
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
    let mut files: Vec<&SourceFile> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut failed = false;
    for project in &projects {
        let ctx = Context { index: &project.index, config: &project.config, as_of };
        let mut found = lint::lint(&ctx, &selection);
        let fail_on = match args.fail_on {
            Some(FailOn::Warning) => Severity::Warning,
            Some(FailOn::Error) => Severity::Error,
            None => project.config.fail_on,
        };
        failed |= lint::fails(&found, fail_on);
        // File ids become positions in the combined file list.
        for d in &mut found {
            d.file += files.len();
        }
        files.extend(&project.index.files);
        diagnostics.extend(found);
    }
    diagnostics.sort_by(|a, b| {
        (files[a.file].display.as_str(), a.line, a.column, a.code, &a.message).cmp(&(
            files[b.file].display.as_str(),
            b.line,
            b.column,
            b.code,
            &b.message,
        ))
    });
    let summary = Summary::of(reported, &diagnostics);
    let report = CheckReport { files: &files, diagnostics: &diagnostics, summary: &summary };
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
            CheckFormat::Concise => render::concise::render(&report),
            CheckFormat::Json => render::json::render(&report),
        }
    };
    emit(&text, &args.common)?;
    Ok(if failed && !args.exit_zero { EXIT_FINDINGS } else { EXIT_OK })
}

fn terminal_width(to_terminal: bool) -> usize {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok());
    match columns {
        Some(c) if to_terminal && c >= 40 => c,
        _ => 100,
    }
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
    output::print(&text);
    Ok(EXIT_OK)
}

fn explain(wanted: &str) -> Result<u8, UsageError> {
    let Some(rule) = rules::find(wanted) else {
        let names = rules::registry().iter().flat_map(|r| [r.code, r.name]);
        let hint = load::suggest(wanted, names).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        return Err(UsageError(format!("unknown rule `{wanted}`{hint} (`okrlint rules` lists them)")));
    };
    output::print(&format!("{} {} ({} by default)\n\n{}\n", rule.code, rule.name, rule.severity, rule.explanation()));
    Ok(EXIT_OK)
}
