//! What the owner rules share: reading an owner field as names, and telling a
//! person (or a role one person holds) from a team.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::config::Config;
use crate::load::suggest;
use crate::model::{OkrSet, Owner};

/// The names an owner field holds: a list's items, or the parts of a text
/// joined by "and", "&", "+", "/", "," or ";".
pub fn names(owner: &Owner) -> Vec<String> {
    match owner {
        Owner::Many(list) => list.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect(),
        Owner::One(text)
            if !text.contains([',', ';', '/', '&', '+']) && !text.to_ascii_lowercase().contains(" and ") =>
        {
            let name = text.trim();
            if name.is_empty() { Vec::new() } else { vec![name.to_string()] }
        }
        Owner::One(text) => {
            let mut parts = vec![text.to_string()];
            for separator in [" and ", " And ", " AND ", " & ", " + ", "/", ",", ";"] {
                parts = parts.iter().flat_map(|p| p.split(separator).map(str::to_string).collect::<Vec<_>>()).collect();
            }
            parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
        }
    }
}

/// Whether an owner field is empty (no name at all).
pub fn is_blank(owner: &Owner) -> bool {
    match owner {
        Owner::One(text) => text.trim().is_empty(),
        Owner::Many(list) => list.iter().all(|n| n.trim().is_empty()),
    }
}

/// Words that name a group, wherever they appear in the owner.
const GROUP_WORDS: &[&str] = &[
    "team",
    "teams",
    "department",
    "dept",
    "committee",
    "board",
    "council",
    "squad",
    "group",
    "guild",
    "tribe",
    "chapter",
    "division",
    "unit",
    "office",
    "crew",
    "org",
    "organisation",
    "organization",
    "everyone",
    "all",
    "staff",
    "leadership",
    "management",
    "taskforce",
    "function",
    "pod",
    "circle",
    "collective",
    "community",
];

/// Business functions: an owner made only of these (and filler words) is a team.
const FUNCTION_WORDS: &[&str] = &[
    "marketing",
    "sales",
    "engineering",
    "finance",
    "product",
    "design",
    "hr",
    "legal",
    "operations",
    "ops",
    "support",
    "security",
    "it",
    "data",
    "growth",
    "platform",
    "infrastructure",
    "infra",
    "customer",
    "success",
    "cx",
    "research",
    "analytics",
    "revenue",
    "partnerships",
    "people",
    "talent",
    "recruiting",
    "procurement",
    "compliance",
    "devops",
    "sre",
    "qa",
    "brand",
    "content",
    "communications",
    "comms",
    "executive",
    "exec",
    "development",
    "r&d",
    "service",
    "services",
    "experience",
    "business",
    "enterprise",
    "smb",
    "mobile",
    "web",
    "backend",
    "frontend",
    "the",
    "of",
    "and",
    "&",
    "for",
];

/// Words that make an owner a role one person holds ("Growth PM", "Head of Sales").
const ROLE_WORDS: &[&str] = &[
    "pm",
    "po",
    "lead",
    "manager",
    "head",
    "director",
    "vp",
    "svp",
    "evp",
    "chief",
    "officer",
    "owner",
    "engineer",
    "analyst",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "cmo",
    "cpo",
    "ciso",
    "cio",
    "cro",
    "president",
    "coordinator",
    "specialist",
    "steward",
    "champion",
    "architect",
    "designer",
    "scientist",
    "on-call",
    "founder",
    "partner",
    "principal",
    "advisor",
    "consultant",
    "strategist",
    "administrator",
    "admin",
    "representative",
    "rep",
    "associate",
    "editor",
    "writer",
    "researcher",
    "marketer",
    "recruiter",
    "controller",
    "treasurer",
    "counsel",
];

/// Why an owner looks like a team rather than a person, if it does.
pub fn team_reason(name: &str, set: &OkrSet, roster: &Roster) -> Option<String> {
    let lower = name.trim().to_lowercase();
    if roster.teams.contains(&lower) {
        return Some("it is listed under `teams` in the configuration".into());
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.iter().any(|w| ROLE_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))) {
        return None;
    }
    if let Some(word) = words.iter().find(|w| GROUP_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))) {
        return Some(format!("\"{word}\" names a group"));
    }
    if !words.is_empty() && words.iter().all(|w| FUNCTION_WORDS.contains(w)) {
        return Some("it names a function or department".into());
    }
    if let Some(team) = &set.name
        && set.level != crate::model::Level::Individual
        && team.value.trim().to_lowercase() == lower
    {
        return Some("it is the name of the team this set belongs to".into());
    }
    None
}

