//! The summary cache (SPEC §4): what a run learnt of each file it did not
//! check in full, so that the next pre-commit run need not parse it again.
//!
//! An entry is keyed by a 128-bit hash of the file's path (relative to the
//! project root, since a set's default id comes from its name) and its bytes;
//! the cache file's name carries okrlint's version and a hash of the
//! configuration. So an entry is used only for the exact bytes, version and
//! configuration it was made from. The cache is only ever a shortcut: a
//! missing, corrupt, foreign or unwritable cache is ignored, and it is
//! replaced whole and atomically (a temporary file, then a rename), so two
//! runs writing at once leave one complete cache or the other.
//!
//! Entry keys can be computed by anyone, so a cache committed to a
//! repository could hide a broken reference from a pre-commit run. The
//! cache file therefore carries an HMAC-SHA-256 of its name and content
//! under a key private to the user (`key`: 32 random bytes, mode 0600, in
//! the user's cache directory, never under the project); a cache whose code
//! does not verify is ignored. The cache is read only from a regular file
//! of bounded size, and never written through a symbolic link.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::load::Summary;

/// The environment variable that puts the cache elsewhere.
pub const CACHE_DIR_ENV: &str = "OKRLINT_CACHE_DIR";
/// The cache folder's name at the project root.
pub const CACHE_DIR_NAME: &str = ".okrlint_cache";
/// A cache file larger than this is not read (a 10,000-set project's is a few tens of MB).
const MAX_CACHE_BYTES: u64 = 1 << 30;
/// What a cache file starts with, before its authentication code and a newline.
const MAGIC: &str = "okrlint-cache-v1 ";
/// The CACHEDIR.TAG signature (backup tools skip a folder holding it).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is okrlint's cache: \
     safe to delete, never worth backing up.\n";

/// The source of every type a cached summary holds: a build that changes
/// any of them does not read summaries another build wrote, whatever its
/// version number says.
const SUMMARY_SHAPE: [&str; 8] = [
    include_str!("load/summary.rs"),
    include_str!("load/mod.rs"),
    include_str!("model/okr.rs"),
    include_str!("model/plan.rs"),
    include_str!("model/mod.rs"),
    include_str!("model/metric.rs"),
    include_str!("model/checkin.rs"),
    include_str!("source.rs"),
];

/// A file's key: hash of its path and bytes.
pub type Key = u128;

pub fn key(relative_path: &str, bytes: &[u8]) -> Key {
    // Two SipHash passes with different seeds: 128 bits, so a collision
    // between two versions of a file is not a practical worry.
    let half = |seed: u64| {
        let mut hasher = std::hash::DefaultHasher::new();
        seed.hash(&mut hasher);
        relative_path.hash(&mut hasher);
        bytes.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0x6f6b_726c_696e_7431)) << 64) | u128::from(half(0x7375_6d6d_6172_7932))
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: String,
    entries: Vec<(String, Summary)>,
}

/// The cache of one project for one run.
pub struct Cache {
    path: PathBuf,
    dir: PathBuf,
    /// Where links are refused from on the way to `dir` (the project root,
    /// or `dir` itself when the user named it).
    base: PathBuf,
    /// The user's key; without one the cache is neither read nor written.
    secret: Option<[u8; 32]>,
    old: HashMap<Key, Arc<Summary>>,
    /// The entries this run used or made: what the cache holds next time.
    now: Mutex<HashMap<Key, Arc<Summary>>>,
}

impl Cache {
    /// Opens the cache of the project at `root` for a configuration (its
    /// text as read: the same bytes mean the same settings).
    pub fn open(root: &Path, configuration: &str) -> Cache {
        let (dir, base) = match std::env::var_os(CACHE_DIR_ENV).filter(|d| !d.is_empty()) {
            Some(dir) => (PathBuf::from(&dir), PathBuf::from(dir)),
            None => (root.join(CACHE_DIR_NAME), root.to_path_buf()),
        };
        let mut hasher = std::hash::DefaultHasher::new();
        configuration.hash(&mut hasher);
        // A summary's shape may change between builds of one version.
        SUMMARY_SHAPE.hash(&mut hasher);
        // A shared cache folder may serve several projects.
        root.hash(&mut hasher);
        let name = format!("summaries-{}-{:016x}.json", env!("CARGO_PKG_VERSION"), hasher.finish());
        let path = dir.join(&name);
        let secret = user_key();
        let old = secret.and_then(|secret| read(&base, &path, &name, &secret)).unwrap_or_default();
        Cache { path, dir, base, secret, old, now: Mutex::new(HashMap::new()) }
    }

    /// The summary made from exactly these bytes, if the cache holds it.
    pub fn get(&self, key: Key) -> Option<Arc<Summary>> {
        let summary = self.old.get(&key)?.clone();
        if let Ok(mut now) = self.now.lock() {
            now.insert(key, summary.clone());
        }
        Some(summary)
    }

    /// Records a summary made this run.
    pub fn put(&self, key: Key, summary: Arc<Summary>) {
        if let Ok(mut now) = self.now.lock() {
            now.insert(key, summary);
        }
    }

    /// Writes the cache when this run learnt something new or stopped using
    /// an entry. Any failure is ignored: the cache is a shortcut, never a
    /// reason for a run to fail.
    pub fn save(self) {
        let now = self.now.into_inner().unwrap_or_default();
        // Unchanged when this run used exactly the entries it found.
        if now.len() == self.old.len() && now.keys().all(|k| self.old.contains_key(k)) {
            return;
        }
        let mut entries: Vec<(String, Summary)> =
            now.into_iter().map(|(key, summary)| (format!("{key:032x}"), (*summary).clone())).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let stored = Stored { version: env!("CARGO_PKG_VERSION").to_string(), entries };
        if let Some(secret) = self.secret {
            let _ = write(&self.base, &self.dir, &self.path, &stored, &secret);
        }
    }
}

