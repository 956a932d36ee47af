//! A loopback fake of Discord that drives the real serenity client: REST over axum, the gateway
//! over tokio-tungstenite 0.21 (serenity's own version), both on 127.0.0.1.
//!
//! The bot is pointed here through `proxy` (`DISCORD_PROXY`), exactly as an operator points it at a
//! rate-limit proxy, so nothing in the bot knows it is under test.
//!
//! The fake is strict where Discord is strict: every registration `PUT` and every interaction
//! callback is checked against Discord's OpenAPI description plus the rules it does not encode
//! (`openapi::validate_*`), every REST call must carry the bot token, IDENTIFY must ask for no
//! intents, and every interaction it dispatches must deserialize with serenity's own
//! `Interaction` (serenity silently drops what it cannot read, which would look like a bot bug).
//! Violations are collected; [`FakeDiscord::assert_clean`] (and dropping the fake) fails the test.
//!
//! Shared by test binaries that each use part of it, hence `dead_code` allowances.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

use crate::openapi;

/// The fake application's id (also the bot user's id, as on Discord).
pub const APP_ID: u64 = 1_170_000_000_000_000_001;
/// The guild the fake's interactions come from.
pub const GUILD_ID: u64 = 1_170_000_000_000_000_100;
pub const CHANNEL_ID: u64 = 1_170_000_000_000_000_200;
/// The user who runs commands in the scenarios.
pub const INVOKER_ID: u64 = 1_170_000_000_000_000_300;
/// Another user, for paging clicks on someone else's message.
pub const OTHER_ID: u64 = 1_170_000_000_000_000_301;
/// A bot token of the right shape, known only to the fake and the test.
pub const TOKEN: &str =
    "MTE3MDAwMDAwMDAwMDAwMDAwMQ.GfAkEd.fake-token-for-tests-only_0123456789abcdefgh";

/// How long any wait on the bot may take before the test fails instead of hanging.
pub const WAIT: Duration = Duration::from_secs(20);

/// Where commands live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    Guild(u64),
}

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// HELLO's heartbeat interval in milliseconds.
    pub heartbeat_interval_ms: u64,
    /// Acknowledge heartbeats (op 11); can be changed later with [`FakeDiscord::set_ack`].
    pub ack_heartbeats: bool,
    /// Close every IDENTIFY with 4004 (authentication failed), as Discord does for a revoked
    /// token whose shape is fine.
    pub reject_identify: bool,
    /// `shards` in `GET /gateway/bot`.
    pub shards: u32,
    /// Commands already registered before the bot starts, as Discord would return them.
    pub preseed: Vec<(Scope, Value)>,
    /// Guilds whose command routes answer 403 Missing Access (the bot is not in them).
    pub forbidden_guilds: Vec<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            heartbeat_interval_ms: 41_250,
            ack_heartbeats: true,
            reject_identify: false,
            shards: 1,
            preseed: Vec::new(),
            forbidden_guilds: Vec::new(),
        }
    }
}

/// One REST request the bot made.
#[derive(Debug, Clone)]
pub struct RestCall {
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
    pub at: Instant,
}

/// One interaction callback the bot posted.
#[derive(Debug, Clone)]
pub struct Callback {
    pub interaction_id: String,
    pub token: String,
    /// The body exactly as received.
    pub raw: Vec<u8>,
    pub body: Value,
    /// From the INTERACTION_CREATE being written to the socket to this callback arriving.
    pub latency: Option<Duration>,
}

/// What happened on the gateway, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GwEvent {
    Connected {
        conn: usize,
    },
    Identified {
        conn: usize,
        intents: u64,
        shard: [u64; 2],
    },
    Resumed {
        conn: usize,
        seq: u64,
    },
    Heartbeat {
        conn: usize,
        acked: bool,
    },
    ClientClosed {
        conn: usize,
        code: Option<u16>,
    },
    Ended {
        conn: usize,
    },
}

/// What the test asks the current gateway connection to do.
#[derive(Debug)]
pub enum Control {
    Dispatch {
        t: String,
        d: Value,
    },
    /// op 7: "reconnect and resume".
    Reconnect,
    /// op 9 with `d` = resumable.
    InvalidSession(bool),
    /// Drop the TCP connection without a close frame.
    DropSocket,
    /// Send a close frame with this code, then finish the handshake.
    Close(u16),
}

