//! The event floor: the least any YAML linter can do. `event_floor DIR` reads
//! every OKR file under DIR and pulls granit-parser's event stream over it
//! (the parser okrlint reads), in parallel on all cores, counting events and
//! building nothing. The benchmark gives okrlint's times as × this floor,
//! beside the serde-saphyr floor (`parse_floor`).

#[path = "corpus_files.rs"]
mod corpus_files;

fn main() {
    let (events, files) = corpus_files::over_corpus("event_floor", |text| {
        // As okrlint asks for it: no comment events.
        let mut options = granit_parser::Options::default();
        options.emit_comments = false;
        granit_parser::Parser::new_from_str_with_options(text, options).take_while(Result::is_ok).count()
    });
    println!("{events} events in {files} files");
}
