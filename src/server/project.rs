//! One project as the server holds it: its workspace, the findings it
//! last found, and what it last published for each file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use lsp_types::{DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams};
use rustc_hash::FxHashMap as HashMap;

use super::documents::{self, Document};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Selection;
use crate::project::Confinement;
use crate::source::{Encoding, FileId, SourceFile};
use crate::workspace::Workspace;

pub struct Project {
    pub root: PathBuf,
    pub workspace: Workspace,
    /// The latest findings of each file with any, suppressed ones left out.
    findings: HashMap<FileId, Vec<Diagnostic>>,
    /// What was last published for each file (files with none are absent).
    published: HashMap<FileId, Vec<lsp_types::Diagnostic>>,
    /// Published files whose project no longer holds them (a configuration
    /// change excluded them): cleared at the next publication.
    orphans: Vec<lsp_types::Uri>,
    /// Changed since its last lint.
    dirty: bool,
}

impl Project {
    /// Opens the project at `root`: its configuration, every OKR file under
    /// it from disk (as `check` finds them, links out of the project
    /// refused), and the open documents inside it from the editor. Also
    /// returns what is wrong with the configuration, when it cannot be read.
    pub fn open(root: PathBuf, open: &rustc_hash::FxHashMap<PathBuf, Document>) -> (Project, Option<String>) {
        let path = root.join(".okrlint.yaml");
        let (config, problem) = if path.is_file() {
            match Config::load(&path, &path.to_string_lossy()) {
                Ok(config) => (config, None),
                Err(err) => (Config::default(), Some(err.to_string())),
            }
        } else {
            (Config::default(), None)
        };
        let overlay = |path: &Path| open.get(path).map(|document| document.text.clone());
        let workspace = crate::project::read_workspace(root.clone(), config, &overlay);
        let project = Project {
            root,
            workspace,
            findings: HashMap::default(),
            published: HashMap::default(),
            orphans: Vec::new(),
            dirty: true,
        };
        (project, problem)
    }

    /// Whether a path lies in this project (held or not yet).
    pub fn holds(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
    }

    pub fn set_text(&mut self, path: &Path, text: String) {
        self.workspace.set_text(path, text);
        self.dirty = true;
    }

    /// Reads a file from disk again (changed outside the editor, or closed).
    pub fn reload(&mut self, path: &Path) {
        let display = crate::discover::relative(path, &self.root);
        let kind = path.file_name().and_then(|n| crate::source::FileKind::from_name(&n.to_string_lossy()));
        let Some(kind) = kind else { return };
        let text = crate::project::read_text(path, &display, kind, &Confinement::new(&self.root));
        self.workspace.set_source(path, text);
        self.dirty = true;
    }

    pub fn remove(&mut self, path: &Path) {
        if self.workspace.remove(path) {
            self.dirty = true;
        }
    }

    /// Takes over what an earlier opening of this project published: each
    /// of those files is cleared, then published afresh if it has findings
    /// (the new workspace may number and hold files differently).
    pub fn inherit_published(&mut self, old: Project) {
        for file in old.published.keys() {
            if let Some(uri) = old.uri_of(*file) {
                self.orphans.push(uri);
            }
        }
        self.orphans.extend(old.orphans);
    }

    /// The latest findings of a file (after `lint`).
    pub fn findings(&self, file: FileId) -> &[Diagnostic] {
        self.findings.get(&file).map_or(&[], Vec::as_slice)
    }

    /// Lints the project if it changed, and returns a publication for each
    /// file whose findings changed (an empty one clears a file).
    pub fn lint(
        &mut self,
        as_of: NaiveDate,
        encoding: Encoding,
        open: &rustc_hash::FxHashMap<PathBuf, Document>,
    ) -> Vec<PublishDiagnosticsParams> {
        let mut out: Vec<PublishDiagnosticsParams> = self
            .orphans
            .drain(..)
            .map(|uri| PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None })
            .collect();
        if !self.dirty {
            return out;
        }
        self.dirty = false;
        let mut findings: HashMap<FileId, Vec<Diagnostic>> = HashMap::default();
        for diagnostic in self.workspace.check(&Selection::default(), as_of) {
            if !diagnostic.suppressed {
                findings.entry(diagnostic.file).or_default().push(diagnostic);
            }
        }
        let mut files: Vec<FileId> = findings.keys().chain(self.published.keys()).copied().collect();
        files.sort_unstable();
        files.dedup();
        for file in files {
            let now = findings.get(&file).map_or(&[][..], Vec::as_slice);
            let before = self.findings.get(&file).map_or(&[][..], Vec::as_slice);
            if now == before {
                continue;
            }
            let Some(path) = self.workspace.path(file).map(Path::to_path_buf) else {
                // A file removed from the project: cleared.
                if let Some(uri) = self.published.remove(&file).and(self.uri_of(file)) {
                    out.push(PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None });
                }
                continue;
            };
            let source = self.workspace.result(file).map(|r| r.source.clone());
            let diagnostics: Vec<lsp_types::Diagnostic> = match &source {
                Some(source) => now.iter().map(|d| to_lsp(d, source, encoding)).collect(),
                None => Vec::new(),
            };
            if self.published.get(&file).is_some_and(|p| *p == diagnostics) {
                continue;
            }
            let Some(uri) = documents::uri_of(&path) else { continue };
            let version = open.get(&path).map(|d| d.version);
            if diagnostics.is_empty() {
                self.published.remove(&file);
            } else {
                self.published.insert(file, diagnostics.clone());
            }
            out.push(PublishDiagnosticsParams { uri, diagnostics, version });
        }
        self.findings = findings;
        out
    }

    /// The URI a file is published under (a removed file's path is kept by the join).
    fn uri_of(&self, file: FileId) -> Option<lsp_types::Uri> {
        let entry = self.workspace.join().files.get(file)?;
        documents::uri_of(&entry.path)
    }
}

/// A finding as LSP shows it: the rule's code, okrlint as its source, its
/// range in the negotiated units; the help on a second line.
pub fn to_lsp(diagnostic: &Diagnostic, source: &SourceFile, encoding: Encoding) -> lsp_types::Diagnostic {
    let severity = match diagnostic.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let message = if diagnostic.help.is_empty() {
        diagnostic.message.to_string()
    } else {
        format!("{}\nhelp: {}", diagnostic.message, diagnostic.help)
    };
    lsp_types::Diagnostic {
        range: range(source, diagnostic.span, encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(diagnostic.code().into())),
        source: Some("okrlint".into()),
        message,
        ..Default::default()
    }
}

/// A span's range in the editor's units.
pub fn range(source: &SourceFile, span: crate::source::Span, encoding: Encoding) -> lsp_types::Range {
    let at = |offset: usize| {
        let (line, character) = source.editor_position(offset, encoding);
        lsp_types::Position { line, character }
    };
    lsp_types::Range { start: at(span.start()), end: at(span.end()) }
}
