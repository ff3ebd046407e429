//! The project, joined: every file's summary brought together, ids interned,
//! and one table of every reference with what it resolved to (the target's
//! file and span too). Project-wide rules and the editor server read this;
//! nothing here re-parses or searches files.

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::load::{
    CheckInSummary, Defines, KrSummary, MetricInfo, OutRef, RefKind, SetSummary, Summary, Unreadable, position, suggest,
};
use crate::source::{FileId, FileKind, Lines, SourceFile, Span};

/// An interned id: set ids, objective ids, KR ids and metric names.
pub type Sym = u32;

#[derive(Default)]
struct Interner {
    ids: HashMap<Box<str>, Sym>,
}

impl Interner {
    fn intern(&mut self, text: &str) -> Sym {
        if let Some(sym) = self.ids.get(text) {
            return *sym;
        }
        let sym = Sym::try_from(self.ids.len()).unwrap_or(Sym::MAX);
        self.ids.insert(text.into(), sym);
        sym
    }
    /// The symbol of a text that some file defines, if any does.
    fn get(&self, text: &str) -> Option<Sym> {
        self.ids.get(text).copied()
    }
}

/// One file of the project, whatever was learnt of it.
pub struct FileEntry {
    pub path: PathBuf,
    /// The path shown to users: relative to the current directory, `/`-separated.
    pub display: String,
    pub kind: FileKind,
    /// Named on the command line (or inside a named directory): its findings are reported.
    pub reported: bool,
    /// Absent for a file the run did not need (a log of a set no named file touches).
    pub summary: Option<Arc<Summary>>,
    /// The text, when the run has it.
    source: OnceLock<Arc<SourceFile>>,
    /// Where its lines start, when the run let a checked file's text go.
    lines: OnceLock<Box<Lines>>,
}

impl FileEntry {
    pub fn new(path: PathBuf, display: String, kind: FileKind, reported: bool) -> FileEntry {
        FileEntry { path, display, kind, reported, summary: None, source: OnceLock::new(), lines: OnceLock::new() }
    }

    /// Keeps the text this run read, for positions and snippets.
    pub fn keep_source(&self, source: Arc<SourceFile>) {
        let _ = self.source.set(source);
    }

    /// The file's text, when the run kept it: every named file's, and that
    /// of any file a finding points into (the project reads those before
    /// placing the findings; the join itself never reads a file).
    pub fn source(&self) -> Option<&Arc<SourceFile>> {
        self.source.get()
    }

    /// Keeps where a checked file's lines start, its text let go: a finding
    /// placed in it later needs no second read.
    pub fn keep_lines(&self, lines: Lines) {
        let _ = self.lines.set(Box::new(lines));
    }

    pub fn lines(&self) -> Option<&Lines> {
        self.lines.get().map(AsRef::as_ref)
    }
}

/// What a reference resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Def {
    Set { file: FileId },
    Objective { file: FileId, objective: u32 },
    Kr { file: FileId, objective: u32, kr: u32 },
    Metric { file: FileId, metric: u32 },
}

impl Def {
    pub fn file(self) -> FileId {
        match self {
            Def::Set { file } | Def::Objective { file, .. } | Def::Kr { file, .. } | Def::Metric { file, .. } => file,
        }
    }
}

/// One check-in of the project: the `index`-th of log `file`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CheckInAt {
    pub file: FileId,
    pub index: u32,
}

/// An alignment link (see `Join::alignment_links`).
#[derive(Clone, Copy, Debug)]
pub struct AlignmentLink<'a> {
    /// The objective (`aligns_to`) or KR (`contributes_to`) that makes the link.
    pub from: Def,
    pub to: Def,
    pub reference: &'a Reference,
}

/// A KR by where it is defined: its set file and positions.
pub type KrAt = (FileId, u32, u32);

/// Each KR's dated check-ins, and the set files that have any.
#[derive(Default)]
struct CheckInTable {
    by_kr: HashMap<KrAt, Vec<CheckInAt>>,
    sets: rustc_hash::FxHashSet<FileId>,
}

/// Where a reference is made from: its own set (for `objective/kr`), and
/// the cycle it is made in (a set's cycle, a check-in's day).
#[derive(Clone, Copy, Debug, Default)]
pub struct Home {
    pub set: Option<FileId>,
    pub cycle: Option<Cycle>,
}

/// One reference of the project: the `index`-th of `file`'s summary.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    pub file: FileId,
    pub index: u32,
    pub target: Option<Def>,
}

