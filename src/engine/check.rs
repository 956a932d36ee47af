//! "Check with summit facts": a message someone posted, read as up to [`MAX_CLAIMS`] claims, each
//! answered the way `/ask` would answer it and given a verdict: supported, contradicted, disputed,
//! not covered, or (when the facts are about it but decide nothing) related facts only.
//!
//! The answering is `/ask`'s own: the caller passes it in (`commands::check` hands over `/ask`
//! dispatched through the registry; the engine does not know the commands), so a claim is checked
//! by exactly the rules and wording `/ask` uses. This module only splits the message, turns each
//! statement into the yes/no question it makes ("the US signed it" → "did the US signed it"),
//! and reads the verdict back from the answer's leading line. Those lines are `/ask`'s fixed
//! verdict labels ([`YES`], [`NO`], [`DISAGREE`], [`UNKNOWN`]); a test on the real facts fails if
//! their wording changes.
//!
//! Message text is the least trusted input the bot reads (anyone can have written it), so it is
//! cleaned before anything reads it: mentions, custom emoji, timestamps and links are dropped,
//! markdown marks removed, and only the first [`READ_MAX`] characters are read. Every claim
//! echoed back goes through [`quote_user`], so nothing in it can ping or format.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::reply::{Citation, Reply, ReplyKind};
use crate::text::{char_len, quote_user};

/// At most this many claims are checked per message; a reply with more would bury each one.
pub const MAX_CLAIMS: usize = 3;

/// Characters of a message read (Discord allows 4000 with Nitro). A claim-per-sentence check of
/// more than this would have checked only its first few sentences anyway.
pub const READ_MAX: usize = 2000;

/// A statement needs this many words to be a claim ("lol.", "Yes!" are not).
const CLAIM_MIN_WORDS: usize = 2;

/// Characters of one fact's text shown under a claim; whole lines only, so no citation mark is
/// cut off the line it belongs to.
const SHOWN_MAX: usize = 600;

/// Longest question `/ask` takes (its `question` option's `max_length`; `commands::check` tests
/// that they agree).
pub const QUESTION_MAX: usize = 300;

/// How much of a claim its heading quotes.
const CLAIM_ECHO: usize = 150;

/// `/ask`'s verdict lines begin with these (see `engine::verdict`).
pub const YES: &str = "Yes, ";
pub const NO: &str = "No, ";
pub const DISAGREE: &str = "Sources disagree";
pub const UNKNOWN: &str = "The facts don't say whether";
/// The line `/ask`'s cross-summit answers end with; one per distinct summit is kept.
const FROM_NOTE: &str = "From the facts of ";
/// `/ask`'s closing pointer on a refusal, which names commands rather than facts.
const HELP_NOTE: &str = "These might help:";

/// Why a claim in another language is not covered.
const NOT_ENGLISH: &str =
    "This does not read as English; the facts are in English, so it is not covered. \
     `/ask` takes questions in English.";

/// The message a message command was used on, as far as checking goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Target<'a> {
    /// `content`: empty when the message is only embeds, attachments or a sticker.
    pub content: &'a str,
    pub embeds: usize,
    pub attachments: usize,
}

/// What the facts say about one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Supported,
    Contradicted,
    Disputed,
    NotCovered,
    /// The facts are about the claim's subject but give no yes/no verdict on it; they are shown,
    /// and the reader judges. Not called "supported": matching facts are not agreeing facts.
    Related,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "✅ Supported",
            Verdict::Contradicted => "❌ Contradicted",
            Verdict::Disputed => "⚖️ Disputed",
            Verdict::NotCovered => "❔ Not covered",
            Verdict::Related => "🔎 No verdict — related facts",
        }
    }

    /// One word, for logs and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Disputed => "disputed",
            Verdict::NotCovered => "not_covered",
            Verdict::Related => "related",
        }
    }

    fn flipped(self) -> Verdict {
        match self {
            Verdict::Supported => Verdict::Contradicted,
            Verdict::Contradicted => Verdict::Supported,
            other => other,
        }
    }
}

