//! Answers that span every loaded summit: `/summits`, `/timeline summit:all`, and
//! `/participant` without `summit:` (one participant's part in each summit, newest first).
//!
//! They build one reply through one [`Composer`], switching it from summit to summit
//! ([`Composer::switch_summit`]), so citation numbers run on across summits and each summit's
//! disputes are owed exactly as in a single-summit answer. A participant is the same across
//! summits when its id is (validation checks it is the same kind in every file).

use crate::catalog::{Catalog, Facts};
use crate::facts::{Event, Participant};
use crate::reply::Reply;
use crate::request::{names, OptionValue, Request, ALL_SUMMITS, SUMMIT};

use super::compose::Composer;
use super::views::{self, plural};
use super::words;

/// `Coalition of the Willing summit in Paris · 6 January 2026`: how a section names its summit.
pub fn label(facts: &Facts) -> String {
    let s = facts.summit();
    format!("{} · {}", s.name, words::date(&s.date))
}

/// `/summits`: every loaded summit, newest first, with what is recorded for each.
pub fn list(catalog: &Catalog) -> Reply {
    let newest = catalog.newest();
    let mut c = Composer::new(newest, "Summits");
    let n = catalog.summits().len();
    c.set_body(format!(
        "{} loaded, newest first. Commands answer about the newest ({}) unless `summit:` names \
         another; `/timeline summit:all` spans them all, and `/participant` shows someone's part \
         in each.",
        plural(n, "summit", "summits"),
        newest.summit().name
    ));
    for facts in catalog.summits() {
        c.switch_summit(facts);
        let s = facts.summit();
        let f = &facts.file;
        let mut when = String::with_capacity(96);
        when.push_str("Date: ");
        when.push_str(&words::date(&s.date));
        when.push_str(" · Place: ");
        when.push_str(&s.place);
        c.cite_into(&mut when, &s.sources);
        // Names by `words`, not the composer: a list of summits owes no participant's disputes.
        let mut host = String::from("Host: ");
        host.push_str(&words::name(facts, &s.host));
        if !s.co_hosts.is_empty() {
            host.push_str(" · Co-hosts: ");
            host.push_str(&words::names(facts, &s.co_hosts));
        }
        let recorded = format!(
            "Recorded: {} ({}), {}, {}, {}, {}, {}, {}.",
            plural(f.participants.len(), "participant", "participants"),
            views::kinds_of_participants(f),
            plural(f.pledges.len(), "pledge", "pledges"),
            plural(f.statements.len(), "statement", "statements"),
            plural(f.questions.len(), "open question", "open questions"),
            plural(f.disputes.len(), "disputed point", "disputed points"),
            plural(f.events.len(), "dated event", "dated events"),
            plural(f.sources.len(), "source", "sources"),
        );
        let id = format!(
            "Id: `{}` · `/summit summit:{}` for the overview",
            s.id, s.id
        );
        c.section(&s.name, [when, host, recorded, id]);
    }
    c.finish()
}

