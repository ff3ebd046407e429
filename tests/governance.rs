//! OKR701 with `check --since REV`, on git repositories made in the test:
//! a target changed with and without an approved `changes` entry, chains of
//! entries, scoring, the cycle not yet started, new files, and the usage
//! errors (no repository, an unknown revision). Needs the `git` program.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{json_diagnostics, okrlint_in, repo};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run git (install it): {e}"));
    assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}

/// A repository holding the OKR701 fixture's `.before` set as its first
/// commit, and the fixture's current set in the working tree.
fn fixture_repo(kind: &str) -> tempfile::TempDir {
    let fixture = repo().join("fixtures/rules/OKR701").join(kind);
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q"]);
    fs::copy(fixture.join(".okrlint.yaml"), dir.path().join(".okrlint.yaml")).expect("config");
    fs::copy(fixture.join("plan.okr.yaml.before"), dir.path().join("plan.okr.yaml")).expect("before");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "the plan"]);
    fs::copy(fixture.join("plan.okr.yaml"), dir.path().join("plan.okr.yaml")).expect("after");
    dir
}

/// The exit code and the OKR701 findings of `check --since REV`.
fn check_since(dir: &Path, rev: &str, as_of: &str) -> (i32, Vec<serde_json::Value>) {
    let run = okrlint_in(dir, &["check", "--since", rev, "--as-of", as_of, "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "exit {}: {}", run.code, run.stderr);
    (run.code, json_diagnostics(&run).into_iter().filter(|d| d["code"] == "OKR701").collect())
}

#[test]
#[ignore = "needs git"]
fn the_bad_fixture_is_caught_by_okr701_alone() {
    let dir = fixture_repo("bad");
    let run = okrlint_in(dir.path(), &["check", "--since", "HEAD", "--as-of", "2026-01-20", "--format", "json"]);
    assert_eq!(run.code, 1);
    let found: Vec<(String, u64, String)> = json_diagnostics(&run)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").into(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(code, _, _)| code == "OKR701"), "{found:?}");
    // On the new values: ttv's target (line 13), d7's baseline (line 20).
    assert_eq!(found[0].1, 13);
    assert!(found[0].2.contains("target of key result `plan/faster-value/ttv` changed from 1.5 to 1 since HEAD"));
    assert!(found[0].2.contains("with no approved `changes` entry"));
    assert_eq!(found[1].1, 20);
    assert!(found[1].2.contains("changed from 46 to 44"), "{}", found[1].2);
    assert!(found[1].2.contains("its `changes` entry has no `approved_by`"));
    let human = okrlint_in(dir.path(), &["check", "--since", "HEAD", "--as-of", "2026-01-20", "--color", "never"]);
    insta::assert_snapshot!("OKR701_human", human.stdout);
    let concise = okrlint_in(dir.path(), &["check", "--since", "HEAD", "--as-of", "2026-01-20", "--format", "concise"]);
    insta::assert_snapshot!("OKR701_concise", concise.stdout);
}

#[test]
#[ignore = "needs git"]
fn the_good_fixture_is_clean_and_a_chain_of_approved_entries_counts() {
    let dir = fixture_repo("good");
    let (code, found) = check_since(dir.path(), "HEAD", "2026-01-20");
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
}

#[test]
#[ignore = "needs git"]
fn a_target_changed_without_then_with_an_approved_entry() {
    let dir = fixture_repo("good");
    // Start again from the committed plan: change only ttv's target.
    let before = fs::read_to_string(dir.path().join("plan.okr.yaml")).expect("read");
    git(dir.path(), &["checkout", "-q", "--", "plan.okr.yaml"]);
    let committed = fs::read_to_string(dir.path().join("plan.okr.yaml")).expect("read");
    assert_ne!(before, committed);
    let lowered = committed.replacen("target: 1.5", "target: 2", 1);
    fs::write(dir.path().join("plan.okr.yaml"), &lowered).expect("write");
    let (code, found) = check_since(dir.path(), "HEAD", "2026-02-02");
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "OKR701");
    assert!(found[0]["message"].as_str().unwrap_or("").contains("changed from 1.5 to 2"));
    // An entry without `approved_by` is not enough.
    let pending = lowered.replacen(
        "        refresh: daily\n",
        "        refresh: daily\n        changes:\n          - {date: 2026-02-02, field: target, from: 1.5, to: 2, reason: Churn data was wrong}\n",
        1,
    );
    fs::write(dir.path().join("plan.okr.yaml"), &pending).expect("write");
    let (code, found) = check_since(dir.path(), "HEAD", "2026-02-02");
    assert_eq!((code, found.len()), (1, 1));
    assert!(found[0]["message"].as_str().unwrap_or("").contains("has no `approved_by`"));
    // A wrong `from` does not match either.
    let wrong = pending.replace("from: 1.5, to: 2, reason", "from: 1.4, to: 2, approved_by: COO, reason");
    fs::write(dir.path().join("plan.okr.yaml"), &wrong).expect("write");
    assert_eq!(check_since(dir.path(), "HEAD", "2026-02-02").1.len(), 1);
    // Approved: accepted, and still accepted once committed and compared with the commit before.
    let approved = pending.replace("from: 1.5, to: 2, reason", "from: 1.5, to: 2, approved_by: COO, reason");
    fs::write(dir.path().join("plan.okr.yaml"), &approved).expect("write");
    assert_eq!(check_since(dir.path(), "HEAD", "2026-02-02"), (0, Vec::new()));
    git(dir.path(), &["commit", "-q", "-am", "lower the target, approved"]);
    assert_eq!(check_since(dir.path(), "HEAD~1", "2026-02-02"), (0, Vec::new()));
    assert_eq!(check_since(dir.path(), "HEAD", "2026-02-02"), (0, Vec::new()), "nothing changed since HEAD");
}

#[test]
#[ignore = "needs git"]
fn scoring_changes_unit_changes_and_what_is_not_compared() {
    let dir = fixture_repo("good");
    git(dir.path(), &["checkout", "-q", "--", "plan.okr.yaml"]);
    let committed = fs::read_to_string(dir.path().join("plan.okr.yaml")).expect("read");
    let ladder = committed.replacen(
        "        refresh: daily\n",
        "        refresh: daily\n        scoring:\n          method: threshold\n          bands:\n            - {at_most: 1.5, score: 1.0}\n            - {at_most: 2, score: 0.7}\n",
        1,
    );
    let unit = ladder.replacen("unit: percent", "unit: points", 1);
    fs::write(dir.path().join("plan.okr.yaml"), &unit).expect("write");
    let (_, found) = check_since(dir.path(), "HEAD", "2026-01-20");
    let messages: Vec<&str> = found.iter().map(|d| d["message"].as_str().unwrap_or("")).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("scoring of key result `plan/faster-value/ttv` changed from linear to threshold"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("unit of key result `plan/faster-value/d7` changed from percent to points"))
    );
    // Before the cycle starts, plans change freely.
    assert_eq!(check_since(dir.path(), "HEAD", "2025-12-20"), (0, Vec::new()));
    // Without --since, the rule does not run.
    let plain = okrlint_in(dir.path(), &["check", "--as-of", "2026-01-20", "--format", "json"]);
    assert!(json_diagnostics(&plain).iter().all(|d| d["code"] != "OKR701"));
    // A set file new since the revision has nothing to compare.
    fs::write(dir.path().join("other.okr.yaml"), committed.replace("target: 1.5", "target: 1")).expect("write");
    let run = okrlint_in(
        dir.path(),
        &["check", "other.okr.yaml", "--since", "HEAD", "--as-of", "2026-01-20", "--format", "json"],
    );
    let found = json_diagnostics(&run);
    assert!(found.iter().all(|d| d["code"] != "OKR701"), "{found:?}");
    // A ladder whose bands change (same method) is a scoring change too, said as such.
    fs::remove_file(dir.path().join("other.okr.yaml")).expect("remove");
    fs::write(dir.path().join("plan.okr.yaml"), &ladder).expect("write");
    git(dir.path(), &["commit", "-q", "-am", "score on a ladder"]);
    fs::write(
        dir.path().join("plan.okr.yaml"),
        ladder.replace("{at_most: 2, score: 0.7}", "{at_most: 2.5, score: 0.7}"),
    )
    .expect("write");
    let (_, found) = check_since(dir.path(), "HEAD", "2026-01-20");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"].as_str().is_some_and(|m| m.starts_with(
            "scoring (the ladder's bands) of key result `plan/faster-value/ttv` changed from threshold to threshold"
        )),
        "{found:?}"
    );
}

