//! The binary as a user runs it: exit codes, stdout, stderr, and every kind of
//! bad input getting a clear, pointed diagnostic while the other files are
//! still checked.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, json_diagnostics, okrlint_in};

/// A clean set with one known warning (OKR104 at line 4), used as the
/// "other file" that must still be checked beside a broken one.
// The cycle lies in the future, so check-in habits (OKR604, OKR605) have nothing to say yet.
const WITNESS: &str = "cycle: 2099-Q1\nlevel: company\nobjectives:\n  - id: faster-value\n    title: Shorten time to value\n    key_results:\n      - id: ttv\n        title: Reduce days to first use from 3 to 1\n        owner: Growth PM\n        baseline: 3\n        target: 1\n        source: Product analytics\n";

fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    fs::write(dir.path().join("witness.okr.yaml"), WITNESS).expect("witness");
    for (name, content) in files {
        fs::write(dir.path().join(name), content).expect("write fixture");
    }
    dir
}

fn check(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json", "--as-of", "2026-02-16"];
    args.extend_from_slice(extra);
    okrlint_in(dir, &args)
}

/// (file, line, column, code) of each finding.
fn places(run: &Run) -> Vec<(String, u64, u64, String)> {
    json_diagnostics(run)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn assert_witness_checked(run: &Run) {
    assert!(
        places(run).contains(&("witness.okr.yaml".into(), 4, 5, "OKR104".into())),
        "witness not checked: {}",
        run.stdout
    );
}

fn message_at(run: &Run, file: &str, code: &str) -> String {
    json_diagnostics(run)
        .iter()
        .find(|d| d["file"] == file && d["code"] == code)
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .unwrap_or_else(|| panic!("no {code} in {file}: {}", run.stdout))
}

#[test]
fn missing_path_is_a_usage_error_naming_it() {
    let dir = project(&[]);
    let run = okrlint_in(dir.path(), &["check", "no/such/place.okr.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/place.okr.yaml"), "{}", run.stderr);
}

#[test]
fn directory_without_okr_files_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("notes.yaml"), "a: 1\n").expect("write");
    let run = okrlint_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("no OKR files found"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let json = okrlint_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.code, 0);
    assert!(json.stdout.contains("\"files\": 0"), "JSON consumers still get a document: {}", json.stdout);
}

#[test]
fn empty_file_and_wrong_top_levels() {
    let dir =
        project(&[("empty.okr.yaml", b""), ("list.okr.yaml", b"- a\n- b\n"), ("scalar.okr.yaml", b"just text\n")]);
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(message_at(&run, "empty.okr.yaml", "OKR001").contains("empty"));
    assert!(message_at(&run, "list.okr.yaml", "OKR001").contains("found a list"));
    assert!(message_at(&run, "scalar.okr.yaml", "OKR001").contains("found a string"));
    assert_witness_checked(&run);
}

#[test]
fn invalid_yaml_tabs_and_duplicate_keys_point_at_the_spot() {
    let dir = project(&[
        ("syntax.okr.yaml", b"cycle: 2026-Q1\nobjectives: [a, b\nname: x\n"),
        ("tabs.okr.yaml", b"cycle: 2026-Q1\nobjectives:\n\t- id: a\n"),
        ("dupes.okr.yaml", b"cycle: 2026-Q1\ncycle: 2026-Q2\nobjectives: []\n"),
    ]);
    let run = check(dir.path(), &[]);
    let found = places(&run);
    assert!(found.iter().any(|(f, l, _, c)| f == "syntax.okr.yaml" && *l == 3 && c == "OKR001"), "{found:?}");
    assert!(found.contains(&("tabs.okr.yaml".into(), 3, 1, "OKR001".into())), "{found:?}");
    assert!(found.contains(&("dupes.okr.yaml".into(), 2, 1, "OKR001".into())), "{found:?}");
    assert!(message_at(&run, "dupes.okr.yaml", "OKR001").contains("duplicate"));
    assert_witness_checked(&run);
}

/// Parser errors in a champion's words, with a hint, the parser's text kept as detail.
#[test]
fn yaml_syntax_errors_say_what_is_wrong_in_user_terms() {
    let dir = project(&[
        // A tab after a key on the previous line: the finding is on the tab, not at the end of the line above.
        ("tab.okr.yaml", b"cycle: 2026-Q1\nobjectives:\n  - id: a\n  \t  title: x\n"),
        ("colon.okr.yaml", b"cycle: 2026-Q1\nlevel company\nobjectives: []\n"),
        ("indent.okr.yaml", b"cycle: 2026-Q1\n  level: team\n"),
        ("quote.okr.yaml", b"cycle: 2026-Q1\nname: \"Growth\nobjectives: []\n"),
        ("bracket.okr.yaml", b"cycle: 2026-Q1\nobjectives: [a, b\nname: x\n"),
        ("dash.okr.yaml", b"cycle: 2026-Q1\nobjectives:\n  - id: a\n  id: b\n"),
    ]);
    let run = check(dir.path(), &[]);
    let expect = [
        ("tab.okr.yaml", "a tab is used for indentation", "indent with spaces"),
        ("colon.okr.yaml", "lacks the `:` after its key", "key: value"),
        ("indent.okr.yaml", "indented further than the one above", "same column"),
        ("quote.okr.yaml", "quoted text is not closed", "close the quote"),
        ("bracket.okr.yaml", "a `[` opened on line 2 is not closed", "close every `[`"),
        ("dash.okr.yaml", "list item here is indented differently", "`- `"),
    ];
    for (file, message, help) in expect {
        let diagnostic = json_diagnostics(&run)
            .into_iter()
            .find(|d| d["file"] == file && d["code"] == "OKR001")
            .unwrap_or_else(|| panic!("no OKR001 in {file}: {}", run.stdout));
        let text = diagnostic["message"].as_str().unwrap_or("");
        assert!(text.starts_with("invalid YAML: ") && text.contains(message), "{file}: {text}");
        assert!(text.contains("(the parser says: "), "{file}: {text}");
        assert!(diagnostic["help"].as_str().unwrap_or("").contains(help), "{file}: {diagnostic}");
    }
    assert!(places(&run).contains(&("tab.okr.yaml".into(), 4, 3, "OKR001".into())), "{:?}", places(&run));
}

