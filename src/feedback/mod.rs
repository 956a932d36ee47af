//! Feedback and gaps, for the people who keep the facts: 👍/👎 under `/ask` and "Check with
//! summit facts" answers, and a record of every question the facts did not answer.
//!
//! This is the door's side; the engine only says, on its [`Reply`], which facts it showed
//! (`Reply::facts`) and which claims it could not answer (`Reply::unanswered`). Here those become
//! [`Record`]s: the interaction router makes them (pure: no clock, no file), and a [`Recorder`]
//! stamps and appends them to JSON Lines files in the state folder from one writer thread
//! ([`writer`]). `summit-bot gaps` and `/gaps` read the files back ([`gaps`]).
//!
//! The buttons hold their state in the `custom_id`, like paging: a vote under `/ask` carries the
//! question (and `summit:` if one was given), and the click asks it again to learn which facts
//! the answer shows; a vote under a check reads the claims back from the clicked message, which
//! Discord sends with the click. Nothing is kept in memory, so any replica can take the click.

pub mod gaps;
pub mod writer;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::discord::flags::EPHEMERAL;
use crate::discord::{ButtonStyle, CallbackType, ComponentType};
use crate::render::discord::{
    ActionRow, AllowedMentions, Button, CallbackData, InteractionResponse, Message,
};
use crate::render::limits;
use crate::reply::{Reply, ReplyKind};
use crate::request::{OptionValue, Request};

pub use writer::{Recorder, Settings};

/// Every feedback button's `custom_id` starts with this; the other button ids start with `pg|`,
/// `go|`, `src|` or are `pub`.
pub const PREFIX: &str = "fb|";

/// The `custom_id` tail of a vote under a check: its claims are read from the clicked message.
const CHECK: &str = "chk";

/// What a click answers, privately.
pub const THANKS: &str = "Thanks — noted. The people who keep the facts see which answers \
                          helped and which did not.";

/// A 👍 or a 👎.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Up,
    Down,
}

impl Vote {
    fn code(self) -> char {
        match self {
            Vote::Up => 'u',
            Vote::Down => 'd',
        }
    }

    fn label(self) -> &'static str {
        match self {
            Vote::Up => "👍",
            Vote::Down => "👎",
        }
    }
}

/// Why a line was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Someone clicked 👍 or 👎.
    Vote,
    /// A question the facts did not answer (`/ask`'s refusal, a claim found not covered).
    Refused,
}

/// One line of a feedback file. Exactly these fields are stored (see the README, "Feedback and
/// gaps"); `user` only when `record_user_ids` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// When it was recorded, RFC 3339 in UTC; stamped by the [`Recorder`].
    #[serde(default)]
    pub time: String,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
    /// `ask`, or the message command's name.
    pub command: String,
    /// The summit asked about: `summit:` when given, else the summit of the first fact shown.
    #[serde(default)]
    pub summit: Option<String>,
    /// The question as asked; for a check, its claims joined by " / ".
    pub question: String,
    /// The facts the answer showed, `summit/kind/id`.
    #[serde(default)]
    pub facts: Vec<String>,
    /// For a refusal, its title ("Not covered", "Not in the facts").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The Discord user id, kept only when the config asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

impl Record {
    fn new(kind: Kind, command: &str, question: String, user: Option<&str>) -> Record {
        Record {
            time: String::new(),
            kind,
            vote: None,
            command: command.to_owned(),
            summit: None,
            question,
            facts: Vec::new(),
            reason: None,
            user: user.map(str::to_owned),
        }
    }
}

/// The summit a reply is about: the one named, else the summit of the first fact it shows.
fn summit_of(request: Option<&Request>, facts: &[String]) -> Option<String> {
    request
        .and_then(|r| r.string(crate::commands::SUMMIT.name))
        .map(str::to_owned)
        .or_else(|| {
            facts
                .first()
                .and_then(|f| f.split('/').next())
                .map(str::to_owned)
        })
}

/// The records an `/ask` reply makes: one when it is a refusal.
pub fn asked(request: &Request, reply: &Reply, user: Option<&str>) -> Vec<Record> {
    if request.command != crate::commands::ask::COMMAND.name || reply.kind != ReplyKind::NotFound {
        return Vec::new();
    }
    let question = request
        .string(crate::commands::ask::QUESTION.name)
        .unwrap_or("");
    let mut r = Record::new(Kind::Refused, &request.command, question.to_owned(), user);
    r.summit = summit_of(Some(request), &reply.facts);
    r.reason = Some(reply.title.clone());
    vec![r]
}

