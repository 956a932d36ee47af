//! Load generator for the HTTP interactions endpoint (`summit-bot serve --http`).
//!
//! Closed loop: `-c` keep-alive connections each send one signed interaction, wait for the answer,
//! check it (status 200 and a JSON callback of type 4), and send the next, until `-n` requests or
//! `-d` seconds. Requests are signed like Discord signs them, with a fixed *test* key: Ed25519
//! signatures are deterministic, so one signature per second (the timestamp's resolution) is
//! computed and reused, and the generator spends its CPU on HTTP rather than on signing.
//!
//! The key comes from a fixed, public seed, so a server configured with it would accept anyone's
//! requests: the generator only talks to loopback addresses, and `--print-key` is for starting a
//! local server to measure, never for a real application.
//!
//! ```sh
//! cargo build --release --bin summit-bot --example loadgen
//! DISCORD_PUBLIC_KEY=$(target/release/examples/loadgen --print-key) \
//!     target/release/summit-bot serve --http 127.0.0.1:8080 &
//! target/release/examples/loadgen -c 64 -d 10 127.0.0.1:8080
//! ```
//!
//! The raw HTTP/1.1 client is a few dozen lines on tokio, so the measurement does not depend on a
//! client library's own overhead, and nothing beyond the crate's dependencies is needed.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use ed25519_dalek::{Signer, SigningKey};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The seed of the test key (the same one `tests/http_endpoint.rs` uses). Public on purpose.
const TEST_SEED: [u8; 32] = [7u8; 32];
/// `/pledges by:uk` as Discord sends it, from a guild member.
const DEFAULT_BODY: &str = include_str!("../tests/fixtures/interactions/command-pledges.json");

#[derive(Parser, Debug)]
#[command(about = "Closed-loop load generator for the HTTP interactions endpoint (loopback only)")]
struct Args {
    /// Server address, host:port on a loopback interface.
    #[arg(default_value = "127.0.0.1:8080")]
    target: String,
    /// Concurrent keep-alive connections.
    #[arg(short = 'c', long, default_value_t = 16)]
    connections: usize,
    /// Stop after this many requests in total.
    #[arg(short = 'n', long)]
    requests: Option<u64>,
    /// Stop after this many seconds (default 10 when -n is not given).
    #[arg(short = 'd', long)]
    duration: Option<f64>,
    /// Interaction JSON to send (default: the `/pledges by:uk` fixture).
    #[arg(long)]
    body: Option<PathBuf>,
    /// Callback type every answer must have (4 for a command, 1 for a PING, 8 for autocomplete).
    #[arg(long, default_value_t = 4)]
    expect_type: u8,
    /// Request path.
    #[arg(long, default_value = "/interactions")]
    path: String,
    /// Print the test public key (hex) for DISCORD_PUBLIC_KEY and exit.
    #[arg(long)]
    print_key: bool,
}

fn main() {
    let args = Args::parse();
    let key = SigningKey::from_bytes(&TEST_SEED);
    if args.print_key {
        println!("{}", hex::encode(key.verifying_key().as_bytes()));
        return;
    }
    match run(args, key) {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("loadgen: {e}");
            std::process::exit(2);
        }
    }
}

fn run(args: Args, key: SigningKey) -> Result<bool, String> {
    // One thread: the generator shares the machine with the server, so it must stay small.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let addr = resolve_loopback(&args.target).await?;
        let body = match &args.body {
            Some(p) => std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?,
            None => DEFAULT_BODY.as_bytes().to_vec(),
        };
        if args.connections == 0 {
            return Err("-c must be at least 1".to_owned());
        }
        let duration = match (args.duration, args.requests) {
            (Some(d), _) => Some(Duration::from_secs_f64(d)),
            (None, Some(_)) => None,
            (None, None) => Some(Duration::from_secs(10)),
        };
        let shared = Rc::new(Shared {
            signer: RefCell::new(Signed::new(key, addr, &args.path, body)),
            issued: Cell::new(0),
            limit: args.requests.unwrap_or(u64::MAX),
            deadline: duration.map(|d| Instant::now() + d),
            expect_type: args.expect_type,
        });
        println!(
            "loadgen: POST http://{addr}{} ({} byte body), c={}, {}",
            args.path,
            shared.signer.borrow().body.len(),
            args.connections,
            match (duration, args.requests) {
                (Some(d), Some(n)) => format!("{n} requests or {:.1} s", d.as_secs_f64()),
                (Some(d), None) => format!("{:.1} s", d.as_secs_f64()),
                (None, Some(n)) => format!("{n} requests"),
                (None, None) => unreachable!(),
            }
        );
        let started = Instant::now();
        let local = tokio::task::LocalSet::new();
        let stats = local
            .run_until(async {
                let workers: Vec<_> = (0..args.connections)
                    .map(|_| tokio::task::spawn_local(worker(addr, shared.clone())))
                    .collect();
                let mut total = Stats::default();
                for w in workers {
                    match w.await {
                        Ok(s) => total.merge(s),
                        Err(e) => return Err(format!("worker failed: {e}")),
                    }
                }
                Ok(total)
            })
            .await?;
        let elapsed = started.elapsed();
        Ok(stats.report(elapsed))
    })
}

