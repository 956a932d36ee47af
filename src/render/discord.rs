//! Reply → Discord interaction response JSON, valid by construction.
//!
//! Typed `Serialize` structs rather than `serde_json::Value`: the HTTP endpoint renders on every
//! request, and borrowing the reply's strings (`Cow`) avoids copying them, so a render costs a few
//! small allocations. Every string goes through [`limits`] before it is stored, and the 6000
//! characters Discord allows across all embeds are enforced after the embed is built, so no
//! [`Reply`], however long or empty, can produce a body Discord rejects.
//!
//! One embed per reply: Discord's 6000-character total applies across all embeds, so a second
//! embed would add no room for text, only the risk of splitting an answer oddly.

use std::borrow::Cow;

use serde::Serialize;

use super::limits;
use crate::discord::flags::EPHEMERAL;
use crate::discord::{ButtonStyle, CallbackType, ComponentType};
use crate::markdown::{encoded_url, link_text, markdown_safe_url};
use crate::reply::{Action, Choice, Citation, Reply, ReplyKind, Section};

/// Embed colours per reply kind, so an error or a miss is recognisable at a glance.
pub const COLOUR_ANSWER: u32 = 0x2F_6F_DE;
pub const COLOUR_NOT_FOUND: u32 = 0xE3_A0_08;
pub const COLOUR_ERROR: u32 = 0xD9_30_25;

/// Shown for a field name or value that would otherwise be blank (Discord rejects blank ones).
const BLANK_NAME: &str = "\u{200B}";
const BLANK_VALUE: &str = "—";
pub const SOURCES: &str = "Sources";
const DID_YOU_MEAN: &str = "Did you mean";
const PREVIOUS: &str = "◀ Previous";
const NEXT: &str = "Next ▶";

/// The body of an interaction callback: `{"type": N, "data": {...}}`.
#[derive(Debug, Clone, Serialize)]
pub struct InteractionResponse<'a> {
    #[serde(rename = "type")]
    pub kind: CallbackType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<CallbackData<'a>>,
}

/// The `data` of a callback: a message, or autocomplete choices.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum CallbackData<'a> {
    Message(Message<'a>),
    Autocomplete(Autocomplete<'a>),
}

/// A message body (callback types 4, 5 and 7; also what a transport sends when it edits a deferred
/// response). A rendered reply always carries `embeds` and `components` (possibly empty), so an
/// update (type 7) also clears buttons the previous page had; only a deferral leaves them out.
#[derive(Debug, Clone, Serialize)]
pub struct Message<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embeds: Option<Vec<Embed<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<ActionRow>>,
    pub allowed_mentions: AllowedMentions,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<u64>,
}

/// Always `{"parse": []}`: nothing the bot says may ping anyone, whatever text it echoes.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct AllowedMentions {
    pub parse: [&'static str; 0],
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Embed<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Cow<'a, str>>,
    pub color: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<Footer>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field<'a> {
    pub name: Cow<'a, str>,
    pub value: Cow<'a, str>,
    pub inline: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Footer {
    pub text: String,
}

/// An action row (component type 1) of buttons.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    #[serde(rename = "type")]
    pub kind: ComponentType,
    pub components: Vec<Button>,
}

/// A button (component type 2).
#[derive(Debug, Clone, Serialize)]
pub struct Button {
    #[serde(rename = "type")]
    pub kind: ComponentType,
    pub style: ButtonStyle,
    pub label: Cow<'static, str>,
    pub custom_id: String,
    pub disabled: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Autocomplete<'a> {
    pub choices: Vec<AutocompleteChoice<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AutocompleteChoice<'a> {
    pub name: Cow<'a, str>,
    pub value: &'a str,
}

/// `{"type":1}`, the answer to Discord's PING.
pub fn pong() -> InteractionResponse<'static> {
    InteractionResponse {
        kind: CallbackType::Pong,
        data: None,
    }
}

/// Type 5: "thinking…", for work that might not finish within Discord's 3 seconds. Ephemerality
/// is fixed here, so an answer that will be private must be deferred as private.
pub fn deferred(ephemeral: bool) -> InteractionResponse<'static> {
    InteractionResponse {
        kind: CallbackType::DeferredChannelMessage,
        data: Some(CallbackData::Message(Message {
            content: None,
            embeds: None,
            components: None,
            allowed_mentions: AllowedMentions::default(),
            flags: ephemeral.then_some(EPHEMERAL),
        })),
    }
}

/// The reply as a message callback: type 4 (a new message) or, with `update`, type 7 (edit the
/// message whose button was clicked). `owner` is the user id the paging buttons are bound to.
pub fn response<'a>(
    reply: &'a Reply,
    owner: Option<&str>,
    update: bool,
) -> InteractionResponse<'a> {
    let mut message = message(reply, owner);
    if update {
        // Visibility of an existing message cannot change; Discord only honours a few flags on
        // edits, so send none.
        message.flags = None;
    }
    InteractionResponse {
        kind: if update {
            CallbackType::UpdateMessage
        } else {
            CallbackType::ChannelMessage
        },
        data: Some(CallbackData::Message(message)),
    }
}

/// Type 8: at most 25 choices, names fitted to 100 characters, values cut to 100 (without an
/// ellipsis, since the value comes back as the option). A choice with a blank value is dropped;
/// one with a blank name shows its value.
pub fn autocomplete(choices: &[Choice]) -> InteractionResponse<'_> {
    let choices = choices
        .iter()
        .filter_map(|c| {
            let value = limits::cut(&c.value, limits::CHOICE_VALUE);
            let name = limits::fit(&c.name, limits::CHOICE_NAME);
            let name = if name.is_empty() {
                Cow::Borrowed(value)
            } else {
                name
            };
            // An empty value would come back as an empty option: useless, so dropped.
            (!value.is_empty()).then_some(AutocompleteChoice { name, value })
        })
        .take(limits::AUTOCOMPLETE_CHOICES)
        .collect();
    InteractionResponse {
        kind: CallbackType::AutocompleteResult,
        data: Some(CallbackData::Autocomplete(Autocomplete { choices })),
    }
}

