//! `schema/fact-file.schema.json` is what editors (Taplo / Even Better TOML) check fact files
//! against, through the `#:schema` line at the top of each file. It must be exactly what
//! `summit-bot schema` prints, and it must accept our valid files and reject shape mistakes.
//!
//! To regenerate after changing `src/facts/schema.rs`:
//!     cargo run -- schema > schema/fact-file.schema.json
//! or  UPDATE_SCHEMA=1 cargo test --test schema_file

use std::path::{Path, PathBuf};

use serde_json::Value;
use summit_bot::facts;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    root().join("schema/fact-file.schema.json")
}

#[test]
fn committed_schema_matches_the_code() {
    let fresh = facts::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(schema_path(), format!("{fresh}\n")).expect("write the schema");
        return;
    }
    let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
    // Compared as JSON values, so a serde_json feature that changes key order cannot fail it.
    let committed: Value = serde_json::from_str(&committed).unwrap_or(Value::Null);
    let fresh: Value = serde_json::from_str(&fresh).expect("json_schema() is JSON");
    assert!(
        committed == fresh,
        "schema/fact-file.schema.json is out of date with src/facts/schema.rs; regenerate it with\n    \
         cargo run -- schema > schema/fact-file.schema.json\nor  UPDATE_SCHEMA=1 cargo test --test schema_file"
    );
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&facts::json_schema()).expect("schema is JSON");
    assert_eq!(schema["title"], "summit-bot fact file");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// The fact file as the JSON value an editor's schema check sees.
fn as_json(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).expect("readable");
    toml::from_str(&text).expect("TOML syntax is fine")
}

#[test]
fn schema_accepts_the_valid_files() {
    let v = validator();
    for rel in [
        "tests/fixtures/valid/minimal.toml",
        "data/paris-2026-01-06.toml",
    ] {
        let json = as_json(rel);
        let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{rel}: {errors:#?}");
    }
}

#[test]
fn schema_rejects_what_an_editor_can_catch_while_typing() {
    let v = validator();
    for rel in [
        "unknown-key-top-level",
        "unknown-key-nested",
        "missing-field",
        "wrong-enum-value",
        "wrong-type",
        "unquoted-date",
        "missing-table",
        // Value rules added on top of the derived shape:
        "bad-id-format",
        "reference-by-name",
        "bad-date-format",
        "month-13",
        "bad-url",
        "empty-text",
        "whitespace-text",
        "empty-sources",
        "empty-by",
        "dispute-one-version",
    ] {
        let json = as_json(&format!("tests/fixtures/invalid/{rel}.toml"));
        assert!(!v.is_valid(&json), "{rel} passed the schema");
    }
}
