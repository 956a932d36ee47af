//! Several summits at once: every bundled summit answers every command's example; `/summits`;
//! one participant across summits; `/timeline summit:all`; the `summit` option's date and place
//! forms; autocomplete; and `/ask` that picks, or compares, the summits a question names.
//!
//! The behaviour across summits is checked on the real Paris file plus an invented earlier
//! summit (`tests/fixtures/engine/earlier-summit.toml`) that shares participant ids with it, so
//! the assertions do not depend on what any other real file says. The bundled files are checked
//! only for what must hold of any summit. Nothing here assumes which summit is the newest: it is
//! read from the catalog.

use std::sync::{Arc, OnceLock};

use summit_bot::catalog::{self, Catalog, Facts};
use summit_bot::commands::{self, COMMANDS};
use summit_bot::facts;
use summit_bot::render;
use summit_bot::reply::{Reply, ReplyKind};
use summit_bot::request::{OptionValue, Request};

const PARIS: &str = "data/paris-2026-01-06.toml";
const EARLIER: &str = include_str!("fixtures/engine/earlier-summit.toml");

fn bundled() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the bundled facts are valid"))
}

/// Paris and the invented earlier summit.
fn pair() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let text = facts::embedded_file(PARIS).expect("the Paris file is bundled");
        catalog::load_many([(PARIS, text), ("earlier-summit.toml", EARLIER)])
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn newer(c: &Catalog) -> &Facts {
    c.newest()
}

fn older(c: &Catalog) -> &Facts {
    c.oldest()
}

