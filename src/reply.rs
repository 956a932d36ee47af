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
    /// `official`, `wire`, `press` or `other`, shown next to the publisher so a reader can weigh
    /// the source at a glance.
    pub kind: String,
    pub url: Option<String>,
    pub date: Option<String>,
    /// Exact phrases from the source's page that the answer's facts rest on, in first-use order.
    pub finds: Vec<String>,
}

impl Citation {
    /// The address to show: with a text fragment that scrolls to and highlights the cited words
    /// when there are `finds`, otherwise the plain address. `None` without an address.
    pub fn link(&self) -> Option<String> {
        let url = self
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())?;
        Some(text_fragment_link(url, &self.finds))
    }
}

/// `url#:~:text=<phrase>&text=<phrase>`, per the URL Fragment Text Directives syntax
/// (https://wicg.github.io/scroll-to-text-fragment/). An address that already has a fragment
/// keeps it, with the directive after it; no phrases gives the address unchanged.
pub fn text_fragment_link(url: &str, finds: &[String]) -> String {
    let finds: Vec<&str> = finds
        .iter()
        .map(|f| f.trim())
        .filter(|f| !f.is_empty())
        .collect();
    if finds.is_empty() {
        return url.to_owned();
    }
    let mut out =
        String::with_capacity(url.len() + 16 + finds.iter().map(|f| f.len() * 3).sum::<usize>());
    out.push_str(url);
    out.push_str(if url.contains('#') { ":~:" } else { "#:~:" });
    for (i, f) in finds.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str("text=");
        encode_text_directive(&mut out, f);
    }
    out
}

/// Percent-encodes one text-directive value: every byte of its UTF-8 form except ASCII letters,
/// digits and `.`, `_`, `~`. The unreserved `-` is encoded too, because the directive syntax
/// gives `-`, `&` and `,` meanings of their own (prefix/suffix, next directive, range).
fn encode_text_directive(out: &mut String, phrase: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in phrase.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
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
    /// Other answers one click away (the overview's lists, "did you mean" names). Discord shows
    /// them as buttons; the console as `→ /command` hints.
    pub actions: Vec<Action>,
    /// The request this reply answers, set by `commands::answer_with_request`: the "Sources" button
    /// re-runs it to list every source privately.
    pub request: Option<Request>,
    /// For a not-found reply, the option whose value was not found, so each suggestion can be
    /// offered as the same request with that option replaced.
    pub suggest_for: Option<String>,
    /// The facts the answer shows, as `summit/kind/id` (`engine::shown`), so a door can record
    /// what a 👍 or 👎 was about. Empty where a view does not say.
    pub facts: Vec<String>,
    /// Questions in this reply the facts did not answer (a claim "Check with summit facts"
    /// found not covered), for the maintainers' gaps report. `/ask`'s own refusal is its reply
    /// kind, so it is not repeated here.
    pub unanswered: Vec<String>,
}

/// A button that runs another request for whoever clicks it; its state lives in the request
/// (and so in the button's `custom_id`), like paging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub label: String,
    pub request: Request,
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
            actions: Vec::new(),
            request: None,
            suggest_for: None,
            facts: Vec::new(),
            unanswered: Vec::new(),
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

    /// Adds a button that runs `request`.
    pub fn action(mut self, label: impl Into<String>, request: Request) -> Self {
        self.actions.push(Action {
            label: label.into(),
            request,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, finds: &[&str]) -> String {
        let finds: Vec<String> = finds.iter().map(|f| (*f).to_owned()).collect();
        text_fragment_link(url, &finds)
    }

    #[test]
    fn text_fragments_encode_the_directive_characters() {
        assert_eq!(
            link("https://example.org/a", &["in the event of a peace deal"]),
            "https://example.org/a#:~:text=in%20the%20event%20of%20a%20peace%20deal"
        );
        // `-`, `&` and `,` mean something in a text directive, so they are encoded.
        assert_eq!(
            link(
                "https://example.org/a",
                &["US-led monitoring, verification & more"]
            ),
            "https://example.org/a#:~:text=US%2Dled%20monitoring%2C%20verification%20%26%20more"
        );
        // Unreserved characters stay; quotes and other punctuation do not.
        assert_eq!(
            link("https://example.org/a", &["a.b_c~d 'e' (f)"]),
            "https://example.org/a#:~:text=a.b_c~d%20%27e%27%20%28f%29"
        );
    }

    #[test]
    fn text_fragments_encode_non_ascii_as_utf8() {
        assert_eq!(
            link(
                "https://www.elysee.fr/x",
                &["en retrait de la ligne, Élysée"]
            ),
            "https://www.elysee.fr/x#:~:text=en%20retrait%20de%20la%20ligne%2C%20%C3%89lys%C3%A9e"
        );
        assert_eq!(
            link("https://u.example/", &["зібралися 6 січня"]),
            "https://u.example/#:~:text=%D0%B7%D1%96%D0%B1%D1%80%D0%B0%D0%BB%D0%B8%D1%81%D1%8F%206%20%D1%81%D1%96%D1%87%D0%BD%D1%8F"
        );
        assert_eq!(
            link("https://e.example/", &["persönlich an der Runde"]),
            "https://e.example/#:~:text=pers%C3%B6nlich%20an%20der%20Runde"
        );
    }

    #[test]
    fn several_phrases_an_existing_fragment_and_none() {
        assert_eq!(
            link("https://example.org/a", &["one", "two-three"]),
            "https://example.org/a#:~:text=one&text=two%2Dthree"
        );
        assert_eq!(
            link("https://example.org/a#top", &["one"]),
            "https://example.org/a#top:~:text=one"
        );
        assert_eq!(link("https://example.org/a", &[]), "https://example.org/a");
        assert_eq!(
            link("https://example.org/a", &["  "]),
            "https://example.org/a"
        );
    }

    #[test]
    fn a_citation_without_an_address_has_no_link() {
        let mut c = Citation {
            key: "seed".into(),
            title: "Blog".into(),
            publisher: "Blog".into(),
            kind: "other".into(),
            url: None,
            date: None,
            finds: vec!["over 30 countries".into()],
        };
        assert_eq!(c.link(), None);
        c.url = Some("https://example.org/b".into());
        assert_eq!(
            c.link().as_deref(),
            Some("https://example.org/b#:~:text=over%2030%20countries")
        );
        c.finds.clear();
        assert_eq!(c.link().as_deref(), Some("https://example.org/b"));
    }
}
