//! `/ask` when several summits are loaded: which summit a question is about, and answers that
//! compare summits.
//!
//! [`answer`] reads the question for summits it names, by anything that names a summit: an id, a
//! name or an alias ("paris", "the london one"), a place or a part of one ("lancaster house"),
//! the date written out or its month ("march 2025"), its year when no other summit shares it,
//! and ordinals ("the first coalition summit" is the oldest loaded, "the latest summit" the
//! newest). All of these come from the fact files (see [`Catalog::summit_by_form`]), so a new
//! summit needs no code. Then:
//!
//! - **One summit named**: that summit's facts answer ([`super::ask::answer`]).
//! - **Several named, or "both"/"each"/"every summit"**: the question is asked of each of them,
//!   oldest first, with the summit names and the words of comparison taken out ("how did the
//!   UK's position on troops change from London to Paris" asks each "how did the UK's position on
//!   troops"), and the answers are shown one after the other, each under its summit, with its own
//!   citations. "Was Zelensky at both summits" answers from each summit's record of how that
//!   participant took part.
//! - **Which came first**: a question made only of words of order and summit names ("which
//!   came first", "was london before paris") is answered from the summits' dates.
//! - **No summit named**: the newest answers, unless the question names a participant, document
//!   or topic recorded only for an older summit ("what did scholz say"), which names that summit
//!   as surely as its name would. A question the newest declines is not answered from another
//!   summit (that would answer a question nobody asked about it); the refusal says which other
//!   summit covers it.
//!
//! Every answer says which summit it comes from.

use crate::catalog::{Catalog, Facts};
use crate::facts::Attendance;
use crate::reply::{Reply, ReplyKind};
use crate::request::{OptionValue, Request};
use crate::text::fold;

use super::ask;
use super::compose::{push_sections, Composer};
use super::summits::label;
use super::views::plural;
use super::words;

/// Every word the answers of this module add around the facts (labels such as "From the facts
/// of", "came first"), so the eval's check that an answer invents nothing knows them.
pub const LABEL_WORDS: &str = "across summit summits from the facts of newest name another in \
    question to ask about it each answer comes its own and cites sources they follow full oldest \
    first nothing answers this present person or through representatives record follows which \
    came on followed day days later at not among participants recorded asked none their covers \
    names no but what asks is only for one other loaded may cover that s what was id shows \
    timeline all them";

/// Words that make a question about every summit at once.
const ALL_WORDS: &[&str] = &[
    "both",
    "each",
    "every summit",
    "all summits",
    "all the summits",
    "all three summits",
    "both summits",
    "two summits",
    "across summits",
    "across the summits",
];

/// Words of comparison, taken out of a question before each summit is asked its part.
const COMPARISON_WORDS: &[&str] = &[
    "change",
    "changed",
    "changes",
    "changing",
    "shift",
    "shifted",
    "evolve",
    "evolved",
    "compare",
    "compared",
    "comparison",
    "differ",
    "differed",
    "difference",
    "differences",
    "different",
    "between",
    "both",
    "each",
    "every",
    "summits",
    "meetings",
    "from",
    "to",
    "and",
    "vs",
    "versus",
    "since",
    "grow",
    "grew",
    "grown",
    "growth",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "rise",
    "rose",
    "risen",
    "fall",
    "fell",
    "shrink",
    "shrank",
    "expand",
    "expanded",
    "develop",
    "developed",
    "two",
    "summit",
    "meeting",
];

/// Words of time that, right before a summit's name or "each summit", only point at it.
const TIME_WORDS: &[&str] = &[
    "after",
    "before",
    "following",
    "since",
    "at",
    "in",
    "during",
];

/// Ordinals that pick a summit by date when they come right before "summit" or "meeting" ("the
/// first coalition summit"): the chronological position, 0 = oldest; `usize::MAX` = newest.
const ORDINALS: &[(&str, usize)] = &[
    ("first", 0),
    ("earliest", 0),
    ("oldest", 0),
    ("initial", 0),
    ("original", 0),
    ("second", 1),
    ("third", 2),
    ("latest", usize::MAX),
    ("newest", usize::MAX),
    ("last", usize::MAX),
    ("recent", usize::MAX),
];

/// Nouns an ordinal must be followed by (within [`ORDINAL_REACH`] words) to name a summit.
const SUMMIT_NOUNS: &[&str] = &["summit", "summits", "meeting", "meetings", "one"];
const ORDINAL_REACH: usize = 5;

/// The words a question about which summit came first is made of (besides summit names).
const ORDER_WORDS: &[&str] = &[
    "which", "what", "who", "came", "come", "first", "earlier", "earliest", "before", "after",
    "later", "latest", "last", "older", "oldest", "newer", "newest", "recent", "most", "was",
    "were", "is", "did", "does", "the", "a", "one", "summit", "summits", "meeting", "meetings",
    "happened", "happen", "held", "take", "took", "place", "or", "and", "than", "of", "two",
    "these", "them", "order", "in", "held", "second", "how", "long", "many", "days", "months",
    "weeks", "between", "apart", "later",
];
/// At least one of these must be there for it to be a question of order.
const ORDER_CUES: &[&str] = &[
    "first", "earlier", "earliest", "before", "after", "later", "older", "oldest", "newer",
    "newest", "order", "latest", "second", "apart", "between",
];

