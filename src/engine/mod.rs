//! The answer engine: pure functions from a request to a reply. No I/O, no Discord types, so every
//! transport gives the same answer and the engine can be tested and benchmarked on its own.
//!
//! It sits below the command registry: `crate::commands` checks a request with the binder and
//! hands it to its command's handler as a [`Call`], through which the handler picks the summit
//! and resolves every option that names an entity (by id, name or alias, ignoring case, accents
//! and punctuation) before a view in [`views`] builds the answer; [`finish`] then gives the reply
//! its last touches. Anything that cannot be resolved becomes a not-found reply with "did you
//! mean" suggestions, and nothing a user types can make it panic. The engine names other
//! commands only through [`crate::request::names`], for the buttons and hints of its replies.

pub mod across;
pub mod ask;
pub mod check;
pub(crate) mod compose;
mod lookup;
pub mod shown;
pub(crate) mod summits;
mod verdict;
pub(crate) mod views;
mod words;

/// How many statements `/participant` across summits shows per summit (see `summits`).
pub use summits::STATEMENTS_PER_SUMMIT;

use std::sync::Arc;

use crate::catalog::relations::IdMap;
use crate::catalog::{Catalog, Facts, NameTable};
use crate::facts::{Attendance, Participant};
use crate::reply::{Choice, Reply, ReplyKind};
use crate::request::{
    names, EntityKind, OptionSpec, OptionValue, Request, ALL_SUMMITS, PAGE, SUMMIT,
};
use crate::text::{self, quote_user, ECHO_MAX};

pub(crate) use lookup::Entity;
use lookup::{Lookup, Named};

/// The answer part of a reply (description and fields, sources not counted) fits one desktop
/// screen: lists page by it, overviews keep to it, and a test holds every reply to it.
pub const ANSWER_BUDGET: usize = 1200;

/// A not-found or error reply that ends a request early; boxed because a `Reply` is large and the
/// happy path should not pay to move one through every `Result`.
type Refusal = Box<Reply>;

/// Discord's cap on autocomplete choices, and on a choice's name and value.
const MAX_CHOICES: usize = 25;
const CHOICE_MAX: usize = 100;
/// A match on a description (a role) ranks a little below the same match on a name.
const DESCRIPTION_WEIGHT: f64 = 0.9;
/// No typo-tolerant score reaches this (see [`text::literal_similarity`]).
const LITERAL_FLOOR: f64 = 0.8;

/// The last touches every answer gets, whichever command gave it: "did you mean" buttons on a
/// not-found reply, and Discord's list markdown.
pub fn finish(mut reply: Reply, request: &Request) -> Reply {
    if reply.kind == ReplyKind::NotFound {
        suggestion_actions(&mut reply, request);
    }
    list_markdown(&mut reply);
    reply
}

/// Lists as Discord's list markdown (`- `), so a wrapped line indents under its item; some
/// answers are written with `• ` bullets.
fn list_markdown(reply: &mut Reply) {
    fn convert(text: &mut String) {
        if !text.contains('•') {
            return;
        }
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                let indent = line.len() - line.trim_start().len();
                match line[indent..].strip_prefix("• ") {
                    Some(rest) => format!("{}- {rest}", &line[..indent]),
                    None => line.to_owned(),
                }
            })
            .collect();
        *text = lines.join("\n");
    }
    convert(&mut reply.body);
    for section in &mut reply.sections {
        convert(&mut section.body);
    }
}

/// Each "did you mean" name as the same request with that name, so one click (or one pasted
/// line in the console) asks again correctly. At most [`lookup::SUGGESTIONS`].
fn suggestion_actions(reply: &mut Reply, request: &Request) {
    let Some(option) = reply.suggest_for.clone() else {
        return;
    };
    for name in reply.suggestions.iter().take(lookup::SUGGESTIONS) {
        let mut again = request.clone();
        again.options.remove(PAGE.name);
        again
            .options
            .insert(option.clone(), OptionValue::String(name.clone()));
        reply.actions.push(crate::reply::Action {
            label: name.clone(),
            request: again,
        });
    }
}

