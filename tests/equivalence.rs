//! Results do not depend on how a run was asked (SPEC §5): for every fixture
//! project, each file's findings are the same in a run of its folder, a run
//! naming that file alone, both again with a warm cache, and the in-memory
//! project the editor server lints.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use okrlint::config::Config;
use okrlint::lint::Selection;
use okrlint::workspace::Workspace;

/// One finding as a user sees it: where, which rule, what it says, whether suppressed.
type Seen = (u64, u64, String, String, bool);

/// Each file's findings, by file path relative to the project root.
type PerFile = BTreeMap<String, Vec<Seen>>;

/// Every fixture project: every folder holding a `.okrlint.yaml`.
fn projects() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        if dir.join(".okrlint.yaml").is_file() {
            found.push(dir.to_path_buf());
        }
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !entry.file_name().to_string_lossy().starts_with('.') {
                walk(&path, found);
            }
        }
    }
    let mut found = Vec::new();
    walk(&common::repo().join("fixtures"), &mut found);
    found.sort();
    found
}

/// The OKR files of a project (relative, `/`-separated), copied into `to`.
fn copy_project(from: &Path, to: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read fixture").flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".okrlint_cache") {
                continue;
            }
            let relative = path.strip_prefix(from).expect("inside").to_path_buf();
            if path.is_dir() {
                fs::create_dir_all(to.join(&relative)).expect("mkdir");
                stack.push(path);
            } else {
                fs::copy(&path, to.join(&relative)).expect("copy");
                if name.ends_with(".yaml") && name != ".okrlint.yaml" {
                    files.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    files.sort();
    files
}

/// A date inside the fixture's cycle where its rules have something to say.
fn as_of(project: &Path) -> &'static str {
    let path = project.to_string_lossy();
    if path.contains("/history") {
        "2026-11-16"
    } else if path.contains("/OKR6") || path.contains("/OKR7") {
        "2026-01-20"
    } else {
        "2026-02-16"
    }
}

/// Runs `okrlint check` in `dir` on `paths`, with the cache in `cache` or none.
fn binary(dir: &Path, paths: &[&str], as_of: &str, cache: Option<&Path>) -> PerFile {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okrlint"));
    command.args(["check", "--format", "json", "--as-of", as_of]).args(paths).current_dir(dir);
    match cache {
        Some(cache) => command.env("OKRLINT_CACHE_DIR", cache).env("XDG_CACHE_HOME", cache.join("user")),
        None => command.arg("--no-cache"),
    };
    let output = command.output().expect("okrlint runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let value: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {stdout}", dir.display()));
    let mut found = PerFile::new();
    for d in value["diagnostics"].as_array().into_iter().flatten() {
        found.entry(d["file"].as_str().unwrap_or_default().to_string()).or_default().push((
            d["line"].as_u64().unwrap_or_default(),
            d["column"].as_u64().unwrap_or_default(),
            d["code"].as_str().unwrap_or_default().to_string(),
            d["message"].as_str().unwrap_or_default().to_string(),
            d["suppressed"] == true,
        ));
    }
    found
}

/// The in-memory project of the same files, as the editor server holds it.
fn in_memory(dir: &Path, files: &[String], as_of: &str) -> PerFile {
    let config = Config::load(&dir.join(".okrlint.yaml"), ".okrlint.yaml").expect("fixture configuration");
    let texts = files.iter().map(|f| (PathBuf::from(f), fs::read_to_string(dir.join(f)).expect("read"))).collect();
    let workspace = Workspace::of_files(dir.to_path_buf(), config, texts);
    let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("date");
    let mut found = PerFile::new();
    for d in workspace.check(&Selection::default(), as_of) {
        found.entry(workspace.join().files[d.file].display.clone()).or_default().push((
            u64::from(d.line),
            u64::from(d.column),
            d.code().to_string(),
            d.message.into_string(),
            d.suppressed,
        ));
    }
    found
}

#[test]
fn every_fixture_gives_each_file_the_same_findings_however_the_run_is_asked() {
    let projects = projects();
    assert!(projects.len() > 90, "the fixture projects: {projects:?}");
    let mut compared = 0;
    for fixture in &projects {
        let copy = tempfile::tempdir().expect("temp dir");
        let dir = copy.path();
        let files = copy_project(fixture, dir);
        let as_of = as_of(fixture);
        let cache = tempfile::tempdir().expect("cache dir");
        let folder = binary(dir, &["."], as_of, None);
        let ways: Vec<(&str, PerFile)> = vec![
            ("the folder, cache cold", binary(dir, &["."], as_of, Some(cache.path()))),
            ("the folder, cache warm", binary(dir, &["."], as_of, Some(cache.path()))),
            ("in memory", in_memory(dir, &files, as_of)),
        ];
        for (way, found) in &ways {
            assert_eq!(found, &folder, "{}: {way} differs from the folder run", fixture.display());
        }
        for file in &files {
            let expected = folder.get(file).cloned().unwrap_or_default();
            for (way, cache) in [("alone", None), ("alone, cache warm", Some(cache.path()))] {
                let alone = binary(dir, &[file], as_of, cache);
                let got = alone.get(file).cloned().unwrap_or_default();
                assert_eq!(got, expected, "{}: {file} named {way} differs from the folder run", fixture.display());
                compared += 1;
            }
        }
    }
    assert!(compared > 400, "{compared} named-file runs compared");
}

