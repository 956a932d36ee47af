//! The `summit-bot` binary end to end: output, exit statuses, the console over a pipe, and that a
//! token never leaks. Each test runs in its own empty directory with a scrubbed environment, so a
//! developer's `config/`, `data/` or `DISCORD_TOKEN` cannot change the result; facts are passed
//! with an explicit `--facts` where it matters.

#[path = "support/mistakes.rs"]
mod mistakes;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use summit_bot::catalog::{self, Catalog};
use summit_bot::facts;
use summit_bot::reply::ReplyKind;
use summit_bot::request::{OptionValue, Request};
use summit_bot::transport::console;
use summit_bot::{commands, render};

/// A token-shaped string (three base64url parts) that must never be printed.
const FAKE_TOKEN: &str = "MTA5ODc2NTQzMjEwOTg3NjU0.GxYzAb.c2VjcmV0LXRva2VuLXZhbHVlLWZvci10ZXN0cw";

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn catalog() -> Catalog {
    catalog::load_path(&data_dir()).expect("data/ is valid")
}

/// A fresh, empty working directory for one test.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary, in `dir`, with no Discord settings, logging or history from the environment.
fn bot(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_summit-bot"));
    cmd.current_dir(dir).env("HOME", dir);
    for var in [
        "DISCORD_TOKEN",
        "DISCORD_PROXY",
        "DISCORD_PUBLIC_KEY",
        "DISCORD_GUILD_ID",
        "DISCORD_APPLICATION_ID",
        "RUST_LOG",
        "XDG_STATE_HOME",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn status(out: &std::process::Output) -> i32 {
    out.status.code().expect("exited normally")
}

#[test]
fn exec_prints_the_same_text_as_the_library() {
    let dir = workdir("exec-text");
    let c = catalog();
    for line in ["/summit", "/pledges by:uk", "/help"] {
        let out = bot(&dir)
            .args(["exec", line, "--facts"])
            .arg(data_dir())
            .output()
            .unwrap();
        let request = Request::parse_slash(line).unwrap();
        let reply = commands::answer(&c, &request);
        let expected = render::text::render(&reply);
        assert_eq!(stdout(&out).trim_end(), expected.trim_end(), "{line}");
        let code = if reply.kind == ReplyKind::Answer {
            0
        } else {
            1
        };
        assert_eq!(status(&out), code, "{line}: {}", stderr(&out));
    }
}

#[test]
fn exec_json_is_the_discord_response_with_no_mentions() {
    let dir = workdir("exec-json");
    let out = bot(&dir)
        .args(["exec", "/pledges by:Britain", "--json", "--facts"])
        .arg(data_dir())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(
        json["data"]["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    // As a Discord door answers: with the request, for the "Sources" button.
    let reply = commands::answer_with_request(
        &catalog(),
        &Request::parse_slash("/pledges by:Britain").unwrap(),
    );
    let expected = serde_json::to_value(render::discord::response(&reply, None, false)).unwrap();
    assert_eq!(json, expected);
}

#[test]
fn exit_statuses() {
    let dir = workdir("exit-statuses");
    let run = |args: &[&str]| {
        let out = bot(&dir)
            .args(args)
            .arg("--facts")
            .arg(data_dir())
            .output()
            .unwrap();
        (status(&out), stderr(&out))
    };
    // Not found: 1, and it is shown, not hidden.
    let c = catalog();
    let missing = "/participant name:qqqzzzxxx";
    let reply = commands::answer(&c, &Request::parse_slash(missing).unwrap());
    assert_eq!(reply.kind, ReplyKind::NotFound);
    assert_eq!(run(&["exec", missing]).0, 1);
    // Usage errors: 2, with the parser's advice.
    let (code, err) = run(&["exec", "/nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("/help"), "{err}");
    assert_eq!(run(&["exec", "/pledges page:zero"]).0, 2);
    assert_eq!(run(&["--no-such-flag"]).0, 2);
    assert_eq!(run(&["exec"]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
    // --help is not an error.
    assert_eq!(run(&["--help"]).0, 0);
}

#[test]
fn exec_accepts_a_line_without_the_slash() {
    let dir = workdir("exec-noslash");
    let with = bot(&dir).args(["exec", "/help"]).output().unwrap();
    let without = bot(&dir).args(["exec", "help"]).output().unwrap();
    assert_eq!(status(&with), 0);
    assert_eq!(with.stdout, without.stdout);
}

#[test]
fn ask_exits_like_grep() {
    let dir = workdir("ask");
    let c = catalog();
    for question in ["who hosted the summit?", "xqzvw plorft gnarb"] {
        let request = Request::new("ask").with("question", OptionValue::String(question.into()));
        let reply = commands::answer(&c, &request);
        let out = bot(&dir)
            .args(["ask", question, "--facts"])
            .arg(data_dir())
            .output()
            .unwrap();
        let code = if reply.kind == ReplyKind::Answer {
            0
        } else {
            1
        };
        assert_eq!(status(&out), code, "{question}");
        assert_eq!(
            stdout(&out).trim_end(),
            render::text::render(&reply).trim_end()
        );
    }
    // Keyboard mashing is never an answer.
    let out = bot(&dir)
        .args(["ask", "xqzvw", "plorft", "gnarb"])
        .output()
        .unwrap();
    assert_eq!(status(&out), 1);
    let out = bot(&dir)
        .args(["ask", "did the US sign?", "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(
        json["data"]["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
}

#[test]
fn check_accepts_the_bundled_facts() {
    let dir = workdir("check-good");
    let out = bot(&dir).arg("check").arg(data_dir()).output().unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let c = catalog();
    assert_eq!(text.lines().count(), c.summits().len());
    for facts in c.summits() {
        assert!(text.contains(&format!(": {} (", facts.id())), "{text}");
    }
    assert!(text.starts_with("ok: "), "{text}");
    // With no path and no data/ here, it checks the facts built into the binary.
    let out = bot(&dir).arg("check").output().unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    for (name, _) in facts::EMBEDDED_FILES {
        assert!(stdout(&out).contains(name), "{name}");
    }
}

#[test]
fn check_warns_about_facts_resting_only_on_other_sources_without_failing() {
    let dir = workdir("check-weak");
    let paris = data_dir().join("paris-2026-01-06.toml");
    let out = bot(&dir).arg("check").arg(&paris).output().unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    // rustc-style, with the place of the weak citation.
    assert!(
        err.contains("warning: participant `rutte` rests only on sources of kind `other`"),
        "{err}"
    );
    assert!(err.contains("paris-2026-01-06.toml:"), "{err}");
    assert!(err.contains("= help: state it as a report"), "{err}");
    assert!(err.contains("warnings in "), "{err}");
    assert!(!err.contains("error:"), "{err}");
}

#[test]
fn check_reports_a_broken_file_at_its_line_and_column() {
    let dir = workdir("check-broken");
    let broken = dir.join("broken.toml");
    // A TOML syntax error on line 3, column 6: a value is missing.
    std::fs::write(&broken, "# a broken fact file\n[summit]\nid = \n").unwrap();
    let out = bot(&dir)
        .arg("check")
        .arg(data_dir())
        .arg("broken.toml")
        .output()
        .unwrap();
    assert_eq!(status(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("broken.toml:3:6"), "{err}");
    // The good directory is still reported as good.
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));

    // The loader's own broken fixtures, when present, fail the same way.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    if let Ok(entries) = std::fs::read_dir(&fixtures) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") {
                let out = bot(&dir).arg("check").arg(&path).output().unwrap();
                assert_eq!(status(&out), 1, "{}", path.display());
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let err = stderr(&out);
                assert!(err.contains(&format!("{name}:")), "{err}");
            }
        }
    }
}

#[test]
fn invalid_facts_at_startup_exit_1_with_diagnostics() {
    let dir = workdir("facts-broken");
    std::fs::write(dir.join("bad.toml"), "[summit\n").unwrap();
    let out = bot(&dir)
        .args(["exec", "/summit", "--facts", "bad.toml"])
        .output()
        .unwrap();
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("bad.toml:1:"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn schema_prints_json() {
    let dir = workdir("schema");
    let out = bot(&dir).arg("schema").output().unwrap();
    assert_eq!(status(&out), 0);
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert!(json.is_object());
    let expected: Value = serde_json::from_str(&facts::json_schema()).unwrap();
    assert_eq!(json, expected);
}

#[test]
fn piped_console_session() {
    let dir = workdir("console-piped");
    let lines = [
        "/summit",
        "/participant name:\"Keir Starmer\"",
        "/pledges colour:red",
        "",
        "did the US sign?",
        "/help",
    ];
    let input = lines.join("\n") + "\n";
    let out = bot(&dir)
        .arg("--facts")
        .arg(data_dir())
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let c = catalog();
    let mut expected = String::new();
    for line in lines {
        if let console::Action::Reply(reply) = console::interpret(&c, line) {
            expected.push_str(render::text::render(&reply).trim_end());
            expected.push_str("\n\n");
        }
    }
    assert_eq!(stdout(&out), expected);
    assert!(!stdout(&out).contains(console::PROMPT.trim()), "no prompts");
    // The error line in the middle is answered politely, and the session went on.
    assert!(stdout(&out).contains("colour"));
}

#[test]
fn console_starts_without_a_token_and_says_how_to_connect() {
    let dir = workdir("console-start");
    let out = bot(&dir).write_stdin("").output().unwrap();
    assert_eq!(status(&out), 0);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no Discord token"), "{err}");
    assert!(err.contains("DISCORD_TOKEN"), "{err}");
    assert!(out.stdout.is_empty());
    // `console` is the same thing, explicitly, and `exit` ends it.
    let out = bot(&dir)
        .arg("console")
        .write_stdin("exit\n/summit\n")
        .output()
        .unwrap();
    assert_eq!(status(&out), 0);
    assert!(out.stdout.is_empty());
}

#[test]
fn register_dry_run_prints_the_command_array() {
    let dir = workdir("register");
    let out = bot(&dir).args(["register", "--dry-run"]).output().unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let commands = json.as_array().expect("an array");
    assert_eq!(
        commands.len(),
        summit_bot::commands::COMMANDS.len() + summit_bot::commands::MESSAGE_COMMANDS.len()
    );
    // Without --dry-run it needs a token, and says where to get one.
    let out = bot(&dir).arg("register").output().unwrap();
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("Developer Portal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn serve_without_a_token_explains_how_to_get_one() {
    let dir = workdir("serve-no-token");
    let out = bot(&dir).arg("serve").output().unwrap();
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("Reset Token") && err.contains("DISCORD_TOKEN"),
        "{err}"
    );
}

#[test]
fn invite_needs_an_application_id() {
    let dir = workdir("invite");
    let out = bot(&dir).arg("invite").output().unwrap();
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("--application-id"),
        "{}",
        stderr(&out)
    );
    let out = bot(&dir)
        .args(["invite", "--application-id", "123456789012345678"])
        .output()
        .unwrap();
    assert_eq!(status(&out), 0);
    assert_eq!(
        stdout(&out).trim_end(),
        summit_bot::cli::invite_text(123456789012345678)
    );
    let text = stdout(&out);
    let links: Vec<&str> = text.lines().filter(|l| l.starts_with("https://")).collect();
    assert_eq!(
        links,
        [
            summit_bot::transport::gateway::invite_url(123456789012345678),
            summit_bot::transport::gateway::user_install_url(123456789012345678)
        ]
    );
    assert!(links[0].contains("integration_type=0") && links[0].contains("scope=bot+"));
    assert!(links[1].contains("integration_type=1") && !links[1].contains("bot+"));
    let out = bot(&dir)
        .arg("invite")
        .env("DISCORD_APPLICATION_ID", "42")
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim_end(), summit_bot::cli::invite_text(42));
}

#[test]
fn unknown_config_key_is_a_usage_error_with_line_and_column() {
    let dir = workdir("config-unknown");
    std::fs::write(
        dir.join("c.toml"),
        "[discord]\nguild_id = 1\ntokn = \"x\"\n",
    )
    .unwrap();
    // Before and after the subcommand alike.
    for args in [
        &["--config", "c.toml", "exec", "/help"][..],
        &["exec", "/help", "--config", "c.toml"][..],
    ] {
        let out = bot(&dir).args(args).output().unwrap();
        assert_eq!(status(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("c.toml:3:1"), "{err}");
        assert!(err.contains("tokn"), "{err}");
    }
}

#[test]
fn config_is_read_from_the_default_path_and_the_flag_wins() {
    let dir = workdir("config-default");
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(
        dir.join("config/summit-bot.toml"),
        "facts = \"missing-dir\"\n",
    )
    .unwrap();
    // The config's `facts` is used...
    let out = bot(&dir).args(["exec", "/summit"]).output().unwrap();
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("missing-dir"), "{}", stderr(&out));
    // ...unless --facts says otherwise.
    let out = bot(&dir)
        .args(["exec", "/summit", "--facts"])
        .arg(data_dir())
        .output()
        .unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    // The shipped example config is valid and leaves the bot in console mode.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/summit-bot.toml");
    let out = bot(&dir)
        .arg("--config")
        .arg(shipped)
        .arg("--facts")
        .arg(data_dir())
        .write_stdin("/help\n")
        .output()
        .unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("no Discord token"));
}

#[test]
fn the_token_never_appears_in_output() {
    let dir = workdir("token-leak");
    std::fs::write(dir.join("bad.toml"), "[summit\n").unwrap();
    let runs: [&[&str]; 7] = [
        &["exec", "/nope"],
        &["exec", "/summit", "--json"],
        &["ask", "what did China pledge?"],
        &["invite"],
        &["console"],
        &["serve", "--facts", "bad.toml"],
        &["--facts", "bad.toml"],
    ];
    for args in runs {
        for format in ["text", "json"] {
            let out = bot(&dir)
                .args(args)
                .args(["--log-format", format])
                .env("DISCORD_TOKEN", FAKE_TOKEN)
                .env("RUST_LOG", "trace")
                .write_stdin("/summit\n/nope\n")
                .output()
                .unwrap();
            let all = format!("{}{}", stdout(&out), stderr(&out));
            for part in FAKE_TOKEN.split('.') {
                assert!(!all.contains(part), "{args:?} printed the token: {all}");
            }
        }
    }
}

/// The console door of the shared mistakes test (tests/support/mistakes.rs): `exec` shows the
/// library's message, an error on standard error and a not-found reply on standard output.
#[test]
fn exec_words_each_mistake_as_every_door_does() {
    let dir = workdir("exec-mistakes");
    let c = catalog();
    for m in mistakes::MISTAKES {
        let out = bot(&dir)
            .args(["exec", m.line, "--facts"])
            .arg(data_dir())
            .output()
            .unwrap();
        assert_ne!(status(&out), 0, "{}", m.line);
        let shown = format!("{}{}", stdout(&out), stderr(&out));
        let expected = mistakes::plain(&m.message(&c));
        assert!(
            mistakes::plain(&shown).contains(&expected),
            "{}: {shown}\nexpected: {expected}",
            m.line
        );
    }
}
