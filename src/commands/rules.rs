//! `okrlint rules`, `okrlint explain CODE` and `okrlint completions SHELL`:
//! what the tool knows, printed.

use crate::cli::{Cli, RulesArgs, RulesFormat};
use crate::{EXIT_OK, UsageError, load, output, rules};

pub fn list(args: &RulesArgs) -> Result<u8, UsageError> {
    let text = match args.format {
        RulesFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(["Code", "Name", "Severity", "Fires when"]);
            for rule in rules::registry() {
                table.add_row([rule.code, rule.name, rule.severity.as_str(), rule.summary]);
            }
            format!("{table}\n")
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::registry()
                .iter()
                .map(|r| serde_json::json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&list).unwrap_or_default())
        }
    };
    output::print(&text).map_err(UsageError)?;
    Ok(EXIT_OK)
}

pub fn explain(wanted: &str) -> Result<u8, UsageError> {
    let Some(rule) = rules::find(wanted) else {
        let names = rules::registry().iter().flat_map(|r| [r.code, r.name]);
        let hint = load::suggest(wanted, names).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        return Err(UsageError(format!("unknown rule `{wanted}`{hint} (`okrlint rules` lists them)")));
    };
    output::print(&format!("{} {} ({} by default)\n\n{}\n", rule.code, rule.name, rule.severity, rule.explanation()))
        .map_err(UsageError)?;
    Ok(EXIT_OK)
}

/// `okrlint completions SHELL`: the completion script, generated from the command line's definition.
/// The manual page, in roff, made from the command line's own definition.
pub fn man() -> Result<u8, UsageError> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| UsageError(format!("cannot write the manual page: {e}")))?;
    output::print(&String::from_utf8_lossy(&page)).map_err(UsageError)?;
    Ok(EXIT_OK)
}

pub fn completions(shell: clap_complete::Shell) -> Result<u8, UsageError> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "okrlint", &mut script);
    output::print(&String::from_utf8_lossy(&script)).map_err(UsageError)?;
    Ok(EXIT_OK)
}