struct Inner {
    gateway_url: String,
    opts: Options,
    ack: AtomicBool,
    requests: Mutex<Vec<RestCall>>,
    commands: Mutex<HashMap<Scope, Value>>,
    violations: Mutex<Vec<String>>,
    callbacks: mpsc::UnboundedSender<Callback>,
    events: mpsc::UnboundedSender<GwEvent>,
    /// The connection that last identified or resumed: where dispatches go.
    current: Mutex<Option<mpsc::UnboundedSender<Control>>>,
    /// Every connection with a session, by number (one per shard when sharded).
    by_conn: Mutex<HashMap<usize, mpsc::UnboundedSender<Control>>>,
    /// Session id → last sequence number, for RESUME.
    sessions: Mutex<HashMap<String, u64>>,
    /// Interaction id → when it was written to the socket.
    dispatched: Mutex<HashMap<String, Instant>>,
    conns: AtomicUsize,
    /// How many more command-route requests fail with 502 (a transient Discord error).
    fail_next: AtomicUsize,
    versions: AtomicU32,
    next_id: AtomicU64,
}

impl Inner {
    fn violation(&self, v: String) {
        eprintln!("fake Discord: VIOLATION: {v}");
        self.violations.lock().unwrap().push(v);
    }
}

/// The running fake. Dropping it stops its servers (and fails the test if a violation is pending).
pub struct FakeDiscord {
    /// Base URL for `proxy`: `http://127.0.0.1:PORT`.
    pub rest_url: String,
    pub gateway_url: String,
    inner: Arc<Inner>,
    callbacks: tokio::sync::Mutex<mpsc::UnboundedReceiver<Callback>>,
    events: tokio::sync::Mutex<mpsc::UnboundedReceiver<GwEvent>>,
    tasks: Vec<JoinHandle<()>>,
}

