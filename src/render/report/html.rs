//! `okrlint report --format html`: one self-contained page — inline CSS and
//! inline SVG charts, no script, no external font, image or link — readable
//! on a phone and in print, light or dark as the reader's system prefers.
//! A Content-Security-Policy forbids scripts and remote loads as a second
//! line of defence; the first is `escape`, which every text from OKR files
//! goes through (element content and attribute values alike).

use std::fmt::Write;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{
    DependencyState, Folded, KrReport, MapNode, ObjectiveReport, Report, SetReport, Verdict, map_is_folded, number,
    percent, rag_name, shown, visible, visible_roots,
};
use crate::score::Status;

/// Text safe as HTML element content and inside a quoted attribute value:
/// line breaks and tabs become spaces (the page shows one line anyway),
/// other terminal and bidi control characters are dropped, and the second
/// `#` of a `##` is a character reference, so the page reads the same but
/// its source holds no CI command marker (`##[`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = '\0';
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '#' if previous == '#' => out.push_str("&#35;"),
            '\n' | '\r' | '\t' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if crate::render::safe::is_unsafe(c) => {}
            c => out.push(c),
        }
        previous = c;
    }
    out
}

fn text(value: Option<&str>) -> String {
    value.map_or("–".into(), escape)
}

/// The CSS class of a colour.
fn class(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Red) => "red",
        Some(Status::Amber) => "amber",
        Some(Status::Green) => "green",
        Some(Status::Stretch) => "stretch",
        None => "none",
    }
}

