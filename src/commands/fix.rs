//! `check --fix`, `--diff` and `--add-suppressions`: the runs that rewrite
//! OKR files. Fixes are found by checking the project in memory, applied in
//! rounds until none applies (SPEC §4), and only then written, each changed
//! file atomically with its mode kept and its BOM and every byte outside the
//! edits as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::CheckArgs;
use crate::fix::{self, Applicability, Fix};
use crate::lint::Selection;
use crate::project::open_projects;
use crate::render::safe;
use crate::workspace::Workspace;
use crate::{UsageError, output, parse_as_of};

/// Rounds of fixes before `--fix` gives up on a set of fixes that keep making more.
pub const MAX_ROUNDS: usize = 10;

/// What the fixing rounds did to one project's files.
pub struct Fixed {
    /// How many findings the applied fixes resolved.
    pub count: usize,
    /// (path, text as read, text fixed, whether it starts with a BOM), for changed files.
    pub files: Vec<(PathBuf, String, String, bool)>,
    /// Whether the rounds stopped at `MAX_ROUNDS` with fixes still to apply.
    pub unstable: bool,
}

/// Finds and applies the fixes `args` allows, in memory, for the files the run names.
pub fn fixes(args: &CheckArgs) -> Result<Vec<(PathBuf, Fixed)>, UsageError> {
    let as_of = parse_as_of(args.common.as_of.as_deref())?;
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone() };
    let projects = open_projects(&args.paths, args.common.config.as_deref(), false)?;
    let allowed = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let mut out = Vec::new();
    for project in projects {
        let named: Vec<PathBuf> = project.join.files.iter().filter(|f| f.reported).map(|f| f.path.clone()).collect();
        if named.is_empty() {
            continue;
        }
        let original = match project.texts() {
            Ok(texts) => texts,
            Err(unreadable) => {
                // Fixing around a file that cannot be read could rename a reference into it.
                safe::eprint_message(&format!(
                    "okrlint: note: no fixes made in this project: {} cannot be read as text (see its OKR001)",
                    safe::text(&unreadable)
                ));
                continue;
            }
        };
        let mut texts: BTreeMap<PathBuf, String> = original.iter().cloned().collect();
        let mut count = 0;
        let mut unstable = false;
        // Each round checks the texts as fixed so far; the last only checks.
        for round in 0..=MAX_ROUNDS {
            let files: Vec<(PathBuf, String)> = texts.iter().map(|(p, t)| (p.clone(), t.clone())).collect();
            let memory = Workspace::of_files(project.root.clone(), project.config.clone(), files);
            let diagnostics = memory.check(&selection, as_of);
            let mut per_file: BTreeMap<usize, Vec<(&str, &Fix)>> = BTreeMap::new();
            for d in &diagnostics {
                if let Some(f) = d.fix.as_deref().filter(|f| !d.suppressed && f.applicability <= allowed) {
                    per_file.entry(d.file).or_default().push((d.code(), f));
                }
            }
            per_file.retain(|file, _| named.contains(&memory.join().files[*file].path));
            if per_file.is_empty() {
                break;
            }
            if round == MAX_ROUNDS {
                unstable = true;
                break;
            }
            let mut applied = 0;
            for (file, found) in per_file {
                let Some(text) = texts.get_mut(&memory.join().files[file].path) else { continue };
                let (fixed, n) = fix::apply(text, &found);
                if n > 0 {
                    *text = fixed;
                    applied += n;
                }
            }
            if applied == 0 {
                break;
            }
            count += applied;
        }
        let files = original
            .into_iter()
            .filter_map(|(path, before)| {
                let after = texts.remove(&path)?;
                (after != before).then(|| {
                    let bom = has_bom(&path);
                    (path, before, after, bom)
                })
            })
            .collect();
        out.push((project.root.clone(), Fixed { count, files, unstable }));
    }
    Ok(out)
}

fn has_bom(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 3];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == [0xEF, 0xBB, 0xBF]
}

/// Writes each fixed file in place (atomically, mode kept, never through a link).
pub fn write(root: &Path, fixed: &Fixed) -> Result<(), UsageError> {
    for (path, _, after, bom) in &fixed.files {
        output::write_below(root, path, true, &mut |out| {
            if *bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            out.write_all(after.as_bytes())
        })
        .map_err(UsageError)?;
    }
    Ok(())
}

/// The unified diff of every fixed file, paths shown relative to the current directory.
pub fn diff(fixed: &[(PathBuf, Fixed)]) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = String::new();
    for (_, project) in fixed {
        for (path, before, after, _) in &project.files {
            let shown = path.strip_prefix(&cwd).unwrap_or(path).to_string_lossy().replace('\\', "/");
            let shown = safe::text(&shown).into_owned();
            let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
            out.push_str(
                &diff.unified_diff().context_radius(3).header(&format!("a/{shown}"), &format!("b/{shown}")).to_string(),
            );
        }
    }
    out
}

