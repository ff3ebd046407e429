//! What the release workflow ships, built here: the man page, the host's
//! release archive with its checksum (installed by the action's script), and
//! the Python wheel (installed into a fresh virtual environment and run as a
//! pre-commit hook of `language: python`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{repo, succeeds};

#[test]
fn the_man_page_documents_every_command() {
    let out = succeeds(Command::new(env!("CARGO_BIN_EXE_okrlint")).arg("man"));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH okrlint 1"), "{page}");
    for command in ["check", "score", "report", "init", "explain", "completions"] {
        assert!(page.contains(command), "the man page names `{command}`");
    }
}

/// The host's archive as release.yml makes it (binary, completions, man page,
/// README; a `.sha256` beside it), installed by `.github/install-okrlint.sh`.
#[test]
fn the_hosts_release_archive_installs_with_the_actions_script() {
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let version = format!("v{}", env!("CARGO_PKG_VERSION"));
    let name = format!("okrlint-{version}-x86_64-unknown-linux-musl");
    let staged = dir.path().join(&name);
    fs::create_dir_all(staged.join("completions")).expect("mkdir");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_okrlint"));
    fs::copy(&binary, staged.join("okrlint")).expect("binary");
    fs::copy(repo().join("README.md"), staged.join("README.md")).expect("readme");
    let man = succeeds(Command::new(&binary).arg("man"));
    fs::write(staged.join("okrlint.1"), man.stdout).expect("man page");
    for shell in ["bash", "zsh", "fish"] {
        let script = succeeds(Command::new(&binary).args(["completions", shell]));
        fs::write(staged.join(format!("completions/okrlint.{shell}")), script.stdout).expect("completion");
    }
    let releases = dir.path().join("releases").join(&version);
    fs::create_dir_all(&releases).expect("mkdir");
    let archive = format!("{name}.tar.gz");
    succeeds(Command::new("tar").arg("-czf").arg(releases.join(&archive)).arg("-C").arg(dir.path()).arg(&name));
    let sum = succeeds(Command::new("sha256sum").arg(&archive).current_dir(&releases));
    fs::write(releases.join(format!("{archive}.sha256")), sum.stdout).expect("checksum");

    let installed = succeeds(
        Command::new("bash")
            .arg(repo().join(".github/install-okrlint.sh"))
            .arg(&version)
            .arg(dir.path().join("bin"))
            .env("OKRLINT_RELEASES", dir.path().join("releases"))
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64"),
    );
    let path = String::from_utf8_lossy(&installed.stdout).trim().to_string();
    let version_out = succeeds(Command::new(&path).arg("--version"));
    assert_eq!(String::from_utf8_lossy(&version_out.stdout).trim(), format!("okrlint {}", env!("CARGO_PKG_VERSION")));
}

/// A fresh git repository holding the gold fixture.
fn gold_repository(dir: &Path) {
    for entry in fs::read_dir(repo().join("fixtures/playbook/gold")).expect("gold") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.email", "ci@example.com"],
        &["config", "user.name", "CI"],
        &["add", "-A"],
    ] {
        succeeds(Command::new("git").args(args).current_dir(dir));
    }
}

#[test]
#[ignore = "needs maturin (PyPI), python3 with venv, pre-commit and git"]
fn the_wheel_installs_okrlint_and_runs_as_a_python_pre_commit_hook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let wheels = dir.path().join("wheels");
    succeeds(
        Command::new("maturin")
            .args(["build", "--release", "--locked", "--out"])
            .arg(&wheels)
            .current_dir(repo())
            .env("CARGO_TARGET_DIR", repo().join("target/wheel")),
    );
    let wheel = fs::read_dir(&wheels)
        .expect("wheels")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("maturin made a wheel");

    // Installed in a fresh virtual environment, its `okrlint` runs.
    let venv = dir.path().join("venv");
    succeeds(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    succeeds(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "--no-index"]).arg(&wheel));
    let okrlint = venv.join("bin/okrlint");
    let version = succeeds(Command::new(&okrlint).arg("--version"));
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("okrlint {}", env!("CARGO_PKG_VERSION")));
    // The clean fixture: exit 0 (`run` asserts it).
    succeeds(
        Command::new(&okrlint)
            .args(["check", "fixtures/playbook/gold", "--as-of", "2026-02-16", "--no-cache"])
            .current_dir(repo()),
    );

    // pre-commit installs the wheel for a `language: python` hook and runs it.
    let project = dir.path().join("project");
    fs::create_dir_all(&project).expect("mkdir");
    gold_repository(&project);
    fs::write(
        project.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: okrlint\n        name: okrlint\n        entry: okrlint check --as-of 2026-02-16\n        language: python\n        additional_dependencies: [\"{}\"]\n        files: '\\.(okr|checkins|metrics)\\.ya?ml$'\n        require_serial: true\n",
            wheel.display()
        ),
    )
    .expect("pre-commit config");
    let home = dir.path().join("pre-commit-home");
    let pre_commit = || {
        let out = Command::new("pre-commit")
            .args(["run", "--all-files"])
            .current_dir(&project)
            .env("PRE_COMMIT_HOME", &home)
            .output()
            .expect("pre-commit runs");
        let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), said)
    };
    let (ok, said) = pre_commit();
    assert!(ok && said.contains("okrlint") && said.contains("Passed"), "{said}");
    // A finding fails the hook: the KR loses its baseline.
    let growth = project.join("growth.okr.yaml");
    let text = fs::read_to_string(&growth).expect("growth");
    let broken = text.replacen("        baseline:", "        basline:", 1);
    assert_ne!(text, broken);
    fs::write(&growth, broken).expect("write");
    let (ok, said) = pre_commit();
    assert!(!ok && said.contains("growth.okr.yaml"), "{said}");
}
