//! The fact files we ship must load: the embedded Paris file, the `data/` directory the bot reads
//! by default, and directory loading that ignores subfolders and orders summits newest first.

#[path = "support/scratch.rs"]
mod scratch;

use std::path::Path;

use scratch::Scratch;
use summit_bot::catalog::{self, Catalog};
use summit_bot::facts;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_embedded_paris_file_validates() {
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    let paris = catalog.newest();
    assert_eq!(paris.id(), "paris-2026-01-06");
    assert_eq!(paris.summit().date.as_str(), "2026-01-06");
    assert!(!paris.file.sources.is_empty());
    assert!(!paris.file.participants.is_empty());
}

#[test]
fn the_data_directory_loads_without_its_subfolders() {
    // data/ may hold non-fact TOML in subfolders (data/synonyms/ for /ask); loading must skip it.
    let catalog = catalog::load_path(&root().join("data")).unwrap_or_else(|e| panic!("{e}"));
    assert!(catalog.get("paris-2026-01-06").is_some());
}

#[test]
fn every_bundled_file_points_editors_at_the_schema() {
    assert!(!facts::EMBEDDED_FILES.is_empty());
    for (name, text) in facts::EMBEDDED_FILES {
        let first = text.lines().next().unwrap_or("");
        assert_eq!(first, "#:schema ../schema/fact-file.schema.json", "{name}");
        assert!(root().join("data").join(&first[9..]).exists());
    }
}

#[test]
fn every_fact_file_in_data_is_bundled_and_loads() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("data"))
        .expect("data/ exists")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
        .map(|n| format!("data/{n}"))
        .collect();
    on_disk.sort();
    let bundled: Vec<String> = facts::EMBEDDED_FILES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(bundled, on_disk);
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.summits().len(), on_disk.len());
    let dates: Vec<&str> = catalog
        .summits()
        .iter()
        .map(|f| f.summit().date.as_str())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
}

#[test]
fn directories_load_every_summit_newest_first_and_skip_subfolders() {
    let dir = Scratch::new("valid-facts", "newest-first");
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.toml"))
        .expect("base fixture");
    let later = base
        .replace("testville-2026-01-06", "testville-2026-06-01")
        .replace("\"Testville summit\"", "\"Second Testville summit\"")
        .replace("aliases = [\"Testville\"]", "aliases = [\"Testville II\"]")
        .replace(
            "date = \"2026-01-06\"\nas_of",
            "date = \"2026-06-01\"\nas_of",
        )
        .replace(
            "date = \"2026-01-06\"\ntitle = \"Summit held\"",
            "date = \"2026-06-01\"\ntitle = \"Summit held\"",
        );
    // File names sort the other way round, so the order must come from the dates.
    std::fs::write(dir.0.join("a-later.toml"), later).expect("write");
    std::fs::write(dir.0.join("b-earlier.toml"), &base).expect("write");
    // Neither a subfolder nor a hidden editor file is a fact file.
    std::fs::create_dir(dir.0.join("synonyms")).expect("mkdir");
    std::fs::write(
        dir.0.join("synonyms/words.toml"),
        "troops = [\"soldiers\"]\n",
    )
    .expect("write");
    std::fs::write(dir.0.join(".#b-earlier.toml"), "not toml at all [").expect("write");

    let catalog = catalog::load_path(&dir.0).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = catalog.summits().iter().map(|f| f.id()).collect();
    assert_eq!(ids, ["testville-2026-06-01", "testville-2026-01-06"]);
    assert_eq!(catalog.newest().id(), "testville-2026-06-01");
    assert!(catalog.get("testville-2026-01-06").is_some());
}