/// Whether two files' summaries define the same: what the join's tables
/// hold of them (set id, cycle and level; objective and KR ids, in order;
/// metric names, in order; what an unreadable file would define). A log
/// defines nothing: its check-ins are its own references.
fn same_definitions(a: &Defines, b: &Defines) -> bool {
    fn id(s: Option<&crate::model::Sp<String>>) -> Option<&str> {
        s.map(|s| s.value.as_str())
    }
    fn ids(o: &crate::load::ObjectiveSummary) -> (Option<&str>, Vec<Option<&str>>) {
        (id(o.id.as_ref()), o.key_results.iter().map(|k| id(k.id.as_ref())).collect())
    }
    match (a, b) {
        (Defines::Set(a), Defines::Set(b)) => {
            a.id.value == b.id.value
                && a.id_written == b.id_written
                && a.level == b.level
                && a.cycle == b.cycle
                && a.objectives.len() == b.objectives.len()
                && a.objectives.iter().zip(&b.objectives).all(|(a, b)| ids(a) == ids(b))
        }
        (Defines::Metrics(a), Defines::Metrics(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.name.value == b.name.value)
        }
        (Defines::CheckIns(_), Defines::CheckIns(_)) | (Defines::Nothing, Defines::Nothing) => true,
        (Defines::Unreadable(a), Defines::Unreadable(b)) => a == b,
        _ => false,
    }
}

/// A cycle: first and last day, both included.
pub type Cycle = (NaiveDate, NaiveDate);

/// Whether two cycles share a day.
pub fn overlap(a: Cycle, b: Cycle) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Which of the join's facts are complete (see `Join::facts`).
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub sets: bool,
    pub checkins: bool,
}

impl Facts {
    pub const ALL: Facts = Facts { sets: true, checkins: true };
}

/// What the project cannot know because a file could not be read.
#[derive(Default)]
struct UnreadableFacts {
    sets: rustc_hash::FxHashSet<Box<str>>,
    logs_of: rustc_hash::FxHashSet<Box<str>>,
    dictionary: bool,
}

impl UnreadableFacts {
    fn learn(&mut self, defines: &Defines) {
        match defines {
            Defines::Unreadable(Unreadable::Set(Some(id))) => {
                self.sets.insert(id.clone());
            }
            Defines::Unreadable(Unreadable::Log(Some(id))) => {
                self.logs_of.insert(id.clone());
            }
            Defines::Unreadable(Unreadable::Metrics) => self.dictionary = true,
            _ => {}
        }
    }
}

/// The joined project. A set is its id *and* its cycle (SPEC §1.1): one id
/// may name a set per cycle (`growth` for 2026-Q3 and for 2026-Q4), so the
/// tables of objectives and KRs are keyed by the set's file, and a reference
/// picks the set of its id whose cycle overlaps the referrer's.
pub struct Join {
    /// By file id. An id is stable in a workspace (not a position in path
    /// order): `order` gives path order where it decides (the first of two
    /// definitions, ties between check-ins).
    pub files: Vec<FileEntry>,
    /// File ids in shown-path order.
    order: Vec<FileId>,
    /// Each file's place in `order`.
    rank: Vec<u32>,
    ids: Interner,
    /// The files defining each set id, in path order.
    sets: HashMap<Sym, Vec<FileId>>,
    objectives: HashMap<(FileId, Sym), u32>,
    krs: HashMap<(FileId, Sym, Sym), (u32, u32)>,
    metrics: HashMap<Sym, (FileId, u32)>,
    /// Every reference, in file order.
    pub references: Vec<Reference>,
    /// Which facts are complete: a disk run joins the dictionaries before
    /// the sets and the sets before the logs, and checks each file as it is
    /// loaded. A per-file rule must ask only for what is complete when its
    /// file is checked (a set's: metrics; a log's: metrics and sets), or it
    /// would see more in memory than on disk; asking for more fails every
    /// debug run (and the path-equivalence test).
    pub facts: Facts,
    /// What unreadable files would have defined (SPEC §2): set ids of
    /// unreadable sets, set ids served by unreadable logs, and whether a
    /// metric dictionary is unreadable.
    unreadable: UnreadableFacts,
    /// Every set id, sorted, for suggestions (made on first use).
    set_ids: OnceLock<Vec<String>>,
    /// The dated check-ins of each KR (made on first use, again after logs are added).
    checkins: OnceLock<CheckInTable>,
}

