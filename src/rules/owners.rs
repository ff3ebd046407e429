//! What the owner rules share: reading an owner field as names, and telling a
//! person (or a role one person holds) from a team.

use crate::config::Config;
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
pub fn team_reason(name: &str, set: &OkrSet, config: &Config) -> Option<String> {
    let lower = name.trim().to_lowercase();
    if config.teams.iter().any(|t| t.trim().to_lowercase() == lower) {
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
            assert!(team_reason(team, &set(), &config).is_some(), "{team}");
        }
        for person in ["Ana Lima", "Growth PM", "Head of Marketing", "SRE lead", "Lee Wong"] {
            assert!(team_reason(person, &set(), &config).is_none(), "{person}");
        }
    }
}
