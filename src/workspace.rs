//! The workspace: a project held in memory, file by file, as the editor
//! server keeps it (and as `check --fix` rounds through its edits).
//!
//! A file has a stable id for as long as the workspace lives (its path,
//! interned: opening a new file never renumbers the others); its text
//! comes from disk or from an in-memory overlay (an unsaved buffer); its
//! load result is immutable and shared. Replacing one file's text loads
//! that file alone; the join is made again from the summaries, without
//! reading any file. While a file does not parse, the others resolve
//! against its last good summary, and its own findings are its OKR001
//! alone (SPEC §8): no wave of OKR004 across the project on every
//! keystroke.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::join::{FileEntry, Join};
use crate::lint::{Engine, Selection};
use crate::load::{self, Defines, FileResult, Summary};
use crate::source::{FileId, FileKind, SourceFile};

/// One file of the workspace.
struct Slot {
    path: PathBuf,
    /// Its latest text, loaded; `None` once the file is removed.
    result: Option<Arc<FileResult>>,
    /// The last of its texts that could be read (the latest, when it can
    /// be): the other files resolve against it while this one cannot be.
    good: Option<Arc<FileResult>>,
}

/// A project in memory. See the module documentation.
pub struct Workspace {
    root: PathBuf,
    config: Config,
    slots: Vec<Slot>,
    ids: HashMap<PathBuf, FileId>,
    join: Join,
    /// How many times a file's text was loaded (parsed): what a test counts
    /// to prove that an edit reloads the edited file only.
    loads: usize,
}

impl Workspace {
    pub fn new(root: PathBuf, config: Config) -> Workspace {
        Workspace { root, config, slots: Vec::new(), ids: HashMap::default(), join: Join::build(Vec::new()), loads: 0 }
    }

    /// A workspace of these files (path relative to `root`, text), loaded in parallel.
    pub fn of_files(root: PathBuf, config: Config, files: Vec<(PathBuf, String)>) -> Workspace {
        let mut workspace = Workspace::new(root, config);
        let loaded: Vec<(PathBuf, FileResult)> = files
            .into_par_iter()
            .enumerate()
            .map(|(id, (path, text))| {
                let result = load_text(&path, text, id);
                (path, result)
            })
            .collect();
        for (path, result) in loaded {
            let id = workspace.slots.len();
            workspace.ids.insert(path.clone(), id);
            let result = Arc::new(result);
            let good = readable(&result.summary).then(|| result.clone());
            workspace.slots.push(Slot { path, result: Some(result), good });
            workspace.loads = workspace.loads.saturating_add(1);
        }
        workspace.rejoin();
        workspace
    }

    /// Sets a file's text (an opened or edited buffer, or a file read from
    /// disk): a new path gets the next id, a known one keeps its own. Only
    /// this file is loaded; the join is made again from the summaries.
    pub fn set_text(&mut self, path: &Path, text: String) -> FileId {
        let id = match self.ids.get(path) {
            Some(id) => *id,
            None => {
                let id = self.slots.len();
                self.ids.insert(path.to_path_buf(), id);
                self.slots.push(Slot { path: path.to_path_buf(), result: None, good: None });
                id
            }
        };
        let result = load_text(path, text, id);
        self.loads = self.loads.saturating_add(1);
        let result = Arc::new(result);
        let slot = &mut self.slots[id];
        if readable(&result.summary) {
            slot.good = Some(result.clone());
        }
        slot.result = Some(result);
        self.rejoin();
        id
    }

    /// Removes a file (deleted on disk, or closed and never saved): its id
    /// is not given to another path. False when no file has this path.
    pub fn remove(&mut self, path: &Path) -> bool {
        let Some(id) = self.ids.get(path).copied() else { return false };
        let slot = &mut self.slots[id];
        if slot.result.is_none() {
            return false;
        }
        slot.result = None;
        slot.good = None;
        self.rejoin();
        true
    }

    /// The id of a file, if the workspace holds it.
    pub fn id_of(&self, path: &Path) -> Option<FileId> {
        self.ids.get(path).copied().filter(|id| self.slots[*id].result.is_some())
    }

    /// The joined project: every file's summary (a file that does not parse
    /// at its last good one).
    pub fn join(&self) -> &Join {
        &self.join
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Files loaded so far (every `set_text`, and each file of `of_files`).
    pub fn loads(&self) -> usize {
        self.loads
    }

    /// A file's latest load result.
    pub fn result(&self, file: FileId) -> Option<&Arc<FileResult>> {
        self.slots.get(file)?.result.as_ref()
    }

    /// Whether the others see this file at its last good summary (it does not parse now).
    fn stale(&self, file: FileId) -> bool {
        self.slots
            .get(file)
            .is_some_and(|slot| slot.good.is_some() && slot.result.as_ref().is_some_and(|r| !readable(&r.summary)))
    }

    /// Makes the join again from the summaries (no file is read or parsed).
    fn rejoin(&mut self) {
        let entries = self
            .slots
            .iter()
            .map(|slot| {
                let Some(result) = &slot.result else {
                    // A removed file: an empty place, so that ids stay put.
                    return FileEntry::new(slot.path.clone(), shown(&slot.path), FileKind::Unknown, false);
                };
                // A file that does not parse is seen at its last good text.
                let seen = match &slot.good {
                    Some(good) if !readable(&result.summary) => good,
                    _ => result,
                };
                let mut entry = FileEntry::new(slot.path.clone(), seen.source.display.clone(), seen.source.kind, true);
                entry.summary = Some(seen.summary.clone());
                entry.keep_source(seen.source.clone());
                entry
            })
            .collect();
        self.join = Join::build(entries);
    }

    /// Checks every file: the per-file rules on each file's latest text,
    /// with the whole project joined; then the project-wide rules. The same
    /// findings a run on disk gives for the same texts (SPEC §5).
    pub fn check(&self, selection: &Selection, as_of: NaiveDate) -> Vec<Diagnostic> {
        let engine = Engine::new(&self.config, selection);
        let (join, config) = (&self.join, &self.config);
        let per_file: Vec<Diagnostic> = self
            .slots
            .par_iter()
            .enumerate()
            .filter_map(|(file, slot)| Some((file, slot.result.as_ref()?)))
            .flat_map_iter(|(file, result)| engine.check_loaded(join, config, as_of, None, file, result))
            .collect();
        let scores = std::sync::OnceLock::new();
        let empty = crate::index::Index::new(&[]);
        let ctx = engine.context(&empty, join, config, as_of, None, &scores);
        // Every file's text is held: nothing to read to place a finding.
        engine.finish(&ctx, per_file, |_| None, |file| !self.stale(file))
    }
}

/// Whether a summary is of a file that could be read.
fn readable(summary: &Summary) -> bool {
    !matches!(summary.defines, Defines::Unreadable(_))
}

/// A workspace path as shown: `/`-separated.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Loads one file's text; its kind comes from its name.
fn load_text(path: &Path, text: String, id: FileId) -> FileResult {
    let display = shown(path);
    let kind = path.file_name().and_then(|n| FileKind::from_name(&n.to_string_lossy())).unwrap_or(FileKind::Unknown);
    load::load(Arc::new(SourceFile::new(path.to_path_buf(), display, text, kind)), id)
}
