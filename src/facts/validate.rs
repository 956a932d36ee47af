//! Cross-checks that serde cannot express: references resolve, ids and aliases are unique, every
//! cited source exists and every source is cited, dates are real, required text is not empty.
//!
//! Every problem is collected (an author fixing a file wants the whole list at once, not one error
//! per run), and each points at the exact value through the span its [`Text`] remembers. Lookups are
//! `HashMap`s keyed by id, and the costly parts (folding, fuzzy "did you mean") run only over the
//! short lists of names or only once an error is already found, so a valid file checks in
//! microseconds.

// Fx-hashed: the keys are the fact file's own ids, and SipHash was a visible part of a load.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::ops::Range;

use super::diagnostic::LineIndex;
use super::{
    Citation, Diagnostic, Diagnostics, Event, Fact, FactFile, FactKind, ParticipantKind, Source,
    SourceKind, Text, BACKGROUND_DAYS,
};
use crate::text::fold;

/// Checks one parsed file, listing every problem in file order.
pub fn check(origin: &str, text: &str, file: &FactFile) -> Result<(), Diagnostics> {
    let mut c = Checker::new(origin, text);
    c.define_all(file);
    c.check_summit(file);
    c.check_sources(file);
    c.check_topics(file);
    c.check_participants(file);
    c.check_documents(file);
    c.check_pledges(file);
    c.check_questions(file);
    c.check_statements(file);
    c.check_disputes(file);
    c.check_events(file);
    c.check_unused_sources(file);
    c.check_name_groups(file);
    c.finish()
}

/// Facts whose every source is of kind `other`, as warnings: they may stay in the file, but only
/// as reports ("X reports that ..."), never as settled facts. A dispute version other than the
/// supported one is not warned about: the dispute already shows it as a weaker report.
pub fn weak_facts(origin: &str, text: &str, file: &FactFile) -> Vec<Diagnostic> {
    let sources: HashMap<&str, &Source> = file
        .sources
        .iter()
        .rev()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let lines = LineIndex::new(text);
    let mut found = Vec::new();
    let mut check = |list: &[Citation], owner: Owner<'_>| {
        let weak = !list.is_empty()
            && list
                .iter()
                .all(|c| sources.get(c.as_str()).map(|s| s.kind) == Some(SourceKind::Other));
        if weak {
            let publishers: Vec<&str> = list
                .iter()
                .filter_map(|c| sources.get(c.as_str()))
                .map(|s| s.publisher.as_str())
                .collect();
            found.push(Diagnostic::warning_in(
                &lines,
                origin,
                text,
                list[0].id.span(),
                format!(
                    "{owner} rests only on sources of kind `other` ({})",
                    publishers.join("; ")
                ),
                "state it as a report (\"X reports that ...\"), or cite an official, wire or press source that supports it".to_owned(),
            ));
        }
    };
    for (_, fact) in file.facts() {
        let owner = match fact {
            Fact::Summit(_) => Owner::Summit,
            Fact::Figure(x) => Owner::Figure(x.label.as_str()),
            Fact::Dispute(d) => {
                for (i, v) in d.versions.iter().enumerate() {
                    let weaker = d
                        .supported
                        .as_ref()
                        .is_some_and(|sup| sup.as_str() != v.id.as_str());
                    if !weaker {
                        check(&v.sources, Owner::Version(d.id.as_str(), i + 1));
                    }
                }
                continue;
            }
            _ => match fact.id() {
                Some(id) => Owner::Entity(fact.kind(), id.as_str()),
                None => continue,
            },
        };
        for list in fact.source_lists() {
            check(list, owner);
        }
    }
    found.sort_by_key(|d| (d.line, d.column));
    found
}

/// One parsed file, for the checks across files.
pub struct Loaded<'a> {
    /// Where it came from, as diagnostics name it.
    pub origin: &'a str,
    /// Its text, for line numbers.
    pub text: &'a str,
    pub file: &'a FactFile,
}

/// Checks across files: summit ids, names and aliases must be unique in the catalog, or the
/// `summit` option could not tell two summits apart; and a participant id used by several files
/// names one participant, so it must be the same kind in each.
pub fn check_catalog(files: &[Loaded], all: &mut Diagnostics) {
    check_summit_keys(files, all);
    check_shared_participants(files, all);
}

/// The same participant id in two files is one participant across summits (`/participant`
/// joins on it), so a country in one file cannot be a person in another. The error points at
/// the `kind` of the later file, naming where the first one was defined.
fn check_shared_participants(files: &[Loaded], all: &mut Diagnostics) {
    let mut first: HashMap<&str, (usize, ParticipantKind, &Text)> = HashMap::default();
    for (i, here) in files.iter().enumerate() {
        let text = here.text;
        for p in &here.file.participants {
            let Some(&(j, kind, id)) = first.get(p.id.as_str()) else {
                first.insert(p.id.as_str(), (i, p.kind, &p.id));
                continue;
            };
            if j == i || kind == p.kind {
                continue;
            }
            let first_file = &files[j];
            let place = format!(
                "{}:{}",
                first_file.origin,
                line_of(first_file.text, id.span().start)
            );
            all.push(Diagnostic::at(
                here.origin,
                text,
                key_value_span(text, p.id.span(), "kind"),
                format!(
                    "participant `{}` is {} here but {} in {place}",
                    p.id,
                    kind_noun(p.kind),
                    kind_noun(kind)
                ),
                Some(
                    "the same id in two fact files is the same participant across summits; \
                     use the same kind in both, or give one of them another id"
                        .to_owned(),
                ),
            ));
        }
    }
}

