//! Validates the bodies the bot sends Discord against Discord's own OpenAPI description
//! (`tests/discord-api-spec/openapi.json`, vendored), plus the rules that description does not encode.
//!
//! Shared by several test binaries (`#[path = "support/openapi.rs"] mod openapi;`), each of which
//! uses only part of it, hence the `dead_code` allowances. The validators are built once per test
//! binary: the spec is 1.2 MB and compiling a route's schema takes milliseconds, while the tests
//! validate thousands of bodies.
//!
//! Every check returns *all* violations as readable strings (JSON pointer + what is wrong), so a
//! failing test says exactly which field of which body broke which rule.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::Value;

/// Route whose request body is an interaction callback (what we answer an interaction with).
pub const CALLBACK_ROUTE: &str = "/interactions/{interaction_id}/{interaction_token}/callback";
/// Route of the global bulk-overwrite of application commands.
pub const GLOBAL_COMMANDS_ROUTE: &str = "/applications/{application_id}/commands";
/// Route of the guild bulk-overwrite; Discord gives it the same body schema as the global one.
pub const GUILD_COMMANDS_ROUTE: &str = "/applications/{application_id}/guilds/{guild_id}/commands";

/// Where the spec lives: vendored in the repository, so a fresh clone needs nothing beside it.
pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/discord-api-spec/openapi.json")
}

static SPEC: LazyLock<Value> = LazyLock::new(|| {
    let path = spec_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read Discord's OpenAPI spec at {}: {e}",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
});

/// Builds a validator for the JSON request body of `method` on `route`. The sub-schema's `$ref`s
/// point at `#/components/...` of the whole document, so the document's `components` are copied
/// into the sub-schema, which makes those references resolve locally.
fn request_body_validator(route: &str, method: &str) -> Validator {
    let spec = &*SPEC;
    let schema = spec
        .pointer(&format!(
            "/paths/{}/{method}/requestBody/content/application~1json/schema",
            route.replace('~', "~0").replace('/', "~1")
        ))
        .unwrap_or_else(|| panic!("the spec has no JSON request body for {method} {route}"));
    let mut schema = schema.clone();
    schema["components"] = spec["components"].clone();
    jsonschema::draft202012::options()
        // Discord rejects malformed URLs in embeds and buttons, so `format: uri` must be enforced;
        // formats the crate does not know (Discord's own `snowflake`) stay annotations.
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("cannot build a validator for {method} {route}: {e}"))
}

static CALLBACK: LazyLock<Validator> =
    LazyLock::new(|| request_body_validator(CALLBACK_ROUTE, "post"));
static GLOBAL_COMMANDS: LazyLock<Validator> =
    LazyLock::new(|| request_body_validator(GLOBAL_COMMANDS_ROUTE, "put"));
static GUILD_COMMANDS: LazyLock<Validator> =
    LazyLock::new(|| request_body_validator(GUILD_COMMANDS_ROUTE, "put"));

/// Discord's rule for command and option names (not in the schema). `regex` is a dev-dependency
/// for this one pattern: it is already compiled for `jsonschema`, and hand-writing Unicode
/// general-category and script tables would be worse.
static NAME: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$").expect("valid pattern")
});

