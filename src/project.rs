//! A project on disk: finding its root and files, reading them (whatever
//! stops a file from being read becomes an OKR001 finding), and indexing them.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::UsageError;
use crate::cache::{self, Cache};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::discover::{self, Candidate, absolute, relative};
use crate::index::Index;
use crate::join::{FileEntry, Join};
use crate::lint::{self, Selection};
use crate::load::{self, FileResult, Summary};
use crate::rules::Context;
use crate::source::{FileId, FileKind, SourceFile, Span};

/// Files larger than this are refused with OKR001 rather than parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A project opened for one run: every file joined by its summary, the files
/// the run checks in full, and the check-in logs still to read.
pub struct Project {
    pub join: Join,
    pub config: Config,
    pub root: PathBuf,
    /// Things worth telling the user that are not findings (an unreadable directory).
    pub notes: Vec<String>,
    /// The named files (other than logs), loaded in full.
    loaded: Vec<(FileId, FileResult)>,
    /// Logs to read and check one at a time: named, or of a named set.
    pending_logs: Vec<FileId>,
}

/// Finds and opens the projects that `paths` (default ".") belong to: one
/// per project root, in the order the paths name them. Paths that do not
/// exist and invalid configurations are usage errors.
pub fn open_projects(
    paths: &[PathBuf],
    config_override: Option<&Path>,
    use_cache: bool,
) -> Result<Vec<Project>, UsageError> {
    let cwd = std::env::current_dir().map_err(|e| UsageError(format!("cannot read the current directory: {e}")))?;
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let paths: Vec<PathBuf> = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    let mut groups: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for path in &paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(UsageError(format!("path does not exist: {}", path.display())));
        }
        let absolute_path = absolute(path, &cwd);
        let root = discover::find_root(&absolute_path, &cwd);
        match groups.iter_mut().find(|(r, _)| *r == root) {
            Some((_, members)) => members.push(absolute_path),
            None => groups.push((root, vec![absolute_path])),
        }
    }
    groups.into_iter().map(|(root, members)| open_project(root, &members, config_override, &cwd, use_cache)).collect()
}

/// A log read and checked on its own: what is kept of it.
struct CheckedLog {
    file: FileId,
    summary: Arc<Summary>,
    found: Vec<Diagnostic>,
    source: Arc<SourceFile>,
}

/// What the first pass learnt of one file.
enum Learnt {
    /// Named: loaded in full.
    Full(Box<FileResult>),
    /// Not named: only what the rest of the project needs of it.
    Summary(Arc<Summary>),
    /// A log that was not named; the set it belongs to, if a peek at its head tells.
    Log(Option<String>),
    /// A named log: read later, one at a time.
    NamedLog,
}

/// Opens one project: every OKR file under `root`, reporting findings for
/// `paths` (absolute, existing) only. Named files are loaded in full, the
/// other sets and dictionaries only summarised, and a log is read only when
/// it was named or belongs to a named set.
fn open_project(
    root: PathBuf,
    paths: &[PathBuf],
    config_override: Option<&Path>,
    cwd: &Path,
    use_cache: bool,
) -> Result<Project, UsageError> {
    let config = match config_override {
        Some(path) => {
            if !path.is_file() {
                return Err(UsageError(format!("configuration file does not exist: {}", path.display())));
            }
            Config::load(path, &relative(&absolute(path, cwd), cwd))?
        }
        None => {
            let path = root.join(".okrlint.yaml");
            if path.is_file() { Config::load(&path, &relative(&path, cwd))? } else { Config::default() }
        }
    };
    let discovery = discover::discover(paths, &root, &config.exclude);
    let mut candidates: Vec<(String, Candidate)> =
        discovery.files.into_iter().map(|c| (relative(&c.path, cwd), c)).collect();
    // A file id is a position in display-path order.
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    let cache = use_cache.then(|| Cache::open(&root, &format!("{config:?}")));
    let learnt: Vec<Learnt> = candidates
        .par_iter()
        .enumerate()
        .map(|(file, (display, candidate))| {
            let (path, kind) = (candidate.path.as_path(), candidate.kind);
            match (kind, candidate.reported) {
                (FileKind::CheckIns, true) => Learnt::NamedLog,
                (FileKind::CheckIns, false) => Learnt::Log(peek_log_set(path)),
                (_, reported) => {
                    let text = match read_text(path, display, kind) {
                        Ok(text) => text,
                        Err(unreadable) if reported => return Learnt::Full(unreadable),
                        Err(unreadable) => return Learnt::Summary(unreadable.summary),
                    };
                    let key = cache.as_ref().map(|_| cache::key(&relative(path, &root), text.as_bytes()));
                    if !reported && let Some(summary) = cache.as_ref().zip(key).and_then(|(c, k)| c.get(k)) {
                        return Learnt::Summary(summary);
                    }
                    let source = SourceFile::new(path.to_path_buf(), display.clone(), text, kind);
                    let result = load::load(Arc::new(source), file);
                    if let Some((cache, key)) = cache.as_ref().zip(key) {
                        cache.put(key, result.summary.clone());
                    }
                    if reported { Learnt::Full(Box::new(result)) } else { Learnt::Summary(result.summary) }
                }
            }
        })
        .collect();
    if let Some(cache) = cache {
        cache.save();
    }
    let named_sets: HashSet<&str> = learnt
        .iter()
        .filter_map(|l| match l {
            Learnt::Full(result) => result.summary.set().map(|s| s.id.value.as_str()),
            _ => None,
        })
        .collect();
    let mut pending_logs = Vec::new();
    for (file, l) in learnt.iter().enumerate() {
        let needed = match l {
            Learnt::NamedLog => true,
            // A log whose set cannot be told from its head is read when any set was named.
            Learnt::Log(set) => set.as_deref().map_or(!named_sets.is_empty(), |set| named_sets.contains(set)),
            _ => false,
        };
        if needed {
            pending_logs.push(file);
        }
    }
    let mut entries = Vec::with_capacity(candidates.len());
    let mut loaded = Vec::new();
    for (file, ((display, candidate), l)) in candidates.into_iter().zip(learnt).enumerate() {
        let mut entry = FileEntry::new(candidate.path, display, candidate.kind, candidate.reported);
        match l {
            Learnt::Full(result) => {
                entry.summary = Some(result.summary.clone());
                entry.keep_source(result.source.clone());
                loaded.push((file, *result));
            }
            Learnt::Summary(summary) => entry.summary = Some(summary),
            Learnt::Log(_) | Learnt::NamedLog => {}
        }
        entries.push(entry);
    }
    let join = Join::build(entries);
    Ok(Project { join, config, root, notes: discovery.notes, loaded, pending_logs })
}