/// The message for a reply: one embed, its buttons (actions, "Sources" when not every source
/// fits, paging), no mentions, ephemeral when the reply is. Transports that deferred send this as
/// the edit of the original response.
pub fn message<'a>(reply: &'a Reply, owner: Option<&str>) -> Message<'a> {
    // Only an answer lists sources worth a button; a miss or an error re-runs nothing.
    let sources_id = reply
        .request
        .as_ref()
        .filter(|_| reply.kind == ReplyKind::Answer)
        .filter(|r| !carries_mention(r))
        .map(|r| r.button_custom_id(true))
        .filter(|id| limits::len(id) <= limits::CUSTOM_ID);
    let (embed, shown) = embed(reply, sources_id.is_some());
    let sources_button = sources_id
        .filter(|_| shown < reply.citations.len())
        .map(|custom_id| Button {
            kind: ComponentType::Button,
            style: ButtonStyle::Secondary,
            label: Cow::Borrowed(SOURCES),
            custom_id,
            disabled: false,
        });
    let paging = reply.paging.as_ref().and_then(|p| paging_row(p, owner));
    let share = crate::share::offers(reply).then(crate::share::button);
    let mut components = action_rows(
        reply,
        sources_button.into_iter().chain(share),
        limits::ACTION_ROWS - usize::from(paging.is_some()),
    );
    components.extend(paging);
    Message {
        content: None,
        embeds: Some(vec![embed]),
        components: Some(components),
        allowed_mentions: AllowedMentions::default(),
        flags: reply.is_ephemeral().then_some(EPHEMERAL),
    }
}

fn colour(kind: ReplyKind) -> u32 {
    match kind {
        ReplyKind::Answer => COLOUR_ANSWER,
        ReplyKind::NotFound => COLOUR_NOT_FOUND,
        ReplyKind::Error => COLOUR_ERROR,
    }
}

/// "Page 2 of 3", only when there is more than one page.
pub fn page_indicator(reply: &Reply) -> Option<String> {
    let p = reply.paging.as_ref()?;
    (p.pages > 1).then(|| format!("Page {} of {}", p.page, p.pages))
}

/// Whether a request carries mention syntax a user typed (`@everyone`, `<@123>`): its button id
/// would carry it too, even where Discord would not show it, so no button is made for it.
fn carries_mention(request: &crate::request::Request) -> bool {
    request
        .options
        .values()
        .any(|v| matches!(v, crate::request::OptionValue::String(s) if s.contains(['@', '<'])))
}

/// The reply's actions as rows of buttons, then the `tail` buttons ("Sources", "Post publicly"),
/// in at most `rows` rows. A button whose `custom_id` would be too long is left out, as are two
/// with the same id (Discord rejects duplicates).
fn action_rows(reply: &Reply, tail: impl Iterator<Item = Button>, rows: usize) -> Vec<ActionRow> {
    let style = if reply.kind == ReplyKind::NotFound {
        ButtonStyle::Primary
    } else {
        ButtonStyle::Secondary
    };
    let mut buttons: Vec<Button> = Vec::new();
    for Action { label, request } in &reply.actions {
        if carries_mention(request) {
            continue;
        }
        let custom_id = request.button_custom_id(false);
        let label = limits::fit(label.trim(), limits::BUTTON_LABEL).into_owned();
        if label.is_empty()
            || limits::len(&custom_id) > limits::CUSTOM_ID
            || buttons.iter().any(|b| b.custom_id == custom_id)
        {
            continue;
        }
        buttons.push(Button {
            kind: ComponentType::Button,
            style,
            label: Cow::Owned(label),
            custom_id,
            disabled: false,
        });
    }
    // The tail buttons are kept even when actions fill every row: they act on this answer.
    let tail: Vec<Button> = tail.collect();
    buttons.truncate((rows * limits::BUTTONS_PER_ROW).saturating_sub(tail.len()));
    buttons.extend(tail);
    buttons.truncate(rows * limits::BUTTONS_PER_ROW);
    let mut out = Vec::new();
    let mut buttons = buttons.into_iter().peekable();
    while buttons.peek().is_some() {
        out.push(ActionRow {
            kind: ComponentType::ActionRow,
            components: buttons.by_ref().take(limits::BUTTONS_PER_ROW).collect(),
        });
    }
    out
}

/// Every cited source, for the "Sources" button: the same numbers as the reply, one masked link
/// per line, only for whoever clicked.
pub fn sources_reply(reply: &Reply) -> Reply {
    let title = if reply.title.trim().is_empty() {
        "Sources".to_owned()
    } else {
        format!("Sources — {}", reply.title.trim())
    };
    let mut out = Reply::new(reply.kind, title, "");
    out.private = true;
    let mut body = String::new();
    let mut len = 0;
    for line in source_lines(&reply.citations, usize::MAX) {
        let in_body = out.sections.is_empty();
        let cap = if in_body {
            limits::EMBED_DESCRIPTION
        } else {
            limits::FIELD_VALUE
        };
        if !body.is_empty() && len + 1 + line.len > cap {
            flush_sources(&mut out, &mut body);
            len = 0;
        }
        if !body.is_empty() {
            body.push('\n');
            len += 1;
        }
        body.push_str(&line.text);
        len += line.len;
    }
    flush_sources(&mut out, &mut body);
    if out.body.is_empty() {
        out.body = "This answer cites no sources.".to_owned();
    }
    out
}

