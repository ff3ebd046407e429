//! What the editor asks about a place in a document: hover, go to
//! definition, completion of references, and the document's outline. All of
//! it is read from the join (what resolves to what, cycle-aware as `check`
//! resolves it, SPEC §1.1) and the loaded documents; nothing is re-parsed.

use std::io::Write;
use std::sync::Arc;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, DocumentSymbol, DocumentSymbolResponse,
    GotoDefinitionResponse, Hover, HoverContents, Location, MarkupContent, MarkupKind, SymbolKind,
    TextDocumentPositionParams, TextEdit, Uri,
};

use super::Server;
use super::documents;
use super::project::{Project, range};
use crate::join::{Def, Join, Reference, overlap};
use crate::load::{Document, FileResult, OutRef, RefKind};
use crate::model::OkrSet;
use crate::source::{FileId, Span};

/// A place in a document the server holds.
pub(super) struct Place<'a> {
    pub project: &'a Project,
    pub file: FileId,
    pub result: &'a Arc<FileResult>,
    pub offset: usize,
}

impl Place<'_> {
    /// Whether the join sees this file's latest text (it parses): only
    /// then do its references' spans match the text the editor shows.
    fn current(&self) -> bool {
        self.project.workspace.seen(self.file).is_some_and(|seen| Arc::ptr_eq(seen, self.result))
    }

    fn join(&self) -> &Join {
        self.project.workspace.join()
    }

    /// The reference written at this place, and what it resolved to.
    fn reference(&self) -> Option<(&Reference, &OutRef)> {
        if !self.current() {
            return None;
        }
        let join = self.join();
        join.references_of(self.file)
            .iter()
            .map(|reference| (reference, join.written(reference)))
            .find(|(_, written)| written.span.start() <= self.offset && self.offset <= written.span.end())
    }
}

pub(super) fn place<'a, W: Write>(server: &'a Server<W>, at: &TextDocumentPositionParams) -> Option<Place<'a>> {
    let (project, file) = server.locate(&at.text_document.uri)?;
    let result = project.workspace.result(file)?;
    let offset = result.source.editor_offset(at.position.line, at.position.character, server.encoding);
    Some(Place { project, file, result, offset })
}

/// On a finding: its rule's explanation. On a reference: its target's
/// title, owner, and for a KR its plan and latest score.
pub(super) fn hover<W: Write>(server: &Server<W>, at: &TextDocumentPositionParams) -> Option<Hover> {
    let place = place(server, at)?;
    let mut sections = Vec::new();
    for finding in place.project.findings(place.file) {
        let (start, end) = (finding.span.start(), finding.span.end().max(finding.span.start().saturating_add(1)));
        if start <= place.offset && place.offset <= end {
            let rule = finding.rule.rule();
            sections.push(format!(
                "**{}** `{}` ({}): {}\n\n{}",
                rule.code,
                rule.name,
                finding.severity,
                markdown_text(&finding.message),
                rule.explanation()
            ));
        }
    }
    let mut span = None;
    if let Some((reference, written)) = place.reference() {
        span = Some(written.span);
        match reference.target {
            Some(def) => sections.push(describe(server, place.project, def)),
            None => sections.push(format!(
                "`{}`: no such {} in the project",
                markdown_text(&written.text),
                noun(written.kind)
            )),
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: span.map(|span| range(&place.result.source, span, server.encoding)),
    })
}

fn noun(kind: RefKind) -> &'static str {
    match kind {
        RefKind::AlignsTo => "objective or key result",
        RefKind::ContributesTo | RefKind::Moves | RefKind::CheckInKr => "key result",
        RefKind::Metric => "metric",
        RefKind::LogSet => "OKR set",
        RefKind::PullFrom => "source",
    }
}

/// Text from an OKR file shown in Markdown: its special characters escaped,
/// so that a title cannot become a link or markup in the editor.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::render::safe::text(text).chars() {
        if "\\`*_{}[]()<>#+!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What a reference's target is, for a hover.