impl Project {
    /// A project of files held in memory, every one of them named: what the
    /// editor server (and a test) lints. `files` are (path, text).
    pub fn in_memory(root: PathBuf, config: Config, files: Vec<(PathBuf, String)>) -> Project {
        let mut files: Vec<(String, PathBuf, String)> =
            files.into_iter().map(|(path, text)| (path.to_string_lossy().replace('\\', "/"), path, text)).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let results: Vec<FileResult> = files
            .into_par_iter()
            .enumerate()
            .map(|(file, (display, path, text))| {
                let kind = path
                    .file_name()
                    .and_then(|n| FileKind::from_name(&n.to_string_lossy()))
                    .unwrap_or(FileKind::Unknown);
                load::load(Arc::new(SourceFile::new(path, display, text, kind)), file)
            })
            .collect();
        let mut entries = Vec::with_capacity(results.len());
        for result in &results {
            let source = &result.source;
            let mut entry = FileEntry::new(source.path.clone(), source.display.clone(), source.kind, true);
            entry.summary = Some(result.summary.clone());
            entry.keep_source(source.clone());
            entries.push(entry);
        }
        let loaded = results.into_iter().enumerate().collect();
        Project { join: Join::build(entries), config, root, notes: Vec::new(), loaded, pending_logs: Vec::new() }
    }

    /// Replaces one in-memory file's text (an edited buffer): only that file
    /// is loaded again, and the join is rebuilt from the summaries. Returns
    /// false when no file has that path.
    pub fn replace(&mut self, path: &Path, text: String) -> bool {
        let Some(file) = self.join.files.iter().position(|f| f.path == path) else { return false };
        let Some(slot) = self.loaded.iter_mut().find(|(id, _)| *id == file) else { return false };
        let entry = &self.join.files[file];
        let source = SourceFile::new(entry.path.clone(), entry.display.clone(), text, entry.kind);
        slot.1 = load::load(Arc::new(source), file);
        let result = &slot.1;
        let mut entries = std::mem::take(&mut self.join.files);
        let mut fresh =
            FileEntry::new(result.source.path.clone(), result.source.display.clone(), result.source.kind, true);
        fresh.summary = Some(result.summary.clone());
        fresh.keep_source(result.source.clone());
        entries[file] = fresh;
        self.join = Join::build(entries);
        true
    }

