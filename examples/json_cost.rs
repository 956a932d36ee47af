//! What serializing a reply costs, against answering it, on real responses (each command's
//! example, two second pages, a not-found). Run each mode under an instruction counter (the
//! machine's timing is noise) at two run counts and take the difference, so loading and the
//! first answers cancel out; `build` is the loop alone:
//!
//! ```sh
//! cargo build --release --example json_cost
//! for m in build json answer; do
//!   for n in 10 30; do
//!     valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!       target/release/examples/json_cost $m $n 2>&1 | grep Collected
//!   done
//! done
//! ```
//!
//! `answer` is the whole path a command takes on the HTTP endpoint (engine, layout, JSON).

use std::hint::black_box;

use summit_bot::catalog::Catalog;
use summit_bot::commands::{self, COMMANDS};
use summit_bot::render::discord;
use summit_bot::reply::Reply;
use summit_bot::request::Request;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "json".to_owned());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let catalog = Catalog::embedded().expect("the bundled facts load");
    let mut lines: Vec<String> = COMMANDS
        .iter()
        .map(|c| c.example(catalog.newest()))
        .collect();
    lines.extend(
        [
            "/pledges page:2",
            "/sources page:2",
            "/participant name:nobody-at-all",
        ]
        .map(String::from),
    );
    let requests: Vec<Request> = lines
        .iter()
        .map(|l| Request::parse_slash(l).expect("an example parses"))
        .collect();
    let replies: Vec<Reply> = requests
        .iter()
        .map(|r| commands::answer(&catalog, r))
        .collect();
    let responses: Vec<_> = replies
        .iter()
        .map(|r| discord::response(r, Some("42"), false))
        .collect();
    let mut bytes = 0usize;
    for _ in 0..runs {
        for (request, response) in requests.iter().zip(&responses) {
            bytes += match mode.as_str() {
                "build" => black_box(response).kind as usize,
                "json" => black_box(response).to_json().len(),
                "answer" => {
                    let reply = commands::answer(&catalog, black_box(request));
                    discord::response(&reply, Some("42"), false).to_json().len()
                }
                other => panic!("unknown mode {other}: build, json or answer"),
            };
        }
    }
    println!(
        "{mode}: {} responses x {runs} runs, {bytes} bytes",
        requests.len()
    );
}
