//! Reading a request from a door: a console line in Discord's own syntax and a button's
//! `custom_id`. Both need the command registry (to find the command a name means), so they live
//! here, above the engine, as methods of [`Request`]; the values go through the one binder.

use super::bind::{bind, command, unknown_option};
use super::{find, CommandSpec};
use crate::request::{Button, OptionType, OptionValue, ParseError, Raw, Request};

impl Request {
    /// This request's command, when there is one by that name.
    pub fn spec(&self) -> Option<&'static CommandSpec> {
        find(&self.command)
    }

    /// Reads a console line in Discord's own syntax: `/pledges by:uk page:2`,
    /// `/participant name:"Keir Starmer"`. As a convenience, text before the first `name:` goes to
    /// the command's first required option (`/participant Keir Starmer`, `/ask did the US sign?`).
    /// The words are split here; their values are checked by [`bind`].
    pub fn parse_slash(line: &str) -> Result<Request, ParseError> {
        let line = line.trim();
        let rest = line.strip_prefix('/').ok_or(ParseError::NotACommand)?;
        let (name, args) = match rest.find(char::is_whitespace) {
            Some(i) => (&rest[..i], rest[i..].trim_start()),
            None => (rest, ""),
        };
        let spec = command(&name.to_lowercase())?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut free = String::new();
        // Words after `key:value` continue that value when it is text, so an unquoted
        // `/ask question:did the US sign?` or `/question id:if war resumes` reads as meant.
        let mut last_text: Option<usize> = None;
        for token in tokenize(args)? {
            match token {
                Token::Pair(key, value) => {
                    let key = key.to_lowercase();
                    match spec.option(&key) {
                        Some(opt) => {
                            last_text = (opt.kind == OptionType::String).then_some(pairs.len());
                            pairs.push((key, value));
                        }
                        // `/ask what about time:now` — a colon inside free text is not an
                        // option, but only commands that take free text get that benefit of
                        // the doubt.
                        None if takes_free_text(spec) => continue_text(
                            &mut pairs,
                            last_text,
                            &mut free,
                            &format!("{key}:{value}"),
                        ),
                        None => pairs.push((key, value)),
                    }
                }
                Token::Word(word) => continue_text(&mut pairs, last_text, &mut free, &word),
            }
        }
        if !free.is_empty() {
            let named = |name: &str| pairs.iter().any(|(k, _)| k == name);
            let target = spec
                .options
                .iter()
                .find(|o| o.required && !named(o.name))
                .or_else(|| {
                    spec.options.iter().find(|o| {
                        o.kind == OptionType::String && o.choices.is_empty() && !named(o.name)
                    })
                });
            match target {
                Some(opt) => pairs.push((opt.name.to_owned(), free)),
                None => return Err(unknown_option(spec, &free).into()),
            }
        }
        Ok(bind(
            spec,
            pairs.iter().map(|(k, v)| (k.as_str(), Raw::Text(v))),
        )?)
    }

    /// Reads any button's `custom_id`: paging (`pg|…`), run (`go|…`) or sources (`src|…`).
    pub fn parse_button(id: &str) -> Result<Button, ParseError> {
        if id.starts_with("pg|") {
            return Request::from_custom_id(id)
                .map(|(request, owner)| Button::Page { request, owner });
        }
        let (sources, rest) = if let Some(rest) = id.strip_prefix("go|") {
            (false, rest)
        } else if let Some(rest) = id.strip_prefix("src|") {
            (true, rest)
        } else {
            return Err(ParseError::BadButton);
        };
        let mut parts = rest.split('|');
        let command = parts.next().ok_or(ParseError::BadButton)?;
        let spec = find(command).ok_or(ParseError::BadButton)?;
        let req = read_options(spec, Vec::new(), parts)?;
        Ok(if sources {
            Button::Sources(req)
        } else {
            Button::Run(req)
        })
    }

    /// Reads a paging button's `custom_id` back into the request it re-runs and the user who may
    /// turn the page (None when anyone may).
    pub fn from_custom_id(id: &str) -> Result<(Request, Option<String>), ParseError> {
        let mut parts = id.split('|');
        if parts.next() != Some("pg") {
            return Err(ParseError::BadButton);
        }
        let owner = parts.next().ok_or(ParseError::BadButton)?;
        let command = parts.next().ok_or(ParseError::BadButton)?;
        let spec = find(command).ok_or(ParseError::BadButton)?;
        let page: i64 = parts
            .next()
            .and_then(|p| p.parse().ok())
            .ok_or(ParseError::BadButton)?;
        // The disabled "Previous" of a first page carries page 0; it is never clicked, but
        // its id still reads back.
        let page = ("page", OptionValue::Integer(page.max(1)));
        let req = read_options(spec, vec![page], parts)?;
        let owner = (!owner.is_empty()).then(|| owner.to_owned());
        Ok((req, owner))
    }
}

