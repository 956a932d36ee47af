//! The same mistakes, as a console line and as Discord sends them, for the test in each door
//! (tests/cli.rs `exec`, tests/http_endpoint.rs, tests/gateway.rs): each door must show the
//! message the library gives for the console line, so a mistake reads the same from every door.

#![allow(dead_code)] // each test binary uses a different part

use serde_json::{json, Value};
use summit_bot::catalog::Catalog;
use summit_bot::commands;
use summit_bot::request::Request;

pub struct Mistake {
    /// The console line (`summit-bot exec`).
    pub line: &'static str,
    /// The same command as an interaction's `data.name` and `data.options`.
    pub command: &'static str,
    pub options: fn() -> Value,
    /// Words the message must hold, so the shared wording is pinned, not only equal.
    pub says: &'static str,
}

pub const MISTAKES: &[Mistake] = &[
    Mistake {
        line: "/pledges colour:red",
        command: "pledges",
        options: || json!([{"name": "colour", "type": 3, "value": "red"}]),
        says: "/pledges has no option colour. It takes by:, topic:, page:, summit:.",
    },
    Mistake {
        line: "/pledges page:0",
        command: "pledges",
        options: || json!([{"name": "page", "type": 4, "value": 0}]),
        says: "Option page of /pledges needs a whole number from 1 to 1000, not “0”.",
    },
    Mistake {
        line: "/ask question:who private:maybe",
        command: "ask",
        // Discord checks values against what was registered, which may be another build's
        // table: here `private` was registered as text.
        options: || {
            json!([{"name": "question", "type": 3, "value": "who"},
                   {"name": "private", "type": 3, "value": "maybe"}])
        },
        says: "Option private of /ask needs true or false, not “maybe”.",
    },
    Mistake {
        line: "/pledges by:Atlantis",
        command: "pledges",
        options: || json!([{"name": "by", "type": 3, "value": "Atlantis"}]),
        says: "No participant matching “Atlantis” is recorded for",
    },
    Mistake {
        line: "/participant",
        command: "participant",
        options: || json!([]),
        says: "/participant needs name: (a name, id or alias). For example: /participant name:",
    },
];

impl Mistake {
    /// What the library says to the console line: the parser's error, or the engine's reply.
    pub fn message(&self, catalog: &Catalog) -> String {
        let message = match Request::parse_slash(self.line) {
            Err(e) => e.to_string(),
            Ok(request) => commands::answer(catalog, &request).body,
        };
        assert!(
            plain(&message).contains(self.says),
            "{}: {message}",
            self.line
        );
        message
    }
}

/// The words without Markdown: the terminal shows `/help` as /help and `\:` as `:`.
pub fn plain(text: &str) -> String {
    text.replace(['`', '\\'], "")
}

/// The message a Discord reply shows: its embed's description, or its content.
pub fn discord_message(callback: &Value) -> String {
    let data = &callback["data"];
    data.pointer("/embeds/0/description")
        .or_else(|| data.get("content"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// A Discord door's reply to `mistake`: private, and exactly the library's message.
pub fn assert_discord_reply(mistake: &Mistake, callback: &Value, catalog: &Catalog) {
    let flags = callback
        .pointer("/data/flags")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    assert_eq!(flags & 64, 64, "{}: mistakes are private", mistake.line);
    assert_eq!(
        discord_message(callback),
        mistake.message(catalog),
        "{}",
        mistake.line
    );
}
