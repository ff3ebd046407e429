//! Where output goes: standard output, or a file written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Prints to standard output. A closed pipe (`okrlint check | head`) ends
/// quietly; any other failure (a full disk) is an error the caller reports.
pub fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write to standard output: {e}")),
        _ => Ok(()),
    }
}

/// Writes to standard output through `write`, buffered; a closed pipe ends
/// quietly, as `print` does.
pub fn stream(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write to standard output: {e}")),
        _ => Ok(()),
    }
}

/// `--output FILE`: writes what `write` produces to `path`, streamed, as
/// `write_below` does from the current directory.
pub fn write_streamed(
    path: &Path,
    force: bool,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    write_below(&cwd, path, force, write)
}

/// The standard streams, written as they are whatever they point at.
fn is_standard_stream(path: &Path) -> bool {
    let Some(text) = path.to_str() else { return false };
    matches!(text, "/dev/stdout" | "/dev/stderr" | "/dev/null")
        || text.strip_prefix("/dev/fd/").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes to `path` (SPEC §4 `--output`): a standard stream or an existing
/// FIFO or device directly (nothing is replaced); otherwise atomically,
/// through a temporary file created exclusively in the same folder and a
/// rename, refusing an existing file without `force` and keeping a replaced
/// file's permissions. A symlink at `path`, or a symlinked folder on the
/// way from `base` down to it, is refused with or without `force`: okrlint
/// writes inside checkouts that pull requests control, and a planted link
/// would aim the write at any file.
pub fn write_below(
    base: &Path,
    path: &Path,
    force: bool,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let shown = crate::render::safe::text(&path.display().to_string()).into_owned();
    let failed = |e: std::io::Error| format!("cannot write {shown}: {e}");
    if is_standard_stream(path) {
        return write_directly(path, write).map_err(failed);
    }
    refuse_links(base, path).map_err(|link| {
        format!(
            "refusing to write {shown}: {} is a symbolic link, and okrlint never writes through one \
             (name a path without links)",
            crate::render::safe::text(&link.display().to_string())
        )
    })?;
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(format!("cannot write {shown}: it is a directory")),
        Ok(meta) if !meta.is_file() => return write_directly(path, write).map_err(failed),
        Ok(_) if !force => return Err(format!("{shown} already exists; pass --force to overwrite it")),
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(failed(e)),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let (temp, file) = create_temporary(&dir, &name).map_err(failed)?;
    let result = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        if let Some(permissions) = existing {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        // Checked again just before the rename: a link planted meanwhile is refused.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(std::io::Error::other("a symbolic link appeared at the path while writing"));
        }
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(failed(e));
    }
    Ok(())
}

/// A new temporary file in `dir`, created exclusively (`O_EXCL`: never
/// through an existing name or link), readable by its owner only until the
/// permissions it is meant to have are set.
fn create_temporary(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = None;
    for attempt in 0..100u32 {
        let temp = dir.join(format!(".{name}.okrlint-{}-{attempt}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        match options.open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// The first symlink among `path` and its folders below `base` (relative
/// paths are taken from the current directory), if any. Folders above
/// `base` are the user's choice. Components are walked as written, so
/// `link/../x` is refused at `link`, as the kernel would follow it.
pub fn refuse_links(base: &Path, path: &Path) -> Result<(), PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
    let (base, full) = (absolute(base), absolute(path));
    // The base's own links are resolved (`/tmp` may be one); below it, none is followed.
    let below = match full.strip_prefix(&base) {
        Ok(rest) => rest.to_path_buf(),
        Err(_) => return Ok(()),
    };
    let mut current = base;
    for component in below.components() {
        current.push(component);
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(current),
            Ok(_) => {}
            // The rest does not exist yet: nothing below can be a link.
            Err(_) => break,
        }
    }
    Ok(())
}

/// Writes into a standard stream, an existing FIFO or a device as it is.
fn write_directly(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out)?;
    out.flush()
}

/// Creates `dir` and its missing folders below `base`, never through a
/// symbolic link (`init` writes into folders a repository controls).
pub fn create_dirs_below(base: &Path, dir: &Path) -> Result<(), String> {
    let shown = |p: &Path| crate::render::safe::text(&p.display().to_string()).into_owned();
    refuse_links(base, dir)
        .map_err(|link| format!("refusing to write into {}: {} is a symbolic link", shown(dir), shown(&link)))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", shown(dir)))?;
    // Made between the check and the creation: checked once more.
    refuse_links(base, dir)
        .map_err(|link| format!("refusing to write into {}: {} is a symbolic link", shown(dir), shown(&link)))
}

/// Appends to a file another program reads (GitHub's job summary), creating it if needed.
pub fn append(path: &Path, text: &str) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write the job summary {}: {e}", path.display()))
}
