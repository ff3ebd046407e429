//! `okrlint score [PATHS]`: scores, RAG, trend, confidence, pace and check-in
//! completion of the named sets, as of a date. A set is scored from its
//! summary and the summaries of its logs; what stops a file from being read
//! (OKR001) is reported on stderr and makes the exit code 1, and the rest is
//! still scored.

use std::io::IsTerminal;

use crate::cli::{ScoreArgs, ScoreFormat};
use crate::join::{Def, Join};
use crate::project::open_projects;
use crate::render::score::{KrRow, ObjectiveRow, ScoreReport, SetRow};
use crate::score::card::Scorecard;
use crate::{EXIT_FINDINGS, EXIT_OK, UsageError, emit, parse_as_of, terminal_width, use_color};

pub fn run(args: &ScoreArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.common.as_of.as_deref())?;
    let range = args.filter.cycle_range()?;
    let projects = open_projects(&args.paths, args.common.config.as_deref(), true)?;
    let mut unreadable = Vec::new();
    let mut scale = crate::config::Scale::Fraction;
    // Rows borrow each project's join and scorecard: both are kept until rendered.
    let mut scored = Vec::with_capacity(projects.len());
    for (p, mut project) in projects.into_iter().enumerate() {
        project.keep_text = false;
        for d in &project.load() {
            let file = &project.join.files[d.file].display;
            unreadable.push(format!("{file}:{}:{}: error[{}] {}", d.line, d.column, d.code(), d.message));
        }
        if p == 0 {
            scale = project.config.scale;
        }
        let card = Scorecard::build(&project.join, project.config.score_settings(as_of));
        unreadable.extend(card.unscorable(&project.join));
        scored.push((project, card));
    }
    let sets = scored.iter().flat_map(|(project, card)| rows(&project.join, card, args, range)).collect();
    let report = ScoreReport { as_of, scale, sets };
    let to_terminal = args.common.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        ScoreFormat::Table => crate::render::score::table::render(
            &report,
            use_color(args.common.color, to_terminal),
            terminal_width(to_terminal),
        ),
        ScoreFormat::Json => crate::render::score::json::render(&report),
        ScoreFormat::Csv => crate::render::score::csv::render(&report),
        ScoreFormat::Markdown => crate::render::score::markdown::render(&report),
    };
    for line in &unreadable {
        crate::render::safe::eprint_message(&crate::render::safe::text(line));
    }
    if !unreadable.is_empty() && !args.common.quiet {
        crate::render::safe::eprint_message(&format!(
            "okrlint: {} problem(s) kept some key results from being scored",
            unreadable.len()
        ));
    }
    emit(&text, &args.common)?;
    Ok(if unreadable.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

/// The named sets of a project, filtered by `--set` and `--owner`.
fn rows<'a>(
    join: &'a Join,
    card: &'a Scorecard,
    args: &ScoreArgs,
    range: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Vec<SetRow<'a>> {
    let bands = card.settings.bands;
    let status = |s: Option<rust_decimal::Decimal>| s.map(|s| crate::score::status(s, &bands));
    let filter = &args.filter;
    let mut out = Vec::new();
    for set in &card.sets {
        if !join.files[set.file].reported {
            continue;
        }
        let Some(summary) = join.set_summary(set.file) else { continue };
        if !filter.wants_set(&summary.id.value) || !filter.wants_cycle(join, set.file, range, card.settings.as_of) {
            continue;
        }
        let mut objectives = Vec::new();
        for (objective, written) in set.objectives.iter().zip(&summary.objectives) {
            let mut key_results = Vec::new();
            for (kr, kr_written) in objective.key_results.iter().zip(&written.key_results) {
                if !filter.wants_owner(kr_written.owner.as_deref()) {
                    continue;
                }
                key_results.push(KrRow {
                    reference: join.ref_of(Def::Kr { file: set.file, objective: objective.index, kr: kr.index }),
                    card: kr,
                    written: kr_written,
                    status: kr.status(&bands),
                });
            }
            if key_results.is_empty() && filter.by_owner() {
                continue;
            }
            objectives.push(ObjectiveRow { card: objective, written, status: status(objective.score), key_results });
        }
        if objectives.is_empty() && filter.by_owner() {
            continue;
        }
        out.push(SetRow { card: set, written: summary, status: status(set.score), objectives });
    }
    out
}
