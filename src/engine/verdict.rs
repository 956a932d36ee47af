//! Verdicts for yes/no questions, derived from the structured facts rather than from any one
//! fact's wording: how each named participant took part ("was Trump there"), and who signed or
//! endorsed a document ("did the US sign the Paris Declaration"), with the dispute about it when
//! there is one. The verdict is one line that leads the answer ("Yes, …", "No, …", "Sources
//! disagree: …", "The facts don't say whether …"); the facts it rests on follow as usual.
//!
//! Only the verdict words and fixed connecting labels are added; every name comes from the facts.

use super::{ask, words};
use crate::catalog::Facts;
use crate::facts::{Attendance, ParticipantKind};
use crate::search::{Analysis, EntityKind, FactKind, FactRef, Hit, QuestionKind, Token};

/// What a verdict says, so a "why did …" question resting on a false premise can be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Yes,
    No,
    Disputed,
    Unknown,
}

/// A verdict line and its polarity.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub line: String,
    pub polarity: Polarity,
}

/// The verdict on a yes/no question (or the premise of a "why"/"when" question), when the
/// question asks something the structured facts decide: attendance or signature.
pub fn verdict(facts: &Facts, analysis: &Analysis, chosen: &[Hit]) -> Option<Vec<Verdict>> {
    let mut verdicts = decide(facts, analysis, chosen)?;
    // "did the US skip it" (read as "not attend"), "did Macron not attend": the answer to the
    // question as asked is the opposite of the fact's own yes or no.
    if analysis.kind == Some(QuestionKind::Did) && asks_negatively(analysis) {
        for v in &mut verdicts {
            let (flipped, rest) = match v.polarity {
                Polarity::Yes => (Polarity::No, v.line.strip_prefix("Yes, ")),
                Polarity::No => (Polarity::Yes, v.line.strip_prefix("No, ")),
                _ => continue,
            };
            if let Some(rest) = rest {
                let word = if flipped == Polarity::Yes {
                    "Yes"
                } else {
                    "No"
                };
                v.line = format!("{word}, {rest}");
                v.polarity = flipped;
            }
        }
    }
    Some(verdicts)
}