fn describe<W: Write>(server: &Server<W>, project: &Project, def: Def) -> String {
    let join = project.workspace.join();
    let name = markdown_text(&join.ref_of(def));
    let file = def.file();
    let shown = markdown_text(&join.files[file].display);
    let document = project.workspace.seen(file).map(|r| &r.document);
    let sp = |s: Option<&crate::model::Sp<String>>| s.map(|s| markdown_text(&s.value));
    let mut lines = Vec::new();
    match (def, document) {
        (Def::Set { .. }, Some(Document::Set(set))) => {
            lines.push(format!("**OKR set** `{name}` ({})", set.level.as_str()));
            if let Some(title) = sp(set.name.as_ref()) {
                lines.push(title);
            }
            if let Some(cycle) = join.cycle_of(file) {
                lines.push(format!("cycle {} to {}", cycle.0, cycle.1));
            }
            if let Some(owner) = &set.owner {
                lines.push(format!("owner: {}", markdown_text(&owner.value.joined())));
            }
        }
        (Def::Objective { objective, .. }, Some(Document::Set(set))) => {
            let Some(o) = set.objectives.get(objective as usize) else { return format!("**Objective** `{name}`") };
            lines.push(format!("**Objective** `{name}`"));
            lines.extend(sp(o.title.as_ref()));
            if let Some(owner) = &o.owner {
                lines.push(format!("owner: {}", markdown_text(&owner.value.joined())));
            }
        }
        (Def::Kr { objective, kr, .. }, Some(Document::Set(set))) => {
            let Some(k) = set.objectives.get(objective as usize).and_then(|o| o.key_results.get(kr as usize)) else {
                return format!("**Key result** `{name}`");
            };
            lines.push(format!("**Key result** `{name}`"));
            lines.extend(sp(k.title.as_ref()));
            if let Some(owner) = &k.owner {
                lines.push(format!("owner: {}", markdown_text(&owner.value.joined())));
            }
            let number = |q: Option<&crate::model::Sp<crate::model::Quantity>>| {
                q.map_or("?".to_string(), |q| match &q.value {
                    crate::model::Quantity::Number(n) => n.normalize().to_string(),
                    crate::model::Quantity::Milestone(done) => done.to_string(),
                })
            };
            let unit = k.unit.as_ref().map(|u| format!(" {}", markdown_text(&u.value))).unwrap_or_default();
            lines.push(format!(
                "baseline → target: {} → {}{unit}",
                number(k.baseline.as_ref()),
                number(k.target.as_ref())
            ));
            lines.push(latest_score(server, project, file, objective, kr));
        }
        (Def::Metric { metric, .. }, Some(Document::Metrics(dictionary))) => {
            lines.push(format!("**Metric** `{name}`"));
            if let Some(m) = dictionary.metrics.get(metric as usize) {
                lines.extend(sp(m.definition.as_ref()));
                if let Some(owner) = sp(m.owner.as_ref()) {
                    lines.push(format!("owner: {owner}"));
                }
                if let Some(source) = sp(m.source.as_ref()) {
                    lines.push(format!("source: {source}"));
                }
            }
        }
        _ => lines.push(format!("`{name}`")),
    }
    lines.push(format!("defined in {shown}"));
    lines.join("  \n")
}

/// A KR's latest score at the server's as-of date, as `okrlint score` gives it.
fn latest_score<W: Write>(server: &Server<W>, project: &Project, file: FileId, objective: u32, kr: u32) -> String {
    let join = project.workspace.join();
    let card = project.workspace.scorecard(server.as_of());
    let settings = card.settings;
    let found = card.key_results().find(|(s, o, k)| s.file == file && o.index == objective && k.index == kr);
    let Some((_, _, kr)) = found else { return "no score: not scored".into() };
    match (kr.score, kr.latest.and_then(|at| join.checkin(at))) {
        (Some(score), Some(checkin)) => {
            let status = kr.status(&settings.bands).map_or("", |s| s.as_str());
            let date = checkin.date.as_ref().map(|d| format!(" (check-in of {})", d.value)).unwrap_or_default();
            format!("latest score: {} {status}{date}", crate::score::show(score))
        }
        (None, Some(_)) => "latest score: none (the plan cannot be scored)".into(),
        _ => format!("latest score: none (no check-in by {})", settings.as_of),
    }
}

