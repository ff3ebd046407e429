//! ## What it does
//! Reports a key result that the team can mark done by doing or shipping
//! something, with no evidence that customers, users, the business or the
//! system changed:
//! - a task or a deliverable: "Launch the partner portal", "Write the
//!   runbooks", "Migrate billing to the new provider", "Run 4 game days";
//! - a capability or a delivery stated as done: "Customers can pay by bank
//!   transfer", "The status page is live";
//! - hiring, staffing and onboarding people: "Hire 6 account executives";
//! - a count of outputs: "Publish 12 blog posts", "200 cold calls a week";
//! - completion or coverage of internal work: "100% of staff complete the
//!   training", "All releases ship on time", "Increase test coverage to 80%";
//! - effort or input: "Spend 20% of engineering time on tech debt".
//!
//! An activity paired with an outcome target in the same sentence is an
//! outcome, and not reported: "Ship the new onboarding flow and lift 7-day
//! activation from 34% to 45%", "Launch in Germany with 300 paying
//! customers".
//!
//! ## Why is this bad?
//! A key result measures whether the objective happened. Activities are how
//! the team hopes to get there: all of them can be done while nothing
//! improves, and the score then reports success that nobody can feel. Plans
//! and tasks belong under `initiatives`, where they are tracked without being
//! scored.
//!
//! ## Example
//! ```yaml
//!       - id: newsletter
//!         title: Send 4 newsletters
//! ```
//!
//! ## Use instead
//! ```yaml
//!       - id: newsletter
//!         title: Grow newsletter click-through from 2% to 5%
//!         baseline: 2
//!         target: 5
//!         unit: "%"
//! ```

use super::checkable::checkable;
use super::words::{DELIVERY_VERBS, LABEL_WORDS, QUANTITY_WORDS};
use super::{Context, Rule, Scope, Sink, span_within};
use crate::diagnostic::{Severity, quote};

pub const RULE: Rule = Rule {
    code: "OKR402",
    name: "activity-kr",
    severity: Severity::Warning,
    summary: "the KR describes an activity or output, not an outcome (\"Send 4 newsletters\", \"Launch version 3.0\")",
    scope: Scope::File,
    source: include_str!("activity_kr.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, set, _, kr) in ctx.index.key_results() {
        let Some(title) = &kr.title else { continue };
        let Some(found) = activity_in(&title.value) else { continue };
        sink.report(
            set.file,
            span_within(ctx.index, set.file, title, found),
            format!("the key result describes an activity ({}), not an outcome", quote(found)),
            "what will this activity change? measure that instead, with a baseline and a target (and list the activity under `initiatives`)",
        );
    }
}

/// Verbs of doing beyond the delivery verbs objectives share: tasks, habits,
/// outreach, hiring and effort.
const TASK_VERBS: &[&str] = &[
    "send",
    "post",
    "train",
    "interview",
    "attend",
    "book",
    "read",
    "go",
    "meditate",
    "journal",
    "sign",
    "apply",
    "recruit",
    "onboard",
    "staff",
    "distribute",
    "digitise",
    "digitize",
    "buy",
    "plant",
    "photograph",
    "stock",
    "refurbish",
    "consult",
    "present",
    "speak",
    "tag",
    "sponsor",
    "record",
    "agree",
    "add",
    "enforce",
    "review",
    "automate",
    "merge",
    "resolve",
    "test",
    "prototype",
    "certify",
    "visit",
    "call",
    "email",
    "move",
    "secure",
    "spend",
    "dedicate",
    "allocate",
    "assign",
    "schedule",
    "submit",
    "file",
    "integrate",
    "enable",
    "pass",
    "fix",
    "update",
    "refresh",
    "mentor",
    "coach",
    "survey",
    "research",
    "explore",
    "investigate",
    "evaluate",
    "identify",
    "kick",
    "finish",
    "start",
    "begin",
    "continue",
    "join",
    "learn",
    "practise",
    "practice",
    "outline",
    "publicize",
    "publicise",
    "highlight",
    "measure",
    "rollout",
    "promote",
    "organize",
    "choose",
    "select",
    "eat",
    "drink",
    "play",
    "walk",
    "cook",
    "exercise",
    "do",
    "propose",
    "host",
    "hold",
    "lead",
    "facilitate",
    "gather",
    "collect",
    "draft",
];

