//! What every fuzz target checks about a reply, beyond "no panic": the cheap half of
//! `tests/support/openapi.rs` (Discord's limits, empty `allowed_mentions.parse`) and the escaping
//! rule of the property tests (no mention or bidi override ever reaches Discord). The full
//! OpenAPI validation is too slow for millions of executions; the property tests run it.
//!
//! Each target includes this file with `mod common;` and uses part of it.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use serde_json::Value;
use summit_bot::catalog::{self, Catalog, Facts};
use summit_bot::render::{self, limits};
use summit_bot::reply::Reply;

/// A user id shaped like Discord's, for paging buttons bound to their invoker.
pub const OWNER: &str = "283934521092767744";

/// Never in a body sent to Discord: the fact file has none of these, so any occurrence is user
/// text echoed unescaped.
const FORBIDDEN: &[&str] = &[
    "@everyone",
    "@here",
    "<@",
    "<#",
    "\u{202E}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
];

/// The embedded Paris facts, loaded once per fuzzing process.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the embedded fact file loads"))
}

/// The newest summit of [`catalog`].
pub fn facts() -> &'static Arc<Facts> {
    catalog().newest()
}

/// A catalog of one freshly loaded fact file (for the `fact_file` target).
pub fn catalog_of(facts: Facts) -> Catalog {
    Catalog::new(vec![Arc::new(facts)]).expect("one summit makes a catalog")
}

/// Renders `reply` every way a transport can (terminal; Discord new message or edit, with and
/// without an owner) and checks each Discord body.
pub fn check_reply(reply: &Reply) {
    let _ = render::text::render(reply);
    for owner in [Some(OWNER), None] {
        for update in [false, true] {
            let body = serde_json::to_vec(&render::discord::response(reply, owner, update))
                .expect("a response serializes");
            check_body(&body);
        }
    }
}

/// Checks a serialized interaction callback body.
pub fn check_body(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("serde_json writes UTF-8");
    for bad in FORBIDDEN {
        assert!(!text.contains(bad), "{bad:?} in the reply: {text}");
    }
    let body: Value = serde_json::from_slice(bytes).expect("the reply is JSON");
    let data = &body["data"];
    match body["type"].as_u64() {
        Some(1) => assert!(data.is_null(), "PONG has no data"),
        Some(4) | Some(7) => check_message(data),
        Some(5) => {}
        Some(8) => check_choices(data),
        other => panic!("unexpected callback type {other:?}"),
    }
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn check_message(data: &Value) {
    assert_eq!(
        data["allowed_mentions"]["parse"],
        Value::Array(Vec::new()),
        "allowed_mentions.parse must be empty"
    );
    assert!(chars(&data["content"]) <= limits::CONTENT);
    let embeds = data["embeds"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    assert!(embeds.len() <= limits::EMBEDS_PER_MESSAGE);
    let mut total = 0;
    for embed in embeds {
        let title = chars(&embed["title"]);
        let description = chars(&embed["description"]);
        let footer = chars(&embed["footer"]["text"]);
        assert!(title <= limits::EMBED_TITLE, "title of {title}");
        assert!(
            description <= limits::EMBED_DESCRIPTION,
            "description of {description}"
        );
        assert!(footer <= limits::FOOTER_TEXT, "footer of {footer}");
        total += title + description + footer;
        let fields = embed["fields"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        assert!(
            fields.len() <= limits::FIELDS_PER_EMBED,
            "{} fields",
            fields.len()
        );
        for field in fields {
            for (key, max) in [("name", limits::FIELD_NAME), ("value", limits::FIELD_VALUE)] {
                let s = field[key].as_str().expect("a field has a name and a value");
                assert!(!s.trim().is_empty(), "blank field {key}");
                assert!(
                    s.chars().count() <= max,
                    "field {key} of {}",
                    s.chars().count()
                );
                total += s.chars().count();
            }
        }
    }
    assert!(
        total <= limits::EMBEDS_TOTAL,
        "embeds hold {total} characters"
    );
    let rows = data["components"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    assert!(rows.len() <= limits::ACTION_ROWS);
    for row in rows {
        let buttons = row["components"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        assert!(buttons.len() <= limits::BUTTONS_PER_ROW);
        for button in buttons {
            let id = chars(&button["custom_id"]);
            assert!((1..=limits::CUSTOM_ID).contains(&id), "custom_id of {id}");
            assert!(chars(&button["label"]) <= limits::BUTTON_LABEL);
        }
    }
}

fn check_choices(data: &Value) {
    let choices = data["choices"]
        .as_array()
        .expect("autocomplete has choices");
    assert!(choices.len() <= limits::AUTOCOMPLETE_CHOICES);
    for choice in choices {
        let name = chars(&choice["name"]);
        assert!(
            (1..=limits::CHOICE_NAME).contains(&name),
            "choice name of {name}"
        );
        assert!(chars(&choice["value"]) <= limits::CHOICE_VALUE);
    }
}

/// Loads `text` as a fact file: diagnostics must render; valid files must answer every command.
pub fn load(text: &str) {
    match catalog::load_str("fuzz.toml", text) {
        Ok(facts) => {
            let catalog = catalog_of(facts);
            for spec in summit_bot::commands::COMMANDS {
                let example = spec.example(catalog.newest());
                let request = summit_bot::request::Request::parse_slash(&example)
                    .expect("every example parses");
                check_reply(&summit_bot::commands::answer(&catalog, &request));
            }
        }
        Err(diagnostics) => {
            let shown = diagnostics.to_string();
            assert!(!shown.is_empty(), "an error must say something");
        }
    }
}