impl FakeDiscord {
    pub async fn start(opts: Options) -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gw = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let rest_addr: SocketAddr = rest.local_addr().unwrap();
        let gateway_url = format!("ws://{}", gw.local_addr().unwrap());
        let (cb_tx, cb_rx) = mpsc::unbounded_channel();
        let (ev_tx, ev_rx) = mpsc::unbounded_channel();
        let mut commands = HashMap::new();
        for (scope, body) in &opts.preseed {
            commands.insert(*scope, decorate(body, *scope, 1));
        }
        let inner = Arc::new(Inner {
            gateway_url: gateway_url.clone(),
            ack: AtomicBool::new(opts.ack_heartbeats),
            opts,
            requests: Mutex::new(Vec::new()),
            commands: Mutex::new(commands),
            violations: Mutex::new(Vec::new()),
            callbacks: cb_tx,
            events: ev_tx,
            current: Mutex::new(None),
            by_conn: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
            dispatched: Mutex::new(HashMap::new()),
            conns: AtomicUsize::new(0),
            fail_next: AtomicUsize::new(0),
            versions: AtomicU32::new(2),
            next_id: AtomicU64::new(1_170_000_000_000_100_000),
        });
        let app = Router::new()
            .route("/api/v10/gateway", get(gateway))
            .route("/api/v10/gateway/bot", get(gateway_bot))
            .route("/api/v10/oauth2/applications/@me", get(application))
            .route("/api/v10/applications/@me", get(application))
            .route(
                "/api/v10/applications/{app}/commands",
                get(get_global).put(put_global),
            )
            .route(
                "/api/v10/applications/{app}/guilds/{guild}/commands",
                get(get_guild).put(put_guild),
            )
            .route(
                "/api/v10/interactions/{id}/{token}/callback",
                post(callback),
            )
            .fallback(unknown)
            .with_state(Arc::clone(&inner));
        let rest_task = tokio::spawn(async move {
            let _ = axum::serve(rest, app).await;
        });
        let gw_inner = Arc::clone(&inner);
        let gw_task = tokio::spawn(async move {
            while let Ok((stream, _)) = gw.accept().await {
                let inner = Arc::clone(&gw_inner);
                tokio::spawn(connection(inner, stream));
            }
        });
        FakeDiscord {
            rest_url: format!("http://{rest_addr}"),
            gateway_url,
            inner,
            callbacks: tokio::sync::Mutex::new(cb_rx),
            events: tokio::sync::Mutex::new(ev_rx),
            tasks: vec![rest_task, gw_task],
        }
    }

    /// Acknowledge heartbeats (or stop doing so, to make the connection a zombie).
    pub fn set_ack(&self, ack: bool) {
        self.inner.ack.store(ack, Ordering::SeqCst);
    }

    /// Makes the next `n` requests on the command routes fail with 502 Bad Gateway.
    pub fn fail_next_command_requests(&self, n: usize) {
        self.inner.fail_next.store(n, Ordering::SeqCst);
    }

    /// Sends a control message to the connection that last identified or resumed.
    pub fn control(&self, c: Control) {
        let current = self.inner.current.lock().unwrap();
        let tx = current.as_ref().expect("no gateway session to control");
        tx.send(c).expect("the gateway connection is gone");
    }

    /// Waits for the next gateway event matching `pred`, skipping others.
    pub async fn wait_event(&self, what: &str, pred: impl Fn(&GwEvent) -> bool) -> GwEvent {
        let mut events = self.events.lock().await;
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, events.recv()).await {
                Ok(Some(e)) if pred(&e) => return e,
                Ok(Some(_)) => continue,
                Ok(None) => panic!("fake Discord stopped while waiting for {what}"),
                Err(_) => panic!("timed out after {WAIT:?} waiting for {what}"),
            }
        }
    }

    /// Waits until a session is established (IDENTIFY answered with READY, or RESUME with RESUMED).
    pub async fn wait_session(&self) -> GwEvent {
        self.wait_event("a gateway session (IDENTIFY or RESUME)", |e| {
            matches!(e, GwEvent::Identified { .. } | GwEvent::Resumed { .. })
        })
        .await
    }

    /// Dispatches INTERACTION_CREATE with `d` (after checking serenity can read it).
    pub fn dispatch_interaction(&self, d: Value) {
        assert_serenity_reads(&d);
        self.control(Control::Dispatch {
            t: "INTERACTION_CREATE".to_owned(),
            d,
        });
    }

    /// Dispatches INTERACTION_CREATE on one connection (one shard) in particular.
    pub fn dispatch_interaction_on(&self, conn: usize, d: Value) {
        assert_serenity_reads(&d);
        let by_conn = self.inner.by_conn.lock().unwrap();
        let tx = by_conn.get(&conn).expect("no session on that connection");
        tx.send(Control::Dispatch {
            t: "INTERACTION_CREATE".to_owned(),
            d,
        })
        .expect("the gateway connection is gone");
    }

    /// The next interaction callback the bot posts.
    pub async fn next_callback(&self) -> Callback {
        let mut rx = self.callbacks.lock().await;
        match tokio::time::timeout(WAIT, rx.recv()).await {
            Ok(Some(c)) => c,
            Ok(None) => panic!("fake Discord stopped"),
            Err(_) => panic!("timed out after {WAIT:?} waiting for an interaction callback"),
        }
    }

    /// Dispatches one interaction and returns the bot's callback for it.
    pub async fn interact(&self, d: Value) -> Callback {
        let id = d["id"].as_str().expect("interaction id").to_owned();
        self.dispatch_interaction(d);
        let c = self.next_callback().await;
        assert_eq!(c.interaction_id, id, "callback for another interaction");
        c
    }

    /// A fresh snowflake for an interaction.
    pub fn snowflake(&self) -> String {
        self.inner
            .next_id
            .fetch_add(1, Ordering::SeqCst)
            .to_string()
    }

    pub fn requests(&self) -> Vec<RestCall> {
        self.inner.requests.lock().unwrap().clone()
    }

    /// The registration `PUT`s received, in order.
    pub fn puts(&self) -> Vec<RestCall> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == Method::PUT)
            .collect()
    }

    /// What is registered in `scope`, as `GET` would return it.
    pub fn registered(&self, scope: Scope) -> Option<Value> {
        self.inner.commands.lock().unwrap().get(&scope).cloned()
    }

    /// How many gateway connections were opened.
    pub fn connections(&self) -> usize {
        self.inner.conns.load(Ordering::SeqCst)
    }

    pub fn violations(&self) -> Vec<String> {
        self.inner.violations.lock().unwrap().clone()
    }

    /// Fails the test if the bot sent anything Discord would reject.
    pub fn assert_clean(&self) {
        let v = std::mem::take(&mut *self.inner.violations.lock().unwrap());
        assert!(
            v.is_empty(),
            "the bot sent invalid requests:\n{}",
            v.join("\n")
        );
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
        if !std::thread::panicking() {
            let v = self.violations();
            assert!(
                v.is_empty(),
                "the bot sent invalid requests:\n{}",
                v.join("\n")
            );
        }
    }
}

