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

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::load::Summary;

/// The environment variable that puts the cache elsewhere.
pub const CACHE_DIR_ENV: &str = "OKRLINT_CACHE_DIR";
/// The cache folder's name at the project root.
pub const CACHE_DIR_NAME: &str = ".okrlint_cache";

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
    old: HashMap<Key, Arc<Summary>>,
    /// The entries this run used or made: what the cache holds next time.
    now: Mutex<HashMap<Key, Arc<Summary>>>,
}

impl Cache {
    /// Opens the cache of the project at `root` for a configuration (its
    /// debug form, which names every setting).
    pub fn open(root: &Path, configuration: &str) -> Cache {
        let dir = match std::env::var_os(CACHE_DIR_ENV).filter(|d| !d.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => root.join(CACHE_DIR_NAME),
        };
        let mut hasher = std::hash::DefaultHasher::new();
        configuration.hash(&mut hasher);
        // A shared cache folder may serve several projects.
        root.hash(&mut hasher);
        let name = format!("summaries-{}-{:016x}.json", env!("CARGO_PKG_VERSION"), hasher.finish());
        let path = dir.join(name);
        let old = read(&path).unwrap_or_default();
        Cache { path, dir, old, now: Mutex::new(HashMap::new()) }
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
        let _ = write(&self.dir, &self.path, &stored);
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

fn read(path: &Path) -> Option<HashMap<Key, Arc<Summary>>> {
    use rayon::prelude::*;
    let bytes = std::fs::read(path).ok()?;
    let stored: StoredRaw = serde_json::from_slice(&bytes).ok()?;
    if stored.version != env!("CARGO_PKG_VERSION") {
        return None;
    }
    let parsed: Option<Vec<(Key, Arc<Summary>)>> = stored
        .entries
        .par_iter()
        .map(|(key, raw)| {
            let summary: Summary = serde_json::from_str(raw.get()).ok()?;
            Some((Key::from_str_radix(key, 16).ok()?, Arc::new(summary)))
        })
        .collect();
    Some(parsed?.into_iter().collect())
}

fn write(dir: &Path, path: &Path, stored: &Stored) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "# Made by okrlint: the cache is never committed.\n*\n")?;
    }
    let temporary = dir.join(format!(".summaries-{}-{:?}.tmp", std::process::id(), std::thread::current().id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(&serde_json::to_vec(stored).map_err(std::io::Error::other)?)?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
