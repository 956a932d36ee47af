//! The local console: the bot with no Discord token. It answers the very same commands through the
//! same engine and text renderer, so what you see here is what a Discord user would get.
//!
//! On a terminal it offers line editing and history (rustyline); with piped input it reads line by
//! line until EOF without prompts, so sessions can be scripted (`printf '/summit\n' | summit-bot`).

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::commands::{self, COMMANDS};
use crate::render;
use crate::reply::Reply;
use crate::request::{OptionValue, Request};

/// The prompt on a terminal.
pub const PROMPT: &str = "summit> ";

/// What one input line asks the console to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A blank line: nothing to do.
    Skip,
    /// `exit`, `quit` (or Ctrl-D, handled by the caller).
    Quit,
    /// Show this reply.
    Reply(Box<Reply>),
}

/// Interprets one line: `/command ...` in Discord's syntax, `exit`/`quit`, `help`, or anything else
/// as a free-text question (`/ask`). Never panics, whatever the input.
pub fn interpret(catalog: &Catalog, line: &str) -> Action {
    let line = line.trim();
    if line.is_empty() {
        return Action::Skip;
    }
    let word = line.trim_start_matches('/').to_lowercase();
    match word.as_str() {
        "exit" | "quit" | "q" => return Action::Quit,
        "help" | "?" => return answer(catalog, &Request::new("help")),
        _ => {}
    }
    if line.starts_with('/') {
        match Request::parse_slash(line) {
            Ok(request) => answer(catalog, &request),
            Err(e) => Action::Reply(Box::new(Reply::error(e.title(), e.to_string()))),
        }
    } else {
        let request = Request::new("ask").with("question", OptionValue::String(line.to_owned()));
        answer(catalog, &request)
    }
}

fn answer(catalog: &Catalog, request: &Request) -> Action {
    Action::Reply(Box::new(commands::answer(catalog, request)))
}

/// The one line printed to standard error at start: why this is a console, and how to connect.
pub fn banner(token_configured: bool) -> String {
    let why = if token_configured {
        "console mode: answering locally (the configured Discord token is not used here; run `summit-bot serve` to connect)"
    } else {
        "no Discord token configured, so answering locally in this console; to connect to Discord set DISCORD_TOKEN (or `token_file` in config/summit-bot.toml), see README \"Hosting on Discord\""
    };
    format!(
        "summit-bot: {why}. Type /help for commands, or just a question in your own words; Ctrl-D or `exit` quits."
    )
}

/// Runs the console until EOF, `exit` or `quit`. Returns an error only when the output cannot be
/// written (a closed pipe ends the session quietly instead).
pub fn run(catalog: &Catalog, token_configured: bool) -> io::Result<()> {
    let _ = writeln!(io::stderr(), "{}", banner(token_configured));
    let result = if io::stdin().is_terminal() && io::stdout().is_terminal() {
        interactive(catalog)
    } else {
        piped(catalog, io::stdin().lock(), &mut io::stdout().lock())
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Reads `input` line by line until EOF with no prompts, writing each reply followed by a blank
/// line. Bytes that are not UTF-8 are replaced, not fatal: a script must never crash the console.
pub fn piped(catalog: &Catalog, mut input: impl BufRead, out: &mut impl Write) -> io::Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        let line = String::from_utf8_lossy(&buf);
        match interpret(catalog, &line) {
            Action::Skip => {}
            Action::Quit => return Ok(()),
            Action::Reply(reply) => show(out, &reply)?,
        }
    }
}

fn show(out: &mut impl Write, reply: &Reply) -> io::Result<()> {
    let text = render::text::render(reply);
    writeln!(out, "{}\n", text.trim_end())?;
    out.flush()
}

