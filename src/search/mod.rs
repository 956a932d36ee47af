//! The index behind `/ask`: aliases, accent- and case-folding, synonyms, fuzzy entity linking and
//! BM25 ranking over every fact. Built once per fact load, so a question costs only tokenizing,
//! a few hash lookups and adding up precomputed scores.
//!
//! # How a text becomes terms
//! Fact texts and questions go through the same steps, so they meet in the middle:
//! 1. [`fold`]: lowercase, accents transliterated, punctuation to spaces (`U.K.` → `u k`).
//! 2. Questions only: a word found nowhere in the facts or the language tables, five letters or
//!    longer, is corrected to the closest known word (`zelenksy` → `zelensky`, `britian` →
//!    `britain`). Shorter words must match exactly, so `us` or `dan` never drift into something
//!    else, and common words are not bent into names.
//! 3. Phrases, longest first: an alias from the fact file (participants' names and aliases, a
//!    person's surname, documents, topics, the summit) becomes one *entity term* (`@p:united-kingdom`),
//!    so "Britain", "UK" and "British" in a question meet "United Kingdom" in a fact. A date
//!    ("january 3", "3 jan", "2026-01-03") becomes one date term. A synonym phrase from
//!    `data/synonyms/en.toml` becomes its group's first word ("take part" → "attend").
//! 4. Stopwords are dropped and the rest is stemmed (Snowball English), so "pledged" meets "pledges".
//!
//! # Ranking
//! BM25F: each fact has fields weighted title 3 > aliases 2 = structured references 2 > text 1 =
//! a document's points 1 > kind 0.5 (the kind field holds words like "pledge" or "say" so "what
//! did X promise" prefers pledges; the points are apart so a long list does not dilute the
//! document's summary). The per-term, per-fact contribution is computed here, at index time; a question only
//! sums postings. [`Index::rank`] then multiplies by a boost for the kind of question (when →
//! events, how many → figures and disputes, …).

pub mod lang;
pub mod lexicon;
pub mod numbers;

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};

pub use lang::{Lang, QuestionKind};

pub use crate::facts::FactKind;
use crate::facts::{Attendance, Fact, FactFile, ParticipantKind, Text};
use crate::text::fold;

/// Questions longer than this are cut before analysis; Discord caps the option at 300 characters,
/// the command line does not, and nothing useful is lost past the first sentences.
pub const MAX_QUESTION_CHARS: usize = 1000;
/// At most this many words of a question are analysed, which bounds the cost of any input.
pub const MAX_QUESTION_WORDS: usize = 64;

/// Points at one fact: its kind and its position in the fact file's list of that kind (for a
/// figure, in `summit.figures`; the summit itself is index 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FactRef {
    pub kind: FactKind,
    pub index: usize,
}

/// What an alias can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Participant,
    Document,
    Topic,
    Summit,
}

/// Something the fact file names, that users refer to by name or alias.
#[derive(Debug, Clone)]
pub struct Entity {
    pub kind: EntityKind,
    /// Position in the fact file's list of that kind.
    pub index: usize,
    pub id: String,
    pub name: String,
    /// The term that stands for it in the index (`@p:france`).
    pub term: String,
    /// Participants closely tied to it (a person's country; a country's people), whose facts are
    /// also worth a look when it is named.
    pub related: Vec<usize>,
}

/// One fact in the index.
#[derive(Debug, Clone)]
struct Doc {
    fact: FactRef,
    id: String,
    /// Its title or text states a quantity (a number that is not a date or a year).
    quantity: bool,
    /// For a participant's profile or a document's own fact, its entity.
    entity: Option<usize>,
    /// Kinds of the participants it is by or about (a pledge's `by`, a statement's speaker, a
    /// profile's own kind; a person also counts as the kind they represent, so a leader's words
    /// answer "which countries said ..."). See [`Analysis::wants`].
    kinds: Vec<ParticipantKind>,
    /// Entities of the participants it is by or about in the same sense, and of those they
    /// represent: whose side of a comparison it tells.
    owners: Vec<usize>,
}

/// A question, analysed.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The folded words analysed (after typo correction).
    pub words: Vec<String>,
    /// Words corrected to a known word: (typed, read as).
    pub corrections: Vec<(String, String)>,
    pub kind: Option<QuestionKind>,
    /// Entity indices the question names.
    pub entities: Vec<usize>,
    /// Countries or organisations named in the question that the facts do not record (display
    /// names from the language table).
    pub absent: Vec<String>,
    /// Query terms with their weights (entity expansions weigh less) and groups.
    pub terms: Vec<QueryTerm>,
    /// Fact kinds the question asks for by name ("promise" → pledges, "say" → statements).
    pub intents: Vec<FactKind>,
    /// Content pieces (words, phrases, names, dates) that are not stopwords.
    pub content: usize,
    /// How many of them the facts know.
    pub known: usize,
    /// Content words the facts do not know, for `--explain`.
    pub unknown: Vec<String>,
    /// The query-term groups the question hinges on, each with the word it came from: its
    /// quantities, the words read through the lexicon (weaker evidence than the word itself) and
    /// the words few facts use. An answer must show facts that match every one of them, or it
    /// answers a different question ("who will pay for the force" with the force). Names and
    /// common words are not listed: the facts that answer a question phrase those many ways.
    pub required: Vec<(usize, String)>,
    /// The groups of `required` that are participants the question names (two or more of them,
    /// each of which the answer must cover), rather than words.
    pub named_groups: Vec<usize>,
    /// The groups of countries the question names that the facts mention only in passing (not
    /// participants): like a participant, such a country must be what the facts shown are about.
    pub mentioned: Vec<usize>,
    /// Content words the facts do not use, understood through the lexicon: (word as typed, the
    /// facts' word or phrase it was read as).
    pub bridged: Vec<(String, String)>,
    /// The question asks for everyone who took part ("who are the participants", "which
    /// countries attended"): it names no one and is made only of roster words (see
    /// `roster_words` in the language table) and the summit. One participant's profile would
    /// answer it with an arbitrary name, so `/ask` answers with an overview of all of them.
    pub roster: bool,
    /// The kind of participant a "which <noun> ..." question asks for ("which countries pledged
    /// troops" → countries; see `answer_types` in the language table). The noun is not searched
    /// for in the facts' text, where "a neighbouring country" would match it; facts by
    /// participants of that kind are preferred instead.
    pub wants: Option<ParticipantKind>,
}

impl Analysis {
    /// The question's own words as terms: neither names (`@…`) nor words reached through a
    /// synonym, a related participant or the lexicon (weaker evidence, lower weight).
    pub fn plain_terms(&self) -> impl Iterator<Item = &str> {
        self.terms
            .iter()
            .filter(|t| !t.term.starts_with('@') && t.weight >= 1.0)
            .map(|t| t.term.as_str())
    }

    /// The terms one piece of the question (a group) is searched by.
    pub fn group_terms(&self, group: usize) -> Vec<&str> {
        self.terms
            .iter()
            .filter(|t| t.group == group)
            .map(|t| t.term.as_str())
            .collect()
    }

    /// Share of the question's content that the facts know about; 0 when there is no content.
    pub fn coverage(&self) -> f32 {
        if self.content == 0 {
            0.0
        } else {
            self.known as f32 / self.content as f32
        }
    }
}

/// One term of a question. Terms of one group come from one piece of the question (a name and
/// its related names); a fact scores only the best term of each group.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    pub term: String,
    pub weight: f32,
    pub group: usize,
}

/// One ranked fact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub fact: FactRef,
    pub score: f32,
}

/// Search index over one summit's facts.
#[derive(Debug, Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// Each folded word of the facts → its term (Snowball stem, then [`grouped`]), kept from
    /// the build: a question and the fact sentences `/ask` reads again (verdicts, promised
    /// events) are mostly the facts' own words, and stemming them afresh was half of a yes/no
    /// question's time.
    word_terms: FxHashMap<String, String>,
    /// Fact sentences already read (see [`Index::read_fact`]), kept: verdicts read the best
    /// facts' sentences for every yes/no question, and reading them afresh (segmenting,
    /// stemming) was most of such a question's time.
    reads: std::sync::Mutex<FxHashMap<Box<str>, std::sync::Arc<[Token]>>>,
    /// Term → (doc, precomputed BM25F contribution), docs ascending.
    postings: FxHashMap<String, Vec<(u32, f32)>>,
    entities: Vec<Entity>,
    /// Folded alias phrase → entity index. Fx-hashed, as `prefixes`.
    aliases: FxHashMap<String, usize>,
    alias_max: usize,
    /// Folded words that need no correction: every word of the facts and of the language tables.
    known_words: FxHashSet<String>,
    /// Words typos are corrected to, and their delete-one neighbourhoods (SymSpell): a typo
    /// within one edit shares a key with its word, so correction costs a few lookups, not a scan.
    /// The neighbourhoods are built on the first question that has an unknown word: most
    /// questions have none, and a fact reload should stay cheap.
    targets: Vec<String>,
    /// (neighbourhood hash, target) pairs, sorted: one allocation of 16 bytes per pair, where a
    /// map of lists cost a list per hash.
    deletes: OnceLock<Vec<(u64, u32)>>,
    /// Every word-prefix of every phrase (aliases, synonyms, countries, question words), so
    /// phrase matching stops at the first word that starts none. Fx-hashed: looked up for every
    /// word of every fact text, SipHash was a tenth of a fact load (the `scale` bench,
    /// `load+validate/100`).
    prefixes: FxHashSet<String>,
    /// Participant index → entity index.
    participant_entity: FxHashMap<usize, usize>,
    /// Document index → entity index, so a document's own fact is its profile.
    document_entity: FxHashMap<usize, usize>,
    /// Fact → its position in `docs`.
    doc_of: FxHashMap<FactRef, u32>,
    /// The summit's entity (there is one per index).
    summit_entity: Option<usize>,
    /// Every quantity the fact file states (see [`numbers`]), sorted: a question's "30k" is
    /// covered when the facts state 30,000, whatever the digits fold into.
    quantities: Vec<u64>,
    /// Stemmed kind word → the fact kind it asks for (see `kind_terms` in the language table).
    intents: FxHashMap<String, FactKind>,
    /// Stemmed words for the summit itself ("summit", "meeting", "talks"): in a question about
    /// one summit's facts, "the summit" is that summit, so they also name its entity.
    summit_words: FxHashSet<String>,
    /// Stemmed roster words ("participant", "country", "attend"): see [`Analysis::roster`].
    roster: FxHashSet<String>,
}

