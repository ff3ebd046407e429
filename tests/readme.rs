//! The README's rule table is the registry.

mod common;

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("README.md");
    let start = readme.find("<!-- rules:start -->").expect("rules:start marker");
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let table = readme[start + "<!-- rules:start -->".len()..end].trim();
    let mut expected = String::from("| Code | Name | Default | Fires when |\n|---|---|---|---|");
    for rule in okrlint::rules::registry() {
        expected.push_str(&format!("\n| {} | `{}` | {} | {} |", rule.code, rule.name, rule.severity, rule.summary));
    }
    assert_eq!(table, expected, "update the README's rule table from `okrlint rules`");
}

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("README.md");
    let ci = std::fs::read_to_string(common::repo().join(".ci/run")).expect(".ci/run");
    assert!(readme.contains("cargo run --release -- check fixtures/playbook/anti-patterns"));
    // The README's command passes with only Rust; .ci/run runs it, then the ignored tests.
    let test_command = "```sh\ncargo test --locked\n```";
    assert!(readme.contains(test_command), "the README's test command");
    assert!(ci.contains("cargo test --locked \"$@\""), ".ci/run runs cargo test --locked");
    assert!(ci.contains("run_tests \"the README's test command\"\n"), ".ci/run runs the README's command as it is");
    assert!(ci.contains("\" -- --ignored\n"), ".ci/run runs the ignored tests too");
    assert!(!readme.contains("--include-ignored") && !ci.contains("--include-ignored"));
}

#[test]
fn readme_file_examples_load_without_format_errors() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("README.md");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".okrlint.yaml"), "").expect("config");
    let mut written = 0;
    for block in readme.split("```yaml\n").skip(1) {
        let body = &block[..block.find("```").unwrap_or(block.len())];
        // Examples that name their file: `# growth.okr.yaml — …`.
        let Some(name) = body.strip_prefix("# ").and_then(|rest| rest.split_whitespace().next()) else { continue };
        if okrlint::source::FileKind::from_name(name).is_some() {
            std::fs::write(dir.path().join(name), body).expect("write example");
            written += 1;
        }
    }
    assert_eq!(written, 4, "the README shows a set, a log, a dictionary and a dictionary with a pull");
    let run = common::okrlint_in(dir.path(), &["check", "--format", "json", "--select", "OKR001,OKR002"]);
    assert_eq!(common::json_diagnostics(&run), Vec::<serde_json::Value>::new(), "{}", run.stdout);
}