/// `check --add-suppressions REASON`: a `# okrlint: allow CODES -- REASON`
/// line above each line holding unsuppressed findings, indented like it, or
/// the codes added to a suppression comment already alone on the line above.
pub fn add_suppressions(args: &CheckArgs, reason: &str) -> Result<(), UsageError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.contains(['\n', '\r']) || reason.contains("--") {
        return Err(UsageError(
            "--add-suppressions needs a reason on one line, without `--` (e.g. \"adopted 2026-12\")".into(),
        ));
    }
    let as_of = parse_as_of(args.common.as_of.as_deref())?;
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone() };
    let mut left: usize = 0;
    for mut project in open_projects(&args.paths, args.common.config.as_deref(), false)? {
        project.keep_text = true;
        let diagnostics = project.check(&selection, as_of);
        let mut per_file: BTreeMap<usize, BTreeMap<usize, Vec<&'static str>>> = BTreeMap::new();
        for d in diagnostics
            .iter()
            .filter(|d| !d.suppressed && !crate::rules::unused_suppression::UNSUPPRESSIBLE.contains(&d.code()))
        {
            let codes = per_file.entry(d.file).or_default().entry(d.line as usize).or_default();
            if !codes.contains(&d.code()) {
                codes.push(d.code());
            }
        }
        for (file, lines) in per_file {
            let entry = &project.join.files[file];
            let Some(text) = project.text_of(file) else { continue };
            let source = crate::source::SourceFile::new(entry.path.clone(), entry.display.clone(), text, entry.kind);
            let Some(layout) = crate::load::layout::Layout::of(&source) else { continue };
            let suppressions = entry.summary.as_ref().map(|s| s.suppressions.clone()).unwrap_or_default();
            // Findings inside a multi-line value are suppressed above its key:
            // a comment inside the value would change it.
            let mut heads: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
            for (line, codes) in lines {
                match layout.head_of(line) {
                    Some(head) => {
                        let all = heads.entry(head).or_default();
                        all.extend(codes.iter().filter(|c| !all.contains(c)).collect::<Vec<_>>());
                    }
                    None => left = left.saturating_add(1),
                }
            }
            let mut edits = Vec::new();
            for (line, mut codes) in heads {
                codes.sort_unstable();
                edits.push(suppression_edit(&source, &suppressions, line, &codes, reason));
            }
            if edits.is_empty() {
                continue;
            }
            // One edit per line, at its start: they never overlap.
            let after = fix::splice(&source.text, edits.iter().collect());
            let fixed = Fixed {
                count: edits.len(),
                files: vec![(entry.path.clone(), source.text.clone(), after, has_bom(&entry.path))],
                unstable: false,
            };
            write(&project.root, &fixed)?;
        }
    }
    if left > 0 {
        safe::eprint_message(&format!(
            "okrlint: note: {left} line(s) with findings start no key or list item, so no comment was added \
             for them: suppress them by hand"
        ));
    }
    Ok(())
}

/// The edit that suppresses `codes` on `line`: extend the suppression comment
/// alone on the line above, or insert one.
pub(crate) fn suppression_edit(
    source: &crate::source::SourceFile,
    suppressions: &[crate::load::Suppression],
    line: usize,
    codes: &[&str],
    reason: &str,
) -> fix::Edit {
    let text = source.text.as_str();
    let line_start = source.offset_of(line, 1);
    let above = suppressions.iter().find(|s| {
        s.line + 1 == line && {
            let start = source.offset_of(s.line, 1);
            text.get(start..s.span.start()).is_some_and(|b| b.trim().is_empty())
        }
    });
    if let Some(above) = above.filter(|above| codes.iter().any(|c| !above.rules.iter().any(|r| r == c))) {
        let comment = source.slice(above.span);
        let codes_end = comment.find("--").map_or(comment.len(), |i| i);
        let kept = comment[..codes_end].trim_end().len();
        let added: Vec<&str> = codes.iter().copied().filter(|c| !above.rules.iter().any(|r| r == c)).collect();
        return fix::Edit::new(
            crate::source::Span::new(above.span.start() + kept, 0),
            format!(", {}", added.join(", ")),
        );
    }
    let line_text = &text[line_start..];
    let indent: String = line_text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let newline = if text[line_start..].split('\n').next().is_some_and(|l| l.ends_with('\r')) { "\r\n" } else { "\n" };
    fix::Edit::new(
        crate::source::Span::new(line_start, 0),
        format!("{indent}# okrlint: allow {} -- {reason}{newline}", codes.join(", ")),
    )
}
