//! The Discord door: interaction JSON (from the gateway or the HTTP endpoint) → engine →
//! interaction response JSON. Both Discord transports call [`answer`], so their replies are byte
//! for byte the same; [`handle`] and [`respond`] answer from fixed facts (tests, benches, fuzzing).
//!
//! A body is parsed once, into `RawInteraction`, and routed on its type: a command (and among
//! them `/reload`, which acts on the process and so is answered by the door's `reload` module, not
//! by the pure engine), a message command (an application command whose `data.type` is 3, with
//! the message in `data.resolved`), an autocomplete, or a component click. Modal submits
//! (interaction type 5) have their place in `route`.
//!
//! The body is read with small borrowed `#[derive(Deserialize)]` types that name only the fields we
//! use and skip the rest, rather than serenity's full model or `serde_json::Value`: this sits on the
//! HTTP endpoint's hot path, and a component click carries the whole original message, which we
//! never need.

mod gaps;
mod reload;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::catalog::Catalog;
use crate::commands::{self, CommandSpec};
use crate::discord::{CommandType, IntegrationType, InteractionContext, InteractionType};
use crate::engine::check::Target;
use crate::feedback::{self, Record, Recorder};
use crate::live::LiveFacts;
use crate::render;
use crate::reply::{Reply, ReplyKind};
use crate::request::{BindError, Button, OptionValue, ParseError, Raw, Request};
use crate::share;

/// Why an interaction body could not be answered; the HTTP endpoint maps this to 400. A body that
/// is well-formed but asks for something we do not have (an unknown command, a stale button) is
/// not an error: it gets a polite ephemeral reply instead.
#[derive(Debug, thiserror::Error)]
pub enum InteractionError {
    #[error("malformed interaction: {0}")]
    Malformed(String),
    #[error("unsupported interaction type {0}")]
    Unsupported(u8),
}

/// What happened, for the transport's one log line per interaction. Latency is the caller's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The interaction's snowflake, when the body carried one.
    pub id: Option<String>,
    /// Which kind of interaction it was, named in the log line.
    pub kind: InteractionType,
    /// The request as a console line (`/pledges by:uk`), at most [`SUMMARY_MAX`] characters, so
    /// user text never floods the log; `None` for a ping.
    pub request: Option<String>,
    /// The user who invoked or clicked.
    pub user: Option<String>,
    pub outcome: Outcome,
    /// Where it was used (`context`): a server, the bot's DM, or a DM between users.
    pub context: Option<InteractionContext>,
    /// How the app came to be there (the keys of `authorizing_integration_owners`): `guild`,
    /// `user`, or `guild+user` when both a server and the user installed it.
    pub installs: Option<&'static str>,
}

/// Longest request text kept in a [`Summary`].
pub const SUMMARY_MAX: usize = 120;

/// Longest text option value kept in a [`Summary`]: enough to recognise a question in the log,
/// not enough to turn the log into a copy of what users typed.
pub const SUMMARY_TEXT_MAX: usize = 60;

/// How an interaction was answered (callback type and reply kind in one word for logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pong,
    Answer,
    NotFound,
    Error,
    /// A paging click by the command's invoker: the message was edited in place (type 7).
    PageUpdate,
    /// A paging click by someone else: the page went to them alone (type 4, ephemeral).
    PageCopy,
    /// A button that runs another command (an overview's list, a "did you mean" name): the
    /// answer went to whoever clicked, privately.
    Run,
    /// The "Sources" button: every source of an answer, privately.
    Sources,
    /// "Post publicly": a private answer reposted to the channel.
    Shared,
    /// A 👍/👎 click, thanked privately.
    Voted,
    Autocomplete,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Pong => "pong",
            Outcome::Answer => "answer",
            Outcome::NotFound => "not_found",
            Outcome::Error => "error",
            Outcome::PageUpdate => "page_update",
            Outcome::PageCopy => "page_copy",
            Outcome::Run => "button",
            Outcome::Sources => "sources",
            Outcome::Shared => "shared",
            Outcome::Voted => "voted",
            Outcome::Autocomplete => "autocomplete",
        })
    }
}

/// The callback body and what it answered.
#[derive(Debug)]
pub struct Answered {
    /// The serialized callback body (`{"type":..,"data":..}`).
    pub body: Vec<u8>,
    pub summary: Summary,
    /// What to record for the people who keep the facts (a vote, a refusal), not yet stamped:
    /// the transport hands them to its [`Recorder`], so answering stays free of I/O.
    pub records: Vec<Record>,
}

