//! `check` over one fuzzed file in a small project (the playbook's gold
//! fixture): the first byte picks which file the input replaces, or adds it as
//! a new set. Every rule runs, with every file named; findings must be placed
//! inside their files and never reported twice.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use okrlint::config::Config;
use okrlint::lint::Selection;
use okrlint::project::Project;

const GOLD: [(&str, &str); 5] = [
    ("company.okr.yaml", include_str!("../../fixtures/playbook/gold/company.okr.yaml")),
    ("growth.okr.yaml", include_str!("../../fixtures/playbook/gold/growth.okr.yaml")),
    ("growth-incentive.okr.yaml", include_str!("../../fixtures/playbook/gold/growth-incentive.okr.yaml")),
    ("company.metrics.yaml", include_str!("../../fixtures/playbook/gold/company.metrics.yaml")),
    ("growth.checkins.yaml", include_str!("../../fixtures/playbook/gold/growth.checkins.yaml")),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut files: Vec<(PathBuf, String)> =
        GOLD.iter().map(|(name, text)| (PathBuf::from(name), (*text).to_string())).collect();
    match files.get_mut(usize::from(pick) % 6) {
        Some(file) => file.1 = text,
        None => files.push((PathBuf::from("fuzzed.okr.yaml"), text)),
    }
    // A file's id is its place in path order.
    files.sort();
    let sizes: Vec<usize> = files.iter().map(|(_, t)| t.len()).collect();
    let mut project = Project::in_memory(PathBuf::from("."), Config::default(), files);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 2, 16).expect("a date");
    let found = project.check(&Selection::default(), as_of);
    for pair in found.windows(2) {
        assert_ne!(pair[0], pair[1], "a finding reported twice");
    }
    for d in &found {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        assert!((d.end_line, d.end_column) >= (d.line, d.column), "{d:?}");
        if let Some(size) = sizes.get(d.file) {
            assert!(d.span.end() <= *size, "a span past the end of its file: {d:?}");
        }
    }
});
