//! A project on disk: finding its root and files, reading them (whatever
//! stops a file from being read becomes an OKR001 finding), and driving a
//! run: load, per-file rules, join, logs, project-wide rules.

use std::collections::HashMap;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::NaiveDate;

use crate::UsageError;
use crate::cache::{self, Cache};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::discover::{self, Candidate, absolute, relative};
use crate::index::Index;
use crate::join::{Facts, FileEntry, Join};
use crate::lint::{Engine, Selection};
use crate::load::{self, FileResult, Loaded, Summary};
use crate::source::{FileId, FileKind, Lines, SourceFile, Span};

/// Files larger than this are refused with OKR001 rather than parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A project opened for one run. Opening finds the files and loads the
/// metric dictionaries (per-file rules on sets need their metrics); checking
/// loads each set, runs the per-file rules on it and keeps only its summary,
/// then reads the logs the run needs, and runs the project-wide rules on the
/// joined summaries. No document outlives its own checking, so memory stays
/// flat however large the project.
pub struct Project {
    pub join: Join,
    pub config: Config,
    pub root: PathBuf,
    /// Things worth telling the user that are not findings (an unreadable directory).
    pub notes: Vec<String>,
    /// Named paths that `exclude` covers (they were said to be skipped).
    pub excluded_named: usize,
    /// What checking does with each file, by file id.
    plan: Vec<Plan>,
    cache: Option<Cache>,
    /// Keep the text of files with findings, for outputs that show snippets
    /// (the human format); other outputs need only lines and columns.
    pub keep_text: bool,
    /// Keep the documents of the named set files once checked, for commands
    /// that show more of a set than its summary holds (`report`).
    pub keep_documents: bool,
    /// The named sets at a git revision (`check --since`), for OKR701.
    pub history: Option<crate::history::History>,
    /// Where files may be read from.
    confinement: Confinement,
    /// Files parsed so far (a summary from the cache is not a parse).
    loads: AtomicUsize,
}

/// Where a project's files may be read from: its root, links resolved. A
/// file reached through a symbolic link that leads out of the root is not
/// read (OKR001): a pull request can hold a link to any file of the CI
/// machine, and its lines would be shown in a parse error (SPEC §5).
pub struct Confinement {
    /// The root as the project names it (paths are relative to this).
    root: PathBuf,
    /// The root with every link resolved.
    real_root: PathBuf,
    /// Folders resolved so far: whether each lies inside `real_root`.
    folders: Mutex<HashMap<PathBuf, bool>>,
}

impl Confinement {
    pub fn new(root: &Path) -> Confinement {
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Confinement { root: root.to_path_buf(), real_root, folders: Mutex::new(HashMap::new()) }
    }

    /// Whether `path` may be read: the file itself and its folder, links
    /// resolved, lie inside the root. A path that cannot be resolved (a
    /// dangling link) is allowed here: reading it fails and says why.
    pub fn allows(&self, path: &Path) -> bool {
        let link = std::fs::symlink_metadata(path).map(|m| m.file_type().is_symlink());
        self.allows_given(path, link.unwrap_or(false))
    }

    /// The metadata of the file at `path` (links followed) when it may be
    /// read; None when it may not, or cannot be looked at. One look at the
    /// file for the usual case, a regular file in a folder the walk met.
    pub fn metadata(&self, path: &Path) -> Option<std::fs::Metadata> {
        let own = std::fs::symlink_metadata(path).ok()?;
        if own.file_type().is_symlink() {
            return self.allows_given(path, true).then(|| std::fs::metadata(path).ok()).flatten();
        }
        self.allows_given(path, false).then_some(own)
    }

    /// Folders known to lie inside the root (the walk of the root met them,
    /// never following a link): no need to resolve them.
    pub fn trust(&self, folders: &[PathBuf]) {
        let mut known = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        known.extend(folders.iter().map(|folder| (folder.clone(), true)));
    }

    fn allows_given(&self, path: &Path, link: bool) -> bool {
        if link {
            return path.canonicalize().map_or(true, |real| real.starts_with(&self.real_root));
        }
        let Some(folder) = path.parent() else { return true };
        if let Some(inside) = self.folders.lock().unwrap_or_else(PoisonError::into_inner).get(folder) {
            return *inside;
        }
        let inside = folder.canonicalize().map_or(true, |real| real.starts_with(&self.real_root));
        self.folders.lock().unwrap_or_else(PoisonError::into_inner).insert(folder.to_path_buf(), inside);
        inside
    }
}

