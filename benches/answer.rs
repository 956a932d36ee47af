//! What a reply costs: every command answered by the engine and rendered to the JSON bytes a
//! Discord transport sends, on every bundled summit, and loading + validating the embedded fact
//! files.
//!
//! Run: `cargo bench --bench answer` (the README reports the medians). Targets: under 50 µs per
//! command, under 10 ms to load and validate every bundled summit.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use summit_bot::catalog::{self, Catalog};
use summit_bot::commands::{self, COMMANDS};
use summit_bot::facts;
use summit_bot::request::Request;
use summit_bot::{interaction, render};

/// Each command's own example line from the command table, so a new command is benched too.
fn every_command(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded facts are valid");
    let mut group = c.benchmark_group("answer+render");
    for spec in COMMANDS {
        // On every bundled summit: the example filled from it, asked with `summit:` naming it.
        for facts in catalog.summits() {
            // An example that names its own summit (`/timeline summit:all`) keeps it: the
            // option given twice is refused.
            let example = spec.example(facts);
            let line = if spec.option("summit").is_some() && !example.contains("summit:") {
                format!("{example} summit:{}", facts.id())
            } else {
                example
            };
            let request = Request::parse_slash(&line).expect("command examples parse");
            group.bench_function(format!("{} {}", spec.name, facts.id()), |b| {
                b.iter(|| {
                    let reply = commands::answer(&catalog, black_box(&request));
                    render::discord::response(&reply, None, false).to_json()
                })
            });
        }
    }
    group.finish();
}

/// A whole interaction as both transports handle it after the signature: read Discord's JSON,
/// answer, render, write the callback JSON. The body is the load generator's (`/pledges by:uk`).
fn whole_interaction(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded facts are valid");
    let body = include_bytes!("../tests/fixtures/interactions/command-pledges.json");
    c.bench_function("interaction /pledges by:uk", |b| {
        b.iter(|| interaction::respond(&catalog, black_box(body)).expect("the fixture answers"))
    });
}

fn load_and_validate(c: &mut Criterion) {
    // Every bundled summit, with the checks across files: what the binary does at start.
    c.bench_function("load+validate every embedded summit", |b| {
        b.iter(|| {
            catalog::load_many(black_box(facts::EMBEDDED_FILES).iter().copied())
                .expect("the embedded facts are valid")
        })
    });
    for (name, text) in facts::EMBEDDED_FILES {
        c.bench_function(&format!("load+validate {name}"), |b| {
            b.iter(|| catalog::load_str(name, black_box(text)).expect("valid"))
        });
    }
}

criterion_group!(benches, every_command, whole_interaction, load_and_validate);
criterion_main!(benches);
