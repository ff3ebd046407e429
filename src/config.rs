//! `.okrlint.yaml`: rule severities, limits, RAG bands, roster and the rest.
//! An invalid configuration is a usage error naming the file, line and key.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::codes;
use crate::diagnostic::{Severity, quote};
use crate::load::{Keys, Loader, keys, suggest};
use crate::source::{FileKind, SourceFile};
use crate::yaml::{self, Node, Value};

/// What the configuration sets a rule to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    On(Severity),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    pub objectives: (u32, u32),
    pub key_results: (u32, u32),
    pub objective_words: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rag {
    pub red: Decimal,
    pub amber: Decimal,
    pub green: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Fraction,
    Percent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    Weekly,
    Biweekly,
}

impl Config {
    /// How `score` and the check-in rules score, at `as_of`.
    pub fn score_settings(&self, as_of: chrono::NaiveDate) -> crate::score::card::Settings {
        crate::score::card::Settings {
            bands: crate::score::Bands { red: self.rag.red, amber: self.rag.amber, green: self.rag.green },
            period_days: self.cadence.days(),
            as_of,
            no_evidence_scores_zero: false,
        }
    }
}

impl Cadence {
    /// Days in one cadence period.
    pub fn days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
        }
    }
}

/// A database `okrlint pull` reads metrics from (`sources` in the configuration, SPEC §7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub engine: SourceEngine,
    /// The statement timeout, in seconds (default 30).
    pub timeout_s: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceEngine {
    /// PostgreSQL, its URL in this environment variable (never in git).
    Postgres { url_env: String },
    /// A SQLite file, relative to the project root (it must lie inside it).
    Sqlite { path: String },
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Per-rule settings, by code.
    pub rules: Vec<(&'static str, RuleSetting)>,
    pub limits: Limits,
    pub rag: Rag,
    pub scale: Scale,
    pub cadence: Cadence,
    pub people: Option<Vec<String>>,
    pub teams: Vec<String>,
    pub allow_terms: Vec<String>,
    pub fail_on: Severity,
    pub exclude: Vec<String>,
    pub sources: Vec<Source>,
    /// The configuration's text as read (empty for the defaults): the
    /// summary cache is keyed on it.
    pub text: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            rules: Vec::new(),
            limits: Limits { objectives: (3, 4), key_results: (2, 4), objective_words: 15 },
            rag: Rag { red: Decimal::new(30, 2), amber: Decimal::new(60, 2), green: Decimal::new(90, 2) },
            scale: Scale::Fraction,
            cadence: Cadence::Weekly,
            people: None,
            teams: Vec::new(),
            allow_terms: Vec::new(),
            fail_on: Severity::Error,
            exclude: Vec::new(),
            sources: Vec::new(),
            text: String::new(),
        }
    }
}

/// A configuration that cannot be used, with every reason found.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration {path}:\n{}", .problems.join("\n"))]
pub struct ConfigError {
    pub path: String,
    pub problems: Vec<String>,
}

/// The rule that no configuration, selection or suppression turns off: a
/// file that cannot be read must never pass (SPEC §2).
pub const ALWAYS_ON: &str = "OKR001";

const KEYS: Keys = keys![
    "rules",
    "limits",
    "rag",
    "scale",
    "cadence",
    "people",
    "teams",
    "allow_terms",
    "fail_on",
    "exclude",
    "sources"
];

impl Config {
    /// Reads a configuration file; `display` is the path shown in messages.
    pub fn load(path: &Path, display: &str) -> Result<Config, ConfigError> {
        let fail = |problem: String| ConfigError { path: display.to_string(), problems: vec![problem] };
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| fail(format!("it is not UTF-8 text (byte {})", e.utf8_error().valid_up_to())))?;
        Config::parse(path, display, text)
    }

    /// Reads a configuration from its text; `path` is where it came from.
    pub fn parse(path: &Path, display: &str, text: String) -> Result<Config, ConfigError> {
        let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
        let file = SourceFile::new(path.to_path_buf(), display.to_string(), text, FileKind::Unknown);
        let mut config = Config { path: Some(path.to_path_buf()), text: file.text.clone(), ..Config::default() };
        let mut reader =
            ConfigReader { loader: Loader { file: &file, file_id: 0, problems: Vec::new(), streamed: None } };
        match yaml::parse(&file) {
            Err(err) => reader.loader.parse_error(err.span, format!("invalid YAML: {}", err.message), err.help),
            Ok(root) if matches!(root.value, Value::Null) => {}
            Ok(root) => reader.read(&root, &mut config),
        }
        if reader.loader.problems.is_empty() {
            return Ok(config);
        }
        let problems = reader
            .loader
            .problems
            .iter()
            .map(|p| {
                let pos = file.position(p.span.start());
                let help = if p.help.is_empty() { String::new() } else { format!(" ({})", p.help) };
                format!("  {display}:{}:{}: {}{help}", pos.line, pos.column, p.message)
            })
            .collect();
        Err(ConfigError { path: display.to_string(), problems })
    }
}

