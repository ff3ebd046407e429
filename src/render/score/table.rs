//! `okrlint score` (default): a table per set, one row per key result under
//! its objective's row. Colours the RAG column when colour is on; the status
//! is always spelled out. Fits the terminal's width by dropping the least
//! needed columns, never by wrapping.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, TableComponent, presets};

use super::{KrRow, ScoreReport, number, pace, rag, shown, sparkline};
use crate::render::safe::text as escape_control;
use crate::score::Status;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    KeyResult,
    Score,
    Rag,
    Actual,
    Pace,
    Confidence,
    Trend,
    Range,
    Owner,
    Forecast,
    LastCheckIn,
}

/// Every column, most needed first: the last ones go first when space is short.
const COLUMNS: &[Column] = &[
    Column::KeyResult,
    Column::Score,
    Column::Rag,
    Column::Actual,
    Column::Pace,
    Column::Confidence,
    Column::Trend,
    Column::Range,
    Column::Owner,
    Column::Forecast,
    Column::LastCheckIn,
];

impl Column {
    fn title(self) -> &'static str {
        match self {
            Column::KeyResult => "Key result",
            Column::Score => "Score",
            Column::Rag => "RAG",
            Column::Actual => "Actual",
            Column::Pace => "Pace",
            Column::Confidence => "Conf.",
            Column::Trend => "Trend",
            Column::Range => "Baseline → target",
            Column::Owner => "Owner",
            Column::Forecast => "Forecast",
            Column::LastCheckIn => "Last check-in",
        }
    }
}

fn color(status: Option<Status>) -> Option<Color> {
    Some(match status? {
        Status::Red => Color::Red,
        Status::Amber => Color::Yellow,
        Status::Green => Color::Green,
        Status::Stretch => Color::Cyan,
    })
}

fn rag_cell(status: Option<Status>) -> Cell {
    let cell = Cell::new(rag(status));
    match color(status) {
        Some(c) => cell.fg(c),
        None => cell,
    }
}

fn kr_cell(kr: &KrRow, column: Column, report: &ScoreReport) -> Cell {
    let text = |t: String| Cell::new(t);
    match column {
        Column::KeyResult => text(format!("  {}", escape_control(kr.id()))),
        Column::Score => text(shown(kr.card.score, report.scale)),
        Column::Rag => rag_cell(kr.status),
        Column::Actual => {
            let flag = if kr.card.below_baseline { " ⚠" } else { "" };
            text(format!("{}{flag}", kr.card.actual.map_or("–".to_string(), number)))
        }
        Column::Pace => text(pace(kr.card.on_pace()).to_string()),
        Column::Confidence => text(kr.card.confidence.map_or(String::new(), |c| c.to_string())),
        Column::Trend => text(sparkline(&kr.card.trend)),
        Column::Range => text(match (kr.baseline(), kr.target()) {
            (Some(b), Some(t)) => format!("{} → {}", number(b), number(t)),
            _ => String::new(),
        }),
        Column::Owner => text(escape_control(kr.owner().unwrap_or("")).into_owned()),
        Column::Forecast => {
            text(if kr.card.forecast.is_some() { shown(kr.card.forecast, report.scale) } else { String::new() })
        }
        Column::LastCheckIn => text(kr.card.last_checkin.map_or(String::new(), |d| d.to_string())),
    }
}

fn table(report: &ScoreReport, set: &super::SetRow, columns: &[Column], colour: bool) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .remove_style(TableComponent::HorizontalLines)
        .remove_style(TableComponent::MiddleIntersections)
        .remove_style(TableComponent::LeftBorderIntersections)
        .remove_style(TableComponent::RightBorderIntersections)
        .set_content_arrangement(ContentArrangement::Disabled);
    if colour {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(columns.iter().map(|c| Cell::new(c.title()).add_attribute(Attribute::Bold)));
    for objective in &set.objectives {
        let kind = if objective.card.aspirational { "aspirational" } else { "committed" };
        let row: Vec<Cell> = columns
            .iter()
            .map(|c| match c {
                Column::KeyResult => {
                    Cell::new(format!("{} ({kind})", escape_control(objective.id()))).add_attribute(Attribute::Bold)
                }
                Column::Score => Cell::new(shown(objective.card.score, report.scale)),
                Column::Rag => rag_cell(objective.status),
                _ => Cell::new(""),
            })
            .collect();
        table.add_row(row);
        for kr in &objective.key_results {
            table.add_row(columns.iter().map(|c| kr_cell(kr, *c, report)).collect::<Vec<_>>());
        }
    }
    table
}

/// The widest line of a rendered table, in characters.
fn width_of(table: &Table) -> usize {
    table.lines().map(|l| console_width(&l)).max().unwrap_or(0)
}

/// Characters shown, without colour escape sequences.
fn console_width(line: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in line.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
}

pub fn render(report: &ScoreReport, colour: bool, width: Option<usize>) -> String {
    let mut out = String::new();
    for set in &report.sets {
        let completion =
            set.card.completion.map_or("–".to_string(), |c| shown(Some(c), crate::config::Scale::Percent));
        let cycle = set.cycle().map_or(String::new(), |(s, e)| format!(" · {s} – {e}"));
        out.push_str(&format!(
            "{} · {} {} · check-ins {completion}{cycle}\n",
            escape_control(set.id()),
            shown(set.card.score, report.scale),
            rag(set.status)
        ));
        let mut columns: Vec<Column> = COLUMNS.to_vec();
        let mut rendered = table(report, set, &columns, colour);
        while let Some(limit) = width
            && width_of(&rendered) > limit
            && columns.len() > 3
        {
            columns.pop();
            rendered = table(report, set, &columns, colour);
        }
        out.push_str(&rendered.to_string());
        out.push_str("\n\n");
    }
    if report.sets.is_empty() {
        out.push_str("no set to score\n");
    }
    out
}
