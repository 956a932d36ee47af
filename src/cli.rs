//! The command line: argument definitions (clap derive) and what each subcommand does.
//!
//! `main.rs` only parses the arguments and calls [`run`]; everything here is plain library code, so
//! the exit-status rules live in one place:
//!
//! * 0: answered, or the fact files are valid;
//! * 1: not found, not answered, or an invalid fact file;
//! * 2: a usage or configuration error (clap's own usage errors exit 2 as well).
//!
//! Tokio is started only for the modes that talk to the network (`serve`, `register`): the console
//! and the one-shot commands answer synchronously, which keeps their start-up instant.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::{self, Catalog, Facts};
use crate::config::{default_state_dir, Config, Secret, TOKEN_HELP};
use crate::facts::{self, Diagnostics};
use crate::live::{self, LiveFacts};
use crate::reply::{Reply, ReplyKind};
use crate::request::{OptionValue, Request};
use crate::transport::console;
use crate::transport::gateway::{self, ServeError};
use crate::transport::{http, shutdown_signal};
use crate::{commands, engine, render};

/// Answers questions about a diplomatic summit from a cited fact file, on Discord or in a console.
///
/// With no subcommand it connects to Discord when a token is configured (DISCORD_TOKEN or
/// `token_file`), and otherwise starts the local console.
#[derive(Debug, Parser)]
#[command(name = "summit-bot", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Configuration file [default: config/summit-bot.toml when it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Fact file or directory of fact files [default: the `facts` setting, else data/ when it
    /// exists, else the built-in Paris facts]
    #[arg(long, global = true, value_name = "PATH")]
    pub facts: Option<PathBuf>,
    /// Log format on standard error [default: the `[log] format` setting, else text]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Folder for feedback records (votes, refused questions), or `off` [default: the `[state]
    /// dir` setting; when serving, else $XDG_STATE_HOME/summit-bot, else ./state]
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer commands typed in a local console (the default when no token is configured)
    Console,
    /// Connect to Discord over the gateway, or serve an HTTP interactions endpoint with --http
    Serve {
        /// Serve Discord's HTTP interactions endpoint on ADDR instead of the gateway
        /// [default ADDR: the `[http] listen` setting]
        #[arg(long, value_name = "ADDR", num_args = 0..=1)]
        http: Option<Option<String>>,
    },
    /// Print one reply to a slash command, e.g. `exec '/pledges by:uk'`
    Exec {
        /// The command in Discord's syntax; quote it as one argument
        #[arg(value_name = "SLASH LINE")]
        line: String,
        /// Print the interaction response JSON that Discord would receive
        #[arg(long)]
        json: bool,
    },
    /// Validate fact files or directories (default: the facts in use)
    Check {
        /// Fact files or directories of fact files
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the fact-file format (for editors and Taplo)
    Schema,
    /// Ask a question in your own words; exits 1 when the facts do not answer it
    Ask {
        /// The question, e.g. "did the US sign?"
        #[arg(value_name = "TEXT", required = true, num_args = 1..)]
        question: Vec<String>,
        /// Print the interaction response JSON that Discord would receive
        #[arg(long)]
        json: bool,
        /// Also show the linked entities, matched terms and top scores
        #[arg(long)]
        explain: bool,
        /// Which summit to ask about [default: the newest]
        #[arg(long, value_name = "SUMMIT")]
        summit: Option<String>,
    },
    /// Check a message's claims against the facts, as the "Check with summit facts" message
    /// command does; exits 1 when there is nothing to check
    CheckMessage {
        /// The message text, e.g. "The US signed the declaration. Trump attended."
        #[arg(value_name = "TEXT", required = true, num_args = 1..)]
        text: Vec<String>,
        /// Print the interaction response JSON that Discord would receive
        #[arg(long)]
        json: bool,
    },
    /// Register the slash commands with Discord (only when they changed)
    Register {
        /// Register in this guild only (instant) [default: the `guild_id` setting]
        #[arg(long, value_name = "ID", conflicts_with = "global")]
        guild: Option<u64>,
        /// Register globally, even when `guild_id` is configured
        #[arg(long)]
        global: bool,
        /// Print the registration JSON instead of sending it (needs no token)
        #[arg(long)]
        dry_run: bool,
    },
    /// Print what the facts are missing, from the recorded feedback: the most frequent refused
    /// questions, grouped by shared words, and the answers with the most 👎
    Gaps {
        /// Only records from this date (2026-12-01) or RFC 3339 time on
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// How many of each list to show
        #[arg(long, value_name = "N", default_value_t = 20)]
        top: usize,
    },
    /// Print the two OAuth2 install links: to a server, and to your own account
    Invite {
        /// The application id [default: the `application_id` setting or DISCORD_APPLICATION_ID]
        #[arg(long, value_name = "ID")]
        application_id: Option<u64>,
    },
}

