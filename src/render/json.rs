//! Compact JSON for an [`InteractionResponse`], written straight into a byte buffer.
//!
//! The HTTP endpoint serializes a response on every request, and with `serde_json` most of that
//! time went to its byte-at-a-time string escaping (a fifth of `interaction::handle` for a
//! pledges list). Here every string is scanned 16 bytes at a time for the few bytes JSON must
//! escape, and clean runs are copied whole. The output is byte for byte what
//! `serde_json::to_vec` makes of the derived `Serialize` impls (same key order, same skipped
//! fields, same escapes); the tests below check that on every shape, on adversarial strings and
//! on every interaction fixture, so the two cannot drift apart unnoticed. The derives stay: the
//! console's `--json`, the gateway and the tests use them.

use super::discord::{
    ActionRow, Autocomplete, Button, CallbackData, Embed, Field, InteractionResponse, Message,
};

impl InteractionResponse<'_> {
    /// The response as compact JSON, identical to `serde_json::to_vec(self)`; what both Discord
    /// transports send (see the module docs for why it is not `serde_json`).
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(capacity(self));
        out.extend_from_slice(b"{\"type\":");
        number(&mut out, u64::from(self.kind));
        if let Some(data) = &self.data {
            out.extend_from_slice(b",\"data\":");
            match data {
                CallbackData::Message(m) => message(&mut out, m),
                CallbackData::Autocomplete(a) => autocomplete(&mut out, a),
            }
        }
        out.push(b'}');
        out
    }
}

/// Room for the whole body up front: the strings' bytes plus a little for keys, punctuation and
/// the odd escape, so writing never has to grow (and copy) the buffer.
fn capacity(response: &InteractionResponse) -> usize {
    let text = match &response.data {
        Some(CallbackData::Message(m)) => {
            m.content.as_deref().map_or(0, str::len)
                + m.embeds.iter().flatten().map(embed_len).sum::<usize>()
                + m.components
                    .iter()
                    .flatten()
                    .map(|r| 128 * r.components.len())
                    .sum::<usize>()
        }
        Some(CallbackData::Autocomplete(a)) => a
            .choices
            .iter()
            .map(|c| 24 + c.name.len() + c.value.len())
            .sum(),
        None => 0,
    };
    let text = text + text / 16;
    text + 128
}

fn embed_len(e: &Embed) -> usize {
    let s = |s: &Option<std::borrow::Cow<str>>| s.as_deref().map_or(0, str::len);
    s(&e.title)
        + e.url.map_or(0, str::len)
        + s(&e.description)
        + e.footer.as_ref().map_or(0, |f| f.text.len())
        + e.fields
            .iter()
            .map(|f| 32 + f.name.len() + f.value.len())
            .sum::<usize>()
        + 96
}

fn message(out: &mut Vec<u8>, m: &Message) {
    out.push(b'{');
    if let Some(content) = &m.content {
        out.extend_from_slice(b"\"content\":");
        string(out, content);
        out.push(b',');
    }
    if let Some(embeds) = &m.embeds {
        out.extend_from_slice(b"\"embeds\":");
        array(out, embeds, embed);
        out.push(b',');
    }
    if let Some(components) = &m.components {
        out.extend_from_slice(b"\"components\":");
        array(out, components, action_row);
        out.push(b',');
    }
    // `AllowedMentions` has one field, always empty.
    out.extend_from_slice(b"\"allowed_mentions\":{\"parse\":[]}");
    if let Some(flags) = m.flags {
        out.extend_from_slice(b",\"flags\":");
        number(out, flags);
    }
    out.push(b'}');
}