fn run(catalog: &Catalog, line: &str) -> Reply {
    let request = Request::parse_slash(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    commands::answer(catalog, &request)
}

fn ask(catalog: &Catalog, question: &str) -> Reply {
    let request = Request::new("ask").with("question", OptionValue::String(question.to_owned()));
    commands::answer(catalog, &request)
}

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

/// Every citation mark `[n, m]` in the reply names a listed citation, and every citation is
/// marked somewhere.
fn marks_match_citations(r: &Reply) {
    let text = all_text(r);
    let mut marked = vec![false; r.citations.len()];
    let mut rest = text.as_str();
    while let Some(open) = rest.find(" [") {
        let after = &rest[open + 2..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        if inner
            .split(", ")
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            for n in inner.split(", ") {
                let n: usize = n.parse().expect("digits");
                assert!(
                    n >= 1 && n <= r.citations.len(),
                    "mark {n} of {}: {text}",
                    r.citations.len()
                );
                marked[n - 1] = true;
            }
        }
        rest = &after[close..];
    }
    assert!(
        marked.iter().all(|m| *m),
        "a citation is never marked: {text}"
    );
}

/// Every command's example, filled from each bundled summit and asked of that summit, answers.
#[test]
fn every_command_example_answers_on_every_bundled_summit() {
    let c = bundled();
    for facts in c.summits() {
        for spec in COMMANDS.iter().filter(|s| !s.admin) {
            let example = spec.example(facts);
            let line = if spec.option("summit").is_some() && !example.contains("summit:") {
                format!("{example} summit:{}", facts.id())
            } else {
                example
            };
            let r = run(c, &line);
            assert_eq!(r.kind, ReplyKind::Answer, "{line}: {r:?}");
            assert!(!r.citations.is_empty() || spec.name == "help", "{line}");
            render::discord::response(&r, None, false).to_json();
        }
    }
}

#[test]
fn examples_name_nothing_a_summit_does_not_have() {
    for facts in bundled().summits().iter().chain(pair().summits()) {
        for spec in COMMANDS {
            let example = spec.example(facts);
            assert!(!example.contains('{'), "{example}");
            assert!(!example.contains('<'), "{}: {example}", facts.id());
        }
    }
}

#[test]
fn summits_lists_every_summit_newest_first_with_its_essentials() {
    for c in [bundled(), pair()] {
        let r = run(c, "/summits");
        assert_eq!(r.kind, ReplyKind::Answer);
        let text = all_text(&r);
        let mut last = 0;
        for f in c.summits() {
            let s = f.summit();
            let at = text.find(s.name.as_str()).expect("summit listed");
            assert!(at >= last, "newest first");
            last = at;
            assert!(text.contains(s.place.as_str()));
            assert!(text.contains(s.id.as_str()));
            let host = f.participant(&s.host).expect("host");
            assert!(text.contains(host.name.as_str()));
            let n = f.file.pledges.len();
            let pledges = if n == 1 {
                "1 pledge".to_owned()
            } else {
                format!("{n} pledges")
            };
            assert!(text.contains(&pledges), "{pledges}: {text}");
        }
        marks_match_citations(&r);
    }
}

#[test]
fn a_participant_in_two_summits_shows_each_newest_first() {
    let c = pair();
    let r = run(c, "/participant name:starmer");
    assert_eq!(r.kind, ReplyKind::Answer);
    let names: Vec<&str> = r.sections.iter().map(|s| s.name.as_str()).collect();
    let pos = |f: &Facts| {
        names
            .iter()
            .position(|n| n.starts_with(f.summit().name.as_str()))
            .unwrap_or_else(|| panic!("{} missing: {names:?}", f.id()))
    };
    assert!(pos(newer(c)) < pos(older(c)), "{names:?}");
    // One block per summit, with a button to the full profile there; read those, every page.
    for f in c.summits() {
        assert!(
            r.actions.iter().any(|a| a.request.command == "participant"
                && a.request.string("summit") == Some(f.id())),
            "{}: {:?}",
            f.id(),
            r.actions
        );
    }
    let mut text = all_text(&r);
    for f in c.summits() {
        let line = format!("/participant name:starmer summit:{}", f.id());
        let first = run(c, &line);
        let pages = first.paging.as_ref().map_or(1, |p| p.pages);
        text.push_str(&all_text(&first));
        for page in 2..=pages {
            text.push_str(&all_text(&run(c, &format!("{line} page:{page}"))));
        }
    }
    for f in c.summits() {
        let p = f.participant("starmer").expect("shared id");
        for pl in engine_pledges_by(f, "starmer") {
            assert!(text.contains(pl), "{pl}");
        }
        let _ = p;
        // The first statements of each summit are shown; a longer list says how many there
        // are and which command shows them all.
        let said: Vec<&str> = f
            .file
            .statements
            .iter()
            .filter(|s| s.by.as_str() == "starmer")
            .map(|s| s.text.as_str())
            .collect();
        let cap = summit_bot::engine::STATEMENTS_PER_SUMMIT;
        for st in said.iter().take(cap) {
            assert!(text.contains(st), "{st}");
        }
        if said.len() > cap {
            assert!(
                text.contains(&format!(
                    "{} {} in all; `/participant name:starmer summit:{}`",
                    said.len(),
                    if said.len() == 1 {
                        "statement"
                    } else {
                        "statements"
                    },
                    f.id()
                )),
                "{text}"
            );
        }
    }
    marks_match_citations(&r);
    // Citations from both files.
    let keys: Vec<&str> = r.citations.iter().map(|c| c.key.as_str()).collect();
    assert!(keys.contains(&"fixture-report"), "{keys:?}");
    assert!(
        keys.iter().any(|k| newer(c).source(k).is_some()),
        "{keys:?}"
    );

    // `summit:` narrows it to one summit's full profile.
    let one = run(c, "/participant name:starmer summit:harbourside");
    assert_eq!(one.kind, ReplyKind::Answer);
    let one_text = all_text(&one);
    assert!(one_text.contains("Fixture troops offer"));
    assert!(
        !one_text.contains(newer(c).summit().name.as_str()),
        "{one_text}"
    );
    // A participant recorded for one summit only is found there.
    assert_eq!(
        run(c, "/participant name:\"harbour guard\"").title,
        "Harbour Guard"
    );
    let missing = run(c, "/participant name:Harbur");
    assert_eq!(missing.kind, ReplyKind::NotFound);
    assert!(missing.suggestions.iter().any(|s| s == "Harbour Guard"));
}

/// Starmer has some twenty statements in the London file: across summits each summit shows only
/// the first few, so the reply stays within what one Discord message shows (25 fields, 6,000
/// characters), and says how to see the rest.
#[test]
fn a_long_record_across_summits_is_capped_with_a_pointer() {
    let c = bundled();
    let r = run(c, "/participant name:starmer");
    assert_eq!(r.kind, ReplyKind::Answer);
    let cap = summit_bot::engine::STATEMENTS_PER_SUMMIT;
    for f in c.summits() {
        let heading = format!("Statements — {}", f.summit().name);
        let lines: Vec<&str> = r
            .sections
            .iter()
            .filter(|s| s.name.starts_with(heading.as_str()))
            .flat_map(|s| s.body.lines())
            .filter(|l| l.starts_with('•'))
            .collect();
        assert!(lines.len() <= cap, "{heading}: {} lines", lines.len());
    }
    let text = all_text(&r);
    assert!(
        text.contains("statements in all; `/participant name:starmer summit:"),
        "{text}"
    );
    marks_match_citations(&r);
    let size: usize = r.body.chars().count()
        + r.sections
            .iter()
            .map(|s| s.name.chars().count() + s.body.chars().count())
            .sum::<usize>();
    assert!(
        r.sections.len() <= 25 && size <= 6000,
        "{} sections, {size} characters",
        r.sections.len()
    );
}

fn engine_pledges_by<'f>(f: &'f Facts, id: &str) -> Vec<&'f str> {
    f.file
        .pledges
        .iter()
        .filter(|p| p.by.iter().any(|b| b.as_str() == id))
        .map(|p| p.title.as_str())
        .collect()
}