/// The first block of source lines becomes the description, later ones fields.
fn flush_sources(out: &mut Reply, body: &mut String) {
    if body.is_empty() {
        return;
    }
    if out.body.is_empty() {
        out.body = std::mem::take(body);
    } else {
        out.sections.push(Section {
            name: SOURCES_CONTINUED.to_owned(),
            body: std::mem::take(body),
            inline: false,
        });
    }
}

/// The embed, and how many of the reply's sources it lists. With `button`, sources left out are
/// pointed to the "Sources" button, otherwise to `/sources`.
fn embed(reply: &Reply, button: bool) -> (Embed<'_>, usize) {
    let title = limits::fit(&reply.title, limits::EMBED_TITLE);
    let title = (!title.is_empty()).then_some(title);
    // Discord ignores a URL without a title, and rejects one that is not a well-formed URI.
    let url = reply
        .url
        .as_deref()
        .filter(|u| title.is_some() && limits::is_valid_url(u));
    let description = limits::fit(&reply.body, limits::EMBED_DESCRIPTION);
    let description = (!description.is_empty()).then_some(description);
    let footer = page_indicator(reply).map(|text| Footer {
        text: limits::fit_owned(text, limits::FOOTER_TEXT),
    });

    // Field slots: "Did you mean" (when its names are not buttons) and one "Sources" field are
    // always kept; sections get the rest.
    let suggestions = (!reply.suggestions.is_empty() && reply.actions.is_empty()).then(|| Field {
        name: Cow::Borrowed(DID_YOU_MEAN),
        value: Cow::Owned(suggestion_list(&reply.suggestions)),
        inline: false,
    });
    let cited = reply.citations.len();
    let sources = source_lines(&reply.citations, SOURCES_SHOWN);
    let reserved = usize::from(suggestions.is_some()) + usize::from(cited > 0);
    let slots = limits::FIELDS_PER_EMBED - reserved;

    let mut embed = Embed {
        title,
        url,
        description,
        color: colour(reply.kind),
        // Splitting only pays when all sections together could fit the embed at all; checking
        // that first keeps huge replies from being split only to be thrown away.
        fields: section_fields(reply, slots, fits_whole(&reply.sections)),
        footer,
    };
    embed.fields.extend(suggestions);
    // The embed's length is counted once here and again only if the fields are rebuilt:
    // counting characters of every field is a good part of a render.
    let mut now = total(&embed);
    let all_sources = pack_sources(&sources, cited, usize::MAX, 1, button).total;
    if now + all_sources > limits::EMBEDS_TOTAL {
        // Splitting long sections over several fields only helps when there is room for all of
        // them; otherwise one field per section, shortened below, keeps every section visible.
        let suggestions = embed
            .fields
            .pop()
            .filter(|_| !reply.suggestions.is_empty() && reply.actions.is_empty());
        embed.fields = section_fields(reply, slots, false);
        embed.fields.extend(suggestions);
        now = total(&embed);
    }
    let mut shown = 0;
    if cited > 0 {
        // The first few sources, in one field: the answer comes first, and the rest are a click
        // (or `/sources`) away. That field is always kept whole, whatever the sections cost.
        let budget = limits::EMBEDS_TOTAL
            .saturating_sub(now)
            .max(SOURCES.len() + limits::FIELD_VALUE);
        let packed = pack_sources(&sources, cited, budget, 1, button);
        shown = packed.shown;
        shrink_to_total(&mut embed, now, limits::EMBEDS_TOTAL - packed.total);
        embed
            .fields
            .extend(packed.into_fields(&sources, cited, button));
    } else {
        shrink_to_total(&mut embed, now, limits::EMBEDS_TOTAL);
    }
    if embed.title.is_none() && embed.description.is_none() && embed.fields.is_empty() {
        embed.description = Some(Cow::Borrowed("Nothing to show."));
    }
    (embed, shown)
}

/// Whether the sections' text, names and bodies, is within [`limits::EMBEDS_TOTAL`]; stops
/// counting there, so a huge reply costs no more to check than a fitting one.
fn fits_whole(sections: &[Section]) -> bool {
    let mut left = limits::EMBEDS_TOTAL;
    for text in sections.iter().flat_map(|s| [&s.name, &s.body]) {
        let n = limits::len_at_most(text, left + 1);
        if n > left {
            return false;
        }
        left -= n;
    }
    true
}

/// One field per section, or, with `split`, long sections continued over several fields. Never
/// more than `slots`: when the sections do not all fit, the last slot names those not shown.
fn section_fields(reply: &Reply, slots: usize, split: bool) -> Vec<Field<'_>> {
    let sections = &reply.sections;
    let mut fields: Vec<Field<'_>> = Vec::with_capacity(sections.len().min(slots));
    for (i, section) in sections.iter().enumerate() {
        // A section that is not the last must leave a slot for the "More" field.
        let reserve = usize::from(i + 1 < sections.len());
        let name = limits::fit_or(&section.name, limits::FIELD_NAME, BLANK_NAME);
        // A body of at most FIELD_VALUE bytes has at most that many chars: one piece, so the
        // split (and its Vec) is skipped for the usual short section.
        // Sections from the engine are already within a field; this splits the others (built
        // whole, like reload's diagnostics) by the same rule. A blank piece would be refused.
        let pieces: Vec<&str> = if split && section.body.len() > limits::FIELD_VALUE {
            limits::split(&section.body, limits::FIELD_VALUE)
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .collect()
        } else {
            Vec::new()
        };
        if pieces.len() > 1 && fields.len() + pieces.len() + reserve <= slots {
            for (k, piece) in pieces.into_iter().enumerate() {
                let name = if k == 0 {
                    name.clone()
                } else {
                    Cow::Owned(limits::fit_owned(
                        format!("{} (continued)", name.trim()),
                        limits::FIELD_NAME,
                    ))
                };
                fields.push(Field {
                    name,
                    value: Cow::Borrowed(piece),
                    inline: false,
                });
            }
            continue;
        }
        if fields.len() + 1 + reserve <= slots {
            fields.push(Field {
                name,
                value: limits::fit_or(&section.body, limits::FIELD_VALUE, BLANK_VALUE),
                inline: section.inline,
            });
            continue;
        }
        // Earlier sections always left a slot free, so this one fits.
        fields.push(more_field(&sections[i..]));
        break;
    }
    fields
}

