//! `okrlint pull` against a real SQLite file (SPEC §7): the pulled log it
//! writes, idempotence, `--dry-run`, read-only refusal, bad values, bad
//! sources; and `okrlint score` showing the pulled actuals.

mod common;

use std::path::Path;

use rusqlite::Connection;

/// The shared set, and a second KR with its own pull (a single number as of the day).
const NPS: &str = concat!(
    "      - id: nps\n",
    "        title: Lift NPS from 20 to 35\n",
    "        owner: Lee Wong\n",
    "        baseline: 20\n",
    "        target: 35\n",
    "        source: Survey tool\n",
    "        refresh: weekly\n",
    "        pull:\n",
    "          from: local\n",
    "          query: select avg(score) from nps where day <= :as_of\n",
);

fn dictionary(query: &str) -> String {
    format!(
        "metrics:\n  - name: activation-rate\n    definition: Share of new teams active on day 7\n    source: Product analytics\n    pull:\n      from: local\n      query: {query}\n"
    )
}

const QUERY: &str = "select day, rate from activation_daily where day between :start and :end order by day";

/// A project whose metrics come from `data/metrics.db`: a daily rate from
/// 2025-12-28 (before the cycle) rising by 0.5 a day, and two NPS answers.
fn project(root: &Path, query: &str) {
    std::fs::write(root.join(".okrlint.yaml"), "sources:\n  local: {sqlite: data/metrics.db}\n").expect("write");
    std::fs::write(root.join("growth.okr.yaml"), format!("{}{NPS}", common::GROWTH_SET)).expect("write");
    std::fs::write(root.join("company.metrics.yaml"), dictionary(query)).expect("write");
    std::fs::create_dir_all(root.join("data")).expect("mkdir");
    let db = Connection::open(root.join("data/metrics.db")).expect("sqlite");
    db.execute_batch(
        "create table activation_daily(day text, rate real);
         create table nps(day text, score integer);
         insert into nps values ('2026-01-10', 22), ('2026-01-20', 26);",
    )
    .expect("tables");
    let start = chrono::NaiveDate::from_ymd_opt(2025, 12, 28).expect("date");
    for i in 0..40 {
        let day = start + chrono::Duration::days(i);
        db.execute("insert into activation_daily values (?1, ?2)", (day.to_string(), 40.0 + i as f64 * 0.5))
            .expect("row");
    }
}

const LOG: &str = "pulled/growth.2026-01-01.checkins.yaml";

const EXPECTED: &str = "\
# Written by `okrlint pull` from each metric's source of truth; the next pull rewrites it.
okrs: growth
checkins:
  - {date: 2026-01-07, kr: activation/rate, actual: 45, pulled: local}
  - {date: 2026-01-14, kr: activation/rate, actual: 48.5, pulled: local}
  - {date: 2026-01-21, kr: activation/rate, actual: 52, pulled: local}
  - {date: 2026-01-25, kr: activation/nps, actual: 24, pulled: local}
  - {date: 2026-01-25, kr: activation/rate, actual: 54, pulled: local}
";

#[test]
fn pull_writes_the_last_value_of_each_week_and_score_shows_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    project(root, QUERY);
    // --dry-run: what would change, and nothing written.
    let dry = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stdout.starts_with(&format!("{LOG} (new)\n")), "{}", dry.stdout);
    assert!(dry.stdout.contains("  + 2026-01-14 activation/rate: 48.5 (local)\n"), "{}", dry.stdout);
    assert!(!root.join("pulled").exists(), "--dry-run writes nothing");

    let run = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Pulled 2 key results: 1 of 1 pulled log changed"), "{}", run.stderr);
    // Weeks from the cycle's start: the last value of each (Jan 1–7, 8–14, 15–21), then up to the as-of date.
    assert_eq!(std::fs::read_to_string(root.join(LOG)).expect("the pulled log"), EXPECTED);

    // Idempotent: the same data, the same bytes, nothing changed.
    let again = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25"]);
    assert_eq!(again.code, 0);
    assert!(again.stderr.contains("0 of 1 pulled log changed"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(root.join(LOG)).expect("the pulled log"), EXPECTED);
    let dry = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25", "--dry-run"]);
    assert_eq!(dry.stdout, "nothing would change\n");

    // The pulled actuals are the KRs' actuals.
    let score = common::okrlint_in(root, &["score", "--format", "json", "--as-of", "2026-01-25"]);
    let value: serde_json::Value = serde_json::from_str(&score.stdout).expect("JSON");
    let krs = &value["sets"][0]["objectives"][0]["key_results"];
    assert_eq!(krs[0]["actual"].to_string(), "54", "{krs}");
    assert_eq!(krs[1]["actual"].to_string(), "24", "{krs}");

    // A later pull: a changed value shows as changed in --dry-run.
    let db = Connection::open(root.join("data/metrics.db")).expect("sqlite");
    db.execute("update activation_daily set rate = 47 where day = '2026-01-14'", ()).expect("update");
    let dry = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25", "--dry-run"]);
    assert!(dry.stdout.contains("  ~ 2026-01-14 activation/rate: 48.5 → 47 (local)\n"), "{}", dry.stdout);
}

/// The table's content, to prove a refused query changed nothing.
fn rows(root: &Path) -> i64 {
    let db = Connection::open(root.join("data/metrics.db")).expect("sqlite");
    db.query_row("select count(*) from activation_daily", (), |r| r.get(0)).expect("count")
}

