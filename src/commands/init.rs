//! `okrlint init [DIR]`: a small, clean OKR repository to start from — a
//! configuration with a roster, one company set for the current quarter, its
//! metric dictionary and a check-in log with a check-in for every week so
//! far — so that `okrlint check` passes and `okrlint score` shows scores at
//! once. Every file is written atomically and none is overwritten without
//! `--force`.

use std::fmt::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::cli::InitArgs;
use crate::load::parse_cycle;
use crate::{EXIT_OK, UsageError, output, parse_as_of};

/// (objective id, title, [(kr id, title, metric, unit, baseline, target)]).
type Objective = (&'static str, &'static str, [(&'static str, &'static str, &'static str, &'static str, i64, i64); 2]);

const OBJECTIVES: [Objective; 3] = [
    (
        "faster-value",
        "New customers get value from the product in their first week",
        [
            ("activation", "Raise day-7 activation from 40% to 60%", "d7-activation", "%", 40, 60),
            ("time-to-value", "Cut median days to first report from 6 to 2", "days-to-first-report", "days", 6, 2),
        ],
    ),
    (
        "keep-customers",
        "Customers stay because the product keeps paying off",
        [
            ("churn", "Cut monthly logo churn from 3% to 1.5%", "logo-churn", "%", 30, 15),
            ("expansion", "Grow net revenue retention from 98% to 110%", "nrr", "%", 98, 110),
        ],
    ),
    (
        "calm-support",
        "Customers get answers without waiting on us",
        [
            ("first-reply", "Cut median first reply from 8 hours to 2 hours", "first-reply-hours", "hours", 8, 2),
            ("self-serve", "Raise self-service resolution from 20% to 45%", "self-serve-rate", "%", 20, 45),
        ],
    ),
];

const CONFIG: &str = "# okrlint configuration: see `okrlint explain CODE` for each rule.
people: [Ana Lima, Sam Ortiz, Priya Nair, Lee Wong]
teams: [Growth, Support]
cadence: weekly
";

pub fn run(args: &InitArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let dir = args.dir.as_deref().unwrap_or(Path::new("."));
    if dir.exists() && !dir.is_dir() {
        return Err(UsageError(format!("{} exists and is not a folder", dir.display())));
    }
    let quarter = format!("{}-Q{}", as_of.year(), (as_of.month0() / 3).saturating_add(1));
    let (start, _) =
        parse_cycle(&quarter).range().ok_or_else(|| UsageError(format!("cannot make a cycle for {as_of}")))?;
    let files = [
        (".okrlint.yaml", CONFIG.to_string()),
        ("company.okr.yaml", set(&quarter)),
        ("company.metrics.yaml", dictionary()),
        ("company.checkins.yaml", log(start, as_of)),
    ];
    // Refuse before writing anything: a half-made repository helps nobody.
    if !args.force
        && let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).exists())
    {
        return Err(UsageError(format!(
            "{} already exists; okrlint init never overwrites a file (pass --force to replace the sample files)",
            dir.join(name).display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| UsageError(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in &files {
        output::write_atomic(&dir.join(name), text.as_bytes(), args.force).map_err(UsageError)?;
    }
    let shown = dir.display();
    println!(
        "okrlint: made a sample OKR repository in {shown} (cycle {quarter}): {}\nnext: okrlint check {shown} && okrlint score {shown}",
        files.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
    );
    Ok(EXIT_OK)
}

fn set(quarter: &str) -> String {
    let owners = ["Ana Lima", "Sam Ortiz", "Priya Nair"];
    let mut text = format!(
        "# The company's OKRs for {quarter}: what should be different for customers by\n# the end of the quarter, each proven by two measured key results.\nid: company\ncycle: {quarter}\nlevel: company\nobjectives:\n"
    );
    for (o, (id, title, krs)) in OBJECTIVES.iter().enumerate() {
        let _ = write!(text, "  - id: {id}\n    title: {title}\n    owner: {}\n    key_results:\n", owners[o]);
        for (k, (kr, kr_title, metric, unit, baseline, target)) in krs.iter().enumerate() {
            let signal = if k == 0 { "leading" } else { "lagging" };
            let (baseline, target) = (value(metric, *baseline), value(metric, *target));
            let _ = write!(
                text,
                "      - id: {kr}\n        title: {kr_title}\n        owner: {}\n        metric: {metric}\n        unit: \"{unit}\"\n        baseline: {baseline}\n        target: {target}\n        signal: {signal}\n",
                owners[o]
            );
        }
    }
    text
}

/// Churn is written with one decimal (3 → 1.5): stored ×10 above.
fn value(metric: &str, stored: i64) -> String {
    if metric == "logo-churn" {
        format!("{}", rust_decimal::Decimal::new(stored, 1).normalize())
    } else {
        stored.to_string()
    }
}

fn dictionary() -> String {
    let mut text = String::from("# What each metric means and where it comes from.\nmetrics:\n");
    for (_, _, krs) in &OBJECTIVES {
        for (_, title, metric, unit, _, _) in krs {
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
    text
}

/// A check-in for every KR every week from the cycle's first day up to the
/// as-of date, moving steadily toward the target from an amber start.
fn log(start: NaiveDate, as_of: NaiveDate) -> String {
    let mut text = String::from("# Weekly check-ins, appended by the key results' owners.\nokrs: company\ncheckins:\n");
    let weeks = as_of.signed_duration_since(start).num_days().max(-1).div_euclid(7);
    for week in 0..=weeks {
        let Some(date) = start.checked_add_signed(chrono::TimeDelta::weeks(week)) else { break };
        for (objective, _, krs) in &OBJECTIVES {
            for (kr, _, metric, _, baseline, target) in krs {
                // A fraction of the way, in hundredths: 35 % at the start, 4 points more each week.
                // (Small constants: saturating only to satisfy the crate's arithmetic policy.)
                let share = week.min(16).saturating_mul(4).saturating_add(35);
                let actual =
                    baseline.saturating_mul(100).saturating_add(target.saturating_sub(*baseline).saturating_mul(share));
                let actual = rust_decimal::Decimal::new(actual, 2);
                let actual = if *metric == "logo-churn" {
                    actual.checked_div(rust_decimal::Decimal::TEN).unwrap_or(actual)
                } else {
                    actual
                };
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