/// How a run ended, as a process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: answered, or valid.
    Success,
    /// 1: not found, not answered, or invalid fact files.
    Failure,
    /// 2: usage or configuration error.
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        match exit {
            Exit::Success => ExitCode::SUCCESS,
            Exit::Failure => ExitCode::from(1),
            Exit::Usage => ExitCode::from(2),
        }
    }
}

/// A reason to stop, with the message already written for the user.
#[derive(Debug)]
enum Stop {
    /// Bad usage or configuration: exit 2.
    Usage(String),
    /// Invalid fact files: their diagnostics, exit 1.
    Facts(Diagnostics),
    /// An invalid config file or environment variable: its diagnostics, exit 2.
    Config(Diagnostics),
    /// Something failed at run time (e.g. the connection): exit 1.
    Failed(String),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Failed(format!("cannot write the output: {e}"))
    }
}

/// Runs the parsed command line and returns the exit status. Errors are printed to standard error
/// here, so callers only map the result to the process status.
pub fn run(cli: Cli) -> ExitCode {
    let exit = match execute(cli) {
        Ok(exit) => exit,
        Err(Stop::Usage(message)) => {
            eprint_line(&format!("error: {message}"));
            Exit::Usage
        }
        Err(Stop::Facts(diagnostics)) => {
            eprint_line(&diagnostics.to_string());
            Exit::Failure
        }
        Err(Stop::Config(diagnostics)) => {
            // Diagnostics' own summary speaks of fact files; a config error gets its own.
            for d in diagnostics.iter() {
                eprint_line(&d.to_string());
            }
            let n = diagnostics.len();
            eprint_line(&format!(
                "{n} error{} in the configuration; config/summit-bot.toml documents every setting",
                if n == 1 { "" } else { "s" }
            ));
            Exit::Usage
        }
        Err(Stop::Failed(message)) => {
            eprint_line(&format!("error: {message}"));
            Exit::Failure
        }
    };
    exit.into()
}

