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

/// Writes `bytes` to `path` as SPEC §4 says. A regular file is written
/// through a temporary file in the same directory and a rename, so readers
/// never see half a file, and a file it replaces keeps its permissions; an
/// existing one is replaced only with `force`. Through a symlink, the link's
/// target is replaced and the link kept. A FIFO, a device or a socket
/// (`/dev/stdout`, a named pipe) is written directly: there is nothing to
/// replace, so `force` is not needed.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let shown = path.display();
    let failed = |e: std::io::Error| format!("cannot write {shown}: {e}");
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(format!("cannot write {shown}: it is a directory")),
        Ok(meta) if !meta.is_file() => return write_directly(path, bytes).map_err(failed),
        Ok(_) if !force => return Err(format!("{shown} already exists; pass --force to overwrite it")),
        Ok(_) => {}
        // A dangling symlink: its target is created, the link kept.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(failed(e)),
    }
    let target = resolve_links(path).map_err(failed)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let temp = dir.join(format!(".{name}.okrlint-{}.tmp", std::process::id()));
    let kept = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let result = std::fs::File::create(&temp)
        .and_then(|mut f| {
            if let Some(permissions) = kept {
                f.set_permissions(permissions)?;
            }
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, &target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(failed(e));
    }
    Ok(())
}

/// Writes into an existing FIFO or device as it is.
fn write_directly(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// The file a path names once symlinks are followed (the last one may dangle).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As the kernel does, give up on a chain that long: it is a loop.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
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
