//! Discord gateway mode (`serve`): the serenity client.
//!
//! The gateway is a thin door. On READY it makes sure Discord has our command table (reading first,
//! writing only on a difference); on INTERACTION_CREATE it hands the interaction's JSON to
//! [`crate::interaction::answer`], the code the HTTP endpoint calls, and posts the bytes it returns
//! as the callback body unchanged, so both doors answer byte for byte the same.
//!
//! Why no deferral (callback type 5): Discord drops an interaction that is not answered within 3 s.
//! Answering is a pure in-memory computation (about 0.13 ms median in a release build, see the
//! README's `### Gateway` numbers), so the only latency is the callback `POST` itself, which a
//! deferral would not shorten: it is also a `POST` to the same route. Deferring would add a second
//! request (the follow-up edit) and a visible "thinking…" state to every reply for no gain.

mod sync;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::{
    ApplicationId, Context, EventHandler, GatewayIntents, Interaction, LightMethod, Ready, Route,
};
use serenity::client::ClientBuilder;
use serenity::gateway::GatewayError;
use serenity::http::{Http, HttpBuilder, HttpError, Request};
use tokio::sync::mpsc;
use tracing::{error, info, warn};

pub use self::sync::{diff, CommandDiff};
use crate::config::{Config, Secret, TOKEN_HELP};
use crate::discord::InteractionType;
use crate::feedback::Recorder;
use crate::interaction;
use crate::live::LiveFacts;

/// How long shutdown may take in all (closing the shards, finishing a registration in flight)
/// before the process exits anyway; the promise to service managers is 2 s.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(1800);

/// Why gateway mode stopped; the CLI maps `InvalidToken` to exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Missing, malformed or rejected (close code 4004) token. The message says where to get one.
    #[error("{0}")]
    InvalidToken(String),
    #[error("{0}")]
    Failed(String),
}

impl ServeError {
    fn invalid_token(what: &str) -> Self {
        ServeError::InvalidToken(format!("{what}; {TOKEN_HELP}"))
    }
}

/// Where commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One guild: changes show up instantly, good for trying the bot out.
    Guild(u64),
    /// Every guild the bot is in, and DMs; Discord may take a while to show changes.
    Global,
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Guild(id) => write!(f, "guild {id}"),
            Scope::Global => f.write_str("global"),
        }
    }
}

/// What a registration did: which commands differed and whether a `PUT` was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub scope: Scope,
    pub application_id: u64,
    /// How many commands our table has.
    pub commands: usize,
    pub diff: CommandDiff,
    /// True when the commands were written (only when `diff` is not empty).
    pub put: bool,
}

impl std::fmt::Display for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.put {
            return write!(
                f,
                "{} commands ({}): unchanged, nothing sent",
                self.commands, self.scope
            );
        }
        write!(f, "{} commands ({}): registered", self.commands, self.scope)?;
        for (what, names) in [
            ("added", &self.diff.added),
            ("removed", &self.diff.removed),
            ("changed", &self.diff.changed),
        ] {
            if !names.is_empty() {
                write!(f, "; {what}: {}", names.join(", "))?;
            }
        }
        Ok(())
    }
}

/// What a gateway session did, for callers (and tests) that want more than "it stopped".
#[derive(Debug, Clone, Default)]
pub struct ServeReport {
    /// The registration made after the first READY, if one completed.
    pub registration: Option<Registration>,
}

