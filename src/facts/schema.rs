//! The fact-file schema: what an author writes in `data/*.toml`.
//!
//! Every string that is an id, or that refers to one, is a [`Text`]: a `Spanned<String>` that
//! remembers where it sat in the file, so a cross-reference error can point at the exact value
//! (`file:line:column`) instead of at the table it lives in. Every table denies unknown fields so a
//! typo in a key is an error, not a silently ignored fact.

use std::fmt;
use std::ops::{Deref, Range};

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use serde_spanned::Spanned;

/// A string from the fact file that remembers its byte span, for precise diagnostics.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(Spanned<String>);

impl Text {
    /// Builds a text with an empty span, for values that do not come from a file (tests, defaults).
    pub fn new(value: impl Into<String>) -> Self {
        Text(Spanned::new(0..0, value.into()))
    }
    pub fn as_str(&self) -> &str {
        self.0.get_ref()
    }
    /// Byte range in the source file; `0..0` when the text was not read from a file.
    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Spanned::<String>::deserialize(d).map(Text)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> String {
        "Text".to_owned()
    }
    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        String::json_schema(gen)
    }
    fn is_referenceable() -> bool {
        false
    }
}

/// One fact file: one summit and everything recorded about it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactFile {
    pub summit: Summit,
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    #[serde(default, rename = "topic")]
    pub topics: Vec<Topic>,
    #[serde(default, rename = "participant")]
    pub participants: Vec<Participant>,
    #[serde(default, rename = "document")]
    pub documents: Vec<Document>,
    #[serde(default, rename = "pledge")]
    pub pledges: Vec<Pledge>,
    #[serde(default, rename = "question")]
    pub questions: Vec<Question>,
    #[serde(default, rename = "statement")]
    pub statements: Vec<Statement>,
    #[serde(default, rename = "dispute")]
    pub disputes: Vec<Dispute>,
    #[serde(default, rename = "event")]
    pub events: Vec<Event>,
}

/// The summit itself. Its `id` is what the `summit` option of every command matches.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summit {
    /// Stable id, lowercase with dashes, e.g. `paris-2026-01-06`.
    pub id: Text,
    pub name: Text,
    /// Other names users may type for this summit (`paris`, `coalition of the willing`).
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// `YYYY-MM-DD`. The newest summit answers when no `summit` option is given.
    pub date: Text,
    pub place: Text,
    /// Participant id of the host.
    pub host: Text,
    /// Participant ids of co-hosts, if any.
    #[serde(default)]
    pub co_hosts: Vec<Text>,
    pub summary: Text,
    /// Key numbers shown by `/summit` (attendance, troop figures...).
    #[serde(default, rename = "figure")]
    pub figures: Vec<Figure>,
    pub sources: Vec<Text>,
}

/// A number worth showing on the overview, with where it comes from.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: Text,
    pub value: Text,
    /// Why the number should be read with care ("reported, not agreed").
    #[serde(default)]
    pub note: Option<Text>,
    pub sources: Vec<Text>,
}

/// Where a fact comes from. Every fact cites at least one source by `id`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Text,
    pub title: Text,
    pub publisher: Text,
    /// The address, where there is one (a blog post pasted as text has none).
    #[serde(default)]
    pub url: Option<Text>,
    /// `YYYY-MM-DD` publication date, where the source gives one.
    #[serde(default)]
    pub date: Option<Text>,
    /// What kind of source and how far to trust it ("blog post", "official statement").
    #[serde(default)]
    pub note: Option<Text>,
}

/// A subject pledges are grouped by (`troops`, `monitoring`); `/pledges topic:` matches these.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
}

/// What a participant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ParticipantKind {
    Country,
    Person,
    Organisation,
}

/// How a participant took part, so the bot never claims someone was there who was not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Attendance {
    /// Attended in person.
    InPerson,
    /// Took part through representatives (a country whose leader or envoy attended).
    Represented,
    /// Reported before the summit as expected to attend; attendance not confirmed.
    Expected,
    /// Mentioned in reports about the summit, but not there (Russia).
    ReferredTo,
}