/// One checked request on its way through its command's handler: what the handler may ask of
/// the engine, with the options named by their specs rather than by strings.
pub struct Call<'a> {
    pub catalog: &'a Catalog,
    pub request: &'a Request,
    /// The commands whose `summit` option also takes `all` (the registry knows which).
    pub spanning: &'static [&'static str],
}

impl<'a> Call<'a> {
    /// The requested page of a list, if any.
    pub fn page(&self) -> Option<i64> {
        self.request.integer(PAGE.name)
    }

    /// A text option's value, or `None` when it is absent or blank.
    pub fn text(&self, option: &OptionSpec) -> Option<&'a str> {
        self.request
            .string(option.name)
            .filter(|s| !s.trim().is_empty())
    }

    /// What `summit:` says, when it says anything.
    pub fn summit_named(&self) -> Option<&'a str> {
        self.text(&SUMMIT)
    }

    /// Whether `summit:` asks for every summit, on a command that takes that.
    pub fn all_summits(&self) -> bool {
        self.spanning.contains(&self.request.command.as_str())
            && self.summit_named().is_some_and(is_all)
    }

    /// The summit `summit:` names, or the newest when it is absent or blank.
    pub fn summit(&self) -> Result<&'a Facts, Refusal> {
        pick_summit(self.catalog, self.summit_named(), self.spanning)
    }

    /// The entity a required option names, or a not-found reply with suggestions.
    pub fn find<T: Entity>(&self, facts: &'a Facts, option: &OptionSpec) -> Result<&'a T, Refusal> {
        // `commands::check` guarantees required options are present and not blank.
        let typed = self.request.string(option.name).unwrap_or_default();
        let found = match tables(facts, T::KIND) {
            Some((ids, names)) => lookup::resolve_in(T::all(facts), ids, names, typed),
            None => lookup::resolve(T::all(facts), typed),
        };
        match found {
            Lookup::Found(found) => Ok(found),
            Lookup::Missing(suggestions) => {
                let mut reply = not_found(facts, T::KIND, typed, &suggestions);
                reply.suggest_for = Some(option.name.to_owned());
                Err(Box::new(reply))
            }
        }
    }

    /// The entity an optional option names; absent or blank means "no filter".
    pub fn optional<T: Entity>(
        &self,
        facts: &'a Facts,
        option: &OptionSpec,
    ) -> Result<Option<&'a T>, Refusal> {
        match self.text(option) {
            Some(_) => self.find(facts, option).map(Some),
            None => Ok(None),
        }
    }

    /// `/participant` across summits: the participant `option` names in the newest summit that
    /// knows it, then the same id in every other summit. A name no summit knows gets the
    /// closest names from every summit as suggestions.
    pub fn participant_across(&self, option: &OptionSpec) -> Reply {
        let catalog = self.catalog;
        let typed = self.request.string(option.name).unwrap_or_default();
        let mut suggestions: Vec<&Participant> = Vec::new();
        let mut id = None;
        for facts in catalog.summits() {
            match lookup::resolve(&facts.file.participants, typed) {
                Lookup::Found(p) => {
                    id = Some(p.id.as_str());
                    break;
                }
                Lookup::Missing(close) => {
                    for p in close {
                        if !suggestions.iter().any(|s| s.name == p.name) {
                            suggestions.push(p);
                        }
                    }
                }
            }
        }
        let Some(id) = id else {
            suggestions.truncate(lookup::SUGGESTIONS);
            let mut reply = not_found(
                catalog.newest(),
                EntityKind::Participant,
                typed,
                &suggestions,
            );
            reply.suggest_for = Some(option.name.to_owned());
            reply.body = format!(
                "No participant matching “{}” is recorded for any loaded summit. {}",
                quote_user(typed, ECHO_MAX),
                if suggestions.is_empty() {
                    "`/participants` shows who is."
                } else {
                    "The closest matches are suggested; `/participants` shows them all."
                }
            );
            return reply;
        };
        let found: Vec<(&Facts, &Participant)> = catalog
            .summits()
            .iter()
            .filter_map(|f| f.participant(id).map(|p| (f.as_ref(), p)))
            .collect();
        summits::participant(&found, self.page())
    }
}

