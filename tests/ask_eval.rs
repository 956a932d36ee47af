//! The `/ask` quality gate: every `*.toml` file in `tests/ask_eval/` is a set of questions asked
//! of the embedded summits, scored by the same strict rules as the development-set runner
//! (`eval.py`, which lives with the shared development material, not in this repository): the answer is rendered as the console shows it; its *body* is the
//! text after the title line and its underline and before the line starting "Sources:"; every
//! `lead` group (a list of alternatives) must have one alternative in the first 400 characters of
//! the body; no `not` string may appear in the body; an `[[unanswerable]]` case must be refused
//! (anything but an answer, which `summit-bot ask` turns into exit status 1). Matching folds case
//! and normalises quotes, dashes and spaces. Each file is scored on its own and the test fails when
//! any file passes fewer than [`FILE_PASS_RATE`] of its cases, or all of them together fewer than
//! [`PASS_RATE`].

use std::path::{Path, PathBuf};

use serde::Deserialize;
use summit_bot::catalog::{Catalog, Facts};
use summit_bot::commands;
use summit_bot::engine::{self, ask};
use summit_bot::render;
use summit_bot::reply::{Reply, ReplyKind};
use summit_bot::request::{OptionValue, Request};
use summit_bot::text::fold;

/// Least share of all the cases together that must pass: issue #14's target for the project's
/// own eval.
const PASS_RATE: f64 = 0.95;

/// Least share of each file's cases that must pass: a floor below the overall target, as the
/// smaller files (26 to 61 cases) move by 2–4 points a case; it only ever goes up.
const FILE_PASS_RATE: f64 = 0.9;

/// How far into the body a `lead` group must appear, as in the dev-set runner.
const LEAD_CHARS: usize = 400;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvalFile {
    #[serde(default)]
    case: Vec<Case>,
    #[serde(default)]
    unanswerable: Vec<Unanswerable>,
}

/// A question the facts answer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[serde(default)]
    category: String,
    q: String,
    #[serde(default)]
    lead: Vec<Group>,
    #[serde(default)]
    not: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

/// A question that must be refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Unanswerable {
    #[serde(default)]
    category: String,
    q: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

/// One `lead` group: a single string or a list of alternatives.
#[derive(Deserialize)]
#[serde(untagged)]
enum Group {
    One(String),
    Any(Vec<String>),
}

impl Group {
    fn alternatives(&self) -> &[String] {
        match self {
            Group::One(s) => std::slice::from_ref(s),
            Group::Any(v) => v,
        }
    }
}

/// One eval file, by name.
struct Set {
    name: String,
    cases: Vec<Case>,
    refusals: Vec<Unanswerable>,
}

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ask_eval")
}

/// Every `*.toml` in `tests/ask_eval/`, by file name.
fn sets() -> Vec<Set> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(eval_dir())
        .expect("tests/ask_eval is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("eval file is readable");
            let file: EvalFile =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            Set {
                name: p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                cases: file.case,
                refusals: file.unanswerable,
            }
        })
        .collect()
}

fn catalog() -> Catalog {
    Catalog::embedded().unwrap_or_else(|d| panic!("embedded facts are invalid:\n{d}"))
}

/// The Paris facts, for the checks that look at one fact file.
fn paris(catalog: &Catalog) -> &Facts {
    catalog
        .summits()
        .iter()
        .find(|f| f.id().contains("paris"))
        .unwrap_or_else(|| catalog.newest())
}

fn ask_catalog(catalog: &Catalog, q: &str) -> Reply {
    let request = Request::new("ask").with("question", OptionValue::String(q.to_owned()));
    commands::answer(catalog, &request)
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

/// Quotes, dashes and spaces to their plain forms, then lowercase, as the dev-set runner does.
fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}'
            | '\u{bb}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => {
                out.push('-')
            }
            '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{200b}' | '\u{feff}' | '\u{ad}' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The answer's body as the dev-set runner reads it from the console text.