/// The verdict as the facts put it, whatever the question's own "not".
fn decide(facts: &Facts, analysis: &Analysis, chosen: &[Hit]) -> Option<Vec<Verdict>> {
    if !matches!(
        analysis.kind,
        Some(QuestionKind::Did | QuestionKind::Why | QuestionKind::When)
    ) {
        return None;
    }
    let index = &facts.index;
    let participants: Vec<usize> = index
        .named(analysis, EntityKind::Participant)
        .map(|e| e.index)
        .collect();
    if participants.is_empty() {
        return None;
    }
    let mut documents: Vec<usize> = index
        .named(analysis, EntityKind::Document)
        .map(|e| e.index)
        .collect();
    // "did the US sign?": the document is the one the best fact is, or is disputed about.
    if documents.is_empty() {
        let f = &facts.file;
        let doc_of = |id: &str| f.documents.iter().position(|d| d.id.as_str() == id);
        documents.extend(chosen.first().and_then(|h| {
            match h.fact.kind {
                FactKind::Document => Some(h.fact.index),
                FactKind::Dispute => f
                    .disputes
                    .get(h.fact.index)
                    .filter(|d| d.documents.len() == 1)
                    .and_then(|d| d.documents.first())
                    .and_then(|id| doc_of(id)),
                _ => None,
            }
        }));
    }
    // The words that are neither names nor the summit: what is asked about them.
    let words: Vec<&str> = analysis
        .plain_terms()
        .filter(|t| !index.is_summit_term(t))
        .collect();
    let sign = index.stem_of("sign");
    let attend = index.stem_of("attend");
    if words.contains(&sign.as_str()) && words.iter().all(|w| *w == sign) {
        // "did the Americans sign the deal": no document is named or implied, so the verdict
        // covers every document that records who signed or endorsed it.
        if documents.is_empty() {
            documents = (0..facts.file.documents.len())
                .filter(|&d| {
                    let doc = &facts.file.documents[d];
                    !doc.signed_by.is_empty() || !doc.endorsed_by.is_empty()
                })
                .collect();
        }
        if !documents.is_empty() {
            return Some(
                participants
                    .iter()
                    .flat_map(|&p| documents.iter().map(move |&d| (p, d)))
                    .map(|(p, d)| signed(facts, p, d))
                    .collect(),
            );
        }
    }
    let represented = index.stem_of("represented");
    let named_document = index.named(analysis, EntityKind::Document).next().is_some();
    // "Is the US in the coalition", "is Ukraine part of NATO": membership of an organisation the
    // question names, which how each took part in the summit does not answer.
    let organisation = index.named(analysis, EntityKind::Participant).any(|e| {
        facts.file.participants.get(e.index).map(|p| p.kind) == Some(ParticipantKind::Organisation)
    });
    let membership = participants.len() >= 2
        && organisation
        && analysis
            .words
            .iter()
            .any(|w| MEMBERSHIP_WORDS.contains(&w.as_str()));
    // "did Zelenskyy meet the King": the verb asks whether two of them met, though the index
    // reads "meet" as the summit (a meeting); being there does not answer it.
    let met = participants.len() >= 2
        && analysis
            .words
            .iter()
            .any(|w| matches!(w.as_str(), "meet" | "met" | "meets"));
    if membership || met {
        return None;
    }
    // "why did Badenoch have a go at Starmer" is all names and stopwords too, but asks about
    // something other than being there: outside yes/no, attendance must be asked for.
    let asks_attendance = analysis.kind == Some(QuestionKind::Did)
        || words.iter().any(|w| *w == attend || *w == represented)
        || analysis.words.iter().any(|w| w == "there");
    if !named_document && asks_attendance && words.iter().all(|w| *w == attend || *w == represented)
    {
        // "was Trump there", "did Grynkewich attend": only names, and perhaps "attend".
        if analysis.kind == Some(QuestionKind::When) {
            return None;
        }
        return Some(participants.iter().map(|&p| attended(facts, p)).collect());
    }
    None
}

/// "What did Trump say in his speech at the Élysée": a statement asked for, made at the summit
/// (the question names it or its venue), by people the facts record as not there. The premise
/// is false, and the verdicts on their attendance say so.
pub fn absent_speakers(facts: &Facts, analysis: &Analysis) -> Option<Vec<Verdict>> {
    if !analysis.intents.contains(&FactKind::Statement) {
        return None;
    }
    let index = &facts.index;
    let people: Vec<usize> = index
        .named(analysis, EntityKind::Participant)
        .map(|e| e.index)
        .collect();
    let absent = |&p: &usize| {
        facts.file.participants.get(p).is_some_and(|x| {
            x.kind == ParticipantKind::Person && x.attendance == Attendance::ReferredTo
        })
    };
    // "What did Peskov say about the London meeting" asks for words about it, not at it: if
    // the facts record words of theirs, that is what is asked for.
    let about = analysis
        .words
        .iter()
        .any(|w| matches!(w.as_str(), "about" | "regarding" | "concerning"));
    let spoke = |&p: &usize| {
        facts.file.participants.get(p).is_some_and(|x| {
            facts
                .file
                .statements
                .iter()
                .any(|s| s.by.as_str() == x.id.as_str())
        })
    };
    if people.is_empty() || !people.iter().all(absent) || (about && people.iter().any(spoke)) {
        return None;
    }
    let venue: Vec<String> = crate::text::fold(&facts.summit().place)
        .split([' ', ','])
        .filter(|w| w.len() >= 4)
        .map(|w| index.stem_of(w))
        .collect();
    let at_summit = analysis.entities.iter().any(|&e| {
        index
            .entity(e)
            .is_some_and(|x| x.kind == EntityKind::Summit)
    }) || analysis.terms.iter().any(|t| venue.contains(&t.term));
    at_summit.then(|| people.iter().map(|&p| attended(facts, p)).collect())
}

