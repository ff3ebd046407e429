//! `okrlint report` run the way users run it: the playbook's quarter as a
//! leader reads it (Markdown, JSON and HTML), a report before any check-in
//! and after the cycle, filters, `--output`, hostile titles, and the
//! alignment map of a large company.

mod common;

use std::fs;
use std::path::Path;

use common::{okrlint, okrlint_in};

const GOLD: &str = "fixtures/playbook/gold";
const AS_OF: &str = "2026-02-16";

fn report_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["report", "--format", "json"];
    all.extend_from_slice(args);
    let run = okrlint_in(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

fn key_results(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    report["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["objectives"].as_array().into_iter().flatten())
        .flat_map(|o| o["key_results"].as_array().into_iter().flatten())
        .collect()
}

fn objective<'a>(report: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    report["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["objectives"].as_array().into_iter().flatten())
        .find(|o| o["ref"] == reference)
        .unwrap_or_else(|| panic!("no {reference}"))
}

#[test]
fn the_playbooks_quarter_shows_its_worked_examples_and_verdicts() {
    let report = report_json(&common::repo(), &[GOLD, "--as-of", AS_OF]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["as_of"], AS_OF);
    let krs = key_results(&report);
    let kr = |r: &str| *krs.iter().find(|k| k["ref"] == r).unwrap_or_else(|| panic!("no {r}"));
    // The worked examples: 18 → 28 at 24 is 0.60 amber; 9 → 4 on the ladder at 6 is 0.70 green.
    assert_eq!(kr("growth/repeat-buyers/repeat-rate")["score"].to_string(), "0.6");
    assert_eq!(kr("growth/repeat-buyers/repeat-rate")["rag"], "amber");
    assert_eq!(kr("growth/repeat-buyers/onboarding-days")["score"].to_string(), "0.7");
    assert_eq!(kr("growth/repeat-buyers/onboarding-days")["rag"], "green");
    // Mid-cycle there are no verdicts yet (SPEC §3.4): each objective is on track or at risk.
    assert_eq!(objective(&report, "growth/faster-value")["verdict"], "on-track");
    assert_eq!(report["totals"]["on_track"], 10);
    assert_eq!(report["totals"]["committed_missed"], 0, "no missed commitment on a running cycle");
    // Once the cycles have ended: a committed objective below 1.00 is missed;
    // an aspirational one at 0.70 or more succeeded.
    let ended = report_json(&common::repo(), &[GOLD, "--as-of", "2026-04-01"]);
    assert_eq!(objective(&ended, "growth/faster-value")["verdict"], "missed");
    assert_eq!(objective(&ended, "growth-incentive/incentive-test")["verdict"], "succeeded");
    assert_eq!(objective(&ended, "growth/repeat-buyers")["verdict"], "fell-short");
    assert_eq!(ended["totals"]["committed_missed"], 8);
    assert_eq!(ended["totals"]["aspirational_succeeded"], 1);
    assert_eq!(ended["totals"]["on_track"], 0);
    // Discipline, confidence, learnings.
    let growth = report["sets"].as_array().and_then(|s| s.iter().find(|s| s["id"] == "growth")).expect("growth");
    assert_eq!(growth["checkin_completion"].to_string(), "1");
    assert_eq!(growth["completion_goal_met"], true);
    assert_eq!(growth["ended"], false);
    assert_eq!(kr("growth/faster-value/ttv")["confidence_start"], 4);
    assert_eq!(kr("growth/faster-value/ttv")["confidence_end"], 4);
    assert!(kr("growth/repeat-buyers/repeat-rate")["learning"].as_str().is_some_and(|l| l.contains("onboarding")));
    assert_eq!(kr("growth/faster-value/ttv")["readings"].as_array().map(Vec::len), Some(7));
    // The alignment map: company objectives on top, the Micro-OKR under the growth objective it serves.
    let map = report["alignment"].as_array().expect("alignment");
    assert!(map.iter().all(|n| n["level"] == "company"), "{map:?}");
    let win = map.iter().find(|n| n["ref"] == "company/win-smb").expect("win-smb");
    let repeat = win["children"].as_array().and_then(|c| c.iter().find(|n| n["ref"] == "growth/repeat-buyers"));
    let repeat = repeat.expect("growth/repeat-buyers under company/win-smb");
    assert_eq!(repeat["children"][0]["ref"], "growth-incentive/incentive-test");
}

#[test]
fn markdown_and_json_snapshots() {
    let markdown = okrlint(&["report", GOLD, "--as-of", AS_OF]);
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    assert!(markdown.stdout.contains("0.60 | 🟠 amber"), "{}", markdown.stdout);
    assert!(markdown.stdout.contains("0.70 | 🟢 green"));
    assert!(markdown.stdout.contains("🟢 on track"), "{}", markdown.stdout);
    assert!(!markdown.stdout.contains("missed commitment"), "no verdict mid-cycle: {}", markdown.stdout);
    let ended = okrlint(&["report", GOLD, "--as-of", "2026-04-01"]);
    assert!(ended.stdout.contains("❌ missed commitment"));
    assert!(ended.stdout.contains("✅ succeeded"));
    assert!(!ended.stdout.contains("on track"), "{}", ended.stdout);
    insta::assert_snapshot!("report_markdown", markdown.stdout);
    let json = okrlint(&["report", GOLD, "--as-of", AS_OF, "--format", "json"]);
    insta::assert_snapshot!("report_json", json.stdout);
}

#[test]
fn after_the_cycle_the_missing_learnings_are_listed() {
    let report = report_json(&common::repo(), &[GOLD, "--as-of", "2026-04-01"]);
    assert_eq!(report["totals"]["sets_ended"], 4);
    // 21 key results, three of which have a learning.
    assert_eq!(report["totals"]["missing_learnings"], 18);
    let markdown = okrlint(&["report", GOLD, "--as-of", "2026-04-01"]).stdout;
    assert!(!markdown.contains("Provisional"));
    assert!(markdown.contains("## Still missing a learning"));
    assert!(markdown.contains("`growth/faster-value/ttv`"));
    assert!(!markdown.contains("`growth/repeat-buyers/repeat-rate`,"), "it has a learning");
    // Check-ins stopped on 2026-02-16: the completion falls below the habit.
    assert!(markdown.contains("58% ⚠ below the goal"), "{markdown}");
    // During the cycle nothing is missing yet.
    let running = okrlint(&["report", GOLD, "--as-of", AS_OF]).stdout;
    assert!(!running.contains("Still missing a learning"));
    assert!(running.contains("not written yet (the cycle is running)"));
}

const SET: &str = "cycle: 2026-Q1
level: company
objectives:
  - id: grow
    title: Win the small-business market
    owner: Ana Lima
    key_results:
      - id: activation
        title: Raise day-7 activation from 40% to 60%
        owner: Lee Wong
        baseline: 40
        target: 60
        source: Warehouse
      - id: churn
        title: Cut monthly churn from 5% to 3%
        owner: Sam Ortiz
        baseline: 5
        target: 3
        source: Warehouse
";

#[test]
fn before_any_checkin_every_key_result_scores_zero_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("company.okr.yaml"), SET).expect("write");
    let run = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("2 key result(s) have no check-in on or before 2026-02-01"), "{}", run.stderr);
    assert!(run.stdout.contains("no check-in: scored 0.00"), "{}", run.stdout);
    assert!(run.stdout.contains("Provisional"));
    let report = report_json(dir.path(), &["--as-of", "2026-02-01"]);
    for kr in key_results(&report) {
        assert_eq!(kr["score"].to_string(), "0");
        assert_eq!(kr["no_evidence"], true);
        assert_eq!(kr["red"], false, "no evidence is not a red reading");
    }
    assert_eq!(report["totals"]["no_evidence"], 2);
    // `score` keeps such key results unscored.
    let score = okrlint_in(dir.path(), &["score", "--as-of", "2026-02-01", "--format", "json"]);
    assert!(score.stdout.contains("\"no-data\""));
}

