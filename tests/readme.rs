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
    let expected = commands::markdown_table();
    assert!(
        actual == expected.trim(),
        "README.md's command list differs from src/commands.rs.\n\
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