/// Field weights for BM25F: a match in a title says more than one in running text.
const W_TITLE: f32 = 3.0;
const W_ALIAS: f32 = 2.0;
const W_REFS: f32 = 2.0;
const W_TEXT: f32 = 1.0;
const W_KIND: f32 = 0.5;
/// A document's list of points, apart from its summary: a document that lists everything it
/// covers must not have its summary's words diluted by that list, or a short pledge quoting the
/// summary outranks the document itself ("is the declaration legally binding").
const W_POINTS: f32 = 1.0;
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Longest word the typo corrector looks at. No name or word of the facts is longer, and the
/// two-deletion neighbourhood grows with the square of a word's length, so a question made of one
/// 1000-letter "word" must not be corrected.
const MAX_TYPO_WORD: usize = 24;
/// Weight of a term that comes from a named entity's relations (a person's country).
const RELATED_WEIGHT: f32 = 0.4;
/// Weight of the words of a topic or document phrase, next to the phrase's entity term.
const PHRASE_WORD_WEIGHT: f32 = 0.5;
/// Factor for the profile of a participant the question names: "was NATO there" is first about
/// NATO, not about NATO's Secretary General, whose profile mentions NATO just as often.
const SELF_BOOST: f32 = 1.3;
/// Factor for facts that state no quantity, when the question asks "how many": they cannot
/// answer it, however well their words match.
const NO_QUANTITY: f32 = 0.5;
/// Factor for facts of a kind the question names ("what did X promise" → pledges). Stronger than
/// the question-word boosts: naming the kind is the clearest signal a user gives.
const INTENT_BOOST: f32 = 1.5;
/// Factor for facts by a participant of the kind a "which <noun>" question asks for. Weaker than
/// naming the fact kind: it picks among facts that answer the question, it does not make a fact
/// answer it.
const ANSWER_TYPE_BOOST: f32 = 1.3;

const FIELDS: usize = 6;
/// Words after which a word is read as a noun (determiners and possessives).
const NOUN_CUES: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "your", "my", "this", "that", "these",
    "those", "whats",
];

/// Weight of a term reached through the lexicon (a question's "guarding" read as the facts'
/// "monitor"): a related word is weaker evidence than the word itself.
const LEXICON_WEIGHT: f32 = 0.6;
/// Endings that make a noun of a verb ("seizure", "deployment", "approval"), tried off a
/// lexicon relation the facts do not use as it is.
const NOUN_ENDINGS: &[&str] = &["ure", "ment", "al", "ance", "ence"];
/// A question word found in at most this many facts must be matched by a fact the answer shows
/// (see [`Analysis::required`]).
const RARE_DF: usize = 2;
/// At most this many of a word's lexicon relations are tried, in the table's order (synonyms
/// first): further down the list the links are looser.
const MAX_BRIDGES: usize = 12;

/// How the lexicon reads a word the facts do not use.
enum Bridge {
    /// It relates to a word that only frames a question (`frame_words` in the language table).
    Frame,
    /// It relates to this word or phrase of the facts, searched for with these terms.
    Terms(String, Vec<String>),
    None,
}

/// A stem the synonym table reaches only through another form of the word ("sending", listed
/// as "send"): its group's canonical stem, the same on the facts' side and the question's.
fn grouped(t: String, lang: &Lang, stem: &Stemmer) -> String {
    match lang.stem_synonyms.get(&t) {
        Some(canon) => stem.stem(canon).into_owned(),
        None => t,
    }
}

fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Scratch state while building an index.
///
/// Terms are interned: a field holds term numbers, and each distinct term is one string, made
/// once. A `String` per term occurrence (allocated, cloned, hashed per doc, freed) was about a
/// third of a fact load (the `scale` bench, `load+validate/100`).
#[derive(Default)]
struct BuildCx {
    /// Every folded word of the facts, with its frequency: the typo corrector's vocabulary.
    vocab: FxHashMap<String, u32>,
    /// Word → the term number of its stem: the facts repeat their words, and Snowball stemming
    /// was a fifth of a whole fact load before this cache.
    stems: FxHashMap<String, u32>,
    /// Term → its number, and back.
    numbers: FxHashMap<String, u32>,
    terms: Vec<String>,
}

impl BuildCx {
    fn stem(&mut self, word: &str, stem: &Stemmer) -> u32 {
        if let Some(&t) = self.stems.get(word) {
            return t;
        }
        let t = self.term(&stem.stem(word));
        self.stems.insert(word.to_owned(), t);
        t
    }

    /// [`grouped`] for a term number.
    fn grouped(&mut self, t: u32, lang: &Lang, stem: &Stemmer) -> u32 {
        match lang.stem_synonyms.get(self.terms[t as usize].as_str()) {
            Some(canon) => self.term(&stem.stem(canon)),
            None => t,
        }
    }

    /// The number of `term`, given one on first sight.
    fn term(&mut self, term: &str) -> u32 {
        if let Some(&t) = self.numbers.get(term) {
            return t;
        }
        let t = self.terms.len() as u32;
        self.terms.push(term.to_owned());
        self.numbers.insert(term.to_owned(), t);
        t
    }
}

/// One word or name of a fact's text, read as the index reads it (see [`Index::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An entity's term (`@p:italy`).
    Name(String),
    /// A content word's index term: stemmed, its synonym group's when it has one.
    Term(String),
    /// A stopword, folded. Kept, since "not" and "no" carry negation.
    Stop(String),
}

/// The id maps (id to position in the file's list) the index resolves references through.
#[derive(Clone, Copy)]
pub struct IdMaps<'a> {
    pub participants: &'a FxHashMap<String, u32>,
    pub topics: &'a FxHashMap<String, u32>,
}

/// A piece of analysed text.
enum Piece {
    /// An entity, and the words (start, count) that named it.
    Entity(usize, usize, usize),
    Country(String),
    Word(String),
    Date(u8, u8),
    Stop,
}

