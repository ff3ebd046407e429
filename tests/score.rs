//! `okrlint score` run the way users run it: the playbook's worked examples,
//! every format, filters, exit codes, and files that cannot be read.

mod common;

use std::fs;

use common::{okrlint, okrlint_in};

const GOLD: &str = "fixtures/playbook/gold";
const AS_OF: &str = "2026-02-16";

fn score_json(args: &[&str]) -> serde_json::Value {
    score_json_at(AS_OF, args)
}

fn score_json_at(as_of: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["score", GOLD, "--as-of", as_of, "--format", "json"];
    all.extend_from_slice(args);
    let run = okrlint(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

fn kr<'a>(report: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    report["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["objectives"].as_array().into_iter().flatten())
        .flat_map(|o| o["key_results"].as_array().into_iter().flatten())
        .find(|k| k["ref"] == reference)
        .unwrap_or_else(|| panic!("no {reference}"))
}

#[test]
fn the_playbooks_worked_examples_score_as_the_playbook_says() {
    let report = score_json(&[]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["as_of"], AS_OF);
    // Linear, 18 → 28 at 24: 0.60, amber.
    let linear = kr(&report, "growth/repeat-buyers/repeat-rate");
    assert_eq!(linear["score"].to_string(), "0.6");
    assert_eq!(linear["rag"], "amber");
    // The ladder ≤4: 1.0, ≤6: 0.7, ≤8: 0.3 at 6: 0.70, green.
    let ladder = kr(&report, "growth/repeat-buyers/onboarding-days");
    assert_eq!(ladder["score"].to_string(), "0.7");
    assert_eq!(ladder["rag"], "green");
    // The aspirational objective is the weighted mean of the two (weights 2 and 1): 0.63, green.
    let set = report["sets"].as_array().and_then(|s| s.iter().find(|s| s["id"] == "growth")).expect("growth");
    let objective = set["objectives"].as_array().and_then(|o| o.iter().find(|o| o["id"] == "repeat-buyers"));
    let objective = objective.expect("repeat-buyers");
    assert_eq!(objective["score"].to_string(), "0.63");
    assert_eq!(objective["rag"], "green");
    assert_eq!(objective["kind"], "aspirational");
    assert_eq!(set["checkin_completion"].to_string(), "1");
    assert_eq!(set["cycle"]["start"], "2026-01-01");
}

#[test]
fn json_has_every_key_of_the_spec_in_order() {
    let report = score_json(&["--set", "growth"]);
    let set = &report["sets"][0];
    let keys = |v: &serde_json::Value| {
        let mut keys = v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        keys.sort();
        keys
    };
    let sorted = |list: &[&str]| {
        let mut list: Vec<String> = list.iter().map(|k| k.to_string()).collect();
        list.sort();
        list
    };
    let kr_keys = [
        "ref",
        "owner",
        "baseline",
        "target",
        "actual",
        "score",
        "rag",
        "confidence",
        "last_checkin",
        "trend",
        "expected",
        "pace",
        "forecast",
        "below_baseline",
    ];
    assert_eq!(keys(&report), sorted(&["version", "as_of", "sets"]));
    assert_eq!(keys(set), sorted(&["id", "cycle", "score", "rag", "checkin_completion", "objectives"]));
    assert_eq!(keys(&set["objectives"][0]), sorted(&["id", "kind", "score", "rag", "key_results"]));
    assert_eq!(keys(&set["objectives"][0]["key_results"][0]), sorted(&kr_keys));
    // And in the spec's order, as written.
    let run = okrlint(&["score", GOLD, "--as-of", AS_OF, "--format", "json", "--set", "growth"]);
    let at = |key: &str| run.stdout.find(&format!("\"{key}\":")).unwrap_or(usize::MAX);
    let order = ["version", "as_of", "sets", "id", "cycle", "score", "rag", "checkin_completion", "objectives"];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{}", run.stdout);
    let first_kr = &run.stdout[at("key_results")..];
    let at_kr = |key: &str| first_kr.find(&format!("\"{key}\":")).unwrap_or(usize::MAX);
    assert!(kr_keys.windows(2).all(|w| at_kr(w[0]) < at_kr(w[1])), "{first_kr}");
    let ttv = kr(&report, "growth/faster-value/ttv");
    assert_eq!(ttv["trend"].to_string(), "[2.9,2.7,2.6,2.4,2.3,2.1,2]");
    assert_eq!(ttv["expected"].to_string(), "0.52");
    assert_eq!(ttv["pace"], "on-pace");
}

#[test]
fn filters_select_sets_and_owners() {
    let report = score_json(&["--owner", "growth pm"]);
    let refs: Vec<String> = report["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["objectives"].as_array().into_iter().flatten())
        .flat_map(|o| o["key_results"].as_array().into_iter().flatten())
        .map(|k| k["ref"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        refs,
        ["growth/faster-value/ttv", "growth/repeat-buyers/onboarding-days", "growth/self-serve-help/article-success"]
    );
    let report = score_json(&["--set", "reliability"]);
    assert_eq!(report["sets"].as_array().map(Vec::len), Some(1));
}

#[test]
fn no_check_in_is_no_data_and_check_ins_after_the_as_of_date_are_ignored() {
    let report = score_json_at("2026-01-04", &[]);
    let ttv = kr(&report, "growth/faster-value/ttv");
    assert_eq!(ttv["score"], serde_json::Value::Null);
    assert_eq!(ttv["rag"], "no-data");
    assert_eq!(ttv["pace"], serde_json::Value::Null);
    assert_eq!(report["sets"][0]["score"], serde_json::Value::Null);
    assert_eq!(report["sets"][0]["checkin_completion"], serde_json::Value::Null, "no week has ended yet");
}

#[test]
fn snapshots_of_every_format() {
    for format in ["table", "json", "csv", "markdown"] {
        let run =
            okrlint(&["score", GOLD, "--as-of", AS_OF, "--format", format, "--set", "growth", "--color", "never"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        insta::assert_snapshot!(format!("score_{format}"), run.stdout);
    }
}

/// On a terminal (a pseudo-terminal from `script`) the table fits its width
/// by dropping the least needed columns; piped, every column shows.
#[test]
#[ignore = "needs script (util-linux) for a pseudo-terminal"]
fn the_table_fits_eighty_columns_by_dropping_columns() {
    let bin = env!("CARGO_BIN_EXE_okrlint");
    let gold = common::repo().join(GOLD);
    let output = std::process::Command::new("script")
        .args(["-qec", &format!("{bin} score {} --as-of {AS_OF} --color never", gold.display()), "/dev/null"])
        .env("COLUMNS", "80")
        .env_remove("NO_COLOR")
        .output()
        .expect("script runs (apt-get install bsdutils)");
    let text = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert!(text.contains("repeat-rate") && text.contains("0.60") && text.contains("amber"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "fits 80 columns:\n{text}");
    assert!(!text.contains("Last check-in"), "dropped, not wrapped:\n{text}");
    // Piped: no width limit, every column, no colour, the status spelled out.
    let run = okrlint(&["score", GOLD, "--as-of", AS_OF, "--set", "growth"]);
    assert!(run.stdout.contains("Last check-in") && run.stdout.contains("Forecast"), "{}", run.stdout);
    assert!(run.stdout.contains("green") && !run.stdout.contains('\u{1b}'), "{}", run.stdout);
}

#[test]
fn a_file_that_cannot_be_read_is_reported_and_the_rest_still_scored() {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(common::repo().join(GOLD)).expect("gold") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    fs::write(dir.path().join("reliability.checkins.yaml"), "okrs: reliability\ncheckins:\n  - date: [\n")
        .expect("log");
    let run = okrlint_in(dir.path(), &["score", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("reliability.checkins.yaml:3") && run.stderr.contains("OKR001"), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON still printed");
    assert_eq!(kr(&report, "growth/repeat-buyers/repeat-rate")["rag"], "amber");
    assert_eq!(kr(&report, "reliability/tier-one-trust/incidents")["rag"], "no-data");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(okrlint(&["score", GOLD, "--as-of", "2026-02-30"]).code, 2);
    assert_eq!(okrlint(&["score", "no/such/dir"]).code, 2);
    assert_eq!(okrlint(&["score", GOLD, "--format", "xml"]).code, 2);
}

#[test]
fn percent_scale_and_csv_safety() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "scale: percent\nlimits: {objectives: [1, 4], key_results: [1, 4]}\n")
        .expect("config");
    fs::write(
        dir.path().join("s.okr.yaml"),
        "cycle: 2026-Q1\nname: S\nobjectives:\n  - id: o\n    title: Grow\n    owner: \"=HYPERLINK(1)\"\n    key_results:\n      - {id: k, title: Raise x from 18.1 to 28.1, owner: \"@evil\", baseline: 18.1, target: 28.1, source: BI}\n",
    )
    .expect("set");
    fs::write(
        dir.path().join("s.checkins.yaml"),
        "okrs: s\ncheckins:\n  - {date: 2026-01-05, kr: o/k, actual: 24.1, confidence: 3, insight: a, next_action: b}\n",
    )
    .expect("log");
    let run = okrlint_in(dir.path(), &["score", "--as-of", "2026-01-06", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let row = run.stdout.lines().nth(1).expect("a row");
    assert!(row.starts_with("s,o,k,'@evil,18.1,28.1,24.1,60%,amber,"), "{row}");
    let json = okrlint_in(dir.path(), &["score", "--as-of", "2026-01-06", "--format", "json"]);
    assert!(json.stdout.contains("\"score\": 0.6,"), "JSON stays a fraction: {}", json.stdout);
}

#[test]
fn numbers_too_large_to_compute_are_reported_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 9]}\n").expect("config");
    fs::write(
        dir.path().join("s.okr.yaml"),
        "cycle: 2026-Q1\nname: S\nobjectives:\n  - id: o\n    title: Grow\n    owner: Ana\n    key_results:\n      - {id: k0, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k1, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k2, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k3, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k4, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k5, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k6, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k7, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n      - {id: k8, title: Grow x, owner: Ana, baseline: 0, target: 1, weight: 9999999999999999999999999999, source: BI}\n",
    )
    .expect("set");
    fs::write(
        dir.path().join("s.checkins.yaml"),
        (0..9)
            .map(|k| {
                format!("  - {{date: 2026-01-05, kr: o/k{k}, actual: 1, confidence: 3, insight: a, next_action: b}}\n")
            })
            .fold("okrs: s\ncheckins:\n".to_string(), |a, b| a + &b),
    )
    .expect("log");
    let run = okrlint_in(dir.path(), &["score", "--as-of", "2026-01-06", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Each KR scores 1.00; nine weights near the decimal limit cannot be summed exactly.
    assert!(run.stderr.contains("s/o: cannot be scored"), "{}", run.stderr);
    assert!(run.stdout.contains("\"score\": 1,"), "{}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let check = okrlint_in(dir.path(), &["check", "--as-of", "2026-01-06", "--format", "json"]);
    assert!(!check.stderr.contains("panicked") && check.code != 2, "{}", check.stderr);
}
