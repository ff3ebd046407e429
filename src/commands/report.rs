//! `okrlint report [PATHS]`: the end-of-cycle report of the named sets —
//! final scores (a key result with no evidence scores 0.00), verdicts on
//! committed and aspirational objectives, check-in discipline, confidence,
//! red key results and escalations, dependencies, learnings, and the
//! alignment map. The numbers come from the scorecard (no score math here);
//! titles, learnings and dependencies from the named sets' documents.

use rustc_hash::FxHashMap as HashMap;

use crate::cli::{ReportArgs, ReportFormat};
use crate::join::{Def, Join};
use crate::model::{KeyResult, Objective, ObjectiveKind};
use crate::project::{Project, open_projects};
use crate::render::report::{
    COMPLETION_GOAL, Cycle, DependencyReport, DependencyState, KrReport, MapNode, ObjectiveReport, ReadingReport,
    Report, SetReport, Totals, Verdict,
};
use crate::score::Status;
use crate::score::card::{KrCard, ObjectiveCard, Scorecard, SetCard};
use crate::{EXIT_FINDINGS, EXIT_OK, UsageError, emit, parse_as_of};

pub fn run(args: &ReportArgs) -> Result<u8, UsageError> {
    let as_of = parse_as_of(args.common.as_of.as_deref())?;
    let range = args.filter.cycle_range()?;
    let projects = open_projects(&args.paths, args.common.config.as_deref(), true)?;
    let mut problems = Vec::new();
    // The report's rows borrow each project's documents and scorecard: both are kept until rendered.
    let mut scored = Vec::with_capacity(projects.len());
    for mut project in projects {
        project.keep_text = false;
        project.keep_documents = true;
        for d in project.load() {
            let file = &project.join.files[d.file].display;
            problems.push(format!("{file}:{}:{}: error[{}] {}", d.line, d.column, d.code(), d.message));
        }
        let mut settings = project.config.score_settings(as_of);
        settings.no_evidence_scores_zero = true;
        let card = Scorecard::build(&project.join, settings);
        problems.extend(card.unscorable(&project.join));
        scored.push((project, card));
    }
    let mut sets = Vec::new();
    let mut nodes = Vec::new();
    for (p, (project, card)) in scored.iter().enumerate() {
        let made = sets_of(project, card, args, range);
        nodes.extend(alignment_nodes(p, &made));
        sets.extend(made);
    }
    let no_evidence: usize =
        sets.iter().flat_map(|s| &s.objectives).flat_map(|o| &o.key_results).filter(|k| k.no_evidence).count();
    if no_evidence > 0 && !args.common.quiet {
        crate::render::safe::eprint_message(&format!(
            "okrlint: note: {no_evidence} key result(s) have no check-in on or before {as_of}: a report scores them 0.00 (log check-ins in a *.checkins.yaml beside the set)"
        ));
    }
    if sets.is_empty() {
        // Nothing to report is a failed run, not an empty report (SPEC §1.1, a `--cycle` that names no set).
        let what = if args.filter.any() { "matching the filters " } else { "" };
        crate::render::safe::eprint_message(&format!("okrlint: no OKR set {what}to report on (looked for *.okr.yaml)"));
        for line in &problems {
            crate::render::safe::eprint_message(&crate::render::safe::text(line));
        }
        return Ok(EXIT_FINDINGS);
    }
    let report = Report { version: 1, as_of, totals: totals(&sets), alignment: tree(nodes), sets };
    let text = match args.format {
        ReportFormat::Markdown => crate::render::report::markdown::render(&report),
        ReportFormat::Html => crate::render::report::html::render(&report),
        ReportFormat::Json => crate::render::report::json::render(&report),
    };
    for line in &problems {
        crate::render::safe::eprint_message(&crate::render::safe::text(line));
    }
    if !problems.is_empty() && !args.common.quiet {
        crate::render::safe::eprint_message(&format!(
            "okrlint: {} problem(s) kept some of the project out of the report",
            problems.len()
        ));
    }
    emit(&text, &args.common)?;
    Ok(if problems.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

/// The named sets of a project with their file, filtered by `--set` and `--owner`.
fn sets_of<'a>(
    project: &'a Project,
    card: &'a Scorecard,
    args: &ReportArgs,
    range: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Vec<SetReport<'a>> {
    let join = &project.join;
    let bands = card.settings.bands;
    let as_of = card.settings.as_of;
    let mut out = Vec::new();
    for set_card in &card.sets {
        if !join.files[set_card.file].reported {
            continue;
        }
        let Some(document) = project.set_document(set_card.file) else { continue };
        if !args.filter.wants_set(&document.id.value) || !args.filter.wants_cycle(join, set_card.file, range, as_of) {
            continue;
        }
        let mut objectives = Vec::new();
        for (objective_card, objective) in set_card.objectives.iter().zip(&document.objectives) {
            let mut key_results = Vec::new();
            for (kr_card, kr) in objective_card.key_results.iter().zip(&objective.key_results) {
                let wanted = args.filter.wants_owner(kr.owner.as_ref().map(|o| o.value.joined()).as_deref());
                if wanted {
                    key_results.push(kr_report(join, set_card, objective_card, kr_card, kr, card));
                }
            }
            if key_results.is_empty() && args.filter.by_owner() {
                continue;
            }
            // Verdicts are for ended cycles; a running one says on track or at risk (SPEC §3.4).
            let ended = set_card.periods.is_some_and(|p| as_of > p.end);
            objectives.push(objective_report(join, set_card, objective_card, objective, key_results, &bands, ended));
        }
        if objectives.is_empty() && args.filter.by_owner() {
            continue;
        }
        let cycle = set_card.periods.map(|p| Cycle { start: p.start, end: p.end });
        let status = set_card.score.map(|s| crate::score::status(s, &bands));
        out.push(SetReport {
            id: &document.id.value,
            name: document.name.as_ref().map(|n| n.value.as_str()),
            level: document.level.as_str(),
            file: &join.files[set_card.file].display,
            ended: cycle.as_ref().is_some_and(|c| as_of > c.end),
            cycle,
            score: set_card.score,
            rag: status,
            checkin_completion: set_card.completion,
            completion_goal_met: set_card.completion.map(|c| c >= COMPLETION_GOAL),
            objectives,
        });
    }
    out
}

fn objective_report<'a>(
    join: &Join,
    set: &SetCard,
    card: &ObjectiveCard,
    objective: &'a Objective,
    key_results: Vec<KrReport<'a>>,
    bands: &crate::score::Bands,
    ended: bool,
) -> ObjectiveReport<'a> {
    let aspirational = objective.kind == ObjectiveKind::Aspirational;
    let verdict = if ended || card.score.is_none() {
        Verdict::of(aspirational, card.score)
    } else if card.key_results.iter().any(|kr| kr.at_risk) {
        Verdict::AtRisk
    } else {
        Verdict::OnTrack
    };
    ObjectiveReport {
        reference: join.ref_of(Def::Objective { file: set.file, objective: card.index }),
        id: objective.id.as_ref().map_or("?", |i| i.value.as_str()),
        title: objective.title.as_ref().map(|t| t.value.as_str()),
        owner: objective.owner.as_ref().map(|o| o.value.joined()),
        kind: if aspirational { "aspirational" } else { "committed" },
        score: card.score,
        rag: card.score.map(|s| crate::score::status(s, bands)),
        verdict,
        forecast: if ended { None } else { objective_forecast(card) },
        aligns_to: join.alignment_parent(set.file, card.index).map(|def| join.ref_of(def)),
        key_results,
    }
}

