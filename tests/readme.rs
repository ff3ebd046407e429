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
    let test_command = "cargo test --locked -- --include-ignored";
    assert!(readme.contains(test_command) && ci.contains(test_command), "README and .ci/run run the same tests");
}
