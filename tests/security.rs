//! okrlint runs in CI on pull requests whose files an attacker wrote (SPEC §5
//! "Safety of output", "Safety in CI"; SECURITY.md). Each attack that was
//! tried against the release binary is a test here, run against the built
//! binary the way CI runs it: no command runs, no file outside the places
//! okrlint is told to write changes, no file outside the project is read,
//! and no planted CI command reaches any output.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Run, okrlint_in};

const GOLD: &str = "fixtures/playbook/gold";

/// A project holding the gold fixture's files and an empty configuration.
fn gold_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(common::repo().join(GOLD)).expect("gold").flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".yaml") {
            fs::copy(entry.path(), dir.path().join(&name)).expect("copy");
        }
    }
    fs::write(dir.path().join(".okrlint.yaml"), "").expect("config");
    dir
}

/// Whether a CI runner would act on a line: GitHub on `::` at its start
/// (after spaces) and `##[` anywhere, Azure on `##vso[`, TeamCity on `##teamcity[`.
fn acts(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    line.trim_start().starts_with("::")
        || lower.contains("##[")
        || lower.contains("##vso[")
        || lower.contains("##teamcity[")
}

/// Fails when any line of the run's stdout or stderr could start a CI command.
/// `own`: okrlint's own workflow commands (the `github` format) are allowed,
/// and checked to be well formed: `::level file=…::` with the data on one line.
fn assert_no_planted_command(run: &Run, what: &str, own: bool) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        // Every line break a log viewer honours.
        for line in text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            if own && stream == "stdout" && line.starts_with("::") {
                let command = line.split("::").nth(1).unwrap_or_default();
                assert!(
                    ["error ", "warning ", "notice "].iter().any(|level| command.starts_with(level)),
                    "{what}: a workflow command okrlint did not write: {line}"
                );
                assert!(!line.to_ascii_lowercase().contains("##["), "{what}: {line}");
                continue;
            }
            assert!(!acts(line), "{what}: {stream} holds a line a CI runner acts on: {line:?}");
            assert!(!line.contains('\u{1b}'), "{what}: {stream} holds a raw escape: {line:?}");
            assert!(
                !line.chars().any(|c| matches!(c, '\u{7}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
                "{what}: {stream} holds a raw control or bidi character: {line:?}"
            );
        }
    }
}

/// A title, owner or key holding every trick: a line break then a workflow
/// command, `##[` (GitHub's old form), Azure's and TeamCity's, a bell, an
/// escape sequence and a bidi override.
const HOSTILE: &str = "Grow\\n::error file=x::forged ##[error]old ##vso[task.complete]az ##teamcity[message] \\u0007\\u001b[31m\\u202Egnp.exe\\u2028::warning::sep";

