//! Settings: built-in defaults, then `config/summit-bot.toml` (or `--config FILE`), then environment
//! variables. Unknown keys are rejected with their line and column, so a typo never silently turns
//! a setting off. The token is a [`Secret`], which cannot be printed by accident.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::facts::Diagnostics;

/// A value that must never reach a log line, an error message or a panic: its `Debug` and
/// `Display` print `[redacted]`. Read it with [`Secret::expose`] only where it is sent.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The whole configuration file. Every table is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Fact file or directory; default `data/` when present, else the embedded Paris facts.
    pub facts: Option<PathBuf>,
    pub discord: DiscordConfig,
    pub http: HttpConfig,
    pub log: LogConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// Bot token; prefer `DISCORD_TOKEN` or `token_file` so it stays out of the config file.
    pub token: Option<Secret>,
    /// A file holding only the token (e.g. a Docker or systemd secret).
    pub token_file: Option<PathBuf>,
    /// Register commands in this guild only (instant), instead of globally.
    pub guild_id: Option<u64>,
    /// HTTP proxy for Discord REST, e.g. a rate-limit proxy (`DISCORD_PROXY`).
    pub proxy: Option<String>,
    /// Fixed shard count; default is Discord's recommendation.
    pub shards: Option<u32>,
    /// The application id, for `summit-bot invite` and `register` before the first connect.
    pub application_id: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Address for `serve --http`.
    pub listen: String,
    /// The application's hex Ed25519 public key (`DISCORD_PUBLIC_KEY`).
    pub public_key: Option<String>,
    /// Reject signed requests older than this many seconds; 0 disables the replay window.
    pub max_age_secs: u64,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: "127.0.0.1:8080".to_owned(),
            public_key: None,
            max_age_secs: 300,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `text` (human-readable) or `json`.
    pub format: String,
    /// A tracing filter, e.g. `info` or `summit_bot=debug`; `RUST_LOG` overrides it.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "text".to_owned(),
            level: "info".to_owned(),
        }
    }
}

/// The default config path, used when it exists and no `--config` is given.
pub const DEFAULT_PATH: &str = "config/summit-bot.toml";

impl Config {
    /// Reads a config file's text; errors carry `file:line:column`.
    pub fn from_toml(origin: &str, text: &str) -> Result<Config, Diagnostics> {
        toml::from_str(text).map_err(|e| Diagnostics::from_toml(origin, text, &e))
    }

    /// Loads `path` (or the default path when it exists), then applies environment overrides.
    pub fn load(path: Option<&Path>) -> Result<Config, Diagnostics> {
        let mut config = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| Diagnostics::io(p, &e))?;
                Config::from_toml(&p.display().to_string(), &text)?
            }
            None if Path::new(DEFAULT_PATH).is_file() => {
                let p = Path::new(DEFAULT_PATH);
                let text = std::fs::read_to_string(p).map_err(|e| Diagnostics::io(p, &e))?;
                Config::from_toml(DEFAULT_PATH, &text)?
            }
            None => Config::default(),
        };
        config.apply_env(|k| std::env::var(k).ok());
        Ok(config)
    }

    /// Environment variables win over the file. Taking a lookup function keeps this testable
    /// without touching the process environment.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) {
        let non_empty = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        if let Some(t) = non_empty("DISCORD_TOKEN") {
            self.discord.token = Some(Secret::new(t.trim()));
        }
        if let Some(p) = non_empty("DISCORD_PROXY") {
            self.discord.proxy = Some(p);
        }
        if let Some(k) = non_empty("DISCORD_PUBLIC_KEY") {
            self.http.public_key = Some(k.trim().to_owned());
        }
        if let Some(g) = non_empty("DISCORD_GUILD_ID").and_then(|g| g.trim().parse().ok()) {
            self.discord.guild_id = Some(g);
        }
        if let Some(a) = non_empty("DISCORD_APPLICATION_ID").and_then(|a| a.trim().parse().ok()) {
            self.discord.application_id = Some(a);
        }
    }

    /// The bot token from the config, the environment or `token_file`, if any is set.
    pub fn token(&self) -> Result<Option<Secret>, String> {
        if let Some(t) = &self.discord.token {
            return Ok(Some(t.clone()));
        }
        match &self.discord.token_file {
            Some(path) => std::fs::read_to_string(path)
                .map(|t| Some(Secret::new(t.trim())))
                .map_err(|e| format!("cannot read token_file {}: {e}", path.display())),
            None => Ok(None),
        }
    }
}
