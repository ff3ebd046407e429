//! No input makes okrlint panic: thousands of deterministic mutations of the
//! gold fixture (bytes flipped, lines dropped, duplicated or cut, characters
//! that YAML treats specially inserted) go through load, index and every rule,
//! and no finding is ever reported twice.

use std::path::PathBuf;

use okrlint::config::Config;
use okrlint::lint::Selection;
use okrlint::project::Project;

/// A small deterministic generator (64-bit LCG), so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

const INSERTS: &[&str] = &[
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "\"",
    "'",
    "#",
    "\t",
    "\n",
    "|\n",
    ">-\n",
    "~",
    "---\n",
    "🚀",
    "\u{202e}",
    "1e400",
    ".nan",
    "2026-02-30",
    "\r\n",
    "? ",
    "!!str ",
    "<<: *a\n",
];

fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..=rng.next(3) {
        let at = rng.next(lines.len());
        match rng.next(5) {
            0 => {
                lines.remove(at);
            }
            1 => {
                let copy = lines[at].clone();
                lines.insert(at, copy);
            }
            2 => {
                let line = &mut lines[at];
                let cut = rng.next(line.len() + 1);
                if line.is_char_boundary(cut) {
                    line.truncate(cut);
                }
            }
            _ => {
                let line = &mut lines[at];
                let pos = rng.next(line.len() + 1);
                if line.is_char_boundary(pos) {
                    line.insert_str(pos, INSERTS[rng.next(INSERTS.len())]);
                }
            }
        }
        if lines.is_empty() {
            break;
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_files_never_panic() {
    let gold = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/playbook/gold");
    let mut sources = Vec::new();
    for name in [
        "company.okr.yaml",
        "growth.okr.yaml",
        "growth-incentive.okr.yaml",
        "company.metrics.yaml",
        "growth.checkins.yaml",
        ".okrlint.yaml",
    ] {
        sources.push((name, std::fs::read_to_string(gold.join(name)).expect("gold file")));
    }
    let config = Config::default();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 2, 16).expect("date");
    let mut rng = Lcg(0x5eed);
    for round in 0..800 {
        let mut files = Vec::new();
        for (name, text) in &sources {
            let text = if rng.next(2) == 0 { mutate(text, &mut rng) } else { text.clone() };
            files.push((PathBuf::from(name), text));
        }
        let mut project = Project::in_memory(PathBuf::from("."), config.clone(), files);
        let diagnostics = project.check(&Selection::default(), as_of);
        for pair in diagnostics.windows(2) {
            assert_ne!(pair[0], pair[1], "round {round}: a finding reported twice");
        }
        for d in diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "round {round}: {d:?}");
            assert!((d.end_line, d.end_column) >= (d.line, d.column), "round {round}: {d:?}");
        }
    }
}
