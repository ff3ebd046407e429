//! `okrlint pull` (SPEC §7): KR actuals read from each metric's source of
//! truth and written as the set's pulled check-in log.
//!
//! For each set whose cycle holds the as-of date (or that `--cycle` names),
//! each KR with a pull (its own, else its metric's) runs one read-only query;
//! the last value of each cadence period up to the as-of date becomes a
//! check-in `{date, kr, actual, pulled: SOURCE}` in
//! `pulled/<set-id>.<first day of its cycle>.checkins.yaml` beside the set
//! file, rewritten whole and atomically. A KR whose pull fails keeps the
//! entries it had. What fails is said without any value read from the
//! database or the environment.

pub mod postgres;
pub mod sqlite;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::config::{Config, SourceEngine};
use crate::load::{Document, is_id};
use crate::model::{OkrSet, Pull};
use crate::score::Periods;
use crate::workspace::Workspace;
use crate::yaml::emit::quoted;

/// The query's parameters (SPEC §7): the cycle's first day, the earlier of
/// the as-of date and the cycle's last day, and the as-of date.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub as_of: NaiveDate,
}

/// One cell of a result row, as the engine gave it.
pub enum Cell {
    Null,
    Number(Decimal),
    Real(f64),
    Text(String),
    Other(&'static str),
}

/// One result row: a dated value, or (one row of one column) a value for the as-of date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub date: Option<NaiveDate>,
    pub value: Decimal,
}

fn cell_type(cell: &Cell) -> &'static str {
    match cell {
        Cell::Null => "NULL",
        Cell::Number(_) => "an integer",
        Cell::Real(_) => "a real number",
        Cell::Text(_) => "text",
        Cell::Other(what) => what,
    }
}

/// A row as a dated value: column 1 a date (`YYYY-MM-DD`, a time after it
/// allowed), column 2 a number; or one column, a number. Errors name the row,
/// the column and the type found, never the value.
pub fn row(number: usize, columns: usize, cells: Vec<Cell>) -> Result<Row, String> {
    let value_of = |cell: &Cell, column: usize| match cell {
        Cell::Number(n) => Ok(*n),
        // Its shortest decimal form (`0.1`, not the binary fraction nearest it).
        Cell::Real(f) if f.is_finite() => format!("{f}")
            .parse::<Decimal>()
            .map_err(|_| format!("row {number}, column {column}: the number is out of range")),
        other => Err(format!("row {number}, column {column}: {} where a number is expected", cell_type(other))),
    };
    match (columns, cells.as_slice()) {
        (1, [value]) => Ok(Row { date: None, value: value_of(value, 1)? }),
        (_, [date, value]) => {
            let date = match date {
                Cell::Text(text) => text
                    .get(..10)
                    .and_then(|d| crate::load::parse_date(d).ok())
                    .filter(|_| text.len() == 10 || text[10..].starts_with([' ', 'T']))
                    .ok_or_else(|| format!("row {number}, column 1: text that is not a date (YYYY-MM-DD)"))?,
                other => return Err(format!("row {number}, column 1: {} where a date is expected", cell_type(other))),
            };
            Ok(Row { date: Some(date), value: value_of(value, 2)? })
        }
        _ => Err("the query returns no column: return (date, number) rows, or one number".into()),
    }
}

/// One KR to pull.
struct Job<'a> {
    set_id: &'a str,
    /// `objective/kr`, as the pulled log names it.
    kr: String,
    /// The metric it pulls through (none: the KR's own pull).
    metric: Option<&'a str>,
    pull: &'a Pull,
    /// Where the pull is written: `file:line` of its query (or of the pull).
    at: String,
    log: PathBuf,
    cycle: (NaiveDate, NaiveDate),
}

/// A pulled log's entries: (date, kr) → (actual, source).
pub type Entries = BTreeMap<(NaiveDate, String), (Decimal, String)>;

/// One pulled log, as it was and as the pull makes it.
pub struct PulledLog {
    pub path: PathBuf,
    /// Its text and entries on disk; none for a new log.
    pub before: Option<(String, Entries)>,
    pub text: String,
    pub entries: Entries,
}