#[test]
fn the_timeline_of_every_summit_is_in_date_order_labelled_and_paged() {
    for c in [pair(), bundled()] {
        let total: usize = c.summits().iter().map(|f| f.file.events.len()).sum();
        let mut seen = Vec::new();
        let mut page = 1;
        loop {
            let r = run(c, &format!("/timeline summit:all page:{page}"));
            assert_eq!(r.kind, ReplyKind::Answer);
            marks_match_citations(&r);
            for s in &r.sections {
                let f = c
                    .summits()
                    .iter()
                    .find(|f| s.name.starts_with(f.summit().name.as_str()))
                    .unwrap_or_else(|| panic!("section {:?} names no summit", s.name));
                for line in s.body.lines().filter(|l| l.starts_with("- ")) {
                    let e = f
                        .file
                        .events
                        .iter()
                        .find(|e| line.contains(&format!("**{}**: {}", e.title, e.text)))
                        .unwrap_or_else(|| panic!("{line} is not an event of {}", f.id()));
                    seen.push(e.date.to_string());
                }
            }
            match &r.paging {
                Some(p) if p.page < p.pages => page += 1,
                _ => break,
            }
        }
        assert_eq!(seen.len(), total);
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    }
    // Background events say so.
    let r = run(pair(), "/timeline summit:harbourside");
    assert!(all_text(&r).contains("Background: **Fixture prelude**"));
    // Other commands do not take `all`, and say which do.
    let r = run(pair(), "/pledges summit:all");
    assert_eq!(r.kind, ReplyKind::NotFound);
    assert!(r.body.contains("/timeline"), "{}", r.body);
}

#[test]
fn the_summit_option_takes_names_places_and_dates() {
    let c = pair();
    let (new, old) = (newer(c), older(c));
    for typed in [
        "harbourside",
        "\"Harbour Hall\"",
        "\"may 2025\"",
        "\"20 May 2025\"",
        "\"May 20, 2025\"",
        "2025-05-20",
        "2025",
        "\"harbourside talks\"",
    ] {
        let r = run(c, &format!("/summit summit:{typed}"));
        assert_eq!(r.title, old.summit().name.as_str(), "{typed}");
    }
    for typed in ["paris", "\"january 2026\"", "2026", "\"6 jan 2026\""] {
        let r = run(c, &format!("/summit summit:{typed}"));
        assert_eq!(r.title, new.summit().name.as_str(), "{typed}");
    }
    // A place part that is a participant's name names the participant, not the summit.
    let r = run(c, "/summit summit:\"united kingdom\"");
    assert_eq!(r.kind, ReplyKind::NotFound);
    // Every bundled summit answers to its id, name, every alias and its month.
    let b = bundled();
    for f in b.summits() {
        let s = f.summit();
        let month = summit_bot::text::MONTHS[s.date[5..7].parse::<usize>().expect("month") - 1];
        let mut forms = vec![
            s.id.to_string(),
            s.name.to_string(),
            format!("{month} {}", &s.date[..4]),
        ];
        forms.extend(s.aliases.iter().map(|a| a.to_string()));
        for form in forms {
            let r = run(b, &format!("/summit summit:\"{}\"", form.replace('"', "")));
            assert_eq!(r.title, s.name.as_str(), "{form}");
        }
    }
}

#[test]
fn autocomplete_offers_every_summit_with_its_date_and_all_for_the_timeline() {
    let c = pair();
    let choices = commands::autocomplete(c, &Request::new("summit"), "summit", "");
    assert_eq!(choices.len(), c.summits().len());
    for (choice, f) in choices.iter().zip(c.summits()) {
        assert_eq!(choice.value, f.id());
        assert!(
            choice.name.contains("2025") || choice.name.contains("2026"),
            "{}",
            choice.name
        );
    }
    let timeline = commands::autocomplete(c, &Request::new("timeline"), "summit", "");
    assert!(timeline.iter().any(|ch| ch.value == "all"), "{timeline:?}");
    let by_place = commands::autocomplete(c, &Request::new("summit"), "summit", "harbour hall");
    assert_eq!(
        by_place.first().map(|ch| ch.value.as_str()),
        Some(older(c).id())
    );
    // Participants come from the summit typed so far.
    let req = Request::new("participant").with("summit", OptionValue::String("harbourside".into()));
    let names = commands::autocomplete(c, &req, "name", "harb");
    assert_eq!(
        names.first().map(|ch| ch.value.as_str()),
        Some("harbour-guard")
    );
}