/// "3 more not shown: A, B, C", for sections beyond Discord's 25 fields.
fn more_field(rest: &[Section]) -> Field<'static> {
    let names: Vec<&str> = rest
        .iter()
        .map(|s| s.name.trim())
        .filter(|n| !n.is_empty())
        .collect();
    let mut value = format!("{} more not shown", rest.len());
    if !names.is_empty() {
        value.push_str(": ");
        value.push_str(&names.join(", "));
    }
    Field {
        name: Cow::Borrowed("More"),
        value: Cow::Owned(limits::fit_owned(value, limits::FIELD_VALUE)),
        inline: false,
    }
}

/// Characters of an embed as Discord counts them towards the 6000 total.
pub fn total(embed: &Embed) -> usize {
    let opt = |s: &Option<Cow<str>>| s.as_deref().map_or(0, limits::len);
    opt(&embed.title)
        + opt(&embed.description)
        + embed.footer.as_ref().map_or(0, |f| limits::len(&f.text))
        + embed
            .fields
            .iter()
            .map(|f| limits::len(&f.name) + limits::len(&f.value))
            .sum::<usize>()
}

/// Shortens the longest texts first until the embed holds at most `budget` characters: finds the
/// cap `c` such that cutting every description, field name and field value to `c` fits, then cuts
/// only those above it. Short texts, the title and the footer are untouched, so many small fields
/// survive and one huge one gives way. `now` is [`total`] of the embed as it is.
fn shrink_to_total(embed: &mut Embed, now: usize, budget: usize) {
    if now <= budget {
        return;
    }
    let fixed = embed.title.as_deref().map_or(0, limits::len)
        + embed.footer.as_ref().map_or(0, |f| limits::len(&f.text));
    let mut lens: Vec<usize> = Vec::with_capacity(1 + 2 * embed.fields.len());
    if let Some(d) = &embed.description {
        lens.push(limits::len(d));
    }
    for f in &embed.fields {
        lens.push(limits::len(&f.name));
        lens.push(limits::len(&f.value));
    }
    let room = budget.saturating_sub(fixed);
    let cap = water_level(&mut lens, room).max(1);
    if let Some(d) = embed.description.take() {
        embed.description = Some(Cow::Owned(limits::fit(&d, cap).into_owned()));
    }
    for f in &mut embed.fields {
        if limits::len(&f.name) > cap {
            f.name = Cow::Owned(limits::fit(&f.name, cap).into_owned());
        }
        if limits::len(&f.value) > cap {
            f.value = Cow::Owned(limits::fit(&f.value, cap).into_owned());
        }
    }
}

/// The largest `c` with `Σ min(len, c) ≤ room`.
fn water_level(lens: &mut [usize], room: usize) -> usize {
    lens.sort_unstable();
    let mut used = 0;
    for (i, &len) in lens.iter().enumerate() {
        let left = lens.len() - i;
        // Every remaining text is at least `len` long; cap them all at the same level.
        if used + len * left > room {
            return (room - used) / left;
        }
        used += len;
    }
    usize::MAX
}

/// "a, b, c" for the "Did you mean" field.
fn suggestion_list(suggestions: &[String]) -> String {
    let mut out = String::new();
    for s in suggestions
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(s);
        if limits::len(&out) > limits::FIELD_VALUE {
            break;
        }
    }
    limits::fit_or(&out, limits::FIELD_VALUE, BLANK_VALUE).into_owned()
}

/// One numbered source line. For Discord (`masked`), `1. [Title](url) — Publisher · kind, date`:
/// a masked link, so the address never shows and the line stays short (embeds do not unfurl
/// links). For a terminal, `1. Title — Publisher · kind, date <url>`. The address carries a text
/// fragment to the cited passage when the answer's citations give `find` phrases (see
/// [`Citation::link`]) and that link is not too long.
pub fn citation_line(n: usize, c: &Citation, masked: bool) -> String {
    if masked {
        masked_line(n, c)
    } else {
        plain_line(n, c)
    }
}

/// Longest publisher shown in a Discord source line.
const PUBLISHER: usize = 60;
/// Longest deep link (with a text fragment) in a masked link; beyond it the plain address.
const DEEP_LINK: usize = 350;
/// Longest plain address in a masked link; a longer one is left out, never cut into a wrong one.
const PLAIN_LINK: usize = 800;

fn masked_line(n: usize, c: &Citation) -> String {
    let text = link_text(&c.title);
    let plain = c
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty() && limits::is_valid_url(u));
    let deep = plain
        .filter(|_| !c.finds.is_empty())
        .and_then(|_| c.link())
        .map(|l| encoded_url(&l).unwrap_or(l))
        .filter(|l| l.len() <= DEEP_LINK)
        .map(Cow::Owned);
    let url = deep.or_else(|| {
        plain
            .map(markdown_safe_url)
            .filter(|u| u.len() <= PLAIN_LINK)
    });
    let mut line = String::with_capacity(48 + text.len() + url.as_ref().map_or(0, |u| u.len()));
    crate::text::push_number(&mut line, n);
    line.push_str(". ");
    match url {
        Some(url) if !text.is_empty() => {
            line.push('[');
            line.push_str(&text);
            line.push_str("](");
            line.push_str(&url);
            line.push(')');
        }
        _ => line.push_str(&text),
    }
    push_about(&mut line, c, PUBLISHER);
    line
}