fn embed(out: &mut Vec<u8>, e: &Embed) {
    out.push(b'{');
    if let Some(title) = &e.title {
        out.extend_from_slice(b"\"title\":");
        string(out, title);
        out.push(b',');
    }
    if let Some(url) = e.url {
        out.extend_from_slice(b"\"url\":");
        string(out, url);
        out.push(b',');
    }
    if let Some(description) = &e.description {
        out.extend_from_slice(b"\"description\":");
        string(out, description);
        out.push(b',');
    }
    out.extend_from_slice(b"\"color\":");
    number(out, u64::from(e.color));
    if !e.fields.is_empty() {
        out.extend_from_slice(b",\"fields\":");
        array(out, &e.fields, field);
    }
    if let Some(footer) = &e.footer {
        out.extend_from_slice(b",\"footer\":{\"text\":");
        string(out, &footer.text);
        out.push(b'}');
    }
    out.push(b'}');
}

fn field(out: &mut Vec<u8>, f: &Field) {
    out.extend_from_slice(b"{\"name\":");
    string(out, &f.name);
    out.extend_from_slice(b",\"value\":");
    string(out, &f.value);
    out.extend_from_slice(b",\"inline\":");
    boolean(out, f.inline);
    out.push(b'}');
}

fn action_row(out: &mut Vec<u8>, row: &ActionRow) {
    out.extend_from_slice(b"{\"type\":");
    number(out, u64::from(row.kind));
    out.extend_from_slice(b",\"components\":");
    array(out, &row.components, button);
    out.push(b'}');
}

fn button(out: &mut Vec<u8>, b: &Button) {
    out.extend_from_slice(b"{\"type\":");
    number(out, u64::from(b.kind));
    out.extend_from_slice(b",\"style\":");
    number(out, u64::from(b.style));
    out.extend_from_slice(b",\"label\":");
    string(out, &b.label);
    out.extend_from_slice(b",\"custom_id\":");
    string(out, &b.custom_id);
    out.extend_from_slice(b",\"disabled\":");
    boolean(out, b.disabled);
    out.push(b'}');
}

fn autocomplete(out: &mut Vec<u8>, a: &Autocomplete) {
    out.extend_from_slice(b"{\"choices\":");
    array(out, &a.choices, |out, c| {
        out.extend_from_slice(b"{\"name\":");
        string(out, &c.name);
        out.extend_from_slice(b",\"value\":");
        string(out, c.value);
        out.push(b'}');
    });
    out.push(b'}');
}

