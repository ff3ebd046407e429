//! JSON Schemas of the file formats (SPEC §1), for editors: completion,
//! hover text and validation as you type (yaml-language-server). Generated
//! from the types below with schemars, as draft-07, the draft editors read
//! best. okrlint itself never reads files through these types: the loader
//! is lenient (every problem becomes a finding), the schemas are strict.
//!
//! yaml-language-server ignores what is written beside a `$ref` in draft-07,
//! and a description on the referenced type wins over the field's: so a
//! field whose type is one of the types below is documented on the type,
//! and other fields on the field.

// The fields are read by schemars, never by code.
#![allow(dead_code)]

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, generate::SchemaSettings};

/// The schemas `okrlint schema` prints, by name.
pub const NAMES: &[&str] = &["okr", "checkins", "metrics", "config"];

/// The schema named `name` (one of `NAMES`), as pretty JSON with a final newline.
pub fn json(name: &str) -> Option<String> {
    let generator = SchemaSettings::draft07().into_generator();
    let schema: Schema = match name {
        "okr" => generator.into_root_schema_for::<OkrSet>(),
        "checkins" => generator.into_root_schema_for::<CheckInLog>(),
        "metrics" => generator.into_root_schema_for::<MetricDictionary>(),
        "config" => generator.into_root_schema_for::<Configuration>(),
        _ => return None,
    };
    let mut schema = schema.to_value();
    if name == "config" {
        // An empty `.okrlint.yaml` (null) is a valid configuration: every key is optional.
        schema["type"] = serde_json::json!(["object", "null"]);
    }
    serde_json::to_string_pretty(&schema).ok().map(|text| text + "\n")
}

/// A calendar date, `YYYY-MM-DD` (on a check-in's `escalated`: the day a red key result was escalated).
#[derive(JsonSchema)]
#[schemars(example = &"2026-03-31")]
struct Date(#[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))] String);

/// An id: lower-case letters, digits and dashes.
#[derive(JsonSchema)]
#[schemars(example = &"faster-value")]
struct Id(#[schemars(regex(pattern = r"^[a-z0-9-]+$"))] String);

/// The cycle: `2026-Q1`, `2026-H2`, `2026` (a year, also as a bare number), `2026-05` (a month), or `{start, end}`.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Cycle {
    Text(#[schemars(regex(pattern = r"^\d{4}(-Q[1-4]|-H[12]|-(0[1-9]|1[0-2]))?$"))] String),
    Year(#[schemars(range(min = 1, max = 9999))] u16),
    Range { start: Date, end: Date },
}

/// One person accountable (a role one person holds is fine); a list is reported as shared ownership (OKR102), a missing owner as OKR101/OKR104.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Owner {
    One(String),
    Many(Vec<String>),
}

/// Where the set sits: company, department, team, individual, or a micro set (one objective, 1–2 KRs, at most 28 days).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Level {
    Company,
    Department,
    Team,
    Individual,
    Micro,
}

/// How often the source of truth updates the metric (slower than weekly is OKR206).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Refresh {
    Hourly,
    Daily,
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

/// committed (must reach 1.0) or aspirational (0.7 is a success).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Committed,
    Aspirational,
}

/// leading (moves first, predicts) or lagging (confirms the outcome).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Signal {
    Leading,
    Lagging,
}

/// A number, or true/false for a done/not-done milestone (OKR207 warns about those). A key result needs a baseline and a target (OKR201, OKR202).
#[derive(JsonSchema)]
#[serde(untagged)]
enum Quantity {
    Number(f64),
    Milestone(bool),
}

/// How the KR is scored: `linear` (default), or a threshold ladder (`method: threshold`, `bands`, `otherwise`).
#[derive(JsonSchema)]
#[serde(untagged)]
enum Scoring {
    Method(ScoringMethod),
    Ladder(Ladder),
}

/// `linear` scores (actual − baseline) / (target − baseline), clamped to 0..1.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum ScoringMethod {
    Linear,
    Threshold,
}

/// A threshold ladder: the first band that holds wins.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Ladder {
    method: ScoringMethod,
    /// Bands all `at_most` (lower is better) or all `at_least` (higher is better), best first.
    bands: Vec<Band>,
    /// The score when no band holds (default 0).
    #[schemars(range(min = 0.0, max = 1.0))]
    otherwise: Option<f64>,
}

/// One band: a bound and the score it gives.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Band {
    /// Holds when the actual is at most this (lower is better).
    at_most: Option<f64>,
    /// Holds when the actual is at least this (higher is better).
    at_least: Option<f64>,
    /// The score, 0 to 1.
    #[schemars(range(min = 0.0, max = 1.0))]
    score: f64,
}