/// The records a message command's reply makes: one per claim the facts did not answer.
pub fn checked(command: &str, reply: &Reply, user: Option<&str>) -> Vec<Record> {
    reply
        .unanswered
        .iter()
        .map(|claim| {
            let mut r = Record::new(Kind::Refused, command, claim.clone(), user);
            r.reason = Some("Not covered".to_owned());
            r
        })
        .collect()
}

/// The 👍/👎 buttons' `custom_id`s for an `/ask` answer: `fb|u|` and the request as the other
/// buttons encode it, without `private` (a vote is not an answer). A question too long for the
/// 100 characters is cut, with an ellipsis, so the record shows it was.
fn ask_ids(request: &Request) -> Option<[String; 2]> {
    let mut votable = request.clone();
    votable.options.remove(crate::commands::ask::PRIVATE.name);
    let question = crate::commands::ask::QUESTION.name;
    let full = votable.string(question)?.to_owned();
    let mut chars = full.chars().count();
    loop {
        let id = encode(Vote::Down, &votable);
        if limits::len(&id) <= limits::CUSTOM_ID {
            return Some([encode(Vote::Up, &votable), id]);
        }
        chars = chars.checked_sub(1).filter(|&n| n > 0)?;
        let cut: String = full.chars().take(chars).collect();
        votable
            .options
            .insert(question.to_owned(), OptionValue::String(format!("{cut}…")));
    }
}

fn encode(vote: Vote, request: &Request) -> String {
    let run = request.button_custom_id(false);
    let tail = run.strip_prefix("go|").unwrap_or(&run);
    format!("{PREFIX}{}|{tail}", vote.code())
}

fn buttons(ids: [String; 2]) -> [Button; 2] {
    let [up, down] = ids;
    [(Vote::Up, up), (Vote::Down, down)].map(|(vote, custom_id)| Button {
        kind: ComponentType::Button,
        style: ButtonStyle::Secondary,
        label: Cow::Borrowed(vote.label()),
        custom_id,
        disabled: false,
    })
}

/// Puts the 👍/👎 buttons under a rendered `/ask` answer (nothing under a refusal, which is
/// recorded anyway, nor for a question carrying mention syntax, which no button id may hold).
pub fn add_to_ask(response: &mut InteractionResponse<'_>, request: &Request, reply: &Reply) {
    let mentions = request
        .string(crate::commands::ask::QUESTION.name)
        .is_some_and(|q| q.contains(['@', '<']));
    let is_ask = request.command == crate::commands::ask::COMMAND.name;
    if !is_ask || reply.kind != ReplyKind::Answer || mentions {
        return;
    }
    if let Some(ids) = ask_ids(request) {
        append(response, buttons(ids));
    }
}

/// Puts the 👍/👎 buttons under a rendered "Check with summit facts" answer.
pub fn add_to_check(response: &mut InteractionResponse<'_>, reply: &Reply) {
    if reply.kind == ReplyKind::Answer {
        let id = |v: Vote| format!("{PREFIX}{}|{CHECK}", v.code());
        append(response, buttons([id(Vote::Up), id(Vote::Down)]));
    }
}

/// Adds `pair` to the last row when it has room, else as a new row when Discord allows one more.
fn append(response: &mut InteractionResponse<'_>, pair: [Button; 2]) {
    let Some(CallbackData::Message(message)) = response.data.as_mut() else {
        return;
    };
    let rows = message.components.get_or_insert_with(Vec::new);
    let room_for_row = rows.len() < limits::ACTION_ROWS;
    match rows.last_mut() {
        Some(row) if row.components.len() + pair.len() <= limits::BUTTONS_PER_ROW => {
            row.components.extend(pair);
        }
        _ if room_for_row => rows.push(ActionRow {
            kind: ComponentType::ActionRow,
            components: pair.into(),
        }),
        _ => {}
    }
}

/// A feedback button's label, for a button rebuilt from its id (a repost carries the votes).
pub fn label(clicked: &Clicked) -> &'static str {
    match clicked {
        Clicked::Ask(vote, _) | Clicked::Check(vote) => vote.label(),
    }
}

/// What a feedback button's `custom_id` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clicked {
    /// A vote on the answer to this `/ask` request.
    Ask(Vote, Request),
    /// A vote on a check, whose claims are in the clicked message.
    Check(Vote),
}

