//! ## What it does
//! Reports an objective id used twice in one set, a key-result id used twice
//! in one objective, and a set id used by two files of the project whose
//! cycles overlap (then in the later file by path order, also when only the
//! other file was named). The same id in cycles that do not overlap is one
//! team's history (`growth` for 2026-Q3 and for 2026-Q4), not a duplicate.
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

use rustc_hash::FxHashMap as HashMap;

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::source::FileId;

pub const RULE: Rule = Rule {
    code: "OKR003",
    name: "duplicate-id",
    severity: Severity::Error,
    summary: "duplicate objective id in a set, KR id in an objective, set id in the project for overlapping cycles",
    scope: Scope::Project,
    source: include_str!("duplicate_id.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // Set ids across the project: the join knows every set, loaded or not.
    // A set clashes with the first earlier set of its id whose cycle overlaps
    // its own (a set whose cycle cannot be read overlaps any).
    let mut seen: HashMap<&str, Vec<FileId>> = HashMap::default();
    for (file, set) in ctx.join.sets() {
        let earlier = seen.entry(set.id.value.as_str()).or_default();
        let clash = earlier.iter().copied().find(|other| match (set.cycle, ctx.join.cycle_of(*other)) {
            (Some(a), Some(b)) => crate::join::overlap(a, b),
            _ => true,
        });
        earlier.push(file);
        let Some(first) = clash else { continue };
        if !(ctx.reported(file) || ctx.reported(first)) {
            continue;
        }
        let other = &ctx.join.files[first].display;
        let how = if set.id_written { "" } else { " (taken from the file name)" };
        let cycles = match (set.cycle, ctx.join.cycle_of(first)) {
            (Some((s, e)), Some((s2, e2))) => format!(", for an overlapping cycle ({s} – {e} and {s2} – {e2})"),
            _ => String::new(),
        };
        sink.report(
            file,
            set.id.span,
            format!("set id {}{how} is already used by {other}{cycles}", quote(&set.id.value)),
            "give each set its own id, or a cycle that does not overlap: a set is its id and its cycle",
        );
    }
    // Objective and KR ids within each named set, from its summary.
    for (file, set) in ctx.join.sets().filter(|(file, _)| ctx.reported(*file)) {
        let line = |offset: usize| ctx.join.files[file].source().map_or(1, |s| s.position(offset).line);
        let mut objective_ids: HashMap<&str, usize> = HashMap::default();
        for objective in &set.objectives {
            if let Some(id) = &objective.id {
                if let Some(first) = objective_ids.get(id.value.as_str()) {
                    sink.report(
                        file,
                        id.span,
                        format!(
                            "objective id {} is already used on line {} of this set",
                            quote(&id.value),
                            line(*first)
                        ),
                        "rename one of the objectives: objective ids are unique within a set",
                    );
                } else {
                    objective_ids.insert(&id.value, id.span.start());
                }
            }
            let mut kr_ids: HashMap<&str, usize> = HashMap::default();
            for kr in &objective.key_results {
                let Some(id) = &kr.id else { continue };
                if let Some(first) = kr_ids.get(id.value.as_str()) {
                    sink.report(
                        file,
                        id.span,
                        format!(
                            "key result id {} is already used on line {} of this objective",
                            quote(&id.value),
                            line(*first)
                        ),
                        "rename one of the key results: key-result ids are unique within an objective",
                    );
                } else {
                    kr_ids.insert(&id.value, id.span.start());
                }
            }
        }
    }
}