/// A coloured chip that also spells the colour out.
fn chip(status: Option<Status>) -> String {
    format!("<span class=\"chip {}\">{}</span>", class(status), rag_name(status))
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --red: #cf222e; --amber: #bf8700; --green: #1a7f37; --stretch: #0969da; --none: #8c959f; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --red: #ff7b72; --amber: #d29922; --green: #3fb950; --stretch: #58a6ff; --none: #6e7681; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 68rem; padding: 1rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: .2rem 0 1rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
.muted, .meta { color: var(--muted); } .meta { font-size: .9rem; }
.note { background: var(--panel); border-left: 4px solid var(--amber); padding: .5rem .8rem; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; margin: 1rem 0; }
.totals div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .7rem; }
.totals strong { display: block; font-size: 1.4rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.chip { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; color: #fff; white-space: nowrap; }
.chip.red { background: var(--red); } .chip.amber { background: var(--amber); } .chip.green { background: var(--green); }
.chip.stretch { background: var(--stretch); } .chip.none { background: var(--none); }
svg { display: block; max-width: 100%; height: auto; } svg.map { max-width: none; }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; }
svg .muted { fill: var(--muted); }
svg .axis { stroke: var(--line); } svg .pace { stroke: var(--muted); stroke-dasharray: 4 3; fill: none; }
svg .line { stroke: var(--fg); fill: none; stroke-width: 1.5; } svg .dot { fill: var(--fg); }
svg .red { fill: var(--red); } svg .amber { fill: var(--amber); } svg .green { fill: var(--green); }
svg .stretch { fill: var(--stretch); } svg .none { fill: var(--none); } svg .track { fill: var(--panel); stroke: var(--line); }
svg .edge { stroke: var(--line); fill: none; }
.kr { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; break-inside: avoid; }
.kr header { display: flex; flex-wrap: wrap; gap: .3rem .8rem; align-items: baseline; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; margin: .4rem 0; }
.missing { color: var(--amber); font-weight: 600; } .ok { color: var(--green); font-weight: 600; }
@media print { body { max-width: none; font-size: 11pt; } h2 { break-after: avoid; } .scroll { overflow: visible; } }
"#;

pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"okrlint {}\">\n<title>OKR report as of {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        report.as_of
    );
    let _ = writeln!(out, "<h1>OKR report as of {}</h1>", report.as_of);
    let t = &report.totals;
    if let Some(why) = report.provisional() {
        let _ = writeln!(out, "<p class=\"note\"><strong>Provisional:</strong> {why}</p>");
    }
    // Verdict tiles for ended cycles only; running cycles get on track / at risk.
    let mut tiles = format!(
        "<div><strong>{}</strong>sets · {} objectives · {} key results</div>",
        t.sets, t.objectives, t.key_results
    );
    if t.sets_ended > 0 {
        let _ = write!(
            tiles,
            "<div><strong>{} missed</strong>{} delivered (committed objectives, ended cycles)</div>\
<div><strong>{} succeeded</strong>aspirational objectives at 0.70 or more (ended cycles)</div>",
            t.committed_missed, t.committed_delivered, t.aspirational_succeeded
        );
    }
    if t.sets_ended < t.sets {
        let _ = write!(
            tiles,
            "<div><strong>{} on track</strong>{} at risk (objectives of running cycles)</div>",
            t.on_track, t.at_risk
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"totals\">{tiles}\
<div><strong>{} red</strong>key results, {} escalated</div>\
<div><strong>{}</strong>key results with no check-in (scored 0.00)</div>\
<div><strong>{}</strong>key results missing a learning (ended cycles)</div></div>",
        t.red, t.red_escalated, t.no_evidence, t.missing_learnings
    );
    out.push_str("<h2>Alignment map</h2>\n");
    alignment_map(&mut out, &report.alignment);
    if !report.sets.is_empty() {
        out.push_str("<h2>Sets</h2>\n<div class=\"scroll\"><table><thead><tr><th>set</th><th>level</th><th>cycle</th><th>score</th><th>RAG</th><th>check-in completion (goal 90%)</th></tr></thead><tbody>\n");
        for set in &report.sets {
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#set-{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                anchor(set.id),
                escape(set.id),
                set.level,
                set.cycle_text(),
                shown(set.score),
                chip(set.rag),
                completion(set)
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    let objectives: Vec<&ObjectiveReport> = report.objectives().collect();
    if !objectives.is_empty() {
        out.push_str("<h2>Objectives</h2>\n<div class=\"scroll\"><table><thead><tr><th>objective</th><th>kind</th><th>score</th><th>RAG</th><th>verdict</th></tr></thead><tbody>\n");
        for objective in &objectives {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code> {}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&objective.reference),
                text(objective.title),
                objective.kind,
                shown(objective.score),
                chip(objective.rag),
                verdict(objective)
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    let missing: Vec<String> =
        report.missing_learnings().into_iter().map(|r| format!("<code>{}</code>", escape(r))).collect();
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Still missing a learning</h2>\n<p>{} <span class=\"muted\">(add <code>learning:</code> to each; <code>okrlint check</code> reports them as OKR702)</span></p>",
            missing.join(", ")
        );
    }
    for set in &report.sets {
        set_section(&mut out, set);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// An id usable in a fragment: ids are `[a-z0-9-]+`, anything else is dropped.
fn anchor(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

fn completion(set: &SetReport) -> String {
    match set.completion_goal_met {
        Some(true) => format!("{} ✓", percent(set.checkin_completion)),
        Some(false) => format!("{} <span class=\"missing\">below the goal</span>", percent(set.checkin_completion)),
        None => "– (no period completed yet)".into(),
    }
}

fn set_section(out: &mut String, set: &SetReport) {
    let name = set.name.map(|n| format!(" — {}", escape(n))).unwrap_or_default();
    let _ = writeln!(out, "<section id=\"set-{}\">\n<h2>{}{name}</h2>", anchor(set.id), escape(set.id));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · {} · score <strong>{}</strong> {} · check-in completion {} · <code>{}</code></p>",
        set.level,
        set.cycle_text(),
        shown(set.score),
        chip(set.rag),
        completion(set),
        escape(set.file)
    );
    for objective in &set.objectives {
        objective_section(out, set, objective);
    }
    out.push_str("</section>\n");
}

fn objective_section(out: &mut String, set: &SetReport, objective: &ObjectiveReport) {
    let _ = writeln!(
        out,
        "<h3>{}: {}</h3>\n<p class=\"meta\">{} · score <strong>{}</strong> {} · <strong>{}</strong>",
        escape(objective.id),
        text(objective.title),
        objective.kind,
        shown(objective.score),
        chip(objective.rag),
        verdict(objective)
    );
    if let Some(owner) = &objective.owner {
        let _ = write!(out, " · owner {}", escape(owner));
    }
    if let Some(parent) = &objective.aligns_to {
        let _ = write!(out, " · aligns to <code>{}</code>", escape(parent));
    }
    out.push_str("</p>\n");
    for kr in &objective.key_results {
        kr_card(out, set, kr);
    }
}

fn verdict(objective: &ObjectiveReport) -> String {
    // The text is okrlint's own words and a number: nothing to escape.
    let text = objective.verdict_text();
    match objective.verdict {
        Verdict::Missed | Verdict::AtRisk => format!("<span class=\"missing\">{text}</span>"),
        Verdict::Delivered | Verdict::Succeeded | Verdict::OnTrack => format!("<span class=\"ok\">{text}</span>"),
        Verdict::FellShort | Verdict::NoData => text,
    }
}

fn kr_card(out: &mut String, set: &SetReport, kr: &KrReport) {
    let unit = kr.unit.map(|u| format!(" {}", escape(u))).unwrap_or_default();
    let _ = writeln!(
        out,
        "<article class=\"kr\"><header><strong>{}</strong> <span>{}</span> {}</header>",
        escape(kr.id),
        text(kr.title),
        chip(kr.rag)
    );
    let confidence = kr.confidence_text();
    let _ = writeln!(
        out,
        "<p class=\"meta\">owner {} · {} → {}{unit} · actual {} · score <strong>{}</strong> · confidence {confidence} · {} check-in(s){}</p>",
        text(kr.owner.as_deref()),
        number(kr.baseline),
        number(kr.target),
        number(kr.actual),
        shown(kr.score),
        kr.checkins,
        kr.last_checkin.map(|d| format!(", last {d}")).unwrap_or_default()
    );
    out.push_str("<div class=\"charts\">");
    score_bar(out, kr);
    trend_chart(out, set, kr);
    out.push_str("</div>\n");
    let notes: Vec<String> = kr
        .notes()
        .into_iter()
        .map(|note| {
            let text = note.text();
            if note.is_warning() { format!("<span class=\"missing\">{text}</span>") } else { text }
        })
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "<p>Notes: {}</p>", notes.join("; "));
    }
    match &kr.learning {
        Some(learning) => {
            let _ = writeln!(out, "<p><strong>Learning:</strong> {}</p>", escape(learning));
        }
        None if set.ended => {
            out.push_str("<p class=\"missing\">Learning missing: add <code>learning:</code> to the key result.</p>\n")
        }
        None => out.push_str("<p class=\"muted\">Learning: not written yet (the cycle is running).</p>\n"),
    }
    if !kr.dependencies.is_empty() {
        out.push_str("<div class=\"scroll\"><table><thead><tr><th>depends on</th><th>owner</th><th>deliverable</th><th>due</th><th>state</th></tr></thead><tbody>");
        for d in &kr.dependencies {
            let state = match d.state {
                DependencyState::Incomplete | DependencyState::Late => {
                    format!("<span class=\"missing\">{}</span>", d.state.as_str())
                }
                DependencyState::Upcoming | DependencyState::DuePassed => d.state.as_str().to_string(),
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{state}</td></tr>",
                text(d.team),
                text(d.owner),
                text(d.deliverable),
                d.due.map_or("–".into(), |d| d.to_string())
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.push_str("</article>\n");
}

fn f64_of(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A bar as long as the score, coloured by its band, with the band edges marked.
fn score_bar(out: &mut String, kr: &KrReport) {
    let score = kr.score.map_or(0.0, |s| f64_of(crate::score::round2(s)).clamp(0.0, 1.0));
    let _ = write!(
        out,
        "<svg width=\"200\" height=\"34\" viewBox=\"0 0 200 34\" role=\"img\" aria-label=\"score {} {}\">\
<rect class=\"track\" x=\"0.5\" y=\"4.5\" width=\"199\" height=\"14\" rx=\"3\"/>\
<rect class=\"{}\" x=\"0.5\" y=\"4.5\" width=\"{:.1}\" height=\"14\" rx=\"3\"/>",
        shown(kr.score),
        rag_name(kr.rag),
        class(kr.rag),
        score * 199.0
    );
    for edge in [0.3, 0.6, 0.9] {
        let x = 0.5 + edge * 199.0;
        let _ = write!(out, "<line class=\"axis\" x1=\"{x:.1}\" y1=\"2\" x2=\"{x:.1}\" y2=\"21\"/>");
    }
    let _ = write!(out, "<text x=\"0\" y=\"32\" class=\"muted\">score {}</text></svg>", shown(kr.score));
}

/// The actuals over the cycle, with the straight path from baseline (cycle
/// start) to target (due date) dashed beside them.
fn trend_chart(out: &mut String, set: &SetReport, kr: &KrReport) {
    let (Some(cycle), Some(baseline), Some(target)) = (&set.cycle, kr.baseline, kr.target) else { return };
    let due = kr.due.unwrap_or(cycle.end);
    let span_days = due.signed_duration_since(cycle.start).num_days().max(1) as f64;
    let values: Vec<f64> =
        [baseline, target].into_iter().chain(kr.readings.iter().map(|r| r.actual)).map(f64_of).collect();
    let (mut low, mut high) = values.iter().fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
    if (high - low).abs() < f64::EPSILON {
        low -= 1.0;
        high += 1.0;
    }
    let (width, height, left, top, bottom) = (260.0, 90.0, 4.0, 6.0, 74.0);
    let x = |date: chrono::NaiveDate| {
        left + (date.signed_duration_since(cycle.start).num_days() as f64 / span_days).clamp(0.0, 1.0)
            * (width - 2.0 * left)
    };
    let y = |v: f64| bottom - (v - low) / (high - low) * (bottom - top);
    let _ = write!(
        out,
        "<svg width=\"260\" height=\"90\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{} check-ins from {} towards {}; dashed: the straight path\">\
<line class=\"axis\" x1=\"{left}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\"/>\
<line class=\"pace\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
        kr.readings.len(),
        number(Some(baseline)),
        number(Some(target)),
        width - left,
        x(cycle.start),
        y(f64_of(baseline)),
        x(due),
        y(f64_of(target))
    );
    // The target's label sits above its end of the path, or below when that is the top.
    let target_y = y(f64_of(target));
    let label_y = if target_y < top + 12.0 { target_y + 13.0 } else { target_y - 4.0 };
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{label_y:.1}\" class=\"muted\" text-anchor=\"end\">target {}</text>",
        width - left,
        number(Some(target))
    );
    let points: Vec<String> =
        kr.readings.iter().map(|r| format!("{:.1},{:.1}", x(r.date), y(f64_of(r.actual)))).collect();
    if points.len() > 1 {
        let _ = write!(out, "<polyline class=\"line\" points=\"{}\"/>", points.join(" "));
    }
    for point in &points {
        if let Some((px, py)) = point.split_once(',') {
            let _ = write!(out, "<circle class=\"dot\" cx=\"{px}\" cy=\"{py}\" r=\"2.5\"/>");
        }
    }
    let _ = write!(
        out,
        "<text x=\"{left}\" y=\"88\" class=\"muted\">{}</text><text x=\"{}\" y=\"88\" class=\"muted\" text-anchor=\"end\">{due}</text></svg>",
        cycle.start,
        width - left
    );
}

/// One row of the drawn map: a node or a folded remainder, at a depth.
enum Row<'a> {
    Node(&'a MapNode<'a>),
    Folded(Folded),
}

/// The alignment map as an indented tree in SVG; levels and children past
/// the limits are folded into a row counting them by colour.
fn alignment_map(out: &mut String, roots: &[MapNode]) {
    if roots.is_empty() {
        out.push_str("<p class=\"muted\">No objective to show.</p>\n");
        return;
    }
    fn walk<'a>(
        node: &'a MapNode,
        depth: usize,
        rows: &mut Vec<(usize, Option<usize>, Row<'a>)>,
        parent: Option<usize>,
    ) {
        let me = rows.len();
        rows.push((depth, parent, Row::Node(node)));
        let (children, folded) = visible(node, depth);
        for child in children {
            walk(child, depth + 1, rows, Some(me));
        }
        if let Some(folded) = folded {
            rows.push((depth + 1, Some(me), Row::Folded(folded)));
        }
    }
    let mut rows = Vec::new();
    let (shown_roots, folded) = visible_roots(roots);
    for node in shown_roots {
        walk(node, 0, &mut rows, None);
    }
    if let Some(folded) = folded {
        rows.push((0, None, Row::Folded(folded)));
    }
    const ROW: f64 = 24.0;
    const INDENT: f64 = 22.0;
    let height = rows.len() as f64 * ROW + 8.0;
    // As wide as its longest row (about 6.6 px a character at 12 px), so that
    // a phone scrolls the map sideways instead of shrinking its text.
    let width = rows
        .iter()
        .map(|(depth, _, row)| {
            let chars = match row {
                Row::Node(node) => {
                    node.title.map_or(0, |t| t.chars().count().min(64)) + node.reference.chars().count() + 20
                }
                Row::Folded(folded) => folded.describe().chars().count() + 2,
            };
            24.0 + *depth as f64 * INDENT + chars as f64 * 6.6
        })
        .fold(320.0, f64::max)
        .min(1600.0)
        .ceil();
    let _ = write!(
        out,
        "<div class=\"scroll\"><svg class=\"map\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"alignment map: company objectives at the top, what aligns to them beneath\">"
    );
    let center = |i: usize| i as f64 * ROW + 16.0;
    for (i, (depth, parent, _)) in rows.iter().enumerate() {
        if let Some(p) = parent {
            let px = 10.0 + rows[*p].0 as f64 * INDENT;
            let cx = 10.0 + *depth as f64 * INDENT;
            let _ = write!(
                out,
                "<path class=\"edge\" d=\"M{px:.1} {:.1} V{:.1} H{:.1}\"/>",
                center(*p) + 6.0,
                center(i),
                cx - 6.0
            );
        }
    }
    for (i, (depth, _, row)) in rows.iter().enumerate() {
        let cx = 10.0 + *depth as f64 * INDENT;
        let cy = center(i);
        match row {
            Row::Node(node) => {
                let title = node.title.unwrap_or("");
                let short: String = if title.chars().count() > 64 {
                    format!("{}…", title.chars().take(63).collect::<String>())
                } else {
                    title.to_string()
                };
                let _ = write!(
                    out,
                    "<g><title>{} — {} ({}, {} {})</title><circle class=\"{}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\"/>\
<text x=\"{:.1}\" y=\"{:.1}\"><tspan font-weight=\"600\">{}</tspan> {} <tspan class=\"muted\">{} · {}</tspan></text></g>",
                    escape(&node.reference),
                    escape(title),
                    node.level,
                    shown(node.score),
                    rag_name(node.rag),
                    class(node.rag),
                    cx + 11.0,
                    cy + 4.0,
                    shown(node.score),
                    escape(&short),
                    escape(&node.reference),
                    rag_name(node.rag)
                );
            }
            Row::Folded(folded) => {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" class=\"muted\" font-style=\"italic\">… {}</text>",
                    cx - 4.0,
                    cy + 4.0,
                    escape(&folded.describe())
                );
            }
        }
    }
    out.push_str("</svg></div>\n");
    if map_is_folded(roots) {
        let _ = writeln!(
            out,
            "<p class=\"muted\">The map shows {} levels and up to {} objectives under each; what is folded is counted by colour (<code>--format json</code> has the whole tree).</p>",
            super::MAP_DEPTH,
            super::MAP_CHILDREN
        );
    }
}
