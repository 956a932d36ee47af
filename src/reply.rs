//! The engine's answer as a domain value. It knows nothing of Discord or terminals: `render` turns
//! it into either, so the console shows exactly what Discord would.

use crate::request::Request;

/// What sort of answer this is; decides visibility (errors and not-found are ephemeral) and the
/// console's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    /// A real answer from the facts.
    Answer,
    /// The thing asked for is not in the facts; `suggestions` may offer close matches.
    NotFound,
    /// The request itself was wrong (unknown command, bad option).
    Error,
}

/// A titled block of the answer (a Discord embed field, a paragraph in the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub body: String,
    /// Short sections may sit side by side in Discord.
    pub inline: bool,
}

/// One source an answer rests on. Rendered last, numbered, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub key: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

/// Where a paginated list stands, and how to ask for another page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// 1-based.
    pub page: u32,
    pub pages: u32,
    /// The request that produced this page, with canonical option values; the page buttons re-run
    /// it with another `page`, so no state has to live in the process.
    pub request: Request,
}

/// The engine's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub kind: ReplyKind,
    pub title: String,
    /// Link for the title, when the answer is about one source-backed thing with an address.
    pub url: Option<String>,
    /// The main text; may be empty when the sections say everything.
    pub body: String,
    pub sections: Vec<Section>,
    /// Sources the answer rests on; every answer from the facts has at least one.
    pub citations: Vec<Citation>,
    pub paging: Option<Paging>,
    /// "Did you mean" candidates for a not-found name, best first.
    pub suggestions: Vec<String>,
    /// Only the asker should see it (`/ask private:true`). Errors and not-found are always private.
    pub private: bool,
}

impl Reply {
    /// A reply of the given kind with only a title and body; builders fill in the rest.
    pub fn new(kind: ReplyKind, title: impl Into<String>, body: impl Into<String>) -> Self {
        Reply {
            kind,
            title: title.into(),
            url: None,
            body: body.into(),
            sections: Vec::new(),
            citations: Vec::new(),
            paging: None,
            suggestions: Vec::new(),
            private: false,
        }
    }

    pub fn error(title: impl Into<String>, body: impl Into<String>) -> Self {
        Reply::new(ReplyKind::Error, title, body)
    }

    pub fn section(mut self, name: impl Into<String>, body: impl Into<String>) -> Self {
        self.sections.push(Section {
            name: name.into(),
            body: body.into(),
            inline: false,
        });
        self
    }

    /// Whether Discord should show it only to the asker.
    pub fn is_ephemeral(&self) -> bool {
        self.private || self.kind != ReplyKind::Answer
    }
}

/// One autocomplete suggestion: what the user sees, and what is sent back as the option value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: String,
    pub value: String,
}