fn kind_noun(kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::Country => "a country",
        ParticipantKind::Person => "a person",
        ParticipantKind::Organisation => "an organisation",
    }
}

fn check_summit_keys(files: &[Loaded], all: &mut Diagnostics) {
    let mut seen: HashMap<String, (usize, Role, &Text)> = HashMap::default();
    for (i, here) in files.iter().enumerate() {
        let text = here.text;
        let s = &here.file.summit;
        let keys = std::iter::once((Role::Id, &s.id))
            .chain(std::iter::once((Role::Name, &s.name)))
            .chain(s.aliases.iter().map(|a| (Role::Alias, a)));
        for (role, value) in keys {
            let key = fold(value);
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                None => {
                    seen.insert(key, (i, role, value));
                }
                Some(&(j, _, _)) if j == i => {}
                Some(&(j, first_role, first)) => {
                    let first_file = &files[j];
                    let place = format!(
                        "{}:{}",
                        first_file.origin,
                        line_of(first_file.text, first.span().start)
                    );
                    let (message, help) = if role == Role::Id && first_role == Role::Id {
                        (
                            format!("summit id `{value}` is also used by the summit in {place}"),
                            "each fact file describes one summit with its own id; rename one of them"
                                .to_owned(),
                        )
                    } else {
                        (
                            format!(
                                "{role} `{value}` of summit `{}` clashes with {first_role} `{first}` of summit `{}` in {place}",
                                s.id,
                                first_file.file.summit.id
                            ),
                            "ignoring case and accents these are the same, so the `summit` option could not tell the two summits apart; change or remove one".to_owned(),
                        )
                    };
                    all.push(Diagnostic::at(
                        here.origin,
                        text,
                        value.span(),
                        message,
                        Some(help),
                    ));
                    if role == Role::Id {
                        // A second file for the same summit: its name and aliases would only
                        // repeat the same news.
                        break;
                    }
                }
            }
        }
    }
}

/// Which entity a field belongs to, for messages ("`by` of pledge `uk-troops`"). Formatting is
/// deferred to the error path so a valid file allocates nothing for it.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Summit,
    Entity(FactKind, &'a str),
    Figure(&'a str),
    Version(&'a str, usize),
}

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Summit => f.write_str("the summit"),
            Owner::Entity(kind, id) => write!(f, "{} `{id}`", kind.as_str()),
            Owner::Figure(label) => write!(f, "summit figure `{label}`"),
            Owner::Version(id, n) => write!(f, "version {n} of dispute `{id}`"),
        }
    }
}

/// What a lookup key is to its entity, for alias-clash messages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Id,
    Name,
    Alias,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Id => "id",
            Role::Name => "name",
            Role::Alias => "alias",
        })
    }
}

struct Checker<'a> {
    origin: &'a str,
    text: &'a str,
    found: Vec<Diagnostic>,
    /// Per kind (indexed by `FactKind as usize`): id → its first definition.
    ids: [HashMap<&'a str, &'a Text>; FactKind::ALL.len()],
    /// Per kind: (id, label) pairs, the id itself plus names and aliases, for "did you mean".
    labels: [Vec<(&'a str, &'a str)>; FactKind::ALL.len()],
    participant_kinds: HashMap<&'a str, ParticipantKind>,
    cited: HashSet<&'a str>,
}

impl<'a> Checker<'a> {
    fn new(origin: &'a str, text: &'a str) -> Self {
        Checker {
            origin,
            text,
            found: Vec::new(),
            ids: std::array::from_fn(|_| HashMap::default()),
            labels: std::array::from_fn(|_| Vec::new()),
            participant_kinds: HashMap::default(),
            cited: HashSet::default(),
        }
    }

    fn finish(mut self) -> Result<(), Diagnostics> {
        if self.found.is_empty() {
            return Ok(());
        }
        // Stable, so problems at one place keep the order they were found in.
        self.found.sort_by_key(|d| (d.line, d.column));
        Err(Diagnostics(self.found))
    }

    fn error(&mut self, span: Range<usize>, message: String, help: String) {
        self.found.push(Diagnostic::at(
            self.origin,
            self.text,
            span,
            message,
            Some(help),
        ));
    }

    // ---- ids -------------------------------------------------------------------------------