/// Connects to Discord, registers the commands and answers interactions from `live` until
/// `shutdown` resolves (the CLI passes [`crate::transport::shutdown_signal`]; tests run the real
/// client in-process with their own), then closes the shards and returns. The caller starts the
/// reload triggers ([`crate::live::start`]).
pub async fn serve(
    config: &Config,
    token: Secret,
    live: Arc<LiveFacts>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<ServeReport, ServeError> {
    let http = build_http(config, &token)?;
    let guild = config.discord.guild_id;
    let (ready_tx, ready_rx) = mpsc::unbounded_channel();
    let in_flight = Arc::new(InFlight::default());
    let recorder = Recorder::from_config(&config.state);
    let handler = Handler {
        live,
        recorder: recorder.clone(),
        ready_tx,
        in_flight: Arc::clone(&in_flight),
    };
    // No privileged (or any) intent: interactions arrive regardless of intents.
    let mut client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
        .event_handler(handler)
        .await
        .map_err(|e| classify(&e, "cannot start the Discord client"))?;

    let mut registrar = tokio::spawn(register_on_ready(Arc::clone(&client.http), guild, ready_rx));

    let manager = Arc::clone(&client.shard_manager);
    let shards = config.discord.shards;
    let started = async {
        match shards {
            Some(n) => {
                info!(shards = n, "connecting to the Discord gateway");
                client.start_shards(n).await
            }
            None => {
                info!("connecting to the Discord gateway (shard count from /gateway/bot)");
                client.start_autosharded().await
            }
        }
    };
    tokio::pin!(started);
    let (result, deadline) = tokio::select! {
        // The gateway failed (e.g. close code 4004): nothing to wait for.
        r = &mut started => (r, tokio::time::Instant::now()),
        () = shutdown => {
            info!("shutting down: closing the gateway connections");
            let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
            // Each shard's close waits for Discord's answer (about 0.5 s, up to serenity's 5 s on a
            // dead connection), and `start*` returns once all are closed. Neither may hold the
            // process past the 2 s a service manager is promised.
            let _ = tokio::time::timeout_at(deadline, manager.shutdown_all()).await;
            let r = tokio::time::timeout_at(deadline, &mut started).await.unwrap_or(Ok(()));
            (r, deadline)
        }
    };

    // Interactions already being answered finish (their callback is on its way to Discord) within
    // what is left of the grace period; the runtime would otherwise cancel them mid-request.
    if tokio::time::timeout_at(deadline, in_flight.idle())
        .await
        .is_err()
    {
        warn!("shutdown: some interactions were still being answered after the grace period");
    }

    // A registration in flight gets what is left of the grace period; one still waiting for READY
    // is cancelled.
    let registration = match tokio::time::timeout_at(deadline, &mut registrar).await {
        Ok(Ok(r)) => r,
        _ => {
            registrar.abort();
            None
        }
    };
    recorder.flush();
    match result {
        Ok(()) => Ok(ServeReport { registration }),
        // Serenity closes nothing after an authentication failure (its runner is gone, so a
        // `shutdown_all` would only wait out its 5 s timeout); the process exits instead.
        Err(e) => Err(classify(&e, "the Discord gateway connection failed")),
    }
}

/// `summit-bot register`: registers the command table in `guild` (or globally) unless unchanged.
/// Returns a human-readable summary of what changed.
pub async fn register(
    config: &Config,
    token: Secret,
    guild: Option<u64>,
) -> Result<String, ServeError> {
    let http = build_http(config, &token)?;
    let application_id = match config.discord.application_id {
        Some(id) => id,
        None => http
            .get_current_application_info()
            .await
            .map_err(|e| classify(&e, "cannot read the application id"))?
            .id
            .get(),
    };
    let scope = guild.map_or(Scope::Global, Scope::Guild);
    sync_commands(&http, application_id, scope)
        .await
        .map(|r| r.to_string())
}

/// The OAuth2 URL that adds the bot to a server (a guild install), for `summit-bot invite`.
///
/// Scopes: `bot` puts the bot user in the server (so gateway interactions reach it) and
/// `applications.commands` lets it register slash commands there. `permissions=0`: slash-command
/// replies are interaction responses, which need no channel permission at all (not even Send
/// Messages), so asking for any would only widen what a leaked token could do.
/// `integration_type=0` names the guild install explicitly, as the user-install link names its own.
pub fn invite_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}\
         &scope=bot+applications.commands&permissions=0&integration_type=0"
    )
}

/// The OAuth2 URL that adds the bot to someone's own account (a user install,
/// `integration_type=1`): its read-only commands then work in any server or DM, with no server
/// admin involved. Only `applications.commands`: a user install has no bot user and so no `bot`
/// scope, and no permissions to ask for.
pub fn user_install_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}\
         &scope=applications.commands&integration_type=1"
    )
}