/// What a business wins: counted, an outcome ("Sign 5 new logos").
const WON: &[&str] = &[
    "logos",
    "customers",
    "clients",
    "deals",
    "contracts",
    "accounts",
    "subscribers",
    "signups",
    "sign-ups",
    "donors",
    "leads",
    "members",
    "renewals",
];

/// Adverbs that may open a title before its verb ("Successfully launch…").
const OPENING_ADVERBS: &[&str] =
    &["successfully", "formally", "fully", "continuously", "further", "actively", "proactively", "regularly"];

/// Participles that state work as done ("The Core API is finalized",
/// "base32 is supported", "A protocol is proposed, reviewed and merged").
const DONE_PARTICIPLES: &[&str] = &[
    "implemented",
    "supported",
    "finalized",
    "finalised",
    "deprecated",
    "updated",
    "documented",
    "defined",
    "developed",
    "built",
    "created",
    "designed",
    "proposed",
    "reviewed",
    "merged",
    "established",
    "migrated",
    "integrated",
    "automated",
    "enabled",
    "installed",
    "configured",
    "delivered",
    "introduced",
    "rolled",
    "refactored",
    "rewritten",
    "replaced",
    "removed",
    "fixed",
    "tested",
    "approved",
    "drafted",
    "written",
    "set",
    "agreed",
    "scheduled",
    "organized",
    "organised",
    "held",
    "run",
    "conducted",
    "prepared",
    "analyzed",
    "analysed",
    "identified",
    "mapped",
    "ramped",
    "certified",
    "trained",
    "completed",
    "edited",
    "onboarded",
    "rolling",
    "recorded",
    "tracked",
    "maintained",
    "presented",
    "published",
    "launched",
    "shipped",
    "released",
];

/// What a team makes: a title that names one of these and no change is a
/// deliverable ("Swagger API documentation", "POC of WebBluetooth").
const DELIVERABLE_NOUNS: &[&str] = &[
    "prototype",
    "poc",
    "mvp",
    "documentation",
    "docs",
    "workshop",
    "workshops",
    "revamp",
    "redesign",
    "mount",
    "tool",
    "tooling",
    "module",
    "diagram",
    "examples",
    "guide",
    "guidelines",
    "playbook",
    "runbook",
    "runbooks",
    "spec",
    "specification",
    "website",
    "dashboard",
    "dashboards",
    "api",
    "sdk",
    "plugin",
    "rollout",
    "migration",
    "refactor",
    "upgrade",
    "training",
    "suite",
    "tests",
    "plan",
    "roadmap",
    "implementation",
    "integration",
    "integrations",
    "release",
    "launch",
];

/// Words of change or measure: a title holding one is no bare deliverable.
const MEASURE_WORDS: &[&str] = &[
    "rate",
    "ratio",
    "time",
    "latency",
    "uptime",
    "adoption",
    "usage",
    "retention",
    "revenue",
    "satisfaction",
    "nps",
    "conversion",
    "growth",
    "share",
    "score",
];

/// Verbs that head a change of an outcome; "Increase…" is an outcome unless
/// what it increases is internal work ("Increase test coverage").
const CHANGE_VERBS: &[&str] = &[
    "increase", "raise", "grow", "reduce", "cut", "improve", "reach", "achieve", "get", "lift", "boost", "double",
    "halve", "triple", "lower", "decrease", "shorten", "extend", "keep", "maintain", "hit", "bring", "drive",
    "generate", "earn", "win", "sell", "save", "attain", "sustain", "make",
];