/// What checking does with one file.
enum Plan {
    /// Loaded already: a dictionary, a file named by path, or a file held in memory.
    Loaded(Box<FileResult>),
    /// A set file, loaded when checked (in full when named, else for its summary).
    Load,
    /// A check-in log: read only when named or of a named set.
    Log,
    /// Its summary is in the join; nothing more to do.
    Done,
    /// Checked, and its set document kept without its text (`keep_documents`).
    Kept(Box<crate::model::OkrSet>),
}

/// What checking learnt of one file.
enum Outcome {
    Nothing,
    /// A file checked or summarised: its summary (when new), findings and text.
    Checked {
        summary: Option<Arc<Summary>>,
        found: Vec<Diagnostic>,
        source: Held,
        /// The set document, when documents are kept.
        document: Option<Box<crate::model::OkrSet>>,
    },
    /// A check-in log: whether it is read is decided once the named sets are known.
    Log,
}

/// A log read and checked on its own: what is kept of it.
struct CheckedLog {
    file: FileId,
    summary: Arc<Summary>,
    found: Vec<Diagnostic>,
    source: Held,
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

/// Opens one project: every OKR file under `root`, reporting findings for
/// `paths` (absolute, existing) only.
fn open_project(
    root: PathBuf,
    paths: &[PathBuf],
    config_override: Option<&Path>,
    cwd: &Path,
    use_cache: bool,
) -> Result<Project, UsageError> {
    let config = match config_override {
        Some(path) => {
            match std::fs::metadata(path) {
                Err(_) => {
                    return Err(UsageError(format!("configuration file does not exist: {}", path.display())));
                }
                Ok(m) if m.is_dir() => {
                    return Err(UsageError(format!(
                        "--config {} is a directory; name the configuration file itself, such as {}",
                        path.display(),
                        path.join(".okrlint.yaml").display()
                    )));
                }
                // A file, or a device such as /dev/null (an empty configuration).
                Ok(_) => {}
            }
            Config::load(path, &relative(&absolute(path, cwd), cwd))?
        }
        None => {
            let path = root.join(".okrlint.yaml");
            if path.is_file() { Config::load(&path, &relative(&path, cwd))? } else { Config::default() }
        }
    };
    // A named `.okrlint.yaml` is the configuration (SPEC §1): validated, never linted.
    let mut notes = Vec::new();
    let mut named = Vec::with_capacity(paths.len());
    for path in paths {
        if path.file_name().is_some_and(|n| n == ".okrlint.yaml") && !path.is_dir() {
            if config_override.is_some() || path.parent() != Some(root.as_path()) {
                Config::load(path, &relative(path, cwd))?;
            }
            notes.push(format!("{} is a configuration file: checked as one, not linted", relative(path, cwd)));
        } else {
            named.push(path.clone());
        }
    }
    let mut discovery = discover::discover(&named, &root, &config.exclude);
    notes.append(&mut discovery.notes);
    let excluded_named = discovery.excluded_named;
    let mut candidates: Vec<(String, Candidate)> =
        std::mem::take(&mut discovery.files).into_iter().map(|c| (relative(&c.path, cwd), c)).collect();
    // A file id is a position in display-path order.
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    let cache = use_cache.then(|| Cache::open(&root, &config.text));
    let loads = AtomicUsize::new(0);
    let confinement = Confinement::new(&root);
    confinement.trust(&discovery.folders);
    let mut entries: Vec<FileEntry> = candidates
        .iter()
        .map(|(display, c)| FileEntry::new(c.path.clone(), display.clone(), c.kind, c.reported))
        .collect();
    // Dictionaries, and files named by path (which may be dictionaries), first.
    let early: Vec<(Plan, Option<Arc<Summary>>)> =
        crate::parallel::map(&candidates, |file, (_, c)| match (c.kind, c.reported) {
            (FileKind::Metrics, _) | (FileKind::Unknown, true) => {
                match learn(&confinement, &entries[file], file, cache.as_ref(), &loads) {
                    Learnt::Full(loaded, key) => {
                        let result = loaded.summarised();
                        remember(cache.as_ref(), key, &result.summary);
                        let summary = result.summary.clone();
                        (Plan::Loaded(Box::new(result)), Some(summary))
                    }
                    Learnt::Summary(summary) => (Plan::Done, Some(summary)),
                }
            }
            (FileKind::CheckIns, _) => (Plan::Log, None),
            _ => (Plan::Load, None),
        });
    let mut plan = Vec::with_capacity(early.len());
    for (entry, (step, summary)) in entries.iter_mut().zip(early) {
        if let Plan::Loaded(result) = &step {
            entry.keep_source(result.source.clone());
        }
        entry.summary = summary;
        plan.push(step);
    }
    let mut join = Join::build(entries);
    // Only the dictionaries (and files named by path) are joined yet: a set's per-file rules need no more.
    join.facts = Facts { sets: false, checkins: false };
    Ok(Project {
        join,
        config,
        root,
        notes,
        excluded_named,
        plan,
        cache,
        keep_text: true,
        keep_documents: false,
        history: None,
        confinement,
        loads,
    })
}

/// What a run does with each named file it loads.
#[derive(Clone, Copy)]
enum Judge<'e> {
    /// Runs the per-file rules (`check`).
    Rules(&'e Engine, NaiveDate),
    /// Reports only what stops the file from being read (`score`, `report`).
    ReadErrors,
}

impl Judge<'_> {
    fn run(
        self,
        join: &Join,
        config: &Config,
        history: Option<&crate::history::History>,
        file: FileId,
        result: &Loaded,
    ) -> Vec<Diagnostic> {
        match self {
            Judge::Rules(engine, as_of) => engine.check_loaded(join, config, as_of, history, file, result),
            Judge::ReadErrors => crate::lint::read_errors(file, result),
        }
    }
}

