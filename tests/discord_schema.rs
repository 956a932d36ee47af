//! Every body the bot can send Discord is checked against Discord's own OpenAPI description and the
//! rules it leaves out (see `support/openapi.rs`).

#[path = "support/openapi.rs"]
mod openapi;

use openapi::{validate_callback, validate_registration};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// The validator itself must be able to fail: each rule is shown rejecting a body.
// ---------------------------------------------------------------------------------------------

fn message(data: Value) -> Value {
    json!({"type": 4, "data": data})
}

fn rejects(body: &Value, because: &str) {
    match validate_callback(body) {
        Ok(()) => panic!("accepted a body that breaks: {because}"),
        Err(errors) => assert!(
            errors.iter().any(|e| e.contains(because)),
            "expected an error mentioning {because:?}, got {errors:#?}"
        ),
    }
}

#[test]
fn validator_accepts_a_plain_reply_and_pong() {
    let ok = message(json!({"content": "hi", "allowed_mentions": {"parse": []}}));
    assert_eq!(validate_callback(&ok), Ok(()));
    assert_eq!(validate_callback(&json!({"type": 1})), Ok(()));
}

#[test]
fn validator_rejects_what_discord_rejects() {
    rejects(
        &message(json!({"content": "hi"})),
        "allowed_mentions/parse must be present",
    );
    rejects(
        &message(json!({"content": "hi", "allowed_mentions": {"parse": ["everyone"]}})),
        "parse must be empty",
    );
    rejects(
        &message(json!({"content": "x".repeat(2001), "allowed_mentions": {"parse": []}})),
        "/data/content",
    );
    let field = json!({"name": "n", "value": "v".repeat(1000)});
    let embed = json!({"title": "t", "fields": vec![field; 7]});
    rejects(
        &message(json!({"embeds": [embed], "allowed_mentions": {"parse": []}})),
        "characters together",
    );
    rejects(
        &message(json!({
            "embeds": [{"fields": [{"name": "n", "value": " "}]}],
            "allowed_mentions": {"parse": []}
        })),
        "is blank",
    );
    rejects(
        &message(json!({
            "embeds": [{"title": "t", "url": "not a url"}],
            "allowed_mentions": {"parse": []}
        })),
        "schema",
    );
    let button = json!({"type": 2, "style": 2, "label": "x", "custom_id": "a".repeat(101)});
    rejects(
        &message(json!({
            "content": "x",
            "components": [{"type": 1, "components": [button]}],
            "allowed_mentions": {"parse": []}
        })),
        "custom_id",
    );
    let button = json!({"type": 2, "style": 2, "label": "x", "custom_id": "a"});
    rejects(
        &message(json!({
            "content": "x",
            "components": [{"type": 1, "components": [button.clone(), button]}],
            "allowed_mentions": {"parse": []}
        })),
        "used twice",
    );
    rejects(
        &message(json!({"allowed_mentions": {"parse": []}})),
        "the message is empty",
    );
    let choices: Vec<Value> = (0..26)
        .map(|i| json!({"name": i.to_string(), "value": "v"}))
        .collect();
    rejects(&json!({"type": 8, "data": {"choices": choices}}), "choices");
    rejects(
        &json!({"type": 8, "data": {"choices": [{"name": "n", "value": "v".repeat(101)}]}}),
        "value has 101",
    );
}

fn rejects_registration(body: &Value, because: &str) {
    match validate_registration(body) {
        Ok(()) => panic!("accepted a registration that breaks: {because}"),
        Err(errors) => assert!(
            errors.iter().any(|e| e.contains(because)),
            "expected an error mentioning {because:?}, got {errors:#?}"
        ),
    }
}

#[test]
fn validator_checks_registration_rules() {
    let ok = json!([{"type": 1, "name": "pledges", "description": "List pledges",
        "options": [{"type": 3, "name": "by", "description": "Who", "required": true},
                    {"type": 4, "name": "page", "description": "Page", "min_value": 1}]}]);
    assert_eq!(validate_registration(&ok), Ok(()));
    rejects_registration(
        &json!([{"name": "Pledges", "description": "d"}]),
        "lowercase",
    );
    rejects_registration(
        &json!([{"name": "two words", "description": "d"}]),
        "does not match",
    );
    rejects_registration(
        &json!([{"name": "x", "description": ""}]),
        "description has 0",
    );
    rejects_registration(
        &json!([{"name": "x", "description": "d", "options": [
            {"type": 3, "name": "a", "description": "a"},
            {"type": 3, "name": "b", "description": "b", "required": true}]}]),
        "required option follows",
    );
    let choices: Vec<Value> = (0..10)
        .map(|i| json!({"name": format!("{i}{}", "n".repeat(98)), "value": "v".repeat(100)}))
        .collect();
    let options: Vec<Value> = (0..20)
        .map(|i| {
            json!({"type": 3, "name": format!("o{i}"), "description": "d".repeat(100),
                   "choices": choices})
        })
        .collect();
    rejects_registration(
        &json!([{"name": "x", "description": "d", "options": options}]),
        "characters combined",
    );
}