/// Words that make a question about whether someone took part.
const ATTENDANCE_WORDS: &[&str] = &[
    "attend",
    "attended",
    "attending",
    "at",
    "present",
    "there",
    "part",
    "participate",
    "participated",
    "join",
    "joined",
    "go",
    "went",
];

/// Words an attendance question may hold besides names and [`ATTENDANCE_WORDS`].
const FILLER_WORDS: &[&str] = &[
    "was",
    "were",
    "did",
    "does",
    "do",
    "is",
    "are",
    "has",
    "have",
    "the",
    "a",
    "an",
    "in",
    "on",
    "of",
    "s",
    "take",
    "taken",
    "took",
    "come",
    "came",
    "show",
    "up",
    "he",
    "she",
    "they",
    "it",
    "summit",
    "summits",
    "meeting",
    "meetings",
    "both",
    "each",
    "all",
    "who",
    "which",
    "how",
    "president",
    "prime",
    "minister",
    "leader",
    "really",
    "actually",
    "also",
    "too",
    "person",
    "in-person",
    "physically",
];

/// Answers `/ask` when no `summit:` option is given, or `None` when only one summit is loaded
/// (the engine then answers from it as usual).
pub fn answer(catalog: &Catalog, request: &Request) -> Option<Reply> {
    if catalog.summits().len() < 2 {
        return None;
    }
    let question = request.string("question").unwrap_or("");
    let read = read(catalog, question);
    let private = request.boolean("private").unwrap_or(false);
    let mut reply = if read.order {
        order(catalog, &read.named)
    } else if read.named.len() >= 2 || (read.all && read.named.len() != 1) {
        let chosen: Vec<usize> = if read.named.len() >= 2 {
            read.named.clone()
        } else {
            (0..catalog.summits().len()).collect()
        };
        compare(catalog, &chosen, &read.rest, request)
    } else if let Some(&i) = read.named.first() {
        let facts = &catalog.summits()[i];
        let mut reply = match &read.rewritten {
            Some(q) => {
                let mut sub = request.clone();
                sub.options
                    .insert("question".to_owned(), OptionValue::String(q.clone()));
                ask::answer(facts, &sub)
            }
            None => ask::answer(facts, request),
        };
        note(&mut reply, facts, "");
        reply
    } else {
        default(catalog, request)
    };
    if private {
        reply.private = true;
    }
    Some(reply)
}

/// How a question refers to summits.
#[derive(Debug, Default)]
struct Reading {
    /// Summits it names (indices into the catalog, newest first order), oldest first.
    named: Vec<usize>,
    /// It speaks of every summit ("both", "each summit").
    all: bool,
    /// It asks only which came first.
    order: bool,
    /// The question with summit names and comparison words taken out, for asking each summit.
    rest: String,
    /// The question for the one summit it names, when it names it by a form its facts do not
    /// use (a month, a place part, an ordinal): that mention replaced by the summit's own short
    /// name, so the summit's index knows every word. `None`: ask the question as typed.
    rewritten: Option<String>,
}