#[test]
#[ignore = "needs git"]
fn outside_a_repository_or_with_an_unknown_revision_is_a_usage_error() {
    let dir = fixture_repo("bad");
    let unknown = okrlint_in(dir.path(), &["check", "--since", "no-such-branch"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("git knows no commit `no-such-branch`"), "{}", unknown.stderr);
    let option = okrlint_in(dir.path(), &["check", "--since=--output=x"]);
    assert_eq!(option.code, 2, "{}", option.stderr);
    let plain = tempfile::tempdir().expect("tempdir");
    fs::copy(dir.path().join("plan.okr.yaml"), plain.path().join("plan.okr.yaml")).expect("copy");
    let outside = okrlint_in(plain.path(), &["check", "--since", "HEAD"]);
    assert_eq!(outside.code, 2);
    assert!(
        outside.stderr.contains("--since: git finds no repository it may use from the current directory"),
        "{}",
        outside.stderr
    );
}

/// The bad fixture's current set with OKR701 suppressed on ttv's target.
fn with_suppression(dir: &Path) {
    let path = dir.join("plan.okr.yaml");
    let text = fs::read_to_string(&path).expect("read");
    let text = text.replacen(
        "        target: 1\n",
        "        # okrlint: allow OKR701 -- agreed at the February steering meeting\n        target: 1\n",
        1,
    );
    fs::write(&path, text).expect("write");
}

#[test]
fn a_suppression_of_okr701_is_not_unused_when_the_rule_cannot_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = repo().join("fixtures/rules/OKR701/bad");
    fs::copy(fixture.join(".okrlint.yaml"), dir.path().join(".okrlint.yaml")).expect("config");
    fs::copy(fixture.join("plan.okr.yaml"), dir.path().join("plan.okr.yaml")).expect("set");
    with_suppression(dir.path());
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-01-20", "--format", "json"]);
    let codes: Vec<String> = json_diagnostics(&run).iter().map(|d| d["code"].to_string()).collect();
    assert!(codes.is_empty(), "without --since, OKR701 does not run and its suppression is not OKR008: {codes:?}");
}

