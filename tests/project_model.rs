//! The workspace: files loaded in any order, or one replaced in memory (an
//! edited buffer in the editor server), give the findings a fresh run does;
//! ids are stable, an edit reloads the edited file alone, and a file that
//! stops parsing keeps its last good content for the others (SPEC §8).

use std::path::PathBuf;

use chrono::NaiveDate;
use okrlint::config::Config;
use okrlint::diagnostic::Diagnostic;
use okrlint::lint::Selection;
use okrlint::workspace::Workspace;

fn gold() -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/playbook/gold");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("gold fixture") {
        let path = entry.expect("entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".yaml") && !name.starts_with('.') {
            files.push((PathBuf::from(&name), std::fs::read_to_string(&path).expect("read")));
        }
    }
    files.sort();
    files
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 16).expect("date")
}

fn check(files: Vec<(PathBuf, String)>) -> Vec<(String, Diagnostic)> {
    findings(&Workspace::of_files(PathBuf::from("."), Config::default(), files))
}

/// A workspace's findings with their files' paths (ids differ between workspaces).
fn findings(workspace: &Workspace) -> Vec<(String, Diagnostic)> {
    let found = workspace.check(&Selection::default(), as_of());
    found
        .into_iter()
        .map(|d| {
            let display = workspace.join().files[d.file].display.clone();
            (display, Diagnostic { file: 0, ..d })
        })
        .collect()
}

/// Breaks references and ids across files, so that the findings depend on every file.
fn broken() -> Vec<(PathBuf, String)> {
    gold()
        .into_iter()
        .map(|(path, text)| {
            let text = match path.to_string_lossy().as_ref() {
                "company.okr.yaml" => text.replacen("id: win-smb", "id: win-small-business", 1),
                "growth.okr.yaml" => text.replacen("owner: Growth PM", "owner: Growth PM and Ana Lima", 1),
                _ => text,
            };
            (path, text)
        })
        .collect()
}

#[test]
fn files_in_any_order_give_the_same_findings() {
    let files = broken();
    let expected = check(files.clone());
    assert!(expected.iter().any(|(_, d)| d.code() == "OKR004"), "{expected:?}");
    assert!(expected.iter().any(|(_, d)| d.code() == "OKR102"), "{expected:?}");
    let mut reversed = files.clone();
    reversed.reverse();
    assert_eq!(check(reversed), expected);
    for shift in 1..files.len() {
        let mut rotated = files.clone();
        rotated.rotate_left(shift);
        assert_eq!(check(rotated), expected, "rotated by {shift}");
    }
}

#[test]
fn one_file_replaced_in_memory_gives_what_a_fresh_run_gives() {
    let clean = gold();
    let broken = broken();
    let mut workspace = Workspace::of_files(PathBuf::from("."), Config::default(), clean.clone());
    assert_eq!(findings(&workspace), vec![]);
    let ids: Vec<_> = clean.iter().map(|(path, _)| workspace.id_of(path)).collect();
    let loads = workspace.loads();
    // Edit the company set: the team set's references into it break.
    let (path, text) = broken.iter().find(|(p, _)| p == &PathBuf::from("company.okr.yaml")).cloned().expect("company");
    workspace.set_text(&path, text.clone());
    assert_eq!(workspace.loads(), loads + 1, "an edit loads the edited file alone");
    let mut fresh_files = clean.clone();
    for file in &mut fresh_files {
        if file.0 == path {
            file.1 = text.clone();
        }
    }
    let replaced = findings(&workspace);
    assert_eq!(replaced, check(fresh_files));
    assert!(replaced.iter().any(|(file, d)| d.code() == "OKR004" && file == "growth.okr.yaml"), "{replaced:?}");
    // And back: the original text gives no finding again.
    let original = clean.iter().find(|(p, _)| p == &path).map(|(_, t)| t.clone()).expect("original");
    workspace.set_text(&path, original);
    assert_eq!(findings(&workspace), vec![]);
    // A new file takes the next id; no other file's id moves.
    let new = workspace.set_text(&PathBuf::from("aaa.okr.yaml"), "id: aaa\n".into());
    assert_eq!(new, clean.len());
    let after: Vec<_> = clean.iter().map(|(path, _)| workspace.id_of(path)).collect();
    assert_eq!(after, ids);
    assert!(workspace.remove(&PathBuf::from("aaa.okr.yaml")));
    assert!(!workspace.remove(&PathBuf::from("no-such.okr.yaml")));
    assert_eq!(findings(&workspace), vec![]);
}

