//! The summary cache (SPEC §4) is only ever a shortcut: a warm run reports
//! exactly what a cold one does, and a stale, corrupt, unwritable or
//! concurrently written cache never changes a result or fails a run.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

const COMPANY: &str = "id: company\ncycle: 2026-Q1\nlevel: company\nobjectives:\n  - id: win-smb\n    title: Win the small-business market\n    owner: Maya Chen\n    key_results:\n      - id: activation\n        title: Raise activation from 40% to 60%\n        owner: Growth PM\n        baseline: 40\n        target: 60\n        source: Product analytics\n";

fn team(n: usize, aligns_to: &str) -> String {
    format!(
        "id: team-{n}\ncycle: 2026-Q1\nname: Team {n}\nobjectives:\n  - id: faster\n    title: Shorten time to value\n    owner: Ana Lima\n    aligns_to: {aligns_to}\n    key_results:\n      - id: ttv\n        title: Reduce days to first use from 3 to 1\n        owner: Growth PM\n        baseline: 3\n        target: 1\n        source: Product analytics\n"
    )
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    fs::write(dir.path().join("company.okr.yaml"), COMPANY).expect("company");
    for n in 0..20 {
        fs::write(dir.path().join(format!("team-{n:02}.okr.yaml")), team(n, "company/win-smb")).expect("team");
    }
    dir
}

/// `okrlint check --format json company.okr.yaml` with extra environment; (exit code, stdout, stderr).
fn check(dir: &Path, env: &[(&str, &Path)], extra: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okrlint"));
    command.args(["check", "--format", "json", "--as-of", "2026-02-16", "company.okr.yaml"]).args(extra);
    command.current_dir(dir).env_remove("OKRLINT_CACHE_DIR");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("okrlint runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn cache_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect();
    files.sort();
    files
}

#[test]
fn a_warm_run_reports_what_a_cold_run_does_and_a_changed_file_is_read_again() {
    let dir = project();
    let cold = check(dir.path(), &[], &["--no-cache"]);
    assert!(!dir.path().join(".okrlint_cache").exists(), "--no-cache wrote a cache");
    let first = check(dir.path(), &[], &[]);
    let cache = dir.path().join(".okrlint_cache");
    assert_eq!(cache_files(&cache).len(), 1, "no cache written");
    assert_eq!(fs::read_to_string(cache.join(".gitignore")).unwrap_or_default().lines().last(), Some("*"));
    let warm = check(dir.path(), &[], &[]);
    assert_eq!(cold, first);
    assert_eq!(cold, warm);
    assert_eq!(cold.0, 0, "{}", cold.1);
    // A team file changes: its cached summary no longer matches its bytes.
    fs::write(dir.path().join("team-07.okr.yaml"), team(7, "company/win-smb-old")).expect("edit");
    // Renaming the company objective breaks the edited file only where it points at the named file.
    let after = check(dir.path(), &[], &[]);
    assert_eq!(after, check(dir.path(), &[], &["--no-cache"]));
    assert_eq!(after.0, 1, "{}", after.1);
    assert!(after.1.contains("team-07.okr.yaml"), "{}", after.1);
}

#[test]
fn a_corrupt_cache_is_ignored_and_replaced() {
    let dir = project();
    let cold = check(dir.path(), &[], &["--no-cache"]);
    check(dir.path(), &[], &[]);
    let cache = dir.path().join(".okrlint_cache");
    for (n, garbage) in
        [&b"{\"version\": \"0.1.0\", \"entries\": [[\"zz\", 1]]}"[..], b"\x00\xff not json", b""].iter().enumerate()
    {
        for file in cache_files(&cache) {
            fs::write(&file, garbage).expect("corrupt");
        }
        let run = check(dir.path(), &[], &[]);
        assert_eq!(run, cold, "garbage {n}");
        assert!(run.2.is_empty(), "a corrupt cache must not be mentioned: {}", run.2);
    }
    // The next run rewrote it whole.
    let file = &cache_files(&cache)[0];
    let bytes = fs::read(file).expect("cache");
    // Its authentication code on the first line (SPEC §5), then the summaries.
    let newline = bytes.iter().position(|b| *b == b'\n').expect("two parts");
    let head = String::from_utf8_lossy(&bytes[..newline]);
    assert!(head.starts_with("okrlint-cache-v2 ") && head.len() == 17 + 64, "{head}");
    let stored = okrlint::cache::Stored::decode(&bytes[newline + 1..]).expect("a cache body");
    assert_eq!(stored.version, env!("CARGO_PKG_VERSION"));
    assert!(!stored.summaries.is_empty());
}

#[test]
fn an_unwritable_cache_never_fails_a_run() {
    let dir = project();
    let cold = check(dir.path(), &[], &["--no-cache"]);
    // A cache folder that cannot be made (its parent is a file): even root cannot write there.
    let blocker = dir.path().join("not-a-folder");
    fs::write(&blocker, "x").expect("blocker");
    let run = check(dir.path(), &[("OKRLINT_CACHE_DIR", &blocker.join("cache"))], &[]);
    assert_eq!(run, cold);
    assert!(!dir.path().join(".okrlint_cache").exists(), "OKRLINT_CACHE_DIR was not honoured");
}

#[test]
fn okrlint_cache_dir_moves_the_cache() {
    let dir = project();
    let elsewhere = tempfile::tempdir().expect("cache dir");
    let cold = check(dir.path(), &[], &["--no-cache"]);
    assert_eq!(check(dir.path(), &[("OKRLINT_CACHE_DIR", elsewhere.path())], &[]), cold);
    assert_eq!(cache_files(elsewhere.path()).len(), 1);
    assert_eq!(check(dir.path(), &[("OKRLINT_CACHE_DIR", elsewhere.path())], &[]), cold);
    assert!(!dir.path().join(".okrlint_cache").exists());
    // --no-cache neither reads nor writes it.
    let untouched = tempfile::tempdir().expect("cache dir");
    check(dir.path(), &[("OKRLINT_CACHE_DIR", untouched.path())], &["--no-cache"]);
    assert_eq!(fs::read_dir(untouched.path()).map(|d| d.count()).unwrap_or(0), 0);
}

#[test]
fn runs_writing_the_cache_at_once_agree() {
    let dir = project();
    let cold = check(dir.path(), &[], &["--no-cache"]);
    for round in 0..3 {
        // Each round changes one file so that every run has something new to write.
        fs::write(dir.path().join("team-03.okr.yaml"), team(3, &format!("company/win-smb{}", "x".repeat(round))))
            .expect("edit");
        let expected = check(dir.path(), &[], &["--no-cache"]);
        let runs: Vec<_> = (0..6)
            .map(|_| {
                let path = dir.path().to_path_buf();
                std::thread::spawn(move || check(&path, &[], &[]))
            })
            .collect();
        for run in runs {
            assert_eq!(run.join().expect("run"), expected, "round {round}");
        }
        assert_eq!(check(dir.path(), &[], &[]), expected, "round {round}: after the race");
    }
    let _ = cold;
}

/// Opens the project of `named` (files under `dir`) with the cache on, checks it, and says how many files it parsed.
fn parses(dir: &Path, named: &str) -> (usize, Vec<okrlint::diagnostic::Diagnostic>) {
    let mut projects = okrlint::project::open_projects(&[dir.join(named)], None, true).expect("the project opens");
    assert_eq!(projects.len(), 1);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 2, 16).expect("date");
    let found = projects[0].check(&okrlint::lint::Selection::default(), as_of);
    (projects[0].loads(), found)
}

