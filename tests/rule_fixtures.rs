//! Every rule has `fixtures/rules/<CODE>/bad` (which the rule catches, and
//! nothing else does) and `fixtures/rules/<CODE>/good` (clean), with
//! snapshots of the human and JSON output over the bad one.

mod common;

use common::{json_diagnostics, okrlint, repo};
// Rules that compare with a git revision: their fixtures are checked in a
// repository made by tests/governance.rs (which needs git).
use okrlint::rules::NEED_A_REVISION;

/// The as-of date a rule's fixtures are checked at: the first day of their
/// cycle (2026-Q1), where check-in habits have nothing to say yet, except for
/// the check-in rules, whose fixtures log weeks 1 to 3.
fn as_of(code: &str) -> &'static str {
    if code.starts_with("OKR6") { "2026-01-20" } else { "2026-01-01" }
}

#[test]
fn every_rule_has_a_bad_and_a_good_fixture() {
    for rule in okrlint::rules::registry() {
        for kind in ["bad", "good"] {
            let dir = repo().join("fixtures/rules").join(rule.code).join(kind);
            assert!(dir.is_dir(), "missing fixture {}", dir.display());
        }
    }
}

#[test]
fn bad_fixtures_are_caught_by_their_rule_alone() {
    for rule in okrlint::rules::registry().iter().filter(|r| !NEED_A_REVISION.contains(&r.code)) {
        let path = format!("fixtures/rules/{}/bad", rule.code);
        let run = okrlint(&["check", &path, "--format", "json", "--as-of", as_of(rule.code)]);
        let diagnostics = json_diagnostics(&run);
        let active: Vec<_> = diagnostics.iter().filter(|d| d["suppressed"] == false).collect();
        assert!(!active.is_empty(), "{}: no finding in {path}", rule.code);
        for d in &active {
            assert_eq!(d["code"], rule.code, "{path}: unexpected finding {d}");
            assert!(d["line"].as_u64().unwrap_or(0) >= 1 && d["column"].as_u64().unwrap_or(0) >= 1);
            assert!(!d["help"].as_str().unwrap_or("").is_empty(), "{path}: finding without help: {d}");
        }
        let expected_exit = if rule.severity == okrlint::diagnostic::Severity::Error { 1 } else { 0 };
        assert_eq!(run.code, expected_exit, "{path}: exit code; stderr: {}", run.stderr);
    }
}

#[test]
fn good_fixtures_are_clean() {
    for rule in okrlint::rules::registry().iter().filter(|r| !NEED_A_REVISION.contains(&r.code)) {
        let path = format!("fixtures/rules/{}/good", rule.code);
        let run = okrlint(&["check", &path, "--format", "concise", "--as-of", as_of(rule.code)]);
        assert_eq!(run.stdout, "", "{path} should be clean");
        assert_eq!(run.code, 0, "{path}: {}", run.stderr);
    }
}

#[test]
fn snapshots_of_bad_fixtures() {
    for rule in okrlint::rules::registry().iter().filter(|r| !NEED_A_REVISION.contains(&r.code)) {
        let path = format!("fixtures/rules/{}/bad", rule.code);
        let human = okrlint(&["check", &path, "--as-of", as_of(rule.code), "--color", "never"]);
        insta::assert_snapshot!(format!("{}_human", rule.code), human.stdout);
        let concise = okrlint(&["check", &path, "--as-of", as_of(rule.code), "--format", "concise"]);
        insta::assert_snapshot!(format!("{}_concise", rule.code), concise.stdout);
        let json = okrlint(&["check", &path, "--as-of", as_of(rule.code), "--format", "json"]);
        insta::assert_snapshot!(format!("{}_json", rule.code), json.stdout);
    }
}

#[test]
fn explain_works_for_every_code_and_name() {
    for rule in okrlint::rules::registry() {
        for key in [rule.code, rule.name] {
            let run = okrlint(&["explain", key]);
            assert_eq!(run.code, 0, "explain {key}");
            assert!(run.stdout.starts_with(&format!("{} {}", rule.code, rule.name)), "{}", run.stdout);
            assert!(run.stdout.contains("## Why is this bad?"));
        }
    }
}
