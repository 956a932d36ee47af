//! The real binary's logs, captured over a whole `serve --http` run: one line per interaction with
//! its id, kind, request, outcome and latency; no token (the bot's, or an interaction's) ever; JSON
//! lines that parse with `--log-format json`. The same run reloads on SIGHUP and on a file change,
//! reports the facts' version on `/healthz`, answers `/reload`, and exits 0 on SIGTERM. A gateway
//! run against the fake Discord (`support/fake_discord.rs`) checks the same log promises there.
//!
//! Waits are bounded; nothing asserts on timing.

#![cfg(unix)]

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/openapi.rs"]
mod openapi;
#[path = "support/scratch.rs"]
mod scratch;

use scratch::{paris_facts, Scratch};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};

/// Every wait in this file is bounded by this.
const GUARD: Duration = Duration::from_secs(10);

/// Shaped like a real bot token (three base64url parts), so a leak would be recognisable.
const BOT_TOKEN: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";
/// The interaction token Discord sends in every body: it lets anyone answer as the bot for
/// 15 minutes, so it must never be logged either.
const INTERACTION_TOKEN: &str = "aW50ZXJhY3Rpb246c2VjcmV0LWludGVyYWN0aW9uLXRva2Vu";
const PLEDGE_TEXT: &str = "France and the United Kingdom pledged forces";

fn key() -> SigningKey {
    SigningKey::from_bytes(&[9u8; 32])
}

/// The running binary, with everything it writes collected.
struct Bot {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let out = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&out);
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    out
}

