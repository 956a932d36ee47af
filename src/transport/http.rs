//! HTTP interactions endpoint (`serve --http`): Ed25519-verified POSTs from Discord.
//!
//! Discord signs every POST with the application's key; we check the signature over
//! `X-Signature-Timestamp` + the raw body before reading a byte of JSON, refuse timestamps outside
//! a replay window, and then answer through [`crate::interaction`], exactly as the gateway does.
//! Nothing lives in the process between requests (paging state rides in the button's
//! `custom_id`), so any number of replicas can sit behind a load balancer.
//!
//! Routing is axum; the accept loop is hyper's HTTP/1 connection builder driven by hand, because
//! `axum::serve` takes no configuration and so has no header-read timeout: a client that opens a
//! connection and trickles bytes would hold it forever. Here a connection that has not sent a full
//! request head within [`HEADER_TIMEOUT`] (idle keep-alive included) is closed, and a body that
//! has not arrived within [`BODY_TIMEOUT`] gets 408.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use ed25519_dalek::{Signature, VerifyingKey};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Config;
use crate::feedback::Recorder;
use crate::interaction::{self, InteractionError, Summary};
use crate::live::LiveFacts;
use crate::transport::signature::SignatureChecker;

/// Largest accepted body. Discord's interaction payloads are a few kilobytes; 1 MiB leaves room
/// for anything legitimate and bounds what a client can make us buffer.
pub const MAX_BODY: usize = 1024 * 1024;
/// Largest request head (request line and headers) a connection may send. Discord's are under
/// 2 KiB; hyper's default (~400 KiB) would let every idle connection pin that much memory.
pub const MAX_HEAD: usize = 64 * 1024;
/// A connection must deliver a complete request head within this time, including while it sits
/// idle between keep-alive requests.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The body must arrive within this time after the head.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for in-flight requests before returning anyway, so the process exits
/// within Discord-friendly and systemd-friendly 2 s of SIGTERM.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(1500);

const WHERE_TO_FIND_KEY: &str = "set `DISCORD_PUBLIC_KEY` (or `public_key` under `[http]` in the \
config) to your application's public key: Discord Developer Portal → your application → General \
Information → Public Key (64 hex characters)";

/// How an endpoint treats requests: the replay window and the read timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Seconds a signed timestamp may be off from now, either way; 0 disables the replay window.
    pub max_age_secs: u64,
    /// [`HEADER_TIMEOUT`] unless overridden (tests use short ones).
    pub header_timeout: Duration,
    /// [`BODY_TIMEOUT`] unless overridden.
    pub body_timeout: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_age_secs: crate::config::HttpConfig::default().max_age_secs,
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
        }
    }
}

impl Options {
    /// The `[http]` settings, with the default timeouts.
    pub fn from_config(config: &Config) -> Options {
        Options {
            max_age_secs: config.http.max_age_secs,
            ..Options::default()
        }
    }
}

/// Everything a request needs, shared read-only by every connection.
pub struct Endpoint {
    /// Each request answers from one snapshot of these; a reload swaps them between requests.
    live: Arc<LiveFacts>,
    /// The application's key, parsed once (decompressing the point per request would cost as
    /// much as a hash); checks in batches under load.
    signatures: SignatureChecker,
    options: Options,
    /// Where votes and refusals go; off unless [`Endpoint::with_recorder`].
    recorder: Recorder,
}

impl Endpoint {
    /// An endpoint answering from `live` (facts that reload, or fixed ones: see
    /// [`LiveFacts::new`]), checking signatures against `key`.
    pub fn new(live: Arc<LiveFacts>, key: VerifyingKey, options: Options) -> Endpoint {
        Endpoint {
            live,
            signatures: SignatureChecker::new(key),
            options,
            recorder: Recorder::off(),
        }
    }

    /// Records votes and refusals with `recorder`.
    pub fn with_recorder(mut self, recorder: Recorder) -> Endpoint {
        self.recorder = recorder;
        self
    }
}

/// Reads the application's hex public key. Missing, non-hex, wrong length or not a curve point
/// all get one message that says where the right value is.
pub fn parse_public_key(hex_key: Option<&str>) -> Result<VerifyingKey, String> {
    let Some(hex_key) = hex_key.map(str::trim).filter(|k| !k.is_empty()) else {
        return Err(format!(
            "the HTTP endpoint needs the application's public key: {WHERE_TO_FIND_KEY}"
        ));
    };
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut bytes)
        .ok()
        .and_then(|()| VerifyingKey::from_bytes(&bytes).ok())
        .ok_or_else(|| format!("the configured public key is not a valid key: {WHERE_TO_FIND_KEY}"))
}