/// The terminal session: line editing, history, Ctrl-C clears the line, Ctrl-D quits.
fn interactive(catalog: &Catalog) -> io::Result<()> {
    use rustyline::error::ReadlineError;

    let config = rustyline::Config::builder()
        .auto_add_history(true)
        .max_history_size(1000)
        .map(|b| b.build())
        .unwrap_or_default();
    let mut editor = match rustyline::Editor::with_config(config) {
        Ok(editor) => editor,
        // A terminal rustyline cannot drive still deserves a working console.
        Err(_) => return piped(catalog, io::stdin().lock(), &mut io::stdout().lock()),
    };
    editor.set_helper(Some(Completion { catalog }));
    let history = history_path();
    if let Some(path) = &history {
        // A missing or unreadable history file only means no history yet.
        let _ = editor.load_history(path);
    }
    let mut out = io::stdout();
    let result = loop {
        match editor.readline(PROMPT) {
            Ok(line) => match interpret(catalog, &line) {
                Action::Skip => {}
                Action::Quit => break Ok(()),
                Action::Reply(reply) => {
                    if let Err(e) = show(&mut out, &reply) {
                        break Err(e);
                    }
                }
            },
            Err(ReadlineError::Interrupted) => {}
            Err(ReadlineError::Eof) => break Ok(()),
            Err(ReadlineError::Io(e)) => break Err(e),
            Err(e) => break Err(io::Error::other(e.to_string())),
        }
    };
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // Failing to save history (read-only home, full disk) must not turn a clean exit into an
        // error.
        let _ = editor.save_history(path);
    }
    result
}

/// Tab completion on a terminal: command names, option names, and the values of options that
/// name something, through the same [`commands::autocomplete`] that serves Discord.
struct Completion<'a> {
    catalog: &'a Catalog,
}

