//! `okrlint pull`: KR actuals from each metric's source of truth (SPEC §7).

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::cli::PullArgs;
use crate::discover::relative;
use crate::render::safe;
use crate::{EXIT_FINDINGS, EXIT_OK, UsageError, output, parse_as_of};

pub fn run(args: &PullArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let cycle = args.cycle.as_deref().map(crate::cli::cycle_range).transpose()?;
    let wanted = |range: (chrono::NaiveDate, chrono::NaiveDate)| match cycle {
        Some(asked) => crate::join::overlap(asked, range),
        None => range.0 <= as_of && as_of <= range.1,
    };
    let cwd = std::env::current_dir().map_err(|e| UsageError(format!("cannot read the current directory: {e}")))?;
    let terminal = std::io::stderr().is_terminal();
    let mut failed = false;
    let (mut pulled, mut changed, mut logs) = (0usize, 0usize, 0usize);
    let mut report = String::new();
    for project in crate::project::open_projects(&args.paths, args.config.as_deref(), false)? {
        let root = project.root.clone();
        let workspace = crate::project::read_workspace(root.clone(), project.config.clone(), &|_| None);
        let progress = |done: usize, total: usize| {
            // A progress line for a long pull, on a terminal only.
            if terminal && total > 5 {
                let end = if done == total { "\r\x1b[K" } else { "" };
                eprint!("\rpulling {done}/{total} key results{end}");
            }
        };
        let outcome = crate::pull::pull(&workspace, &project.config, &root, as_of, wanted, progress);
        for failure in &outcome.failures {
            safe::eprint_message(&format!("okrlint pull: {failure}"));
        }
        failed |= !outcome.failures.is_empty();
        pulled += outcome.pulled;
        for log in &outcome.logs {
            logs += 1;
            if log.before.as_ref().is_some_and(|(text, _)| *text == log.text) {
                continue;
            }
            changed += 1;
            if args.dry_run {
                report.push_str(&changes(&relative(&log.path, &cwd), log));
            } else {
                write(&root, &log.path, &log.text)?;
            }
        }
    }
    if args.dry_run {
        if report.is_empty() {
            report.push_str("nothing would change\n");
        }
        output::print(&report).map_err(UsageError)?;
    }
    let verb = if args.dry_run { "would change" } else { "changed" };
    safe::eprint_message(&format!(
        "Pulled {pulled} key result{}: {changed} of {logs} pulled log{} {verb}",
        if pulled == 1 { "" } else { "s" },
        if logs == 1 { "" } else { "s" },
    ));
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

/// Writes a pulled log atomically (its folder made if missing), never through a link.
fn write(root: &Path, path: &Path, text: &str) -> Result<(), UsageError> {
    if let Some(folder) = path.parent()
        && !folder.exists()
    {
        std::fs::create_dir_all(folder)
            .map_err(|e| UsageError(format!("cannot make {}: {e}", safe::text(&folder.display().to_string()))))?;
    }
    output::write_below(root, path, true, &mut |out: &mut dyn Write| out.write_all(text.as_bytes())).map_err(UsageError)
}

/// What `--dry-run` shows of one log: each entry added (+), changed (~, old → new) or removed (-).
fn changes(shown: &str, log: &crate::pull::PulledLog) -> String {
    let entry = |(date, kr): &(chrono::NaiveDate, String), (actual, source): &(rust_decimal::Decimal, String)| {
        format!("{date} {kr}: {} ({source})", actual.normalize())
    };
    let empty = crate::pull::Entries::new();
    let old = log.before.as_ref().map_or(&empty, |(_, entries)| entries);
    // Each line's text made safe on its own (a path or source name is the repository's text).
    let mut out = format!("{}{}\n", safe::text(shown), if log.before.is_none() { " (new)" } else { "" });
    for (key, value) in &log.entries {
        match old.get(key) {
            None => out.push_str(&format!("  + {}\n", safe::text(&entry(key, value)))),
            Some(was) if was != value => {
                let (date, kr) = key;
                let line = format!("{date} {kr}: {} → {} ({})", was.0.normalize(), value.0.normalize(), value.1);
                out.push_str(&format!("  ~ {}\n", safe::text(&line)));
            }
            Some(_) => {}
        }
    }
    for (key, value) in old.iter().filter(|(key, _)| !log.entries.contains_key(*key)) {
        out.push_str(&format!("  - {}\n", safe::text(&entry(key, value))));
    }
    out
}