/// `all` (or "all summits", "every summit"): the `summit` value that spans every summit.
fn is_all(typed: &str) -> bool {
    matches!(
        text::fold(typed).as_str(),
        "all" | "all summits" | "every summit" | "every"
    )
}

/// " `/timeline` takes `summit:all`…", for someone who typed `all` where it is not taken.
fn spanning_commands(spanning: &[&str]) -> String {
    let names: Vec<String> = spanning.iter().map(|name| format!("`/{name}`")).collect();
    format!(
        " Only {} takes `summit:all`; `/summits` lists every summit.",
        names.join(", ")
    )
}

/// The summit `typed` names, or the newest when nothing is typed.
fn pick_summit<'c>(
    catalog: &'c Catalog,
    typed: Option<&str>,
    spanning: &[&str],
) -> Result<&'c Facts, Refusal> {
    let Some(typed) = typed else {
        return Ok(catalog.newest());
    };
    match resolve_summit(catalog, typed) {
        Lookup::Found(f) => Ok(f),
        Lookup::Missing(suggestions) => {
            let loaded: Vec<String> = catalog
                .summits()
                .iter()
                .take(10)
                .map(|f| format!("{} (`{}`)", f.summit().name, f.id()))
                .collect();
            let mut reply = Reply::new(
                ReplyKind::NotFound,
                "Summit not found",
                format!(
                    "No loaded summit matches “{}”. Loaded: {}.{}",
                    quote_user(typed, ECHO_MAX),
                    loaded.join(", "),
                    if is_all(typed) {
                        spanning_commands(spanning)
                    } else {
                        String::new()
                    }
                ),
            );
            reply.suggestions = suggestions.iter().map(|f| f.name().to_owned()).collect();
            reply.suggest_for = Some(SUMMIT.name.to_owned());
            Err(Box::new(reply))
        }
    }
}

/// The summit a `summit` value names: its id, name or an alias (as any entity), else a form
/// derived from its date or place ("march 2025", "lancaster house"; [`Catalog::summit_by_form`]).
pub fn resolve_summit<'c>(catalog: &'c Catalog, typed: &str) -> Lookup<'c, std::sync::Arc<Facts>> {
    match lookup::resolve(catalog.summits(), typed) {
        Lookup::Found(f) => Lookup::Found(f),
        Lookup::Missing(suggestions) => match catalog.summit_by_form(typed) {
            Some(f) => Lookup::Found(f),
            None => Lookup::Missing(suggestions),
        },
    }
}

/// The id map and folded names made at load for the entities of `kind`.
fn tables(facts: &Facts, kind: EntityKind) -> Option<(&IdMap, &NameTable)> {
    let r = facts.relations();
    match kind {
        EntityKind::Participant => Some((&r.participants, &r.participant_names)),
        EntityKind::Pledge => Some((&r.pledges, &r.pledge_names)),
        EntityKind::Question => Some((&r.questions, &r.question_names)),
        EntityKind::Topic => Some((&r.topics, &r.topic_names)),
        EntityKind::Summit => None,
    }
}

/// "Not found", echoing the user's text safely, with the closest matches as suggestions. Each
/// suggestion is a display name that resolves exactly when typed back.
fn not_found<T: Named>(facts: &Facts, kind: EntityKind, typed: &str, suggestions: &[&T]) -> Reply {
    let (what, list) = kind.what();
    let list = format!("`/{list}`");
    let mut body = format!(
        "No {what} matching “{}” is recorded for {}.",
        quote_user(typed, ECHO_MAX),
        facts.summit().name
    );
    if suggestions.is_empty() {
        body.push_str(&format!(" {list} shows what there is."));
    } else {
        body.push_str(&format!(
            " The closest matches are suggested; {list} shows them all."
        ));
    }
    let mut reply = Reply::new(ReplyKind::NotFound, format!("No such {what}"), body);
    reply.suggestions = suggestions.iter().map(|e| e.name().to_owned()).collect();
    reply
}

