//! The README must not drift from the code: its command list is generated from the one command
//! table, and its quick start names the commands CI and users actually run.

use std::path::Path;

use summit_bot::commands;

const START: &str = "<!-- commands:start -->";
const END: &str = "<!-- commands:end -->";

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md is readable")
}

#[test]
fn command_list_matches_the_command_table() {
    let readme = readme();
    let start = readme
        .find(START)
        .unwrap_or_else(|| panic!("README.md lost its `{START}` marker"));
    let end = readme
        .find(END)
        .unwrap_or_else(|| panic!("README.md lost its `{END}` marker"));
    assert!(start < end, "the command markers are out of order");
    let actual = readme[start + START.len()..end].trim();
    let catalog = summit_bot::catalog::Catalog::embedded().expect("the embedded facts are valid");
    let expected = commands::markdown_table(catalog.newest());
    assert!(
        actual == expected.trim(),
        "README.md's command list differs from the registry (src/commands/mod.rs).\n\
         Replace everything between {START} and {END} in README.md with:\n\n{}\n",
        expected.trim()
    );
}

#[test]
fn quick_start_names_the_real_commands() {
    let readme = readme();
    for command in ["cargo run --release", "cargo test"] {
        assert!(
            readme.contains(command),
            "README.md should tell readers to run `{command}`"
        );
    }
    // CI runs this script; the README's Development section should point at it.
    assert!(
        readme.contains(".ci/run"),
        "README.md should mention .ci/run"
    );
}

const PROMPT: &str = "summit> ";

/// The README's sample session as the console produces it today, for the failure message.
fn session(inputs: &[String]) -> String {
    let catalog = summit_bot::catalog::Catalog::embedded().expect("the embedded facts are valid");
    let mut out = format!(
        "$ cargo run --release -q\n{}\n",
        summit_bot::transport::console::banner(false)
    );
    for input in inputs {
        out.push_str(&format!("{PROMPT}{input}\n"));
        if let summit_bot::transport::console::Action::Reply(reply) =
            summit_bot::transport::console::interpret(&catalog, input)
        {
            out.push_str(summit_bot::render::text::render(&reply).trim_end());
            out.push_str("\n\n");
        }
    }
    out
}

/// The sample session must be one the console really gives: each line typed at the prompt is
/// followed by the title of the reply the console gives now, and the start line is the real one.
/// Wording inside replies may evolve without failing this test; commands and titles may not.
#[test]
fn sample_session_is_what_the_console_says() {
    let readme = readme();
    let section = readme
        .split("\n## Sample session")
        .nth(1)
        .expect("README.md has a `## Sample session` section");
    let block = section
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("the sample session is in a ```text block");
    let lines: Vec<&str> = block.lines().collect();
    let inputs: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix(PROMPT))
        .map(str::to_owned)
        .collect();
    assert!(inputs.len() >= 3, "the sample session shows too little");
    let catalog = summit_bot::catalog::Catalog::embedded().expect("the embedded facts are valid");
    let regenerate = || {
        format!(
            "README.md's sample session no longer matches the console. Replace the ```text block \
             under `## Sample session` with:\n\n{}",
            session(&inputs)
        )
    };
    assert!(
        lines.contains(&summit_bot::transport::console::banner(false).as_str()),
        "{}",
        regenerate()
    );
    for (i, line) in lines.iter().enumerate() {
        let Some(input) = line.strip_prefix(PROMPT) else {
            continue;
        };
        let shown = lines.get(i + 1).copied().unwrap_or("");
        match summit_bot::transport::console::interpret(&catalog, input) {
            summit_bot::transport::console::Action::Reply(reply) => {
                let text = summit_bot::render::text::render(&reply);
                let title = text.lines().next().unwrap_or("");
                assert_eq!(shown, title, "after `{input}`\n{}", regenerate());
            }
            _ => assert!(
                shown.is_empty() || shown.starts_with("```"),
                "`{input}` prints nothing\n{}",
                regenerate()
            ),
        }
    }
}
