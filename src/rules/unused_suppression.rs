//! ## What it does
//! Reports a code in an `# okrlint: allow …` comment that does nothing: a code
//! or name that is no rule at all (`allow OKR9999`, a typo), a rule that can
//! never be silenced (OKR001, OKR006, OKR008), or an enabled rule that reports
//! nothing on the lines the comment covers (its own line and the next one, or
//! the whole value of a key below it whose value runs over several lines).
//! It runs after every other rule, over what they found in the files named.
//! A rule switched off by the configuration, `--select` or `--ignore` is not
//! judged: the run cannot know whether it would have fired.
//!
//! ## Why is this bad?
//! A suppression that hides nothing still reads as an agreed exception. A typo
//! in the code silences nothing while looking as if it did, and a comment left
//! behind after the KR was fixed (or moved two lines away from it) will quietly
//! hide the next, unrelated finding of that rule on its line.
//!
//! ## Example
//! ```yaml
//!       - id: churn
//!         # okrlint: allow OKR2O1 -- baseline arrives in week 2
//!         title: Cut monthly logo churn from 2.1% to 1.4%
//!         baseline: 2.1
//! ```
//! (`OKR2O1` holds a letter O, and the KR has a baseline anyway.)
//!
//! ## Use instead
//! Delete the comment, or name the rule that fires on that line or the next:
//! ```yaml
//!       - id: churn
//!         title: Cut monthly logo churn from 2.1% to 1.4%
//!         baseline: 2.1
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::config::ALWAYS_ON;
use crate::diagnostic::{Severity, quote};
use crate::fix::{Edit, Fix};
use crate::load::{Suppression, suggest};
use crate::source::{FileId, Span};

pub const RULE: Rule = Rule {
    code: "OKR008",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "a suppression names no rule, or an enabled rule that reports nothing on the line it covers",
    scope: Scope::Findings,
    source: include_str!("unused_suppression.rs"),
    check,
};

/// Rules whose findings no comment can hide (SPEC §2; a reason-less or unused
/// suppression must not be able to silence its own report).
pub const UNSUPPRESSIBLE: [&str; 3] = [ALWAYS_ON, "OKR006", "OKR008"];

fn check(ctx: &Context, sink: &mut Sink) {
    for (file, entry) in ctx.join.files.iter().enumerate().filter(|(_, entry)| entry.reported) {
        let Some(summary) = &entry.summary else { continue };
        for suppression in &summary.suppressions {
            if suppression.rules.is_empty() {
                sink.report_fixable(
                    file,
                    suppression.span,
                    "this suppression names no rule, so it hides nothing",
                    "name the rule after `allow`, e.g. `# okrlint: allow OKR402 -- agreed with the sponsor`, or delete the comment",
                    removal(ctx, file, suppression, None),
                );
            }
            let mut judged: Vec<&str> = Vec::new();
            for name in &suppression.rules {
                // Each code once, however often the comment repeats it.
                if judged.contains(&name.as_str()) {
                    continue;
                }
                judged.push(name);
                // Words that are no code at all: a reason written without `--`.
                if super::find(name).is_none() && !looks_like_code(name) {
                    sink.report(
                        file,
                        code_span(ctx, file, suppression, name),
                        format!("{} is not a rule code or name; the codes end there", quote(name)),
                        "write the reason after `--`: `# okrlint: allow OKR402 -- agreed with the sponsor`",
                    );
                    break;
                }
                unused(ctx, sink, file, suppression, name);
            }
        }
    }
}

/// Whether a time-bound rule judged `file` at all this run: the habit rules
/// are quiet on a past cycle and OKR702 outside its window (SPEC §2), and a
/// suppression of a rule that did not run there is not unused.
fn ran_on(ctx: &Context, file: FileId, code: &str) -> bool {
    const HABITS: &[&str] = &["OKR604", "OKR605", "OKR606", "OKR608", "OKR609", "OKR611"];
    let join = ctx.join;
    let Some(summary) = join.files.get(file).and_then(|f| f.summary.as_deref()) else { return true };
    let cycles: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = match (summary.set(), summary.log_set()) {
        (Some(set), _) => set.cycle.into_iter().collect(),
        (None, Some(id)) => join.cycles_of_id(id.text.trim()),
        _ => return true,
    };
    if HABITS.contains(&code) {
        cycles.is_empty() || cycles.iter().any(|c| ctx.habits_apply(*c))
    } else if code == "OKR702" {
        cycles.iter().any(|c| super::learning_due(*c, ctx.as_of))
    } else {
        true
    }
}