/// Up to 25 autocomplete choices for `option`, which names an entity of `kind`, best first; an
/// empty `partial` lists the most useful entries. `request` carries the options typed so far
/// (for `summit`); `takes_all` says whether its command's `summit` also takes `all`.
pub fn choices(
    catalog: &Catalog,
    request: &Request,
    option: &str,
    kind: EntityKind,
    takes_all: bool,
    partial: &str,
) -> Vec<Choice> {
    // While typing, an unfinished or wrong `summit:` is not an error: fall back to the newest.
    let facts: &Facts = match request
        .string(SUMMIT.name)
        .filter(|_| kind != EntityKind::Summit)
    {
        Some(s) => match resolve_summit(catalog, s) {
            Lookup::Found(f) => f,
            Lookup::Missing(_) => catalog.newest(),
        },
        None => catalog.newest(),
    };
    let file = &facts.file;
    let rel = facts.relations();
    match kind {
        EntityKind::Summit => {
            let items = catalog.summits();
            let names = Strings::Owned(items.iter().map(lookup::strings).collect());
            let order: Vec<u32> = (0..items.len() as u32).collect();
            let label =
                |f: &Arc<Facts>| format!("{} — {}", f.summit().name, words::date(&f.summit().date));
            let mut choices = complete(items, &names, &order, partial, label);
            // A date or place form ("march 2025", "lancaster house") the names did not match.
            if choices.is_empty() {
                if let Some(f) = catalog.summit_by_form(partial) {
                    let one = std::slice::from_ref(f);
                    let names = Strings::Owned(vec![lookup::strings(f)]);
                    choices = complete(one, &names, &[0], "", label);
                }
            }
            if takes_all && catalog.summits().len() > 1 {
                let typed = text::fold(partial);
                if typed.is_empty() || ALL_SUMMITS.starts_with(typed.as_str()) {
                    choices.truncate(MAX_CHOICES - 1);
                    choices.push(Choice {
                        name: format!("All {} summits", catalog.summits().len()),
                        value: ALL_SUMMITS.to_owned(),
                    });
                }
            }
            choices
        }
        EntityKind::Participant => {
            // Most useful first: for `by`, those with pledges; then people and countries that were
            // there before those only expected or referred to; countries before people. Both
            // orders are made at load.
            let pledges_only = request.command == names::PLEDGES && option == names::BY;
            let order = if pledges_only {
                &rel.pledger_order
            } else {
                &rel.participant_order
            };
            let names = Strings::Table(&rel.participant_names);
            complete(&file.participants, &names, order, partial, |p| {
                let mut label = words::label(p);
                if matches!(p.attendance, Attendance::Expected | Attendance::ReferredTo) {
                    label.push_str(&format!(" · {}", words::attendance_short(p.attendance)));
                }
                label
            })
        }
        EntityKind::Pledge => {
            let names = Strings::Table(&rel.pledge_names);
            let order: Vec<u32> = (0..file.pledges.len() as u32).collect();
            complete(&file.pledges, &names, &order, partial, |p| {
                format!("{} — by {}", p.title, words::names(facts, &p.by))
            })
        }
        EntityKind::Question => {
            let names = Strings::Table(&rel.question_names);
            let order: Vec<u32> = (0..file.questions.len() as u32).collect();
            complete(&file.questions, &names, &order, partial, |q| {
                q.title.to_string()
            })
        }
        EntityKind::Topic => {
            let names = Strings::Table(&rel.topic_names);
            complete(&file.topics, &names, &rel.topic_order, partial, |t| {
                t.name.to_string()
            })
        }
    }
}