/// How many of the ranked facts are read for a denial: the answer is among the best, and reading
/// sentences costs more than ranking.
const DENIAL_CANDIDATES: usize = 8;

/// Words that ask whether one participant belongs to another ("in", "part of", "member of").
const MEMBERSHIP_WORDS: &[&str] = &[
    "in",
    "part",
    "member",
    "members",
    "membership",
    "belong",
    "belongs",
    "join",
    "joined",
    "inside",
];

/// How far down the ranking a direct denial ("rather than US troops") is looked for: it is
/// strong evidence, and a fact that puts it in passing ranks low on word counts.
const DIRECT_DENIAL_CANDIDATES: usize = 12;

/// How many names and words after "not" (or "ruled out", "rather than") it still negates.
const NEGATION_SCOPE: usize = 4;

/// "Is the US sending troops", "when did Russia accept the truce": a sentence of one of the best
/// facts names the participant asked about and denies what is asked ("drones, sensors and
/// satellites rather than US troops", "Italy and Poland have ruled out sending troops"). That
/// fact is the answer, and its "no" the verdict. Only a plain question is read this way: one
/// that itself says "not" or "ruled out" asks something else.
pub fn denied(facts: &Facts, analysis: &Analysis, hits: &[Hit]) -> Option<(Hit, Verdict)> {
    if !matches!(
        analysis.kind,
        Some(QuestionKind::Did | QuestionKind::Why | QuestionKind::When)
    ) || asks_negatively(analysis)
    {
        return None;
    }
    let index = &facts.index;
    let mut named: Vec<&str> = index
        .named(analysis, EntityKind::Participant)
        .map(|e| e.term.as_str())
        .collect();
    // "Is the Paris Declaration legally binding": a document is asked about as a participant is.
    if named.is_empty() {
        named = index
            .named(analysis, EntityKind::Document)
            .map(|e| e.term.as_str())
            .collect();
    }
    let negation = Negation::new(facts, analysis)?;
    if named.is_empty() {
        return None;
    }
    // The best fact that speaks to it decides: a lower one's "not" ("attacked Starmer for not
    // making a statement") does not outweigh a better fact that says he spoke.
    // Except a denial of the participant itself doing it ("drones rather than US troops" for
    // "is the US sending troops"): that settles it wherever it ranks among the candidates.
    let direct = hits
        .iter()
        .take(DIRECT_DENIAL_CANDIDATES)
        .filter(|h| h.fact.kind != FactKind::Dispute)
        .find(|h| negation.denies_directly(h.fact, &named))
        .map(|h| (h, Denial::Not));
    let (hit, denies) = direct.or_else(|| {
        hits.iter()
            .take(DENIAL_CANDIDATES)
            .filter(|h| h.fact.kind != FactKind::Dispute)
            .find_map(|h| negation.reading(h.fact, &named).map(|d| (h, d)))
    })?;
    if denies == Denial::None {
        return None;
    }
    let line = if analysis.kind == Some(QuestionKind::Did) {
        "No: the fact below says otherwise.".to_owned()
    } else {
        let title = ask::fact_title(facts, hit.fact)?;
        format!("The facts say otherwise: see “{title}”.")
    };
    Some((
        *hit,
        Verdict {
            line,
            polarity: Polarity::No,
        },
    ))
}