/// `/timeline summit:all`: the events of every summit, oldest first, each under the summit it
/// belongs to (a run of one summit's events is one section, so events stay in date order even
/// where one summit's background reaches past another's date). Paged like a single summit's.
pub fn timeline(catalog: &Catalog, page: Option<i64>) -> Reply {
    let mut events: Vec<(&Facts, &Event)> = catalog
        .summits()
        .iter()
        .flat_map(|f| f.file.events.iter().map(move |e| (f.as_ref(), e)))
        .collect();
    // Stable: one summit's events on one day keep the order its file gives them; a day two
    // summits share lists the older summit's first.
    events.sort_by(|a, b| {
        a.1.date
            .as_str()
            .cmp(b.1.date.as_str())
            .then_with(|| a.0.summit().date.as_str().cmp(b.0.summit().date.as_str()))
    });
    let pg = views::paginate(events.len(), views::EVENTS_PER_PAGE, page);
    let mut c = Composer::new(catalog.newest(), "Timeline — every summit");
    let mut body = if events.is_empty() {
        "No dated events are recorded for any loaded summit.".to_owned()
    } else {
        format!(
            "{} across {}, oldest first, each under its summit.",
            plural(events.len(), "dated event", "dated events"),
            plural(catalog.summits().len(), "summit", "summits")
        )
    };
    views::page_line(&mut body, &pg);
    c.set_body(body);
    let shown = &events[pg.start..pg.end];
    let mut i = 0;
    while i < shown.len() {
        let facts = shown[i].0;
        c.switch_summit(facts);
        let mut lines = Vec::new();
        while i < shown.len() && std::ptr::eq(shown[i].0, facts) {
            lines.push(views::event_line(&mut c, shown[i].1, true));
            i += 1;
        }
        c.section(&label(facts), lines);
    }
    views::finish_paged(c, &pg, || {
        Request::new(names::TIMELINE).with(SUMMIT.name, OptionValue::String(ALL_SUMMITS.to_owned()))
    })
}

/// Statements `/participant` across summits shows per summit: none, so the overview fits one
/// screen; it counts them and points to the summit's own profile, which pages through them all.
pub const STATEMENTS_PER_SUMMIT: usize = 0;

/// `/participant` without `summit:`: their part in each summit they appear in, newest first, one
/// short block per summit (how they took part, the first lines of their part, what is recorded)
/// with a button to their full profile in that summit. `found` pairs each summit with the
/// participant (same id), newest first.
pub fn participant(found: &[(&Facts, &Participant)], page: Option<i64>) -> Reply {
    let Some(&(newest, p)) = found.first() else {
        return Reply::error("Not found", "No participant was found.");
    };
    if found.len() == 1 {
        return views::participant(newest, p, page);
    }
    let mut c = Composer::new(newest, p.name.to_string());
    c.set_body(format!(
        "{} appears in {}, newest first. Each summit's button (or `summit:`) shows the full \
         profile there: pledges, statements and open questions.",
        words::with_article(&p.name, p.kind),
        plural(found.len(), "summit", "summits")
    ));
    for &(facts, p) in found {
        c.switch_summit(facts);
        c.show_participant(&p.id);
        let s = facts.summit();
        let mut summary = String::with_capacity(320);
        summary.push_str(&views::first_sentences(&p.summary, 220));
        c.cite_into(&mut summary, &p.sources);
        let mut part = Vec::new();
        if let Some(role) = &p.role {
            part.push(role.to_string());
        }
        let role_says_host = p
            .role
            .as_deref()
            .is_some_and(|r| r.to_lowercase().contains("host"));
        if !role_says_host {
            if s.host.as_str() == p.id.as_str() {
                part.push("host".to_owned());
            } else if s.co_hosts.iter().any(|h| h.as_str() == p.id.as_str()) {
                part.push("co-host".to_owned());
            }
        }
        part.push(words::attendance_short(p.attendance).to_owned());
        let pledges = views::pledges_of(facts, p).len();
        let statements = views::statement_lines(&mut Composer::new(facts, ""), facts, p).len();
        part.push(plural(pledges, "pledge", "pledges"));
        let mut line = part.join(" · ");
        if statements > STATEMENTS_PER_SUMMIT {
            line.push_str(&format!(
                " · {} in all; `/participant name:{} summit:{}` shows them",
                plural(statements, "statement", "statements"),
                p.id,
                facts.id()
            ));
        }
        c.section(&label(facts), [summary, line]);
        c.action(
            &format!(
                "{} in {}",
                p.name,
                s.place.split(',').next().unwrap_or(&s.place).trim()
            ),
            Request::new(names::PARTICIPANT)
                .with(names::NAME, OptionValue::String(p.id.to_string()))
                .with(SUMMIT.name, OptionValue::String(facts.id().to_owned())),
        );
    }
    c.finish()
}