impl rustyline::completion::Completer for Completion<'_> {
    type Candidate = rustyline::completion::Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Self::Candidate>)> {
        let before = line.get(..pos).unwrap_or(line);
        let (start, candidates) = complete(self.catalog, before);
        let pairs = candidates
            .into_iter()
            .map(|c| rustyline::completion::Pair {
                display: c.clone(),
                replacement: c,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl rustyline::hint::Hinter for Completion<'_> {
    type Hint = String;
}
impl rustyline::highlight::Highlighter for Completion<'_> {}
impl rustyline::validate::Validator for Completion<'_> {}
impl rustyline::Helper for Completion<'_> {}

/// Completions for the text before the cursor: the byte offset where the replaced word starts, and
/// the replacements. `/pa` → `/participant `, `/participants `; `/pledges b` → `by:`;
/// `/participant name:sta` → `name:"Keir Starmer"`.
pub fn complete(catalog: &Catalog, before: &str) -> (usize, Vec<String>) {
    let none = (before.len(), Vec::new());
    if !before.starts_with('/') {
        return none;
    }
    // The word being typed starts after the last whitespace outside quotes.
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in before.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c.is_whitespace() && !quoted {
            start = i + c.len_utf8();
        }
    }
    let word = &before[start..];
    if start == 0 {
        let prefix = word[1..].to_lowercase();
        let names = COMMANDS
            .iter()
            .filter(|c| c.name.starts_with(&prefix))
            .map(|c| format!("/{} ", c.name))
            .collect();
        return (0, names);
    }
    let name = before[1..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let Some(spec) = commands::find(&name) else {
        return none;
    };
    match word.split_once(':') {
        None => {
            let prefix = word.to_lowercase();
            let given: Vec<&str> = before[..start]
                .split_whitespace()
                .filter_map(|w| w.split_once(':').map(|(k, _)| k))
                .collect();
            let options = spec
                .options
                .iter()
                .filter(|o| o.name.starts_with(&prefix) && !given.contains(&o.name))
                .map(|o| format!("{}:", o.name))
                .collect();
            (start, options)
        }
        Some((key, partial)) => {
            let Some(option) = spec.option(&key.to_lowercase()) else {
                return none;
            };
            let partial = partial.trim_start_matches('"');
            let values: Vec<String> = if !option.choices.is_empty() {
                let folded = crate::text::fold(partial);
                option
                    .choices
                    .iter()
                    .filter(|(_, v)| v.starts_with(&folded))
                    .map(|(_, v)| (*v).to_owned())
                    .collect()
            } else if option.entity.is_some() {
                let request = Request::new(spec.name);
                commands::autocomplete(catalog, &request, option.name, partial)
                    .into_iter()
                    .map(|c| c.value)
                    .collect()
            } else {
                Vec::new()
            };
            let options = values
                .into_iter()
                .map(|v| {
                    if v.contains(char::is_whitespace) {
                        format!("{}:\"{v}\" ", option.name)
                    } else {
                        format!("{}:{v} ", option.name)
                    }
                })
                .collect();
            (start, options)
        }
    }
}

/// `$XDG_STATE_HOME/summit-bot/history`, else `~/.summit_bot_history`; none when neither is known.
fn history_path() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(state) = std::env::var_os("XDG_STATE_HOME").and_then(absolute) {
        return Some(state.join("summit-bot").join("history"));
    }
    std::env::var_os("HOME")
        .and_then(absolute)
        .map(|home| home.join(".summit_bot_history"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::ReplyKind;

    fn catalog() -> Catalog {
        Catalog::embedded().expect("the embedded facts are valid")
    }

    #[test]
    fn blank_and_quit_lines() {
        let c = catalog();
        assert_eq!(interpret(&c, "   "), Action::Skip);
        assert_eq!(interpret(&c, "exit"), Action::Quit);
        assert_eq!(interpret(&c, " QUIT "), Action::Quit);
        assert_eq!(interpret(&c, "/quit"), Action::Quit);
    }

    #[test]
    fn parse_errors_become_error_replies() {
        let c = catalog();
        let Action::Reply(reply) = interpret(&c, "/nope") else {
            panic!("expected a reply");
        };
        assert_eq!(reply.kind, ReplyKind::Error);
        assert!(reply.body.contains("/help"), "{}", reply.body);
    }

    #[test]
    fn plain_text_is_a_question_and_help_is_help() {
        let c = catalog();
        let asked = interpret(&c, "did the US sign?");
        let direct = Action::Reply(Box::new(commands::answer(
            &c,
            &Request::new("ask").with(
                "question",
                OptionValue::String("did the US sign?".to_owned()),
            ),
        )));
        assert_eq!(asked, direct);
        assert_eq!(interpret(&c, "help"), interpret(&c, "/help"));
    }

    #[test]
    fn piped_session_survives_any_bytes() {
        let c = catalog();
        let input: &[u8] = b"/help\n\n\xff\xfe garbage\n/pledges page:zero\n\"unclosed\n/summit";
        let mut out = Vec::new();
        piped(&c, input, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        // The bad page is reported and the session goes on to answer the last line.
        assert!(text.contains("whole number"), "{text}");
        let summit = render::text::render(&commands::answer(&c, &Request::new("summit")));
        assert!(
            text.ends_with(&format!("{}\n\n", summit.trim_end())),
            "{text}"
        );
    }

    #[test]
    fn quit_stops_a_piped_session() {
        let c = catalog();
        let mut out = Vec::new();
        piped(&c, &b"exit\n/help\n"[..], &mut out).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn completes_commands_options_and_values() {
        let c = catalog();
        let (start, names) = complete(&c, "/partic");
        assert_eq!(start, 0);
        assert_eq!(names, ["/participants ", "/participant "]);
        let (start, options) = complete(&c, "/pledges by:uk p");
        assert_eq!(start, "/pledges by:uk ".len());
        assert_eq!(options, ["page:"]);
        let (_, options) = complete(&c, "/pledges by:uk ");
        assert!(!options.contains(&"by:".to_owned()), "{options:?}");
        let (_, kinds) = complete(&c, "/participants kind:co");
        assert_eq!(kinds, ["kind:country "]);
        // Entity values come from the engine's autocomplete, quoted when they hold spaces.
        let line = "/participant name:\"";
        let (start, values) = complete(&c, line);
        assert_eq!(start, "/participant ".len());
        let expected = commands::autocomplete(&c, &Request::new("participant"), "name", "");
        assert_eq!(values.len(), expected.len());
        assert!(values.iter().all(|v| v.starts_with("name:")));
        // Nothing to offer outside a command, and no panic on odd input.
        assert!(complete(&c, "did the").1.is_empty());
        assert!(complete(&c, "/nope x").1.is_empty());
        assert!(complete(&c, "/pledges nope:x").1.is_empty());
        for odd in [
            "/",
            "/ ",
            "/\u{301}é",
            "/pledges \"by:",
            "/pledges by:\"\u{200b}",
        ] {
            let _ = complete(&c, odd);
        }
    }

    #[test]
    fn banner_is_one_line_and_says_how_to_connect() {
        let b = banner(false);
        assert!(!b.contains('\n'));
        assert!(b.contains("DISCORD_TOKEN") && b.contains("Hosting on Discord"));
    }
}
