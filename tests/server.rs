//! `okrlint server` as an editor drives it: an LSP conversation over the
//! binary's standard input and output (SPEC §8). Every wait has a deadline:
//! a server that hangs fails the test, never the run.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

const AS_OF: &str = "2026-02-15";

use common::lsp::{Client, uri};

/// What the tests do beyond the client's basics.
trait Editor {
    fn initialized(encodings: &[&str]) -> (Client, Value);
    fn open(&mut self, path: &Path);
    fn open_text(&mut self, path: &Path, text: &str);
    fn change(&mut self, path: &Path, version: i32, text: &str);
    fn stop(self) -> i32;
}

impl Editor for Client {
    /// Starts a server and initializes it, offering `encodings`.
    fn initialized(encodings: &[&str]) -> (Client, Value) {
        let mut client = Client::start(Path::new(env!("CARGO_BIN_EXE_okrlint")));
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "capabilities": {"general": {"positionEncodings": encodings}},
                "initializationOptions": {"asOf": AS_OF},
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn open(&mut self, path: &Path) {
        let text = std::fs::read_to_string(path).expect("read");
        self.open_text(path, &text);
    }

    fn open_text(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown` then `exit`; the exit code.
    fn stop(mut self) -> i32 {
        let result = self.call("shutdown", Value::Null);
        assert_eq!(result["result"], Value::Null, "{result}");
        self.notify("exit", Value::Null);
        self.exit_code()
    }
}

/// A copy of the bundled anti-pattern fixture (the server may be asked to fix it).
fn anti_patterns() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    let from = common::repo().join("fixtures/playbook/anti-patterns");
    for entry in std::fs::read_dir(&from).expect("fixture").flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), root.join(entry.file_name())).expect("copy");
        }
    }
    (dir, root)
}

/// (line, code) of each finding `okrlint check` reports in `file` (0-based lines, as LSP counts).
fn check_findings(root: &Path, file: &str) -> Vec<(u64, String)> {
    let run = common::okrlint_in(root, &["check", "--format", "json", "--no-cache", "--as-of", AS_OF, file]);
    let mut found: Vec<(u64, String)> = common::json_diagnostics(&run)
        .iter()
        .filter(|d| d["file"] == file && d["suppressed"] != true)
        .map(|d| (d["line"].as_u64().unwrap_or(0) - 1, d["code"].as_str().unwrap_or("").to_string()))
        .collect();
    found.sort();
    found
}

fn published(diagnostics: &[Value]) -> Vec<(u64, String)> {
    let mut found: Vec<(u64, String)> = diagnostics
        .iter()
        .map(|d| (d["range"]["start"]["line"].as_u64().unwrap_or(0), d["code"].as_str().unwrap_or("").to_string()))
        .collect();
    found.sort();
    found
}

/// The 0-based line and UTF-16 column of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not found"));
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].encode_utf16().count())
}

fn position(path: &Path, text: &str, needle: &str, offset: usize) -> Value {
    let (line, character) = find(text, needle);
    json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character + offset}})
}

#[test]
fn a_conversation_shows_what_check_shows_and_answers_every_request() {
    let (_dir, root) = anti_patterns();
    let (mut client, init) = Client::initialized(&["utf-16"]);
    let capabilities = &init["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16", "{init}");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental sync: {init}");
    assert_eq!(init["serverInfo"]["name"], "okrlint");

    // Open: the findings are those of `okrlint check`, codes, lines and all.
    let growth = root.join("growth.okr.yaml");
    let growth_text = std::fs::read_to_string(&growth).expect("read");
    client.open(&growth);
    let diagnostics = client.diagnostics(&growth);
    assert_eq!(published(&diagnostics), check_findings(&root, "growth.okr.yaml"));
    let first = &diagnostics[0];
    assert_eq!(first["source"], "okrlint");
    assert!(first["severity"].as_u64().is_some_and(|s| (1..=3).contains(&s)), "{first}");
    // The project's other files are published too (`marketing.okr.yaml` has an OKR002).
    let marketing = root.join("marketing.okr.yaml");
    assert_eq!(published(&client.diagnostics(&marketing)), check_findings(&root, "marketing.okr.yaml"));

    // Hover on a finding: its rule's explanation.
    let hover = client.request("textDocument/hover", position(&growth, &growth_text, "- id: onboarding", 2));
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("OKR104") && text.contains("## What it does"), "{hover}");

    // Hover on a reference: the target's title and owner.
    let at_reference = position(&growth, &growth_text, "aligns_to: company/win-smb", "aligns_to: ".len() + 3);
    let hover = client.request("textDocument/hover", at_reference.clone());
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("Become the easiest product for small businesses to adopt"), "{hover}");
    assert!(text.contains("owner: Maya Chen") && text.contains("company.okr.yaml"), "{hover}");

    // Definition: the objective's id in the company set.
    let definition = client.request("textDocument/definition", at_reference);
    let company = root.join("company.okr.yaml");
    assert_eq!(definition["uri"], uri(&company), "{definition}");
    let company_text = std::fs::read_to_string(&company).expect("read");
    let (line, column) = find(&company_text, "win-smb");
    assert_eq!(definition["range"]["start"], json!({"line": line, "character": column}), "{definition}");

    // Hover on a KR reference: baseline → target and its latest score.
    let experiment = root.join("growth-experiment.okr.yaml");
    let experiment_text = std::fs::read_to_string(&experiment).expect("read");
    client.open(&experiment);
    let hover = client.request(
        "textDocument/hover",
        position(&experiment, &experiment_text, "contributes_to: growth/onboarding/ttv", "contributes_to: ".len()),
    );
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("baseline → target: ") && text.contains("latest score: "), "{hover}");

    // Completion inside a reference: the valid targets, with their titles.
    let (line, _) = find(&growth_text, "aligns_to: company/win-smb");
    let mut typed = growth_text.lines().map(str::to_string).collect::<Vec<_>>();
    typed[line] = "    aligns_to: company/".to_string();
    let typed = typed.join("\n") + "\n";
    client.change(&growth, 2, &typed);
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&growth)}, "position": {"line": line, "character": 23}}),
    );
    let items = completion.as_array().expect("a list of items");
    let item = items.iter().find(|i| i["label"] == "company/win-smb").unwrap_or_else(|| panic!("{completion}"));
    assert_eq!(item["detail"], "Become the easiest product for small businesses to adopt");
    assert!(items.iter().any(|i| i["label"] == "company/win-smb/activation"), "KRs too: {completion}");
    assert_eq!(item["textEdit"]["range"]["start"]["character"], 15, "replaces what was typed: {item}");
    client.change(&growth, 3, &growth_text);

    // Cross-file: renaming the company objective breaks growth's `aligns_to` at once (OKR004).
    client.open(&company);
    let _ = client.drain(Duration::from_millis(300));
    client.change(&company, 2, &company_text.replacen("- id: win-smb", "- id: win-small", 1));
    let growth_now = client.diagnostics(&growth);
    assert!(published(&growth_now).iter().filter(|(_, code)| code == "OKR004").count() >= 4, "{growth_now:?}");
    client.change(&company, 3, &company_text);
    assert_eq!(published(&client.diagnostics(&growth)), check_findings(&root, "growth.okr.yaml"));

    // Code actions: the typed fix (safe: preferred) and a suppression comment.
    let marketing_text = std::fs::read_to_string(&marketing).expect("read");
    client.open(&marketing);
    let (line, _) = find(&marketing_text, "basline: 900");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&marketing)},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []},
        }),
    );
    let actions = actions.as_array().expect("actions");
    let fix = actions.iter().find(|a| a["title"].as_str().is_some_and(|t| t.contains("baseline"))).expect("the fix");
    assert_eq!(fix["isPreferred"], true, "{fix}");
    assert_eq!(fix["kind"], "quickfix");
    let edits = &fix["edit"]["changes"][uri(&marketing)];
    assert_eq!(edits[0]["newText"], "baseline", "{fix}");
    let suppress = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Suppress OKR002")))
        .unwrap_or_else(|| panic!("a suppression: {actions:?}"));
    let comment = suppress["edit"]["changes"][uri(&marketing)][0]["newText"].as_str().unwrap_or_default();
    assert_eq!(comment, "        # okrlint: allow OKR002 -- \n", "{suppress}");

    // `source.fixAll.okrlint`: the document's safe fixes at once.
    let fix_all = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&marketing)},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    );
    let fix_all = &fix_all.as_array().expect("actions")[0];
    assert_eq!(fix_all["kind"], "source.fixAll.okrlint", "{fix_all}");
    let fixed = fix_all["edit"]["changes"][uri(&marketing)][0]["newText"].as_str().unwrap_or_default().to_string();
    assert!(fixed.contains("baseline: 900") && !fixed.contains("basline"), "{fixed}");
    // Applied, the finding goes.
    client.change(&marketing, 2, &fixed);
    let after = client.diagnostics(&marketing);
    assert!(!published(&after).iter().any(|(_, code)| code == "OKR002"), "{after:?}");

    // The outline: objectives and their KRs.
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri(&company)}}));
    let symbols = symbols.as_array().expect("symbols");
    assert_eq!(symbols[0]["name"], "Become the easiest product for small businesses to adopt", "{symbols:?}");
    assert_eq!(symbols[0]["detail"], "win-smb");
    assert_eq!(symbols[0]["children"][0]["detail"], "activation");

    // Malformed messages get JSON-RPC errors, and the server reads on.
    client.write_raw(b"Content-Length: 9\r\n\r\n{\"jsonrpc");
    let parse_error = client.wait("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], Value::Null, "{parse_error}");
    let bad = client.call("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let unknown = client.call("okrlint/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Still serving.
    let hover = client.request("textDocument/hover", position(&growth, &growth_text, "- id: onboarding", 2));
    assert!(hover["contents"]["value"].as_str().is_some_and(|t| t.contains("OKR104")));

    assert_eq!(client.stop(), 0, "shutdown then exit ends the server with 0");
}

#[test]
fn positions_after_an_emoji_count_in_the_negotiated_encoding() {
    let (_dir, root) = anti_patterns();
    let path = root.join("emoji.okr.yaml");
    // OKR007 points at the placeholder, after an emoji (2 UTF-16 units, 4 UTF-8 bytes) and a CJK character.
    let text = "id: emoji\ncycle: 2026-Q1\nname: Team 🚀\nowner: Ana Lima\nobjectives:\n  - id: grow\n    title: 🚀 中 [metric] customers come back every week\n";
    std::fs::write(&path, text).expect("write");
    for (encoding, column) in [("utf-16", 16), ("utf-8", 20), ("utf-32", 15)] {
        let (mut client, init) = Client::initialized(&[encoding]);
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        client.open(&path);
        let diagnostics = client.diagnostics(&path);
        let placeholder =
            diagnostics.iter().find(|d| d["code"] == "OKR007").unwrap_or_else(|| panic!("{diagnostics:?}"));
        assert_eq!(placeholder["range"]["start"], json!({"line": 6, "character": column}), "{encoding}: {placeholder}");
        let width = "[metric]".len();
        assert_eq!(placeholder["range"]["end"]["character"], column + width, "{encoding}");
        assert_eq!(client.stop(), 0);
    }
}

#[test]
fn a_half_typed_document_reports_its_syntax_alone_and_the_others_stay_quiet() {
    let (_dir, root) = anti_patterns();
    let (mut client, _) = Client::initialized(&[]);
    let company = root.join("company.okr.yaml");
    let growth = root.join("growth.okr.yaml");
    let company_text = std::fs::read_to_string(&company).expect("read");
    client.open(&growth);
    let before = published(&client.diagnostics(&growth));
    client.open(&company);
    let _ = client.drain(Duration::from_millis(300));
    // Half-typed: the objective id's line is cut short.
    let half = company_text.replacen("  - id: win-smb\n", "  - id: win-smb\n    title: \"Become\n  -", 1);
    client.change(&company, 2, &half);
    let own = client.diagnostics(&company);
    assert_eq!(published(&own).iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>(), ["OKR001"], "{own:?}");
    let later = client.drain(Duration::from_millis(500));
    let growth_uri = uri(&growth);
    assert!(
        !later.iter().any(|m| m["params"]["uri"] == growth_uri),
        "growth keeps resolving against the last good company set: {later:?}"
    );
    // Typed to the end: the findings come back as they were.
    client.change(&company, 3, &company_text);
    let own = client.diagnostics(&company);
    assert_eq!(published(&own), check_findings(&root, "company.okr.yaml"));
    for message in client.drain(Duration::from_millis(500)).iter().filter(|m| m["params"]["uri"] == growth_uri) {
        let diagnostics = message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        assert_eq!(published(&diagnostics), before);
    }
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_file_deleted_under_the_server_is_cleared_and_its_referrers_told() {
    let (_dir, root) = anti_patterns();
    let (mut client, _) = Client::initialized(&[]);
    let growth = root.join("growth.okr.yaml");
    let company = root.join("company.okr.yaml");
    client.open(&growth);
    let before = published(&client.diagnostics(&growth));
    assert!(!before.iter().any(|(_, c)| c == "OKR004"), "{before:?}");
    let _ = client.drain(Duration::from_millis(300));
    std::fs::remove_file(&company).expect("delete");
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&company), "type": 3}]}));
    let company_now = client.diagnostics(&company);
    assert!(company_now.is_empty(), "the deleted file's diagnostics are cleared: {company_now:?}");
    let growth_now = client.diagnostics(&growth);
    assert!(published(&growth_now).iter().any(|(_, c)| c == "OKR004"), "{growth_now:?}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn before_initialize_requests_are_refused_and_exit_without_shutdown_is_an_error() {
    let mut client = Client::start(Path::new(env!("CARGO_BIN_EXE_okrlint")));
    let early = client.call("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 1);
}

#[test]
fn a_client_that_dies_ends_the_server() {
    let (mut client, _) = Client::initialized(&[]);
    let (_dir, root) = anti_patterns();
    client.open(&root.join("growth.okr.yaml"));
    // The editor crashes: its end of the pipe closes without `shutdown` or `exit`.
    drop(client.stdin.take());
    assert_eq!(client.exit_code(), 1);
}