/// Rejects a token that cannot be a bot token before anything is sent. Discord bot tokens are three
/// base64url parts joined by dots (`<user id>.<timestamp>.<hmac>`). The message never includes
/// the token, not even a part of it.
pub fn check_token_shape(token: &Secret) -> Result<(), ServeError> {
    let t = token.expose();
    let t = t.strip_prefix("Bot ").unwrap_or(t);
    if t.trim().is_empty() {
        return Err(ServeError::invalid_token("no Discord bot token is set"));
    }
    let base64url = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let parts: Vec<&str> = t.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| base64url(p)) || t.len() < 50 {
        return Err(ServeError::invalid_token(&format!(
            "the Discord bot token does not look like one (expected three base64 parts separated \
             by dots, about 70 characters; got {} characters{})",
            t.chars().count(),
            if t.contains(char::is_whitespace) {
                ", including spaces"
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// serenity's HTTP client, pointed at the proxy when one is configured.
fn build_http(config: &Config, token: &Secret) -> Result<Http, ServeError> {
    check_token_shape(token)?;
    let builder = HttpBuilder::new(token.expose());
    Ok(match &config.discord.proxy {
        Some(proxy) => {
            let proxy = proxy.trim().trim_end_matches('/');
            if !(proxy.starts_with("http://") || proxy.starts_with("https://")) {
                return Err(ServeError::Failed(format!(
                    "proxy (DISCORD_PROXY) must be an http:// or https:// URL, not `{proxy}`"
                )));
            }
            // A rate-limit proxy does the rate limiting; serenity's own limiter would also send
            // its bookkeeping requests straight to discord.com, bypassing the proxy.
            builder.proxy(proxy).ratelimiter_disabled(true).build()
        }
        None => builder.build(),
    })
}

/// Maps serenity's errors to ours. Rejected credentials become [`ServeError::InvalidToken`]: close
/// code 4004 on the gateway, or 401 on REST (real Discord answers `GET /gateway/bot` with 401
/// before the gateway is ever reached). Messages carry no URL (an interaction callback URL holds
/// the interaction token) and never the bot token.
fn classify(e: &serenity::Error, context: &str) -> ServeError {
    match e {
        serenity::Error::Gateway(GatewayError::InvalidAuthentication) => {
            ServeError::invalid_token("Discord rejected the bot token (gateway close code 4004)")
        }
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r))
            if r.status_code.as_u16() == 401 =>
        {
            ServeError::invalid_token("Discord rejected the bot token (HTTP 401)")
        }
        other => ServeError::Failed(format!("{context}: {}", describe(other))),
    }
}

/// A serenity error as text without the request URL.
fn describe(e: &serenity::Error) -> String {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => format!(
            "{} {} (Discord error {}: {})",
            r.method, r.status_code, r.error.code, r.error.message
        ),
        serenity::Error::Http(HttpError::Request(r)) => without_url(r),
        other => other.to_string(),
    }
}

/// A request error's causes, without its top-level message (which names the URL).
fn without_url(e: &dyn std::error::Error) -> String {
    let mut causes = Vec::new();
    let mut source = e.source();
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    if causes.is_empty() {
        "request failed".to_owned()
    } else {
        format!("request failed: {}", causes.join(": "))
    }
}

/// Gets the first READY's application id to [`sync_commands`]; later READYs (reconnects, other
/// shards) are ignored, since one registration per process is enough.
async fn register_on_ready(
    http: Arc<Http>,
    guild: Option<u64>,
    mut ready: mpsc::UnboundedReceiver<u64>,
) -> Option<Registration> {
    let application_id = ready.recv().await?;
    let scope = guild.map_or(Scope::Global, Scope::Guild);
    let started = Instant::now();
    match sync_commands(&http, application_id, scope).await {
        Ok(r) => {
            info!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "commands: {r}"
            );
            Some(r)
        }
        Err(e) => {
            // The bot still answers whatever is registered already; a restart retries.
            error!("command registration failed, keeping what is registered: {e}");
            None
        }
    }
}

/// Reads the registered commands in `scope` and overwrites them with the command table only when
/// they differ, logging which commands changed.
pub async fn sync_commands(
    http: &Http,
    application_id: u64,
    scope: Scope,
) -> Result<Registration, ServeError> {
    let ours = match crate::render::registration::commands_json() {
        serde_json::Value::Array(a) => a,
        _ => {
            return Err(ServeError::Failed(
                "the registration body is not a JSON array".to_owned(),
            ))
        }
    };
    let app = ApplicationId::new(application_id.max(1));
    let route = || match scope {
        Scope::Guild(g) => Route::GuildCommands {
            application_id: app,
            guild_id: serenity::all::GuildId::new(g.max(1)),
        },
        Scope::Global => Route::Commands {
            application_id: app,
        },
    };
    let got = request_retrying(
        http,
        || Request::new(route(), LightMethod::Get),
        "cannot read the registered commands",
        scope,
    )
    .await?;
    let theirs: Vec<serde_json::Value> = serde_json::from_slice(&got).map_err(|e| {
        ServeError::Failed(format!(
            "Discord's list of registered commands is not a JSON array: {e}"
        ))
    })?;
    let diff = diff(&ours, &theirs);
    let mut outcome = Registration {
        scope,
        application_id,
        commands: ours.len(),
        diff,
        put: false,
    };
    if outcome.diff.is_empty() {
        return Ok(outcome);
    }
    let body = serde_json::to_vec(&ours)
        .map_err(|e| ServeError::Failed(format!("cannot serialize the commands: {e}")))?;
    request_retrying(
        http,
        || Request::new(route(), LightMethod::Put).body(Some(body.clone())),
        "cannot register the commands",
        scope,
    )
    .await?;
    outcome.put = true;
    Ok(outcome)
}

/// Delays before retrying a registration request that failed in a way that may heal by itself
/// (no connection, a 5xx, a 429); any other 4xx is a setup problem and is reported at once.
const RETRY_DELAYS: [Duration; 2] = [Duration::from_secs(1), Duration::from_secs(4)];

/// Sends a registration request, retrying transient failures, and returns the response body.
async fn request_retrying(
    http: &Http,
    make: impl Fn() -> Request<'static>,
    what: &str,
    scope: Scope,
) -> Result<Vec<u8>, ServeError> {
    let mut delays = RETRY_DELAYS.iter();
    loop {
        let e = match http.request(make()).await {
            Ok(response) => {
                return response
                    .bytes()
                    .await
                    .map(|b| b.to_vec())
                    .map_err(|e| ServeError::Failed(format!("{what}: {}", without_url(&e))))
            }
            Err(e) => e,
        };
        let transient = match &e {
            serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
                let status = r.status_code.as_u16();
                status == 429 || status >= 500
            }
            serenity::Error::Http(HttpError::Request(_)) => true,
            _ => false,
        };
        match delays.next() {
            Some(delay) if transient => {
                warn!("{what}: {}; retrying in {delay:?}", describe(&e));
                tokio::time::sleep(*delay).await;
            }
            _ => return Err(registration_error(&e, what, scope)),
        }
    }
}