/// The target of the reference at a place: its `id` (or metric `name`) in its file.
pub(super) fn definition<W: Write>(
    server: &Server<W>,
    at: &TextDocumentPositionParams,
) -> Option<GotoDefinitionResponse> {
    let place = place(server, at)?;
    let (reference, _) = place.reference()?;
    let def = reference.target?;
    let join = place.join();
    let span = join.def_span(def)?;
    let entry = join.files.get(def.file())?;
    let source = entry.source()?;
    let uri = documents::uri_of(&entry.path)?;
    Some(GotoDefinitionResponse::Scalar(Location { uri, range: range(source, span, server.encoding) }))
}

/// The reference key a completion is asked for, and the partial value before the cursor.
struct Asked {
    kind: RefKind,
    /// Where the value typed so far starts (it runs to the cursor).
    start: usize,
}

/// Which reference, if any, the cursor is writing: `key: partial`,
/// `key: [a, partial` or `- partial` in a list under `key:`.
fn asked(text: &str, offset: usize, is_log: bool) -> Option<Asked> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    // `from:` names a source only inside a `pull:` block (its first key, on the line below `pull:`).
    let under_pull = text[..line_start].lines().next_back().is_some_and(|l| l.trim_start().starts_with("pull:"));
    let kind_of = |key: &str| match key {
        "aligns_to" => Some(RefKind::AlignsTo),
        "contributes_to" => Some(RefKind::ContributesTo),
        "moves" => Some(RefKind::Moves),
        "metric" => Some(RefKind::Metric),
        "kr" if is_log => Some(RefKind::CheckInKr),
        "okrs" if is_log => Some(RefKind::LogSet),
        "from" if under_pull => Some(RefKind::PullFrom),
        _ => None,
    };
    let word_start = |from: usize| {
        let typed = &before[from..];
        let skipped = typed.len() - typed.trim_start_matches([' ', '[', ',', '"', '\'']).len();
        let inner = &typed[skipped..];
        let last = inner.rfind([',', ' ', '[']).map_or(0, |i| i + 1);
        line_start + from + skipped + last
    };
    let trimmed = before.trim_start();
    let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    if let Some((key, _)) = item.split_once(':') {
        let kind = kind_of(key.trim())?;
        let value_from = before.len() - item.len() + key.len() + 1;
        return Some(Asked { kind, start: word_start(value_from) });
    }
    // `- partial` under `key:`: the nearest line above that is less indented,
    // or as indented and a `key:` (a list written flush with its key).
    let rest = trimmed.strip_prefix('-')?;
    let indent = before.len() - trimmed.len();
    let parent = text[..line_start].lines().rev().find(|line| {
        let t = line.trim_start();
        let depth = line.len() - t.len();
        !t.is_empty() && !t.starts_with('#') && (depth < indent || (depth == indent && t.trim_end().ends_with(':')))
    })?;
    let key = parent.trim().trim_start_matches("- ").strip_suffix(':')?;
    let kind = kind_of(key.trim())?;
    Some(Asked { kind, start: word_start(before.len() - rest.len()) })
}