async fn resolve_loopback(target: &str) -> Result<SocketAddr, String> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host(target)
        .await
        .map_err(|e| format!("cannot resolve {target}: {e}"))?
        .collect();
    addrs
        .iter()
        .find(|a| a.ip().is_loopback())
        .copied()
        .ok_or_else(|| {
            format!(
                "{target} is not a loopback address; loadgen signs with a public test key and \
                 only loads a local server"
            )
        })
}

struct Shared {
    signer: RefCell<Signed>,
    issued: Cell<u64>,
    limit: u64,
    deadline: Option<Instant>,
    expect_type: u8,
}

impl Shared {
    /// Claims the next request, or `false` when the run is over.
    fn claim(&self) -> bool {
        if self.issued.get() >= self.limit {
            return false;
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return false;
        }
        self.issued.set(self.issued.get() + 1);
        true
    }
}

/// The full request bytes for the current second, re-signed when the second changes.
struct Signed {
    key: SigningKey,
    head_prefix: String,
    body: Vec<u8>,
    second: u64,
    request: Rc<Vec<u8>>,
}

impl Signed {
    fn new(key: SigningKey, addr: SocketAddr, path: &str, body: Vec<u8>) -> Signed {
        let head_prefix = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             User-Agent: Discord-Interactions/1.0 (+https://discord.com)\r\nContent-Length: {}\r\n",
            body.len()
        );
        Signed {
            key,
            head_prefix,
            body,
            second: u64::MAX,
            request: Rc::new(Vec::new()),
        }
    }

    fn current(&mut self) -> Rc<Vec<u8>> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        if now != self.second {
            let ts = now.to_string();
            let mut message = ts.as_bytes().to_vec();
            message.extend_from_slice(&self.body);
            let sig = hex::encode(self.key.sign(&message).to_bytes());
            let mut request = format!(
                "{}X-Signature-Ed25519: {sig}\r\nX-Signature-Timestamp: {ts}\r\n\r\n",
                self.head_prefix
            )
            .into_bytes();
            request.extend_from_slice(&self.body);
            self.request = Rc::new(request);
            self.second = now;
        }
        self.request.clone()
    }
}

#[derive(Default)]
struct Stats {
    /// Microseconds, one per completed response.
    latencies: Vec<u32>,
    statuses: BTreeMap<u16, u64>,
    /// 200 responses whose body was not a callback of the expected type.
    bad_bodies: u64,
    /// Connections that failed or closed mid-response (then reconnected).
    io_errors: u64,
    first_problem: Option<String>,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        self.latencies.extend(other.latencies);
        for (k, v) in other.statuses {
            *self.statuses.entry(k).or_default() += v;
        }
        self.bad_bodies += other.bad_bodies;
        self.io_errors += other.io_errors;
        if self.first_problem.is_none() {
            self.first_problem = other.first_problem;
        }
    }

    fn problem(&mut self, what: String) {
        if self.first_problem.is_none() {
            self.first_problem = Some(what);
        }
    }

    /// Prints the summary; `true` when every response passed its check.
    fn report(mut self, elapsed: Duration) -> bool {
        self.latencies.sort_unstable();
        let n = self.latencies.len();
        let pct = |p: f64| -> f64 {
            if n == 0 {
                return 0.0;
            }
            let i = ((p / 100.0) * n as f64).ceil() as usize;
            f64::from(self.latencies[i.clamp(1, n) - 1]) / 1000.0
        };
        println!(
            "requests: {n} in {:.2} s = {:.0} req/s",
            elapsed.as_secs_f64(),
            n as f64 / elapsed.as_secs_f64()
        );
        println!(
            "latency ms: p50 {:.3}  p90 {:.3}  p99 {:.3}  p99.9 {:.3}  max {:.3}",
            pct(50.0),
            pct(90.0),
            pct(99.0),
            pct(99.9),
            pct(100.0)
        );
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, c)| format!("{s}: {c}"))
            .collect();
        println!("status: {}", statuses.join(", "));
        println!(
            "checks: {} bad bodies, {} connection errors",
            self.bad_bodies, self.io_errors
        );
        if let Some(p) = &self.first_problem {
            println!("first problem: {p}");
        }
        let ok = self.statuses.keys().all(|&s| s == 200)
            && self.bad_bodies == 0
            && self.io_errors == 0
            && n > 0;
        println!("result: {}", if ok { "OK" } else { "FAILED" });
        ok
    }
}

