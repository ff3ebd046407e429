//! Which files make up the project, and which of them the user asked about.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::source::FileKind;

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub kind: FileKind,
    /// Named on the command line, or inside a directory that was.
    pub reported: bool,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub root: PathBuf,
    pub files: Vec<Candidate>,
    /// Problems met while walking (an unreadable directory), for the user to see.
    pub notes: Vec<String>,
    /// Named paths skipped because `exclude` covers them.
    pub excluded_named: usize,
    /// The folders the walk of the root entered: inside the root, since the
    /// walk follows no link (reading their files needs no check of where
    /// they lead).
    pub folders: Vec<PathBuf>,
}

/// The project root for a starting path: the nearest ancestor holding
/// `.okrlint.yaml`, else the nearest git root, else the current directory.
pub fn find_root(start: &Path, cwd: &Path) -> PathBuf {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
    };
    if let Some(dir) = start.ancestors().find(|d| d.join(".okrlint.yaml").is_file()) {
        return dir.to_path_buf();
    }
    if let Some(dir) = start.ancestors().find(|d| d.join(".git").exists()) {
        return dir.to_path_buf();
    }
    cwd.to_path_buf()
}

/// Makes a path absolute and resolves `.`/`..` and symlinks where the path
/// exists, but for a symlink at the path itself: that is kept as named, so
/// that where it leads is judged when it is read (never out of the project).
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    if std::fs::symlink_metadata(&joined).is_ok_and(|m| m.file_type().is_symlink())
        && let (Some(parent), Some(name)) = (joined.parent(), joined.file_name())
        && let Ok(parent) = parent.canonicalize()
    {
        return parent.join(name);
    }
    if let Ok(canonical) = joined.canonicalize() {
        return canonical;
    }
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base`, `/`-separated.
pub fn relative(path: &Path, base: &Path) -> String {
    // The usual case, a plain path under the base, as bytes: a run shows
    // every file of the project by such a path.
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(rest) = path.as_os_str().as_encoded_bytes().strip_prefix(base.as_os_str().as_encoded_bytes())
        && let Some(rest) = rest.strip_prefix(b"/")
        && !rest.is_empty()
        && plain(rest)
        && let Ok(text) = std::str::from_utf8(rest)
    {
        return text.to_string();
    }
    relative_by_components(path, base)
}

fn relative_by_components(path: &Path, base: &Path) -> String {
    if let Ok(rest) = path.strip_prefix(base) {
        if rest.as_os_str().is_empty() {
            return ".".to_string();
        }
        let text = rest.to_string_lossy();
        return if std::path::MAIN_SEPARATOR == '/' { text.into_owned() } else { text.replace('\\', "/") };
    }
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); base_parts.len() - common];
    parts.extend(path_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

/// Whether a `/`-separated relative path is the same text as its components
/// joined: no empty or `.` component, no `/` at either end.
fn plain(path: &[u8]) -> bool {
    path.split(|&b| b == b'/').all(|part| !part.is_empty() && part != b".")
}

fn exclude_set(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Walks the project root and adds the named paths. `paths` are absolute and
/// exist; explicit files are always read, whatever their name or exclusions.
pub fn discover(paths: &[PathBuf], root: &Path, exclude: &[String]) -> Discovery {
    let excluded = exclude_set(exclude);
    let mut discovery = Discovery { root: root.to_path_buf(), ..Discovery::default() };
    // Each named path is looked at once: a pre-commit run may name a
    // thousand files, and a walked file is then matched by lookups, not by
    // comparing it with every named path.
    let named_dirs: HashSet<&Path> = paths.iter().filter(|p| p.is_dir()).map(PathBuf::as_path).collect();
    // The root gives the whole project; a named directory below it is walked
    // again so that it is read even where the root's .gitignore skips it.
    let mut walk_roots = vec![root.to_path_buf()];
    let mut dirs: Vec<&Path> = named_dirs.iter().copied().collect();
    dirs.sort();
    // A named folder that `exclude` covers: say so, rather than "no OKR files".
    for dir in &dirs {
        let Ok(inside) = dir.strip_prefix(root) else { continue };
        if !inside.as_os_str().is_empty()
            && (excluded.is_match(inside) || excluded.is_match(inside.join("any.okr.yaml")))
        {
            let shown = inside.to_string_lossy().replace('\\', "/");
            discovery.notes.push(format!(
                "{shown} is excluded by `exclude` in the configuration: its files are not checked \
                 (remove the pattern, or pass --config with another configuration, to check it)"
            ));
            discovery.excluded_named = discovery.excluded_named.saturating_add(1);
        }
    }
    for path in dirs {
        if path != root && !walk_roots[1..].iter().any(|r| path.starts_with(r)) {
            walk_roots.push(path.to_path_buf());
        }
    }
    for (n, walk_root) in walk_roots.iter().enumerate() {
        // One thread: the parallel walker's start-up and idle waits cost a
        // pre-commit run more than a whole 1,000-set project's walk.
        // Only the ignore files the project holds: a user's global excludes
        // and `.git/info/exclude` differ from machine to machine, and a run
        // must find the same files on a laptop as in CI.
        let walker = ignore::WalkBuilder::new(walk_root)
            .require_git(false)
            .git_global(false)
            .git_exclude(false)
            .follow_links(false)
            .build();
        let mut found: Vec<Candidate> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    // A folder or file that cannot be read is a finding (OKR001 when
                    // it is read), never a note: it must not pass CI unlinted.
                    match path_of(&err).filter(|_| err.is_io() && !err.is_partial()) {
                        Some(path) if !excluded.is_match(path.strip_prefix(root).unwrap_or(path)) => {
                            let reported = !named_dirs.is_empty() && path.ancestors().any(|a| named_dirs.contains(a));
                            found.push(Candidate { path: path.to_path_buf(), kind: FileKind::Unknown, reported });
                        }
                        Some(_) => {}
                        None => notes.push(format!("skipped while walking {}: {err}", walk_root.display())),
                    }
                    continue;
                }
            };
            // Anything with an OKR name that is not a directory is read, even a
            // broken or looping symlink or a pipe: reading it then reports why,
            // rather than skipping it silently.
            let is_file = entry.file_type().is_some_and(|t| !(t.is_dir() || t.is_symlink() && entry.path().is_dir()));
            if !is_file {
                // Only the project root's walk: a named folder may be a link.
                if n == 0 && entry.file_type().is_some_and(|t| t.is_dir()) && !entry.path_is_symlink() {
                    discovery.folders.push(entry.into_path());
                }
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            let Some(kind) = FileKind::from_name(&name) else { continue };
            let path = entry.into_path();
            let relative_to_root = path.strip_prefix(root).unwrap_or(&path);
            if excluded.is_match(relative_to_root) {
                continue;
            }
            let reported = !named_dirs.is_empty() && path.ancestors().any(|a| named_dirs.contains(a));
            found.push(Candidate { path, kind, reported });
        }
        discovery.files.append(&mut found);
        notes.sort();
        discovery.notes.append(&mut notes);
    }
    // A named file is found among the walked ones by a search of the sorted list.
    discovery.files.sort();
    discovery.files.dedup_by(|a, b| a.path == b.path);
    let walked = discovery.files.len();
    for path in paths {
        if named_dirs.contains(path.as_path()) {
            continue;
        }
        // pre-commit passes every changed file: `exclude` holds for named files too (SPEC §1).
        if excluded.is_match(path.strip_prefix(root).unwrap_or(path)) {
            let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
            discovery.notes.push(format!("{shown} skipped: it matches `exclude` in the configuration"));
            discovery.excluded_named = discovery.excluded_named.saturating_add(1);
            continue;
        }
        match discovery.files[..walked].binary_search_by(|c| c.path.as_path().cmp(path)) {
            Ok(found) => discovery.files[found].reported = true,
            Err(_) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let kind = FileKind::from_name(&name).unwrap_or(FileKind::Unknown);
                discovery.files.push(Candidate { path: path.clone(), kind, reported: true });
            }
        }
    }
    if discovery.files.len() > walked {
        discovery.files.sort();
        discovery.files.dedup_by(|a, b| a.path == b.path);
    }
    discovery
}

/// The path a walk error is about, if it names one.
fn path_of(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => path_of(err),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/a/b/c.yaml"), Path::new("/a")), "b/c.yaml");
        assert_eq!(relative(Path::new("/a/x/c.yaml"), Path::new("/a/b")), "../x/c.yaml");
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), ".");
        assert_eq!(relative(Path::new("/a/bc/d.yaml"), Path::new("/a/b")), "../bc/d.yaml");
        // Read as bytes when plain, else by components: the same either way.
        for (path, base) in [
            ("/a/b/./c.yaml", "/a"),
            ("/a/b//c.yaml", "/a"),
            ("/a/b/c.yaml", "/a/"),
            ("/a/b/c.yaml/", "/a"),
            ("/ab/c.yaml", "/a"),
            ("/a/.hidden/c.yaml", "/a"),
            ("/a/b", "/a/b/"),
        ] {
            let (path, base) = (Path::new(path), Path::new(base));
            assert_eq!(relative(path, base), relative_by_components(path, base), "{path:?} from {base:?}");
        }
        assert_eq!(relative(Path::new("/ab/c.yaml"), Path::new("/a")), "../ab/c.yaml");
    }
}
