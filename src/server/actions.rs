//! Code actions: each finding's typed fix (the same fixes as `check --fix`,
//! safe ones preferred), a suppression comment for any finding, and
//! `source.fixAll.okrlint`, the document's safe fixes at once.

use std::collections::HashMap;
use std::io::Write;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit};

use super::Server;
use super::project::{range, to_lsp};
use crate::diagnostic::Diagnostic;
use crate::fix::{self, Applicability, Fix};
use crate::source::{SourceFile, Span};

/// The kind of okrlint's fix-all action (LSP's `source.fixAll`, qualified as ruff's is).
pub const FIX_ALL: &str = "source.fixAll.okrlint";

pub(super) fn code_actions<W: Write>(
    server: &Server<W>,
    params: &CodeActionParams,
) -> Option<Vec<CodeActionOrCommand>> {
    let uri = &params.text_document.uri;
    let (project, file) = server.locate(uri)?;
    let result = project.workspace.result(file)?;
    let source = &result.source;
    let encoding = server.encoding;
    let findings = project.findings(file);
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
        })
    };
    let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    };
    let mut actions = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        let asked = source.editor_offset(params.range.start.line, params.range.start.character, encoding)
            ..=source.editor_offset(params.range.end.line, params.range.end.character, encoding);
        let lines = params.range.start.line..=params.range.end.line;
        for finding in findings {
            let shown = to_lsp(finding, source, encoding);
            let touches = asked.contains(&finding.span.start())
                || (finding.span.start()..=finding.span.end()).contains(asked.start())
                || lines.contains(&shown.range.start.line);
            if !touches {
                continue;
            }
            if let Some(fix) = &finding.fix {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{} ({})", fix.message, finding.code()),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(edit(text_edits(source, fix, encoding))),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..Default::default()
                }));
            }
            if let Some(suppress) = suppression(source, &result.summary.suppressions, finding) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Suppress {} on this line (write the reason after `--`)", finding.code()),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown]),
                    edit: Some(edit(vec![text_edit(source, &suppress, encoding)])),
                    ..Default::default()
                }));
            }
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL);
    if wanted(&fix_all) {
        let safe: Vec<(&str, &Fix)> = findings
            .iter()
            .filter_map(|d| d.fix.as_deref().filter(|f| f.applicability == Applicability::Safe).map(|f| (d.code(), f)))
            .collect();
        let (fixed, applied) = fix::apply(&source.text, &safe);
        if applied > 0 && fixed != source.text {
            let whole = Span::new(0, source.text.len());
            let replace = TextEdit { range: range(source, whole, encoding), new_text: fixed };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("okrlint: fix all safely fixable findings ({applied})"),
                kind: Some(fix_all),
                edit: Some(edit(vec![replace])),
                ..Default::default()
            }));
        }
    }
    Some(actions)
}

fn text_edits(source: &SourceFile, fix: &Fix, encoding: crate::source::Encoding) -> Vec<TextEdit> {
    fix.edits.iter().map(|e| text_edit(source, e, encoding)).collect()
}

fn text_edit(source: &SourceFile, edit: &fix::Edit, encoding: crate::source::Encoding) -> TextEdit {
    TextEdit { range: range(source, edit.span, encoding), new_text: edit.content.clone() }
}

/// The comment that suppresses a finding, as `check --add-suppressions`
/// writes it (above its line, or above the key of the multi-line value it
/// sits in), with the reason left for the user to write. `None` for the
/// findings no comment can suppress.
fn suppression(
    source: &SourceFile,
    suppressions: &[crate::load::Suppression],
    finding: &Diagnostic,
) -> Option<fix::Edit> {
    if crate::rules::unused_suppression::UNSUPPRESSIBLE.contains(&finding.code()) {
        return None;
    }
    let layout = crate::load::layout::Layout::of(source)?;
    let line = layout.head_of(finding.line as usize)?;
    Some(crate::commands::fix::suppression_edit(source, suppressions, line, &[finding.code()], ""))
}
