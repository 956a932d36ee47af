//! Hostile input, generated: whatever a user types into any text option, whatever bytes arrive as
//! an interaction, and whatever line is typed at the console, the bot must not panic, must send
//! Discord a body its OpenAPI schema accepts (plus the limits the schema leaves out, see
//! `support/openapi.rs`), must never let a mention through, and must echo user text only escaped.
//!
//! The generators mix `any::<String>()` with text built from the pieces that break chat bots:
//! mentions, markdown, zero-width and bidirectional-override characters, control characters,
//! emoji, combining marks, very long words, and real entity names (so the found paths run too),
//! up to Discord's 6000-character ceiling. Case counts are kept moderate (see [`CASES`]) so
//! `cargo test` stays fast in debug; the cargo-fuzz targets in `fuzz/` run the same entry points
//! for as long as one likes. Inputs that once broke something are replayed as plain `#[test]`s at
//! the end of this file.

#[path = "support/openapi.rs"]
mod openapi;

use std::sync::LazyLock;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};

use summit_bot::catalog::Catalog;
use summit_bot::commands::{self, CommandSpec, OptionSpec, OptionType, COMMANDS};
use summit_bot::interaction;
use summit_bot::render;
use summit_bot::reply::Reply;
use summit_bot::request::{OptionValue, Request};

/// Cases per property. Each case of the option property runs every text option of every command
/// through the engine and four renders, so this is already thousands of validated bodies.
const CASES: u32 = 64;

/// [`CASES`], or `PROPTEST_CASES` when set: `ProptestConfig::with_cases` would otherwise override
/// the variable, and a long run (`PROPTEST_CASES=20000`) stands in for a fuzzing session.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(CASES)
}

/// Discord's ceiling on a message's text, and so the longest text worth generating.
const MAX_TEXT: usize = 6000;

static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::embedded().expect("the embedded fact file loads"));

/// A user id shaped like Discord's, for paging buttons bound to their invoker.
const OWNER: &str = "283934521092767744";

/// Text that must never reach Discord: mentions (even with `allowed_mentions` empty, a client that
/// ignored it would ping), and the bidirectional overrides and isolates that can make echoed text
/// read backwards. The fact file contains none of them, so any occurrence came from a user.
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

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const MENTIONS: &[&str] = &[
    "@everyone",
    "@here",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "</pledges:1325490000004000012>",
    "@",
    "<",
    "@@everyone",
    "<<@123>>",
];

const MARKDOWN: &[&str] = &[
    "**",
    "__",
    "`",
    "```",
    "||",
    "> ",
    ">>> ",
    "# ",
    "## ",
    "-# ",
    "- ",
    "1. ",
    "[x](http://e.com)",
    "[x](<http://e.com>)",
    "~~",
    "*",
    "_",
    "\\",
    "\\\\",
    ":",
    "-",
    "|",
    "\"",
    "'",
    "&amp;",
    "<t:0:R>",
    "http://e.com",
];

const EMOJI: &[&str] = &[
    "🇺🇦",
    "🇬🇧",
    "👍🏽",
    "👨‍👩‍👧",
    "❤️",
    "🏳️‍🌈",
    "\u{1F9D1}\u{200D}\u{1F4BB}",
];

/// Names, ids, aliases and console syntax from the fact file and command table, so that generated
/// text also reaches the answers (found, paged), not only the not-found path.
const REAL: &[&str] = &[
    "uk",
    "UK",
    "Britain",
    "united-kingdom",
    "Starmer",
    "Keir Starmer",
    "Macron",
    "Zelenskyy",
    "Zelensky",
    "Türkiye",
    "nato",
    "us",
    "troops",
    "ceasefire",
    "uk-france-forces",
    "if-war-resumes",
    "paris-2026-01-06",
    "Paris",
    "did the US sign?",
    "what did britain promise",
    "country",
    "person",
    "organisation",
    "by:uk",
    "name:\"Keir Starmer\"",
    "page:2",
    "page:0",
    "page:99999999999999999999",
    "summit:paris",
    "private:true",
    "question:",
    "id:",
    "\"",
];

const SPACES: &[&str] = &[
    " ", "  ", "\n", "\t", "\r\n", "\u{A0}", "\u{3000}", "\u{2028}",
];

fn chars(c: impl Strategy<Value = char>) -> impl Strategy<Value = String> {
    c.prop_map(String::from)
}

