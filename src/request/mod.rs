//! A command with typed options: what every transport turns its input into before asking the engine.
//!
//! Three sources produce a [`Request`]: the console's slash line (`/pledges by:uk page:2`), a Discord
//! application-command interaction, and a paging button's `custom_id`. The last is how paging stays
//! stateless: the button carries the whole request, so any process (or replica) can answer the click.
//!
//! Reading one needs the command registry, which sits above the engine, so the readers
//! (`Request::parse_slash`, `Request::parse_button`) and the binder are in `crate::commands`. This
//! module holds what the engine and the doors share: the request, its errors, and the option
//! vocabulary ([`spec`]).

use std::collections::BTreeMap;
use std::fmt;

pub mod spec;
pub use spec::{entity, names, EntityKind, OptionSpec, OptionType, ALL_SUMMITS, PAGE, SUMMIT};

/// A typed option value, as Discord sends it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum OptionValue {
    String(String),
    Integer(i64),
    Boolean(bool),
}

impl fmt::Display for OptionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionValue::String(s) => f.write_str(s),
            OptionValue::Integer(n) => write!(f, "{n}"),
            OptionValue::Boolean(b) => write!(f, "{b}"),
        }
    }
}

/// A command and its options, keyed by option name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub command: String,
    pub options: BTreeMap<String, OptionValue>,
}

/// Why a console line or a `custom_id` could not be read as a request. The message is shown to the
/// user as it is, so it says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("type a command starting with `/`, for example `/summit` (see `/help`)")]
    NotACommand,
    /// An option that does not fit the command: worded the same from every door.
    #[error(transparent)]
    Bind(#[from] BindError),
    #[error("a quote is not closed; put the value in \"double quotes\"")]
    UnclosedQuote,
    #[error("this button is from an older version of the bot; run the command again")]
    BadButton,
}

impl ParseError {
    /// The title of the error reply: a binding mistake has its own, the same from every door.
    pub fn title(&self) -> &'static str {
        match self {
            ParseError::Bind(e) => e.title(),
            ParseError::NotACommand | ParseError::UnclosedQuote => "That line could not be read",
            ParseError::BadButton => "Sorry, I can't answer that",
        }
    }
}

impl Request {
    pub fn new(command: impl Into<String>) -> Self {
        Request {
            command: command.into(),
            options: BTreeMap::new(),
        }
    }

    pub fn with(mut self, name: impl Into<String>, value: OptionValue) -> Self {
        self.options.insert(name.into(), value);
        self
    }

    pub fn string(&self, name: &str) -> Option<&str> {
        match self.options.get(name) {
            Some(OptionValue::String(s)) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.options.get(name) {
            Some(OptionValue::Integer(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.options.get(name) {
            Some(OptionValue::Boolean(b)) => Some(*b),
            _ => None,
        }
    }

    /// The `custom_id` of a paging button: this request at another page, and who may turn it.
    /// Values are percent-escaped so any text survives; the render layer drops a button whose id
    /// would exceed Discord's 100 characters rather than send an invalid one.
    pub fn page_custom_id(&self, page: u32, owner: Option<&str>) -> String {
        let mut id = format!("pg|{}|{}|{}", owner.unwrap_or(""), self.command, page);
        self.push_options(&mut id, true);
        id
    }

    /// The `custom_id` of a button that runs this request for whoever clicks (`go|command|…`),
    /// or with `sources`, lists this request's sources privately (`src|command|…`). Encoded as
    /// [`Request::page_custom_id`] is, without an owner: anyone may click.
    pub fn button_custom_id(&self, sources: bool) -> String {
        let mut id = String::from(if sources { "src|" } else { "go|" });
        id.push_str(&self.command);
        self.push_options(&mut id, false);
        id
    }

    fn push_options(&self, id: &mut String, skip_page: bool) {
        for (k, v) in &self.options {
            if skip_page && k == "page" {
                continue;
            }
            let tag = match v {
                OptionValue::String(_) => 's',
                OptionValue::Integer(_) => 'i',
                OptionValue::Boolean(_) => 'b',
            };
            id.push('|');
            id.push_str(k);
            id.push('=');
            id.push(tag);
            id.push_str(&escape(&v.to_string()));
        }
    }
}

/// What a button's `custom_id` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Button {
    /// Another page of the same list; `owner` may turn it in place.
    Page {
        request: Request,
        owner: Option<String>,
    },
    /// Run this request for whoever clicked.
    Run(Request),
    /// List every source of this request's answer, for whoever clicked.
    Sources(Request),
}
impl fmt::Display for Request {
    /// The request as a console line, so a reply can say how to ask again.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", self.command)?;
        for (k, v) in &self.options {
            match v {
                OptionValue::String(s) if s.contains(char::is_whitespace) || s.is_empty() => {
                    write!(f, " {k}:\"{}\"", s.replace('"', "'"))?
                }
                _ => write!(f, " {k}:{v}")?,
            }
        }
        Ok(())
    }
}
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' | '|' | '=' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// An option value as a door received it.
#[derive(Debug, Clone, Copy)]
pub enum Raw<'a> {
    /// Typed by a person (a console line): read as whatever the option holds.
    Text(&'a str),
    /// Already typed, by Discord's JSON, a button id or code that built a [`Request`].
    Str(&'a str),
    Int(i64),
    /// A JSON number that is not a whole `i64`; never fits, but is quoted back.
    Float(f64),
    Bool(bool),
}

impl Raw<'_> {
    pub(crate) fn shown(&self) -> String {
        match self {
            Raw::Text(s) | Raw::Str(s) => (*s).to_owned(),
            Raw::Int(n) => n.to_string(),
            Raw::Float(x) => x.to_string(),
            Raw::Bool(b) => b.to_string(),
        }
    }
}

impl OptionValue {
    /// The value as the binder reads it, so a request built in code is checked like any other.
    pub fn raw(&self) -> Raw<'_> {
        match self {
            OptionValue::String(s) => Raw::Str(s),
            OptionValue::Integer(n) => Raw::Int(*n),
            OptionValue::Boolean(b) => Raw::Bool(*b),
        }
    }
}

/// Why options do not fit a command. The message is shown as it is, so it says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    #[error("There is no `/{0}` command. `/help` lists the commands.")]
    UnknownCommand(String),
    #[error("`/{command}` has no option `{option}`. {takes}")]
    UnknownOption {
        command: String,
        option: String,
        takes: String,
    },
    #[error("Option `{option}` of `/{command}` needs {expected}, not “{value}”.")]
    BadValue {
        command: String,
        option: String,
        expected: String,
        value: String,
    },
    #[error("Option `{option}` of `/{command}` is given twice.")]
    Repeated { command: String, option: String },
    #[error("`/{command}` needs `{option}:` ({expected}). For example: `{example}`")]
    Missing {
        command: String,
        option: String,
        expected: String,
        example: String,
    },
}

impl BindError {
    /// The title of the error reply, the same from every door.
    pub fn title(&self) -> &'static str {
        match self {
            BindError::UnknownCommand(_) => "Unknown command",
            BindError::UnknownOption { .. } => "Unknown option",
            BindError::BadValue { .. } => "Wrong kind of value",
            BindError::Repeated { .. } => "Option given twice",
            BindError::Missing { .. } => "Missing option",
        }
    }
}