    /// Registers every id first, so references may point forward in the file.
    fn define_all(&mut self, f: &'a FactFile) {
        for (_, fact) in f.facts() {
            let Some(id) = fact.id() else { continue };
            if fact.kind() == FactKind::Summit {
                // The summit is the file itself: nothing refers to it by id.
                if !is_slug(id) {
                    self.bad_id("summit", id);
                }
                continue;
            }
            self.define(fact.kind(), id, fact.names());
            if let Fact::Participant(p) = fact {
                self.participant_kinds
                    .entry(p.id.as_str())
                    .or_insert(p.kind);
            }
        }
    }

    fn define(&mut self, kind: FactKind, id: &'a Text, labels: impl IntoIterator<Item = &'a Text>) {
        if !is_slug(id) {
            self.bad_id(kind.as_str(), id);
        }
        let k = kind as usize;
        match self.ids[k].get(id.as_str()).map(|first| first.span().start) {
            Some(first) => {
                let line = line_of(self.text, first);
                let noun = kind.as_str();
                self.error(
                    id.span(),
                    format!("duplicate {noun} id `{id}` (first defined at line {line})"),
                    format!("each {noun} needs its own id: rename this one, or merge the two [[{noun}]] tables"),
                );
            }
            None => {
                self.ids[k].insert(id.as_str(), id);
            }
        }
        self.labels[k].push((id.as_str(), id.as_str()));
        for l in labels {
            self.labels[k].push((id.as_str(), l.as_str()));
        }
    }

    fn bad_id(&mut self, noun: &str, id: &Text) {
        let slug = fold(id).replace(' ', "-");
        let example = if slug.is_empty() || slug == id.as_str() {
            "united-kingdom".to_owned()
        } else {
            slug
        };
        let message = if id.trim().is_empty() {
            format!("{noun} id is empty")
        } else {
            format!("{noun} id `{id}` is not lowercase letters and digits joined by dashes")
        };
        self.error(
            id.span(),
            message,
            format!("ids use only a-z, 0-9 and single dashes between words, e.g. `{example}`"),
        );
    }

    // ---- references ------------------------------------------------------------------------

    /// Checks that `r` names an entity of `kind`; returns whether it does.
    fn reference(&mut self, kind: FactKind, r: &'a Text, field: &str, owner: Owner<'_>) -> bool {
        if self.ids[kind as usize].contains_key(r.as_str()) {
            return true;
        }
        let noun = kind.as_str();
        let other = FactKind::ALL
            .iter()
            .find(|k| self.ids[**k as usize].contains_key(r.as_str()));
        let message = match other {
            Some(other) => format!(
                "`{field}` of {owner} names {} `{r}`, but it takes {noun} ids",
                other.as_str()
            ),
            None => format!("`{field}` of {owner} names unknown {noun} `{r}`"),
        };
        let help = self.reference_help(kind, r);
        self.error(r.span(), message, help);
        false
    }