/// Finds the summits a question names: ordinals before a summit noun first ("the first
/// coalition summit", where only words of summit names may stand between), then names, aliases
/// and forms, longest phrase first so "paris summit 2026" is one mention, not two.
fn read(catalog: &Catalog, question: &str) -> Reading {
    // The sub-questions are rebuilt from folded words, and folding cuts "£2.26bn" into "2" and
    // "26bn": each quantity is written as its plain value first, which reads back the same.
    let mut plain = question.to_owned();
    for q in crate::search::numbers::quantities(question).iter().rev() {
        if plain.is_char_boundary(q.start) && plain.is_char_boundary(q.end) {
            plain.replace_range(q.start..q.end, &q.value.to_string());
        }
    }
    let words: Vec<String> = fold(&plain)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let n = catalog.summits().len();
    // (words, summit index, derived from the date or place rather than written in the file)
    let mut phrases: Vec<(Vec<String>, usize, bool)> = Vec::new();
    for (i, facts) in catalog.summits().iter().enumerate() {
        let s = facts.summit();
        let mut keys: Vec<(String, bool)> = vec![(fold(&s.id), false), (fold(&s.name), false)];
        keys.extend(s.aliases.iter().map(|a| (fold(a), false)));
        keys.extend(catalog.forms(i).iter().map(|f| (f.clone(), true)));
        for (k, derived) in keys {
            if !k.is_empty() {
                phrases.push((k.split(' ').map(str::to_owned).collect(), i, derived));
            }
        }
    }
    // Stable: of two phrases of one length, the newer summit's (listed first) wins.
    phrases.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    let name_words: Vec<&str> = phrases
        .iter()
        .flat_map(|(p, _, _)| p.iter().map(String::as_str))
        .collect();
    let mut used = vec![false; words.len()];
    let mut named_at: Vec<(usize, usize)> = Vec::new(); // (position, summit index)
    let mut derived_spans: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, summit)
    let mut ordinal = false;
    for (pos, w) in words.iter().enumerate() {
        let Some(&(_, rank)) = ORDINALS.iter().find(|(o, _)| o == w) else {
            continue;
        };
        let end = (pos + 1..words.len().min(pos + 1 + ORDINAL_REACH))
            .take_while(|&j| {
                SUMMIT_NOUNS.contains(&words[j].as_str()) || name_words.contains(&words[j].as_str())
            })
            .find(|&j| SUMMIT_NOUNS.contains(&words[j].as_str()));
        let Some(end) = end else {
            continue;
        };
        // Counted oldest first: rank 0 is the oldest, the last index of the newest-first list.
        let index = if rank == usize::MAX {
            Some(0)
        } else {
            n.checked_sub(rank + 1)
        };
        if let Some(index) = index {
            used[pos..=end].iter_mut().for_each(|u| *u = true);
            named_at.push((pos, index));
            derived_spans.push((pos, end + 1, index));
            ordinal = true;
        }
    }
    for (phrase, summit, derived) in &phrases {
        let len = phrase.len();
        if len > words.len() {
            continue;
        }
        for start in 0..=words.len() - len {
            if used[start..start + len].iter().any(|u| *u) {
                continue;
            }
            if words[start..start + len]
                .iter()
                .zip(phrase)
                .all(|(w, p)| w == p)
                && !(*derived && len == 1 && next_to_day(&words, start))
            {
                used[start..start + len].iter_mut().for_each(|u| *u = true);
                named_at.push((start, *summit));
                if *derived {
                    derived_spans.push((start, start + len, *summit));
                }
            }
        }
    }
    let mut named: Vec<usize> = Vec::new();
    for (_, s) in &named_at {
        if !named.contains(s) {
            named.push(*s);
        }
    }
    // Oldest first, as a comparison reads.
    named.sort_by(|a, b| b.cmp(a));
    let joined = format!(" {} ", words.join(" "));
    let all = ALL_WORDS.iter().any(|w| joined.contains(&format!(" {w} ")));
    let unnamed: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .map(|(_, w)| w.as_str())
        .collect();
    // "after each summit", "before london": a word of time that points at a summit only says
    // which summit, so it leaves the sub-question with the summit's name (asked of the summit's
    // own facts, "after" would match "if Russia attacks again after a ceasefire").
    let points_at_summit = |i: usize| {
        (i + 1 < words.len())
            && (used[i + 1] || ["each", "both", "every", "all"].contains(&words[i + 1].as_str()))
    };
    let rest: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .filter(|&(i, w)| !(TIME_WORDS.contains(&w.as_str()) && points_at_summit(i)))
        .map(|(_, w)| w.as_str())
        .filter(|w| !COMPARISON_WORDS.contains(w))
        .collect();
    let order = !unnamed.is_empty()
        && (named.len() != 1 || ordinal || all)
        && unnamed.iter().all(|w| ORDER_WORDS.contains(w))
        && (ordinal || unnamed.iter().any(|w| ORDER_CUES.contains(w)));
    let rewritten = (!derived_spans.is_empty()).then(|| {
        derived_spans.sort_unstable();
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        let mut i = 0;
        for &(start, end, summit) in &derived_spans {
            out.extend(words[i..start].iter().cloned());
            out.push(fold(&short_name(&catalog.summits()[summit])));
            i = end;
        }
        out.extend(words[i..].iter().cloned());
        out.join(" ")
    });
    Reading {
        named,
        all,
        order,
        rest: rest.join(" "),
        rewritten,
    }
}

/// Whether the word at `pos` has a day of the month next to it ("7 january", "january 3rd"): a
/// bare month then belongs to a date the question asks about, not to the summit held that month.
fn next_to_day(words: &[String], pos: usize) -> bool {
    let day = |w: &String| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
    };
    (pos > 0 && day(&words[pos - 1])) || words.get(pos + 1).is_some_and(day)
}

/// "From the facts of <summit> (<date>)": which summit an answer comes from, at the end of its
/// body, with `why` when the summit was not named.
fn note(reply: &mut Reply, facts: &Facts, why: &str) {
    let s = facts.summit();
    let line = format!(
        "From the facts of {} ({}){why}.",
        s.name,
        words::date(&s.date)
    );
    if reply.body.is_empty() {
        reply.body = line;
    } else {
        reply.body.push_str("\n\n");
        reply.body.push_str(&line);
    }
}

/// No summit named: the newest answers. An older summit answers instead only when the question
/// names something recorded for that summit and not for the newest (a participant, document or
/// topic such as "scholz"): that is naming the summit without its name. Otherwise a question the
/// newest declines stays declined, since another summit's facts would answer a question that was
/// not asked about it; the reply only adds which other summit covers it, if one does.
fn default(catalog: &Catalog, request: &Request) -> Reply {
    let newest = catalog.newest();
    if let Some((older, mut reply)) = older_owner(catalog, request) {
        let why = format!(
            "; the question names no summit, but what it asks about is recorded only for \
             this one, not for the newest ({})",
            newest.summit().name
        );
        note(&mut reply, older, &why);
        return reply;
    }
    let mut reply = ask::answer(newest, request);
    if reply.kind == ReplyKind::Answer {
        note(
            &mut reply,
            newest,
            ", the newest summit; name another summit in the question to ask about it",
        );
        return reply;
    }
    note(&mut reply, newest, ", the newest summit");
    let covered = catalog.summits()[1..]
        .iter()
        .find(|older| ask::answer(older, request).kind == ReplyKind::Answer);
    if let Some(older) = covered {
        let s = older.summit();
        reply.body.push_str(&format!(
            " The facts of {} ({}) may cover it: name that summit in the question (\"… in {}\") \
             to ask about it.",
            s.name,
            words::date(&s.date),
            short_name(older)
        ));
    }
    reply
}

