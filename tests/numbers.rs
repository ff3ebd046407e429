//! Numbers as SPEC §5 wants them: exact up to 28 significant digits, longer is
//! OKR001, and no value can make a rule overflow or panic.

mod common;

use std::fs;

use common::{json_diagnostics, okrlint_in};

const SET: &str = "cycle: 2026-Q1\nlevel: company\nobjectives:\n  - id: grow\n    title: Grow revenue in the mid-market\n    owner: Ana Lima\n    key_results:\n      - id: arr\n        title: TITLE\n        owner: Growth PM\n        baseline: BASELINE\n        target: TARGET\n        source: Finance dashboard\n";

fn run(title: &str, baseline: &str, target: &str) -> (i32, Vec<serde_json::Value>, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = SET.replace("TITLE", title).replace("BASELINE", baseline).replace("TARGET", target);
    fs::write(dir.path().join("n.okr.yaml"), text).expect("write");
    let run = okrlint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-02-16",
            "--ignore",
            "OKR301,OKR302,OKR404,OKR604,OKR605",
            "n.okr.yaml",
        ],
    );
    assert!(!run.stderr.contains("internal error"), "{}", run.stderr);
    let found = json_diagnostics(&run);
    (run.code, found, run.stdout)
}

#[test]
fn a_huge_number_in_a_title_is_not_a_panic() {
    let (code, found, out) = run("Grow ARR from 1000000000000000000000bn to 2bn", "1", "2");
    assert_eq!(code, 0, "{out}");
    // The title can only mean the numbers as written, which differ from the fields.
    assert!(found.iter().any(|d| d["code"] == "OKR208"), "{out}");
}

#[test]
fn twenty_eight_digits_are_kept_and_twenty_nine_are_out_of_range() {
    let (code, found, out) = run("Grow ARR", "1234567890123456789012345678", "1234567890123456789012345679");
    assert_eq!(code, 0, "{out}");
    assert!(found.is_empty(), "{out}");
    let (code, found, out) = run("Grow ARR", "1", "12345678901234567890123456789");
    assert_eq!(code, 1, "{out}");
    let d = &found[0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("OKR001"), Some(12), Some(17)));
    assert!(d["message"].as_str().unwrap_or("").contains("28 significant digits"), "{out}");
    // Twenty-eight digits either side of the point differ only in the last.
    let (_, found, out) = run("Grow ARR", "0.1234567890123456789012345678", "0.1234567890123456789012345679");
    assert!(found.is_empty(), "{out}");
}
