//! `okrlint report --format markdown`: GitHub-flavoured Markdown for a pull
//! request or a wiki. Every text from OKR files goes through `escape`, so a
//! title cannot break a table, open an HTML element or inject a link.

use std::fmt::Write;

use super::{
    DependencyState, KrReport, MapNode, Note, ObjectiveReport, Report, SetReport, Verdict, map_is_folded, number,
    percent, rag_name, shown, visible, visible_roots,
};
use crate::render::score::markdown::escape;
use crate::score::Status;

/// A colour's mark: the word always follows it, colour is never the only signal.
fn dot(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Red) => "🔴",
        Some(Status::Amber) => "🟠",
        Some(Status::Green) => "🟢",
        Some(Status::Stretch) => "🔵",
        None => "⚪",
    }
}

/// A colour as shown: its mark, then its word.
fn colour(status: Option<Status>) -> String {
    format!("{} {}", dot(status), rag_name(status))
}

/// A verdict as shown: its mark, then its words.
fn verdict(objective: &ObjectiveReport) -> String {
    let mark = match objective.verdict {
        Verdict::Delivered | Verdict::Succeeded => "✅",
        Verdict::Missed => "❌",
        Verdict::FellShort => "➖",
        Verdict::NoData => "⚪",
        Verdict::OnTrack => "🟢",
        Verdict::AtRisk => "⚠️",
    };
    format!("{mark} {}", objective.verdict_text())
}

/// A reference or path as code when it holds only plain characters (ids
/// are `[a-z0-9-]`), else as escaped text: a code span cannot escape `|`.
fn code(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')) {
        format!("`{text}`")
    } else {
        escape(text)
    }
}

/// Optional text from a file, escaped; `–` when absent.
fn text(value: Option<&str>) -> String {
    value.map_or("–".into(), escape)
}

pub fn render(report: &Report) -> String {
    let mut out = format!("# OKR report as of {}\n\n", report.as_of);
    let t = &report.totals;
    if let Some(why) = report.provisional() {
        let _ = writeln!(out, "> **Provisional:** {why}\n");
    }
    let _ = writeln!(out, "- **{}** sets, **{}** objectives, **{}** key results", t.sets, t.objectives, t.key_results);
    // Verdicts only for ended cycles; running ones say on track or at risk.
    if t.sets_ended > 0 {
        let _ = writeln!(
            out,
            "- Committed objectives (ended cycles): {} delivered, **{} missed**",
            t.committed_delivered, t.committed_missed
        );
        let _ = writeln!(
            out,
            "- Aspirational objectives (ended cycles): **{} succeeded** (0.70 or more)",
            t.aspirational_succeeded
        );
    }
    if t.sets_ended < t.sets {
        let _ = writeln!(
            out,
            "- Objectives of running cycles: **{} on track**, **{} at risk** (a key result red and behind pace)",
            t.on_track, t.at_risk
        );
    }
    let _ = writeln!(out, "- Red key results: {} ({} escalated)", t.red, t.red_escalated);
    let _ = writeln!(out, "- Key results with no check-in (scored 0.00): {}", t.no_evidence);
    let _ = writeln!(out, "- Key results still missing a learning (ended cycles): {}", t.missing_learnings);

    out.push_str("\n## Alignment map\n\n");
    if report.alignment.is_empty() {
        out.push_str("No objective to show.\n");
    } else {
        let (roots, folded) = visible_roots(&report.alignment);
        for node in roots {
            map_node(&mut out, node, 0);
        }
        if let Some(folded) = folded {
            let _ = writeln!(out, "- … {}", folded.describe());
        }
        if map_is_folded(&report.alignment) {
            let _ = writeln!(
                out,
                "\n_The map shows {} levels and up to {} objectives under each; what is folded is counted by colour (`--format json` has the whole tree)._",
                super::MAP_DEPTH,
                super::MAP_CHILDREN
            );
        }
    }

    if !report.sets.is_empty() {
        out.push_str("\n## Sets\n\n| set | level | cycle | score | RAG | check-in completion (goal 90%) |\n|---|---|---|---|---|---|\n");
        for set in &report.sets {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                escape(set.id),
                set.level,
                set.cycle_text(),
                shown(set.score),
                colour(set.rag),
                completion(set)
            );
        }
    }
    let objectives: Vec<&ObjectiveReport> = report.objectives().collect();
    if !objectives.is_empty() {
        out.push_str("\n## Objectives\n\n| objective | kind | score | RAG | verdict |\n|---|---|---|---|---|\n");
        for objective in &objectives {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} |",
                code(&objective.reference),
                text(objective.title),
                objective.kind,
                shown(objective.score),
                colour(objective.rag),
                verdict(objective)
            );
        }
    }
    let missing = report.missing_learnings();
    if !missing.is_empty() {
        out.push_str("\n## Still missing a learning\n\n");
        let refs: Vec<String> = missing.iter().map(|r| code(r)).collect();
        let _ = writeln!(out, "{} (add `learning:` to each; `okrlint check` reports them as OKR702)", refs.join(", "));
    }
    for set in &report.sets {
        set_section(&mut out, set);
    }
    out
}

