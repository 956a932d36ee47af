//! Settings: built-in defaults, then `config/summit-bot.toml` (or `--config FILE`), then environment
//! variables. Unknown keys are rejected with their line and column, so a typo never silently turns
//! a setting off. The token is a [`Secret`], which cannot be printed by accident.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::facts::{Diagnostic, Diagnostics};

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
    pub state: StateConfig,
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

/// Where feedback records are kept (`[state]`; see the README, "Feedback and gaps").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StateConfig {
    /// The state folder, or `off`. Only the serve modes record; unset, they use
    /// [`default_state_dir`] (the CLI fills it in, so a test serving a default config records
    /// nothing). `SUMMIT_BOT_STATE_DIR`, `--state-dir`.
    pub dir: Option<PathBuf>,
    /// Keep the Discord user id of whoever voted or asked. Off: no record names anyone.
    pub record_user_ids: bool,
    /// The feedback file is rotated when a line would take it past this size.
    pub max_file_bytes: u64,
    /// Rotated files kept besides the current one; older ones are deleted.
    pub keep_files: usize,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            dir: None,
            record_user_ids: false,
            max_file_bytes: 10 * 1024 * 1024,
            keep_files: 3,
        }
    }
}

/// The value of `dir` that turns recording off.
pub const STATE_OFF: &str = "off";

/// The serve modes' state folder when none is set: `$XDG_STATE_HOME/summit-bot`, else `state`
/// in the directory summit-bot runs from (next to `data/`, easy to mount in a container).
pub fn default_state_dir(var: impl Fn(&str) -> Option<String>) -> PathBuf {
    match var("XDG_STATE_HOME").filter(|v| !v.trim().is_empty()) {
        Some(home) => Path::new(home.trim()).join("summit-bot"),
        None => PathBuf::from("state"),
    }
}

impl StateConfig {
    /// The writer's settings, or `None` when recording is off (unset, or `off`).
    pub fn settings(&self) -> Option<crate::feedback::Settings> {
        let dir = self.dir.as_ref().filter(|d| d.as_os_str() != STATE_OFF)?;
        Some(crate::feedback::Settings {
            dir: dir.clone(),
            record_user_ids: self.record_user_ids,
            max_file_bytes: self.max_file_bytes.max(1),
            keep_files: self.keep_files,
        })
    }
}

/// A config file that cannot be read; unlike a fact file's, the fix is `--config`.
fn unreadable(path: &Path, err: &std::io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::whole(
        &path.display().to_string(),
        format!("cannot read the configuration file: {err}"),
        Some("check the path given with --config; config/summit-bot.toml is an example".to_owned()),
    )])
}

/// The default config path, used when it exists and no `--config` is given.
pub const DEFAULT_PATH: &str = "config/summit-bot.toml";

/// Where to get a token, shown whenever one is missing or rejected.
pub const TOKEN_HELP: &str = "get a bot token in the Discord Developer Portal \
(https://discord.com/developers/applications → your application → Bot → Reset Token), then run \
`DISCORD_TOKEN=... summit-bot`, or put it in a file named by `token_file` in config/summit-bot.toml; \
see the README, \"Hosting on Discord\"";

impl Config {
    /// Reads a config file's text; errors carry `file:line:column`.
    pub fn from_toml(origin: &str, text: &str) -> Result<Config, Diagnostics> {
        toml::from_str(text).map_err(|e| Diagnostics::from_toml(origin, text, &e))
    }

