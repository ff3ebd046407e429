//! Writes a deterministic, realistic OKR repository for the benchmark.
//!
//! `corpus OUT_DIR SETS [--no-logs]`: one company set, a department set per
//! 50 sets, team sets for the rest, spread over department folders; 3–4
//! objectives of 2–4 key results each, with threshold ladders, alignment
//! links, dependencies and a metric dictionary; a check-in log per set with 13
//! weekly check-ins per key result (unless `--no-logs`), and the learning each
//! key result records at the quarter's end. About one key result in five
//! carries one seeded violation, and no learning, so the rules have real work
//! to do; with `--findings`, every key result does (the corpus for memory per
//! finding).
//! The same arguments always write the same bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (SplitMix64): the corpus must not change
/// between runs or machines.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const METRICS: &[(&str, &str)] = &[
    ("activation-rate", "percent"),
    ("time-to-first-use", "days"),
    ("d7-active-rate", "percent"),
    ("expansion-30d", "percent"),
    ("repeat-rate", "percent"),
    ("nps", "points"),
    ("csat", "percent"),
    ("first-response-hours", "hours"),
    ("resolution-hours", "hours"),
    ("p95-latency-ms", "ms"),
    ("error-rate", "percent"),
    ("availability", "percent"),
    ("deploys-per-week", "deploys"),
    ("lead-time-days", "days"),
    ("churn-rate", "percent"),
    ("pipeline-musd", "million USD"),
    ("win-rate", "percent"),
    ("cac-payback-months", "months"),
    ("onboarding-days", "days"),
    ("ticket-deflection", "percent"),
    ("trial-conversion", "percent"),
    ("regretted-attrition", "percent"),
    ("time-to-hire-days", "days"),
    ("offer-acceptance", "percent"),
    ("mql-to-sql", "percent"),
    ("cost-per-lead-usd", "USD"),
    ("infra-cost-kusd", "thousand USD"),
    ("test-flake-rate", "percent"),
    ("incident-count", "incidents"),
    ("mttr-minutes", "minutes"),
];

const VERBS_UP: &[&str] = &["Increase", "Raise", "Lift", "Grow"];
const VERBS_DOWN: &[&str] = &["Reduce", "Cut", "Lower", "Shrink"];
const OBJECTIVES: &[&str] = &[
    "Make onboarding effortless for new SMB customers",
    "Become the most reliable platform our customers use",
    "Turn support into a reason customers stay",
    "Win the mid-market in our home region",
    "Ship customer value every week without drama",
    "Build a team people are proud to join",
    "Grow a pipeline that sales can count on",
    "Keep our cloud bill in step with our growth",
    "Delight first-time buyers so they come back",
    "Give every engineer a fast and calm path to production",
];
const FIRST: &[&str] =
    &["Ana", "Lee", "Sam", "Maya", "Priya", "Omar", "Chen", "Ines", "Tariq", "Lena", "Kofi", "Rosa", "Yuki", "Ivan"];
const LAST: &[&str] =
    &["Lima", "Wong", "Ortiz", "Chen", "Nair", "Haddad", "Silva", "Berg", "Mensah", "Rossi", "Sato", "Petrov"];
const INSIGHTS: &[&str] = &[
    "The new checklist removed the longest wait in setup",
    "Two of the incidents came from the same unguarded dependency",
    "Accounts that finish the tour buy again twice as often",
    "Regional rollout lags because the events lack a region field",
    "Most of the drop came from the enterprise cohort",
    "Weekend traffic hides the weekday improvement",
];
const ACTIONS: &[&str] = &[
    "Roll the change out to every region",
    "Put a circuit breaker in front of the billing dependency",
    "Interview five churned accounts before Friday",
    "Ask the data team for the missing event field",
    "Pair with support to review the top ten tickets",
    "Run the experiment on the second cohort",
];

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

struct SetPlan {
    id: String,
    level: &'static str,
    name: String,
    /// Folder of the set file, relative to the corpus root.
    dir: PathBuf,
    /// The set this one aligns to: (set id, objective ids, KR refs).
    parent: Option<usize>,
}