/// Serves `POST /interactions` and `GET /healthz` on `config.http.listen` until `shutdown`
/// resolves (the CLI passes [`crate::transport::shutdown_signal`]). The caller starts the reload
/// triggers ([`crate::live::start`]), since they outlive no particular transport.
pub async fn serve(
    config: &Config,
    live: Arc<LiveFacts>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let key = parse_public_key(config.http.public_key.as_deref())?;
    let recorder = Recorder::from_config(&config.state);
    let endpoint =
        Endpoint::new(live, key, Options::from_config(config)).with_recorder(recorder.clone());
    let addr = &config.http.listen;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(
        "interactions endpoint listening on http://{local}/interactions (set the public HTTPS \
         address of this path as the Interactions Endpoint URL in the Developer Portal)"
    );
    serve_on(listener, endpoint, shutdown).await;
    recorder.flush();
    tracing::info!("interactions endpoint stopped");
    Ok(())
}

/// The routes, for tests and for embedding in another server.
pub fn router(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route(
            "/interactions",
            post(interactions).fallback(method_not_allowed),
        )
        .route("/healthz", get(healthz).fallback(method_not_allowed))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(endpoint)
}

/// Accepts connections on `listener` until `shutdown` resolves, then stops accepting, lets every
/// in-flight request finish (idle keep-alive connections close at once), and returns within
/// [`SHUTDOWN_GRACE`] even if a client dawdles.
pub async fn serve_on(
    listener: TcpListener,
    endpoint: Endpoint,
    shutdown: impl Future<Output = ()>,
) {
    let header_timeout = endpoint.options.header_timeout;
    let app = router(Arc::new(endpoint));
    // `stop` tells connections to wind down; `done` is held by every connection task, so its
    // sender closes when the last one finishes.
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        tokio::spawn(connection(
            stream,
            peer,
            app.clone(),
            header_timeout,
            stop_rx.clone(),
            done_rx.clone(),
        ));
    }
    drop(listener);
    drop(done_rx);
    let _ = stop_tx.send(());
    if tokio::time::timeout(SHUTDOWN_GRACE, done_tx.closed())
        .await
        .is_err()
    {
        tracing::warn!("shutdown: some connections were still busy after the grace period");
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    header_timeout: Duration,
    mut stop: watch::Receiver<()>,
    done: watch::Receiver<()>,
) {
    // Responses are small and written whole; Nagle would only delay them.
    let _ = stream.set_nodelay(true);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(MAX_HEAD)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    let mut conn = pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(%peer, "connection ended: {e}");
            }
        }
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            if let Err(e) = conn.await {
                tracing::debug!(%peer, "connection ended during shutdown: {e}");
            }
        }
    }
    drop(done);
}

/// `POST /interactions`: verify, answer, and log one line, whatever the outcome.
///
/// Refused requests (401, 408, 413) are logged at INFO like the rest, so the operator sees every
/// request in one place; they cost one short line, and their reason stays at DEBUG.
async fn interactions(State(endpoint): State<Arc<Endpoint>>, request: Request) -> Response {
    let started = Instant::now();
    let (response, handled) = verify_and_answer(&endpoint, request).await;
    let latency_us = started.elapsed().as_micros() as u64;
    let status = response.status().as_u16();
    match handled {
        Handled::Answered(s) => {
            super::interaction_line!(s, id = s.id.as_deref().unwrap_or("-"), status, latency_us)
        }
        // Signed by Discord yet unreadable: the reason is worth the operator's eye (serde's
        // message quotes at most a short excerpt of the body). `error` is left out when absent.
        Handled::Refused(error) => tracing::info!(
            id = "-",
            kind = "-",
            request = "-",
            outcome = %refusal(status),
            status,
            latency_us,
            error = error.as_ref().map(tracing::field::display),
            "interaction"
        ),
    }
    response
}

/// What became of a request, for its log line.
enum Handled {
    Answered(Summary),
    /// Refused: before its body was read as an interaction (signature, size, timeout; no
    /// error), or verified but not an interaction we can read (the error).
    Refused(Option<InteractionError>),
}

/// The outcome word for a request that was not answered.
fn refusal(status: u16) -> &'static str {
    match status {
        401 => "unauthorized",
        408 => "timeout",
        413 => "too_large",
        _ => "bad_request",
    }
}