#[test]
fn red_key_results_show_escalation_help_and_confidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("company.okr.yaml"), SET).expect("write");
    let log = "okrs: company
checkins:
  - {date: 2026-01-05, kr: grow/churn, actual: 5, confidence: 3, insight: Flat, next_action: Call churned accounts}
  - {date: 2026-01-12, kr: grow/churn, actual: 4.9, confidence: 2, insight: Still flat, next_action: Ask for help, help_needed: Data team}
  - {date: 2026-01-19, kr: grow/churn, actual: 4.9, confidence: 2, insight: Flat, next_action: Escalate, help_needed: Data team, escalated: 2026-01-19}
  - {date: 2026-01-19, kr: grow/activation, actual: 55, confidence: 4, insight: Good, next_action: More}
";
    fs::write(dir.path().join("company.checkins.yaml"), log).expect("write");
    let report = report_json(dir.path(), &["--as-of", "2026-01-20"]);
    let krs = key_results(&report);
    let churn = krs.iter().find(|k| k["id"] == "churn").expect("churn");
    assert_eq!(churn["score"].to_string(), "0.05");
    assert_eq!(churn["red"], true);
    assert_eq!(churn["escalated"], "2026-01-19");
    assert_eq!(churn["help_needed"], true);
    assert_eq!((churn["confidence_start"].clone(), churn["confidence_end"].clone()), (3.into(), 2.into()));
    assert_eq!(report["totals"]["red"], 1);
    assert_eq!(report["totals"]["red_escalated"], 1);
    let md = okrlint_in(dir.path(), &["report", "--as-of", "2026-01-20"]).stdout;
    assert!(md.contains("| 3 → 2 | 3 | red, escalated 2026-01-19; help asked |"), "{md}");
}