/// Answers one interaction body from the current facts, or, for `/reload`, reloads them: the
/// entry point of both Discord transports.
pub async fn answer(live: &Arc<LiveFacts>, body: &[u8]) -> Result<Answered, InteractionError> {
    let raw = parse(body)?;
    // Facts that cannot be reloaded leave `/reload` to the engine, whose answer says why; that
    // keeps such a bot's replies byte for byte those of [`respond`].
    if live.source().is_some() && raw.is_command(reload::NAME) {
        return reload::command(live, &raw).await;
    }
    route(&live.load(), &raw, body)
}

/// [`answer`], then the records it made handed to `recorder` (which never waits), and `/gaps`
/// answered from `recorder`'s folder: the entry point of both Discord transports.
pub async fn answer_recording(
    live: &Arc<LiveFacts>,
    body: &[u8],
    recorder: &Recorder,
) -> Result<Answered, InteractionError> {
    let raw = parse(body)?;
    // Without a state folder, `/gaps` is the engine's polite "not recorded here", as in
    // [`respond`].
    let mut answered = if recorder.dir().is_some() && raw.is_command(gaps::NAME) {
        gaps::command(live, &raw, recorder).await?
    } else if live.source().is_some() && raw.is_command(reload::NAME) {
        reload::command(live, &raw).await?
    } else {
        route(&live.load(), &raw, body)?
    };
    for record in answered.records.drain(..) {
        recorder.record(record);
    }
    Ok(answered)
}

/// Answers one interaction body from fixed facts with the serialized callback body
/// (`{"type":..,"data":..}`).
pub fn respond(catalog: &Catalog, body: &[u8]) -> Result<Vec<u8>, InteractionError> {
    handle(catalog, body).map(|a| a.body)
}

/// [`respond`], plus a [`Summary`] for the transport's log line.
pub fn handle(catalog: &Catalog, body: &[u8]) -> Result<Answered, InteractionError> {
    route(catalog, &parse(body)?, body)
}

fn parse(body: &[u8]) -> Result<RawInteraction<'_>, InteractionError> {
    serde_json::from_slice(body).map_err(|e| InteractionError::Malformed(e.to_string()))
}