fn execute(cli: Cli) -> Result<Exit, Stop> {
    let mut config = load_config(cli.global.config.as_deref())?;
    if let Some(dir) = &cli.global.state_dir {
        config.state.dir = Some(dir.clone());
    }
    // Subcommands that need no facts and no network come first, so they work even when the fact
    // files are broken.
    let command = match cli.command {
        Some(Command::Schema) => return schema(),
        Some(Command::Invite { application_id }) => return invite(&config, application_id),
        Some(Command::Register {
            dry_run: true,
            guild: _,
            global: _,
        }) => {
            let json = render::registration::commands_json();
            print_json(&json)?;
            return Ok(Exit::Success);
        }
        other => other,
    };
    let facts = FactsSource::choose(cli.global.facts.as_deref(), &config);
    if let Some(Command::Check { paths }) = &command {
        return check(paths, &facts);
    }

    let serving = matches!(
        command,
        None | Some(Command::Serve { .. }) | Some(Command::Register { .. })
    );
    // The serve modes record feedback unless told `off`; `gaps` reads where they write. The
    // console and one-shot commands record nothing.
    let records = matches!(
        command,
        None | Some(Command::Serve { .. }) | Some(Command::Gaps { .. })
    );
    if records && config.state.dir.is_none() {
        config.state.dir = Some(default_state_dir(|k| std::env::var(k).ok()));
    }
    let format = match cli.global.log_format {
        Some(f) => f,
        None => log_format_setting(&config)?,
    };
    // One-shot commands and the console stay quiet unless RUST_LOG asks otherwise: their output is
    // the answer, and a log line in the middle of a console session is noise.
    let level = if serving {
        config.log.level.clone()
    } else {
        "warn".to_owned()
    };
    init_logging(format, &level)?;

    match command {
        None => {
            let token = token(&config)?;
            let catalog = facts.load()?;
            match token {
                Some(token) => serve_gateway(&config, token, facts.live(catalog)),
                None => {
                    console::run(&catalog, false)?;
                    Ok(Exit::Success)
                }
            }
        }
        Some(Command::Console) => {
            let has_token = token(&config)?.is_some();
            let catalog = facts.load()?;
            console::run(&catalog, has_token)?;
            Ok(Exit::Success)
        }
        Some(Command::Serve { http: Some(addr) }) => {
            if let Some(addr) = addr {
                config.http.listen = addr;
            }
            let live = Arc::new(facts.live(facts.load()?));
            let runtime = runtime()?;
            runtime.block_on(async {
                let shutdown = shutdown_signal().map_err(Stop::Failed)?;
                let _triggers = live::start(&live);
                http::serve(&config, Arc::clone(&live), shutdown)
                    .await
                    .map_err(Stop::Usage)
            })?;
            Ok(Exit::Success)
        }
        Some(Command::Serve { http: None }) => {
            let token = token(&config)?.ok_or_else(|| {
                Stop::Usage(format!("no Discord token is configured; {TOKEN_HELP}"))
            })?;
            let catalog = facts.load()?;
            serve_gateway(&config, token, facts.live(catalog))
        }
        Some(Command::Exec { line, json }) => {
            let line = line.trim();
            let line = if line.starts_with('/') {
                line.to_owned()
            } else {
                format!("/{line}")
            };
            let request = Request::parse_slash(&line).map_err(|e| Stop::Usage(e.to_string()))?;
            let catalog = facts.load()?;
            let reply = commands::answer_with_request(&catalog, &request);
            print_reply(&reply, json, Some(&request))?;
            Ok(match reply.kind {
                ReplyKind::Answer => Exit::Success,
                ReplyKind::NotFound => Exit::Failure,
                ReplyKind::Error => Exit::Usage,
            })
        }
        Some(Command::Ask {
            question,
            json,
            explain,
            summit,
        }) => {
            let question = question.join(" ");
            let catalog = facts.load()?;
            let mut request =
                Request::new("ask").with("question", OptionValue::String(question.clone()));
            if let Some(s) = &summit {
                request = request.with("summit", OptionValue::String(s.clone()));
            }
            let reply = commands::answer_with_request(&catalog, &request);
            print_reply(&reply, json, Some(&request))?;
            if explain {
                let explanation = match summit.as_deref() {
                    None => engine::across::explain(&catalog, &question),
                    Some(s) => match explained_summit(&catalog, s) {
                        Some(facts) => engine::ask::explain(facts, &question),
                        None => "explain: no summit with that id is loaded".to_owned(),
                    },
                };
                write_out(&format!("\n{}", explanation.trim_end()))?;
            }
            Ok(if reply.kind == ReplyKind::Answer {
                Exit::Success
            } else {
                Exit::Failure
            })
        }
        Some(Command::CheckMessage { text, json }) => {
            let text = text.join(" ");
            let catalog = facts.load()?;
            let target = engine::check::Target {
                content: &text,
                ..engine::check::Target::default()
            };
            let reply = (commands::check::COMMAND.run)(&catalog, &target);
            print_reply(&reply, json, None)?;
            Ok(if reply.kind == ReplyKind::Answer {
                Exit::Success
            } else {
                Exit::Failure
            })
        }
        Some(Command::Register {
            guild,
            global,
            dry_run: _,
        }) => {
            let token = token(&config)?.ok_or_else(|| {
                Stop::Usage(format!(
                    "registering commands needs a Discord token ({TOKEN_HELP}); \
                     `summit-bot register --dry-run` prints the JSON without one"
                ))
            })?;
            let guild = if global {
                None
            } else {
                guild.or(config.discord.guild_id)
            };
            let runtime = runtime()?;
            let summary = runtime
                .block_on(gateway::register(&config, token, guild))
                .map_err(serve_error)?;
            write_out(summary.trim_end())?;
            Ok(Exit::Success)
        }
        Some(Command::Gaps { since, json, top }) => gaps(&config, &facts, since, json, top),
        // Handled before the facts were chosen.
        Some(Command::Schema | Command::Invite { .. } | Command::Check { .. }) => Ok(Exit::Success),
    }
}

