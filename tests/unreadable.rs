//! A file that cannot be read is the finding (SPEC §2): it never buries the
//! others under findings that only its content could settle.

mod common;

use std::fs;
use std::path::Path;

use common::{json_diagnostics, okrlint_in, repo};

/// As of week 11 of the gold project's quarter: its habit rules have things to say.
const AS_OF: &str = "2026-03-20";

/// A copy of the gold project, `edit` applied.
fn gold_with(edit: impl Fn(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(repo().join("fixtures/playbook/gold")).expect("gold") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    edit(dir.path());
    dir
}

/// (file, code) of a run's findings.
fn found(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["check", "--format", "json", "--no-cache", "--as-of", AS_OF];
    all.extend(args);
    let run = okrlint_in(dir, &all);
    json_diagnostics(&run)
        .iter()
        .map(|d| {
            (d["file"].as_str().unwrap_or_default().to_string(), d["code"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

fn append(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    let mut content = fs::read_to_string(&path).expect("read");
    content.push_str(text);
    fs::write(path, content).expect("write");
}

#[test]
fn an_unreadable_company_set_does_not_bury_the_team_sets() {
    let dir = gold_with(|dir| append(dir, "company.okr.yaml", "id: company\n"));
    for args in [&["."][..], &["growth.okr.yaml", "company.okr.yaml"], &["reliability.okr.yaml"]] {
        let found = found(dir.path(), args);
        assert!(!found.iter().any(|(_, code)| code == "OKR004" || code == "OKR601"), "{args:?}: {found:?}");
        if args.contains(&"company.okr.yaml") || args == ["."] {
            assert!(found.contains(&("company.okr.yaml".into(), "OKR001".into())), "{args:?}: {found:?}");
        }
    }
    // The id comes from the `id:` line while it can be read, whatever the file's name.
    let renamed = gold_with(|dir| {
        fs::rename(dir.join("company.okr.yaml"), dir.join("top.okr.yaml")).expect("rename");
        append(dir, "top.okr.yaml", "objectives: [\n");
    });
    let found = without_habits(found(renamed.path(), &["."]));
    assert_eq!(found, vec![("top.okr.yaml".to_string(), "OKR001".to_string())]);
    // A readable project still reports a reference into a set that does not exist.
    let typo = gold_with(|dir| {
        let path = dir.join("growth.okr.yaml");
        let text = fs::read_to_string(&path).expect("read").replacen("company/win-smb", "compnay/win-smb", 1);
        fs::write(path, text).expect("write");
    });
    assert!(found_in(typo.path()).contains(&("growth.okr.yaml".into(), "OKR004".into())));
}

const HABITS: [&str; 6] = ["OKR604", "OKR605", "OKR606", "OKR608", "OKR609", "OKR611"];

/// Findings other than the check-in habit rules' (the gold project is late at `AS_OF`).
fn without_habits(found: Vec<(String, String)>) -> Vec<(String, String)> {
    found.into_iter().filter(|(_, code)| !HABITS.contains(&code.as_str())).collect()
}

fn found_in(dir: &Path) -> Vec<(String, String)> {
    found(dir, &["."])
}

#[test]
fn an_unreadable_log_silences_the_habit_rules_of_its_set_only() {
    let habits = HABITS;
    let clean = found_in(gold_with(|_| {}).path());
    let growth_habits = |found: &[(String, String)]| {
        found.iter().filter(|(file, code)| file == "growth.okr.yaml" && habits.contains(&code.as_str())).count()
    };
    let other_habits = |found: &[(String, String)]| {
        found.iter().filter(|(file, code)| file != "growth.okr.yaml" && habits.contains(&code.as_str())).count()
    };
    assert!(growth_habits(&clean) > 0, "the gold project's growth set has habit findings at {AS_OF}: {clean:?}");
    let dir = gold_with(|dir| append(dir, "growth.checkins.yaml", "checkins: [\n"));
    let broken = found_in(dir.path());
    assert!(broken.contains(&("growth.checkins.yaml".into(), "OKR001".into())), "{broken:?}");
    assert_eq!(growth_habits(&broken), 0, "{broken:?}");
    assert_eq!(other_habits(&broken), other_habits(&clean), "{broken:?}");
}

#[test]
fn an_unreadable_dictionary_leaves_metric_names_unjudged() {
    let dir = gold_with(|dir| fs::write(dir.join("company.metrics.yaml"), "metrics: [\n").expect("write"));
    let found = without_habits(found_in(dir.path()));
    assert_eq!(found, vec![("company.metrics.yaml".to_string(), "OKR001".to_string())], "{found:?}");
}