fn plain_line(n: usize, c: &Citation) -> String {
    let title = c.title.trim();
    let url = c
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| {
            if c.finds.is_empty() {
                u.to_owned()
            } else {
                c.link().unwrap_or_else(|| u.to_owned())
            }
        });
    let mut line = String::with_capacity(48 + title.len() + url.as_ref().map_or(0, String::len));
    crate::text::push_number(&mut line, n);
    line.push_str(". ");
    line.push_str(title);
    push_about(&mut line, c, usize::MAX);
    if let Some(url) = url {
        line.push_str(" <");
        line.push_str(&url);
        line.push('>');
    }
    line
}

/// ` — Publisher · kind, date`, with only the parts the source has.
fn push_about(line: &mut String, c: &Citation, max_publisher: usize) {
    let publisher = limits::fit(c.publisher.trim(), max_publisher);
    let kind = c.kind.trim();
    let date = c.date.as_deref().map_or("", str::trim);
    let mut first = true;
    for (part, sep) in [(&*publisher, " · "), (kind, " · "), (date, ", ")] {
        if part.is_empty() {
            continue;
        }
        line.push_str(if first { " — " } else { sep });
        first = false;
        line.push_str(part);
    }
}

/// The longest one source line may be, so one long title cannot crowd out the other sources.
/// Its parts are bounded above ([`LINK_TEXT`](crate::markdown::LINK_TEXT), [`PUBLISHER`], [`PLAIN_LINK`]), so a Discord line
/// is never cut, which would break its link.
const SOURCE_LINE: usize = 1000;
const SOURCES_CONTINUED: &str = "Sources (continued)";

/// A numbered source line and its length in characters, counted once: packing the lines into
/// fields asks for every line's length several times.
#[derive(Debug, Clone)]
struct SourceLine {
    text: String,
    len: usize,
}

/// The first `max` citations as numbered lines, in the order given, each at most
/// [`SOURCE_LINE`] chars. A reply shows at most [`SOURCES_SHOWN`] of its sources, and an
/// overview cites hundreds: lines that cannot be shown are never built.
fn source_lines(citations: &[Citation], max: usize) -> Vec<SourceLine> {
    citations
        .iter()
        .take(max)
        .enumerate()
        .map(|(i, c)| {
            let line = limits::fit_owned(masked_line(i + 1, c), SOURCE_LINE);
            let text = if line.is_empty() {
                format!("{}.", i + 1)
            } else {
                line
            };
            SourceLine {
                len: limits::len(&text),
                text,
            }
        })
        .collect()
}

/// How many sources a reply lists itself; more go behind the "Sources" button.
pub const SOURCES_SHOWN: usize = 5;

fn more_sources_note(left: usize, button: bool) -> String {
    if button {
        format!("…and {left} more: press **Sources**")
    } else {
        format!("…and {left} more (see /sources)")
    }
}

/// `limits::len(&more_sources_note(left))` without building the note: packing asks for it once
/// per source line. The note's text is ASCII apart from the one-char "…".
fn more_sources_note_len(left: usize, button: bool) -> usize {
    let mut digits = 1;
    let mut rest = left / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    "…and ".chars().count()
        + digits
        + if button {
            " more: press **Sources**".len()
        } else {
            " more (see /sources)".len()
        }
}

/// How source lines are laid out in fields: lines fill a field up to Discord's 1024 characters,
/// then continue in the next one.
#[derive(Debug, Clone, Copy, Default)]
struct SourcesLayout {
    /// Lines shown; the rest are summed up in a closing note.
    shown: usize,
    fields: usize,
    /// The current field's value length.
    current: usize,
    /// Characters of all source fields (names and values) towards the embed total.
    total: usize,
}

impl SourcesLayout {
    fn add(mut self, len: usize) -> Self {
        if self.fields > 0 && self.current + 1 + len <= limits::FIELD_VALUE {
            self.current += 1 + len;
            self.total += 1 + len;
        } else {
            let name = if self.fields == 0 {
                SOURCES
            } else {
                SOURCES_CONTINUED
            };
            self.fields += 1;
            self.current = len;
            self.total += limits::len(name) + len;
        }
        self
    }

    fn within(&self, budget: usize, max_fields: usize) -> bool {
        self.total <= budget && self.fields <= max_fields
    }

    /// The fields: `shown` lines, then the note for the rest of the `cited` sources when any are
    /// left out.
    fn into_fields(self, lines: &[SourceLine], cited: usize, button: bool) -> Vec<Field<'static>> {
        let mut fields: Vec<Field<'static>> = Vec::with_capacity(self.fields);
        let note = (self.shown < cited).then(|| more_sources_note(cited - self.shown, button));
        let texts = lines[..self.shown]
            .iter()
            .map(|l| (l.text.as_str(), l.len))
            .chain(note.as_deref().map(|n| (n, limits::len(n))));
        // Bytes still to place, so each field's buffer is sized once instead of grown per line.
        let mut bytes_left: usize = texts.clone().map(|(t, _)| t.len() + 1).sum();
        // The current field's value length, kept alongside instead of recounted per line.
        let mut current = 0;
        for (text, len) in texts {
            match fields.last_mut() {
                Some(f) if current + 1 + len <= limits::FIELD_VALUE => {
                    let value = f.value.to_mut();
                    value.push('\n');
                    value.push_str(text);
                    current += 1 + len;
                }
                _ => {
                    // A field holds at most FIELD_VALUE chars, so at most 4 bytes each.
                    let mut value = String::with_capacity(bytes_left.min(4 * limits::FIELD_VALUE));
                    value.push_str(text);
                    fields.push(Field {
                        name: Cow::Borrowed(if fields.is_empty() {
                            SOURCES
                        } else {
                            SOURCES_CONTINUED
                        }),
                        value: Cow::Owned(value),
                        inline: false,
                    });
                    current = len;
                }
            }
            bytes_left -= text.len() + 1;
        }
        fields
    }
}

