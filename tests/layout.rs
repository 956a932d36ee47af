//! How replies read in Discord (issue #15), checked over every reply of every bundled summit:
//! every command, participant (in each summit and across them), pledge, question and page, and
//! not-found replies. Each reply is rendered to the exact JSON Discord receives and held to:
//!
//! - the answer budget: description and fields, the sources not counted, within
//!   [`limits::ANSWER_BUDGET`] characters (one desktop screen);
//! - compact citations: every address is inside a masked link `[text](url)`, no link text looks
//!   like an address, and titles and field names (where Discord shows no links) carry none;
//! - Discord list markdown (`- `), never `• `; no "(country)" inside a Countries section;
//! - buttons that parse back into requests that answer, at most five "did you mean" names.

use std::sync::OnceLock;

use serde_json::Value;
use summit_bot::catalog::Catalog;
use summit_bot::commands;
use summit_bot::render::{self, limits};
use summit_bot::reply::{Reply, ReplyKind};
use summit_bot::request::{Button, Request};

fn bundled() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the bundled facts are valid"))
}

fn run(line: &str) -> Reply {
    let request = Request::parse_slash(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    commands::answer_with_request(bundled(), &request)
}

fn json(reply: &Reply) -> Value {
    serde_json::to_value(render::discord::response(reply, Some("1"), false)).expect("serializes")
}

fn pages(line: &str) -> Vec<String> {
    let first = run(line);
    let n = first.paging.as_ref().map_or(1, |p| p.pages);
    let mut out = vec![line.to_owned()];
    for page in 2..=n {
        out.push(format!("{line} page:{page}"));
    }
    out
}

/// Every reply worth checking, for every bundled summit.
fn every_line() -> Vec<String> {
    let mut lines = vec!["/summits".to_owned(), "/help".to_owned()];
    for facts in bundled().summits() {
        let s = format!("summit:{}", facts.id());
        lines.push(format!("/summit {s}"));
        for command in [
            "participants",
            "pledges",
            "questions",
            "disputes",
            "timeline",
            "sources",
        ] {
            lines.extend(pages(&format!("/{command} {s}")));
        }
        for p in &facts.file.participants {
            lines.extend(pages(&format!("/participant name:{} {s}", p.id)));
            lines.push(format!("/participant name:{}", p.id));
            lines.extend(pages(&format!("/pledges by:{} {s}", p.id)));
        }
        for t in &facts.file.topics {
            lines.extend(pages(&format!("/pledges topic:{} {s}", t.id)));
        }
        for p in &facts.file.pledges {
            lines.push(format!("/pledge id:{} {s}", p.id));
        }
        for q in &facts.file.questions {
            lines.push(format!("/question id:{} {s}", q.id));
        }
    }
    lines.extend(
        [
            "/participant name:Britian",
            "/participant name:Macorn",
            "/pledge id:uk-commons",
            "/question id:ceasefire",
            "/pledges by:frnace",
            "/summit summit:londno",
        ]
        .map(str::to_owned),
    );
    lines
}

fn is_sources_field(f: &Value) -> bool {
    let name = f["name"].as_str().unwrap_or("");
    name == "Sources" || name == "Sources (continued)"
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Characters a reader sees: a masked link shows only its text.
fn visible(text: &str) -> usize {
    let (links, rest) = masked_links(text);
    rest.chars().count() + links.iter().map(|(t, _)| t.chars().count()).sum::<usize>()
}

/// Description and fields as a reader sees them, sources not counted.
fn answer_chars(embed: &Value) -> usize {
    let mut n = visible(str_of(&embed["description"]));
    for f in embed["fields"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        if !is_sources_field(f) {
            n += str_of(&f["name"]).chars().count() + visible(str_of(&f["value"]));
        }
    }
    n
}

#[test]
fn every_reply_fits_the_answer_budget() {
    let mut over = Vec::new();
    for line in every_line() {
        // `/help` is the command reference, one line per command of the table; it grows with
        // the table, not with the facts, so it alone is held only to Discord's limits.
        if line == "/help" {
            continue;
        }
        let v = json(&run(&line));
        let n = answer_chars(&v["data"]["embeds"][0]);
        if n > limits::ANSWER_BUDGET {
            over.push(format!("{line}: {n}"));
        }
    }
    assert!(
        over.is_empty(),
        "over {} characters:\n{}",
        limits::ANSWER_BUDGET,
        over.join("\n")
    );
}

/// The addresses of every masked link in `text`, and the text with those links taken out.
fn masked_links(text: &str) -> (Vec<(String, String)>, String) {
    let mut links = Vec::new();
    let mut rest = String::new();
    let mut s = text;
    while let Some(open) = s.find('[') {
        rest.push_str(&s[..open]);
        let after = &s[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let url_start = close + 2;
            let end = after[url_start..].find(')')?;
            Some((close, url_start, url_start + end))
        });
        match parsed {
            Some((close, url_start, end)) if !after[..close].contains('[') => {
                links.push((after[..close].to_owned(), after[url_start..end].to_owned()));
                s = &after[end + 1..];
            }
            _ => {
                rest.push('[');
                s = after;
            }
        }
    }
    rest.push_str(s);
    (links, rest)
}

fn looks_like_address(text: &str) -> bool {
    text.split_whitespace()
        .any(summit_bot::markdown::looks_like_address)
}

#[test]
fn citations_are_masked_links_and_markdown_is_discords() {
    for line in every_line() {
        let reply = run(&line);
        let v = json(&reply);
        let embed = &v["data"]["embeds"][0];
        let title = str_of(&embed["title"]);
        assert!(
            !title.contains("http") && !title.contains("]("),
            "{line}: title {title}"
        );
        let mut values = vec![str_of(&embed["description"]).to_owned()];
        for f in embed["fields"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let name = str_of(&f["name"]);
            assert!(
                !name.contains("http") && !name.contains("]("),
                "{line}: field name {name}"
            );
            values.push(str_of(&f["value"]).to_owned());
            if name == "Countries" {
                assert!(!str_of(&f["value"]).contains("(country)"), "{line}");
            }
        }
        for value in values {
            let (links, rest) = masked_links(&value);
            assert!(
                !rest.contains("http://") && !rest.contains("https://"),
                "{line}: raw address in {rest}"
            );
            for (text, url) in links {
                assert!(!text.trim().is_empty(), "{line}: empty link text");
                assert!(!looks_like_address(&text), "{line}: link text {text}");
                assert!(url.starts_with("http"), "{line}: {url}");
            }
            for l in value.lines() {
                assert!(!l.trim_start().starts_with("• "), "{line}: bullet {l}");
            }
        }
    }
}

#[test]
fn buttons_run_requests_that_answer_and_suggestions_are_at_most_five() {
    for line in every_line() {
        let reply = run(&line);
        let v = json(&reply);
        let rows = v["data"]["components"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(rows.len() <= limits::ACTION_ROWS, "{line}");
        let mut ids = Vec::new();
        for row in &rows {
            let buttons = row["components"].as_array().cloned().unwrap_or_default();
            assert!(!buttons.is_empty() && buttons.len() <= limits::BUTTONS_PER_ROW);
            for b in buttons {
                let id = str_of(&b["custom_id"]).to_owned();
                assert!(id.chars().count() <= limits::CUSTOM_ID, "{line}: {id}");
                assert!(!ids.contains(&id), "{line}: duplicate {id}");
                let button =
                    Request::parse_button(&id).unwrap_or_else(|e| panic!("{line}: {id}: {e}"));
                let request = match button {
                    Button::Page { request, .. }
                    | Button::Run(request)
                    | Button::Sources(request) => request,
                };
                if b["disabled"] != true {
                    let answered = commands::answer_with_request(bundled(), &request);
                    assert_eq!(answered.kind, ReplyKind::Answer, "{line}: {id}");
                }
                ids.push(id);
            }
        }
        if reply.kind == ReplyKind::NotFound && !reply.suggestions.is_empty() {
            assert!(
                (1..=5).contains(&reply.actions.len()),
                "{line}: {} suggestions",
                reply.actions.len()
            );
            for a in &reply.actions {
                assert_eq!(a.request.command, reply.request.as_ref().unwrap().command);
            }
        }
    }
}

#[test]
fn the_sources_button_lists_every_source_with_the_same_numbers() {
    let reply = run("/participants");
    assert!(reply.citations.len() > render::discord::SOURCES_SHOWN);
    let v = json(&reply);
    let id = v["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .find(|b| b["label"] == "Sources")
        .map(|b| str_of(&b["custom_id"]).to_owned())
        .expect("a Sources button");
    let Ok(Button::Sources(request)) = Request::parse_button(&id) else {
        panic!("{id} is not a sources button");
    };
    let again = commands::answer_with_request(bundled(), &request);
    let list = render::discord::sources_reply(&again);
    assert!(list.private);
    let text: String = std::iter::once(list.body.clone())
        .chain(list.sections.iter().map(|s| s.body.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    for (i, c) in reply.citations.iter().enumerate() {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{}. ", i + 1)))
            .unwrap_or_else(|| panic!("source {} missing", i + 1));
        assert!(
            line.contains(&summit_bot::markdown::link_text(&c.title)),
            "{line}"
        );
    }
}

#[test]
fn the_overview_has_buttons_for_each_list() {
    let v = json(&run("/summit"));
    let labels: Vec<String> = v["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b| str_of(&b["label"]).to_owned())
        .collect();
    for want in [
        "Pledges",
        "Open questions",
        "Disputes",
        "Timeline",
        "All sources",
    ] {
        assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
    }
}
