//! The playbook fixtures: the gold repository is clean; every anti-pattern is
//! caught at its line.

mod common;

use common::{json_diagnostics, okrlint};

#[test]
fn gold_fixture_has_no_findings_at_its_as_of_date() {
    let run = okrlint(&["check", "fixtures/playbook/gold", "--as-of", "2026-02-16", "--format", "json"]);
    assert_eq!(json_diagnostics(&run), Vec::<serde_json::Value>::new());
    assert_eq!(run.code, 0);
}

/// At any date the only errors are check-ins dated after it (OKR602): the
/// logs run to the fixture's as-of date.
#[test]
fn gold_fixture_has_no_errors_at_any_date() {
    for as_of in ["2025-12-01", "2026-01-01", "2026-02-16", "2026-03-31", "2026-06-30", "2027-01-01"] {
        let run = okrlint(&["check", "fixtures/playbook/gold", "--as-of", as_of, "--format", "json"]);
        for d in json_diagnostics(&run).into_iter().filter(|d| d["severity"] == "error") {
            assert_eq!(d["code"], "OKR602", "{as_of}: {d}");
            assert!(d["message"].as_str().is_some_and(|m| m.contains(&format!("after the as-of date {as_of}"))), "{d}");
        }
        let expected = if as_of < "2026-02-16" { 1 } else { 0 };
        assert_eq!(run.code, expected, "{as_of}");
    }
}

/// Each anti-pattern the playbook names, with the rule that must catch it.
const ANTI_PATTERNS: &[(&str, &str)] = &[
    ("reliability-project.okr.yaml:8:12", "OKR403"), // a project posing as an objective
    ("growth.okr.yaml:47:16", "OKR404"),             // a KR that promises no checkable change
    ("growth.checkins.yaml:4:5", "OKR606"),          // a check-in with a number and nothing else
    ("growth.checkins.yaml:8:9", "OKR601"),          // a check-in for a KR that does not exist
    ("growth.checkins.yaml:16:17", "OKR607"),        // confidence `high`
    ("growth.checkins.yaml:19:5", "OKR608"),         // red, and no help asked for
    ("growth.checkins.yaml:19:5", "OKR609"),         // red two weeks running, not escalated
    ("growth.checkins.yaml:19:5", "OKR611"),         // confidence 5 while red
    ("growth.checkins.yaml:31:11", "OKR603"),        // two check-ins for one KR and date
    ("growth.checkins.yaml:37:11", "OKR602"),        // a check-in from the future
    ("growth.okr.yaml:11:9", "OKR604"),              // weeks with no check-in
    ("growth.okr.yaml:32:9", "OKR605"),              // a KR nobody checks in on
    ("support.okr.yaml:8:19", "OKR401"),             // a number in the objective
    ("support.okr.yaml:29:12", "OKR405"),            // an objective of three sentences
    ("support.okr.yaml:11:5", "OKR406"),             // every KR lagging, none leading
    ("growth.okr.yaml:59:16", "OKR402"),             // an output count: newsletters sent
    ("growth.okr.yaml:78:16", "OKR402"),             // an output count: workshops held
    ("reliability-project.okr.yaml:13:16", "OKR402"), // a task: a design document
    ("reliability-project.okr.yaml:17:16", "OKR402"), // a release
    ("reliability-project.okr.yaml:31:30", "OKR402"), // a capability stated as done
    ("reliability-project.okr.yaml:12:9", "OKR101"), // KR with no owner
    ("reliability-project.okr.yaml:12:9", "OKR201"), // no baseline
    ("reliability-project.okr.yaml:12:9", "OKR202"), // no target
    ("reliability-project.okr.yaml:12:9", "OKR203"), // no source of truth
    ("reliability-project.okr.yaml:27:17", "OKR204"), // "keep" a value: nothing moves
    ("reliability-project.okr.yaml:34:17", "OKR207"), // a 0→1 milestone
    ("reliability-project.okr.yaml:39:12", "OKR102"), // shared objective owner
    ("reliability-project.okr.yaml:43:44", "OKR208"), // title and fields disagree
    ("reliability-project.okr.yaml:44:16", "OKR103"), // a team as owner
    ("reliability-project.okr.yaml:48:18", "OKR206"), // data that cannot move weekly
    ("reliability-project.okr.yaml:54:17", "OKR007"), // placeholder source
    ("reliability-project.okr.yaml:60:25", "OKR205"), // ladder out of order
    ("growth.okr.yaml:6:1", "OKR301"),               // too many objectives
    ("growth.okr.yaml:7:5", "OKR104"),               // objective without owner
    ("growth.okr.yaml:10:5", "OKR302"),              // too many KRs
    ("growth.okr.yaml:20:13", "OKR502"),             // dependency without owner/deliverable/due
    ("growth.okr.yaml:24:18", "OKR503"),             // dependency due after the cycle
    ("growth.okr.yaml:25:9", "OKR209"),              // weights on some KRs only
    ("growth.okr.yaml:27:16", "OKR103"),             // "Marketing" as owner
    ("growth.okr.yaml:33:25", "OKR007"),             // template placeholder
    ("growth.okr.yaml:60:16", "OKR102"),             // "A, B" as owner
    ("growth.okr.yaml:110:9", "OKR501"),             // objective aligned to nothing
    ("growth-experiment.okr.yaml:3:8", "OKR303"),    // micro OKR longer than four weeks
    ("growth-experiment.okr.yaml:11:9", "OKR304"),   // micro KR without a parent KR
    ("marketing.okr.yaml:20:9", "OKR002"),           // misspelt key
    ("sales.okr.yaml:9:16", "OKR504"),               // alignment in a circle
    ("sales.okr.yaml:25:25", "OKR004"),              // reference to a KR that does not exist
];

#[test]
fn anti_patterns_are_each_caught_at_their_line() {
    let run = okrlint(&["check", "fixtures/playbook/anti-patterns", "--as-of", "2026-02-16", "--format", "concise"]);
    assert_eq!(run.code, 1);
    for (place, code) in ANTI_PATTERNS {
        let needle = format!("fixtures/playbook/anti-patterns/{place}: ");
        assert!(
            run.stdout.lines().any(|l| l.starts_with(&needle) && l.contains(&format!("[{code}]"))),
            "{code} not reported at {place}:\n{}",
            run.stdout
        );
    }
    insta::assert_snapshot!("anti_patterns_concise", run.stdout);
}