/// Panics unless serenity's own model reads `d`: serenity drops what it cannot deserialize (as
/// `Event::Unknown`, logged at DEBUG), which would look like the bot ignoring the interaction.
pub fn assert_serenity_reads(d: &Value) {
    if let Err(e) = serde_json::from_value::<serenity::all::Interaction>(d.clone()) {
        panic!("serenity cannot read this interaction ({e}):\n{d:#}");
    }
}

// ---------------------------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------------------------

fn json_response(status: StatusCode, v: Value) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        v.to_string(),
    )
        .into_response()
}

fn ok(v: Value) -> Response {
    json_response(StatusCode::OK, v)
}

fn record(inner: &Inner, method: Method, path: &str, body: &[u8]) -> Option<Value> {
    let parsed = (!body.is_empty()).then(|| serde_json::from_slice::<Value>(body));
    let body = match parsed {
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            inner.violation(format!("{method} {path}: body is not JSON: {e}"));
            None
        }
        None => None,
    };
    inner.requests.lock().unwrap().push(RestCall {
        method,
        path: path.to_owned(),
        body: body.clone(),
        at: Instant::now(),
    });
    body
}

/// Every REST call must carry `Authorization: Bot <token>`; otherwise the 401 Discord answers.
fn unauthorized(headers: &HeaderMap) -> Option<Response> {
    let expected = format!("Bot {TOKEN}");
    match headers.get("authorization").and_then(|v| v.to_str().ok()) {
        Some(v) if v == expected => None,
        _ => Some(json_response(
            StatusCode::UNAUTHORIZED,
            json!({"message": "401: Unauthorized", "code": 0}),
        )),
    }
}

async fn gateway(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    record(&inner, Method::GET, "/gateway", &[]);
    if let Some(r) = unauthorized(&headers) {
        return r;
    }
    ok(json!({"url": inner.gateway_url}))
}

async fn gateway_bot(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    record(&inner, Method::GET, "/gateway/bot", &[]);
    if let Some(r) = unauthorized(&headers) {
        return r;
    }
    ok(json!({
        "url": inner.gateway_url,
        "shards": inner.opts.shards,
        "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
    }))
}

async fn application(State(inner): State<Arc<Inner>>, headers: HeaderMap, uri: Uri) -> Response {
    record(&inner, Method::GET, uri.path(), &[]);
    if let Some(r) = unauthorized(&headers) {
        return r;
    }
    ok(json!({
        "id": APP_ID.to_string(), "name": "summit-bot test", "icon": null, "description": "",
        "bot_public": true, "bot_require_code_grant": false, "verify_key": "00",
        "owner": {"id": INVOKER_ID.to_string(), "username": "owner", "discriminator": "0", "avatar": null},
        "team": null, "flags": 0
    }))
}

/// A transient failure or a guild the bot is not in, as Discord reports them.
fn refusal(inner: &Inner, scope: Scope) -> Option<Response> {
    if inner
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return Some(json_response(
            StatusCode::BAD_GATEWAY,
            json!({"message": "502: Bad Gateway", "code": 0}),
        ));
    }
    match scope {
        Scope::Guild(g) if inner.opts.forbidden_guilds.contains(&g) => Some(json_response(
            StatusCode::FORBIDDEN,
            json!({"message": "Missing Access", "code": 50001}),
        )),
        _ => None,
    }
}

fn check_app(inner: &Inner, app: &str) {
    if app != APP_ID.to_string() {
        inner.violation(format!(
            "commands route for application {app}, expected {APP_ID}"
        ));
    }
}

async fn get_global(
    State(inner): State<Arc<Inner>>,
    Path(app): Path<String>,
    headers: HeaderMap,
) -> Response {
    list(&inner, &app, Scope::Global, &headers)
}