#[test]
fn filters_narrow_the_report() {
    let repo = common::repo();
    let report = report_json(&repo, &[GOLD, "--as-of", AS_OF, "--set", "reliability"]);
    let sets = report["sets"].as_array().expect("sets");
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0]["id"], "reliability");
    let report = report_json(&repo, &[GOLD, "--as-of", AS_OF, "--owner", "sre LEAD"]);
    let krs = key_results(&report);
    assert!(!krs.is_empty());
    assert!(krs.iter().all(|k| k["owner"] == "SRE lead"), "{krs:?}");
    let none = okrlint(&["report", GOLD, "--as-of", AS_OF, "--set", "nobody"]);
    assert_eq!(none.code, 1, "nothing to report fails the run");
    assert_eq!(none.stdout, "", "and writes no empty report");
    assert!(none.stderr.contains("no OKR set matching the filters"), "{}", none.stderr);
    let other_cycle = okrlint(&["report", GOLD, "--as-of", AS_OF, "--cycle", "2025-Q3"]);
    assert_eq!(other_cycle.code, 1);
    let bad = okrlint(&["report", GOLD, "--cycle", "last quarter"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--cycle `last quarter` is not a cycle"), "{}", bad.stderr);
}

#[test]
fn output_is_written_atomically_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("company.okr.yaml"), SET).expect("write");
    let written =
        okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01", "--format", "html", "--output", "r.html"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(written.stdout, "", "nothing on stdout");
    let html = fs::read_to_string(dir.path().join("r.html")).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let again = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01", "--output", "r.html"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("r.html already exists; pass --force"), "{}", again.stderr);
    assert_eq!(fs::read_to_string(dir.path().join("r.html")).expect("kept"), html, "left as it was");
    let forced = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01", "--output", "r.html", "--force"]);
    assert_eq!(forced.code, 0);
    assert!(fs::read_to_string(dir.path().join("r.html")).expect("replaced").starts_with("# OKR report"));
    // Nothing else is left in the folder (no temporary file).
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, [".okrlint_cache", "company.okr.yaml", "r.html"]);
}

