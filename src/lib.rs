//! okrlint: a linter and scorer for OKRs kept as code.
//!
//! Data flows one way: `discover` (which files) → `load` (one file's bytes into
//! an immutable result: the typed `model` document and its `Summary`) → `join`
//! (the summaries joined: interned ids, one table of every reference) →
//! `rules` via the `lint` engine (per-file rules on an `index` view of the
//! loaded documents, project-wide rules on the join) → `render` (one module per
//! output format). `score` is the scoring math, pure, and the scorecard it
//! builds from the join; `commands` holds one module per subcommand.
//! `project` drives a run; `cache` keeps summaries between runs.

#![forbid(unsafe_code)]
// Values from files are arbitrary: arithmetic on them must be checked, never
// panic or wrap (SPEC §5). Byte offsets and counts (`usize`) are exempt in
// clippy.toml: they are bounded by the size of text in memory.
#![deny(clippy::arithmetic_side_effects)]

pub mod cache;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod config;
pub mod diagnostic;

pub mod discover;
pub mod fix;
pub mod history;
pub mod index;
pub mod join;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod parallel;
pub mod project;
pub mod pull;
pub mod render;
pub mod rules;
pub mod schema;
pub mod score;
pub mod server;
pub mod source;
pub mod workspace;
pub mod yaml;

use chrono::NaiveDate;

use crate::cli::{Cli, ColorChoice, Command, CommonArgs};

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

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Check(args) => commands::check::run(&args),
        Command::Score(args) => commands::score::run(&args),
        Command::Report(args) => commands::report::run(&args),
        Command::Init(args) => commands::init::run(&args),
        Command::Schema { kind } => commands::schema::run(kind),
        Command::Rules(args) => commands::rules::list(&args),
        Command::Explain { rule } => commands::rules::explain(&rule),
        Command::Completions { shell } => commands::rules::completions(shell),
        Command::Man => commands::rules::man(),
        Command::Server => commands::server::run(),
        Command::Pull(args) => commands::pull::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            render::safe::eprint_message(&format!("okrlint: {err}"));
            EXIT_USAGE
        }
    }
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

/// Writes a command's text output (`--output FILE` or standard output),
/// every line through the last guard of `render::safe`.
pub(crate) fn emit(text: &str, common: &CommonArgs) -> Result<(), UsageError> {
    emit_with(common, Guard::Lines, &mut |out| out.write_all(text.as_bytes()))
}

/// Whether `emit_with` guards each line of what it writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guard {
    /// Every line made safe (`render::safe::GuardedWriter`): any output but workflow commands.
    Lines,
    /// okrlint's own GitHub workflow commands, whose user text is escaped as properties and data.
    WorkflowCommands,
}

/// Writes a command's output as `write` makes it, to `--output FILE`
/// (atomically, SPEC §4) or standard output.
pub(crate) fn emit_with(
    common: &CommonArgs,
    guard: Guard,
    write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), UsageError> {
    let mut guarded = |out: &mut dyn std::io::Write| match guard {
        Guard::Lines => {
            // Buffered in front: formats write in small pieces, the guard works by lines.
            let mut lines = std::io::BufWriter::with_capacity(1 << 16, render::safe::GuardedWriter::new(out));
            write(&mut lines)?;
            lines.into_inner().map_err(|e| e.into_error())?.finish().map(|_| ())
        }
        Guard::WorkflowCommands => write(out),
    };
    match &common.output {
        Some(path) => output::write_streamed(path, common.force, &mut guarded).map_err(UsageError),
        None => output::stream(|out| guarded(out)).map_err(UsageError),
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
