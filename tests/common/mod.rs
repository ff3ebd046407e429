//! Running the built binary the way a user does.
#![allow(dead_code)]

pub mod lsp;

/// A set of one KR whose metric is `activation-rate` (the pull tests).
pub const GROWTH_SET: &str = include_str!("../data/pull/growth.okr.yaml");

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `okrlint ARGS` in `dir` with a clean colour environment.
pub fn okrlint_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .output()
        .expect("the okrlint binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs an outside program a test needs, failing the test (with its output)
/// unless it succeeds.
pub fn succeeds(command: &mut Command) -> std::process::Output {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?} runs: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `okrlint ARGS` from the repository root.
pub fn okrlint(args: &[&str]) -> Run {
    okrlint_in(&repo(), args)
}

/// The diagnostics of a `--format json` run.
pub fn json_diagnostics(run: &Run) -> Vec<serde_json::Value> {
    let value: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout));
    value["diagnostics"].as_array().cloned().unwrap_or_default()
}