/// The valid references for the value being written, with their titles.
pub(super) fn completion<W: Write>(server: &Server<W>, at: &TextDocumentPositionParams) -> Option<CompletionResponse> {
    let place = place(server, at)?;
    let text = &place.result.source.text;
    let is_log = place.result.source.kind == crate::source::FileKind::CheckIns;
    let asked = asked(text, place.offset, is_log)?;
    let join = place.join();
    let workspace = &place.project.workspace;
    let home_cycle = join.cycle_of(place.file);
    let in_cycle = |file: FileId| match (home_cycle, join.cycle_of(file)) {
        (Some(home), Some(there)) => overlap(home, there),
        _ => true,
    };
    let set_of = |file: FileId| match workspace.seen(file).map(|r| &r.document) {
        Some(Document::Set(set)) => Some(set),
        _ => None,
    };
    let mut items: Vec<(String, String, CompletionItemKind)> = Vec::new();
    let mut refs_of = |set: &OkrSet, objectives: bool, krs: bool, prefix: &str| {
        for o in &set.objectives {
            let Some(oid) = &o.id else { continue };
            if objectives {
                items.push((format!("{prefix}{}", oid.value), title(o.title.as_ref()), CompletionItemKind::MODULE));
            }
            if krs {
                for k in &o.key_results {
                    let Some(kid) = &k.id else { continue };
                    let label = format!("{prefix}{}/{}", oid.value, kid.value);
                    items.push((label, title(k.title.as_ref()), CompletionItemKind::FIELD));
                }
            }
        }
    };
    match asked.kind {
        RefKind::AlignsTo | RefKind::ContributesTo => {
            let objectives = asked.kind == RefKind::AlignsTo;
            for (file, summary) in join.sets() {
                if file == place.file || !in_cycle(file) {
                    continue;
                }
                if let Some(set) = set_of(file) {
                    refs_of(set, objectives, true, &format!("{}/", summary.id.value));
                }
            }
        }
        RefKind::Moves => {
            // KR ids of the objective the initiative sits in.
            if let Document::Set(set) = &place.result.document {
                let objective = set.objectives.iter().rev().find(|o| o.span.start() <= place.offset);
                for k in objective.iter().flat_map(|o| &o.key_results) {
                    if let Some(kid) = &k.id {
                        items.push((kid.value.clone(), title(k.title.as_ref()), CompletionItemKind::FIELD));
                    }
                }
            }
        }
        RefKind::Metric => {
            for (file, _) in workspace.files() {
                if let Some(Document::Metrics(dictionary)) = workspace.seen(file).map(|r| &r.document) {
                    for m in &dictionary.metrics {
                        if let Some(name) = &m.name {
                            items.push((name.value.clone(), title(m.definition.as_ref()), CompletionItemKind::VALUE));
                        }
                    }
                }
            }
        }
        RefKind::CheckInKr => {
            // The KRs of the log's set, in every cycle it has (a log may run across cycles).
            let log_set = match &place.result.document {
                Document::CheckIns(log) => log.okrs.as_ref().map(|s| s.value.clone()),
                _ => None,
            };
            for file in log_set.iter().flat_map(|id| join.sets_with_id(id)) {
                if let Some(set) = set_of(*file) {
                    refs_of(set, false, true, "");
                }
            }
        }
        RefKind::PullFrom => {
            for source in &workspace.config().sources {
                items.push((source.name.clone(), String::new(), CompletionItemKind::VALUE));
            }
        }
        RefKind::LogSet => {
            for (file, summary) in join.sets() {
                if let Some(set) = set_of(file) {
                    let cycle = join.cycle_of(file).map(|c| format!(" ({} to {})", c.0, c.1)).unwrap_or_default();
                    let name = set.name.as_ref().map_or(String::new(), |n| n.value.clone());
                    items.push((summary.id.value.clone(), format!("{name}{cycle}"), CompletionItemKind::MODULE));
                }
            }
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    items.dedup_by(|a, b| a.0 == b.0);
    let source = &place.result.source;
    let replace = range(source, Span::new(asked.start, place.offset.saturating_sub(asked.start)), server.encoding);
    let items = items
        .into_iter()
        .map(|(label, detail, kind)| CompletionItem {
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit { range: replace, new_text: label.clone() })),
            filter_text: Some(label.clone()),
            label,
            detail: (!detail.is_empty()).then_some(detail),
            kind: Some(kind),
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

fn title(title: Option<&crate::model::Sp<String>>) -> String {
    title.map_or(String::new(), |t| crate::render::safe::text(&t.value).into_owned())
}

/// The outline: a set's objectives and their key results; a dictionary's metrics.
pub(super) fn symbols<W: Write>(server: &Server<W>, uri: &Uri) -> Option<DocumentSymbolResponse> {
    let (project, file) = server.locate(uri)?;
    let result = project.workspace.result(file)?;
    let source = &result.source;
    let text_end = source.text.trim_end().len();
    let at = |span: Span| range(source, span, server.encoding);
    // From `start` to the next sibling's start (or `end`), trailing blank lines left out.
    let block = |start: usize, next: Option<usize>, end: usize| {
        let stop = next.unwrap_or(end).max(start);
        let stop = start + source.text[start..stop].trim_end().len();
        Span::new(start, stop - start)
    };
    let name = |id: Option<&crate::model::Sp<String>>, title: Option<&crate::model::Sp<String>>, fallback: &str| {
        let id = id.map(|i| i.value.clone());
        let shown = title.map(|t| crate::render::safe::text(&t.value).into_owned()).or_else(|| id.clone());
        (shown.unwrap_or_else(|| fallback.to_string()), id)
    };
    let symbols = match &result.document {
        Document::Set(set) => {
            let objectives = &set.objectives;
            objectives
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let end = objectives.get(i + 1).map(|n| n.span.start());
                    let whole = block(o.span.start(), end, text_end);
                    let krs = o
                        .key_results
                        .iter()
                        .enumerate()
                        .map(|(j, k)| {
                            let next = o.key_results.get(j + 1).map(|n| n.span.start());
                            let kr_whole = block(k.span.start(), next, whole.end());
                            let (label, id) = name(k.id.as_ref(), k.title.as_ref(), "key result");
                            let pick = k.id.as_ref().map_or(k.span, |i| i.span);
                            symbol(label, id, SymbolKind::FIELD, at(kr_whole), at(pick), None)
                        })
                        .collect();
                    let (label, id) = name(o.id.as_ref(), o.title.as_ref(), "objective");
                    let pick = o.id.as_ref().map_or(o.span, |i| i.span);
                    symbol(label, id, SymbolKind::CLASS, at(whole), at(pick), Some(krs))
                })
                .collect()
        }
        Document::Metrics(dictionary) => {
            let metrics = &dictionary.metrics;
            metrics
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let whole = block(m.span.start(), metrics.get(i + 1).map(|n| n.span.start()), text_end);
                    let (label, _) = name(m.name.as_ref(), None, "metric");
                    let pick = m.name.as_ref().map_or(m.span, |n| n.span);
                    symbol(label, None, SymbolKind::CONSTANT, at(whole), at(pick), None)
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Some(DocumentSymbolResponse::Nested(symbols))
}

fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: lsp_types::Range,
    selection: lsp_types::Range,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    // The selection must lie inside the range (LSP): a span past it is the range's start.
    let selection = if selection.start >= range.start && selection.end <= range.end {
        selection
    } else {
        lsp_types::Range { start: range.start, end: range.start }
    };
    #[allow(deprecated)] // `deprecated` is a required field of the type, superseded by `tags`.
    DocumentSymbol { name, detail, kind, tags: None, deprecated: None, range, selection_range: selection, children }
}

#[cfg(test)]
mod tests {
    use super::{RefKind, asked};

    /// The kind asked for and the value typed so far, with the cursor at the end of `text`.
    fn at_end(text: &str, is_log: bool) -> Option<(RefKind, &str)> {
        asked(text, text.len(), is_log).map(|a| (a.kind, &text[a.start..]))
    }

    #[test]
    fn completion_knows_which_reference_is_being_written() {
        assert_eq!(at_end("    contributes_to: company/wi", false), Some((RefKind::ContributesTo, "company/wi")));
        assert_eq!(at_end("        moves: [ttv, ac", false), Some((RefKind::Moves, "ac")));
        // A list under its key, indented or flush with it; second items too.
        assert_eq!(at_end("    moves:\n      - ttv\n      - ac", false), Some((RefKind::Moves, "ac")));
        assert_eq!(at_end("    moves:\n    - ttv\n    - ac", false), Some((RefKind::Moves, "ac")));
        // `kr` and `okrs` only in a log; `from` only under `pull:`.
        assert_eq!(at_end("  - kr: onb", true), Some((RefKind::CheckInKr, "onb")));
        assert_eq!(at_end("  - kr: onb", false), None);
        assert_eq!(at_end("    pull:\n      from: ware", false), Some((RefKind::PullFrom, "ware")));
        assert_eq!(at_end("    from: ware", false), None);
        assert_eq!(at_end("    title: Grow", false), None);
    }
}