/// A commitment from another team the KR depends on.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Dependency {
    /// The team delivering it.
    team: String,
    /// The one person on that team who owns it.
    owner: Option<String>,
    /// What they deliver.
    deliverable: Option<String>,
    due: Option<Date>,
}

/// A governed mid-cycle change to baseline, target, unit, scoring or the key result's id (OKR701).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Change {
    date: Option<Date>,
    /// baseline, target, unit, scoring or id (a renamed key result: from the old id to the new).
    field: Option<String>,
    /// The value before.
    from: Option<serde_json::Value>,
    /// The value after.
    to: Option<serde_json::Value>,
    /// Why it changed.
    reason: Option<String>,
    /// Who approved it.
    approved_by: Option<String>,
}

/// A bet the team makes to move KRs; never scored.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Initiative {
    /// What the team will do.
    title: String,
    /// Who leads it.
    lead: Option<String>,
    /// Ids of the KRs (in this objective) it should move.
    moves: Option<Vec<String>>,
}

/// A key result: a measured change with one owner, a baseline, a target and a source of truth.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct KeyResult {
    id: Id,
    /// The measurable change, e.g. "Reduce median time to first use from 3 days to 1 day".
    #[schemars(example = &"Reduce median time to first use from 3 days to 1 day")]
    title: String,
    owner: Option<Owner>,
    /// People who help; not accountable.
    collaborators: Option<Vec<String>>,
    /// A metric name from a metric dictionary (*.metrics.yaml); the KR inherits its source and refresh.
    metric: Option<String>,
    /// The unit of baseline, target and actuals, e.g. "%" or "days".
    #[schemars(example = &"days")]
    unit: Option<String>,
    baseline: Option<Quantity>,
    target: Option<Quantity>,
    due: Option<Date>,
    /// The source of truth: a URL or a system's name.
    #[schemars(example = &"https://analytics.example.com/d/ttv")]
    source: Option<String>,
    refresh: Option<Refresh>,
    scoring: Option<Scoring>,
    /// The KR's weight in its objective's score (default 1).
    #[schemars(range(min = 0.0))]
    weight: Option<f64>,
    signal: Option<Signal>,
    /// A KR this one contributes to: `set/objective/kr`.
    contributes_to: Option<String>,
    /// Explicit commitments from other teams.
    depends_on: Option<Vec<Dependency>>,
    /// At cycle end: one learning that changes next cycle's bets.
    learning: Option<String>,
    /// Governed mid-cycle edits.
    changes: Option<Vec<Change>>,
    pull: Option<Pull>,
}

/// Where `okrlint pull` reads actuals (a KR's own pull overrides its metric's): a source and one SELECT.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Pull {
    /// A source named in `.okrlint.yaml`'s `sources`.
    from: String,
    /// One SELECT returning rows of (date, number), or one number; `:start`, `:end` and `:as_of` are bound as parameters.
    #[schemars(example = &"select day, rate from activation_daily where day between :start and :end order by day")]
    query: String,
}

/// An objective: a qualitative change the world should see, proven by its key results.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Objective {
    id: Id,
    /// The change, in words, without numbers (numbers go in key results).
    #[schemars(example = &"Shorten time to value for new customers")]
    title: String,
    owner: Option<Owner>,
    kind: Option<Kind>,
    /// The objective or KR above this one: `set/objective` or `set/objective/kr`.
    aligns_to: Option<String>,
    /// The key results proving it (2–4 by default, see `limits`).
    key_results: Vec<KeyResult>,
    /// The bets meant to move its key results; never scored.
    initiatives: Option<Vec<Initiative>>,
}

/// An OKR set (`*.okr.yaml`): one team's, department's or person's objectives for a cycle.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct OkrSet {
    /// The set's id (default: the file name without .okr.yaml).
    id: Option<String>,
    cycle: Cycle,
    level: Option<Level>,
    /// The team, department or person the set belongs to (required unless level is company).
    name: Option<String>,
    owner: Option<Owner>,
    /// The objectives (3–4 by default, see `limits`; a micro set has one).
    objectives: Vec<Objective>,
}

