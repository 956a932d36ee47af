//! The `/ask` quality gate: every question in `tests/ask_eval.toml` is asked of the embedded Paris
//! facts, each failure is printed with what was expected and what came back, and the test fails
//! when fewer than 95% of the cases pass.
//!
//! Only the answer's title, body and sections are searched, not its citations, so a source's
//! title can never satisfy a case on the answer's behalf.

use serde::Deserialize;
use summit_bot::engine::ask;
use summit_bot::facts::{self, Facts};
use summit_bot::reply::{Reply, ReplyKind};
use summit_bot::request::{OptionValue, Request};
use summit_bot::text::fold;

const PASS_RATE: f64 = 0.95;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Eval {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    q: String,
    #[serde(default)]
    must_contain: Vec<String>,
    #[serde(default)]
    must_not_contain: Vec<String>,
    #[serde(default)]
    leads_with: Vec<String>,
    #[serde(default = "yes")]
    answered: bool,
}

fn yes() -> bool {
    true
}

/// This eval's questions are about the Paris summit, asked of its file alone.
const PARIS: &str = "data/paris-2026-01-06.toml";

fn paris_text() -> &'static str {
    facts::embedded_file(PARIS).expect("the Paris file is bundled")
}

fn load() -> (Facts, Vec<Case>) {
    let facts = facts::load_str(PARIS, paris_text())
        .unwrap_or_else(|d| panic!("embedded facts are invalid:\n{d}"));
    let eval: Eval = toml::from_str(include_str!("ask_eval.toml")).expect("ask_eval.toml parses");
    (facts, eval.case)
}

fn ask(facts: &Facts, q: &str) -> Reply {
    let request = Request::new("ask").with("question", OptionValue::String(q.to_owned()));
    ask::answer(facts, &request)
}

/// The searchable text of a reply: everything but the citations.
fn shown(reply: &Reply) -> String {
    let mut s = format!("{}\n{}\n", reply.title, reply.body);
    for sec in &reply.sections {
        s.push_str(&sec.name);
        s.push('\n');
        s.push_str(&sec.body);
        s.push('\n');
    }
    s
}

/// Why a case failed, or None when it passed.
fn check(case: &Case, reply: &Reply) -> Option<String> {
    let text = shown(reply).to_lowercase();
    let answered = reply.kind == ReplyKind::Answer;
    if answered != case.answered {
        return Some(if case.answered {
            "expected an answer, got none".to_owned()
        } else {
            "expected no answer, got one".to_owned()
        });
    }
    if answered && reply.citations.is_empty() {
        return Some("answer without citations".to_owned());
    }
    for want in &case.must_contain {
        let alternatives: Vec<String> = want.split('|').map(|a| a.trim().to_lowercase()).collect();
        if !alternatives.iter().any(|a| text.contains(a.as_str())) {
            return Some(format!("missing {want:?}"));
        }
    }
    let lead = format!("{}\n{}", reply.title, reply.body).to_lowercase();
    for want in &case.leads_with {
        let alternatives: Vec<String> = want.split('|').map(|a| a.trim().to_lowercase()).collect();
        if !alternatives.iter().any(|a| lead.contains(a.as_str())) {
            return Some(format!("does not lead with {want:?}"));
        }
    }
    for bad in &case.must_not_contain {
        if text.contains(&bad.to_lowercase()) {
            return Some(format!("contains {bad:?}"));
        }
    }
    None
}

#[test]
fn eval_set_is_well_formed() {
    let (_, cases) = load();
    assert!(cases.len() >= 70, "need at least 70 questions");
    let declined = cases.iter().filter(|c| !c.answered).count();
    assert!(
        declined >= 15,
        "need at least 15 questions that must not be answered"
    );
    for c in &cases {
        assert!(
            !c.answered || !c.must_contain.is_empty() || !c.leads_with.is_empty(),
            "{:?}: an answered case must say what the answer contains",
            c.q
        );
    }
}

#[test]
fn ask_answers_the_eval_set() {
    let (facts, cases) = load();
    let mut passed = 0;
    for case in &cases {
        let reply = ask(&facts, &case.q);
        match check(case, &reply) {
            None => passed += 1,
            Some(why) => {
                let first = reply.sections.first().map(|s| s.name.as_str());
                println!(
                    "FAIL {:?}: {why}\n     got {:?} {:?} / {:?}",
                    case.q, reply.kind, reply.title, first
                );
            }
        }
    }
    let score = passed as f64 / cases.len() as f64;
    println!(
        "ask eval: {passed}/{} correct ({:.1}%)",
        cases.len(),
        score * 100.0
    );
    assert!(
        score >= PASS_RATE,
        "ask eval score {:.1}% is below {:.0}%",
        score * 100.0,
        PASS_RATE * 100.0
    );
}

/// Nothing is invented: every word an answer shows is a word of the fact file, a number (the
/// citation markers), or one of the fixed labels `/ask` puts around the facts.
#[test]
fn every_answer_word_comes_from_the_fact_file() {
    let (facts, cases) = load();
    let labels = "according to the sources by conditions status signed conditional signalled not \
                  on paper reported confirmed disagree statement host co hosts took part in \
                  person through representatives expected attend attendance referred reports \
                  present raised signed participants recorded countries organisations people \
                  with how each lists its among them kind country organisation person";
    let mut allowed: std::collections::HashSet<String> =
        fold(paris_text()).split(' ').map(str::to_owned).collect();
    allowed.extend(labels.split_whitespace().map(str::to_owned));
    for case in cases.iter().filter(|c| c.answered) {
        let reply = ask(&facts, &case.q);
        for word in fold(&shown(&reply)).split(' ') {
            assert!(
                word.is_empty()
                    || word.bytes().all(|b| b.is_ascii_digit())
                    || allowed.contains(word),
                "{:?}: the answer says {word:?}, which the fact file does not",
                case.q
            );
        }
    }
}

