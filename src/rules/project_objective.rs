//! ## What it does
//! Reports an objective whose title names a project, deliverable, phase,
//! feature, event or activity instead of a state the world should be in:
//! - it starts with a delivery verb and a concrete object: launch, release,
//!   ship, build, create, develop, implement, design, deploy, migrate, set up,
//!   complete, finish, announce, host, hire, run, assess, analyse, map,
//!   define, write, publish, roll out… (a purpose clause does not change that:
//!   "Build the billing service to improve retention" is still a project);
//! - or it is a short noun phrase naming a project or a feature ("Mobile app
//!   v2", "CRM migration", "Phase 2 rollout", "Hiring").
//!
//! Not a project: a change of state ("Improve…", "Grow…", "Make X faster",
//! "Become…", "Keep…"); build, create or deliver with an abstract object (a
//! team, culture, trust, a foundation, an experience, a pipeline, a brand);
//! a noun phrase naming a quality or a theme ("Availability", "Faster
//! onboarding").
//!
//! ## Why is this bad?
//! A project can be finished without anything getting better: the app ships,
//! nobody uses it, and the objective reads as achieved. The objective should
//! say what changes for customers, users or the business; the project is one
//! initiative toward it, and its progress belongs under `initiatives`.
//!
//! ## Example
//! ```yaml
//!   - id: portal
//!     title: Launch the partner portal
//! ```
//!
//! ## Use instead
//! ```yaml
//!   - id: partners
//!     title: Make partners successful without our help
//!     initiatives:
//!       - title: Launch the partner portal
//! ```

use super::words::DELIVERY_VERBS;
use super::{Context, Rule, Scope, Sink, span_within};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR403",
    name: "project-objective",
    severity: Severity::Warning,
    summary: "the objective reads like a project label, not a desired change",
    scope: Scope::File,
    source: include_str!("project_objective.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, objective) in ctx.index.objectives() {
        let Some(title) = &objective.title else { continue };
        let Some(head) = project_head(&title.value) else { continue };
        sink.report(
            set.file,
            span_within(ctx.index, set.file, title, head),
            format!("the objective names a project ({}), not a change it should bring", quote(head)),
            "say what will be different for customers, users or the business when it is done; list the project under `initiatives`",
        );
    }
}

/// Particles that belong to the verb ("set up", "roll out", "kick off").
const PARTICLES: &[&str] = &["up", "out", "off"];

/// Objects that are no deliverable: building or delivering these is a change.
const ABSTRACT_OBJECTS: &[&str] = &[
    "team",
    "teams",
    "culture",
    "trust",
    "foundation",
    "foundations",
    "experience",
    "experiences",
    "pipeline",
    "brand",
    "community",
    "communities",
    "habit",
    "habits",
    "leaders",
    "leadership",
    "reputation",
    "relationships",
    "relationship",
    "ecosystem",
    "organisation",
    "organization",
    "company",
    "business",
    "momentum",
    "confidence",
    "capability",
    "capabilities",
    "presence",
    "loyalty",
    "value",
    "markets",
    "market",
    "customers",
    "users",
    "audience",
    "following",
    "partnerships",
    "people",
    "talent",
    "skills",
    "muscle",
    "position",
    "world-class",
    "demand",
    "awareness",
    "interest",
    "engagement",
    "advocates",
    "fans",
    "goodwill",
];

/// Things a team makes: after a delivery verb, the object is a deliverable.
const DELIVERABLES: &[&str] = &[
    "programme",
    "program",
    "service",
    "system",
    "portal",
    "tool",
    "feature",
    "features",
    "app",
    "website",
    "site",
    "page",
    "plan",
    "strategy",
    "process",
    "policy",
    "playbook",
    "handbook",
    "guide",
    "report",
    "deck",
    "roadmap",
    "dashboard",
    "module",
    "warehouse",
    "office",
    "store",
    "stores",
    "campaign",
    "summit",
    "conference",
    "meetup",
    "meetups",
    "event",
    "events",
    "webinar",
    "webinars",
    "workshop",
    "workshops",
    "review",
    "reviews",
    "meeting",
    "spec",
    "api",
    "sdk",
    "version",
    "release",
    "migration",
    "pilot",
    "audit",
    "rota",
    "logo",
    "chatbot",
    "training",
    "prototype",
    "poc",
    "cluster",
    "demo",
    "product",
    "platform",
    "stack",
    "model",
    "datastore",
    "library",
    "repository",
    "repo",
    "website",
    "documentation",
    "docs",
];