/// Forms of a change, after the activity, that turn the sentence into an
/// outcome when a checkable target comes with it ("…, cutting load time from
/// 3.1s to 1.8s", "… and lift activation to 45%").
const CHANGE_FORMS: &[&str] = &[
    "increase",
    "increasing",
    "raise",
    "raising",
    "grow",
    "growing",
    "reduce",
    "reducing",
    "cut",
    "cutting",
    "lift",
    "lifting",
    "lifts",
    "reach",
    "reaching",
    "reaches",
    "halve",
    "halving",
    "halves",
    "double",
    "doubling",
    "triple",
    "lower",
    "lowering",
    "boost",
    "boosting",
    "drive",
    "driving",
    "generate",
    "generating",
    "bring",
    "bringing",
    "improve",
    "improving",
    "move",
    "moving",
    "turn",
    "turns",
    "get",
    "getting",
    "see",
    "convert",
    "converting",
    "converts",
    "win",
    "winning",
    "sources",
    "fall",
    "falls",
    "drop",
    "drops",
    "rise",
    "rises",
    "grows",
    "saving",
    "save",
    "shorten",
    "shortening",
    "return",
    "returns",
    "returning",
];

/// Outcome measures: behaviour of customers and users, money, sentiment,
/// system performance, service levels.
const OUTCOME_WORDS: &[&str] = &[
    "retention",
    "activation",
    "active",
    "adoption",
    "use",
    "usage",
    "paying",
    "conversion",
    "churn",
    "revenue",
    "arr",
    "mrr",
    "pipeline",
    "bookings",
    "deals",
    "sign-ups",
    "signups",
    "trial",
    "trials",
    "nps",
    "csat",
    "satisfaction",
    "latency",
    "uptime",
    "availability",
    "errors",
    "chargebacks",
    "crashes",
    "renewals",
    "engagement",
    "wait",
    "load",
];

/// Counted things a team produces: a number of them is output, not outcome.
const OUTPUTS: &[&str] = &[
    "posts",
    "articles",
    "blogs",
    "newsletters",
    "workshops",
    "webinars",
    "meetups",
    "events",
    "interviews",
    "meetings",
    "calls",
    "demos",
    "talks",
    "sessions",
    "trainings",
    "courses",
    "videos",
    "episodes",
    "podcasts",
    "campaigns",
    "emails",
    "studies",
    "features",
    "releases",
    "tests",
    "experiments",
    "variants",
    "pages",
    "books",
    "words",
    "leaflets",
    "flyers",
    "galas",
    "roadshows",
    "visits",
    "tickets",
    "prs",
    "commits",
    "documents",
    "reports",
    "analyses",
    "steps",
    "slots",
];

/// Internal work whose volume, completion or coverage is no outcome.
const INTERNAL_WORK: &[&[&str]] = &[
    &["test", "coverage"],
    &["code", "coverage"],
    &["documentation", "coverage"],
    &["lint"],
    &["code", "review"],
    &["pull", "requests"],
    &["story", "points"],
    &["sprint"],
    &["planned", "work"],
    &["roadmap"],
    &["tech", "debt"],
    &["tech-debt"],
    &["jira"],
    &["training", "completion"],
    &["completion", "of"],
    &["okrs"],
    &["certification"],
    &["certified"],
    &["compliance", "training"],
    &["participation"],
    &["checkout", "steps"],
    &["number", "of", "clicks"],
    &["number", "of", "steps"],
];

/// Whom internal completion is about ("100% of staff complete…").
const INTERNAL_SUBJECTS: &[&str] = &[
    "staff",
    "employees",
    "employee",
    "agent",
    "agents",
    "reps",
    "engineers",
    "managers",
    "teachers",
    "nurses",
    "teams",
    "team",
    "service",
    "services",
    "classroom",
    "classrooms",
    "releases",
    "developers",
    "squads",
    "work",
    "teammates",
    "candidates",
    "hires",
    "aes",
    "sdrs",
    "aes/sdrs",
];

/// What internal completion says they do.
const COMPLETION_VERBS: &[&str] = &[
    "complete",
    "completes",
    "completed",
    "has",
    "have",
    "attend",
    "attends",
    "trained",
    "ship",
    "ships",
    "done",
    "hold",
    "holds",
    "run",
    "runs",
    "write",
    "writes",
    "follow",
    "follows",
    "participate",
    "participates",
    "go",
];

/// Ends that state a delivery or a capability ("Portal is live").
const DONE_PHRASES: &[&[&str]] = &[
    &["is", "live"],
    &["goes", "live"],
    &["went", "live"],
    &["shipped"],
    &["launched"],
    &["released"],
    &["is", "done"],
    &["complete"],
    &["completed"],
    &["is", "documented"],
    &["exists"],
    &["in", "place"],
    &["is", "available"],
    &["available"],
    &["in", "production"],
    &["is", "published"],
    &["published"],
    &["hired"],
    &["onboarded"],
    &["signed"],
    &["deployed"],
    &["is", "ready"],
    &["exist"],
    &["ramped"],
];

