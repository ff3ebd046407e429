//! The whole project, loaded and resolved once: sets, objectives and KRs by
//! reference, metrics by name, check-ins per KR, alignment links with their
//! targets. Rules read this; they never parse or search files themselves.

use std::collections::HashMap;

use crate::load::{Document, LoadedFile, Problem, Suppression, suggest};
use crate::model::{CheckIn, CheckInLog, KeyResult, Metric, MetricDictionary, Objective, OkrSet, Sp};
use crate::source::{FileId, SourceFile, Span};

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

/// Something an alignment link can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Objective(ObjectiveRef),
    Kr(KrRef),
}

impl Target {
    pub fn set(self) -> usize {
        match self {
            Target::Objective(o) => o.set,
            Target::Kr(k) => k.set,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    AlignsTo,
    ContributesTo,
}

impl LinkKind {
    pub fn key(self) -> &'static str {
        match self {
            LinkKind::AlignsTo => "aligns_to",
            LinkKind::ContributesTo => "contributes_to",
        }
    }
}

/// An `aligns_to` or `contributes_to` link, with what it resolved to.
#[derive(Clone, Debug)]
pub struct Link {
    pub kind: LinkKind,
    pub from: Target,
    pub file: FileId,
    pub span: Span,
    pub text: String,
    pub target: Option<Target>,
}

/// A check-in, located: which log and which entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CheckInRef {
    pub log: usize,
    pub entry: usize,
}

pub struct Index {
    /// Every file of the project, sorted by display path: a `FileId` is a position here.
    pub files: Vec<SourceFile>,
    pub sets: Vec<OkrSet>,
    pub logs: Vec<CheckInLog>,
    pub dictionaries: Vec<MetricDictionary>,
    pub problems: Vec<(FileId, Problem)>,
    pub texts: Vec<(FileId, Sp<String>)>,
    /// Suppression comments, per file.
    pub suppressions: Vec<Vec<Suppression>>,
    pub links: Vec<Link>,
    /// Check-ins per KR, oldest first.
    pub checkins: HashMap<KrRef, Vec<CheckInRef>>,
    set_by_id: HashMap<String, usize>,
    objective_by_ref: HashMap<String, ObjectiveRef>,
    kr_by_ref: HashMap<String, KrRef>,
    metric_by_name: HashMap<String, (usize, usize)>,
}

impl Index {
    /// Builds the index from loaded files (in `files` order).
    pub fn build(files: Vec<SourceFile>, loaded: Vec<LoadedFile>) -> Index {
        let mut index = Index {
            suppressions: vec![Vec::new(); files.len()],
            files,
            sets: Vec::new(),
            logs: Vec::new(),
            dictionaries: Vec::new(),
            problems: Vec::new(),
            texts: Vec::new(),
            links: Vec::new(),
            checkins: HashMap::new(),
            set_by_id: HashMap::new(),
            objective_by_ref: HashMap::new(),
            kr_by_ref: HashMap::new(),
            metric_by_name: HashMap::new(),
        };
        for (file, loaded) in loaded.into_iter().enumerate() {
            index.problems.extend(loaded.problems.into_iter().map(|p| (file, p)));
            index.texts.extend(loaded.texts.into_iter().map(|t| (file, t)));
            index.suppressions[file] = loaded.suppressions;
            match loaded.document {
                Document::Set(set) => index.sets.push(set),
                Document::CheckIns(log) => index.logs.push(log),
                Document::Metrics(dictionary) => index.dictionaries.push(dictionary),
                Document::None => {}
            }
        }
        index.resolve();
        index
    }

    fn resolve(&mut self) {
        for (s, set) in self.sets.iter().enumerate() {
            self.set_by_id.entry(set.id.value.clone()).or_insert(s);
        }
        for (s, set) in self.sets.iter().enumerate() {
            if self.set_by_id.get(&set.id.value) != Some(&s) {
                continue; // a duplicate set id (OKR003): its references stay unresolvable
            }
            for (o, objective) in set.objectives.iter().enumerate() {
                let Some(oid) = &objective.id else { continue };
                let oref = format!("{}/{}", set.id.value, oid.value);
                for (k, kr) in objective.key_results.iter().enumerate() {
                    if let Some(kid) = &kr.id {
                        self.kr_by_ref.entry(format!("{oref}/{}", kid.value)).or_insert(KrRef {
                            set: s,
                            objective: o,
                            kr: k,
                        });
                    }
                }
                self.objective_by_ref.entry(oref).or_insert(ObjectiveRef { set: s, objective: o });
            }
        }
        for (d, dictionary) in self.dictionaries.iter().enumerate() {
            for (m, metric) in dictionary.metrics.iter().enumerate() {
                if let Some(name) = &metric.name {
                    self.metric_by_name.entry(name.value.clone()).or_insert((d, m));
                }
            }
        }
        let mut links = Vec::new();
        for (s, set) in self.sets.iter().enumerate() {
            for (o, objective) in set.objectives.iter().enumerate() {
                let from = ObjectiveRef { set: s, objective: o };
                if let Some(aligns) = &objective.aligns_to {
                    links.push(Link {
                        kind: LinkKind::AlignsTo,
                        from: Target::Objective(from),
                        file: set.file,
                        span: aligns.span,
                        text: aligns.value.clone(),
                        target: self.resolve_alignment(s, &aligns.value),
                    });
                }
                for (k, kr) in objective.key_results.iter().enumerate() {
                    if let Some(contributes) = &kr.contributes_to {
                        links.push(Link {
                            kind: LinkKind::ContributesTo,
                            from: Target::Kr(KrRef { set: s, objective: o, kr: k }),
                            file: set.file,
                            span: contributes.span,
                            text: contributes.value.clone(),
                            target: self.resolve_kr(s, &contributes.value).map(Target::Kr),
                        });
                    }
                }
            }
        }
        self.links = links;
        let mut checkins: HashMap<KrRef, Vec<CheckInRef>> = HashMap::new();
        for (l, log) in self.logs.iter().enumerate() {
            let Some(set) = log.okrs.as_ref().and_then(|okrs| self.set_by_id.get(&okrs.value)) else { continue };
            for (e, checkin) in log.checkins.iter().enumerate() {
                if let Some(kr) = checkin.kr.as_ref().and_then(|kr| self.resolve_kr(*set, &kr.value)) {
                    checkins.entry(kr).or_default().push(CheckInRef { log: l, entry: e });
                }
            }
        }
        for list in checkins.values_mut() {
            list.sort_by_key(|c| {
                (self.logs[c.log].checkins[c.entry].date.as_ref().map(|d| d.value), self.logs[c.log].file, c.entry)
            });
        }
        self.checkins = checkins;
    }

