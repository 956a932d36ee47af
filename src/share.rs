//! "Post publicly": the button under every private answer (`/ask private:true`, "Check with
//! summit facts", the Sources list, a page or list opened privately) that reposts it to the
//! channel, naming who shared it.
//!
//! Nothing is stored and the button's `custom_id` is a constant: a click carries the message it
//! was on (Discord echoes the clicked message in the interaction), so the repost is built from
//! that message's embed, and any replica, or a restarted bot, can answer it. The embed is
//! re-read field by field and fitted to Discord's limits again, as anything in a request body is
//! input. Of its buttons, "Sources" and 👍/👎 are carried over (they answer whoever clicks, from
//! their own `custom_id`); paging and "Post publicly" stay with the private copy.
//! The requester is named by display name, escaped, never by mention syntax, and
//! `allowed_mentions` is empty as on every reply: a repost cannot ping anyone.

use std::borrow::Cow;

use serde::Deserialize;

use crate::discord::{ButtonStyle, CallbackType, ComponentType};
use crate::render::discord::{
    self, ActionRow, AllowedMentions, Button, CallbackData, Embed, Field, Footer,
    InteractionResponse, Message,
};
use crate::render::limits;
use crate::reply::{Reply, ReplyKind};
use crate::text::quote_user;

/// The button's `custom_id`. Not a request: it re-runs nothing, so it cannot go stale.
pub const CUSTOM_ID: &str = "pub";

/// The button's label.
pub const LABEL: &str = "Post publicly";

/// How much of a display name the repost's first line shows (Discord allows 32).
const NAME_MAX: usize = 40;

/// Whether a reply gets the button: an answer only its asker sees. Errors and "not found"
/// replies are private too, but there is nothing in them worth posting.
pub fn offers(reply: &Reply) -> bool {
    reply.private && reply.kind == ReplyKind::Answer
}

/// The "Post publicly" button.
pub fn button() -> Button {
    Button {
        kind: ComponentType::Button,
        style: ButtonStyle::Secondary,
        label: Cow::Borrowed(LABEL),
        custom_id: CUSTOM_ID.to_owned(),
        disabled: false,
    }
}

/// The parts of a component interaction a repost needs: the clicked message's embeds.
#[derive(Deserialize)]
struct Clicked {
    #[serde(default)]
    message: Option<ClickedMessage>,
}

#[derive(Deserialize)]
struct ClickedMessage {
    #[serde(default)]
    embeds: Vec<RawEmbed>,
    #[serde(default)]
    components: Vec<RawRow>,
}

#[derive(Deserialize)]
struct RawRow {
    #[serde(default)]
    components: Vec<RawButton>,
}

#[derive(Deserialize)]
struct RawButton {
    #[serde(default)]
    custom_id: Option<String>,
}

/// An embed as Discord echoes it; every field may be missing or odd.
#[derive(Deserialize, Default)]
struct RawEmbed {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    color: Option<u32>,
    #[serde(default)]
    fields: Vec<RawField>,
    #[serde(default)]
    footer: Option<RawFooter>,
}

#[derive(Deserialize)]
struct RawField {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    inline: bool,
}

#[derive(Deserialize)]
struct RawFooter {
    #[serde(default)]
    text: String,
}

/// The answer to a "Post publicly" click: the clicked message's embed as a new public message,
/// opened by "Shared by <name>", or, when the click carries no embed to post, a private note.
/// `body` is the whole interaction; `name` is the clicker's display name.
pub fn repost(body: &[u8], name: &str) -> Result<Vec<u8>, Box<Reply>> {
    let clicked: Clicked = serde_json::from_slice(body).map_err(|_| nothing_to_post())?;
    let message = clicked.message.ok_or_else(nothing_to_post)?;
    let carried = carried(&message.components);
    let raw = message
        .embeds
        .into_iter()
        .next()
        .ok_or_else(nothing_to_post)?;
    let embed = fitted(&raw);
    let name = quote_user(name.trim(), NAME_MAX);
    let content = if name.is_empty() {
        "Shared from a private answer".to_owned()
    } else {
        format!("Shared by {name}")
    };
    let response = InteractionResponse {
        kind: CallbackType::ChannelMessage,
        data: Some(CallbackData::Message(Message {
            content: Some(Cow::Owned(limits::fit_owned(content, limits::CONTENT))),
            embeds: Some(vec![embed]),
            components: Some(carried),
            allowed_mentions: AllowedMentions::default(),
            flags: None,
        })),
    };
    Ok(serde_json::to_vec(&response).unwrap_or_default())
}