#[test]
fn wrong_types_name_the_expected_type_and_the_rest_still_loads() {
    let text = WITNESS
        .replace("title: Shorten time to value", "title: [Shorten, time]")
        .replace("target: 1", "target: {a: 1}");
    let dir = project(&[("types.okr.yaml", text.as_bytes())]);
    let run = check(dir.path(), &[]);
    let found = places(&run);
    assert!(found.contains(&("types.okr.yaml".into(), 5, 12, "OKR001".into())), "{found:?}");
    assert!(message_at(&run, "types.okr.yaml", "OKR001").contains("must be text, found a list"));
    assert!(found.iter().any(|(f, l, _, c)| f == "types.okr.yaml" && *l == 11 && c == "OKR001"), "{found:?}");
    // The objective still loaded: its missing owner is reported.
    assert!(found.contains(&("types.okr.yaml".into(), 4, 5, "OKR104".into())), "{found:?}");
}

#[test]
fn three_unknown_keys_give_three_findings_with_suggestions() {
    let text = WITNESS
        .replace("        source:", "        basline_note: x\n        ownr: y\n        sorce_hint: z\n        source:");
    let dir = project(&[("keys.okr.yaml", text.as_bytes())]);
    let run = check(dir.path(), &["--select", "OKR002"]);
    let found = places(&run);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[1], ("keys.okr.yaml".into(), 13, 9, "OKR002".into()));
    assert!(run.stdout.contains("did you mean `owner`?"), "{}", run.stdout);
}

#[test]
fn invalid_utf8_and_binary_files() {
    let dir = project(&[
        ("latin1.okr.yaml", b"cycle: 2026-Q1\nname: Caf\xe9\nobjectives: []\n"),
        ("binary.okr.yaml", b"\x00\x01\x02PK\x03\x04"),
    ]);
    let run = check(dir.path(), &[]);
    let found = places(&run);
    assert!(found.contains(&("latin1.okr.yaml".into(), 2, 10, "OKR001".into())), "{found:?}");
    assert!(message_at(&run, "latin1.okr.yaml", "OKR001").contains("UTF-8"));
    assert!(message_at(&run, "binary.okr.yaml", "OKR001").contains("binary"));
    assert_witness_checked(&run);
}

#[test]
fn non_finite_and_huge_numbers_and_impossible_dates() {
    let text = WITNESS
        .replace("baseline: 3", "baseline: .nan")
        .replace("target: 1", "target: 1e400\n        weight: .inf\n        due: 2026-02-30");
    let dir = project(&[("numbers.okr.yaml", text.as_bytes())]);
    let run = check(dir.path(), &["--select", "OKR001"]);
    let found = places(&run);
    for (line, column) in [(10, 19), (11, 17), (12, 17), (13, 14)] {
        assert!(
            found.contains(&("numbers.okr.yaml".into(), line, column, "OKR001".into())),
            "{line}:{column} {found:?}"
        );
    }
    assert!(run.stdout.contains("not a date that exists"));
}