/// Verbs that head work to be done in an objective beyond the delivery
/// verbs: "Promote the stack", "Automate back-office processes", "Find funding".
const PROJECT_VERBS: &[&str] = &[
    "store",
    "promote",
    "enable",
    "automate",
    "resolve",
    "address",
    "share",
    "find",
    "manage",
    "hire",
    "recruit",
    "secure",
    "fix",
    "integrate",
    "support",
    "maintain",
    "research",
];

/// Adverbs that may open a title before its verb ("Successfully launch…").
const OPENING_ADVERBS: &[&str] = &["successfully", "formally", "fully", "continuously", "further", "actively"];

/// Words that name a project or a feature in a bare noun phrase.
const PROJECT_NOUNS: &[&str] = &[
    "migration",
    "rollout",
    "roll-out",
    "launch",
    "redesign",
    "refresh",
    "release",
    "rewrite",
    "upgrade",
    "implementation",
    "integration",
    "project",
    "hiring",
    "app",
    "v2",
    "v3",
    "phase",
    "revamp",
    "replatforming",
    "overhaul",
    "deployment",
    "build-out",
    "pilot",
    "audit",
    "research",
    "updates",
    "platform",
    "outreach",
    "search",
    "prototype",
    "poc",
    "mvp",
    "workshop",
    "hackathon",
    "fundraising",
    "relaunch",
    "compliance",
];

/// Words skipped between the verb and its object.
const DETERMINERS: &[&str] =
    &["the", "a", "an", "our", "new", "all", "every", "my", "this", "its", "their", "your", "first", "second"];

fn clean(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase()
}

/// The words that make the title a project's name, if they do: the verb (and
/// its particle) or the project noun.
pub fn project_head(title: &str) -> Option<&str> {
    let all: Vec<&str> = title.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).collect();
    let skip = usize::from(all.first().is_some_and(|w| OPENING_ADVERBS.contains(&clean(w).as_str())));
    let words = &all[skip..];
    let first = clean(words.first()?);
    if let Some(head) = work_to_do(words, &first) {
        return Some(head);
    }
    if DELIVERY_VERBS.contains(&first.as_str()) || PROJECT_VERBS.contains(&first.as_str()) {
        let mut rest = words[1..].iter().map(|w| clean(w)).peekable();
        let mut verb_words = 1;
        if rest.peek().is_some_and(|w| PARTICLES.contains(&w.as_str())) {
            rest.next();
            verb_words = 2;
        }
        // The object ends where a preposition or clause starts ("training for the sales team").
        let mut object: Vec<String> = Vec::with_capacity(4);
        for w in rest.filter(|w| !DETERMINERS.contains(&w.as_str())) {
            let clause = matches!(w.as_str(), "for" | "to" | "so" | "that" | "which" | "by" | "in" | "across");
            if object.len() == 4 || (clause && !object.is_empty()) {
                break;
            }
            object.push(w);
        }
        // "Hire and keep…" (a second verb), "Ship with fewer bugs" (no object): a change, not a thing made.
        if object.first().is_none_or(|w| {
            matches!(w.as_str(), "and" | "&" | "with" | "without" | "on" | "in" | "at" | "faster" | "safely")
        }) {
            return None;
        }
        // The object is a deliverable when a deliverable noun comes first among
        // its words, abstract when an abstract one does ("the loyalty programme"
        // is a deliverable, "a world-class onboarding experience" is not).
        let first_kind = object.iter().find_map(|w| {
            if DELIVERABLES.contains(&w.as_str()) {
                Some(true)
            } else if ABSTRACT_OBJECTS.contains(&w.as_str()) {
                Some(false)
            } else {
                None
            }
        });
        let deliverable_later = object.iter().any(|w| DELIVERABLES.contains(&w.as_str()));
        if first_kind == Some(false) && !deliverable_later {
            return None;
        }
        let end = words[verb_words - 1];
        let start = words[0];
        let from = title.find(start)?;
        let to = title.find(end).map(|at| at + end.len())?;
        return title.get(from..to).map(|head| head.trim_end_matches(|c: char| !c.is_alphanumeric()));
    }
    // A short noun phrase naming a project: "CRM migration", "Mobile app v2", "Hiring".
    if words.len() <= 5 && !is_change_word(&first) {
        let found = words.iter().find(|w| PROJECT_NOUNS.contains(&clean(w).as_str()))?;
        return Some(found.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'));
    }
    None
}