/// A file read for a run: in full when named, else only its summary.
enum Learnt {
    /// A named file, loaded. Its summary is made once it has been checked
    /// (`Loaded::into_summary`), and then kept in the cache under the key.
    Full(Box<Loaded>, Option<cache::Key>),
    Summary(Arc<Summary>),
}

/// Keeps a summary this run made in the cache, under its file's key.
fn remember(cache: Option<&Cache>, key: Option<cache::Key>, summary: &Arc<Summary>) {
    if let Some((cache, key)) = cache.zip(key) {
        cache.put(key, summary.clone());
    }
}

/// Reads a set or dictionary: a named file is loaded in full; another one's
/// summary comes from the cache when its bytes are those the cache saw.
fn learn(
    confinement: &Confinement,
    entry: &FileEntry,
    file: FileId,
    cache: Option<&Cache>,
    loads: &AtomicUsize,
) -> Learnt {
    let root = &confinement.root;
    // A file unchanged since a run read it (the same stamp) is not read
    // again: its summary is the one that run made of its bytes. The stamp is
    // taken before reading, so an edit during the read shows next time.
    let cached = cache.map(|cache| (cache, relative(&entry.path, root)));
    let stamp =
        cached.as_ref().and_then(|_| confinement.metadata(&entry.path)).and_then(|meta| cache::Stamp::of(&meta));
    if !entry.reported
        && let Some(((cache, path), stamp)) = cached.as_ref().zip(stamp)
        && let Some(summary) = cache.get_stamped(path, stamp)
    {
        return Learnt::Summary(summary);
    }
    let text = match read_text(&entry.path, &entry.display, entry.kind, confinement) {
        Ok(text) => text,
        Err(unreadable) if entry.reported => return Learnt::Full(Box::new(unreadable.loaded), None),
        Err(unreadable) => return Learnt::Summary(unreadable.summary),
    };
    let key = cached.as_ref().map(|(_, path)| cache::key(path, text.as_bytes()));
    if let Some(((cache, path), key)) = cached.as_ref().zip(key)
        && let Some(stamp) = stamp
    {
        cache.stamp(path, stamp, key);
    }
    if !entry.reported
        && let Some(summary) = cache.zip(key).and_then(|(c, k)| c.get(k))
    {
        return Learnt::Summary(summary);
    }
    let source = SourceFile::new(entry.path.clone(), entry.display.clone(), text, entry.kind);
    let loaded = load::read(Arc::new(source), file);
    loads.fetch_add(1, Ordering::Relaxed);
    if entry.reported {
        return Learnt::Full(Box::new(loaded), key);
    }
    let summary = loaded.into_summary();
    remember(cache, key, &summary);
    Learnt::Summary(summary)
}