/// Lays out as many source lines as fit in `budget` characters and `max_fields` fields, at most
/// [`SOURCES_SHOWN`], keeping room for the "…and N more" note whenever a line has to be left out.
/// `lines` are the first of the `cited` sources' lines (at least the first [`SOURCES_SHOWN`]).
fn pack_sources(
    lines: &[SourceLine],
    cited: usize,
    budget: usize,
    max_fields: usize,
    button: bool,
) -> SourcesLayout {
    let mut layout = SourcesLayout::default();
    for (i, line) in lines.iter().enumerate() {
        let with_line = layout.add(line.len);
        let left = cited - i - 1;
        let fits = i < SOURCES_SHOWN
            && if left == 0 {
                with_line.within(budget, max_fields)
            } else {
                with_line
                    .add(more_sources_note_len(left, button))
                    .within(budget, max_fields)
            };
        if !fits {
            let note = more_sources_note_len(cited - i, button);
            return layout.add(note);
        }
        layout = with_line;
        layout.shown = i + 1;
    }
    if layout.shown < cited {
        // Every line given fitted; the sources beyond them are the note's.
        return layout.add(more_sources_note_len(cited - layout.shown, button));
    }
    layout
}

/// The ◀ Previous / Next ▶ row. Each button re-runs the request at another page through its
/// `custom_id`; a button whose id would exceed Discord's 100 characters is left out, and with
/// neither there is no row at all.
fn paging_row(paging: &crate::reply::Paging, owner: Option<&str>) -> Option<ActionRow> {
    if paging.pages <= 1 {
        return None;
    }
    // Disabled ends still need distinct ids; page-1 and page+1 always differ.
    let prev = paging.page.saturating_sub(1);
    let next = paging.page.saturating_add(1);
    let buttons: Vec<Button> = [
        (PREVIOUS, prev, paging.page <= 1),
        (NEXT, next, paging.page >= paging.pages),
    ]
    .into_iter()
    .filter_map(|(label, page, disabled)| {
        let custom_id = paging.request.page_custom_id(page, owner);
        (limits::len(&custom_id) <= limits::CUSTOM_ID && !custom_id.is_empty()).then_some(Button {
            kind: ComponentType::Button,
            style: ButtonStyle::Secondary,
            label: Cow::Borrowed(label),
            custom_id,
            disabled,
        })
    })
    .collect();
    (!buttons.is_empty()).then_some(ActionRow {
        kind: ComponentType::ActionRow,
        components: buttons,
    })
}

#[cfg(test)]
mod tests {
    use super::super::paged;
    use super::*;
    use crate::request::{OptionValue, Request};
    use serde_json::{json, Value};

    fn to_json(r: &InteractionResponse) -> Value {
        serde_json::to_value(r).unwrap()
    }

    fn embed_total(v: &Value) -> usize {
        let mut n = 0;
        for e in v["data"]["embeds"].as_array().unwrap() {
            let s = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
            n += s(&e["title"]) + s(&e["description"]) + s(&e["footer"]["text"]);
            for f in e["fields"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
                n += s(&f["name"]) + s(&f["value"]);
            }
        }
        n
    }

    fn citation(i: usize) -> Citation {
        Citation {
            key: format!("s{i}"),
            title: format!("Source number {i}"),
            publisher: "Publisher".into(),
            kind: "wire".into(),
            url: Some(format!("https://example.org/{i}")),
            date: Some("2026-01-06".into()),
            finds: Vec::new(),
        }
    }

    #[test]
    fn simple_answer_shape() {
        let mut r = Reply::new(ReplyKind::Answer, "Title", "Body").section("S", "text");
        r.citations.push(citation(1));
        let v = to_json(&response(&r, None, false));
        assert_eq!(v["type"], 4);
        assert_eq!(v["data"]["allowed_mentions"], json!({"parse": []}));
        assert!(v["data"].get("flags").is_none());
        let e = &v["data"]["embeds"][0];
        assert_eq!(e["title"], "Title");
        assert_eq!(e["description"], "Body");
        assert_eq!(e["color"], COLOUR_ANSWER);
        assert_eq!(e["fields"][0]["name"], "S");
        assert_eq!(e["fields"][1]["name"], "Sources");
        assert_eq!(
            e["fields"][1]["value"],
            "1. [Source number 1](https://example.org/1) — Publisher · wire, 2026-01-06"
        );
        assert_eq!(v["data"]["components"], json!([]));
    }

    #[test]
    fn a_cited_passage_links_with_a_text_fragment_and_a_long_one_falls_back() {
        let mut c = citation(1);
        c.finds = vec!["US-led monitoring, verification & more".into()];
        assert_eq!(
            citation_line(1, &c, true),
            "1. [Source number 1](https://example.org/1#:~:text=US%2Dled%20monitoring%2C%20verification%20%26%20more) \
             — Publisher · wire, 2026-01-06"
        );
        // The console writes `title <url>`.
        assert!(citation_line(1, &c, false).ends_with(
            "2026-01-06 <https://example.org/1#:~:text=US%2Dled%20monitoring%2C%20verification%20%26%20more>"
        ));
        // A link too long for one source line keeps the plain address instead of being cut.
        c.finds = vec!["é".repeat(DEEP_LINK)];
        let line = citation_line(1, &c, true);
        assert!(line.contains("](https://example.org/1)"), "{line}");
        // No address: no link at all, whatever the finds.
        c.url = None;
        assert!(!citation_line(1, &c, true).contains("]("));
    }

