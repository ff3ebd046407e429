//! The CI formats as their consumers read them: GitHub workflow commands
//! (and the job summary), GitLab Code Quality JSON, JUnit XML. Titles from OKR
//! files are hostile here: each format must keep them as text.

mod common;

use std::collections::HashSet;
use std::fs;
use std::process::Command;

use common::Run;

/// A set whose texts try to break out of every format: errors that quote
/// them (OKR004 an unresolved link, OKR102 two owners; and OKR201, a missing
/// baseline) and warnings (OKR007 placeholders).
const HOSTILE: &str = r#"cycle: 2026-Q1
level: team
name: Hostile
objectives:
  - id: o1
    title: "TODO grow"
    owner: Ana Lima
    aligns_to: "company/::warning::injected %0A::set-output name=x::y | z"
    key_results:
      - id: k1
        title: "TODO raise deals"
        owner: "Ana <script>alert(1)</script> | `tick` and Bob ]]> &"
        target: 9
        source: CRM
  - id: o2
    title: "TODO line one\nline two ]]> & \u001b[31m"
    owner: Ana Lima
    key_results:
      - id: k2
        title: Raise partner deals from 3 to 9
        owner: Ana Lima
        baseline: 3
        target: 9
        source: CRM
"#;

const SELECT: &str = "OKR004,OKR007,OKR102,OKR201";

fn errors(findings: &[serde_json::Value]) -> usize {
    findings.iter().filter(|f| f["severity"] == "error").count()
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    fs::write(dir.path().join("hostile.okr.yaml"), HOSTILE).expect("set");
    fs::write(
        dir.path().join("clean.okr.yaml"),
        "cycle: 2026-Q1\nlevel: company\nname: Clean\nobjectives:\n  - id: grow\n    title: Grow the partner channel\n    owner: Ana Lima\n    key_results:\n      - id: k\n        title: Raise partner deals from 3 to 9\n        owner: Ana Lima\n        baseline: 3\n        target: 9\n        source: CRM\n",
    )
    .expect("set");
    dir
}

fn run(dir: &std::path::Path, format: &str, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okrlint"));
    command.args(["check", "--no-cache", "--select", SELECT, "--format", format]).current_dir(dir);
    command.env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The findings as JSON, to compare every format against.
fn findings(dir: &std::path::Path) -> Vec<serde_json::Value> {
    common::json_diagnostics(&run(dir, "json", &[]))
}

fn unescape_data(text: &str) -> String {
    text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
}

#[test]
fn github_annotations_cannot_be_hijacked_and_read_intact() {
    let dir = project();
    let expected = findings(dir.path());
    let summary = dir.path().join("summary.md");
    let summary_path = summary.to_string_lossy().into_owned();
    let github = run(dir.path(), "github", &[("GITHUB_STEP_SUMMARY", &summary_path)]);
    assert_eq!(github.code, 1, "{}", github.stderr);
    let commands: Vec<&str> = github.stdout.lines().filter(|l| l.starts_with("::")).collect();
    // One command per finding, and nothing else that GitHub would read as one.
    assert_eq!(commands.len(), expected.len(), "{}", github.stdout);
    assert_eq!(github.stdout.lines().count(), expected.len() + 1, "one summary line: {}", github.stdout);
    assert!(github.stdout.lines().last().unwrap_or("").starts_with("okrlint: Found 3 errors"), "{}", github.stdout);
    for (command, finding) in commands.iter().zip(&expected) {
        let (head, data) = command[2..].split_once("::").expect("`::level props::data`");
        let (level, props) = head.split_once(' ').expect("level and properties");
        assert_eq!(level, if finding["severity"] == "error" { "error" } else { "warning" });
        // Properties hold no raw `:` or `,` beyond their separators.
        let fields: Vec<&str> = props.split(',').collect();
        assert_eq!(fields.len(), 6, "{props}");
        assert_eq!(fields[0], format!("file={}", finding["file"].as_str().unwrap_or("")));
        assert_eq!(fields[1], format!("line={}", finding["line"]));
        assert_eq!(fields[2], format!("col={}", finding["column"]));
        assert_eq!(
            fields[5],
            format!("title={} {}", finding["code"].as_str().unwrap_or(""), finding["name"].as_str().unwrap_or(""))
        );
        // Unescaped, the message reads as the JSON one (which escapes terminal controls the same way).
        let message = unescape_data(data);
        assert!(message.starts_with(finding["message"].as_str().unwrap_or("")), "{message:?} vs {finding}");
    }
    assert!(commands.iter().any(|c| c.contains("::warning::injected")), "the title's text survives, inside the data");
    let table = fs::read_to_string(&summary).expect("the job summary was written");
    assert!(table.contains("| File | Line | Severity | Rule | Message |"), "{table}");
    assert_eq!(table.lines().filter(|l| l.starts_with("| hostile.okr.yaml")).count(), expected.len(), "{table}");
    assert!(!table.contains("<script>") && table.contains("&lt;script&gt;") && table.contains("\\|"), "{table}");
}

#[test]
fn gitlab_code_quality_has_the_fields_gitlab_reads() {
    let dir = project();
    let expected = findings(dir.path());
    let gitlab = run(dir.path(), "gitlab", &[]);
    assert_eq!(gitlab.code, 1);
    assert!(!gitlab.stdout.starts_with('\u{feff}'), "no BOM");
    let issues: Vec<serde_json::Value> = serde_json::from_str(&gitlab.stdout).expect("a JSON array");
    assert_eq!(issues.len(), expected.len());
    let mut fingerprints = HashSet::new();
    for (issue, finding) in issues.iter().zip(&expected) {
        let code = finding["code"].as_str().unwrap_or("");
        assert!(issue["description"].as_str().unwrap_or("").starts_with(code), "{issue}");
        assert_eq!(issue["check_name"], finding["code"]);
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap_or("")));
        assert_eq!(issue["location"]["path"], finding["file"]);
        assert_eq!(issue["location"]["lines"]["begin"], finding["line"]);
        let fingerprint = issue["fingerprint"].as_str().unwrap_or("").to_string();
        assert_eq!(fingerprint.len(), 32);
        assert!(fingerprints.insert(fingerprint), "fingerprints are unique");
    }
    // Stable across runs.
    assert_eq!(run(dir.path(), "gitlab", &[]).stdout, gitlab.stdout);
    let clean = run(dir.path(), "gitlab", &[]);
    assert!(clean.stdout.contains("major"), "an error is major");
}

