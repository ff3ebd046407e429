//! Pre-commit semantics (SPEC §2): a hook passes only the changed files, yet a
//! change that breaks another file fails the commit, and another file's old,
//! unrelated problems never do.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, json_diagnostics, okrlint_in};

const COMPANY: &str = "id: company\ncycle: 2026-Q1\nlevel: company\nobjectives:\n  - id: win-smb\n    title: Win the small-business market\n    owner: Maya Chen\n    key_results:\n      - id: activation\n        title: Raise activation from 40% to 60%\n        owner: Growth PM\n        baseline: 40\n        target: 60\n        source: Product analytics\n";

/// A team set aligned to the company, with one old problem of its own (OKR101 at 12:9).
const TEAM: &str = "id: growth\ncycle: 2026-Q1\nname: Growth\nobjectives:\n  - id: faster-value\n    title: Shorten time to value for new customers\n    owner: Ana Lima\n    aligns_to: company/win-smb\n    key_results:\n      - id: ttv\n        title: Reduce days to first use from 3 to 1\n        baseline: 3\n        target: 1\n        source: Product analytics\n        contributes_to: company/win-smb/activation\n";

const LOG: &str = "okrs: growth\ncheckins:\n  - {date: 2026-02-09, kr: faster-value/ttv, actual: 2, confidence: 4, insight: Faster, next_action: Roll out}\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join(".okrlint.yaml"),
        "limits: {objectives: [1, 4], key_results: [1, 4]}\n# One check-in: the habits (OKR604, OKR605) are not what these tests are about.\nrules: {OKR104: off, OKR604: off, OKR605: off}\n",
    )
    .expect("config");
    fs::write(dir.path().join("company.okr.yaml"), COMPANY).expect("company");
    fs::write(dir.path().join("growth.okr.yaml"), TEAM).expect("team");
    fs::write(dir.path().join("growth.checkins.yaml"), LOG).expect("log");
    dir
}

fn check(dir: &Path, files: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json", "--as-of", "2026-02-16", "--no-cache"];
    args.extend_from_slice(files);
    okrlint_in(dir, &args)
}