/// [`classify`], plus the usual cause of a refused guild registration: the bot is not in that
/// server, or was added without the `applications.commands` scope.
fn registration_error(e: &serenity::Error, what: &str, scope: Scope) -> ServeError {
    match (e, scope) {
        (serenity::Error::Http(HttpError::UnsuccessfulRequest(r)), Scope::Guild(g))
            if r.status_code.as_u16() == 403 =>
        {
            ServeError::Failed(format!(
                "{what} in guild {g}: {} (is the bot in that server, added with the \
                 applications.commands scope? `summit-bot invite` prints the right URL)",
                describe(e)
            ))
        }
        _ => classify(e, what),
    }
}

/// serenity's event handler: READY → registration, INTERACTION_CREATE → answer.
struct Handler {
    live: Arc<LiveFacts>,
    recorder: Recorder,
    ready_tx: mpsc::UnboundedSender<u64>,
    in_flight: Arc<InFlight>,
}

/// How many interactions are being answered, so shutdown can let them finish: serenity runs each
/// event in its own task and does not wait for them when the shards close.
#[derive(Default)]
struct InFlight {
    count: AtomicUsize,
    done: tokio::sync::Notify,
}

impl InFlight {
    fn enter(self: &Arc<Self>) -> InFlightGuard {
        self.count.fetch_add(1, Ordering::SeqCst);
        InFlightGuard(Arc::clone(self))
    }

    /// Resolves once nothing is in flight.
    async fn idle(&self) {
        loop {
            // Created before the check, so a guard dropped in between still wakes it.
            let done = self.done.notified();
            if self.count.load(Ordering::SeqCst) == 0 {
                return;
            }
            done.await;
        }
    }
}

struct InFlightGuard(Arc<InFlight>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.done.notify_waiters();
        }
    }
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        info!(
            user = %ready.user.name,
            guilds = ready.guilds.len(),
            shard = ?ready.shard.map(|s| s.id.0),
            "connected to Discord"
        );
        // The receiver is gone once the first READY was taken; later sends are meant to fail.
        let _ = self.ready_tx.send(ready.application.id.get());
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _in_flight = self.in_flight.enter();
        answer(&ctx.http, &self.live, &self.recorder, &interaction).await;
    }
}

/// Answers one interaction with exactly the bytes the HTTP endpoint would send.
async fn answer(
    http: &Http,
    live: &Arc<LiveFacts>,
    recorder: &Recorder,
    interaction: &Interaction,
) {
    let started = Instant::now();
    let id = interaction.id();
    let body = match interaction_body(interaction) {
        Ok(b) => b,
        Err(e) => {
            warn!(id = %id, "cannot re-serialize the interaction: {e}");
            return;
        }
    };
    let answered = match interaction::answer_recording(live, &body, recorder).await {
        Ok(a) => a,
        Err(e) => {
            warn!(id = %id, "cannot answer the interaction: {e}");
            return;
        }
    };
    let answer_us = started.elapsed().as_micros() as u64;
    let route = Route::InteractionResponse {
        interaction_id: id,
        token: interaction.token(),
    };
    // Posting the bytes as they are (rather than through serenity's builders or a re-parsed
    // `Value`) keeps the gateway's replies byte for byte the HTTP endpoint's.
    let sent = http
        .request(Request::new(route, LightMethod::Post).body(Some(answered.body)))
        .await;
    // One line per interaction, with the same fields as the HTTP endpoint's; `answer_us` is the
    // engine and render, `latency_us` adds the callback round trip to Discord.
    let s = &answered.summary;
    let latency_us = started.elapsed().as_micros() as u64;
    match sent {
        Ok(_) => {
            super::interaction_line!(s, id = tracing::field::display(id), answer_us, latency_us)
        }
        Err(e) => warn!(
            id = %id,
            kind = %s.kind.name(),
            request = s.request.as_deref().unwrap_or("-"),
            outcome = %s.outcome,
            answer_us,
            latency_us,
            "interaction callback failed: {}",
            describe(&e)
        ),
    }
}