#[test]
fn ask_uses_the_summit_a_question_names_and_says_which() {
    let c = pair();
    let old = older(c).summit();
    let new = newer(c).summit();
    for q in [
        "what did starmer pledge at harbourside",
        "what did starmer pledge in may 2025",
        "what did starmer pledge at the first summit",
        "what did starmer pledge at the harbourside one",
    ] {
        let r = ask(c, q);
        assert_eq!(r.kind, ReplyKind::Answer, "{q}: {r:?}");
        let text = all_text(&r);
        assert!(text.contains("Fixture troops offer"), "{q}: {text}");
        assert!(
            r.body.contains(&format!("From the facts of {}", old.name)),
            "{q}"
        );
        marks_match_citations(&r);
    }
    // No summit named: the newest, and the answer says so.
    let r = ask(c, "what did starmer pledge");
    assert!(
        r.body.contains(&format!("From the facts of {}", new.name)),
        "{}",
        r.body
    );
    assert!(r.body.contains("the newest"), "{}", r.body);
    // Something recorded only for the older summit names it.
    let r = ask(c, "who is the harbour guard");
    assert!(
        r.body.contains(&format!("From the facts of {}", old.name)),
        "{}",
        r.body
    );
}

#[test]
fn ask_compares_the_summits_a_question_names_citing_each() {
    let c = pair();
    let r = ask(
        c,
        "how did starmer's position on troops change from harbourside to paris",
    );
    assert_eq!(r.kind, ReplyKind::Answer, "{r:?}");
    let names: Vec<&str> = r.sections.iter().map(|s| s.name.as_str()).collect();
    let at = |f: &Facts| {
        names
            .iter()
            .position(|n| n.starts_with(f.summit().name.as_str()))
    };
    let (o, n) = (at(older(c)), at(newer(c)));
    assert!(
        o.is_some() && n.is_some() && o < n,
        "oldest first: {names:?}"
    );
    marks_match_citations(&r);
    let keys: Vec<&str> = r.citations.iter().map(|c| c.key.as_str()).collect();
    assert!(
        keys.iter().any(|k| older(c).source(k).is_some()),
        "{keys:?}"
    );
    assert!(
        keys.iter().any(|k| newer(c).source(k).is_some()),
        "{keys:?}"
    );

    let r = ask(c, "was zelensky at both summits");
    assert_eq!(r.kind, ReplyKind::Answer);
    let text = all_text(&r);
    assert!(
        text.contains("Not at the summit") || text.contains("referred"),
        "{text}"
    );
    for f in c.summits() {
        assert!(text.contains(f.summit().name.as_str()), "{text}");
    }
    marks_match_citations(&r);

    for q in [
        "which came first",
        "which summit was first?",
        "was harbourside before paris",
    ] {
        let r = ask(c, q);
        assert_eq!(r.kind, ReplyKind::Answer, "{q}");
        assert!(
            r.body
                .starts_with(&format!("{} came first", older(c).summit().name)),
            "{q}: {}",
            r.body
        );
        marks_match_citations(&r);
    }
}

#[test]
fn a_second_summit_changes_no_answer_about_one_summit_named_by_summit() {
    // With `summit:` set, every command answers exactly as with that summit alone.
    let both = pair();
    let text = facts::embedded_file(PARIS).expect("bundled");
    let alone = catalog::load_many([(PARIS, text)]).expect("valid");
    let paris = alone.newest().id().to_owned();
    for line in [
        "/summit",
        "/pledges by:uk",
        "/questions",
        "/disputes",
        "/sources",
    ] {
        let l = format!("{line} summit:{paris}");
        assert_eq!(run(both, &l), run(&alone, &l), "{l}");
    }
    let _ = Arc::clone(alone.newest());
}

#[test]
fn ask_answers_a_negated_question_as_asked_and_refuses_a_passing_country() {
    let c = bundled();
    // "skip" means "not attend": the US took part, so the answer to "did it skip" is no.
    for q in [
        "did the us skip the summit",
        "did the us not attend the paris summit",
    ] {
        let r = ask(c, q);
        assert_eq!(r.kind, ReplyKind::Answer, "{q}");
        assert!(r.body.starts_with("No, "), "{q}: {}", r.body);
    }
    // Spain is mentioned in the Paris facts only over Greenland: the UK's troops do not answer
    // whether Spain sent any.
    let r = ask(c, "did spain send troops");
    assert_eq!(r.kind, ReplyKind::NotFound, "{}", r.body);
    assert!(
        r.body.starts_with("The facts don't say whether"),
        "{}",
        r.body
    );
}