async fn get_guild(
    State(inner): State<Arc<Inner>>,
    Path((app, guild)): Path<(String, u64)>,
    headers: HeaderMap,
) -> Response {
    list(&inner, &app, Scope::Guild(guild), &headers)
}

fn list(inner: &Inner, app: &str, scope: Scope, headers: &HeaderMap) -> Response {
    record(inner, Method::GET, &commands_path(app, scope), &[]);
    if let Some(r) = unauthorized(headers) {
        return r;
    }
    check_app(inner, app);
    if let Some(r) = refusal(inner, scope) {
        return r;
    }
    let current = inner.commands.lock().unwrap().get(&scope).cloned();
    ok(current.unwrap_or_else(|| json!([])))
}

async fn put_global(
    State(inner): State<Arc<Inner>>,
    Path(app): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    overwrite(&inner, &app, Scope::Global, &headers, &body)
}

async fn put_guild(
    State(inner): State<Arc<Inner>>,
    Path((app, guild)): Path<(String, u64)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    overwrite(&inner, &app, Scope::Guild(guild), &headers, &body)
}

fn overwrite(inner: &Inner, app: &str, scope: Scope, headers: &HeaderMap, body: &[u8]) -> Response {
    let path = commands_path(app, scope);
    let parsed = record(inner, Method::PUT, &path, body);
    if let Some(r) = unauthorized(headers) {
        return r;
    }
    check_app(inner, app);
    if let Some(r) = refusal(inner, scope) {
        return r;
    }
    check_json_content_type(inner, &path, headers);
    let Some(parsed) = parsed else {
        inner.violation(format!("PUT {path}: no body"));
        return StatusCode::BAD_REQUEST.into_response();
    };
    if let Err(errors) = openapi::validate_registration(&parsed) {
        for e in errors {
            inner.violation(format!("PUT {path}: {e}"));
        }
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"message": "Invalid Form Body", "code": 50035}),
        );
    }
    let version = inner.versions.fetch_add(1, Ordering::SeqCst);
    let stored = decorate(&parsed, scope, version);
    inner.commands.lock().unwrap().insert(scope, stored.clone());
    ok(stored)
}

fn commands_path(app: &str, scope: Scope) -> String {
    match scope {
        Scope::Global => format!("/applications/{app}/commands"),
        Scope::Guild(g) => format!("/applications/{app}/guilds/{g}/commands"),
    }
}

fn check_json_content_type(inner: &Inner, path: &str, headers: &HeaderMap) {
    let ct = headers.get("content-type").and_then(|v| v.to_str().ok());
    if ct != Some("application/json") {
        inner.violation(format!(
            "{path}: content-type {ct:?}, expected application/json"
        ));
    }
}

/// What Discord returns for a registered command set: our fields plus ids, versions and defaults,
/// with `required: false` and empty arrays left out (as Discord does).
pub fn decorate(body: &Value, scope: Scope, version: u32) -> Value {
    let Some(commands) = body.as_array() else {
        return json!([]);
    };
    let out: Vec<Value> = commands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut c = c.clone();
            if let Some(o) = c.as_object_mut() {
                o.insert(
                    "id".into(),
                    json!(format!("{}", 1_170_000_000_000_001_000u64 + i as u64)),
                );
                o.insert("application_id".into(), json!(APP_ID.to_string()));
                o.insert("version".into(), json!(format!("{version}")));
                o.entry("type").or_insert(json!(1));
                // Discord returns the permission bitfield as a decimal string, whatever was sent.
                let perms = match o.get("default_member_permissions") {
                    Some(Value::Number(n)) => json!(n.to_string()),
                    Some(v) => v.clone(),
                    None => Value::Null,
                };
                o.insert("default_member_permissions".into(), perms);
                o.entry("nsfw").or_insert(json!(false));
                o.entry("integration_types").or_insert(json!([0]));
                o.entry("contexts").or_insert(Value::Null);
                if let Scope::Guild(g) = scope {
                    o.insert("guild_id".into(), json!(g.to_string()));
                } else {
                    o.entry("dm_permission").or_insert(json!(true));
                }
                if let Some(opts) = o.get_mut("options") {
                    strip_defaults(opts);
                }
                if o.get("options")
                    .and_then(Value::as_array)
                    .is_some_and(Vec::is_empty)
                {
                    o.remove("options");
                }
            }
            c
        })
        .collect();
    Value::Array(out)
}