/// Work to be done written with a general verb: "Get X ready", "Have an
/// available demo cluster", "Keep hiring", "Reach a stable version",
/// "Bring X to market".
fn work_to_do<'t>(words: &[&'t str], first: &str) -> Option<&'t str> {
    let cleaned: Vec<String> = words.iter().map(|w| clean(w)).collect();
    let found = match first {
        "get" => {
            cleaned.iter().skip(2).any(|w| matches!(w.as_str(), "ready" | "done" | "live" | "shipped" | "released"))
        }
        "have" => cleaned.iter().skip(1).take(4).any(|w| DELIVERABLES.contains(&w.as_str())),
        "keep" => {
            cleaned.get(1).is_some_and(|w| matches!(w.as_str(), "hiring" | "shipping" | "building" | "releasing"))
        }
        "reach" => cleaned.iter().skip(1).take(4).any(|w| matches!(w.as_str(), "version" | "release" | "milestone")),
        "bring" => cleaned.windows(2).any(|w| w[0] == "to" && w[1] == "market"),
        _ => false,
    };
    // The verb is the head: the title's first word, its punctuation aside.
    found.then(|| words[0].trim_matches(|c: char| !c.is_alphanumeric()))
}

/// Verbs and adjectives that head a change of state ("Faster onboarding").
fn is_change_word(word: &str) -> bool {
    matches!(
        word,
        "improve"
            | "increase"
            | "grow"
            | "reduce"
            | "make"
            | "ensure"
            | "become"
            | "be"
            | "earn"
            | "help"
            | "keep"
            | "understand"
            | "scale"
            | "win"
            | "delight"
            | "cut"
            | "get"
            | "stay"
            | "turn"
            | "protect"
            | "give"
            | "reach"
            | "bring"
            | "lead"
            | "own"
            | "stop"
            | "simplify"
            | "strengthen"
            | "offer"
            | "serve"
    ) || word.ends_with("er")
        || word.ends_with("ly")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_projects_and_leaves_changes() {
        for (title, head) in [
            ("Launch the new mobile app", "Launch"),
            ("Set up the data warehouse", "Set up"),
            ("Build the billing service to improve retention", "Build"),
            ("CRM migration", "migration"),
            ("Mobile app v2", "app"),
            ("Hiring", "Hiring"),
            ("Q4 website relaunch", "relaunch"),
            ("SOC 2 compliance", "compliance"),
            ("Series B fundraising", "fundraising"),
            ("Hackathon", "Hackathon"),
            ("Successfully launch the partner portal", "launch"),
            ("Get the data pipeline ready for audits", "Get"),
            ("Launch new training for the support team", "Launch"),
        ] {
            assert_eq!(project_head(title), Some(head), "{title}");
        }
        for title in [
            "Build a culture where people do their best work",
            "Create trust in our data",
            "Deliver a world-class onboarding experience",
            "Faster onboarding",
            "Availability",
            "Improve the quality of our mobile experience",
            "Hire and keep great engineers",
        ] {
            assert_eq!(project_head(title), None, "{title}");
        }
    }
}