/// Where the facts come from: an explicit path, or the copy compiled into the binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactsSource {
    Path(PathBuf),
    Embedded,
}

impl FactsSource {
    /// `--facts` wins, then the config's `facts`, then `data/` in the current directory when it
    /// exists, then the embedded Paris file — so an installed binary works anywhere.
    pub fn choose(flag: Option<&Path>, config: &Config) -> FactsSource {
        if let Some(p) = flag.or(config.facts.as_deref()) {
            return FactsSource::Path(p.to_path_buf());
        }
        if Path::new("data").is_dir() {
            return FactsSource::Path(PathBuf::from("data"));
        }
        FactsSource::Embedded
    }

    /// Facts loaded from this source, wrapped so the serve modes can reload them (the embedded
    /// copy cannot be).
    fn live(&self, catalog: Catalog) -> LiveFacts {
        match self {
            FactsSource::Path(p) => LiveFacts::new(catalog, Some(p.clone())),
            FactsSource::Embedded => LiveFacts::new(catalog, None),
        }
    }

    fn load(&self) -> Result<Catalog, Stop> {
        match self {
            FactsSource::Path(p) => catalog::load_path(p),
            FactsSource::Embedded => Catalog::embedded(),
        }
        .map_err(Stop::Facts)
    }
}

fn load_config(path: Option<&Path>) -> Result<Config, Stop> {
    Config::load(path).map_err(Stop::Config)
}

fn log_format_setting(config: &Config) -> Result<LogFormat, Stop> {
    match config.log.format.trim().to_ascii_lowercase().as_str() {
        "text" | "" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        other => Err(Stop::Usage(format!(
            "`[log] format = \"{other}\"` is not a log format; use \"text\" or \"json\""
        ))),
    }
}

/// Logs go to standard error so that standard output carries only answers. `RUST_LOG` wins over
/// `level`.
fn init_logging(format: LogFormat, level: &str) -> Result<(), Stop> {
    use tracing_subscriber::EnvFilter;
    let directives = match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => v,
        _ => level.to_owned(),
    };
    let filter = EnvFilter::try_new(&directives).map_err(|e| {
        Stop::Usage(format!(
            "`{directives}` is not a log filter ({e}); use e.g. `info` or `summit_bot=debug`"
        ))
    })?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr);
    // A subscriber may already be set when the library is embedded; that is not an error.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    Ok(())
}

fn token(config: &Config) -> Result<Option<Secret>, Stop> {
    match config.token() {
        Ok(Some(t)) if t.expose().is_empty() => Err(Stop::Usage(format!(
            "the configured Discord token is empty; {TOKEN_HELP}"
        ))),
        Ok(t) => Ok(t),
        Err(e) => Err(Stop::Usage(format!("{e}; {TOKEN_HELP}"))),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Stop> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Stop::Failed(format!("cannot start the async runtime: {e}")))
}

fn serve_gateway(config: &Config, token: Secret, live: LiveFacts) -> Result<Exit, Stop> {
    let live = Arc::new(live);
    let runtime = runtime()?;
    runtime.block_on(async {
        // Installed before connecting, so a signal during startup is not fatal.
        let shutdown = shutdown_signal().map_err(Stop::Failed)?;
        // Reload triggers live as long as the gateway: dropped (stopped) when it returns.
        let _triggers = live::start(&live);
        gateway::serve(config, token, Arc::clone(&live), shutdown)
            .await
            .map_err(serve_error)
    })?;
    Ok(Exit::Success)
}

