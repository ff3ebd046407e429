//! Inputs that once took quadratic time. Each runs at a size where a
//! quadratic regression would take minutes, and checks the result, not the
//! clock (speed itself is measured by the benchmark, `benches/run.sh`).

mod common;

use std::fs;

use common::{json_diagnostics, okrlint_in};

#[test]
fn a_ten_thousand_name_roster_is_looked_up_not_scanned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = String::from("limits: {objectives: [1, 4], key_results: [1, 4]}\npeople:\n");
    for i in 0..10_000 {
        config.push_str(&format!("  - Person Number{i:05}\n"));
    }
    fs::write(dir.path().join(".okrlint.yaml"), config).expect("config");
    for s in 0..100 {
        let mut text = format!("cycle: 2026-Q1\nname: Team {s}\nobjectives:\n");
        for o in 0..3 {
            text.push_str(&format!(
                "  - id: o{o}\n    title: Grow the business\n    owner: Person Number{:05}\n    aligns_to: company/x\n    key_results:\n",
                s * 100 + o
            ));
            for k in 0..3 {
                text.push_str(&format!(
                    "      - {{id: k{k}, title: Raise x from 1 to 2, owner: Persn Number{:05}, baseline: 1, target: 2, source: BI}}\n",
                    s * 100 + o * 10 + k
                ));
            }
        }
        fs::write(dir.path().join(format!("s{s:03}.okr.yaml")), text).expect("set");
    }
    let run = okrlint_in(dir.path(), &["check", "--format", "json", "--select", "OKR105", "--no-cache"]);
    let found = json_diagnostics(&run);
    // Every misspelt KR owner, and no objective owner (they are on the roster).
    assert_eq!(found.len(), 900, "{}", run.stderr);
    assert!(found.iter().all(|d| d["column"] == 53), "{:?}", found.first());
    assert!(found[0]["help"].as_str().unwrap_or("").contains("did you mean `Person Number00000`?"), "{:?}", found[0]);
}

#[test]
fn one_line_of_sixteen_thousand_objectives_is_linear() {
    let dir = tempfile::tempdir().expect("temp dir");
    let objectives: Vec<String> = (0..16_000)
        .map(|i| {
            format!("{{id: o{i}, title: Grów thïngs {i}, owner: Ana Lima, aligns_to: company/x, key_results: []}}")
        })
        .collect();
    let text = format!("{{cycle: 2026-Q1, name: T, objectives: [{}]}}\n", objectives.join(", "));
    fs::write(dir.path().join("line.okr.yaml"), &text).expect("set");
    let run = okrlint_in(dir.path(), &["check", "--format", "json", "--select", "OKR302", "--no-cache"]);
    let found = json_diagnostics(&run);
    assert_eq!(found.len(), 16_000, "{}", run.stderr);
    // Columns count characters: the last finding's column, worked out independently.
    let last = text.rfind("key_results").expect("key");
    let column = text[..last].chars().count() + 1;
    let reported = found.iter().map(|d| d["column"].as_u64().unwrap_or(0)).max().unwrap_or(0);
    assert_eq!(reported, column as u64);
}

#[test]
fn a_thousand_named_files_are_matched_by_lookup() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    let mut names = Vec::new();
    for s in 0..1_000 {
        let name = format!("s{s:04}.okr.yaml");
        let text = format!(
            "cycle: 2099-Q1\nname: Team {s}\nobjectives:\n  - id: o\n    title: Grow the business\n    owner: Ana Lima\n    key_results:\n      - {{id: k, title: Raise x from 1 to 2, owner: Ana Lima, baseline: 1, target: 2, source: BI}}\n"
        );
        fs::write(dir.path().join(&name), text).expect("set");
        names.push(name);
    }
    let mut args: Vec<&str> = vec!["check", "--format", "json", "--no-cache"];
    args.extend(names.iter().map(String::as_str));
    let run = okrlint_in(dir.path(), &args);
    assert!(run.stdout.contains("\"files\": 1000"), "{}", run.stderr);
    // Each set is unaligned (OKR501): one finding per named file.
    assert_eq!(json_diagnostics(&run).len(), 1_000);
}

#[test]
fn a_thousand_set_cycle_is_one_short_finding_in_link_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join(".okrlint.yaml"), "limits: {objectives: [1, 4], key_results: [1, 4]}\n").expect("config");
    let n = 1_000;
    for s in 0..n {
        let next = (s + 1) % n;
        let text = format!(
            "id: s{s:04}\ncycle: 2026-Q1\nname: Team {s}\nobjectives:\n  - id: o\n    title: Grow the business\n    owner: Ana Lima\n    key_results:\n      - {{id: k, title: Raise x from 1 to 2, owner: Ana Lima, baseline: 1, target: 2, source: BI, contributes_to: s{next:04}/o/k}}\n"
        );
        fs::write(dir.path().join(format!("s{s:04}.okr.yaml")), text).expect("set");
    }
    let run = okrlint_in(dir.path(), &["check", "--format", "json", "--select", "OKR504", "--no-cache"]);
    let found = json_diagnostics(&run);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    let message = found[0]["message"].as_str().unwrap_or("");
    assert_eq!(found[0]["file"], "s0999.okr.yaml");
    assert!(
        message.starts_with("alignment links form a cycle: `s0999/o/k` → `s0000/o/k` → `s0001/o/k` →"),
        "{message}"
    );
    assert!(message.contains("… and 994 more → `s0999/o/k`"), "{message}");
    assert!(message.len() < 300, "{message}");
}
