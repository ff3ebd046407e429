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
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::join::{FileEntry, Join};
use crate::lint::{Engine, Selection};
use crate::load::{self, Defines, FileResult, FileRuleFacts, RefKind, Summary};
use crate::source::{FileId, FileKind, SourceFile};

/// One file of the workspace.
struct Slot {
    path: PathBuf,
    /// Its latest text, loaded; `None` once the file is removed.
    result: Option<Arc<FileResult>>,
    /// The last of its texts that could be read (the latest, when it can
    /// be): the other files resolve against it while this one cannot be.
    good: Option<Arc<FileResult>>,
    /// Its per-file findings, kept while its text and the project's facts
    /// are those they were found for (see `Workspace::check`).
    found: Mutex<Option<Found>>,
}

/// Per-file findings and what they were found for.
struct Found {
    result: Arc<FileResult>,
    facts: u64,
    as_of: NaiveDate,
    selection: Selection,
    diagnostics: Vec<Diagnostic>,
}

impl Slot {
    fn new(path: PathBuf, result: Option<Arc<FileResult>>, good: Option<Arc<FileResult>>) -> Slot {
        Slot { path, result, good, found: Mutex::new(None) }
    }

    /// The summary the other files see: the latest, or the last good one while this does not parse.
    fn seen(&self) -> Option<&Arc<FileResult>> {
        let result = self.result.as_ref()?;
        match &self.good {
            Some(good) if !readable(&result.summary) => Some(good),
            _ => Some(result),
        }
    }
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
    /// Counts changes that every file's per-file rules may read (a
    /// dictionary's metrics): a file's kept findings are stale once it moves
    /// on. Narrower changes forget the findings they reach (`invalidate`).
    facts: u64,
    /// The last scorecard's set cards, reused while their inputs hold.
    cards: Mutex<crate::score::card::KeptCards>,
    /// Per-file rule runs so far: what a test counts to prove that an edit
    /// that changes no fact re-lints the edited file alone.
    lints: std::sync::atomic::AtomicUsize,
}

