//! The parse floor: what reading and parsing a project's YAML costs with
//! nothing else. `parse_floor DIR` reads every OKR file under DIR and parses it
//! with serde-saphyr into `IgnoredAny`, in parallel on all cores, as okrlint
//! does. The benchmark compares okrlint's times against this one.

use serde::de::IgnoredAny;

#[path = "corpus_files.rs"]
mod corpus_files;

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
    let (parsed, files) = corpus_files::over_corpus("parse_floor", |text| {
        usize::from(serde_saphyr::from_str_with_options::<IgnoredAny>(text, options()).is_ok())
    });
    println!("{parsed} of {files} files parsed");
}