/// Counted, not timed: a warm run parses the file it checks and nothing
/// else; a changed file is parsed again, alone.
#[test]
fn a_warm_run_parses_no_unchanged_file() {
    let dir = project();
    let (cold, cold_found) = parses(dir.path(), "company.okr.yaml");
    assert_eq!(cold, 21, "a cold run parses the company set and the 20 team sets it must resolve");
    let (warm, warm_found) = parses(dir.path(), "company.okr.yaml");
    assert_eq!(warm, 1, "a warm run parses only the named file");
    assert_eq!(warm_found, cold_found);
    fs::write(dir.path().join("team-03.okr.yaml"), team(3, "company/win-smbb")).expect("edit");
    let (edited, found) = parses(dir.path(), "company.okr.yaml");
    assert_eq!(edited, 2, "the named file, and the one that changed");
    assert!(found.iter().any(|d| d.code() == "OKR004"), "the changed team set's broken reference: {found:?}");
}

/// An unchanged file is known by its stamp (length, times, inode) and not
/// read again; an edit that keeps the length and puts the modification time
/// back, as `touch -d` or `cp -p` can, still changes the status-change time.
#[test]
fn an_edit_that_keeps_length_and_modification_time_is_still_seen() {
    let dir = project();
    // Stamps are trusted only for files left alone for two seconds.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (cold, cold_found) = parses(dir.path(), "company.okr.yaml");
    assert_eq!(cold, 21);
    let (warm, warm_found) = parses(dir.path(), "company.okr.yaml");
    assert_eq!((warm, &warm_found), (1, &cold_found), "a warm run parses only the named file");
    let team = dir.path().join("team-05.okr.yaml");
    let modified = fs::metadata(&team).and_then(|m| m.modified()).expect("mtime");
    let before = fs::read_to_string(&team).expect("team");
    let after = before.replace("company/win-smb", "company/win-xyz");
    assert_eq!(before.len(), after.len());
    fs::write(&team, after).expect("edit");
    fs::File::options().write(true).open(&team).and_then(|f| f.set_modified(modified)).expect("mtime back");
    assert_eq!(fs::metadata(&team).and_then(|m| m.modified()).expect("mtime"), modified);
    let (edited, found) = parses(dir.path(), "company.okr.yaml");
    assert_eq!(edited, 2, "the named file, and the one that changed");
    assert!(found.iter().any(|d| d.code() == "OKR004"), "the edited team set's broken reference: {found:?}");
}