#[test]
fn no_planted_ci_command_reaches_any_output() {
    let dir = gold_project();
    // A hostile title, owner and check-in insight, in YAML double quotes so the escapes are real characters.
    let growth = fs::read_to_string(dir.path().join("growth.okr.yaml")).expect("growth");
    let growth = growth
        .replacen(
            "title: Shorten time to value for new SMB customers",
            &format!("title: \"Shorten time to value {HOSTILE}\""),
            1,
        )
        .replacen("owner: Growth PM", &format!("owner: \"Growth PM {HOSTILE}\""), 1);
    assert!(growth.contains(HOSTILE), "the fixture changed: update this test");
    fs::write(dir.path().join("growth.okr.yaml"), growth).expect("write");
    // A file whose name holds a line break and a workflow command, with a finding in it.
    let name = "x\n::error::forged\u{2028}##[warning]old.okr.yaml";
    fs::write(dir.path().join(name), "cycle: 2026-Q1\nname: X\nobjectives: []\n").expect("hostile name");
    // An unknown key in a hostile spelling, on a set with a numbered objective.
    let support = "id: support\ncycle: 2026-Q1\nname: Support\n\"::error::k ##[x]\": 1\nobjectives: []\n";
    fs::write(dir.path().join("support.okr.yaml"), support).expect("support");

    for format in ["human", "concise", "json", "sarif", "github", "gitlab", "junit"] {
        let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--format", format, "--color", "never"]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("OKR002") || format == "gitlab" || format == "sarif", "{format}");
        assert_no_planted_command(&run, &format!("check --format {format}"), format == "github");
    }
    let stats = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--statistics"]);
    assert_no_planted_command(&stats, "check --statistics", false);
    for format in ["table", "json", "csv", "markdown"] {
        let run = okrlint_in(dir.path(), &["score", "--as-of", "2026-02-16", "--format", format, "--color", "never"]);
        assert!(run.stdout.contains("Growth PM"), "score --format {format}: {}", run.stdout);
        assert_no_planted_command(&run, &format!("score --format {format}"), false);
    }
    for format in ["markdown", "html", "json"] {
        let run = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-16", "--format", format]);
        assert!(run.stdout.contains("Shorten time to value"), "report --format {format}");
        assert_no_planted_command(&run, &format!("report --format {format}"), false);
    }
    // Structured formats still carry the text exactly, once decoded.
    let json = okrlint_in(dir.path(), &["score", "--as-of", "2026-02-16", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let owner = value["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["objectives"].as_array().cloned().unwrap_or_default())
        .flat_map(|o| o["key_results"].as_array().cloned().unwrap_or_default())
        .find_map(|k| k["owner"].as_str().filter(|o| o.starts_with("Growth PM ")).map(str::to_string));
    let expected: String = serde_json::from_str(&format!("\"Growth PM {HOSTILE}\"")).expect("decode");
    assert_eq!(owner.as_deref(), Some(expected.as_str()));
}

#[test]
fn csv_shows_controls_escaped_and_keeps_its_formula_guard() {
    let dir = gold_project();
    let growth = fs::read_to_string(dir.path().join("growth.okr.yaml")).expect("growth");
    let growth =
        growth.replacen("owner: Growth PM", "owner: \"=HYPERLINK(x)\\u0007\\u001b]0;t\\u202E\\r\\n::error::y\"", 1);
    fs::write(dir.path().join("growth.okr.yaml"), growth).expect("write");
    let run = okrlint_in(dir.path(), &["score", "--as-of", "2026-02-16", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_no_planted_command(&run, "score --format csv", false);
    let row = run.stdout.lines().find(|l| l.contains("HYPERLINK")).expect("the row");
    assert!(row.contains("'=HYPERLINK(x)\\u{7}\\u{1b}]0;t\\u{202e}\\r\\n::error::y"), "{row}");
    // Every record keeps the header's number of fields: no raw line break split a row.
    let fields = |line: &str| line.split(',').count();
    let header = run.stdout.lines().next().map(fields).unwrap_or_default();
    assert!(run.stdout.lines().all(|l| fields(l) >= header), "{}", run.stdout);
}

#[test]
fn configuration_errors_show_hostile_keys_escaped() {
    let dir = gold_project();
    fs::write(
        dir.path().join(".okrlint.yaml"),
        "\"::add-mask::x ##[stop-commands]tok\\nx\": 1\nrules: {\"##vso[y]\": off}\n",
    )
    .expect("config");
    let run = okrlint_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unknown"), "{}", run.stderr);
    assert_no_planted_command(&run, "an invalid configuration", false);
    // The --since value and paths come from the command line of a workflow: escaped too.
    let run = okrlint_in(dir.path(), &["check", "--since", "##[error]x\n::error::y"]);
    assert_eq!(run.code, 2);
    assert_no_planted_command(&run, "--since", false);
    let run = okrlint_in(dir.path(), &["check", "::error::missing\n##[x]"]);
    assert_eq!(run.code, 2);
    assert_no_planted_command(&run, "a missing path", false);
}

#[test]
fn a_set_id_from_a_file_name_follows_the_id_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "").expect("config");
    let set = "cycle: 2026-Q1\nname: X\nobjectives: []\n";
    fs::write(dir.path().join("Team\n::error::x.okr.yaml"), set).expect("set");
    let run = okrlint_in(dir.path(), &["check", "--format", "json", "--select", "OKR001"]);
    assert_eq!(run.code, 1);
    let found = common::json_diagnostics(&run);
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("file name does not make one") && message.contains("\\n"), "{message}");
    assert!(found[0]["help"].as_str().unwrap_or_default().contains("add `id:"), "{found:?}");
    assert_no_planted_command(&run, "an id from a file name", false);
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_project_is_not_read() {
    let outside = tempfile::tempdir().expect("outside");
    let secret = outside.path().join("secret.okr.yaml");
    fs::write(&secret, "TOKEN=hunter2-do-not-leak: [\n").expect("secret");
    let dir = gold_project();
    std::os::unix::fs::symlink(&secret, dir.path().join("leak.okr.yaml")).expect("link");
    // A folder linked out of the project: what it holds is not read either.
    fs::create_dir(outside.path().join("okrs")).expect("okrs");
    fs::write(outside.path().join("okrs/more.okr.yaml"), "TOKEN=hunter2-do-not-leak: [\n").expect("more");
    std::os::unix::fs::symlink(outside.path().join("okrs"), dir.path().join("linked")).expect("dir link");
    for args in [
        vec!["check", "--as-of", "2026-02-16"],
        vec!["check", "--as-of", "2026-02-16", "leak.okr.yaml"],
        vec!["check", "--as-of", "2026-02-16", "linked/more.okr.yaml"],
        vec!["check", "--as-of", "2026-02-16", "linked"],
        vec!["score", "--as-of", "2026-02-16", "leak.okr.yaml"],
    ] {
        let run = okrlint_in(dir.path(), &args);
        assert!(!run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"), "{args:?}: {}", run.stdout);
        if args[0] == "check" && args.len() > 3 && args[3] != "linked" || args.len() == 3 {
            assert_eq!(run.code, 1, "{args:?}: {}{}", run.stdout, run.stderr);
            assert!(run.stdout.contains("a symbolic link leads out of the project"), "{args:?}: {}", run.stdout);
        }
    }
    // A link that stays inside the project is read as usual.
    fs::remove_file(dir.path().join("leak.okr.yaml")).expect("unlink");
    fs::create_dir(dir.path().join("sets")).expect("sets");
    std::os::unix::fs::symlink("../growth.okr.yaml", dir.path().join("sets/alias.okr.yaml")).expect("inner link");
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--format", "concise", "sets/alias.okr.yaml"]);
    assert!(!run.stdout.contains("leads out of the project"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn pipes_are_never_read_as_okr_or_cache_files() {
    let dir = gold_project();
    let fifo = dir.path().join("hang.okr.yaml");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    // A cache file that is a FIFO: every name the cache could have is one.
    let cache = dir.path().join(".okrlint_cache");
    fs::create_dir(&cache).expect("cache");
    let first = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--format", "concise"]);
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert!(first.stdout.contains("hang.okr.yaml:1:1: error[OKR001] not a regular file"), "{}", first.stdout);
    for entry in fs::read_dir(&cache).expect("list").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            fs::remove_file(&path).expect("remove");
            assert!(Command::new("mkfifo").arg(&path).status().expect("mkfifo").success());
        }
    }
    // Were a FIFO opened, this run would wait for a writer for ever.
    let again = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--format", "concise"]);
    assert_eq!(again.stdout, first.stdout);
}

#[test]
fn a_folder_that_cannot_be_read_fails_the_run() {
    let dir = gold_project();
    // Too long a path to open (the kernel's limit is 4,096 bytes), made one folder at a time.
    let script = "set -e; n=$(printf 'd%.0s' $(seq 200)); for i in $(seq 22); do mkdir \"$n\"; cd \"$n\"; done; echo 'x: 1' > deep.okr.yaml";
    let made = Command::new("bash").args(["-c", script]).current_dir(dir.path()).status().expect("sh");
    assert!(made.success());
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--format", "concise"]);
    assert_eq!(run.code, 1, "an unreadable folder must fail the run: {}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("error[OKR001] cannot read"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn output_never_writes_through_a_link() {
    let dir = gold_project();
    let outside = tempfile::tempdir().expect("outside");
    let victim = outside.path().join("victim.sh");
    fs::write(&victim, "#!/bin/sh\necho safe\n").expect("victim");
    let link = |name: &str, to: &Path| std::os::unix::fs::symlink(to, dir.path().join(name)).expect("link");
    link("report.sarif", &victim);
    link("dangling.sarif", &outside.path().join("created.sarif"));
    link("reports", outside.path());
    for (path, force) in
        [("report.sarif", false), ("report.sarif", true), ("dangling.sarif", false), ("reports/out.sarif", true)]
    {
        let mut args = vec!["check", "--as-of", "2026-02-16", "--format", "sarif", "--output", path];
        if force {
            args.push("--force");
        }
        let run = okrlint_in(dir.path(), &args);
        assert_eq!(run.code, 2, "{path} (force: {force}): {}", run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    }
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "#!/bin/sh\necho safe\n");
    let left: Vec<_> = fs::read_dir(outside.path()).expect("list").flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 1, "nothing created outside: {left:?}");
    // score and report write the same way.
    for command in ["score", "report"] {
        let run = okrlint_in(dir.path(), &[command, "--as-of", "2026-02-16", "--output", "report.sarif", "--force"]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
    }
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "#!/bin/sh\necho safe\n");
    // The standard streams are still written, though /dev/stdout is a link.
    let run =
        okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "--format", "concise", "--output", "/dev/stdout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn the_cache_never_writes_through_a_link() {
    let dir = gold_project();
    let outside = tempfile::tempdir().expect("outside");
    // The cache folder is a link out of the project.
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".okrlint_cache")).expect("link");
    let run = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "growth.okr.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read_dir(outside.path()).expect("list").count(), 0, "the cache wrote through the link");
    // A real cache folder whose .gitignore, tag and cache file names are links.
    fs::remove_file(dir.path().join(".okrlint_cache")).expect("unlink");
    let warm = okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "growth.okr.yaml"]);
    assert_eq!(warm.code, 0);
    let cache = dir.path().join(".okrlint_cache");
    let names: Vec<_> = fs::read_dir(&cache).expect("cache").flatten().map(|e| e.path()).collect();
    assert!(names.iter().any(|p| p.ends_with("CACHEDIR.TAG")), "{names:?}");
    for path in &names {
        let victim = outside.path().join(path.file_name().expect("name"));
        fs::write(&victim, "untouched").expect("victim");
        fs::remove_file(path).expect("remove");
        std::os::unix::fs::symlink(&victim, path).expect("plant");
    }
    // A changed file makes the run write its cache again.
    let growth = fs::read_to_string(dir.path().join("growth.okr.yaml")).expect("growth");
    fs::write(dir.path().join("growth.okr.yaml"), format!("{growth}\n# changed\n")).expect("edit");
    okrlint_in(dir.path(), &["check", "--as-of", "2026-02-16", "company.okr.yaml"]);
    for entry in fs::read_dir(outside.path()).expect("list").flatten() {
        assert_eq!(fs::read_to_string(entry.path()).expect("read"), "untouched", "{:?}", entry.path());
    }
}

/// A cache committed to the repository (or written by anyone without the
/// user's key) is ignored: it cannot hide a broken reference.
#[test]
fn a_forged_cache_cannot_hide_a_broken_reference() {
    let dir = gold_project();
    let keys = tempfile::tempdir().expect("user cache");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_okrlint"))
            .args(args)
            .current_dir(dir.path())
            .env("XDG_CACHE_HOME", keys.path())
            .env("HOME", keys.path())
            .env_remove("OKRLINT_CACHE_DIR")
            .output()
            .expect("runs");
        (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let named = ["check", "--as-of", "2026-02-16", "--format", "concise", "growth.okr.yaml"];
    assert_eq!(run(&named).0, 0);
    let cache_file = || {
        fs::read_dir(dir.path().join(".okrlint_cache"))
            .expect("cache")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "bin"))
            .expect("a cache file")
    };
    let good = fs::read(cache_file()).expect("good cache");
    let key = keys.path().join("okrlint/key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(fs::metadata(&key).expect("the user's key").permissions().mode() & 0o777, 0o600);
    // The company renames the objective growth aligns to: growth breaks.
    let company = fs::read_to_string(dir.path().join("company.okr.yaml")).expect("company");
    fs::write(dir.path().join("company.okr.yaml"), company.replacen("id: win-smb", "id: win-mid", 1)).expect("edit");
    let broken = run(&named);
    assert_eq!(broken.0, 1, "{}", broken.1);
    assert!(broken.1.contains("OKR004"), "{}", broken.1);
    // The forger puts the old summary under the new bytes' entry (every entry
    // key is computable, the format is open) and keeps the authentication line as it was.
    let now = fs::read(cache_file()).expect("cache");
    fn split(bytes: &[u8]) -> (Vec<u8>, okrlint::cache::Stored<'_>) {
        let newline = bytes.iter().position(|b| *b == b'\n').expect("a head line");
        let body = okrlint::cache::Stored::decode(&bytes[newline + 1..]).expect("a cache body");
        (bytes[..newline].to_vec(), body)
    }
    let ((_, old), (head, mut forged)) = (split(&good), split(&now));
    let fresh: Vec<_> = forged.summaries.iter().filter(|e| !old.summaries.contains(e)).cloned().collect();
    let stale: Vec<_> = old.summaries.iter().filter(|e| !forged.summaries.contains(e)).cloned().collect();
    assert_eq!((fresh.len(), stale.len()), (1, 1), "one entry changed: the company's");
    for (key, bytes) in &mut forged.summaries {
        if *key == fresh[0].0 {
            bytes.clone_from(&stale[0].1);
        }
    }
    let mut forged_file = head;
    forged_file.push(b'\n');
    forged_file.extend(forged.encode().expect("encodes"));
    fs::write(cache_file(), &forged_file).expect("forge");
    let after = run(&named);
    assert_eq!(after, broken, "the forged cache changed the result");
    // The same forged cache, signed by another user's key, is ignored too.
    let other = tempfile::tempdir().expect("another user");
    fs::write(cache_file(), &forged_file).expect("forge again");
    let output = Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(named)
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", other.path())
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout), broken.1);
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outside = tempfile::tempdir().expect("outside");
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".github")).expect("link");
    let run = okrlint_in(dir.path(), &["init", ".", "--as-of", "2026-02-16"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(fs::read_dir(outside.path()).expect("list").count(), 0, "init wrote through the link");
    assert!(!dir.path().join("company.okr.yaml").exists(), "refused before writing anything");
    // A dangling link at a file's name is refused too, with --force.
    fs::remove_file(dir.path().join(".github")).expect("unlink");
    std::os::unix::fs::symlink(outside.path().join("made.yaml"), dir.path().join("company.okr.yaml")).expect("link");
    let run = okrlint_in(dir.path(), &["init", ".", "--as-of", "2026-02-16", "--force"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!outside.path().join("made.yaml").exists());
}

/// The hostile repository of the report: `okrs/` made to look like a bare
/// repository whose promisor remote runs a command on a lazy fetch. git is
/// started where okrlint was (the real repository), never in `okrs/`.
#[test]
#[ignore = "needs git"]
fn since_never_runs_a_repository_folders_configuration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let git = |cwd: &Path, args: &[&str]| {
        let output = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(cwd)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .unwrap_or_else(|e| panic!("cannot run git (install it): {e}"));
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    git(root, &["init", "-q", "-b", "main"]);
    let okrs = root.join("okrs");
    fs::create_dir(&okrs).expect("okrs");
    for name in ["company.okr.yaml", "growth.okr.yaml", "company.metrics.yaml"] {
        fs::copy(common::repo().join(GOLD).join(name), okrs.join(name)).expect("copy");
    }
    fs::write(okrs.join(".okrlint.yaml"), "").expect("config");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "okrs"]);
    let commit = git(root, &["rev-parse", "HEAD"]);
    git(root, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    // The planted bare repository: HEAD, refs, the commit object alone (its
    // tree is "missing", so reading a file would fetch it), and a config.
    let marker = root.join("PWNED");
    fs::write(okrs.join("HEAD"), "ref: refs/heads/main\n").expect("HEAD");
    fs::create_dir_all(okrs.join("refs/remotes/origin")).expect("refs");
    fs::create_dir_all(okrs.join("refs/heads")).expect("heads");
    fs::write(okrs.join("refs/remotes/origin/main"), format!("{commit}\n")).expect("ref");
    let object = format!("objects/{}/{}", &commit[..2], &commit[2..]);
    fs::create_dir_all(okrs.join(&object).parent().expect("parent")).expect("objects");
    fs::copy(root.join(".git").join(&object), okrs.join(&object)).expect("commit object");
    fs::write(
        okrs.join("config"),
        format!(
            "[core]\n\trepositoryformatversion = 1\n\tbare = false\n\tworktree = .\n[extensions]\n\tpartialClone = origin\n\
             [remote \"origin\"]\n\turl = {}\n\tpromisor = true\n\tuploadpack = touch {}; false\n",
            okrs.display(),
            marker.display()
        ),
    )
    .expect("config");
    // The fixture is a real attack: plain git started in okrs/ runs the command.
    let _ = Command::new("git").args(["cat-file", "-p", &format!("{commit}^{{tree}}")]).current_dir(&okrs).output();
    assert!(marker.exists(), "the planted repository did not run its command: the test proves nothing");
    fs::remove_file(&marker).expect("reset");

    let run = okrlint_in(root, &["check", "okrs", "--since", "origin/main", "--as-of", "2026-02-16"]);
    assert!(!marker.exists(), "okrlint ran the planted command: {}", run.stderr);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Started inside the planted folder, git refuses it rather than obey it.
    let run = okrlint_in(&okrs, &["check", ".", "--since", "origin/main", "--as-of", "2026-02-16"]);
    assert!(!marker.exists(), "okrlint ran the planted command from inside okrs/: {}", run.stderr);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("bare repository"), "{}", run.stderr);
    // A project outside the repository of the current directory is refused.
    let elsewhere = tempfile::tempdir().expect("elsewhere");
    fs::write(elsewhere.path().join(".okrlint.yaml"), "").expect("config");
    fs::copy(common::repo().join(GOLD).join("growth.okr.yaml"), elsewhere.path().join("growth.okr.yaml")).expect("set");
    let path = elsewhere.path().to_string_lossy().into_owned();
    let run = okrlint_in(root, &["check", &path, "--since", "origin/main"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not inside the git repository"), "{}", run.stderr);
}