/// Answers a parsed interaction from `catalog`; `body` is what it was parsed from (a "Post
/// publicly" click reads the clicked message from it, which `raw` skips).
fn route(
    catalog: &Catalog,
    raw: &RawInteraction<'_>,
    body: &[u8],
) -> Result<Answered, InteractionError> {
    let kind =
        InteractionType::from_wire(raw.kind).ok_or(InteractionError::Unsupported(raw.kind))?;
    let user = raw.user_id().map(|u| u.to_owned());
    let mut summary = Summary {
        id: raw.id.as_deref().map(str::to_owned),
        kind,
        request: None,
        user: user.clone(),
        outcome: Outcome::Pong,
        context: raw.context(),
        installs: raw.installs(),
    };
    let mut records = Vec::new();
    let body = match kind {
        InteractionType::Ping => render::discord::pong().to_json(),
        // Slash commands, and message (context menu) commands: `data.type` 3, with the message
        // in `data.resolved`.
        InteractionType::ApplicationCommand => {
            let data = raw.data.as_ref().ok_or_else(|| missing("data"))?;
            let user = user
                .as_deref()
                .ok_or_else(|| missing("member.user.id or user.id"))?;
            if data.command_type.and_then(CommandType::from_wire) == Some(CommandType::Message) {
                let (reply, request) = message_command(catalog, data);
                summary.request = Some(request);
                summary.outcome = outcome(&reply, Outcome::Answer);
                let mut response = render::discord::response(&reply, Some(user), false);
                feedback::add_to_check(&mut response, &reply);
                let name = data.name.as_deref().unwrap_or("");
                return Ok(Answered {
                    body: response.to_json(),
                    summary,
                    records: feedback::checked(name, &reply, Some(user)),
                });
            }
            let (reply, request) = match command_request(data) {
                Ok(request) => {
                    summary.request = Some(line(&request));
                    (
                        commands::answer_with_request(catalog, &request),
                        Some(request),
                    )
                }
                Err(err) => {
                    summary.request = Some(raw_line(data));
                    (unreadable(err.into()), None)
                }
            };
            summary.outcome = outcome(&reply, Outcome::Answer);
            let mut response = render::discord::response(&reply, Some(user), false);
            if let Some(request) = &request {
                feedback::add_to_ask(&mut response, request, &reply);
                records = feedback::asked(request, &reply, Some(user));
            }
            response.to_json()
        }
        InteractionType::MessageComponent => {
            let data = raw.data.as_ref().ok_or_else(|| missing("data"))?;
            let custom_id = data
                .custom_id
                .as_deref()
                .ok_or_else(|| missing("custom_id"))?;
            let user = user
                .as_deref()
                .ok_or_else(|| missing("member.user.id or user.id"))?;
            if custom_id == share::CUSTOM_ID {
                summary.request = Some(share::LABEL.to_owned());
                let name = raw.display_name().unwrap_or_default();
                let body = match share::repost(body, name) {
                    Ok(body) => {
                        summary.outcome = Outcome::Shared;
                        body
                    }
                    Err(reply) => {
                        summary.outcome = outcome(&reply, Outcome::Answer);
                        render::discord::response(&reply, Some(user), false).to_json()
                    }
                };
                return Ok(Answered {
                    body,
                    summary,
                    records,
                });
            }
            if let Some(clicked) = feedback::parse(custom_id) {
                summary.request = Some(truncate(custom_id));
                summary.outcome = Outcome::Voted;
                let (body, record) = feedback::click(
                    catalog,
                    &clicked,
                    body,
                    Some(user),
                    commands::check::recheck,
                );
                return Ok(Answered {
                    body,
                    summary,
                    records: vec![record],
                });
            }
            match Request::parse_button(custom_id) {
                Ok(Button::Page { request, owner }) => {
                    summary.request = Some(line(&request));
                    let mut reply = commands::answer_with_request(catalog, &request);
                    // The invoker (or anyone, for a button without an owner) turns the page in
                    // place; anyone else gets their own private copy of that page, with buttons
                    // that work for them, and the shared message stays as it was. A page that no
                    // longer answers (the facts were reloaded without it) never overwrites the
                    // shared message: its error goes privately to whoever clicked.
                    let is_owner = owner.as_deref().is_none_or(|o| o == user);
                    if is_owner && reply.kind == ReplyKind::Answer {
                        summary.outcome = Outcome::PageUpdate;
                        render::discord::response(&reply, owner.as_deref(), true).to_json()
                    } else {
                        reply.private = true;
                        summary.outcome = outcome(&reply, Outcome::PageCopy);
                        render::discord::response(&reply, Some(user), false).to_json()
                    }
                }
                // An overview's list or a "did you mean" name: a new message for whoever
                // clicked, privately, so a shared message's buttons never flood the channel.
                Ok(Button::Run(request)) => {
                    summary.request = Some(line(&request));
                    let mut reply = commands::answer_with_request(catalog, &request);
                    reply.private = true;
                    summary.outcome = outcome(&reply, Outcome::Run);
                    render::discord::response(&reply, Some(user), false).to_json()
                }
                // Every source of that answer, with the numbers its marks use.
                Ok(Button::Sources(request)) => {
                    summary.request = Some(line(&request));
                    let reply = commands::answer_with_request(catalog, &request);
                    let sources = render::discord::sources_reply(&reply);
                    summary.outcome = outcome(&reply, Outcome::Sources);
                    render::discord::response(&sources, Some(user), false).to_json()
                }
                Err(err) => {
                    summary.request = Some(truncate(custom_id));
                    summary.outcome = Outcome::Error;
                    let reply = unreadable(err);
                    render::discord::response(&reply, Some(user), false).to_json()
                }
            }
        }
        InteractionType::Autocomplete => {
            let data = raw.data.as_ref().ok_or_else(|| missing("data"))?;
            summary.outcome = Outcome::Autocomplete;
            let name = data.name.as_deref().ok_or_else(|| missing("data.name"))?;
            let focused = data
                .options
                .iter()
                .find(|o| o.focused)
                .ok_or_else(|| missing("a focused option"))?;
            let partial = match &focused.value {
                Some(RawValue::Str(s)) => s.as_ref(),
                _ => "",
            };
            let choices = match commands::find(name) {
                Some(spec) if spec.option(&focused.name).is_some() => {
                    let so_far = lenient_request(spec, &data.options);
                    summary.request = Some(truncate(&format!(
                        "{} {}:{partial}",
                        line(&so_far),
                        focused.name
                    )));
                    commands::autocomplete(catalog, &so_far, &focused.name, partial)
                }
                // A command or option this build does not know (registered by an older
                // version): offering nothing is the polite answer, autocomplete has no errors.
                _ => {
                    summary.request = Some(raw_line(data));
                    Vec::new()
                }
            };
            render::discord::autocomplete(&choices).to_json()
        }
        // No command opens a modal yet; its submit gets an arm here when one does.
        InteractionType::ModalSubmit => return Err(InteractionError::Unsupported(raw.kind)),
    };
    Ok(Answered {
        body,
        summary,
        records,
    })
}