#[derive(Deserialize)]
struct Callback {
    #[serde(rename = "type")]
    kind: u8,
}

async fn worker(addr: SocketAddr, shared: Rc<Shared>) -> Stats {
    let mut stats = Stats::default();
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut conn: Option<TcpStream> = None;
    while shared.claim() {
        let stream = match conn.as_mut() {
            Some(s) => s,
            None => match TcpStream::connect(addr).await {
                Ok(s) => {
                    let _ = s.set_nodelay(true);
                    conn.insert(s)
                }
                Err(e) => {
                    stats.io_errors += 1;
                    stats.problem(format!("connect: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let request = shared.signer.borrow_mut().current();
        let sent = Instant::now();
        let result = exchange(stream, &request, &mut buf).await;
        let latency = sent.elapsed();
        match result {
            Ok(response) => {
                stats
                    .latencies
                    .push(u32::try_from(latency.as_micros()).unwrap_or(u32::MAX));
                *stats.statuses.entry(response.status).or_default() += 1;
                let body = &buf[response.body.clone()];
                if response.status == 200 {
                    match serde_json::from_slice::<Callback>(body) {
                        Ok(c) if c.kind == shared.expect_type && response.json => {}
                        _ => {
                            stats.bad_bodies += 1;
                            stats.problem(format!(
                                "unexpected body: {}",
                                String::from_utf8_lossy(&body[..body.len().min(200)])
                            ));
                        }
                    }
                } else {
                    stats.problem(format!(
                        "status {}: {}",
                        response.status,
                        String::from_utf8_lossy(&body[..body.len().min(200)])
                    ));
                }
                if response.close {
                    conn = None;
                }
            }
            Err(e) => {
                stats.io_errors += 1;
                stats.problem(e);
                conn = None;
            }
        }
    }
    stats
}

struct Parsed {
    status: u16,
    body: std::ops::Range<usize>,
    close: bool,
    json: bool,
}

/// Writes one request and reads one Content-Length response into `buf`.
async fn exchange(
    stream: &mut TcpStream,
    request: &[u8],
    buf: &mut Vec<u8>,
) -> Result<Parsed, String> {
    stream
        .write_all(request)
        .await
        .map_err(|e| format!("write: {e}"))?;
    buf.clear();
    let mut head_end = None;
    loop {
        if head_end.is_none() {
            head_end = buf.windows(4).position(|w| w == b"\r\n\r\n");
        }
        if let Some(end) = head_end {
            let parsed = parse_head(&buf[..end])?;
            let start = end + 4;
            if buf.len() >= start + parsed.0 {
                return Ok(Parsed {
                    status: parsed.1,
                    body: start..start + parsed.0,
                    close: parsed.2,
                    json: parsed.3,
                });
            }
        }
        if buf.capacity() - buf.len() < 4096 {
            buf.reserve(16 * 1024);
        }
        let n = stream
            .read_buf(buf)
            .await
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("server closed the connection mid-response".to_owned());
        }
    }
}

/// (content length, status, connection: close, content-type is JSON)
fn parse_head(head: &[u8]) -> Result<(usize, u16, bool, bool), String> {
    let head = std::str::from_utf8(head).map_err(|_| "non-UTF-8 response head".to_owned())?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let mut length = None;
    let mut close = false;
    let mut json = false;
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        if k.eq_ignore_ascii_case("content-length") {
            length = v.parse().ok();
        } else if k.eq_ignore_ascii_case("connection") {
            close = v.eq_ignore_ascii_case("close");
        } else if k.eq_ignore_ascii_case("content-type") {
            json = v.starts_with("application/json");
        }
    }
    let length = length.ok_or_else(|| "response without Content-Length".to_owned())?;
    Ok((length, status, close, json))
}
