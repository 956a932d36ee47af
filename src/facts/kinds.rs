//! The one list of what a fact file contains: every kind of fact, and one way to walk them all.
//!
//! Validation, the search index, reload diffs and `/ask` each need "every fact in the file" with
//! its id, its text or its sources. They used to list the tables themselves, each with different
//! members; a new kind of fact now means one new variant here, and the compiler points at every
//! `match` that has to say what to do with it.

use super::{
    Citation, Dispute, Document, Event, FactFile, Figure, Participant, Pledge, Question, Source,
    Statement, Summit, Text, Topic,
};

/// A kind of fact. [`FactKind::ALL`] lists them in the order of the fact file's tables; the
/// declaration order (and so `Ord`) is the one `/ask` breaks score ties in, which puts a statement
/// before an open question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    Summit,
    Figure,
    Participant,
    Document,
    Pledge,
    Statement,
    Question,
    Dispute,
    Event,
    Source,
    Topic,
}

impl FactKind {
    /// Every kind, in file order.
    pub const ALL: [FactKind; 11] = [
        FactKind::Summit,
        FactKind::Figure,
        FactKind::Source,
        FactKind::Topic,
        FactKind::Participant,
        FactKind::Document,
        FactKind::Pledge,
        FactKind::Question,
        FactKind::Statement,
        FactKind::Dispute,
        FactKind::Event,
    ];

    /// The kind as a noun, as messages and ids name it ("pledge").
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Summit => "summit",
            FactKind::Figure => "figure",
            FactKind::Source => "source",
            FactKind::Topic => "topic",
            FactKind::Participant => "participant",
            FactKind::Document => "document",
            FactKind::Pledge => "pledge",
            FactKind::Question => "question",
            FactKind::Statement => "statement",
            FactKind::Dispute => "dispute",
            FactKind::Event => "event",
        }
    }

    /// The plural, as summaries of several facts count them ("pledges").
    pub fn plural(self) -> &'static str {
        match self {
            FactKind::Summit => "summits",
            FactKind::Figure => "figures",
            FactKind::Source => "sources",
            FactKind::Topic => "topics",
            FactKind::Participant => "participants",
            FactKind::Document => "documents",
            FactKind::Pledge => "pledges",
            FactKind::Question => "questions",
            FactKind::Statement => "statements",
            FactKind::Dispute => "disputes",
            FactKind::Event => "events",
        }
    }
}