/// A country, person or organisation named in the reports.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub id: Text,
    pub name: Text,
    pub kind: ParticipantKind,
    /// Office or function ("Prime Minister of the United Kingdom").
    #[serde(default)]
    pub role: Option<Text>,
    /// For a person: the participant id of the country or organisation they speak for.
    #[serde(default)]
    pub represents: Option<Text>,
    /// Other spellings and names users may type. Must be unique across the whole file.
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub attendance: Attendance,
    /// One or two sentences on their part in the summit.
    pub summary: Text,
    pub sources: Vec<Text>,
}

/// A document the summit produced (a declaration, a communiqué).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub summary: Text,
    /// Main points, one sentence each.
    #[serde(default)]
    pub points: Vec<Text>,
    /// Participant ids of signatories that all sources agree on. Contested signatures belong in a dispute.
    #[serde(default)]
    pub signed_by: Vec<Text>,
    pub sources: Vec<Text>,
}

/// How far a pledge has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PledgeStatus {
    /// Written into a signed document.
    Signed,
    /// Promised, but only once conditions are met.
    Conditional,
    /// Said or signalled, with no commitment on paper.
    Signalled,
    /// Reported by sources, not confirmed by the party.
    Reported,
}

/// A promise or offer made by one or more participants.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pledge {
    pub id: Text,
    /// Participant ids of who pledged.
    pub by: Vec<Text>,
    /// Topic id.
    pub topic: Text,
    /// A short headline ("Forces after a ceasefire").
    pub title: Text,
    /// What was pledged, in a sentence or two.
    pub text: Text,
    /// Conditions attached to it; empty when unconditional.
    #[serde(default)]
    pub conditions: Vec<Text>,
    pub status: PledgeStatus,
    /// Document ids the pledge is part of.
    #[serde(default)]
    pub documents: Vec<Text>,
    pub sources: Vec<Text>,
}

/// Something the summit left unresolved.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Text,
    /// The question itself, phrased as a question.
    pub title: Text,
    /// Why it is unresolved.
    pub text: Text,
    /// Participant ids of who raised it; empty when it comes from commentators.
    #[serde(default)]
    pub raised_by: Vec<Text>,
    /// Participant ids it concerns.
    #[serde(default)]
    pub concerns: Vec<Text>,
    #[serde(default)]
    pub related_pledges: Vec<Text>,
    pub sources: Vec<Text>,
}

/// Who said what. Quotes are short phrases, never long passages.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub id: Text,
    /// Participant id of the speaker.
    pub by: Text,
    /// `YYYY-MM-DD`, where known.
    #[serde(default)]
    pub date: Option<Text>,
    /// The statement in our own words.
    pub text: Text,
    /// A short verbatim quote, if the sources give one.
    #[serde(default)]
    pub quote: Option<Text>,
    pub sources: Vec<Text>,
}

/// A point on which sources disagree. Every answer that touches it shows every version.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dispute {
    pub id: Text,
    /// The disputed point, as a question ("Did the United States sign the Paris Declaration?").
    pub title: Text,
    /// Participant ids the dispute concerns.
    #[serde(default)]
    pub concerns: Vec<Text>,
    #[serde(default)]
    pub related_pledges: Vec<Text>,
    #[serde(default)]
    pub documents: Vec<Text>,
    /// At least two versions, each with its own sources.
    #[serde(rename = "version")]
    pub versions: Vec<Version>,
}

/// One side of a dispute.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub claim: Text,
    pub sources: Vec<Text>,
}

/// A dated event around the summit, for `/timeline`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: Text,
    /// `YYYY-MM-DD`.
    pub date: Text,
    pub title: Text,
    pub text: Text,
    /// Participant ids involved.
    #[serde(default)]
    pub participants: Vec<Text>,
    /// Context rather than part of the summit: required for an event dated more than
    /// [`BACKGROUND_DAYS`] days before or after the summit, so an event filed under the wrong
    /// summit (or with a mistyped year) is caught instead of shown as part of it.
    #[serde(default)]
    pub background: bool,
    pub sources: Vec<Text>,
}

/// How far from its summit's date an event may lie before it must say `background = true`.
pub const BACKGROUND_DAYS: i64 = 14;