    #[test]
    fn actions_become_buttons_and_a_miss_offers_its_names() {
        let mut r = Reply::new(ReplyKind::NotFound, "No such participant", "x");
        r.suggestions = vec!["United Kingdom".into()];
        r.actions.push(Action {
            label: "United Kingdom".into(),
            request: Request::new("participant")
                .with("name", OptionValue::String("United Kingdom".into())),
        });
        let v = to_json(&response(&r, Some("1"), false));
        let b = &v["data"]["components"][0]["components"][0];
        assert_eq!(b["label"], "United Kingdom");
        assert_eq!(b["style"], 1);
        let parsed = Request::parse_button(b["custom_id"].as_str().unwrap()).unwrap();
        assert_eq!(
            parsed,
            crate::request::Button::Run(
                Request::new("participant")
                    .with("name", OptionValue::String("United Kingdom".into()))
            )
        );
        // The names are buttons, so no "Did you mean" field repeats them.
        assert!(v["data"]["embeds"][0].get("fields").is_none());
    }

    #[test]
    fn errors_and_misses_are_ephemeral_with_suggestions() {
        let mut r = Reply::new(ReplyKind::NotFound, "Not found", "No such participant");
        r.suggestions = vec!["Keir Starmer".into(), "Emmanuel Macron".into()];
        let v = to_json(&response(&r, None, false));
        assert_eq!(v["data"]["flags"], 64);
        let e = &v["data"]["embeds"][0];
        assert_eq!(e["color"], COLOUR_NOT_FOUND);
        assert_eq!(e["fields"][0]["name"], "Did you mean");
        assert_eq!(e["fields"][0]["value"], "Keir Starmer, Emmanuel Macron");
        let v = to_json(&response(&Reply::error("Bad", "x"), None, false));
        assert_eq!(v["data"]["flags"], 64);
        assert_eq!(v["data"]["embeds"][0]["color"], COLOUR_ERROR);
    }

    #[test]
    fn update_is_type_7_without_flags() {
        let mut r = paged(2, 3);
        r.private = true;
        let v = to_json(&response(&r, Some("1"), true));
        assert_eq!(v["type"], 7);
        assert!(v["data"].get("flags").is_none());
        assert_eq!(v["data"]["allowed_mentions"], json!({"parse": []}));
    }

    #[test]
    fn paging_buttons_carry_the_request_and_disable_at_the_ends() {
        let v = to_json(&response(&paged(1, 3), Some("42"), false));
        let row = &v["data"]["components"][0];
        assert_eq!(row["type"], 1);
        let prev = &row["components"][0];
        let next = &row["components"][1];
        assert_eq!(prev["label"], PREVIOUS);
        assert_eq!(prev["disabled"], true);
        assert_eq!(next["disabled"], false);
        assert_eq!(next["style"], 2);
        let (req, owner) = Request::from_custom_id(next["custom_id"].as_str().unwrap()).unwrap();
        assert_eq!(owner.as_deref(), Some("42"));
        assert_eq!(req.integer("page"), Some(2));
        assert_eq!(req.string("by"), Some("united-kingdom"));
        assert_ne!(prev["custom_id"], next["custom_id"]);
        assert_eq!(v["data"]["embeds"][0]["footer"]["text"], "Page 1 of 3");

        let v = to_json(&response(&paged(3, 3), None, false));
        assert_eq!(
            v["data"]["components"][0]["components"][1]["disabled"],
            true
        );
        assert_eq!(
            v["data"]["components"][0]["components"][0]["disabled"],
            false
        );

        let v = to_json(&response(&paged(1, 1), None, false));
        assert_eq!(v["data"]["components"], json!([]));
        assert!(v["data"]["embeds"][0].get("footer").is_none());
    }

    #[test]
    fn a_button_with_a_too_long_id_is_dropped() {
        let mut r = paged(2, 3);
        if let Some(p) = &mut r.paging {
            p.request = p
                .request
                .clone()
                .with("by", OptionValue::String("x".repeat(200)));
        }
        let v = to_json(&response(&r, Some("123456789012345678"), false));
        assert_eq!(v["data"]["components"], json!([]));
    }

