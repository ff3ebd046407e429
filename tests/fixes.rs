//! `check --fix`, `--unsafe-fixes`, `--diff` and `--add-suppressions`, run as
//! a user runs them: what is written, byte for byte, and what is left.

mod common;

use std::fs;
use std::path::Path;

use common::{json_diagnostics, okrlint_in, repo};

const COMPANY: &str = "id: company\ncycle: 2026-Q1\nlevel: company\nname: Company\nobjectives:\n  - id: win-smb\n    title: Win small businesses\n    owner: Ana Lima\n    key_results:\n      - id: activation\n        title: Raise activation from 46% to 65%\n        owner: Ana Lima\n        baseline: 46\n        target: 65\n        unit: '%'\n        source: Product analytics\n";

/// A set with a BOM and CRLF line endings: a misspelt key, an unused
/// suppression, a misspelt reference, and a comment that must survive.
const TEAM: &str = "\u{feff}id: team\r\ncycle: 2026-Q1\r\nname: Team\r\nobjectives:\r\n  - id: grow\r\n    title: Delight small businesses # keep me\r\n    ower: Ana Lima\r\n    aligns_to: 'compnay/win-smb'\r\n    key_results:\r\n      - id: k  # okrlint: allow OKR402 -- nothing here\r\n        title: Raise weekly active teams from 40 to 60\r\n        owner: Ana Lima\r\n        baseline: 40\r\n        target: 60\r\n        unit: teams\r\n        source: Product analytics\r\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    fs::write(dir.path().join("company.okr.yaml"), COMPANY).expect("company");
    fs::write(dir.path().join("team.okr.yaml"), TEAM).expect("team");
    dir
}