/// A set whose every text is hostile, with a check-in so that scores show.
pub const HOSTILE_SET: &str = r#"cycle: 2026-Q1
level: company
name: "<script>alert('name')</script>"
objectives:
  - id: grow
    title: "<script>alert(1)</script> Win | the `market` <details><summary>x</summary>"
    owner: "\"><img src=x onerror=alert(2)>"
    key_results:
      - id: activation
        title: "\"><img src=x onerror=alert(3)> Raise activation from 40% to 60% [click](javascript:alert(4))"
        owner: "javascript:alert(5)"
        unit: "<b>pts</b>"
        baseline: 40
        target: 60
        source: Warehouse
        learning: "</p><script>alert(6)</script><svg onload=alert(7)> | ``` # heading"
        depends_on:
          - team: "<iframe src=javascript:alert(8)>"
            owner: "Sam <Ortiz>"
            deliverable: "<a href='javascript:alert(9)'>events</a>"
            due: 2026-01-20
"#;

const HOSTILE_LOG: &str = "okrs: company
checkins:
  - date: 2026-01-12
    kr: grow/activation
    actual: 52
    confidence: 4
    insight: Going well
    next_action: Keep going
";

pub fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("company.okr.yaml"), HOSTILE_SET).expect("write");
    fs::write(dir.path().join("company.checkins.yaml"), HOSTILE_LOG).expect("write");
    dir
}

#[test]
fn hostile_text_stays_text_in_markdown() {
    let dir = hostile_project();
    let run = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    for raw in ["<script", "<img", "<details>", "<iframe", "<svg", "<a href", "<b>"] {
        assert!(!md.contains(raw), "{raw} reached the Markdown:\n{md}");
    }
    // The link's brackets are escaped, so it is text.
    assert!(md.contains("\\[click\\](javascript:alert(4))"), "{md}");
    assert!(!md.replace("\\]", "").contains("](javascript:"));
    // Every table row has as many cell separators as its header: no `|` from a title splits a cell.
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let bars = line.replace("\\|", "").matches('|').count();
        match columns {
            None => columns = Some(bars),
            Some(n) => assert_eq!(bars, n, "a row with a different number of cells: {line}"),
        }
    }
    assert!(md.contains("Win \\| the \\`market\\` &lt;details&gt;"), "{md}");
}

