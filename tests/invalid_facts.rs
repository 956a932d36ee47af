//! Broken fact files: each fixture in `tests/fixtures/invalid/` is a copy of the valid
//! `tests/fixtures/valid/minimal.toml` with exactly one mistake, and must be reported once, at the
//! exact `line:column` of the mistake, with a message that says what is wrong. Also: several
//! mistakes are all reported, the rendered error shows the offending line with a caret, and a
//! directory with one broken file reports that file.

#[path = "support/scratch.rs"]
mod scratch;

use std::path::{Path, PathBuf};

use scratch::Scratch;
use summit_bot::catalog;
use summit_bot::facts::{Diagnostic, Diagnostics};

/// (fixture, line, column, a piece of the message, a piece of the help).
const CASES: &[(&str, usize, usize, &str, &str)] = &[
    ("syntax-error", 7, 25, "invalid basic string", "TOML syntax"),
    ("duplicate-key", 12, 1, "duplicate key `place`", "once per table"),
    (
        "unknown-key-top-level",
        86,
        3,
        "unknown field `pledges`, expected one of `summit`, `source`",
        "did you mean `pledge`?",
    ),
    (
        "missing-table",
        5,
        1,
        "unknown field `id`, expected one of `summit`",
        "is a header such as [summit] or [[participant]] missing above it?",
    ),
    (
        "unquoted-date",
        9,
        8,
        "the date 2026-01-06 is written as a TOML date, not as text",
        "put it in quotes: \"2026-01-06\"",
    ),
    (
        "unknown-key-nested",
        44,
        1,
        "unknown field `website`, expected one of `id`, `name`, `kind`",
        "remove `website`",
    ),
    (
        "missing-field",
        41,
        1,
        "missing field `attendance`",
        "add `attendance = ...`",
    ),
    (
        "wrong-enum-value",
        63,
        14,
        "unknown variant `maybe`, expected one of `in-person`, `represented`",
        "one of the values",
    ),
    (
        "wrong-type",
        88,
        6,
        "invalid type: string \"france\", expected a sequence",
        "[brackets]",
    ),
    (
        "duplicate-id",
        59,
        6,
        "duplicate participant id `france` (first defined at line 42)",
        "rename this one",
    ),
    (
        "bad-id-format",
        136,
        6,
        "event id `Summit Day` is not lowercase",
        "e.g. `summit-day`",
    ),
    (
        "dangling-participant",
        88,
        17,
        "`by` of pledge `forces` names unknown participant `ukk`",
        "did you mean `uk`?",
    ),
    (
        "dangling-topic",
        89,
        9,
        "`topic` of pledge `forces` names unknown topic `troop`",
        "did you mean `troops`?",
    ),
    (
        "dangling-pledge",
        103,
        20,
        "`related_pledges` of question `what-if` names unknown pledge `force`",
        "did you mean `forces`?",
    ),
    (
        "dangling-document",
        119,
        14,
        "`documents` of dispute `uk-signed` names unknown document `declaraton`",
        "did you mean `declaration`?",
    ),
    (
        "reference-by-name",
        108,
        6,
        "`by` of statement `macron-historic` names unknown participant `Emmanuel Macron`",
        "references use ids: did you mean `macron`?",
    ),
    (
        "wrong-kind-reference",
        88,
        17,
        "`by` of pledge `forces` names topic `troops`, but it takes participant ids",
        "`france`, `macron`, `turkiye`, `uk`",
    ),
    (
        "represents-a-person",
        72,
        14,
        "`represents` of participant `macron` names `macron`, a person",
        "country or organisation",
    ),
    (
        "unknown-source",
        47,
        12,
        "`sources` of participant `france` names unknown source `artcle`",
        "did you mean `article`?",
    ),
    (
        "unused-source",
        37,
        6,
        "source `press-release` is never cited; cite it or remove it",
        "add \"press-release\" to the `sources` list",
    ),
    (
        "empty-sources",
        95,
        11,
        "`sources` of pledge `forces` is empty",
        "cites at least one source",
    ),
    (
        "empty-by",
        88,
        6,
        "`by` of pledge `forces` is empty",
        "participant ids of who pledged",
    ),
    (
        "bad-date-format",
        137,
        8,
        "`date` of event `summit-day` is `6 January 2026`, not a date in YYYY-MM-DD form",
        "e.g. 2026-01-06",
    ),
    (
        "impossible-date",
        109,
        8,
        "is `2026-02-30`, which is not a real date: February 2026 has 28 days",
        "fix the day",
    ),
    (
        "month-13",
        28,
        8,
        "`date` of source `article` is `2026-13-07`, which is not a real date: there is no month 13",
        "01 to 12",
    ),
    (
        "empty-text",
        90,
        9,
        "`title` of pledge `forces` is empty",
        "write the title",
    ),
    (
        "whitespace-text",
        64,
        11,
        "`summary` of participant `turkiye` is only whitespace",
        "write the summary",
    ),
    (
        "duplicate-alias",
        54,
        18,
        "alias `Britain` of participant `uk` clashes with alias `Britain` of participant `france` (line 44)",
        "could not tell the two participants apart",
    ),
    (
        "duplicate-alias-accent",
        70,
        12,
        "alias `TÜRKIYE` of participant `ankara` clashes with id `turkiye` of participant `turkiye`",
        "ignoring case and accents",
    ),
    (
        "repeated-alias",
        53,
        29,
        "alias `BRITAIN` of participant `uk` repeats the alias `Britain` (line 53)",
        "remove the repeated alias",
    ),
    (
        "dispute-one-version",
        115,
        6,
        "dispute `uk-signed` has 1 version; a dispute needs at least two",
        "add another [[dispute.version]]",
    ),
    (
        "source-without-kind",
        22,
        1,
        "missing field `kind`",
        "official, wire, press or other",
    ),
    (
        "bad-source-kind",
        26,
        8,
        "unknown variant `blog`, expected one of `official`, `wire`, `press`, `other`",
        "one of the values",
    ),
    (
        "empty-find",
        112,
        37,
        "`find` for source `article` in `sources` of statement `macron-historic` is empty",
        "copy a short phrase",
    ),
    (
        "long-find",
        112,
        37,
        "has 15 words, more than 12",
        "at most 12 words",
    ),
    (
        "multiline-find",
        112,
        37,
        "spans more than one line",
        "one line",
    ),
    (
        "duplicate-citation",
        47,
        32,
        "`sources` of participant `france` cites `article` twice (first at column 12)",
        "at most once per list",
    ),
    (
        "supported-unknown-version",
        120,
        13,
        "`supported` of dispute `uk-signed` names `endorse`, which is not one of its versions",
        "`signed`, `endorsed`",
    ),
    (
        "supported-without-why",
        120,
        13,
        "dispute `uk-signed` says which version is `supported` but not `why`",
        "add `why = ",
    ),
    (
        "why-without-supported",
        120,
        7,
        "dispute `uk-signed` has `why` but no `supported` version",
        "if the sources are balanced",
    ),
    (
        "duplicate-version-id",
        130,
        6,
        "duplicate version id `endorsed` in dispute `uk-signed` (first defined at line 124)",
        "needs its own id",
    ),
    (
        "missing-as-of",
        5,
        1,
        "missing field `as_of`",
        "last checked against their sources",
    ),
    (
        "bad-as-of",
        10,
        9,
        "`as_of` of the summit is `2026-11-31`, which is not a real date",
        "fix the day",
    ),
    (
        "signed-and-endorsed",
        84,
        16,
        "`endorsed_by` of document `declaration` repeats `uk`, already in `signed_by` (line 83)",
        "not both",
    ),
    (
        "bad-url",
        27,
        7,
        "`url` of source `article` is `example.org/testville`, not a web address",
        "starting with https://",
    ),
    (
        "event-far-from-summit",
        137,
        8,
        "event `summit-day` is dated 2025-12-01 (36 days before the summit on 2026-01-06), but does not say it is background",
        "add `background = true`",
    ),
];

