//! ## What it does
//! Reports an objective title that is more than one sentence, or longer than
//! `limits.objective_words` words (15 by default). Words are counted as runs
//! of text holding a letter or digit; a sentence ends at `.`, `!` or `?`
//! followed by a space and a capital letter or digit, except after common
//! abbreviations (`e.g.`, `i.e.`, `etc.`, `vs.`, `Inc.`) and initials.
//!
//! ## Why is this bad?
//! An objective is the line people repeat in the hallway for a whole cycle. A
//! paragraph cannot be remembered, and a second sentence is usually a key
//! result, a plan or a justification that belongs elsewhere: in the key
//! results, the initiatives, or the set's notes.
//!
//! ## Example
//! ```yaml
//!   - id: partners
//!     title: Make partners successful. We will run enablement sessions and improve the portal so that they close more deals on their own.
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - id: partners
//!     title: Make partners successful on their own
//!     # enablement sessions and the portal go under initiatives
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "OKR405",
    name: "long-objective",
    severity: Severity::Warning,
    summary: "the objective is more than one sentence or more than `limits.objective_words` words",
    scope: Scope::File,
    source: include_str!("long_objective.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let limit = ctx.config.limits.objective_words as usize;
    for (_, set, objective) in ctx.index.objectives() {
        let Some(title) = &objective.title else { continue };
        let words = word_count(&title.value);
        let sentences = sentence_count(&title.value);
        let mut problems = Vec::new();
        if sentences > 1 {
            problems.push(format!("{sentences} sentences"));
        }
        if words > limit {
            problems.push(format!("{words} words, more than the {limit} allowed"));
        }
        if problems.is_empty() {
            continue;
        }
        sink.report(
            set.file,
            title.span,
            format!("the objective's title has {}", problems.join(" and ")),
            "keep the objective to one short sentence people can repeat; move the detail into key results or initiatives",
        );
    }
}

/// Runs of text holding a letter or a digit ("—" and "&" alone are no words).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "inc", "ltd", "co", "corp", "dr", "mr", "mrs", "ms", "st", "no", "approx", "incl",
    "dept", "jr", "sr",
];

/// Sentences in a title: one, plus one for each end of sentence followed by
/// more text that starts like a sentence.
pub fn sentence_count(text: &str) -> usize {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut count = 1;
    for pair in words.windows(2) {
        let (word, next) = (pair[0], pair[1]);
        let Some(last) = word.chars().last() else { continue };
        if !matches!(last, '.' | '!' | '?') {
            continue;
        }
        let bare = word.trim_end_matches(['.', '!', '?']).trim_start_matches(['(', '"', '\'']).to_lowercase();
        // An abbreviation or an initial ("J. Smith") ends nothing.
        if last == '.' && (ABBREVIATIONS.contains(&bare.as_str()) || bare.chars().count() == 1) {
            continue;
        }
        if next.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_and_sentences_as_a_reader_would() {
        assert_eq!(word_count("Make partners successful — on their own & fast"), 7);
        assert_eq!(sentence_count("Make partners successful on their own"), 1);
        assert_eq!(sentence_count("Make partners successful. We will run sessions."), 2);
        assert_eq!(sentence_count("Win the market! Then expand? Yes."), 3);
        for one in [
            "Grow revenue in key markets, e.g. Germany and Japan",
            "Ship v2.0 to every region",
            "Beat Acme Inc. On every deal",
            "Hire J. Smith as the lead",
            "Reach profitability vs. last year",
            "Make onboarding fast...and friendly",
        ] {
            assert_eq!(sentence_count(one), 1, "{one}");
        }
    }
}