/// The older summit that answers a question naming no summit, with its answer: the first one
/// whose facts record something the question names and the newest's do not (see [`default`]).
fn older_owner<'c>(catalog: &'c Catalog, request: &Request) -> Option<(&'c Facts, Reply)> {
    let newest = catalog.newest();
    let question = request.string("question").unwrap_or("");
    let newest_names: Vec<String> = entity_ids(newest, question);
    let newest_unknown = newest.index.analyze(question).unknown;
    for older in &catalog.summits()[1..] {
        let own: Vec<String> = entity_ids(older, question)
            .into_iter()
            .filter(|id| !newest_names.contains(id) && !known_to(newest, id))
            .collect();
        // A word the newest summit's facts never use and this one's do ("belfast", "figaro")
        // names this summit as surely as one of its participants would.
        let own_words = !newest_unknown.is_empty() && {
            let older_unknown = older.index.analyze(question).unknown;
            newest_unknown
                .iter()
                .any(|w| !older_unknown.contains(w) && written_as_name(older, w))
        };
        if own.is_empty() && !own_words {
            continue;
        }
        let reply = ask::answer(older, request);
        if reply.kind == ReplyKind::Answer {
            return Some((older, reply));
        }
    }
    None
}

/// For `summit-bot ask --explain` with no `--summit`: which summit (or summits) `/ask` reads the
/// question against and why, then how that summit's index reads it, so the explanation follows
/// the same route as the answer.
pub fn explain(catalog: &Catalog, question: &str) -> String {
    let read = read(catalog, question);
    let summits = catalog.summits();
    let head = |facts: &Facts, why: &str| format!("summit:      {} ({why})\n", facts.id());
    if summits.len() < 2 {
        return ask::explain(catalog.newest(), question);
    }
    if read.order {
        return "route:       which summit came first (answered from the summits' dates)\n"
            .to_owned();
    }
    if read.named.len() >= 2 || (read.all && read.named.len() != 1) {
        let chosen: Vec<usize> = if read.named.len() >= 2 {
            read.named.clone()
        } else {
            (0..summits.len()).collect()
        };
        let mut out = format!("route:       across summits, asking each: {}\n", read.rest);
        for &i in &chosen {
            out.push('\n');
            out.push_str(&head(&summits[i], "one side of the comparison"));
            out.push_str(&ask::explain(&summits[i], &read.rest));
        }
        return out;
    }
    if let Some(&i) = read.named.first() {
        let q = read.rewritten.as_deref().unwrap_or(question);
        return head(&summits[i], "named in the question") + &ask::explain(&summits[i], q);
    }
    let request = Request::new("ask").with("question", OptionValue::String(question.to_owned()));
    match older_owner(catalog, &request) {
        Some((older, _)) => {
            head(older, "names what only this summit records") + &ask::explain(older, question)
        }
        None => {
            head(catalog.newest(), "the newest; nothing names another")
                + &ask::explain(catalog.newest(), question)
        }
    }
}

/// Ids of the participants and documents a question names, as one summit's index reads it.
/// Topics are left out: "ceasefire" or "troops" are every summit's subject, so a topic one file
/// happens to list and another does not says nothing about which summit is meant.
fn entity_ids(facts: &Facts, question: &str) -> Vec<String> {
    let analysis = facts.index.analyze(question);
    analysis
        .entities
        .iter()
        .filter_map(|&e| facts.index.entity(e))
        .filter(|e| {
            matches!(
                e.kind,
                crate::search::EntityKind::Participant | crate::search::EntityKind::Document
            )
        })
        .map(|e| e.id.clone())
        .collect()
}

/// Whether a summit's facts write `word` (folded) as a name, with a capital letter, in what
/// they say (not in source titles, which capitalise every word): "Belfast", "Le Figaro",
/// "ReArm Europe". A name only one summit's facts use names that summit; an everyday word
/// ("old", "money") that one file happens to use and the other not does not.
fn written_as_name(facts: &Facts, word: &str) -> bool {
    facts.names(names_written).contains(word)
}