fn array<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn number(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Bytes JSON requires escaped inside a string; everything else, UTF-8 included, is copied.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// A JSON string literal, escaped as `serde_json` escapes: the short forms for `\b \t \n \f \r`,
/// `\"` and `\\`, and `\u00xx` (lowercase hex) for the other control characters.
fn string(out: &mut Vec<u8>, s: &str) {
    const CHUNK: usize = 16;
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `start..` is the clean run not yet copied; `at` is where the byte `b` sits.
    let mut start = 0;
    let mut visit = |out: &mut Vec<u8>, at: usize, b: u8| {
        if needs_escape(b) {
            out.extend_from_slice(&bytes[start..at]);
            escape(out, b);
            start = at + 1;
        }
    };
    let chunks = bytes.chunks_exact(CHUNK);
    let tail = chunks.remainder();
    for (c, chunk) in chunks.enumerate() {
        // Fixed-size chunks and a fold without an early exit, so the compiler tests all 16
        // bytes at once; most chunks are clean and cost only that test.
        if chunk
            .iter()
            .fold(false, |dirty, &b| dirty | needs_escape(b))
        {
            for (k, &b) in chunk.iter().enumerate() {
                visit(out, c * CHUNK + k, b);
            }
        }
    }
    let base = bytes.len() - tail.len();
    for (k, &b) in tail.iter().enumerate() {
        visit(out, base + k, b);
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::render::discord::{self, AllowedMentions, AutocompleteChoice, Footer};
    use crate::reply::{Choice, Citation, Paging, Reply, ReplyKind};
    use crate::request::{OptionValue, Request};

    fn same(r: &InteractionResponse) {
        let ours = r.to_json();
        let theirs = serde_json::to_vec(r).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    /// Every byte below 0x80 that JSON treats specially, and some multi-byte text, at every
    /// offset around a chunk boundary.
    fn nasty() -> Vec<String> {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é…—“”\u{200B}\u{7F}🙂");
        let mut out = vec![String::new(), all.clone(), "\"".into(), "\\".into()];
        for pad in 0..20 {
            out.push(format!("{}\n{}\"x\u{1}", "a".repeat(pad), "é".repeat(pad)));
            out.push(format!("{}{}", "b".repeat(pad), all));
        }
        out
    }

    #[test]
    fn strings_escape_exactly_as_serde_json_does() {
        for s in nasty() {
            let mut ours = Vec::new();
            string(&mut ours, &s);
            assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_match() {
        for n in [0, 1, 9, 10, 64, 3_108_830, u64::from(u32::MAX), u64::MAX] {
            let mut ours = Vec::new();
            number(&mut ours, n);
            assert_eq!(ours, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn every_shape_matches_serde_json() {
        same(&discord::pong());
        same(&discord::deferred(true));
        same(&discord::deferred(false));
        for s in nasty() {
            let mut reply = Reply::new(ReplyKind::Answer, s.clone(), s.clone()).section(&s, &s);
            reply.url = Some("https://example.org/a?b=c#d".into());
            reply.citations.push(Citation {
                key: s.clone(),
                title: format!("T{s}"),
                publisher: s.clone(),
                kind: s.clone(),
                url: Some(s.clone()),
                date: Some(s.clone()),
                finds: vec![s.clone()],
            });
            reply.suggestions = vec![s.clone(), "x".into()];
            reply.paging = Some(Paging {
                page: 2,
                pages: 3,
                request: Request::new("pledges").with("by", OptionValue::String(s.clone())),
            });
            same(&discord::response(&reply, Some("42"), false));
            same(&discord::response(&reply, None, true));
            reply.kind = ReplyKind::Error;
            same(&discord::response(&reply, None, false));
            let choices = vec![
                Choice {
                    name: s.clone(),
                    value: format!("v{s}"),
                },
                Choice {
                    name: "n".into(),
                    value: s.clone(),
                },
            ];
            same(&discord::autocomplete(&choices));
            // Fields the renderer never fills today, so a future use is covered too.
            same(&InteractionResponse {
                kind: crate::discord::CallbackType::ChannelMessage.into(),
                data: Some(CallbackData::Message(Message {
                    content: Some(Cow::Borrowed(&s)),
                    embeds: Some(vec![Embed {
                        footer: Some(Footer { text: s.clone() }),
                        ..Embed::default()
                    }]),
                    components: Some(Vec::new()),
                    allowed_mentions: AllowedMentions::default(),
                    flags: Some(crate::discord::flags::EPHEMERAL),
                })),
            });
            same(&InteractionResponse {
                kind: crate::discord::CallbackType::AutocompleteResult.into(),
                data: Some(CallbackData::Autocomplete(Autocomplete {
                    choices: vec![AutocompleteChoice {
                        name: Cow::Borrowed(&s),
                        value: &s,
                    }],
                })),
            });
        }
        same(&discord::autocomplete(&[]));
        same(&discord::response(
            &Reply::new(ReplyKind::Answer, "", ""),
            None,
            false,
        ));
    }

    #[test]
    fn real_answers_match_serde_json() {
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        for line in [
            "/summit",
            "/participants",
            "/participant name:uk",
            "/pledges by:uk",
            "/pledges page:2",
            "/pledge id:uk-france-forces",
            "/questions",
            "/disputes",
            "/timeline",
            "/sources",
            "/help",
            "/ask question:\"did the US sign?\"",
            "/participant name:nobody-at-all",
        ] {
            let request = Request::parse_slash(line).unwrap();
            let reply = crate::commands::answer(&catalog, &request);
            same(&discord::response(&reply, Some("42"), false));
        }
    }
}
