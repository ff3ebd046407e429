//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "okrlint", version, about = "Lint and score OKRs kept as code", propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint OKR sets, check-in logs and metric dictionaries (default path ".")
    Check(CheckArgs),
    /// Scores, RAG status, trend, confidence, pace and check-in completion, as of a date (default path ".")
    Score(ScoreArgs),
    /// End-of-cycle report: final scores, verdicts, check-in discipline, learnings, alignment map (default path ".")
    Report(ReportArgs),
    /// Record KR actuals read from each metric's source of truth (SQLite, PostgreSQL) as the sets' pulled check-in logs
    Pull(PullArgs),
    /// Make a small, clean sample OKR repository (never overwrites a file without --force)
    Init(InitArgs),
    /// Print a file format's JSON Schema (draft-07), for editors
    Schema {
        /// Which format
        #[arg(value_enum, default_value_t = SchemaKind::Okr)]
        kind: SchemaKind,
    },
    /// List every rule: code, name, default severity, summary
    Rules(RulesArgs),
    /// Print a rule's full explanation
    Explain {
        /// A rule code (OKR402) or name (activity-kr)
        rule: String,
    },
    /// Print a shell completion script (e.g. `okrlint completions bash > ~/.local/share/bash-completion/completions/okrlint`)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), as the release archives ship it (`okrlint man > okrlint.1`)
    Man,
    /// The editor server: the Language Server Protocol over standard input and output (README "Editors")
    Server,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Concise,
    Json,
    /// GitHub Actions workflow commands (annotations), plus the job summary
    Github,
    /// GitLab Code Quality report (JSON)
    Gitlab,
    /// JUnit XML
    Junit,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// A table per set (colours when the output is a terminal)
    Table,
    Json,
    /// One row per key result, RFC 4180, safe to open in a spreadsheet
    Csv,
    /// GitHub-flavoured Markdown tables
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// GitHub-flavoured Markdown, for a pull request or a wiki
    Markdown,
    /// One self-contained HTML page with inline SVG charts
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// OKR sets (*.okr.yaml)
    Okr,
    /// Check-in logs (*.checkins.yaml)
    Checkins,
    /// Metric dictionaries (*.metrics.yaml)
    Metrics,
    /// The configuration (.okrlint.yaml)
    Config,
}