/// A message command on the message it was used on, and its log line: the command's name and
/// the message's id and length, never its text (someone else wrote it).
fn message_command(catalog: &Catalog, data: &RawData<'_>) -> (Reply, String) {
    let name = data.name.as_deref().unwrap_or("");
    let target = data.target_id.as_deref().unwrap_or("");
    let message = data.resolved.as_ref().and_then(|r| r.messages.get(target));
    let line = truncate(&format!(
        "[{name}] message:{} ({} chars)",
        if target.is_empty() { "-" } else { target },
        message.map_or(0, |m| m.content.chars().count())
    ));
    let reply = match (commands::find_message(name), message) {
        (Some(spec), Some(m)) => (spec.run)(
            catalog,
            &Target {
                content: &m.content,
                embeds: m.embeds.len(),
                attachments: m.attachments.len(),
            },
        ),
        (Some(_), None) => Reply::error(
            "Sorry, I can't answer that",
            "Discord did not send the message with this command; try again.",
        ),
        (None, _) => Reply::error(
            "Sorry, I can't answer that",
            "This command is from an older version of the bot and is no longer offered.",
        ),
    };
    (reply, line)
}

/// The answer to an admin command the door answers itself (`/reload`, `/gaps`): its private
/// reply, and the log summary every interaction gets.
fn admin_answered(raw: &RawInteraction<'_>, user: String, name: &str, reply: &Reply) -> Answered {
    let summary = Summary {
        id: raw.id.as_deref().map(str::to_owned),
        kind: InteractionType::ApplicationCommand,
        request: Some(format!("/{name}")),
        user: Some(user.clone()),
        outcome: outcome(reply, Outcome::Answer),
        context: raw.context(),
        installs: raw.installs(),
    };
    Answered {
        body: render::discord::response(reply, Some(&user), false).to_json(),
        summary,
        records: Vec::new(),
    }
}

fn missing(what: &str) -> InteractionError {
    InteractionError::Malformed(format!("missing {what}"))
}

/// How a reply ends up in the log line: `answered` when it answers (a page update, a copy, a
/// command's answer, its sources), else why it does not.
fn outcome(reply: &Reply, answered: Outcome) -> Outcome {
    match reply.kind {
        ReplyKind::Answer => answered,
        ReplyKind::NotFound => Outcome::NotFound,
        ReplyKind::Error => Outcome::Error,
    }
}

/// The ephemeral reply for a command or button this build cannot read: it says what to do.
fn unreadable(err: ParseError) -> Reply {
    Reply::error(err.title(), err.to_string())
}

/// `s` within [`SUMMARY_MAX`], by the one cut with an ellipsis.
fn truncate(s: &str) -> String {
    crate::text::fit(s, SUMMARY_MAX).into_owned()
}

fn line(request: &Request) -> String {
    let long = |v: &OptionValue| matches!(v, OptionValue::String(s) if s.chars().nth(SUMMARY_TEXT_MAX).is_some());
    if !request.options.values().any(long) {
        return truncate(&request.to_string());
    }
    // Each text value is cut on its own, so one long question cannot push the other options
    // out of the line.
    let mut shown = request.clone();
    for value in shown.options.values_mut() {
        if let OptionValue::String(s) = value {
            if let Cow::Owned(cut) = crate::text::fit(s, SUMMARY_TEXT_MAX) {
                *s = cut;
            }
        }
    }
    truncate(&shown.to_string())
}

/// A console-like line for a command we could not turn into a [`Request`], for the log.
fn raw_line(data: &RawData<'_>) -> String {
    let mut s = format!("/{}", data.name.as_deref().unwrap_or("?"));
    for o in &data.options {
        s.push(' ');
        s.push_str(&o.name);
        s.push(':');
        if let Some(v) = &o.value {
            s.push_str(&v.to_string());
        }
    }
    truncate(&s)
}

