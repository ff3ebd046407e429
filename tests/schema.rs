//! The JSON Schemas under `schema/`: what `okrlint schema` prints, valid
//! draft-07, and right about real files (checked with check-jsonschema).

mod common;

use std::process::Command;

use common::{okrlint, okrlint_in, repo};

const KINDS: &[(&str, &str)] = &[
    ("okr", "*.okr.yaml"),
    ("checkins", "*.checkins.yaml"),
    ("metrics", "*.metrics.yaml"),
    ("config", ".okrlint.yaml"),
];

#[test]
fn committed_schemas_are_what_okrlint_prints() {
    for (kind, _) in KINDS {
        let run = okrlint(&["schema", kind]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let committed = std::fs::read_to_string(repo().join(format!("schema/{kind}.schema.json"))).expect("committed");
        assert_eq!(
            run.stdout, committed,
            "schema/{kind}.schema.json is stale: run `okrlint schema {kind} > schema/{kind}.schema.json`"
        );
        let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(schema["additionalProperties"], false, "unknown keys are errors, as OKR002");
    }
    assert_eq!(okrlint(&["schema", "nope"]).code, 2);
}

/// What editors show: every property says what it is, on the property or on
/// the type it refers to (never both: yaml-language-server ignores the
/// property's when a `$ref` sits beside it), and enums list their values.
#[test]
fn every_property_is_described_once() {
    for (kind, _) in KINDS {
        let schema: serde_json::Value = serde_json::from_str(&okrlint(&["schema", kind]).stdout).expect("JSON");
        let definitions = schema["definitions"].as_object().cloned().unwrap_or_default();
        let mut objects = vec![schema.clone()];
        objects.extend(definitions.values().cloned());
        for object in objects {
            for (name, property) in object["properties"].as_object().into_iter().flatten() {
                let text = property.to_string();
                // A `$ref` beside the property's own keywords (directly or as an option), not in `items`.
                let referred = property.get("$ref").is_some()
                    || property["anyOf"].as_array().is_some_and(|a| a.iter().any(|o| o.get("$ref").is_some()));
                let described = property["description"].is_string();
                assert!(referred != described, "{kind}: `{name}` {text}");
            }
        }
        for (name, definition) in &definitions {
            assert!(definition["description"].is_string(), "{kind}: {name} has no description");
        }
    }
    let okr: serde_json::Value = serde_json::from_str(&okrlint(&["schema", "okr"]).stdout).expect("JSON");
    let refresh = okr["definitions"]["Refresh"].to_string();
    assert!(refresh.contains("biweekly") && refresh.contains("quarterly"), "{refresh}");
    let cycle = okr["definitions"]["Cycle"].to_string();
    assert!(cycle.contains("\"integer\""), "`cycle: 2026` is allowed: {cycle}");
}

fn check_jsonschema(schema: &str, files: &[std::path::PathBuf]) -> (bool, String) {
    let output = Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(repo().join(schema))
        .args(files)
        .output()
        .expect("check-jsonschema runs (pip install check-jsonschema)");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
#[ignore = "needs check-jsonschema (PyPI)"]
fn real_files_validate_and_broken_ones_do_not() {
    let output = Command::new("check-jsonschema")
        .arg("--check-metaschema")
        .args(KINDS.iter().map(|(k, _)| repo().join(format!("schema/{k}.schema.json"))))
        .output()
        .expect("check-jsonschema runs (pip install check-jsonschema)");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    // The gold fixture and a fresh `okrlint init` validate, file kind by file kind.
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(okrlint_in(dir.path(), &["init", "sample"]).code, 0);
    for root in [repo().join("fixtures/playbook/gold"), dir.path().join("sample")] {
        for (kind, pattern) in KINDS {
            let suffix = pattern.trim_start_matches('*');
            let files: Vec<_> = std::fs::read_dir(&root)
                .expect("folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(suffix)))
                .collect();
            assert!(!files.is_empty(), "{} has {pattern}", root.display());
            let (ok, out) = check_jsonschema(&format!("schema/{kind}.schema.json"), &files);
            assert!(ok, "{}: {out}", root.display());
        }
    }
    // Every rule's good fixture validates; its bad ones may not (that is their point).
    for (kind, pattern) in KINDS {
        let suffix = pattern.trim_start_matches('*');
        let mut files = Vec::new();
        for rule in std::fs::read_dir(repo().join("fixtures/rules")).expect("fixtures") {
            let good = rule.expect("entry").path().join("good");
            for entry in std::fs::read_dir(&good).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().ends_with(suffix) {
                    files.push(entry.path());
                }
            }
        }
        files.sort();
        let (ok, out) = check_jsonschema(&format!("schema/{kind}.schema.json"), &files);
        assert!(ok, "{out}");
    }
    // Wrong types (OKR001's fixture: a text where a number goes) are refused.
    let (ok, out) =
        check_jsonschema("schema/okr.schema.json", &[repo().join("fixtures/rules/OKR001/bad/plan.okr.yaml")]);
    assert!(!ok, "{out}");
    // A misspelt key (`basline`) is refused, as okrlint reports OKR002.
    let (ok, out) = check_jsonschema(
        "schema/okr.schema.json",
        &[repo().join("fixtures/playbook/anti-patterns/marketing.okr.yaml")],
    );
    assert!(!ok && out.contains("basline"), "{out}");
}