fn completion(set: &SetReport) -> String {
    match set.completion_goal_met {
        Some(true) => format!("{} ✅", percent(set.checkin_completion)),
        Some(false) => format!("{} ⚠ below the goal", percent(set.checkin_completion)),
        None => "– (no period completed yet)".into(),
    }
}

fn map_node(out: &mut String, node: &MapNode, depth: usize) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{indent}- {} **{}** {} — {} {}",
        dot(node.rag),
        shown(node.score),
        rag_name(node.rag),
        code(&node.reference),
        text(node.title)
    );
    let (children, folded) = visible(node, depth);
    for child in children {
        map_node(out, child, depth + 1);
    }
    if let Some(folded) = folded {
        let _ = writeln!(out, "{indent}  - … {}", folded.describe());
    }
}

fn set_section(out: &mut String, set: &SetReport) {
    let name = set.name.map(|n| format!(" — {}", escape(n))).unwrap_or_default();
    let _ = writeln!(out, "\n## {}{name}\n", escape(set.id));
    let _ = writeln!(
        out,
        "{} · {} · score **{}** {} · check-in completion {} · {}",
        set.level,
        set.cycle_text(),
        shown(set.score),
        colour(set.rag),
        completion(set),
        code(set.file)
    );
    for objective in &set.objectives {
        objective_section(out, objective, set.ended);
    }
}

fn objective_section(out: &mut String, objective: &ObjectiveReport, ended: bool) {
    let _ = write!(
        out,
        "\n### {}: {}\n\n{} · score **{}** {} · {}",
        escape(objective.id),
        text(objective.title),
        objective.kind,
        shown(objective.score),
        colour(objective.rag),
        verdict(objective)
    );
    if let Some(owner) = &objective.owner {
        let _ = write!(out, " · owner {}", escape(owner));
    }
    if let Some(parent) = &objective.aligns_to {
        let _ = write!(out, " · aligns to {}", code(parent));
    }
    out.push('\n');
    if objective.key_results.is_empty() {
        return;
    }
    out.push_str(
        "\n| key result | owner | baseline → target | actual | score | RAG | confidence (start → end) | check-ins | notes |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for kr in &objective.key_results {
        let unit = kr.unit.map(|u| format!(" {}", escape(u))).unwrap_or_default();
        let confidence = kr.confidence_text();
        let _ = writeln!(
            out,
            "| **{}** {} | {} | {} → {}{unit} | {} | {} | {} | {confidence} | {} | {} |",
            escape(kr.id),
            text(kr.title),
            text(kr.owner.as_deref()),
            number(kr.baseline),
            number(kr.target),
            number(kr.actual),
            shown(kr.score),
            colour(kr.rag),
            kr.checkins,
            notes(kr)
        );
    }
    out.push_str("\n**Learnings**\n\n");
    for kr in &objective.key_results {
        match &kr.learning {
            Some(learning) => {
                let _ = writeln!(out, "- **{}**: {}", escape(kr.id), escape(learning));
            }
            None if ended => {
                let _ = writeln!(out, "- **{}**: ⚠ _missing_ — add `learning:` to the key result", escape(kr.id));
            }
            None => {
                let _ = writeln!(out, "- **{}**: _not written yet (the cycle is running)_", escape(kr.id));
            }
        }
    }
    let dependencies: Vec<_> =
        objective.key_results.iter().flat_map(|kr| kr.dependencies.iter().map(move |d| (kr, d))).collect();
    if !dependencies.is_empty() {
        out.push_str("\n**Dependencies**\n\n| key result | team | owner | deliverable | due | state |\n|---|---|---|---|---|---|\n");
        for (kr, d) in dependencies {
            let mark = match d.state {
                DependencyState::Incomplete | DependencyState::Late => "⚠ ",
                DependencyState::Upcoming | DependencyState::DuePassed => "",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {mark}{} |",
                escape(kr.id),
                text(d.team),
                text(d.owner),
                text(d.deliverable),
                d.due.map_or("–".into(), |d| d.to_string()),
                d.state.as_str()
            );
        }
    }
}

/// What a reader should notice about a key result, in one cell.
fn notes(kr: &KrReport) -> String {
    let notes: Vec<String> = kr.notes().into_iter().map(Note::text).collect();
    if notes.is_empty() { "–".into() } else { notes.join("; ") }
}