/// Every word a summit's facts write capitalised, folded (see [`written_as_name`]).
fn names_written(facts: &Facts) -> rustc_hash::FxHashSet<String> {
    let f = &facts.file;
    let texts = f
        .participants
        .iter()
        .flat_map(|p| [p.name.as_str(), p.summary.as_str()])
        .chain(
            f.pledges
                .iter()
                .flat_map(|p| [p.title.as_str(), p.text.as_str()]),
        )
        .chain(
            f.events
                .iter()
                .flat_map(|e| [e.title.as_str(), e.text.as_str()]),
        )
        .chain(f.statements.iter().map(|s| s.text.as_str()))
        .chain(
            f.questions
                .iter()
                .flat_map(|q| [q.title.as_str(), q.text.as_str()]),
        )
        .chain(
            f.documents
                .iter()
                .flat_map(|d| [d.name.as_str(), d.summary.as_str()]),
        )
        .chain(f.topics.iter().map(|t| t.name.as_str()))
        .chain([f.summit.summary.as_str()]);
    texts
        .into_iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|token| token.starts_with(char::is_uppercase))
        .map(fold)
        .collect()
}

/// Whether a participant, document or topic id exists in a summit's facts.
fn known_to(facts: &Facts, id: &str) -> bool {
    facts.participant(id).is_some() || facts.document(id).is_some() || facts.topic(id).is_some()
}

/// The shortest alias of a summit (`london`), or its place's first part, for a hint of how to
/// name it.
fn short_name(facts: &Facts) -> String {
    let s = facts.summit();
    s.aliases
        .iter()
        .map(|a| a.as_str())
        .filter(|a| a.chars().count() >= 3)
        .min_by_key(|a| a.chars().count())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            s.place
                .split(',')
                .next()
                .unwrap_or(&s.place)
                .trim()
                .to_owned()
        })
}

/// Which summit came first, from their dates.
fn order(catalog: &Catalog, named: &[usize]) -> Reply {
    let chosen: Vec<usize> = if named.len() >= 2 {
        named.to_vec()
    } else {
        (0..catalog.summits().len()).rev().collect()
    };
    let mut list: Vec<&Facts> = chosen
        .iter()
        .map(|&i| catalog.summits()[i].as_ref())
        .collect();
    list.sort_by(|a, b| a.summit().date.as_str().cmp(b.summit().date.as_str()));
    let first = list[0];
    let mut c = Composer::new(first, "Which summit came first");
    let mut body = format!(
        "{} came first, on {}.",
        first.summit().name,
        words::date(&first.summit().date)
    );
    c.cite_into(&mut body, &first.summit().sources);
    for pair in list.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        c.switch_summit(b);
        let days = days_between(&a.summit().date, &b.summit().date);
        let mut line = format!(
            " {} followed on {}",
            b.summit().name,
            words::date(&b.summit().date)
        );
        if let Some(d) = days {
            line.push_str(&format!(", {} later", plural(d as usize, "day", "days")));
        }
        line.push('.');
        c.cite_into(&mut line, &b.summit().sources);
        body.push_str(&line);
    }
    c.set_body(body);
    c.section(
        "Summits",
        list.iter().map(|f| {
            format!(
                "• {} — {}, {}",
                words::date(&f.summit().date),
                f.summit().name,
                f.summit().place
            )
        }),
    );
    c.finish()
}

/// Whole days from `a` to `b` (both `YYYY-MM-DD`), when both are dates.
fn days_between(a: &str, b: &str) -> Option<i64> {
    Some(crate::facts::day_number(b)? - crate::facts::day_number(a)?)
}

/// A question asked of several summits, answered from each, oldest first.
fn compare(catalog: &Catalog, chosen: &[usize], rest: &str, request: &Request) -> Reply {
    let mut summits: Vec<&Facts> = chosen
        .iter()
        .map(|&i| catalog.summits()[i].as_ref())
        .collect();
    summits.sort_by(|a, b| a.summit().date.as_str().cmp(b.summit().date.as_str()));
    if let Some(reply) = attended(&summits, rest) {
        return reply;
    }
    let mut sub = request.clone();
    sub.options
        .insert("question".to_owned(), OptionValue::String(rest.to_owned()));
    sub.options.remove("private");
    let answers: Vec<(&Facts, Reply)> =
        summits.iter().map(|f| (*f, ask::answer(f, &sub))).collect();
    let answered = answers
        .iter()
        .filter(|(_, r)| r.kind == ReplyKind::Answer)
        .count();
    if answered == 0 {
        // Nothing left to ask each summit ("compare london and paris"): what each one was.
        // A question with a subject no summit covers stays declined.
        if summits[0].index.analyze(rest).content == 0 {
            return overview(&summits);
        }
        let mut reply = answers
            .into_iter()
            .next()
            .map(|(_, r)| r)
            .unwrap_or_else(|| Reply::new(ReplyKind::NotFound, "Not in the facts", ""));
        let names: Vec<&str> = summits.iter().map(|f| f.summit().name.as_str()).collect();
        reply.body.push_str(&format!(
            "\n\nAsked of each of {}; none of their facts covers it.",
            names.join(" and ")
        ));
        return reply;
    }
    let mut out = Reply::new(
        ReplyKind::Answer,
        format!("Across {}", plural(summits.len(), "summit", "summits")),
        String::new(),
    );
    // The body leads with each summit's first fact, oldest first; each summit's whole answer
    // follows in its own sections.
    let mut lead = Vec::new();
    let budget = LEAD_BUDGET / summits.len().max(1);
    for (facts, reply) in answers {
        let offset = out.citations.len();
        if reply.kind == ReplyKind::Answer {
            lead.push(format!(
                "{} ({}): {}",
                short_label(facts),
                words::date(&facts.summit().date),
                lead_fact(facts, rest, &reply, offset, budget)
            ));
        } else {
            lead.push(format!(
                "{} ({}): nothing in its facts answers this.",
                short_label(facts),
                words::date(&facts.summit().date)
            ));
        }
        merge(&mut out, facts, reply);
    }
    lead.push(
        "Each summit's answer comes from its own facts and cites its own sources; they follow \
         in full, oldest first."
            .to_owned(),
    );
    out.body = lead.join("\n");
    out
}