#[test]
fn junit_is_well_formed_with_a_suite_per_file_and_failures_at_the_fail_level() {
    let dir = project();
    let expected = findings(dir.path());
    let junit = run(dir.path(), "junit", &[]);
    assert_eq!(junit.code, 1);
    let document = roxmltree::Document::parse(&junit.stdout).unwrap_or_else(|e| panic!("{e}: {}", junit.stdout));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, ["clean.okr.yaml", "hostile.okr.yaml"]);
    let hostile = suites[1];
    let cases: Vec<_> = hostile.children().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), expected.len());
    let failures: Vec<_> = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).collect();
    let errors = errors(&expected).to_string();
    assert_eq!(failures.len().to_string(), errors, "only errors fail at the default fail level");
    assert_eq!(hostile.attribute("failures"), Some(errors.as_str()));
    assert_eq!(root.attribute("failures"), Some(errors.as_str()));
    let names: HashSet<&str> = cases.iter().filter_map(|c| c.attribute("name")).collect();
    assert_eq!(names.len(), cases.len(), "test names are unique (GitLab collapses repeats)");
    assert!(
        cases.iter().all(|c| c.attribute("file") == Some("hostile.okr.yaml") && c.attribute("classname").is_some())
    );
    // The hostile text is text: the script tag, `]]>` and `&` survive as characters.
    let all_text: String = document.descendants().filter_map(|n| n.text()).collect();
    assert!(all_text.contains("Ana <script>alert(1)") && all_text.contains("Bob ]]>"), "{all_text}");
    assert!(!junit.stdout.contains("<script>"), "never raw markup");
    assert!(!junit.stdout.contains('\u{1b}'), "no raw escape");
    // With --fail-on warning every finding is a failure.
    let strict = Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(["check", "--no-cache", "--select", SELECT, "--format", "junit", "--fail-on", "warning"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&strict.stdout);
    let document = roxmltree::Document::parse(&text).expect("well-formed");
    assert_eq!(document.root_element().attribute("failures"), Some(expected.len().to_string().as_str()));
    // A clean file is one passing case.
    let clean: Vec<_> = suites[0].children().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(clean.len(), 1);
}

fn sarif(dir: &std::path::Path) -> serde_json::Value {
    let out = run(dir, "sarif", &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

#[test]
fn sarif_describes_every_rule_and_keeps_fingerprints_when_lines_move() {
    let dir = project();
    let expected = findings(dir.path());
    let log = sarif(dir.path());
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "okrlint");
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), okrlint::rules::registry().len());
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            let text = rule[field]["text"].as_str().unwrap_or("");
            assert!(!text.is_empty() && text.chars().count() <= 1024 || field == "help", "{rule}");
        }
        assert!(rule["helpUri"].as_str().unwrap_or("").starts_with("https://"));
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap_or("")));
    }
    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), expected.len());
    for (result, finding) in results.iter().zip(&expected) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["ruleId"], finding["code"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding["file"]);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(location["region"]["startLine"], finding["line"]);
        assert_eq!(location["region"]["endColumn"], finding["end_column"]);
    }
    assert!(run0["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap_or("").starts_with("file:///"));
    // Unrelated lines moved: the alerts keep their fingerprints.
    let fingerprints = |log: &serde_json::Value| -> Vec<String> {
        log["runs"][0]["results"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|x| x["partialFingerprints"]["okrlintLine/v1"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = fingerprints(&log);
    assert_eq!(before.iter().collect::<HashSet<_>>().len(), before.len(), "unique");
    fs::write(dir.path().join("hostile.okr.yaml"), format!("# moved\n# down\n# three lines\n{HOSTILE}"))
        .expect("write");
    let moved = sarif(dir.path());
    assert_eq!(fingerprints(&moved), before);
    assert_eq!(
        moved["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        expected[0]["line"].as_u64().unwrap_or(0) + 3
    );
}

/// Microsoft's SARIF multitool, with GitHub's rules: no error, no warning.
/// `.ci/run` installs it and sets `SARIF_MULTITOOL` to its binary.
#[test]
#[ignore = "needs @microsoft/sarif-multitool (npm), found through SARIF_MULTITOOL"]
fn sarif_passes_the_sarif_multitool_with_github_rules() {
    let tool = std::env::var("SARIF_MULTITOOL").expect("SARIF_MULTITOOL names the sarif-multitool binary");
    let dir = project();
    let out = run(dir.path(), "sarif", &[]);
    let path = dir.path().join("okrlint.sarif");
    fs::write(&path, &out.stdout).expect("write");
    let validated = Command::new(&tool)
        .args(["validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    let report = String::from_utf8_lossy(&validated.stdout).into_owned() + &String::from_utf8_lossy(&validated.stderr);
    assert!(validated.status.success(), "{report}");
    assert!(report.contains("1 files scanned"), "{report}");
    let problems: Vec<&str> = report.lines().filter(|l| l.contains(": error ") || l.contains(": warning ")).collect();
    assert!(problems.is_empty(), "{report}");
}
