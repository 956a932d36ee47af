//! The answer engine against the real Paris facts, loaded alone (plus a small invented second summit
//! for the `summit` option; `tests/summits.rs` covers every bundled summit together): every command and option, lookups by id/name/alias, not-found with
//! suggestions, paging, citations, disputes, `/help`, autocomplete, hostile input, and golden
//! snapshots of the terminal text.
//!
//! The assertions use only facts certain to be in the data (ids the fact file was written with);
//! everything else is derived from the loaded facts, so the tests follow the data instead of
//! hard-coding answers.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use summit_bot::catalog::{self, Catalog, Facts};
use summit_bot::commands::{self, EntityKind, OptionType, COMMANDS};
use summit_bot::facts::{self, Attendance};
use summit_bot::render;
use summit_bot::reply::{Reply, ReplyKind};
use summit_bot::request::{OptionValue, Request};
use summit_bot::text::quote_user;

const OLDER: &str = include_str!("fixtures/engine/older-summit.toml");

const PARIS: &str = "data/paris-2026-01-06.toml";

/// The Paris file on its own: these tests check answers from its facts, whichever other
/// summits are bundled.
fn paris() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let text = facts::embedded_file(PARIS).expect("the Paris file is bundled");
        catalog::load_many([(PARIS, text)]).expect("embedded facts are valid")
    })
}

fn facts() -> &'static Facts {
    paris().newest()
}

/// The Paris facts plus the invented, older Lakeside summit.
fn two_summits() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let older = catalog::load_str("older-summit.toml", OLDER).expect("fixture is valid");
        let text = facts::embedded_file(PARIS).expect("the Paris file is bundled");
        let paris = catalog::load_str(PARIS, text).expect("valid");
        Catalog::new(vec![Arc::new(older), Arc::new(paris)]).expect("not empty")
    })
}