/// The interaction as JSON for [`crate::interaction::answer`].
///
/// serenity keeps no raw copy of a dispatch, so the interaction is serialized back from its model.
/// That is lossy in one way that matters: serenity writes no top-level `type` (it is implied by the
/// enum variant, and commands and autocompletes share one struct), so it is put back here. Other
/// losses (unknown permission bits, fields serenity does not model) do not touch what the answer
/// depends on: command name and options, `custom_id`, and who invoked. The gateway tests check
/// that the reply is byte for byte the HTTP endpoint's reply to the original JSON.
pub fn interaction_body(interaction: &Interaction) -> Result<Vec<u8>, serde_json::Error> {
    let kind = match interaction {
        Interaction::Ping(_) => InteractionType::Ping,
        Interaction::Command(_) => InteractionType::ApplicationCommand,
        Interaction::Component(_) => InteractionType::MessageComponent,
        Interaction::Autocomplete(_) => InteractionType::Autocomplete,
        Interaction::Modal(_) => InteractionType::ModalSubmit,
        // `Interaction` is non-exhaustive; a future kind is passed on as serenity writes it.
        _ => return serde_json::to_vec(interaction),
    };
    let mut value = serde_json::to_value(interaction)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("type".to_owned(), u8::from(kind).into());
    }
    serde_json::to_vec(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPED: &str =
        "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN";

    #[test]
    fn token_shape_is_checked_without_echoing_the_token() {
        assert!(check_token_shape(&Secret::new(SHAPED)).is_ok());
        assert!(check_token_shape(&Secret::new(format!("Bot {SHAPED}"))).is_ok());
        for bad in [
            "",
            "   ",
            "not-a-token",
            "MTIz.abc",
            "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMN",
        ] {
            match check_token_shape(&Secret::new(bad)) {
                Err(ServeError::InvalidToken(m)) => {
                    assert!(m.contains("Developer Portal"), "{m}");
                    assert!(m.contains("DISCORD_TOKEN"), "{m}");
                    if bad.len() > 3 {
                        assert!(!m.contains(bad.trim()), "token echoed: {m}");
                    }
                }
                other => panic!("{bad:?} accepted: {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn shutdown_waits_for_interactions_in_flight() {
        let in_flight = Arc::new(InFlight::default());
        // Nothing in flight: resolves at once.
        tokio::time::timeout(Duration::from_secs(10), in_flight.idle())
            .await
            .expect("idle with nothing in flight");
        let first = in_flight.enter();
        let second = in_flight.enter();
        let waiter = tokio::spawn({
            let in_flight = Arc::clone(&in_flight);
            async move { in_flight.idle().await }
        });
        drop(first);
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished(), "one interaction is still in flight");
        drop(second);
        tokio::time::timeout(Duration::from_secs(10), waiter)
            .await
            .expect("idle once the last one finished")
            .expect("no panic");
    }

    #[test]
    fn invite_asks_for_commands_and_no_permissions() {
        assert_eq!(
            invite_url(42),
            "https://discord.com/oauth2/authorize?client_id=42&scope=bot+applications.commands&permissions=0&integration_type=0"
        );
        assert_eq!(
            user_install_url(42),
            "https://discord.com/oauth2/authorize?client_id=42&scope=applications.commands&integration_type=1"
        );
    }

    #[test]
    fn registration_summary_names_what_changed() {
        let r = Registration {
            scope: Scope::Guild(7),
            application_id: 1,
            commands: 11,
            diff: CommandDiff {
                added: vec!["ask".into()],
                removed: vec![],
                changed: vec!["pledges".into(), "help".into()],
            },
            put: true,
        };
        assert_eq!(
            r.to_string(),
            "11 commands (guild 7): registered; added: ask; changed: pledges, help"
        );
    }
}
