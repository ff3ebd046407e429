//! `okrlint init`: a sample repository that is clean at once, scores at once,
//! and never overwrites a file without `--force`.

mod common;

use std::fs;

use common::{json_diagnostics, okrlint_in};

#[test]
fn the_sample_is_clean_and_scores_on_any_day_of_its_quarter() {
    for as_of in ["2026-10-01", "2026-11-20", "2026-12-31", "2028-02-29"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let made = okrlint_in(dir.path(), &["init", "okrs", "--as-of", as_of]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        let root = dir.path().join("okrs");
        let check = okrlint_in(&root, &["check", "--as-of", as_of, "--format", "json"]);
        assert_eq!(json_diagnostics(&check), Vec::<serde_json::Value>::new(), "{as_of}: {}", check.stdout);
        let score = okrlint_in(&root, &["score", "--as-of", as_of, "--format", "json"]);
        assert_eq!(score.code, 0, "{}", score.stderr);
        let report: serde_json::Value = serde_json::from_str(&score.stdout).expect("JSON");
        let ids: Vec<&str> = report["sets"].as_array().expect("sets").iter().filter_map(|s| s["id"].as_str()).collect();
        assert_eq!(ids, ["company", "growth", "support"]);
        for extra in [".pre-commit-config.yaml", ".github/workflows/okrs.yml", "company.metrics.yaml"] {
            assert!(root.join(extra).is_file(), "{extra}");
        }
        let set = &report["sets"][0];
        // Its quarter is the as-of date's, and every KR has a check-in from its first day on.
        assert!(set["cycle"]["start"].as_str().is_some_and(|s| s <= as_of), "{set}");
        let rag = set["rag"].as_str().unwrap_or("");
        assert!(matches!(rag, "amber" | "green"), "{as_of}: {rag}");
    }
}

/// As a new user would: `okrlint init demo && cd demo && okrlint check && okrlint score`, today.
#[test]
fn init_then_check_then_score_today() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(okrlint_in(dir.path(), &["init", "demo"]).code, 0);
    let demo = dir.path().join("demo");
    let check = okrlint_in(&demo, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("All checks passed: 7 files checked, no findings."), "{}", check.stdout);
    let score = okrlint_in(&demo, &["score", "--color", "never"]);
    assert_eq!(score.code, 0, "{}", score.stderr);
    assert!(score.stdout.contains("company ·") && score.stdout.contains("first-reply"), "{}", score.stdout);
}

#[test]
fn it_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("company.okr.yaml"), "# mine\n").expect("a file of the user's");
    let refused = okrlint_in(dir.path(), &["init"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("company.okr.yaml already exists"), "{}", refused.stderr);
    // Nothing at all was written.
    assert!(!dir.path().join(".okrlint.yaml").exists());
    assert_eq!(fs::read_to_string(dir.path().join("company.okr.yaml")).expect("kept"), "# mine\n");
    let forced = okrlint_in(dir.path(), &["init", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(fs::read_to_string(dir.path().join("company.okr.yaml")).expect("replaced").contains("objectives:"));
    // A file that is not a folder is a usage error.
    let file = dir.path().join("plain.txt");
    fs::write(&file, "x").expect("file");
    assert_eq!(okrlint_in(dir.path(), &["init", "plain.txt"]).code, 2);
}

/// Inside a git repository, the files pre-commit and GitHub read go to the
/// repository's root, pointing at DIR; the OKR files go into DIR.
#[test]
fn inside_a_repository_the_ci_files_go_to_its_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A repository as git leaves it: `.git` at the root (git itself is not needed).
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    std::fs::create_dir_all(dir.path().join("teams")).expect("teams");
    let made = okrlint_in(&dir.path().join("teams"), &["init", "okrs", "--as-of", "2026-11-20"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let pre_commit = std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml")).expect("at the root");
    assert!(pre_commit.contains("files: ^teams/okrs/"), "{pre_commit}");
    let workflow = std::fs::read_to_string(dir.path().join(".github/workflows/okrs.yml")).expect("at the root");
    assert_eq!(workflow.matches("paths: \"teams/okrs\"").count(), 2, "{workflow}");
    assert!(workflow.contains("okrlint score 'teams/okrs' --format markdown"), "{workflow}");
    let okrs = dir.path().join("teams/okrs");
    assert!(!okrs.join(".pre-commit-config.yaml").exists() && !okrs.join(".github").exists());
    assert!(okrs.join(".okrlint.yaml").is_file() && okrs.join("company.okr.yaml").is_file());
    assert!(made.stdout.contains("../.pre-commit-config.yaml"), "{}", made.stdout);
    let check = okrlint_in(dir.path(), &["check", "teams/okrs", "--as-of", "2026-11-20", "--format", "json"]);
    assert_eq!(json_diagnostics(&check), Vec::<serde_json::Value>::new(), "{}", check.stdout);
    // Again without --force: refused, the root's files included.
    let again = okrlint_in(&dir.path().join("teams"), &["init", "okrs", "--as-of", "2026-11-20"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
}