impl Join {
    /// Joins the files, each at its file id.
    pub fn build(files: Vec<FileEntry>) -> Join {
        let mut order: Vec<FileId> = (0..files.len()).collect();
        // Most callers give files in path order already: then this costs one pass.
        if !files.windows(2).all(|w| w[0].display <= w[1].display) {
            order.sort_by(|a, b| files[*a].display.cmp(&files[*b].display));
        }
        let mut rank = vec![0; files.len()];
        for (place, file) in order.iter().enumerate() {
            rank[*file] = position(place);
        }
        // Sized up front: growing tables of 150,000 KRs rehash them several times.
        let (mut sets, mut objectives, mut krs, mut metrics, mut references) = (0, 0, 0, 0, 0);
        for summary in files.iter().filter_map(|f| f.summary.as_deref()) {
            references += summary.references.len();
            match &summary.defines {
                Defines::Set(set) => {
                    sets += 1;
                    objectives += set.objectives.len();
                    krs += set.objectives.iter().map(|o| o.key_results.len()).sum::<usize>();
                }
                Defines::Metrics(list) => metrics += list.len(),
                Defines::CheckIns(_) | Defines::Unreadable(_) | Defines::Nothing => {}
            }
        }
        let mut join = Join {
            files,
            order,
            rank,
            ids: Interner {
                ids: HashMap::with_capacity_and_hasher(sets + objectives + krs + metrics, Default::default()),
            },
            sets: HashMap::with_capacity_and_hasher(sets, Default::default()),
            objectives: HashMap::with_capacity_and_hasher(objectives, Default::default()),
            krs: HashMap::with_capacity_and_hasher(krs, Default::default()),
            metrics: HashMap::with_capacity_and_hasher(metrics, Default::default()),
            references: Vec::with_capacity(references),
            facts: Facts::ALL,
            unreadable: UnreadableFacts::default(),
            set_ids: OnceLock::new(),
            checkins: OnceLock::new(),
        };
        join.define();
        let all: Vec<FileId> = (0..join.files.len()).collect();
        join.resolve(&all);
        join
    }

    /// Interns every id the files define; within a set, the first of a
    /// duplicate objective or KR id wins.
    fn define(&mut self) {
        for &file in &self.order {
            let Some(summary) = &self.files[file].summary else { continue };
            match &summary.defines {
                Defines::Set(set) => {
                    let set_sym = self.ids.intern(&set.id.value);
                    self.sets.entry(set_sym).or_default().push(file);
                    for (o, objective) in set.objectives.iter().enumerate() {
                        let Some(oid) = &objective.id else { continue };
                        let o = position(o);
                        let o_sym = self.ids.intern(&oid.value);
                        self.objectives.entry((file, o_sym)).or_insert(o);
                        for (k, kr) in objective.key_results.iter().enumerate() {
                            let Some(kid) = &kr.id else { continue };
                            let k_sym = self.ids.intern(&kid.value);
                            self.krs.entry((file, o_sym, k_sym)).or_insert((o, position(k)));
                        }
                    }
                }
                Defines::Metrics(metrics) => {
                    for (m, metric) in metrics.iter().enumerate() {
                        let sym = self.ids.intern(&metric.name.value);
                        self.metrics.entry(sym).or_insert((file, position(m)));
                    }
                }
                Defines::Unreadable(_) => self.unreadable.learn(&summary.defines),
                Defines::CheckIns(_) | Defines::Nothing => {}
            }
        }
    }

    fn needs_sets(&self) {
        debug_assert!(
            self.facts.sets,
            "asked for sets before every set was joined: a rule reading sets from a set file is project-wide"
        );
    }

    fn needs_checkins(&self) {
        debug_assert!(
            self.facts.checkins,
            "asked for check-ins before every log was joined: a rule reading other logs is project-wide"
        );
    }

    /// The KRs of a set file, in order, each with where it is.
    pub fn krs_of(&self, file: FileId) -> impl Iterator<Item = (KrAt, &KrSummary)> {
        let objectives = self.set_summary(file).map_or(&[][..], |set| set.objectives.as_slice());
        objectives.iter().enumerate().flat_map(move |(o, objective)| {
            objective.key_results.iter().enumerate().map(move |(k, kr)| ((file, position(o), position(k)), kr))
        })
    }