/// The folded strings autocomplete compares against: made at load for a fact file's entities,
/// folded on the spot for the few summits.
enum Strings<'a> {
    Table(&'a NameTable),
    Owned(Vec<Vec<String>>),
}

impl Strings<'_> {
    fn strings(&self, i: usize) -> &[String] {
        match self {
            Strings::Table(t) => t.strings(i),
            Strings::Owned(v) => v.get(i).map_or(&[], |s| s.as_slice()),
        }
    }
    fn description(&self, i: usize) -> Option<&str> {
        match self {
            Strings::Table(t) => t.description(i),
            Strings::Owned(_) => None,
        }
    }
}

/// Ranks the entities at the positions `order` lists (most useful first) against `partial`, or
/// lists the first 25 when nothing is typed yet. Ties keep the most-useful order.
fn complete<T: Named>(
    items: &[T],
    names: &Strings<'_>,
    order: &[u32],
    partial: &str,
    label: impl Fn(&T) -> String,
) -> Vec<Choice> {
    let typed = text::fold(partial);
    let usable = |e: &T| !e.id().is_empty() && e.id().chars().count() <= CHOICE_MAX;
    let in_order = order
        .iter()
        .filter_map(|&i| items.get(i as usize).map(|e| (i as usize, e)));
    let chosen: Vec<&T> = if typed.is_empty() {
        in_order
            .map(|(_, e)| e)
            .filter(|e| usable(e))
            .take(MAX_CHOICES)
            .collect()
    } else {
        let prepared = text::Typed::new(&typed);
        // The entities that can match literally (see `literal_only`); the others are scored
        // by typo tolerance alone. Without a table (the summits), everything is scored fully.
        let hits = match names {
            Strings::Table(table) => Some(table.containing(prepared.needle())),
            Strings::Owned(_) => None,
        };
        let mut scored: Vec<(usize, &T, f64)> =
            match literal_only(items, names, order, &prepared, hits.as_deref(), &usable) {
                Some(strong) => strong,
                None => in_order
                    .enumerate()
                    .filter_map(|(rank, (i, e))| {
                        let literal = hits
                            .as_ref()
                            .is_none_or(|h| h.binary_search(&(i as u32)).is_ok());
                        let score =
                            score(&prepared, literal, names.strings(i), names.description(i));
                        (score >= text::SUGGEST_THRESHOLD).then_some((rank, e, score))
                    })
                    .collect(),
            };
        scored.retain(|(_, e, _)| usable(e));
        scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(MAX_CHOICES)
            .map(|(_, e, _)| e)
            .collect()
    };
    chosen
        .into_iter()
        .map(|e| Choice {
            name: text::fit(&label(e), CHOICE_MAX).into_owned(),
            value: e.id().to_owned(),
        })
        .collect()
}

/// How well `typed` (folded) matches an entity: its best name, or its description a little
/// below; 0 for a score that cannot reach [`text::SUGGEST_THRESHOLD`] (see
/// [`text::similarity_above`]: the typo-tolerant scores are skipped where a cheap bound shows
/// they cannot count). `literal` is false for an entity none of whose strings contains the
/// query's [`text::Typed::needle`], which then cannot match literally.
fn score(
    typed: &text::Typed<'_>,
    literal: bool,
    strings: &[String],
    description: Option<&str>,
) -> f64 {
    let floor = text::SUGGEST_THRESHOLD;
    let one = |s: &str, floor: f64| {
        if literal {
            typed.similarity_above(s, floor)
        } else {
            typed.fuzzy_above(s, floor)
        }
    };
    let names = strings.iter().map(|s| one(s, floor)).fold(0.0, f64::max);
    let described = description.map_or(0.0, |d| {
        one(d, floor / DESCRIPTION_WEIGHT) * DESCRIPTION_WEIGHT
    });
    names.max(described)
}

