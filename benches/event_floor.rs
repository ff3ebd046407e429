//! The event floor: the least any YAML linter can do. `event_floor DIR` reads
//! every OKR file under DIR and pulls granit-parser's event stream over it
//! (the parser okrlint reads), in parallel on all cores, counting events and
//! building nothing. The benchmark gives okrlint's times as × this floor,
//! beside the serde-saphyr floor (`parse_floor`).

use std::path::Path;

use rayon::prelude::*;

#[path = "corpus_files.rs"]
mod corpus_files;

use corpus_files::collect;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: event_floor DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    let events: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read a corpus file");
            // As okrlint asks for it: no comment events.
            let mut options = granit_parser::Options::default();
            options.emit_comments = false;
            granit_parser::Parser::new_from_str_with_options(&text, options).take_while(Result::is_ok).count()
        })
        .sum();
    println!("{events} events in {} files", files.len());
}
