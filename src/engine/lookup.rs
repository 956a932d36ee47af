//! Finding the entity an option names: by id, name or alias, ignoring case, accents and
//! punctuation, with "did you mean" suggestions when nothing matches.
//!
//! The exact path compares the user's compacted text against each candidate string lazily
//! ([`crate::text::compact_eq`]), so a lookup folds only the user's text, not the ~200 ids and
//! aliases of a fact file. Only the rare not-found path folds everything, to rank suggestions.

use std::sync::Arc;

use crate::catalog::relations::IdMap;
use crate::catalog::{Facts, NameTable};
use crate::facts::{Participant, Pledge, Question, Text, Topic};
use crate::request::EntityKind;
use crate::text::{self, compact, compact_eq, fold};

/// Something an option can name.
pub trait Named {
    fn id(&self) -> &str;
    /// The display name (a pledge's or question's title).
    fn name(&self) -> &str;
    fn aliases(&self) -> &[Text];
    /// Whether the name is a sentence (a pledge's or question's title) rather than a name. One
    /// word found in a sentence (`troops`) says too little to pick it, so such names need two.
    fn is_title(&self) -> bool {
        false
    }
}

impl Named for Participant {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> &[Text] {
        &self.aliases
    }
}

/// Pledges and open questions are named by their title and have no aliases.
macro_rules! named_by_title {
    ($($t:ty),+) => {$(
        impl Named for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> &str {
                &self.title
            }
            fn aliases(&self) -> &[Text] {
                &[]
            }
            fn is_title(&self) -> bool {
                true
            }
        }
    )+};
}

named_by_title!(Pledge, Question);

impl Named for Topic {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> &[Text] {
        &self.aliases
    }
}

/// An entity of a fact file that a command option names: where a file keeps them, and which
/// kind they are (for the tables made at load and the not-found wording).
pub trait Entity: Named + Sized {
    const KIND: EntityKind;
    fn all(facts: &Facts) -> &[Self];
}

/// Each entity type (its `EntityKind` has the same name) with the list of the file that holds it.
macro_rules! entities {
    ($($ty:ident in $field:ident),* $(,)?) => {$(
        impl Entity for $ty {
            const KIND: EntityKind = EntityKind::$ty;
            fn all(facts: &Facts) -> &[Self] {
                &facts.file.$field
            }
        }
    )*};
}

entities! {
    Participant in participants,
    Pledge in pledges,
    Question in questions,
    Topic in topics,
}

impl Named for Arc<Facts> {
    fn id(&self) -> &str {
        &self.summit().id
    }
    fn name(&self) -> &str {
        &self.summit().name
    }
    fn aliases(&self) -> &[Text] {
        &self.summit().aliases
    }
}

/// What a lookup found.
pub enum Lookup<'a, T> {
    Found(&'a T),
    /// Nothing matched; the closest candidates, best first (possibly none).
    Missing(Vec<&'a T>),
}

/// How many "did you mean" suggestions a not-found reply offers.
pub const SUGGESTIONS: usize = 5;

/// Words shorter than this are ignored when matching words of a title (`if`, `a`, `to`), so
/// `/question id:if war resumes` finds the question by its meaningful words.
const MIN_WORD: usize = 3;

/// Resolves a user's text to one entity:
/// 1. the exact id;
/// 2. the id, name or an alias, compared folded (case, accents, punctuation and spaces ignored);
/// 3. the only entity whose name, id or an alias has a word starting with each meaningful typed
///    word (`keir` → Keir Starmer, `zelensky` → Zelenskyy, `war resumes` → the question titled
///    with those words; a title needs two such words). An ambiguous match (`united`) resolves to nothing, so the user picks.
///
/// Otherwise the result is the closest fuzzy matches as suggestions.
pub fn resolve<'a, T: Named>(items: &'a [T], query: &str) -> Lookup<'a, T> {
    let query = query.trim();
    if let Some(found) = items.iter().find(|e| e.id() == query) {
        return Lookup::Found(found);
    }
    let compacted = compact(query);
    if compacted.is_empty() {
        return Lookup::Missing(Vec::new());
    }
    if let Some(found) = items.iter().find(|e| {
        compact_eq(&compacted, e.id())
            || compact_eq(&compacted, e.name())
            || e.aliases().iter().any(|a| compact_eq(&compacted, a))
    }) {
        return Lookup::Found(found);
    }
    let folded = fold(query);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| w.chars().count() >= MIN_WORD)
        .collect();
    if !words.is_empty() {
        let mut hits = items.iter().filter(|e| {
            (words.len() > 1 || !e.is_title())
                && strings(*e).iter().any(|s| {
                    words
                        .iter()
                        .all(|w| s.split(' ').any(|sw| sw.starts_with(w)))
                })
        });
        if let (Some(only), None) = (hits.next(), hits.next()) {
            return Lookup::Found(only);
        }
    }
    Lookup::Missing(suggest(items, query, text::SUGGEST_THRESHOLD, SUGGESTIONS))
}

/// [`resolve`] through the id map and the folded names a fact load made for `items`, so a
/// lookup costs a few hash lookups rather than a pass over every id, name and alias. Only a
/// partial name (step 3) and the not-found path still look at every entity, over strings folded
/// in advance. Gives exactly what [`resolve`] gives.
pub fn resolve_in<'a, T: Named>(
    items: &'a [T],
    ids: &IdMap,
    names: &NameTable,
    query: &str,
) -> Lookup<'a, T> {
    let query = query.trim();
    if let Some(found) = ids.get(query).and_then(|&i| items.get(i as usize)) {
        return Lookup::Found(found);
    }
    let compacted = compact(query);
    if compacted.is_empty() {
        return Lookup::Missing(Vec::new());
    }
    if let Some(found) = names.by_compact(&compacted).and_then(|i| items.get(i)) {
        return Lookup::Found(found);
    }
    let folded = fold(query);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| w.chars().count() >= MIN_WORD)
        .collect();
    if !words.is_empty() {
        let mut hits = items.iter().enumerate().filter(|(i, e)| {
            (words.len() > 1 || !e.is_title())
                && names.strings(*i).iter().any(|s| {
                    words
                        .iter()
                        .all(|w| s.split(' ').any(|sw| sw.starts_with(w)))
                })
        });
        if let (Some((_, only)), None) = (hits.next(), hits.next()) {
            return Lookup::Found(only);
        }
    }
    let ranked = text::rank(
        query,
        items.iter().enumerate().map(|(i, e)| (e, names.strings(i))),
        text::SUGGEST_THRESHOLD,
        SUGGESTIONS,
    );
    Lookup::Missing(ranked.into_iter().map(|(e, _)| e).collect())
}

/// The candidates closest to `query`, best first; ties keep the items' order.
pub fn suggest<'a, T: Named>(
    items: &'a [T],
    query: &str,
    threshold: f64,
    limit: usize,
) -> Vec<&'a T> {
    text::rank(
        query,
        items.iter().map(|e| (e, strings(e))),
        threshold,
        limit,
    )
    .into_iter()
    .map(|(e, _)| e)
    .collect()
}

/// Every string an entity answers to, folded; an id's dashes fold to spaces, so its words match.
pub fn strings<T: Named>(e: &T) -> Vec<String> {
    let mut out = Vec::with_capacity(2 + e.aliases().len());
    out.push(fold(e.id()));
    out.push(fold(e.name()));
    out.extend(e.aliases().iter().map(|a| fold(a)));
    out
}