/// What one pull did.
pub struct Pulled {
    pub logs: Vec<PulledLog>,
    /// What failed, each said in full (KR, metric, source, what).
    pub failures: Vec<String>,
    /// Key results pulled.
    pub pulled: usize,
}

/// Pulls every KR of the sets `wanted` keeps (by cycle), reading the
/// workspace's documents; returns the logs to write. Nothing is written here.
pub fn pull(
    workspace: &Workspace,
    config: &Config,
    root: &Path,
    as_of: NaiveDate,
    wanted: impl Fn((NaiveDate, NaiveDate)) -> bool,
    mut progress: impl FnMut(usize, usize),
) -> Pulled {
    let dictionaries = metric_pulls(workspace);
    let mut jobs = Vec::new();
    for (file, path) in workspace.files() {
        let Some(Document::Set(set)) = workspace.result(file).map(|r| &r.document) else { continue };
        let Some(cycle) = set.cycle.as_ref().and_then(|c| c.value.range()) else { continue };
        if !wanted(cycle) {
            continue;
        }
        let own = workspace.result(file).map(|r| r.source.clone());
        jobs.extend(jobs_of(set, path, cycle, &dictionaries, own.as_deref()));
    }
    let mut failures = Vec::new();
    let mut logs: BTreeMap<PathBuf, (String, Entries, Vec<String>)> = BTreeMap::new();
    let total = jobs.len();
    for (done, job) in jobs.iter().enumerate() {
        progress(done, total);
        let entry = logs.entry(job.log.clone()).or_insert_with(|| (job.set_id.to_string(), Entries::new(), Vec::new()));
        match run(job, config, root, as_of) {
            Ok(values) => {
                for (date, (actual, source)) in values {
                    entry.1.insert((date, job.kr.clone()), (actual, source));
                }
            }
            Err(why) => {
                let through = job.metric.map(|m| format!(", metric `{m}`")).unwrap_or_default();
                let source = job.pull.from.as_ref().map_or("?", |f| f.value.as_str());
                failures.push(format!("{}: {}/{}{through}, source `{source}`: {why}", job.at, job.set_id, job.kr));
                // Its entries stay as they were.
                entry.2.push(job.kr.clone());
            }
        }
    }
    progress(total, total);
    let mut out = Vec::new();
    for (path, (set_id, mut entries, kept)) in logs {
        // The log as the project holds it (read with the rest of the project).
        let before = workspace.id_of(&path).and_then(|id| workspace.result(id)).map(|result| {
            let old = match &result.document {
                Document::CheckIns(log) => entries_of(log),
                _ => Entries::new(),
            };
            (result.source.text.clone(), old)
        });
        // A KR whose pull failed keeps the entries it had.
        for ((date, kr), value) in before.iter().flat_map(|(_, old)| old) {
            if kept.contains(kr) {
                entries.insert((*date, kr.clone()), value.clone());
            }
        }
        let text = log_text(&set_id, &entries);
        out.push(PulledLog { path, before, text, entries });
    }
    Pulled { logs: out, failures, pulled: total }
}

/// A log's dated entries with an actual.
fn entries_of(log: &crate::model::CheckInLog) -> Entries {
    let mut out = Entries::new();
    for checkin in &log.checkins {
        let (Some(date), Some(kr), Some(actual)) = (&checkin.date, &checkin.kr, &checkin.actual) else { continue };
        let source = checkin.pulled().map_or(String::new(), |p| p.value.clone());
        out.insert((date.value, kr.value.clone()), (actual.value, source));
    }
    out
}