/// The clicked message's "Sources" and 👍/👎 buttons, rebuilt from their ids (labels and styles
/// are ours, not what the body says), each once, in one row.
fn carried(rows: &[RawRow]) -> Vec<ActionRow> {
    let mut buttons: Vec<Button> = Vec::new();
    let ids = rows
        .iter()
        .flat_map(|r| &r.components)
        .filter_map(|b| b.custom_id.as_deref());
    for id in ids {
        if limits::len(id) > limits::CUSTOM_ID || buttons.iter().any(|b| b.custom_id == id) {
            continue;
        }
        let label = if let Some(vote) = crate::feedback::parse(id) {
            crate::feedback::label(&vote)
        } else if matches!(
            crate::request::Request::parse_button(id),
            Ok(crate::request::Button::Sources(_))
        ) {
            discord::SOURCES
        } else {
            continue;
        };
        buttons.push(Button {
            kind: ComponentType::Button,
            style: ButtonStyle::Secondary,
            label: Cow::Borrowed(label),
            custom_id: id.to_owned(),
            disabled: false,
        });
    }
    buttons.truncate(limits::BUTTONS_PER_ROW);
    if buttons.is_empty() {
        return Vec::new();
    }
    vec![ActionRow {
        kind: ComponentType::ActionRow,
        components: buttons,
    }]
}

fn nothing_to_post() -> Box<Reply> {
    Box::new(Reply::error(
        "Nothing to post",
        "That answer is no longer available to post; run the command again.",
    ))
}