#[test]
#[ignore = "needs git"]
fn a_suppressed_okr701_is_counted_as_suppressed() {
    let dir = fixture_repo("bad");
    with_suppression(dir.path());
    let run = okrlint_in(dir.path(), &["check", "--since", "HEAD", "--as-of", "2026-01-20", "--format", "json"]);
    let found = json_diagnostics(&run);
    let active: Vec<_> = found.iter().filter(|d| d["suppressed"] == false).collect();
    let suppressed: Vec<_> = found.iter().filter(|d| d["suppressed"] == true).collect();
    assert_eq!((active.len(), suppressed.len()), (1, 1), "{found:?}");
    assert_eq!(suppressed[0]["code"], "OKR701");
    assert!(active.iter().all(|d| d["code"] == "OKR701"), "no OKR008: {found:?}");
}

/// A key result renamed (or dropped) after the cycle started is a governed
/// change; an approved `field: id` entry records a rename, and the renamed
/// key result is still compared with what it was. A file that now holds the
/// next cycle is a new set.
#[test]
#[ignore = "needs git"]
fn renaming_or_dropping_a_key_result_is_governed_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q"]);
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    let set = |kr_id: &str, target: &str, changes: &str, cycle: &str| {
        format!(
            "id: sales\ncycle: {cycle}\nlevel: company\nobjectives:\n  - id: grow\n    title: Grow the business in new regions\n    owner: Ana Lima\n    key_results:\n      - id: {kr_id}\n        title: Raise qualified pipeline from 10 to 20 deals\n        owner: Sales lead\n        baseline: 10\n        target: {target}\n        source: CRM\n{changes}"
        )
    };
    fs::write(dir.path().join("sales.okr.yaml"), set("pipeline", "20", "", "2026-Q1")).expect("before");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "plan"]);
    // Renamed and its target lowered in one commit: both caught.
    fs::write(dir.path().join("sales.okr.yaml"), set("emea-pipeline", "15", "", "2026-Q1")).expect("after");
    let (code, found) = check_since(dir.path(), "HEAD", "2026-02-16");
    assert_eq!(code, 1);
    let messages: Vec<&str> = found.iter().filter_map(|d| d["message"].as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("key result `sales/grow/pipeline` was removed or renamed since HEAD"), "{messages:?}");
    // The rename approved: now the lowered target is compared with the old key result's.
    let rename = "        changes:\n          - {date: 2026-02-02, field: id, from: pipeline, to: emea-pipeline, reason: Region split, approved_by: COO}\n";
    fs::write(dir.path().join("sales.okr.yaml"), set("emea-pipeline", "15", rename, "2026-Q1")).expect("renamed");
    let (_, found) = check_since(dir.path(), "HEAD", "2026-02-16");
    let messages: Vec<&str> = found.iter().filter_map(|d| d["message"].as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("target of key result `sales/grow/emea-pipeline` changed from 20 to 15"),
        "{messages:?}"
    );
    // Both approved: clean.
    let both = format!(
        "{rename}          - {{date: 2026-02-02, field: target, from: 20, to: 15, reason: Region split, approved_by: COO}}\n"
    );
    fs::write(dir.path().join("sales.okr.yaml"), set("emea-pipeline", "15", &both, "2026-Q1")).expect("approved");
    assert_eq!(check_since(dir.path(), "HEAD", "2026-02-16").1.len(), 0);
    // Before the cycle started, renaming is planning: nothing to govern.
    fs::write(dir.path().join("sales.okr.yaml"), set("emea-pipeline", "15", "", "2026-Q2")).expect("next cycle");
    // The file now holds the next cycle: a new set, not a changed one.
    assert_eq!(check_since(dir.path(), "HEAD", "2026-04-20").1.len(), 0);
}
