//! What "Check with summit facts" costs next to `/ask`: the whole interaction body (a message
//! command with its resolved message, as Discord sends it) answered to callback JSON by
//! `interaction::respond`, the path both transports take, for messages of one to three claims,
//! plus a very long message and one with nothing to check. `/ask` is timed the same way on the
//! same questions, so the two numbers compare like for like. A 👍/👎 click is timed too, and
//! what recording costs the answering path (`Recorder::record`) next to one log line.
//!
//! Run: `cargo bench --bench check` (the README reports the numbers under "Checking a message").
//! The message command must stay within `/ask`'s budget (p99 < 200 µs per question); a check of
//! three claims asks `/ask` three times, so its budget is three questions.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use serde_json::json;
use summit_bot::catalog::Catalog;
use summit_bot::commands::{self, ask, check};
use summit_bot::engine::check::{claims, question_for, Target};
use summit_bot::feedback::{Recorder, Settings};
use summit_bot::interaction;
use summit_bot::request::{OptionValue, Request};

/// Timed runs of each body for the percentile report.
const RUNS: usize = 2000;

/// Messages to check: one, two and three claims, a long message (only its first 2,000 characters
/// are read), and chatter with no claim.
fn messages() -> Vec<(&'static str, String)> {
    vec![
        ("1 claim", "Trump attended the summit.".to_owned()),
        (
            "2 claims",
            "The US signed the Paris Declaration, and Meloni attended the summit.".to_owned(),
        ),
        (
            "3 claims",
            "<@283934521092767744> so Trump was at the Élysée, and the **US signed** the Paris \
             Declaration. Meloni attended too! https://example.com/story"
                .to_owned(),
        ),
        (
            "long (6,000 chars)",
            "The coalition met in Paris and agreed on guarantees. ".repeat(115),
        ),
        ("no claim", "lol".to_owned()),
    ]
}

fn message_command(content: &str) -> Vec<u8> {
    json!({
        "type": 2, "id": "1456702232008867999", "token": "t", "version": 1,
        "application_id": "1325480946218057728", "context": 0,
        "data": {"id": "1325490000011000099", "name": "Check with summit facts", "type": 3,
                 "target_id": "77",
                 "resolved": {"messages": {"77": {"id": "77", "content": content,
                     "embeds": [], "attachments": [], "author": {"id": "4", "username": "a"}}}}},
        "member": {"user": {"id": "42", "username": "a"}, "permissions": "0"},
    })
    .to_string()
    .into_bytes()
}

fn ask_command(question: &str) -> Vec<u8> {
    json!({
        "type": 2, "id": "1456702232008867998", "token": "t", "version": 1,
        "data": {"id": "1", "name": "ask", "type": 1,
                 "options": [{"name": "question", "type": 3, "value": question}]},
        "member": {"user": {"id": "42", "username": "a"}, "permissions": "0"},
    })
    .to_string()
    .into_bytes()
}