#[test]
fn a_query_that_writes_or_holds_two_statements_is_refused_and_changes_nothing() {
    for (query, says) in [
        ("delete from activation_daily", "would change the database"),
        ("select day, rate from activation_daily; delete from activation_daily", "more than one statement"),
        ("update activation_daily set rate = 0 returning day, rate", "would change the database"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        project(root, &format!("\"{query}\""));
        let run = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25"]);
        assert_eq!(run.code, 1, "{query}: {}", run.stderr);
        // Where the query is written, then which KR, metric and source.
        let said = "company.metrics.yaml:7: growth/activation/rate, metric `activation-rate`, source `local`: ";
        assert!(run.stderr.contains(said), "{}", run.stderr);
        assert!(run.stderr.contains(says), "{query}: {}", run.stderr);
        assert_eq!(rows(root), 40, "{query}: the table is unchanged");
        // The other KR was still pulled.
        let log = std::fs::read_to_string(root.join(LOG)).expect("the pulled log");
        assert!(log.contains("kr: activation/nps") && !log.contains("kr: activation/rate"), "{log}");
    }
}

#[test]
fn bad_values_and_bad_sources_say_what_is_wrong_and_where_never_the_value() {
    let cases = [
        ("\"select day, null from activation_daily\"", "row 1, column 2: NULL where a number is expected"),
        ("\"select day, 'secret-42' from activation_daily\"", "row 1, column 2: text where a number is expected"),
        ("\"select 'someday', rate from activation_daily\"", "row 1, column 1: text that is not a date"),
        ("\"select rate from activation_daily\"", "rows of one column"),
        ("\"selec day, rate from activation_daily\"", "the query is not valid SQL here"),
        ("\"select day, rate from no_such_table\"", "no such table"),
    ];
    for (query, says) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        project(root, query);
        let run = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25"]);
        assert_eq!(run.code, 1, "{query}");
        assert!(run.stderr.contains(says), "{query}: {}", run.stderr);
        assert!(!run.stderr.contains("secret-42"), "a value read from the database is never shown: {}", run.stderr);
    }

    // A source whose file is missing, or outside the project, or a typo in `from`.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    project(root, QUERY);
    // A real SQLite file beside the project, reached by `..`.
    let outside = tempfile::tempdir().expect("temp dir");
    Connection::open(outside.path().join("outside.db")).expect("sqlite").execute_batch("create table t(x)").expect("t");
    let outside_config = format!(
        "sources:\n  local: {{sqlite: ../{}/outside.db}}\n",
        outside.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    );
    for (config, says) in [
        ("sources:\n  local: {sqlite: data/missing.db}\n", "the SQLite file `data/missing.db` does not exist"),
        (outside_config.as_str(), "lies outside the project root"),
        ("sources:\n  locale: {sqlite: data/metrics.db}\n", "no source of this name"),
    ] {
        std::fs::write(root.join(".okrlint.yaml"), config).expect("write");
        let run = common::okrlint_in(root, &["pull", "--as-of", "2026-01-25"]);
        assert_eq!(run.code, 1, "{config}");
        assert!(run.stderr.contains(says), "{config}: {}", run.stderr);
    }
    // The typo is also a finding where it is written.
    let check = common::okrlint_in(root, &["check", "--format", "json", "--no-cache", "--as-of", "2026-01-25"]);
    let found = common::json_diagnostics(&check);
    assert!(
        found.iter().any(|d| d["code"] == "OKR004" && d["file"] == "growth.okr.yaml" && d["line"] == 25),
        "{found:#?}"
    );
}

#[test]
fn a_past_cycle_is_left_alone_unless_cycle_names_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    project(root, QUERY);
    // As of the next quarter, the 2026-Q1 set is not pulled.
    let run = common::okrlint_in(root, &["pull", "--as-of", "2026-04-15"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!root.join(LOG).exists());
    let run = common::okrlint_in(root, &["pull", "--as-of", "2026-04-15", "--cycle", "2026-Q1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = std::fs::read_to_string(root.join(LOG)).expect("the pulled log");
    // The whole quarter: 13 weeks of the rate (to Feb 5, the data's last day), the NPS at the cycle's end.
    assert!(log.contains("{date: 2026-02-05, kr: activation/rate, actual: 59.5, pulled: local}"), "{log}");
}

#[test]
fn a_postgresql_source_without_its_variable_or_asking_for_tls_says_so_without_the_url() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    project(root, QUERY);
    std::fs::write(root.join(".okrlint.yaml"), "sources:\n  local: {url_env: OKRLINT_TEST_URL}\n").expect("write");
    let run = |url: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_okrlint"));
        command.args(["pull", "--as-of", "2026-01-25"]).current_dir(root);
        match url {
            Some(url) => command.env("OKRLINT_TEST_URL", url),
            None => command.env_remove("OKRLINT_TEST_URL"),
        };
        let output = command.output().expect("okrlint runs");
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = run(None);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("the environment variable `OKRLINT_TEST_URL` is not set"), "{stderr}");
    let (code, stderr) = run(Some("postgresql://ana:hunter2-secret@db.example.com/analytics?sslmode=require"));
    assert_eq!(code, Some(1));
    assert!(stderr.contains("asks for TLS (sslmode=require)"), "{stderr}");
    assert!(!stderr.contains("hunter2-secret") && !stderr.contains("db.example.com"), "{stderr}");
    let (code, stderr) = run(Some("not a url at all hunter2-secret"));
    assert_eq!(code, Some(1));
    assert!(stderr.contains("does not hold a PostgreSQL URL") && !stderr.contains("hunter2-secret"), "{stderr}");
}
