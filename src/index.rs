//! A view of the fully loaded files a run checks: their documents, problems,
//! prose and suppressions, with objectives and KRs addressed by position.
//! Per-file rules read this; what lies in other files they ask of the join.
//! A view borrows the loaded results, so building one copies nothing.

use rustc_hash::FxHashMap as HashMap;

use crate::load::{Document, Loaded, Problem, Suppression};
use crate::model::{CheckInLog, KeyResult, MetricDictionary, Objective, OkrSet, Sp};
use crate::source::{FileId, SourceFile};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectiveRef {
    pub set: usize,
    pub objective: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KrRef {
    pub set: usize,
    pub objective: usize,
    pub kr: usize,
}

impl KrRef {
    pub fn objective(self) -> ObjectiveRef {
        ObjectiveRef { set: self.set, objective: self.objective }
    }
}

/// An objective or KR of the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Objective(ObjectiveRef),
    Kr(KrRef),
}

pub struct Index<'a> {
    /// The files in view, by file id.
    files: HashMap<FileId, (&'a SourceFile, &'a [Suppression])>,
    pub sets: Vec<&'a OkrSet>,
    pub logs: Vec<&'a CheckInLog>,
    pub dictionaries: Vec<&'a MetricDictionary>,
    pub problems: Vec<(FileId, &'a Problem)>,
    pub texts: Vec<(FileId, &'a Sp<String>)>,
    /// Suppression comments, per file in view.
    pub suppressions: Vec<(FileId, &'a [Suppression])>,
    /// Whether a YAML alias repeats anything in a file in view.
    pub aliased: bool,
}

impl<'a> Index<'a> {
    /// A view of `results`, each with its file id.
    pub fn new(results: &[(FileId, &'a Loaded)]) -> Index<'a> {
        let mut index = Index {
            files: HashMap::with_capacity_and_hasher(results.len(), Default::default()),
            sets: Vec::new(),
            logs: Vec::new(),
            dictionaries: Vec::new(),
            problems: Vec::new(),
            texts: Vec::new(),
            suppressions: Vec::new(),
            aliased: results.iter().any(|(_, result)| result.aliased),
        };
        let mut results = results.to_vec();
        results.sort_by_key(|(file, _)| *file);
        for (file, result) in results {
            index.files.insert(file, (&result.source, &result.suppressions));
            index.problems.extend(result.problems.iter().map(|p| (file, p)));
            index.texts.extend(result.document.texts().into_iter().map(|t| (file, t)));
            index.suppressions.push((file, &result.suppressions));
            match &result.document {
                Document::Set(set) => index.sets.push(set),
                Document::CheckIns(log) => index.logs.push(log),
                Document::Metrics(dictionary) => index.dictionaries.push(dictionary),
                Document::None => {}
            }
        }
        index
    }

    /// A file's suppression comments, if it is in view.
    pub fn suppressions_of(&self, file: FileId) -> Option<&'a [Suppression]> {
        self.files.get(&file).map(|(_, s)| *s)
    }

    /// A file, if it is in view.
    pub fn get_file(&self, file: FileId) -> Option<&'a SourceFile> {
        self.files.get(&file).map(|(source, _)| *source)
    }

    pub fn objective(&self, r: ObjectiveRef) -> &'a Objective {
        &self.sets[r.set].objectives[r.objective]
    }

    pub fn kr(&self, r: KrRef) -> &'a KeyResult {
        &self.sets[r.set].objectives[r.objective].key_results[r.kr]
    }

    /// The full reference of a target: `set/objective` or `set/objective/kr`.
    pub fn ref_of(&self, target: Target) -> String {
        let id = |s: &Option<Sp<String>>| s.as_ref().map_or("?".to_string(), |v| v.value.clone());
        match target {
            Target::Objective(o) => format!("{}/{}", self.sets[o.set].id.value, id(&self.objective(o).id)),
            Target::Kr(k) => format!(
                "{}/{}/{}",
                self.sets[k.set].id.value,
                id(&self.objective(k.objective()).id),
                id(&self.kr(k).id)
            ),
        }
    }

    /// Every KR with where it sits.
    pub fn key_results(&self) -> impl Iterator<Item = (KrRef, &'a OkrSet, &'a Objective, &'a KeyResult)> + '_ {
        self.sets.iter().enumerate().flat_map(|(s, set)| {
            let set: &'a OkrSet = set;
            set.objectives.iter().enumerate().flat_map(move |(o, objective)| {
                objective
                    .key_results
                    .iter()
                    .enumerate()
                    .map(move |(k, kr)| (KrRef { set: s, objective: o, kr: k }, set, objective, kr))
            })
        })
    }

    /// Every objective with its set.
    pub fn objectives(&self) -> impl Iterator<Item = (ObjectiveRef, &'a OkrSet, &'a Objective)> + '_ {
        self.sets.iter().enumerate().flat_map(|(s, set)| {
            let set: &'a OkrSet = set;
            set.objectives
                .iter()
                .enumerate()
                .map(move |(o, objective)| (ObjectiveRef { set: s, objective: o }, set, objective))
        })
    }
}