fn serve_error(e: ServeError) -> Stop {
    match e {
        ServeError::InvalidToken(m) => Stop::Usage(m),
        ServeError::Failed(m) => Stop::Failed(m),
    }
}

fn check(paths: &[PathBuf], default: &FactsSource) -> Result<Exit, Stop> {
    let sources: Vec<FactsSource> = if paths.is_empty() {
        vec![default.clone()]
    } else {
        paths.iter().cloned().map(FactsSource::Path).collect()
    };
    let mut exit = Exit::Success;
    for source in &sources {
        match source.load() {
            Ok(catalog) => {
                let built_in = if *source == FactsSource::Embedded {
                    " (built into the binary)"
                } else {
                    ""
                };
                for facts in catalog.summits() {
                    write_out(&format!(
                        "ok: {}{built_in}: {}",
                        facts.origin,
                        counts(facts)
                    ))?;
                    // Warnings do not fail the check: a weak fact may stay, stated as a report.
                    for w in &facts.warnings {
                        eprint_line(w.to_string().trim_end());
                    }
                    if !facts.warnings.is_empty() {
                        let n = facts.warnings.len();
                        eprint_line(&format!(
                            "{n} warning{} in {}",
                            if n == 1 { "" } else { "s" },
                            facts.origin
                        ));
                    }
                }
            }
            Err(Stop::Facts(d)) => {
                eprint_line(&d.to_string());
                exit = Exit::Failure;
            }
            Err(other) => return Err(other),
        }
    }
    Ok(exit)
}

/// `paris-2026-01-06 (19 participants, 12 pledges, ...)`: enough to see that an edit landed.
/// `summit-bot gaps`: the report over the state folder's feedback files.
fn gaps(
    config: &Config,
    facts: &FactsSource,
    since: Option<String>,
    json: bool,
    top: usize,
) -> Result<Exit, Stop> {
    use crate::feedback::gaps;
    if let Some(s) = &since {
        if !gaps::valid_since(s) {
            return Err(Stop::Usage(format!(
                "--since takes a date such as 2026-12-01 or an RFC 3339 time, not {s:?}"
            )));
        }
    }
    let Some(settings) = config.state.settings() else {
        return Err(Stop::Usage(
            "the state folder is off (`[state] dir = \"off\"`), so no feedback is recorded; \
             give --state-dir DIR to read one"
                .to_owned(),
        ));
    };
    let dir = settings.dir;
    let read = match gaps::read(&dir, since.as_deref()) {
        Ok(read) => read,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            eprint_line(&format!(
                "no feedback recorded in {} yet (the serve modes write it there)",
                dir.display()
            ));
            return Ok(Exit::Failure);
        }
        Err(e) => {
            return Err(Stop::Failed(format!(
                "cannot read the feedback in {}: {e}",
                dir.display()
            )))
        }
    };
    let catalog = facts.load()?;
    let newest = catalog.newest();
    let report = gaps::report(
        &read.records,
        |q| gaps::content_words(&newest.index, q),
        top,
    );
    if json {
        print_json(&report)?;
    } else {
        write_out(gaps::text(&report, &dir, &read).trim_end())?;
    }
    Ok(Exit::Success)
}

fn counts(facts: &Facts) -> String {
    let f = &facts.file;
    let parts = [
        (f.participants.len(), "participant"),
        (f.pledges.len(), "pledge"),
        (f.questions.len(), "open question"),
        (f.statements.len(), "statement"),
        (f.disputes.len(), "dispute"),
        (f.events.len(), "event"),
        (f.sources.len(), "source"),
    ];
    let list: Vec<String> = parts
        .iter()
        .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    format!("{} ({})", facts.id(), list.join(", "))
}

fn schema() -> Result<Exit, Stop> {
    write_out(facts::json_schema().trim_end())?;
    Ok(Exit::Success)
}