/// External things a service level is about: a share of them handled within a
/// time is an outcome ("Onboard 90% of new customers within 14 days").
const EXTERNAL: &[&str] = &[
    "customers",
    "users",
    "tickets",
    "chats",
    "requests",
    "patients",
    "orders",
    "claims",
    "applications",
    "guests",
    "visitors",
    "members",
    "donors",
    "students",
    "pupils",
    "residents",
    "parcels",
    "deliveries",
    "cases",
    "calls",
    "questions",
    "incidents",
];

/// A finite change verb soon after the first word makes the first word a noun
/// ("Deploy frequency rises…", "Build time on CI drops…").
const FINITE_CHANGES: &[&str] = &[
    "rises",
    "rise",
    "falls",
    "fall",
    "drops",
    "drop",
    "grows",
    "doubles",
    "halves",
    "improves",
    "increases",
    "decreases",
    "reaches",
    "stays",
    "goes",
    "climbs",
    "declines",
    "exceeds",
    "hits",
    "shrinks",
    "lands",
];

/// A word of the title: its text, and the same text lower-cased (ASCII only,
/// so both have the same length and the lists below, all ASCII, match).
struct Word<'t, 'l> {
    text: &'t str,
    lower: &'l str,
}

impl Word<'_, '_> {
    fn is(&self, list: &[&str]) -> bool {
        list.contains(&self.lower)
    }
}

/// Splits `title` (and its lower-cased copy `lower`) into words, without
/// surrounding punctuation.
fn words<'t, 'l>(title: &'t str, lower: &'l str) -> Vec<Word<'t, 'l>> {
    let mut out = Vec::with_capacity(16);
    for raw in title.split_whitespace() {
        let start = raw.as_ptr() as usize - title.as_ptr() as usize;
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '%' | '$' | '#'));
        if word.is_empty() {
            continue;
        }
        let from = start + (word.as_ptr() as usize - raw.as_ptr() as usize);
        if let (Some(text), Some(lower)) = (title.get(from..from + word.len()), lower.get(from..from + word.len())) {
            out.push(Word { text, lower });
        }
    }
    out
}

fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        || QUANTITY_WORDS.contains(&word)
        || matches!(word, "a" | "one" | "dozen")
}

/// Where `phrase` (its words) occurs among `words`: (first, past the last).
fn find_phrase<'a>(words: &'a [Word<'_, '_>], phrase: &'a [&str]) -> impl Iterator<Item = (usize, usize)> + 'a {
    words.windows(phrase.len()).enumerate().filter_map(move |(i, window)| {
        window.iter().zip(phrase).all(|(w, p)| w.lower == *p).then_some((i, i + phrase.len()))
    })
}