/// Each metric's pull and where it is written, by name (the first dictionary defining a name wins, as in the join).
fn metric_pulls(workspace: &Workspace) -> BTreeMap<String, (&Pull, String)> {
    let mut files: Vec<_> = workspace.files().collect();
    files.sort_by(|a, b| a.1.cmp(b.1));
    let mut out = BTreeMap::new();
    for (file, _) in files {
        let Some(result) = workspace.result(file) else { continue };
        if let Document::Metrics(dictionary) = &result.document {
            for metric in &dictionary.metrics {
                if let (Some(name), Some(pull)) = (&metric.name, &metric.pull) {
                    let at = place(&result.source, pull);
                    out.entry(name.value.clone()).or_insert((&pull.value, at));
                }
            }
        }
    }
    out
}

/// `file:line` of a pull's query (or of the pull itself).
fn place(source: &crate::source::SourceFile, pull: &crate::model::Sp<Pull>) -> String {
    let span = pull.value.query.as_ref().map_or(pull.span, |q| q.span);
    format!("{}:{}", source.display, source.position(span.start()).line)
}

fn jobs_of<'a>(
    set: &'a OkrSet,
    path: &Path,
    cycle: (NaiveDate, NaiveDate),
    dictionaries: &BTreeMap<String, (&'a Pull, String)>,
    source: Option<&crate::source::SourceFile>,
) -> Vec<Job<'a>> {
    let folder = path.parent().unwrap_or(Path::new(""));
    let log = folder.join("pulled").join(format!("{}.{}.checkins.yaml", set.id.value, cycle.0));
    let mut jobs = Vec::new();
    for objective in &set.objectives {
        let Some(oid) = &objective.id else { continue };
        for kr in &objective.key_results {
            let Some(kid) = &kr.id else { continue };
            let metric = kr.metric.as_ref().map(|m| m.value.as_str());
            let (pull, through, at) = match (&kr.pull, metric.and_then(|m| dictionaries.get(m))) {
                (Some(own), _) => (&own.value, None, source.map(|s| place(s, own)).unwrap_or_default()),
                (None, Some((pull, at))) => (*pull, metric, at.clone()),
                (None, None) => continue,
            };
            jobs.push(Job {
                set_id: &set.id.value,
                kr: format!("{}/{}", oid.value, kid.value),
                metric: through,
                pull,
                at,
                log: log.clone(),
                cycle,
            });
        }
    }
    jobs
}

/// Runs one KR's query and keeps the last value of each cadence period up to the as-of date.
fn run(
    job: &Job,
    config: &Config,
    root: &Path,
    as_of: NaiveDate,
) -> Result<BTreeMap<NaiveDate, (Decimal, String)>, String> {
    let from = job.pull.from.as_ref().ok_or("the pull has no `from`: name a source of `sources` in .okrlint.yaml")?;
    let query = job.pull.query.as_ref().ok_or("the pull has no `query`: write one SELECT of (date, number) rows")?;
    let source = config.sources.iter().find(|s| s.name == from.value).ok_or_else(|| {
        "no source of this name (OKR004): add it under `sources` in .okrlint.yaml, or fix `from`".to_string()
    })?;
    let (start, end) = job.cycle;
    let last = as_of.min(end);
    if last < start {
        return Ok(BTreeMap::new());
    }
    let params = Params { start, end: last, as_of };
    let timeout = Duration::from_secs(u64::from(source.timeout_s));
    let rows = match &source.engine {
        SourceEngine::Sqlite { path } => {
            let file = confined(root, path)?;
            sqlite::query(&file, &query.value, &params, timeout)?
        }
        SourceEngine::Postgres { url_env } => postgres::query(url_env, &query.value, &params, timeout)?,
    };
    let single = rows.len() == 1 && rows[0].date.is_none();
    if !single && rows.iter().any(|r| r.date.is_none()) {
        return Err("the query returns rows of one column: return (date, number) rows, or one row of one number".into());
    }
    let periods = Periods { start, end, length: config.cadence.days() };
    let mut by_period: BTreeMap<usize, (NaiveDate, Decimal)> = BTreeMap::new();
    for row in rows {
        let date = row.date.unwrap_or(as_of);
        // Rows dated outside the cycle or after the as-of date are left out (SPEC §7).
        if date < start || date > last {
            continue;
        }
        let Some(period) = periods.of(date) else { continue };
        match by_period.get(&period) {
            Some((kept, _)) if *kept > date => {}
            _ => {
                by_period.insert(period, (date, row.value));
            }
        }
    }
    Ok(by_period.into_values().map(|(date, value)| (date, (value, source.name.clone()))).collect())
}