/// "Who isn't sending troops", "which countries did not sign": the best facts with a sentence
/// that denies what is asked ("Italy and Poland have ruled out sending troops") are moved to the
/// front, at the best score: in bag-of-words ranking the "not" is lost, and the facts about
/// those who are sending troops would answer the opposite question.
pub fn denials_first(facts: &Facts, analysis: &Analysis, mut hits: Vec<Hit>) -> Vec<Hit> {
    let asks_who = analysis.kind == Some(QuestionKind::Who) || analysis.wants.is_some();
    if !asks_who || !asks_negatively(analysis) {
        return hits;
    }
    let Some(negation) = Negation::new(facts, analysis) else {
        return hits;
    };
    let Some(top) = hits.first().map(|h| h.score) else {
        return hits;
    };
    let n = hits.len().min(DENIAL_CANDIDATES);
    let mut read: Vec<(Denial, Hit)> = hits
        .drain(..n)
        .map(|h| (negation.reading(h.fact, &[]).unwrap_or(Denial::None), h))
        .collect();
    // A refusal ("ruled out") answers "who isn't" before a passing "not" ("a reassurance force,
    // not troops sent into combat"); the sort is stable, so rank order holds within each.
    read.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut out: Vec<Hit> = read
        .into_iter()
        .map(|(d, mut h)| {
            if d != Denial::None {
                h.score = top;
            }
            h
        })
        .collect();
    out.extend(hits);
    out
}

/// What a fact's sentences say of what a question asks, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Denial {
    /// They speak of it without denying it.
    None,
    /// "Not", "without", "rather than" or "instead of" comes before it.
    Not,
    /// A refusal: "ruled out", "rejected", "declined" comes before it.
    Refused,
}

/// The question itself says "not" ("who isn't sending troops", "why wasn't Rubio there").
fn asks_negatively(analysis: &Analysis) -> bool {
    analysis
        .words
        .iter()
        .any(|w| ask::NEGATIONS.contains(&w.as_str()))
}

/// Reads facts' sentences for "not", "ruled out", "rather than" or "without" before what a
/// question asks about.
struct Negation<'f> {
    facts: &'f Facts,
    /// The question's own words, as index terms, other than the summit and the cues.
    asked: Vec<&'f str>,
    /// Index terms that deny what follows them, besides the stopwords in `ask::NEGATIONS`.
    cues: [String; 4],
    /// Index terms that make a "not" right before them a hedge rather than a denial: "could not
    /// say whether the vote would bind" leaves the vote standing.
    hedges: Vec<String>,
}

/// See [`Negation::hedges`].
const HEDGES: &[&str] = &[
    "say", "confirm", "know", "clear", "specify", "disclose", "reveal", "comment", "tell",
];

impl<'f> Negation<'f> {
    /// None when the question asks nothing but names, or asks about a denial itself ("did
    /// Italy rule out troops"): a cue in the facts would then confirm, not deny.
    fn new(facts: &'f Facts, analysis: &'f Analysis) -> Option<Self> {
        let index = &facts.index;
        let cues = [
            index.stem_of("rule out"),
            index.stem_of("without"),
            index.stem_of("rather"),
            index.stem_of("instead"),
        ];
        let mut asked = Vec::new();
        for t in analysis.plain_terms() {
            if cues.iter().any(|c| c == t) {
                return None;
            }
            if !index.is_summit_term(t) {
                asked.push(t);
            }
        }
        // A topic asked about by name ("troops" is also the topic of the force): a fact's text
        // may say it as the name ("rather than US troops").
        let topics = index
            .named(analysis, EntityKind::Topic)
            .map(|e| e.term.as_str());
        let asked_words = asked.len();
        asked.extend(topics);
        let hedges = HEDGES.iter().map(|w| index.stem_of(w)).collect();
        (asked_words > 0).then_some(Negation {
            facts,
            asked,
            cues,
            hedges,
        })
    }