impl Project {
    /// How many files this project has parsed (a summary the cache held,
    /// or a log the run did not need, is not parsed).
    pub fn loads(&self) -> usize {
        self.loads.load(Ordering::Relaxed)
    }

    /// One file's text (without a BOM), read again.
    pub fn text_of(&self, file: FileId) -> Option<String> {
        let f = self.join.files.get(file)?;
        read_text(&f.path, &f.display, f.kind, &self.confinement).ok()
    }

    /// Every file's text (without a BOM), for a run that rewrites files
    /// (`check --fix`); else the shown path of one that cannot be read as text.
    pub fn texts(&self) -> Result<Vec<(PathBuf, String)>, String> {
        self.join
            .files
            .iter()
            .map(|f| match read_text(&f.path, &f.display, f.kind, &self.confinement) {
                Ok(text) => Ok((f.path.clone(), text)),
                Err(_) => Err(f.display.clone()),
            })
            .collect()
    }

    /// The document of a set file loaded in full (named, and checked with
    /// `keep_documents`, or held in memory).
    pub fn set_document(&self, file: FileId) -> Option<&crate::model::OkrSet> {
        match self.plan.get(file)? {
            Plan::Loaded(result) => match &result.document {
                load::Document::Set(set) => Some(set),
                _ => None,
            },
            Plan::Kept(set) => Some(set),
            Plan::Load | Plan::Log | Plan::Done => None,
        }
    }

    /// Checks the project and returns its diagnostics, sorted. Files on disk
    /// are checked once: their documents are not kept.
    pub fn check(&mut self, selection: &Selection, as_of: NaiveDate) -> Vec<Diagnostic> {
        let engine = Engine::new(&self.config, selection);
        let diagnostics = self.gather(Judge::Rules(&engine, as_of));
        let empty = Index::new(&[]);
        let scores = OnceLock::new();
        let ctx = engine.context(&empty, &self.join, &self.config, as_of, self.history.as_ref(), &scores);
        // A project-wide finding may sit in a file whose text the run does
        // not hold, nor where its lines start: it is read to place the file's
        // findings (once, however many rules point there), and kept only
        // when the output shows snippets; holding every file a large run
        // reports on would cost their size in memory.
        let keep_text = self.keep_text;
        let confinement = &self.confinement;
        let source_of = |file: FileId| {
            let entry = &ctx.join.files[file];
            if entry.source().is_some() || entry.lines().is_some() {
                return None;
            }
            let source = match read_source(&entry.path, &entry.display, entry.kind, confinement) {
                Ok(source) => Arc::new(source),
                Err(unreadable) => unreadable.source.clone(),
            };
            if keep_text {
                entry.keep_source(source.clone());
            }
            Some(source)
        };
        let diagnostics = engine.finish(&ctx, diagnostics, source_of, |_| true);
        if let Some(cache) = self.cache.take() {
            cache.save();
        }
        diagnostics
    }