    /// Loads `path` (or the default path when it exists), then applies environment overrides.
    pub fn load(path: Option<&Path>) -> Result<Config, Diagnostics> {
        let mut config = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| unreadable(p, &e))?;
                Config::from_toml(&p.display().to_string(), &text)?
            }
            None if Path::new(DEFAULT_PATH).is_file() => {
                let p = Path::new(DEFAULT_PATH);
                let text = std::fs::read_to_string(p).map_err(|e| unreadable(p, &e))?;
                Config::from_toml(DEFAULT_PATH, &text)?
            }
            None => Config::default(),
        };
        config.apply_env(|k| std::env::var(k).ok())?;
        Ok(config)
    }

    /// Environment variables win over the file. Taking a lookup function keeps this testable
    /// without touching the process environment. Empty values are ignored (an exported but unset
    /// variable is common in shells and compose files); a malformed id is an error rather than
    /// silently ignored, because registering globally instead of in one guild is a surprise.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), Diagnostics> {
        let non_empty = |k: &str| {
            var(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let id = |k: &str| -> Result<Option<u64>, Diagnostics> {
            match non_empty(k) {
                None => Ok(None),
                Some(v) => v.parse().map(Some).map_err(|_| {
                    Diagnostics(vec![Diagnostic::whole(
                        &format!("environment variable {k}"),
                        format!("{k} is not a Discord id (a whole number such as 123456789012345678)"),
                        Some(format!("copy the id from Discord (Developer Mode → right click → Copy ID), or unset {k}")),
                    )])
                }),
            }
        };
        if let Some(t) = non_empty("DISCORD_TOKEN") {
            self.discord.token = Some(Secret::new(t));
        }
        if let Some(p) = non_empty("DISCORD_PROXY") {
            self.discord.proxy = Some(p);
        }
        if let Some(k) = non_empty("DISCORD_PUBLIC_KEY") {
            self.http.public_key = Some(k);
        }
        if let Some(g) = id("DISCORD_GUILD_ID")? {
            self.discord.guild_id = Some(g);
        }
        if let Some(a) = id("DISCORD_APPLICATION_ID")? {
            self.discord.application_id = Some(a);
        }
        if let Some(d) = non_empty("SUMMIT_BOT_STATE_DIR") {
            self.state.dir = Some(PathBuf::from(d));
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const EXAMPLE: &str = include_str!("../config/summit-bot.toml");

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn example_file_parses_and_has_no_token() {
        let config = Config::from_toml("config/summit-bot.toml", EXAMPLE).unwrap();
        assert!(config.discord.token.is_none());
        assert!(config.discord.token_file.is_none());
        assert_eq!(config.token(), Ok(None));
        let token_line = EXAMPLE
            .lines()
            .any(|l| l.trim_start_matches(['#', ' ']).starts_with("token ="));
        assert!(!token_line, "the example must never hold a token value");
    }

    /// Uncommenting every `# key = value` line must give a valid config that sets every setting
    /// except the discouraged inline token: the example documents all of them, with valid values.
    #[test]
    fn example_documents_every_setting() {
        let uncommented: String = EXAMPLE
            .lines()
            .map(|l| {
                let rest = l.strip_prefix("# ").unwrap_or(l);
                let is_setting = rest
                    .split_once(" = ")
                    .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
                if is_setting {
                    rest
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let c = Config::from_toml("uncommented", &uncommented).unwrap();
        assert!(c.facts.is_some());
        let d = &c.discord;
        assert!(d.token.is_none());
        assert!(d.token_file.is_some() && d.guild_id.is_some() && d.proxy.is_some());
        assert!(d.shards.is_some() && d.application_id.is_some());
        assert!(c.http.public_key.is_some());
        let defaults = Config::default();
        assert_eq!(c.http.listen, defaults.http.listen);
        assert_eq!(c.http.max_age_secs, defaults.http.max_age_secs);
        assert_eq!(c.log.format, defaults.log.format);
        assert_eq!(c.log.level, defaults.log.level);
        assert!(c.state.dir.is_some());
        assert_eq!(c.state.record_user_ids, defaults.state.record_user_ids);
        assert_eq!(c.state.max_file_bytes, defaults.state.max_file_bytes);
        assert_eq!(c.state.keep_files, defaults.state.keep_files);
    }

    #[test]
    fn state_is_off_unless_a_folder_is_given() {
        let mut c = Config::default();
        assert_eq!(c.state.settings(), None);
        c.apply_env(env(&[("SUMMIT_BOT_STATE_DIR", "/var/lib/summit")]))
            .unwrap();
        let s = c.state.settings().unwrap();
        assert_eq!(s.dir, PathBuf::from("/var/lib/summit"));
        assert!(!s.record_user_ids);
        c.state.dir = Some(PathBuf::from(STATE_OFF));
        assert_eq!(c.state.settings(), None);
        assert_eq!(
            default_state_dir(env(&[("XDG_STATE_HOME", "/home/a/.local/state")])),
            PathBuf::from("/home/a/.local/state/summit-bot")
        );
        assert_eq!(default_state_dir(env(&[])), PathBuf::from("state"));
    }

    #[test]
    fn unknown_keys_are_rejected_with_line_and_column() {
        let err =
            Config::from_toml("c.toml", "[discord]\nguild_id = 1\ntokn = \"x\"\n").unwrap_err();
        let d = &err.0[0];
        assert_eq!((d.line, d.column), (3, 1), "{err}");
        assert!(d.message.contains("unknown field `tokn`"), "{err}");
        assert!(err.to_string().contains("c.toml:3:1"), "{err}");
        let err = Config::from_toml("c.toml", "fact = \"data\"\n").unwrap_err();
        assert_eq!((err.0[0].line, err.0[0].column), (1, 1), "{err}");
    }

    #[test]
    fn environment_wins_over_the_file() {
        let mut c = Config::from_toml(
            "c.toml",
            "[discord]\nguild_id = 1\nproxy = \"http://file\"\napplication_id = 2\n",
        )
        .unwrap();
        c.apply_env(env(&[
            ("DISCORD_TOKEN", "  abc.def.ghi \n"),
            ("DISCORD_PROXY", "http://env"),
            ("DISCORD_PUBLIC_KEY", "00ff"),
            ("DISCORD_GUILD_ID", "42"),
            ("DISCORD_APPLICATION_ID", " 7 "),
        ]))
        .unwrap();
        assert_eq!(
            c.discord.token.as_ref().map(Secret::expose),
            Some("abc.def.ghi")
        );
        assert_eq!(c.discord.proxy.as_deref(), Some("http://env"));
        assert_eq!(c.http.public_key.as_deref(), Some("00ff"));
        assert_eq!(c.discord.guild_id, Some(42));
        assert_eq!(c.discord.application_id, Some(7));
    }

    #[test]
    fn empty_environment_values_change_nothing() {
        let mut c = Config::from_toml("c.toml", "[discord]\nguild_id = 1\n").unwrap();
        c.apply_env(env(&[("DISCORD_TOKEN", "   "), ("DISCORD_GUILD_ID", "")]))
            .unwrap();
        assert!(c.discord.token.is_none());
        assert_eq!(c.discord.guild_id, Some(1));
    }

    #[test]
    fn malformed_ids_in_the_environment_are_errors() {
        let mut c = Config::default();
        let err = c
            .apply_env(env(&[("DISCORD_GUILD_ID", "my-server")]))
            .unwrap_err();
        assert!(err.to_string().contains("DISCORD_GUILD_ID"), "{err}");
        assert_eq!(c.discord.guild_id, None);
    }

    #[test]
    fn a_missing_config_file_is_an_error_naming_it() {
        let err = Config::load(Some(Path::new("no/such/summit-bot.toml"))).unwrap_err();
        let text = err.0[0].to_string();
        assert!(text.contains("no/such/summit-bot.toml"), "{text}");
        assert!(text.contains("--config"), "{text}");
    }

    #[test]
    fn secrets_never_print() {
        let mut c = Config::default();
        c.apply_env(env(&[("DISCORD_TOKEN", "MTIzNDU2Nzg5.abcdef.ghijklmnop")]))
            .unwrap();
        let shown = format!("{c:?} {}", c.discord.token.as_ref().unwrap());
        assert!(!shown.contains("MTIzNDU2Nzg5"), "{shown}");
        assert!(shown.contains("[redacted]"));
    }
}