/// Characters the lead lines of a comparison share: each summit's line gets its part, so the
/// lead shows every summit's fact on the first screen (and within the preview a reader sees
/// before opening the answer) rather than one summit's long fact and the next one's label.
const LEAD_BUDGET: usize = 360;
/// The least a summit's lead fact is clipped to, however many summits are compared.
const LEAD_MIN: usize = 120;

/// The sentence of one summit's answer that best answers the question, with its citation mark:
/// the sentence sharing the most (weighted) query terms with the question, in the body first
/// and then the sections, the earliest on a tie. A sentence in the record of a participant the
/// question names (a section or answer titled with that name) counts a little more, since that
/// record says what the question is about ("what did russia say" → Russia's record, not a
/// leader who mentioned Russia). Lines without a citation mark (a role, "By: United Kingdom",
/// "Took part in person.") are labels, not facts, and never lead. When the sentence does not
/// name what the question names ("he said …"), the answer's title goes first, so the line says
/// who it is about. Falls back to the body's first line.
fn lead_fact(facts: &Facts, question: &str, reply: &Reply, offset: usize, budget: usize) -> String {
    let analysis = facts.index.analyze(question);
    let named = named_keys(facts, &analysis);
    // The ids of what the question names whose record a title heads.
    let about = |title: &str| -> Vec<&str> {
        let t = fold(title);
        named
            .iter()
            .filter(|(_, keys)| keys.contains(&t))
            .map(|(id, _)| id.as_str())
            .collect()
    };
    let mut blocks: Vec<(Vec<&str>, &str)> = vec![(about(&reply.title), reply.body.as_str())];
    blocks.extend(reply.sections.iter().map(|s| {
        (
            about(s.name.split(" — ").next().unwrap_or(&s.name)),
            s.body.as_str(),
        )
    }));
    let mut best: Option<(f32, String, String)> = None; // (score, sentence, mark)
    for (own_record, body) in blocks {
        for line in body.lines() {
            let line = line.trim().trim_start_matches(['•', '-', ' ']);
            let Some((text, mark)) = split_mark(line) else {
                continue;
            };
            for sentence in sentences(text) {
                // A figure's bare value ("4") says nothing on its own.
                if sentence.split_whitespace().count() < 4 {
                    continue;
                }
                let mut score = relevance(&analysis, &named, &own_record, facts, sentence);
                if !own_record.is_empty() {
                    score += 1.5;
                }
                if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                    best = Some((score, sentence.to_owned(), mark.to_owned()));
                }
            }
        }
    }
    let budget = budget.max(LEAD_MIN);
    let text = match best {
        Some((_, sentence, mark)) => {
            let sentence = clip_words(&sentence, budget);
            let folded = format!(" {} ", fold(&sentence));
            let first = sentence
                .split_whitespace()
                .next()
                .map(fold)
                .unwrap_or_default();
            let names_it = !PRONOUNS.contains(&first.as_str())
                && (named.is_empty()
                    || named
                        .iter()
                        .any(|(_, keys)| keys.iter().any(|k| folded.contains(&format!(" {k} ")))));
            let title = reply.title.trim();
            let sentence = if !names_it && !title.is_empty() && title.chars().count() <= 60 {
                clip_words(&format!("{title}: {sentence}"), budget)
            } else {
                sentence
            };
            format!("{sentence} {mark}")
        }
        None => {
            let first = reply
                .body
                .split("\n\n")
                .next()
                .unwrap_or(&reply.body)
                .trim();
            let first = first.lines().next().unwrap_or(first);
            clip_words(first, budget)
        }
    };
    renumber(&text, offset)
}

/// `text` cut to at most `max` characters at a word boundary, with "…" when cut, so a clipped
/// lead never shows half a word.
fn clip_words(text: &str, max: usize) -> String {
    crate::text::clip(text, max, crate::text::Cut::AtWord).into_owned()
}

/// For each participant, document or topic the question names (not the summit), the folded
/// names it goes by: id, name and aliases.
fn named_keys(facts: &Facts, analysis: &crate::search::Analysis) -> Vec<(String, Vec<String>)> {
    analysis
        .entities
        .iter()
        .filter_map(|&e| facts.index.entity(e))
        .filter(|e| e.kind != crate::search::EntityKind::Summit)
        .map(|e| {
            let mut keys = vec![fold(&e.name), fold(&e.id.replace('-', " "))];
            if let Some(p) = facts.participant(&e.id) {
                keys.extend(p.aliases.iter().map(|a| fold(a)));
            }
            keys.retain(|k| !k.is_empty());
            (e.id.clone(), keys)
        })
        .collect()
}