impl Index {
    pub fn build(file: &FactFile) -> Index {
        fn id_map<'a>(ids: impl Iterator<Item = &'a Text>) -> FxHashMap<String, u32> {
            let mut map = FxHashMap::default();
            for (i, id) in ids.enumerate() {
                map.entry(id.as_str().to_owned()).or_insert(i as u32);
            }
            map
        }
        let ids = IdMaps {
            participants: &id_map(file.participants.iter().map(|p| &p.id)),
            topics: &id_map(file.topics.iter().map(|t| &t.id)),
        };
        Index::build_with(file, ids)
    }

    /// [`Index::build`] with the file's id maps already made: a load makes them once for the
    /// index and the answers.
    pub fn build_with(file: &FactFile, ids: IdMaps) -> Index {
        let lang = Lang::get();
        let mut index = Index::default();
        let participants = ids.participants;
        index.collect_entities(file, ids);
        let participant = |id: &str| participants.get(id).map(|&i| i as usize);
        index.collect_prefixes(lang);
        let mut cx = BuildCx::default();

        // Fields per doc: title, aliases, refs, text, kind, points.
        let mut fields: Vec<[Vec<u32>; FIELDS]> = Vec::new();
        let stem = stemmer();
        index.collect_intents(lang, &stem);
        // The venue's own name ("Élysée" of "Élysée Palace, Paris, France") says "the summit" as
        // "the meeting" does: "was Trump at the Élysée" asks whether he attended. Only words that
        // are not English ("palace", "house" name other things) and name no participant.
        let venue = file.summit.place.split(',').next().unwrap_or_default();
        for w in fold(venue).split(' ').filter(|w| w.len() >= 3) {
            if !lexicon::is_word(w) && !lang.is_stopword(w) && !index.aliases.contains_key(w) {
                let t = index.stem_word(w, lang, &stem);
                index.summit_words.insert(t);
            }
        }
        let mut add = |index: &mut Index,
                       fact: FactRef,
                       id: String,
                       title: Vec<&str>,
                       aliases: Vec<&str>,
                       refs: Vec<&Text>,
                       text: Vec<&str>,
                       points: Vec<&str>| {
            let mut f: [Vec<u32>; FIELDS] = Default::default();
            for t in title {
                index.terms_into(t, lang, &stem, &mut f[0], &mut cx);
            }
            for t in aliases {
                index.terms_into(t, lang, &stem, &mut f[1], &mut cx);
            }
            // Ten spellings of one name are one name: repeating it must not outweigh the title.
            f[1].sort();
            f[1].dedup();
            // The participants referred to, by position: each reference resolves through the id
            // map once, here, instead of by scanning the entities for its term.
            let mut by: Vec<usize> = Vec::with_capacity(refs.len());
            for r in refs {
                if let Some(p) = participant(r) {
                    if let Some(&e) = index.participant_entity.get(&p) {
                        f[2].push(cx.term(&index.entities[e].term));
                        by.push(p);
                    }
                }
            }
            for t in text {
                index.terms_into(t, lang, &stem, &mut f[3], &mut cx);
            }
            if let Some(words) = lang.kind_terms.get(fact.kind.as_str()) {
                for w in words {
                    index.terms_into(w, lang, &stem, &mut f[4], &mut cx);
                }
            }
            for t in points {
                index.terms_into(t, lang, &stem, &mut f[5], &mut cx);
            }
            let quantity = f[0]
                .iter()
                .chain(&f[3])
                .chain(&f[5])
                .any(|&t| is_quantity(&cx.terms[t as usize]));
            let mut kinds: Vec<ParticipantKind> = Vec::new();
            let mut owners: Vec<usize> = Vec::new();
            let own = (fact.kind == FactKind::Participant).then_some(fact.index);
            for i in own.into_iter().chain(by) {
                let Some(p) = file.participants.get(i) else {
                    continue;
                };
                let represented_at = p.represents.as_deref().and_then(participant);
                let represented = represented_at.and_then(|q| file.participants.get(q));
                for at in std::iter::once(i).chain(represented_at) {
                    if let Some(&e) = index.participant_entity.get(&at) {
                        owners.push(e);
                    }
                }
                for k in std::iter::once(p.kind).chain(represented.map(|q| q.kind)) {
                    if !kinds.contains(&k) {
                        kinds.push(k);
                    }
                }
            }
            let entity = match fact.kind {
                FactKind::Participant => index.participant_entity.get(&fact.index).copied(),
                FactKind::Document => index.document_entity.get(&fact.index).copied(),
                FactKind::Summit => index.summit_entity,
                _ => None,
            };
            index.doc_of.insert(fact, index.docs.len() as u32);
            index.docs.push(Doc {
                fact,
                id,
                quantity,
                entity,
                kinds,
                owners,
            });
            fields.push(f);
        };

        // Per fact: its id in the index, then its fields (title, aliases, the participants it
        // refers to, text, points).
        type Fields<'f> = (
            String,
            Vec<&'f str>,
            Vec<&'f str>,
            Vec<&'f Text>,
            Vec<&'f str>,
            Vec<&'f str>,
        );
        for (i, fact) in file.facts() {
            let fields: Fields = match fact {
                Fact::Summit(s) => {
                    let host_names = std::iter::once(&s.host)
                        .chain(&s.co_hosts)
                        .filter_map(|h| participant(h).and_then(|p| file.participants.get(p)))
                        .map(|p| p.name.as_str());
                    let mut text: Vec<&str> = vec![&s.summary, &s.place, &s.date, "host"];
                    text.extend(host_names);
                    (
                        s.id.to_string(),
                        vec![&s.name],
                        s.aliases.iter().map(|a| a.as_str()).collect(),
                        std::iter::once(&s.host).chain(&s.co_hosts).collect(),
                        text,
                        vec![],
                    )
                }
                Fact::Figure(f) => {
                    let mut text: Vec<&str> = vec![&f.value];
                    text.extend(f.note.as_deref());
                    (
                        format!("figure:{}", fold(&f.label).replace(' ', "-")),
                        vec![&f.label],
                        vec![],
                        vec![],
                        text,
                        vec![],
                    )
                }
                // Sources and topics are not answers of their own: a topic's names reach the
                // index as aliases of its pledges, a source through the facts that cite it.
                Fact::Source(_) | Fact::Topic(_) => continue,
                Fact::Participant(p) => {
                    let mut text: Vec<&str> = vec![&p.summary];
                    text.extend(p.role.as_deref());
                    text.push(match p.attendance {
                        Attendance::InPerson => "attend",
                        Attendance::Represented => "attend",
                        Attendance::Expected => "expected",
                        Attendance::ReferredTo => "",
                    });
                    (
                        p.id.to_string(),
                        vec![&p.name],
                        p.aliases.iter().map(|a| a.as_str()).collect(),
                        p.represents.iter().collect(),
                        text,
                        vec![],
                    )
                }
                Fact::Document(d) => {
                    let mut text: Vec<&str> = vec![&d.summary];
                    if !d.signed_by.is_empty() {
                        text.push("signed");
                    }
                    (
                        d.id.to_string(),
                        vec![&d.name],
                        d.aliases.iter().map(|a| a.as_str()).collect(),
                        d.signed_by.iter().collect(),
                        text,
                        d.points.iter().map(|p| p.as_str()).collect(),
                    )
                }
                Fact::Pledge(p) => {
                    let mut text: Vec<&str> = vec![&p.text];
                    text.extend(p.conditions.iter().map(|c| c.as_str()));
                    let topic = ids
                        .topics
                        .get(p.topic.as_str())
                        .and_then(|&t| file.topics.get(t as usize));
                    let mut aliases: Vec<&str> = Vec::new();
                    if let Some(t) = topic {
                        aliases.push(&t.name);
                        aliases.extend(t.aliases.iter().map(|a| a.as_str()));
                    }
                    (
                        p.id.to_string(),
                        vec![&p.title],
                        aliases,
                        p.by.iter().collect(),
                        text,
                        vec![],
                    )
                }
                Fact::Question(q) => (
                    q.id.to_string(),
                    vec![&q.title],
                    vec![],
                    q.raised_by.iter().chain(&q.concerns).collect(),
                    vec![&q.text],
                    vec![],
                ),
                Fact::Statement(st) => {
                    let mut text: Vec<&str> = vec![&st.text];
                    text.extend(st.quote.as_deref());
                    text.extend(st.date.as_deref());
                    (
                        st.id.to_string(),
                        vec![],
                        vec![],
                        vec![&st.by],
                        text,
                        vec![],
                    )
                }
                Fact::Dispute(d) => (
                    d.id.to_string(),
                    vec![&d.title],
                    vec![],
                    d.concerns.iter().collect(),
                    fact.text(),
                    vec![],
                ),
                Fact::Event(e) => (
                    e.id.to_string(),
                    vec![&e.title],
                    vec![],
                    e.participants.iter().collect(),
                    vec![&e.text, &e.date],
                    vec![],
                ),
            };
            let (id, title, aliases, refs, text, points) = fields;
            let fact = FactRef {
                kind: fact.kind(),
                index: i,
            };
            add(&mut index, fact, id, title, aliases, refs, text, points);
        }
        let stems = std::mem::take(&mut cx.stems);
        index.word_terms = stems
            .into_iter()
            .filter_map(|(w, t)| {
                let t = cx.grouped(t, lang, &stem);
                Some((w, cx.terms.get(t as usize)?.clone()))
            })
            .collect();
        index.collect_words(cx.vocab, lang);
        index.compute_postings(&fields, cx.terms);
        // The figures the facts state, from the terms that stand for them: reading the file's
        // text again for them was a tenth of a load.
        index.quantities = index
            .postings
            .keys()
            .filter_map(|t| t.strip_prefix("#q")?.parse().ok())
            .collect();
        index.quantities.sort_unstable();
        index
    }

    /// Participants, documents, topics and the summit, with every alias phrase that names them.
    fn collect_entities(&mut self, file: &FactFile, ids: IdMaps) {
        let mut explicit: Vec<(String, usize)> = Vec::new();
        let mut surnames: Vec<(String, usize)> = Vec::new();
        for (i, p) in file.participants.iter().enumerate() {
            let e = self.entities.len();
            self.participant_entity.insert(i, e);
            self.entities.push(Entity {
                kind: EntityKind::Participant,
                index: i,
                id: p.id.to_string(),
                name: p.name.to_string(),
                term: format!("@p:{}", p.id),
                related: Vec::new(),
            });
            explicit.push((fold(&p.id), e));
            explicit.push((fold(&p.name), e));
            explicit.extend(p.aliases.iter().map(|a| (fold(a), e)));
            // A person is usually called by surname alone ("merz", "rutte").
            if p.kind == ParticipantKind::Person {
                if let Some(last) = fold(&p.name).rsplit(' ').next() {
                    if last.len() >= 3 {
                        surnames.push((last.to_owned(), e));
                    }
                }
            }
        }
        for (i, p) in file.participants.iter().enumerate() {
            let Some(rep) = &p.represents else { continue };
            let Some(&ri) = ids.participants.get(rep.as_str()) else {
                continue;
            };
            let ri = ri as usize;
            let (a, b) = (self.participant_entity[&i], self.participant_entity[&ri]);
            self.entities[a].related.push(b);
            self.entities[b].related.push(a);
        }
        for (i, d) in file.documents.iter().enumerate() {
            let e = self.entities.len();
            self.document_entity.insert(i, e);
            self.entities.push(Entity {
                kind: EntityKind::Document,
                index: i,
                id: d.id.to_string(),
                name: d.name.to_string(),
                term: format!("@d:{}", d.id),
                related: Vec::new(),
            });
            explicit.push((fold(&d.id), e));
            explicit.push((fold(&d.name), e));
            explicit.extend(d.aliases.iter().map(|a| (fold(a), e)));
        }
        for (i, t) in file.topics.iter().enumerate() {
            let e = self.entities.len();
            self.entities.push(Entity {
                kind: EntityKind::Topic,
                index: i,
                id: t.id.to_string(),
                name: t.name.to_string(),
                term: format!("@t:{}", t.id),
                related: Vec::new(),
            });
            explicit.push((fold(&t.id), e));
            explicit.push((fold(&t.name), e));
            explicit.extend(t.aliases.iter().map(|a| (fold(a), e)));
        }
        let s = &file.summit;
        let e = self.entities.len();
        self.summit_entity = Some(e);
        self.entities.push(Entity {
            kind: EntityKind::Summit,
            index: 0,
            id: s.id.to_string(),
            name: s.name.to_string(),
            term: "@s".to_owned(),
            related: Vec::new(),
        });
        explicit.push((fold(&s.id), e));
        explicit.push((fold(&s.name), e));
        explicit.extend(s.aliases.iter().map(|a| (fold(a), e)));

        // An explicit alias naming two entities (a topic and a participant both called "nato")
        // links neither: a wrong link is worse than none.
        let mut clash: FxHashSet<String> = FxHashSet::default();
        for (alias, e) in explicit {
            if alias.is_empty() {
                continue;
            }
            match self.aliases.get(&alias) {
                Some(&old) if old != e => {
                    clash.insert(alias);
                }
                _ => {
                    self.aliases.insert(alias, e);
                }
            }
        }
        for alias in &clash {
            self.aliases.remove(alias);
        }
        // A country's people are named in the plural ("the americans", "the germans"): its
        // one-word aliases with an "s", where that spelling names nothing else. The language
        // table's other names for a country ("brits", "kiwis", "dutch") name it too, so no fact
        // file has to list everyday demonyms.
        let lang = Lang::get();
        for p in &file.participants {
            if p.kind != ParticipantKind::Country {
                continue;
            }
            let Some(&e) = ids
                .participants
                .get(p.id.as_str())
                .and_then(|i| self.participant_entity.get(&(*i as usize)))
            else {
                continue;
            };
            for a in &p.aliases {
                let a = fold(a);
                if a.len() >= 4 && !a.contains(' ') && !a.ends_with('s') {
                    self.aliases.entry(format!("{a}s")).or_insert(e);
                }
            }
            let own: Vec<String> = std::iter::once(&p.name)
                .chain(&p.aliases)
                .map(|n| fold(n))
                .collect();
            let Some(country) = own.iter().find_map(|n| lang.countries.get(n.as_str())) else {
                continue;
            };
            for (variant, name) in &lang.countries {
                if name == country && !clash.contains(variant) {
                    self.aliases.entry(variant.clone()).or_insert(e);
                }
            }
        }
        // Multi-word names typed without spaces ("vonderleyen", "newzealand"), where that
        // spelling is not already something else.
        let compact: Vec<(String, usize)> = self
            .aliases
            .iter()
            .filter(|(a, _)| a.contains(' '))
            .map(|(a, &e)| (a.replace(' ', ""), e))
            .collect();
        for (c, e) in compact {
            if !self.aliases.contains_key(&c) && !clash.contains(&c) {
                self.aliases.insert(c, e);
            }
        }
        // Surnames only where unambiguous and not already something else.
        let mut count: FxHashMap<&str, usize> = FxHashMap::default();
        for (s, _) in &surnames {
            *count.entry(s).or_default() += 1;
        }
        for (s, e) in &surnames {
            if count[s.as_str()] == 1 && !self.aliases.contains_key(s) && !clash.contains(s) {
                self.aliases.insert(s.clone(), *e);
            }
        }
        self.alias_max = self
            .aliases
            .keys()
            .map(|a| a.split(' ').count())
            .max()
            .unwrap_or(0);
    }

    fn collect_prefixes(&mut self, lang: &Lang) {
        let phrases = self
            .aliases
            .keys()
            .chain(lang.synonyms.keys())
            .chain(lang.countries.keys())
            .chain(lang.question_words.keys());
        for phrase in phrases {
            let mut end = 0;
            for word in phrase.split(' ') {
                end += word.len();
                self.prefixes.insert(phrase[..end].to_owned());
                end += 1;
            }
        }
    }

    /// The vocabulary for typo correction: every folded word of the facts and the tables.
    fn collect_words(&mut self, mut freq: FxHashMap<String, u32>, lang: &Lang) {
        let mut note = |s: &str| {
            for w in s.split(' ').filter(|w| !w.is_empty()) {
                *freq.entry(w.to_owned()).or_default() += 1;
            }
        };
        for alias in self.aliases.keys() {
            note(alias);
        }
        for phrase in lang.synonyms.keys() {
            note(phrase);
        }
        let mut targets: Vec<(String, u32)> = freq
            .into_iter()
            .filter(|(w, _)| !lang.is_stopword(w) && !w.bytes().any(|b| b.is_ascii_digit()))
            .collect();
        // Most frequent first, so a tie in distance goes to the more common word.
        targets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.known_words = targets.iter().map(|(w, _)| w.clone()).collect();
        for w in lang
            .stopwords
            .iter()
            .chain(lang.question_words.keys())
            .chain(lang.countries.keys())
            .chain(lang.months.keys())
        {
            for part in w.split(' ') {
                self.known_words.insert(part.to_owned());
            }
        }
        self.targets = targets
            .into_iter()
            .map(|(w, _)| w)
            .filter(|w| (4..=MAX_TYPO_WORD + 2).contains(&w.len()))
            .collect();
    }

    fn deletes(&self) -> &[(u64, u32)] {
        self.deletes.get_or_init(|| neighbourhoods(&self.targets))
    }

    /// Builds the typo corrector's neighbourhoods afresh, as the first question with an unknown
    /// word does, and returns how many words and (hash, word) pairs they hold: for the `scale`
    /// bench, which reports the lazy index's time and memory (16 bytes a pair) against the
    /// vocabulary.
    #[doc(hidden)]
    pub fn build_typo_index(&self) -> (usize, usize) {
        (self.targets.len(), neighbourhoods(&self.targets).len())
    }

    /// A single word as the index keeps it: its synonym group's word, stemmed.
    fn stem_word(&self, w: &str, lang: &Lang, stem: &Stemmer) -> String {
        if let Some(canon) = lang.synonyms.get(w) {
            return stem.stem(canon).into_owned();
        }
        self.word_term(w, lang, stem)
    }

    /// The term of a single folded word, as the build made it: from the build's words when it
    /// is one of them (see [`Index::word_terms`]).
    fn word_term(&self, w: &str, lang: &Lang, stem: &Stemmer) -> String {
        match self.word_terms.get(w) {
            Some(t) => t.clone(),
            None => grouped(stem.stem(w).into_owned(), lang, stem),
        }
    }

    /// Kind words that steer ranking. Words naming the summit or a document are left out: they
    /// are also subjects ("what does the declaration say") rather than a request for a kind.
    fn collect_intents(&mut self, lang: &Lang, stem: &Stemmer) {
        let kinds = [
            FactKind::Figure,
            FactKind::Pledge,
            FactKind::Statement,
            FactKind::Question,
            FactKind::Dispute,
            FactKind::Event,
        ];
        for kind in kinds {
            for w in lang.kind_terms.get(kind.as_str()).into_iter().flatten() {
                let t = self.stem_word(w, lang, stem);
                self.intents.insert(t, kind);
            }
        }
        for w in lang.kind_terms.get("summit").into_iter().flatten() {
            let t = self.stem_word(w, lang, stem);
            self.summit_words.insert(t);
        }
        for w in &lang.roster_words {
            let t = self.stem_word(w, lang, stem);
            self.roster.insert(t);
        }
    }

    /// Analyses one fact text into index terms (no typo correction: the facts are spelled right).
    fn terms_into(
        &self,
        text: &str,
        lang: &Lang,
        stem: &Stemmer,
        out: &mut Vec<u32>,
        cx: &mut BuildCx,
    ) {
        let folded = fold(text);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        for w in &words {
            match cx.vocab.get_mut(*w) {
                Some(n) => *n += 1,
                None => {
                    cx.vocab.insert((*w).to_owned(), 1);
                }
            }
        }
        for (_, piece) in self.segment(&words, lang, false) {
            match piece {
                Piece::Entity(e, start, len) => {
                    out.push(cx.term(&self.entities[e].term));
                    // The name's own words too, so "the declaration" still finds the fact
                    // titled "Paris Declaration" and "the summit" the summit.
                    for w in &words[start..start + len] {
                        if !lang.is_stopword(w) {
                            out.push(cx.stem(lang.canonical(w), stem));
                        }
                    }
                }
                Piece::Word(w) => {
                    let t = cx.stem(&w, stem);
                    out.push(cx.grouped(t, lang, stem));
                }
                Piece::Date(m, d) => out.push(cx.term(&date_term(m, d))),
                Piece::Country(_) | Piece::Stop => {}
            }
        }
        // Each quantity by value too, whatever way it is written ("€800bn", "15,000"), so a
        // question's "800 billion" or "15k" finds it. The facts write quantities in digits.
        if text.bytes().any(|b| b.is_ascii_digit()) {
            for q in numbers::quantities(text) {
                out.push(cx.term(&quantity_term(q.value)));
            }
        }
    }

    /// Splits folded words into pieces, longest phrase first: entity aliases, then (questions
    /// only) world countries, then synonym phrases; dates; single words. Each piece comes with
    /// the position of its first word.
    fn segment(&self, words: &[&str], lang: &Lang, question: bool) -> Vec<(usize, Piece)> {
        let max = self
            .alias_max
            .max(lang.synonym_max)
            .max(if question { lang.country_max } else { 0 })
            .max(1);
        let mut out = Vec::with_capacity(words.len());
        let mut key = String::new();
        let mut i = 0;
        while i < words.len() {
            if let Some((m, d, used)) = date_at(words, i, lang) {
                out.push((i, Piece::Date(m, d)));
                i += used;
                continue;
            }
            let found = self.phrase_at(words, i, max, lang, question, &mut key);
            // A phrase that starts inside this one and reaches further wins: in "the coalition
            // of the willing", "the coalition" must not eat the start of "coalition of the
            // willing".
            let overtaken = found.as_ref().is_some_and(|(len, _)| {
                (i + 1..i + len).any(|j| {
                    self.phrase_at(words, j, max, lang, question, &mut key)
                        .is_some_and(|(l2, _)| j + l2 > i + len)
                })
            });
            match found {
                Some((len, piece)) if !overtaken => {
                    out.push((i, piece));
                    i += len;
                }
                _ => {
                    let w = words[i];
                    out.push((
                        i,
                        if lang.is_stopword(w) {
                            Piece::Stop
                        } else {
                            Piece::Word(w.to_owned())
                        },
                    ));
                    i += 1;
                }
            }
        }
        out
    }

    /// The longest phrase starting at `words[i]`: an entity alias, (in questions) a world country,
    /// or a synonym phrase, with how many words it spans.
    fn phrase_at(
        &self,
        words: &[&str],
        i: usize,
        max: usize,
        lang: &Lang,
        question: bool,
        key: &mut String,
    ) -> Option<(usize, Piece)> {
        let mut best: Option<(usize, Piece)> = None;
        key.clear();
        for len in 1..=max.min(words.len() - i) {
            if len > 1 {
                key.push(' ');
            }
            key.push_str(words[i + len - 1]);
            if !self.prefixes.contains(key.as_str()) {
                break;
            }
            if let Some(&e) = self.aliases.get(key.as_str()) {
                let pronoun = len == 1
                    && lang.is_stopword(key)
                    && i > 0
                    && lang.pronoun_before.contains(words[i - 1]);
                if !pronoun {
                    best = Some((len, Piece::Entity(e, i, len)));
                    continue;
                }
            }
            if question {
                if let Some(name) = lang.countries.get(key.as_str()) {
                    best = Some((len, Piece::Country(name.clone())));
                    continue;
                }
                // "how many", "date": read for the question's kind, not searched for.
                if lang.question_words.contains_key(key.as_str()) && !lang.is_stopword(key) {
                    best = Some((len, Piece::Stop));
                    continue;
                }
            }
            if let Some(canon) = lang.synonyms.get(key.as_str()) {
                best = Some((len, Piece::Word(canon.clone())));
            }
        }
        best
    }

    /// BM25F: per field, term frequency normalised by field length; fields combined by weight,
    /// then saturated once. Everything depends only on the facts, so it is all done here.
    fn compute_postings(&mut self, fields: &[[Vec<u32>; FIELDS]], terms: Vec<String>) {
        let weights = [W_TITLE, W_ALIAS, W_REFS, W_TEXT, W_KIND, W_POINTS];
        let n = fields.len().max(1) as f32;
        let mut avg = [0f32; FIELDS];
        for f in fields {
            for (k, a) in avg.iter_mut().enumerate() {
                *a += f[k].len() as f32;
            }
        }
        for a in &mut avg {
            *a = (*a / n).max(1.0);
        }
        // term → (doc, pseudo term frequency), docs ascending as they are visited in order.
        let mut tf: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms.len()];
        let mut local: Vec<(u32, f32)> = Vec::new();
        for (d, f) in fields.iter().enumerate() {
            local.clear();
            for k in 0..FIELDS {
                let norm = 1.0 - B + B * f[k].len() as f32 / avg[k];
                local.extend(f[k].iter().map(|&t| (t, weights[k] / norm)));
            }
            // Stable, so each term's parts are added in field order, as they were found.
            local.sort_by_key(|&(t, _)| t);
            let mut i = 0;
            while i < local.len() {
                let t = local[i].0;
                let mut v = 0.0;
                while i < local.len() && local[i].0 == t {
                    v += local[i].1;
                    i += 1;
                }
                tf[t as usize].push((d as u32, v));
            }
        }
        self.postings.reserve(terms.len());
        for (term, mut list) in terms.into_iter().zip(tf) {
            if list.is_empty() {
                continue;
            }
            let df = list.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for (_, v) in &mut list {
                *v = idf * *v * (K1 + 1.0) / (*v + K1);
            }
            self.postings.insert(term, list);
        }
    }

    /// Reads a question: folds it, corrects typos, finds its kind, the entities it names, the
    /// absent countries it names, and the weighted terms to rank with.
    pub fn analyze(&self, question: &str) -> Analysis {
        let lang = Lang::get();
        let mut cut: String = question.chars().take(MAX_QUESTION_CHARS).collect();
        let mut a = Analysis::default();
        // Quantities are read first, by value, and blanked out of the words.
        let found = numbers::quantities(&cut);
        let mut quantity_terms: Vec<String> = Vec::new();
        let mut quantity_shown: Vec<String> = Vec::new();
        for q in found.iter().rev() {
            if let Some(r) = cut.get(q.start..q.end) {
                let blank = " ".repeat(r.len());
                cut.replace_range(q.start..q.end, &blank);
            }
        }
        for q in &found {
            a.content += 1;
            let shown = numbers::written(q.value);
            if self.quantities.binary_search(&q.value).is_ok() {
                a.known += 1;
                quantity_terms.push(quantity_term(q.value));
                quantity_shown.push(shown);
            } else {
                a.unknown.push(shown);
            }
        }
        // Words with their original spelling, to spot names the facts do not know.
        let mut raw: Vec<(&str, bool)> = Vec::new();
        let mut typed: Vec<String> = Vec::new();
        let mut fixed: Vec<Option<&str>> = Vec::new();
        'words: for token in cut.split(|c: char| !c.is_alphanumeric()) {
            for w in fold(token).split(' ').filter(|w| !w.is_empty()) {
                if typed.len() == MAX_QUESTION_WORDS {
                    break 'words;
                }
                raw.push((token, true));
                fixed.push(self.correct(w, lang));
                typed.push(w.to_owned());
            }
        }
        // A "typo" next to a word nobody knows is more likely part of an unknown name ("greta
        // thunberg" is not "great britain"), so it is left as typed.
        let stranger = |i: usize| fixed[i].is_none() && !self.is_known(&typed[i], lang);
        for i in 0..typed.len() {
            let beside_stranger =
                (i > 0 && stranger(i - 1)) || (i + 1 < typed.len() && stranger(i + 1));
            match fixed[i] {
                Some(c) if !beside_stranger => {
                    a.corrections.push((typed[i].clone(), c.to_owned()));
                    a.words.push(c.to_owned());
                    raw[i].1 = false;
                }
                _ => a.words.push(typed[i].clone()),
            }
        }
        if let Some(name) = self.unknown_name(&a.words, &raw, lang) {
            a.absent.push(name);
        }
        if a.words.iter().any(|w| lang.negated_words.contains_key(w)) {
            let mut read = Vec::with_capacity(a.words.len() + 1);
            for w in a.words.drain(..) {
                match lang.negated_words.get(&w) {
                    Some(to) => {
                        read.push("not".to_owned());
                        read.push(to.clone());
                    }
                    None => read.push(w),
                }
            }
            a.words = read;
        }
        let owned = a.words.clone();
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        a.kind = question_kind(&words, lang);
        // "which countries pledged troops": the noun after "which"/"what" names the kind of
        // answer wanted. It is understood (it counts as known content, and as a roster word, so
        // "which organisations took part" still asks for everyone), but it is not searched for.
        let head = (1..words.len()).find(|&i| {
            lang.question_words.get(words[i - 1]) == Some(&QuestionKind::What)
                && lang.answer_types.contains_key(words[i])
        });
        let mut kept = words.clone();
        if let Some(i) = head {
            a.wants = lang.answer_types.get(words[i]).copied();
            a.content += 1;
            a.known += 1;
            kept.remove(i);
        }
        let words = kept;
        let stem = stemmer();
        // Each piece of the question is one group; a fact earns at most its best term per group,
        // so a person's name plus their country's (a related term) is not counted twice.
        let mut group = 0;
        // A roster word may be a stopword ("everyone", "list"), dropped before the pieces.
        let mut roster_word = head.is_some()
            || words
                .iter()
                .any(|w| lang.is_stopword(w) && lang.roster_words.contains(*w));
        let mut roster_only = true;
        let push = |a: &mut Analysis, term: String, weight: f32, group: usize| match a
            .terms
            .iter_mut()
            .find(|t| t.term == term)
        {
            Some(t) if t.weight < weight => {
                t.weight = weight;
                t.group = group;
            }
            Some(_) => {}
            None => a.terms.push(QueryTerm {
                term,
                weight,
                group,
            }),
        };
        // Participants the question names, by group: when it names two or more ("france vs
        // uk", "were japan and australia there"), the answer must cover each.
        let mut named: Vec<(usize, String)> = Vec::new();
        // Documents, likewise, when the question names two of them and no participant ("the
        // Paris Declaration vs the Declaration of Intent").
        let mut documents: Vec<(usize, String)> = Vec::new();
        for (at, piece) in self.segment(&words, lang, true) {
            // "the budget", "their plan": a word right after a determiner is a noun, and does
            // not follow the lexicon's verb senses (see `lexicon::related`).
            let noun = at > 0 && NOUN_CUES.contains(&words[at - 1]);
            // The group standing for this piece of the question, which the facts shown must
            // match (see `Analysis::required`); None for the summit itself, which every fact is
            // about.
            let piece_group = group;
            let mut need: Option<String> = None;
            match piece {
                Piece::Stop => continue,
                Piece::Entity(e, start, len) => {
                    a.content += 1;
                    a.known += 1;

                    roster_only &= self.entities[e].kind == EntityKind::Summit;
                    // Named twice ("the NATO chief, Rutte") is named once: a second group
                    // would have no terms of its own, and nothing could ever cover it.
                    if !a.entities.contains(&e) {
                        a.entities.push(e);
                        match self.entities[e].kind {
                            EntityKind::Participant => {
                                named.push((piece_group, self.entities[e].name.clone()));
                            }
                            EntityKind::Document => {
                                documents.push((piece_group, self.entities[e].name.clone()));
                            }
                            _ => {}
                        }
                    }
                    push(&mut a, self.entities[e].term.clone(), 1.0, group);
                    for &r in &self.entities[e].related {
                        push(&mut a, self.entities[r].term.clone(), RELATED_WEIGHT, group);
                    }
                    // A topic or document named by a phrase ("multinational force") also
                    // searches for the phrase's own words, so the fact titled with those words
                    // beats the others that merely share the topic.
                    // A one-word topic alias ("troops") is also the word itself, which facts
                    // that say "force" or "soldiers" share through the synonym table.
                    if self.entities[e].kind == EntityKind::Topic && len == 1 {
                        let t = self.stem_word(words[start], lang, &stem);
                        push(&mut a, t, 1.0, group);
                    }
                    if self.entities[e].kind != EntityKind::Participant && len > 1 {
                        for w in &words[start..start + len] {
                            if !lang.is_stopword(w) {
                                group += 1;
                                let t = self.stem_word(w, lang, &stem);
                                push(&mut a, t, PHRASE_WORD_WEIGHT, group);
                            }
                        }
                    }
                }
                Piece::Date(m, d) => {
                    a.content += 1;
                    roster_only = false;
                    let t = date_term(m, d);
                    if self.postings.contains_key(&t) {
                        a.known += 1;
                    } else {
                        a.unknown.push(t.clone());
                    }
                    push(&mut a, t, 1.0, group);
                }
                Piece::Country(name) => {
                    a.content += 1;
                    roster_only = false;
                    // A country the facts mention in passing is a keyword like any other; only
                    // one they never mention is absent.
                    let stems: Vec<String> = fold(&name)
                        .split(' ')
                        .filter(|w| !lang.is_stopword(w))
                        .map(|w| self.stem_word(w, lang, &stem))
                        .collect();
                    if !stems.is_empty() && stems.iter().all(|s| self.postings.contains_key(s)) {
                        a.known += 1;
                        // Not a participant, so an answer that never names it ("did Spain send
                        // troops" given the UK's troops) answers about someone else.
                        need = Some(name.clone());
                        a.mentioned.push(piece_group);
                        for s in stems {
                            push(&mut a, s, 1.0, group);
                        }
                    } else if !a.absent.contains(&name) {
                        a.absent.push(name);
                    }
                }
                Piece::Word(w) => {
                    let t = self.word_term(&w, lang, &stem);
                    if self.roster.contains(&t) {
                        roster_word = true;
                    } else if !self.summit_words.contains(&t) {
                        roster_only = false;
                    }
                    // An inflection the synonym table lists only in another form ("sending"
                    // for "send", read as "deploy") is that word.
                    let t = if self.postings.contains_key(&t) {
                        t
                    } else {
                        let again = self.stem_word(&t, lang, &stem);
                        if self.postings.contains_key(&again) {
                            again
                        } else {
                            t
                        }
                    };
                    // A plural of a name the facts give ("americans" for "american").
                    let plural_of = w
                        .strip_suffix('s')
                        .filter(|x| x.len() >= 3)
                        .and_then(|x| self.aliases.get(x))
                        .copied();
                    if let Some(e) = plural_of.filter(|_| !self.postings.contains_key(&t)) {
                        a.content += 1;
                        a.known += 1;
                        if !a.entities.contains(&e) {
                            a.entities.push(e);
                        }
                        push(&mut a, self.entities[e].term.clone(), 1.0, group);
                    } else if self.postings.contains_key(&t) {
                        a.content += 1;
                        a.known += 1;
                        // A word few facts use is what the question hinges on ("who will
                        // *pay*", "what did he *eat*"); a common one ("send", "help") is
                        // phrased many ways by the facts that answer it.
                        let rare = self.postings.get(&t).is_some_and(|l| l.len() <= RARE_DF);
                        if rare && !self.summit_words.contains(&t) && !self.intents.contains_key(&t)
                        {
                            need = Some(w.clone());
                            // The few facts that use it may not be the ones that answer: "what
                            // did Canada bring" is answered by what it contributed.
                            let related = lexicon::related_as(&w, noun);
                            for (phrase, terms) in self.bridges(&related, lang, &stem) {
                                a.bridged.push((w.clone(), phrase.to_owned()));
                                for term in terms.into_iter().filter(|x| *x != t) {
                                    push(&mut a, term, LEXICON_WEIGHT, group);
                                }
                            }
                        }
                    } else {
                        match self.bridge(&w, noun, lang, &stem) {
                            // A word WordNet relates to one of the words that only frame a
                            // question ("job" → "role"), frames it too.
                            Bridge::Frame => {}
                            Bridge::Terms(phrase, terms) => {
                                a.content += 1;
                                a.known += 1;
                                a.bridged.push((w.clone(), phrase));
                                need = Some(w.clone());
                                for term in terms {
                                    push(&mut a, term, LEXICON_WEIGHT, group);
                                }
                            }
                            Bridge::None => {
                                a.content += 1;
                                a.unknown.push(w.clone());
                            }
                        }
                    }
                    if let Some(&kind) = self.intents.get(&t) {
                        if !a.intents.contains(&kind) {
                            a.intents.push(kind);
                        }
                    }
                    if self.summit_words.contains(&t) {
                        if let Some(e) = self.summit_entity {
                            push(&mut a, self.entities[e].term.clone(), 1.0, group);
                            if !a.entities.contains(&e) {
                                a.entities.push(e);
                            }
                        }
                    }
                    push(&mut a, t, 1.0, group);
                }
            }
            if let Some(word) = need {
                a.required.push((piece_group, word));
            }
            group += 1;
        }
        if named.is_empty() && documents.len() >= 2 {
            named = documents;
        }
        a.named_groups = named.iter().map(|n| n.0).collect();
        if named.len() >= 2 {
            a.required.extend(named);
        }
        if !quantity_terms.is_empty() {
            roster_only = false;
            for t in quantity_terms {
                push(&mut a, t, 1.0, group);
            }
            a.required.push((group, quantity_shown.join(", ")));
            group += 1;
        }
        let _ = group;
        // "who was at the summit" asks for everyone as surely as "who are the participants".
        let who = a.kind == Some(QuestionKind::Who);
        a.roster = roster_only
            && a.absent.is_empty()
            && matches!(
                a.kind,
                Some(QuestionKind::Who | QuestionKind::What | QuestionKind::Keywords)
            )
            && (roster_word
                || (who && a.content > 0)
                // "who was there", "who came": nothing but the place or the coming is asked.
                || (who
                    && a.content == 0
                    && a.words.iter().any(|w| {
                        matches!(w.as_str(), "there" | "came" | "come" | "went" | "showed")
                    })));
        // "when was it?", "where was it held?": with nothing named, a question about time or
        // place is about the summit itself.
        if a.entities.is_empty() && matches!(a.kind, Some(QuestionKind::When | QuestionKind::Where))
        {
            if let Some(e) = self.summit_entity {
                push(&mut a, self.entities[e].term.clone(), 1.0, group);
                a.entities.push(e);
            }
        }
        a
    }

    /// A word the facts do not use, read through the lexicon: the first of its WordNet relations
    /// that the facts do use (every content word of a phrase), or that only frames a question.
    fn bridge(&self, w: &str, noun: bool, lang: &Lang, stem: &Stemmer) -> Bridge {
        if w.len() < 3 || w.bytes().any(|b| b.is_ascii_digit()) {
            return Bridge::None;
        }
        let related = lexicon::related_as(w, noun);
        // A framing relation wins over any other: "job" is a "role" before it is a "line".
        if related
            .iter()
            .take(MAX_BRIDGES)
            .any(|r| lang.frame_words.contains(fold(r).as_str()))
        {
            return Bridge::Frame;
        }
        let first = self.bridges(&related, lang, stem).next();
        match first {
            Some((phrase, terms)) => Bridge::Terms(phrase.to_owned(), terms),
            None => Bridge::None,
        }
    }

    /// The lexicon relations of a word (at most [`MAX_BRIDGES`], in the table's order) that the
    /// facts use, each with the index terms it is read as.
    fn bridges<'r>(
        &'r self,
        related: &'r [&'static str],
        lang: &'r Lang,
        stem: &'r Stemmer,
    ) -> impl Iterator<Item = (&'static str, Vec<String>)> + 'r {
        related.iter().take(MAX_BRIDGES).filter_map(move |&r| {
            let folded = fold(r);
            let words: Vec<&str> = folded.split(' ').filter(|x| !x.is_empty()).collect();
            if words.len() == 1 && lang.is_stopword(words[0]) {
                return None;
            }
            let content: Vec<&str> = words
                .iter()
                .copied()
                .filter(|x| !lang.is_stopword(x))
                .collect();
            if content.is_empty() {
                return None;
            }
            let terms: Vec<String> = content
                .iter()
                .map(|x| self.stem_word(x, lang, stem))
                .collect();
            if terms.iter().all(|t| self.postings.contains_key(t)) {
                return Some((r, terms));
            }
            // A noun the facts use only as its verb ("seizure" for "seize"): WordNet relates
            // "capture" to "seizure", and the facts say the US "seized" Maduro.
            if let [word] = content.as_slice() {
                for ending in NOUN_ENDINGS {
                    let Some(base) = word.strip_suffix(ending).filter(|b| b.len() >= 3) else {
                        continue;
                    };
                    let term = self.stem_word(base, lang, stem);
                    if self.postings.contains_key(&term) {
                        return Some((r, vec![term]));
                    }
                }
            }
            None
        })
    }

    /// Whether a folded word means something here: a word of the facts or the language tables,
    /// or another form of one.
    fn is_known(&self, w: &str, lang: &Lang) -> bool {
        self.known_words.contains(w)
            || lang.synonyms.contains_key(w)
            || self.aliases.contains_key(w)
            || w.bytes().any(|b| b.is_ascii_digit())
            || self.postings.contains_key(stemmer().stem(w).as_ref())
    }

    /// A name the facts do not know, written as the subject of a yes/no question ("Did Olaf
    /// Scholz attend?", "What did Meloni say?"): a run of capitalised words that are neither in
    /// the facts nor in the language tables, right after "did", "was", "has"… Lowercase
    /// questions and capitalised words elsewhere ("the World Cup") are left to the threshold.
    /// The name is the user's text, so it is returned escaped for echoing.
    fn unknown_name(&self, words: &[String], raw: &[(&str, bool)], lang: &Lang) -> Option<String> {
        let stem = stemmer();
        let unknown = |i: usize| -> bool {
            let w = words[i].as_str();
            let (token, uncorrected) = raw[i];
            uncorrected
                && token.chars().next().is_some_and(char::is_uppercase)
                && !self.known_words.contains(w)
                && !self.aliases.contains_key(w)
                && !self.postings.contains_key(stem.stem(w).as_ref())
                && !w.bytes().any(|b| b.is_ascii_digit())
        };
        let auxiliary =
            |w: &str| lang.question_words.get(w) == Some(&QuestionKind::Did) && lang.is_stopword(w);
        let start = (1..words.len()).find(|&i| auxiliary(&words[i - 1]) && unknown(i))?;
        let end = (start..words.len())
            .find(|&i| !unknown(i))
            .unwrap_or(words.len());
        let mut name: Vec<&str> = Vec::new();
        for &(token, _) in &raw[start..end] {
            if name.last() != Some(&token) {
                name.push(token);
            }
        }
        Some(crate::text::quote_user(&name.join(" "), 100))
    }

    /// The closest known word to an unknown one, within one edit (two for eight letters or more).
    /// Words under five letters are never corrected: too many short words are one edit apart.
    fn correct<'a>(&'a self, word: &str, lang: &Lang) -> Option<&'a str> {
        let len = word.chars().count();
        if !(5..=MAX_TYPO_WORD).contains(&len)
            || self.known_words.contains(word)
            || lang.synonyms.contains_key(word)
            || word.bytes().any(|b| b.is_ascii_digit())
            // Another form of a word the facts use ("leads" for "lead") is no typo.
            || self.postings.contains_key(stemmer().stem(word).as_ref())
            // An English word is no typo of a name: "tanks" is not "talks".
            || lexicon::is_word(word)
        {
            return None;
        }
        let max = if len >= 8 { 2 } else { 1 };
        let mut best: Option<(usize, u32)> = None;
        let consider = |best: &mut Option<(usize, u32)>, i: u32| {
            let cand = &self.targets[i as usize];
            if cand.len().abs_diff(word.len()) > max {
                return;
            }
            let d = strsim::osa_distance(word, cand);
            let better = match *best {
                None => true,
                Some((bd, bi)) => d < bd || (d == bd && i < bi),
            };
            if d <= max && better {
                *best = Some((d, i));
            }
        };
        let deletes = self.deletes();
        for d in neighbourhood(word) {
            let start = deletes.partition_point(|&(h, _)| h < d);
            for &(_, i) in deletes[start..].iter().take_while(|&&(h, _)| h == d) {
                consider(&mut best, i);
            }
        }
        best.map(|(_, i)| self.targets[i as usize].as_str())
    }

    /// Every fact with a positive score, best first, with the question-kind boost applied.
    pub fn rank(&self, analysis: &Analysis) -> Vec<Hit> {
        let n = self.docs.len();
        let mut scores = vec![0f32; n];
        let mut best = vec![0f32; n];
        let groups = analysis
            .terms
            .iter()
            .map(|t| t.group + 1)
            .max()
            .unwrap_or(0);
        for g in 0..groups {
            best.iter_mut().for_each(|b| *b = 0.0);
            for t in analysis.terms.iter().filter(|t| t.group == g) {
                if let Some(list) = self.postings.get(&t.term) {
                    for &(d, s) in list {
                        let b = &mut best[d as usize];
                        *b = b.max(t.weight * s);
                    }
                }
            }
            scores.iter_mut().zip(&best).for_each(|(s, b)| *s += b);
        }
        let mut hits: Vec<Hit> = scores
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > 0.0)
            .map(|(d, s)| Hit {
                fact: self.docs[d].fact,
                score: s * self.boost(analysis, &self.docs[d]),
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.fact.kind.cmp(&b.fact.kind))
                .then_with(|| a.fact.index.cmp(&b.fact.index))
        });
        hits
    }

    /// Facts about how many took part, for a roster question ([`Analysis::roster`]): the question
    /// read again as "how many … attended", so the figures and disputes on the count follow the
    /// overview. The count is often disputed, and an overview must not hide that.
    pub fn rank_attendance(&self, analysis: &Analysis) -> Vec<Hit> {
        let lang = Lang::get();
        let mut a = analysis.clone();
        a.kind = Some(QuestionKind::HowMany);
        let attend = self.stem_word("attend", lang, &stemmer());
        if !a.terms.iter().any(|t| t.term == attend) {
            let group = a.terms.iter().map(|t| t.group + 1).max().unwrap_or(0);
            a.terms.push(QueryTerm {
                term: attend,
                weight: 1.0,
                group,
            });
        }
        self.rank(&a)
    }

    /// Everything beyond the text match: the question word's preference, the kind the question
    /// names, the profile of a named participant, and "how many" wanting a number.
    fn boost(&self, analysis: &Analysis, doc: &Doc) -> f32 {
        let mut f = kind_boost(analysis.kind, doc.fact.kind);
        if analysis.intents.contains(&doc.fact.kind) {
            f *= INTENT_BOOST;
        }
        if analysis.wants.is_some_and(|k| doc.kinds.contains(&k)) {
            f *= ANSWER_TYPE_BOOST;
        }
        // A document's own fact is not boosted: "who signed the loan" is answered by the facts
        // on its signing, which its summary may not name.
        if doc.fact.kind != FactKind::Document
            && doc.entity.is_some_and(|e| analysis.entities.contains(&e))
        {
            f *= SELF_BOOST;
        }
        // An open question stands without a number: it is where "no figure yet" is recorded.
        if analysis.kind == Some(QuestionKind::HowMany)
            && !doc.quantity
            && doc.fact.kind != FactKind::Question
        {
            f *= NO_QUANTITY;
        }
        f
    }

    /// The query terms that matched a fact, for `--explain`.
    pub fn matched_terms(&self, analysis: &Analysis, fact: FactRef) -> Vec<String> {
        let Some(&d) = self.doc_of.get(&fact) else {
            return Vec::new();
        };
        analysis
            .terms
            .iter()
            .filter(|t| self.doc_has(d, &t.term))
            .map(|t| t.term.clone())
            .collect()
    }

    /// Whether doc `d`'s words include `term`: a binary search of the term's postings.
    fn doc_has(&self, d: u32, term: &str) -> bool {
        self.postings
            .get(term)
            .is_some_and(|l| l.binary_search_by_key(&d, |p| p.0).is_ok())
    }

    /// Whether the fact is by, or is the profile of, the participant whose index term is `term`
    /// (or someone representing it): a pledge by the UK tells the UK's side, a profile of France
    /// that mentions the UK does not.
    pub fn is_by(&self, fact: FactRef, term: &str) -> bool {
        self.doc_of.get(&fact).is_some_and(|&d| {
            self.docs[d as usize]
                .owners
                .iter()
                .any(|&e| self.entities[e].term == term)
        })
    }

    /// Whether the fact is the profile of the participant whose index term is `term`.
    pub fn is_profile_of(&self, fact: FactRef, term: &str) -> bool {
        self.doc_of.get(&fact).is_some_and(|&d| {
            self.docs[d as usize]
                .entity
                .is_some_and(|e| self.entities[e].term == term)
        })
    }

    /// Whether the fact's title or text states a quantity, for "how many" questions.
    pub fn states_quantity(&self, fact: FactRef) -> bool {
        self.doc_of
            .get(&fact)
            .is_some_and(|&d| self.docs[d as usize].quantity)
    }

    /// [`Index::read`] for text of the fact file (a fact's text or one of its sentences), read
    /// once and kept. Only fact text comes here, so what is kept is bounded by the file; a
    /// question's or a message's text goes through [`Index::read`].
    pub fn read_fact(&self, text: &str) -> std::sync::Arc<[Token]> {
        let kept = |reads: &FxHashMap<Box<str>, std::sync::Arc<[Token]>>| reads.get(text).cloned();
        if let Some(tokens) = self.reads.lock().ok().and_then(|r| kept(&r)) {
            return tokens;
        }
        let tokens: std::sync::Arc<[Token]> = self.read(text).into();
        if let Ok(mut reads) = self.reads.lock() {
            reads.insert(text.into(), tokens.clone());
        }
        tokens
    }

    /// A text's words and names in order, as the index reads a fact (phrases, names, synonym
    /// groups, stems), for reading a sentence's structure rather than its bag of words.
    pub fn read(&self, text: &str) -> Vec<Token> {
        let lang = Lang::get();
        let stem = stemmer();
        let folded = fold(text);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        self.segment(&words, lang, false)
            .into_iter()
            .filter_map(|(start, piece)| match piece {
                Piece::Entity(e, _, _) => Some(Token::Name(self.entities[e].term.clone())),
                Piece::Word(w) => Some(Token::Term(self.word_term(&w, lang, &stem))),
                Piece::Stop => Some(Token::Stop(words[start].to_owned())),
                Piece::Date(..) | Piece::Country(_) => None,
            })
            .collect()
    }

    /// Whether the fact's words include `term` (an index term: stemmed, synonyms grouped).
    pub fn has_term(&self, fact: FactRef, term: &str) -> bool {
        self.doc_of
            .get(&fact)
            .is_some_and(|&d| self.doc_has(d, term))
    }

    /// The fact's id as the fact file spells it (`figure:<label>` for figures).
    pub fn fact_id(&self, fact: FactRef) -> Cow<'_, str> {
        match self.doc_of.get(&fact).map(|&d| &self.docs[d as usize]) {
            Some(d) => Cow::Borrowed(d.id.as_str()),
            None => Cow::Owned(format!("{}#{}", fact.kind.as_str(), fact.index)),
        }
    }

    /// Whether a query term is one of the words naming the summit itself ("summit", "meeting").
    pub fn is_summit_term(&self, term: &str) -> bool {
        self.summit_words.contains(term)
    }

    /// The index term for a word: its synonym group's word, stemmed ("signed" → "sign").
    pub fn stem_of(&self, word: &str) -> String {
        self.stem_word(&fold(word), Lang::get(), &stemmer())
    }

    /// The entities of one kind that a question names, in the order it names them.
    pub fn named<'a>(
        &'a self,
        analysis: &'a Analysis,
        kind: EntityKind,
    ) -> impl Iterator<Item = &'a Entity> + 'a {
        analysis
            .entities
            .iter()
            .filter_map(|&e| self.entity(e))
            .filter(move |e| e.kind == kind)
    }

    pub fn entity(&self, e: usize) -> Option<&Entity> {
        self.entities.get(e)
    }

    /// How many facts are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// How much a question kind favours a fact kind. Mild factors: they break near-ties, they do not