    /// Loads every file the run needs, as its plan says — named files in
    /// full, judged by `judge` (the per-file rules, or only what stops them
    /// from being read); the others for their summaries — and joins them.
    fn gather(&mut self, judge: Judge) -> Vec<Diagnostic> {
        let (join, config, confinement, cache) = (&self.join, &self.config, &self.confinement, self.cache.as_ref());
        let loads = &self.loads;
        let keep_documents = self.keep_documents;
        let history = self.history.as_ref();
        let check_one = |file: FileId, result: &Loaded| judge.run(join, config, history, file, result);
        let keep_text = self.keep_text;
        let outcomes: Vec<Outcome> = crate::parallel::map(&self.plan, |file, step| {
            let entry = &join.files[file];
            match step {
                Plan::Loaded(result) if entry.reported => Outcome::Checked {
                    summary: None,
                    found: check_one(file, result),
                    source: held(keep_text, &result.source, &result.summary, true),
                    document: None,
                },
                Plan::Load => match learn(confinement, entry, file, cache, loads) {
                    Learnt::Full(loaded, key) => {
                        // Checked first, then summarised: a large set's typed model,
                        // its findings and its summary are never all held at once.
                        let found = check_one(file, &loaded);
                        let source = loaded.source.clone();
                        let (summary, document) = if keep_documents {
                            let result = loaded.summarised();
                            (result.summary.clone(), set_of(result))
                        } else {
                            (loaded.into_summary(), None)
                        };
                        remember(cache, key, &summary);
                        let source = held(keep_text, &source, &summary, true);
                        Outcome::Checked { summary: Some(summary), found, source, document }
                    }
                    Learnt::Summary(summary) => Outcome::Checked {
                        summary: Some(summary),
                        found: Vec::new(),
                        source: Held::Nothing,
                        document: None,
                    },
                },
                Plan::Log => Outcome::Log,
                Plan::Loaded(_) | Plan::Done | Plan::Kept(_) => Outcome::Nothing,
            }
        });
        let mut entries = std::mem::replace(&mut self.join, Join::build(Vec::new())).into_files();
        let mut found_lists = Vec::new();
        let mut logs = Vec::new();
        for (file, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Outcome::Checked { summary, found, source, document } => {
                    if let Some(summary) = summary {
                        entries[file].summary = Some(summary);
                    }
                    source.keep_in(&entries[file]);
                    if !found.is_empty() {
                        found_lists.push(found);
                    }
                    if let Some(document) = document {
                        self.plan[file] = Plan::Kept(document);
                    }
                }
                Outcome::Log => logs.push(file),
                Outcome::Nothing => {}
            }
            if matches!(self.plan[file], Plan::Load) {
                self.plan[file] = Plan::Done;
            }
        }
        self.join = Join::build(entries);
        // The logs are joined once read: a log's per-file rules see the sets, not the other logs.
        self.join.facts.checkins = false;
        found_lists.extend(self.check_logs(judge, logs));
        crate::lint::concat(found_lists)
    }

    /// Loads the project without checking it: its join, for scoring and
    /// reports, and what stops a named file from being read (OKR001), sorted.
    pub fn load(&mut self) -> Vec<Diagnostic> {
        let mut diagnostics = self.gather(Judge::ReadErrors);
        crate::lint::sort(&mut diagnostics, |file| &self.join.files[file].display);
        crate::lint::dedup(&mut diagnostics);
        if let Some(cache) = self.cache.take() {
            cache.save();
        }
        diagnostics
    }

    /// Reads the logs the run needs — named, or of a named set (or of a set a
    /// peek could not tell, when any set is named) — one at a time: each is
    /// checked by the per-file rules and only its summary kept.
    fn check_logs(&mut self, judge: Judge, logs: Vec<FileId>) -> Vec<Vec<Diagnostic>> {
        let mut named_sets: HashSet<String> = self
            .join
            .sets()
            .filter(|(file, _)| self.join.files[*file].reported)
            .map(|(_, set)| set.id.value.clone())
            .collect();
        // A named log's set counts as named: its other logs hold the same KRs'
        // check-ins (duplicates, the latest check-in, red streaks).
        // Every set named (a whole-project run): every log is needed, no peek.
        let every_set = !named_sets.is_empty() && self.join.sets().all(|(file, _)| self.join.files[file].reported);
        if every_set {
            return self.read_logs(judge, logs);
        }
        let (confinement, cache) = (&self.confinement, self.cache.as_ref());
        let peeked: Vec<(FileId, Option<String>)> = crate::parallel::map(&logs, |_, &file| {
            let entry = &self.join.files[file];
            let named = entry.reported || !named_sets.is_empty();
            let set = if named { peek_log_set_cached(&entry.path, confinement, cache) } else { None };
            (file, set)
        });
        for (file, set) in &peeked {
            if self.join.files[*file].reported
                && let Some(set) = set
            {
                named_sets.insert(set.clone());
            }
        }
        // An unnamed log is read when its set is named, or when a peek cannot tell.
        let needed: Vec<FileId> = peeked
            .into_iter()
            .filter(|(file, set)| {
                self.join.files[*file].reported
                    || (!named_sets.is_empty() && set.as_ref().is_none_or(|set| named_sets.contains(set)))
            })
            .map(|(file, _)| file)
            .collect();
        self.read_logs(judge, needed)
    }

    /// Reads the `needed` logs, checks the named ones with the per-file
    /// rules, and adds their summaries to the join.
    fn read_logs(&mut self, judge: Judge, needed: Vec<FileId>) -> Vec<Vec<Diagnostic>> {
        let (join, config, keep_text, confinement) = (&self.join, &self.config, self.keep_text, &self.confinement);
        let loads = &self.loads;
        let checked: Vec<CheckedLog> = crate::parallel::map(&needed, |_, &file| {
            let entry = &join.files[file];
            let result = read_and_load(&entry.path, &entry.display, entry.kind, file, confinement);
            loads.fetch_add(1, Ordering::Relaxed);
            // A log read only for its references (its set was named) has nothing to report.
            let found = if entry.reported { judge.run(join, config, None, file, &result) } else { Vec::new() };
            let source = held(keep_text, &result.source, &result.summary, !found.is_empty());
            CheckedLog { file, summary: result.summary.clone(), found, source }
        });
        let mut diagnostics = Vec::new();
        let mut summaries = Vec::with_capacity(checked.len());
        for CheckedLog { file, summary, found, source } in checked {
            source.keep_in(&self.join.files[file]);
            if !found.is_empty() {
                diagnostics.push(found);
            }
            summaries.push((file, summary));
        }
        self.join.add_summaries(summaries);
        diagnostics
    }
}

