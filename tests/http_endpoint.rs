//! The HTTP interactions endpoint over a real loopback socket: signatures, replay window, limits,
//! and every kind of interaction answered from real Discord interaction JSON
//! (`tests/fixtures/interactions/`). Every callback body is checked against Discord's OpenAPI
//! description, and against `interaction::respond`, which the gateway uses too, so both
//! transports send the same bytes.
//!
//! The client is a few lines of HTTP/1.1 over `tokio::net::TcpStream`: it shows exactly what goes
//! on the wire (including malformed requests a polite client library would refuse to send).

#[path = "support/mistakes.rs"]
mod mistakes;
#[path = "support/openapi.rs"]
mod openapi;
#[path = "support/scratch.rs"]
mod scratch;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;
use summit_bot::catalog::Catalog;
use summit_bot::commands::COMMANDS;
use summit_bot::feedback::{Recorder, Settings};
use summit_bot::interaction::{self, Outcome};
use summit_bot::live::LiveFacts;
use summit_bot::transport::http::{serve_on, Endpoint, Options, MAX_BODY, MAX_HEAD};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const INVOKER: &str = "283934521092767744";
const OTHER: &str = "712345098765432101";
/// Every wait in this file is bounded by this, so a regression fails instead of hanging.
const GUARD: Duration = Duration::from_secs(10);

fn key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

fn catalog() -> Arc<Catalog> {
    Arc::new(Catalog::embedded().expect("embedded facts load"))
}

/// The embedded facts, as the endpoint holds them (they cannot be reloaded).
fn live() -> Arc<LiveFacts> {
    Arc::new(LiveFacts::new(
        Catalog::embedded().expect("embedded facts load"),
        None,
    ))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interactions")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

struct Server {
    addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    async fn start(max_age: u64) -> Server {
        let options = Options {
            max_age_secs: max_age,
            ..Options::default()
        };
        Server::start_with(Endpoint::new(live(), key().verifying_key(), options)).await
    }

    async fn start_with(endpoint: Endpoint) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve_on(listener, endpoint, async {
            let _ = stopped.await;
        }));
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(GUARD, self.task)
            .await
            .expect("serve_on returns after shutdown")
            .unwrap();
    }

    /// POSTs `body` to /interactions, signed with `key()` at the current time.
    async fn post_signed(&self, body: &[u8]) -> Response {
        let ts = now().to_string();
        let sig = sign(&key(), &ts, body);
        self.post(
            body,
            &[
                ("X-Signature-Ed25519", &sig),
                ("X-Signature-Timestamp", &ts),
            ],
        )
        .await
    }

    async fn post(&self, body: &[u8], headers: &[(&str, &str)]) -> Response {
        let mut head = format!(
            "POST /interactions HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             User-Agent: Discord-Interactions/1.0 (+https://discord.com)\r\n\
             Content-Length: {}\r\nConnection: close\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut raw = head.into_bytes();
        raw.extend_from_slice(body);
        self.exchange(&raw).await
    }

    async fn get(&self, path: &str) -> Response {
        let raw = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        self.exchange(raw.as_bytes()).await
    }

    /// Writes `raw` (ignoring a write error: the server may answer and close early, e.g. 413)
    /// and reads the response until the server closes the connection.
    async fn exchange(&self, raw: &[u8]) -> Response {
        let stream = TcpStream::connect(self.addr).await.unwrap();
        let (mut rd, mut wr) = stream.into_split();
        let raw = raw.to_vec();
        let writer = tokio::spawn(async move {
            let _ = wr.write_all(&raw).await;
            wr
        });
        let mut buf = Vec::new();
        let read = tokio::time::timeout(GUARD, async {
            let mut chunk = [0u8; 16384];
            loop {
                match rd.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
        })
        .await;
        assert!(read.is_ok(), "no complete response within the guard");
        drop(writer.await);
        Response::parse(&buf)
    }
}

fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body);
    hex::encode(key.sign(&message).to_bytes())
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
        let head = std::str::from_utf8(&raw[..split]).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (k, v) = l.split_once(':').unwrap();
                (k.trim().to_ascii_lowercase(), v.trim().to_owned())
            })
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if let Some(len) = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map(|(_, v)| v.parse::<usize>().unwrap())
        {
            assert_eq!(body.len(), len, "body length matches Content-Length");
            body.truncate(len);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "every response is JSON: {self:?}"
        );
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A 200 callback, valid against Discord's schema and its unencoded rules.
    fn callback(&self) -> Value {
        assert_eq!(
            self.status,
            200,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        let body = self.json();
        if let Err(errors) = openapi::validate_callback(&body) {
            panic!("invalid callback body {body:#}:\n{}", errors.join("\n"));
        }
        body
    }
}