/// overturn a clearly better text match.
fn kind_boost(q: Option<QuestionKind>, f: FactKind) -> f32 {
    use FactKind as F;
    use QuestionKind as Q;
    match (q, f) {
        (Some(Q::Who), F::Participant | F::Summit) => 1.3,
        (Some(Q::When), F::Event) => 1.5,
        (Some(Q::When), F::Statement | F::Summit) => 1.2,
        (Some(Q::Where), F::Summit) => 1.4,
        (Some(Q::Where), F::Event) => 1.1,
        (Some(Q::HowMany), F::Figure) => 2.0,
        (Some(Q::HowMany), F::Dispute) => 1.3,
        (Some(Q::Did), F::Dispute) => 1.4,
        // "Is the declaration binding yet", "will there be a ceasefire": what is still open is
        // the answer, and the open questions record it.
        (Some(Q::Did), F::Question) => 1.4,
        (Some(Q::Did), F::Pledge | F::Participant | F::Document) => 1.15,
        (Some(Q::What), F::Pledge | F::Statement | F::Document) => 1.1,
        (Some(Q::Why), F::Question) => 1.4,
        (Some(Q::Why), F::Statement) => 1.15,
        _ => 1.0,
    }
}

/// The kind of a question. A specific kind (how many, when, where, why) anywhere wins: "what is
/// the date of the summit" asks when. Otherwise the first question word decides ("what did
/// britain promise" is a what, not a yes/no); no question word at all means keywords.
fn question_kind(words: &[&str], lang: &Lang) -> Option<QuestionKind> {
    let at = |i: usize| -> Option<QuestionKind> {
        let mut key = String::new();
        let mut found = None;
        for len in 1..=lang.question_max.min(words.len() - i) {
            if len > 1 {
                key.push(' ');
            }
            key.push_str(words[i + len - 1]);
            if let Some(k) = lang.question_words.get(key.as_str()) {
                found = Some(*k);
            }
        }
        found
    };
    if words.is_empty() {
        return None;
    }
    let kinds: Vec<QuestionKind> = (0..words.len()).filter_map(at).collect();
    let specific = kinds.iter().find(|k| {
        matches!(
            k,
            QuestionKind::HowMany
                | QuestionKind::HowLong
                | QuestionKind::When
                | QuestionKind::Where
                | QuestionKind::Why
        )
    });
    Some(
        specific
            .or(kinds.first())
            .copied()
            .unwrap_or(QuestionKind::Keywords),
    )
}