/// Reads a feedback `custom_id`; `None` when it is not one, or is malformed.
pub fn parse(custom_id: &str) -> Option<Clicked> {
    let rest = custom_id.strip_prefix(PREFIX)?;
    let (code, tail) = rest.split_once('|')?;
    let vote = match code {
        "u" => Vote::Up,
        "d" => Vote::Down,
        _ => return None,
    };
    if tail == CHECK {
        return Some(Clicked::Check(vote));
    }
    match Request::parse_button(&format!("go|{tail}")) {
        Ok(crate::request::Button::Run(request))
            if request.command == crate::commands::ask::COMMAND.name =>
        {
            Some(Clicked::Ask(vote, request))
        }
        _ => None,
    }
}

/// A click on 👍/👎: the private thanks, and the record. `body` is the whole interaction (a vote
/// on a check reads its claims from the clicked message); `check` answers one claim as the
/// message command does, for the facts it shows.
pub fn click(
    catalog: &Catalog,
    clicked: &Clicked,
    body: &[u8],
    user: Option<&str>,
    check: impl Fn(&Catalog, &str) -> Reply,
) -> (Vec<u8>, Record) {
    let record = match clicked {
        Clicked::Ask(vote, request) => {
            let reply = crate::commands::answer(catalog, request);
            let question = request
                .string(crate::commands::ask::QUESTION.name)
                .unwrap_or("");
            let mut r = Record::new(Kind::Vote, &request.command, question.to_owned(), user);
            r.vote = Some(*vote);
            r.summit = summit_of(Some(request), &reply.facts);
            r.facts = reply.facts;
            r
        }
        Clicked::Check(vote) => {
            let claims = claims_of(body);
            let mut facts: Vec<String> = Vec::new();
            for claim in &claims {
                for id in check(catalog, claim).facts {
                    if !facts.contains(&id) {
                        facts.push(id);
                    }
                }
            }
            let name = crate::commands::check::COMMAND.name;
            let mut r = Record::new(Kind::Vote, name, claims.join(" / "), user);
            r.vote = Some(*vote);
            r.summit = summit_of(None, &facts);
            r.facts = facts;
            r
        }
    };
    (thanks(), record)
}

/// The claims a clicked check answer quotes, from its first embed's field names.
fn claims_of(body: &[u8]) -> Vec<String> {
    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        message: Option<Msg>,
    }
    #[derive(Deserialize)]
    struct Msg {
        #[serde(default)]
        embeds: Vec<Embed>,
    }
    #[derive(Deserialize)]
    struct Embed {
        #[serde(default)]
        fields: Vec<Field>,
    }
    #[derive(Deserialize)]
    struct Field {
        #[serde(default)]
        name: String,
    }
    let Ok(body) = serde_json::from_slice::<Body>(body) else {
        return Vec::new();
    };
    body.message
        .and_then(|m| m.embeds.into_iter().next())
        .map(|e| {
            e.fields
                .iter()
                .filter_map(|f| crate::engine::check::claim_of_heading(&f.name))
                .take(crate::engine::check::MAX_CLAIMS)
                .collect()
        })
        .unwrap_or_default()
}

/// "Thanks — noted", to the clicker only.
fn thanks() -> Vec<u8> {
    let response = InteractionResponse {
        kind: CallbackType::ChannelMessage,
        data: Some(CallbackData::Message(Message {
            content: Some(Cow::Borrowed(THANKS)),
            embeds: None,
            components: None,
            allowed_mentions: AllowedMentions::default(),
            flags: Some(EPHEMERAL),
        })),
    };
    serde_json::to_vec(&response).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_ids_fit_and_parse_back() {
        let long = "did the united kingdom and france agree to send troops ".repeat(5);
        for question in ["did the US sign?", long.as_str(), "a|b=c%d"] {
            let request = Request::new("ask")
                .with("question", OptionValue::String(question.to_owned()))
                .with("private", OptionValue::Boolean(true))
                .with("summit", OptionValue::String("paris".to_owned()));
            let [up, down] = ask_ids(&request).unwrap();
            assert!(limits::len(&up) <= limits::CUSTOM_ID, "{up}");
            let Some(Clicked::Ask(Vote::Down, back)) = parse(&down) else {
                panic!("{down}");
            };
            assert!(back.boolean("private").is_none());
            assert_eq!(back.string("summit"), Some("paris"));
            let q = back.string("question").unwrap();
            if question.len() < 60 {
                assert_eq!(q, question);
            } else {
                assert!(q.ends_with('…') && question.starts_with(q.trim_end_matches('…')));
            }
            assert!(matches!(parse(&up), Some(Clicked::Ask(Vote::Up, _))));
        }
        assert_eq!(parse("fb|u|chk"), Some(Clicked::Check(Vote::Up)));
        for bad in ["fb|x|chk", "fb|u|go|pledges", "fb|", "pub", "fb|u|pledges"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