/// The words that make the KR an activity, if it is one: a slice of `title`.
pub fn activity_in(title: &str) -> Option<&str> {
    // Asked up to five times below: worked out once.
    let measured = std::cell::OnceCell::new();
    let is_checkable = || *measured.get_or_init(|| checkable(title));
    let lower = title.to_ascii_lowercase();
    let all = words(title, &lower);
    // "A/B test 4 variants": the test is the verb.
    let skip = usize::from(all.first().is_some_and(|w| w.lower == "a/b" || w.is(OPENING_ADVERBS)));
    let words = &all[skip..];
    let first = words.first()?;
    let has = |list: &[&str], from: usize| words.iter().skip(from).any(|w| w.is(list));
    // "up" and "down" right after the verb are its particle ("Set up…").
    let finite_soon =
        words.iter().enumerate().skip(1).take(4).any(|(i, w)| w.is(FINITE_CHANGES) || (i > 1 && w.is(&["up", "down"])));

    // "Eat healthier", "Sleep better": a habit changing, not a task.
    if words.len() <= 3 && words.get(1).is_some_and(|w| w.lower.ends_with("ier") || w.lower == "better") {
        return None;
    }
    // "We migrate all applications…": the team, then a verb of doing.
    if first.lower == "we" && words.get(1).is_some_and(|w| w.is(DELIVERY_VERBS) || w.is(TASK_VERBS)) {
        return span_of(title, &words[..2]);
    }
    // "Creating new content…", "Choosing formal metrics": the gerund of a verb of doing.
    let gerund = first.lower.strip_suffix("ing").is_some_and(|stem| {
        [stem.to_string(), format!("{stem}e")]
            .iter()
            .any(|v| DELIVERY_VERBS.contains(&v.as_str()) || TASK_VERBS.contains(&v.as_str()))
    });
    // "Improve and update existing pages": a change verb doubled by a task.
    let doubled = first.is(CHANGE_VERBS)
        && words.get(1).is_some_and(|w| w.lower == "and")
        && words.get(2).is_some_and(|w| w.is(DELIVERY_VERBS) || w.is(TASK_VERBS));
    // "Sign 5 new DACH logos": deals, customers and sign-ups counted are an
    // outcome whatever the verb; "Deploy to production 20 times per week":
    // how often the team delivers is a measure of its process.
    let won = first.is(&["sign", "close", "land", "win", "acquire", "gain", "convert", "book", "renew"])
        && is_checkable()
        && words.iter().skip(1).any(|w| w.is(WON));
    let delivery_rate = first.is(&["deploy", "release", "ship", "merge"])
        && words.windows(2).any(|w| w[0].lower == "times" && w[1].is(&["per", "a", "each", "every"]));
    if won || delivery_rate {
        return None;
    }
    if (first.is(DELIVERY_VERBS) || first.is(TASK_VERBS) || gerund || doubled) && !finite_soon {
        // An activity with an outcome target in the same sentence is an outcome.
        if is_checkable()
            && (has(OUTCOME_WORDS, 1)
                || has(CHANGE_FORMS, 1)
                || has(&["so", "under", "within"], 1)
                || service_level(words))
        {
            return None;
        }
        let verb_end = if words.get(1).is_some_and(|w| w.is(&["up", "out", "off"])) { 2 } else { 1 };
        return span_of(title, &words[..verb_end]);
    }
    if first.is(CHANGE_VERBS) {
        // "Increase test coverage to 80%", "Achieve SOC 2 certification",
        // "Increase the number of blog posts": the change is internal work.
        return internal_work(title, words)
            .or_else(|| output_count(title, words))
            .or_else(|| done_statement(title, words).filter(|_| !(is_checkable() && has(OUTCOME_WORDS, 0))));
    }
    if let Some(found) = DONE_PHRASES.iter().find_map(|p| done_phrase(title, words, p))
        && !(is_checkable() && has(OUTCOME_WORDS, 0))
    {
        return Some(found);
    }
    if let Some(found) = done_statement(title, words)
        && !(is_checkable() && (has(OUTCOME_WORDS, 0) || has(CHANGE_FORMS, 0)))
    {
        return Some(found);
    }
    // A capability stated as a fact: "Connection manager supports dial backoff",
    // "The consensus layer becomes the default".
    if !is_checkable()
        && let Some(found) = words.iter().skip(1).take(3).position(|w| w.is(&["supports", "provides", "becomes"]))
    {
        return Some(words[found + 1].text);
    }
    // Agencies, vendors and partners engaged: help secured, not a result.
    if first.is(&["engage", "retain", "contract"])
        && words
            .iter()
            .skip(1)
            .take(3)
            .any(|w| w.is(&["agency", "agencies", "vendor", "vendors", "consultant", "consultants", "contractor"]))
    {
        return Some(first.text);
    }
    if let Some(can) = words.iter().skip(1).find(|w| w.lower == "can")
        && !is_checkable()
    {
        return Some(can.text);
    }
    if let Some(found) = internal_completion(title, words) {
        return Some(found);
    }
    if has(&["done"], 0)
        && let Some(found) = internal_work(title, words)
    {
        return Some(found);
    }
    output_count(title, words).or_else(|| deliverable_label(title, words))
}