/// One weekly check-in on a key result.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct CheckIn {
    date: Date,
    /// The KR: `objective/kr` in this log's set (a full `set/objective/kr` naming another set is OKR601).
    #[schemars(example = &"faster-value/ttv")]
    kr: String,
    /// The latest measured value of the metric.
    actual: f64,
    /// Belief that the target will be hit by cycle end: 1 (no) to 5 (as good as done).
    #[schemars(range(min = 1, max = 5))]
    confidence: Option<u8>,
    /// What the team learnt this week.
    insight: Option<String>,
    /// What happens next.
    next_action: Option<String>,
    /// What would unblock a red KR, and from whom.
    help_needed: Option<String>,
    escalated: Option<Date>,
    /// Who wrote the check-in.
    author: Option<String>,
    /// Set only by `okrlint pull`: the source the actual was read from.
    pulled: Option<String>,
}

/// A check-in log (`*.checkins.yaml`): weekly check-ins of one set, appended.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct CheckInLog {
    /// The id of the set these check-ins belong to.
    okrs: String,
    /// The check-ins, appended as the weeks go by.
    checkins: Vec<CheckIn>,
}

/// Values outside are anomalies (OKR610).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct ValidRange {
    /// The lowest value the metric can take.
    min: Option<f64>,
    /// The highest value the metric can take.
    max: Option<f64>,
}

/// A metric: what it means, how it is computed, where it comes from.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Metric {
    /// The name KRs use in `metric:`.
    name: String,
    /// What it means, in words.
    definition: Option<String>,
    /// How it is computed.
    formula: Option<String>,
    /// Who owns the definition.
    owner: Option<String>,
    /// Who owns the pipeline.
    steward: Option<String>,
    /// The source of truth.
    source: Option<String>,
    refresh: Option<Refresh>,
    valid_range: Option<ValidRange>,
    pull: Option<Pull>,
}

/// A metric dictionary (`*.metrics.yaml`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct MetricDictionary {
    /// The metrics, each with a unique name.
    metrics: Vec<Metric>,
}

/// off, info, warning or error.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum RuleSetting {
    Off,
    Info,
    Warning,
    Error,
}

/// error or warning: the lowest severity that fails a run (exit 1).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum FailOn {
    Error,
    Warning,
}

/// fraction (0.00–1.00) or percent (0–100): how scores are shown.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Scale {
    Fraction,
    Percent,
}

/// weekly or biweekly: the expected check-in rhythm.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Cadence {
    Weekly,
    Biweekly,
}

/// Counts okrlint expects (OKR301, OKR302, OKR405).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Limits {
    /// Objectives per set, [min, max] (default [3, 4]).
    objectives: Option<[u32; 2]>,
    /// Key results per objective, [min, max] (default [2, 4]).
    key_results: Option<[u32; 2]>,
    /// Words in an objective's title (default 15).
    objective_words: Option<u32>,
}

/// The RAG bands' upper bounds (default red 0.30, amber 0.60, green 0.90).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Rag {
    /// A score at or below this is red (default 0.30).
    #[schemars(range(min = 0.0, max = 1.0))]
    red: Option<f64>,
    /// At or below this, above red, amber (default 0.60).
    #[schemars(range(min = 0.0, max = 1.0))]
    amber: Option<f64>,
    /// At or below this, above amber, green (default 0.90); above it, stretch.
    #[schemars(range(min = 0.0, max = 1.0))]
    green: Option<f64>,
}

/// okrlint's configuration (`.okrlint.yaml`); every key is optional.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Configuration {
    /// Per-rule severity, by code (OKR404) or name (vague-kr).
    rules: Option<BTreeMap<String, RuleSetting>>,
    limits: Option<Limits>,
    rag: Option<Rag>,
    scale: Option<Scale>,
    cadence: Option<Cadence>,
    /// The roster: owners must be in it (OKR105).
    people: Option<Vec<String>>,
    /// Names that are teams, never owners (OKR103).
    teams: Option<Vec<String>>,
    /// Tokens with digits allowed in objective titles (OKR401), e.g. B2B, 24/7.
    allow_terms: Option<Vec<String>>,
    fail_on: Option<FailOn>,
    /// Globs of paths okrlint skips, e.g. "archive/**".
    exclude: Option<Vec<String>>,
    /// The databases `okrlint pull` reads metrics from, by name.
    sources: Option<BTreeMap<String, Source>>,
}

/// A database: PostgreSQL (its URL in an environment variable) or a SQLite file.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Source {
    Postgres {
        /// The environment variable holding the PostgreSQL URL (never written in git).
        url_env: String,
        /// The statement timeout in seconds (default 30).
        #[schemars(range(min = 1, max = 3600))]
        timeout_s: Option<u32>,
    },
    Sqlite {
        /// A SQLite file, relative to the project root (it must lie inside it).
        sqlite: String,
        /// The statement timeout in seconds (default 30).
        #[schemars(range(min = 1, max = 3600))]
        timeout_s: Option<u32>,
    },
}