#[test]
fn a_set_referring_to_itself_is_a_cycle() {
    let text = WITNESS
        .replace("level: company", "name: Growth\nlevel: team")
        .replace("    key_results:", "    aligns_to: self/faster-value\n    key_results:");
    let dir = project(&[("self.okr.yaml", text.as_bytes())]);
    let run = check(dir.path(), &["--select", "OKR504"]);
    assert_eq!(places(&run), vec![("self.okr.yaml".into(), 7, 16, "OKR504".into())]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_files_are_findings_not_hangs() {
    let dir = project(&[]);
    std::os::unix::fs::symlink("loop.okr.yaml", dir.path().join("loop.okr.yaml")).expect("symlink");
    std::os::unix::fs::symlink(".", dir.path().join("subdir-loop")).expect("dir symlink");
    let fifo = dir.path().join("pipe.okr.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(message_at(&run, "loop.okr.yaml", "OKR001").contains("cannot read"));
    if made {
        assert!(message_at(&run, "pipe.okr.yaml", "OKR001").contains("not a regular file"));
    }
    assert_witness_checked(&run);
}

#[test]
fn invalid_configuration_is_a_usage_error_with_file_line_and_key() {
    let dir = project(&[]);
    fs::write(dir.path().join(".okrlint.yaml"), "rules:\n  OKR999: error\n  OKR101: loud\nlimits: {objectives: [4, 2]}\nrag: {red: 0.7, amber: 0.6}\nfail_on: sometimes\ncolour: red\n").expect("config");
    let run = okrlint_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    for expected in [
        ".okrlint.yaml:2:3: unknown rule `OKR999`",
        ".okrlint.yaml:3:11: unknown severity `loud`",
        ".okrlint.yaml:4:22: `objectives` must be a pair",
        ".okrlint.yaml:5:6: `rag` bounds",
        ".okrlint.yaml:6:10: `fail_on` must be one of",
        ".okrlint.yaml:7:1: unknown key `colour`",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in:\n{}", run.stderr);
    }
}

#[test]
fn bom_and_crlf_keep_positions_right() {
    let text =
        format!("\u{feff}{}", WITNESS.replace('\n', "\r\n").replace("owner: Growth PM", "owner: Growth PM and Ana"));
    let dir = project(&[("crlf.okr.yaml", text.as_bytes())]);
    let run = check(dir.path(), &["--select", "OKR102"]);
    let d = &json_diagnostics(&run)[0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()), (Some(9), Some(16), Some(33)));
    let human = okrlint_in(dir.path(), &["check", "--select", "OKR102", "--color", "never"]);
    assert!(human.stdout.contains("crlf.okr.yaml:9:16"), "{}", human.stdout);
    assert!(!human.stdout.contains('\r'));
}

#[test]
fn only_named_files_are_reported_but_references_resolve_across_the_project() {
    let company = WITNESS.replace("id: faster-value", "id: win-smb").replace("id: ttv", "id: activation");
    let team = WITNESS.replace("level: company", "name: Growth\nlevel: team").replace(
        "    title: Shorten time to value\n",
        "    title: Shorten time to value\n    owner: Ana Lima\n    aligns_to: company/win-smb\n",
    );
    let dir = project(&[("company.okr.yaml", company.as_bytes()), ("team.okr.yaml", team.as_bytes())]);
    let run = check(dir.path(), &["team.okr.yaml"]);
    assert_eq!(places(&run), vec![]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("\"files\": 1"));
    let broken = team.replace("company/win-smb", "company/win-smbb");
    fs::write(dir.path().join("team.okr.yaml"), broken).expect("write");
    let run = check(dir.path(), &["team.okr.yaml"]);
    assert_eq!(places(&run), vec![("team.okr.yaml".into(), 8, 16, "OKR004".into())]);
}

#[test]
fn explicit_paths_are_read_whatever_their_name() {
    let dir = project(&[("plan.yaml", WITNESS.as_bytes()), ("notes.yaml", b"a: 1\n")]);
    let run = check(dir.path(), &["plan.yaml"]);
    assert_eq!(places(&run), vec![("plan.yaml".into(), 4, 5, "OKR104".into())]);
    let run = check(dir.path(), &["notes.yaml"]);
    assert!(message_at(&run, "notes.yaml", "OKR001").contains("not an OKR file"));
}

#[test]
fn gitignore_and_exclude_are_honoured_and_exclude_holds_for_named_files() {
    let dir = project(&[]);
    fs::create_dir_all(dir.path().join("archive")).expect("dir");
    fs::create_dir_all(dir.path().join("build")).expect("dir");
    fs::write(dir.path().join("archive/old.okr.yaml"), "cycle: nonsense\nobjectives: []\n").expect("write");
    fs::write(dir.path().join("build/gen.okr.yaml"), "cycle: nonsense\nobjectives: []\n").expect("write");
    fs::write(dir.path().join(".gitignore"), "build/\n").expect("write");
    fs::write(
        dir.path().join(".okrlint.yaml"),
        "exclude: [\"archive/**\"]\nlimits: {objectives: [1, 4], key_results: [1, 4]}\n",
    )
    .expect("config");
    let run = check(dir.path(), &[]);
    assert!(places(&run).iter().all(|(f, ..)| f == "witness.okr.yaml"), "{}", run.stdout);
    // pre-commit passes every changed file: a named file under `exclude` is skipped, with a note.
    let run = check(dir.path(), &["archive/old.okr.yaml", "witness.okr.yaml"]);
    assert!(places(&run).iter().all(|(f, ..)| f == "witness.okr.yaml"), "{}", run.stdout);
    assert!(run.stderr.contains("archive/old.okr.yaml skipped: it matches `exclude`"), "{}", run.stderr);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = check(dir.path(), &["build"]);
    assert!(places(&run).iter().any(|(f, ..)| f == "build/gen.okr.yaml"), "a named directory is read: {}", run.stdout);
}

#[test]
fn machine_local_excludes_do_not_hide_files_so_every_machine_finds_the_same() {
    // A user's global excludes (core.excludesFile, ~/.config/git/ignore) and
    // the clone's .git/info/exclude are not in the repository: CI has neither.
    let dir = project(&[]);
    fs::create_dir_all(dir.path().join(".git/info")).expect("dir");
    fs::write(dir.path().join(".git/info/exclude"), "witness.okr.yaml\n").expect("write");
    let home = tempfile::tempdir().expect("home");
    fs::create_dir_all(home.path().join(".config/git")).expect("dir");
    fs::write(home.path().join(".config/git/ignore"), "*.okr.yaml\n").expect("write");
    fs::write(home.path().join(".gitconfig"), "[core]\n\texcludesFile = ~/.config/git/ignore\n").expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(["check", "--format", "concise", "--as-of", "2026-02-16"])
        .current_dir(dir.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("witness.okr.yaml:4:"), "the witness is checked: {stdout}");
}

#[test]
fn selection_fail_level_exit_zero_and_statistics() {
    let dir = project(&[]);
    let warn_only = okrlint_in(dir.path(), &["check"]);
    assert_eq!(warn_only.code, 0, "a warning does not fail by default");
    assert!(warn_only.stdout.ends_with("Found 0 errors, 1 warning in 1 file.\n"), "{}", warn_only.stdout);
    assert_eq!(okrlint_in(dir.path(), &["check", "--fail-on", "warning"]).code, 1);
    assert_eq!(okrlint_in(dir.path(), &["check", "--fail-on", "warning", "--exit-zero"]).code, 0);
    assert_eq!(
        okrlint_in(dir.path(), &["check", "--ignore", "objective-owner-missing", "--fail-on", "warning"]).code,
        0
    );
    assert_eq!(okrlint_in(dir.path(), &["check", "--select", "OKR2", "--fail-on", "warning"]).code, 0);
    let stats = okrlint_in(dir.path(), &["check", "--statistics"]);
    assert_eq!(stats.stdout, "1\tOKR104\tobjective-owner-missing\n");
    let stats = okrlint_in(dir.path(), &["check", "--statistics", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&stats.stdout).expect("JSON statistics");
    assert_eq!(document["version"], 1);
    assert_eq!(document["statistics"][0]["code"], "OKR104");
    assert_eq!(document["statistics"][0]["count"], 1);
    assert_eq!(document["summary"]["warnings"], 1);
    let bad_select = okrlint_in(dir.path(), &["check", "--select", "OKR9"]);
    assert_eq!(bad_select.code, 2);
    fs::write(
        dir.path().join(".okrlint.yaml"),
        "rules: {objective-owner-missing: error}\nlimits: {objectives: [1, 4], key_results: [1, 4]}\n",
    )
    .expect("config");
    assert_eq!(okrlint_in(dir.path(), &["check"]).code, 1, "configured severity applies");
}

#[test]
fn suppressions_with_and_without_reason() {
    let with_reason = WITNESS.replace(
        "  - id: faster-value",
        "  # okrlint: allow OKR104 -- the sponsor owns it this quarter\n  - id: faster-value",
    );
    let dir = project(&[]);
    fs::write(dir.path().join("witness.okr.yaml"), &with_reason).expect("write");
    let run = check(dir.path(), &[]);
    let d = json_diagnostics(&run);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["suppressed"], true);
    assert!(run.stdout.contains("\"suppressed\": 1"));
    let without =
        WITNESS.replace("  - id: faster-value", "  - id: faster-value # okrlint: allow objective-owner-missing");
    fs::write(dir.path().join("witness.okr.yaml"), without).expect("write");
    let run = check(dir.path(), &[]);
    assert_eq!(
        places(&run),
        vec![("witness.okr.yaml".into(), 4, 5, "OKR104".into()), ("witness.okr.yaml".into(), 4, 22, "OKR006".into())]
    );
    assert_eq!(json_diagnostics(&run)[0]["suppressed"], true);
}

#[test]
fn terminal_control_characters_never_reach_the_terminal() {
    let hostile = WITNESS.replace("title: Shorten time to value", "title: \"Shorten \\e[31mtime\\u202e TODO\"");
    let dir = project(&[("hostile.okr.yaml", hostile.as_bytes())]);
    for format in ["human", "concise"] {
        let run = okrlint_in(dir.path(), &["check", "--format", format, "--color", "never"]);
        assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{202e}'), "{format}: {:?}", run.stdout);
        assert!(run.stdout.contains("TODO"));
    }
}

#[test]
fn colour_follows_flags_and_environment() {
    let dir = project(&[]);
    let plain = okrlint_in(dir.path(), &["check"]);
    assert!(!plain.stdout.contains('\u{1b}'), "no colour when not a terminal");
    let always = okrlint_in(dir.path(), &["check", "--color", "always"]);
    assert!(always.stdout.contains('\u{1b}'));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(["check"])
        .current_dir(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains('\u{1b}'), "CLICOLOR_FORCE forces colour");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(["check"])
        .current_dir(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{1b}'), "NO_COLOR wins over CLICOLOR_FORCE");
}

#[test]
fn output_file_is_written_once_and_not_overwritten_without_force() {
    let dir = project(&[]);
    let run = okrlint_in(dir.path(), &["check", "--format", "concise", "--output", "report.txt"]);
    assert_eq!(run.code, 0);
    let written = fs::read_to_string(dir.path().join("report.txt")).expect("written");
    assert!(written.starts_with("witness.okr.yaml:4:5: warning[OKR104]"));
    let again = okrlint_in(dir.path(), &["check", "--output", "report.txt"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"));
    assert_eq!(okrlint_in(dir.path(), &["check", "--output", "report.txt", "--force"]).code, 0);
}

/// SPEC §4: a symlink at the output path is refused, with or without
/// --force (tests/security.rs tries every way round); a replaced file keeps
/// its permissions; a FIFO or device is written directly; a failed write is
/// exit 2 with the path and the reason.
#[cfg(unix)]
#[test]
fn output_refuses_links_keeps_permissions_and_writes_devices_directly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[]);
    let real = dir.path().join("real.txt");
    fs::write(&real, "old\n").expect("real");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).expect("chmod");
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).expect("symlink");
    for force in [false, true] {
        let mut args = vec!["check", "--format", "concise", "--output", "link.txt"];
        if force {
            args.push("--force");
        }
        let run = okrlint_in(dir.path(), &args);
        assert_eq!(run.code, 2, "a link is refused (force: {force})");
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert_eq!(fs::read_to_string(&real).expect("target"), "old\n", "the target is untouched");
    }
    let run = okrlint_in(dir.path(), &["check", "--format", "concise", "--output", "real.txt", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fs::read_to_string(&real).expect("replaced").contains("warning[OKR104]"), "the file is replaced");
    assert_eq!(fs::metadata(&real).expect("meta").permissions().mode() & 0o777, 0o600, "permissions kept");
    let temporaries: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temporaries.is_empty(), "no temporary file left: {temporaries:?}");

    // A FIFO is written into, not replaced by a plain file.
    let fifo = dir.path().join("pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).expect("read the fifo"))
    };
    let run = okrlint_in(dir.path(), &["check", "--format", "concise", "--output", "pipe.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(reader.join().expect("reader").contains("warning[OKR104]"));
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).expect("fifo").file_type().is_fifo(), "still a FIFO");

    // /dev/stdout is standard output; /dev/full fails with the path and the reason.
    let run = okrlint_in(dir.path(), &["check", "--format", "concise", "--output", "/dev/stdout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("warning[OKR104]"), "{}", run.stdout);
    let run = okrlint_in(dir.path(), &["check", "--output", "/dev/full"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/dev/full") && run.stderr.contains("No space left"), "{}", run.stderr);
    // A folder that cannot be written: exit 2 naming the path.
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("dir");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).expect("chmod");
    let run = okrlint_in(dir.path(), &["check", "--output", "locked/out.txt"]);
    let root = run.code == 0; // running as root ignores permissions
    if !root {
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("locked/out.txt"), "{}", run.stderr);
    }
    let run = okrlint_in(dir.path(), &["check", "--output", "locked"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("directory"), "{}", run.stderr);
}

#[test]
fn output_is_deterministic() {
    let root = common::repo();
    let first =
        okrlint_in(&root, &["check", "fixtures/playbook/anti-patterns", "--format", "json", "--as-of", "2026-02-16"]);
    for _ in 0..3 {
        let again = okrlint_in(
            &root,
            &["check", "fixtures/playbook/anti-patterns", "--format", "json", "--as-of", "2026-02-16"],
        );
        assert_eq!(first.stdout, again.stdout);
    }
}

#[test]
fn rules_and_explain_commands() {
    let root = common::repo();
    let rules = okrlint_in(&root, &["rules"]);
    assert_eq!(rules.code, 0);
    assert!(rules.stdout.contains("OKR504") && rules.stdout.contains("alignment-cycle"));
    let unknown = okrlint_in(&root, &["explain", "OKR10"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean"), "{}", unknown.stderr);
}

#[test]
fn bad_as_of_is_a_usage_error() {
    let dir = project(&[]);
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-30"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--as-of"));
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused_quickly() {
    let mut bomb = String::from("cycle: 2026-Q1\nlevel: company\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("objectives: []\n");
    let deep_lists = format!("cycle: 2026-Q1\nobjectives: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let mut deep_maps = String::from("cycle: 2026-Q1\nobjectives:\n");
    for depth in 0..10_000 {
        deep_maps.push_str(&format!("{}k:\n", " ".repeat(depth + 1)));
    }
    let dir = project(&[
        ("bomb.okr.yaml", bomb.as_bytes()),
        ("lists.okr.yaml", deep_lists.as_bytes()),
        ("maps.okr.yaml", deep_maps.as_bytes()),
    ]);
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(message_at(&run, "bomb.okr.yaml", "OKR001").contains("too many nodes"));
    assert!(message_at(&run, "lists.okr.yaml", "OKR001").contains("deeper"));
    assert!(message_at(&run, "maps.okr.yaml", "OKR001").contains("deeper"));
    assert_witness_checked(&run);
}

#[test]
fn paths_from_different_projects_are_each_linted_in_their_own_project() {
    let root = common::repo();
    let run = okrlint_in(
        &root,
        &[
            "check",
            "fixtures/playbook/gold/growth.okr.yaml",
            "fixtures/playbook/anti-patterns/sales.okr.yaml",
            "--format",
            "json",
            "--as-of",
            "2026-02-16",
            // The anti-pattern sets have no check-in logs: their habits are not the point here.
            "--ignore",
            "OKR604,OKR605",
        ],
    );
    let found = places(&run);
    // Gold's references resolve inside gold; the anti-pattern file keeps only its own findings.
    assert!(found.iter().all(|(f, ..)| f == "fixtures/playbook/anti-patterns/sales.okr.yaml"), "{found:?}");
    let codes: Vec<&str> = found.iter().map(|(.., c)| c.as_str()).collect();
    assert_eq!(codes, vec!["OKR301", "OKR504", "OKR004"]);
    assert!(run.stdout.contains("\"files\": 2"));
}

#[test]
fn oversized_files_are_refused_without_reading_them() {
    let dir = project(&[]);
    let big = fs::File::create(dir.path().join("huge.okr.yaml")).expect("create");
    big.set_len(100 * 1024 * 1024).expect("sparse 100 MB file");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(message_at(&run, "huge.okr.yaml", "OKR001").contains("over the 64 MB limit"));
    assert_witness_checked(&run);
}

#[test]
fn config_option_replaces_the_project_configuration() {
    let dir = project(&[]);
    fs::write(
        dir.path().join("quiet.yaml"),
        "rules: {OKR104: off}\nlimits: {objectives: [1, 4], key_results: [1, 4]}\n",
    )
    .expect("write");
    let run = check(dir.path(), &["--config", "quiet.yaml"]);
    assert_eq!(places(&run), vec![]);
    let missing = okrlint_in(dir.path(), &["check", "--config", "nope.yaml"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nope.yaml"));
}

#[test]
fn okr001_is_never_off() {
    let broken = b"cycle: [\n";
    let dir = project(&[("broken.okr.yaml", broken)]);
    for extra in [&["--select", "OKR1"][..], &["--ignore", "OKR001"], &["--ignore", "ALL"], &["--select", "OKR501"]] {
        let run = check(dir.path(), extra);
        assert_eq!(run.code, 1, "{extra:?}: {}", run.stdout);
        assert!(places(&run).contains(&("broken.okr.yaml".into(), 1, 8, "OKR001".into())), "{extra:?}: {}", run.stdout);
    }
    // A suppression does not hide it either.
    fs::write(dir.path().join("broken.okr.yaml"), "# okrlint: allow OKR001 -- trust me\ncycle: [\n").expect("write");
    let run = check(dir.path(), &["--select", "OKR001"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(json_diagnostics(&run).iter().all(|d| d["suppressed"] == false), "{}", run.stdout);
    // Nor a configuration: one that tries is invalid, naming the spot.
    for setting in ["off", "warning", "info"] {
        fs::write(dir.path().join(".okrlint.yaml"), format!("rules:\n  parse-error: {setting}\n")).expect("config");
        let run = check(dir.path(), &[]);
        assert_eq!(run.code, 2, "{setting}: {}", run.stderr);
        assert!(run.stderr.contains(".okrlint.yaml:2:16") && run.stderr.contains("always on"), "{}", run.stderr);
    }
    fs::write(dir.path().join(".okrlint.yaml"), "rules: {OKR001: error}\n").expect("config");
    assert_eq!(check(dir.path(), &[]).code, 1);
}

#[test]
fn a_full_disk_is_an_error_and_a_closed_pipe_is_not() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = project(&[]);
    let full = fs::File::create("/dev/full").expect("/dev/full");
    let output = Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(["check", "--format", "concise"])
        .current_dir(dir.path())
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write to standard output") && stderr.contains("No space left"), "{stderr}");
    // `okrlint check | head -1`: the reader goes away after one line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(["explain", "OKR504"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
    let output = child.wait_with_output().expect("ends");
    assert!(first.starts_with("OKR504"), "{first}");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_named_configuration_is_validated_not_linted() {
    let dir = project(&[]);
    // pre-commit passes the changed configuration with the OKR files.
    let run = check(dir.path(), &[".okrlint.yaml", "witness.okr.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(places(&run).iter().all(|(f, ..)| f == "witness.okr.yaml"), "{}", run.stdout);
    assert!(run.stderr.contains(".okrlint.yaml is a configuration file"), "{}", run.stderr);
    fs::write(
        dir.path().join(".okrlint.yaml"),
        "limits: {objectives: [1]}
fail_on: sometimes
",
    )
    .expect("config");
    let run = check(dir.path(), &[".okrlint.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("invalid configuration") && run.stderr.contains(".okrlint.yaml:2"), "{}", run.stderr);
    // Another folder's configuration, named with --config in force, is validated too.
    fs::create_dir_all(dir.path().join("other")).expect("dir");
    fs::write(dir.path().join("other/.okrlint.yaml"), "nonsense: 1\n").expect("config");
    fs::write(dir.path().join("good.yaml"), "cadence: weekly\n").expect("config");
    let run = check(dir.path(), &["--config", "good.yaml", "other/.okrlint.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("nonsense"), "{}", run.stderr);
}

#[test]
fn config_option_says_what_is_wrong_with_the_path() {
    let dir = project(&[]);
    let run = check(dir.path(), &["--config", "/tmp"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
    let run = check(dir.path(), &["--config", "no-such.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    // An empty file is a valid, empty configuration (the defaults).
    let run = check(dir.path(), &["--config", "/dev/null"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The default limits apply again: the one-objective witness is under them.
    assert!(places(&run).iter().any(|(f, _, _, code)| f == "witness.okr.yaml" && code == "OKR301"), "{}", run.stdout);
}

#[test]
fn a_key_that_is_a_fields_value_suggests_that_field() {
    let set = WITNESS.replace(
        "        source: Product analytics\n",
        "        source: Product analytics\n        leading: yes\n        Daily: true\n        lerning: typo\n",
    );
    let dir = project(&[("values.okr.yaml", set.as_bytes())]);
    let run = check(dir.path(), &["--select", "OKR002", "values.okr.yaml"]);
    let messages: Vec<String> =
        json_diagnostics(&run).iter().map(|d| d["message"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(
        messages,
        vec![
            "unknown key `leading` in a key result; did you mean `signal: leading`?",
            "unknown key `Daily` in a key result; did you mean `refresh: daily`?",
            "unknown key `lerning` in a key result; did you mean `learning`?",
        ],
        "{}",
        run.stdout
    );
}

/// A finding past column 65,535 (a minified or generated file) still shows in
/// human output, with the line cut to a window around it; the header counts
/// characters, as concise and JSON do.
#[test]
fn human_output_shows_findings_on_huge_lines_and_counts_characters() {
    let long = "x".repeat(70_000);
    let minified = format!(
        "{{cycle: 2026-Q1, level: company, name: \"{long}\", objectives: [{{id: a, title: Grow, zzz: 1, key_results: []}}]}}\n"
    );
    let accents =
        "cycle: 2026-Q1\nlevel: company\nname: \"Café crème\"\nobjectives: [{id: a, title: \"Café crème\", zzz: 1}]\n";
    let dir = project(&[("min.okr.yaml", minified.as_bytes()), ("cafe.okr.yaml", accents.as_bytes())]);
    let human = okrlint_in(dir.path(), &["check", "--select", "OKR002", "--color", "never"]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(!human.stderr.contains("internal error"), "{}", human.stderr);
    let concise = okrlint_in(dir.path(), &["check", "--select", "OKR002", "--format", "concise"]);
    for line in concise.stdout.lines().filter(|l| l.contains("OKR002")) {
        // `file:line:col: …` in concise is `[file:line:col]` in the human header.
        let place: Vec<&str> = line.splitn(4, ':').take(3).collect();
        let header = format!("[{}]", place.join(":"));
        assert!(human.stdout.contains(&header), "{header} not in human output:\n{}", human.stdout);
    }
    assert!(concise.stdout.contains("cafe.okr.yaml:4:43: error[OKR002]"), "{}", concise.stdout);
    assert!(concise.stdout.contains("min.okr.yaml:1:70078: error[OKR002]"), "{}", concise.stdout);
    // The long line is shown cut, around the finding, and short.
    let shown = human.stdout.lines().find(|l| l.contains("title: Grow, zzz: 1")).expect("the snippet line");
    assert!(shown.contains('…') && shown.chars().count() < 300, "{shown}");
    assert!(human.stdout.lines().all(|l| l.chars().count() < 400), "no 70,000-character line");
}

/// Human output wraps at the terminal's width when it is a terminal (here a
/// pseudo-terminal from `script`), and not at all when it is not.
#[test]
#[ignore = "needs script (util-linux) for a pseudo-terminal"]
fn human_output_wraps_at_the_terminal_width_and_only_on_a_terminal() {
    let dir = project(&[]);
    let bin = env!("CARGO_BIN_EXE_okrlint");
    let on_terminal = |columns: &str| {
        let output = std::process::Command::new("script")
            .args(["-qec", &format!("{bin} check --color never"), "/dev/null"])
            .current_dir(dir.path())
            .env("COLUMNS", columns)
            .env_remove("NO_COLOR")
            .output()
            .expect("script runs (apt-get install bsdutils)");
        String::from_utf8_lossy(&output.stdout).replace('\r', "")
    };
    let narrow = on_terminal("60");
    assert!(narrow.contains("OKR104"), "{narrow}");
    assert!(narrow.lines().all(|l| l.chars().count() <= 60), "wrapped at 60:\n{narrow}");
    let wide = on_terminal("200");
    let help =
        |text: &str| text.lines().filter(|l| l.trim_start().starts_with("help:")).map(str::len).max().unwrap_or(0);
    assert!(help(&wide) > 60, "not wrapped at 200:\n{wide}");
    // Not a terminal: never wrapped, whatever COLUMNS says.
    let piped = okrlint_in(dir.path(), &["check", "--color", "never"]);
    assert_eq!(help(&piped.stdout), help(&wide), "{}", piped.stdout);
}

/// OKR008 judges a suppression by what the other rules found, project-wide
/// ones included; a rule that did not run is not judged; codes match in any case.
#[test]
fn unused_suppressions_are_judged_by_what_ran() {
    let team = "cycle: 2026-Q1\nlevel: team\nname: Team\nobjectives:\n  - id: grow\n    title: Grow the partner channel\n    owner: Ana Lima\n    # okrlint: allow OKR004 -- the company set lands next week\n    aligns_to: company/nothing-yet\n    key_results:\n      # okrlint: allow okr201 -- first count in week 2\n      - id: k\n        title: Raise partner deals from 3 to 9\n        owner: Ana Lima\n        target: 9\n        source: CRM\n";
    let dir = project(&[("team.okr.yaml", team.as_bytes())]);
    // Only the team file named (as pre-commit does): OKR004 is project-wide and still counts.
    let run = check(dir.path(), &["team.okr.yaml"]);
    assert!(!places(&run).iter().any(|(_, _, _, c)| c == "OKR008"), "{}", run.stdout);
    assert_eq!(json_diagnostics(&run).iter().filter(|d| d["suppressed"] == true).count(), 2, "{}", run.stdout);
    // With OKR004 not selected, its suppression is not judged; the used one stays quiet too.
    let run = check(dir.path(), &["team.okr.yaml", "--ignore", "OKR004"]);
    assert!(!places(&run).iter().any(|(_, _, _, c)| c == "OKR008"), "{}", run.stdout);
    // Once the KR has its baseline, the comment hides nothing and says so.
    let fixed = team.replace("        target: 9\n", "        baseline: 3\n        target: 9\n");
    fs::write(dir.path().join("team.okr.yaml"), fixed).expect("write");
    let run = check(dir.path(), &["team.okr.yaml"]);
    assert!(places(&run).contains(&("team.okr.yaml".into(), 11, 24, "OKR008".into())), "{}", run.stdout);
    assert!(message_at(&run, "team.okr.yaml", "OKR008").contains("OKR201 (missing-baseline) reports nothing"));
    // Found by fuzzing: a reason written without `--` is one finding, not one per word
    // (and a word repeated in it was reported twice).
    let reason = team.replace(
        "# okrlint: allow OKR004 -- the company set lands next week",
        "# okrlint: allow OKR004 -signal: - the company set lands the next week",
    );
    fs::write(dir.path().join("team.okr.yaml"), reason).expect("write");
    let run = check(dir.path(), &["team.okr.yaml"]);
    let unused: Vec<_> = json_diagnostics(&run).into_iter().filter(|d| d["code"] == "OKR008").collect();
    assert_eq!(unused.len(), 1, "{}", run.stdout);
    assert!(unused[0]["message"].as_str().unwrap_or("").contains("`-signal:` is not a rule code"), "{}", run.stdout);
}

/// Owners are split only where one person ends and another begins (issue 14, item 4).
#[test]
fn shared_owners_are_people_not_roles_suffixes_or_surnames_first() {
    let owners = [
        ("Head of Sales and Marketing", false),
        ("VP, Sales", false),
        ("Ana Lima, PhD", false),
        ("Lima, Ana", false),
        ("Director of Research & Development", false),
        ("Sam Ortiz Jr.", false),
        ("Ana or Bob", true),
        ("Ana+Bob", true),
        ("Ana Lima, Bob Stone", true),
        ("CTO and CFO", true),
    ];
    let mut text = String::from(
        "cycle: 2026-Q1\nlevel: team\nname: Owners\nobjectives:\n  - id: o\n    title: Grow the partner channel\n    owner: Ana Lima\n    key_results:\n",
    );
    for (i, (owner, _)) in owners.iter().enumerate() {
        text.push_str(&format!(
            "      - id: k{i}\n        title: Raise partner deals from 3 to 9\n        owner: \"{owner}\"\n        baseline: 3\n        target: 9\n        source: CRM\n"
        ));
    }
    let dir = project(&[("owners.okr.yaml", text.as_bytes())]);
    let run = check(dir.path(), &["owners.okr.yaml", "--select", "OKR102,OKR103"]);
    let shared: Vec<u64> =
        json_diagnostics(&run).iter().filter(|d| d["code"] == "OKR102").filter_map(|d| d["line"].as_u64()).collect();
    for (i, (owner, several)) in owners.iter().enumerate() {
        let line = 11 + 6 * i as u64;
        assert_eq!(shared.contains(&line), *several, "{owner} (line {line}): {}", run.stdout);
    }
    assert!(!json_diagnostics(&run).iter().any(|d| d["code"] == "OKR103"), "{}", run.stdout);
}

/// `okrlint completions SHELL` prints a script for each shell clap knows, naming
/// the subcommands and the format values; the bash one is valid bash.
#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = common::okrlint(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["check", "explain", "rules", "format"] {
            assert!(run.stdout.contains(word), "{shell} completion lacks {word}");
        }
        if matches!(shell, "bash" | "zsh" | "fish") {
            assert!(run.stdout.contains("sarif"), "{shell} completes --format's values");
        }
    }
    let bash = common::okrlint(&["completions", "bash"]).stdout;
    let mut child =
        std::process::Command::new("bash").arg("-n").stdin(std::process::Stdio::piped()).spawn().expect("bash runs");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(bash.as_bytes()).expect("write");
    assert!(child.wait().expect("bash ends").success(), "the bash script parses");
    assert_eq!(common::okrlint(&["completions", "tcsh"]).code, 2, "an unknown shell is a usage error");
}