/// Work stated as done: "X is implemented", "X has been developed", "X are
/// proposed, reviewed and merged", "There is a prototype of Y", "X has a
/// visualization tool", "X gets a prototype".
fn done_statement<'t>(title: &'t str, words: &[Word<'t, '_>]) -> Option<&'t str> {
    const BE: &[&str] = &["is", "are", "was", "were", "been", "be", "gets", "get", "got"];
    // "There is a prototype…", "There are runbooks…".
    if words.first().is_some_and(|w| w.lower == "there") && words.get(1).is_some_and(|w| w.is(&["is", "are"])) {
        return span_of(title, &words[..2]);
    }
    // "We've documented the buyer journey", "We have delivered…".
    let we = words.first().is_some_and(|w| matches!(w.lower, "we’ve" | "we've"))
        || (words.first().is_some_and(|w| w.lower == "we") && words.get(1).is_some_and(|w| w.lower == "have"));
    if we {
        let verb = words.iter().take(3).position(|w| w.is(DONE_PARTICIPLES))?;
        return span_of(title, &words[..=verb]);
    }
    for (i, w) in words.iter().enumerate().skip(1) {
        // "is implemented", "have completed", "has been developed".
        if !(w.is(BE) || w.is(&["has", "have"])) {
            continue;
        }
        // The participle right after, or after an adverb ("is fully supported").
        let Some(participle) = words.iter().skip(i + 1).take(2).position(|p| p.is(DONE_PARTICIPLES)) else {
            continue;
        };
        let end = i + 1 + participle;
        // "Lead time is reduced", "Churn is set to fall": a measure moving, not work done.
        if words[..i].iter().any(|w| w.is(MEASURE_WORDS)) || words.get(end + 1).is_some_and(|n| n.lower == "to") {
            return None;
        }
        return span_of(title, &words[i..=end]);
    }
    // "libp2p has a network visualization tool", "go-ipfs gets a prototype".
    let has = words.iter().take(5).position(|w| w.is(&["has", "have", "gets", "get"]))?;
    let object = &words[has + 1..];
    let noun = object.iter().take(5).position(|w| w.is(DELIVERABLE_NOUNS))?;
    let numeric = |w: &Word| w.lower.starts_with(|c: char| c.is_ascii_digit());
    (has > 0 && !object.iter().any(|w| w.is(MEASURE_WORDS) || numeric(w)))
        .then(|| span_of(title, &words[has..=has + 1 + noun]))
        .flatten()
}

/// A bare label naming a deliverable, with no verb, number or measure:
/// "Swagger API documentation for the REST API", "POC of WebBluetooth".
fn deliverable_label<'t>(title: &'t str, words: &[Word<'t, '_>]) -> Option<&'t str> {
    if words.len() > 8 || checkable(title) || words.iter().any(|w| w.is(MEASURE_WORDS) || w.is(OUTCOME_WORDS)) {
        return None;
    }
    let verbs = |w: &Word| {
        w.is(CHANGE_VERBS) || w.is(CHANGE_FORMS) || w.is(FINITE_CHANGES) || w.is(&["is", "are", "can", "will", "has"])
    };
    if words.iter().any(verbs) {
        return None;
    }
    words.iter().find(|w| w.is(DELIVERABLE_NOUNS)).map(|w| w.text)
}

/// The part of `title` from the first to the last of `words`.
fn span_of<'t>(title: &'t str, words: &[Word<'t, '_>]) -> Option<&'t str> {
    let start = words.first()?.text.as_ptr() as usize - title.as_ptr() as usize;
    let last = words.last()?;
    let end = last.text.as_ptr() as usize - title.as_ptr() as usize + last.text.len();
    title.get(start..end)
}

/// A done phrase at the end of the title, or followed by a qualifier
/// ("… available to all teams", "… exists for SMB customers"); not first.
fn done_phrase<'t>(title: &'t str, words: &[Word<'t, '_>], phrase: &[&str]) -> Option<&'t str> {
    let (from, to) = find_phrase(words, phrase).find(|&(from, to)| {
        from > 0
            && words
                .get(to)
                .is_none_or(|next| next.is(&["on", "to", "for", "in", "across", "at", "by", "within", "before", "and"]))
    })?;
    span_of(title, &words[from..to])
}