/// The scored candidates when at least a page of them match `typed` literally (a prefix, word
/// starts or a substring of a name: scores above 0.8, which no typo-tolerant match reaches, so
/// no other entity can make the page). They are found by one substring search of the names made
/// at load, so typing part of a common name does not score every entity of a large file. `None`
/// when fewer match literally: then everything is scored.
fn literal_only<'a, T>(
    items: &'a [T],
    names: &Strings<'_>,
    order: &[u32],
    typed: &text::Typed<'_>,
    hits: Option<&[u32]>,
    usable: &dyn Fn(&T) -> bool,
) -> Option<Vec<(usize, &'a T, f64)>> {
    let (Strings::Table(table), Some(hits)) = (names, hits) else {
        return None;
    };
    if hits.len() < MAX_CHOICES {
        return None;
    }
    let literal = |s: &str| typed.literal(s).unwrap_or(0.0);
    let mut rank = vec![u32::MAX; items.len()];
    for (r, &i) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(i as usize) {
            *slot = r as u32;
        }
    }
    let strong: Vec<(usize, &T, f64)> = hits
        .iter()
        .filter_map(|&i| {
            let i = i as usize;
            let r = *rank.get(i)?;
            let e = items.get(i).filter(|e| r != u32::MAX && usable(e))?;
            let names = table
                .strings(i)
                .iter()
                .map(|s| literal(s))
                .fold(0.0, f64::max);
            let described = table
                .description(i)
                .map_or(0.0, |d| literal(d) * DESCRIPTION_WEIGHT);
            let score = names.max(described);
            (score > LITERAL_FLOOR).then_some((r as usize, e, score))
        })
        .collect();
    (strong.len() >= MAX_CHOICES).then_some(strong)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Participant;

    /// Participant autocomplete as it was first written: every id, name and alias folded and
    /// scored with [`text::similarity`], the role a little below, in most-useful-first order.
    fn reference(facts: &Facts, order: &[u32], partial: &str) -> Vec<String> {
        let typed = text::fold(partial);
        let people = &facts.file.participants;
        let in_order = order.iter().map(|&i| &people[i as usize]);
        let chosen: Vec<&Participant> = if typed.is_empty() {
            in_order.collect()
        } else {
            let mut scored: Vec<(usize, &Participant, f64)> = in_order
                .enumerate()
                .filter_map(|(rank, p)| {
                    let names = lookup::strings(p)
                        .iter()
                        .map(|s| text::similarity(&typed, s))
                        .fold(0.0, f64::max);
                    let role = p.role.as_deref().map_or(0.0, |r| {
                        text::similarity(&typed, &text::fold(r)) * DESCRIPTION_WEIGHT
                    });
                    let score = names.max(role);
                    (score >= text::SUGGEST_THRESHOLD).then_some((rank, p, score))
                })
                .collect();
            scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            scored.into_iter().map(|(_, p, _)| p).collect()
        };
        chosen
            .into_iter()
            .take(MAX_CHOICES)
            .map(|p| p.id.to_string())
            .collect()
    }

    #[test]
    fn autocomplete_ranks_as_scoring_every_name_would() {
        let catalog = Catalog::embedded().expect("valid");
        let facts = catalog.newest();
        let rel = facts.relations();
        let partials = [
            "",
            "e",
            "a",
            "an",
            "min",
            "star",
            "starmre",
            "macorn",
            "prime minister",
            "united",
            "ki",
            "zz",
            "chancellor",
            "sec gen",
            "kingdom of",
            "u.k.",
            "türk",
            "of the",
        ];
        for partial in partials {
            for (command, option, order) in [
                ("pledges", "by", &rel.pledger_order),
                ("participant", "name", &rel.participant_order),
            ] {
                let got: Vec<String> = choices(
                    &catalog,
                    &Request::new(command),
                    option,
                    EntityKind::Participant,
                    false,
                    partial,
                )
                .into_iter()
                .map(|c| c.value)
                .collect();
                assert_eq!(
                    got,
                    reference(facts, order, partial),
                    "{command} {partial:?}"
                );
            }
        }
    }
}