impl Bot {
    fn start(dir: &Path, facts: &Path, extra: &[&str]) -> Bot {
        let child = Command::new(env!("CARGO_BIN_EXE_summit-bot"))
            .current_dir(dir)
            .arg("--facts")
            .arg(facts)
            .args(extra)
            .args(["serve", "--http", "127.0.0.1:0"])
            .env("DISCORD_TOKEN", BOT_TOKEN)
            .env(
                "DISCORD_PUBLIC_KEY",
                hex::encode(key().verifying_key().as_bytes()),
            )
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut bot = Bot::capture(child);
        bot.addr = bot.wait_for_log("listening on http://", |log| {
            log.split("listening on http://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_owned)
        });
        bot
    }

    /// Collects everything a spawned binary writes; `addr` is left empty for the caller.
    fn capture(mut child: Child) -> Bot {
        let stderr = collect(child.stderr.take().unwrap());
        let stdout = collect(child.stdout.take().unwrap());
        Bot {
            child,
            addr: String::new(),
            stderr,
            stdout,
        }
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (bounded) until `found` extracts something from the log.
    fn wait_for_log<T>(&mut self, what: &str, found: impl Fn(&str) -> Option<T>) -> T {
        let deadline = Instant::now() + GUARD;
        loop {
            if let Some(t) = found(&self.log()) {
                return t;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "summit-bot exited ({status}) before {what}:\n{}",
                    self.log()
                );
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("no {what} in the log:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn exchange(&self, raw: &[u8]) -> (u16, Value) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(GUARD)).unwrap();
        stream.write_all(raw).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let head = String::from_utf8_lossy(&response[..split]);
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let body = serde_json::from_slice(&response[split + 4..]).unwrap_or(Value::Null);
        (status, body)
    }

    fn post(&self, body: &[u8], signed: bool) -> (u16, Value) {
        let ts = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let signer = if signed {
            key()
        } else {
            SigningKey::from_bytes(&[1u8; 32])
        };
        let mut message = ts.as_bytes().to_vec();
        message.extend_from_slice(body);
        let sig = hex::encode(signer.sign(&message).to_bytes());
        let mut raw = format!(
            "POST /interactions HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\nX-Signature-Ed25519: {sig}\r\n\
             X-Signature-Timestamp: {ts}\r\n\r\n",
            self.addr,
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(body);
        self.exchange(&raw)
    }

    fn healthz(&self) -> Value {
        let raw = format!(
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        let (status, body) = self.exchange(raw.as_bytes());
        assert_eq!(status, 200, "{body}");
        body
    }

    fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// SIGTERM, then the exit status and everything written, once both pipes are drained.
    fn stop(mut self) -> (std::process::ExitStatus, String) {
        self.signal("TERM");
        let deadline = Instant::now() + GUARD;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("summit-bot did not stop on SIGTERM:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader threads finish once the pipes close; give them a bounded moment.
        let deadline = Instant::now() + GUARD;
        while Arc::strong_count(&self.stderr) > 1 || Arc::strong_count(&self.stdout) > 1 {
            if Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let all = format!("{}{}", self.log(), self.stdout.lock().unwrap());
        (status, all)
    }
}

fn interaction(kind: u8, data: Value, permissions: &str) -> Vec<u8> {
    json!({
        "type": kind, "id": format!("14567021943733780{kind}{}", data.to_string().len() % 10),
        "application_id": "1325480946218057728", "token": INTERACTION_TOKEN, "version": 1,
        "guild_id": "1189476372914839612",
        "member": {"user": {"id": "283934521092767744"}, "roles": [], "permissions": permissions},
        "data": data,
    })
    .to_string()
    .into_bytes()
}

fn command(name: &str, options: Value, permissions: &str) -> Vec<u8> {
    interaction(
        2,
        json!({"id": "1", "name": name, "type": 1, "options": options}),
        permissions,
    )
}

/// Sends the same mix of requests to a bot and returns how many POSTs it made.
fn exercise(bot: &mut Bot, file: &Path) -> usize {
    let posts = std::cell::Cell::new(0);
    let post = |bot: &Bot, body: &[u8], signed: bool| {
        posts.set(posts.get() + 1);
        bot.post(body, signed)
    };
    let (status, body) = post(bot, br#"{"type":1,"id":"1456702194373378001"}"#, true);
    assert_eq!((status, body), (200, json!({"type": 1})));

    // A long question: the log keeps its start, never its whole text.
    let question = format!("did the US sign? {} TAILMARKER", "really ".repeat(40));
    let (status, body) = post(
        bot,
        &command(
            "ask",
            json!([{"name": "question", "type": 3, "value": question}]),
            "0",
        ),
        true,
    );
    assert_eq!(status, 200, "{body}");
    let (status, _) = post(
        bot,
        &command(
            "pledges",
            json!([{"name": "by", "type": 3, "value": "uk"}]),
            "0",
        ),
        true,
    );
    assert_eq!(status, 200);
    let (status, body) = post(
        bot,
        &interaction(
            4,
            json!({"id": "1", "name": "participant", "type": 1,
                   "options": [{"name": "name", "type": 3, "value": "zelen", "focused": true}]}),
            "0",
        ),
        true,
    );
    assert_eq!((status, body["type"].clone()), (200, json!(8)));
    let (status, body) = post(
        bot,
        &interaction(
            3,
            json!({"component_type": 2, "custom_id": "pg|283934521092767744|participants|2"}),
            "0",
        ),
        true,
    );
    assert_eq!((status, body["type"].clone()), (200, json!(7)));
    let (status, _) = post(bot, &command("summit", json!([]), "0"), false);
    assert_eq!(status, 401);
    let (status, _) = post(bot, br#"{"type":2}"#, true);
    assert_eq!(status, 400);

    // SIGHUP with nothing changed: reloads, and says so.
    bot.signal("HUP");
    bot.wait_for_log("a SIGHUP reload", |log| {
        log.contains("reload: the fact files are unchanged")
            .then_some(())
    });

    // An invalid edit: the watcher logs the error with file:line:column, and nothing changes.
    let before = bot.healthz();
    let bad = paris_facts().replacen("[summit]", "[summit", 1);
    let line = bad.lines().position(|l| l.starts_with("[summit")).unwrap() + 1;
    std::fs::write(file, &bad).unwrap();
    let located = format!("paris.toml:{line}:");
    bot.wait_for_log("the invalid edit's error", |log| {
        (log.contains(&located) && log.contains("reload failed")).then_some(())
    });
    assert_eq!(
        bot.healthz()["facts"],
        before["facts"],
        "an invalid edit reloaded"
    );

    // A valid edit: the watcher reloads it, and /healthz shows the new version.
    std::fs::write(
        file,
        paris_facts().replacen(PLEDGE_TEXT, &format!("EDITED. {PLEDGE_TEXT}"), 1),
    )
    .unwrap();
    let deadline = Instant::now() + GUARD;
    while bot.healthz()["facts"]["version"] == before["facts"]["version"] {
        assert!(Instant::now() < deadline, "the edit did not reload");
        std::thread::sleep(Duration::from_millis(20));
    }
    let after = bot.healthz();
    assert_eq!(after["facts"]["reloadable"], true);
    assert!(after["facts"]["loaded_at_unix"].as_u64().unwrap() > 0);
    assert!(after["facts"]["loaded_at"].as_str().unwrap().ends_with('Z'));

    // /reload: for Manage Server, privately; refused without it.
    let (status, body) = post(bot, &command("reload", json!([]), "32"), true);
    assert_eq!(status, 200);
    assert_eq!(body["data"]["flags"], 64, "{body}");
    assert!(body.to_string().contains("Facts reloaded"), "{body}");
    let (status, body) = post(bot, &command("reload", json!([]), "0"), true);
    assert_eq!(status, 200);
    assert!(body.to_string().contains("Manage Server"), "{body}");
    posts.get()
}

/// Neither the bot token (whole or any of its parts) nor an interaction token, nor a user's
/// long text whole, appears in `all`.
fn assert_no_secrets(all: &str, bot_token: &str) {
    for secret in [bot_token, INTERACTION_TOKEN]
        .into_iter()
        .chain(bot_token.split('.'))
    {
        assert!(
            !all.contains(secret),
            "{secret:?} appears in the output:\n{all}"
        );
    }
    assert!(
        !all.contains("TAILMARKER"),
        "user text logged whole:\n{all}"
    );
}

#[test]
fn text_logs_have_one_line_per_interaction_and_no_token() {
    let dir = Scratch::new("logs", "text");
    let file = dir.0.join("paris.toml");
    std::fs::write(&file, paris_facts()).unwrap();
    let mut bot = Bot::start(&dir.0, &file, &[]);
    let posts = exercise(&mut bot, &file);
    let (status, all) = bot.stop();
    assert!(status.success(), "exit {status:?}:\n{all}");
    assert_no_secrets(&all, BOT_TOKEN);

    let lines: Vec<&str> = all
        .lines()
        .filter(|l| l.contains(" interaction ") || l.ends_with(" interaction"))
        .filter(|l| l.contains("outcome="))
        .collect();
    assert_eq!(lines.len(), posts, "one line per interaction:\n{all}");
    for line in &lines {
        for field in [
            "id=",
            "kind=",
            "request=",
            "outcome=",
            "status=",
            "latency_us=",
        ] {
            assert!(line.contains(field), "no {field} in {line}");
        }
        let latency = line.split("latency_us=").nth(1).unwrap();
        assert!(
            latency.chars().next().is_some_and(|c| c.is_ascii_digit()),
            "{line}"
        );
    }
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(has("outcome=pong"), "{all}");
    assert!(has("kind=command") && has("outcome=answer"), "{all}");
    assert!(has("kind=autocomplete"), "{all}");
    assert!(has("kind=component") && has("outcome=page_update"), "{all}");
    assert!(has("outcome=unauthorized") && has("status=401"), "{all}");
    assert!(has("outcome=bad_request") && has("status=400"), "{all}");
    assert!(
        has("did the US sign?"),
        "the question's start is logged: {all}"
    );
    assert!(has("/reload"), "{all}");
    assert!(all.contains("SIGTERM"), "{all}");
}

/// Every line of a JSON log parsed (each must be JSON), keeping the per-interaction ones.
fn interaction_lines(all: &str) -> Vec<Value> {
    all.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            serde_json::from_str::<Value>(line)
                .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"))
        })
        .filter(|value| value["fields"]["message"] == "interaction")
        .collect()
}

#[test]
fn json_logs_parse_and_carry_the_same_fields() {
    let dir = Scratch::new("logs", "json");
    let file = dir.0.join("paris.toml");
    std::fs::write(&file, paris_facts()).unwrap();
    let mut bot = Bot::start(&dir.0, &file, &["--log-format", "json"]);
    let posts = exercise(&mut bot, &file);
    let (status, all) = bot.stop();
    assert!(status.success(), "exit {status:?}:\n{all}");
    assert_no_secrets(&all, BOT_TOKEN);

    let interactions = interaction_lines(&all);
    assert_eq!(
        interactions.len(),
        posts,
        "one line per interaction:\n{all}"
    );
    for v in &interactions {
        let f = &v["fields"];
        for field in ["id", "kind", "request", "outcome"] {
            assert!(f[field].is_string(), "{field} in {v}");
        }
        assert!(f["latency_us"].is_u64(), "{v}");
        assert!(f["status"].is_u64(), "{v}");
    }
    let outcomes: Vec<&str> = interactions
        .iter()
        .filter_map(|v| v["fields"]["outcome"].as_str())
        .collect();
    for expected in [
        "pong",
        "answer",
        "autocomplete",
        "page_update",
        "unauthorized",
    ] {
        assert!(outcomes.contains(&expected), "{expected} in {outcomes:?}");
    }
}

/// A guild interaction from the gateway fixtures, with a fresh id and the given permissions.
fn gateway_interaction(
    fake: &fake_discord::FakeDiscord,
    fixture: &str,
    data: Value,
    permissions: &str,
) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gateway")
        .join(fixture);
    let mut d: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let id = fake.snowflake();
    d["id"] = json!(id);
    d["token"] = json!(format!("{INTERACTION_TOKEN}-{id}"));
    d["data"] = data;
    d["member"]["permissions"] = json!(permissions);
    d
}

/// The same promises in gateway mode: the real binary against the fake Discord, JSON logs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_mode_logs_one_json_line_per_interaction() {
    use fake_discord::{FakeDiscord, Options, GUILD_ID, TOKEN};

    let dir = Scratch::new("logs", "gateway");
    let file = dir.0.join("paris.toml");
    std::fs::write(&file, paris_facts()).unwrap();
    let fake = FakeDiscord::start(Options::default()).await;
    let child = Command::new(env!("CARGO_BIN_EXE_summit-bot"))
        .current_dir(&dir.0)
        .arg("--facts")
        .arg(&file)
        .args(["--log-format", "json", "serve"])
        .env("DISCORD_TOKEN", TOKEN)
        .env("DISCORD_PROXY", &fake.rest_url)
        .env("DISCORD_GUILD_ID", GUILD_ID.to_string())
        .env_remove("DISCORD_APPLICATION_ID")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bot = Bot::capture(child);
    fake.wait_session().await;

    let command = |name: &str, options: Value, permissions: &str| {
        gateway_interaction(
            &fake,
            "command_guild.json",
            json!({"id": "1", "name": name, "type": 1, "options": options}),
            permissions,
        )
    };
    let mut sent = 0;
    for d in [
        command("summit", json!([]), "0"),
        command(
            "ask",
            json!([{"name": "question", "type": 3,
                    "value": format!("did the US sign? {} TAILMARKER", "really ".repeat(40))}]),
            "0",
        ),
        gateway_interaction(
            &fake,
            "autocomplete.json",
            json!({"id": "1", "name": "participant", "type": 1,
                   "options": [{"name": "name", "type": 3, "value": "zelen", "focused": true}]}),
            "0",
        ),
    ] {
        let callback = fake.interact(d).await;
        assert!(callback.body["type"].is_u64(), "{}", callback.body);
        sent += 1;
    }
    std::fs::write(
        &file,
        paris_facts().replacen(PLEDGE_TEXT, &format!("GW. {PLEDGE_TEXT}"), 1),
    )
    .unwrap();
    let reloaded = fake.interact(command("reload", json!([]), "32")).await;
    sent += 1;
    assert_eq!(reloaded.body["data"]["flags"], 64, "{}", reloaded.body);
    assert!(
        reloaded.body.to_string().contains("Facts reloaded"),
        "{}",
        reloaded.body
    );

    // `stop` waits with blocking sleeps; the fake Discord keeps running on the runtime meanwhile.
    let (status, all) = tokio::task::spawn_blocking(move || bot.stop())
        .await
        .unwrap();
    assert!(status.success(), "exit {status:?}:\n{all}");
    assert_no_secrets(&all, TOKEN);

    let interactions = interaction_lines(&all);
    assert_eq!(interactions.len(), sent, "one line per interaction:\n{all}");
    for v in &interactions {
        let f = &v["fields"];
        for field in [
            "id", "kind", "request", "outcome", "user", "context", "installs",
        ] {
            assert!(f[field].is_string(), "{field} in {v}");
        }
        assert!(f["latency_us"].is_u64() && f["answer_us"].is_u64(), "{v}");
    }
    let kinds: Vec<&str> = interactions
        .iter()
        .filter_map(|v| v["fields"]["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"command") && kinds.contains(&"autocomplete"),
        "{kinds:?}"
    );
    fake.assert_clean();
}
