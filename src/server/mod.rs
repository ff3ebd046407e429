//! The editor server (`okrlint server`, SPEC §8): the Language Server
//! Protocol over stdio, a thin layer over the workspace engine.
//!
//! Each project (found as `check` finds it) is a `Workspace`: every OKR
//! file under its root read from disk, the open documents from the
//! editor's memory. An edit loads the edited file alone and joins the
//! project again; the workspace re-lints the files whose findings can
//! change, and the server publishes the files whose findings did. Messages
//! already sent are all read before linting, so a burst of keystrokes is
//! linted once. Hover, definition, completion and symbols read the join;
//! code actions are the findings' typed fixes.

mod actions;
mod documents;
mod features;
mod project;
pub mod transport;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::NaiveDate;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, InitializeParams,
    InitializeResult, MessageType, OneOf, PositionEncodingKind, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::source::{Encoding, FileKind};
use documents::Document;
use project::Project;
use transport::Incoming;

/// Serves one client over standard input and output until it exits;
/// returns the exit code (0 after `shutdown` then `exit`, else 1).
pub fn run_stdio() -> u8 {
    let stdin = std::io::stdin();
    let input = std::io::BufReader::new(stdin);
    serve(input, std::io::stdout())
}

/// Serves one client: messages from `input`, answers to `output`.
pub fn serve(input: impl BufRead + Send + 'static, output: impl Write) -> u8 {
    let receiver = match transport::spawn_reader(input) {
        Ok(receiver) => receiver,
        Err(err) => {
            crate::render::safe::eprint_message(&format!("okrlint server: cannot start reading: {err}"));
            return 1;
        }
    };
    let mut server = Server::new(output);
    server.run(&receiver)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `initialize`: only it (and `exit`) is answered.
    Starting,
    Running,
    /// After `shutdown`: only `exit` is expected.
    ShutDown,
}

/// What to do after a message.
enum Flow {
    Continue,
    Exit(u8),
}

struct Server<W: Write> {
    out: W,
    /// False once the client cannot be written to: the server stops.
    connected: bool,
    phase: Phase,
    encoding: Encoding,
    /// `initializationOptions.asOf` (for reproducible sessions), else today.
    as_of: Option<NaiveDate>,
    documents: rustc_hash::FxHashMap<PathBuf, Document>,
    projects: Vec<Project>,
    /// Requests sent to the client (watcher registration), by id.
    next_request: i32,
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Server<W> {
        Server {
            out,
            connected: true,
            phase: Phase::Starting,
            encoding: Encoding::Utf16,
            as_of: None,
            documents: Default::default(),
            projects: Vec::new(),
            next_request: 0,
        }
    }

    fn run(&mut self, receiver: &mpsc::Receiver<Incoming>) -> u8 {
        while let Ok(first) = receiver.recv() {
            let mut next = Some(first);
            // Everything already sent is handled before linting: a burst of edits is linted once.
            while let Some(incoming) = next {
                if let Flow::Exit(code) = self.handle(incoming) {
                    return code;
                }
                if !self.connected {
                    return 1;
                }
                next = receiver.try_recv().ok();
            }
            if self.phase == Phase::Running {
                self.publish();
            }
            if !self.connected {
                return 1;
            }
        }
        // The input ended without `exit`: the client is gone.
        1
    }

