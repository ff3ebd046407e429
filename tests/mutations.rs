//! No input makes okrlint panic: thousands of deterministic mutations of the
//! gold fixture (bytes flipped, lines dropped, duplicated or cut, characters
//! that YAML treats specially inserted, numbers replaced by extreme ones) go
//! through load, index and every rule, and no finding is ever reported twice;
//! mutations of its configuration give a configuration or pointed problems.

use std::path::{Path, PathBuf};

use okrlint::config::Config;
use okrlint::lint::Selection;
use okrlint::workspace::Workspace;

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

/// Numbers of every awkward shape: huge, tiny, long, exponents, signs, radixes.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1e400",
    "-1e400",
    "1e-400",
    "1e28",
    "-1e28",
    "9.9e27",
    ".inf",
    "-.inf",
    ".nan",
    "0x7FFFFFFFFFFFFFFF",
    "0xFFFFFFFFFFFFFFFFFF",
    "-9223372036854775808",
    "18446744073709551616",
    "9999999999999999999999999999",
    "99999999999999999999999999999",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "79228162514264337593543950335",
    "-79228162514264337593543950336",
    "123456789012345678901234567890123456789",
    "1_000",
    "012",
    "+5",
    "0.605",
    "18.1",
];

/// Replaces the digits of one number in the text (a run of digits, dots and
/// signs) with an extreme one.
fn extreme_number(text: &str, rng: &mut Lcg) -> String {
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| c.is_ascii_digit() && !text[..*i].ends_with(|p: char| p.is_ascii_alphanumeric() || p == '.'))
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return text.to_string();
    }
    let start = starts[rng.next(starts.len())];
    let len = text[start..].find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(text.len() - start);
    format!("{}{}{}", &text[..start], NUMBERS[rng.next(NUMBERS.len())], &text[start + len..])
}

#[test]
fn extreme_numbers_never_panic() {
    let gold = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/playbook/gold");
    let names = ["company.okr.yaml", "growth.okr.yaml", "growth.checkins.yaml", "company.metrics.yaml"];
    let sources: Vec<(&str, String)> =
        names.iter().map(|n| (*n, std::fs::read_to_string(gold.join(n)).expect("gold file"))).collect();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 2, 16).expect("date");
    let mut rng = Lcg(0xdec1);
    for round in 0..400 {
        let mut files = Vec::new();
        for (name, text) in &sources {
            let mut text = text.clone();
            for _ in 0..=rng.next(4) {
                text = extreme_number(&text, &mut rng);
            }
            files.push((PathBuf::from(name), text));
        }
        let project = Workspace::of_files(PathBuf::from("."), Config::default(), files);
        for d in project.check(&Selection::default(), as_of) {
            assert!(d.line >= 1 && d.column >= 1, "round {round}: {d:?}");
        }
    }
}

#[test]
fn mutated_configurations_are_read_or_refused_with_pointed_problems() {
    let gold = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/playbook/gold/.okrlint.yaml");
    let base = std::fs::read_to_string(gold).expect("gold configuration");
    // Every key the configuration knows, with values of the right and wrong shapes.
    let extra = "rules: {OKR104: warning, shared-owner: off}\nlimits: {objectives: [1, 5], key_results: [2, 4], objective_words: 12}\nrag: {green: 0.7, amber: 0.4}\nscale: percent\nallow_terms: [B2B, 24/7]\nfail_on: warning\nexclude: [\"archive/**\"]\n";
    let base = format!("{base}{extra}");
    let mut rng = Lcg(0xc0f1);
    let (mut read, mut refused) = (0, 0);
    for round in 0..1500 {
        let mut text = mutate(&base, &mut rng);
        if rng.next(3) == 0 {
            text = extreme_number(&text, &mut rng);
        }
        match Config::parse(Path::new(".okrlint.yaml"), ".okrlint.yaml", text) {
            Ok(_) => read += 1,
            Err(err) => {
                refused += 1;
                assert!(!err.problems.is_empty(), "round {round}: refused without a reason");
                for problem in &err.problems {
                    // `  .okrlint.yaml:LINE:COL: message`
                    let place: Vec<&str> = problem.trim_start().splitn(4, ':').collect();
                    let line: usize = place.get(1).and_then(|l| l.parse().ok()).unwrap_or(0);
                    let column: usize = place.get(2).and_then(|c| c.parse().ok()).unwrap_or(0);
                    assert!(line >= 1 && column >= 1, "round {round}: not pointed: {problem}");
                }
            }
        }
    }
    // The mutations exercise both paths.
    assert!(read > 100 && refused > 100, "read {read}, refused {refused}");
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
        let project = Workspace::of_files(PathBuf::from("."), config.clone(), files);
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