/// A date at `words[i]`: `january 3`, `3 jan`, `3rd of january`, or `2026 01 03` (a folded ISO
/// date). Returns month, day and how many words it used.
fn date_at(words: &[&str], i: usize, lang: &Lang) -> Option<(u8, u8, usize)> {
    let day = |w: &str| -> Option<u8> {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
            return None;
        }
        digits.parse::<u8>().ok().filter(|d| (1..=31).contains(d))
    };
    let w = |k: usize| words.get(i + k).copied();
    if let (Some(y), Some(m), Some(d)) = (w(0), w(1), w(2)) {
        if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
            let m = m.parse::<u8>().ok().filter(|m| (1..=12).contains(m));
            if let (Some(m), Some(d)) = (m, d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))) {
                return Some((m, d, 3));
            }
        }
    }
    if let Some(&m) = w(0).and_then(|x| lang.months.get(x)) {
        if let Some(d) = w(1).and_then(day) {
            return Some((m, d, 2));
        }
    }
    if let Some(d) = w(0).and_then(day) {
        if let Some(&m) = w(1).and_then(|x| lang.months.get(x)) {
            return Some((m, d, 2));
        }
        if w(1) == Some("of") {
            if let Some(&m) = w(2).and_then(|x| lang.months.get(x)) {
                return Some((m, d, 3));
            }
        }
    }
    None
}

