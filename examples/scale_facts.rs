//! Prints a valid fact file N times the embedded Paris one (see `benches/support/scale.rs`), for
//! measuring how a whole command grows with the facts:
//!
//! ```text
//! cargo run --release --example scale_facts -- 1000 > /tmp/x1000.toml
//! /usr/bin/time -v target/release/summit-bot --facts /tmp/x1000.toml check
//! ```

#[path = "../benches/support/scale.rs"]
mod scale;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<usize>().ok())
        .filter(|&n| n >= 1);
    match n {
        Some(n) => print!("{}", scale::scaled(n)),
        None => {
            eprintln!("usage: scale_facts N   (N >= 1 copies of the Paris facts)");
            std::process::exit(2);
        }
    }
}