    /// Over the sentences of `fact` that name one of `named` (any name when empty) and
    /// something asked: the strongest denial among them, and None when no sentence speaks to it.
    fn reading(&self, fact: FactRef, named: &[&str]) -> Option<Denial> {
        let (text, _) = ask::main_text(self.facts, fact)?;
        let mut found: Option<Denial> = None;
        for sentence in sentences(text) {
            let tokens = self.facts.index.read(sentence);
            let names = tokens.iter().any(
                |t| matches!(t, Token::Name(n) if named.is_empty() || named.contains(&n.as_str())),
            );
            if !names || !tokens.iter().any(|t| self.asked_at(t)) {
                continue;
            }
            let denial = tokens
                .iter()
                .enumerate()
                .filter_map(|(c, t)| Some((c, self.cue(t)?)))
                .filter(|&(c, _)| !self.hedged(&tokens, c))
                .filter(|&(c, _)| {
                    tokens[c + 1..]
                        .iter()
                        .filter(|t| !matches!(t, Token::Stop(_)))
                        .take(NEGATION_SCOPE)
                        .any(|t| self.asked_at(t))
                })
                .map(|(_, d)| d)
                .max()
                .unwrap_or(Denial::None);
            found = found.max(Some(denial));
        }
        found
    }

    /// Whether a sentence of the fact puts a cue right before both a participant of `named` and
    /// what is asked: "rather than US troops".
    fn denies_directly(&self, fact: FactRef, named: &[&str]) -> bool {
        let Some((text, _)) = ask::main_text(self.facts, fact) else {
            return false;
        };
        sentences(text).any(|sentence| {
            let tokens = self.facts.index.read(sentence);
            tokens.iter().enumerate().any(|(c, t)| {
                if self.cue(t).is_none() || self.hedged(&tokens, c) {
                    return false;
                }
                let scope: Vec<&Token> = tokens[c + 1..]
                    .iter()
                    .filter(|t| !matches!(t, Token::Stop(_)))
                    .take(NEGATION_SCOPE)
                    .collect();
                scope
                    .iter()
                    .any(|t| matches!(t, Token::Name(n) if named.contains(&n.as_str())))
                    && scope.iter().any(|t| self.asked_at(t))
            })
        })
    }

    /// Whether the cue at `c` only hedges: the next word is one of [`Negation::hedges`].
    fn hedged(&self, tokens: &[Token], c: usize) -> bool {
        tokens[c + 1..]
            .iter()
            .find(|t| !matches!(t, Token::Stop(_)))
            .is_some_and(|t| matches!(t, Token::Term(x) if self.hedges.contains(x)))
    }

    fn asked_at(&self, t: &Token) -> bool {
        matches!(t, Token::Term(x) | Token::Name(x) if self.asked.contains(&x.as_str()))
    }

    /// The denial a token starts, if it is a cue; `cues[0]` is the refusal group.
    fn cue(&self, t: &Token) -> Option<Denial> {
        match t {
            Token::Stop(w) if ask::NEGATIONS.contains(&w.as_str()) => Some(Denial::Not),
            Token::Term(t) if *t == self.cues[0] => Some(Denial::Refused),
            Token::Term(t) if self.cues.contains(t) => Some(Denial::Not),
            _ => None,
        }
    }
}

/// A text's sentences: a stop, semicolon, question or exclamation mark, then a space. Initials
/// ("U.S. troops") stay inside their sentence.
pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut cuts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = matches!(b, b'.' | b';' | b'?' | b'!')
            && bytes.get(i + 1).is_none_or(|&n| n == b' ' || n == b'\n')
            && !(b == b'.' && i >= 1 && bytes[i - 1].is_ascii_uppercase());
        if ends {
            cuts.push((start, i));
            start = i + 1;
        }
    }
    cuts.push((start, text.len()));
    cuts.into_iter()
        .filter_map(move |(a, b)| text.get(a..b))
        .filter(|s| !s.trim().is_empty())
}