fn schema_errors(validator: &Validator, body: &Value) -> Vec<String> {
    validator
        .iter_errors(body)
        .map(|e| format!("schema: at `{}`: {e}", e.instance_path()))
        .collect()
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn finish(errors: Vec<String>) -> Result<(), Vec<String>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------------------------
// Interaction callbacks
// ---------------------------------------------------------------------------------------------

/// Content of a message.
pub const MAX_CONTENT: usize = 2000;
/// All embeds of one message together (title, description, field names and values, footer text,
/// author name).
pub const MAX_EMBEDS_TOTAL: usize = 6000;
pub const MAX_CUSTOM_ID: usize = 100;
pub const MAX_BUTTONS_PER_ROW: usize = 5;
pub const MAX_ACTION_ROWS: usize = 5;
pub const MAX_CHOICES: usize = 25;
pub const MAX_CHOICE_TEXT: usize = 100;

/// Validates an interaction callback body (`POST /interactions/{id}/{token}/callback`) against the
/// schema, then the rules the schema leaves out:
/// - message replies (types 4 and 7) carry `allowed_mentions.parse` present and empty, are not
///   empty, keep content ≤ 2000 and all embeds together ≤ 6000 characters, and embed fields have a
///   non-blank name and value (Discord rejects blank ones);
/// - components: ≤ 5 action rows, ≤ 5 buttons per row, every `custom_id` 1–100 characters and
///   unique within the message;
/// - autocomplete (type 8): ≤ 25 choices, names 1–100 and values ≤ 100 characters.
pub fn validate_callback(body: &Value) -> Result<(), Vec<String>> {
    let mut errors = schema_errors(&CALLBACK, body);
    match body.get("type").and_then(Value::as_u64) {
        Some(4) | Some(7) => check_message(body.get("data"), &mut errors),
        Some(5) => {
            if let Some(data) = body.get("data").filter(|d| !d.is_null()) {
                check_allowed_mentions(data, &mut errors);
            }
        }
        Some(8) => check_autocomplete(body.get("data"), &mut errors),
        Some(1) => {
            if body.as_object().is_some_and(|o| o.len() != 1) {
                errors.push("PONG must be exactly {\"type\":1}".to_owned());
            }
        }
        other => errors.push(format!(
            "callback type {other:?} is not one the bot sends (1, 4, 5, 7 or 8)"
        )),
    }
    finish(errors)
}

fn check_allowed_mentions(data: &Value, errors: &mut Vec<String>) {
    match data
        .pointer("/allowed_mentions/parse")
        .and_then(Value::as_array)
    {
        Some(parse) if parse.is_empty() => {}
        Some(parse) => errors.push(format!(
            "/data/allowed_mentions/parse must be empty, got {parse:?}"
        )),
        None => errors.push("/data/allowed_mentions/parse must be present (an empty array)".into()),
    }
    for key in ["users", "roles"] {
        if data
            .pointer(&format!("/allowed_mentions/{key}"))
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
        {
            errors.push(format!(
                "/data/allowed_mentions/{key} must not allow any mention"
            ));
        }
    }
}

fn check_message(data: Option<&Value>, errors: &mut Vec<String>) {
    let Some(data) = data.filter(|d| d.is_object()) else {
        errors.push("a message reply (type 4 or 7) needs a `data` object".into());
        return;
    };
    check_allowed_mentions(data, errors);

    let content = chars(&data["content"]);
    if content > MAX_CONTENT {
        errors.push(format!(
            "/data/content has {content} characters (max {MAX_CONTENT})"
        ));
    }
    let embeds = data["embeds"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    let components = data["components"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if content == 0 && embeds.is_empty() && components.is_empty() {
        errors.push("the message is empty: no content, embeds or components".into());
    }

    let mut total = 0;
    for (i, embed) in embeds.iter().enumerate() {
        let mut this = 0;
        for key in ["title", "description"] {
            this += chars(&embed[key]);
        }
        this += chars(&embed["footer"]["text"]) + chars(&embed["author"]["name"]);
        let fields = embed["fields"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        for (j, field) in fields.iter().enumerate() {
            for key in ["name", "value"] {
                let text = field[key].as_str().unwrap_or("");
                if text.trim().is_empty() {
                    errors.push(format!("/data/embeds/{i}/fields/{j}/{key} is blank"));
                }
                this += text.chars().count();
            }
        }
        if this == 0 && embed["url"].is_null() {
            errors.push(format!("/data/embeds/{i} is empty"));
        }
        total += this;
    }
    if total > MAX_EMBEDS_TOTAL {
        errors.push(format!(
            "the embeds hold {total} characters together (max {MAX_EMBEDS_TOTAL})"
        ));
    }

    if components.len() > MAX_ACTION_ROWS {
        errors.push(format!(
            "/data/components has {} rows (max {MAX_ACTION_ROWS})",
            components.len()
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for (i, row) in components.iter().enumerate() {
        let items = row["components"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let buttons = items.iter().filter(|c| c["type"] == 2).count();
        if buttons > MAX_BUTTONS_PER_ROW {
            errors.push(format!(
                "/data/components/{i} has {buttons} buttons (max {MAX_BUTTONS_PER_ROW})"
            ));
        }
        for (j, item) in items.iter().enumerate() {
            let Some(id) = item["custom_id"].as_str() else {
                if item["url"].is_null() && item["sku_id"].is_null() {
                    errors.push(format!(
                        "/data/components/{i}/components/{j} has neither custom_id nor url"
                    ));
                }
                continue;
            };
            let n = id.chars().count();
            if n == 0 || n > MAX_CUSTOM_ID {
                errors.push(format!(
                    "/data/components/{i}/components/{j}/custom_id has {n} characters (1-{MAX_CUSTOM_ID})"
                ));
            }
            if !ids.insert(id.to_owned()) {
                errors.push(format!("custom_id {id:?} is used twice in one message"));
            }
        }
    }
}

fn check_autocomplete(data: Option<&Value>, errors: &mut Vec<String>) {
    let Some(choices) = data.and_then(|d| d["choices"].as_array()) else {
        errors.push("an autocomplete result needs data.choices (an array)".into());
        return;
    };
    if choices.len() > MAX_CHOICES {
        errors.push(format!("{} choices (max {MAX_CHOICES})", choices.len()));
    }
    for (i, choice) in choices.iter().enumerate() {
        let name = chars(&choice["name"]);
        if name == 0 || name > MAX_CHOICE_TEXT {
            errors.push(format!(
                "/data/choices/{i}/name has {name} characters (1-100)"
            ));
        }
        match &choice["value"] {
            Value::String(s) if s.chars().count() > MAX_CHOICE_TEXT => errors.push(format!(
                "/data/choices/{i}/value has {} characters (max 100)",
                s.chars().count()
            )),
            Value::String(_) | Value::Number(_) => {}
            other => errors.push(format!("/data/choices/{i}/value is {other}")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Command registration
// ---------------------------------------------------------------------------------------------

pub const MAX_COMMAND_TEXT: usize = 8000;
pub const MAX_OPTIONS: usize = 25;
pub const MAX_DESCRIPTION: usize = 100;

/// Validates a bulk-overwrite registration body (`PUT /applications/{id}/commands`, and the guild
/// route, which has the same schema) against the schema, then the rules the schema leaves out:
/// names match Discord's pattern and are lowercase; chat-input descriptions are 1–100 characters;
/// ≤ 25 options and ≤ 25 choices at every level; required options come before optional ones;
/// names are unique among siblings; and each command's combined text (name, description, and
/// recursively its options' names, descriptions and choices' names and values) is ≤ 8000.
pub fn validate_registration(body: &Value) -> Result<(), Vec<String>> {
    let mut errors = schema_errors(&GLOBAL_COMMANDS, body);
    // The guild route should share the schema; checking both catches a spec where it doesn't.
    for e in schema_errors(&GUILD_COMMANDS, body) {
        if !errors.contains(&e) {
            errors.push(format!("guild route: {e}"));
        }
    }
    let Some(commands) = body.as_array() else {
        errors.push("the registration body must be an array of commands".into());
        return finish(errors);
    };
    let mut seen = std::collections::HashSet::new();
    let mut seen_typed = std::collections::HashSet::new();
    for (i, command) in commands.iter().enumerate() {
        let at = format!("/{i}");
        let name = command["name"].as_str().unwrap_or("");
        // CHAT_INPUT (type 1, the default) commands: names are unique per type.
        if command["type"].as_u64().unwrap_or(1) == 1 && !seen.insert(name.to_owned()) {
            errors.push(format!("{at}: command name {name:?} is registered twice"));
        }
        let kind = command["type"].as_u64().unwrap_or(1);
        let chat_input = kind == 1;
        if !seen_typed.insert((name.to_owned(), kind)) && !chat_input {
            errors.push(format!("{at}: {name:?} is registered twice as type {kind}"));
        }
        if chat_input {
            check_name(&at, &command["name"], &mut errors);
            check_description(&at, &command["description"], &mut errors);
        } else {
            // User and message (context-menu) commands: any 1-32 characters, spaces and capitals
            // allowed; an empty description and no options.
            let n = chars(&command["name"]);
            if !(1..=32).contains(&n) || name.trim() != name {
                errors.push(format!(
                    "{at}/name {name:?} has {n} characters (1-32, trimmed)"
                ));
            }
            if chars(&command["description"]) != 0 {
                errors.push(format!(
                    "{at}/description must be empty for a type {kind} command"
                ));
            }
            if command["options"].as_array().is_some_and(|o| !o.is_empty()) {
                errors.push(format!("{at}: a type {kind} command takes no options"));
            }
        }
        let mut total = chars(&command["name"]) + chars(&command["description"]);
        total += check_options(&at, &command["options"], &mut errors);
        if total > MAX_COMMAND_TEXT {
            errors.push(format!(
                "{at} ({name}): {total} characters combined (max {MAX_COMMAND_TEXT})"
            ));
        }
    }
    finish(errors)
}

fn check_name(at: &str, name: &Value, errors: &mut Vec<String>) {
    let Some(name) = name.as_str() else {
        errors.push(format!("{at}/name is missing"));
        return;
    };
    if !NAME.is_match(name) {
        errors.push(format!(
            "{at}/name {name:?} does not match ^[-_'\\p{{L}}\\p{{N}}\\p{{sc=Deva}}\\p{{sc=Thai}}]{{1,32}}$"
        ));
    }
    if name.to_lowercase() != name {
        errors.push(format!("{at}/name {name:?} is not lowercase"));
    }
}

fn check_description(at: &str, description: &Value, errors: &mut Vec<String>) {
    let n = chars(description);
    if !(1..=MAX_DESCRIPTION).contains(&n) {
        errors.push(format!(
            "{at}/description has {n} characters (1-{MAX_DESCRIPTION})"
        ));
    }
}

/// Checks an `options` array and returns the characters it adds to the command's total.
fn check_options(at: &str, options: &Value, errors: &mut Vec<String>) -> usize {
    let Some(options) = options.as_array() else {
        return 0;
    };
    if options.len() > MAX_OPTIONS {
        errors.push(format!(
            "{at}/options has {} options (max {MAX_OPTIONS})",
            options.len()
        ));
    }
    let mut total = 0;
    let mut seen_optional = false;
    let mut names = std::collections::HashSet::new();
    for (i, option) in options.iter().enumerate() {
        let at = format!("{at}/options/{i}");
        check_name(&at, &option["name"], errors);
        check_description(&at, &option["description"], errors);
        if let Some(name) = option["name"].as_str() {
            if !names.insert(name) {
                errors.push(format!("{at}: option name {name:?} is used twice"));
            }
        }
        let required = option["required"].as_bool().unwrap_or(false);
        if required && seen_optional {
            errors.push(format!(
                "{at}: required option follows an optional one (Discord requires them first)"
            ));
        }
        seen_optional |= !required;
        total += chars(&option["name"]) + chars(&option["description"]);
        if let Some(choices) = option["choices"].as_array() {
            if choices.len() > MAX_CHOICES {
                errors.push(format!(
                    "{at}/choices has {} choices (max {MAX_CHOICES})",
                    choices.len()
                ));
            }
            if !choices.is_empty() && option["autocomplete"].as_bool() == Some(true) {
                errors.push(format!("{at}: autocomplete and choices cannot both be set"));
            }
            for choice in choices {
                total += chars(&choice["name"]);
                total += match &choice["value"] {
                    Value::String(s) => s.chars().count(),
                    other => other.to_string().chars().count(),
                };
            }
        }
        if let (Some(min), Some(max)) = (option["min_value"].as_f64(), option["max_value"].as_f64())
        {
            if min > max {
                errors.push(format!("{at}: min_value {min} exceeds max_value {max}"));
            }
        }
        if let (Some(min), Some(max)) =
            (option["min_length"].as_u64(), option["max_length"].as_u64())
        {
            if min > max {
                errors.push(format!("{at}: min_length {min} exceeds max_length {max}"));
            }
        }
        total += check_options(&at, &option["options"], errors);
    }
    total
}
