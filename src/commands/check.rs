//! `okrlint check [PATHS]`: lint the named files (and what they break
//! elsewhere), render the findings, and say whether the run fails.

use std::io::IsTerminal;

use crate::cli::{CheckArgs, CheckFormat, FailOn};
use crate::diagnostic::Severity;
use crate::join::FileEntry;
use crate::lint::{self, Selection, Summary};
use crate::project::open_projects;
use crate::render::{self, CheckReport};
use crate::{
    EXIT_FINDINGS, EXIT_OK, Guard, UsageError, config, emit_with, output, parse_as_of, rules, terminal_width, use_color,
};

pub fn run(args: &CheckArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.common.as_of.as_deref())?;
    for selector in args.select.iter().chain(&args.ignore) {
        if !rules::registry().iter().any(|r| r.matches(selector)) {
            return Err(UsageError(format!("no rule matches `{selector}`; `okrlint rules` lists them")));
        }
    }
    if args.diff {
        let fixed = super::fix::fixes(args)?;
        let text = super::fix::diff(&fixed);
        emit_with(&args.common, Guard::Lines, &mut |out| out.write_all(text.as_bytes()))?;
        return Ok(if text.is_empty() { EXIT_OK } else { EXIT_FINDINGS });
    }
    if let Some(reason) = &args.add_suppressions {
        super::fix::add_suppressions(args, reason)?;
    }
    let mut fixed = None;
    if args.fix {
        let found = super::fix::fixes(args)?;
        for (root, project) in &found {
            super::fix::write(root, project)?;
        }
        let count = found.iter().map(|(_, f)| f.count).sum::<usize>();
        fixed = Some((count, found.iter().any(|(_, f)| f.unstable)));
    }
    let mut projects = open_projects(&args.paths, args.common.config.as_deref(), !args.no_cache)?;
    // Only snippets (human) and fingerprints (the flagged line's text: SARIF, GitLab) read file text.
    let needs_text =
        !args.statistics && matches!(args.format, CheckFormat::Human | CheckFormat::Sarif | CheckFormat::Gitlab);
    for project in &mut projects {
        project.keep_text = needs_text;
    }
    if !args.common.quiet {
        for note in projects.iter().flat_map(|p| &p.notes) {
            render::safe::eprint_message(&format!("okrlint: note: {}", render::safe::text(note)));
        }
    }
    let reported = projects.iter().flat_map(|p| &p.join.files).filter(|f| f.reported).count();
    let excluded = projects.iter().map(|p| p.excluded_named).sum::<usize>();
    if reported == 0 && excluded == 0 && !args.common.quiet {
        let shown: Vec<String> = if args.paths.is_empty() {
            vec![".".into()]
        } else {
            args.paths.iter().map(|p| render::safe::text(&p.display().to_string()).into_owned()).collect()
        };
        render::safe::eprint_message(&format!(
            "okrlint: no OKR files found in {} (looked for *.okr.yaml, *.checkins.yaml and *.metrics.yaml)",
            shown.join(", ")
        ));
    }
    if reported == 0 && args.format == CheckFormat::Human {
        return Ok(EXIT_OK);
    }
    if let Some(rev) = &args.since {
        for project in &mut projects {
            project.history = Some(crate::history::History::read(&project.root, &project.join, rev)?);
        }
    }
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone() };
    let mut found_per_project = Vec::with_capacity(projects.len());
    for project in &mut projects {
        found_per_project.push(project.check(&selection, as_of));
    }
    let mut files: Vec<&FileEntry> = Vec::new();
    let mut lists = Vec::with_capacity(projects.len());
    let mut failed = false;
    for (project, mut found) in projects.iter().zip(found_per_project) {
        let fail_on = fail_level(args.fail_on, &project.config);
        failed |= lint::fails(&found, fail_on);
        // File ids become positions in the combined file list.
        for d in &mut found {
            d.file += files.len();
        }
        files.extend(&project.join.files);
        lists.push(found);
    }
    // One project's findings are taken as they are (a large run's are many).
    let mut diagnostics = lint::concat(lists);
    // Each project's findings are sorted already; several are merged in path order.
    if projects.len() > 1 {
        lint::sort(&mut diagnostics, |file| &files[file].display);
    }
    let summary = Summary::of(reported, &diagnostics);
    // The fail level a report shows (JUnit failures): that of the first project.
    let fail_on = projects.first().map_or(Severity::Error, |p| fail_level(args.fail_on, &p.config));
    let report = CheckReport { files: &files, diagnostics: &diagnostics, summary: &summary, fail_on };
    let to_terminal = args.common.output.is_none() && std::io::stdout().is_terminal();
    let text = if args.statistics {
        match args.format {
            CheckFormat::Json => render::json::statistics(&report),
            _ => render::statistics(&report),
        }
    } else {
        match args.format {
            CheckFormat::Human => {
                let (color, width) = (use_color(args.common.color, to_terminal), terminal_width(to_terminal));
                // Quiet output is the findings alone, without the summary line.
                let summary = !args.common.quiet;
                emit_with(&args.common, Guard::Lines, &mut |out| {
                    render::human::write(&report, color, width, summary, out)
                })?;
                String::new()
            }
            CheckFormat::Github => {
                // The job summary holds every finding; annotations show only some.
                if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                    output::append(std::path::Path::new(&path), &render::github::step_summary(&report))
                        .map_err(UsageError)?;
                }
                emit_with(&args.common, Guard::WorkflowCommands, &mut |out| render::github::write(&report, out))?;
                String::new()
            }
            // Written as they are made: a run with many findings need not hold its output too.
            streamed => {
                emit_with(&args.common, Guard::Lines, &mut |out| match streamed {
                    CheckFormat::Concise => render::concise::write(&report, &mut &mut *out),
                    CheckFormat::Json => render::json::write(&report, out),
                    CheckFormat::Gitlab => render::gitlab::write(&report, out),
                    CheckFormat::Junit => render::junit::write(&report, out),
                    _ => render::sarif::write(&report, out),
                })?;
                String::new()
            }
        }
    };
    if args.statistics {
        emit_with(&args.common, Guard::Lines, &mut |out| out.write_all(text.as_bytes()))?;
    }
    if let Some((count, unstable)) = fixed {
        let remaining = summary.errors + summary.warnings + summary.infos;
        let findings = if count == 1 { "finding" } else { "findings" };
        render::safe::eprint_message(&format!("Fixed {count} {findings} ({remaining} remaining)"));
        if unstable {
            render::safe::eprint_message(&format!(
                "okrlint: the fixes did not settle after {} rounds; run `okrlint check --diff` to see what keeps changing",
                super::fix::MAX_ROUNDS
            ));
            return Ok(crate::EXIT_FINDINGS);
        }
    }
    // The process ends here: freeing a large project's many small allocations
    // one by one only delays the exit.
    std::mem::forget(diagnostics);
    std::mem::forget(projects);
    Ok(if failed && !args.exit_zero { EXIT_FINDINGS } else { EXIT_OK })
}

/// The lowest severity that fails a run: `--fail-on`, else the configuration's `fail_on`.
fn fail_level(option: Option<FailOn>, config: &config::Config) -> Severity {
    match option {
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Error) => Severity::Error,
        None => config.fail_on,
    }
}