/// The `k=<tag><value>` parts of a button's `custom_id` after `pairs`, bound to the command.
fn read_options<'a>(
    spec: &'static CommandSpec,
    mut pairs: Vec<(&'a str, OptionValue)>,
    parts: impl Iterator<Item = &'a str>,
) -> Result<Request, ParseError> {
    for part in parts {
        let (k, v) = part.split_once('=').ok_or(ParseError::BadButton)?;
        if v.is_empty() || !v.is_char_boundary(1) {
            return Err(ParseError::BadButton);
        }
        let (tag, raw) = v.split_at(1);
        let raw = unescape(raw).ok_or(ParseError::BadButton)?;
        let value = match tag {
            "s" => OptionValue::String(raw),
            "i" => OptionValue::Integer(raw.parse().map_err(|_| ParseError::BadButton)?),
            "b" => OptionValue::Boolean(raw.parse().map_err(|_| ParseError::BadButton)?),
            _ => return Err(ParseError::BadButton),
        };
        pairs.push((k, value));
    }
    Ok(bind(spec, pairs.iter().map(|(k, v)| (*k, v.raw())))?)
}
/// Whether a command takes free text (not an entity name or a fixed choice), where a colon
/// may be part of the text.
fn takes_free_text(spec: &CommandSpec) -> bool {
    spec.options
        .iter()
        .any(|o| o.kind == OptionType::String && o.entity.is_none() && o.choices.is_empty())
}

/// Appends a word to the text option given last, or to the free text before any option.
fn continue_text(
    pairs: &mut [(String, String)],
    last_text: Option<usize>,
    free: &mut String,
    word: &str,
) {
    match last_text.and_then(|i| pairs.get_mut(i)) {
        Some((_, value)) => push_word(value, word),
        None => push_word(free, word),
    }
}

fn push_word(free: &mut String, word: &str) {
    if !free.is_empty() {
        free.push(' ');
    }
    free.push_str(word);
}

enum Token {
    Word(String),
    Pair(String, String),
}

/// Splits on whitespace, keeping "double-quoted" runs together; `key:value` becomes a pair when the
/// key looks like an option name.
fn tokenize(args: &str) -> Result<Vec<Token>, ParseError> {
    let mut tokens = Vec::new();
    let mut chars = args.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(tokens);
        }
        let mut word = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() && !quoted {
                break;
            }
            chars.next();
            if c == '"' {
                quoted = !quoted;
            } else {
                word.push(c);
            }
        }
        if quoted {
            return Err(ParseError::UnclosedQuote);
        }
        let pair = word.split_once(':').filter(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        tokens.push(match pair {
            Some((k, v)) => Token::Pair(k.to_owned(), v.to_owned()),
            None => Token::Word(word),
        });
    }
}
fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            let hex: String = chars.by_ref().take(2).collect();
            out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::check;
    use crate::request::BindError;

    #[test]
    fn parses_options_and_quotes() {
        let r = Request::parse_slash("/participant name:\"Keir Starmer\"").unwrap();
        assert_eq!(r.string("name"), Some("Keir Starmer"));
        let r = Request::parse_slash("/pledges by:uk page:2").unwrap();
        assert_eq!(r.string("by"), Some("uk"));
        assert_eq!(r.integer("page"), Some(2));
    }

    #[test]
    fn free_text_goes_to_first_required_option() {
        let r = Request::parse_slash("/participant Keir Starmer").unwrap();
        assert_eq!(r.string("name"), Some("Keir Starmer"));
        let r = Request::parse_slash("/ask what about time: now?").unwrap();
        assert_eq!(r.string("question"), Some("what about time: now?"));
    }

    #[test]
    fn unquoted_words_continue_the_previous_text_option() {
        let r = Request::parse_slash("/ask question:did the US sign? private:true").unwrap();
        assert_eq!(r.string("question"), Some("did the US sign?"));
        assert_eq!(r.boolean("private"), Some(true));
        assert_eq!(r.string("summit"), None);
        let r = Request::parse_slash("/question id:if war resumes").unwrap();
        assert_eq!(r.string("id"), Some("if war resumes"));
        let r = Request::parse_slash("/ask question:what about time:now").unwrap();
        assert_eq!(r.string("question"), Some("what about time:now"));
        let r = Request::parse_slash("/pledges page:2 uk").unwrap();
        assert_eq!(r.string("by"), Some("uk"));
    }

    #[test]
    fn errors_say_what_to_do() {
        assert_eq!(Request::parse_slash("summit"), Err(ParseError::NotACommand));
        for (line, title) in [
            ("/nope", "Unknown command"),
            ("/pledges page:zero", "Wrong kind of value"),
            ("/ask question:x private:maybe", "Wrong kind of value"),
            ("/participant", "Missing option"),
            ("/pledges colour:red", "Unknown option"),
            ("/pledges by:uk by:fr", "Option given twice"),
        ] {
            match Request::parse_slash(line) {
                Err(ParseError::Bind(e)) => assert_eq!(e.title(), title, "{line}"),
                other => panic!("{line}: {other:?}"),
            }
        }
        let planet = Request::parse_slash("/participants kind:planet").unwrap();
        assert!(matches!(check(&planet), Err(BindError::BadValue { .. })));
    }

    #[test]
    fn custom_id_round_trips() {
        let r = Request::new("pledges")
            .with("by", OptionValue::String("a|b=c%".into()))
            .with("page", OptionValue::Integer(1));
        let id = r.page_custom_id(3, Some("42"));
        let (back, owner) = Request::from_custom_id(&id).unwrap();
        assert_eq!(owner.as_deref(), Some("42"));
        assert_eq!(back.string("by"), Some("a|b=c%"));
        assert_eq!(back.integer("page"), Some(3));
        assert!(Request::from_custom_id("pg|1|nope|1").is_err());
        assert!(Request::from_custom_id("garbage").is_err());
    }
}