#[test]
fn hostile_text_stays_text_in_html() {
    let dir = hostile_project();
    let run = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = &run.stdout;
    for raw in ["<script", "<img", "<iframe", "<details", "<svg onload", "<a href='", "<b>pts", "onerror=alert(2)>"] {
        assert!(!html.contains(raw), "{raw} reached the HTML");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"));
    // Self-contained: nothing is fetched, nothing runs.
    assert!(html.contains("Content-Security-Policy"));
    for external in ["src=\"http", "href=\"http", "url(", "@import", "<link", "<script"] {
        assert!(!html.contains(external), "{external} in a self-contained page");
    }
}

/// A company of `teams` team sets under four company objectives, with a
/// department level between: the map must stay readable.
fn large_company(teams: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut company = String::from("cycle: 2026-Q1\nlevel: company\nobjectives:\n");
    for o in 0..4 {
        company.push_str(&format!(
            "  - id: c{o}\n    title: Company objective {o}\n    owner: Ana Lima\n    key_results:\n      - id: k\n        title: Raise the thing from 0 to 10\n        owner: Ana Lima\n        baseline: 0\n        target: 10\n        source: Warehouse\n"
        ));
    }
    fs::write(dir.path().join("company.okr.yaml"), company).expect("write");
    for d in 0..8 {
        let set = format!(
            "cycle: 2026-Q1\nlevel: department\nname: Department {d}\nobjectives:\n  - id: d\n    title: Department objective {d}\n    owner: Ana Lima\n    aligns_to: company/c{}\n    key_results:\n      - id: k\n        title: Raise the thing from 0 to 10\n        owner: Ana Lima\n        baseline: 0\n        target: 10\n        source: Warehouse\n",
            d % 4
        );
        fs::write(dir.path().join(format!("dept{d}.okr.yaml")), set).expect("write");
    }
    for t in 0..teams {
        let set = format!(
            "cycle: 2026-Q1\nname: Team {t}\nobjectives:\n  - id: t\n    title: Team objective {t}\n    owner: Ana Lima\n    aligns_to: dept{}/d\n    key_results:\n      - id: k\n        title: Raise the thing from 0 to 10\n        owner: Ana Lima\n        baseline: 0\n        target: 10\n        source: Warehouse\n",
            t % 8
        );
        fs::write(dir.path().join(format!("team{t:03}.okr.yaml")), set).expect("write");
    }
    dir
}

#[test]
fn the_alignment_map_stays_readable_at_200_sets() {
    let dir = large_company(200);
    let run = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    let map: Vec<&str> =
        md.split("## Alignment map").nth(1).and_then(|m| m.split("\n## ").next()).expect("map").lines().collect();
    let items = map.iter().filter(|l| l.trim_start().starts_with("- ")).count();
    // 4 company objectives, 8 departments, 12 teams shown under each department at most.
    assert!(items <= 4 + 8 + 8 * 13, "{items} lines in the map");
    // 25 teams under each department: 12 shown, 13 folded and counted (no check-in yet: 0.00, red).
    assert!(md.contains("  - … 13 more objectives: 13 red"), "{md}");
    assert!(md.contains("what is folded is counted by colour"));
    // The JSON keeps the whole tree: 4 + 8 + 200 objectives.
    let report = report_json(dir.path(), &["--as-of", "2026-02-01"]);
    fn count(nodes: &serde_json::Value) -> usize {
        nodes.as_array().map_or(0, |n| n.iter().map(|n| 1 + count(&n["children"])).sum())
    }
    assert_eq!(count(&report["alignment"]), 212);
    let html = okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01", "--format", "html"]).stdout;
    assert!(html.contains("more objectives"));
    // One dot per objective shown (no key result has a reading to chart).
    assert_eq!(html.matches("<circle").count(), 4 + 8 + 8 * 12);
}

/// Opens `page` in headless Chromium and returns the DOM it built.
fn chromium_dom(page: &Path) -> String {
    let profile = tempfile::tempdir().expect("tempdir");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let output = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {chromium} (install Debian's chromium package): {e}"));
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The start tags of an HTML text, each up to its `>`.
fn start_tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            tags.push(&rest[..end]);
        }
    }
    tags
}