/// A term that is a number but not a year (dates are already date terms by then), or a
/// quantity's value term, which stands for "€800bn" or "30k" however it was written.
fn is_quantity(term: &str) -> bool {
    if term.starts_with("#q") {
        return true;
    }
    let year = term.len() == 4 && (term.starts_with("19") || term.starts_with("20"));
    !term.is_empty() && term.bytes().all(|b| b.is_ascii_digit()) && !year
}

/// The term standing for a quantity's value (see [`Index::terms_into`]).
fn quantity_term(value: u64) -> String {
    format!("#q{value}")
}

fn date_term(month: u8, day: u8) -> String {
    format!("#{month:02}-{day:02}")
}

/// Hashes of `w` and of every string one deletion away from it, and for words of eight letters
/// or more two deletions away (SymSpell's neighbourhood): two words within the allowed edits share
/// at least one. Folded words are ASCII, so deleting a byte deletes a letter. Hashes instead of
/// strings keep thousands of small allocations out; a collision only adds a candidate that the
/// edit-distance check then rejects.
fn neighbourhood(w: &str) -> Vec<u64> {
    let b = w.as_bytes();
    let n = b.len();
    let hash_without = |skip: &[usize]| {
        fnv(b
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .map(|(_, &c)| c))
    };
    let mut out = Vec::with_capacity(1 + n + if n >= 8 { n * n / 2 } else { 0 });
    out.push(fnv(b.iter().copied()));
    for i in 0..n {
        out.push(hash_without(&[i]));
    }
    if n >= 8 {
        for i in 0..n {
            for j in i + 1..n {
                out.push(hash_without(&[i, j]));
            }
        }
    }
    out
}