fn found(run: &Run) -> Vec<(String, u64, String)> {
    json_diagnostics(run)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn another_files_old_problems_never_block_a_commit() {
    let dir = project();
    let run = check(dir.path(), &["company.okr.yaml"]);
    assert_eq!(found(&run), vec![], "{}", run.stdout);
    assert_eq!(run.code, 0);
    // The team file's own problem is there, when the team file is named.
    let run = check(dir.path(), &["growth.okr.yaml"]);
    assert_eq!(found(&run), vec![("growth.okr.yaml".into(), 10, "OKR101".into())], "{}", run.stdout);
}

#[test]
fn renaming_a_company_objective_fails_where_the_team_set_points_at_it() {
    let dir = project();
    fs::write(dir.path().join("company.okr.yaml"), COMPANY.replace("id: win-smb", "id: win-small-business"))
        .expect("rename");
    let run = check(dir.path(), &["company.okr.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        found(&run),
        vec![("growth.okr.yaml".into(), 8, "OKR004".into()), ("growth.okr.yaml".into(), 15, "OKR004".into())],
        "{}",
        run.stdout
    );
    let message = json_diagnostics(&run)[0]["help"].as_str().unwrap_or("").to_string();
    assert!(message.contains("company/win-small-business"), "{message}");
    // The summary counts the named file only.
    assert!(run.stdout.contains("\"files\": 1"), "{}", run.stdout);
}

#[test]
fn a_new_file_reusing_a_set_id_fails_in_the_later_file() {
    let dir = project();
    let copy = TEAM.replace("Growth", "Growth copy");
    fs::write(dir.path().join("zz-copy.okr.yaml"), &copy).expect("copy");
    // Named alone, the new file (later by path) carries the finding.
    let run = check(dir.path(), &["zz-copy.okr.yaml"]);
    assert!(found(&run).contains(&("zz-copy.okr.yaml".into(), 1, "OKR003".into())), "{}", run.stdout);
    assert_eq!(run.code, 1);
    // A new file that sorts first: the finding is in the older, unnamed file.
    fs::remove_file(dir.path().join("zz-copy.okr.yaml")).expect("remove");
    fs::write(dir.path().join("aa-copy.okr.yaml"), &copy).expect("copy");
    let run = check(dir.path(), &["aa-copy.okr.yaml"]);
    assert!(found(&run).contains(&("growth.okr.yaml".into(), 1, "OKR003".into())), "{}", run.stdout);
    assert_eq!(run.code, 1);
}

#[test]
fn a_cycle_through_a_named_file_is_reported() {
    let dir = project();
    // The company KR now contributes to the team KR, which contributes back.
    let company = COMPANY.replace(
        "        source: Product analytics\n",
        "        source: Product analytics\n        contributes_to: growth/faster-value/ttv\n",
    );
    fs::write(dir.path().join("company.okr.yaml"), company).expect("cycle");
    let run = check(dir.path(), &["company.okr.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    // Reported once, in the later file by path order.
    assert_eq!(found(&run), vec![("growth.okr.yaml".into(), 15, "OKR504".into())], "{}", run.stdout);
}

#[test]
fn a_renamed_set_breaks_its_named_log_and_logs_of_other_sets_are_not_read() {
    let dir = project();
    // A log of another set, broken: it is neither named nor of a named set.
    fs::write(dir.path().join("other.checkins.yaml"), "okrs: other\ncheckins: [unclosed\n").expect("other log");
    let run = check(dir.path(), &["growth.okr.yaml", "growth.checkins.yaml"]);
    assert_eq!(found(&run), vec![("growth.okr.yaml".into(), 10, "OKR101".into())], "{}", run.stdout);
    fs::write(dir.path().join("growth.okr.yaml"), TEAM.replace("id: growth", "id: growth-team")).expect("rename");
    let run = check(dir.path(), &["growth.okr.yaml", "growth.checkins.yaml"]);
    assert!(found(&run).contains(&("growth.checkins.yaml".into(), 1, "OKR004".into())), "{}", run.stdout);
}

#[test]
fn a_pipe_posing_as_a_log_never_hangs_a_run_that_names_a_set() {
    let dir = project();
    let fifo = dir.path().join("pipe.checkins.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    assert!(made, "mkfifo is part of coreutils");
    // A set is named, so the logs' heads are peeked at: the pipe must not be opened.
    let run = check(dir.path(), &["growth.okr.yaml"]);
    assert_eq!(found(&run), vec![("growth.okr.yaml".into(), 10, "OKR101".into())], "{}", run.stdout);
}

#[test]
fn a_short_reference_in_an_unnamed_set_is_not_read_as_naming_another_set() {
    let dir = project();
    // `company/activation` inside the team set means objective `company`, KR `activation`
    // of the team set itself: broken, but the company file did not break it.
    fs::write(
        dir.path().join("growth.okr.yaml"),
        TEAM.replace("contributes_to: company/win-smb/activation", "contributes_to: company/activation"),
    )
    .expect("edit");
    let run = check(dir.path(), &["company.okr.yaml"]);
    assert_eq!(found(&run), vec![], "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn renaming_a_key_result_fails_where_an_unnamed_log_checks_in_on_it() {
    let dir = project();
    fs::write(dir.path().join("growth.okr.yaml"), TEAM.replace("id: ttv", "id: days-to-use")).expect("team");
    let run = check(dir.path(), &["growth.okr.yaml"]);
    let found = found(&run);
    assert!(found.contains(&("growth.checkins.yaml".into(), 3, "OKR601".into())), "{}", run.stdout);
    assert_eq!(run.code, 1);
    // The log's own habits are not reported when only the set is named.
    assert!(found.iter().all(|(file, _, code)| file == "growth.okr.yaml" || code == "OKR601"), "{found:?}");
}

#[test]
fn a_named_log_reads_its_sets_other_logs() {
    let dir = project();
    // The same KR and date in a second log of the set: a duplicate, found when only the new log
    // is named, and reported in the later file by path (as a shared set id is).
    fs::write(dir.path().join("growth-2.checkins.yaml"), LOG.replace("actual: 2", "actual: 2.5")).expect("log");
    let run = check(dir.path(), &["growth-2.checkins.yaml"]);
    assert_eq!(found(&run), vec![("growth.checkins.yaml".into(), 3, "OKR603".into())], "{}", run.stdout);
    assert_eq!(run.code, 1);
}