fn body_of(rendered: &str) -> String {
    let lines: Vec<&str> = rendered.split('\n').collect();
    let mut i = lines.iter().take_while(|l| l.trim().is_empty()).count();
    i += 1;
    let underline = |l: &str| {
        let t = l.trim();
        !t.is_empty()
            && t.chars()
                .all(|c| matches!(c, '\u{2500}' | '\u{2501}' | '\u{2550}'))
    };
    if lines.get(i).is_some_and(|l| underline(l)) {
        i += 1;
    }
    let body: Vec<&str> = lines
        .iter()
        .skip(i)
        .take_while(|l| !l.trim_start().starts_with("Sources:"))
        .copied()
        .collect();
    body.join("\n").trim_matches('\n').to_owned()
}

/// Why an answerable case failed, or None when it passed.
fn check(case: &Case, reply: &Reply) -> Option<String> {
    if reply.kind != ReplyKind::Answer {
        return Some(format!("expected an answer, got {:?}", reply.kind));
    }
    if reply.citations.is_empty() {
        return Some("answer without citations".to_owned());
    }
    let body = norm(&body_of(&render::text::render(reply)));
    let lead: String = body.chars().take(LEAD_CHARS).collect();
    let mut why = Vec::new();
    for group in &case.lead {
        if !group.alternatives().iter().any(|a| lead.contains(&norm(a))) {
            why.push(format!("lead missing one of {:?}", group.alternatives()));
        }
    }
    for bad in &case.not {
        if body.contains(&norm(bad)) {
            why.push(format!("body contains forbidden {bad:?}"));
        }
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// Every answerable question of every file.
fn all_cases() -> Vec<Case> {
    sets().into_iter().flat_map(|s| s.cases).collect()
}

#[test]
fn eval_sets_are_well_formed() {
    let sets = sets();
    assert!(
        sets.iter().any(|s| s.name == "paris.toml"),
        "paris.toml is missing"
    );
    for s in &sets {
        assert!(
            !s.cases.is_empty() || !s.refusals.is_empty(),
            "{}: no cases",
            s.name
        );
        for c in &s.cases {
            assert!(
                !c.lead.is_empty(),
                "{}: {:?}: an answerable case must say what the answer leads with",
                s.name,
                c.q
            );
            assert!(
                c.lead.iter().all(|g| !g.alternatives().is_empty()),
                "{}: {:?}: an empty lead group can never be met",
                s.name,
                c.q
            );
        }
    }
    let total: usize = sets.iter().map(|s| s.cases.len() + s.refusals.len()).sum();
    let refused: usize = sets.iter().map(|s| s.refusals.len()).sum();
    assert!(total >= 300, "need at least 300 questions, have {total}");
    assert!(
        refused >= 60,
        "need at least 60 questions that must be refused"
    );
}

#[test]
fn ask_answers_the_eval_sets() {
    let catalog = catalog();
    let (mut all_passed, mut all_total) = (0usize, 0usize);
    let mut low = Vec::new();
    for set in sets() {
        let mut passed = 0;
        let mut per_cat: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
        for case in &set.cases {
            let reply = ask_catalog(&catalog, &case.q);
            let stats = per_cat.entry(case.category.as_str()).or_default();
            stats.1 += 1;
            match check(case, &reply) {
                None => {
                    passed += 1;
                    stats.0 += 1;
                }
                Some(why) => {
                    let body = body_of(&render::text::render(&reply));
                    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
                    let snippet: String = flat.chars().take(160).collect();
                    println!(
                        "FAIL {} [{}] {:?}: {why}\n     body: {snippet}",
                        set.name, case.category, case.q
                    );
                }
            }
        }
        for case in &set.refusals {
            let reply = ask_catalog(&catalog, &case.q);
            let stats = per_cat.entry(case.category.as_str()).or_default();
            stats.1 += 1;
            if reply.kind == ReplyKind::Answer {
                println!(
                    "FAIL {} [{}] {:?}: expected a refusal, got an answer: {}",
                    set.name, case.category, case.q, reply.title
                );
            } else {
                passed += 1;
                stats.0 += 1;
            }
        }
        let total = set.cases.len() + set.refusals.len();
        let score = passed as f64 / total.max(1) as f64;
        for (cat, (p, n)) in &per_cat {
            println!("  {:<14} {cat:<40} {p:>3}/{n:<3}", set.name);
        }
        println!(
            "ask eval {}: {passed}/{total} ({:.1}%)",
            set.name,
            score * 100.0
        );
        if score < FILE_PASS_RATE {
            low.push(format!("{} {:.1}%", set.name, score * 100.0));
        }
        all_passed += passed;
        all_total += total;
    }
    let score = all_passed as f64 / all_total.max(1) as f64;
    println!(
        "ask eval overall: {all_passed}/{all_total} ({:.1}%)",
        score * 100.0
    );
    assert!(
        low.is_empty() && score >= PASS_RATE,
        "files below {:.0}%: [{}]; overall {:.1}% (needs {:.0}%)",
        FILE_PASS_RATE * 100.0,
        low.join(", "),
        score * 100.0,
        PASS_RATE * 100.0
    );
}

#[test]
fn the_body_is_read_as_the_dev_set_runner_reads_it() {
    let text = "Title\n─────\nfirst line\nsecond\n\nSection\n  more\n\nSources:\n[1] x\n";
    assert_eq!(body_of(text), "first line\nsecond\n\nSection\n  more");
    assert_eq!(body_of("\nTitle\nno underline\n"), "no underline");
    assert_eq!(
        norm("Élysée “quoted” – A\u{a0}B"),
        "élysée \"quoted\" - a b"
    );
}

/// Nothing is invented: every word an answer shows is a word of a fact file, a number (the
/// citation markers), or one of the fixed labels and verdict words `/ask` puts around the facts.
#[test]
fn every_answer_word_comes_from_the_fact_file() {
    let catalog = catalog();
    let labels = "according to the sources by conditions status signed conditional signalled not \
                  on paper reported confirmed disagree statement host co hosts took part in \
                  person through representatives expected attend attendance referred reports \
                  present raised signed participants recorded countries organisations people \
                  with how each lists its among them kind country organisation person \
                  balanced no version is better best supported why weaker only official wire \
                  press other";
    let mut allowed: std::collections::HashSet<String> = labels
        .split_whitespace()
        .chain(ask::LABEL_WORDS.split_whitespace())
        .chain(engine::across::LABEL_WORDS.split_whitespace())
        .map(str::to_owned)
        .collect();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for entry in std::fs::read_dir(data).expect("data/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).expect("fact file is readable");
            allowed.extend(fold(&text).split(' ').map(str::to_owned));
        }
    }
    for case in all_cases() {
        let reply = ask_catalog(&catalog, &case.q);
        if reply.kind != ReplyKind::Answer {
            continue;
        }
        for word in fold(&shown(&reply)).split(' ') {
            assert!(
                word.is_empty()
                    || word.bytes().all(|b| b.is_ascii_digit())
                    || allowed.contains(word),
                "{:?}: the answer says {word:?}, which no fact file does",
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
    let catalog = catalog();
    let cases = all_cases();
    let mut checked = 0;
    for case in &cases {
        let reply = ask_catalog(&catalog, &case.q);
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
    let catalog = catalog();
    let facts = paris(&catalog);
    let request = Request::new("ask")
        .with("question", OptionValue::String("who hosted it".into()))
        .with("private", OptionValue::Boolean(true));
    let reply = ask::answer(facts, &request);
    assert!(reply.private && reply.is_ephemeral());
    let public = ask(facts, "who hosted it");
    assert_eq!(public.kind, ReplyKind::Answer);
    assert!(!public.is_ephemeral());
}

#[test]
fn any_input_gets_a_reply_without_panicking() {
    let catalog = catalog();
    let facts = paris(&catalog);
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
        let reply = ask(facts, q);
        let text = shown(&reply);
        assert!(!text.contains("@everyone"), "echoed a mention for {q:?}");
        let _ = ask::explain(facts, q);
    }
}

/// Thousands of generated questions mixing eval words with hostile characters (accents, emoji,
/// right-to-left and zero-width marks, control characters, markdown, mentions): none may panic,
/// every reply is an answer with citations or a not-found, and no mention survives unescaped.
#[test]
fn generated_questions_never_panic() {
    let catalog = catalog();
    let facts = paris(&catalog);
    let cases = all_cases();
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
        let reply = ask(facts, &q);
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
    let catalog = catalog();
    let facts = paris(&catalog);
    let out = ask::explain(facts, "what did britian promise");
    assert!(out.contains("britian → britain"), "{out}");
    assert!(out.contains("entities:"), "{out}");
    assert!(out.contains("top scores"), "{out}");
    assert!(out.contains("1. "), "{out}");
}
