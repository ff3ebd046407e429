//! Loading one file of each kind: the first byte picks the kind (set, check-in
//! log, metric dictionary, or a file whose name says nothing), the rest is the
//! text. Loading must never panic, and every problem must lie inside the text.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use okrlint::load::load;
use okrlint::source::{FileKind, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let name = ["t.okr.yaml", "t.checkins.yaml", "t.metrics.yaml", "t.yaml"][usize::from(pick % 4)];
    let kind = FileKind::from_name(name).unwrap_or(FileKind::Unknown);
    let text = String::from_utf8_lossy(rest).into_owned();
    let len = text.len();
    let file = SourceFile::new(PathBuf::from(name), name.into(), text, kind);
    let result = load(Arc::new(file), 0);
    for problem in &result.problems {
        assert!(problem.span.end() <= len, "a problem past the end: {problem:?}");
    }
});