fn invite(config: &Config, flag: Option<u64>) -> Result<Exit, Stop> {
    let id = flag.or(config.discord.application_id).ok_or_else(|| {
        Stop::Usage(
            "no application id: pass --application-id ID, set DISCORD_APPLICATION_ID, or set \
             `application_id` under [discord] in config/summit-bot.toml. Find it in the Discord \
             Developer Portal (https://discord.com/developers/applications → your application → \
             General Information → Application ID)"
                .to_owned(),
        )
    })?;
    write_out(&invite_text(id))?;
    Ok(Exit::Success)
}

/// Both install links, each on its own line after a short label, so `grep https` still picks
/// them out. The token is never needed, so it is never read here.
pub fn invite_text(application_id: u64) -> String {
    format!(
        "Add to a server (server admins; every command, /reload included):\n{}\n\
         Add to your own account (anyone; the read-only commands, in any server or DM):\n{}",
        gateway::invite_url(application_id),
        gateway::user_install_url(application_id)
    )
}

/// The summit `ask --explain --summit S` talks about.
fn explained_summit<'a>(catalog: &'a Catalog, summit: &str) -> Option<&'a Facts> {
    let wanted = crate::text::fold(summit);
    catalog
        .summits()
        .iter()
        .find(|f| crate::text::fold(f.id()) == wanted)
        .map(|f| f.as_ref())
}

/// The reply as text, or as the interaction response Discord receives, with the 👍/👎 buttons the
/// Discord door adds under `/ask` (`request`) and check (`None`) answers.
fn print_reply(reply: &Reply, json: bool, request: Option<&Request>) -> Result<(), Stop> {
    if json {
        let mut response = render::discord::response(reply, None, false);
        match request {
            Some(r) => crate::feedback::add_to_ask(&mut response, r, reply),
            None => crate::feedback::add_to_check(&mut response, reply),
        }
        print_json(&response)
    } else {
        write_out(render::text::render(reply).trim_end())
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Stop> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Stop::Failed(format!("cannot serialize the JSON: {e}")))?;
    write_out(&text)
}

/// Writes a line to standard output. A closed pipe (`summit-bot exec ... | head -1`) is not an
/// error worth a message, and must not panic as `println!` would.
fn write_out(text: &str) -> Result<(), Stop> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Like `eprintln!`, without the panic when standard error is closed.
fn eprint_line(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", text.trim_end());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let before = Cli::try_parse_from(["summit-bot", "--facts", "x", "exec", "/help"]).unwrap();
        let after = Cli::try_parse_from(["summit-bot", "exec", "/help", "--facts", "x"]).unwrap();
        assert_eq!(before.global.facts, after.global.facts);
        assert_eq!(after.global.facts.as_deref(), Some(Path::new("x")));
    }

    #[test]
    fn serve_http_takes_an_optional_address() {
        let cli = Cli::try_parse_from(["summit-bot", "serve", "--http"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Serve { http: Some(None) })
        ));
        let cli = Cli::try_parse_from(["summit-bot", "serve", "--http", "0.0.0.0:9"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Serve { http: Some(Some(ref a)) }) if a == "0.0.0.0:9")
        );
        let cli = Cli::try_parse_from(["summit-bot", "serve"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Serve { http: None })));
    }

    #[test]
    fn guild_and_global_conflict() {
        let err = Cli::try_parse_from(["summit-bot", "register", "--guild", "1", "--global"])
            .unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn facts_flag_beats_config_which_beats_defaults() {
        let config = Config {
            facts: Some(PathBuf::from("from-config")),
            ..Config::default()
        };
        assert_eq!(
            FactsSource::choose(Some(Path::new("from-flag")), &config),
            FactsSource::Path(PathBuf::from("from-flag"))
        );
        assert_eq!(
            FactsSource::choose(None, &config),
            FactsSource::Path(PathBuf::from("from-config"))
        );
    }

    #[test]
    fn bad_log_format_setting_is_a_usage_error() {
        let mut config = Config::default();
        config.log.format = "yaml".to_owned();
        assert!(matches!(log_format_setting(&config), Err(Stop::Usage(_))));
        config.log.format = "JSON".to_owned();
        assert_eq!(log_format_setting(&config).unwrap(), LogFormat::Json);
    }
}