/// The response, and what became of the request.
async fn verify_and_answer(endpoint: &Endpoint, request: Request) -> (Response, Handled) {
    let refused = |status, why| (rejected(status, why), Handled::Refused(None));
    // Everything about the signature that can be checked without the body is checked first, so a
    // forged request costs us no more than its headers.
    let Some((signature, timestamp)) = signature_headers(request.headers()) else {
        return refused(
            StatusCode::UNAUTHORIZED,
            "missing or malformed signature headers",
        );
    };
    if !fresh(&timestamp, endpoint.options.max_age_secs, unix_now()) {
        return refused(
            StatusCode::UNAUTHORIZED,
            "timestamp outside the replay window",
        );
    }
    let body = match tokio::time::timeout(
        endpoint.options.body_timeout,
        Bytes::from_request(request, &()),
    )
    .await
    {
        Ok(Ok(body)) => body,
        // 413 when over MAX_BODY (by Content-Length or while streaming), else 400.
        Ok(Err(rejection)) => return refused(rejection.status(), "body not read"),
        Err(_) => return refused(StatusCode::REQUEST_TIMEOUT, "body too slow"),
    };
    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(&body);
    if !endpoint.signatures.verify(message, signature).await {
        return refused(StatusCode::UNAUTHORIZED, "bad signature");
    }
    match interaction::answer_recording(&endpoint.live, &body, &endpoint.recorder).await {
        Ok(answered) => (
            json(StatusCode::OK, Body::from(answered.body)),
            Handled::Answered(answered.summary),
        ),
        Err(e) => {
            let detail = match e {
                InteractionError::Malformed(_) => "malformed interaction",
                InteractionError::Unsupported(_) => "unsupported interaction type",
            };
            (
                json(StatusCode::BAD_REQUEST, error_body(detail)),
                Handled::Refused(Some(e)),
            )
        }
    }
}

/// The signature (hex, 64 bytes) and timestamp headers, or `None` if either is missing or bad.
fn signature_headers(headers: &HeaderMap) -> Option<(Signature, String)> {
    let sig_hex = headers.get("x-signature-ed25519")?.as_bytes();
    let mut sig = [0u8; 64];
    hex::decode_to_slice(sig_hex, &mut sig).ok()?;
    let timestamp = headers.get("x-signature-timestamp")?.to_str().ok()?;
    Some((Signature::from_bytes(&sig), timestamp.to_owned()))
}

/// Whether a signed timestamp (unix seconds) is within `max_age` of now, either way: a request
/// from the future is as suspicious as a stale one. `max_age` 0 turns the check off.
pub fn fresh(timestamp: &str, max_age: u64, now: u64) -> bool {
    if max_age == 0 {
        return true;
    }
    match timestamp.parse::<u64>() {
        Ok(ts) => ts.abs_diff(now) <= max_age,
        Err(_) => false,
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A refusal. The body never says which check failed: Discord probes endpoints with bad
/// signatures, and an attacker learns nothing from a uniform answer. The reason goes to the
/// DEBUG log only; the request's one INFO line carries just its status and outcome.
fn rejected(status: StatusCode, why: &'static str) -> Response {
    tracing::debug!(status = status.as_u16(), "request refused: {why}");
    let detail = match status {
        StatusCode::UNAUTHORIZED => "invalid request signature",
        StatusCode::PAYLOAD_TOO_LARGE => "body too large",
        StatusCode::REQUEST_TIMEOUT => "request timeout",
        _ => "bad request",
    };
    json(status, error_body(detail))
}

fn error_body(detail: &str) -> Body {
    Body::from(serde_json::json!({ "error": detail }).to_string())
}

fn json(status: StatusCode, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `GET /healthz`: which summits are loaded, from where, and which version of the files: a hash of
/// their bytes and when they were loaded, so an operator can see that an edit landed (or that an
/// invalid one did not) and that replicas agree.
async fn healthz(State(endpoint): State<Arc<Endpoint>>) -> Response {
    let loaded = endpoint.live.load();
    let summits: Vec<_> = loaded
        .summits()
        .iter()
        .map(|f| serde_json::json!({ "id": f.id(), "origin": f.origin }))
        .collect();
    let version = &loaded.version;
    let body = serde_json::json!({
        "status": "ok",
        "summits": summits,
        "facts": {
            "version": version.hash_hex(),
            "loaded_at": version.loaded_rfc3339(),
            "loaded_at_unix": version.loaded_unix(),
            "reloadable": endpoint.live.source().is_some(),
        },
    });
    json(StatusCode::OK, Body::from(body.to_string()))
}

async fn method_not_allowed() -> Response {
    json(
        StatusCode::METHOD_NOT_ALLOWED,
        error_body("method not allowed"),
    )
}

async fn not_found() -> Response {
    json(StatusCode::NOT_FOUND, error_body("not found"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_window_both_ways() {
        assert!(fresh("1000", 300, 1000));
        assert!(fresh("700", 300, 1000));
        assert!(!fresh("699", 300, 1000));
        assert!(fresh("1300", 300, 1000));
        assert!(!fresh("1301", 300, 1000));
        assert!(!fresh("soon", 300, 1000));
        assert!(!fresh("-5", 300, 1000));
        assert!(fresh("0", 0, 1000), "0 disables the window");
    }

    #[test]
    fn public_key_errors_say_where_to_find_it() {
        for bad in [None, Some(""), Some("zz"), Some("abcd")] {
            let err = parse_public_key(bad).unwrap_err();
            assert!(err.contains("General Information"), "{err}");
        }
        let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        let parsed = parse_public_key(Some(&hex::encode(key.as_bytes()))).unwrap();
        assert_eq!(parsed, key);
    }
}
