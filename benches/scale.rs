//! How costs grow with the facts: the embedded Paris file replicated N = 1, 10 and 100 times
//! (`support/scale.rs`, built in memory), measured for loading and validating, every command's
//! example, `/ask` on a mix of questions, the lazy typo index, and every option's autocomplete on
//! nothing typed, a name prefix and a typo.
//!
//! Run: `cargo bench --bench scale` (the README's Performance section reports the medians and
//! the growth from N=10 to N=100). Targets: load+validate at N=100 under 100 ms; every answer at
//! N=100 under 1 ms (answers that list everything may grow with what they show); autocomplete
//! under 20 µs at N=1 and under 1 ms at N=100.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use summit_bot::catalog::{self, Catalog, Facts};
use summit_bot::commands::{self, COMMANDS};
use summit_bot::request::EntityKind;
use summit_bot::request::{OptionValue, Request};

#[path = "support/scale.rs"]
mod scale;

const SIZES: [usize; 3] = [1, 10, 100];

/// A mix of `/ask` questions: who, what, did, when, how many, a roster question, a typo and one
/// the facts cannot answer.
const QUESTIONS: [&str; 10] = [
    "did the US sign?",
    "what did britain promise",
    "who are the participants",
    "how many troops will the uk send",
    "when was the summit",
    "what did merz say",
    "is the declaration legally binding",
    "zelenksy security guarantees",
    "who leads the monitoring",
    "who won the world cup",
];

fn catalog(text: &str) -> Catalog {
    let facts = catalog::load_str("scaled.toml", text).expect("the scaled facts are valid");
    Catalog::new(vec![Arc::new(facts)]).expect("one summit")
}

/// The first word of at least five letters in the name of the first entity of `kind` (the
/// summit's own name for summits), lowercased: what someone starts typing.
fn first_word(facts: &Facts, kind: EntityKind) -> String {
    let file = &facts.file;
    let name: &str = match kind {
        EntityKind::Participant => file.participants.first().map_or("", |p| &p.name),
        EntityKind::Pledge => file.pledges.first().map_or("", |p| &p.title),
        EntityKind::Question => file.questions.first().map_or("", |q| &q.title),
        EntityKind::Topic => file.topics.first().map_or("", |t| &t.name),
        EntityKind::Summit => &facts.summit().name,
    };
    let word = name
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().count() >= 5)
        .unwrap_or(name);
    word.to_lowercase()
}

/// `word` with its last two letters swapped: a typo that no name matches literally.
fn swapped(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n >= 2 {
        chars.swap(n - 2, n - 1);
    }
    chars.into_iter().collect()
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let texts: Vec<(usize, String)> = SIZES.iter().map(|&n| (n, scale::scaled(n))).collect();

    let mut group = c.benchmark_group("load+validate");
    group.sample_size(10);
    for (n, text) in &texts {
        group.bench_with_input(BenchmarkId::from_parameter(n), text, |b, text| {
            b.iter(|| catalog::load_str("scaled.toml", black_box(text)).expect("valid"))
        });
    }
    group.finish();

    let catalogs: Vec<(usize, Catalog)> = texts.iter().map(|(n, t)| (*n, catalog(t))).collect();

    for spec in COMMANDS {
        // Filled from copy 1, the Paris file itself, so the same line at every N.
        let example = spec.example(catalogs[0].1.newest());
        let request = Request::parse_slash(&example).expect("command examples parse");
        let mut group = c.benchmark_group(format!("answer {example}"));
        for (n, catalog) in &catalogs {
            group.bench_with_input(BenchmarkId::from_parameter(n), catalog, |b, catalog| {
                b.iter(|| commands::answer(catalog, black_box(&request)))
            });
        }
        group.finish();
    }

    // The lazy typo index, built as the first question with an unknown word builds it.
    let mut group = c.benchmark_group("typo index (first unknown word)");
    group.sample_size(10);
    for (n, catalog) in &catalogs {
        let index = &catalog.newest().index;
        let (words, pairs) = index.build_typo_index();
        eprintln!(
            "typo index at N={n}: {words} words, {pairs} pairs ({:.1} MB)",
            (pairs * 16) as f64 / 1e6
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), index, |b, index| {
            b.iter(|| index.build_typo_index())
        });
    }
    group.finish();

    let asks: Vec<Request> = QUESTIONS
        .iter()
        .map(|q| Request::new("ask").with("question", OptionValue::String((*q).to_owned())))
        .collect();
    let mut group = c.benchmark_group("ask (mix, one question per iteration)");
    for (n, catalog) in &catalogs {
        group.bench_with_input(BenchmarkId::from_parameter(n), catalog, |b, catalog| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % asks.len();
                commands::answer(catalog, black_box(&asks[i]))
            })
        });
    }
    group.finish();

    // Every option that autocompletes (the `summit` option once: it is the same on every
    // command), each with nothing typed, a name prefix and a typo, all taken from copy 1's first
    // entity of the option's kind (so the same text at every N).
    let mut seen_summit = false;
    for spec in COMMANDS {
        for option in spec.options {
            let Some(kind) = option.entity else { continue };
            if kind == EntityKind::Summit {
                if seen_summit {
                    continue;
                }
                seen_summit = true;
            }
            let request = Request::new(spec.name);
            let word = first_word(catalogs[0].1.newest(), kind);
            let prefix: String = word.chars().take(4).collect();
            let typo = swapped(&word);
            for (what, partial) in [
                ("empty prefix".to_owned(), String::new()),
                (format!("name prefix \"{prefix}\""), prefix),
                (format!("typo \"{typo}\""), typo),
            ] {
                let mut group = c.benchmark_group(format!(
                    "autocomplete /{} {}: {what}",
                    spec.name, option.name
                ));
                for (n, catalog) in &catalogs {
                    group.bench_with_input(
                        BenchmarkId::from_parameter(n),
                        catalog,
                        |b, catalog| {
                            b.iter(|| {
                                commands::autocomplete(
                                    catalog,
                                    &request,
                                    option.name,
                                    black_box(&partial),
                                )
                            })
                        },
                    );
                }
                group.finish();
            }
        }
    }
    c.final_summary();
}
