//! The OKR files of a benchmark corpus (every `*.yaml` but `.okrlint.yaml`),
//! as both floors read them (`parse_floor`, `event_floor`).

use std::path::{Path, PathBuf};

pub fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.to_string_lossy().ends_with(".yaml") && !path.ends_with(".okrlint.yaml") {
            out.push(path);
        }
    }
}