    /// Runs the rules: per-file rules on each needed log as it is read (its
    /// document is dropped right after), then every rule on the named files
    /// and the joined project. Diagnostics come back sorted.
    pub fn check(&mut self, selection: &Selection, as_of: NaiveDate) -> Vec<Diagnostic> {
        let join = &self.join;
        let config = &self.config;
        let logs: Vec<CheckedLog> = self
            .pending_logs
            .par_iter()
            .map(|&file| {
                let entry = &join.files[file];
                let result = read_and_load(&entry.path, &entry.display, entry.kind, file);
                let view = Index::new(&[(file, &result)]);
                let ctx = Context { index: &view, join, config, as_of };
                let found = lint::lint(&ctx, selection, true);
                CheckedLog { file, summary: result.summary.clone(), found, source: result.source.clone() }
            })
            .collect();
        let mut diagnostics = Vec::new();
        let mut summaries = Vec::with_capacity(logs.len());
        for CheckedLog { file, summary, found, source } in logs {
            if !found.is_empty() {
                self.join.files[file].keep_source(source);
            }
            diagnostics.extend(found);
            summaries.push((file, summary));
        }
        self.join.add_summaries(summaries);
        let view: Vec<(FileId, &FileResult)> = self.loaded.iter().map(|(file, result)| (*file, result)).collect();
        let index = Index::new(&view);
        let ctx = Context { index: &index, join: &self.join, config: &self.config, as_of };
        diagnostics.extend(lint::lint(&ctx, selection, false));
        lint::sort(&mut diagnostics, |file| &self.join.files[file].display);
        diagnostics
    }
}

/// The set a check-in log belongs to, from a peek at its head: its first key
/// is `okrs:` with a plain id on one line. Anything else (a quoted or
/// multi-line value, another first key, flow style) says nothing, and the
/// caller reads the whole log rather than guess.
fn peek_log_set(path: &Path) -> Option<String> {
    const HEAD: u64 = 4096;
    let mut head = Vec::with_capacity(HEAD as usize);
    std::fs::File::open(path).ok()?.take(HEAD).read_to_end(&mut head).ok()?;
    let text = match std::str::from_utf8(&head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split('\n');
    for line in lines.by_ref() {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || line == "---" {
            continue;
        }
        let value = line.strip_prefix("okrs:")?;
        if !value.is_empty() && !value.starts_with([' ', '\t']) {
            return None;
        }
        let value = value.split(" #").next().unwrap_or_default().trim();
        // The value must end on this line: a next line holding more of it (indented) is a guess.
        let next = lines.next()?;
        if next.starts_with([' ', '\t']) && !next.trim().is_empty() && !next.trim().starts_with('#') {
            return None;
        }
        return crate::load::is_id(value).then(|| value.to_string());
    }
    None
}

/// Reads and loads one file; whatever stops it from being read is an OKR001 finding.
fn read_and_load(path: &Path, display: &str, kind: FileKind, file: FileId) -> FileResult {
    match read_source(path, display, kind) {
        Ok(source) => load::load(Arc::new(source), file),
        Err(unreadable) => *unreadable,
    }
}

/// Reads one file's text; whatever stops it from being read is an OKR001
/// finding, returned as the file's result.
fn read_source(path: &Path, display: &str, kind: FileKind) -> Result<SourceFile, Box<FileResult>> {
    read_text(path, display, kind).map(|text| SourceFile::new(path.to_path_buf(), display.to_string(), text, kind))
}

/// Reads one file's text (without a BOM), as `read_source`.
fn read_text(path: &Path, display: &str, kind: FileKind) -> Result<String, Box<FileResult>> {
    let make = |text: String| SourceFile::new(path.to_path_buf(), display.to_string(), text, kind);
    let fail = |text: String, message: String, help: &str, span: Span| {
        Err(Box::new(load::unreadable(Arc::new(make(text)), message, help, span)))
    };
    const PERMISSION: &str = "check that the file exists and that you may read it (or that a symlink points at a file)";
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(String::new(), format!("cannot read the file: {e}"), PERMISSION, Span::default()),
    };
    if !metadata.is_file() {
        return fail(
            String::new(),
            "not a regular file".into(),
            "name an OKR file, not a pipe, socket or device",
            Span::default(),
        );
    }
    if metadata.len() > MAX_FILE_BYTES {
        return fail(
            String::new(),
            format!(
                "the file is {} MB, over the {} MB limit for one OKR file",
                metadata.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "split it: one set, log or dictionary per file; a check-in log can be split by period",
            Span::default(),
        );
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    let read = std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return fail(String::new(), format!("cannot read the file: {e}"), PERMISSION, Span::default());
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return fail(
            String::new(),
            "this is a binary file, not YAML text".into(),
            "OKR files are UTF-8 YAML text; rename or exclude this file",
            Span::default(),
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let (text, at) = match lossy.strip_prefix('\u{feff}') {
                Some(rest) => (rest.to_string(), at.saturating_sub(3)),
                None => (lossy, at),
            };
            return fail(
                text,
                "the file is not valid UTF-8 text: invalid byte here".into(),
                "save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
                Span::new(at, 1),
            );
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(text)
}
