//! ## What it does
//! Reports an objective id used twice in one set, a key-result id used twice
//! in one objective, and a set id used by two files of the project (then in
//! the later file by path order).
//!
//! ## Why is this bad?
//! References (`growth/faster-value/ttv`), check-ins and scores find their
//! objective or key result by id. With two candidates, a check-in may be
//! counted against the wrong key result and an alignment link is ambiguous.
//!
//! ## Example
//! ```yaml
//! objectives:
//!   - id: retention
//!     title: Keep new customers coming back
//!   - id: retention
//!     title: Make renewals effortless
//! ```
//!
//! ## Use instead
//! ```yaml
//! objectives:
//!   - id: retention
//!     title: Keep new customers coming back
//!   - id: easy-renewals
//!     title: Make renewals effortless
//! ```

use std::collections::HashMap;

use super::{Context, Rule, Sink};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR003",
    name: "duplicate-id",
    severity: Severity::Error,
    summary: "duplicate objective id in a set, KR id in an objective, set id in the project",
    source: include_str!("duplicate_id.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let index = ctx.index;
    let mut first_set: HashMap<&str, usize> = HashMap::new();
    let mut sets: Vec<usize> = (0..index.sets.len()).collect();
    sets.sort_by_key(|s| index.sets[*s].file);
    for s in sets {
        let set = &index.sets[s];
        if let Some(first) = first_set.get(set.id.value.as_str()) {
            let other = &index.files[index.sets[*first].file].display;
            let how = if set.id_written { "" } else { " (taken from the file name)" };
            sink.report(
                set.file,
                set.id.span,
                format!("set id {}{how} is already used by {other}", quote(&set.id.value)),
                "give each set its own id: set ids are unique across the project",
            );
        } else {
            first_set.insert(&set.id.value, s);
        }
        let mut objective_ids: HashMap<&str, usize> = HashMap::new();
        for objective in &set.objectives {
            if let Some(id) = &objective.id {
                if let Some(line) = objective_ids.get(id.value.as_str()) {
                    sink.report(
                        set.file,
                        id.span,
                        format!("objective id {} is already used on line {line} of this set", quote(&id.value)),
                        "rename one of the objectives: objective ids are unique within a set",
                    );
                } else {
                    objective_ids.insert(&id.value, index.files[set.file].position(id.span.start).line);
                }
            }
            let mut kr_ids: HashMap<&str, usize> = HashMap::new();
            for kr in &objective.key_results {
                let Some(id) = &kr.id else { continue };
                if let Some(line) = kr_ids.get(id.value.as_str()) {
                    sink.report(
                        set.file,
                        id.span,
                        format!("key result id {} is already used on line {line} of this objective", quote(&id.value)),
                        "rename one of the key results: key-result ids are unique within an objective",
                    );
                } else {
                    kr_ids.insert(&id.value, index.files[set.file].position(id.span.start).line);
                }
            }
        }
    }
}