/// The configuration's `people` and `teams`, lower-cased once per rule run:
/// checking an owner is then a lookup, however long the roster.
pub struct Roster<'c> {
    teams: HashSet<String>,
    people: Option<HashSet<String>>,
    names: Vec<&'c str>,
    /// Each roster name, lower-cased, and every way of deleting one character
    /// from it, to the names it came from: "did you mean" looks a misspelt
    /// name up (one or two edits away) instead of comparing it with the
    /// whole roster. Built on the first miss.
    near: OnceLock<HashMap<String, Vec<u32>>>,
}

impl<'c> Roster<'c> {
    pub fn new(config: &'c Config) -> Roster<'c> {
        let lower = |name: &str| name.trim().to_lowercase();
        Roster {
            teams: config.teams.iter().map(|t| lower(t)).collect(),
            people: config.people.as_ref().map(|people| people.iter().map(|p| lower(p)).collect()),
            names: config.people.iter().flatten().map(String::as_str).collect(),
            near: OnceLock::new(),
        }
    }

    fn near(&self) -> &HashMap<String, Vec<u32>> {
        self.near.get_or_init(|| {
            let mut near: HashMap<String, Vec<u32>> = HashMap::new();
            for (i, name) in self.names.iter().enumerate() {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                for variant in deletions(&name.trim().to_lowercase()) {
                    let entry = near.entry(variant).or_default();
                    if entry.last() != Some(&i) {
                        entry.push(i);
                    }
                }
            }
            near
        })
    }

    /// Whether a roster (`people`) is configured.
    pub fn has_people(&self) -> bool {
        self.people.is_some()
    }

    /// Whether `name` is on the roster (case and surrounding spaces aside).
    pub fn knows(&self, name: &str) -> bool {
        self.people.as_ref().is_some_and(|people| people.contains(&name.trim().to_lowercase()))
    }

    /// The roster name closest to `name`, if one is close enough to suggest.
    pub fn closest(&self, name: &str) -> Option<&'c str> {
        let near = self.near();
        let mut candidates: Vec<u32> = deletions(&name.trim().to_lowercase())
            .iter()
            .filter_map(|variant| near.get(variant))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        suggest(name, candidates.iter().filter_map(|i| self.names.get(*i as usize).copied()))
    }
}

/// A text and every text made by deleting one of its characters.
fn deletions(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    for (at, c) in text.char_indices() {
        out.push(format!("{}{}", &text[..at], &text[at + c.len_utf8()..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Sp};
    use crate::source::Span;

    fn set() -> OkrSet {
        OkrSet {
            file: 0,
            id: Sp::new("growth".into(), Span::default()),
            id_written: false,
            cycle: None,
            level: Level::Team,
            level_span: None,
            name: Some(Sp::new("Growth Squad East".into(), Span::default())),
            owner: None,
            objectives: vec![],
            objectives_key: None,
            span: Span::default(),
        }
    }

    #[test]
    fn splits_shared_owners() {
        assert_eq!(names(&Owner::One("Ana Lima and Lee Wong".into())).len(), 2);
        assert_eq!(names(&Owner::One("Ana/Lee".into())).len(), 2);
        assert_eq!(names(&Owner::One("Growth PM".into())).len(), 1);
        assert_eq!(names(&Owner::One("R&D lead".into())).len(), 1);
    }

    #[test]
    fn tells_teams_from_people() {
        let config = Config::default();
        for team in ["Marketing", "Growth team", "Engineering", "the committee", "Data Platform", "Growth Squad East"] {
            assert!(team_reason(team, &set(), &Roster::new(&config)).is_some(), "{team}");
        }
        for person in ["Ana Lima", "Growth PM", "Head of Marketing", "SRE lead", "Lee Wong"] {
            assert!(team_reason(person, &set(), &Roster::new(&config)).is_none(), "{person}");
        }
    }
}