#[test]
fn a_file_that_stops_parsing_keeps_its_last_good_content_for_the_others() {
    let clean = gold();
    let mut workspace = Workspace::of_files(PathBuf::from("."), Config::default(), clean.clone());
    let company = PathBuf::from("company.okr.yaml");
    let text = clean.iter().find(|(p, _)| p == &company).map(|(_, t)| t.clone()).expect("company");
    // Half-typed: an unclosed flow sequence after the first objective's id.
    let half = text.replacen("id: win-smb", "id: [win-smb", 1);
    workspace.set_text(&company, half);
    let found = findings(&workspace);
    assert_eq!(
        found.iter().map(|(file, d)| (file.as_str(), d.code())).collect::<Vec<_>>(),
        vec![("company.okr.yaml", "OKR001")],
        "the others resolve against the company set's last good text: {found:?}"
    );
    // The join still sees the company set as it last parsed.
    let join = workspace.join();
    let id = workspace.id_of(&company).expect("company");
    assert_eq!(join.set_summary(id).map(|s| s.id.value.as_str()), Some("company"));
    // Removed, its references break for real.
    assert!(workspace.remove(&company));
    let found = findings(&workspace);
    assert!(found.iter().any(|(file, d)| file == "growth.okr.yaml" && d.code() == "OKR004"), "{found:?}");
}

#[test]
fn every_reference_knows_its_target_and_where_the_target_is_defined() {
    let workspace = Workspace::of_files(PathBuf::from("."), Config::default(), gold());
    assert_eq!(findings(&workspace), vec![]);
    let join = workspace.join();
    let growth = join.files.iter().position(|f| f.display == "growth.okr.yaml").expect("growth");
    let aligns = join
        .references
        .iter()
        .find(|r| r.file == growth && join.written(r).kind == okrlint::load::RefKind::AlignsTo)
        .expect("an aligns_to in growth");
    let target = aligns.target.expect("resolved");
    assert_eq!(join.ref_of(target), "company/win-smb");
    // The target's span is its `id:` value in the company file: what go-to-definition opens.
    let span = join.def_span(target).expect("span");
    let company = join.files[target.file()].source().expect("text kept");
    assert_eq!(company.display, "company.okr.yaml");
    assert_eq!(company.slice(span), "win-smb");
    // Every reference of the clean fixture resolves, check-in KRs and log sets included.
    assert!(join.references.iter().all(|r| r.target.is_some()), "unresolved in the gold fixture");
    let kinds: std::collections::HashSet<_> = join.references.iter().map(|r| join.written(r).kind).collect();
    assert!(kinds.len() >= 5, "{kinds:?}");
}

/// What an edit re-lints (`Workspace::lints` counts per-file rule runs): a
/// title, the file alone; a KR id, the file and the logs that check in on
/// its set; a metric, every file (SPEC §8's latency rests on this).
#[test]
fn an_edit_relints_only_the_files_whose_findings_it_can_change() {
    let clean = gold();
    let workspace_files = clean.len();
    let mut workspace = Workspace::of_files(PathBuf::from("."), Config::default(), clean.clone());
    findings(&workspace);
    let text_of =
        |name: &str| clean.iter().find(|(p, _)| p == &PathBuf::from(name)).map(|(_, t)| t.clone()).expect(name);
    let relinted = |workspace: &mut Workspace, name: &str, text: String| {
        let before = workspace.lints();
        workspace.set_text(&PathBuf::from(name), text);
        findings(workspace);
        workspace.lints() - before
    };
    let growth = text_of("growth.okr.yaml");
    let titled = growth.replacen("title: ", "title: Quickly ", 1);
    assert_eq!(relinted(&mut workspace, "growth.okr.yaml", titled), 1, "a title: the file alone");
    let renamed = growth.replacen("  - id: ", "  - id: x-", 1);
    // The set file and the one log that checks in on `growth`.
    assert_eq!(relinted(&mut workspace, "growth.okr.yaml", renamed), 2, "an objective id: the file and its log");
    let metrics = text_of("company.metrics.yaml").replacen("name: ", "name: x-", 1);
    assert_eq!(relinted(&mut workspace, "company.metrics.yaml", metrics), workspace_files, "a metric: every file");
}
