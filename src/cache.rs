//! The summary cache (SPEC §4): what a run learnt of each file it did not
//! check in full, so that the next pre-commit run need not parse it again.
//!
//! An entry is keyed by a 128-bit hash of the file's path (relative to the
//! project root, since a set's default id comes from its name) and its bytes;
//! beside it the cache keeps each file's [`Stamp`] when it was read, so that
//! an unchanged file is not read again (and each log's set, so that an
//! unchanged log is not opened);
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
use std::sync::{Arc, Mutex, OnceLock};

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
const MAGIC: &str = "okrlint-cache-v2 ";
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

/// When a file was last written, as far as a later run can tell without
/// reading it: its length, modification and status-change times and inode.
/// An edit changes the times (and an edit that restores them, as `touch -d`
/// or `cp -p` do, still changes the status-change time); a checkout or a
/// copy makes a new file. A stamp is taken only of a file left alone for two
/// seconds: an edit within the same tick of the file system's clock as the
/// run that read it could keep every field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified: i128,
    changed: i128,
    inode: u64,
}

/// How long a file must be left alone before its stamp is trusted.
const SETTLED_NANOS: i128 = 2_000_000_000;

impl Stamp {
    /// The stamp of a regular file's metadata, or None when it is too recent
    /// to trust (or the system gives no times).
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        let nanos = |time: std::time::SystemTime| {
            let since = time.duration_since(std::time::UNIX_EPOCH).ok()?;
            i128::try_from(since.as_nanos()).ok()
        };
        let modified = nanos(meta.modified().ok()?)?;
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            let changed =
                i128::from(meta.ctime()).checked_mul(1_000_000_000)?.checked_add(i128::from(meta.ctime_nsec()))?;
            (changed, meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (modified, 0);
        let now = nanos(std::time::SystemTime::now())?;
        let settled = now.checked_sub(SETTLED_NANOS)?;
        (modified < settled && changed < settled).then_some(Stamp { len: meta.len(), modified, changed, inode })
    }
}

/// A cache file's content, after its authentication line (postcard: read
/// in a few milliseconds for a 1,000-set project, where JSON took tens).
/// Each summary is kept as its own bytes, borrowed from the file as read:
/// a run decodes only those it asks for.
#[derive(Serialize, Deserialize, Default)]
pub struct Stored<'a> {
    pub version: &'a str,
    /// Each summary's bytes by the key of the file bytes it was made from.
    #[serde(borrow)]
    pub summaries: Vec<(Key, &'a [u8])>,
    /// For each file read (path relative to the root): its stamp then, and
    /// the key of its bytes, so that an unchanged file need not be read.
    pub files: Vec<(String, Stamp, Key)>,
    /// For each check-in log peeked at: its stamp, and the set its first
    /// lines name (None: they do not say).
    pub heads: Vec<(String, Stamp, Option<String>)>,
}

impl<'a> Stored<'a> {
    /// Decodes a cache body (None when it is not one).
    pub fn decode(body: &'a [u8]) -> Option<Stored<'a>> {
        postcard::from_bytes(body).ok()
    }

    pub fn encode(&self) -> Option<Vec<u8>> {
        postcard::to_allocvec(self).ok()
    }
}

/// A summary the cache file holds: decoded the first time a run asks for
/// it. A run naming one file needs the summaries of the project's sets, not
/// those of every log, and decoding them all cost the run their number.
struct Slot {
    at: std::ops::Range<usize>,
    decoded: OnceLock<Option<Arc<Summary>>>,
}

/// What the cache file held.
#[derive(Default)]
struct Old {
    body: Vec<u8>,
    summaries: HashMap<Key, Slot>,
    files: HashMap<String, (Stamp, Key)>,
    heads: HashMap<String, (Stamp, Option<String>)>,
}

impl Old {
    fn summary(&self, key: Key) -> Option<Arc<Summary>> {
        let slot = self.summaries.get(&key)?;
        slot.decoded
            .get_or_init(|| {
                let bytes = self.body.get(slot.at.clone())?;
                Some(Arc::new(postcard::from_bytes::<Summary>(bytes).ok()?))
            })
            .clone()
    }
}

/// What the cache holds next time.
#[derive(Default)]
struct Entries {
    /// None: the summary the cache file holds, kept as its bytes.
    summaries: HashMap<Key, Option<Arc<Summary>>>,
    files: HashMap<String, (Stamp, Key)>,
    heads: HashMap<String, (Stamp, Option<String>)>,
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
    old: Old,
    /// The entries this run used or made: what the cache holds next time.
    now: Mutex<Entries>,
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
        let name = format!("summaries-{}-{:016x}.bin", env!("CARGO_PKG_VERSION"), hasher.finish());
        let path = dir.join(&name);
        let secret = user_key();
        let old = secret.and_then(|secret| read(&base, &path, &name, &secret)).unwrap_or_default();
        Cache { path, dir, base, secret, old, now: Mutex::new(Entries::default()) }
    }