/// A 👎 on the answer to "did the US sign?": the click asks it again for the facts shown.
fn vote() -> Vec<u8> {
    json!({
        "type": 3, "id": "1456702232008867997", "token": "t", "version": 1,
        "data": {"custom_id": "fb|d|ask|question=sdid the US sign?", "component_type": 2},
        "member": {"user": {"id": "42", "username": "a"}, "permissions": "0"},
        "message": {"embeds": [], "components": []},
    })
    .to_string()
    .into_bytes()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Median and p99 of `RUNS` single answers of `body`, in µs.
fn tail(catalog: &Catalog, body: &[u8]) -> (f64, f64) {
    timed(|| {
        black_box(interaction::respond(catalog, black_box(body)).expect("answered"));
    })
}

/// Median and p99 of `RUNS` single runs of `f` (after one warm-up run), in µs.
fn timed(mut f: impl FnMut()) -> (f64, f64) {
    f();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    (us(percentile(&times, 0.5)), us(percentile(&times, 0.99)))
}

/// The `/ask` request for one question, as the message command builds it for each claim.
fn ask_request(question: &str) -> Request {
    Request::new(ask::COMMAND.name)
        .with(ask::QUESTION.name, OptionValue::String(question.to_owned()))
}

/// The engine side of each message, no JSON: the whole check next to `/ask` on exactly the
/// questions the check asks (its claims turned into questions), so "a check of k claims costs k
/// `/ask` questions" is read off one line: the check's median over the sum of its questions'.
fn engine_side(catalog: &Catalog) {
    println!("\nEngine only (no JSON): the check, and /ask on the questions it asks:");
    for (name, text) in messages() {
        let target = Target {
            content: &text,
            ..Target::default()
        };
        let (check_median, check_p99) = timed(|| {
            black_box((check::COMMAND.run)(catalog, black_box(&target)));
        });
        let questions: Vec<String> = claims(&text)
            .claims
            .iter()
            .map(|c| question_for(c).0)
            .collect();
        let (mut sum_median, mut sum_p99) = (0.0, 0.0);
        for q in &questions {
            let request = ask_request(q);
            let (median, p99) = timed(|| {
                black_box(commands::answer(catalog, black_box(&request)));
            });
            sum_median += median;
            sum_p99 += p99;
        }
        let ratio = if sum_median > 0.0 {
            format!("{:.2}", check_median / sum_median)
        } else {
            "-".to_owned()
        };
        println!(
            "  {name:<20} check median {check_median:>7.1} µs p99 {check_p99:>7.1} µs | \
             {} /ask: median sum {sum_median:>7.1} µs p99 sum {sum_p99:>7.1} µs | ratio {ratio}",
            questions.len()
        );
    }
}

fn main() {
    let catalog = Catalog::embedded().expect("the embedded facts are valid");
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("check");
    for (name, text) in messages() {
        let body = message_command(&text);
        group.bench_function(format!("message command, {name}"), |b| {
            b.iter(|| interaction::respond(&catalog, black_box(&body)))
        });
    }
    let ask = ask_command("did the US sign?");
    group.bench_function("/ask, one question (for comparison)", |b| {
        b.iter(|| interaction::respond(&catalog, black_box(&ask)))
    });
    let click = vote();
    group.bench_function("👎 click (asks again for the facts shown)", |b| {
        b.iter(|| interaction::respond(&catalog, black_box(&click)))
    });
    // The recording side of an answer: `Recorder::record` (stamp + `try_send`), next to one
    // `tracing` log line with the fields the transports log, formatted to a sink.
    let dir = std::env::temp_dir().join(format!("summit-bot-bench-{}", std::process::id()));
    let recorder = Recorder::start(Settings {
        dir: dir.clone(),
        record_user_ids: false,
        max_file_bytes: 1 << 20,
        keep_files: 0,
    });
    let record = interaction::handle(&catalog, &click)
        .expect("answered")
        .records
        .pop()
        .expect("a vote is recorded");
    group.bench_function("feedback record (stamp + try_send)", |b| {
        b.iter(|| recorder.record(black_box(record.clone())))
    });
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::sink)
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        group.bench_function("one log line (tracing fmt to a sink)", |b| {
            b.iter(|| {
                tracing::info!(
                    id = "1456702232008867997",
                    kind = "component",
                    request = black_box("fb|d|ask|question=sdid the US sign?"),
                    user = "42",
                    outcome = "voted",
                    answer_us = 41u64,
                    "interaction"
                )
            })
        });
    });
    group.bench_function("record clone alone (subtract from the record)", |b| {
        b.iter(|| black_box(record.clone()))
    });
    group.finish();
    c.final_summary();
    recorder.flush();
    let _ = std::fs::remove_dir_all(&dir);

    println!("\nSingle answers, {RUNS} runs each (interaction::respond, body to callback JSON):");
    for (name, text) in messages() {
        let (median, p99) = tail(&catalog, &message_command(&text));
        println!("  message command, {name:<20} median {median:>7.1} µs   p99 {p99:>7.1} µs");
    }
    for q in [
        "did trump attend the summit",
        "did the US sign the Paris Declaration",
        "did meloni attend",
    ] {
        let (median, p99) = tail(&catalog, &ask_command(q));
        println!("  /ask {q:<36} median {median:>7.1} µs   p99 {p99:>7.1} µs");
    }
    let (median, p99) = tail(&catalog, &vote());
    println!(
        "  👎 click{:<28} median {median:>7.1} µs   p99 {p99:>7.1} µs",
        ""
    );
    engine_side(&catalog);
}