/// The citation numbers marked in shown text: every `[1]` or `[2, 5]` group of numbers.
fn marks(text: &str) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    for group in text.split('[').skip(1) {
        let Some((inside, _)) = group.split_once(']') else {
            continue;
        };
        let numbers: Vec<Option<usize>> = inside.split(", ").map(|n| n.parse().ok()).collect();
        if numbers.iter().all(Option::is_some) {
            out.extend(numbers.into_iter().flatten());
        }
    }
    out
}

/// Every source an answer lists is marked in the text it shows, and every mark names a listed
/// source: a citation list longer than what the text rests on would lend the answer authority it
/// does not have, and a mark past the list would point at nothing.
#[test]
fn every_listed_citation_is_marked_in_the_shown_text() {
    let (facts, cases) = load();
    let mut checked = 0;
    for case in &cases {
        let reply = ask(&facts, &case.q);
        if reply.kind != ReplyKind::Answer {
            assert!(reply.citations.is_empty(), "{:?}: a refusal cites", case.q);
            continue;
        }
        let listed: std::collections::BTreeSet<usize> = (1..=reply.citations.len()).collect();
        assert_eq!(
            marks(&shown(&reply)),
            listed,
            "{:?}: marks in the text differ from the {} listed citations",
            case.q,
            reply.citations.len()
        );
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} answers checked");
}

#[test]
fn citation_marks_are_read_as_written() {
    assert_eq!(marks("a [1] b [2, 5] c"), [1, 2, 5].into());
    assert_eq!(marks("[x] [3] [4, y]"), [3].into());
    assert!(marks("no marks").is_empty());
}

#[test]
fn private_option_makes_the_answer_ephemeral() {
    let (facts, _) = load();
    let request = Request::new("ask")
        .with("question", OptionValue::String("who hosted it".into()))
        .with("private", OptionValue::Boolean(true));
    let reply = ask::answer(&facts, &request);
    assert!(reply.private && reply.is_ephemeral());
    let public = ask(&facts, "who hosted it");
    assert_eq!(public.kind, ReplyKind::Answer);
    assert!(!public.is_ephemeral());
}

#[test]
fn any_input_gets_a_reply_without_panicking() {
    let (facts, _) = load();
    let long = "did the us sign? ".repeat(400);
    let inputs = [
        "",
        " ",
        long.as_str(),
        "@everyone <@123> **bold** `code`",
        "\u{202E}\u{200B}زيلينسكي 习近平 🇺🇦🇫🇷",
        "2026-13-45 99 january 0th",
        "us us us us",
        "\0\u{7}\u{1b}[31m",
    ];
    for q in inputs {
        let reply = ask(&facts, q);
        let text = shown(&reply);
        assert!(!text.contains("@everyone"), "echoed a mention for {q:?}");
        let _ = ask::explain(&facts, q);
    }
}

/// Thousands of generated questions mixing eval words with hostile characters (accents, emoji,
/// right-to-left and zero-width marks, control characters, markdown, mentions): none may panic,
/// every reply is an answer with citations or a not-found, and no mention survives unescaped.
#[test]
fn generated_questions_never_panic() {
    let (facts, cases) = load();
    let words: Vec<&str> = cases.iter().flat_map(|c| c.q.split_whitespace()).collect();
    let odd = [
        "é",
        "Ü",
        "ß",
        "😀",
        "🇺🇦",
        "\u{202E}",
        "\u{200B}",
        "\u{0}",
        "\u{7}",
        "**",
        "`",
        "@everyone",
        "<@123>",
        "||",
        "习近平",
        "زيلينسكي",
        "Ⅻ",
        "½",
        "2026-01-06",
        "3rd",
        "'s",
        "-",
        "",
    ];
    // A small linear congruential generator: deterministic, no extra dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n.max(1)
    };
    for _ in 0..2000 {
        let mut q = String::new();
        for _ in 0..next(12) {
            let piece = if next(3) == 0 {
                odd[next(odd.len())]
            } else {
                words[next(words.len())]
            };
            q.push_str(piece);
            if next(4) != 0 {
                q.push(' ');
            }
        }
        let reply = ask(&facts, &q);
        match reply.kind {
            ReplyKind::Answer => assert!(!reply.citations.is_empty(), "{q:?}"),
            ReplyKind::NotFound => {}
            ReplyKind::Error => panic!("{q:?} gave an error reply"),
        }
        assert!(!shown(&reply).contains("@everyone"), "{q:?}");
    }
}

#[test]
fn explain_shows_entities_terms_and_scores() {
    let (facts, _) = load();
    let out = ask::explain(&facts, "what did britian promise");
    assert!(out.contains("britian → britain"), "{out}");
    assert!(out.contains("entities:"), "{out}");
    assert!(out.contains("top scores"), "{out}");
    assert!(out.contains("1. "), "{out}");
}
