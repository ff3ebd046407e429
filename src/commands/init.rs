//! `okrlint init [DIR]`: a small, realistic OKR repository to start from —
//! a configuration with a roster, a company set and two team sets aligned to
//! it for the current quarter, a metric dictionary, a check-in log per set
//! with a check-in for every week so far, a pre-commit configuration and a
//! GitHub workflow — so that `okrlint check` passes and `okrlint score`
//! shows scores at once. Every file is written atomically and none is
//! overwritten without `--force` (then nothing at all is written).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::cli::InitArgs;
use crate::load::parse_cycle;
use crate::render::safe;
use crate::{EXIT_OK, UsageError, output, parse_as_of};

/// A key result: (id, title, metric, unit, baseline, target), the numbers as written.
type Kr = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

/// An objective: (id, title, what it aligns to, its two key results).
type Objective = (&'static str, &'static str, Option<&'static str>, [Kr; 2]);

/// A set: (id, level, name, owner, objectives).
type Set = (&'static str, &'static str, Option<&'static str>, &'static str, [Objective; 3]);

const SETS: [Set; 3] = [
    (
        "company",
        "company",
        None,
        "Ana Lima",
        [
            (
                "faster-value",
                "New customers get value from the product in their first week",
                None,
                [
                    ("activation", "Raise day-7 activation from 40% to 60%", "d7-activation", "%", "40", "60"),
                    (
                        "time-to-value",
                        "Cut median days to first report from 6 to 2",
                        "days-to-first-report",
                        "days",
                        "6",
                        "2",
                    ),
                ],
            ),
            (
                "keep-customers",
                "Customers stay because the product keeps paying off",
                None,
                [
                    ("churn", "Cut monthly logo churn from 3% to 1.5%", "logo-churn", "%", "3", "1.5"),
                    ("expansion", "Grow net revenue retention from 98% to 110%", "nrr", "%", "98", "110"),
                ],
            ),
            (
                "calm-support",
                "Customers get answers without waiting on us",
                None,
                [
                    (
                        "first-reply",
                        "Cut median first reply from 8 hours to 2 hours",
                        "first-reply-hours",
                        "hours",
                        "8",
                        "2",
                    ),
                    ("self-serve", "Raise self-service resolution from 20% to 45%", "self-serve-rate", "%", "20", "45"),
                ],
            ),
        ],
    ),
    (
        "growth",
        "team",
        Some("Growth"),
        "Lee Wong",
        [
            (
                "first-day",
                "New teams reach their first report on day one",
                Some("company/faster-value"),
                [
                    (
                        "checklist",
                        "Raise checklist completion from 30% to 70%",
                        "checklist-completion",
                        "%",
                        "30",
                        "70",
                    ),
                    ("day-one-report", "Raise first-day reports from 15% to 40%", "first-day-reports", "%", "15", "40"),
                ],
            ),
            (
                "invites",
                "Teams bring their colleagues in early",
                Some("company/keep-customers"),
                [
                    (
                        "week-one-invites",
                        "Raise teams inviting a colleague in week one from 20% to 45%",
                        "week-one-invites",
                        "%",
                        "20",
                        "45",
                    ),
                    ("seats", "Grow seats per new team from 3 to 5", "seats-per-team", "seats", "3", "5"),
                ],
            ),
            (
                "trials",
                "Trials turn into paying customers",
                Some("company/keep-customers"),
                [
                    (
                        "trial-conversion",
                        "Raise trial-to-paid conversion from 8% to 14%",
                        "trial-conversion",
                        "%",
                        "8",
                        "14",
                    ),
                    (
                        "days-to-paid",
                        "Cut median days from trial to paid from 21 to 12",
                        "days-to-paid",
                        "days",
                        "21",
                        "12",
                    ),
                ],
            ),
        ],
    ),
    (
        "support",
        "team",
        Some("Support"),
        "Priya Nair",
        [
            (
                "fast-answers",
                "Customers hear back from us quickly",
                Some("company/calm-support"),
                [
                    (
                        "first-reply",
                        "Cut median first reply from 8 hours to 2 hours",
                        "first-reply-hours",
                        "hours",
                        "8",
                        "2",
                    ),
                    (
                        "urgent-reply",
                        "Cut median urgent reply from 60 minutes to 15 minutes",
                        "urgent-reply-minutes",
                        "minutes",
                        "60",
                        "15",
                    ),
                ],
            ),
            (
                "self-help",
                "Customers solve common questions on their own",
                Some("company/calm-support"),
                [
                    (
                        "article-success",
                        "Raise help-article success from 55% to 75%",
                        "article-success",
                        "%",
                        "55",
                        "75",
                    ),
                    ("self-serve", "Raise self-service resolution from 20% to 45%", "self-serve-rate", "%", "20", "45"),
                ],
            ),
            (
                "right-first-time",
                "Answers fix the problem the first time",
                Some("company/keep-customers"),
                [
                    ("reopened", "Cut reopened tickets from 12% to 5%", "reopen-rate", "%", "12", "5"),
                    ("csat", "Raise support CSAT from 82% to 90%", "support-csat", "%", "82", "90"),
                ],
            ),
        ],
    ),
];

const CONFIG: &str = "# okrlint configuration: see `okrlint explain CODE` for each rule.
people: [Ana Lima, Sam Ortiz, Priya Nair, Lee Wong]
teams: [Growth, Support]
cadence: weekly
";

const PRE_COMMIT: &str = "# Lint OKR files on every commit: `pip install pre-commit && pre-commit install`.
repos:
  - repo: https://github.com/okrlint/okrlint
    rev: v0.1.0
    hooks:
      - id: okrlint
";

/// The example workflow of this repository, as the sample's CI.
const WORKFLOW: &str = include_str!("../../examples/workflows/okr-repo.yml");

/// The git repository DIR lies in (the nearest folder above it holding
/// `.git`), and DIR relative to it, `/`-separated; DIR itself and no path
/// when DIR is a repository's root or in none.
fn repository_root(dir: &Path) -> (PathBuf, Option<String>) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = crate::discover::absolute(dir, &cwd);
    let root = absolute.ancestors().find(|a| a.join(".git").exists());
    match root {
        Some(root) if root != absolute => {
            let inside = absolute.strip_prefix(root).map(|p| p.to_string_lossy().replace('\\', "/")).ok();
            (root.to_path_buf(), inside.filter(|p| !p.is_empty()))
        }
        _ => (dir.to_path_buf(), None),
    }
}