struct Written {
    objectives: Vec<String>,
    /// Full KR refs with their direction (true: higher is better).
    krs: Vec<(String, bool, i64, i64)>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(count)) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: corpus OUT_DIR SETS [--no-logs] [--history] [--findings]");
        std::process::exit(2);
    };
    let logs = !args.iter().any(|a| a == "--no-logs");
    // Two cycles of history: last quarter's sets and logs kept under archive/2025-Q4/.
    let history = args.iter().any(|a| a == "--history");
    // Every key result carries a seeded violation (the memory-per-finding corpus).
    let every = args.iter().any(|a| a == "--findings");
    let out = Path::new(out);
    if out.exists() {
        std::fs::remove_dir_all(out).expect("remove the old corpus");
    }
    std::fs::create_dir_all(out).expect("create the corpus folder");
    let mut rng = Rng(0x0C0F_FEE0 + count as u64);

    // Plan: company, departments (one per 50 sets), teams.
    let departments = (count / 50).max(1).min(count.saturating_sub(1).max(1));
    let mut plans = vec![SetPlan {
        id: "company".into(),
        level: "company",
        name: "Company".into(),
        dir: PathBuf::new(),
        parent: None,
    }];
    for d in 0..departments.min(count.saturating_sub(1)) {
        plans.push(SetPlan {
            id: format!("d{d:03}"),
            level: "department",
            name: format!("Department {d}"),
            dir: PathBuf::from(format!("depts/d{d:03}")),
            parent: Some(0),
        });
    }
    let first_team = plans.len();
    for t in 0..count.saturating_sub(first_team) {
        let d = if departments > 0 { t % departments } else { 0 };
        let parent = if plans.len() > 1 { Some(1 + d) } else { Some(0) };
        plans.push(SetPlan {
            id: format!("t{t:05}"),
            level: "team",
            name: format!("Team {t}"),
            dir: PathBuf::from(format!("depts/d{d:03}/teams")),
            parent,
        });
    }

    write(out, ".okrlint.yaml", "# Benchmark corpus (generated by benches/corpus.rs).\ncadence: weekly\n");
    let mut dictionary = String::from("metrics:\n");
    for (name, unit) in METRICS {
        let _ = writeln!(
            dictionary,
            "  - name: {name}\n    definition: The {} as measured weekly\n    owner: {}\n    source: https://bi.example.com/metrics/{name}\n    refresh: daily\n    valid_range: {{min: 0, max: 100000}}",
            name.replace('-', " "),
            person(&mut rng)
        );
        let _ = unit;
    }
    write(out, "metrics/company.metrics.yaml", &dictionary);

    let mut written: Vec<Written> = Vec::with_capacity(plans.len());
    for plan in &plans {
        let parent = plan.parent.map(|p| &written[p]);
        let (text, summary) = set_file(plan, parent, every, &mut rng);
        let path = plan.dir.join(format!("{}.okr.yaml", plan.id));
        write(out, &path.to_string_lossy(), &text);
        if history {
            let archived = Path::new("archive/2025-Q4").join(&path);
            write(out, &archived.to_string_lossy(), &last_quarter(&text));
        }
        if logs {
            let log = log_file(&plan.id, &summary, &mut rng);
            let log_dir = plan.dir.join("checkins");
            write(out, &log_dir.join(format!("{}.checkins.yaml", plan.id)).to_string_lossy(), &log);
            if history {
                let archived = Path::new("archive/2025-Q4").join(&log_dir).join(format!("{}.checkins.yaml", plan.id));
                write(out, &archived.to_string_lossy(), &last_quarter(&log));
            }
        }
        written.push(summary);
    }
}

/// A 2026-Q1 file moved to the quarter before: its cycle and every date in it
/// (January to March become October to December 2025; a day past the end of
/// its new month becomes that month's last day).
fn last_quarter(text: &str) -> String {
    let mut out = text.replace("2026-Q1", "2025-Q4");
    for (from, to, last) in [("2026-01-", "2025-10-", 31), ("2026-02-", "2025-11-", 30), ("2026-03-", "2025-12-", 31)] {
        let mut moved = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(from) {
            moved.push_str(&rest[..at]);
            let day: u32 = rest[at + from.len()..].get(..2).and_then(|d| d.parse().ok()).unwrap_or(1);
            moved.push_str(&format!("{to}{:02}", day.min(last)));
            rest = &rest[at + from.len() + 2..];
        }
        moved.push_str(rest);
        out = moved;
    }
    out
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create a folder");
    }
    std::fs::write(&path, text).expect("write a corpus file");
}

