//! The language tables behind `/ask` (stopwords, synonyms, question words, world countries), read
//! from `data/synonyms/en.toml`. They are data, not code, so a fact author can widen a synonym
//! group without touching Rust; they are compiled in, so an installed binary needs no data folder.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::facts::ParticipantKind;
use crate::text::fold;

/// The embedded table; `cargo test` checks that it parses.
pub const EMBEDDED: &str = include_str!("../../data/synonyms/en.toml");

/// What the asker wants to know, read from the question words. It decides which kinds of facts
/// are preferred when several match equally well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionKind {
    Who,
    When,
    Where,
    HowMany,
    /// "how long did it last": a duration.
    HowLong,
    Did,
    What,
    Why,
    /// No question word: a bare name or a few keywords ("macron", "pledges by uk").
    Keywords,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Who => "who",
            QuestionKind::When => "when",
            QuestionKind::Where => "where",
            QuestionKind::HowMany => "how many",
            QuestionKind::HowLong => "how long",
            QuestionKind::Did => "did (yes/no)",
            QuestionKind::What => "what",
            QuestionKind::Why => "why",
            QuestionKind::Keywords => "keywords",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLang {
    stopwords: Vec<String>,
    pronoun_before: Vec<String>,
    roster_words: Vec<String>,
    frame_words: Vec<String>,
    #[serde(default)]
    negated_words: HashMap<String, String>,
    months: Vec<String>,
    question_words: HashMap<String, Vec<String>>,
    synonyms: Vec<RawGroup>,
    kind_terms: HashMap<String, Vec<String>>,
    answer_types: HashMap<String, Vec<String>>,
    countries: RawCountries,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountries {
    known: Vec<String>,
    variants: HashMap<String, String>,
}

/// The parsed, folded tables.
#[derive(Debug, Default)]
pub struct Lang {
    pub stopwords: HashSet<String>,
    pub pronoun_before: HashSet<String>,
    /// Folded words that ask for the whole list of participants (see `roster_words` in the table).
    pub roster_words: HashSet<String>,
    /// Folded stopwords that only frame a question about a subject ("role", "position"): a word
    /// the lexicon relates to one of them frames it too ("job" → "role"). See `frame_words`.
    pub frame_words: HashSet<String>,
    /// Words that mean "not" + another word ("skip" is "not attend"), folded: the question is
    /// read with the two words instead, so the verdicts and the false-premise check see the
    /// negation. See `negated_words` in the language table.
    pub negated_words: HashMap<String, String>,
    /// Folded month name → month number (1-12); three-letter prefixes are added.
    pub months: HashMap<String, u8>,
    /// Folded phrase (space-separated) → kind; `question_max` is the longest phrase in words.
    pub question_words: HashMap<String, QuestionKind>,
    pub question_max: usize,
    /// Folded phrase → the canonical word of its group (folded, not yet stemmed).
    pub synonyms: HashMap<String, String>,
    pub synonym_max: usize,
    /// Stem of a one-word group member → its group's canonical word, for the forms a group does
    /// not list ("sending" for "send"). A stem shared by two groups is left out as ambiguous.
    pub stem_synonyms: HashMap<String, String>,
    /// Fact kind name (`pledge`) → folded words added to every fact of that kind.
    pub kind_terms: HashMap<String, Vec<String>>,
    /// Folded noun that names a kind of participant ("countries", "leaders") → that kind. After
    /// "which"/"what" it says what kind of answer is wanted rather than a word to search for.
    pub answer_types: HashMap<String, ParticipantKind>,
    /// Folded country or organisation name or variant → its display name.
    pub countries: HashMap<String, String>,
    pub country_max: usize,
}

impl Lang {
    /// The word a synonym table maps `word` to, or `word` itself.
    pub fn canonical<'a>(&'a self, word: &'a str) -> &'a str {
        self.synonyms.get(word).map_or(word, String::as_str)
    }

    /// The embedded tables, parsed once per process. A broken table is a build bug caught by the
    /// test suite; at run time it degrades to empty tables rather than taking the bot down.
    pub fn get() -> &'static Lang {
        static LANG: OnceLock<Lang> = OnceLock::new();
        LANG.get_or_init(|| match Lang::parse(EMBEDDED) {
            Ok(lang) => lang,
            Err(e) => {
                tracing::error!("data/synonyms/en.toml is invalid, /ask runs without it: {e}");
                Lang::default()
            }
        })
    }

    pub fn parse(text: &str) -> Result<Lang, toml::de::Error> {
        let raw: RawLang = toml::from_str(text)?;
        let mut lang = Lang {
            stopwords: raw.stopwords.iter().map(|w| fold(w)).collect(),
            pronoun_before: raw.pronoun_before.iter().map(|w| fold(w)).collect(),
            roster_words: raw.roster_words.iter().map(|w| fold(w)).collect(),
            frame_words: raw.frame_words.iter().map(|w| fold(w)).collect(),
            negated_words: raw
                .negated_words
                .iter()
                .map(|(w, to)| (fold(w), fold(to)))
                .collect(),
            ..Lang::default()
        };
        for (i, m) in raw.months.iter().enumerate() {
            let m = fold(m);
            let n = (i + 1) as u8;
            if m.len() > 3 {
                lang.months.insert(m[..3].to_owned(), n);
                if m == "september" {
                    lang.months.insert("sept".to_owned(), n);
                }
            }
            lang.months.insert(m, n);
        }
        for (kind, words) in &raw.question_words {
            let kind = match kind.as_str() {
                "who" => QuestionKind::Who,
                "when" => QuestionKind::When,
                "where" => QuestionKind::Where,
                "how_many" => QuestionKind::HowMany,
                "how_long" => QuestionKind::HowLong,
                "did" => QuestionKind::Did,
                "what" => QuestionKind::What,
                "why" => QuestionKind::Why,
                _ => continue,
            };
            for w in words {
                let w = fold(w);
                lang.question_max = lang.question_max.max(w.split(' ').count());
                lang.question_words.insert(w, kind);
            }
        }
        for group in &raw.synonyms {
            let Some(canon) = group.words.first().map(|w| fold(w)) else {
                continue;
            };
            for w in &group.words {
                let w = fold(w);
                if w.is_empty() {
                    continue;
                }
                lang.synonym_max = lang.synonym_max.max(w.split(' ').count());
                lang.synonyms.entry(w).or_insert_with(|| canon.clone());
            }
        }
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let mut ambiguous: Vec<String> = Vec::new();
        for (w, canon) in &lang.synonyms {
            if w.contains(' ') {
                continue;
            }
            let st = stemmer.stem(w).into_owned();
            match lang.stem_synonyms.get(&st) {
                Some(c) if c != canon => ambiguous.push(st),
                Some(_) => {}
                None => {
                    lang.stem_synonyms.insert(st, canon.clone());
                }
            }
        }
        for st in ambiguous {
            lang.stem_synonyms.remove(&st);
        }
        lang.kind_terms = raw
            .kind_terms
            .iter()
            .map(|(k, v)| (k.clone(), v.iter().map(|w| fold(w)).collect()))
            .collect();
        for (kind, words) in &raw.answer_types {
            let kind = match kind.as_str() {
                "country" => ParticipantKind::Country,
                "organisation" => ParticipantKind::Organisation,
                "person" => ParticipantKind::Person,
                _ => continue,
            };
            for w in words {
                lang.answer_types.insert(fold(w), kind);
            }
        }
        for name in &raw.countries.known {
            let key = fold(name);
            lang.country_max = lang.country_max.max(key.split(' ').count());
            lang.countries.insert(key, name.clone());
        }
        for (variant, name) in &raw.countries.variants {
            let key = fold(variant);
            lang.country_max = lang.country_max.max(key.split(' ').count());
            lang.countries.insert(key, name.clone());
        }
        Ok(lang)
    }

    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_folds() {
        let lang = Lang::parse(EMBEDDED).expect("data/synonyms/en.toml parses");
        assert_eq!(
            lang.synonyms.get("soldiers").map(String::as_str),
            Some("troops")
        );
        assert_eq!(
            lang.synonyms.get("cease fire").map(String::as_str),
            Some("ceasefire")
        );
        assert_eq!(
            lang.synonyms.get("take part").map(String::as_str),
            Some("attend")
        );
        assert_eq!(
            lang.question_words.get("how many"),
            Some(&QuestionKind::HowMany)
        );
        assert_eq!(
            lang.countries.get("chinese").map(String::as_str),
            Some("China")
        );
        assert_eq!(lang.countries.get("turkiye"), None);
        assert_eq!(lang.months.get("jan"), Some(&1));
        assert_eq!(
            lang.answer_types.get("nations"),
            Some(&ParticipantKind::Country)
        );
        assert!(lang.is_stopword("the"));
    }

    #[test]
    fn no_synonym_word_sits_in_two_groups() {
        let raw: RawLang = toml::from_str(EMBEDDED).expect("parses");
        let mut seen = HashMap::new();
        for (i, g) in raw.synonyms.iter().enumerate() {
            for w in &g.words {
                if let Some(j) = seen.insert(fold(w), i).filter(|&j| j != i) {
                    panic!("`{w}` is in synonym groups {j} and {i}");
                }
            }
        }
    }
}