/// Every target's [`neighbourhood`] as (hash, target) pairs, sorted: one pass over the
/// vocabulary, so time and memory are linear in it (at most 1 + n + n²/2 hashes for a word of n
/// letters, n ≤ 26).
fn neighbourhoods(targets: &[String]) -> Vec<(u64, u32)> {
    let mut deletes: Vec<(u64, u32)> = Vec::new();
    for (i, w) in targets.iter().enumerate() {
        deletes.extend(neighbourhood(w).into_iter().map(|d| (d, i as u32)));
    }
    // A word with a repeated letter reaches one neighbour twice; once is enough.
    deletes.sort_unstable();
    deletes.dedup();
    deletes.shrink_to_fit();
    deletes
}

/// FNV-1a: tiny and fast for short keys.
fn fnv(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{catalog, facts};

    fn index() -> catalog::Facts {
        let name = "data/paris-2026-01-06.toml";
        let text = facts::embedded_file(name).expect("the Paris file is bundled");
        catalog::load_str(name, text).expect("embedded facts are valid")
    }

    fn entity_ids(f: &catalog::Facts, a: &Analysis) -> Vec<String> {
        a.entities
            .iter()
            .filter_map(|&e| f.index.entity(e))
            .map(|e| e.id.clone())
            .collect()
    }

    #[test]
    fn dates_in_every_spelling_meet() {
        let lang = Lang::get();
        for q in [
            "january 3",
            "3 jan",
            "3rd of january",
            "2026 01 03",
            "jan 3rd",
        ] {
            let words: Vec<&str> = q.split(' ').collect();
            assert_eq!(
                date_at(&words, 0, lang).map(|d| (d.0, d.1)),
                Some((1, 3)),
                "{q}"
            );
        }
        assert_eq!(date_at(&["13", "of", "nothing"], 0, lang), None);
        assert_eq!(date_at(&["2026", "13", "45"], 0, lang), None);
    }

    #[test]
    fn question_kind_prefers_specific_words() {
        let lang = Lang::get();
        let kind = |q: &str| question_kind(&q.split_whitespace().collect::<Vec<_>>(), lang);
        assert_eq!(
            kind("what is the date of the summit"),
            Some(QuestionKind::When)
        );
        assert_eq!(kind("how many troops"), Some(QuestionKind::HowMany));
        assert_eq!(kind("what did britain promise"), Some(QuestionKind::What));
        assert_eq!(kind("did the us sign"), Some(QuestionKind::Did));
        assert_eq!(kind("macron"), Some(QuestionKind::Keywords));
        assert_eq!(kind(""), None);
    }

    #[test]
    fn aliases_link_through_case_accents_and_typos() {
        let f = index();
        for (q, id) in [
            ("what did britain promise", "united-kingdom"),
            ("U.K. pledges", "united-kingdom"),
            ("britian", "united-kingdom"),
            ("TÜRKIYE", "turkiye"),
            ("turkey", "turkiye"),
            ("zelenksy", "zelenskyy"),
            ("macorn", "macron"),
            ("von der leyen", "von-der-leyen"),
            ("did the US sign", "united-states"),
        ] {
            let a = f.index.analyze(q);
            assert!(entity_ids(&f, &a).contains(&id.to_owned()), "{q}: {a:?}");
        }
    }

    #[test]
    fn short_and_common_words_do_not_drift_into_names() {
        let f = index();
        // "us" after "tell" is the pronoun; short words are never corrected.
        let a = f.index.analyze("tell us about the pledges");
        assert!(!entity_ids(&f, &a).contains(&"united-states".to_owned()));
        let a = f.index.analyze("who leads the monitoring");
        assert!(a.corrections.is_empty(), "{:?}", a.corrections);
        let a = f.index.analyze("dam");
        assert!(a.entities.is_empty() && a.corrections.is_empty());
    }

    #[test]
    fn a_longer_phrase_is_not_eaten_by_a_shorter_one() {
        let f = index();
        let a = f.index.analyze("what is the coalition of the willing");
        assert_eq!(
            entity_ids(&f, &a),
            vec!["coalition-of-the-willing".to_owned()]
        );
        assert!(a.unknown.is_empty(), "{:?}", a.unknown);
    }

    #[test]
    fn negated_verbs_quantities_and_passing_countries_are_read() {
        let f = index();
        // "skip" is read as "not attend", so the verdicts see the "not".
        let words = f.index.analyze("why did rubio skip it").words;
        assert!(
            words.windows(2).any(|w| w == ["not", "attend"]),
            "{words:?}"
        );
        // A quantity is one term by value, however it is written, and the fact stating it has it.
        let a = f.index.analyze("is it 15k troops");
        assert!(a.terms.iter().any(|t| t.term == "#q15000"), "{:?}", a.terms);
        let b = f.index.analyze("fifteen thousand troops");
        assert!(b.terms.iter().any(|t| t.term == "#q15000"), "{:?}", b.terms);
        assert!(f.index.rank(&a).iter().any(|h| f
            .index
            .matched_terms(&a, h.fact)
            .contains(&"#q15000".to_owned())));
        // Spain is only mentioned in passing (over Greenland): the question hinges on it.
        let a = f.index.analyze("did spain send troops");
        assert_eq!(a.mentioned.len(), 1, "{a:?}");
        assert!(
            a.required.iter().any(|(_, w)| w == "Spain"),
            "{:?}",
            a.required
        );
    }

    #[test]
    fn absent_countries_and_capitalised_names_are_recognised() {
        let f = index();
        assert_eq!(
            f.index.analyze("what did china pledge").absent,
            vec!["China"]
        );
        assert_eq!(
            f.index.analyze("did the chinese sign").absent,
            vec!["China"]
        );
        assert_eq!(
            f.index.analyze("Did Olaf Scholz attend?").absent,
            vec!["Olaf Scholz"]
        );
        // Mentioned in the facts, so a keyword, not absent.
        assert!(f.index.analyze("venezuela").absent.is_empty());
        // Capitalised, but not the subject of a yes/no question.
        assert!(f.index.analyze("Who won the World Cup").absent.is_empty());
    }

    #[test]
    fn questions_for_everyone_who_took_part_are_recognised() {
        let f = index();
        let roster = |q: &str| f.index.analyze(q).roster;
        for q in [
            "who are the participants",
            "which countries attended",
            "which nations took part",
            "list everyone who took part",
            "who attended the summit",
            "participants",
        ] {
            assert!(roster(q), "{q:?} asks for everyone");
        }
        for q in [
            "how many countries attended",
            "did poland attend",
            "which countries pledged troops",
            "who hosted the summit",
            "what did the leaders agree",
            "who is macron",
            "did china attend",
        ] {
            assert!(!roster(q), "{q:?} does not ask for everyone");
        }
    }

    #[test]
    fn a_which_noun_naming_a_kind_of_participant_is_read_not_searched() {
        let f = index();
        let a = f.index.analyze("which countries pledged troops");
        assert_eq!(a.wants, Some(ParticipantKind::Country));
        let countri = f.index.stem_word("countries", Lang::get(), &stemmer());
        assert!(
            !a.terms.iter().any(|t| t.term == countri),
            "{:?} still searches for the kind noun",
            a.terms
        );
        assert!(
            (a.coverage() - 1.0).abs() < f32::EPSILON,
            "the noun is understood"
        );
        assert_eq!(
            f.index.analyze("which leaders spoke").wants,
            Some(ParticipantKind::Person)
        );
        // Only right after "which"/"what": elsewhere the noun is a word like any other.
        for q in [
            "how many countries attended",
            "did any country pledge troops",
            "which document was signed",
        ] {
            assert_eq!(f.index.analyze(q).wants, None, "{q:?}");
        }
        // The same question about another kind of participant leads with that kind's pledge.
        let top = |q: &str| {
            let hits = f.index.rank(&f.index.analyze(q));
            hits.first().map(|h| f.index.fact_id(h.fact).into_owned())
        };
        assert_eq!(
            top("which countries pledged troops").as_deref(),
            Some("uk-france-forces")
        );
        assert_eq!(
            top("which organisations pledged troops").as_deref(),
            Some("coalition-force")
        );
    }

    #[test]
    fn ranking_finds_the_fact_asked_about() {
        let f = index();
        let top = |q: &str| {
            let hits = f.index.rank(&f.index.analyze(q));
            hits.first().map(|h| f.index.fact_id(h.fact).into_owned())
        };
        assert_eq!(top("did the us sign").as_deref(), Some("us-signed"));
        let hits = f.index.rank(&f.index.analyze("what did merz say"));
        assert_eq!(hits.first().map(|h| h.fact.kind), Some(FactKind::Statement));
        assert_eq!(top("qwertyuiop"), None);
    }

    #[test]
    fn line_breaks_separate_words_even_next_to_accents() {
        assert_eq!(fold("Élysée, France\nHost"), "elysee france host");
        let f = index();
        let a = f.index.analyze("Türkiye\npledges");
        assert_eq!(entity_ids(&f, &a), vec!["turkiye".to_owned()]);
    }

    #[test]
    fn any_input_is_analysed_without_panic() {
        let f = index();
        let long = "ü".repeat(7000);
        for q in [
            "",
            "   ",
            "\u{202E}",
            "🇺🇦🇺🇦",
            long.as_str(),
            "2026-01-06",
            "1st of",
        ] {
            let a = f.index.analyze(q);
            assert!(a.words.len() <= MAX_QUESTION_WORDS);
            let _ = f.index.rank(&a);
        }
    }
}