/// A share of external things handled without help ("70% of chats without
/// escalation", "90% of new customers…"): a service level, an outcome.
fn service_level(words: &[Word<'_, '_>]) -> bool {
    let share = words.windows(2).any(|w| w[0].lower.ends_with('%') && w[1].lower == "of");
    share && words.iter().any(|w| w.is(EXTERNAL)) && internal_work("", words).is_none()
}

/// Internal work named in the title: the first phrase of `INTERNAL_WORK` found.
fn internal_work<'t>(title: &'t str, words: &[Word<'t, '_>]) -> Option<&'t str> {
    INTERNAL_WORK
        .iter()
        .find_map(|p| find_phrase(words, p).next())
        .map(|(from, to)| span_of(title, &words[from..to]).unwrap_or(title))
}

/// "100% of staff complete the course", "Every service has an owner",
/// "All releases ship on time".
fn internal_completion<'t>(title: &'t str, words: &[Word<'t, '_>]) -> Option<&'t str> {
    let subject = words.iter().take(4).position(|w| w.is(INTERNAL_SUBJECTS))?;
    let verb = words.iter().skip(subject + 1).take(5).position(|w| w.is(COMPLETION_VERBS))?;
    span_of(title, &words[..=subject + 1 + verb])
}

/// A number of outputs: "12 blog posts", "200 cold calls", "3 times a week".
/// Not counted when the title sets a share as its target ("Subscribers who
/// read 3+ articles a week grow to 45%") or a measure changes on its own
/// ("Alert noise falls from 400 pages a month").
fn output_count<'t>(title: &'t str, words: &[Word<'t, '_>]) -> Option<&'t str> {
    if words.iter().any(|w| w.lower.ends_with('%') || w.is(FINITE_CHANGES)) {
        return None;
    }
    for (i, w) in words.iter().enumerate() {
        // "the number of blog posts" counts as a number.
        let number_of = w.lower == "number" && words.get(i + 1).is_some_and(|n| n.lower == "of");
        let previous = |back: usize| i.checked_sub(back).map(|p| words[p].lower);
        // "tier 1 calls" names a kind; "1 in 20 releases" is a ratio.
        let label = previous(1).is_some_and(|p| LABEL_WORDS.contains(&p))
            || (matches!(previous(1), Some("in" | "of")) && previous(2).is_some_and(is_number));
        if !(number_of || is_number(w.lower)) || label {
            continue;
        }
        for (j, next) in words.iter().enumerate().skip(i + 1 + usize::from(number_of)).take(3) {
            if next.is(OUTPUTS) {
                return span_of(title, &words[i..=j]);
            }
            if next.is(&["of", "to", "from", "per", "in", "a", "an", "the", "during", "for", "on", "with", "at", "by"])
            {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_activities_and_leaves_outcomes() {
        for (title, found) in [
            ("Send 4 newsletters", "Send"),
            ("Launch version 3.0 of the service", "Launch"),
            ("Set up SLO dashboards for every service", "Set up"),
            ("Status portal is live", "is live"),
            ("Customers can pay by bank transfer", "can"),
            ("Dark mode is available on all platforms", "is available"),
            ("Increase the number of blog posts from 4 to 12", "number of blog posts"),
            ("100% of staff complete the security awareness course", "100% of staff complete"),
            ("Increase test coverage from 55% to 80%", "test coverage"),
            ("Make 200 cold calls a week", "200 cold calls"),
            ("The billing export is implemented", "is implemented"),
            ("There is a working prototype of offline mode", "There is"),
            ("The CLI has a plugin template", "has a plugin"),
            ("Successfully launch the referral programme", "launch"),
            ("We've migrated every service to the new queue", "We've migrated"),
        ] {
            assert_eq!(activity_in(title), Some(found), "{title}");
        }
        for title in [
            "Grow new ARR from $1.2M to $1.8M",
            "Ship the new onboarding flow and lift 7-day activation from 34% to 45%",
            "Launch in Germany with 300 paying customers by June",
            "Deploy frequency rises from weekly to daily",
            "Onboard 90% of new customers within 14 days of signing",
            "Improve NPS",
            "Increase pipeline coverage from 2.1x to 3x of quota",
            "Sign 5 new DACH logos",
            "Win 5 new logos",
            "Deploy to production at least 20 times per week",
        ] {
            assert_eq!(activity_in(title), None, "{title}");
        }
    }
}
