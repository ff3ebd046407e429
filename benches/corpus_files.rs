//! The OKR files of a benchmark corpus (every `*.yaml` but `.okrlint.yaml`),
//! and the run both floors make over them (`parse_floor`, `event_floor`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// A floor's `main`: reads every OKR file under the directory named on the
/// command line and applies `measure` to each text in parallel on all cores;
/// returns the sum of what it gives and the number of files.
pub fn over_corpus(program: &str, measure: impl Fn(&str) -> usize + Sync) -> (usize, usize) {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: {program} DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    let sum = files.par_iter().map(|path| measure(&std::fs::read_to_string(path).expect("read a corpus file"))).sum();
    (sum, files.len())
}

pub fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.to_string_lossy().ends_with(".yaml") && !path.ends_with(".okrlint.yaml") {
            out.push(path);
        }
    }
}