/// A message's claims: the statements checked, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// At most [`MAX_CLAIMS`], in message order.
    pub claims: Vec<String>,
    /// Statements after the first [`MAX_CLAIMS`], not checked.
    pub more: usize,
    /// The message was longer than [`READ_MAX`] and only its start was read.
    pub cut: bool,
    /// Links, mentions or emoji were dropped from the text.
    pub dropped: bool,
}

/// One checked claim.
#[derive(Debug, Clone)]
pub struct Checked {
    pub claim: String,
    pub verdict: Verdict,
    /// `/ask`'s answer to the claim's question.
    pub answer: Reply,
}

/// The private reply to "Check with summit facts" on `target`; `ask` is `/ask` on the facts.
pub fn answer(target: &Target<'_>, ask: &dyn Fn(&str) -> Reply) -> Reply {
    let claims = claims(target.content);
    if claims.claims.is_empty() {
        return nothing_to_check(target, &claims);
    }
    // A message that repeats itself (a line pasted twice, a copied paragraph) asks `/ask` each
    // distinct question once: the answer depends on the question alone, and a long message of one
    // sentence over and over would otherwise cost three answers for one.
    let asked: RefCell<Vec<(String, Reply)>> = RefCell::new(Vec::new());
    let ask_once = |question: &str| -> Reply {
        let known = asked
            .borrow()
            .iter()
            .find(|(q, _)| q == question)
            .map(|(_, reply)| reply.clone());
        known.unwrap_or_else(|| {
            let reply = ask(question);
            asked
                .borrow_mut()
                .push((question.to_owned(), reply.clone()));
            reply
        })
    };
    let checked: Vec<Checked> = claims
        .claims
        .iter()
        .map(|c| check_claim(c, &ask_once))
        .collect();
    compose(&claims, &checked)
}

/// Checks one claim (a statement, or a question) with `ask`, which is `/ask` on the facts.
pub fn check_claim(claim: &str, ask: &dyn Fn(&str) -> Reply) -> Checked {
    let (question, negated) = question_for(claim);
    let mut answer = ask(&question);
    let mut verdict = read_verdict(&answer);
    if verdict == Verdict::NotCovered && not_english(claim) {
        // `/ask`'s refusal would name a foreign word as an unknown participant or topic; the
        // honest reason is the language.
        let mut reply = Reply::new(ReplyKind::NotFound, "Not covered", NOT_ENGLISH);
        reply.private = true;
        answer = reply;
    }
    if negated {
        verdict = verdict.flipped();
    }
    Checked {
        claim: claim.to_owned(),
        verdict,
        answer,
    }
}

/// The verdict an `/ask` answer gives, from its leading verdict lines: every part must hold for
/// "supported"; one part that fails makes the claim contradicted.
pub fn read_verdict(reply: &Reply) -> Verdict {
    let lines: Vec<&str> = reply
        .body
        .lines()
        .take_while(|l| is_verdict_line(l))
        .collect();
    if lines.is_empty() {
        return match reply.kind {
            ReplyKind::Answer => Verdict::Related,
            _ => Verdict::NotCovered,
        };
    }
    if lines.iter().any(|l| l.starts_with(NO)) {
        Verdict::Contradicted
    } else if lines.iter().any(|l| l.starts_with(DISAGREE)) {
        Verdict::Disputed
    } else if lines.iter().all(|l| l.starts_with(YES)) {
        Verdict::Supported
    } else {
        Verdict::NotCovered
    }
}

fn is_verdict_line(line: &str) -> bool {
    [YES, NO, DISAGREE, UNKNOWN]
        .iter()
        .any(|m| line.starts_with(m))
}