fn set_file(plan: &SetPlan, parent: Option<&Written>, every: bool, rng: &mut Rng) -> (String, Written) {
    let mut text = String::new();
    let _ = writeln!(text, "# {} OKRs for 2026-Q1", plan.name);
    let _ = writeln!(text, "id: {}\ncycle: 2026-Q1\nlevel: {}", plan.id, plan.level);
    if plan.level != "company" {
        let _ = writeln!(text, "name: {}", plan.name);
    }
    let _ = writeln!(text, "owner: {}\nobjectives:", person(rng));
    let mut summary = Written { objectives: Vec::new(), krs: Vec::new() };
    let objectives = 3 + rng.below(2);
    for o in 0..objectives {
        let oid = format!("o{o}-{}", ["grow", "keep", "speed", "trust"][(o % 4) as usize]);
        let title = rng.pick(OBJECTIVES);
        let _ = writeln!(text, "  - id: {oid}\n    title: {title}\n    owner: {}", person(rng));
        if rng.chance(30) {
            text.push_str("    kind: aspirational\n");
        }
        if let Some(parent) = parent
            && !parent.objectives.is_empty()
            && rng.chance(50)
        {
            let target = &parent.objectives[rng.below(parent.objectives.len() as u64) as usize];
            let _ = writeln!(text, "    aligns_to: {target}");
        }
        text.push_str("    key_results:\n");
        let krs = 2 + rng.below(3);
        let mut kr_ids = Vec::new();
        for k in 0..krs {
            let (metric, unit) = METRICS[rng.below(METRICS.len() as u64) as usize];
            let kid = format!("k{k}-{}", metric.split('-').next().unwrap_or("m"));
            let up = rng.chance(60);
            let baseline = 10 + rng.below(80) as i64;
            let target =
                if up { baseline + 5 + rng.below(40) as i64 } else { (baseline - 3 - rng.below(8) as i64).max(1) };
            let verb = if up { rng.pick(VERBS_UP) } else { rng.pick(VERBS_DOWN) };
            let what = metric.replace('-', " ");
            let violation = if every || rng.chance(20) { Some(rng.below(10)) } else { None };
            let mut title = format!("{verb} {what} from {baseline} to {target} by Mar 31");
            if violation == Some(0) {
                title = format!("{verb} {what} to TBD");
            }
            if violation == Some(1) {
                title = format!("{verb} {what} from {} to {target}", baseline + 1);
            }
            let _ = writeln!(text, "      - id: {kid}\n        title: {title}");
            match violation {
                Some(2) => {}
                Some(3) => {
                    let _ = writeln!(text, "        owner: {} and {}", person(rng), person(rng));
                }
                Some(4) => text.push_str("        owner: Marketing team\n"),
                _ => {
                    let _ = writeln!(text, "        owner: {}", person(rng));
                }
            }
            if rng.chance(30) {
                let _ = writeln!(text, "        collaborators: [{}, {}]", person(rng), person(rng));
            }
            if violation != Some(5) {
                let _ = writeln!(text, "        metric: {metric}");
            }
            let shown_target = if violation == Some(6) { baseline } else { target };
            let _ =
                writeln!(text, "        unit: {unit}\n        baseline: {baseline}\n        target: {shown_target}");
            if violation == Some(7) {
                text.push_str("        refresh: monthly\n");
            }
            if violation == Some(8) {
                text.push_str("        ownr: typo\n");
            }
            if rng.chance(25) {
                // A threshold ladder in the metric's direction.
                let (key, step) = if up { ("at_least", -1i64) } else { ("at_most", 1) };
                let best = target;
                let gap = ((target - baseline).abs() / 3).max(1);
                let _ = writeln!(
                    text,
                    "        scoring:\n          method: threshold\n          bands:\n            - {{{key}: {best}, score: 1.0}}\n            - {{{key}: {}, score: 0.7}}\n            - {{{key}: {}, score: 0.3}}\n          otherwise: 0",
                    best + step * gap,
                    best + step * 2 * gap
                );
            }
            if let Some(parent) = parent
                && !parent.krs.is_empty()
                && rng.chance(40)
            {
                let (target_ref, _, _, _) = &parent.krs[rng.below(parent.krs.len() as u64) as usize];
                let shown = if violation == Some(9) { format!("{target_ref}x") } else { target_ref.clone() };
                let _ = writeln!(text, "        contributes_to: {shown}");
            }
            if rng.chance(15) {
                let _ = writeln!(
                    text,
                    "        depends_on:\n          - team: Data Platform\n            owner: {}\n            deliverable: Events for {what} in the warehouse\n            due: 2026-02-{:02}",
                    person(rng),
                    10 + rng.below(18)
                );
            }
            // Written at the quarter's end; a key result with a seeded violation has none (OKR702).
            if violation.is_none() {
                let _ = writeln!(
                    text,
                    "        learning: The accounts that moved {what} most shared one trait; next cycle we start with them"
                );
            }
            kr_ids.push(kid.clone());
            summary.krs.push((format!("{}/{oid}/{kid}", plan.id), up, baseline, target));
        }
        if rng.chance(60) {
            let moved = &kr_ids[..kr_ids.len().min(2)];
            let _ = writeln!(
                text,
                "    initiatives:\n      - title: Pilot with the ten largest accounts\n        lead: {}\n        moves: [{}]",
                person(rng),
                moved.join(", ")
            );
        }
        summary.objectives.push(format!("{}/{oid}", plan.id));
    }
    (text, summary)
}

fn log_file(set: &str, summary: &Written, rng: &mut Rng) -> String {
    let mut text = format!("okrs: {set}\ncheckins:\n");
    let prefix = format!("{set}/");
    for week in 0..13u32 {
        // Mondays from 2026-01-05.
        let day = 5 + week * 7;
        let (month, day) = match day {
            1..=31 => (1, day),
            32..=59 => (2, day - 31),
            _ => (3, day - 59),
        };
        for (kr, up, baseline, target) in &summary.krs {
            let short = kr.strip_prefix(&prefix).unwrap_or(kr);
            let progress = i64::from(week) * (target - baseline) / 12;
            let noise = rng.below(5) as i64 - 2;
            let actual = baseline + progress + noise;
            let _ = up;
            let _ = writeln!(
                text,
                "  - date: 2026-{month:02}-{day:02}\n    kr: {short}\n    actual: {actual}.{}\n    confidence: {}\n    insight: {}\n    next_action: {}",
                rng.below(10),
                1 + rng.below(5),
                rng.pick(INSIGHTS),
                rng.pick(ACTIONS)
            );
            if rng.chance(10) {
                text.push_str("    help_needed: A reviewer from the platform team\n");
            }
        }
    }
    text
}
