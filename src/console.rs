//! The local console: the bot with no Discord token. It answers the very same commands through the
//! same engine and text renderer, so what you see here is what a Discord user would get.
//!
//! On a terminal it offers line editing and history (rustyline); with piped input it reads line by
//! line until EOF without prompts, so sessions can be scripted (`printf '/summit\n' | summit-bot`).

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use crate::engine;
use crate::facts::Catalog;
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
            Err(e) => Action::Reply(Box::new(Reply::error(
                "That line could not be read",
                e.to_string(),
            ))),
        }
    } else {
        let request = Request::new("ask").with("question", OptionValue::String(line.to_owned()));
        answer(catalog, &request)
    }
}

fn answer(catalog: &Catalog, request: &Request) -> Action {
    Action::Reply(Box::new(engine::answer(catalog, request)))
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
    let mut editor = match rustyline::DefaultEditor::with_config(config) {
        Ok(editor) => editor,
        // A terminal rustyline cannot drive still deserves a working console.
        Err(_) => return piped(catalog, io::stdin().lock(), &mut io::stdout().lock()),
    };
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
        let direct = Action::Reply(Box::new(engine::answer(
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
        let summit = render::text::render(&engine::answer(&c, &Request::new("summit")));
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
    fn banner_is_one_line_and_says_how_to_connect() {
        let b = banner(false);
        assert!(!b.contains('\n'));
        assert!(b.contains("DISCORD_TOKEN") && b.contains("Hosting on Discord"));
    }
}