/// The question `/ask` is given for a claim, and whether the claim was negated (its verdict is
/// then the opposite of the question's). A question is asked as it is; a statement becomes a
/// yes/no question by a leading "did", with its negations taken out ("Trump didn't attend" asks
/// "did Trump did attend", and a "no, he was not present" then supports the claim).
pub fn question_for(claim: &str) -> (String, bool) {
    let max = QUESTION_MAX;
    if claim.trim_end().ends_with('?') {
        return (clip_words(claim, max), false);
    }
    let mut negations = 0usize;
    let mut words: Vec<String> = Vec::new();
    for word in claim.split_whitespace() {
        match positive(word) {
            Some(rest) => {
                negations += 1;
                if !rest.is_empty() {
                    words.push(rest);
                }
            }
            None => words.push(word.to_owned()),
        }
    }
    let question = format!("did {}", words.join(" "));
    (clip_words(&question, max), negations % 2 == 1)
}

/// A negating word without its negation: `Some("")` for "not" or "never", `Some("did")` for
/// "didn't"; `None` for any other word.
fn positive(word: &str) -> Option<String> {
    let lower = word.to_lowercase().replace('’', "'");
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    match bare {
        "not" | "never" => return Some(String::new()),
        "won't" | "wont" => return Some("will".to_owned()),
        "can't" | "cant" | "cannot" => return Some("can".to_owned()),
        _ => {}
    }
    let stem = bare
        .strip_suffix("n't")
        .or_else(|| NT_WORDS.contains(&bare).then(|| &bare[..bare.len() - 2]))?;
    (!stem.is_empty()).then(|| stem.to_owned())
}

/// Contractions written without the apostrophe, as chat often does.
const NT_WORDS: &[&str] = &[
    "didnt", "wasnt", "isnt", "arent", "werent", "doesnt", "dont", "hasnt", "havent", "hadnt",
    "wouldnt", "couldnt", "shouldnt",
];