    #[test]
    fn long_sections_split_over_fields_when_there_is_room() {
        let body = "word ".repeat(300); // 1500 chars
        let r = Reply::new(ReplyKind::Answer, "T", "").section("Long", body.clone());
        let v = to_json(&response(&r, None, false));
        let fields = v["data"]["embeds"][0]["fields"].as_array().unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[1]["name"], "Long (continued)");
        let joined: String = fields
            .iter()
            .map(|f| f["value"].as_str().unwrap().replace(' ', ""))
            .collect();
        assert_eq!(joined, body.replace(' ', ""));
    }

    #[test]
    fn adversarial_replies_stay_within_every_limit() {
        let huge = "x".repeat(6000);
        let mut r = Reply::new(ReplyKind::Answer, huge.clone(), huge.clone());
        r.url = Some("not a url".into());
        for i in 0..100 {
            r = r.section(format!("{i}{huge}"), huge.clone());
        }
        r.citations = (0..500).map(citation).collect();
        r.suggestions = vec![huge.clone(); 50];
        r.paging = paged(5, 9).paging;
        let v = to_json(&response(&r, Some("1"), false));
        let e = &v["data"]["embeds"][0];
        assert!(
            embed_total(&v) <= limits::EMBEDS_TOTAL,
            "{}",
            embed_total(&v)
        );
        assert!(e.get("url").is_none());
        assert!(e["title"].as_str().unwrap().chars().count() <= limits::EMBED_TITLE);
        let fields = e["fields"].as_array().unwrap();
        assert_eq!(fields.len(), limits::FIELDS_PER_EMBED);
        assert_eq!(fields.last().unwrap()["name"], "Sources");
        assert!(fields.last().unwrap()["value"]
            .as_str()
            .unwrap()
            .starts_with("1. [Source number 0](https://example.org/0)"));
        for f in fields {
            assert!(!f["name"].as_str().unwrap().trim().is_empty());
            assert!(!f["value"].as_str().unwrap().trim().is_empty());
            assert!(f["value"].as_str().unwrap().chars().count() <= limits::FIELD_VALUE);
        }
    }

    #[test]
    fn an_empty_reply_is_still_a_valid_message() {
        let mut r = Reply::new(ReplyKind::Answer, "", "");
        r.sections.push(Section {
            name: " ".into(),
            body: "".into(),
            inline: true,
        });
        r.citations.push(Citation {
            key: String::new(),
            title: String::new(),
            publisher: String::new(),
            kind: String::new(),
            url: None,
            date: None,
            finds: Vec::new(),
        });
        let v = to_json(&response(&r, None, false));
        let e = &v["data"]["embeds"][0];
        assert!(e.get("title").is_none());
        assert_eq!(e["fields"][0]["name"], BLANK_NAME);
        assert_eq!(e["fields"][0]["value"], BLANK_VALUE);
        let v = to_json(&response(
            &Reply::new(ReplyKind::Answer, " ", ""),
            None,
            false,
        ));
        assert_eq!(v["data"]["embeds"][0]["description"], "Nothing to show.");
    }

    #[test]
    fn sources_note_what_they_leave_out() {
        let citations: Vec<Citation> = (0..100).map(citation).collect();
        let lines = source_lines(&citations, SOURCES_SHOWN);
        let budget = SOURCES.len() + limits::FIELD_VALUE;
        let layout = pack_sources(&lines, 100, budget, 1, false);
        let fields = layout.into_fields(&lines, 100, false);
        // Building only the lines a reply can show lays them out as building all of them does.
        let all = source_lines(&citations, usize::MAX);
        for budget in [budget, usize::MAX, 200, 40] {
            let some = pack_sources(&lines, 100, budget, 1, true);
            let every = pack_sources(&all, 100, budget, 1, true);
            assert_eq!((some.shown, some.total), (every.shown, every.total));
            assert_eq!(
                serde_json::to_value(some.into_fields(&lines, 100, true)).unwrap(),
                serde_json::to_value(every.into_fields(&all, 100, true)).unwrap()
            );
        }
        assert_eq!(fields.len(), 1);
        let list = &fields[0].value;
        assert!(limits::len(list) <= limits::FIELD_VALUE);
        let shown = list.lines().count() - 1;
        assert_eq!(shown, SOURCES_SHOWN);
        assert!(
            list.ends_with(&format!("…and {} more (see /sources)", 100 - shown)),
            "{list}"
        );
        assert_eq!(layout.total, SOURCES.len() + limits::len(list));
    }

    #[test]
    fn the_note_length_matches_the_note() {
        for left in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(
                more_sources_note_len(left, false),
                limits::len(&more_sources_note(left, false))
            );
            assert_eq!(
                more_sources_note_len(left, true),
                limits::len(&more_sources_note(left, true))
            );
        }
    }

    #[test]
    fn many_sources_show_the_first_few_and_a_sources_button() {
        let mut r = Reply::new(ReplyKind::Answer, "T", "short");
        r.citations = (0..40).map(citation).collect();
        r.request = Some(Request::new("participants"));
        let v = to_json(&response(&r, None, false));
        let fields = v["data"]["embeds"][0]["fields"].as_array().unwrap();
        assert_eq!(fields.len(), 1);
        let list = fields[0]["value"].as_str().unwrap();
        assert!(list.ends_with("…and 35 more: press **Sources**"), "{list}");
        let b = &v["data"]["components"][0]["components"][0];
        assert_eq!(b["label"], "Sources");
        assert_eq!(b["custom_id"], "src|participants");
        // The button's list has every source, numbered as the reply numbers them.
        let all = sources_reply(&r);
        assert!(all.private);
        let text = [all.body.clone()]
            .into_iter()
            .chain(all.sections.iter().map(|s| s.body.clone()))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(text.lines().count(), 40);
        assert!(text
            .lines()
            .last()
            .unwrap()
            .starts_with("40. [Source number 39]"));
        assert!(embed_total(&v) <= limits::EMBEDS_TOTAL);
    }

    #[test]
    fn water_level_finds_the_cap() {
        assert_eq!(water_level(&mut [10, 10], 30), usize::MAX);
        assert_eq!(water_level(&mut [100, 10], 30), 20);
        assert_eq!(water_level(&mut [100, 100, 1], 41), 20);
    }

    #[test]
    fn autocomplete_limits() {
        let long = "é".repeat(150);
        let choices: Vec<Choice> = (0..40)
            .map(|i| Choice {
                name: if i == 0 { String::new() } else { long.clone() },
                value: format!("{i}{long}"),
            })
            .chain(std::iter::once(Choice {
                name: " ".into(),
                value: " ".into(),
            }))
            .collect();
        let v = to_json(&autocomplete(&choices));
        assert_eq!(v["type"], 8);
        let got = v["data"]["choices"].as_array().unwrap();
        assert_eq!(got.len(), 25);
        for c in got {
            let n = c["name"].as_str().unwrap().chars().count();
            assert!((1..=100).contains(&n));
            assert!(c["value"].as_str().unwrap().chars().count() <= 100);
        }
        assert_eq!(got[0]["name"], got[0]["value"]);
        assert_eq!(
            to_json(&autocomplete(&[])),
            json!({"type": 8, "data": {"choices": []}})
        );
    }

    #[test]
    fn pong_and_deferred() {
        assert_eq!(to_json(&pong()), json!({"type": 1}));
        assert_eq!(
            to_json(&deferred(true)),
            json!({"type": 5, "data": {"allowed_mentions": {"parse": []}, "flags": 64}})
        );
        assert_eq!(
            to_json(&deferred(false)),
            json!({"type": 5, "data": {"allowed_mentions": {"parse": []}}})
        );
    }
}