    fn handle(&mut self, incoming: Incoming) -> Flow {
        match incoming {
            Incoming::Malformed { id, code, message } => {
                if self.connected && transport::write_error(&mut self.out, id.as_ref(), code, &message).is_err() {
                    self.connected = false;
                }
                Flow::Continue
            }
            Incoming::Response => Flow::Continue,
            Incoming::Message(Message::Request(request)) => {
                self.request(request);
                Flow::Continue
            }
            Incoming::Message(Message::Notification(notification)) => self.notification(notification),
            Incoming::Message(Message::Response(_)) => Flow::Continue,
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let answer = match (self.phase, request.method.as_str()) {
            (Phase::Starting, "initialize") => self.initialize(&request),
            (Phase::Starting, _) => Err(error(
                ErrorCode::ServerNotInitialized,
                "the server is not initialized: send `initialize` first".into(),
            )),
            (Phase::ShutDown, _) => {
                Err(error(ErrorCode::InvalidRequest, "the server is shut down: send `exit`".into()))
            }
            (Phase::Running, "initialize") => {
                Err(error(ErrorCode::InvalidRequest, "the server is already initialized".into()))
            }
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                Ok(Value::Null)
            }
            (Phase::Running, method) => self.feature(method, request.params),
        };
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err(err) => Response::new_err(id, err.code, err.message),
        };
        self.send(Message::Response(response));
    }

    /// A request about documents, answered from the projects.
    fn feature(&mut self, method: &str, params: Value) -> Result<Value, lsp_server::ResponseError> {
        match method {
            "textDocument/hover" => {
                // A finding's hover needs the findings of the latest text.
                self.publish();
                let params: lsp_types::HoverParams = parse(params)?;
                Ok(json(features::hover(self, &params.text_document_position_params)))
            }
            "textDocument/definition" => {
                let params: lsp_types::GotoDefinitionParams = parse(params)?;
                Ok(json(features::definition(self, &params.text_document_position_params)))
            }
            "textDocument/completion" => {
                let params: lsp_types::CompletionParams = parse(params)?;
                Ok(json(features::completion(self, &params.text_document_position)))
            }
            "textDocument/documentSymbol" => {
                let params: lsp_types::DocumentSymbolParams = parse(params)?;
                Ok(json(features::symbols(self, &params.text_document.uri)))
            }
            "textDocument/codeAction" => {
                self.publish();
                let params: lsp_types::CodeActionParams = parse(params)?;
                Ok(json(actions::code_actions(self, &params)))
            }
            _ => Err(error(ErrorCode::MethodNotFound, format!("okrlint does not answer `{method}`"))),
        }
    }

    fn initialize(&mut self, request: &Request) -> Result<Value, lsp_server::ResponseError> {
        let params: InitializeParams = parse(request.params.clone())?;
        // The client's first encoding that okrlint speaks; UTF-16 when it names none (LSP 3.17).
        let offered =
            params.capabilities.general.as_ref().and_then(|g| g.position_encodings.clone()).unwrap_or_default();
        let chosen = offered.iter().find_map(|kind| match kind.as_str() {
            "utf-8" => Some((Encoding::Utf8, PositionEncodingKind::UTF8)),
            "utf-16" => Some((Encoding::Utf16, PositionEncodingKind::UTF16)),
            "utf-32" => Some((Encoding::Utf32, PositionEncodingKind::UTF32)),
            _ => None,
        });
        let (encoding, kind) = chosen.unwrap_or((Encoding::Utf16, PositionEncodingKind::UTF16));
        self.encoding = encoding;
        let as_of = params.initialization_options.as_ref().and_then(|o| o.get("asOf")).and_then(Value::as_str);
        if let Some(text) = as_of {
            match crate::load::parse_date(text) {
                Ok(date) => self.as_of = Some(date),
                Err(why) => self.show(MessageType::WARNING, format!("okrlint: asOf {text:?} {why}; using today")),
            }
        }
        self.phase = Phase::Running;
        let capabilities = ServerCapabilities {
            position_encoding: Some(kind),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            })),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["/".into(), ":".into(), " ".into()]),
                ..Default::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(actions::FIX_ALL),
                    CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..Default::default()
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            ..Default::default()
        };
        // Projects whose root is a workspace folder are opened at once: their
        // findings show before any file is opened.
        #[allow(deprecated)] // `root_uri` is how older clients name their one folder.
        let mut folders: Vec<PathBuf> = params.root_uri.iter().filter_map(documents::path_of).collect();
        if let Some(workspace) = &params.workspace_folders {
            folders.extend(workspace.iter().filter_map(|f| documents::path_of(&f.uri)));
        }
        for folder in folders {
            if folder.join(".okrlint.yaml").is_file() {
                self.project_for(&folder.join(".okrlint.yaml"));
            }
        }
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo { name: "okrlint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        };
        Ok(json(result))
    }

    fn notification(&mut self, notification: Notification) -> Flow {
        if notification.method == "exit" {
            return Flow::Exit(if self.phase == Phase::ShutDown { 0 } else { 1 });
        }
        if self.phase != Phase::Running {
            return Flow::Continue;
        }
        // A notification is never answered, not even when its parameters are wrong.
        let params = notification.params;
        match notification.method.as_str() {
            "initialized" => self.watch_files(),
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let document = p.text_document;
                    self.opened(Document { uri: document.uri, version: document.version, text: document.text });
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(params) {
                    self.changed(p);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(params) {
                    self.closed(&p.text_document.uri);
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = parse::<lsp_types::DidSaveTextDocumentParams>(params)
                    && let Some(path) = documents::path_of(&p.text_document.uri)
                    && is_configuration(&path)
                {
                    self.configuration_changed(&path);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = parse::<lsp_types::DidChangeWatchedFilesParams>(params) {
                    for change in p.changes {
                        if let Some(path) = documents::path_of(&change.uri) {
                            self.changed_on_disk(&path, change.typ == lsp_types::FileChangeType::DELETED);
                        }
                    }
                }
            }
            _ => {}
        }
        Flow::Continue
    }

    /// Asks the client to report changes to OKR files and configurations on disk.
    fn watch_files(&mut self) {
        let patterns =
            ["**/*.okr.{yaml,yml}", "**/*.checkins.{yaml,yml}", "**/*.metrics.{yaml,yml}", "**/.okrlint.yaml"];
        let watchers: Vec<lsp_types::FileSystemWatcher> = patterns
            .iter()
            .map(|p| lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String((*p).into()),
                kind: None,
            })
            .collect();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp_types::Registration {
            id: "okrlint-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_request = self.next_request.wrapping_add(1);
        let params = lsp_types::RegistrationParams { registrations: vec![registration] };
        let id = RequestId::from(format!("okrlint-{}", self.next_request));
        self.send(Message::Request(Request::new(id, "client/registerCapability".into(), params)));
    }

    fn opened(&mut self, document: Document) {
        let Some(path) = documents::path_of(&document.uri) else { return };
        let text = document.text.clone();
        self.documents.insert(path.clone(), document);
        if is_okr_file(&path)
            && let Some(project) = self.project_for(&path)
        {
            self.projects[project].set_text(&path, text);
        }
    }

    fn changed(&mut self, params: lsp_types::DidChangeTextDocumentParams) {
        let Some(path) = documents::path_of(&params.text_document.uri) else { return };
        let Some(document) = self.documents.get_mut(&path) else { return };
        document.apply(params.content_changes, params.text_document.version, self.encoding);
        let text = document.text.clone();
        // The project already holding the file, without looking for its root on every keystroke.
        let held = self.projects.iter().position(|p| p.workspace.id_of(&path).is_some());
        if is_okr_file(&path)
            && let Some(project) = held.or_else(|| self.project_for(&path))
        {
            self.projects[project].set_text(&path, text);
        }
    }

    /// A closed document is the file on disk again (or gone, if it was never saved).
    fn closed(&mut self, uri: &lsp_types::Uri) {
        let Some(path) = documents::path_of(uri) else { return };
        self.documents.remove(&path);
        self.changed_on_disk(&path, !path.exists());
    }

    /// A file changed on disk: read again, unless the editor holds it open
    /// (its buffer wins); a deleted file leaves its project.
    fn changed_on_disk(&mut self, path: &Path, deleted: bool) {
        if is_configuration(path) {
            self.configuration_changed(path);
            return;
        }
        if self.documents.contains_key(path) || !is_okr_file(path) {
            return;
        }
        // The innermost project holding the path (a folder with its own `.okrlint.yaml` is a project of its own).
        let holding = self.projects.iter().enumerate().filter(|(_, p)| p.holds(path));
        let Some(project) = holding.max_by_key(|(_, p)| p.root.as_os_str().len()).map(|(at, _)| at) else { return };
        if deleted {
            self.projects[project].remove(path);
        } else {
            self.projects[project].reload(path);
        }
    }

    /// A project's configuration changed: the project is opened again, the open documents kept.
    fn configuration_changed(&mut self, path: &Path) {
        let Some(root) = path.parent() else { return };
        let Some(at) = self.projects.iter().position(|p| p.root == root) else { return };
        let old = self.projects.remove(at);
        let mut project = self.open_project(root.to_path_buf());
        // Files it published and no longer holds (now excluded) are cleared.
        project.inherit_published(old);
        self.projects.push(project);
    }

    /// The project a file belongs to, opened on first use: its root is
    /// found as `check` finds it (the nearest `.okrlint.yaml`, else the git
    /// root), but without either it is the file's own folder, never the
    /// server's working directory (an editor may start it in `/`).
    fn project_for(&mut self, path: &Path) -> Option<usize> {
        let folder = path.parent()?;
        let root = crate::discover::find_root(path, folder);
        if let Some(at) = self.projects.iter().position(|p| p.root == root) {
            return Some(at);
        }
        let project = self.open_project(root);
        self.projects.push(project);
        Some(self.projects.len() - 1)
    }

    fn open_project(&mut self, root: PathBuf) -> Project {
        let (project, problem) = Project::open(root, &self.documents);
        if let Some(problem) = problem {
            self.show(MessageType::ERROR, format!("okrlint: {problem}; checking with the default configuration"));
        }
        project
    }

    fn as_of(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Lints the projects changed since their last lint and publishes the
    /// files whose findings changed.
    fn publish(&mut self) {
        let as_of = self.as_of();
        let mut notes = Vec::new();
        for project in &mut self.projects {
            notes.extend(project.lint(as_of, self.encoding, &self.documents));
        }
        for params in notes {
            self.notify("textDocument/publishDiagnostics", params);
        }
    }

    fn show(&mut self, typ: MessageType, message: String) {
        self.notify("window/showMessage", ShowMessageParams { typ, message });
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(method.into(), params)));
    }

    fn send(&mut self, message: Message) {
        if self.connected && transport::write(&mut self.out, &message).is_err() {
            self.connected = false;
        }
    }

    /// The project and file of a document the server knows.
    fn locate(&self, uri: &lsp_types::Uri) -> Option<(&Project, crate::source::FileId)> {
        let path = documents::path_of(uri)?;
        self.projects.iter().find_map(|p| Some((p, p.workspace.id_of(&path)?)))
    }
}

fn error(code: ErrorCode, message: String) -> lsp_server::ResponseError {
    lsp_server::ResponseError { code: code as i32, message, data: None }
}

fn parse<P: DeserializeOwned>(params: Value) -> Result<P, lsp_server::ResponseError> {
    serde_json::from_value(params).map_err(|err| error(ErrorCode::InvalidParams, format!("invalid parameters: {err}")))
}

fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn is_okr_file(path: &Path) -> bool {
    path.file_name().and_then(|n| FileKind::from_name(&n.to_string_lossy())).is_some()
}

fn is_configuration(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == ".okrlint.yaml")
}