fn strip_defaults(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(strip_defaults),
        Value::Object(o) => {
            if o.get("required") == Some(&json!(false)) {
                o.remove("required");
            }
            o.values_mut().for_each(strip_defaults);
        }
        _ => {}
    }
}

async fn callback(
    State(inner): State<Arc<Inner>>,
    Path((id, token)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Taken first, so the fake's own checks below are not counted as the bot's latency.
    let latency = inner
        .dispatched
        .lock()
        .unwrap()
        .remove(&id)
        .map(|at| at.elapsed());
    let path = format!("/interactions/{id}/<token>/callback");
    let parsed = record(&inner, Method::POST, &path, &body);
    // Interaction callbacks are authorized by the interaction token in the URL, but serenity sends
    // its Authorization header anyway; the token still must be right if present.
    if headers.contains_key("authorization") {
        if let Some(r) = unauthorized(&headers) {
            return r;
        }
    }
    check_json_content_type(&inner, &path, &headers);
    let Some(parsed) = parsed else {
        inner.violation(format!("POST {path}: no body"));
        return StatusCode::BAD_REQUEST.into_response();
    };
    if latency.is_none() {
        inner.violation(format!(
            "callback for interaction {id}, which was never dispatched (or answered twice)"
        ));
    }
    // Validating against the OpenAPI schema takes a while in a debug build; doing it after the
    // 204 keeps it out of the bot's measured round trip. The test sees the callback only once it
    // has been checked, so a violation is recorded before the test can finish.
    tokio::spawn(async move {
        if let Err(errors) = openapi::validate_callback(&parsed) {
            for e in errors {
                inner.violation(format!("callback for interaction {id}: {e}"));
            }
        }
        let _ = inner.callbacks.send(Callback {
            interaction_id: id,
            token,
            raw: body.to_vec(),
            body: parsed,
            latency,
        });
    });
    StatusCode::NO_CONTENT.into_response()
}

async fn unknown(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    record(&inner, method.clone(), uri.path(), &body);
    inner.violation(format!("unexpected request {method} {}", uri.path()));
    StatusCode::NOT_FOUND.into_response()
}

// ---------------------------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------------------------

fn text(v: Value) -> Message {
    Message::Text(v.to_string())
}

async fn connection(inner: Arc<Inner>, stream: TcpStream) {
    // Without this each small frame waits for the peer's delayed ACK (about 40 ms).
    let _ = stream.set_nodelay(true);
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let conn = inner.conns.fetch_add(1, Ordering::SeqCst) + 1;
    let _ = inner.events.send(GwEvent::Connected { conn });
    let (ctrl_tx, mut ctrl_rx) = mpsc::unbounded_channel::<Control>();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": inner.opts.heartbeat_interval_ms}});
    if ws.send(text(hello)).await.is_err() {
        return;
    }
    let mut session: Option<String> = None;
    let mut seq: u64 = 0;
    let mut closing = false;
    loop {
        tokio::select! {
            msg = ws.next() => {
                let Some(Ok(msg)) = msg else { break };
                match msg {
                    Message::Text(t) => {
                        let Ok(v) = serde_json::from_str::<Value>(&t) else {
                            inner.violation(format!("gateway: frame is not JSON: {t:.80}"));
                            continue;
                        };
                        if closing {
                            continue;
                        }
                        match v["op"].as_u64() {
                            Some(1) => {
                                let acked = inner.ack.load(Ordering::SeqCst);
                                let _ = inner.events.send(GwEvent::Heartbeat { conn, acked });
                                if acked && ws.send(text(json!({"op": 11}))).await.is_err() {
                                    break;
                                }
                            }
                            Some(2) => {
                                let d = &v["d"];
                                let token = d["token"].as_str().unwrap_or("");
                                let token = token.strip_prefix("Bot ").unwrap_or(token);
                                if inner.opts.reject_identify || token != TOKEN {
                                    closing = true;
                                    let _ = ws.close(Some(CloseFrame {
                                        code: CloseCode::from(4004),
                                        reason: "Authentication failed.".into(),
                                    })).await;
                                    continue;
                                }
                                let intents = d["intents"].as_u64().unwrap_or(u64::MAX);
                                if intents != 0 {
                                    inner.violation(format!("IDENTIFY asked for intents {intents}, expected none (0)"));
                                }
                                let id = format!("session-{conn}");
                                seq = 1;
                                let ready = json!({"op": 0, "s": seq, "t": "READY", "d": {
                                    "v": 10,
                                    "user": {"id": APP_ID.to_string(), "username": "summit-bot",
                                             "discriminator": "0", "avatar": null, "bot": true,
                                             "global_name": null},
                                    "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
                                    "session_id": id,
                                    "resume_gateway_url": inner.gateway_url,
                                    "shard": d["shard"].clone(),
                                    "application": {"id": APP_ID.to_string(), "flags": 0}
                                }});
                                if ws.send(text(ready)).await.is_err() {
                                    break;
                                }
                                inner.sessions.lock().unwrap().insert(id.clone(), seq);
                                session = Some(id);
                                *inner.current.lock().unwrap() = Some(ctrl_tx.clone());
                                inner.by_conn.lock().unwrap().insert(conn, ctrl_tx.clone());
                                let shard = [d["shard"][0].as_u64().unwrap_or(0), d["shard"][1].as_u64().unwrap_or(0)];
                                let _ = inner.events.send(GwEvent::Identified { conn, intents, shard });
                            }
                            Some(6) => {
                                let d = &v["d"];
                                let id = d["session_id"].as_str().unwrap_or("").to_owned();
                                let known = inner.sessions.lock().unwrap().get(&id).copied();
                                let token = d["token"].as_str().unwrap_or("");
                                let token = token.strip_prefix("Bot ").unwrap_or(token);
                                match known {
                                    Some(last) if token == TOKEN => {
                                        seq = last + 1;
                                        let resumed = json!({"op": 0, "s": seq, "t": "RESUMED", "d": {}});
                                        if ws.send(text(resumed)).await.is_err() {
                                            break;
                                        }
                                        inner.sessions.lock().unwrap().insert(id.clone(), seq);
                                        session = Some(id);
                                        *inner.current.lock().unwrap() = Some(ctrl_tx.clone());
                                        inner.by_conn.lock().unwrap().insert(conn, ctrl_tx.clone());
                                        let _ = inner.events.send(GwEvent::Resumed { conn, seq: d["seq"].as_u64().unwrap_or(0) });
                                    }
                                    _ => {
                                        if ws.send(text(json!({"op": 9, "d": false}))).await.is_err() {
                                            break;
                                        }
                                    }
                                }
                            }
                            other => inner.violation(format!("gateway: unexpected op {other:?}")),
                        }
                    }
                    Message::Close(frame) => {
                        let code = frame.map(|f| u16::from(f.code));
                        let _ = inner.events.send(GwEvent::ClientClosed { conn, code });
                        closing = true;
                        // Keep reading: tungstenite answers the close frame on the next read, and
                        // serenity waits for that answer.
                    }
                    _ => {}
                }
            }
            ctrl = ctrl_rx.recv() => {
                let Some(ctrl) = ctrl else { continue };
                let frame = match ctrl {
                    Control::Dispatch { t, d } => {
                        seq += 1;
                        if let Some(s) = &session {
                            inner.sessions.lock().unwrap().insert(s.clone(), seq);
                        }
                        if t == "INTERACTION_CREATE" {
                            if let Some(id) = d["id"].as_str() {
                                inner.dispatched.lock().unwrap().insert(id.to_owned(), Instant::now());
                            }
                        }
                        json!({"op": 0, "s": seq, "t": t, "d": d})
                    }
                    Control::Reconnect => json!({"op": 7, "d": null}),
                    Control::InvalidSession(resumable) => {
                        if !resumable {
                            if let Some(s) = session.take() {
                                inner.sessions.lock().unwrap().remove(&s);
                            }
                        }
                        json!({"op": 9, "d": resumable})
                    }
                    Control::DropSocket => break,
                    Control::Close(code) => {
                        closing = true;
                        let _ = ws.close(Some(CloseFrame { code: CloseCode::from(code), reason: "".into() })).await;
                        continue;
                    }
                };
                if ws.send(text(frame)).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = inner.events.send(GwEvent::Ended { conn });
}