/// A fact line split into its text and its trailing citation mark (`[1, 3]`), or `None` when
/// it has no mark (a label line).
fn split_mark(line: &str) -> Option<(&str, &str)> {
    let open = line.rfind(" [")?;
    let mark = &line[open + 1..];
    let inner = mark.strip_prefix('[')?.split(']').next()?;
    let numeric = !inner.is_empty()
        && inner
            .split(", ")
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let close = mark.find(']')?;
    numeric.then(|| (line[..open].trim(), &mark[..=close]))
}

/// Words that open a sentence whose subject is named before it ("He said …"): such a sentence
/// leads after the answer's title, which names the subject.
const PRONOUNS: &[&str] = &[
    "it", "its", "this", "that", "these", "those", "they", "their", "he", "his", "she", "her",
];

/// The sentences of a fact: split after ". " when a capital letter or digit follows, so "U.S.
/// representation" stays whole.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        let next = text[i + 2..].chars().next();
        if next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// How well a sentence matches a question: for each query-term group, the weight of its best
/// term found in the sentence, a word term among its stemmed words and a name term (`@p:…`) by
/// any name of what the question names.
fn relevance(
    analysis: &crate::search::Analysis,
    named: &[(String, Vec<String>)],
    own_record: &[&str],
    facts: &Facts,
    sentence: &str,
) -> f32 {
    let folded = fold(sentence);
    let stems: Vec<String> = folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| facts.index.stem_of(w))
        .collect();
    let joined = format!(" {} ", stems.join(" "));
    let plain = format!(" {folded} ");
    let names = |id: &str| {
        own_record.contains(&id)
            || named
                .iter()
                .filter(|(n, _)| n == id)
                .any(|(_, keys)| keys.iter().any(|k| plain.contains(&format!(" {k} "))))
    };
    let mut groups: std::collections::BTreeMap<usize, f32> = Default::default();
    for t in &analysis.terms {
        let found = match t.term.strip_prefix('@') {
            // A participant the question names, by any of its names (or its own record); a
            // topic or document is found through the words of the same group instead.
            Some(entity) => entity.strip_prefix("p:").is_some_and(names),
            None => {
                let term: Vec<String> = t.term.split(' ').map(|w| facts.index.stem_of(w)).collect();
                joined.contains(&format!(" {} ", term.join(" ")))
            }
        };
        if found {
            let g = groups.entry(t.group).or_default();
            *g = g.max(t.weight);
        }
    }
    groups.values().sum()
}

/// A summit's name for a line that also gives its date: its shortest alias, capitalised
/// ("London"), else its name.
fn short_label(facts: &Facts) -> String {
    let short = short_name(facts);
    let mut chars = short.chars();
    match chars.next() {
        Some(c) if short != facts.summit().name.as_str() => c.to_uppercase().chain(chars).collect(),
        _ => short,
    }
}

/// Summits compared with nothing more specific to ask each ("compare london and paris"): what
/// each was, from its summary, oldest first.
fn overview(summits: &[&Facts]) -> Reply {
    let mut c = Composer::new(
        summits[0],
        format!("Across {}", plural(summits.len(), "summit", "summits")),
    );
    // The body names every summit with its date, place and host, so the first lines compare
    // them; each one's summary follows in its own section.
    let mut lead = Vec::with_capacity(summits.len() + 1);
    for facts in summits {
        c.switch_summit(facts);
        let s = facts.summit();
        let mut said = format!(
            "{} ({}): {}; host: {}.",
            short_label(facts),
            words::date(&s.date),
            s.place,
            words::name(facts, &s.host)
        );
        c.cite_into(&mut said, &s.sources);
        lead.push(said);
        let mut line = String::with_capacity(s.summary.len() + 16);
        line.push_str(&s.summary);
        c.cite_into(&mut line, &s.sources);
        c.section(&label(facts), [line, format!("Id: `{}`", s.id)]);
    }
    lead.push(
        "What each summit was follows, oldest first; `/summit summit:<id>` shows one in full and \
         `/timeline summit:all` the events of all of them."
            .to_owned(),
    );
    c.set_body(lead.join("\n"));
    c.finish()
}

/// Appends one summit's answer to a reply across summits: its title and body as a section
/// named by the summit, its sections after it, its citations renumbered to follow the ones
/// already there.
fn merge(out: &mut Reply, facts: &Facts, reply: Reply) {
    let offset = out.citations.len();
    let mut lines = Vec::new();
    if reply.kind == ReplyKind::Answer {
        lines.push(format!("**{}**", reply.title));
    }
    lines.extend(
        renumber(&reply.body, offset)
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(str::to_owned),
    );
    push_sections(&mut out.sections, &label(facts), lines);
    for section in reply.sections {
        let name = format!("{} — {}", section.name, facts.summit().name);
        push_sections(&mut out.sections, &name, [renumber(&section.body, offset)]);
    }
    out.citations.extend(reply.citations);
}