/// One fact of a fact file, borrowed.
#[derive(Debug, Clone, Copy)]
pub enum Fact<'a> {
    Summit(&'a Summit),
    Figure(&'a Figure),
    Source(&'a Source),
    Topic(&'a Topic),
    Participant(&'a Participant),
    Document(&'a Document),
    Pledge(&'a Pledge),
    Question(&'a Question),
    Statement(&'a Statement),
    Dispute(&'a Dispute),
    Event(&'a Event),
}

impl<'a> Fact<'a> {
    pub fn kind(self) -> FactKind {
        match self {
            Fact::Summit(_) => FactKind::Summit,
            Fact::Figure(_) => FactKind::Figure,
            Fact::Source(_) => FactKind::Source,
            Fact::Topic(_) => FactKind::Topic,
            Fact::Participant(_) => FactKind::Participant,
            Fact::Document(_) => FactKind::Document,
            Fact::Pledge(_) => FactKind::Pledge,
            Fact::Question(_) => FactKind::Question,
            Fact::Statement(_) => FactKind::Statement,
            Fact::Dispute(_) => FactKind::Dispute,
            Fact::Event(_) => FactKind::Event,
        }
    }

    /// Its id; a figure has none (it is part of the summit).
    pub fn id(self) -> Option<&'a Text> {
        Some(match self {
            Fact::Summit(x) => &x.id,
            Fact::Figure(_) => return None,
            Fact::Source(x) => &x.id,
            Fact::Topic(x) => &x.id,
            Fact::Participant(x) => &x.id,
            Fact::Document(x) => &x.id,
            Fact::Pledge(x) => &x.id,
            Fact::Question(x) => &x.id,
            Fact::Statement(x) => &x.id,
            Fact::Dispute(x) => &x.id,
            Fact::Event(x) => &x.id,
        })
    }

    /// What users call it besides its id: its name and aliases, or its title. A statement has
    /// none (it is named by who made it).
    pub fn names(self) -> Vec<&'a Text> {
        let (first, aliases): (&'a Text, &'a [Text]) = match self {
            Fact::Summit(x) => (&x.name, &x.aliases),
            Fact::Figure(x) => (&x.label, &[]),
            Fact::Source(x) => (&x.title, &[]),
            Fact::Topic(x) => (&x.name, &x.aliases),
            Fact::Participant(x) => (&x.name, &x.aliases),
            Fact::Document(x) => (&x.name, &x.aliases),
            Fact::Pledge(x) => (&x.title, &[]),
            Fact::Question(x) => (&x.title, &[]),
            Fact::Statement(_) => return Vec::new(),
            Fact::Dispute(x) => (&x.title, &[]),
            Fact::Event(x) => (&x.title, &[]),
        };
        std::iter::once(first).chain(aliases).collect()
    }

    /// What it says, in the fact file's words: the text a reader compares with other facts (a
    /// figure's label, value and note; a question's title and text; each version's claim).
    pub fn text(self) -> Vec<&'a str> {
        match self {
            Fact::Summit(x) => vec![&x.summary],
            Fact::Figure(x) => {
                let mut v: Vec<&str> = vec![&x.label, &x.value];
                v.extend(x.note.as_deref());
                v
            }
            Fact::Source(x) => vec![&x.title],
            Fact::Topic(x) => vec![&x.name],
            Fact::Participant(x) => vec![&x.summary],
            Fact::Document(x) => vec![&x.summary],
            Fact::Pledge(x) => vec![&x.text],
            Fact::Question(x) => vec![&x.title, &x.text],
            Fact::Statement(x) => vec![&x.text],
            Fact::Dispute(x) => x.versions.iter().map(|v| v.claim.as_str()).collect(),
            Fact::Event(x) => vec![&x.text],
        }
    }

    /// The source lists it rests on: one, or for a dispute one per version (each version is its
    /// own claim). A source or a topic cites nothing.
    pub fn source_lists(self) -> impl Iterator<Item = &'a [Citation]> + 'a {
        let (own, versions): (Option<&'a [Citation]>, &'a [super::Version]) = match self {
            Fact::Summit(x) => (Some(&x.sources), &[]),
            Fact::Figure(x) => (Some(&x.sources), &[]),
            Fact::Source(_) | Fact::Topic(_) => (None, &[]),
            Fact::Participant(x) => (Some(&x.sources), &[]),
            Fact::Document(x) => (Some(&x.sources), &[]),
            Fact::Pledge(x) => (Some(&x.sources), &[]),
            Fact::Question(x) => (Some(&x.sources), &[]),
            Fact::Statement(x) => (Some(&x.sources), &[]),
            Fact::Dispute(x) => (None, &x.versions),
            Fact::Event(x) => (Some(&x.sources), &[]),
        };
        own.into_iter()
            .chain(versions.iter().map(|v| v.sources.as_slice()))
    }
}

impl FactFile {
    /// Every fact of one kind, in file order; its position in the iteration is its index in
    /// that kind's list.
    pub fn facts_of(&self, kind: FactKind) -> impl Iterator<Item = Fact<'_>> + '_ {
        let n = self.count(kind);
        (0..n).filter_map(move |i| self.fact(kind, i))
    }

    /// Every fact in the file, kind by kind in [`FactKind::ALL`] order, with its index in its
    /// kind's list.
    pub fn facts(&self) -> impl Iterator<Item = (usize, Fact<'_>)> + '_ {
        FactKind::ALL
            .into_iter()
            .flat_map(move |k| self.facts_of(k).enumerate())
    }

    /// How many facts of `kind` the file holds.
    pub fn count(&self, kind: FactKind) -> usize {
        match kind {
            FactKind::Summit => 1,
            FactKind::Figure => self.summit.figures.len(),
            FactKind::Source => self.sources.len(),
            FactKind::Topic => self.topics.len(),
            FactKind::Participant => self.participants.len(),
            FactKind::Document => self.documents.len(),
            FactKind::Pledge => self.pledges.len(),
            FactKind::Question => self.questions.len(),
            FactKind::Statement => self.statements.len(),
            FactKind::Dispute => self.disputes.len(),
            FactKind::Event => self.events.len(),
        }
    }

    /// The fact of `kind` at `index` in its list (the summit is index 0).
    pub fn fact(&self, kind: FactKind, index: usize) -> Option<Fact<'_>> {
        Some(match kind {
            FactKind::Summit => (index == 0).then_some(Fact::Summit(&self.summit))?,
            FactKind::Figure => Fact::Figure(self.summit.figures.get(index)?),
            FactKind::Source => Fact::Source(self.sources.get(index)?),
            FactKind::Topic => Fact::Topic(self.topics.get(index)?),
            FactKind::Participant => Fact::Participant(self.participants.get(index)?),
            FactKind::Document => Fact::Document(self.documents.get(index)?),
            FactKind::Pledge => Fact::Pledge(self.pledges.get(index)?),
            FactKind::Question => Fact::Question(self.questions.get(index)?),
            FactKind::Statement => Fact::Statement(self.statements.get(index)?),
            FactKind::Dispute => Fact::Dispute(self.disputes.get(index)?),
            FactKind::Event => Fact::Event(self.events.get(index)?),
        })
    }
}
