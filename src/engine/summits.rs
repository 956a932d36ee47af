//! Answers that span every loaded summit: `/summits`, `/timeline summit:all`, and
//! `/participant` without `summit:` (one participant's part in each summit, newest first).
//!
//! They build one reply through one [`Composer`], switching it from summit to summit
//! ([`Composer::switch_summit`]), so citation numbers run on across summits and each summit's
//! disputes are owed exactly as in a single-summit answer. A participant is the same across
//! summits when its id is (validation checks it is the same kind in every file).

use crate::facts::{Catalog, Event, Facts, Participant};
use crate::reply::Reply;
use crate::request::{OptionValue, Request};

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
        Request::new("timeline").with(
            "summit",
            OptionValue::String(crate::commands::ALL_SUMMITS.to_owned()),
        )
    })
}

/// Statements and pledges shown per summit in `/participant` across summits. A leader can have
/// twenty statements in one summit; listed in full for every summit the reply runs past what a
/// Discord message shows. The first few of each (in the file's order) give their part, and a
/// line says how many there are and which command, narrowed to that summit, shows them all.
pub const STATEMENTS_PER_SUMMIT: usize = 4;
pub const PLEDGES_PER_SUMMIT: usize = 4;

/// `/participant` without `summit:`: their part in each summit they appear in, newest first.
/// `found` pairs each summit with the participant (same id), newest first.
pub fn participant(found: &[(&Facts, &Participant)]) -> Reply {
    let Some(&(newest, p)) = found.first() else {
        return Reply::error("Not found", "No participant was found.");
    };
    if found.len() == 1 {
        return views::participant(newest, p);
    }
    let mut c = Composer::new(newest, p.name.to_string());
    c.set_body(format!(
        "{} appears in {}, newest first: their role, pledges and statements in each. `summit:` \
         narrows this to one summit, with the open questions that concern them.",
        p.name,
        plural(found.len(), "summit", "summits")
    ));
    for &(facts, p) in found {
        c.switch_summit(facts);
        c.show_participant(&p.id);
        let s = facts.summit();
        let mut summary = String::with_capacity(p.summary.len() + 16);
        summary.push_str(&p.summary);
        c.cite_into(&mut summary, &p.sources);
        let mut lines = vec![summary];
        let mut part = Vec::new();
        if let Some(role) = &p.role {
            part.push(format!("Role: {role}"));
        }
        if s.host.as_str() == p.id.as_str() {
            part.push("host".to_owned());
        } else if s.co_hosts.iter().any(|h| h.as_str() == p.id.as_str()) {
            part.push("co-host".to_owned());
        }
        part.push(format!(
            "Attendance: {}",
            words::attendance_short(p.attendance)
        ));
        lines.push(part.join(" · "));
        let heading = label(facts);
        c.section(&heading, lines);

        let pledges = views::pledges_of(facts, p);
        // As in a single summit's profile, a person's pledges are their own; point to those of
        // whom they speak for rather than claim them.
        let theirs = p.represents.as_deref().and_then(|r| facts.participant(r));
        if let Some(rep) =
            theirs.filter(|r| pledges.is_empty() && !views::pledges_of(facts, r).is_empty())
        {
            c.section(
                &format!("Pledges — {}", s.name),
                [format!(
                    "None recorded as made by {} personally; `/pledges by:{} summit:{}` lists those of {}.",
                    p.name, rep.id, s.id, rep.name
                )],
            );
        }
        if !pledges.is_empty() {
            let mut lines: Vec<String> = pledges
                .iter()
                .take(PLEDGES_PER_SUMMIT)
                .map(|pl| views::pledge_line(&mut c, pl))
                .collect();
            if pledges.len() > PLEDGES_PER_SUMMIT {
                lines.push(format!(
                    "… {} in all; `/pledges by:{} summit:{}` lists every one.",
                    plural(pledges.len(), "pledge", "pledges"),
                    p.id,
                    s.id
                ));
            }
            c.section(&format!("Pledges — {}", s.name), lines);
        }
        let (mut lines, total) =
            views::statement_lines_first(&mut c, facts, p, STATEMENTS_PER_SUMMIT);
        if !lines.is_empty() {
            if total > STATEMENTS_PER_SUMMIT {
                lines.push(format!(
                    "… {} in all; `/participant name:{} summit:{}` shows every one.",
                    plural(total, "statement", "statements"),
                    p.id,
                    s.id
                ));
            }
            c.section(&format!("Statements — {}", s.name), lines);
        }
    }
    c.finish()
}