    /// Every resolved alignment link of the project, in file order: an
    /// objective's `aligns_to` and a KR's `contributes_to`, from the
    /// objective or KR that writes it to its target. The one alignment
    /// graph: OKR504 looks for cycles in it, the report draws its map from it.
    pub fn alignment_links(&self) -> impl Iterator<Item = AlignmentLink<'_>> {
        self.references.iter().filter_map(|reference| {
            let to = reference.target?;
            let written = self.written(reference);
            let objective = written.origin.objective;
            let from = match (written.kind, written.origin.kr) {
                (RefKind::AlignsTo, _) => Def::Objective { file: reference.file, objective },
                (RefKind::ContributesTo, Some(kr)) => Def::Kr { file: reference.file, objective, kr },
                _ => return None,
            };
            Some(AlignmentLink { from, to, reference })
        })
    }

    /// The objective or KR an objective aligns to: the target of its
    /// `aligns_to`, else of its first KR's `contributes_to`.
    pub fn alignment_parent(&self, file: FileId, objective: u32) -> Option<Def> {
        let start = self.references.partition_point(|r| r.file < file);
        let end = self.references.partition_point(|r| r.file <= file);
        let mut contributes = None;
        for reference in &self.references[start..end] {
            let written = self.written(reference);
            if written.origin.objective != objective {
                continue;
            }
            match (written.kind, reference.target) {
                (RefKind::AlignsTo, Some(target)) => return Some(target),
                (RefKind::ContributesTo, Some(target)) if contributes.is_none() => contributes = Some(target),
                _ => {}
            }
        }
        contributes
    }

    /// Whether a set of this id may exist but could not be read (SPEC §2):
    /// references into it are not reported as unresolved.
    pub fn set_unreadable(&self, id: &str) -> bool {
        self.unreadable.sets.contains(id.trim())
    }

    /// Whether a reference written as `text` points into a file that could
    /// not be read (a set named by its first part, any metric when a
    /// dictionary is unreadable): it is not reported as unresolved (SPEC §2).
    pub fn into_unreadable(&self, kind: RefKind, text: &str) -> bool {
        let parts: Vec<&str> = text.trim().split('/').collect();
        match (kind, parts.as_slice()) {
            (RefKind::LogSet, [set]) => self.set_unreadable(set),
            (RefKind::Metric, _) => self.dictionary_unreadable(),
            (RefKind::AlignsTo | RefKind::ContributesTo | RefKind::CheckInKr, [set, _, _])
            | (RefKind::AlignsTo, [set, _]) => self.set_unreadable(set),
            _ => false,
        }
    }

    /// Whether a check-in log of the set of this id could not be read: the
    /// habit rules are silent about that set (SPEC §2).
    pub fn log_unreadable(&self, set_id: &str) -> bool {
        self.unreadable.logs_of.contains(set_id.trim())
    }

    /// Whether a metric dictionary could not be read: a metric not found may be in it.
    pub fn dictionary_unreadable(&self) -> bool {
        self.unreadable.dictionary
    }

    /// Gives the files back, to be joined again with what was learnt since.
    pub fn into_files(self) -> Vec<FileEntry> {
        self.files
    }

    /// Puts a new entry for a file in place of its old one when its summary
    /// defines what the old one did (the same ids, cycles and levels, in
    /// the same places; spans and everything else may differ): the tables
    /// stay, and only the file's own references are resolved again. An edit
    /// to a title, owner or target costs this one file, not the project.
    /// Gives the entry back when its definitions differ: then the join must
    /// be built again.
    pub fn replace(&mut self, file: FileId, entry: FileEntry) -> Result<(), FileEntry> {
        let Some(old) = self.files.get(file) else { return Err(entry) };
        let same = old.display == entry.display
            && old.kind == entry.kind
            && old.reported == entry.reported
            && match (old.summary.as_deref(), entry.summary.as_deref()) {
                (Some(a), Some(b)) => same_definitions(&a.defines, &b.defines),
                (None, None) => true,
                _ => false,
            };
        if !same {
            return Err(entry);
        }
        let checks_in = |e: &FileEntry| {
            e.summary.as_ref().is_some_and(|s| s.references.iter().any(|r| r.kind == RefKind::CheckInKr))
        };
        let logs_changed = checks_in(old) || checks_in(&entry);
        self.files[file] = entry;
        let start = self.references.partition_point(|r| r.file < file);
        let end = self.references.partition_point(|r| r.file <= file);
        let this = &*self;
        let summary = this.files[file].summary.as_deref();
        let references: Vec<Reference> = summary
            .into_iter()
            .flat_map(|s| s.references.iter().enumerate())
            .map(|(i, reference)| Reference {
                file,
                index: position(i),
                target: summary.and_then(|s| this.target_of(file, s, reference)),
            })
            .collect();
        self.references.splice(start..end, references);
        if logs_changed {
            self.checkins = OnceLock::new();
        }
        Ok(())
    }

    /// Adds summaries learnt after the join was built (check-in logs, which
    /// define nothing), and resolves their references.
    pub fn add_summaries(&mut self, summaries: Vec<(FileId, Arc<Summary>)>) {
        let mut files: Vec<FileId> = Vec::with_capacity(summaries.len());
        for (file, summary) in summaries {
            debug_assert!(matches!(
                summary.defines,
                Defines::CheckIns(_) | Defines::Unreadable(Unreadable::Log(_)) | Defines::Nothing
            ));
            self.unreadable.learn(&summary.defines);
            if let Some(entry) = self.files.get_mut(file) {
                entry.summary = Some(summary);
                files.push(file);
            }
        }
        files.sort_unstable();
        self.resolve(&files);
        self.references.sort_by_key(|r| (r.file, r.index));
        self.checkins = OnceLock::new();
        self.facts.checkins = true;
    }

    /// The dated check-ins of a KR whose `kr` names it from a log of its own
    /// set (a full ref naming another set's KR is OKR601, never counted
    /// there): in date order, then by log path, then by position in the log.
    pub fn checkins_of(&self, kr: KrAt) -> &[CheckInAt] {
        self.needs_checkins();
        self.checkins.get_or_init(|| self.checkin_table()).by_kr.get(&kr).map_or(&[], Vec::as_slice)
    }

    /// The team's own check-ins of a KR (`checkins_of` without the pulled
    /// actuals): what the check-in habit rules judge (SPEC §7).
    pub fn own_checkins_of(&self, kr: KrAt) -> impl Iterator<Item = CheckInAt> + '_ {
        self.checkins_of(kr).iter().copied().filter(|at| self.checkin(*at).is_some_and(|c| !c.pulled))
    }

    /// The references a file makes, in order.
    pub fn references_of(&self, file: FileId) -> &[Reference] {
        let start = self.references.partition_point(|r| r.file < file);
        let end = self.references.partition_point(|r| r.file <= file);
        &self.references[start..end]
    }

    /// Whether any log read by this run checks in on a KR of this set file.
    pub fn has_checkins(&self, set: FileId) -> bool {
        self.needs_checkins();
        self.checkins.get_or_init(|| self.checkin_table()).sets.contains(&set)
    }

    /// A check-in's summary.
    pub fn checkin(&self, at: CheckInAt) -> Option<&CheckInSummary> {
        self.files.get(at.file)?.summary.as_ref()?.checkins().get(at.index as usize)
    }

    /// The set file a log's `okrs` names.
    pub fn log_set_file(&self, log: FileId) -> Option<FileId> {
        let summary = self.files.get(log)?.summary.as_deref()?;
        self.set_file(&summary.log_set()?.text)
    }

    fn checkin_table(&self) -> CheckInTable {
        let mut table: HashMap<KrAt, Vec<CheckInAt>> = HashMap::default();
        for reference in &self.references {
            let written = self.written(reference);
            if written.kind != RefKind::CheckInKr {
                continue;
            }
            let Some(Def::Kr { file, objective, kr }) = reference.target else { continue };
            let Some(index) = written.origin.kr else { continue };
            let at = CheckInAt { file: reference.file, index };
            // Only a check-in of the set its date falls in counts (a full ref to
            // another set's KR is OKR601; a date in no cycle is OKR602).
            if self.checkin_set(at) == Some(file) {
                table.entry((file, objective, kr)).or_default().push(at);
            }
        }
        for list in table.values_mut() {
            // On one date a pulled actual comes before the team's own check-in,
            // so that the latest of a date is the team's (SPEC §7).
            list.sort_by_key(|at| {
                let checkin = self.checkin(*at);
                let date = checkin.and_then(|c| c.date.as_ref().map(|d| d.value));
                (date, !checkin.is_some_and(|c| c.pulled), self.rank[at.file], at.index)
            });
        }
        let sets = table.keys().map(|(file, _, _)| *file).collect();
        CheckInTable { by_kr: table, sets }
    }

    /// Resolves the references of `files` (in order), in parallel: the tables
    /// are only read here.
    fn resolve(&mut self, files: &[FileId]) {
        let this = &*self;
        let per_file: Vec<Vec<Reference>> = crate::parallel::map(files, |_, &file| {
            let summary = this.files[file].summary.as_deref();
            let references = summary.into_iter().flat_map(|s| s.references.iter().enumerate());
            references
                .map(|(i, reference)| {
                    let target = summary.and_then(|s| this.target_of(file, s, reference));
                    Reference { file, index: position(i), target }
                })
                .collect()
        });
        let references: Vec<Reference> = per_file.into_iter().flatten().collect();
        self.references.extend(references);
    }

    fn target_of(&self, file: FileId, summary: &Summary, reference: &OutRef) -> Option<Def> {
        let text = reference.text.trim();
        // Where a reference is made from: a set (its own file and cycle), or a
        // check-in (the set of its log's id whose cycle holds its date).
        let home = || -> Home {
            match summary.set() {
                Some(set) => Home { set: Some(file), cycle: set.cycle },
                None => {
                    let date = reference
                        .origin
                        .kr
                        .and_then(|index| summary.checkins().get(index as usize))
                        .and_then(|c| c.date.as_ref())
                        .map(|d| d.value);
                    let log_set = summary.log_set().map(|r| r.text.trim());
                    let set = log_set.and_then(|id| match date {
                        Some(date) => self.set_on(id, date),
                        None => self.set_for(id, None),
                    });
                    Home { set, cycle: date.map(|d| (d, d)) }
                }
            }
        };
        match reference.kind {
            RefKind::AlignsTo => self.alignment_from(home(), text),
            RefKind::ContributesTo | RefKind::CheckInKr => self.kr_from(home(), text),
            RefKind::Moves => {
                let objective = summary.set()?.objectives.get(reference.origin.objective as usize)?;
                let k =
                    objective.key_results.iter().position(|kr| kr.id.as_ref().is_some_and(|id| id.value == text))?;
                Some(Def::Kr { file, objective: reference.origin.objective, kr: position(k) })
            }
            RefKind::Metric => {
                let (file, metric) = *self.metrics.get(&self.ids.get(text)?)?;
                Some(Def::Metric { file, metric })
            }
            // A log's set: any set of that id (each check-in picks its cycle's).
            RefKind::LogSet => Some(Def::Set { file: *self.sets.get(&self.ids.get(text)?)?.first()? }),
            // A source is in the configuration, not in a file: OKR004 checks it there.
            RefKind::PullFrom => None,
        }
    }

    /// A KR: `set/objective/kr` (the set of that id for `home`'s cycle), or
    /// `objective/kr` inside `home`'s own set.
    pub fn kr_from(&self, home: Home, text: &str) -> Option<Def> {
        self.needs_sets();
        let mut parts = text.split('/');
        let (a, b, c, rest) = (parts.next()?, parts.next()?, parts.next(), parts.next());
        let (file, objective, kr) = match (c, rest) {
            (Some(c), None) => (self.set_for(a, home.cycle)?, b, c),
            (None, None) => (home.set?, a, b),
            _ => return None,
        };
        let (objective, kr) = *self.krs.get(&(file, self.ids.get(objective)?, self.ids.get(kr)?))?;
        Some(Def::Kr { file, objective, kr })
    }

    /// An objective (`set/objective`) or a KR (`set/objective/kr`, or
    /// `objective/kr` inside `home`'s set).
    pub fn alignment_from(&self, home: Home, text: &str) -> Option<Def> {
        self.needs_sets();
        match text.split('/').count() {
            3 => self.kr_from(home, text),
            2 => {
                let (set, objective) = text.split_once('/')?;
                self.set_for(set, home.cycle)
                    .and_then(|file| Some((file, *self.objectives.get(&(file, self.ids.get(objective)?))?)))
                    .map(|(file, objective)| Def::Objective { file, objective })
                    .or_else(|| self.kr_from(home, text))
            }
            _ => None,
        }
    }

    /// A KR named from the set of id `home` whose cycle holds `date` (or, with
    /// no date, the first set of that id): a check-in's `kr`.
    pub fn kr(&self, home: Option<&str>, text: &str, date: Option<NaiveDate>) -> Option<Def> {
        self.needs_sets();
        let set = home.and_then(|id| match date {
            Some(date) => self.set_on(id, date),
            None => self.set_for(id, None),
        });
        self.kr_from(Home { set, cycle: date.map(|d| (d, d)) }, text)
    }

    /// The cycle of a set file, when it is valid.
    pub fn cycle_of(&self, file: FileId) -> Option<Cycle> {
        self.needs_sets();
        self.set_summary(file)?.cycle
    }

    /// Every file defining set id `id`, in path order.
    pub fn sets_with_id(&self, id: &str) -> &[FileId] {
        self.needs_sets();
        self.ids.get(id).and_then(|sym| self.sets.get(&sym)).map_or(&[], Vec::as_slice)
    }

    /// The set of id `id` that a referrer in cycle `cycle` means (SPEC §1.1):
    /// among the sets of that id whose cycle overlaps it, the one whose
    /// cycle holds the referrer's first day, else the earliest. A set whose
    /// cycle is not valid overlaps any; so does a referrer without a cycle
    /// (then the first set of the id by path, or the one holding its day).
    pub fn set_for(&self, id: &str, cycle: Option<Cycle>) -> Option<FileId> {
        self.needs_sets();
        let files = self.sets_with_id(id);
        let Some(cycle) = cycle else { return files.first().copied() };
        let mut best: Option<(bool, NaiveDate, FileId)> = None;
        for &file in files {
            let Some(own) = self.cycle_of(file) else {
                // A set whose cycle cannot be read is a candidate of last resort.
                best = best.or(Some((false, NaiveDate::MAX, file)));
                continue;
            };
            if !overlap(own, cycle) {
                continue;
            }
            let holds = own.0 <= cycle.0 && cycle.0 <= own.1;
            let candidate = (holds, own.0, file);
            best = match best {
                None => Some(candidate),
                Some(current) => {
                    // Holding the first day wins, then the earliest start (then path order).
                    let better = (candidate.0 && !current.0) || (candidate.0 == current.0 && candidate.1 < current.1);
                    Some(if better { candidate } else { current })
                }
            };
        }
        best.map(|(_, _, file)| file)
    }

    /// The set of id `id` that `score` and `report` show by default at
    /// `as_of`, among the files `eligible` allows (SPEC §1.1): the one whose
    /// cycle holds `as_of`, else the latest ended one, else the earliest
    /// (a set whose cycle is not valid only when no other is eligible).
    pub fn current_set(&self, id: &str, as_of: NaiveDate, eligible: impl Fn(FileId) -> bool) -> Option<FileId> {
        self.needs_sets();
        let files: Vec<FileId> = self.sets_with_id(id).iter().copied().filter(|f| eligible(*f)).collect();
        let dated: Vec<(Cycle, FileId)> = files.iter().filter_map(|f| Some((self.cycle_of(*f)?, *f))).collect();
        if let Some((_, file)) = dated.iter().find(|((start, end), _)| *start <= as_of && as_of <= *end) {
            return Some(*file);
        }
        if let Some((_, file)) = dated.iter().filter(|((_, end), _)| *end < as_of).max_by_key(|((_, end), _)| *end) {
            return Some(*file);
        }
        if let Some((_, file)) = dated.iter().min_by_key(|((start, _), _)| *start) {
            return Some(*file);
        }
        files.first().copied()
    }

    /// The set of id `id` whose cycle holds `date` (a check-in's set).
    pub fn set_on(&self, id: &str, date: NaiveDate) -> Option<FileId> {
        self.needs_sets();
        self.set_for(id, Some((date, date)))
    }

    /// The set a check-in belongs to: its log's id, at its date.
    pub fn checkin_set(&self, at: CheckInAt) -> Option<FileId> {
        self.needs_checkins();
        let summary = self.files.get(at.file)?.summary.as_deref()?;
        let id = summary.log_set()?.text.trim();
        match self.checkin(at)?.date.as_ref() {
            Some(date) => self.set_on(id, date.value),
            None => None,
        }
    }

    /// The cycles of the sets of id `id`, in order, as written in messages
    /// (`2026-Q3 (2026-07-01 – 2026-09-30)` is shown as its dates).
    pub fn cycles_of_id(&self, id: &str) -> Vec<Cycle> {
        self.needs_sets();
        let mut cycles: Vec<Cycle> = self.sets_with_id(id).iter().filter_map(|f| self.cycle_of(*f)).collect();
        cycles.sort_unstable();
        cycles.dedup();
        cycles
    }

    /// The reference as written.
    pub fn written(&self, reference: &Reference) -> &OutRef {
        let summary = self.files[reference.file].summary.as_ref().expect("a reference comes from a summary");
        &summary.references[reference.index as usize]
    }

    /// The set a summary-only or loaded file defines.
    pub fn set_summary(&self, file: FileId) -> Option<&SetSummary> {
        self.files.get(file)?.summary.as_ref()?.set()
    }

    /// The first file by path order that defines a set id (any cycle).
    pub fn set_file(&self, id: &str) -> Option<FileId> {
        self.needs_sets();
        self.sets_with_id(id).first().copied()
    }

    pub fn metric(&self, name: &str) -> Option<&MetricInfo> {
        let (file, m) = *self.metrics.get(&self.ids.get(name)?)?;
        match &self.files[file].summary.as_ref()?.defines {
            Defines::Metrics(metrics) => metrics.get(m as usize),
            _ => None,
        }
    }

    /// Every metric name, for suggestions.
    pub fn metric_names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        for entry in &self.files {
            if let Some(Defines::Metrics(metrics)) = entry.summary.as_ref().map(|s| &s.defines) {
                names.extend(metrics.iter().map(|m| m.name.value.as_str()));
            }
        }
        names
    }

    /// Every set with its file, in file order.
    pub fn sets(&self) -> impl Iterator<Item = (FileId, &SetSummary)> {
        self.needs_sets();
        self.order.iter().filter_map(|&file| Some((file, self.files[file].summary.as_ref()?.set()?)))
    }

    /// The span that defines a target: its `id:` value (a metric's `name:`),
    /// or for a set without a written id, its first key.
    pub fn def_span(&self, def: Def) -> Option<Span> {
        let summary = self.files[def.file()].summary.as_ref()?;
        match (def, &summary.defines) {
            (Def::Set { .. }, Defines::Set(set)) => Some(set.id.span),
            (Def::Objective { objective, .. }, Defines::Set(set)) => {
                Some(set.objectives.get(objective as usize)?.id.as_ref()?.span)
            }
            (Def::Kr { objective, kr, .. }, Defines::Set(set)) => {
                Some(set.objectives.get(objective as usize)?.key_results.get(kr as usize)?.id.as_ref()?.span)
            }
            (Def::Metric { metric, .. }, Defines::Metrics(metrics)) => Some(metrics.get(metric as usize)?.name.span),
            _ => None,
        }
    }

    /// The full reference of a target: `set`, `set/objective`, `set/objective/kr`, or a metric name.
    pub fn ref_of(&self, def: Def) -> String {
        let Some(summary) = self.files[def.file()].summary.as_ref() else { return "?".into() };
        fn id(s: Option<&crate::model::Sp<String>>) -> &str {
            s.map_or("?", |v| v.value.as_str())
        }
        match (&summary.defines, def) {
            (Defines::Set(set), Def::Set { .. }) => set.id.value.clone(),
            (Defines::Set(set), Def::Objective { objective, .. }) => {
                let o = set.objectives.get(objective as usize);
                format!("{}/{}", set.id.value, id(o.and_then(|o| o.id.as_ref())))
            }
            (Defines::Set(set), Def::Kr { objective, kr, .. }) => {
                let o = set.objectives.get(objective as usize);
                let k = o.and_then(|o| o.key_results.get(kr as usize));
                format!("{}/{}/{}", set.id.value, id(o.and_then(|o| o.id.as_ref())), id(k.and_then(|k| k.id.as_ref())))
            }
            (Defines::Metrics(metrics), Def::Metric { metric, .. }) => {
                metrics.get(metric as usize).map_or("?".into(), |m| m.name.value.clone())
            }
            _ => "?".into(),
        }
    }

    /// The existing reference closest to an unresolved one, found level by
    /// level (set, then objective, then KR) so that it stays cheap in a large
    /// project. `kr_only` for references that must name a KR.
    pub fn closest_ref(&self, home: Option<&str>, text: &str, kr_only: bool) -> Option<String> {
        self.needs_sets();
        let parts: Vec<&str> = text.trim().split('/').collect();
        match parts.as_slice() {
            [set, objective, kr] => {
                let (set_id, s) = self.closest_set(set)?;
                let (objective_id, o) = closest_objective(s, objective)?;
                let kr_id = closest_kr(s, o, kr)?;
                Some(format!("{set_id}/{objective_id}/{kr_id}"))
            }
            [first, second] => {
                if !kr_only
                    && let Some((set_id, s)) = self.closest_set(first)
                    && let Some((objective_id, _)) = closest_objective(s, second)
                {
                    return Some(format!("{set_id}/{objective_id}"));
                }
                let home = self.set_summary(self.set_file(home?)?)?;
                let (objective_id, o) = closest_objective(home, first)?;
                let kr_id = closest_kr(home, o, second)?;
                Some(format!("{objective_id}/{kr_id}"))
            }
            _ => None,
        }
    }

    fn closest_set(&self, word: &str) -> Option<(&str, &SetSummary)> {
        if let Some(file) = self.set_file(word) {
            let set = self.set_summary(file)?;
            return Some((set.id.value.as_str(), set));
        }
        let ids = self.set_ids.get_or_init(|| {
            let mut ids: Vec<String> = self.sets().map(|(_, s)| s.id.value.clone()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        });
        let id = suggest(word, ids.iter().map(String::as_str))?;
        let set = self.set_summary(self.set_file(id)?)?;
        Some((set.id.value.as_str(), set))
    }
}