/// The embed within Discord's limits: each text fitted, at most 25 fields, blank names and values
/// replaced (Discord rejects them), an address kept only when it is a valid URL, and fields
/// dropped from the end until the whole is within the 6000-character total.
fn fitted(raw: &RawEmbed) -> Embed<'_> {
    fn text(s: &Option<String>, max: usize) -> Option<Cow<'_, str>> {
        s.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| limits::fit(t, max))
    }
    let title = text(&raw.title, limits::EMBED_TITLE);
    let url = raw
        .url
        .as_deref()
        .filter(|u| title.is_some() && limits::len(u) <= limits::URL && limits::is_valid_url(u));
    let fields = raw
        .fields
        .iter()
        .take(limits::FIELDS_PER_EMBED)
        .map(|f| Field {
            name: limits::fit_or(f.name.trim(), limits::FIELD_NAME, "\u{200B}"),
            value: limits::fit_or(f.value.trim(), limits::FIELD_VALUE, "—"),
            inline: f.inline,
        })
        .collect();
    let mut embed = Embed {
        title,
        url,
        description: text(&raw.description, limits::EMBED_DESCRIPTION),
        color: raw.color.unwrap_or(discord::COLOUR_ANSWER) & 0xFF_FF_FF,
        fields,
        footer: raw
            .footer
            .as_ref()
            .map(|f| f.text.trim())
            .filter(|t| !t.is_empty())
            .map(|t| Footer {
                text: limits::fit(t, limits::FOOTER_TEXT).into_owned(),
            }),
    };
    while discord::total(&embed) > limits::EMBEDS_TOTAL && embed.fields.pop().is_some() {}
    if discord::total(&embed) > limits::EMBEDS_TOTAL {
        embed.description = embed
            .description
            .map(|d| Cow::Owned(limits::fit(&d, 1000).into_owned()));
    }
    if embed.title.is_none() && embed.description.is_none() && embed.fields.is_empty() {
        embed.description = Some(Cow::Borrowed("Nothing to show."));
    }
    embed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn click(embeds: Value) -> Vec<u8> {
        json!({"type": 3, "data": {"custom_id": CUSTOM_ID}, "message": {"embeds": embeds}})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn a_repost_is_public_names_the_sharer_and_cannot_ping() {
        let body = click(json!([{
            "type": "rich", "title": "Donald Trump", "description": "Not present. [1]",
            "color": 3108830, "fields": [{"name": "Sources", "value": "1. x", "inline": false}],
        }]));
        let out: Value =
            serde_json::from_slice(&repost(&body, "@everyone <@1> *Marg*").unwrap()).unwrap();
        assert_eq!(out["type"], 4);
        assert!(out["data"].get("flags").is_none(), "{out}");
        assert_eq!(out["data"]["allowed_mentions"], json!({"parse": []}));
        let content = out["data"]["content"].as_str().unwrap();
        assert!(content.starts_with("Shared by "), "{content}");
        assert!(
            !content.contains("@everyone") && !content.contains("<@"),
            "{content}"
        );
        assert_eq!(out["data"]["embeds"][0]["title"], "Donald Trump");
        assert_eq!(out["data"]["components"], json!([]));
    }

    #[test]
    fn sources_and_votes_are_carried_over_but_not_paging_or_share() {
        let body = json!({"type": 3, "data": {"custom_id": CUSTOM_ID}, "message": {
            "embeds": [{"title": "Donald Trump"}],
            "components": [
                {"type": 1, "components": [
                    {"type": 2, "custom_id": "pg|1|pledges|2", "label": "Next"},
                    {"type": 2, "custom_id": "src|ask|question=sx", "label": "@everyone"},
                    {"type": 2, "custom_id": "pub", "label": "Post publicly"},
                ]},
                {"type": 1, "components": [
                    {"type": 2, "custom_id": "fb|u|ask|question=sx", "label": "x"},
                    {"type": 2, "custom_id": "fb|d|ask|question=sx"},
                    {"type": 2, "custom_id": "fb|d|ask|question=sx"},
                    {"type": 2, "custom_id": "fb|z|nonsense"},
                ]},
            ],
        }})
        .to_string()
        .into_bytes();
        let out: Value = serde_json::from_slice(&repost(&body, "a").unwrap()).unwrap();
        let row = &out["data"]["components"][0]["components"];
        let shown: Vec<(&str, &str)> = row
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["custom_id"].as_str().unwrap(),
                    b["label"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("src|ask|question=sx", "Sources"),
                ("fb|u|ask|question=sx", "👍"),
                ("fb|d|ask|question=sx", "👎"),
            ]
        );
    }

    #[test]
    fn a_click_without_an_embed_gets_a_private_note() {
        for body in [
            click(json!([])),
            br#"{"type":3,"data":{"custom_id":"pub"}}"#.to_vec(),
            b"{".to_vec(),
        ] {
            let reply = repost(&body, "a").unwrap_err();
            assert!(reply.is_ephemeral());
        }
    }

    #[test]
    fn an_oversized_or_odd_embed_is_fitted() {
        let long = "x".repeat(5000);
        let fields: Vec<Value> = (0..40)
            .map(|_| json!({"name": "", "value": long}))
            .collect();
        let body = click(json!([{
            "title": long, "url": "not a url", "description": long, "color": 4294967295u64,
            "fields": fields, "footer": {"text": long},
        }]));
        let out: Value = serde_json::from_slice(&repost(&body, "a").unwrap()).unwrap();
        let e = &out["data"]["embeds"][0];
        assert!(e.get("url").is_none());
        let mut total = 0;
        for key in ["title", "description"] {
            total += e[key].as_str().map_or(0, |s| s.chars().count());
        }
        total += e["footer"]["text"]
            .as_str()
            .map_or(0, |s| s.chars().count());
        for f in e["fields"].as_array().into_iter().flatten() {
            total += f["name"].as_str().unwrap().chars().count();
            total += f["value"].as_str().unwrap().chars().count();
        }
        assert!(total <= limits::EMBEDS_TOTAL, "{total}");
    }
}