/// An application command's name and options → a [`Request`], through the one binder: Discord
/// validates against what was registered, which may be an older or newer build's table.
fn command_request(data: &RawData<'_>) -> Result<Request, BindError> {
    let spec = commands::command(data.name.as_deref().unwrap_or(""))?;
    commands::bind(spec, data.options.iter().map(RawOption::pair))
}

/// The options typed so far in an autocomplete interaction (except the focused one). They may be
/// half-typed, so anything that does not fit is left out instead of failing the whole request.
fn lenient_request(spec: &'static CommandSpec, options: &[RawOption<'_>]) -> Request {
    let mut request = Request::new(spec.name);
    for raw in options.iter().filter(|o| !o.focused) {
        let (name, value) = raw.pair();
        if let Ok((name, value)) = commands::bind_one(spec, name, value) {
            request.options.insert(name.to_owned(), value);
        }
    }
    request
}

/// The fields of an interaction we use; serde skips everything else.
#[derive(Deserialize)]
struct RawInteraction<'a> {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    data: Option<RawData<'a>>,
    /// Present in guilds; its `user` is the invoker.
    #[serde(borrow, default)]
    member: Option<RawMember<'a>>,
    /// Present in DMs and private channels.
    #[serde(borrow, default)]
    user: Option<RawUser<'a>>,
    /// Where it was used: [`InteractionContext`].
    #[serde(default)]
    context: Option<u8>,
    /// Installation ("0" server, "1" user) → the server or user id that installed the app.
    #[serde(default)]
    authorizing_integration_owners: Option<std::collections::HashMap<String, de::IgnoredAny>>,
}

impl RawInteraction<'_> {
    fn context(&self) -> Option<InteractionContext> {
        self.context.and_then(InteractionContext::from_wire)
    }

    /// The installations that authorised this interaction, as one word for the log.
    fn installs(&self) -> Option<&'static str> {
        let owners = self.authorizing_integration_owners.as_ref()?;
        let has = |t: IntegrationType| owners.contains_key(&u8::from(t).to_string());
        match (has(IntegrationType::Guild), has(IntegrationType::User)) {
            (true, true) => Some("guild+user"),
            (true, false) => Some("guild"),
            (false, true) => Some("user"),
            (false, false) => None,
        }
    }

    /// The invoker's id, only when it is a snowflake (digits): it is bound into button ids and
    /// logged, so a forged body's id must not carry text there.
    fn user_id(&self) -> Option<&str> {
        self.member
            .as_ref()
            .and_then(|m| m.user.as_ref())
            .or(self.user.as_ref())
            .map(|u| u.id.as_ref())
            .filter(|id: &&str| {
                (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
            })
    }

    /// What the invoker is called where they clicked: their server nickname, else their display
    /// name, else their username.
    fn display_name(&self) -> Option<&str> {
        let member = self.member.as_ref();
        member
            .and_then(|m| m.nick.as_deref())
            .or_else(|| {
                let user = member
                    .and_then(|m| m.user.as_ref())
                    .or(self.user.as_ref())?;
                user.global_name.as_deref().or(user.username.as_deref())
            })
            .filter(|n| !n.trim().is_empty())
    }

    /// Whether this is the application command `name`.
    fn is_command(&self, name: &str) -> bool {
        self.kind == u8::from(InteractionType::ApplicationCommand)
            && self.data.as_ref().and_then(|d| d.name.as_deref()) == Some(name)
    }
}

#[derive(Deserialize)]
struct RawMember<'a> {
    #[serde(borrow, default)]
    user: Option<RawUser<'a>>,
    /// The invoker's permissions in the channel, as a decimal string of bits.
    #[serde(borrow, default)]
    permissions: Option<Cow<'a, str>>,
    /// Their nickname in this server, if any.
    #[serde(borrow, default)]
    nick: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct RawUser<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow, default)]
    username: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    global_name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct RawData<'a> {
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    options: Vec<RawOption<'a>>,
    #[serde(borrow, default)]
    custom_id: Option<Cow<'a, str>>,
    /// The application command's type: 1 slash, 3 message (context menu).
    #[serde(rename = "type", default)]
    command_type: Option<u8>,
    /// A message command's message (its id is a key of `resolved.messages`).
    #[serde(borrow, default)]
    target_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    resolved: Option<RawResolved<'a>>,
}