fn unused(ctx: &Context, sink: &mut Sink, file: FileId, suppression: &Suppression, name: &str) {
    let span = code_span(ctx, file, suppression, name);
    let Some(rule) = super::find(name) else {
        let all = super::registry().iter().flat_map(|r| [r.code, r.name]);
        let help = suggest(name, all)
            .map(|s| format!("did you mean `{s}`? (`okrlint rules` lists every rule)"))
            .unwrap_or_else(|| "`okrlint rules` lists every rule; fix the code or delete it".into());
        let fix = removal(ctx, file, suppression, Some(name));
        sink.report_fixable(file, span, format!("{} names no rule, so it hides nothing", quote(name)), help, fix);
        return;
    };
    if UNSUPPRESSIBLE.contains(&rule.code) {
        sink.report_fixable(
            file,
            span,
            format!("{} ({}) cannot be suppressed", rule.code, rule.name),
            "fix what it reports instead, and delete the code from the comment",
            removal(ctx, file, suppression, Some(name)),
        );
        return;
    }
    if !ctx.enabled.contains(&rule.code) || !ran_on(ctx, file, rule.code) {
        return;
    }
    let (line, until) = (suppression.line, suppression.until);
    let fires = ctx
        .findings
        .iter()
        .any(|d| d.file == file && d.code() == rule.code && (line..=until).contains(&(d.line as usize)));
    if !fires {
        let lines = if until > line.saturating_add(1) {
            format!("on lines {line} to {until} (the comment and the value below it)")
        } else {
            format!("on line {line} or {until}")
        };
        sink.report_fixable(
            file,
            span,
            format!("{} ({}) reports nothing {lines}, so this suppression hides nothing", rule.code, rule.name),
            "delete the code from the comment (the whole comment if it is the only one), or move the comment onto the line the finding is on, or the line above it",
            removal(ctx, file, suppression, Some(name)),
        );
    }
}

/// Whether a word is meant as a rule code (`OKR…`) or name (`two-words`).
fn looks_like_code(word: &str) -> bool {
    let upper = word.to_ascii_uppercase();
    upper.starts_with("OKR")
        || (word.contains('-')
            && !word.starts_with('-')
            && word.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c == '_'))
}

/// The code's own place in the comment, so the editor underlines just it.
fn code_span(ctx: &Context, file: FileId, suppression: &Suppression, name: &str) -> Span {
    let Some(source) = ctx.join.files[file].source() else { return suppression.span };
    let comment = source.slice(suppression.span);
    let words = comment.split("--").next().unwrap_or(comment);
    let mut offset = 0;
    for word in words.split_inclusive([',', ' ', '\t']) {
        let token = word.trim_end_matches([',', ' ', '\t']);
        if token == name {
            return Span::new(suppression.span.start().saturating_add(offset), token.len());
        }
        offset = offset.saturating_add(word.len());
    }
    suppression.span
}

/// The safe fix for an unused code: the code taken out of the comment with
/// its separator, or the whole comment when it names nothing else (`None`:
/// it names nothing at all) — the comment's line too when it stands alone.
fn removal(ctx: &Context, file: FileId, suppression: &Suppression, name: Option<&str>) -> Option<Box<Fix>> {
    let source = ctx.join.files[file].source()?;
    let text = source.text.as_str();
    let distinct = {
        let mut codes: Vec<&str> = suppression.rules.iter().map(String::as_str).collect();
        codes.sort_unstable();
        codes.dedup();
        codes.len()
    };
    let (start, end) = (suppression.span.start(), suppression.span.end());
    let comment = text.get(start..end)?;
    if name.is_none() || distinct <= 1 {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let alone = text[line_start..start].trim().is_empty();
        let span = if alone {
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            Span::new(line_start, line_end - line_start)
        } else {
            let before = text[line_start..start].trim_end_matches([' ', '\t']).len();
            Span::new(line_start + before, end - line_start - before)
        };
        return Some(Fix::safe("delete the suppression comment", vec![Edit::new(span, "")]));
    }
    let name = name?;
    let token = code_span(ctx, file, suppression, name);
    if token == suppression.span {
        return None;
    }
    let (from, to) = (token.start() - start, token.end() - start);
    let after = &comment[to..];
    let trailing = after.len()
        - after.trim_start_matches([' ', '\t']).trim_start_matches(',').trim_start_matches([' ', '\t']).len();
    let next = &after[trailing..];
    let span = if after[..trailing].contains(',') || (trailing > 0 && !next.is_empty() && !next.starts_with("--")) {
        // `A, B`: take `A, ` away.
        Span::new(token.start(), token.len() + trailing)
    } else {
        // The last code: take `, B` away.
        let before = &comment[..from];
        let kept = before.trim_end_matches([' ', '\t']).trim_end_matches(',').trim_end_matches([' ', '\t']).len();
        if !before[kept..].contains(',') && !before[kept..].is_empty() && before[..kept].ends_with("allow") {
            return None;
        }
        Span::new(start + kept, from - kept + token.len())
    };
    Some(Fix::safe(format!("remove `{name}` from the suppression"), vec![Edit::new(span, "")]))
}