/// At most `max` characters, cut at a word boundary.
fn clip_words(s: &str, max: usize) -> String {
    if char_len(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for word in s.split_whitespace() {
        if char_len(&out) + 1 + char_len(word) > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = s.chars().take(max).collect();
    }
    out
}

/// The claims a message makes: its text cleaned ([`clean`]) and split into sentences; a sentence
/// of fewer than [`CLAIM_MIN_WORDS`] words is not one.
pub fn claims(content: &str) -> Claims {
    let (read, cut) = match content.char_indices().nth(READ_MAX) {
        Some((i, _)) => (&content[..i], true),
        None => (content, false),
    };
    let (text, dropped) = clean(read);
    let mut out = Claims {
        cut,
        dropped,
        ..Claims::default()
    };
    for sentence in sentences(&text).iter().flat_map(|s| clauses(s)) {
        let words = sentence
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if words < CLAIM_MIN_WORDS {
            continue;
        }
        if out.claims.len() < MAX_CLAIMS {
            out.claims.push(sentence);
        } else {
            out.more += 1;
        }
    }
    out
}

/// Sentences of `text`: split after `!`, `?`, `;` (and their full-width forms) when a space or
/// the end follows, and at line breaks. A `.` ends a sentence only when it does not end an
/// abbreviation ("U.S.", "St.") and the next word does not start in lower case, so "the U.S.
/// signed it" stays whole. The end mark is kept.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            push_sentence(&mut out, &mut current);
            continue;
        }
        current.push(c);
        if !chars.peek().is_none_or(|(_, n)| n.is_whitespace()) {
            continue;
        }
        let ends = match c {
            '!' | '?' | ';' | '。' | '！' | '？' | '；' => true,
            '.' => {
                let next = text[i + 1..].trim_start().chars().next();
                let word = current.rsplit(char::is_whitespace).next().unwrap_or("");
                !next.is_some_and(char::is_lowercase) && !is_abbreviation(word)
            }
            _ => false,
        };
        if ends {
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

/// Joiners between two claims in one sentence ("Trump was there, and the US signed it"). Only
/// after a comma: "Macron and Starmer attended" is one claim about two people.
const CLAUSE_JOINERS: &[&str] = &[", and ", ", but ", ", while ", ", whereas "];

/// A sentence split into its clauses at [`CLAUSE_JOINERS`], when each side has at least three
/// words (shorter sides are lists, "Macron, Starmer, and Merz").
fn clauses(sentence: &str) -> Vec<String> {
    let lower = sentence.to_lowercase();
    // Byte offsets agree between the two only while lower-casing keeps lengths; otherwise the
    // sentence is kept whole rather than cut at a wrong place.
    if lower.len() != sentence.len() {
        return vec![sentence.to_owned()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some((at, joiner)) = CLAUSE_JOINERS
        .iter()
        .filter_map(|j| lower[from..].find(j).map(|i| (from + i, *j)))
        .min_by_key(|(i, _)| *i)
    {
        let before = &sentence[start..at];
        let after = &sentence[at + joiner.len()..];
        if before.split_whitespace().count() >= 3 && after.split_whitespace().count() >= 3 {
            out.push(before.trim().to_owned());
            start = at + joiner.len();
        }
        from = at + joiner.len();
    }
    out.push(sentence[start..].trim().to_owned());
    out.retain(|c| !c.is_empty());
    out
}

/// Function words of the other languages summit chat is most often in (French, German, Spanish,
/// Italian, Portuguese, Dutch, Polish), folded, minus words English has too ("a", "die", "in").
const FOREIGN_WORDS: &[&str] = &[
    "le", "la", "les", "des", "du", "est", "une", "et", "sont", "pas", "avec", "pour", "qui",
    "dans", "sur", "au", "aux", "ont", "lieu", "der", "das", "und", "ist", "nicht", "ein", "eine",
    "haben", "hat", "mit", "auf", "dem", "den", "von", "zu", "sind", "wurde", "el", "los", "las",
    "es", "y", "que", "del", "con", "por", "para", "una", "il", "di", "che", "non", "della",
    "sono", "ha", "e", "em", "os", "nao", "foi", "het", "een", "niet", "ik", "zijn", "werd", "ze",
    "nie", "jest", "sie", "na", "oraz", "przez", "po", "w", "z",
];

/// Whether a claim does not read as English, the language the facts and `/ask` are in: mostly
/// letters outside the Latin script, or, of three words or more, more common function words of
/// another language than (or as many as) English stopwords.
pub fn not_english(claim: &str) -> bool {
    let letters = claim.chars().filter(|c| c.is_alphabetic()).count();
    let latin = claim
        .chars()
        .filter(|c| c.is_alphabetic() && (c.is_ascii() || ('\u{C0}'..='\u{24F}').contains(c)))
        .count();
    if letters > 0 && latin * 2 < letters {
        return true;
    }
    let lang = crate::search::lang::Lang::get();
    let words: Vec<String> = claim
        .split_whitespace()
        .map(crate::text::fold)
        .filter(|w| !w.is_empty())
        .collect();
    let foreign = words
        .iter()
        .filter(|w| FOREIGN_WORDS.contains(&w.as_str()))
        .count();
    let english = words.iter().filter(|w| lang.is_stopword(w)).count();
    words.len() >= 3 && foreign > 0 && foreign >= english
}

/// "U.S.", "E.U.", "St.", "Mr.": a word ending in `.` that does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    bare.contains('.')
        || (bare.chars().count() <= 2 && bare.chars().next().is_some_and(char::is_uppercase))
        || matches!(
            bare,
            "Mr" | "Mrs" | "Ms" | "Dr" | "Prof" | "Gen" | "Sen" | "Rep" | "Gov"
        )
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
    current.clear();
    let s = s.trim_end_matches([';', '；']).trim().to_owned();
    if !s.is_empty() {
        out.push(s);
    }
}

/// The words of a Discord message, without what is not a claim: user, role and channel mentions,
/// `@everyone`/`@here`, custom emoji, timestamps and command mentions (`<…>`), links (a masked
/// link keeps its text), and markdown marks (emphasis, spoilers, code, quotes, headings, list
/// bullets). Line breaks are kept: they end sentences. Also says whether anything was dropped.
pub fn clean(text: &str) -> (String, bool) {
    let mut dropped = false;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // `<@123>`, `<#1>`, `<:name:1>`, `<t:1700000000:R>`, `</ask:1>`, `<https://…>`.
        if c == '<' {
            // Only the first `TAG_MAX` bytes can close a tag, so a message of many `<` is read
            // once rather than to its end for each.
            let window = &rest.as_bytes()[1..rest.len().min(TAG_MAX + 1)];
            if let Some(end) = window.iter().position(|&b| b == b'>').map(|e| e + 1) {
                let inner = &rest[1..end];
                let tagged = inner.starts_with(['@', '#', ':', '/'])
                    || inner.starts_with("a:")
                    || inner.starts_with("t:")
                    || inner.starts_with("http");
                if tagged && !inner.contains('\n') {
                    dropped = true;
                    out.push(' ');
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        // `[text](https://…)`: the text stays, the address goes.
        if c == '[' {
            if let Some((label, used)) = masked_link(rest) {
                dropped = true;
                out.push_str(label);
                rest = &rest[used..];
                continue;
            }
        }
        if matches!(c, '*' | '_' | '~' | '`' | '|') {
            out.push(' ');
            rest = &rest[c.len_utf8()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let mut lines = Vec::new();
    for line in out.lines() {
        // Quote, heading, subtext and list marks open a line.
        let line = line
            .trim_start()
            .trim_start_matches(['>', '#', '-', '+', ' ']);
        let mut kept = Vec::new();
        for word in line.split_whitespace() {
            let lower = word.to_lowercase();
            let bare = lower.trim_start_matches(['(', '"', '\'', '“']);
            let address = ["http://", "https://", "www."]
                .iter()
                .any(|p| bare.starts_with(p));
            let ping = matches!(
                lower.trim_end_matches(|c: char| !c.is_alphanumeric()),
                "@everyone" | "@here"
            );
            if address || ping {
                dropped = true;
            } else {
                kept.push(word);
            }
        }
        lines.push(kept.join(" "));
    }
    (lines.join("\n"), dropped)
}

/// Longest `<…>` tag read as a mention, emoji, timestamp or link, in bytes.
const TAG_MAX: usize = 200;

/// Longest text of a masked link, in characters.
const LABEL_MAX: usize = 200;

/// A masked link at the start of `s`: its text and the bytes it spans. Each search stops where
/// the link could no longer be one (a label too long, a space in the address), so a message
/// full of `[` is not read to its end once per bracket.
fn masked_link(s: &str) -> Option<(&str, usize)> {
    // A label of `LABEL_MAX` characters spans at most four bytes each.
    let window = &s.as_bytes()[..s.len().min(LABEL_MAX * 4 + 3)];
    let close = window.windows(2).position(|w| w == b"](")?;
    let label = &s[1..close];
    if label.contains(['[', '\n']) || char_len(label) > LABEL_MAX {
        return None;
    }
    let after = &s[close + 2..];
    if !(after.starts_with("http://") || after.starts_with("https://") || after.starts_with('<')) {
        return None;
    }
    let end = after.find(|c: char| c == ')' || c.is_whitespace())?;
    if !after[end..].starts_with(')') {
        return None;
    }
    Some((label, close + 2 + end + 1))
}

/// The reply when nothing in the message is a claim: it says why, politely.
fn nothing_to_check(target: &Target<'_>, claims: &Claims) -> Reply {
    let body = if target.content.trim().is_empty() {
        if target.embeds + target.attachments > 0 {
            "That message has no text to check: only an embed or attachment. \
             Ask about it with `/ask` in your own words."
        } else {
            "That message has no text to check. Ask with `/ask` in your own words."
        }
    } else if claims.dropped {
        "That message has no statement to check once its links, mentions and emoji are set \
         aside. Ask with `/ask` in your own words."
    } else {
        "That message makes no statement to check: a claim needs at least a few words. \
         Ask with `/ask` in your own words."
    };
    let mut reply = Reply::new(ReplyKind::NotFound, "Nothing to check", body);
    reply.private = true;
    reply
}

/// One reply for every claim: a section per claim with its verdict, the verdict line and the
/// facts it rests on, their citation marks renumbered into one list of sources.
fn compose(claims: &Claims, checked: &[Checked]) -> Reply {
    let mut sources = Sources::default();
    let mut notes: Vec<String> = Vec::new();
    let mut sections = Vec::new();
    for (i, c) in checked.iter().enumerate() {
        let name = heading(i + 1, c);
        let body = shown(&c.answer, &mut sources, &mut notes);
        sections.push((name, body));
    }
    let counts: Vec<String> = [
        Verdict::Supported,
        Verdict::Contradicted,
        Verdict::Disputed,
        Verdict::NotCovered,
        Verdict::Related,
    ]
    .iter()
    .filter_map(|v| {
        let n = checked.iter().filter(|c| c.verdict == *v).count();
        (n > 0).then(|| format!("{n} {}", v.label()))
    })
    .collect();
    let mut body = vec![format!(
        "{} from that message, each checked against the cited facts: {}.",
        match checked.len() {
            1 => "One claim".to_owned(),
            n => format!("{n} claims"),
        },
        counts.join(", ")
    )];
    if claims.more > 0 {
        body.push(format!(
            "Only the first {MAX_CLAIMS} statements were checked; {} more {} not.",
            claims.more,
            if claims.more == 1 { "was" } else { "were" }
        ));
    }
    if claims.cut {
        body.push(format!(
            "The message is long: only its first {READ_MAX} characters were read."
        ));
    }
    if claims.dropped {
        body.push("Links, mentions and emoji in it were set aside.".to_owned());
    }
    body.extend(notes);
    let mut reply = Reply::new(
        ReplyKind::Answer,
        "Checked against the summit facts",
        body.join("\n"),
    );
    for (name, text) in sections {
        reply = reply.section(name, text);
    }
    reply.citations = sources.list;
    reply.private = true;
    for c in checked {
        for id in &c.answer.facts {
            if !reply.facts.contains(id) {
                reply.facts.push(id.clone());
            }
        }
    }
    reply.unanswered = checked
        .iter()
        .filter(|c| c.verdict == Verdict::NotCovered)
        .map(|c| c.claim.clone())
        .collect();
    reply
}

/// A claim's section name: `1. ❌ Contradicted — “the claim”`.
fn heading(n: usize, c: &Checked) -> String {
    format!(
        "{n}. {} — “{}”",
        c.verdict.label(),
        quote_user(&c.claim, CLAIM_ECHO)
    )
}

/// The claim a section name made by [`heading`] quotes, unescaped, or `None` for any other
/// name. A 👍/👎 click on a check carries the message it was on, so its claims are read back
/// from there (nothing is stored); a claim longer than the heading quotes ends with "…".
pub fn claim_of_heading(name: &str) -> Option<String> {
    let (_, quoted) = name.split_once(" — “")?;
    let quoted = quoted.strip_suffix('”')?;
    let mut out = String::with_capacity(quoted.len());
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '\u{200B}' => {}
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    let out = out.trim().to_owned();
    (!out.is_empty()).then_some(out)
}

/// What a claim's section shows of `/ask`'s answer: its verdict lines, then the fact it rests on
/// (the answer's title in bold and its first lines, within [`SHOWN_MAX`]); for a refusal, what
/// it says is missing. Marks are renumbered into `sources`; a "From the facts of" note goes to
/// `notes` once.
fn shown(answer: &Reply, sources: &mut Sources, notes: &mut Vec<String>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = answer.body.lines().peekable();
    while let Some(line) = lines.next_if(|l| is_verdict_line(l)) {
        out.push(sources.renumber(line, &answer.citations));
    }
    let mut facts: Vec<String> = Vec::new();
    if answer.kind == ReplyKind::Answer && !answer.title.trim().is_empty() {
        facts.push(format!("**{}**", answer.title.trim()));
    }
    let mut room = SHOWN_MAX;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with(HELP_NOTE) {
            continue;
        }
        if line.starts_with(FROM_NOTE) {
            // "From the facts of <summit> (<date>)", without the reason the summit was chosen,
            // which was about a question nobody asked.
            let note = match line.find(')') {
                Some(i) => format!("{}.", &line[..=i]),
                None => line.to_owned(),
            };
            if !notes.contains(&note) {
                notes.push(note);
            }
            continue;
        }
        let n = char_len(line);
        // The first fact line is shown whole even when long; the renderer fits the field.
        if n > room && facts.len() > 1 {
            break;
        }
        room = room.saturating_sub(n);
        facts.push(sources.renumber(line, &answer.citations));
    }
    out.extend(facts);
    out.join("\n")
}

/// The sources of every claim's answer in one list, each once, numbered in first-use order.
#[derive(Default)]
struct Sources {
    list: Vec<Citation>,
    by_key: HashMap<String, usize>,
}

impl Sources {
    /// `line` with each citation mark (` [1, 3]`, numbers into `cited`) renumbered into this
    /// list, adding the sources it names. A bracket that is not a mark is left as it is.
    fn renumber(&mut self, line: &str, cited: &[Citation]) -> String {
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let mark = after.find(']').and_then(|close| {
                let numbers: Option<Vec<usize>> = after[..close]
                    .split(", ")
                    .map(|n| {
                        n.parse::<usize>()
                            .ok()
                            .filter(|&n| n >= 1 && n <= cited.len())
                    })
                    .collect();
                numbers.map(|ns| (ns, close))
            });
            match mark {
                Some((numbers, close)) => {
                    let mut renumbered: Vec<usize> = numbers
                        .iter()
                        .map(|&n| self.number(&cited[n - 1]))
                        .collect();
                    renumbered.dedup();
                    let joined: Vec<String> = renumbered.iter().map(usize::to_string).collect();
                    out.push('[');
                    out.push_str(&joined.join(", "));
                    out.push(']');
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('[');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn number(&mut self, citation: &Citation) -> usize {
        if let Some(&n) = self.by_key.get(&citation.key) {
            let known = &mut self.list[n - 1];
            for f in &citation.finds {
                if !known.finds.contains(f) {
                    known.finds.push(f.clone());
                }
            }
            return n;
        }
        self.list.push(citation.clone());
        let n = self.list.len();
        self.by_key.insert(citation.key.clone(), n);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_gives_its_claim_back() {
        for claim in [
            "The U.S. signed it: *twice* (at 10:00) - @everyone <@1> \\ [x]",
            "Trump attended.",
        ] {
            let c = Checked {
                claim: claim.to_owned(),
                verdict: Verdict::Disputed,
                answer: Reply::new(ReplyKind::Answer, "", ""),
            };
            assert_eq!(claim_of_heading(&heading(2, &c)).as_deref(), Some(claim));
        }
        assert_eq!(claim_of_heading("Sources"), None);
        assert_eq!(claim_of_heading("1. x — “”"), None);
    }

    #[test]
    fn sentences_split_at_ends_but_not_inside_abbreviations() {
        let c = claims("The U.S. signed it. Trump was there!\nMacron hosted; lol. Who came?");
        let d = claims("Mr. Macron hosted it. He said so. the rest");
        // A lower-case word after a full stop continues the sentence.
        assert_eq!(
            d.claims,
            vec!["Mr. Macron hosted it.", "He said so. the rest"]
        );
        assert_eq!(
            c.claims,
            vec!["The U.S. signed it.", "Trump was there!", "Macron hosted"]
        );
        assert_eq!(c.more, 1);
        assert!(!c.cut);
    }

    #[test]
    fn clauses_joined_by_a_comma_and_a_conjunction_are_two_claims() {
        assert_eq!(
            claims("Trump was at the Élysée, and the US signed the declaration.").claims,
            vec!["Trump was at the Élysée", "the US signed the declaration."]
        );
        assert_eq!(
            claims("Macron, Starmer, and Merz attended.").claims,
            vec!["Macron, Starmer, and Merz attended."]
        );
    }

    #[test]
    fn other_languages_are_recognised() {
        for claim in [
            "Le sommet a eu lieu à Berlin.",
            "Die USA haben unterschrieben.",
            "Саміт відбувся в Парижі.",
            "峰会在巴黎举行",
        ] {
            assert!(not_english(claim), "{claim}");
        }
        for claim in [
            "The US signed it.",
            "Trump was there",
            "Macron hosted the summit",
            "UK pledged drones",
            "Die hard fans said it",
        ] {
            assert!(!not_english(claim), "{claim}");
        }
    }

    #[test]
    fn mentions_links_and_markdown_are_set_aside() {
        let (text, dropped) = clean(
            "<@123> **Trump** _attended_ <:pog:99> ||really|| see [the text](https://x.example/a) \
             and https://y.example @everyone\n> quoted `code`",
        );
        assert!(dropped);
        assert_eq!(text, "Trump attended really see the text and\nquoted code");
        let (text, dropped) = clean("a < b and c > d");
        assert!(!dropped);
        assert_eq!(text, "a < b and c > d");
    }

    #[test]
    fn negations_become_the_positive_question_and_flip() {
        assert_eq!(
            question_for("The US didn't sign the declaration"),
            ("did The US did sign the declaration".to_owned(), true)
        );
        assert_eq!(
            question_for("Trump was not there"),
            ("did Trump was there".to_owned(), true)
        );
        assert_eq!(
            question_for("Trump never wasn't there"),
            ("did Trump was there".to_owned(), false)
        );
        assert_eq!(
            question_for("did Trump attend?"),
            ("did Trump attend?".to_owned(), false)
        );
        let long = "word ".repeat(200);
        assert!(char_len(&question_for(&long).0) <= 300);
    }

    #[test]
    fn a_repeated_claim_is_asked_once_and_answered_each_time() {
        let asked = std::cell::RefCell::new(Vec::new());
        let ask = |q: &str| -> Reply {
            asked.borrow_mut().push(q.to_owned());
            Reply::new(ReplyKind::Answer, "Facts", format!("{YES}{q}."))
        };
        let target = Target {
            content: "Meloni attended. Meloni attended. Meloni didn't attend.",
            ..Target::default()
        };
        let reply = answer(&target, &ask);
        assert_eq!(
            *asked.borrow(),
            vec!["did Meloni attended.", "did Meloni did attend."]
        );
        assert_eq!(reply.sections.len(), 3);
        assert_eq!(reply.sections[0].body, reply.sections[1].body);
        assert!(reply.sections[2]
            .name
            .contains(Verdict::Contradicted.label()));
    }

    #[test]
    fn messages_without_a_claim_get_a_polite_private_reply() {
        let ask = |_: &str| -> Reply { panic!("nothing is asked when there is no claim") };
        for target in [
            Target {
                content: "",
                embeds: 1,
                attachments: 0,
            },
            Target {
                content: "  ",
                embeds: 0,
                attachments: 2,
            },
            Target {
                content: "<@1> https://x.example",
                ..Target::default()
            },
            Target {
                content: "lol",
                ..Target::default()
            },
        ] {
            let reply = answer(&target, &ask);
            assert_eq!(reply.kind, ReplyKind::NotFound, "{target:?}");
            assert!(reply.is_ephemeral());
            assert!(reply.body.contains("/ask"), "{}", reply.body);
        }
    }
}