/// The weighted mean of the key results' forecasts, when every scored key result has one.
fn objective_forecast(card: &ObjectiveCard) -> Option<rust_decimal::Decimal> {
    let scored: Vec<&KrCard> = card.key_results.iter().filter(|k| k.score.is_some()).collect();
    if scored.is_empty() || scored.iter().any(|k| k.forecast.is_none()) {
        return None;
    }
    crate::score::weighted_mean(scored.iter().filter_map(|k| Some((k.forecast?, k.weight))))
}

fn kr_report<'a>(
    join: &Join,
    set: &SetCard,
    objective: &ObjectiveCard,
    card: &KrCard,
    kr: &'a KeyResult,
    scorecard: &Scorecard,
) -> KrReport<'a> {
    let as_of = scorecard.settings.as_of;
    let checkins: Vec<_> = join
        .checkins_of((set.file, objective.index, card.index))
        .iter()
        .filter_map(|at| join.checkin(*at))
        .filter(|c| c.date.as_ref().is_some_and(|d| d.value <= as_of))
        .collect();
    let confidences: Vec<u8> = checkins.iter().filter_map(|c| c.confidence.as_ref().map(|c| c.value)).collect();
    let status = card.status(&scorecard.settings.bands);
    let deadline = kr.deadline(set.periods.map(|p| p.end));
    let dependencies = kr
        .depends_on
        .iter()
        .map(|d| {
            let due = d.due.as_ref().map(|d| d.value);
            // The rules' definitions: incomplete as OKR502 says, late as OKR503 says.
            let state = if !d.missing().is_empty() {
                DependencyState::Incomplete
            } else if deadline.is_some_and(|deadline| d.is_late(deadline)) {
                DependencyState::Late
            } else if due.is_some_and(|due| due > as_of) {
                DependencyState::Upcoming
            } else {
                DependencyState::DuePassed
            };
            DependencyReport {
                team: d.team.as_ref().map(|t| t.value.as_str()),
                owner: d.owner.as_ref().map(|t| t.value.as_str()),
                deliverable: d.deliverable.as_ref().map(|t| t.value.as_str()),
                due,
                state,
            }
        })
        .collect();
    let number = |q: &Option<crate::model::Sp<crate::model::Quantity>>| q.as_ref().and_then(|q| q.value.number());
    KrReport {
        reference: join.ref_of(Def::Kr { file: set.file, objective: objective.index, kr: card.index }),
        id: kr.id.as_ref().map_or("?", |i| i.value.as_str()),
        title: kr.title.as_ref().map(|t| t.value.as_str()),
        owner: kr.owner.as_ref().map(|o| o.value.joined()),
        unit: kr.unit.as_ref().map(|u| u.value.as_str()),
        baseline: number(&kr.baseline),
        target: number(&kr.target),
        due: deadline,
        actual: card.actual,
        score: card.score,
        rag: status,
        no_evidence: card.no_evidence,
        checkins: checkins.len(),
        last_checkin: card.last_checkin,
        confidence_start: confidences.first().copied(),
        confidence_end: confidences.last().copied(),
        expected: card.expected,
        forecast: card.forecast,
        below_baseline: card.below_baseline,
        // Red on its evidence: a key result with none is reported as such, not as red.
        red: status == Some(Status::Red) && !card.no_evidence,
        escalated: checkins.iter().filter_map(|c| c.escalated).max(),
        help_needed: checkins.last().is_some_and(|c| c.help_needed),
        learning: kr.learning.as_ref().map(|l| l.value.trim()).filter(|l| !l.is_empty()),
        dependencies,
        readings: checkins
            .iter()
            .filter_map(|c| Some(ReadingReport { date: c.date.as_ref()?.value, actual: c.actual? }))
            .collect(),
    }
}