/// What a run holds of a file it has checked.
enum Held {
    Text(Arc<SourceFile>),
    /// Where its lines start: its findings can be placed, not shown.
    Lines(Lines),
    Nothing,
}

impl Held {
    fn keep_in(self, entry: &crate::join::FileEntry) {
        match self {
            Held::Text(source) => entry.keep_source(source),
            Held::Lines(lines) => entry.keep_lines(lines),
            Held::Nothing => {}
        }
    }
}

/// What a run holds of a file it has checked. Its text where the output
/// shows text (`keep_text`: snippets, fingerprints) and is likely to show
/// this file's (`shown`: always for a set, which project-wide findings
/// mostly land in; for a log, when it has findings of its own), or where a
/// finding quotes it (`Summary::points_into_text`); else, for a file likely
/// to be shown, where its lines start. Any other text is let go: a large
/// project's would cost its size in memory, and a finding placed later in a
/// file not held reads it again.
fn held(keep_text: bool, source: &Arc<SourceFile>, summary: &Summary, shown: bool) -> Held {
    if (keep_text && shown) || summary.points_into_text() {
        Held::Text(source.clone())
    } else if shown {
        source.lines().map_or(Held::Nothing, Held::Lines)
    } else {
        Held::Nothing
    }
}

/// A loaded file's set document, its text and problems let go.
fn set_of(result: FileResult) -> Option<Box<crate::model::OkrSet>> {
    match result.loaded.document {
        load::Document::Set(set) => Some(Box::new(set)),
        _ => None,
    }
}

/// `peek_log_set`, from the cache when the log is unchanged since a run peeked at it.
/// Nothing is read of a log that may not be read (a link out of the project).
fn peek_log_set_cached(path: &Path, confinement: &Confinement, cache: Option<&Cache>) -> Option<String> {
    let metadata = confinement.metadata(path)?;
    let Some(cache) = cache else { return peek_log_set(path) };
    let Some(stamp) = cache::Stamp::of(&metadata) else { return peek_log_set(path) };
    let relative_path = relative(path, &confinement.root);
    if let Some(set) = cache.head(&relative_path, stamp) {
        return set;
    }
    let set = peek_log_set(path);
    cache.put_head(&relative_path, stamp, set.clone());
    set
}

