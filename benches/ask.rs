//! What a free-text question costs: `/ask` through the engine, over every bundled summit, for
//! every question of the eval files, with the indexes built once (as they are once per fact
//! load), plus each summit's index build.
//!
//! Run: `cargo bench --bench ask` (the README reports the numbers). Target: under 200 µs per
//! question at p99.
//!
//! Criterion reports means and medians, not tails, so after its runs this bench also times every
//! question on its own, many times over, with `Instant`, and prints the median, p99 and maximum
//! of all those single-question timings. That is the honest p99: each sample is one question,
//! answered from start to finish.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use summit_bot::catalog::Catalog;
use summit_bot::commands;
use summit_bot::render;
use summit_bot::reply::Reply;
use summit_bot::request::{OptionValue, Request};

/// Timed runs of each question for the percentile report.
const RUNS_PER_QUESTION: usize = 300;

/// How many of the slowest questions the percentile report names.
const SLOWEST_SHOWN: usize = 12;

/// Every question of the eval files, `tests/ask_eval/*.toml` (one set per summit and one across
/// summits), answerable or not, read at run time so a new eval file is benched too.
fn questions() -> Vec<Request> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ask_eval");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/ask_eval is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("eval file is readable");
        let eval: toml::Value = toml::from_str(&text).expect("eval file parses");
        for table in ["case", "unanswerable"] {
            let cases = eval.get(table).and_then(|c| c.as_array());
            for q in cases
                .into_iter()
                .flatten()
                .filter_map(|c| c.get("q").and_then(|q| q.as_str()))
            {
                out.push(Request::new("ask").with("question", OptionValue::String(q.to_owned())));
            }
        }
    }
    assert!(!out.is_empty(), "no eval questions found");
    out
}

fn load() -> Catalog {
    Catalog::embedded().expect("the embedded facts are valid")
}

/// Asked as the bot asks it: through the engine, which picks the summit a question names (or
/// compares the summits it names) across every bundled summit.
fn answer(catalog: &Catalog, request: &Request) -> Reply {
    commands::answer(catalog, request)
}

fn criterion_runs(c: &mut Criterion, catalog: &Catalog, requests: &[Request]) {
    let mut group = c.benchmark_group("ask");
    group.bench_function(
        "answer (eval set, every summit, one question per iteration)",
        |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % requests.len();
                answer(catalog, black_box(&requests[i]))
            })
        },
    );
    group.bench_function("answer+render JSON (eval set, every summit)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % requests.len();
            let reply = answer(catalog, black_box(&requests[i]));
            render::discord::response(&reply, None, false).to_json()
        })
    });
    for facts in catalog.summits() {
        group.bench_function(format!("index build ({})", facts.id()), |b| {
            b.iter(|| summit_bot::search::Index::build(black_box(&facts.file)))
        });
    }
    group.finish();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn tail_report(catalog: &Catalog, requests: &[Request]) {
    // Warm caches and the process-wide language tables first.
    for r in requests {
        black_box(answer(catalog, r));
    }
    let mut all = Vec::with_capacity(requests.len() * RUNS_PER_QUESTION);
    let mut each: Vec<(Duration, Duration, &str)> = Vec::with_capacity(requests.len());
    for r in requests {
        let mut mine = Vec::with_capacity(RUNS_PER_QUESTION);
        for _ in 0..RUNS_PER_QUESTION {
            let start = Instant::now();
            black_box(answer(catalog, black_box(r)));
            mine.push(start.elapsed());
        }
        mine.sort();
        let question = r.string("question").unwrap_or("");
        each.push((percentile(&mine, 0.5), percentile(&mine, 0.99), question));
        all.extend(mine);
    }
    all.sort();
    println!(
        "\n/ask per question (commands::answer, every bundled summit), {} questions × {RUNS_PER_QUESTION} runs = {} samples:",
        requests.len(),
        all.len()
    );
    println!(
        "  median {:.1} µs   p99 {:.1} µs   max {:.1} µs",
        percentile(&all, 0.5).as_secs_f64() * 1e6,
        percentile(&all, 0.99).as_secs_f64() * 1e6,
        all.last().copied().unwrap_or_default().as_secs_f64() * 1e6
    );
    // The slowest questions by their own median, which noise moves less than a p99: where
    // the time goes.
    each.sort_by_key(|e| std::cmp::Reverse(e.0));
    println!("  slowest questions (median / p99):");
    for (median, p99, question) in each.iter().take(SLOWEST_SHOWN) {
        println!(
            "    {:>9.1} µs / {:>9.1} µs  {question:?}",
            median.as_secs_f64() * 1e6,
            p99.as_secs_f64() * 1e6
        );
    }
}

fn main() {
    let catalog = load();
    let requests = questions();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    criterion_runs(&mut c, &catalog, &requests);
    c.final_summary();
    tail_report(&catalog, &requests);
}