    fn reference_help(&self, kind: FactKind, r: &str) -> String {
        let noun = kind.as_str();
        let ids = &self.ids[kind as usize];
        if ids.is_empty() {
            return format!("there is no [[{noun}]] table in this file yet: add one with id = \"{r}\", or fix the reference");
        }
        let folded = fold(r);
        if let Some((id, label)) = self.labels[kind as usize]
            .iter()
            .find(|(id, l)| *id != r && fold(l) == folded)
        {
            return if id == label {
                format!("ids are written in lowercase: did you mean `{id}`?")
            } else {
                format!("`{r}` is a name or alias; references use ids: did you mean `{id}`?")
            };
        }
        if let Some(id) = self.suggest(kind, &folded) {
            return format!(
                "did you mean `{id}`? ({noun} ids are the `id` of each [[{noun}]] table)"
            );
        }
        if ids.len() <= 12 {
            let mut known: Vec<&str> = ids.keys().copied().collect();
            known.sort_unstable();
            format!(
                "use one of the {noun} ids defined in this file: {}; or add a [[{noun}]] with id = \"{r}\"",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("use the `id` of one of the [[{noun}]] tables, or add a [[{noun}]] with id = \"{r}\"")
        }
    }

    /// The id whose id, name or alias is closest to `folded` (already [`fold`]ed), if close enough
    /// to be worth suggesting. Runs only on the error path.
    fn suggest(&self, kind: FactKind, folded: &str) -> Option<&'a str> {
        let mut best: Option<(f64, &'a str)> = None;
        for &(id, label) in &self.labels[kind as usize] {
            let l = fold(label);
            let score = strsim::jaro_winkler(folded, &l)
                .max(strsim::normalized_damerau_levenshtein(folded, &l));
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, id));
            }
        }
        best.filter(|(score, _)| *score >= 0.8).map(|(_, id)| id)
    }

    fn references(&mut self, kind: FactKind, list: &'a [Text], field: &str, owner: Owner<'_>) {
        for r in list {
            self.reference(kind, r, field, owner);
        }
    }

    /// A `sources` list: not empty, every id a known source, none twice, every `find` a short
    /// phrase. Marks each as cited.
    fn sources(&mut self, list: &'a [Citation], anchor: &Text, owner: Owner<'_>) {
        if list.is_empty() {
            let span = key_value_span(self.text, anchor.span(), "sources");
            self.error(
                span,
                format!("`sources` of {owner} is empty"),
                "every fact cites at least one source: add the id of a [[source]] that supports it"
                    .to_owned(),
            );
        }
        for (i, c) in list.iter().enumerate() {
            if self.reference(FactKind::Source, &c.id, "sources", owner) {
                self.cited.insert(c.id.as_str());
            }
            if let Some(first) = list[..i].iter().find(|p| p.id.as_str() == c.id.as_str()) {
                let column =
                    Diagnostic::at(self.origin, self.text, first.id.span(), "", None).column;
                self.error(
                    c.id.span(),
                    format!("`sources` of {owner} cites `{}` twice (first at column {column})", c.id),
                    "a source appears at most once per list: keep one entry (with the best `find` phrase)".to_owned(),
                );
            }
            if let Some(find) = &c.find {
                self.find(find, &c.id, owner);
            }
        }
    }

    /// A `find` phrase: what the bot puts in a URL text fragment, so it must be a short phrase a
    /// browser can match on one line of the page.
    fn find(&mut self, find: &Text, id: &Text, owner: Owner<'_>) {
        let words = find.split_whitespace().count();
        let problem = if find.trim().is_empty() {
            Some("is empty".to_owned())
        } else if find.contains(['\n', '\r']) {
            Some("spans more than one line".to_owned())
        } else if words > FIND_MAX_WORDS {
            Some(format!("has {words} words, more than {FIND_MAX_WORDS}"))
        } else {
            None
        };
        if let Some(problem) = problem {
            self.error(
                find.span(),
                format!("`find` for source `{id}` in `sources` of {owner} {problem}"),
                format!("copy a short phrase (one line, at most {FIND_MAX_WORDS} words) exactly from the source's page, or remove `find` and cite the bare id"),
            );
        }
    }

    // ---- values ----------------------------------------------------------------------------

    /// Required text: present is not enough, it must say something.
    fn required(&mut self, t: &Text, field: &str, owner: Owner<'_>) {
        if t.trim().is_empty() {
            let what = if t.is_empty() {
                "empty"
            } else {
                "only whitespace"
            };
            self.error(
                t.span(),
                format!("`{field}` of {owner} is {what}"),
                format!("write the {field}; an empty one would show as a blank in answers"),
            );
        }
    }

    fn optional(&mut self, t: &Option<Text>, field: &str, owner: Owner<'_>) {
        if let Some(t) = t {
            if t.trim().is_empty() {
                self.error(
                    t.span(),
                    format!("`{field}` of {owner} is present but empty"),
                    format!("write the {field}, or remove the key if there is none"),
                );
            }
        }
    }

    fn each_required(&mut self, list: &[Text], field: &str, owner: Owner<'_>) {
        for t in list {
            if t.trim().is_empty() {
                self.error(
                    t.span(),
                    format!("an entry of `{field}` of {owner} is empty"),
                    "remove the empty entry from the list".to_owned(),
                );
            }
        }
    }

    fn date(&mut self, t: &Text, field: &str, owner: Owner<'_>) {
        if let Err(problem) = check_date(t) {
            let (message, help) = match problem {
                DateError::Format => (
                    format!("`{field}` of {owner} is `{t}`, not a date in YYYY-MM-DD form"),
                    "write the date as YYYY-MM-DD, e.g. 2026-01-06".to_owned(),
                ),
                DateError::Month(m) => (
                    format!("`{field}` of {owner} is `{t}`, which is not a real date: there is no month {m}"),
                    "the month is the middle part, 01 to 12 (YYYY-MM-DD)".to_owned(),
                ),
                DateError::Day { year, month, days } => (
                    format!(
                        "`{field}` of {owner} is `{t}`, which is not a real date: {} {year} has {days} days",
                        crate::text::MONTHS[month as usize - 1]
                    ),
                    "fix the day or the month (YYYY-MM-DD)".to_owned(),
                ),
            };
            self.error(t.span(), message, help);
        }
    }

    // ---- entities --------------------------------------------------------------------------

    fn check_summit(&mut self, f: &'a FactFile) {
        let s = &f.summit;
        let o = Owner::Summit;
        self.required(&s.name, "name", o);
        self.required(&s.place, "place", o);
        self.required(&s.summary, "summary", o);
        self.each_required(&s.aliases, "aliases", o);
        self.date(&s.date, "date", o);
        self.date(&s.as_of, "as_of", o);
        self.reference(FactKind::Participant, &s.host, "host", o);
        self.references(FactKind::Participant, &s.co_hosts, "co_hosts", o);
        self.sources(&s.sources, &s.id, o);
        for fig in &s.figures {
            let o = Owner::Figure(fig.label.as_str());
            self.required(&fig.label, "label", o);
            self.required(&fig.value, "value", o);
            self.optional(&fig.note, "note", o);
            self.sources(&fig.sources, &fig.label, o);
        }
    }

    fn check_sources(&mut self, f: &'a FactFile) {
        for s in &f.sources {
            let o = Owner::Entity(FactKind::Source, s.id.as_str());
            self.required(&s.title, "title", o);
            self.required(&s.publisher, "publisher", o);
            self.optional(&s.note, "note", o);
            if let Some(d) = &s.date {
                self.date(d, "date", o);
            }
            if let Some(url) = &s.url {
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                if rest.is_none_or(|r| r.trim().is_empty() || r.contains(char::is_whitespace)) {
                    self.error(
                        url.span(),
                        format!("`url` of {o} is `{url}`, not a web address"),
                        "write the full address starting with https:// (or http://), or remove the key if the source has none".to_owned(),
                    );
                }
            }
        }
    }

    fn check_topics(&mut self, f: &'a FactFile) {
        for t in &f.topics {
            let o = Owner::Entity(FactKind::Topic, t.id.as_str());
            self.required(&t.name, "name", o);
            self.each_required(&t.aliases, "aliases", o);
        }
    }

    fn check_participants(&mut self, f: &'a FactFile) {
        for p in &f.participants {
            let o = Owner::Entity(FactKind::Participant, p.id.as_str());
            self.required(&p.name, "name", o);
            self.required(&p.summary, "summary", o);
            self.optional(&p.role, "role", o);
            self.each_required(&p.aliases, "aliases", o);
            if let Some(r) = &p.represents {
                if self.reference(FactKind::Participant, r, "represents", o)
                    && self.participant_kinds.get(r.as_str()) == Some(&ParticipantKind::Person)
                {
                    self.error(
                        r.span(),
                        format!("`represents` of {o} names `{r}`, a person"),
                        "`represents` names the country or organisation a person speaks for"
                            .to_owned(),
                    );
                }
            }
            self.sources(&p.sources, &p.id, o);
        }
    }

    fn check_documents(&mut self, f: &'a FactFile) {
        for d in &f.documents {
            let o = Owner::Entity(FactKind::Document, d.id.as_str());
            self.required(&d.name, "name", o);
            self.required(&d.summary, "summary", o);
            self.each_required(&d.aliases, "aliases", o);
            self.each_required(&d.points, "points", o);
            self.references(FactKind::Participant, &d.signed_by, "signed_by", o);
            self.references(FactKind::Participant, &d.endorsed_by, "endorsed_by", o);
            for e in &d.endorsed_by {
                if let Some(s) = d.signed_by.iter().find(|s| s.as_str() == e.as_str()) {
                    let line = line_of(self.text, s.span().start);
                    self.error(
                        e.span(),
                        format!("`endorsed_by` of {o} repeats `{e}`, already in `signed_by` (line {line})"),
                        "a participant either signed it (`signed_by`) or approved it without a reported signature (`endorsed_by`), not both".to_owned(),
                    );
                }
            }
            self.optional(&d.signers_note, "signers_note", o);
            self.sources(&d.sources, &d.id, o);
        }
    }

    fn check_pledges(&mut self, f: &'a FactFile) {
        for p in &f.pledges {
            let o = Owner::Entity(FactKind::Pledge, p.id.as_str());
            if p.by.is_empty() {
                let span = key_value_span(self.text, p.id.span(), "by");
                self.error(
                    span,
                    format!("`by` of {o} is empty"),
                    "list the participant ids of who pledged".to_owned(),
                );
            }
            self.references(FactKind::Participant, &p.by, "by", o);
            self.reference(FactKind::Topic, &p.topic, "topic", o);
            self.required(&p.title, "title", o);
            self.required(&p.text, "text", o);
            self.each_required(&p.conditions, "conditions", o);
            self.references(FactKind::Document, &p.documents, "documents", o);
            self.sources(&p.sources, &p.id, o);
        }
    }

    fn check_questions(&mut self, f: &'a FactFile) {
        for q in &f.questions {
            let o = Owner::Entity(FactKind::Question, q.id.as_str());
            self.required(&q.title, "title", o);
            self.required(&q.text, "text", o);
            self.references(FactKind::Participant, &q.raised_by, "raised_by", o);
            self.references(FactKind::Participant, &q.concerns, "concerns", o);
            self.references(FactKind::Pledge, &q.related_pledges, "related_pledges", o);
            self.sources(&q.sources, &q.id, o);
        }
    }

    fn check_statements(&mut self, f: &'a FactFile) {
        for s in &f.statements {
            let o = Owner::Entity(FactKind::Statement, s.id.as_str());
            self.reference(FactKind::Participant, &s.by, "by", o);
            if let Some(d) = &s.date {
                self.date(d, "date", o);
            }
            self.required(&s.text, "text", o);
            self.optional(&s.quote, "quote", o);
            self.sources(&s.sources, &s.id, o);
        }
    }

    fn check_disputes(&mut self, f: &'a FactFile) {
        for d in &f.disputes {
            let o = Owner::Entity(FactKind::Dispute, d.id.as_str());
            self.required(&d.title, "title", o);
            self.references(FactKind::Participant, &d.concerns, "concerns", o);
            self.references(FactKind::Pledge, &d.related_pledges, "related_pledges", o);
            self.references(FactKind::Document, &d.documents, "documents", o);
            if d.versions.len() < 2 {
                self.error(
                    d.id.span(),
                    format!("{o} has {} version{}; a dispute needs at least two", d.versions.len(), if d.versions.len() == 1 { "" } else { "s" }),
                    "add another [[dispute.version]] with its own claim and sources; if the sources agree, record the fact elsewhere instead".to_owned(),
                );
            }
            for (i, v) in d.versions.iter().enumerate() {
                let vo = Owner::Version(d.id.as_str(), i + 1);
                if !is_slug(&v.id) {
                    self.bad_id("version", &v.id);
                }
                if let Some(first) = d.versions[..i]
                    .iter()
                    .find(|w| w.id.as_str() == v.id.as_str())
                {
                    let line = line_of(self.text, first.id.span().start);
                    self.error(
                        v.id.span(),
                        format!(
                            "duplicate version id `{}` in {o} (first defined at line {line})",
                            v.id
                        ),
                        "each [[dispute.version]] of a dispute needs its own id: rename this one"
                            .to_owned(),
                    );
                }
                self.required(&v.label, "label", vo);
                self.required(&v.claim, "claim", vo);
                self.sources(&v.sources, &v.claim, vo);
            }
            self.optional(&d.why, "why", o);
            match (&d.supported, &d.why) {
                (Some(sup), why) => {
                    if !d.versions.iter().any(|v| v.id.as_str() == sup.as_str()) {
                        let mut known: Vec<String> =
                            d.versions.iter().map(|v| format!("`{}`", v.id)).collect();
                        known.dedup();
                        self.error(
                            sup.span(),
                            format!("`supported` of {o} names `{sup}`, which is not one of its versions"),
                            format!("use the `id` of one of its [[dispute.version]] tables: {}", known.join(", ")),
                        );
                    }
                    if why.is_none() {
                        self.error(
                            sup.span(),
                            format!("{o} says which version is `supported` but not `why`"),
                            "add `why = \"...\"`: one sentence on why the strongest sources support that version".to_owned(),
                        );
                    }
                }
                (None, Some(why)) => {
                    self.error(
                        why.span(),
                        format!("{o} has `why` but no `supported` version"),
                        "add `supported = \"<version id>\"`, or remove `why` if the sources are balanced".to_owned(),
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn check_events(&mut self, f: &'a FactFile) {
        for e in &f.events {
            let o = Owner::Entity(FactKind::Event, e.id.as_str());
            self.date(&e.date, "date", o);
            self.background(f, e);
            self.required(&e.title, "title", o);
            self.required(&e.text, "text", o);
            self.references(FactKind::Participant, &e.participants, "participants", o);
            self.sources(&e.sources, &e.id, o);
        }
    }

    /// An event far from the summit's date must say it is background; see [`BACKGROUND_DAYS`].
    /// Dates that are not calendar dates are reported by [`Checker::date`] and skipped here.
    fn background(&mut self, f: &'a FactFile, e: &'a Event) {
        if e.background {
            return;
        }
        let (Some(event), Some(summit)) = (day_number(&e.date), day_number(&f.summit.date)) else {
            return;
        };
        let apart = event - summit;
        if apart.abs() <= BACKGROUND_DAYS {
            return;
        }
        let (n, side) = if apart < 0 {
            (-apart, "before")
        } else {
            (apart, "after")
        };
        self.error(
            e.date.span(),
            format!(
                "event `{}` is dated {} ({n} days {side} the summit on {}), but does not say it is background",
                e.id, e.date, f.summit.date
            ),
            format!(
                "an event more than {BACKGROUND_DAYS} days from the summit is context, not part of it: add `background = true` to it, or check the date and that it belongs in this file"
            ),
        );
    }

    fn check_unused_sources(&mut self, f: &'a FactFile) {
        for s in &f.sources {
            if !self.cited.contains(s.id.as_str()) {
                self.error(
                    s.id.span(),
                    format!("source `{}` is never cited; cite it or remove it", s.id),
                    format!(
                        "add \"{}\" to the `sources` list of a fact it supports, or delete this [[source]] table",
                        s.id
                    ),
                );
            }
        }
    }

    // ---- names and aliases -----------------------------------------------------------------

    /// Within each group that users look up by name, no two entities may share a key (id, name
    /// or alias) once case and accents are folded away, or a lookup would be ambiguous.
    fn check_name_groups(&mut self, f: &'a FactFile) {
        let s = &f.summit;
        self.name_group(
            "summit",
            std::iter::once((&s.id, &s.name, s.aliases.as_slice())),
        );
        self.name_group(
            "participant",
            f.participants
                .iter()
                .map(|p| (&p.id, &p.name, p.aliases.as_slice())),
        );
        self.name_group(
            "topic",
            f.topics
                .iter()
                .map(|t| (&t.id, &t.name, t.aliases.as_slice())),
        );
        self.name_group(
            "document",
            f.documents
                .iter()
                .map(|d| (&d.id, &d.name, d.aliases.as_slice())),
        );
    }

    fn name_group(
        &mut self,
        noun: &str,
        entities: impl Iterator<Item = (&'a Text, &'a Text, &'a [Text])>,
    ) {
        let mut seen: HashMap<String, (usize, Role, &'a Text, &'a str)> = HashMap::default();
        for (i, (id, name, aliases)) in entities.enumerate() {
            let keys = [(Role::Id, id), (Role::Name, name)]
                .into_iter()
                .chain(aliases.iter().map(|a| (Role::Alias, a)));
            for (role, value) in keys {
                let key = fold(value);
                if key.is_empty() {
                    continue;
                }
                let Some(&(j, first_role, first, first_id)) = seen.get(&key) else {
                    seen.insert(key, (i, role, value, id.as_str()));
                    continue;
                };
                // Counting lines scans the file, so only on the error paths below.
                let line = || line_of(self.text, first.span().start);
                if j == i {
                    // An alias that repeats the entity's own id or name is harmless; a repeated
                    // alias is a copy-paste slip worth cleaning up.
                    if role == Role::Alias && first_role == Role::Alias {
                        self.error(
                            value.span(),
                            format!("alias `{value}` of {noun} `{id}` repeats the alias `{first}` (line {})", line()),
                            "remove the repeated alias; case and accents are already ignored when matching".to_owned(),
                        );
                    }
                } else if !(role == Role::Id && first_role == Role::Id) {
                    // (Two equal ids are already reported as a duplicate id.)
                    self.error(
                        value.span(),
                        format!("{role} `{value}` of {noun} `{id}` clashes with {first_role} `{first}` of {noun} `{first_id}` (line {})", line()),
                        format!("ignoring case and accents they are the same, so a lookup could not tell the two {noun}s apart; change or remove one"),
                    );
                }
            }
        }
    }
}

/// The longest `find` phrase, in words: enough to be unique on a page, short enough to be a
/// quote and to keep a link inside Discord's limits.
pub const FIND_MAX_WORDS: usize = 12;

/// `^[a-z0-9]+(-[a-z0-9]+)*$`, by hand: ids travel in commands and `custom_id`s, so they stay
/// plain ASCII that needs no quoting.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// 1-based line of a byte offset.
fn line_of(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    text.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The span of the value of `key` in the TOML table that contains `anchor`, so an error about an
/// empty list (which has no span of its own) points at `[]`. Falls back to `anchor` when the key
/// is not written as `key = ...` at the start of a line (e.g. inside an inline table).
fn key_value_span(text: &str, anchor: Range<usize>, key: &str) -> Range<usize> {
    let mut block_start = 0;
    let mut block_end = text.len();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if is_table_header(line) {
            if offset <= anchor.start {
                block_start = offset;
            } else {
                block_end = offset;
                break;
            }
        }
        offset += line.len();
    }
    let mut offset = block_start;
    for line in text[block_start..block_end].split_inclusive('\n') {
        if let Some(rest) = line.trim_start().strip_prefix(key) {
            if let Some(value) = rest.trim_start().strip_prefix('=') {
                let value = value.trim_start();
                let value_start = offset + line.len() - value.len();
                // `[]` ends at its bracket; anything else at the end of the line.
                let len = match value.find(']') {
                    Some(close) if value.starts_with('[') => close + 1,
                    _ => value.trim_end().len(),
                };
                let value_end = value_start + len;
                if len > 0 {
                    return value_start..value_end;
                }
            }
        }
        offset += line.len();
    }
    anchor
}

/// `[table]` or `[[array.of.tables]]`, possibly with a trailing comment.
fn is_table_header(line: &str) -> bool {
    let t = line.trim();
    let Some(inner) = t.strip_prefix('[') else {
        return false;
    };
    let Some(close) = inner.find(']') else {
        return false;
    };
    let name = inner[..close].trim_start_matches('[');
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '"'))
}

/// Days since 1970-01-01 of a valid calendar date, so two dates can be subtracted.
fn day_number(s: &str) -> Option<i64> {
    check_date(s).ok()?;
    super::day_number(s)
}

#[derive(Debug, PartialEq, Eq)]
enum DateError {
    Format,
    Month(u32),
    Day { year: u32, month: u32, days: u32 },
}

/// A `YYYY-MM-DD` calendar date, leap years included. Hand-written: ten lines are cheaper than a
/// date crate for one check.
fn check_date(s: &str) -> Result<(), DateError> {
    let b = s.as_bytes();
    let digits = |r: Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Format);
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(DateError::Format);
    };
    if !(1..=12).contains(&month) {
        return Err(DateError::Month(month));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(DateError::Day { year, month, days });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(check_date("2026-01-06"), Ok(()));
        assert_eq!(check_date("2024-02-29"), Ok(()));
        assert_eq!(check_date("2000-02-29"), Ok(()));
        assert_eq!(
            check_date("1900-02-29"),
            Err(DateError::Day {
                year: 1900,
                month: 2,
                days: 28
            })
        );
        assert_eq!(
            check_date("2026-02-30"),
            Err(DateError::Day {
                year: 2026,
                month: 2,
                days: 28
            })
        );
        assert_eq!(
            check_date("2026-04-31"),
            Err(DateError::Day {
                year: 2026,
                month: 4,
                days: 30
            })
        );
        assert_eq!(check_date("2026-12-31"), Ok(()));
        assert!(matches!(
            check_date("2026-01-00"),
            Err(DateError::Day { .. })
        ));
        assert_eq!(check_date("2026-13-01"), Err(DateError::Month(13)));
        assert_eq!(check_date("2026-00-10"), Err(DateError::Month(0)));
        for bad in [
            "",
            "2026-1-6",
            "06-01-2026",
            "2026/01/06",
            "2026-01-06T10:00",
            "6 January 2026",
            "２０２６-01-06",
            "2026-0a-06",
            "+026-01-06",
        ] {
            assert_eq!(check_date(bad), Err(DateError::Format), "{bad}");
        }
    }

    #[test]
    fn day_numbers_subtract_across_months_years_and_leap_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-01-06"), Some(20_459));
        let apart = |a, b| day_number(b).zip(day_number(a)).map(|(b, a)| b - a);
        assert_eq!(apart("2025-03-02", "2026-01-06"), Some(310));
        assert_eq!(apart("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(apart("2025-12-31", "2026-01-01"), Some(1));
        assert_eq!(day_number("2025-02-30"), None);
        assert_eq!(day_number("soon"), None);
    }

    #[test]
    fn slugs() {
        for good in ["uk", "paris-2026-01-06", "e3", "a-b-c"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "UK", "-uk", "uk-", "u--k", "u_k", "u k", "türkiye"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn empty_list_points_at_its_value_in_the_right_table() {
        let text = "[[pledge]]\nid = \"a\"\nby = [\"x\"]\n\n[[pledge]]\nid = \"b\"\n  by   =  []  # none\nsources = []\n";
        let anchor_b = text.find("\"b\"").unwrap_or(0);
        let span = key_value_span(text, anchor_b..anchor_b + 3, "by");
        assert_eq!(&text[span], "[]");
        let span = key_value_span(text, anchor_b..anchor_b + 3, "sources");
        assert_eq!(&text[span], "[]");
        // Not found: falls back to the anchor.
        let span = key_value_span(text, 0..4, "sources");
        assert_eq!(span, 0..4);
    }

    fn problems(toml_text: &str) -> Vec<String> {
        let file: FactFile = toml::from_str(toml_text).expect("test TOML parses");
        match check("t.toml", toml_text, &file) {
            Ok(()) => Vec::new(),
            Err(d) => d
                .iter()
                .map(|d| {
                    let help = d.help.as_deref().unwrap_or("");
                    format!("{}:{} {} | {help}", d.line, d.column, d.message)
                })
                .collect(),
        }
    }

    const SMALL: &str = r#"
[summit]
id = "s"
name = "S"
date = "2026-01-06"
as_of = "2026-12-01"
place = "P"
host = "HOST"
summary = "x"
sources = ["a"]

[[source]]
id = "a"
title = "A"
publisher = "B"
kind = "press"

[[participant]]
id = "host"
name = "Host Country"
aliases = ["Hostland"]
kind = "country"
attendance = "in-person"
summary = "x"
sources = ["a"]
"#;

    #[test]
    fn references_may_point_forward_and_get_case_and_name_hints() {
        assert!(problems(&SMALL.replace("HOST", "host")).is_empty());
        assert_eq!(
            problems(SMALL),
            ["8:8 `host` of the summit names unknown participant `HOST` | ids are written in lowercase: did you mean `host`?"]
        );
        assert_eq!(
            problems(&SMALL.replace("\"HOST\"", "\"Hostland\"")),
            ["8:8 `host` of the summit names unknown participant `Hostland` | `Hostland` is a name or alias; references use ids: did you mean `host`?"]
        );
    }

    #[test]
    fn an_unknown_id_with_nothing_close_lists_the_known_ones() {
        let got = problems(&SMALL.replace("HOST", "zzz"));
        assert_eq!(got.len(), 1);
        assert!(
            got[0].ends_with("| use one of the participant ids defined in this file: `host`; or add a [[participant]] with id = \"zzz\""),
            "{got:?}"
        );
    }

    #[test]
    fn headers() {
        assert!(is_table_header("[summit]\n"));
        assert!(is_table_header("  [[dispute.version]]  # second side\n"));
        assert!(!is_table_header("sources = [\"a\"]\n"));
        assert!(!is_table_header("[\"a\", \"b\"]\n"));
    }
}
