//! The parse floor: what reading and parsing a project's YAML costs with
//! nothing else. `parse_floor DIR` reads every OKR file under DIR and parses it
//! with serde-saphyr into `IgnoredAny`, in parallel on all cores, as okrlint
//! does. The benchmark compares okrlint's times against this one.

use std::path::Path;

use rayon::prelude::*;
use serde::de::IgnoredAny;

#[path = "corpus_files.rs"]
mod corpus_files;

use corpus_files::collect;

/// The budgets okrlint itself parses with (large enough for big logs).
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 20_000_000;
    budget.max_nodes = 10_000_000;
    budget.max_total_scalar_bytes = 256 * 1024 * 1024;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    let parsed: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read a corpus file");
            let parsed = serde_saphyr::from_str_with_options::<IgnoredAny>(&text, options());
            usize::from(parsed.is_ok())
        })
        .sum();
    println!("{parsed} of {} files parsed", files.len());
}