/// One piece of hostile text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(MENTIONS).prop_map(str::to_owned),
        3 => select(MARKDOWN).prop_map(str::to_owned),
        1 => chars(prop_oneof![
            proptest::char::range('\u{200B}', '\u{200F}'),
            Just('\u{2060}'),
            Just('\u{FEFF}'),
        ]),
        1 => chars(prop_oneof![
            proptest::char::range('\u{202A}', '\u{202E}'),
            proptest::char::range('\u{2066}', '\u{2069}'),
        ]),
        1 => chars(prop_oneof![
            proptest::char::range('\0', '\u{1F}'),
            proptest::char::range('\u{7F}', '\u{9F}'),
        ]),
        1 => prop_oneof![
            select(EMOJI).prop_map(str::to_owned),
            chars(proptest::char::range('\u{1F300}', '\u{1FAFF}')),
        ],
        // A letter drowned in combining marks ("Zalgo").
        1 => (
            proptest::char::range('a', 'z'),
            vec(proptest::char::range('\u{300}', '\u{36F}'), 1..40)
        )
            .prop_map(|(c, marks)| std::iter::once(c).chain(marks).collect()),
        // A very long word: one repeated character, or random letters and digits.
        1 => prop_oneof![
            (any::<char>(), 100..3000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
            "[a-zA-Z0-9]{100,2000}",
        ],
        3 => select(REAL).prop_map(str::to_owned),
        3 => select(SPACES).prop_map(str::to_owned),
        2 => chars(any::<char>()),
        2 => "[a-zA-Z]{1,12}",
    ]
}

/// Cuts `s` to at most [`MAX_TEXT`] characters.
fn cap(s: String) -> String {
    match s.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => s[..i].to_owned(),
        None => s,
    }
}

/// Hostile text assembled from [`piece`]s.
fn hostile() -> impl Strategy<Value = String> {
    vec(piece(), 0..48).prop_map(|p| cap(p.concat()))
}

/// Anything a user could type: arbitrary Unicode, hostile pieces, and text at the 6000 ceiling.
fn user_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        1 => vec(any::<char>(), 0..=MAX_TEXT).prop_map(String::from_iter),
        4 => hostile(),
        1 => hostile().prop_map(|s| {
            if s.is_empty() {
                "@everyone ".repeat(MAX_TEXT / 10)
            } else {
                cap(s.repeat(MAX_TEXT / s.chars().count() + 1))
            }
        }),
    ]
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// Every text option of every command: `(command, option)`.
fn text_options() -> Vec<(&'static CommandSpec, &'static OptionSpec)> {
    COMMANDS
        .iter()
        .flat_map(|c| c.options.iter().map(move |o| (c, o)))
        .filter(|(_, o)| o.kind == OptionType::String)
        .collect()
}

/// The command's own example (so required options hold a real value), with `option` set to
/// `text`.
fn request_with(spec: &CommandSpec, option: &str, text: &str) -> Request {
    let example = spec.example(CATALOG.newest());
    let base = Request::parse_slash(&example)
        .unwrap_or_else(|e| panic!("the example {example:?} must parse: {e}"));
    base.with(option, OptionValue::String(text.to_owned()))
}