fn flags(body: &Value) -> u64 {
    body.pointer("/data/flags")
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

/// The `custom_id` of every button under a callback's message.
fn button_ids(body: &Value) -> Vec<&str> {
    body.pointer("/data/components")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .filter_map(|b| b["custom_id"].as_str())
        .collect()
}

/// The paging buttons' ids only: "Sources" and "Disputes" run for whoever clicks, unbound.
fn paging_ids(body: &Value) -> Vec<String> {
    button_ids(body)
        .into_iter()
        .filter(|id| id.starts_with("pg|"))
        .map(str::to_owned)
        .collect()
}

// ---- fixtures ----------------------------------------------------------------------------------

#[test]
fn every_fixture_is_an_interaction_serenity_can_read() {
    use serenity::model::application::Interaction;
    let names = fixture_names();
    assert!(names.len() >= 15, "fixtures missing: {names:?}");
    for name in names {
        let raw = fixture(&name);
        let parsed: Interaction = serde_json::from_slice(&raw)
            .unwrap_or_else(|e| panic!("{name} is not an interaction serenity can read: {e}"));
        let expected = match name.split('-').next().unwrap() {
            "ping.json" => "Ping",
            "command" => "Command",
            "autocomplete" => "Autocomplete",
            "component" => "Component",
            // Message (context-menu) commands are application commands too.
            "message" => "Command",
            other => panic!("{name}: unknown fixture prefix {other}"),
        };
        let got = match parsed {
            Interaction::Ping(_) => "Ping",
            Interaction::Command(_) => "Command",
            Interaction::Autocomplete(_) => "Autocomplete",
            Interaction::Component(_) => "Component",
            _ => "other",
        };
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn every_command_has_a_fixture() {
    for spec in COMMANDS {
        let path = fixtures_dir().join(format!("command-{}.json", spec.name));
        assert!(
            path.is_file(),
            "no fixture for /{}: {}",
            spec.name,
            path.display()
        );
    }
}

// ---- answering ---------------------------------------------------------------------------------

#[tokio::test]
async fn ping_gets_pong() {
    let server = Server::start(300).await;
    let response = server.post_signed(&fixture("ping.json")).await;
    assert_eq!(response.callback(), serde_json::json!({"type": 1}));
    assert_eq!(response.body, b"{\"type\":1}");
    server.shutdown().await;
}

#[tokio::test]
async fn every_command_answers_like_the_gateway() {
    let server = Server::start(300).await;
    let catalog = catalog();
    for name in fixture_names()
        .into_iter()
        .filter(|n| n.starts_with("command-"))
    {
        let raw = fixture(&name);
        let response = server.post_signed(&raw).await;
        let body = response.callback();
        assert_eq!(body["type"], 4, "{name}: a new message");
        // The gateway answers through the same function: same bytes.
        assert_eq!(
            response.body,
            interaction::respond(&catalog, &raw).unwrap(),
            "{name}: HTTP and gateway bodies differ"
        );
        let summary = interaction::handle(&catalog, &raw).unwrap().summary;
        assert_eq!(summary.user.as_deref(), Some(INVOKER), "{name}");
        match name.as_str() {
            // Discord still has a command this build no longer has: a polite private error.
            "command-unknown.json" => {
                assert_eq!(summary.outcome, Outcome::Error, "{name}");
                assert_eq!(flags(&body) & 64, 64, "{name}: errors are ephemeral");
                let text = body.to_string();
                assert!(text.contains("weather"), "{name} names the command: {text}");
            }
            "command-participant-mentions.json" => {
                let text = body["data"].to_string();
                assert!(!text.contains("@everyone"), "{name} echoes a live mention");
                assert!(!text.contains("<@2839"), "{name} echoes a live mention");
            }
            // `private:true` asks for an ephemeral answer.
            "command-ask.json" => assert_eq!(flags(&body) & 64, 64, "{name}"),
            // An admin command on facts that cannot be reloaded: the engine says why, privately.
            "command-reload.json" => {
                assert_eq!(summary.outcome, Outcome::Error, "{name}");
                assert_eq!(flags(&body) & 64, 64, "{name}: errors are ephemeral");
            }
            // An endpoint that records nothing says so, privately.
            "command-gaps.json" => {
                assert_eq!(summary.outcome, Outcome::NotFound, "{name}");
                assert_eq!(flags(&body) & 64, 64, "{name}: private");
            }
            _ => {
                assert_eq!(summary.outcome, Outcome::Answer, "{name}: {body:#}");
                assert_eq!(flags(&body) & 64, 0, "{name}: answers are public");
            }
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn message_commands_are_answered_privately_like_the_gateway() {
    let server = Server::start(300).await;
    let catalog = catalog();
    for name in fixture_names()
        .into_iter()
        .filter(|n| n.starts_with("message-"))
    {
        let raw = fixture(&name);
        let response = server.post_signed(&raw).await;
        let body = response.callback();
        assert_eq!(body["type"], 4, "{name}: a new message");
        assert_eq!(flags(&body) & 64, 64, "{name}: private");
        assert_eq!(
            body["data"]["allowed_mentions"],
            serde_json::json!({"parse": []}),
            "{name}"
        );
        assert_eq!(
            response.body,
            interaction::respond(&catalog, &raw).unwrap(),
            "{name}: HTTP and gateway bodies differ"
        );
        let summary = interaction::handle(&catalog, &raw).unwrap().summary;
        let line = summary.request.unwrap();
        assert!(
            line.starts_with("[Check with summit facts] message:"),
            "{line}"
        );
        let embed = &body["data"]["embeds"][0];
        let text = body["data"].to_string();
        match name.as_str() {
            // Three claims with mentions, markdown and a link: each gets a verdict; the mention
            // is never echoed live.
            "message-check.json" => {
                assert_eq!(summary.outcome, Outcome::Answer, "{name}");
                let fields = embed["fields"].as_array().map_or(0, Vec::len);
                assert!(fields >= 3, "{name}: {fields} fields");
                assert!(text.contains("Contradicted"), "{name}: {text}");
                assert!(text.contains("Supported"), "{name}: {text}");
                assert!(!text.contains("<@2839"), "{name} echoes a mention");
                assert!(!text.contains("example.com"), "{name} echoes the link");
            }
            // Only an attachment: nothing to check, said politely.
            "message-check-attachment.json" => {
                assert_eq!(summary.outcome, Outcome::NotFound, "{name}");
                assert!(text.contains("attachment"), "{name}: {text}");
            }
            // Another language, from a user install in a DM: not covered.
            "message-check-user-install.json" => {
                assert_eq!(summary.outcome, Outcome::Answer, "{name}");
                assert!(text.contains("Not covered"), "{name}: {text}");
                assert!(!text.contains("Supported"), "{name}: {text}");
            }
            other => panic!("no expectation for {other}"),
        }
    }
    server.shutdown().await;
}

/// A user install: used in a DM between users (no member, context 2), or in a server that never
/// added the bot (context 0, but only the user's installation authorised it). Both answered, the
/// context and installation read for the log.
#[tokio::test]
async fn user_installs_are_answered_and_their_context_is_read() {
    use summit_bot::discord::InteractionContext;
    let server = Server::start(300).await;
    let catalog = catalog();
    for (name, context, installs) in [
        (
            "command-summit-user-install-dm.json",
            InteractionContext::PrivateChannel,
            "user",
        ),
        (
            "command-pledges-user-install-guild.json",
            InteractionContext::Guild,
            "user",
        ),
        (
            "message-check-user-install.json",
            InteractionContext::PrivateChannel,
            "user",
        ),
        ("command-pledges.json", InteractionContext::Guild, "guild"),
    ] {
        let raw = fixture(name);
        let body = server.post_signed(&raw).await.callback();
        assert_eq!(body["type"], 4, "{name}");
        assert_eq!(
            body["data"]["allowed_mentions"],
            serde_json::json!({"parse": []})
        );
        let summary = interaction::handle(&catalog, &raw).unwrap().summary;
        assert_eq!(summary.context, Some(context), "{name}");
        assert_eq!(summary.installs, Some(installs), "{name}");
        assert_eq!(summary.user.as_deref(), Some(INVOKER), "{name}");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn autocomplete_offers_choices() {
    let server = Server::start(300).await;
    let body = server
        .post_signed(&fixture("autocomplete-participant.json"))
        .await
        .callback();
    assert_eq!(body["type"], 8);
    let choices = body["data"]["choices"].as_array().unwrap();
    assert!(
        choices
            .iter()
            .any(|c| c["name"].as_str().unwrap().contains("Starmer")),
        "`starm` offers Keir Starmer: {body:#}"
    );
    for name in [
        "autocomplete-pledges-by.json",
        "autocomplete-summit-empty.json",
    ] {
        let body = server.post_signed(&fixture(name)).await.callback();
        assert_eq!(body["type"], 8, "{name}");
        assert!(
            !body["data"]["choices"].as_array().unwrap().is_empty(),
            "{name}: {body:#}"
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn paging_click_by_the_invoker_edits_the_message() {
    let server = Server::start(300).await;
    let body = server
        .post_signed(&fixture("component-page-invoker.json"))
        .await
        .callback();
    assert_eq!(body["type"], 7, "the invoker turns the page in place");
    assert_eq!(flags(&body) & 64, 0);
    let ids = paging_ids(&body);
    assert!(!ids.is_empty(), "page 2 still has paging buttons: {body:#}");
    assert!(
        ids.iter().all(|id| id.contains(INVOKER)),
        "buttons stay bound to the invoker: {ids:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn paging_click_by_someone_else_gets_a_private_copy() {
    let server = Server::start(300).await;
    let catalog = catalog();
    let raw = fixture("component-page-other.json");
    let body = server.post_signed(&raw).await.callback();
    assert_eq!(
        body["type"], 4,
        "a new message; the shared one is unchanged"
    );
    assert_eq!(flags(&body) & 64, 64, "only the clicker sees it");
    let ids = paging_ids(&body);
    assert!(!ids.is_empty(), "{body:#}");
    assert!(
        ids.iter()
            .all(|id| id.contains(OTHER) && !id.contains(INVOKER)),
        "the copy's buttons work for the clicker: {ids:?}"
    );
    assert_eq!(
        interaction::handle(&catalog, &raw).unwrap().summary.outcome,
        Outcome::PageCopy
    );
    // Same page as the invoker would have got.
    let mine = server
        .post_signed(&fixture("component-page-invoker.json"))
        .await
        .callback();
    assert_eq!(
        body["data"]["embeds"], mine["data"]["embeds"],
        "the same page either way"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_did_you_mean_button_answers_the_clicker_with_that_name() {
    let server = Server::start(300).await;
    let catalog = catalog();
    let raw = fixture("component-did-you-mean.json");
    let body = server.post_signed(&raw).await.callback();
    assert_eq!(body["type"], 4, "a new message: {body:#}");
    assert_eq!(flags(&body) & 64, 64, "only the clicker sees it");
    assert_eq!(body["data"]["embeds"][0]["title"], "United Kingdom");
    assert_eq!(
        body["data"]["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    assert_eq!(
        interaction::handle(&catalog, &raw).unwrap().summary.outcome,
        Outcome::Run
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_sources_button_lists_every_source_privately() {
    let server = Server::start(300).await;
    let catalog = catalog();
    let raw = fixture("component-sources.json");
    let body = server.post_signed(&raw).await.callback();
    assert_eq!(body["type"], 4, "{body:#}");
    assert_eq!(flags(&body) & 64, 64);
    let embed = &body["data"]["embeds"][0];
    assert!(embed["title"]
        .as_str()
        .unwrap()
        .starts_with("Sources — Participants"));
    let description = embed["description"].as_str().unwrap();
    assert!(description.starts_with("1. ["), "{description}");
    assert_eq!(
        interaction::handle(&catalog, &raw).unwrap().summary.outcome,
        Outcome::Sources
    );
    server.shutdown().await;
}

/// Every private answer offers "Post publicly"; a click reposts the clicked message's embed to
/// the channel (a public new message), naming who shared it, with nothing stored and no ping.
#[tokio::test]
async fn post_publicly_reposts_the_private_answer_naming_the_sharer() {
    let server = Server::start(300).await;
    let catalog = catalog();
    // `/ask private:true`, the message command and the Sources list all carry the button.
    for name in [
        "command-ask.json",
        "message-check.json",
        "component-sources.json",
    ] {
        let body = server.post_signed(&fixture(name)).await.callback();
        assert_eq!(flags(&body) & 64, 64, "{name}");
        let ids = button_ids(&body);
        assert!(
            ids.contains(&"pub"),
            "{name}: no Post publicly button in {ids:?}"
        );
    }
    // A public answer does not.
    let body = server
        .post_signed(&fixture("command-pledges.json"))
        .await
        .callback();
    assert!(!body.to_string().contains("\"pub\""), "{body}");

    let raw = fixture("component-post-publicly.json");
    let body = server.post_signed(&raw).await.callback();
    assert_eq!(body["type"], 4, "{body:#}");
    assert_eq!(flags(&body), 0, "a repost is public: {body:#}");
    assert_eq!(
        body["data"]["allowed_mentions"],
        serde_json::json!({"parse": []})
    );
    assert_eq!(body["data"]["content"], "Shared by Tomasz");
    assert_eq!(body["data"]["embeds"][0]["title"], "Donald Trump");
    assert_eq!(
        interaction::handle(&catalog, &raw).unwrap().summary.outcome,
        Outcome::Shared
    );
    server.shutdown().await;
}

/// The 👍/👎 buttons sit under `/ask` and message-command answers; a click is thanked
/// privately and recorded with the question and the facts shown; `/gaps` reads them back.
#[tokio::test]
async fn votes_are_thanked_privately_recorded_and_shown_by_gaps() {
    let state = scratch::Scratch::new("http", "votes");
    let recorder = Recorder::start(Settings {
        dir: state.path().to_owned(),
        record_user_ids: false,
        max_file_bytes: 1 << 20,
        keep_files: 1,
    });
    let endpoint = Endpoint::new(live(), key().verifying_key(), Options::default())
        .with_recorder(recorder.clone());
    let server = Server::start_with(endpoint).await;
    for name in ["command-ask.json", "message-check.json"] {
        let body = server.post_signed(&fixture(name)).await.callback();
        let ids = button_ids(&body);
        let votes = ids.iter().filter(|id| id.starts_with("fb|")).count();
        assert_eq!(votes, 2, "{name}: no 👍/👎 in {ids:?}");
    }
    for name in ["component-vote-ask.json", "component-vote-check.json"] {
        let raw = fixture(name);
        let body = server.post_signed(&raw).await.callback();
        assert_eq!(body["type"], 4, "{name}");
        assert_eq!(flags(&body), 64, "{name}: thanked privately");
        assert_eq!(body["data"]["content"], summit_bot::feedback::THANKS);
        assert_eq!(
            body["data"]["allowed_mentions"],
            serde_json::json!({"parse": []})
        );
        assert_eq!(
            interaction::handle(&catalog(), &raw)
                .unwrap()
                .summary
                .outcome,
            Outcome::Voted
        );
    }
    recorder.flush();
    let text = std::fs::read_to_string(state.path().join("feedback.jsonl")).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let votes: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "vote").collect();
    assert_eq!(votes.len(), 2, "{text}");
    assert_eq!(votes[0]["vote"], "down");
    assert_eq!(votes[0]["question"], "did the US sign?");
    assert!(
        votes[0]["facts"].as_array().is_some_and(|f| !f.is_empty()),
        "{text}"
    );
    assert_eq!(votes[1]["vote"], "up");
    assert!(votes[1]["question"]
        .as_str()
        .unwrap()
        .contains("Meloni attended too!"));
    assert!(
        votes[1]["facts"].as_array().is_some_and(|f| !f.is_empty()),
        "{text}"
    );
    assert!(!text.contains(INVOKER), "no user ids unless asked: {text}");

    // `/gaps` by a member with Manage Server: the top of both lists, privately.
    let mut raw: Value = serde_json::from_slice(&fixture("command-gaps.json")).unwrap();
    raw["member"]["permissions"] = Value::String("32".into());
    let body = server
        .post_signed(&serde_json::to_vec(&raw).unwrap())
        .await
        .callback();
    assert_eq!(flags(&body) & 64, 64, "{body:#}");
    let shown = body["data"]["embeds"][0].to_string();
    assert!(shown.contains("Most 👎"), "{shown}");
    assert!(shown.contains("1 👎, 0 👍"), "{shown}");
    // Without the permission: refused, privately.
    let body = server
        .post_signed(&fixture("command-gaps.json"))
        .await
        .callback();
    assert_eq!(flags(&body) & 64, 64);
    assert!(body.to_string().contains("Manage Server"), "{body:#}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_button_we_cannot_read_gets_a_private_error() {
    let server = Server::start(300).await;
    let body = server
        .post_signed(&fixture("component-stale-button.json"))
        .await
        .callback();
    assert_eq!(body["type"], 4);
    assert_eq!(flags(&body) & 64, 64);
    server.shutdown().await;
}

// ---- refusals ----------------------------------------------------------------------------------

/// What a refusal case is called, the body sent, and the headers sent with it.
type Case<'a> = (&'a str, Vec<u8>, Vec<(&'a str, &'a str)>);

#[tokio::test]
async fn every_bad_signature_is_401_without_detail() {
    let server = Server::start(300).await;
    let body = fixture("command-pledges.json");
    let signed_at = now();
    let ts = signed_at.to_string();
    let good = sign(&key(), &ts, &body);
    let wrong_key = sign(&SigningKey::from_bytes(&[8u8; 32]), &ts, &body);
    let non_hex = format!("zz{}", &good[2..]);
    let short = good[..good.len() - 2].to_owned();
    let long = format!("{good}00");
    // One second before the signed one, whenever the clock ticks: `now() - 1` read a second
    // later is the signed timestamp itself, which verifies.
    let older = (signed_at - 1).to_string();
    let mut tampered = body.clone();
    let at = tampered.windows(2).position(|w| w == b"uk").unwrap();
    tampered[at..at + 2].copy_from_slice(b"fr");

    let cases: Vec<Case> = vec![
        ("no headers", body.clone(), vec![]),
        (
            "no signature",
            body.clone(),
            vec![("X-Signature-Timestamp", &ts)],
        ),
        (
            "no timestamp",
            body.clone(),
            vec![("X-Signature-Ed25519", &good)],
        ),
        (
            "non-hex signature",
            body.clone(),
            vec![
                ("X-Signature-Ed25519", &non_hex),
                ("X-Signature-Timestamp", &ts),
            ],
        ),
        (
            "short signature",
            body.clone(),
            vec![
                ("X-Signature-Ed25519", &short),
                ("X-Signature-Timestamp", &ts),
            ],
        ),
        (
            "long signature",
            body.clone(),
            vec![
                ("X-Signature-Ed25519", &long),
                ("X-Signature-Timestamp", &ts),
            ],
        ),
        (
            "wrong key",
            body.clone(),
            vec![
                ("X-Signature-Ed25519", &wrong_key),
                ("X-Signature-Timestamp", &ts),
            ],
        ),
        (
            "tampered body",
            tampered,
            vec![
                ("X-Signature-Ed25519", &good),
                ("X-Signature-Timestamp", &ts),
            ],
        ),
        (
            "tampered timestamp",
            body.clone(),
            vec![
                ("X-Signature-Ed25519", &good),
                ("X-Signature-Timestamp", &older),
            ],
        ),
        (
            "empty signature",
            body.clone(),
            vec![("X-Signature-Ed25519", ""), ("X-Signature-Timestamp", &ts)],
        ),
    ];
    let mut bodies = Vec::new();
    for (what, body, headers) in cases {
        let response = server.post(&body, &headers).await;
        assert_eq!(response.status, 401, "{what}");
        response.json();
        bodies.push(response.body);
    }
    bodies.dedup();
    assert_eq!(bodies.len(), 1, "every refusal reads the same: {bodies:?}");
    // And the good signature on the same body is accepted, so the cases above fail for their
    // own reason.
    let response = server
        .post(
            &body,
            &[
                ("X-Signature-Ed25519", &good),
                ("X-Signature-Timestamp", &ts),
            ],
        )
        .await;
    response.callback();
    server.shutdown().await;
}

/// Under load the endpoint checks signatures in batches (see `transport::signature`): requests
/// sent all at once, forged ones among them, each still get their own answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_requests_with_forgeries_each_get_their_own_answer() {
    let server = Arc::new(Server::start(300).await);
    let body = fixture("command-pledges.json");
    let requests: Vec<_> = (0..96)
        .map(|i| {
            let server = Arc::clone(&server);
            let body = body.clone();
            tokio::spawn(async move {
                let ts = now().to_string();
                let forged = i % 5 == 2;
                let signer = if forged {
                    SigningKey::from_bytes(&[8u8; 32])
                } else {
                    key()
                };
                let sig = sign(&signer, &ts, &body);
                let headers = [
                    ("X-Signature-Ed25519", sig.as_str()),
                    ("X-Signature-Timestamp", ts.as_str()),
                ];
                (forged, server.post(&body, &headers).await)
            })
        })
        .collect();
    for (i, request) in requests.into_iter().enumerate() {
        let (forged, response) = request.await.unwrap();
        if forged {
            assert_eq!(response.status, 401, "forged request {i}");
        } else {
            response.callback();
        }
    }
    match Arc::try_unwrap(server) {
        Ok(server) => server.shutdown().await,
        Err(_) => panic!("every request task has finished"),
    }
}

#[tokio::test]
async fn replay_window_refuses_stale_and_future_timestamps() {
    let server = Server::start(300).await;
    let body = fixture("ping.json");
    for (what, ts) in [
        // Well past the 300-second window: the server reads its clock later, and a second's
        // tick must not bring a timestamp back inside it.
        ("stale", now() - 310),
        ("far future", now() + 310),
        ("an hour old", now() - 3600),
    ] {
        let ts = ts.to_string();
        let sig = sign(&key(), &ts, &body);
        let response = server
            .post(
                &body,
                &[
                    ("X-Signature-Ed25519", &sig),
                    ("X-Signature-Timestamp", &ts),
                ],
            )
            .await;
        assert_eq!(response.status, 401, "{what} timestamp");
    }
    for ts in ["", "yesterday", "1.5e9"] {
        let sig = sign(&key(), ts, &body);
        let response = server
            .post(
                &body,
                &[("X-Signature-Ed25519", &sig), ("X-Signature-Timestamp", ts)],
            )
            .await;
        assert_eq!(response.status, 401, "timestamp {ts:?}");
    }
    let ts = (now() - 60).to_string();
    let sig = sign(&key(), &ts, &body);
    let response = server
        .post(
            &body,
            &[
                ("X-Signature-Ed25519", &sig),
                ("X-Signature-Timestamp", &ts),
            ],
        )
        .await;
    assert_eq!(response.status, 200, "a minute old is inside the window");
    server.shutdown().await;

    // max_age 0 turns the window off: only the signature counts.
    let server = Server::start(0).await;
    let ts = (now() - 86_400).to_string();
    let sig = sign(&key(), &ts, &body);
    let response = server
        .post(
            &body,
            &[
                ("X-Signature-Ed25519", &sig),
                ("X-Signature-Timestamp", &ts),
            ],
        )
        .await;
    assert_eq!(response.status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_interactions_are_400_after_a_valid_signature() {
    let server = Server::start(300).await;
    for body in [
        &b"{\"type\":2,"[..],
        b"not json",
        b"",
        b"[]",
        b"{\"type\":\"2\"}",
        b"{\"type\":99,\"id\":\"1\"}",
        b"{\"type\":2,\"id\":\"1\"}",
        b"{\"type\":3,\"data\":{\"custom_id\":\"pg||summit|1\"}}",
        b"{\"type\":4,\"data\":{\"name\":\"pledges\",\"options\":[]},\"user\":{\"id\":\"1\"}}",
    ] {
        let response = server.post_signed(body).await;
        assert_eq!(
            response.status,
            400,
            "{:?}: {}",
            String::from_utf8_lossy(body),
            String::from_utf8_lossy(&response.body)
        );
        response.json();
    }
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let server = Server::start(300).await;
    // Declared by Content-Length.
    let body = vec![b' '; MAX_BODY + 1];
    let response = server.post_signed(&body).await;
    assert_eq!(response.status, 413);
    response.json();
    // Exactly the limit is read, then refused as JSON, not as size.
    let mut body = vec![b' '; MAX_BODY];
    body[0] = b'{';
    let response = server.post_signed(&body).await;
    assert_eq!(response.status, 400);

    // Chunked, so the size shows only while streaming.
    let ts = now().to_string();
    let chunk = vec![b' '; 64 * 1024];
    let mut signed = Vec::new();
    let mut raw = format!(
        "POST /interactions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\nX-Signature-Timestamp: {ts}\r\n"
    )
    .into_bytes();
    for _ in 0..17 {
        signed.extend_from_slice(&chunk);
    }
    let sig = sign(&key(), &ts, &signed);
    raw.extend_from_slice(format!("X-Signature-Ed25519: {sig}\r\n\r\n").as_bytes());
    for _ in 0..17 {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(&chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let response = server.exchange(&raw).await;
    assert_eq!(response.status, 413);
    server.shutdown().await;
}

// ---- other routes, timeouts, shutdown ----------------------------------------------------------

#[tokio::test]
async fn healthz_lists_the_loaded_summits() {
    let server = Server::start(300).await;
    let response = server.get("/healthz").await;
    assert_eq!(response.status, 200);
    let body = response.json();
    assert_eq!(body["status"], "ok");
    let catalog = catalog();
    let ids: Vec<&str> = body["summits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = catalog.summits().iter().map(|f| f.id()).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        body["summits"][0]["origin"],
        catalog.newest().origin.as_str()
    );
    server.shutdown().await;
}

#[tokio::test]
async fn other_routes_and_methods_answer_json() {
    let server = Server::start(300).await;
    let response = server.get("/interactions").await;
    assert_eq!(response.status, 405);
    response.json();
    let response = server.get("/nope").await;
    assert_eq!(response.status, 404);
    response.json();
    server.shutdown().await;
}

/// A request head far beyond any Discord sends is refused by hyper (431) instead of buffered,
/// and the endpoint goes on serving.
#[tokio::test]
async fn huge_request_heads_are_refused() {
    let server = Server::start(300).await;
    let filler = "a".repeat(8 * MAX_HEAD);
    let raw = format!(
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nX-Filler: {filler}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let response = server.exchange(raw.as_bytes()).await;
    assert_eq!(response.status, 431);
    let response = server.get("/healthz").await;
    assert_eq!(response.status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn keep_alive_serves_many_requests_on_one_connection() {
    let server = Server::start(300).await;
    let body = fixture("command-pledges.json");
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    for _ in 0..3 {
        let ts = now().to_string();
        let sig = sign(&key(), &ts, &body);
        let mut raw = format!(
            "POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\
             X-Signature-Ed25519: {sig}\r\nX-Signature-Timestamp: {ts}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(&body);
        stream.write_all(&raw).await.unwrap();
        let response = read_one(&mut stream).await;
        response.callback();
    }
    server.shutdown().await;
}

/// Reads one Content-Length response from a keep-alive connection.
async fn read_one(stream: &mut TcpStream) -> Response {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    tokio::time::timeout(GUARD, async {
        loop {
            if let Some(split) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..split]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map(|v| v.trim().parse().unwrap())
                    .unwrap_or(0);
                if buf.len() >= split + 4 + len {
                    return;
                }
            }
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed mid-response");
            buf.extend_from_slice(&chunk[..n]);
        }
    })
    .await
    .expect("response within the guard");
    Response::parse(&buf)
}

#[tokio::test]
async fn slow_clients_are_cut_off() {
    let options = Options {
        max_age_secs: 300,
        header_timeout: Duration::from_millis(200),
        body_timeout: Duration::from_millis(200),
    };
    let endpoint = Endpoint::new(live(), key().verifying_key(), options);
    let server = Server::start_with(endpoint).await;

    // A head that never finishes: the connection is closed.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"POST /interactions HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = tokio::time::timeout(GUARD, stream.read(&mut buf))
        .await
        .expect("the server closes a slow head")
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");

    // A body that never finishes: 408.
    let body = fixture("ping.json");
    let ts = now().to_string();
    let sig = sign(&key(), &ts, &body);
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\
         X-Signature-Ed25519: {sig}\r\nX-Signature-Timestamp: {ts}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..10]).await.unwrap();
    let response = read_one(&mut stream).await;
    assert_eq!(response.status, 408);
    response.json();
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight() {
    let server = Server::start(300).await;
    // An idle keep-alive connection must not hold shutdown up.
    let _idle = TcpStream::connect(server.addr).await.unwrap();
    // A request whose body is half sent when shutdown starts still gets its answer.
    let body = fixture("command-summit.json");
    let ts = now().to_string();
    let sig = sign(&key(), &ts, &body);
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\
         X-Signature-Ed25519: {sig}\r\nX-Signature-Timestamp: {ts}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..100]).await.unwrap();
    // Let the server read the head before it is told to stop.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let Server {
        addr, stop, task, ..
    } = server;
    stop.unwrap().send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    stream.write_all(&body[100..]).await.unwrap();
    let response = read_one(&mut stream).await;
    response.callback();
    tokio::time::timeout(GUARD, task)
        .await
        .expect("serve_on returns")
        .unwrap();
    // And nothing listens any more.
    assert!(TcpStream::connect(addr).await.is_err());
}

// ---- the real binary ---------------------------------------------------------------------------

#[tokio::test]
async fn serve_without_a_key_says_where_to_find_it() {
    let mut config = summit_bot::config::Config::default();
    config.http.listen = "127.0.0.1:0".to_owned();
    config.http.public_key = None;
    let err = summit_bot::transport::http::serve(&config, live(), std::future::pending())
        .await
        .unwrap_err();
    assert!(err.contains("DISCORD_PUBLIC_KEY"), "{err}");
    assert!(err.contains("General Information"), "{err}");
    config.http.public_key = Some("not hex".to_owned());
    let err = summit_bot::transport::http::serve(&config, live(), std::future::pending())
        .await
        .unwrap_err();
    assert!(err.contains("Public Key"), "{err}");
}

/// `summit-bot serve --http 127.0.0.1:0` end to end: it logs where it listens, answers a signed
/// PING, and exits 0 on SIGTERM.
#[cfg(unix)]
#[test]
fn the_binary_serves_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_summit-bot"))
        .args(["serve", "--http", "127.0.0.1:0"])
        .env(
            "DISCORD_PUBLIC_KEY",
            hex::encode(key().verifying_key().as_bytes()),
        )
        .env("RUST_LOG", "info")
        .env_remove("DISCORD_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    let addr = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            panic!("summit-bot exited before listening:\n{log}");
        }
        log.push_str(&line);
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    let body = fixture("ping.json");
    let ts = now().to_string();
    let sig = sign(&key(), &ts, &body);
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(GUARD)).unwrap();
    let mut raw = format!(
        "POST /interactions HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\
         X-Signature-Ed25519: {sig}\r\nX-Signature-Timestamp: {ts}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(&body);
    stream.write_all(&raw).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = Response::parse(&response);
    assert_eq!(response.callback(), serde_json::json!({"type": 1}));

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + GUARD;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("summit-bot did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    stderr.read_to_string(&mut log).unwrap();
    assert!(status.success(), "exit {status:?}:\n{log}");
    assert!(log.contains("SIGTERM"), "{log}");
    assert!(
        log.contains("outcome=pong"),
        "one line per interaction:\n{log}"
    );
}

/// Corrupted and truncated interaction bodies (after a valid signature, anything can arrive)
/// must give an answer or an error, never a panic.
#[test]
fn mutated_fixtures_never_panic() {
    let catalog = catalog();
    for name in fixture_names() {
        let raw = fixture(&name);
        for at in (0..raw.len()).step_by(97) {
            for byte in [b'"', b'}', b'9', 0xff] {
                let mut bad = raw.clone();
                bad[at] = byte;
                let _ = interaction::handle(&catalog, &bad);
            }
            let _ = interaction::handle(&catalog, &raw[..at]);
        }
    }
}

/// The HTTP door of the shared mistakes test (tests/support/mistakes.rs): the reply says exactly
/// what the console says.
#[tokio::test]
async fn each_mistake_reads_as_in_the_console() {
    let server = Server::start(300).await;
    let c = catalog();
    for m in mistakes::MISTAKES {
        let mut body: Value = serde_json::from_slice(&fixture("command-pledges.json")).unwrap();
        body["data"]["name"] = Value::from(m.command);
        body["data"]["options"] = (m.options)();
        let callback = server
            .post_signed(&serde_json::to_vec(&body).unwrap())
            .await
            .callback();
        mistakes::assert_discord_reply(m, &callback, &c);
    }
    server.shutdown().await;
}