fn attended(facts: &Facts, p: usize) -> Verdict {
    let Some(part) = facts.file.participants.get(p) else {
        return Verdict {
            line: String::new(),
            polarity: Polarity::Unknown,
        };
    };
    let name = &part.name;
    let (line, polarity) = match part.attendance {
        Attendance::InPerson => (format!("Yes, {name} took part in person."), Polarity::Yes),
        Attendance::Represented => (
            format!("Yes, {name} took part through representatives."),
            Polarity::Yes,
        ),
        Attendance::Expected => (
            format!(
                "The facts don't say whether {name} attended: expected to attend; attendance not \
                 confirmed."
            ),
            Polarity::Unknown,
        ),
        Attendance::ReferredTo => (
            format!("No, {name} was not present: referred to in reports."),
            Polarity::No,
        ),
    };
    Verdict { line, polarity }
}

/// Whether participant `p` signed document `d`: a signer or endorser (or the country a person
/// represents is), a dispute about it, or not among signers who are all named one by one.
fn signed(facts: &Facts, p: usize, d: usize) -> Verdict {
    let f = &facts.file;
    let (Some(part), Some(doc)) = (f.participants.get(p), f.documents.get(d)) else {
        return Verdict {
            line: String::new(),
            polarity: Polarity::Unknown,
        };
    };
    // A country signs through the people who represent it (Starmer for the UK), and a person
    // signs for the country they represent.
    let ids: Vec<&str> = std::iter::once(part.id.as_str())
        .chain(part.represents.as_deref())
        .chain(facts.representatives(&part.id).map(|r| r.id.as_str()))
        .collect();
    let name = &part.name;
    let dname = &doc.name;
    if doc.signed_by.iter().any(|s| ids.contains(&s.as_str())) {
        return Verdict {
            line: format!("Yes, {name} signed the {dname}."),
            polarity: Polarity::Yes,
        };
    }
    if doc.endorsed_by.iter().any(|s| ids.contains(&s.as_str())) {
        return Verdict {
            line: format!("Yes, {name} endorsed the {dname}."),
            polarity: Polarity::Yes,
        };
    }
    let dispute = f.disputes.iter().find(|x| {
        x.documents.iter().any(|id| id.as_str() == doc.id.as_str())
            && x.concerns.iter().any(|c| ids.contains(&c.as_str()))
    });
    if let Some(x) = dispute {
        let supported = x
            .supported
            .as_deref()
            .and_then(|s| x.versions.iter().find(|v| v.id.as_str() == s));
        let polarity = match supported.map(|v| v.label.to_lowercase()) {
            Some(l) if l.starts_with("no") => Polarity::No,
            Some(l) if l.starts_with("yes") => Polarity::Yes,
            _ => Polarity::Disputed,
        };
        // The verdict the evidence supports comes first; that sources disagree follows it, so
        // the reader sees the answer and that it is contested in one sentence.
        let line = match polarity {
            Polarity::No => format!(
                "No, {name} did not sign the {dname}, by the best supported version; sources \
                 disagree:"
            ),
            Polarity::Yes => format!(
                "Yes, {name} signed the {dname}, by the best supported version; sources \
                 disagree:"
            ),
            _ => format!("Sources disagree on whether {name} signed the {dname}:"),
        };
        return Verdict { line, polarity };
    }
    // A signer that is a group (the coalition) may include the participant: no verdict then.
    let named_one_by_one = !doc.signed_by.is_empty()
        && doc.signed_by.iter().all(|s| {
            f.participants
                .iter()
                .find(|q| q.id.as_str() == s.as_str())
                .is_some_and(|q| q.kind != ParticipantKind::Organisation)
        });
    if named_one_by_one {
        Verdict {
            line: format!(
                "No, {name} did not sign the {dname}: signed by {}.",
                words::names(facts, &doc.signed_by)
            ),
            polarity: Polarity::No,
        }
    } else {
        Verdict {
            line: format!("The facts don't say whether {name} signed the {dname}."),
            polarity: Polarity::Unknown,
        }
    }
}