#[test]
#[ignore = "needs chromium (Debian package; .ci/run installs it)"]
fn chromium_renders_hostile_titles_as_text_and_shows_the_scores() {
    let dir = hostile_project();
    let page = dir.path().join("report.html");
    let run =
        okrlint_in(dir.path(), &["report", "--as-of", "2026-02-01", "--format", "html", "--output", "report.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dom = chromium_dom(&page);
    assert!(dom.contains("<body"), "Chromium built no page: {dom}");
    let tags = start_tags(&dom);
    let names: Vec<String> = tags
        .iter()
        .map(|t| t.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("").to_ascii_lowercase())
        .collect();
    for forbidden in ["script", "img", "iframe", "details", "object", "embed", "b", "link"] {
        assert!(!names.iter().any(|n| n == forbidden), "a <{forbidden}> element exists in the DOM");
    }
    for tag in &tags {
        let attributes: Vec<&str> = tag.split_whitespace().skip(1).collect();
        assert!(
            !attributes.iter().any(|a| a.to_ascii_lowercase().starts_with("on")),
            "an event-handler attribute: <{tag}>"
        );
        assert!(!tag.to_ascii_lowercase().contains("javascript:"), "a javascript: URL in <{tag}>");
    }
    // The hostile texts arrived as text, the score shows.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt; Win | the `market`"), "{dom}");
    assert!(dom.contains("\"&gt;&lt;img src=x onerror=alert(3)&gt; Raise activation"), "{dom}");
    assert!(dom.contains("[click](javascript:alert(4))"));
    assert!(dom.contains("score <strong>0.60</strong>"), "{dom}");

    // The playbook's report in the browser once its cycles have ended: the worked examples and the verdicts.
    let gold = tempfile::tempdir().expect("tempdir");
    let page = gold.path().join("gold.html");
    let run =
        okrlint(&["report", GOLD, "--as-of", "2026-04-01", "--format", "html", "--output", &page.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dom = chromium_dom(&page);
    assert!(dom.contains("<strong>repeat-rate</strong>"));
    assert!(dom.contains("aria-label=\"score 0.60 amber\""), "the repeat rate's bar");
    assert!(dom.contains("aria-label=\"score 0.70 green\""), "the onboarding days' bar");
    assert!(dom.contains("missed commitment"));
    assert!(dom.contains("succeeded"));
    assert!(!start_tags(&dom).iter().any(|t| t.starts_with("script")));
}

#[test]
fn numbers_at_the_decimal_limit_do_not_break_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 28 significant digits, the most kept exactly (one more is OKR001).
    let max = "9999999999999999999999999999";
    let mut set = format!(
        "cycle: 2026-Q1\nlevel: company\nobjectives:\n  - id: edge\n    title: Survive odd numbers\n    owner: Ana Lima\n    key_results:\n      - id: wide\n        title: Move the number from -{max} to {max}\n        owner: Ana Lima\n        baseline: -{max}\n        target: {max}\n        weight: {max}\n        source: BI\n"
    );
    // Eight weights of 10^28 add up past the decimal limit (about 7.9 × 10^28).
    for k in 0..8 {
        set.push_str(&format!(
            "      - id: heavy{k}\n        title: Move the number from 0 to 1\n        owner: Ana Lima\n        baseline: 0\n        target: 1\n        weight: {max}\n        source: BI\n"
        ));
    }
    fs::write(dir.path().join("company.okr.yaml"), set).expect("write");
    let log = format!(
        "okrs: company\ncheckins:\n  - {{date: 2026-01-05, kr: edge/wide, actual: {max}, confidence: 3, insight: x, next_action: y}}\n  - {{date: 2026-01-12, kr: edge/wide, actual: -{max}, confidence: 3, insight: x, next_action: y}}\n  - {{date: 2026-01-19, kr: edge/wide, actual: 0.0000000000000000000000000001, confidence: 3, insight: x, next_action: y}}\n  - {{date: 2026-01-19, kr: edge/heavy0, actual: 1, confidence: 3, insight: x, next_action: y}}\n"
    );
    fs::write(dir.path().join("company.checkins.yaml"), log).expect("write");
    for format in ["markdown", "html", "json"] {
        let run = okrlint_in(dir.path(), &["report", "--as-of", "2026-04-01", "--format", format]);
        assert!(run.code == 0 || run.code == 1, "{format}: exit {}: {}", run.code, run.stderr);
        assert!(!run.stderr.contains("panicked") && !run.stderr.contains("bug"), "{}", run.stderr);
        assert!(run.stdout.contains("wide"), "{format}: {}", run.stdout);
        assert_eq!(run.code, 1, "the objective cannot be averaged: said, exit 1");
        assert!(
            run.stderr.contains("company/edge: cannot be scored: its key results' weights are too large"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn an_alignment_cycle_still_makes_a_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (id, other) in [("a", "b"), ("b", "c"), ("c", "a")] {
        let set = format!(
            "cycle: 2026-Q1\nname: Team {id}\nobjectives:\n  - id: o\n    title: Objective {id}\n    owner: Ana Lima\n    aligns_to: {other}/o\n    key_results:\n      - id: k\n        title: Raise the thing from 0 to 10\n        owner: Ana Lima\n        baseline: 0\n        target: 10\n        source: Warehouse\n"
        );
        fs::write(dir.path().join(format!("{id}.okr.yaml")), set).expect("write");
    }
    let report = report_json(dir.path(), &["--as-of", "2026-02-01"]);
    let map = report["alignment"].as_array().expect("alignment");
    // The cycle is cut once: one member at the top, the other two beneath it in turn.
    assert_eq!(map.len(), 1, "{map:?}");
    assert_eq!(map[0]["children"][0]["children"][0]["children"].as_array().map(Vec::len), Some(0));
}
