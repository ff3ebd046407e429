//! The editor server's latency benchmark: an LSP client that starts
//! `okrlint server`, opens a team set in a generated project, edits it, and
//! times each edit from the moment its `didChange` is written to the moment
//! the server publishes that file's diagnostics.
//!
//!   cargo build --release --bins --examples
//!   target/release/examples/lsp_latency target/release/okrlint target/bench/c1000 [EDITS]
//!
//! (`benches/lsp.sh` does this on the 1,000-set corpus.) Two kinds of edit:
//! - in the edited file: a KR's owner becomes `TBD` and back, so that each
//!   edit changes the file's findings (a placeholder owner is OKR101);
//! - across files: a department KR's id is renamed and back; the team set
//!   that contributes to it gains and loses OKR004, and the time is until
//!   the team set's diagnostics are published.
//!
//! Prints the median, minimum, 90th percentile and maximum of each, in milliseconds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

// The LSP client the server tests use.
#[path = "../tests/common/lsp.rs"]
#[allow(dead_code)]
mod lsp;

use lsp::{Client, uri};

fn fail(message: &str) -> ! {
    eprintln!("lsp_latency: {message}");
    std::process::exit(2)
}

/// The range of the first match of `needle` on its line, as LSP positions (ASCII text).
fn find(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| fail(&format!("`{needle}` is not in the file")));
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    (u32::try_from(line).unwrap_or(0), u32::try_from(column).unwrap_or(0))
}

/// An incremental change replacing `old` at (line, column) by `new`.
fn change(path: &Path, version: i32, (line, column): (u32, u32), old: &str, new: &str) -> Value {
    let end = column + u32::try_from(old.len()).unwrap_or(0);
    json!({
        "textDocument": {"uri": uri(path), "version": version},
        "contentChanges": [{
            "range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": end}},
            "text": new,
        }],
    })
}

fn summary(name: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name}: median {:.1} ms, min {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} edits)",
        at(0.5),
        at(0.0),
        at(0.9),
        at(1.0),
        times.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        fail("usage: lsp_latency OKRLINT PROJECT [EDITS]");
    }
    let binary = PathBuf::from(&args[1]);
    let root = PathBuf::from(&args[2]).canonicalize().unwrap_or_else(|e| fail(&format!("{}: {e}", args[2])));
    let edits: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(40);
    let team = root.join("depts/d003/teams/t00003.okr.yaml");
    let dept = root.join("depts/d003/d003.okr.yaml");
    let team_text = std::fs::read_to_string(&team).unwrap_or_else(|e| fail(&format!("{}: {e}", team.display())));
    let dept_text = std::fs::read_to_string(&dept).unwrap_or_else(|e| fail(&format!("{}: {e}", dept.display())));

    let mut client = Client::start(&binary);
    client.patience = Duration::from_secs(120);
    let started = Instant::now();
    client.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "initializationOptions": {"asOf": "2026-04-01"}}),
    );
    client.notify("initialized", json!({}));
    let open = |path: &Path, text: &str| json!({"textDocument": {"uri": uri(path), "languageId": "yaml", "version": 1, "text": text}});
    client.notify("textDocument/didOpen", open(&team, &team_text));
    client.diagnostics(&team);
    println!("project opened and first diagnostics of the team set in {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    client.notify("textDocument/didOpen", open(&dept, &dept_text));
    // Let the server settle (the department set may publish, or not, when it has no finding).
    std::thread::sleep(Duration::from_millis(500));
    let _ = client.drain(Duration::ZERO);

    // In the edited file: a KR owner becomes a placeholder, and back.
    let owner = "owner: Ana Mensah";
    let at = find(&team_text, owner);
    let value_at = (at.0, at.1 + "owner: ".len() as u32);
    let mut version = 1;
    let mut own = Vec::with_capacity(edits);
    for i in 0..edits {
        let (old, new) = if i % 2 == 0 { ("Ana Mensah", "TBD") } else { ("TBD", "Ana Mensah") };
        version += 1;
        let params = change(&team, version, value_at, old, new);
        let sent = Instant::now();
        client.notify("textDocument/didChange", params);
        client.diagnostics(&team);
        own.push(sent.elapsed().as_secs_f64() * 1e3);
    }
    summary("edited file (its own findings change)", own);

    // Across files: the department KR that the team set contributes to is renamed, and back.
    let kr = "- id: k1-churn";
    let at = find(&dept_text, kr);
    let id_at = (at.0, at.1 + "- id: ".len() as u32);
    let mut dept_version = 1;
    let mut across = Vec::with_capacity(edits);
    for i in 0..edits {
        let (old, new) = if i % 2 == 0 { ("k1-churn", "k1-churnx") } else { ("k1-churnx", "k1-churn") };
        dept_version += 1;
        let params = change(&dept, dept_version, id_at, old, new);
        let sent = Instant::now();
        client.notify("textDocument/didChange", params);
        let diagnostics = client.diagnostics(&team);
        across.push(sent.elapsed().as_secs_f64() * 1e3);
        let has_okr004 = diagnostics.iter().any(|d| d["code"] == "OKR004");
        if has_okr004 != (i % 2 == 0) {
            fail("the team set's OKR004 did not follow the renamed id");
        }
    }
    summary("another file (a renamed KR id: OKR004 in the team set)", across);

    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let code = client.exit_code();
    if code != 0 {
        fail(&format!("the server exited with {code}"));
    }
}