/// An objective of the map with its parent objective's reference, before the tree is made.
struct Node<'a> {
    /// (project, objective reference): references are unique within a project.
    key: (usize, String),
    parent: Option<(usize, String)>,
    level_rank: usize,
    node: MapNode<'a>,
}

fn alignment_nodes<'a>(project: usize, sets: &[SetReport<'a>]) -> Vec<Node<'a>> {
    let mut out = Vec::new();
    for set in sets {
        let level_rank = crate::model::Level::NAMES.iter().position(|l| *l == set.level).unwrap_or(usize::MAX);
        for objective in &set.objectives {
            // `aligns_to` names an objective (`set/objective`) or one of its KRs (`set/objective/kr`).
            let parent = objective.aligns_to.as_deref().map(|r| {
                let objective_ref: Vec<&str> = r.splitn(3, '/').take(2).collect();
                (project, objective_ref.join("/"))
            });
            out.push(Node {
                key: (project, objective.reference.clone()),
                parent,
                level_rank,
                node: MapNode {
                    reference: objective.reference.clone(),
                    title: objective.title,
                    level: set.level,
                    score: objective.score,
                    rag: objective.rag,
                    children: Vec::new(),
                },
            });
        }
    }
    out
}

/// The alignment forest: each objective under the objective it aligns to
/// when that one is in the report; the rest at the top, company level first.
fn tree(nodes: Vec<Node<'_>>) -> Vec<MapNode<'_>> {
    let position: HashMap<&(usize, String), usize> = nodes.iter().enumerate().map(|(i, n)| (&n.key, i)).collect();
    let mut parent: Vec<Option<usize>> =
        nodes.iter().map(|n| n.parent.as_ref().and_then(|p| position.get(p).copied())).collect();
    drop(position);
    // An alignment cycle (OKR504) is cut where the walk finds it: that member
    // goes to the top. Each node is walked once (linear in the map's size).
    let mut done = vec![false; nodes.len()];
    let mut on_path = vec![false; nodes.len()];
    for start in 0..nodes.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|i| !done[*i]) {
            if on_path[i] {
                // `i` closes a cycle through the node walked just before it.
                if let Some(&last) = path.last() {
                    parent[last] = None;
                }
                break;
            }
            on_path[i] = true;
            path.push(i);
            at = parent[i];
        }
        for i in path {
            on_path[i] = false;
            done[i] = true;
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None => roots.push(i),
        }
    }
    roots.sort_by_key(|&i| nodes[i].level_rank);
    let mut slots: Vec<Option<MapNode>> = nodes.into_iter().map(|n| Some(n.node)).collect();
    fn build<'a>(i: usize, children: &[Vec<usize>], slots: &mut [Option<MapNode<'a>>]) -> Option<MapNode<'a>> {
        let mut node = slots[i].take()?;
        node.children = children[i].iter().filter_map(|&c| build(c, children, slots)).collect();
        Some(node)
    }
    roots.iter().filter_map(|&r| build(r, &children, &mut slots)).collect()
}