fn codes(dir: &Path) -> Vec<String> {
    let run = okrlint_in(dir, &["check", "--format", "json", "--as-of", "2026-02-16", "--no-cache"]);
    json_diagnostics(&run).iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn fix_makes_exactly_the_safe_edits_and_keeps_every_other_byte() {
    let dir = project();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.path().join("team.okr.yaml"), fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let run = okrlint_in(dir.path(), &["check", "--fix", "--format", "concise", "--as-of", "2026-02-16"]);
    let after = fs::read_to_string(dir.path().join("team.okr.yaml")).expect("read");
    let expected = TEAM
        .replace("    ower: Ana Lima", "    owner: Ana Lima")
        .replace("      - id: k  # okrlint: allow OKR402 -- nothing here\r\n", "      - id: k\r\n");
    assert_eq!(after, expected, "{}", run.stderr);
    assert!(run.stderr.contains("Fixed 2 findings ("), "{}", run.stderr);
    // The unsafe fix was not applied: the reference is still reported, and fails the run.
    assert!(run.stdout.contains("OKR004"), "{}", run.stdout);
    assert_eq!(run.code, 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.path().join("team.okr.yaml")).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let run = okrlint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "--as-of", "2026-02-16"]);
    let after = fs::read_to_string(dir.path().join("team.okr.yaml")).expect("read");
    assert!(after.contains("    aligns_to: company/win-smb\r\n"), "{after}");
    assert_eq!(run.code, 0, "only warnings remain: {}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("Fixed 1 finding ("), "{}", run.stderr);
    let left = codes(dir.path());
    assert!(!left.iter().any(|c| ["OKR002", "OKR004", "OKR008"].contains(&c.as_str())), "{left:?}");
}

#[test]
fn diff_shows_what_fix_would_write_and_writes_nothing() {
    let dir = project();
    let run = okrlint_in(dir.path(), &["check", "--diff", "--as-of", "2026-02-16"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("--- a/team.okr.yaml\n+++ b/team.okr.yaml\n"), "{}", run.stdout);
    assert!(run.stdout.contains("-    ower: Ana Lima\r\n+    owner: Ana Lima\r\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("company/win-smb"), "unsafe fixes need --unsafe-fixes: {}", run.stdout);
    assert_eq!(fs::read_to_string(dir.path().join("team.okr.yaml")).expect("read"), TEAM);
    let run = okrlint_in(dir.path(), &["check", "--diff", "--unsafe-fixes", "--as-of", "2026-02-16"]);
    assert!(run.stdout.contains("+    aligns_to: company/win-smb\r\n"), "{}", run.stdout);
    // Nothing to fix: no diff, exit 0.
    let clean = okrlint_in(&repo(), &["check", "--diff", "fixtures/playbook/gold", "--as-of", "2026-02-16"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""), "{}", clean.stderr);
}

#[test]
fn findings_carry_their_fix_in_json_and_sarif() {
    let dir = project();
    let run = okrlint_in(dir.path(), &["check", "--format", "json", "--as-of", "2026-02-16"]);
    let found = json_diagnostics(&run);
    let key = found.iter().find(|d| d["code"] == "OKR002").expect("OKR002");
    assert_eq!(key["fix"]["applicability"], "safe");
    assert_eq!(key["fix"]["edits"][0]["content"], "owner");
    assert_eq!(
        (key["fix"]["edits"][0]["line"].as_u64(), key["fix"]["edits"][0]["column"].as_u64()),
        (Some(7), Some(5))
    );
    let reference = found.iter().find(|d| d["code"] == "OKR004").expect("OKR004");
    assert_eq!(reference["fix"]["applicability"], "unsafe");
    assert_eq!(reference["fix"]["edits"][0]["content"], "company/win-smb");
    assert!(found.iter().filter(|d| d["code"] == "OKR301").all(|d| d["fix"].is_null()));
    let sarif = okrlint_in(dir.path(), &["check", "--format", "sarif", "--as-of", "2026-02-16"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    let key = results.iter().find(|r| r["ruleId"] == "OKR002").expect("OKR002 result");
    let replacement = &key["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "owner");
    assert_eq!(replacement["deletedRegion"]["startLine"], 7);
    let human = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--color", "never"]);
    assert!(human.stdout.contains("did you mean `owner`? (fixable with --fix)"), "{}", human.stdout);
    assert!(human.stdout.contains("(fixable with --fix --unsafe-fixes)"), "{}", human.stdout);
}

#[test]
fn a_fix_is_not_offered_where_the_mapping_has_the_key_already() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "cycle: 2026-Q1\nname: T\nowner: Ana Lima\nower: Bob Chen\nobjectives: []\n";
    fs::write(dir.path().join("t.okr.yaml"), text).expect("write");
    let run = okrlint_in(dir.path(), &["check", "--format", "json", "--as-of", "2026-02-16"]);
    let key = json_diagnostics(&run).into_iter().find(|d| d["code"] == "OKR002").expect("OKR002");
    assert!(key["fix"].is_null(), "{key}");
    okrlint_in(dir.path(), &["check", "--fix", "--as-of", "2026-02-16"]);
    assert_eq!(fs::read_to_string(dir.path().join("t.okr.yaml")).expect("read"), text);
}

#[test]
fn an_unused_code_is_taken_out_of_a_comment_that_names_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "cycle: 2026-Q1\nname: T\nobjectives:\n  - id: o\n    title: Delight small businesses\n    owner: Ana Lima\n    # okrlint: allow OKR402, OKR302 -- small on purpose\n    key_results:\n      - id: k\n        title: Raise weekly active teams from 40 to 60\n        owner: Ana Lima\n        baseline: 40\n        target: 60\n        source: Product analytics\n";
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4]}\n").expect("config");
    fs::write(dir.path().join("t.okr.yaml"), text).expect("write");
    let run = okrlint_in(dir.path(), &["check", "--fix", "--as-of", "2026-02-16", "--format", "concise"]);
    let after = fs::read_to_string(dir.path().join("t.okr.yaml")).expect("read");
    assert_eq!(after, text.replace("allow OKR402, OKR302 --", "allow OKR302 --"), "{}{}", run.stdout, run.stderr);
}

#[test]
fn add_suppressions_silences_every_finding_once_and_for_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = repo().join("fixtures/playbook/anti-patterns");
    for entry in fs::read_dir(&from).expect("fixture") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let before = okrlint_in(dir.path(), &["check", "--format", "json", "--as-of", "2026-02-16", "--no-cache"]);
    assert_eq!(before.code, 1);
    let run = okrlint_in(dir.path(), &["check", "--add-suppressions", "adopted 2026-12", "--as-of", "2026-02-16"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = okrlint_in(dir.path(), &["check", "--format", "json", "--as-of", "2026-02-16", "--no-cache"]);
    assert_eq!(after.code, 0, "{}", after.stdout);
    let found = json_diagnostics(&after);
    assert!(found.iter().all(|d| d["suppressed"] == true), "{found:?}");
    assert_eq!(found.len(), json_diagnostics(&before).len());
    let snapshot = |dir: &Path| {
        let mut files: Vec<(String, String)> = fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read_to_string(e.path()).unwrap_or_default()))
            .collect();
        files.sort();
        files
    };
    let once = snapshot(dir.path());
    let sales = &once.iter().find(|(name, _)| name == "sales.okr.yaml").expect("sales").1;
    assert!(sales.contains("# okrlint: allow OKR004 -- adopted 2026-12\n"), "{sales}");
    okrlint_in(dir.path(), &["check", "--add-suppressions", "adopted 2026-12", "--as-of", "2026-02-16"]);
    assert_eq!(snapshot(dir.path()), once, "a second run changes nothing");
    let refused = okrlint_in(dir.path(), &["check", "--add-suppressions", " "]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
}

#[test]
fn a_suppression_above_a_multi_line_value_covers_all_of_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    let text = "cycle: 2026-Q1\nname: T\nobjectives:\n  - id: o\n    title: |\n      Delight small businesses\n      and grow revenue by 50%\n    owner: Ana Lima\n    aligns_to: none\n    key_results:\n      - id: k\n        title: Raise weekly active teams from 40 to 60\n        owner: Ana Lima\n        baseline: 40\n        target: 60\n        source: Product analytics\n";
    fs::write(dir.path().join("t.okr.yaml"), text).expect("write");
    let args = ["check", "--format", "json", "--as-of", "2026-02-16", "--no-cache", "--select", "OKR401,OKR008"];
    let before = json_diagnostics(&okrlint_in(dir.path(), &args));
    let metric = before.iter().find(|d| d["code"] == "OKR401").expect("OKR401 inside the block scalar");
    assert_eq!(metric["line"], 7, "{metric}");
    let run = okrlint_in(dir.path(), &["check", "--add-suppressions", "adopted 2026-12", "--select", "OKR401"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = fs::read_to_string(dir.path().join("t.okr.yaml")).expect("read");
    assert!(after.contains("    # okrlint: allow OKR401 -- adopted 2026-12\n    title: |\n"), "{after}");
    let found = json_diagnostics(&okrlint_in(dir.path(), &args));
    assert!(found.iter().all(|d| d["suppressed"] == true), "covered, and not unused: {found:?}");
}

/// OKR105 knows a roster name written without its accents: the finding says
/// how the roster spells it, and `--unsafe-fixes` writes that spelling.
#[test]
fn an_owner_spelt_without_the_rosters_accents_is_the_same_person() {
    let dir = project();
    fs::write(
        dir.path().join(".okrlint.yaml"),
        "limits: {objectives: [1, 4], key_results: [1, 4]}\npeople: [Ana Lima, Aylin Yılmaz, José Núñez]\n",
    )
    .expect("config");
    let company = COMPANY.replacen("owner: Ana Lima", "owner: Aylin Yilmaz", 1).replacen(
        "owner: Ana Lima",
        "owner: jose nunez",
        1,
    );
    fs::write(dir.path().join("company.okr.yaml"), &company).expect("company");
    let run = okrlint_in(
        dir.path(),
        &["check", "company.okr.yaml", "--format", "json", "--as-of", "2026-02-16", "--no-cache"],
    );
    let messages: Vec<String> = json_diagnostics(&run)
        .iter()
        .filter(|d| d["code"] == "OKR105")
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        messages,
        vec![
            "owner `Aylin Yilmaz` is on the roster as `Aylin Yılmaz`".to_string(),
            "owner `jose nunez` is on the roster as `José Núñez`".to_string(),
        ],
        "{}",
        run.stdout
    );
    okrlint_in(dir.path(), &["check", "company.okr.yaml", "--fix", "--unsafe-fixes", "--as-of", "2026-02-16"]);
    let fixed = fs::read_to_string(dir.path().join("company.okr.yaml")).expect("read");
    assert_eq!(fixed, company.replacen("Aylin Yilmaz", "Aylin Yılmaz", 1).replacen("jose nunez", "José Núñez", 1));
}