/// Mistakes only visible across files: (directory under `tests/fixtures/invalid-across/`, file
/// the error is in, line, column, a piece of the message, a piece of the help). Each directory
/// holds `a-first.toml` (valid) and `b-mistake.toml` (with the one mistake).
const ACROSS_CASES: &[(&str, &str, usize, usize, &str, &str)] = &[
    (
        "shared-id-other-kind",
        "b-mistake.toml",
        52,
        8,
        "participant `uk` is an organisation here but a country in",
        "the same id in two fact files is the same participant",
    ),
    (
        "duplicate-summit-id",
        "b-mistake.toml",
        6,
        6,
        "summit id `testville-2026-01-06` is also used by the summit in",
        "rename one of them",
    ),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load_fixture(rel: &str) -> Result<catalog::Facts, Diagnostics> {
    let text = std::fs::read_to_string(fixtures().join(rel)).expect("fixture is readable");
    catalog::load_str(rel, &text)
}

/// The errors of a load that must fail. (Not `expect_err`: it would print a whole catalog.)
fn expect_failure<T>(loaded: Result<T, Diagnostics>, what: &str) -> Diagnostics {
    match loaded {
        Ok(_) => panic!("{what}: loaded without error"),
        Err(e) => e,
    }
}

fn describe(d: &Diagnostics) -> String {
    d.iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_invalid_fixture_reports_its_one_mistake_at_its_place() {
    let mut failures = Vec::new();
    for &(name, line, column, message, help) in CASES {
        let rel = format!("invalid/{name}.toml");
        let errors = match load_fixture(&rel) {
            Ok(_) => {
                failures.push(format!("{rel}: loaded without error"));
                continue;
            }
            Err(e) => e,
        };
        if errors.len() != 1 {
            failures.push(format!(
                "{rel}: expected exactly one error, got {}:\n{}",
                errors.len(),
                describe(&errors)
            ));
            continue;
        }
        let d: &Diagnostic = &errors.0[0];
        if (d.line, d.column) != (line, column) {
            failures.push(format!(
                "{rel}: expected {line}:{column}, got {}:{} ({})",
                d.line, d.column, d.message
            ));
        }
        if !d.message.contains(message) {
            failures.push(format!("{rel}: message {:?} lacks {message:?}", d.message));
        }
        let h = d.help.as_deref().unwrap_or("");
        if !h.contains(help) {
            failures.push(format!("{rel}: help {h:?} lacks {help:?}"));
        }
        if d.file != rel {
            failures.push(format!("{rel}: diagnostic names file {:?}", d.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_mistake_across_files_is_reported_once_at_its_place() {
    let mut failures = Vec::new();
    for &(dir, file, line, column, message, help) in ACROSS_CASES {
        let path = fixtures().join("invalid-across").join(dir);
        let errors = match catalog::load_path(&path) {
            Ok(_) => {
                failures.push(format!("{dir}: loaded without error"));
                continue;
            }
            Err(e) => e,
        };
        if errors.len() != 1 {
            failures.push(format!(
                "{dir}: expected exactly one error, got {}:\n{}",
                errors.len(),
                describe(&errors)
            ));
            continue;
        }
        let d = &errors.0[0];
        if !d.file.ends_with(file) {
            failures.push(format!("{dir}: error in {:?}, not {file}", d.file));
        }
        if (d.line, d.column) != (line, column) {
            failures.push(format!(
                "{dir}: expected {line}:{column}, got {}:{} ({})",
                d.line, d.column, d.message
            ));
        }
        if !d.message.contains(message) || !d.message.contains("a-first.toml:") {
            failures.push(format!(
                "{dir}: message {:?} lacks {message:?} or where the first one is",
                d.message
            ));
        }
        if !d.help.as_deref().unwrap_or("").contains(help) {
            failures.push(format!("{dir}: help {:?} lacks {help:?}", d.help));
        }
        // Each file is valid on its own: the mistake is only in the two together.
        for entry in std::fs::read_dir(&path).expect("fixture dir") {
            let p = entry.expect("entry").path();
            let text = std::fs::read_to_string(&p).expect("readable");
            if let Err(e) = catalog::load_str(&p.display().to_string(), &text) {
                failures.push(format!("{}: invalid on its own:\n{e}", p.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures().join("invalid-across"))
        .expect("fixtures/invalid-across exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut table: Vec<String> = ACROSS_CASES.iter().map(|c| c.0.to_owned()).collect();
    table.sort();
    assert_eq!(
        on_disk, table,
        "fixtures on disk and ACROSS_CASES must match"
    );
}

#[test]
fn an_event_far_from_its_summit_is_fine_once_it_says_it_is_background() {
    let rel = "invalid/event-far-from-summit.toml";
    let text = std::fs::read_to_string(fixtures().join(rel)).expect("fixture");
    let fixed = text.replace(
        "date = \"2025-12-01\"\ntitle = \"Summit held\"",
        "date = \"2025-12-01\"\nbackground = true\ntitle = \"Summit held\"",
    );
    assert_ne!(fixed, text);
    catalog::load_str(rel, &fixed).unwrap_or_else(|e| panic!("{e}"));
    // Fourteen days either side is still part of the summit.
    let near = text.replace("date = \"2025-12-01\"", "date = \"2025-12-23\"");
    catalog::load_str(rel, &near).unwrap_or_else(|e| panic!("{e}"));
    let after = text.replace("date = \"2025-12-01\"", "date = \"2026-01-21\"");
    let errors = expect_failure(catalog::load_str(rel, &after), "15 days after");
    assert!(
        errors.0[0].message.contains("15 days after"),
        "{}",
        describe(&errors)
    );
}

#[test]
fn every_invalid_fixture_is_in_the_table_and_says_what_is_wrong() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .expect("fixtures/invalid exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            assert!(
                text.starts_with("# ERROR: "),
                "{} must start with a `# ERROR: ...` comment saying what is wrong",
                p.display()
            );
            p.file_stem()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_owned()
        })
        .collect();
    on_disk.sort();
    let mut table: Vec<String> = CASES.iter().map(|c| c.0.to_owned()).collect();
    table.sort();
    assert_eq!(on_disk, table, "fixtures on disk and CASES must match");
    assert!(on_disk.len() >= 15, "the issue asks for at least 15");
}

#[test]
fn the_valid_base_of_the_fixtures_loads() {
    let facts = load_fixture("valid/minimal.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(facts.id(), "testville-2026-01-06");
    assert_eq!(facts.file.participants.len(), 4);
    assert_eq!(facts.file.disputes[0].versions.len(), 2);
}

#[test]
fn several_mistakes_are_all_reported_in_file_order() {
    let errors = match load_fixture("several-mistakes.toml") {
        Ok(_) => panic!("several-mistakes.toml loaded without error"),
        Err(e) => e,
    };
    let got: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    let expected: &[(usize, usize, &str)] = &[
        (59, 6, "duplicate participant id `france`"),
        (64, 11, "`summary` of participant `france` is empty"),
        (75, 23, "names unknown source `blog`"),
        (89, 9, "names unknown topic `troop`"),
        (
            127,
            11,
            "`sources` of version 1 of dispute `uk-signed` is empty",
        ),
        (137, 8, "`2026-02-30`, which is not a real date"),
    ];
    assert_eq!(got.len(), expected.len(), "{}", describe(&errors));
    for ((line, col, msg), (el, ec, em)) in got.iter().zip(expected) {
        assert_eq!((line, col), (el, ec), "{msg}");
        assert!(msg.contains(em), "{msg:?} lacks {em:?}");
    }
}

#[test]
fn rendered_errors_show_place_line_and_caret_like_rustc() {
    let path = fixtures().join("invalid/dangling-topic.toml");
    let errors = match catalog::load_path(&path) {
        Ok(_) => panic!("dangling-topic.toml loaded"),
        Err(e) => e,
    };
    let shown = errors.to_string();
    let expected = format!(
        "error: `topic` of pledge `forces` names unknown topic `troop`\n  --> {}:89:9\n   |\n89 | topic = \"troop\"\n   |         ^^^^^^^\n  = help: did you mean `troops`?",
        path.display()
    );
    assert!(
        shown.starts_with(&expected),
        "got:\n{shown}\nexpected to start with:\n{expected}"
    );
    assert!(shown.ends_with("1 error in the fact files"), "{shown}");
}

#[test]
fn toml_errors_carry_a_caret_under_the_key() {
    let errors = expect_failure(load_fixture("invalid/unknown-key-nested.toml"), "invalid");
    let snippet = errors.0[0].snippet.as_deref().expect("has a snippet");
    assert!(
        snippet.contains("44 | website = \"https://www.elysee.fr\"\n   | ^^^^^^^"),
        "{snippet}"
    );
}

#[test]
fn a_directory_with_a_broken_and_a_good_file_reports_the_broken_one() {
    let dir = Scratch::new("invalid-facts", "broken-and-good");
    dir.copy(&fixtures().join("valid/minimal.toml"), "a-good.toml");
    dir.copy(&fixtures().join("invalid/empty-text.toml"), "b-broken.toml");
    dir.copy(
        &fixtures().join("invalid/syntax-error.toml"),
        "c-broken.toml",
    );
    let errors = match catalog::load_path(&dir.0) {
        Ok(_) => panic!("a directory with broken files loaded"),
        Err(e) => e,
    };
    let files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files.len(), 2, "{}", describe(&errors));
    assert!(files[0].ends_with("b-broken.toml"), "{files:?}");
    assert!(files[1].ends_with("c-broken.toml"), "{files:?}");
    assert!(errors.0[0]
        .message
        .contains("`title` of pledge `forces` is empty"));
}

#[test]
fn two_files_for_one_summit_are_reported() {
    let dir = Scratch::new("invalid-facts", "same-summit");
    dir.copy(&fixtures().join("valid/minimal.toml"), "a.toml");
    dir.copy(&fixtures().join("valid/minimal.toml"), "b.toml");
    let errors = expect_failure(catalog::load_path(&dir.0), "duplicate summit");
    assert_eq!(errors.len(), 1, "{}", describe(&errors));
    let d = &errors.0[0];
    assert!(d.file.ends_with("b.toml"), "{}", d.file);
    assert_eq!((d.line, d.column), (6, 6));
    assert!(
        d.message
            .contains("summit id `testville-2026-01-06` is also used by the summit in")
            && d.message.contains("a.toml:6"),
        "{}",
        d.message
    );
}

#[test]
fn overlapping_summit_aliases_across_files_are_reported() {
    let dir = Scratch::new("invalid-facts", "summit-alias");
    dir.copy(&fixtures().join("valid/minimal.toml"), "a.toml");
    let base = std::fs::read_to_string(fixtures().join("valid/minimal.toml")).expect("base");
    let other = base
        .replace("testville-2026-01-06", "testville-2026-06-01")
        .replace("Testville summit\"", "Second Testville summit\"")
        .replace(
            "date = \"2026-01-06\"\nas_of",
            "date = \"2026-06-01\"\nas_of",
        )
        .replace(
            "date = \"2026-01-06\"\ntitle = \"Summit held\"",
            "date = \"2026-06-01\"\ntitle = \"Summit held\"",
        );
    dir.write("b.toml", &other);
    let errors = expect_failure(catalog::load_path(&dir.0), "alias clash");
    assert_eq!(errors.len(), 1, "{}", describe(&errors));
    let d = &errors.0[0];
    assert!(d.file.ends_with("b.toml"));
    assert!(
        d.message.contains(
            "alias `Testville` of summit `testville-2026-06-01` clashes with alias `Testville` of summit `testville-2026-01-06`"
        ),
        "{}",
        d.message
    );
}

#[test]
fn a_missing_path_or_an_empty_directory_says_so() {
    let missing = fixtures().join("no-such-file.toml");
    let errors = expect_failure(catalog::load_path(&missing), "missing");
    assert_eq!(errors.0[0].message, "no such file or directory");
    assert!(errors.to_string().contains("no-such-file.toml"));
    assert!(errors.0[0]
        .help
        .as_deref()
        .is_some_and(|h| h.contains("a directory of them")));

    let dir = Scratch::new("invalid-facts", "empty");
    dir.write("notes.txt", "not a fact file");
    let errors = expect_failure(catalog::load_path(&dir.0), "empty dir");
    assert!(errors.0[0].message.contains("no fact files"));
}