    pub fn set_by_id(&self, id: &str) -> Option<usize> {
        self.set_by_id.get(id).copied()
    }

    pub fn objective(&self, r: ObjectiveRef) -> &Objective {
        &self.sets[r.set].objectives[r.objective]
    }

    pub fn kr(&self, r: KrRef) -> &KeyResult {
        &self.sets[r.set].objectives[r.objective].key_results[r.kr]
    }

    pub fn checkin(&self, r: CheckInRef) -> &CheckIn {
        &self.logs[r.log].checkins[r.entry]
    }

    pub fn metric(&self, name: &str) -> Option<&Metric> {
        self.metric_by_name.get(name).map(|(d, m)| &self.dictionaries[*d].metrics[*m])
    }

    /// Every metric name, for suggestions.
    pub fn metric_names(&self) -> impl Iterator<Item = &str> {
        self.metric_by_name.keys().map(String::as_str)
    }

    /// A KR reference: `set/objective/kr`, or `objective/kr` inside `from_set`.
    pub fn resolve_kr(&self, from_set: usize, text: &str) -> Option<KrRef> {
        let parts: Vec<&str> = text.trim().split('/').collect();
        match parts.as_slice() {
            [_, _, _] => self.kr_by_ref.get(text.trim()).copied(),
            [objective, kr] => {
                self.kr_by_ref.get(&format!("{}/{objective}/{kr}", self.sets[from_set].id.value)).copied()
            }
            _ => None,
        }
    }

    /// An objective or KR reference: `set/objective`, `set/objective/kr`, or
    /// inside `from_set` `objective/kr`.
    pub fn resolve_alignment(&self, from_set: usize, text: &str) -> Option<Target> {
        let text = text.trim();
        match text.split('/').count() {
            3 => self.kr_by_ref.get(text).copied().map(Target::Kr),
            2 => self
                .objective_by_ref
                .get(text)
                .copied()
                .map(Target::Objective)
                .or_else(|| self.resolve_kr(from_set, text).map(Target::Kr)),
            _ => None,
        }
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

    /// The existing reference closest to an unresolved one, found level by
    /// level (set, then objective, then KR) so that it stays cheap in a large
    /// project. `kr_only` for `contributes_to`, which must name a KR.
    pub fn closest_ref(&self, from_set: usize, text: &str, kr_only: bool) -> Option<String> {
        let parts: Vec<&str> = text.trim().split('/').collect();
        match parts.as_slice() {
            [set, objective, kr] => {
                let (set_id, s) = self.closest_set(set)?;
                let (objective_id, o) = self.closest_objective(s, objective)?;
                let kr_id = self.closest_kr(s, o, kr)?;
                Some(format!("{set_id}/{objective_id}/{kr_id}"))
            }
            [first, second] => {
                if !kr_only
                    && let Some((set_id, s)) = self.closest_set(first)
                    && let Some((objective_id, _)) = self.closest_objective(s, second)
                {
                    return Some(format!("{set_id}/{objective_id}"));
                }
                let (objective_id, o) = self.closest_objective(from_set, first)?;
                let kr_id = self.closest_kr(from_set, o, second)?;
                Some(format!("{objective_id}/{kr_id}"))
            }
            _ => None,
        }
    }

    fn closest_set(&self, word: &str) -> Option<(&str, usize)> {
        if let Some(s) = self.set_by_id(word) {
            return Some((self.sets[s].id.value.as_str(), s));
        }
        let id = suggest(word, self.set_by_id.keys().map(String::as_str))?;
        Some((id, self.set_by_id(id)?))
    }

    fn closest_objective(&self, set: usize, word: &str) -> Option<(&str, usize)> {
        let ids = self.sets[set]
            .objectives
            .iter()
            .enumerate()
            .filter_map(|(o, obj)| obj.id.as_ref().map(|i| (i.value.as_str(), o)));
        closest(word, ids)
    }

    fn closest_kr(&self, set: usize, objective: usize, word: &str) -> Option<&str> {
        let krs = self.sets[set].objectives[objective].key_results.iter().enumerate();
        closest(word, krs.filter_map(|(k, kr)| kr.id.as_ref().map(|i| (i.value.as_str(), k)))).map(|(id, _)| id)
    }

    /// Every KR with where it sits.
    pub fn key_results(&self) -> impl Iterator<Item = (KrRef, &OkrSet, &Objective, &KeyResult)> {
        self.sets.iter().enumerate().flat_map(|(s, set)| {
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
    pub fn objectives(&self) -> impl Iterator<Item = (ObjectiveRef, &OkrSet, &Objective)> {
        self.sets.iter().enumerate().flat_map(|(s, set)| {
            set.objectives
                .iter()
                .enumerate()
                .map(move |(o, objective)| (ObjectiveRef { set: s, objective: o }, set, objective))
        })
    }
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