/// A failing input's description, cut short: generated inputs run to 6000 characters, and
/// proptest prints the full input (and saves its seed) anyway.
fn short(what: &dyn std::fmt::Debug) -> String {
    let s = format!("{what:?}");
    match s.char_indices().nth(600) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Validates a callback body against the schema and checks that nothing forbidden is in it.
fn check_body(body: &Value, what: &dyn std::fmt::Debug) -> Result<(), TestCaseError> {
    if let Err(errors) = openapi::validate_callback(body) {
        return Err(TestCaseError::fail(format!(
            "invalid Discord body for {}: {errors:#?}\n{}",
            short(what),
            short(body)
        )));
    }
    let parse = body.pointer("/data/allowed_mentions/parse");
    if body["type"] != 8 && body["type"] != 1 {
        prop_assert_eq!(
            parse,
            Some(&json!([])),
            "allowed_mentions for {}",
            short(what)
        );
    }
    let serialized = body.to_string();
    for bad in FORBIDDEN {
        if let Some(at) = serialized.find(bad) {
            let from = serialized[..at]
                .char_indices()
                .rev()
                .nth(200)
                .map_or(0, |(i, _)| i);
            let to = serialized[at..]
                .char_indices()
                .nth(200)
                .map_or(serialized.len(), |(i, _)| at + i);
            return Err(TestCaseError::fail(format!(
                "the reply to {} contains {bad:?}: …{}…",
                short(what),
                &serialized[from..to]
            )));
        }
    }
    Ok(())
}

/// Renders a reply every way a transport can send it (new message or edit, bound to an owner or
/// not) and checks each body; the terminal rendering must not panic either.
fn check_reply(reply: &Reply, what: &dyn std::fmt::Debug) -> Result<(), TestCaseError> {
    let _ = render::text::render(reply);
    for owner in [Some(OWNER), None] {
        for update in [false, true] {
            let response = render::discord::response(reply, owner, update);
            let body = serde_json::to_value(&response).expect("a response serializes");
            check_body(&body, what)?;
        }
    }
    Ok(())
}

/// Autocompletes `option` of `request` with `partial` typed, and checks the body.
fn check_autocomplete(request: &Request, option: &str, partial: &str) -> Result<(), TestCaseError> {
    let choices = commands::autocomplete(&CATALOG, request, option, partial);
    prop_assert!(choices.len() <= 25);
    let body = serde_json::to_value(render::discord::autocomplete(&choices))
        .expect("an autocomplete response serializes");
    check_body(&body, &(request, option, partial))
}

/// The texts a message shows (not ids or URLs), for the escaping checks.
fn shown_texts(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let data = &body["data"];
    let mut push = |v: &Value| {
        if let Some(s) = v.as_str() {
            out.push(s.to_owned());
        }
    };
    push(&data["content"]);
    for embed in data["embeds"].as_array().into_iter().flatten() {
        push(&embed["title"]);
        push(&embed["description"]);
        push(&embed["footer"]["text"]);
        for field in embed["fields"].as_array().into_iter().flatten() {
            push(&field["name"]);
            push(&field["value"]);
        }
    }
    for row in data["components"].as_array().into_iter().flatten() {
        for c in row["components"].as_array().into_iter().flatten() {
            push(&c["label"]);
        }
    }
    out
}

/// Characters that start or end Discord markdown around a word.
fn is_markdown(c: char) -> bool {
    matches!(
        c,
        '*' | '_' | '`' | '|' | '~' | '[' | ']' | '(' | ')' | '>' | '#'
    )
}

/// Where `word` is shown, no unescaped markdown character touches it: the user's `**word**` is
/// shown as `\*\*word\*\*` (or without the markers), never as bold.
fn check_escaped_around(
    body: &Value,
    word: &str,
    what: &dyn std::fmt::Debug,
) -> Result<(), TestCaseError> {
    let word = word.to_lowercase();
    for text in shown_texts(body) {
        let lower = text.to_lowercase();
        // Lowercasing can change byte lengths; compare on characters.
        let chars: Vec<char> = lower.chars().collect();
        let w: Vec<char> = word.chars().collect();
        for start in 0..chars.len().saturating_sub(w.len() - 1) {
            if chars[start..start + w.len()] != w[..] {
                continue;
            }
            if start > 0 && is_markdown(chars[start - 1]) {
                let escaped = start > 1 && chars[start - 2] == '\\';
                prop_assert!(
                    escaped,
                    "unescaped {:?} before the user's word in {:?} for {}",
                    chars[start - 1],
                    text,
                    short(what)
                );
            }
            if let Some(&next) = chars.get(start + w.len()) {
                prop_assert!(
                    !is_markdown(next),
                    "unescaped {:?} after the user's word in {:?} for {}",
                    next,
                    text,
                    short(what)
                );
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Any text in any text option of any command (entity options, `kind`, `summit`,
    /// `/ask question`): answered without panic, every rendering valid and mention-free, and the
    /// autocomplete of every entity option (this one focused, or this one typed and another
    /// focused) valid too.
    #[test]
    fn any_text_in_any_option_gives_a_valid_safe_reply(text in user_text()) {
        for (spec, option) in text_options() {
            let request = request_with(spec, option.name, &text);
            let reply = commands::answer(&CATALOG, &request);
            check_reply(&reply, &(spec.name, option.name, &text))?;

            for focused in spec.options.iter().filter(|o| o.entity.is_some()) {
                if focused.name == option.name {
                    let mut so_far = request.clone();
                    so_far.options.remove(option.name);
                    check_autocomplete(&so_far, focused.name, &text)?;
                } else {
                    check_autocomplete(&request, focused.name, "")?;
                }
            }
        }
    }

    /// A made-up word wrapped in markdown, inside hostile text, is never shown with live markdown
    /// around it in any reply to any text option.
    #[test]
    fn markdown_around_user_words_is_escaped(
        word in "[A-Z][a-z]{7,15}",
        marker in select(&["**", "__", "`", "||", "~~", "*", "_", "[", "]", "#", ">"][..]),
        before in hostile(),
        after in hostile(),
    ) {
        let text = cap(format!("{before} {marker}{word}{marker} {after}"));
        for (spec, option) in text_options() {
            let request = request_with(spec, option.name, &text);
            let reply = commands::answer(&CATALOG, &request);
            let body = serde_json::to_value(render::discord::response(&reply, Some(OWNER), false))
                .expect("a response serializes");
            check_body(&body, &(spec.name, option.name, &text))?;
            check_escaped_around(&body, &word, &(spec.name, option.name, &text))?;
        }
    }

    /// The console's line parser takes any line; whatever it accepts is answered and rendered
    /// validly. Lines start with a real command most of the time, so the option syntax is reached.
    #[test]
    fn any_console_line_parses_or_errors_and_renders(
        line in prop_oneof![
            1 => any::<String>(),
            3 => (
                select(COMMANDS.iter().map(|c| c.name).chain(["", "PLEDGES", "nope"]).collect::<Vec<_>>()),
                user_text(),
            )
                .prop_map(|(c, rest)| format!("/{c} {rest}")),
        ]
    ) {
        if let Ok(request) = Request::parse_slash(&line) {
            let reply = commands::answer(&CATALOG, &request);
            check_reply(&reply, &line)?;
        }
    }

    /// Arbitrary bytes as an interaction body: an error or a valid, safe callback, never a panic.
    #[test]
    fn any_bytes_as_an_interaction_are_answered_or_refused(
        body in prop_oneof![
            vec(any::<u8>(), 0..512),
            // A real interaction, corrupted: bytes overwritten, cut short, or spliced.
            (select(fixtures()), vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), any::<prop::sample::Index>())
                .prop_map(|(fixture, edits, cut)| {
                    let mut bytes = fixture.into_bytes();
                    for (at, b) in edits {
                        let i = at.index(bytes.len());
                        bytes[i] = b;
                    }
                    let keep = cut.index(bytes.len() + 1);
                    if keep > bytes.len() / 2 {
                        bytes.truncate(keep);
                    }
                    bytes
                }),
        ]
    ) {
        if let Ok(out) = interaction::respond(&CATALOG, &body) {
            let json: Value = serde_json::from_slice(&out).expect("respond returns JSON");
            check_body(&json, &String::from_utf8_lossy(&body))?;
        }
    }

    /// Structurally valid interactions (commands, autocomplete, button clicks) whose command
    /// names, option names, option types and values are arbitrary: an error or a valid, safe
    /// callback. Discord checks option types against what was registered, but the registered set
    /// may belong to another build, and the HTTP endpoint accepts any correctly signed body.
    #[test]
    fn structured_interactions_with_arbitrary_values(interaction in interaction_body()) {
        let bytes = serde_json::to_vec(&interaction).expect("serializes");
        // An error is fine (the HTTP endpoint answers 400); a reply must be valid and safe.
        if let Ok(out) = interaction::respond(&CATALOG, &bytes) {
            let json: Value = serde_json::from_slice(&out).expect("respond returns JSON");
            check_body(&json, &interaction["data"])?;
        }
    }
}

/// "Check with summit facts" on a message with `content`, as Discord sends it.
fn message_command(content: &str, embeds: usize, attachments: usize) -> Value {
    let target = "1456702031295807551";
    json!({
        "type": 2, "id": "1456702190191657001", "token": "t", "version": 1,
        "application_id": "1325480946218057728", "channel_id": "1189476373455912960",
        "member": {"user": {"id": OWNER, "username": "a"}, "roles": [], "permissions": "0"},
        "data": {
            "id": "1325490000011000099", "name": "Check with summit facts", "type": 3,
            "target_id": target,
            "resolved": {"messages": {target: {
                "id": target, "type": 0, "content": content,
                "channel_id": "1189476373455912960",
                "author": {"id": "401122334455667788", "username": "b"},
                "embeds": vec![json!({"type": "rich", "title": "@everyone"}); embeds],
                "attachments": vec![json!({"id": "1", "filename": "a.png"}); attachments],
                "mentions": [], "mention_roles": [], "pinned": false, "mention_everyone": false,
                "tts": false, "timestamp": "2026-01-07T09:12:44.512000+00:00"
            }}}
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Any message text (mentions, markdown, links, other scripts, up to 6000 characters) with
    /// or without embeds and attachments: a private, valid, mention-free answer, never a panic.
    #[test]
    fn the_message_command_answers_any_text_privately(
        content in user_text(),
        embeds in 0..3usize,
        attachments in 0..3usize,
    ) {
        let body = message_command(&content, embeds, attachments);
        let bytes = serde_json::to_vec(&body).expect("serializes");
        let out = interaction::respond(&CATALOG, &bytes).expect("a message command is answered");
        let json: Value = serde_json::from_slice(&out).expect("respond returns JSON");
        check_body(&json, &content)?;
        prop_assert_eq!(&json["type"], &json!(4));
        prop_assert_eq!(&json["data"]["flags"], &json!(64), "not private: {}", short(&json));
    }
}

/// The real interaction fixtures, as text.
fn fixtures() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interactions");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .expect("the interaction fixtures exist")
        .map(|e| std::fs::read_to_string(e.expect("readable").path()).expect("readable fixture"))
        .collect();
    out.sort();
    out
}

/// A JSON value as an option value: mostly hostile text, sometimes another JSON type.
fn option_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => user_text().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => (1..=1000i64).prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        1 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => Just(json!({"nested": ["@everyone"]})),
    ]
}

/// An option as Discord sends it, with a real or arbitrary name and type.
fn raw_option() -> impl Strategy<Value = Value> {
    let names: Vec<String> = COMMANDS
        .iter()
        .flat_map(|c| c.options.iter().map(|o| o.name.to_owned()))
        .chain(["<@123>".to_owned(), "@everyone".to_owned(), String::new()])
        .collect();
    (
        prop_oneof![4 => select(names), 1 => user_text()],
        prop_oneof![4 => Just(3u8), 1 => Just(4u8), 1 => Just(5u8), 1 => any::<u8>()],
        option_value(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(name, kind, value, has_value, focused)| {
            let mut o = json!({"name": name, "type": kind});
            if has_value {
                o["value"] = value;
            }
            if focused {
                o["focused"] = json!(true);
            }
            o
        })
}

/// A paging button's `custom_id`: a real one built from hostile options, or arbitrary text.
fn custom_id() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => (
            select(COMMANDS.iter().map(|c| c.name).collect::<Vec<_>>()),
            user_text(),
            0..2000u32,
            prop_oneof![Just(None), Just(Some(OWNER)), Just(Some("1"))],
        )
            .prop_map(|(command, text, page, owner)| {
                let mut request = Request::new(command);
                if let Some(spec) = summit_bot::commands::find(command) {
                    for o in spec.options.iter().filter(|o| o.kind == OptionType::String) {
                        request = request.with(o.name, OptionValue::String(text.clone()));
                    }
                }
                request.page_custom_id(page, owner)
            }),
        1 => user_text(),
        1 => "pg\\|[0-9]{0,3}\\|[a-z]{0,12}\\|-?[0-9]{0,25}(\\|[a-z]{1,8}=[sibx]?[^|]{0,30}){0,4}",
    ]
}

/// A whole interaction: the fields Discord always sends (from a real fixture), with arbitrary
/// type, command, options and button.
fn interaction_body() -> impl Strategy<Value = Value> {
    let names: Vec<String> = COMMANDS
        .iter()
        .map(|c| c.name.to_owned())
        .chain(["reload".to_owned(), "<@123>".to_owned(), String::new()])
        .collect();
    (
        prop_oneof![4 => Just(2u8), 2 => Just(4u8), 2 => Just(3u8), 1 => Just(1u8), 1 => any::<u8>()],
        prop_oneof![4 => select(names), 1 => user_text()],
        vec(raw_option(), 0..5),
        custom_id(),
        prop_oneof![Just("member"), Just("user"), Just("none")],
    )
        .prop_map(|(kind, name, options, custom_id, who)| {
            let mut body = json!({
                "id": "1456702206918541312",
                "application_id": "1325480946218057728",
                "type": kind,
                "token": "fixture-token-not-a-secret",
                "version": 1,
                "channel_id": "1189476373455912960",
                "locale": "en-GB",
                "entitlements": [],
                "attachment_size_limit": 10485760,
                "data": {"id": "1325490000003000009", "name": name, "type": 1, "options": options},
            });
            if kind == 3 {
                body["data"] = json!({"component_type": 2, "custom_id": custom_id, "id": 3});
            }
            let user = json!({"id": OWNER, "username": "marguerite.l"});
            match who {
                "member" => {
                    body["guild_id"] = json!("1189476372914839612");
                    body["member"] = json!({"user": user, "roles": [], "deaf": false, "mute": false, "flags": 0});
                }
                "user" => body["user"] = user,
                _ => {}
            }
            body
        })
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs that once broke something, replayed exactly.
// ---------------------------------------------------------------------------------------------

/// Answers an interaction body and checks the callback, for the replayed inputs below.
fn replay(interaction: Value) {
    let bytes = serde_json::to_vec(&interaction).expect("serializes");
    let out =
        interaction::respond(&CATALOG, &bytes).expect("a well-formed interaction is answered");
    let body: Value = serde_json::from_slice(&out).expect("respond returns JSON");
    if let Err(e) = check_body(&body, &interaction["data"]) {
        panic!("{e}");
    }
}

/// A command interaction from [`OWNER`] with the given data.
fn command(data: Value) -> Value {
    json!({
        "id": "1456702206918541312", "application_id": "1325480946218057728", "type": 2,
        "token": "fixture-token-not-a-secret", "version": 1, "channel_id": "1189476373455912960",
        "locale": "en-GB", "entitlements": [], "attachment_size_limit": 10485760,
        "user": {"id": OWNER, "username": "marguerite.l"},
        "data": data,
    })
}

/// Found by `structured_interactions_with_arbitrary_values`: a string sent as an integer option
/// (`"type": 4`) was quoted raw in "option `summit` needs text, not `…`", RTL override included.
#[test]
fn regression_wrongly_typed_option_value_is_echoed_escaped() {
    replay(command(json!({
        "id": "1", "name": "summit", "type": 1,
        "options": [{"name": "summit", "type": 4, "value": "\u{202E}@everyone <@123> **x**"}],
    })));
    replay(command(json!({
        "id": "1", "name": "pledges", "type": 1,
        "options": [{"name": "page", "type": 3, "value": "@here <#789>"}],
    })));
}

/// Same family: an option name or command name this build does not know is quoted in the reply.
#[test]
fn regression_unknown_option_and_command_names_are_echoed_escaped() {
    replay(command(json!({
        "id": "1", "name": "pledges", "type": 1,
        "options": [{"name": "@everyone\u{2066}", "type": 3, "value": "uk"}],
    })));
    replay(command(
        json!({"id": "1", "name": "<@123>\u{202E}@here", "type": 1}),
    ));
}

/// Found by `any_console_line_parses_or_errors_and_renders`: a summit that is not found offers
/// each close summit as a button re-running the request, and the button id carried the user's
/// `@everyone` from another option. Such a request gets no button now, like "Sources".
#[test]
fn regression_did_you_mean_buttons_carry_no_mention_syntax() {
    let line = "/participant @everyone summit:parisA";
    let request = Request::parse_slash(line).expect("the line parses");
    let reply = commands::answer(&CATALOG, &request);
    assert!(
        !reply.actions.is_empty(),
        "the engine still offers the summits"
    );
    check_reply(&reply, &line).expect("a safe reply");
}

/// Found by the `interaction` fuzz target (cargo-fuzz, 2 December): a user id that is not a
/// snowflake (`"2839345210927\u{2066}44"`) was bound as it came into the paging buttons'
/// `custom_id`s, bidi isolate included. Only digits are read as a user id now, so such a body
/// is refused like one without a user (the endpoint's 400); with a real id it is answered.
#[test]
fn regression_a_user_id_that_is_not_a_snowflake_is_refused() {
    let mut interaction = command(json!({
        "id": "1", "name": "pledges", "type": 1,
        "options": [{"name": "by", "type": 3, "value": "uk"}],
    }));
    replay(interaction.clone());
    for forged in [
        "2839345210927\u{2066}44",
        "<@283934521092767744>",
        "",
        "1e5",
    ] {
        interaction["user"]["id"] = json!(forged);
        let bytes = serde_json::to_vec(&interaction).expect("serializes");
        assert!(
            interaction::respond(&CATALOG, &bytes).is_err(),
            "{forged:?} was taken as a user id"
        );
    }
}
