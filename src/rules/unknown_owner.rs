//! ## What it does
//! When the configuration lists the organisation's people (`people:`),
//! reports an objective or key-result owner who is not on that list, with
//! the closest name on it. A name the roster writes with other accents or
//! case ("Aylin Yilmaz" for "Aylin Yılmaz") is the same person: the finding
//! says how the roster spells it, with a fix. Owners that look like teams are
//! left to OKR103.
//!
//! ## Why is this bad?
//! An owner who is not on the roster has usually left, changed names or been
//! misspelt, and nobody will receive the reminders or escalations meant for
//! them.
//!
//! ## Example
//! ```yaml
//! # .okrlint.yaml
//! people: [Ana Lima, Lee Wong]
//! # growth.okr.yaml
//!         owner: Anna Lima
//! ```
//!
//! ## Use instead
//! ```yaml
//!         owner: Ana Lima
//! ```

use super::owners::{self, Roster};
use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::fix::{Edit, Fix};
use crate::model::{OkrSet, Owner, Sp};

pub const RULE: Rule = Rule {
    code: "OKR105",
    name: "unknown-owner",
    severity: Severity::Warning,
    summary: "a roster (`people`) is configured and the owner is not in it",
    scope: Scope::File,
    source: include_str!("unknown_owner.rs"),
    check,
};

fn report(ctx: &Context, roster: &Roster, sink: &mut Sink, set: &OkrSet, owner: &Option<Sp<Owner>>) {
    let Some(owner) = owner else { return };
    // A placeholder is OKR101's (or OKR104's) to report.
    if owners::placeholder(&owner.value).is_some() {
        return;
    }
    let names = owners::names(&owner.value);
    let [name] = names.as_slice() else { return };
    if owners::team_reason(name, set, roster).is_some() || roster.knows(name) {
        return;
    }
    // The same person, spelt without the roster's accents (or with other case).
    if let Some(spelling) = roster.same_person(name) {
        let raw = ctx.index.get_file(set.file).map_or("", |f| f.slice(owner.span));
        let one_line = matches!(owner.value, Owner::One(_)) && !raw.contains('\n') && !raw.starts_with(['|', '>']);
        let fix = one_line.then(|| {
            Fix::unsafe_(
                format!("write the owner as the roster does: `{spelling}`"),
                vec![Edit::new(owner.span, yaml_scalar(spelling))],
            )
        });
        sink.report_fixable(
            set.file,
            owner.span,
            format!("owner {} is on the roster as {}", quote(name), quote(spelling)),
            "write the name as the roster does, so that the person's OKRs are counted together",
            fix,
        );
        return;
    }
    let help = match roster.closest(name) {
        Some(close) => format!("did you mean `{close}`? Otherwise add the person to `people` in the configuration"),
        None => "add the person to `people` in the configuration, or name someone on the roster".into(),
    };
    sink.report(set.file, owner.span, format!("owner {} is not on the roster (`people`)", quote(name)), help);
}

/// A name as a YAML scalar: plain when that reads back as the same text, else double-quoted.
fn yaml_scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && text.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\''))
        && !text.ends_with(' ');
    if plain {
        return text.to_string();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn check(ctx: &Context, sink: &mut Sink) {
    let roster = ctx.roster();
    if !roster.has_people() {
        return;
    }
    for (_, set, objective) in ctx.index.objectives() {
        report(ctx, &roster, sink, set, &objective.owner);
        for kr in &objective.key_results {
            report(ctx, &roster, sink, set, &kr.owner);
        }
    }
}
