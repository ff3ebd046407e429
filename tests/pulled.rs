//! Pulled actuals (`pulled: SOURCE` check-ins, which `okrlint pull` writes)
//! count as actuals only (SPEC §7): scoring takes the latest actual of either
//! kind, the team's own check-in winning on the same date; the check-in
//! habit rules and OKR603/OKR607 judge the team's own check-ins alone.

mod common;

use std::path::Path;

const OWN: &str = "\
okrs: growth
checkins:
  - date: 2026-01-05
    kr: activation/rate
    actual: 44
    confidence: 4
    insight: Checklist users activate sooner
    next_action: Show the checklist to every new team
  - date: 2026-01-12
    kr: activation/rate
    actual: 46
    confidence: 4
    insight: Checklist users activate sooner
    next_action: Show the checklist to every new team
";

/// The warehouse's values: one on the team's own date (the team's wins), then two more weeks.
const PULLED: &str = "\
okrs: growth
checkins:
  - {date: 2026-01-12, kr: activation/rate, actual: 45, pulled: warehouse}
  - {date: 2026-01-19, kr: activation/rate, actual: 50, pulled: warehouse, confidence: 9}
  - {date: 2026-01-26, kr: activation/rate, actual: 52, pulled: warehouse}
";

fn project(dir: &Path) {
    std::fs::write(dir.join(".okrlint.yaml"), "").expect("write");
    std::fs::write(dir.join("growth.okr.yaml"), common::GROWTH_SET).expect("write");
    std::fs::write(dir.join("growth.checkins.yaml"), OWN).expect("write");
    std::fs::create_dir(dir.join("pulled")).expect("mkdir");
    std::fs::write(dir.join("pulled/growth.2026-01-01.checkins.yaml"), PULLED).expect("write");
}

#[test]
fn scores_use_the_latest_actual_of_either_kind_and_the_team_wins_on_its_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    project(dir.path());
    let score = |as_of: &str| {
        let run = common::okrlint_in(dir.path(), &["score", "--format", "json", "--as-of", as_of, "."]);
        let value: serde_json::Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        let kr = value["sets"][0]["objectives"][0]["key_results"][0].clone();
        (kr["actual"].to_string(), kr["confidence"].clone())
    };
    // On 2026-01-12 the team's own 46 wins over the warehouse's 45; its confidence is the team's.
    assert_eq!(score("2026-01-13"), ("46".to_string(), serde_json::json!(4)));
    // Later, the pulled 52 is the latest actual; confidence stays the team's latest (4).
    assert_eq!(score("2026-01-27"), ("52".to_string(), serde_json::json!(4)));
}

#[test]
fn habit_rules_and_duplicates_judge_the_teams_own_checkins_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    project(dir.path());
    let run =
        common::okrlint_in(dir.path(), &["check", "--format", "json", "--no-cache", "--as-of", "2026-02-02", "."]);
    let found = common::json_diagnostics(&run);
    let codes = |file: &str| -> Vec<String> {
        found.iter().filter(|d| d["file"] == file).map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
    };
    let pulled = codes("pulled/growth.2026-01-01.checkins.yaml");
    // No OKR606 (no confidence, insight or next action), no OKR607 (confidence 9), no OKR603 (same date as the team's).
    assert!(pulled.is_empty(), "{found:#?}");
    // Weeks 3 and 4 have only pulled actuals: the team missed them (OKR604), in the set.
    let set: Vec<&serde_json::Value> = found.iter().filter(|d| d["file"] == "growth.okr.yaml").collect();
    let missed = set.iter().find(|d| d["code"] == "OKR604").unwrap_or_else(|| panic!("{found:#?}"));
    let message = missed["message"].as_str().unwrap_or("");
    assert!(message.contains("2 of 4 completed weeks") && message.contains("weeks 3–4"), "{message}");
}

#[test]
fn a_pull_names_a_configured_source_and_says_what_is_wrong_where() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(
        root.join(".okrlint.yaml"),
        "sources:\n  warehouse: {url_env: WAREHOUSE_URL}\n  local: {sqlite: data/metrics.db, timeout_s: 5}\n",
    )
    .expect("write");
    std::fs::write(root.join("growth.okr.yaml"), common::GROWTH_SET).expect("write");
    let dictionary = "\
metrics:
  - name: activation-rate
    definition: Share of new teams active on day 7
    source: Product analytics
    pull:
      from: warehous
      query: select day, rate from activation_daily where day between :start and :end
  - name: churn
    pull: {from: local, query: select 1, limit: 3}
  - name: nps
    pull: {from: local}
";
    std::fs::write(root.join("company.metrics.yaml"), dictionary).expect("write");
    let run = common::okrlint_in(root, &["check", "--format", "json", "--no-cache", "--as-of", "2026-02-02", "."]);
    let found = common::json_diagnostics(&run);
    let in_dictionary: Vec<(u64, String, String)> = found
        .iter()
        .filter(|d| d["file"] == "company.metrics.yaml")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").into(),
                d["message"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let typo = in_dictionary.iter().find(|(_, c, _)| c == "OKR004").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(typo.0, 6, "at the `from` value");
    assert!(typo.2.contains("`pull.from` `warehous` names no source"), "{typo:?}");
    let help = found.iter().find(|d| d["code"] == "OKR004").and_then(|d| d["help"].as_str()).unwrap_or("");
    assert!(help.contains("did you mean `warehouse`?"), "{help}");
    assert!(
        in_dictionary.iter().any(|(line, c, m)| *line == 9 && c == "OKR002" && m.contains("`limit`")),
        "{in_dictionary:?}"
    );
    assert!(
        in_dictionary.iter().any(|(line, c, m)| *line == 11 && c == "OKR001" && m.contains("`query`")),
        "{in_dictionary:?}"
    );

    // A source without its engine is a configuration error (exit 2), said with its place.
    std::fs::write(root.join(".okrlint.yaml"), "sources:\n  warehouse: {timeout_s: 5}\n").expect("write");
    let run = common::okrlint_in(root, &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(".okrlint.yaml:2:") && run.stderr.contains("exactly one of `url_env`"),
        "{}",
        run.stderr
    );
}