    fn now(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.now.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The summary of the file whose bytes have this key, if cached.
    pub fn get(&self, key: Key) -> Option<Arc<Summary>> {
        let summary = self.old.summary(key)?;
        self.now().summaries.insert(key, None);
        Some(summary)
    }

    /// The summary of the file at `path` (relative to the root) when its
    /// stamp is the one recorded when it was last read: it need not be read.
    pub fn get_stamped(&self, path: &str, stamp: Stamp) -> Option<Arc<Summary>> {
        let (recorded, key) = self.old.files.get(path)?;
        if *recorded != stamp {
            return None;
        }
        let summary = self.get(*key)?;
        self.now().files.insert(path.to_string(), (stamp, *key));
        Some(summary)
    }

    /// Keeps a summary made this run.
    pub fn put(&self, key: Key, summary: Arc<Summary>) {
        // The same bytes make the same summary: the one read is kept, so
        // that a run that made nothing new need not write the cache.
        let made = (!self.old.summaries.contains_key(&key)).then_some(summary);
        self.now().summaries.insert(key, made);
    }

    /// Records that the file at `path`, with this stamp, had bytes of this key.
    pub fn stamp(&self, path: &str, stamp: Stamp, key: Key) {
        self.now().files.insert(path.to_string(), (stamp, key));
    }

    /// The set a log's first lines named when it had this stamp, if recorded.
    pub fn head(&self, path: &str, stamp: Stamp) -> Option<Option<String>> {
        let (recorded, set) = self.old.heads.get(path)?;
        if *recorded != stamp {
            return None;
        }
        self.now().heads.insert(path.to_string(), (stamp, set.clone()));
        Some(set.clone())
    }

    /// Records the set a log's first lines name.
    pub fn put_head(&self, path: &str, stamp: Stamp, set: Option<String>) {
        self.now().heads.insert(path.to_string(), (stamp, set));
    }

    /// Writes the entries this run used or made, unless they are those it read.
    pub fn save(self) {
        let now = self.now.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let same_summaries =
            now.summaries.len() == self.old.summaries.len() && now.summaries.values().all(Option::is_none);
        if same_summaries && now.files == self.old.files && now.heads == self.old.heads {
            return;
        }
        let old = &self.old;
        // Summaries made this run are encoded; those read are written as they were.
        let made: Vec<(Key, Vec<u8>)> = now
            .summaries
            .iter()
            .filter_map(|(key, made)| Some((*key, postcard::to_allocvec(&**made.as_ref()?).ok()?)))
            .collect();
        let kept = now.summaries.iter().filter(|(_, made)| made.is_none());
        let mut summaries: Vec<(Key, &[u8])> = kept
            .filter_map(|(key, _)| Some((*key, old.body.get(old.summaries.get(key)?.at.clone())?)))
            .chain(made.iter().map(|(key, bytes)| (*key, bytes.as_slice())))
            .collect();
        summaries.sort_by_key(|(key, _)| *key);
        let mut files: Vec<(String, Stamp, Key)> =
            now.files.into_iter().map(|(path, (stamp, key))| (path, stamp, key)).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut heads: Vec<(String, Stamp, Option<String>)> =
            now.heads.into_iter().map(|(path, (stamp, set))| (path, stamp, set)).collect();
        heads.sort_by(|a, b| a.0.cmp(&b.0));
        let stored = Stored { version: env!("CARGO_PKG_VERSION"), summaries, files, heads };
        if let Some(secret) = self.secret {
            let _ = write(&self.base, &self.dir, &self.path, &stored, &secret);
        }
    }
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
fn read(base: &Path, path: &Path, name: &str, secret: &[u8; 32]) -> Option<Old> {
    crate::output::refuse_links(base, path).ok()?;
    let mut body = read_regular(path, MAX_CACHE_BYTES)?;
    let newline = body.iter().position(|b| *b == b'\n')?;
    let head = std::str::from_utf8(&body[..newline]).ok()?;
    let claimed = unhex(head.strip_prefix(MAGIC)?)?;
    code(secret, name, &body[newline + 1..])?.verify_slice(&claimed).ok()?;
    body.drain(..=newline);
    let view = Stored::decode(&body)?;
    if view.version != env!("CARGO_PKG_VERSION") {
        return None;
    }
    let start = body.as_ptr() as usize;
    let summaries = view
        .summaries
        .iter()
        .map(|(key, bytes)| {
            let from = bytes.as_ptr() as usize - start;
            (*key, Slot { at: from..from + bytes.len(), decoded: OnceLock::new() })
        })
        .collect();
    let files = view.files.into_iter().map(|(path, stamp, key)| (path, (stamp, key))).collect();
    let heads = view.heads.into_iter().map(|(path, stamp, set)| (path, (stamp, set))).collect();
    Some(Old { body, summaries, files, heads })
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
    let body = stored.encode().ok_or_else(|| std::io::Error::other("the cache could not be encoded"))?;
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