/// The stored cache as read: each summary still JSON text, so that they are
/// parsed in parallel (one file's summaries are most of a warm run's work).
#[derive(Deserialize)]
struct StoredRaw<'a> {
    version: String,
    #[serde(borrow)]
    entries: Vec<(String, &'a serde_json::value::RawValue)>,
}

/// The authentication code of a cache file's content under the user's key;
/// the file's name (version, configuration, project) is part of it.
fn code(secret: &[u8; 32], name: &str, body: &[u8]) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(name.as_bytes());
    mac.update(&[0]);
    mac.update(body);
    Some(mac)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// Reads a regular file (never a link, a FIFO or a device) of at most `max` bytes.
fn read_regular(path: &Path, max: u64) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() || meta.len() > max {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()?);
    std::fs::File::open(path).ok()?.take(max).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The user's cache directory, where the key lives: `$XDG_CACHE_HOME`, else
/// `~/.cache` (`%LOCALAPPDATA%` on Windows), each with `okrlint/`.
fn user_cache_dir() -> Option<PathBuf> {
    let from = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = if cfg!(windows) {
        from("LOCALAPPDATA")
    } else {
        from("XDG_CACHE_HOME").filter(|p| p.is_absolute()).or_else(|| from("HOME").map(|h| h.join(".cache")))
    };
    Some(base?.join("okrlint"))
}

/// The user's key: read, or made (32 random bytes, mode 0600, created
/// exclusively) the first time. None when it cannot be had safely: then the
/// cache is not used at all.
fn user_key() -> Option<[u8; 32]> {
    let dir = user_cache_dir()?;
    let path = dir.join("key");
    if let Some(bytes) = read_regular(&path, 64) {
        return private(&path).then(|| bytes.try_into().ok()).flatten();
    }
    std::fs::create_dir_all(&dir).ok()?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).ok()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut file) => {
            file.write_all(&secret).ok()?;
            file.sync_all().ok()?;
            Some(secret)
        }
        // Another run made it meanwhile: use that one.
        Err(_) => read_regular(&path, 64).filter(|_| private(&path)).and_then(|b| b.try_into().ok()),
    }
}

/// Whether only its owner may read and write the key file.
fn private(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::symlink_metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

/// Reads the cache file at `path` (named `name`) when it is a regular file
/// below no link from `base`, and its code verifies under `secret`.
fn read(base: &Path, path: &Path, name: &str, secret: &[u8; 32]) -> Option<HashMap<Key, Arc<Summary>>> {
    crate::output::refuse_links(base, path).ok()?;
    let bytes = read_regular(path, MAX_CACHE_BYTES)?;
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let head = std::str::from_utf8(&bytes[..newline]).ok()?;
    let claimed = unhex(head.strip_prefix(MAGIC)?)?;
    let body = &bytes[newline + 1..];
    code(secret, name, body)?.verify_slice(&claimed).ok()?;
    let stored: StoredRaw = serde_json::from_slice(body).ok()?;
    if stored.version != env!("CARGO_PKG_VERSION") {
        return None;
    }
    let parsed: Vec<Option<(Key, Arc<Summary>)>> = crate::parallel::map(&stored.entries, |_, (key, raw)| {
        let summary: Summary = serde_json::from_str(raw.get()).ok()?;
        Some((Key::from_str_radix(key, 16).ok()?, Arc::new(summary)))
    });
    parsed.into_iter().collect()
}

/// Writes the cache: never through a symbolic link (the folder, its
/// `.gitignore`, its tag or the cache file), the temporary file created
/// exclusively and renamed into place.
fn write(base: &Path, dir: &Path, path: &Path, stored: &Stored, secret: &[u8; 32]) -> std::io::Result<()> {
    let linked = |_| std::io::Error::other("a symbolic link on the cache's path");
    crate::output::refuse_links(base, dir).map_err(linked)?;
    std::fs::create_dir_all(dir)?;
    crate::output::refuse_links(base, dir).map_err(linked)?;
    for (name, text) in
        [(".gitignore", "# Made by okrlint: the cache is never committed.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)]
    {
        // Created only where nothing (not even a dangling link) has the name.
        if std::fs::symlink_metadata(dir.join(name)).is_err() {
            let made = std::fs::OpenOptions::new().write(true).create_new(true).open(dir.join(name));
            if let Ok(mut file) = made {
                file.write_all(text.as_bytes())?;
            }
        }
    }
    let body = serde_json::to_vec(stored).map_err(std::io::Error::other)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mac = code(secret, &name, &body).ok_or_else(|| std::io::Error::other("no key"))?;
    let mut temporary = None;
    let result = (|| {
        let mut file = None;
        for attempt in 0..100u32 {
            let candidate = dir.join(format!(".summaries-{}-{attempt}.tmp", std::process::id()));
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&candidate) {
                Ok(made) => {
                    file = Some(made);
                    temporary = Some(candidate);
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        let (Some(mut file), Some(temp)) = (file, temporary.as_ref()) else {
            return Err(std::io::Error::other("no free temporary name"));
        };
        file.write_all(MAGIC.as_bytes())?;
        file.write_all(hex(&mac.finalize().into_bytes()).as_bytes())?;
        file.write_all(b"\n")?;
        file.write_all(&body)?;
        // rename replaces a link planted at the cache's name; it never writes through it.
        std::fs::rename(temp, path)
    })();
    if result.is_err()
        && let Some(temp) = temporary
    {
        let _ = std::fs::remove_file(temp);
    }
    result
}
