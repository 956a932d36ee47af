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
    /// `YYYY-MM-DD`: when the facts were last checked against their sources, so a reader can
    /// judge how current they are.
    pub as_of: Text,
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
    pub sources: Vec<Citation>,
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
    pub sources: Vec<Citation>,
}

/// Where a fact comes from. Every fact cites at least one source by `id`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Text,
    pub title: Text,
    pub publisher: Text,
    /// How far the source can be trusted on its own; answers show it next to the source.
    pub kind: SourceKind,
    /// The address, where there is one (a blog post pasted as text has none).
    #[serde(default)]
    pub url: Option<Text>,
    /// `YYYY-MM-DD` publication date, where the source gives one.
    #[serde(default)]
    pub date: Option<Text>,
    /// What the source is, in a few words ("blog post", "verbatim mirror of Hansard").
    #[serde(default)]
    pub note: Option<Text>,
}

/// What kind of source, strongest first: the order citations list them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The party's own text: a government page, an official transcript or its verbatim mirror.
    Official,
    /// A news agency's report (Reuters, AFP, dpa...), wherever it is carried.
    Wire,
    /// A newspaper, broadcaster or magazine.
    Press,
    /// Anything weaker: blogs, aggregators, forums, obscure sites. A fact resting only on these
    /// is shown as reported, never as settled.
    Other,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Official => "official",
            SourceKind::Wire => "wire",
            SourceKind::Press => "press",
            SourceKind::Other => "other",
        }
    }
}

/// One entry of a `sources` list: a source id, with an optional `find` phrase (exact words from
/// that source's page) so the bot can link straight to the passage with a URL text fragment.
///
/// Written either as a bare id (`"reuters-main"`) or as an inline table
/// (`{ id = "reuters-main", find = "for the first time yesterday backed" }`).
#[derive(Clone, PartialEq, Eq)]
pub struct Citation {
    pub id: Text,
    pub find: Option<Text>,
}

impl Citation {
    /// A bare citation, for values that do not come from a file.
    pub fn new(id: impl Into<String>) -> Self {
        Citation {
            id: Text::new(id),
            find: None,
        }
    }
    pub fn as_str(&self) -> &str {
        self.id.as_str()
    }
}

/// A citation reads as its source id, so code that only needs the id need not know about `find`.
impl Deref for Citation {
    type Target = str;
    fn deref(&self) -> &str {
        self.id.as_str()
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id.as_str())
    }
}

impl fmt::Debug for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.find {
            None => fmt::Debug::fmt(self.id.as_str(), f),
            Some(find) => write!(
                f,
                "{{ id: {:?}, find: {:?} }}",
                self.id.as_str(),
                find.as_str()
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Citation {
    /// Through `Spanned`, so a bare id keeps its place in the file for diagnostics: serde's
    /// untagged enums would lose the span.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<RawCitation>::deserialize(d)?;
        let span = spanned.span();
        Ok(match spanned.into_inner() {
            RawCitation::Bare(id) => Citation {
                id: Text(Spanned::new(span, id)),
                find: None,
            },
            RawCitation::Table { id, find } => Citation { id, find },
        })
    }
}

enum RawCitation {
    Bare(String),
    Table { id: Text, find: Option<Text> },
}

impl<'de> Deserialize<'de> for RawCitation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawCitationVisitor)
    }
}

struct RawCitationVisitor;

impl<'de> serde::de::Visitor<'de> for RawCitationVisitor {
    type Value = RawCitation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a source id, or an inline table { id = \"...\", find = \"...\" }")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawCitation, E> {
        Ok(RawCitation::Bare(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawCitation, E> {
        Ok(RawCitation::Bare(v))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawCitation, A::Error> {
        use serde::de::Error;
        let mut id: Option<Text> = None;
        let mut find: Option<Text> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" if id.is_none() => id = Some(map.next_value()?),
                "find" if find.is_none() => find = Some(map.next_value()?),
                "id" | "find" => return Err(A::Error::custom(format!("duplicate key `{key}`"))),
                _ => return Err(A::Error::unknown_field(&key, &["id", "find"])),
            }
        }
        let id = id.ok_or_else(|| A::Error::missing_field("id"))?;
        Ok(RawCitation::Table { id, find })
    }
}

impl JsonSchema for Citation {
    fn schema_name() -> String {
        "Citation".to_owned()
    }
    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let value = serde_json::json!({
            "description": "A source id, or { id, find } where `find` is a short phrase copied exactly from the source's page (one line, at most 12 words).",
            "anyOf": [
                { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
                {
                    "type": "object",
                    "required": ["id"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
                        "find": { "type": "string", "pattern": "^[^\\n]*\\S[^\\n]*$" }
                    }
                }
            ]
        });
        // A literal that is valid JSON Schema; if it somehow failed to convert, accept anything.
        serde_json::from_value(value).unwrap_or(schemars::schema::Schema::Bool(true))
    }
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

impl Attendance {
    /// Every value, from most to least present: the order rosters group participants in.
    pub const ALL: [Attendance; 4] = [
        Attendance::InPerson,
        Attendance::Represented,
        Attendance::Expected,
        Attendance::ReferredTo,
    ];
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
    pub sources: Vec<Citation>,
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
    /// Participant ids the sources say SIGNED it. Contested signatures belong in a dispute.
    #[serde(default)]
    pub signed_by: Vec<Text>,
    /// Participant ids that approved, adopted or endorsed it with no signature reported.
    #[serde(default)]
    pub endorsed_by: Vec<Text>,
    /// Who signed or approved it, in one sentence, when that is not a list of participants
    /// ("Approved by the 35 coalition countries").
    #[serde(default)]
    pub signers_note: Option<Text>,
    pub sources: Vec<Citation>,
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
    pub sources: Vec<Citation>,
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
    pub sources: Vec<Citation>,
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
    pub sources: Vec<Citation>,
}

/// A point on which sources disagree. Every answer that touches it shows every version, the
/// supported one first when the strongest sources back one.
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
    /// The `id` of the version the strongest sources support; absent when they are balanced.
    /// Answers then give that version first, with `why`, and the others as weaker reports.
    #[serde(default)]
    pub supported: Option<Text>,
    /// Why the strongest sources support that version; required with `supported`, and only then.
    #[serde(default)]
    pub why: Option<Text>,
    /// At least two versions, each with its own sources.
    #[serde(rename = "version")]
    pub versions: Vec<Version>,
}

/// One side of a dispute.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Unique within its dispute; what `supported` names.
    pub id: Text,
    /// A short label shown before the claim ("No", "Yes", "Draft", "700,000").
    pub label: Text,
    pub claim: Text,
    pub sources: Vec<Citation>,
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
    pub sources: Vec<Citation>,
}

/// How far from its summit's date an event may lie before it must say `background = true`.
pub const BACKGROUND_DAYS: i64 = 14;