#[derive(Deserialize)]
struct RawResolved<'a> {
    #[serde(borrow, default)]
    messages: std::collections::HashMap<String, RawMessage<'a>>,
}

/// Of a message, what checking it needs: its text, and whether it has anything else.
#[derive(Deserialize)]
struct RawMessage<'a> {
    #[serde(borrow, default)]
    content: Cow<'a, str>,
    #[serde(default)]
    embeds: Vec<de::IgnoredAny>,
    #[serde(default)]
    attachments: Vec<de::IgnoredAny>,
}

#[derive(Deserialize)]
struct RawOption<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow, default)]
    value: Option<RawValue<'a>>,
    #[serde(default)]
    focused: bool,
}

impl RawOption<'_> {
    /// The option as the binder reads it; a missing value is empty text.
    fn pair(&self) -> (&str, Raw<'_>) {
        let value = match &self.value {
            Some(RawValue::Str(s)) => Raw::Str(s),
            Some(RawValue::Int(n)) => Raw::Int(*n),
            Some(RawValue::Float(x)) => Raw::Float(*x),
            Some(RawValue::Bool(b)) => Raw::Bool(*b),
            None => Raw::Str(""),
        };
        (&self.name, value)
    }
}

/// An option's value as JSON typed it. Written by hand rather than `#[serde(untagged)]`, which
/// would buffer every value before trying each variant.
enum RawValue<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl fmt::Display for RawValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawValue::Str(s) => f.write_str(s),
            RawValue::Int(n) => write!(f, "{n}"),
            RawValue::Float(x) => write!(f, "{x}"),
            RawValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawValue<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(RawValue::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawValue::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(RawValue::Str(Cow::Owned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawValue::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(RawValue::Int)
                    .or(Ok(RawValue::Float(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawValue::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(RawValue::Bool(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn catalog() -> Catalog {
        Catalog::embedded().expect("embedded facts load")
    }

    fn command(name: &str, options: Value) -> Vec<u8> {
        json!({
            "type": 2, "id": "11", "token": "t", "version": 1,
            "data": {"id": "1", "name": name, "type": 1, "options": options},
            "member": {"user": {"id": "42", "username": "a"}, "roles": []},
        })
        .to_string()
        .into_bytes()
    }

    fn answer(body: &[u8]) -> (Value, Summary) {
        let a = handle(&catalog(), body).expect("answered");
        (serde_json::from_slice(&a.body).unwrap(), a.summary)
    }

    fn ephemeral(v: &Value) -> bool {
        v.pointer("/data/flags")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            & 64
            == 64
    }

    #[test]
    fn ping_is_pong() {
        let (v, s) = answer(br#"{"type":1,"id":"9"}"#);
        assert_eq!(v, json!({"type": 1}));
        assert_eq!(s.outcome, Outcome::Pong);
        assert_eq!(s.id.as_deref(), Some("9"));
    }

    #[test]
    fn options_that_do_not_fit_the_table_get_a_private_error() {
        for (name, options, needle) in [
            (
                "pledges",
                json!([{"name": "colour", "type": 3, "value": "red"}]),
                "colour",
            ),
            (
                "pledges",
                json!([{"name": "page", "type": 3, "value": "two"}]),
                "page",
            ),
            (
                "pledges",
                json!([{"name": "page", "type": 4, "value": 0}]),
                "page",
            ),
            (
                "pledges",
                json!([{"name": "page", "type": 4, "value": 1e30}]),
                "page",
            ),
            ("participant", json!([]), "name"),
            (
                "pledges",
                json!([{"name": "by", "type": 3, "value": "uk"}, {"name": "by", "type": 3, "value": "fr"}]),
                "twice",
            ),
            ("weather", json!([]), "weather"),
        ] {
            let (v, s) = answer(&command(name, options.clone()));
            assert_eq!(v["type"], 4, "{name} {options}");
            assert!(ephemeral(&v), "{name} {options}: {v}");
            assert_eq!(s.outcome, Outcome::Error, "{name} {options}");
            assert!(v.to_string().contains(needle), "{name} {options}: {v}");
        }
    }

    #[test]
    fn typed_values_reach_the_request() {
        // An escaped string cannot be borrowed from the body; it must still arrive intact.
        let body = br#"{"type":2,"id":"11","member":{"user":{"id":"42"}},"data":{"name":"ask",
            "options":[{"name":"question","type":3,"value":"did the \u0055S sign?"},
                       {"name":"private","type":5,"value":true}]}}"#;
        let (_, s) = answer(body);
        assert_eq!(
            s.request.as_deref(),
            Some("/ask private:true question:\"did the US sign?\"")
        );
        assert_eq!(s.user.as_deref(), Some("42"));
    }

    #[test]
    fn a_dm_invoker_is_the_user_field() {
        let body = json!({
            "type": 2, "id": "11",
            "data": {"name": "summit"},
            "user": {"id": "77"},
        });
        let (_, s) = answer(body.to_string().as_bytes());
        assert_eq!(s.user.as_deref(), Some("77"));
    }

    #[test]
    fn context_and_installs_are_read_for_the_log() {
        let body = json!({
            "type": 2, "id": "11", "data": {"name": "summit"}, "user": {"id": "77"},
            "context": 2, "authorizing_integration_owners": {"1": "77"},
        });
        let (_, s) = answer(body.to_string().as_bytes());
        assert_eq!(s.context, Some(InteractionContext::PrivateChannel));
        assert_eq!(s.installs, Some("user"));
        let body = json!({
            "type": 2, "id": "11", "data": {"name": "summit"},
            "member": {"user": {"id": "77"}}, "context": 0,
            "authorizing_integration_owners": {"0": "5", "1": "77"},
        });
        let (_, s) = answer(body.to_string().as_bytes());
        assert_eq!(s.context, Some(InteractionContext::Guild));
        assert_eq!(s.installs, Some("guild+user"));
        // Older payloads have neither field.
        let (_, s) = answer(br#"{"type":1,"id":"9"}"#);
        assert_eq!((s.context, s.installs), (None, None));
    }

    #[test]
    fn a_button_without_an_owner_edits_for_anyone() {
        let body = json!({
            "type": 3, "id": "12",
            "data": {"custom_id": "pg||participants|2", "component_type": 2},
            "user": {"id": "77"},
        });
        let (v, s) = answer(body.to_string().as_bytes());
        assert_eq!(v["type"], 7);
        assert_eq!(s.outcome, Outcome::PageUpdate);
    }

    #[test]
    fn a_page_that_no_longer_answers_never_overwrites_the_message() {
        // The invoker clicks a page whose participant is not in the facts (any more).
        let body = json!({
            "type": 3, "id": "14",
            "data": {"custom_id": "pg|77|pledges|2|by=sno-such-country", "component_type": 2},
            "user": {"id": "77"},
        });
        let (v, _) = answer(body.to_string().as_bytes());
        assert_eq!(v["type"], 4);
        assert_eq!(v["data"]["flags"], 64);
    }

    #[test]
    fn unknown_autocomplete_offers_nothing_rather_than_failing() {
        let body = json!({
            "type": 4, "id": "13",
            "data": {"name": "weather", "options": [{"name": "city", "type": 3, "value": "Pa", "focused": true}]},
            "user": {"id": "77"},
        });
        let (v, _) = answer(body.to_string().as_bytes());
        assert_eq!(v, json!({"type": 8, "data": {"choices": []}}));
    }

    #[test]
    fn bodies_that_are_not_interactions_are_errors() {
        let catalog = catalog();
        for body in [
            &b"nope"[..],
            b"{}",
            br#"{"type":5,"data":{}}"#,
            br#"{"type":2,"data":{"name":"summit"}}"#,
            br#"{"type":3,"data":{"custom_id":"x"}}"#,
            br#"{"type":4,"data":{"name":"pledges","options":[]},"user":{"id":"1"}}"#,
        ] {
            assert!(
                handle(&catalog, body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn long_requests_are_truncated_in_the_summary() {
        let long = "x".repeat(500);
        let body = command(
            "ask",
            json!([{"name": "question", "type": 3, "value": long},
                   {"name": "summit", "type": 3, "value": "paris"}]),
        );
        let (_, s) = answer(&body);
        let line = s.request.unwrap();
        let cut = format!("{}…", "x".repeat(SUMMARY_TEXT_MAX - 1));
        assert_eq!(line, format!("/ask question:{cut} summit:paris"));
        assert!(line.chars().count() <= SUMMARY_MAX, "{line}");
    }
}
