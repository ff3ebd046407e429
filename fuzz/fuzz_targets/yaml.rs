//! The line reader against granit-parser: any text parses to the same tree,
//! spans and values included, or fails with the same error, whichever reads it
//! (`yaml::parse` takes the line reader for the simple form, `parse_by_granit`
//! never does).
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use okrlint::source::{FileKind, SourceFile};
use okrlint::yaml::{parse, parse_by_granit};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new(PathBuf::from("t.yaml"), "t.yaml".into(), text, FileKind::Unknown);
    let ours = format!("{:?}", parse(&file));
    let theirs = format!("{:?}", parse_by_granit(&file));
    assert_eq!(ours, theirs, "the two readers differ on {:?}", file.text);
});