/// The set a check-in log belongs to, from a peek at its head: its first key
/// is `okrs:` with a plain id on one line. Anything else (a quoted or
/// multi-line value, another first key, flow style) says nothing, and the
/// caller reads the whole log rather than guess.
fn peek_log_set(path: &Path) -> Option<String> {
    const HEAD: u64 = 4096;
    // Never open a pipe or device here: opening a FIFO waits for a writer.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(HEAD as usize);
    std::fs::File::open(path).ok()?.take(HEAD).read_to_end(&mut head).ok()?;
    let text = match std::str::from_utf8(&head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    log_set_of_head(text)
}

/// The set id a log's head names on its first key, `okrs:` (see `peek_log_set`).
fn log_set_of_head(text: &str) -> Option<String> {
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
fn read_and_load(path: &Path, display: &str, kind: FileKind, file: FileId, confinement: &Confinement) -> FileResult {
    match read_source(path, display, kind, confinement) {
        Ok(source) => load::load(Arc::new(source), file),
        Err(unreadable) => *unreadable,
    }
}

/// Reads one file's text; whatever stops it from being read is an OKR001
/// finding, returned as the file's result.
fn read_source(
    path: &Path,
    display: &str,
    kind: FileKind,
    confinement: &Confinement,
) -> Result<SourceFile, Box<FileResult>> {
    read_text(path, display, kind, confinement)
        .map(|text| SourceFile::new(path.to_path_buf(), display.to_string(), text, kind))
}

/// A workspace of every OKR file under `root` (as `check` finds them, links
/// out of the project refused), each read from disk unless `overlay` holds
/// its text (an editor's unsaved buffer): the editor server and `pull` hold
/// a project this way.
pub fn read_workspace(
    root: PathBuf,
    config: Config,
    overlay: &(dyn Fn(&Path) -> Option<String> + Sync),
) -> crate::workspace::Workspace {
    let discovery = discover::discover(std::slice::from_ref(&root), &root, &config.exclude);
    let confinement = Confinement::new(&root);
    let files: Vec<_> = crate::parallel::map_owned(discovery.files, |_, candidate| {
        let text = match overlay(&candidate.path) {
            Some(text) => Ok(text),
            None => {
                let display = relative(&candidate.path, &root);
                read_text(&candidate.path, &display, candidate.kind, &confinement)
            }
        };
        (candidate.path, text)
    });
    crate::workspace::Workspace::of_sources(root, config, files)
}

/// Reads one file's text (without a BOM), as `read_source`: what the
/// editor server reads of the files that are not open.
pub fn read_text(
    path: &Path,
    display: &str,
    kind: FileKind,
    confinement: &Confinement,
) -> Result<String, Box<FileResult>> {
    let make = |text: String| SourceFile::new(path.to_path_buf(), display.to_string(), text, kind);
    let fail = |text: String, message: String, help: &str, span: Span| {
        Err(Box::new(load::unreadable(Arc::new(make(text)), message, help, span)))
    };
    const PERMISSION: &str = "check that the file exists and that you may read it (or that a symlink points at a file)";
    if !confinement.allows(path) {
        return fail(
            String::new(),
            "not read: a symbolic link leads out of the project".into(),
            "okrlint reads only files inside the project (SPEC §5); copy the file into the project, or remove the link",
            Span::default(),
        );
    }
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(String::new(), format!("cannot read the file: {e}"), PERMISSION, Span::default()),
    };
    if metadata.is_dir() {
        // A folder the walk could not enter (no permission, too long a path).
        let why = std::fs::read_dir(path).err().map_or_else(|| "cannot list it".to_string(), |e| e.to_string());
        return fail(
            String::new(),
            format!("cannot read the folder: {why}"),
            "okrlint must read every folder of the project; allow it, or exclude the folder in .okrlint.yaml",
            Span::default(),
        );
    }
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
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
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

#[cfg(test)]
mod tests {
    use super::log_set_of_head;

    #[test]
    fn a_log_head_names_its_set_only_when_it_is_plain() {
        let set = |head: &str| log_set_of_head(head);
        assert_eq!(set("okrs: growth\ncheckins:\n"), Some("growth".into()));
        assert_eq!(
            set("\u{feff}# Growth's log\n---\nokrs: growth # the team\r\ncheckins: []\r\n"),
            Some("growth".into())
        );
        // Anything a line reader could get wrong is left to the YAML parser (the log is read).
        for head in [
            "okrs: \"growth\"\ncheckins:\n",
            "checkins: []\nokrs: growth\n",
            "{okrs: growth, checkins: []}\n",
            "okrs: grow\n  th\ncheckins:\n",
            "okrs: growth",
            "okrs: &a growth\n",
            "okrs:growth\n",
            "",
        ] {
            assert_eq!(set(head), None, "{head:?}");
        }
    }
}