fn totals(sets: &[SetReport]) -> Totals {
    let mut t = Totals { sets: sets.len(), ..Totals::default() };
    for set in sets {
        t.sets_ended += usize::from(set.ended);
        let ended = set.ended;
        for objective in &set.objectives {
            t.objectives += 1;
            match objective.verdict {
                Verdict::Delivered => {
                    t.committed += 1;
                    t.committed_delivered += 1;
                }
                Verdict::Missed => {
                    t.committed += 1;
                    t.committed_missed += 1;
                }
                Verdict::Succeeded => {
                    t.aspirational += 1;
                    t.aspirational_succeeded += 1;
                }
                Verdict::FellShort => t.aspirational += 1,
                Verdict::NoData | Verdict::OnTrack | Verdict::AtRisk if objective.kind == "aspirational" => {
                    t.aspirational += 1
                }
                Verdict::NoData | Verdict::OnTrack | Verdict::AtRisk => t.committed += 1,
            }
            match objective.verdict {
                Verdict::OnTrack => t.on_track += 1,
                Verdict::AtRisk => t.at_risk += 1,
                _ => {}
            }
            for kr in &objective.key_results {
                t.key_results += 1;
                t.no_evidence += usize::from(kr.no_evidence);
                t.red += usize::from(kr.red);
                t.red_escalated += usize::from(kr.red && kr.escalated.is_some());
                t.missing_learnings += usize::from(ended && kr.learning.is_none());
            }
        }
    }
    t
}