/// One finding, with its file's path in place of its id (ids differ between workspaces).
type Placed = Vec<(String, okrlint::diagnostic::Diagnostic)>;

fn placed(workspace: &Workspace, as_of: NaiveDate) -> Placed {
    workspace
        .check(&Selection::default(), as_of)
        .into_iter()
        .map(|d| (workspace.join().files[d.file].display.clone(), okrlint::diagnostic::Diagnostic { file: 0, ..d }))
        .collect()
}

fn order(
    a: &(String, okrlint::diagnostic::Diagnostic),
    b: &(String, okrlint::diagnostic::Diagnostic),
) -> std::cmp::Ordering {
    let key = |(file, d): &(String, okrlint::diagnostic::Diagnostic)| {
        (file.clone(), d.span.start(), d.code(), d.message.clone())
    };
    key(a).cmp(&key(b))
}

/// `text` with the value of the first line whose key is `key` changed by `change`.
fn edit_value(text: &str, key: &str, change: impl Fn(&str) -> String) -> Option<String> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start().trim_start_matches("- ");
        if let Some(value) = body.strip_prefix(key).and_then(|rest| rest.strip_prefix(':')) {
            let value = value.trim_end_matches(['\n', '\r']).trim();
            if !value.is_empty() && !value.starts_with(['{', '[', '|', '>']) {
                let at = offset + line.find(value).unwrap_or(0);
                let mut edited = text.to_string();
                edited.replace_range(at..at + value.len(), &change(value));
                return Some(edited);
            }
        }
        offset += line.len();
    }
    None
}

/// The edits an editor makes: ids renamed, owners and targets changed,
/// cycles and dates moved, metric names changed, a file cut in half.
fn edits(text: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut add = |what: &'static str, edited: Option<String>| {
        if let Some(edited) = edited.filter(|e| e != text) {
            out.push((what, edited));
        }
    };
    add("an id renamed", edit_value(text, "id", |v| format!("{v}-x")));
    add("an owner changed", edit_value(text, "owner", |_| "TBD".into()));
    add("a target changed", edit_value(text, "target", |v| format!("{v}1")));
    add("a cycle moved", edit_value(text, "cycle", |v| v.replace("Q1", "Q2").replace("Q3", "Q4")));
    add("a date moved", edit_value(text, "date", |v| v.replacen("-0", "-1", 1)));
    add("a metric renamed", edit_value(text, "name", |v| format!("{v}x")));
    add("a KR reference changed", edit_value(text, "kr", |v| format!("{v}x")));
    add("a title changed", edit_value(text, "title", |v| format!("{v} by 20% in 2026")));
    let half = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    add("cut in half", Some(text[..half].to_string()));
    out
}

/// The editor server's workspace keeps per-file findings, scorecards and
/// the join between edits, and mends what an edit changes; whatever the
/// edit, its findings must be those of a fresh workspace of the same texts,
/// and so again once the edit is undone.
#[test]
fn every_edit_in_a_workspace_gives_what_a_fresh_workspace_gives() {
    let mut compared = 0;
    for fixture in &projects() {
        let copy = tempfile::tempdir().expect("temp dir");
        let dir = copy.path();
        let files = copy_project(fixture, dir);
        let as_of = NaiveDate::parse_from_str(as_of(fixture), "%Y-%m-%d").expect("date");
        let config = Config::load(&dir.join(".okrlint.yaml"), ".okrlint.yaml").expect("fixture configuration");
        let texts: Vec<(PathBuf, String)> =
            files.iter().map(|f| (PathBuf::from(f), fs::read_to_string(dir.join(f)).expect("read"))).collect();
        let fresh = |texts: Vec<(PathBuf, String)>| {
            placed(&Workspace::of_files(dir.to_path_buf(), config.clone(), texts), as_of)
        };
        let original = fresh(texts.clone());
        let mut workspace = Workspace::of_files(dir.to_path_buf(), config.clone(), texts.clone());
        assert_eq!(placed(&workspace, as_of), original, "{}", fixture.display());
        for (i, (path, text)) in texts.iter().enumerate() {
            for (what, edited) in edits(text) {
                let mut changed = texts.clone();
                changed[i].1 = edited.clone();
                let id = workspace.set_text(path, edited);
                let mut expected = fresh(changed);
                let stale =
                    workspace.seen(id).zip(workspace.result(id)).is_some_and(|(s, r)| !std::sync::Arc::ptr_eq(s, r));
                if stale {
                    // A file that stops parsing is seen by the others at its last good
                    // text (SPEC §8): they keep their findings, it has its own alone.
                    let shown = path.to_string_lossy().replace('\\', "/");
                    // (Only the per-file rules judge it: no project-wide finding goes to a stale file.)
                    let per_file = |code: &str| {
                        okrlint::rules::by_code(code).is_some_and(|r| r.scope == okrlint::rules::Scope::File)
                    };
                    expected.retain(|(file, d)| *file == shown && per_file(d.code()));
                    expected.extend(original.iter().filter(|(file, _)| *file != shown).cloned());
                    expected.sort_by(order);
                }
                let mut got = placed(&workspace, as_of);
                if stale {
                    got.sort_by(order);
                }
                assert_eq!(got, expected, "{}: {} with {what}", fixture.display(), path.display());
                workspace.set_text(path, text.clone());
                let got = placed(&workspace, as_of);
                assert_eq!(got, original, "{}: {} with {what} undone", fixture.display(), path.display());
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "{compared} edits compared");
}