/// Adds `offset` to every citation mark (` [1, 3]`) in `text`: marks are what [`Composer`]
/// writes, a space, a bracket, numbers separated by ", ", a bracket.
fn renumber(text: &str, offset: usize) -> String {
    if offset == 0 {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(open) = rest.find(" [") {
        out.push_str(&rest[..open + 2]);
        let after = &rest[open + 2..];
        let close = after.find(']');
        let inner = close.map(|c| &after[..c]);
        let numbers: Option<Vec<usize>> = inner.and_then(|inner| {
            inner
                .split(", ")
                .map(|n| {
                    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| n.parse().ok())
                        .flatten()
                })
                .collect()
        });
        match (numbers, close) {
            (Some(numbers), Some(close)) => {
                let shifted: Vec<String> =
                    numbers.iter().map(|n| (n + offset).to_string()).collect();
                out.push_str(&shifted.join(", "));
                out.push(']');
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// "Was Zelensky at both summits": how each participant the question names took part in each
/// summit, from the participant records. `None` unless the question is only about taking part:
/// besides the participants' names it has only words of attendance ("at", "attend", "there")
/// and filler ("was", "the"), and at least one word of attendance.
fn attended(summits: &[&Facts], rest: &str) -> Option<Reply> {
    // The participant ids the question names, in any of the summits, and the words it is
    // made of once typos are corrected.
    let mut ids: Vec<String> = Vec::new();
    let mut read: Vec<String> = Vec::new();
    for facts in summits {
        let analysis = facts.index.analyze(rest);
        if read.is_empty() {
            read = analysis.words.clone();
        }
        for &e in &analysis.entities {
            if let Some(entity) = facts.index.entity(e) {
                if entity.kind == crate::search::EntityKind::Participant
                    && !ids.contains(&entity.id)
                {
                    ids.push(entity.id.clone());
                }
            }
        }
    }
    let first_id = ids.first()?;
    let name_words: Vec<String> = summits
        .iter()
        .flat_map(|f| ids.iter().filter_map(|id| f.participant(id)))
        .flat_map(|p| {
            let mut keys = vec![fold(&p.id), fold(&p.name)];
            keys.extend(p.aliases.iter().map(|a| fold(a)));
            keys
        })
        .flat_map(|k| k.split(' ').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let mut about_attendance = false;
    for w in &read {
        if ATTENDANCE_WORDS.contains(&w.as_str()) {
            about_attendance = true;
        } else if !FILLER_WORDS.contains(&w.as_str()) && !name_words.contains(w) {
            return None;
        }
    }
    if !about_attendance {
        return None;
    }
    let name = summits
        .iter()
        .find_map(|f| f.participant(first_id))
        .map(|p| p.name.to_string())?;
    let first = summits[0];
    let mut c = Composer::new(first, format!("{name} at each summit"));
    let mut present = 0;
    let mut lead = Vec::new();
    for facts in summits {
        c.switch_summit(facts);
        let mut lines = Vec::new();
        for id in &ids {
            match facts.participant(id) {
                Some(p) => {
                    c.show_participant(&p.id);
                    if matches!(p.attendance, Attendance::InPerson | Attendance::Represented) {
                        present += 1;
                    }
                    let mut said = format!(
                        "{} ({}): {} {}",
                        short_label(facts),
                        words::date(&facts.summit().date),
                        p.name,
                        words::attendance_short(p.attendance)
                    );
                    c.cite_into(&mut said, &p.sources);
                    lead.push(said);
                    let mut line = format!(
                        "{}: {} {}",
                        p.name,
                        words::attendance_long(p.attendance),
                        p.summary
                    );
                    c.cite_into(&mut line, &p.sources);
                    lines.push(line);
                }
                None => {
                    let who = summits
                        .iter()
                        .find_map(|f| f.participant(id))
                        .map_or(id.as_str(), |p| p.name.as_str());
                    let mut line = format!("{who}: not among the participants recorded.");
                    c.cite_into(&mut line, &facts.summit().sources);
                    lead.push(format!(
                        "{} ({}): {line}",
                        short_label(facts),
                        words::date(&facts.summit().date)
                    ));
                    lines.push(line);
                }
            }
        }
        c.section(&label(facts), lines);
    }
    let total = summits.len() * ids.len();
    lead.push(format!(
        "Present (in person or through representatives) in {present} of {total}; each \
         summit's record follows, oldest first."
    ));
    c.set_body(lead.join("\n"));
    Some(c.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_shifted_and_other_brackets_left_alone() {
        assert_eq!(renumber("a [1, 3]. b [2]", 4), "a [5, 7]. b [6]");
        assert_eq!(renumber("a [x] [1]", 2), "a [x] [3]");
        assert_eq!(renumber("[1] at start", 2), "[1] at start");
        assert_eq!(renumber("unclosed [1", 2), "unclosed [1");
        assert_eq!(renumber("a [1]", 0), "a [1]");
    }

    #[test]
    fn day_counts() {
        assert_eq!(days_between("2025-03-02", "2026-01-06"), Some(310));
        assert_eq!(days_between("2026-01-06", "2025-03-02"), Some(-310));
        assert_eq!(days_between("x", "2025-03-02"), None);
    }
}
