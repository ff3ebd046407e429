//! The GitHub Action's download-and-verify step (`.github/install-okrlint.sh`),
//! run against a local release folder the test makes: the right archive is
//! unpacked and runs, a wrong checksum and an unknown platform are refused.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const VERSION: &str = "v9.9.9";

/// A release folder holding the host's Linux x86_64 archive of a stand-in
/// `okrlint` (a script that prints its version), with its checksum file.
fn release(dir: &Path, checksum: Option<&str>) {
    let folder = dir.join("releases").join(VERSION);
    let staging = dir.join("staging/okrlint-v9.9.9-x86_64-unknown-linux-musl");
    fs::create_dir_all(&folder).expect("mkdir");
    fs::create_dir_all(&staging).expect("mkdir");
    fs::write(staging.join("okrlint"), "#!/bin/sh\necho 'okrlint 9.9.9'\n").expect("binary");
    let archive = "okrlint-v9.9.9-x86_64-unknown-linux-musl.tar.gz";
    let made = Command::new("tar")
        .args(["-czf", folder.join(archive).to_str().expect("path"), "-C"])
        .arg(dir.join("staging"))
        .arg("okrlint-v9.9.9-x86_64-unknown-linux-musl")
        .status()
        .expect("tar runs");
    assert!(made.success());
    let digest = match checksum {
        Some(digest) => digest.to_string(),
        None => {
            let out = Command::new("sha256sum").arg(folder.join(archive)).output().expect("sha256sum runs");
            String::from_utf8_lossy(&out.stdout).split_whitespace().next().expect("digest").to_string()
        }
    };
    fs::write(folder.join(format!("{archive}.sha256")), format!("{digest}  {archive}\n")).expect("checksum");
}

fn install(dir: &Path, os: &str, arch: &str) -> Output {
    Command::new("bash")
        .arg(common::repo().join(".github/install-okrlint.sh"))
        .args([VERSION, dir.join("bin").to_str().expect("path")])
        .env("OKRLINT_RELEASES", dir.join("releases"))
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", arch)
        .output()
        .expect("bash runs")
}

#[test]
fn the_release_archive_is_verified_unpacked_and_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    release(dir.path(), None);
    let out = install(dir.path(), "Linux", "X64");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let installed = dir.path().join("bin/okrlint");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), installed.to_string_lossy());
    let ran = Command::new(&installed).output().expect("the installed binary runs");
    assert_eq!(String::from_utf8_lossy(&ran.stdout).trim(), "okrlint 9.9.9");
}

#[test]
fn a_wrong_checksum_installs_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    release(dir.path(), Some(&"0".repeat(64)));
    let out = install(dir.path(), "Linux", "X64");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not match"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("bin/okrlint").exists());
}

#[test]
fn an_unknown_platform_or_a_missing_release_says_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    release(dir.path(), None);
    let out = install(dir.path(), "Linux", "riscv64");
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no okrlint release is built for Linux on riscv64") && said.contains("cargo install"),
        "{said}"
    );
    // macOS's archive is not in this release folder.
    let out = install(dir.path(), "macOS", "ARM64");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no okrlint-v9.9.9-aarch64-apple-darwin.tar.gz"));
    // A branch is no release.
    let out = Command::new("bash")
        .arg(common::repo().join(".github/install-okrlint.sh"))
        .args(["main", dir.path().join("bin").to_str().expect("path")])
        .output()
        .expect("bash runs");
    assert_eq!(out.status.code(), Some(1));
}
