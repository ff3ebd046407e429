//! The named set files as they were at a git revision (`check --since REV`),
//! for OKR701. Read with the `git` command line: one `rev-parse` to find the
//! repository and the commit, one `cat-file --batch` process for every file
//! however many are named. Each old text is loaded like any other file
//! (pure, no I/O); only the set documents are kept.
//!
//! okrlint runs on pull requests whose files an attacker wrote (SPEC §5
//! "Safety in CI"), and git runs programs named in the configuration of the
//! repository it discovers (a pager, hooks, an fsmonitor, a promisor remote's
//! `uploadpack`). So git is started where the user started okrlint, never
//! inside the checkout's folders (one can be made to look like a bare
//! repository with a hostile `config`), implicit bare repositories are
//! refused, and every way git has of running a program or reaching a
//! network is switched off (`hardened`).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::UsageError;
use crate::join::Join;
use crate::load::{self, Document};
use crate::model::OkrSet;
use crate::render::safe::text as escape_text;
use crate::source::{FileId, FileKind, SourceFile};

/// The revision and the sets it held, by the file id they have now. A
/// named set file missing here is new since the revision.
pub struct History {
    /// As the user wrote it (`origin/main`), for messages.
    pub rev: String,
    pub sets: HashMap<FileId, OkrSet>,
}

impl History {
    /// Reads, at `rev`, every named set file of a project rooted at `root`.
    /// Outside a git repository, or with a revision git does not know, it is
    /// a usage error that says which.
    pub fn read(root: &Path, join: &Join, rev: &str) -> Result<History, UsageError> {
        let shown = escape_text(rev);
        if rev.starts_with('-') || rev.trim().is_empty() || rev.contains(['\n', '\r', '\0']) {
            return Err(UsageError(format!("--since: `{shown}` is not a revision")));
        }
        let top = git(&["rev-parse", "--show-toplevel"]).map_err(|why| {
            UsageError(format!(
                "--since: git finds no repository it may use from the current directory ({}); \
                 run okrlint from inside the git repository that holds the project",
                escape_text(&why)
            ))
        })?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let top = top.canonicalize().unwrap_or(top);
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        if !root.starts_with(&top) {
            return Err(UsageError(format!(
                "--since: the project at {} is not inside the git repository of the current directory ({}); \
                 run okrlint from inside the repository that holds the project",
                escape_text(&root.display().to_string()),
                escape_text(&top.display().to_string())
            )));
        }
        let commit = git(&["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])
            .map_err(|_| {
                UsageError(format!(
                    "--since: git knows no commit `{shown}` in {} (try a branch, a tag or a commit id, such as origin/main)",
                    escape_text(&top.display().to_string())
                ))
            })?;
        let commit = commit.trim().to_string();
        let wanted: Vec<(FileId, String)> = join
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.reported && f.kind == FileKind::Set)
            .filter_map(|(id, f)| {
                let path = f.path.canonicalize().unwrap_or_else(|_| f.path.clone());
                let inside = path.strip_prefix(&top).ok()?.to_str()?.replace('\\', "/");
                // A name cat-file cannot take on one line is treated as new.
                (!inside.contains(['\n', '\r'])).then_some((id, inside))
            })
            .collect();
        let texts = cat_files(&commit, &wanted)?;
        let mut sets = HashMap::default();
        for ((file, inside), text) in wanted.into_iter().zip(texts) {
            let Some(text) = text else { continue };
            let entry = &join.files[file];
            let source = SourceFile::new(entry.path.clone(), format!("{rev}:{inside}"), text, FileKind::Set);
            if let Document::Set(set) = load::read(Arc::new(source), file).document {
                sets.insert(file, set);
            }
        }
        Ok(History { rev: rev.to_string(), sets })
    }
}

/// The configuration that keeps git from running a program or reaching a
/// network whatever the repository's own configuration says.
const HARDENING: &[&str] = &[
    // A folder of the checkout that looks like a bare repository is not one.
    "safe.bareRepository=explicit",
    // No transport at all: a partial clone's lazy fetch would run `uploadpack`.
    "protocol.allow=never",
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "diff.external=",
    "core.alternateRefsCommand=",
    "credential.helper=",
];

/// A git command with `HARDENING`, started in the current directory (the
/// user's choice, not the checkout's): no pager, no prompt, no lazy fetch,
/// no replacement objects, no external diff.
fn hardened() -> Command {
    let mut command = Command::new("git");
    for setting in HARDENING {
        command.arg("-c").arg(setting);
    }
    command
        .arg("--no-pager")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .env("GIT_PROTOCOL_FROM_USER", "0")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_SSH_COMMAND")
        .env_remove("GIT_ASKPASS");
    command
}

/// Runs git in the current directory; its standard output, or why it failed.
fn git(args: &[&str]) -> Result<String, String> {
    let output = hardened().args(args).stdin(Stdio::null()).output().map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(if said.is_empty() { format!("git exited with {}", output.status) } else { said })
    }
}

/// The text of each `path` at `commit` (none where the commit has no such
/// file, or it is not UTF-8 text), read by one `git cat-file --batch`.
fn cat_files(commit: &str, paths: &[(FileId, String)]) -> Result<Vec<Option<String>>, UsageError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let failed = |e: std::io::Error| UsageError(format!("--since: reading files from git failed: {e}"));
    // `commit:path` names a path from the top of the worktree, wherever git starts.
    let mut child = hardened()
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    let mut stdin = child.stdin.take().ok_or_else(|| UsageError("--since: git took no input".into()))?;
    let requests: String = paths.iter().map(|(_, p)| format!("{commit}:{p}\n")).collect();
    // Written from another thread: git answers while it reads, and a full pipe would stall both.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(requests.as_bytes());
    });
    let stdout = child.stdout.take().ok_or_else(|| UsageError("--since: git gave no output".into()))?;
    let mut reader = BufReader::new(stdout);
    let mut texts = Vec::with_capacity(paths.len());
    for _ in paths {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(failed)?;
        // "<oid> blob <size>" then the bytes and a newline; "<name> missing" otherwise.
        let mut fields = header.split_whitespace();
        let (_, kind, size) = (fields.next(), fields.next(), fields.next());
        match (kind, size.and_then(|s| s.parse::<u64>().ok())) {
            (Some("blob"), Some(size)) => {
                let mut bytes = Vec::new();
                (&mut reader).take(size).read_to_end(&mut bytes).map_err(failed)?;
                let mut newline = [0u8; 1];
                reader.read_exact(&mut newline).map_err(failed)?;
                texts.push(String::from_utf8(bytes).ok());
            }
            (Some(_), Some(size)) => {
                // A tree or another object at that path: not a file then.
                std::io::copy(&mut (&mut reader).take(size.saturating_add(1)), &mut std::io::sink()).map_err(failed)?;
                texts.push(None);
            }
            _ => texts.push(None),
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(texts)
}