impl Workspace {
    pub fn new(root: PathBuf, config: Config) -> Workspace {
        Workspace {
            root,
            config,
            slots: Vec::new(),
            ids: HashMap::default(),
            join: Join::build(Vec::new()),
            loads: 0,
            facts: 0,
            cards: Mutex::default(),
            lints: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// A workspace of these files (path relative to `root`, or absolute
    /// under it; text), loaded in parallel.
    pub fn of_files(root: PathBuf, config: Config, files: Vec<(PathBuf, String)>) -> Workspace {
        let files = files.into_iter().map(|(path, text)| (path, Ok(text))).collect();
        Workspace::of_sources(root, config, files)
    }

    /// A workspace of these files: each one's text, or what reading it
    /// found instead (a file that cannot be read, as `project::read_confined` gives).
    pub fn of_sources(
        root: PathBuf,
        config: Config,
        files: Vec<(PathBuf, Result<String, Box<FileResult>>)>,
    ) -> Workspace {
        let mut workspace = Workspace::new(root, config);
        let root = &workspace.root;
        let loaded: Vec<(PathBuf, FileResult)> = crate::parallel::map_owned(files, |id, (path, text)| {
            let result = match text {
                Ok(text) => load_text(root, &path, text, id),
                Err(unreadable) => *unreadable,
            };
            (path, result)
        });
        for (path, result) in loaded {
            let id = workspace.slots.len();
            workspace.ids.insert(path.clone(), id);
            let result = Arc::new(result);
            let good = readable(&result.summary).then(|| result.clone());
            workspace.slots.push(Slot::new(path, Some(result), good));
            workspace.loads = workspace.loads.saturating_add(1);
        }
        workspace.rejoin();
        workspace
    }

    /// Sets a file's text (an opened or edited buffer, or a file read from
    /// disk): a new path gets the next id, a known one keeps its own. Only
    /// this file is loaded; the join is made again from the summaries.
    pub fn set_text(&mut self, path: &Path, text: String) -> FileId {
        self.set_source(path, Ok(text))
    }

    /// Sets a file's text, or what reading it found instead (see `of_sources`).
    pub fn set_source(&mut self, path: &Path, text: Result<String, Box<FileResult>>) -> FileId {
        let id = match self.ids.get(path) {
            Some(id) => *id,
            None => {
                let id = self.slots.len();
                self.ids.insert(path.to_path_buf(), id);
                self.slots.push(Slot::new(path.to_path_buf(), None, None));
                id
            }
        };
        let result = match text {
            Ok(text) => {
                self.loads = self.loads.saturating_add(1);
                // On a worker thread, whose stack is sized for deeply nested YAML (`parallel.rs`).
                let root = &self.root;
                crate::parallel::ready();
                rayon::join(|| load_text(root, path, text, id), || ()).0
            }
            Err(unreadable) => *unreadable,
        };
        let result = Arc::new(result);
        let slot = &mut self.slots[id];
        let before = slot.seen().map(|seen| seen.summary.file_rule_facts());
        if readable(&result.summary) {
            slot.good = Some(result.clone());
        }
        slot.result = Some(result);
        let after = slot.seen().map(|seen| seen.summary.file_rule_facts());
        self.invalidate(id, before, after);
        // The join is mended in place when the file defines what it did; else made again.
        let entry = self.entry(&self.slots[id]);
        if let Err(_entry) = self.join.replace(id, entry) {
            self.rejoin();
        }
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
        let before = slot.seen().map(|seen| seen.summary.file_rule_facts());
        slot.result = None;
        slot.good = None;
        self.invalidate(id, before, None);
        self.rejoin();
        true
    }

    /// Forgets the kept findings of the files whose per-file rules read what
    /// changed in `file` (`Summary::file_rule_facts`, `before` and `after`):
    /// a set's ids, cycle or metrics are read by the logs that check in on
    /// that set (their `okrs`, or a full `kr` reference into it); a
    /// dictionary's metrics, or what an unreadable file would define, by any file.
    fn invalidate(&mut self, file: FileId, before: Option<FileRuleFacts>, after: Option<FileRuleFacts>) {
        if before == after {
            return;
        }
        let set_id = |facts: &Option<FileRuleFacts>| match facts {
            Some(FileRuleFacts::Set { id, .. }) => Some(Some(id.clone())),
            None | Some(FileRuleFacts::None) => Some(None),
            Some(FileRuleFacts::Metrics(_) | FileRuleFacts::Unreadable(_)) => None,
        };
        let (Some(was), Some(now)) = (set_id(&before), set_id(&after)) else {
            self.facts = self.facts.wrapping_add(1);
            return;
        };
        let ids: Vec<String> = was.into_iter().chain(now).collect();
        for (other, slot) in self.slots.iter_mut().enumerate() {
            let Some(result) = &slot.result else { continue };
            if other != file && checks_in_on(&result.summary, &ids) {
                *slot.found.get_mut().unwrap_or_else(PoisonError::into_inner) = None;
            }
        }
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

    /// Per-file rule runs so far (one a file; a kept finding list is not a run).
    pub fn lints(&self) -> usize {
        self.lints.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A file's latest load result.
    pub fn result(&self, file: FileId) -> Option<&Arc<FileResult>> {
        self.slots.get(file)?.result.as_ref()
    }

    /// The load result the rest of the project sees of a file: its latest,
    /// or its last good one while it does not parse.
    pub fn seen(&self, file: FileId) -> Option<&Arc<FileResult>> {
        self.slots.get(file)?.seen()
    }

    /// A file's path, as the workspace was given it.
    pub fn path(&self, file: FileId) -> Option<&Path> {
        self.slots.get(file).filter(|slot| slot.result.is_some()).map(|slot| slot.path.as_path())
    }

    /// Every file the workspace holds, with its id.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &Path)> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, slot)| slot.result.is_some())
            .map(|(id, slot)| (id, slot.path.as_path()))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether the others see this file at its last good summary (it does not parse now).
    fn stale(&self, file: FileId) -> bool {
        self.slots
            .get(file)
            .is_some_and(|slot| slot.good.is_some() && slot.result.as_ref().is_some_and(|r| !readable(&r.summary)))
    }

    /// Makes the join again from the summaries (no file is read or parsed).
    fn rejoin(&mut self) {
        let entries = self.slots.iter().map(|slot| self.entry(slot)).collect();
        self.join = Join::build(entries);
    }

    /// What the join holds of a file: its summary and text as the others see them.
    fn entry(&self, slot: &Slot) -> FileEntry {
        // A file that does not parse is seen at its last good text.
        let Some(seen) = slot.seen() else {
            // A removed file: an empty place, so that ids stay put.
            return FileEntry::new(slot.path.clone(), shown(&self.root, &slot.path), FileKind::Unknown, false);
        };
        let mut entry = FileEntry::new(slot.path.clone(), seen.source.display.clone(), seen.source.kind, true);
        entry.summary = Some(seen.summary.clone());
        entry.keep_source(seen.source.clone());
        entry
    }

    /// The project's scores at `as_of`, from the cards of the sets that have
    /// not changed since the last scoring (`Scorecard::build_keeping`).
    pub fn scorecard(&self, as_of: NaiveDate) -> crate::score::card::Scorecard {
        let mut kept = self.cards.lock().unwrap_or_else(PoisonError::into_inner);
        crate::score::card::Scorecard::build_keeping(&self.join, self.config.score_settings(as_of), &mut kept)
    }

    /// Checks every file: the per-file rules on each file's latest text,
    /// with the whole project joined; then the project-wide rules. The same
    /// findings a run on disk gives for the same texts (SPEC §5).
    ///
    /// A file's per-file findings are kept and given again while its text,
    /// what per-file rules read of the other files (`Summary::file_rule_facts`), the
    /// as-of date and the selection are those they were found for: after an
    /// edit, only the files whose findings can change are linted again.
    pub fn check(&self, selection: &Selection, as_of: NaiveDate) -> Vec<Diagnostic> {
        let engine = Engine::new(&self.config, selection);
        let (join, config) = (&self.join, &self.config);
        let per_file: Vec<Vec<Diagnostic>> = crate::parallel::map(&self.slots, |file, slot| {
            slot.result.as_ref().map_or_else(Vec::new, |result| {
                let mut found = slot.found.lock().unwrap_or_else(PoisonError::into_inner);
                let fresh = found.as_ref().is_some_and(|f| {
                    Arc::ptr_eq(&f.result, result)
                        && f.facts == self.facts
                        && f.as_of == as_of
                        && f.selection == *selection
                });
                if !fresh {
                    self.lints.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let diagnostics = engine.check_loaded(join, config, as_of, None, file, result);
                    let selection = selection.clone();
                    *found = Some(Found { result: result.clone(), facts: self.facts, as_of, selection, diagnostics });
                }
                found.as_ref().map(|f| f.diagnostics.clone()).unwrap_or_default()
            })
        });
        let per_file: Vec<Diagnostic> = per_file.into_iter().flatten().collect();
        let scores = std::sync::OnceLock::new();
        let _ = scores.set(self.scorecard(as_of));
        let empty = crate::index::Index::new(&[]);
        let ctx = engine.context(&empty, join, config, as_of, None, &scores);
        // Every file's text is held: nothing to read to place a finding.
        engine.finish(&ctx, per_file, |_| None, |file| !self.stale(file))
    }
}

/// Whether a log's per-file rules may read a set of one of these ids: its
/// `okrs` names one, or a check-in's full `set/objective/kr` reference does.
fn checks_in_on(summary: &Summary, ids: &[String]) -> bool {
    match &summary.defines {
        Defines::CheckIns(_) => summary.references.iter().any(|r| match r.kind {
            RefKind::LogSet => ids.iter().any(|id| **id == *r.text.trim()),
            RefKind::CheckInKr => {
                let mut parts = r.text.trim().split('/');
                let first = parts.next().unwrap_or("");
                parts.count() == 2 && ids.iter().any(|id| id == first)
            }
            _ => false,
        }),
        Defines::Unreadable(_) => true,
        _ => false,
    }
}

/// Whether a summary is of a file that could be read.
fn readable(summary: &Summary) -> bool {
    !matches!(summary.defines, Defines::Unreadable(_))
}

/// A workspace path as shown: relative to the root, `/`-separated.
fn shown(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(inside) if path.is_absolute() => inside.to_string_lossy().replace('\\', "/"),
        _ => path.to_string_lossy().replace('\\', "/"),
    }
}

/// Loads one file's text; its kind comes from its name.
fn load_text(root: &Path, path: &Path, text: String, id: FileId) -> FileResult {
    let display = shown(root, path);
    let kind = path.file_name().and_then(|n| FileKind::from_name(&n.to_string_lossy())).unwrap_or(FileKind::Unknown);
    load::load(Arc::new(SourceFile::new(path.to_path_buf(), display, text, kind)), id)
}
