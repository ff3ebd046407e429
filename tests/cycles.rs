//! Cycles over time (SPEC §1.1 "Sets over time", §2 "Past cycles are
//! history", §3.4): a repository that keeps every quarter is checked, scored
//! and reported as SPEC says, whichever way the run is asked.

mod common;

use std::fs;
use std::path::Path;

use common::{json_diagnostics, okrlint, okrlint_in};

const HISTORY: &str = "fixtures/history";
/// Inside 2026-Q4, and inside the monthly set's 2026-11.
const AS_OF: &str = "2026-11-16";

/// (file, line, code) of a run's unsuppressed findings.
fn places(run: &common::Run) -> Vec<(String, u64, String)> {
    json_diagnostics(run)
        .iter()
        .filter(|d| d["suppressed"] == false)
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_repository_with_history_reports_exactly_what_spec_says() {
    let run = okrlint(&["check", HISTORY, "--as-of", AS_OF, "--format", "json", "--no-cache"]);
    // Q3's habits are quiet, the same ids in other cycles are no duplicate,
    // Q4's check-ins resolve against Q4's sets; Q3's missing learning is due.
    assert_eq!(
        places(&run),
        vec![("fixtures/history/archive/2026-Q3/growth.okr.yaml".to_string(), 21, "OKR702".to_string())],
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "a warning only");
    // A month later Q3's learnings are still due (a cycle's length after its end) ...
    let december = okrlint(&["check", HISTORY, "--as-of", "2026-12-30", "--format", "json", "--no-cache"]);
    assert!(places(&december).iter().any(|(_, _, code)| code == "OKR702"), "{}", december.stdout);
    // ... and not once the next cycle is over too: Q3 is history.
    let next_year = okrlint(&["check", HISTORY, "--as-of", "2027-01-02", "--format", "json", "--no-cache"]);
    let codes: Vec<String> = places(&next_year).into_iter().map(|(file, _, code)| format!("{file} {code}")).collect();
    assert!(!codes.iter().any(|c| c.contains("2026-Q3")), "{codes:?}");
}

/// Each file named alone with a warm cache (the pre-commit run): the same
/// findings as the folder run (the cold ways are `assert_same_findings_every_way`).
#[test]
fn every_file_alone_with_a_warm_cache_reports_what_the_folder_run_reports() {
    let folder = places(&okrlint(&["check", HISTORY, "--as-of", AS_OF, "--format", "json", "--no-cache"]));
    let files = fixture_files(HISTORY);
    assert!(files.len() >= 9, "{files:?}");
    for (path, _) in files {
        let shown = format!("{HISTORY}/{}", path.to_string_lossy());
        let args = ["check", shown.as_str(), "--as-of", AS_OF, "--format", "json"];
        // Twice: the first run fills the cache, the second reads it.
        for _ in 0..2 {
            let expected: Vec<_> = folder.iter().filter(|(file, _, _)| *file == shown).cloned().collect();
            assert_eq!(places(&okrlint(&args)), expected, "{shown} alone, warm cache");
        }
    }
}

/// `score` rows as (set, cycle start, kr, actual).
fn score_rows(args: &[&str]) -> Vec<(String, String, String, String)> {
    let mut all = vec!["score", HISTORY, "--as-of", AS_OF, "--format", "json"];
    all.extend_from_slice(args);
    let run = okrlint(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let mut rows = Vec::new();
    for set in value["sets"].as_array().into_iter().flatten() {
        for objective in set["objectives"].as_array().into_iter().flatten() {
            for kr in objective["key_results"].as_array().into_iter().flatten() {
                rows.push((
                    set["id"].as_str().unwrap_or_default().to_string(),
                    set["cycle"]["start"].as_str().unwrap_or_default().to_string(),
                    kr["ref"].as_str().unwrap_or_default().to_string(),
                    kr["actual"].to_string(),
                ));
            }
        }
    }
    rows
}

#[test]
fn score_shows_each_set_ids_current_cycle_and_another_with_cycle() {
    let now = score_rows(&[]);
    let growth: Vec<_> = now.iter().filter(|r| r.0 == "growth").collect();
    // This quarter's set, with this quarter's latest actuals (Q3's check-ins never leak in).
    assert_eq!(growth.len(), 2, "{now:?}");
    assert!(growth.iter().all(|r| r.1 == "2026-10-01"), "{growth:?}");
    assert!(growth.iter().any(|r| r.2 == "growth/faster-value/checklist-use" && r.3 == "58"), "{growth:?}");
    let support: Vec<_> = now.iter().filter(|r| r.0 == "support").collect();
    assert_eq!(support.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), vec!["2026-11-01"], "the running month");
    // Last quarter's report: its own set and its own cycle's actuals.
    let q3 = score_rows(&["--cycle", "2026-Q3"]);
    let growth: Vec<_> = q3.iter().filter(|r| r.0 == "growth").collect();
    assert_eq!(growth.len(), 2, "{q3:?}");
    assert!(growth.iter().all(|r| r.1 == "2026-07-01"), "{growth:?}");
    assert!(growth.iter().any(|r| r.2 == "growth/faster-value/checklist-use" && r.3 == "44"), "{growth:?}");
    assert!(!q3.iter().any(|r| r.0 == "support"), "no support set overlaps Q3: {q3:?}");
    // A range and a month work too.
    let october = score_rows(&["--cycle", "2026-10-01..2026-10-31"]);
    assert!(october.iter().any(|r| r.0 == "support" && r.1 == "2026-10-01"), "{october:?}");
    let run = okrlint(&["score", HISTORY, "--cycle", "2026-13"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn report_shows_last_quarter_with_cycle() {
    let run = okrlint(&["report", HISTORY, "--as-of", AS_OF, "--format", "json", "--cycle", "2026-Q3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let ids: Vec<&str> = value["sets"].as_array().into_iter().flatten().filter_map(|s| s["id"].as_str()).collect();
    assert!(ids.contains(&"growth") && !ids.contains(&"support"), "{ids:?}");
    let none = okrlint(&["report", HISTORY, "--as-of", AS_OF, "--cycle", "2025"]);
    assert_eq!(none.code, 1, "nothing to report: {}", none.stderr);
}

/// A project of one team set (cycle 2026-Q1) with a check-in log.
fn team(log: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    let set = "id: growth\ncycle: 2026-Q1\nlevel: company\nobjectives:\n  - id: win\n    title: Become the easiest product to adopt\n    owner: Ana Lima\n    key_results:\n      - id: rate\n        title: Raise activation from 40% to 60%\n        owner: Growth PM\n        baseline: 40\n        target: 60\n        source: Product analytics\n";
    fs::write(dir.path().join("growth.okr.yaml"), set).expect("set");
    fs::write(dir.path().join("growth.checkins.yaml"), format!("okrs: growth\ncheckins:\n{log}")).expect("log");
    dir
}

fn checkin(date: &str, actual: &str) -> String {
    format!(
        "  - date: {date}\n    kr: win/rate\n    actual: {actual}\n    confidence: 5\n    insight: It moved\n    next_action: Keep going\n"
    )
}

fn codes(dir: &Path, as_of: &str) -> Vec<String> {
    let run = okrlint_in(dir, &["check", "--as-of", as_of, "--format", "json", "--no-cache"]);
    places(&run).into_iter().map(|(_, _, code)| code).collect()
}

#[test]
fn early_in_a_cycle_red_on_the_straight_path_is_not_at_risk() {
    // Week 3: 0.10 is red, but the straight path expects 0.20: on pace.
    let on_path = team(&[checkin("2026-01-12", "41"), checkin("2026-01-19", "42")].concat());
    let found = codes(on_path.path(), "2026-01-20");
    for code in ["OKR608", "OKR609", "OKR611"] {
        assert!(!found.contains(&code.to_string()), "{code} on a KR moving along its path: {found:?}");
    }
    // Below the path (nothing moved, or worse): at risk, help and escalation are due.
    let below = team(&[checkin("2026-01-12", "39"), checkin("2026-01-19", "39")].concat());
    let found = codes(below.path(), "2026-01-20");
    for code in ["OKR608", "OKR609", "OKR611"] {
        assert!(found.contains(&code.to_string()), "{code} missing below the path: {found:?}");
    }
}

#[test]
fn a_weekly_team_never_misses_the_stub_week() {
    // 2026-Q1 has 90 days: 12 weeks and 6 days, which join week 12.
    let weeks: String = (0..12)
        .map(|k| {
            let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Duration::days(7 * k);
            checkin(&date.to_string(), &format!("{}", 40 + k))
        })
        .collect();
    let dir = team(&weeks);
    let found = codes(dir.path(), "2026-04-03");
    assert!(!found.contains(&"OKR604".to_string()), "{found:?}");
}

#[test]
fn check_ins_out_of_every_cycle_are_reported_and_never_scored() {
    let dir = team(&[checkin("2025-12-29", "58"), checkin("2026-01-05", "41"), checkin("2026-04-02", "59")].concat());
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-04-02", "--format", "json", "--no-cache"]);
    let found = json_diagnostics(&run);
    let out: Vec<&str> = found.iter().filter(|d| d["code"] == "OKR602").filter_map(|d| d["message"].as_str()).collect();
    assert_eq!(out.len(), 2, "{out:?}");
    assert!(out[0].contains("before the cycle of set `growth` starts on 2026-01-01"), "{out:?}");
    assert!(out[1].contains("after the cycle of set `growth` ended on 2026-03-31"), "{out:?}");
    // The same when the log is named alone.
    let alone = okrlint_in(dir.path(), &["check", "growth.checkins.yaml", "--as-of", "2026-04-02", "--format", "json"]);
    assert_eq!(json_diagnostics(&alone).iter().filter(|d| d["code"] == "OKR602").count(), 2);
    // The score is the in-cycle reading's.
    let score = okrlint_in(dir.path(), &["score", "--as-of", "2026-04-02", "--format", "csv"]);
    assert!(score.stdout.contains(",41,0.05,"), "{}", score.stdout);
}

#[test]
fn the_same_id_in_overlapping_cycles_is_a_duplicate() {
    let dir = team("");
    let other = fs::read_to_string(dir.path().join("growth.okr.yaml")).expect("set").replace("2026-Q1", "2026-03");
    fs::write(dir.path().join("growth-march.okr.yaml"), other).expect("write");
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-01-01", "--format", "json", "--no-cache"]);
    let dups: Vec<String> = json_diagnostics(&run)
        .iter()
        .filter(|d| d["code"] == "OKR003")
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert!(dups[0].contains("overlapping cycle"), "{dups:?}");
    // Moved to the next quarter: history, not a duplicate.
    let next = fs::read_to_string(dir.path().join("growth-march.okr.yaml")).expect("set").replace("2026-03", "2026-Q2");
    fs::write(dir.path().join("growth-march.okr.yaml"), next).expect("write");
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-01-01", "--format", "json", "--no-cache"]);
    assert!(!json_diagnostics(&run).iter().any(|d| d["code"] == "OKR003"), "{}", run.stdout);
}

#[test]
fn a_reference_into_another_cycle_only_names_the_cycles_it_has() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::repo().join(HISTORY);
    fs::copy(root.join(".okrlint.yaml"), dir.path().join(".okrlint.yaml")).expect("config");
    let company =
        fs::read_to_string(root.join("company.okr.yaml")).expect("company").replace("cycle: 2026", "cycle: 2025");
    fs::write(dir.path().join("company.okr.yaml"), company).expect("company");
    fs::copy(root.join("growth.okr.yaml"), dir.path().join("growth.okr.yaml")).expect("growth");
    let run = okrlint_in(
        dir.path(),
        &["check", "growth.okr.yaml", "--as-of", AS_OF, "--select", "OKR004", "--format", "json"],
    );
    let messages: Vec<String> =
        json_diagnostics(&run).iter().map(|d| d["message"].as_str().unwrap_or_default().to_string()).collect();
    assert!(!messages.is_empty());
    assert!(
        messages.iter().all(|m| m.contains("names set `company`, which has no cycle overlapping this set's")
            && m.contains("2025-01-01 – 2025-12-31")),
        "{messages:?}"
    );
}

#[test]
fn an_excluded_folder_named_on_the_command_line_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::repo().join(HISTORY);
    fs::create_dir_all(dir.path().join("archive/2026-Q3")).expect("archive");
    fs::copy(root.join("archive/2026-Q3/growth.okr.yaml"), dir.path().join("archive/2026-Q3/growth.okr.yaml"))
        .expect("copy");
    fs::write(dir.path().join(".okrlint.yaml"), "exclude: [\"archive/**\"]\n").expect("config");
    let run = okrlint_in(dir.path(), &["check", "archive/2026-Q3"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("archive/2026-Q3 is excluded by `exclude`"), "{}", run.stderr);
    assert!(!run.stderr.contains("no OKR files found"), "{}", run.stderr);
}

/// The YAML files under a fixture folder (no dot-files, no file that is not
/// UTF-8 text: that cannot be held in memory), relative paths and texts.
fn fixture_files(folder: &str) -> Vec<(std::path::PathBuf, String)> {
    let root = common::repo().join(folder);
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("list").flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if (name.ends_with(".yaml") || name.ends_with(".yml"))
                && let Ok(text) = fs::read_to_string(&path)
            {
                out.push((path.strip_prefix(&root).expect("inside").to_path_buf(), text));
            }
        }
    }
    out.sort();
    out
}

// Folder, file-by-file, warm-cache and in-memory runs of this fixture (and
// every other) agree: tests/equivalence.rs.

/// What a user sees of the history fixture inside 2026-Q4: the check, this
/// quarter's scores and last quarter's report.
#[test]
fn snapshots_of_the_history_fixture() {
    let check = okrlint(&["check", HISTORY, "--as-of", AS_OF, "--format", "concise", "--no-cache"]);
    insta::assert_snapshot!("history_check", check.stdout);
    let score = okrlint(&["score", HISTORY, "--as-of", AS_OF, "--format", "markdown"]);
    insta::assert_snapshot!("history_score", score.stdout);
    let q3 = okrlint(&["score", HISTORY, "--as-of", AS_OF, "--format", "csv", "--cycle", "2026-Q3"]);
    insta::assert_snapshot!("history_score_q3", q3.stdout);
    let q2 = okrlint(&["score", HISTORY, "--as-of", AS_OF, "--format", "csv", "--cycle", "2026-Q2"]);
    insta::assert_snapshot!("history_score_q2", q2.stdout);
    let report = okrlint(&["report", HISTORY, "--as-of", AS_OF, "--cycle", "2026-Q3"]);
    insta::assert_snapshot!("history_report_q3", report.stdout);
    let now = okrlint(&["report", HISTORY, "--as-of", AS_OF]);
    insta::assert_snapshot!("history_report_now", now.stdout);
}