/// The pre-commit configuration, its hook limited to `inside` when set.
fn pre_commit(inside: Option<&str>) -> String {
    match inside {
        Some(folder) => format!("{PRE_COMMIT}        files: ^{}/\n", regex_escape(folder)),
        None => PRE_COMMIT.to_string(),
    }
}

/// A folder name as a literal in a regular expression (pre-commit's `files`).
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The example workflow, its runs pointed at `inside` when set.
fn workflow(inside: Option<&str>) -> String {
    let Some(folder) = inside else { return WORKFLOW.to_string() };
    let quoted = format!("\"{}\"", folder.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::with_capacity(WORKFLOW.len() + 200);
    for line in WORKFLOW.lines() {
        if line.trim() == "format: github" || line.trim() == "format: sarif" {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!("{indent}paths: {quoted}\n"));
        }
        let line = line.replace(
            "okrlint score --format markdown",
            &format!("okrlint score '{}' --format markdown", folder.replace('\'', "")),
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

pub fn run(args: &InitArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let dir = args.dir.as_deref().unwrap_or(Path::new("."));
    if dir.exists() && !dir.is_dir() {
        return Err(UsageError(format!("{} exists and is not a folder", dir.display())));
    }
    let quarter = format!("{}-Q{}", as_of.year(), (as_of.month0() / 3).saturating_add(1));
    let (start, _) =
        parse_cycle(&quarter).range().ok_or_else(|| UsageError(format!("cannot make a cycle for {as_of}")))?;
    // pre-commit and GitHub look for their files at the repository's root:
    // inside a git repository they go there, pointing at DIR.
    let (base, inside) = repository_root(dir);
    let mut files: Vec<(PathBuf, String, String)> = vec![
        (dir.to_path_buf(), ".okrlint.yaml".into(), CONFIG.into()),
        (base.clone(), ".pre-commit-config.yaml".into(), pre_commit(inside.as_deref())),
        (base.clone(), ".github/workflows/okrs.yml".into(), workflow(inside.as_deref())),
        (dir.to_path_buf(), "company.metrics.yaml".into(), dictionary()),
    ];
    for set in &SETS {
        files.push((dir.to_path_buf(), format!("{}.okr.yaml", set.0), set_file(set, &quarter)));
        files.push((dir.to_path_buf(), format!("{}.checkins.yaml", set.0), log(set, start, as_of)));
    }
    // Refuse before writing anything: a half-made repository helps nobody.
    if !args.force
        && let Some((folder, name, _)) = files.iter().find(|(folder, name, _)| folder.join(name).exists())
    {
        return Err(UsageError(format!(
            "{} already exists; okrlint init never overwrites a file (pass --force to replace the sample files)",
            safe::text(&folder.join(name).display().to_string())
        )));
    }
    // Never through a symbolic link, below DIR or the repository's root (a
    // planted `.github` link would aim the workflow anywhere), and never
    // through a dangling one.
    for (folder, name, _) in &files {
        output::refuse_links(folder, &folder.join(name)).map_err(|link| {
            UsageError(format!(
                "{} is a symbolic link; okrlint init never writes through one",
                safe::text(&link.display().to_string())
            ))
        })?;
    }
    for (folder, name, text) in &files {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            output::create_dirs_below(folder, parent).map_err(UsageError)?;
        }
        output::write_below(folder, &path, args.force, &mut |out| out.write_all(text.as_bytes()))
            .map_err(UsageError)?;
    }
    let files: Vec<(String, String)> = files
        .into_iter()
        .map(|(folder, name, text)| {
            let shown = if folder == dir {
                name
            } else {
                let cwd = std::env::current_dir().unwrap_or_default();
                crate::discover::relative(&crate::discover::absolute(&folder.join(&name), &cwd), &cwd)
            };
            (shown, text)
        })
        .collect();
    let shown = safe::text(&dir.display().to_string()).into_owned();
    output::print(&format!(
        "okrlint: made a sample OKR repository in {shown} (cycle {quarter}): {}\nnext: okrlint check {shown} && okrlint score {shown}\n",
        files.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ")
    ))
    .map_err(UsageError)?;
    Ok(EXIT_OK)
}

fn set_file(set: &Set, quarter: &str) -> String {
    let (id, level, name, owner, objectives) = set;
    let mut text = format!(
        "# {}'s OKRs for {quarter}: what should be different by the end of the quarter,\n# each objective proven by two measured key results.\nid: {id}\ncycle: {quarter}\nlevel: {level}\n",
        name.unwrap_or("The company")
    );
    if let Some(name) = name {
        let _ = writeln!(text, "name: {name}");
    }
    text.push_str("objectives:\n");
    for (objective, title, aligns, krs) in objectives {
        let _ = write!(text, "  - id: {objective}\n    title: {title}\n    owner: {owner}\n");
        if let Some(aligns) = aligns {
            let _ = writeln!(text, "    aligns_to: {aligns}");
        }
        text.push_str("    key_results:\n");
        for (k, (kr, kr_title, metric, unit, baseline, target)) in krs.iter().enumerate() {
            let signal = if k == 0 { "leading" } else { "lagging" };
            let _ = write!(
                text,
                "      - id: {kr}\n        title: {kr_title}\n        owner: {owner}\n        metric: {metric}\n        unit: \"{unit}\"\n        baseline: {baseline}\n        target: {target}\n        signal: {signal}\n"
            );
        }
    }
    text
}

fn dictionary() -> String {
    let mut text = String::from("# What each metric means and where it comes from.\nmetrics:\n");
    let mut seen: Vec<&str> = Vec::new();
    for (_, _, _, _, objectives) in &SETS {
        for (_, _, _, krs) in objectives {
            for (_, title, metric, unit, _, _) in krs {
                if seen.contains(metric) {
                    continue;
                }
                seen.push(metric);
                // Net revenue retention passes 100 % when customers expand.
                let max = match (*unit, *metric) {
                    (_, "nrr") => "300",
                    ("%", _) => "100",
                    _ => "1000",
                };
                let _ = write!(
                    text,
                    "  - name: {metric}\n    definition: The measure behind \"{title}\"\n    owner: Lee Wong\n    source: Product analytics\n    refresh: daily\n    valid_range: {{min: 0, max: {max}}}\n"
                );
            }
        }
    }
    text
}

/// A check-in for every KR every week from the cycle's first day up to the
/// as-of date, moving steadily toward the target from an amber start.
fn log(set: &Set, start: NaiveDate, as_of: NaiveDate) -> String {
    let mut text = format!("# Weekly check-ins, appended by the key results' owners.\nokrs: {}\ncheckins:\n", set.0);
    let weeks = as_of.signed_duration_since(start).num_days().max(-1).div_euclid(7);
    for week in 0..=weeks {
        let Some(date) = start.checked_add_signed(chrono::TimeDelta::weeks(week)) else { break };
        for (objective, _, _, krs) in &set.4 {
            for (kr, _, _, _, baseline, target) in krs {
                // 35 % of the way at the start, 4 points more each week.
                let share = Decimal::new(week.clamp(0, 16).saturating_mul(4).saturating_add(35), 2);
                let (Ok(baseline), Ok(target)) = (Decimal::from_str_exact(baseline), Decimal::from_str_exact(target))
                else {
                    continue;
                };
                let moved = target.checked_sub(baseline).and_then(|span| span.checked_mul(share));
                let Some(actual) = moved.and_then(|m| baseline.checked_add(m)) else { continue };
                let _ = write!(
                    text,
                    "  - date: {date}\n    kr: {objective}/{kr}\n    actual: {}\n    confidence: {}\n    insight: Week {} moved as planned; the trend holds\n    next_action: Keep the current plan and review it next week\n",
                    actual.round_dp(2).normalize(),
                    if week < 4 { 3 } else { 4 },
                    week.saturating_add(1)
                );
            }
        }
    }
    text
}
