//! A project on disk: finding its root and files, reading them (whatever
//! stops a file from being read becomes an OKR001 finding), and indexing them.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::UsageError;
use crate::config::Config;
use crate::discover::{self, Candidate, absolute, relative};
use crate::index::Index;
use crate::load::{self, LoadedFile};
use crate::source::{SourceFile, Span};

/// Files larger than this are refused with OKR001 rather than parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A loaded project: the index of every file and the configuration in force.
pub struct Project {
    pub index: Index,
    pub config: Config,
    pub root: PathBuf,
    /// Things worth telling the user that are not findings (an unreadable directory).
    pub notes: Vec<String>,
}

/// Finds, reads and indexes the projects that `paths` (default ".") belong
/// to: one per project root, in the order the paths name them. Paths that do
/// not exist and invalid configurations are usage errors.
pub fn open_projects(paths: &[PathBuf], config_override: Option<&Path>) -> Result<Vec<Project>, UsageError> {
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
    groups.into_iter().map(|(root, members)| open_project(root, &members, config_override, &cwd)).collect()
}

/// Reads and indexes one project: every OKR file under `root`, reporting
/// findings for `paths` (absolute, existing) only.
fn open_project(
    root: PathBuf,
    paths: &[PathBuf],
    config_override: Option<&Path>,
    cwd: &Path,
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
    let mut read: Vec<(SourceFile, LoadedFile)> =
        discovery.files.par_iter().map(|candidate| read_file(candidate, relative(&candidate.path, cwd))).collect();
    read.sort_by(|a, b| a.0.display.cmp(&b.0.display));
    // Files load in parallel before their order is known; a file id is a
    // position in display-path order, so documents are renumbered here.
    let mut files = Vec::with_capacity(read.len());
    let mut loaded_files = Vec::with_capacity(read.len());
    for (file_id, (file, mut loaded)) in read.into_iter().enumerate() {
        renumber(&mut loaded, file_id);
        files.push(file);
        loaded_files.push(loaded);
    }
    let index = Index::build(files, loaded_files);
    Ok(Project { index, config, root, notes: discovery.notes })
}

/// Points a loaded document at its final file id.
fn renumber(loaded: &mut LoadedFile, file_id: usize) {
    match &mut loaded.document {
        load::Document::Set(set) => set.file = file_id,
        load::Document::CheckIns(log) => log.file = file_id,
        load::Document::Metrics(dictionary) => dictionary.file = file_id,
        load::Document::None => {}
    }
}

/// Reads one file; whatever stops it from being read becomes an OKR001 finding.
fn read_file(candidate: &Candidate, display: String) -> (SourceFile, LoadedFile) {
    let make = |text: String| {
        SourceFile::new(candidate.path.clone(), display.clone(), text, candidate.kind, candidate.reported)
    };
    let fail = |text: String, message: String, help: &str, span: Span| {
        let file = make(text);
        (file, load::unreadable(message, help, span))
    };
    const PERMISSION: &str = "check that the file exists and that you may read it (or that a symlink points at a file)";
    let metadata = match std::fs::metadata(&candidate.path) {
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
    let read = std::fs::File::open(&candidate.path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
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
    let file = make(text);
    let loaded = load::load(&file, 0);
    (file, loaded)
}