/// The SQLite file a source names, inside the project root (SPEC §7).
fn confined(root: &Path, path: &str) -> Result<PathBuf, String> {
    let shown = crate::render::safe::text(path).into_owned();
    let joined = root.join(path);
    let real = joined
        .canonicalize()
        .map_err(|_| format!("the SQLite file `{shown}` does not exist (it is relative to the project root)"))?;
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&real_root) {
        return Err(format!(
            "the SQLite file `{shown}` lies outside the project root: okrlint reads only files inside it"
        ));
    }
    Ok(real)
}

/// A pulled log's text: okrlint's own file, every value written so that it reads back as itself.
fn log_text(set_id: &str, entries: &Entries) -> String {
    let scalar = |text: &str| if is_id(text) { text.to_string() } else { quoted(text) };
    let mut out =
        String::from("# Written by `okrlint pull` from each metric's source of truth; the next pull rewrites it.\n");
    out.push_str(&format!("okrs: {}\ncheckins:", scalar(set_id)));
    if entries.is_empty() {
        out.push_str(" []\n");
        return out;
    }
    out.push('\n');
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort_by(|a, b| (a.0.0, &a.0.1).cmp(&(b.0.0, &b.0.1)));
    for ((date, kr), (actual, source)) in sorted {
        let kr = if kr.split('/').all(is_id) { kr.clone() } else { quoted(kr) };
        out.push_str(&format!(
            "  - {{date: {date}, kr: {kr}, actual: {}, pulled: {}}}\n",
            actual.normalize(),
            scalar(source)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_say_what_is_wrong_without_the_value() {
        let date = |t: &str| Cell::Text(t.to_string());
        assert_eq!(
            row(1, 2, vec![date("2026-01-05"), Cell::Number(Decimal::new(44, 0))]),
            Ok(Row { date: NaiveDate::from_ymd_opt(2026, 1, 5), value: Decimal::new(44, 0) })
        );
        assert_eq!(
            row(2, 2, vec![date("2026-01-05 10:00:00"), Cell::Real(0.25)]).map(|r| r.value),
            Ok(Decimal::new(25, 2))
        );
        assert_eq!(
            row(3, 2, vec![date("2026-01-05"), Cell::Null]),
            Err("row 3, column 2: NULL where a number is expected".into())
        );
        assert_eq!(
            row(4, 2, vec![date("2026-01-05"), date("secret 42")]),
            Err("row 4, column 2: text where a number is expected".into())
        );
        assert_eq!(
            row(5, 2, vec![date("secret"), Cell::Number(Decimal::ONE)]),
            Err("row 5, column 1: text that is not a date (YYYY-MM-DD)".into())
        );
        assert_eq!(
            row(6, 2, vec![Cell::Number(Decimal::ONE), Cell::Number(Decimal::ONE)]),
            Err("row 6, column 1: an integer where a date is expected".into())
        );
        assert_eq!(row(1, 1, vec![Cell::Number(Decimal::TEN)]), Ok(Row { date: None, value: Decimal::TEN }));
    }

    #[test]
    fn a_pulled_log_quotes_what_is_not_an_id() {
        let mut entries = Entries::new();
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        entries.insert((day, "activation/rate".into()), (Decimal::new(445, 1), "warehouse".into()));
        entries.insert((day, "activation/ttv".into()), (Decimal::new(3, 0), "data \"lake\"\n#x".into()));
        let text = log_text("growth", &entries);
        assert!(
            text.contains("  - {date: 2026-01-05, kr: activation/rate, actual: 44.5, pulled: warehouse}\n"),
            "{text}"
        );
        assert!(text.contains(r#"pulled: "data \"lake\"\n#x"}"#), "{text}");
    }
}