fn closest_objective<'a>(set: &'a SetSummary, word: &str) -> Option<(&'a str, usize)> {
    let ids = set.objectives.iter().enumerate().filter_map(|(o, obj)| obj.id.as_ref().map(|i| (i.value.as_str(), o)));
    closest(word, ids)
}

fn closest_kr<'a>(set: &'a SetSummary, objective: usize, word: &str) -> Option<&'a str> {
    let krs = set.objectives.get(objective)?.key_results.iter().enumerate();
    closest(word, krs.filter_map(|(k, kr)| kr.id.as_ref().map(|i| (i.value.as_str(), k)))).map(|(id, _)| id)
}

/// The exact match among `(id, position)` pairs, else the closest id.
fn closest<'a>(word: &str, options: impl Iterator<Item = (&'a str, usize)>) -> Option<(&'a str, usize)> {
    let options: Vec<(&str, usize)> = options.collect();
    if let Some(exact) = options.iter().find(|(id, _)| *id == word) {
        return Some(*exact);
    }
    let id = suggest(word, options.iter().map(|(id, _)| *id))?;
    options.into_iter().find(|(candidate, _)| *candidate == id)
}

// The check it makes is a debug assertion.
#[cfg(all(test, debug_assertions))]
mod tests {
    use super::*;

    /// A per-file rule that asks a disk run's early join for sets fails
    /// every debug run: it would see more in memory than on disk.
    #[test]
    #[should_panic(expected = "asked for sets before every set was joined")]
    fn asking_for_facts_not_yet_joined_fails_in_debug_runs() {
        let mut join = Join::build(Vec::new());
        join.facts = Facts { sets: false, checkins: false };
        let _ = join.sets_with_id("growth");
    }
}
