//! What a reply costs: every command answered by the engine and rendered to the JSON bytes a
//! Discord transport sends, and loading + validating the embedded fact file.
//!
//! Run: `cargo bench --bench answer` (the README reports the medians). Targets: under 50 µs per
//! command, under 5 ms to load and validate.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use summit_bot::commands::COMMANDS;
use summit_bot::facts::{self, Catalog};
use summit_bot::request::Request;
use summit_bot::{engine, render};

/// Each command's own example line from the command table, so a new command is benched too.
fn every_command(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded facts are valid");
    let mut group = c.benchmark_group("answer+render");
    for spec in COMMANDS {
        let request = Request::parse_slash(spec.example).expect("command examples parse");
        group.bench_function(spec.name, |b| {
            b.iter(|| {
                let reply = engine::answer(&catalog, black_box(&request));
                serde_json::to_vec(&render::discord::response(&reply, None, false))
                    .expect("a response serializes")
            })
        });
    }
    group.finish();
}

fn load_and_validate(c: &mut Criterion) {
    c.bench_function("load+validate embedded", |b| {
        b.iter(|| {
            facts::load_str(facts::EMBEDDED_NAME, black_box(facts::EMBEDDED))
                .expect("the embedded facts are valid")
        })
    });
}

criterion_group!(benches, every_command, load_and_validate);
criterion_main!(benches);