impl SchemaKind {
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Okr => "okr",
            SchemaKind::Checkins => "checkins",
            SchemaKind::Metrics => "metrics",
            SchemaKind::Config => "config",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

/// Options every command that reads a project shares.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Use this configuration file instead of the project's `.okrlint.yaml`
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Judge dates as of this day (YYYY-MM-DD; default today)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write the output to FILE (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the `--output` file if it exists
    #[arg(long)]
    pub force: bool,
    /// Colour: auto (a terminal, unless NO_COLOR), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only the findings: no summary line or notes
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the current directory)
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Run only these rules (codes, code prefixes such as OKR2, or names; comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Skip these rules (codes, code prefixes or names; comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Lowest severity that fails the run (overrides `fail_on`)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Print a count per rule instead of each finding
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when findings are at or above the fail level (usage errors still exit 2)
    #[arg(long)]
    pub exit_zero: bool,
    /// Neither read nor write the summary cache (.okrlint_cache/, or $OKRLINT_CACHE_DIR)
    #[arg(long)]
    pub no_cache: bool,
    /// Compare each named set with its version at this git revision (OKR701: baseline,
    /// target, unit or scoring changed after the cycle started without an approved `changes` entry)
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Apply the safe fixes (renamed misspelt keys, unused suppressions removed), then report what remains
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, apply the unsafe fixes too (references renamed to their one close match)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the unified diff --fix would make and write nothing (exit 1 when there is one)
    #[arg(long, conflicts_with_all = ["fix", "add_suppressions"])]
    pub diff: bool,
    /// Add `# okrlint: allow CODE -- REASON` above every unsuppressed finding (adopting okrlint)
    #[arg(long, value_name = "REASON", conflicts_with = "fix")]
    pub add_suppressions: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Sets (files or directories) to score; their check-in logs are found in the project
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,
    #[command(flatten)]
    pub filter: Filter,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Sets (files or directories) to report on; their check-in logs are found in the project
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub filter: Filter,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Sets (files or directories) to pull for (default: the current directory's project)
    pub paths: Vec<PathBuf>,
    /// Use this configuration file instead of the project's `.okrlint.yaml`
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Pull up to this day (YYYY-MM-DD; default today), for the sets whose cycle holds it
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Pull for the sets whose cycle overlaps CYCLE instead (2026-Q3, 2026-H2, 2026, 2026-10 or START..END)
    #[arg(long, value_name = "CYCLE")]
    pub cycle: Option<String>,
    /// Print what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// A `--cycle` argument as a range of days (any cycle form, or START..END);
/// a usage error when it is not a cycle.
pub fn cycle_range(text: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), crate::UsageError> {
    let bad = || {
        crate::UsageError(format!(
            "--cycle `{}` is not a cycle: write 2026-Q3, 2026-H2, 2026, 2026-10 or START..END (YYYY-MM-DD..YYYY-MM-DD)",
            crate::render::safe::text(text)
        ))
    };
    if let Some((start, end)) = text.split_once("..") {
        let start = crate::load::parse_date(start.trim()).map_err(|_| bad())?;
        let end = crate::load::parse_date(end.trim()).map_err(|_| bad())?;
        return if start <= end { Ok((start, end)) } else { Err(bad()) };
    }
    crate::load::parse_cycle(text).range().ok_or_else(bad)
}

/// `--set` and `--owner`, as `score` and `report` read them.
#[derive(Debug, Args)]
pub struct Filter {
    /// Only the set with this id
    #[arg(long, value_name = "ID")]
    pub set: Option<String>,
    /// Only the key results this person owns (one of the names in `owner`, any case)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only the sets whose cycle overlaps CYCLE (2026-Q3, 2026-H2, 2026, 2026-10 or START..END);
    /// by default, for each set id, the set whose cycle holds the as-of date, else its latest ended one
    #[arg(long, value_name = "CYCLE")]
    pub cycle: Option<String>,
}

impl Filter {
    pub fn wants_set(&self, id: &str) -> bool {
        self.set.as_deref().is_none_or(|want| want == id)
    }

    /// `owner` as written, several names joined with ", ".
    pub fn wants_owner(&self, owner: Option<&str>) -> bool {
        self.owner.as_deref().is_none_or(|want| {
            owner.is_some_and(|o| o.split(", ").any(|name| name.trim().eq_ignore_ascii_case(want.trim())))
        })
    }

    /// Filtering by owner: objectives and sets left without key results are dropped.
    pub fn by_owner(&self) -> bool {
        self.owner.is_some()
    }

    pub fn any(&self) -> bool {
        self.set.is_some() || self.owner.is_some() || self.cycle.is_some()
    }

    /// `--cycle` as a range of days; a usage error when it is not a cycle.
    pub fn cycle_range(&self) -> Result<Option<(chrono::NaiveDate, chrono::NaiveDate)>, crate::UsageError> {
        self.cycle.as_deref().map(cycle_range).transpose()
    }

    /// Which of the named sets to show (SPEC §1.1): with `--cycle`, those whose
    /// cycle overlaps it; without, for each set id, the set whose cycle holds
    /// `as_of`, else its latest ended one, else its earliest.
    pub fn wants_cycle(
        &self,
        join: &crate::join::Join,
        file: crate::source::FileId,
        range: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
        as_of: chrono::NaiveDate,
    ) -> bool {
        let cycle = join.cycle_of(file);
        if let Some(range) = range {
            return cycle.is_none_or(|c| crate::join::overlap(c, range));
        }
        let Some(id) = join.set_summary(file).map(|s| s.id.value.as_str()) else { return true };
        join.current_set(id, as_of, |f| join.files[f].reported) == Some(file)
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to make it in (default: the current directory; created if missing)
    pub dir: Option<PathBuf>,
    /// Replace the sample's files if they exist
    #[arg(long)]
    pub force: bool,
    /// Make the sample as of this day: its quarter, and check-ins up to it (default today)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}