struct ConfigReader<'a> {
    loader: Loader<'a>,
}

impl ConfigReader<'_> {
    fn read(&mut self, root: &Node, config: &mut Config) {
        let Some(f) = self.loader.fields(root, "the configuration", &KEYS) else { return };
        if let Some(node) = f.get("rules") {
            self.rules(node, config);
        }
        if let Some(node) = f.get("limits")
            && let Some(l) =
                self.loader.fields(node, "`limits`", &keys!["objectives", "key_results", "objective_words"])
        {
            if let Some(pair) = l.get("objectives").and_then(|n| self.pair(n, "objectives")) {
                config.limits.objectives = pair;
            }
            if let Some(pair) = l.get("key_results").and_then(|n| self.pair(n, "key_results")) {
                config.limits.key_results = pair;
            }
            if let Some(n) = l.get("objective_words") {
                match n.value {
                    Value::Int(i) if (1..=1000).contains(&i) => config.limits.objective_words = i as u32,
                    _ => self.loader.parse_error(n.span, "`objective_words` must be a whole number from 1 to 1000", ""),
                }
            }
        }
        if let Some(node) = f.get("rag")
            && let Some(r) = self.loader.fields(node, "`rag`", &keys!["red", "amber", "green"])
        {
            let mut rag = config.rag.clone();
            for (key, slot) in [("red", &mut rag.red), ("amber", &mut rag.amber), ("green", &mut rag.green)] {
                if let Some(value) = self.loader.number(&r, key) {
                    *slot = value.value;
                }
            }
            let ok =
                Decimal::ZERO <= rag.red && rag.red < rag.amber && rag.amber < rag.green && rag.green <= Decimal::ONE;
            if ok {
                config.rag = rag;
            } else {
                self.loader.parse_error(
                    node.span,
                    format!(
                        "`rag` bounds must satisfy 0 <= red < amber < green <= 1, found red {}, amber {}, green {}",
                        rag.red, rag.amber, rag.green
                    ),
                    "",
                );
            }
        }
        if let Some(s) = self.loader.choice(&f, "scale", &["fraction", "percent"]) {
            config.scale = if s.value == "percent" { Scale::Percent } else { Scale::Fraction };
        }
        if let Some(c) = self.loader.choice(&f, "cadence", &["weekly", "biweekly"]) {
            config.cadence = if c.value == "biweekly" { Cadence::Biweekly } else { Cadence::Weekly };
        }
        if f.get("people").is_some() {
            config.people = Some(self.names(&f, "people"));
        }
        config.teams = self.names(&f, "teams");
        config.allow_terms = self.names(&f, "allow_terms");
        config.exclude = self.names(&f, "exclude");
        for pattern in &config.exclude {
            if let Err(e) = globset::Glob::new(pattern) {
                let span = f.key_span("exclude").unwrap_or(f.span);
                self.loader.parse_error(
                    span,
                    format!("`exclude` pattern {} is not a valid glob: {e}", quote(pattern)),
                    "",
                );
            }
        }
        if let Some(s) = self.loader.choice(&f, "fail_on", &["error", "warning"]) {
            config.fail_on = if s.value == "warning" { Severity::Warning } else { Severity::Error };
        }
        if let Some(node) = f.get("sources") {
            self.sources(node, config);
        }
    }

    /// `sources`: each name → `{url_env: VAR}` (PostgreSQL) or `{sqlite: PATH}`, with an optional `timeout_s`.
    fn sources(&mut self, node: &Node, config: &mut Config) {
        let Value::Map(entries) = &node.value else {
            self.loader.wrong_type(
                node,
                "sources",
                "a mapping of source names to `{url_env: VAR}` or `{sqlite: PATH}`",
            );
            return;
        };
        for (key, value) in entries {
            let Value::Str(name) = &key.value else {
                self.loader.parse_error(key.span, "a source must be named by text", "");
                continue;
            };
            let what = "a source";
            let Some(s) = self.loader.fields(value, what, &keys!["url_env", "sqlite", "timeout_s"]) else { continue };
            let engine = match (self.loader.string(&s, "url_env"), self.loader.string(&s, "sqlite")) {
                (Some(env), None) => SourceEngine::Postgres { url_env: env.value },
                (None, Some(path)) => SourceEngine::Sqlite { path: path.value },
                _ => {
                    self.loader.parse_error(
                        value.span,
                        format!(
                            "source {} needs exactly one of `url_env` (PostgreSQL) and `sqlite` (a file)",
                            quote(name)
                        ),
                        "write `{url_env: WAREHOUSE_URL}` or `{sqlite: data/metrics.db}`",
                    );
                    continue;
                }
            };
            let timeout_s = match s.get("timeout_s").map(|n| &n.value) {
                None => 30,
                Some(Value::Int(i)) if (1..=3600).contains(i) => *i as u32,
                Some(_) => {
                    let span = s.get("timeout_s").map_or(value.span, |n| n.span);
                    self.loader.parse_error(span, "`timeout_s` must be a whole number of seconds from 1 to 3600", "");
                    continue;
                }
            };
            config.sources.push(Source { name: name.to_string(), engine, timeout_s });
        }
    }

    fn rules(&mut self, node: &Node, config: &mut Config) {
        let Value::Map(entries) = &node.value else {
            self.loader.parse_error(
                node.span,
                format!(
                    "`rules` must be a mapping of rule codes or names to severities, found {}",
                    node.value.type_name()
                ),
                "",
            );
            return;
        };
        for (key, value) in entries {
            let name = match &key.value {
                Value::Str(s) => s.as_ref(),
                _ => {
                    self.loader.parse_error(key.span, "a rule must be named by its code or name", "");
                    continue;
                }
            };
            let Some((code, rule_name)) = codes::find(name) else {
                let all = codes::CODES.iter().flat_map(|(code, name)| [*code, *name]);
                let help = suggest(name, all)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "`okrlint rules` lists every rule".into());
                self.loader.parse_error(key.span, format!("unknown rule {}", quote(name)), help);
                continue;
            };
            let setting = match &value.value {
                Value::Str(s) if s == "off" => Some(RuleSetting::Off),
                Value::Str(s) => Severity::parse(s).map(RuleSetting::On),
                _ => None,
            };
            match setting {
                // A file that cannot be read must never pass silently (SPEC §2).
                Some(setting) if code == ALWAYS_ON && setting != RuleSetting::On(Severity::Error) => {
                    self.loader.parse_error(
                        value.span,
                        format!(
                            "{ALWAYS_ON} ({}) is always on at error: it cannot be set to {}",
                            rule_name,
                            quote(self.loader.file.slice(value.span))
                        ),
                        format!("remove `{}` from `rules`", self.loader.file.slice(key.span)),
                    );
                }
                Some(setting) => config.rules.push((code, setting)),
                None => self.loader.parse_error(
                    value.span,
                    format!("unknown severity {} for {}", quote(self.loader.file.slice(value.span)), code),
                    "use off, info, warning or error",
                ),
            }
        }
    }

    fn pair(&mut self, node: &Node, key: &str) -> Option<(u32, u32)> {
        if let Value::Seq(items) = &node.value
            && let [Node { value: Value::Int(min), .. }, Node { value: Value::Int(max), .. }] = items.as_slice()
            && 1 <= *min
            && min <= max
            && *max <= 1000
        {
            return Some((*min as u32, *max as u32));
        }
        self.loader.parse_error(
            node.span,
            format!("`{key}` must be a pair [min, max] of whole numbers with 1 <= min <= max"),
            "for example `[2, 4]`",
        );
        None
    }

    fn names(&mut self, f: &crate::load::Fields, key: &str) -> Vec<String> {
        let items = self.loader.list(f, key);
        let mut names = Vec::new();
        for item in items {
            match &item.value {
                Value::Str(s) => names.push(s.to_string()),
                Value::Int(_) | Value::Float(_) => names.push(self.loader.file.slice(item.span).to_string()),
                other => self.loader.parse_error(
                    item.span,
                    format!("`{key}` entries must be text, found {}", other.type_name()),
                    "",
                ),
            }
        }
        names
    }
}