fn run_in(catalog: &Catalog, line: &str) -> Reply {
    let request = Request::parse_slash(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    commands::answer(catalog, &request)
}

fn run(line: &str) -> Reply {
    run_in(paris(), line)
}

/// Everything a reply says, for "does it mention" checks.
fn all_text(r: &Reply) -> String {
    let mut s = format!("{}\n{}\n", r.title, r.body);
    for sec in &r.sections {
        s.push_str(&sec.name);
        s.push('\n');
        s.push_str(&sec.body);
        s.push('\n');
    }
    s
}

/// Every page of a paged reply, in order (just the reply when it has one page).
fn all_pages(line: &str) -> Vec<Reply> {
    let first = run(line);
    let pages = first.paging.as_ref().map_or(1, |p| p.pages);
    let mut out = vec![first];
    for page in 2..=pages {
        out.push(run(&format!("{line} page:{page}")));
    }
    out
}

fn all_pages_text(line: &str) -> String {
    all_pages(line)
        .iter()
        .map(all_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every request line worth checking: each command, each page, each entity.
fn every_line() -> Vec<String> {
    let f = facts();
    let mut lines: Vec<String> = ["/summit", "/timeline", "/help"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for command in [
        "participants",
        "pledges",
        "questions",
        "disputes",
        "sources",
    ] {
        let first = run(&format!("/{command}"));
        let pages = first.paging.as_ref().map_or(1, |p| p.pages);
        for page in 1..=pages + 1 {
            lines.push(format!("/{command} page:{page}"));
        }
    }
    for kind in ["country", "person", "organisation"] {
        lines.push(format!("/participants kind:{kind}"));
    }
    for p in &f.file.participants {
        lines.push(format!("/participant name:{}", p.id));
        lines.push(format!("/pledges by:{}", p.id));
    }
    for t in &f.file.topics {
        lines.push(format!("/pledges topic:{}", t.id));
    }
    for p in &f.file.pledges {
        lines.push(format!("/pledge id:{}", p.id));
    }
    for q in &f.file.questions {
        lines.push(format!("/question id:{}", q.id));
    }
    lines
}

#[test]
fn every_command_in_the_table_answers_its_example() {
    for spec in COMMANDS.iter().filter(|c| c.name != "ask" && !c.admin) {
        let example = spec.example(facts());
        let r = run(&example);
        assert_eq!(r.kind, ReplyKind::Answer, "{example}: {r:?}");
        assert!(!r.title.is_empty(), "{example}");
    }
}

#[test]
fn every_answer_ends_with_distinct_citations_that_its_marks_refer_to() {
    for line in every_line() {
        let r = run(&line);
        assert_eq!(r.kind, ReplyKind::Answer, "{line}: {r:?}");
        if line == "/help" {
            // Help describes the bot, not the facts; it cites nothing.
            continue;
        }
        assert!(!r.citations.is_empty(), "{line} has no citations");
        let keys: HashSet<&str> = r.citations.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys.len(), r.citations.len(), "{line}: duplicate citation");
        for c in &r.citations {
            let source = facts().source(&c.key).expect("cited source exists");
            assert_eq!(c.title, source.title.as_str());
            assert_eq!(c.publisher, source.publisher.as_str());
        }
        // Every numbered mark points at a listed citation.
        let text = all_text(&r);
        for mark in text.split('[').skip(1) {
            let Some(inner) = mark.split(']').next() else {
                continue;
            };
            for n in inner.split(", ") {
                if let Ok(n) = n.parse::<usize>() {
                    assert!(
                        (1..=r.citations.len()).contains(&n),
                        "{line}: mark [{n}] but {} citations",
                        r.citations.len()
                    );
                }
            }
        }
    }
}

#[test]
fn every_page_fits_discord_comfortably() {
    for line in every_line() {
        let r = run(&line);
        assert!(
            r.sections.len() <= 23,
            "{line}: {} sections",
            r.sections.len()
        );
        assert!(r.title.chars().count() <= 256, "{line}");
        assert!(r.body.chars().count() <= 4096, "{line}");
        let mut total = r.title.chars().count() + r.body.chars().count();
        for s in &r.sections {
            assert!(s.name.chars().count() <= 256, "{line}: {}", s.name);
            assert!(s.body.chars().count() <= 1024, "{line}: {}", s.name);
            assert!(
                !s.body.trim().is_empty(),
                "{line}: empty section {}",
                s.name
            );
            total += s.name.chars().count() + s.body.chars().count();
        }
        // Leaves room for the sources field (at most 1024) within Discord's 6000.
        assert!(total <= 4900, "{line}: {total} characters");
    }
}

#[test]
fn entity_options_accept_id_name_or_alias_in_any_case() {
    let uk = run("/pledges by:united-kingdom");
    assert_eq!(uk.kind, ReplyKind::Answer);
    for line in [
        "/pledges by:uk",
        "/pledges by:UK",
        "/pledges by:Britain",
        "/pledges by:\"United Kingdom\"",
        "/pledges by:U.K.",
        "/pledges by:BRITAIN",
        "/pledges by:united_kingdom",
    ] {
        assert_eq!(run(line), uk, "{line}");
    }
    let zelenskyy = run("/participant name:zelenskyy");
    for line in [
        "/participant name:Zelensky",
        "/participant name:zelenskiy",
        "/participant name:\"Volodymyr Zelenskyy\"",
        "/participant name:ZELENSKYY",
        "/participant Zelensky",
    ] {
        assert_eq!(run(line), zelenskyy, "{line}");
    }
    // Accents: the name is written with them, the id without.
    let turkiye = facts().participant("turkiye").expect("turkiye in facts");
    let by_name = run(&format!("/participant name:\"{}\"", turkiye.name));
    assert_eq!(by_name, run("/participant name:turkiye"));
    assert_eq!(by_name, run("/participant name:TURKIYE"));
    assert_eq!(by_name.title, turkiye.name.as_str());

    let pledge = run("/pledge id:uk-france-forces");
    let title = facts()
        .pledge("uk-france-forces")
        .expect("pledge")
        .title
        .clone();
    assert_eq!(run(&format!("/pledge id:\"{title}\"")), pledge);
    assert_eq!(
        run(&format!("/pledge id:\"{}\"", title.to_uppercase())),
        pledge
    );
    let question = run("/question id:if-war-resumes");
    assert_eq!(run("/question id:IF-WAR-RESUMES"), question);
    let q_title = facts()
        .question("if-war-resumes")
        .expect("question")
        .title
        .clone();
    assert_eq!(run(&format!("/question id:\"{q_title}\"")), question);
}

#[test]
fn unique_words_find_a_participant_but_ambiguous_ones_do_not() {
    assert_eq!(run("/participant name:keir").title, "Keir Starmer");
    let r = run("/participant name:united");
    assert_eq!(r.kind, ReplyKind::NotFound);
    for name in ["United Kingdom", "United States"] {
        assert!(
            r.suggestions.iter().any(|s| s == name),
            "{:?}",
            r.suggestions
        );
    }
}

#[test]
fn not_found_says_so_quotes_the_text_and_suggests_close_names() {
    let r = run("/participant name:Macorn");
    assert_eq!(r.kind, ReplyKind::NotFound);
    assert!(r.body.contains("Macorn"), "{}", r.body);
    assert!(r.suggestions.len() <= 5);
    assert!(r.suggestions[0].contains("Macron"), "{:?}", r.suggestions);
    assert!(r.citations.is_empty());
    assert!(r.is_ephemeral());

    let r = run("/pledges by:Zelenksy");
    assert_eq!(r.kind, ReplyKind::NotFound);
    assert!(
        r.suggestions[0].contains("Zelenskyy"),
        "{:?}",
        r.suggestions
    );

    let r = run("/pledge id:uk-frnace-forces");
    assert_eq!(r.kind, ReplyKind::NotFound);
    let title = facts()
        .pledge("uk-france-forces")
        .expect("pledge")
        .title
        .to_string();
    assert_eq!(r.suggestions.first(), Some(&title), "{:?}", r.suggestions);

    let r = run("/pledges topic:trops");
    assert_eq!(r.kind, ReplyKind::NotFound);
    let troops = facts().topic("troops").expect("topic").name.to_string();
    assert_eq!(r.suggestions.first(), Some(&troops));

    let r = run("/question id:if-war-resumed");
    assert_eq!(r.kind, ReplyKind::NotFound);

    // Nothing close: still a polite not-found, pointing at the list.
    let r = run("/participant name:qqqqxxzz");
    assert_eq!(r.kind, ReplyKind::NotFound);
    assert!(r.suggestions.is_empty());
    assert!(r.body.contains("/participants"));
}

#[test]
fn every_suggestion_resolves_when_typed_back() {
    for typo in ["Macorn", "Starmr", "Zelenksy", "Witkopf", "Brtain", "Natto"] {
        let r = run(&format!("/participant name:{typo}"));
        assert_eq!(r.kind, ReplyKind::NotFound, "{typo}");
        assert!(!r.suggestions.is_empty(), "{typo}");
        for s in &r.suggestions {
            let back = run(&format!("/participant name:\"{s}\""));
            assert_eq!(back.kind, ReplyKind::Answer, "{s}");
            assert_eq!(&back.title, s);
        }
    }
}

#[test]
fn user_text_is_only_echoed_escaped() {
    for nasty in [
        "@everyone **bold** <@123>",
        "`/ban` [link](https://evil.example)",
        "\u{202E}reversed\u{200B}",
    ] {
        let r = commands::answer(
            paris(),
            &Request::new("participant").with("name", OptionValue::String(nasty.into())),
        );
        assert_eq!(r.kind, ReplyKind::NotFound);
        assert!(!r.body.contains("@everyone"), "{}", r.body);
        assert!(!r.body.contains("<@123>"), "{}", r.body);
        assert!(!r.body.contains('\u{202E}'));
        assert!(r.body.contains(&quote_user(nasty, 100)), "{}", r.body);
    }
}

#[test]
fn nothing_typed_makes_it_panic() {
    let long = "é@<*".repeat(1500);
    let values = [
        String::new(),
        "   ".into(),
        long,
        "\u{0}\u{7}\u{202E}\u{FEFF}".into(),
        "北京 東京".into(),
        "-".into(),
        "page:2".into(),
    ];
    for spec in COMMANDS.iter().filter(|c| c.name != "ask") {
        for opt in spec.options {
            let typed: Vec<OptionValue> = match opt.kind {
                OptionType::String => values.iter().cloned().map(OptionValue::String).collect(),
                OptionType::Integer { .. } => [i64::MIN, -1, 0, 1, 2, 1000, i64::MAX]
                    .into_iter()
                    .map(OptionValue::Integer)
                    .collect(),
                OptionType::Boolean => vec![OptionValue::Boolean(true)],
            };
            for value in typed {
                let mut req = Request::new(spec.name).with(opt.name, value);
                for required in spec
                    .options
                    .iter()
                    .filter(|o| o.required && o.name != opt.name)
                {
                    req = req.with(required.name, OptionValue::String("uk".into()));
                }
                let r = commands::answer(paris(), &req);
                assert!(!r.title.is_empty());
                if r.kind != ReplyKind::Answer {
                    assert!(!r.body.contains("@<"), "unescaped echo: {}", r.body);
                }
                if let OptionValue::String(s) = &req.options[opt.name] {
                    if opt.entity.is_some() {
                        let _ = commands::autocomplete(paris(), &req, opt.name, s);
                    }
                }
            }
        }
    }
}

#[test]
fn bad_requests_are_polite_specific_errors() {
    let r = commands::answer(paris(), &Request::new("nope"));
    assert_eq!(r.kind, ReplyKind::Error);
    assert!(
        r.body.contains("nope") && r.body.contains("/help"),
        "{}",
        r.body
    );

    let r = commands::answer(
        paris(),
        &Request::new("pledges").with("page", OptionValue::String("two".into())),
    );
    assert_eq!(r.kind, ReplyKind::Error);
    assert!(
        r.body.contains("page") && r.body.contains("whole number"),
        "{}",
        r.body
    );

    let r = commands::answer(
        paris(),
        &Request::new("summit").with("colour", OptionValue::String("red".into())),
    );
    assert_eq!(r.kind, ReplyKind::Error);
    assert!(
        r.body.contains("colour") && r.body.contains("summit:"),
        "{}",
        r.body
    );

    let r = commands::answer(paris(), &Request::new("participant"));
    assert_eq!(r.kind, ReplyKind::Error);
    assert!(r.body.contains("name:"), "{}", r.body);

    let r = commands::answer(
        paris(),
        &Request::new("participant").with("name", OptionValue::String("  ".into())),
    );
    assert_eq!(r.kind, ReplyKind::Error);

    let r = run("/participants kind:planet");
    assert_eq!(r.kind, ReplyKind::Error);
    assert!(
        r.body.contains("planet") && r.body.contains("country"),
        "{}",
        r.body
    );
    assert!(r.is_ephemeral());
}

#[test]
fn participants_filter_by_kind_choice_value_or_name() {
    let countries = run("/participants kind:country");
    assert_eq!(run("/participants kind:Countries"), countries);
    let text = all_text(&countries);
    assert!(text.contains("France") && text.contains("United Kingdom"));
    assert!(
        !text.contains("Keir Starmer"),
        "a person in the country list"
    );
    let people = all_text(&run("/participants kind:person"));
    assert!(people.contains("Keir Starmer") && !people.contains("• France"));
}

#[test]
fn attendance_is_never_overstated() {
    for p in &facts().file.participants {
        let r = run(&format!("/participant name:{}", p.id));
        let profile = &r.sections[0].body;
        let attendance = profile
            .lines()
            .find(|l| l.starts_with("Attendance:"))
            .unwrap_or_else(|| panic!("{}: no attendance line", p.id));
        match p.attendance {
            Attendance::ReferredTo | Attendance::Expected => {
                assert!(!attendance.contains("Took part"), "{}: {attendance}", p.id);
                assert!(!attendance.contains("in person"), "{}: {attendance}", p.id);
            }
            Attendance::InPerson => assert!(attendance.contains("in person")),
            Attendance::Represented => assert!(attendance.contains("representatives")),
        }
    }
    let russia = all_text(&run("/participant name:russia"));
    assert!(russia.contains("Not at the summit"), "{russia}");
}

#[test]
fn a_profile_shows_pledges_statements_questions_and_representatives() {
    // The profile continues over pages, each one screen: read them all.
    let uk = all_pages("/participant name:uk");
    let names: Vec<&str> = uk
        .iter()
        .flat_map(|r| r.sections.iter().map(|s| s.name.as_str()))
        .collect();
    for want in [
        "Profile",
        "Who speaks for the United Kingdom",
        "Pledges",
        "Open questions",
        "Statements",
    ] {
        assert!(names.contains(&want), "{names:?}");
    }
    let text = all_pages_text("/participant name:uk");
    assert!(text.contains("uk-france-forces"), "{text}");
    assert!(text.contains("Keir Starmer"));
    // The host line is not repeated under a role that already says so.
    let france = all_text(&run("/participant name:france"));
    assert!(
        !(france.contains("Host country") && france.contains("Host of the summit")),
        "{france}"
    );

    let starmer = all_pages("/participant name:starmer");
    assert!(starmer
        .iter()
        .any(|r| r.sections.iter().any(|s| s.name.starts_with("Statements"))));
    // A person's pledge section points to the country's instead of claiming them.
    assert!(all_pages_text("/participant name:starmer").contains("/pledges by:united-kingdom"));
}

#[test]
fn pledges_by_a_country_include_its_representatives_and_topic_filters() {
    let f = facts();
    let uk = all_pages_text("/pledges by:uk");
    for pledge in f
        .file
        .pledges
        .iter()
        .filter(|p| p.by.iter().any(|b| b.as_str() == "united-kingdom"))
    {
        assert!(uk.contains(pledge.id.as_str()), "{} missing", pledge.id);
    }
    assert_eq!(run("/pledges topic:TROOPS"), run("/pledges topic:troops"));
    let troops = all_pages("/pledges topic:troops");
    for pledge in &f.file.pledges {
        let shown = troops
            .iter()
            .flat_map(|r| r.sections.iter())
            .any(|s| s.name == pledge.title.as_str());
        assert_eq!(shown, pledge.topic.as_str() == "troops", "{}", pledge.id);
    }
    let both = run("/pledges by:france topic:troops");
    assert!(all_pages_text("/pledges by:france topic:troops").contains("uk-france-forces"));
    assert_eq!(
        both.title,
        format!(
            "Pledges by France on {}",
            f.topic("troops").expect("topic").name
        )
    );
}

#[test]
fn lists_paginate_and_clamp_past_the_end() {
    let first = run("/participants");
    let paging = first.paging.clone().expect("33 participants need pages");
    assert_eq!(paging.page, 1);
    assert!(paging.pages >= 2);
    assert_eq!(paging.request.string("summit"), Some(facts().id()));
    assert_eq!(paging.request.integer("page"), Some(1));

    let second = run("/participants page:2");
    assert_eq!(second.paging.as_ref().map(|p| p.page), Some(2));
    assert_ne!(first.sections, second.sections);

    let past = run("/participants page:999");
    let last = past.paging.as_ref().expect("paging");
    assert_eq!(last.page, last.pages);
    assert!(past.body.contains("only"), "{}", past.body);
    assert_eq!(
        past.sections,
        run(&format!("/participants page:{}", last.pages)).sections
    );

    // A button carries the whole request; clicking it gives exactly that page.
    let id = paging.request.page_custom_id(2, Some("42"));
    let (clicked, owner) = Request::from_custom_id(&id).expect("round trip");
    assert_eq!(owner.as_deref(), Some("42"));
    assert_eq!(commands::answer(paris(), &clicked), second);

    // Everything on one page: no paging at all.
    assert!(run("/pledges by:germany").paging.is_none());
}

#[test]
fn paging_requests_carry_canonical_values() {
    let people = run("/participants kind:People summit:Paris");
    let paging = people.paging.expect("people need two pages");
    assert_eq!(paging.request.string("kind"), Some("person"));
    assert_eq!(paging.request.string("summit"), Some("paris-2026-01-06"));
    let page2 = run("/participants kind:person page:2");
    let (again, _) =
        Request::from_custom_id(&paging.request.page_custom_id(2, None)).expect("round trip");
    assert_eq!(commands::answer(paris(), &again), page2);

    // A `by` typed as an alias comes back as the id, on a list long enough to page.
    let mut toml = String::from(
        "[summit]\nid = \"many\"\nname = \"Many pledges\"\ndate = \"2026-02-01\"\nas_of = \"2026-02-02\"\nplace = \"X\"\n\
         host = \"uk\"\nsummary = \"A test summit with many pledges.\"\nsources = [\"s\"]\n\n\
         [[source]]\nid = \"s\"\ntitle = \"Test source\"\npublisher = \"Test\"\nkind = \"press\"\n\n\
         [[topic]]\nid = \"t\"\nname = \"Topic\"\n\n\
         [[participant]]\nid = \"uk\"\nname = \"United Kingdom\"\nkind = \"country\"\n\
         aliases = [\"Britain\"]\nattendance = \"in-person\"\nsummary = \"Pledged a lot.\"\n\
         sources = [\"s\"]\n",
    );
    // Pages are cut by size (one screen each), so enough pledges to need several.
    for i in 0..40 {
        toml.push_str(&format!(
            "\n[[pledge]]\nid = \"p{i}\"\nby = [\"uk\"]\ntopic = \"t\"\ntitle = \"Pledge {i}\"\n\
             text = \"Promise number {i}.\"\nstatus = \"signalled\"\nsources = [\"s\"]\n"
        ));
    }
    let many = catalog::load_str("many.toml", &toml).expect("generated facts are valid");
    let catalog = Catalog::new(vec![Arc::new(many)]).expect("not empty");
    let r = run_in(&catalog, "/pledges by:Britain page:2");
    let paging = r.paging.clone().expect("40 pledges need pages");
    assert_eq!(paging.page, 2);
    assert_eq!(paging.request.string("by"), Some("uk"));
    assert_eq!(paging.request.string("summit"), Some("many"));
    assert_eq!(r, run_in(&catalog, "/pledges by:uk page:2"));
}

#[test]
fn disputes_show_every_version_with_its_sources() {
    let f = facts();
    // Every page of the list, as one reply's sections and citations.
    let first = run("/disputes");
    let pages = first.paging.as_ref().map_or(1, |p| p.pages);
    let mut r = first.clone();
    for page in 2..=pages {
        let next = run(&format!("/disputes page:{page}"));
        r.sections.extend(next.sections);
        r.citations.extend(next.citations);
    }
    for d in &f.file.disputes {
        let body: String = r
            .sections
            .iter()
            .filter(|s| s.name.contains(d.title.as_str()))
            .map(|s| s.body.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!body.is_empty(), "{} missing", d.id);
        // One list item per version, each with its label in one style.
        assert_eq!(
            body.lines().filter(|l| l.starts_with("- **")).count(),
            d.versions.len(),
            "{}",
            d.id
        );
        for v in &d.versions {
            assert!(body.contains(v.claim.as_str()));
            assert!(
                body.contains(&format!("**{}** — {}", v.label, v.claim)),
                "{}",
                v.id
            );
            for s in &v.sources {
                assert!(r.citations.iter().any(|c| c.key == s.as_str()), "{s}");
            }
        }
    }
}

#[test]
fn answers_about_a_disputed_subject_show_the_dispute() {
    let f = facts();
    // An answer that shows a disputed subject says so in one line per dispute, pointing to the
    // `/disputes` page that shows every version with its sources, and has a button to it.
    let points_to = |line: &str, d: &summit_bot::facts::Dispute| {
        let pages = all_pages(line);
        let pointed = pages.iter().any(|r| {
            r.sections
                .iter()
                .any(|s| s.name == "Disputed" && s.body.contains(d.title.as_str()))
                || r.sections
                    .iter()
                    .any(|s| s.name == "Disputed" && s.body.contains("more in"))
        });
        let button = pages
            .iter()
            .any(|r| r.actions.iter().any(|a| a.request.command == "disputes"));
        pointed && button
    };
    for d in &f.file.disputes {
        let mut lines: Vec<String> = d
            .concerns
            .iter()
            .map(|id| format!("/participant name:{id}"))
            .collect();
        lines.extend(
            d.related_pledges
                .iter()
                .map(|id| format!("/pledge id:{id}")),
        );
        for line in lines {
            assert!(
                points_to(&line, d),
                "{line} does not point to dispute {}",
                d.id
            );
        }
    }
    // The page a pointer names shows the dispute in full.
    let r = run("/participant name:us");
    let disputed = r
        .sections
        .iter()
        .find(|s| s.name == "Disputed")
        .expect("the US is disputed");
    let first = disputed.body.lines().next().expect("a line");
    let page: u32 = first
        .rsplit("page:")
        .next()
        .and_then(|p| p.trim_end_matches('`').parse().ok())
        .expect("a page number");
    let title = first
        .trim_start_matches("- ")
        .split(" · ")
        .next()
        .expect("a title");
    let shown = run(&format!("/disputes page:{page}"));
    let d = f
        .file
        .disputes
        .iter()
        .find(|d| d.title.as_str() == title)
        .expect("a dispute title");
    let body: String = shown
        .sections
        .iter()
        .filter(|s| s.name.starts_with(d.title.as_str()))
        .map(|s| s.body.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(body.contains(d.versions[0].claim.as_str()), "{body}");
}

#[test]
fn summit_overview_has_the_essentials() {
    let f = facts();
    let r = run("/summit");
    assert_eq!(r.title, f.summit().name.as_str());
    let text = all_text(&r);
    assert!(text.contains("6 January 2026"));
    assert!(text.contains(f.summit().place.as_str()));
    for d in &f.file.documents {
        assert!(text.contains(d.name.as_str()), "{}", d.id);
    }
    for fig in &f.summit().figures {
        assert!(text.contains(fig.value.as_str()), "{}", fig.label);
    }
    assert!(text.contains(&format!("{} pledges", f.file.pledges.len())));
}

#[test]
fn timeline_is_in_date_order_and_sources_page_lists_each_once() {
    let f = facts();
    // Every page of the timeline, in order.
    let first = run("/timeline");
    let pages = first.paging.as_ref().map_or(1, |p| p.pages);
    let mut text = all_text(&first);
    for page in 2..=pages {
        text.push('\n');
        text.push_str(&all_text(&run(&format!("/timeline page:{page}"))));
    }
    let mut last = 0;
    let mut events: Vec<_> = f.file.events.iter().collect();
    events.sort_by(|a, b| a.date.as_str().cmp(b.date.as_str()));
    for e in events {
        // A background event is shown with a "Background" mark before its title.
        let at = text
            .find(&format!("**{}**:", e.title))
            .expect("event shown");
        assert!(at >= last, "{} out of order", e.id);
        last = at;
    }
    let mut seen = HashSet::new();
    let mut page = 1;
    loop {
        let r = run(&format!("/sources page:{page}"));
        for c in &r.citations {
            assert!(seen.insert(c.key.clone()), "{} on two pages", c.key);
        }
        match r.paging {
            Some(p) if p.page < p.pages => page += 1,
            _ => break,
        }
    }
    assert_eq!(seen.len(), f.file.sources.len());
}

#[test]
fn the_summit_option_picks_a_summit_and_defaults_to_the_newest() {
    let both = two_summits();
    assert_eq!(
        run_in(both, "/summit").title,
        facts().summit().name.as_str()
    );
    let lakeside = run_in(both, "/summit summit:lakeside-2025-03-02");
    assert_eq!(lakeside.title, "Lakeside test summit");
    for typed in ["Lakeside", "\"LAKESIDE TALKS\"", "\"Lakeside test summit\""] {
        assert_eq!(
            run_in(both, &format!("/summit summit:{typed}")),
            lakeside,
            "{typed}"
        );
    }
    // A participant is looked for in every summit unless `summit:` narrows it.
    assert_eq!(
        run_in(both, "/participant name:northland").title,
        "Northland"
    );
    assert_eq!(
        run_in(both, "/participant name:northland summit:paris").kind,
        ReplyKind::NotFound
    );
    assert_eq!(
        run_in(both, "/participant name:north summit:lakeside").title,
        "Northland"
    );
    let r = run_in(both, "/pledges summit:Lakesdie");
    assert_eq!(r.kind, ReplyKind::NotFound);
    assert!(r.body.contains("Lakesdie"));
    assert_eq!(
        r.suggestions.first().map(String::as_str),
        Some("Lakeside test summit")
    );
}

#[test]
fn help_is_derived_from_the_command_table() {
    let r = run("/help");
    assert_eq!(r.kind, ReplyKind::Answer);
    let text = all_text(&r);
    for spec in COMMANDS.iter().filter(|c| !c.admin) {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("- `/{}", spec.name)) && l.contains(spec.description))
            .unwrap_or_else(|| panic!("/{} missing from help", spec.name));
        for o in spec
            .options
            .iter()
            .filter(|o| o.name != "summit" && o.name != "page")
        {
            assert!(line.contains(o.name), "{} {}", spec.name, o.name);
        }
    }
    for spec in COMMANDS.iter().filter(|c| c.admin) {
        assert!(
            r.body.contains(&format!("`/{}`", spec.name)),
            "{}",
            spec.name
        );
    }
}

#[test]
fn autocomplete_is_fuzzy_bounded_and_best_first() {
    let cat = paris();
    let participant = Request::new("participant");
    for (typed, best) in [
        ("macr", "macron"),
        ("MACRON", "macron"),
        ("Macorn", "macron"),
        ("zelen", "zelenskyy"),
        ("britain", "united-kingdom"),
        ("Türk", "turkiye"),
        ("keir", "starmer"),
        ("chancellor", "merz"),
    ] {
        let choices = commands::autocomplete(cat, &participant, "name", typed);
        assert_eq!(
            choices.first().map(|c| c.value.as_str()),
            Some(best),
            "{typed}: {choices:?}"
        );
    }
    for typed in ["", "a", "e", "zzzzzz", &"x".repeat(6000)] {
        let choices = commands::autocomplete(cat, &participant, "name", typed);
        assert!(choices.len() <= 25);
        for c in &choices {
            assert!(!c.name.is_empty() && c.name.chars().count() <= 100, "{c:?}");
            assert!(c.value.chars().count() <= 100);
            let r = run(&format!("/participant name:{}", c.value));
            assert_eq!(r.kind, ReplyKind::Answer, "{c:?}");
        }
    }
    // Nothing typed: the most useful entries, so nobody only referred to comes first.
    let empty = commands::autocomplete(cat, &participant, "name", "");
    assert_eq!(empty.len(), 25.min(facts().file.participants.len()));
    let first = facts().participant(&empty[0].value).expect("exists");
    assert!(matches!(
        first.attendance,
        Attendance::InPerson | Attendance::Represented
    ));
    let labels: Vec<&str> = empty.iter().map(|c| c.name.as_str()).collect();
    assert!(
        labels.iter().any(|l| l.starts_with("Keir Starmer — ")),
        "{labels:?}"
    );

    // `by` lists those with pledges first.
    let by = commands::autocomplete(cat, &Request::new("pledges"), "by", "");
    let first = facts().participant(&by[0].value).expect("exists");
    assert!(facts()
        .file
        .pledges
        .iter()
        .any(|p| p.by.contains(&first.id)));

    // Every entity kind completes, and options that name nothing get nothing.
    let pledge = commands::autocomplete(cat, &Request::new("pledge"), "id", "uk-france-forc");
    assert_eq!(
        pledge.first().map(|c| c.value.as_str()),
        Some("uk-france-forces")
    );
    let question = commands::autocomplete(cat, &Request::new("question"), "id", "war resumes");
    assert_eq!(
        question.first().map(|c| c.value.as_str()),
        Some("if-war-resumes")
    );
    let topic = commands::autocomplete(cat, &Request::new("pledges"), "topic", "troop");
    assert_eq!(topic.first().map(|c| c.value.as_str()), Some("troops"));
    let summit = commands::autocomplete(cat, &Request::new("summit"), "summit", "par");
    assert_eq!(summit.first().map(|c| c.value.as_str()), Some(facts().id()));
    assert!(commands::autocomplete(cat, &Request::new("pledges"), "page", "1").is_empty());
    assert!(commands::autocomplete(cat, &Request::new("nope"), "name", "x").is_empty());
    for spec in COMMANDS {
        for o in spec.options.iter().filter(|o| o.entity.is_some()) {
            let choices = commands::autocomplete(cat, &Request::new(spec.name), o.name, "");
            assert!(
                !choices.is_empty()
                    || o.entity == Some(EntityKind::Question) && facts().file.questions.is_empty()
            );
        }
    }
}

#[test]
fn autocomplete_respects_the_summit_already_typed() {
    let both = two_summits();
    let req = Request::new("participant").with("summit", OptionValue::String("lakeside".into()));
    let choices = commands::autocomplete(both, &req, "name", "");
    let values: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(values, ["northland", "southland"]);
    let default = commands::autocomplete(both, &Request::new("participant"), "name", "north");
    assert!(default.iter().all(|c| c.value != "northland"));
    let summits = commands::autocomplete(both, &req, "summit", "");
    assert_eq!(summits.len(), 2);
    assert_eq!(summits[0].value, facts().id(), "newest first");
}

/// Golden files of the terminal text, reviewed by eye when accepted. They change whenever the
/// fact file does; run `INSTA_UPDATE=always cargo test --test engine` and review the diff.
#[test]
fn golden_terminal_text() {
    for (name, line) in [
        ("summit", "/summit"),
        ("participants", "/participants"),
        ("participant_starmer", "/participant name:\"Keir Starmer\""),
        ("participant_us", "/participant name:us"),
        ("participant_russia", "/participant name:russia"),
        ("pledges_by_uk", "/pledges by:uk"),
        ("pledge_uk_france_forces", "/pledge id:uk-france-forces"),
        ("questions", "/questions"),
        ("question_if_war_resumes", "/question id:if-war-resumes"),
        ("disputes", "/disputes"),
        ("timeline", "/timeline"),
        ("sources", "/sources"),
        ("help", "/help"),
        ("not_found_macorn", "/participant name:Macorn"),
    ] {
        let text = render::text::render(&run(line));
        insta::assert_snapshot!(name, text, line);
    }
}
