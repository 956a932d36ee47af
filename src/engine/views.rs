//! One function per command that shows facts. Each receives already-resolved entities (the
//! dispatcher in `mod.rs` did the lookups and option checks) and builds its answer through a
//! [`Composer`], which adds the dispute sections and citations.

use crate::facts::{
    Attendance, Event, FactFile, Facts, Participant, ParticipantKind, Pledge, Question, Topic,
};
use crate::reply::{Paging, Reply};
use crate::request::{OptionValue, Request};

use super::compose::Composer;
use super::words;

/// Page sizes, chosen so a full page with its citations and dispute sections stays well inside
/// Discord's 6000 characters per message and 25 fields (checked for every page by the tests).
pub const PARTICIPANTS_PER_PAGE: usize = 12;
pub const PLEDGES_PER_PAGE: usize = 5;
pub const QUESTIONS_PER_PAGE: usize = 5;
pub const SOURCES_PER_PAGE: usize = 8;
/// A dispute shows every version with its sources and who reported it, so few fit one message.
pub const DISPUTES_PER_PAGE: usize = 3;
/// Events are a few sentences each, like pledges, and one summit may record dozens.
pub const EVENTS_PER_PAGE: usize = 8;

/// Which slice of a list a page shows.
pub(super) struct Page {
    /// 1-based, after clamping.
    pub number: usize,
    pub pages: usize,
    pub start: usize,
    pub end: usize,
    /// Said in the body when the requested page did not exist.
    pub note: Option<String>,
}

/// Clamps the requested page into range rather than failing: a stale button or a typed
/// `page:99` still gets an answer, and is told which page it got.
pub(super) fn paginate(total: usize, size: usize, requested: Option<i64>) -> Page {
    let pages = total.div_ceil(size).max(1);
    let wanted = requested.unwrap_or(1);
    let (number, note) = if wanted > pages as i64 {
        let note = if pages == 1 {
            format!("There is only one page; showing it instead of page {wanted}.")
        } else {
            format!("There are only {pages} pages; showing the last one instead of page {wanted}.")
        };
        (pages, Some(note))
    } else if wanted < 1 {
        (1, Some("Pages start at 1; showing the first.".to_owned()))
    } else {
        (wanted as usize, None)
    };
    let start = ((number - 1) * size).min(total);
    let end = (start + size).min(total);
    Page {
        number,
        pages,
        start,
        end,
        note,
    }
}

/// Attaches paging state, with the canonical request (resolved ids, the summit id) so the
/// buttons re-run exactly this list; no paging when everything fits on one page.
/// `canonical` is only called when there is more than one page: most lists fit one, and the
/// request behind the page buttons is a map of owned strings not worth building for nothing.
pub(super) fn finish_paged(
    composer: Composer<'_>,
    page: &Page,
    canonical: impl FnOnce() -> Request,
) -> Reply {
    let mut reply = composer.finish();
    if page.pages > 1 {
        let mut canonical = canonical();
        canonical
            .options
            .insert("page".to_owned(), OptionValue::Integer(page.number as i64));
        reply.paging = Some(Paging {
            page: page.number as u32,
            pages: page.pages as u32,
            request: canonical,
        });
    }
    reply
}

fn canonical(command: &str, facts: &Facts) -> Request {
    Request::new(command).with("summit", OptionValue::String(facts.id().to_owned()))
}

pub(super) fn page_line(body: &mut String, page: &Page) {
    if let Some(note) = &page.note {
        body.push_str("\n\n");
        body.push_str(note);
    }
}

/// People who speak for a country or organisation.
fn representatives<'f>(facts: &'f Facts, id: &str) -> Vec<&'f Participant> {
    facts.representatives(id).collect()
}

/// The pledges `/pledges by:X` lists. A country's or organisation's pledges include those made
/// by the people who represent it, because users asking "what did Britain pledge" mean Starmer's
/// pledges too. A person's are only their own: a leader does not personally make every pledge of
/// their country, so their answer points to the country's list instead of claiming its pledges.
/// Computed once per load ([`Facts::pledges_of`]).
pub fn pledges_of<'f>(facts: &'f Facts, who: &Participant) -> Vec<&'f Pledge> {
    facts.pledges_of(&who.id).collect()
}

/// Positions of a participant and of the people who speak for it.
fn speakers<'f>(facts: &'f Facts, p: &'f Participant) -> impl Iterator<Item = usize> + 'f {
    std::iter::once(p.id.as_str())
        .chain(facts.representatives(&p.id).map(|r| r.id.as_str()))
        .filter_map(|id| facts.participant_index(id))
}

/// The union of the relation lists of `owners`, in file order, once each.
fn union(lists: &[Vec<u32>], owners: impl IntoIterator<Item = usize>) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for o in owners {
        if let Some(list) = lists.get(o) {
            out.extend_from_slice(list);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

pub fn summit(facts: &Facts) -> Reply {
    let s = facts.summit();
    let mut c = Composer::new(facts, s.name.to_string());
    let mut body = String::with_capacity(s.summary.len() + 16);
    body.push_str(&s.summary);
    c.cite_into(&mut body, &s.sources);
    c.set_body(body);
    c.show_summit_disputes();

    let mut about = vec![
        format!("Date: {}", words::date(&s.date)),
        format!("Place: {}", s.place),
        format!("Host: {}", c.name(&s.host)),
    ];
    if !s.co_hosts.is_empty() {
        about.push(format!("Co-hosts: {}", c.names(&s.co_hosts)));
    }
    about.push(format!(
        "Facts checked against the sources on {}",
        words::date(&s.as_of)
    ));
    c.section("When and where", about);

    let mut numbers = Vec::new();
    for f in &s.figures {
        // "• label: value (note) [n]", built in one buffer.
        let mut line = String::with_capacity(
            f.label.len() + f.value.len() + f.note.as_ref().map_or(0, |n| n.len()) + 24,
        );
        for part in ["• ", f.label.as_str(), ": ", f.value.as_str()] {
            line.push_str(part);
        }
        if let Some(n) = &f.note {
            for part in [" (", n.as_str(), ")"] {
                line.push_str(part);
            }
        }
        c.cite_into(&mut line, &f.sources);
        numbers.push(line);
    }
    let file = &facts.file;
    let absent = file
        .participants
        .iter()
        .filter(|p| matches!(p.attendance, Attendance::ReferredTo | Attendance::Expected))
        .count();
    numbers.push(format!(
        "• In these facts: {} ({}; {absent} of them only referred to or expected, not \
         confirmed present), {}, {}, {}, {}.",
        plural(file.participants.len(), "participant", "participants"),
        kinds_of_participants(file),
        plural(file.pledges.len(), "pledge", "pledges"),
        plural(file.questions.len(), "open question", "open questions"),
        plural(file.disputes.len(), "disputed point", "disputed points"),
        plural(file.events.len(), "dated event", "dated events"),
    ));
    c.section("Key numbers", numbers);

    for d in &file.documents {
        c.show_document(&d.id);
        let mut summary = String::with_capacity(d.summary.len() + 16);
        summary.push_str(&d.summary);
        c.cite_into(&mut summary, &d.sources);
        let mut lines = Vec::with_capacity(d.points.len() + 2);
        lines.push(summary);
        lines.extend(d.points.iter().map(|p| ["• ", p.as_str()].concat()));
        if !d.signed_by.is_empty() {
            let mut signed = String::with_capacity(128);
            signed.push_str("Signed by: ");
            c.names_into(&mut signed, &d.signed_by);
            lines.push(signed);
        }
        if !d.endorsed_by.is_empty() {
            let mut endorsed = String::with_capacity(128);
            endorsed.push_str("Approved, no signature reported: ");
            c.names_into(&mut endorsed, &d.endorsed_by);
            lines.push(endorsed);
        }
        if let Some(note) = &d.signers_note {
            lines.push(note.to_string());
        }
        c.section(&["Document: ", d.name.as_str()].concat(), lines);
    }
    c.section(
        "Sources",
        [format!(
            "{} in all; the ones behind this overview are listed below, and `/sources` lists all.",
            plural(file.sources.len(), "source", "sources")
        )],
    );
    c.finish()
}

pub fn participants(facts: &Facts, kind: Option<ParticipantKind>, page: Option<i64>) -> Reply {
    let order = [
        ParticipantKind::Country,
        ParticipantKind::Person,
        ParticipantKind::Organisation,
    ];
    let list: Vec<&Participant> = order
        .iter()
        .filter(|k| kind.is_none_or(|want| want == **k))
        .flat_map(|k| facts.file.participants.iter().filter(move |p| p.kind == *k))
        .collect();
    let pg = paginate(list.len(), PARTICIPANTS_PER_PAGE, page);
    let title = match kind {
        Some(k) => format!("{} — {}", words::kind_plural(k), facts.summit().name),
        None => format!("Participants — {}", facts.summit().name),
    };
    let mut c = Composer::new(facts, title);
    let what = kind.map_or("participants", |k| match k {
        ParticipantKind::Country => "countries",
        ParticipantKind::Person => "people",
        ParticipantKind::Organisation => "organisations",
    });
    let mut body = if list.is_empty() {
        format!("No {what} are recorded for this summit.")
    } else {
        format!(
            "{} {what} recorded, with how each took part. `/participant name:<name>` shows one in full.",
            list.len()
        )
    };
    page_line(&mut body, &pg);
    c.set_body(body);
    let shown = &list[pg.start..pg.end];
    for k in order {
        let lines: Vec<String> = shown
            .iter()
            .filter(|p| p.kind == k)
            .map(|p| participant_line(&mut c, p))
            .collect();
        if !lines.is_empty() {
            c.section(words::kind_plural(k), lines);
        }
    }
    finish_paged(c, &pg, || {
        let mut req = canonical("participants", facts);
        if let Some(k) = kind {
            req = req.with("kind", OptionValue::String(words::kind(k).to_owned()));
        }
        req
    })
}

/// One participant as a list line: name, how they took part, and their citation mark. Shared by
/// the participant list and a profile's "who speaks for" list so both read the same.
fn participant_line<'a>(c: &mut Composer<'a>, p: &'a Participant) -> String {
    c.show_participant(&p.id);
    // "• Name — role · attendance [n]" (see `words::label`), built in one buffer: the
    // participant list shows one per participant.
    let attendance = words::attendance_short(p.attendance);
    let mut line = String::with_capacity(
        p.name.len() + p.role.as_ref().map_or(16, |r| r.len()) + attendance.len() + 24,
    );
    line.push_str("• ");
    words::push_label(&mut line, p);
    line.push_str(" · ");
    line.push_str(attendance);
    c.cite_into(&mut line, &p.sources);
    line
}

/// "• Title [n] · `id`", the line for an open question in a profile or a pledge.
fn question_line<'a>(c: &mut Composer<'a>, q: &'a Question) -> String {
    let mut line = String::with_capacity(q.title.len() + q.id.len() + 24);
    line.push_str("• ");
    line.push_str(&q.title);
    c.cite_into(&mut line, &q.sources);
    for part in [" · `", q.id.as_str(), "`"] {
        line.push_str(part);
    }
    line
}

pub fn participant(facts: &Facts, p: &Participant) -> Reply {
    let mut c = Composer::new(facts, p.name.to_string());
    c.show_participant(&p.id);
    let mut body = String::with_capacity(p.summary.len() + 16);
    body.push_str(&p.summary);
    c.cite_into(&mut body, &p.sources);
    c.set_body(body);

    let s = facts.summit();
    let mut profile = vec![format!("Kind: {}", words::kind(p.kind))];
    if let Some(role) = &p.role {
        profile.push(format!("Role: {role}"));
    }
    if let Some(rep) = &p.represents {
        profile.push(format!("Represents: {}", c.name(rep)));
    }
    if s.host.as_str() == p.id.as_str() {
        profile.push("Host of the summit.".to_owned());
    } else if s.co_hosts.iter().any(|h| h.as_str() == p.id.as_str()) {
        profile.push("Co-host of the summit.".to_owned());
    }
    profile.push(format!(
        "Attendance: {}",
        words::attendance_long(p.attendance)
    ));
    if !p.aliases.is_empty() {
        let aliases: Vec<&str> = p.aliases.iter().map(|a| a.as_str()).collect();
        profile.push(format!("Also known as: {}", aliases.join(", ")));
    }
    c.section("Profile", profile);

    let reps = representatives(facts, &p.id);
    if !reps.is_empty() {
        let lines: Vec<String> = reps.iter().map(|r| participant_line(&mut c, r)).collect();
        // Neutral wording: for a country that was not there, its spokespeople were not either.
        c.section(&format!("Who speaks for {}", p.name), lines);
    }

    let pledges = pledges_of(facts, p);
    if pledges.is_empty() {
        if let Some(rep) = p.represents.as_deref().and_then(|r| facts.participant(r)) {
            if !pledges_of(facts, rep).is_empty() {
                c.section(
                    "Pledges",
                    [format!(
                        "None recorded as made by {} personally; `/pledges by:{}` lists those of {}.",
                        p.name, rep.id, rep.name
                    )],
                );
            }
        }
    } else {
        let lines: Vec<String> = pledges.iter().map(|pl| pledge_line(&mut c, pl)).collect();
        c.section("Pledges", lines);
    }

    let statements = statement_lines(&mut c, facts, p);
    if !statements.is_empty() {
        c.section("Statements", statements);
    }
    // A country's questions include those raised by or about the people who speak for it.
    let rel = facts.relations();
    let mut asked = union(&rel.questions_about, speakers(facts, p));
    asked.extend(union(
        &rel.pledge_questions,
        pledges.iter().filter_map(|pl| facts.pledge_index(&pl.id)),
    ));
    asked.sort_unstable();
    asked.dedup();
    let questions: Vec<String> = asked
        .into_iter()
        .filter_map(|i| facts.file.questions.get(i as usize))
        .map(|q| question_line(&mut c, q))
        .collect();
    if !questions.is_empty() {
        c.section("Open questions", questions);
    }
    c.finish()
}

/// "• Title (status) — text [n] · `id`", a pledge in a participant's profile.
pub fn pledge_line<'a>(c: &mut Composer<'a>, pl: &'a Pledge) -> String {
    c.show_pledge(&pl.id);
    let status = words::status(pl.status);
    let mut line =
        String::with_capacity(pl.title.len() + status.len() + pl.text.len() + pl.id.len() + 32);
    for part in ["• ", &pl.title, " (", status, ") — ", &pl.text] {
        line.push_str(part);
    }
    c.cite_into(&mut line, &pl.sources);
    for part in [" · `", pl.id.as_str(), "`"] {
        line.push_str(part);
    }
    line
}

/// A participant's statements, one line each ("• date — Who: text “quote” [n]"). A country's
/// include those of the people who speak for it, named.
pub fn statement_lines<'a>(c: &mut Composer<'a>, facts: &'a Facts, p: &Participant) -> Vec<String> {
    statement_lines_first(c, facts, p, usize::MAX).0
}

/// The first `max` of [`statement_lines`], and how many there are in all: only the lines shown
/// cite their sources, so a capped list lists no source it does not show.
pub fn statement_lines_first<'a>(
    c: &mut Composer<'a>,
    facts: &'a Facts,
    p: &Participant,
    max: usize,
) -> (Vec<String>, usize) {
    let statements = union(&facts.relations().statements_by, speakers(facts, p));
    let total = statements
        .iter()
        .filter(|&&i| facts.file.statements.get(i as usize).is_some())
        .count();
    let lines = statements
        .into_iter()
        .filter_map(|i| facts.file.statements.get(i as usize))
        .take(max)
        .map(|st| {
            let mut line = String::with_capacity(
                st.text.len() + st.quote.as_ref().map_or(0, |q| q.len()) + 64,
            );
            line.push_str("• ");
            if let Some(d) = &st.date {
                line.push_str(&words::date(d));
                line.push_str(" — ");
            }
            if st.by.as_str() != p.id.as_str() {
                c.names_into(&mut line, std::slice::from_ref(&st.by));
                line.push_str(": ");
            }
            line.push_str(&st.text);
            if let Some(q) = &st.quote {
                for part in [" “", q.as_str(), "”"] {
                    line.push_str(part);
                }
            }
            c.cite_into(&mut line, &st.sources);
            line
        })
        .collect();
    (lines, total)
}

pub fn pledges(
    facts: &Facts,
    by: Option<&Participant>,
    topic: Option<&Topic>,
    page: Option<i64>,
) -> Reply {
    let mut list: Vec<&Pledge> = match by {
        Some(p) => pledges_of(facts, p),
        None => facts.file.pledges.iter().collect(),
    };
    if let Some(t) = topic {
        list.retain(|pl| pl.topic.as_str() == t.id.as_str());
    }
    let pg = paginate(list.len(), PLEDGES_PER_PAGE, page);
    let mut title = "Pledges".to_owned();
    if let Some(p) = by {
        title.push_str(&format!(" by {}", p.name));
    }
    if let Some(t) = topic {
        title.push_str(&format!(" on {}", t.name));
    }
    let mut c = Composer::new(facts, title);
    // A person's own pledges only (see `pledges_of`), so say where their country's are.
    let personal = by
        .filter(|p| p.kind == ParticipantKind::Person)
        .and_then(|p| {
            let rep = facts.participant(p.represents.as_deref()?)?;
            Some((p, rep))
        });
    let mut body = match (list.is_empty(), personal, topic) {
        (true, Some((p, rep)), None) => format!(
            "No pledges are recorded as made by {} personally; `/pledges by:{}` lists those of {}.",
            p.name, rep.id, rep.name
        ),
        (true, _, _) => {
            let mut none = "No pledges".to_owned();
            if let Some(p) = by {
                none.push_str(&format!(" by {}", p.name));
            }
            if let Some(t) = topic {
                none.push_str(&format!(" on {}", t.name));
            }
            none.push_str(&format!(" are recorded for {}.", facts.summit().name));
            none
        }
        (false, _, _) => {
            let mut some = format!(
                "{} recorded. `/pledge id:<id>` shows one in full.",
                plural(list.len(), "pledge", "pledges")
            );
            if let Some((p, rep)) = personal {
                some.push_str(&format!(
                    " These are the ones made by {} personally; `/pledges by:{}` lists those of {}.",
                    p.name, rep.id, rep.name
                ));
            }
            if let Some(p) = by.filter(|p| p.kind != ParticipantKind::Person) {
                if !representatives(facts, &p.id).is_empty() {
                    some.push_str(&format!(
                        " Pledges made by people who represent {} count as its own.",
                        p.name
                    ));
                }
            }
            some
        }
    };
    page_line(&mut body, &pg);
    c.set_body(body);
    for pl in &list[pg.start..pg.end] {
        c.show_pledge(&pl.id);
        // Each line is built in one buffer (this list is the busiest answer on the HTTP
        // endpoint); the citation is taken first, so the numbering is as the list reads.
        let mut text = String::with_capacity(pl.text.len() + 16);
        text.push_str(&pl.text);
        c.cite_into(&mut text, &pl.sources);
        let topic_name = facts
            .topic(&pl.topic)
            .map_or(pl.topic.as_str(), |t| t.name.as_str());
        let mut by = String::with_capacity(128);
        by.push_str("By ");
        c.names_into(&mut by, &pl.by);
        for part in [" · ", topic_name, " · ", words::status(pl.status), " · `"] {
            by.push_str(part);
        }
        by.push_str(&pl.id);
        by.push('`');
        let mut lines = Vec::with_capacity(3 + pl.conditions.len());
        lines.push(by);
        lines.push(text);
        if !pl.conditions.is_empty() {
            lines.push("Conditions:".to_owned());
            lines.extend(pl.conditions.iter().map(|x| ["• ", x.as_str()].concat()));
        }
        c.section(&pl.title, lines);
    }
    finish_paged(c, &pg, || {
        let mut req = canonical("pledges", facts);
        if let Some(p) = by {
            req = req.with("by", OptionValue::String(p.id.to_string()));
        }
        if let Some(t) = topic {
            req = req.with("topic", OptionValue::String(t.id.to_string()));
        }
        req
    })
}

pub fn pledge(facts: &Facts, pl: &Pledge) -> Reply {
    let mut c = Composer::new(facts, pl.title.to_string());
    c.show_pledge(&pl.id);
    let mark = c.cite(&pl.sources);
    c.set_body(format!("{}{mark}", pl.text));
    let topic_name = facts
        .topic(&pl.topic)
        .map_or(pl.topic.to_string(), |t| t.name.to_string());
    let mut details = vec![
        format!("By: {}", c.names(&pl.by)),
        format!("Topic: {topic_name}"),
        format!("Status: {}", words::status_long(pl.status)),
    ];
    if !pl.documents.is_empty() {
        let docs: Vec<String> = pl.documents.iter().map(|id| c.document_name(id)).collect();
        details.push(format!("Part of: {}", docs.join(", ")));
    }
    details.push(format!("Id: `{}`", pl.id));
    c.section("Details", details);
    if !pl.conditions.is_empty() {
        c.section("Conditions", pl.conditions.iter().map(|x| format!("• {x}")));
    }
    let related = facts
        .pledge_index(&pl.id)
        .and_then(|i| facts.relations().pledge_questions.get(i))
        .map_or(&[][..], |l| l.as_slice());
    let questions: Vec<String> = related
        .iter()
        .filter_map(|&i| facts.file.questions.get(i as usize))
        .map(|q| question_line(&mut c, q))
        .collect();
    if !questions.is_empty() {
        c.section("Open questions", questions);
    }
    c.finish()
}

pub fn questions(facts: &Facts, page: Option<i64>) -> Reply {
    let list = &facts.file.questions;
    let pg = paginate(list.len(), QUESTIONS_PER_PAGE, page);
    let mut c = Composer::new(facts, format!("Open questions — {}", facts.summit().name));
    let mut body = if list.is_empty() {
        "No open questions are recorded for this summit.".to_owned()
    } else {
        format!(
            "{} the summit left unresolved. `/question id:<id>` shows one in full.",
            plural(list.len(), "question", "questions")
        )
    };
    page_line(&mut body, &pg);
    c.set_body(body);
    for q in &list[pg.start..pg.end] {
        let mark = c.cite(&q.sources);
        let mut lines = vec![format!("{}{mark}", q.text)];
        if !q.raised_by.is_empty() {
            lines.push(format!("Raised by: {}", c.names(&q.raised_by)));
        }
        lines.push(format!("Id: `{}`", q.id));
        c.section(&q.title, lines);
    }
    finish_paged(c, &pg, || canonical("questions", facts))
}

pub fn question(facts: &Facts, q: &Question) -> Reply {
    let mut c = Composer::new(facts, q.title.to_string());
    let mark = c.cite(&q.sources);
    c.set_body(format!("{}{mark}", q.text));
    let mut details = Vec::new();
    if !q.raised_by.is_empty() {
        details.push(format!("Raised by: {}", c.names(&q.raised_by)));
    }
    if !q.concerns.is_empty() {
        details.push(format!("Concerns: {}", c.names(&q.concerns)));
    }
    details.push(format!("Id: `{}`", q.id));
    c.section("Details", details);
    let related: Vec<String> = q
        .related_pledges
        .iter()
        .filter_map(|id| facts.pledge(id))
        .map(|pl| {
            c.show_pledge(&pl.id);
            let mark = c.cite(&pl.sources);
            format!(
                "• {} ({}, by {}){mark} · `{}`",
                pl.title,
                words::status(pl.status),
                c.names(&pl.by),
                pl.id
            )
        })
        .collect();
    if !related.is_empty() {
        c.section("Related pledges", related);
    }
    c.finish()
}

pub fn disputes(facts: &Facts, page: Option<i64>) -> Reply {
    let mut c = Composer::new(facts, format!("Disputed points — {}", facts.summit().name));
    let list = &facts.file.disputes;
    let pg = paginate(list.len(), DISPUTES_PER_PAGE, page);
    let mut body = if list.is_empty() {
        "No disputed points are recorded for this summit.".to_owned()
    } else {
        format!(
            "{} on which the sources disagree. Every version is shown with its own sources. Where \
             the strongest sources support one, it comes first with why, and the others are \
             shown as weaker reports; otherwise the sources are balanced.",
            plural(list.len(), "point", "points")
        )
    };
    page_line(&mut body, &pg);
    c.set_body(body);
    for d in &list[pg.start..pg.end] {
        c.dispute(d);
    }
    finish_paged(c, &pg, || canonical("disputes", facts))
}

pub fn timeline(facts: &Facts, page: Option<i64>) -> Reply {
    let mut c = Composer::new(facts, format!("Timeline — {}", facts.summit().name));
    let mut events: Vec<_> = facts.file.events.iter().collect();
    // Stable: events on one day keep the order the fact file gives them.
    events.sort_by(|a, b| a.date.as_str().cmp(b.date.as_str()));
    let pg = paginate(events.len(), EVENTS_PER_PAGE, page);
    let mut body = if events.is_empty() {
        "No dated events are recorded for this summit.".to_owned()
    } else {
        format!(
            "{}, oldest first.",
            plural(events.len(), "dated event", "dated events")
        )
    };
    page_line(&mut body, &pg);
    c.set_body(body);
    let shown = &events[pg.start..pg.end];
    let mut i = 0;
    while i < shown.len() {
        let day = shown[i].date.as_str();
        let mut lines = Vec::new();
        while i < shown.len() && shown[i].date.as_str() == day {
            lines.push(event_line(&mut c, shown[i], false));
            i += 1;
        }
        c.section(&words::date(day), lines);
    }
    finish_paged(c, &pg, || canonical("timeline", facts))
}

/// "• Title: text [n]" for a timeline, with the date first when `dated` (a timeline across
/// summits groups by summit, not by day), and "Background:" for context outside the summit.
pub fn event_line<'a>(c: &mut Composer<'a>, e: &'a Event, dated: bool) -> String {
    let mut line = String::with_capacity(e.title.len() + e.text.len() + 48);
    line.push_str("• ");
    if dated {
        line.push_str(&words::date(&e.date));
        line.push_str(" — ");
    }
    if e.background {
        line.push_str("Background: ");
    }
    for part in [e.title.as_str(), ": ", e.text.as_str()] {
        line.push_str(part);
    }
    c.cite_into(&mut line, &e.sources);
    line
}

pub fn sources(facts: &Facts, page: Option<i64>) -> Reply {
    let list = &facts.file.sources;
    let pg = paginate(list.len(), SOURCES_PER_PAGE, page);
    let mut c = Composer::new(facts, format!("Sources — {}", facts.summit().name));
    let mut body = format!(
        "{} behind these facts, last checked on {}. Answers cite them by number; each is \
         marked official, wire, press or other (the weakest).",
        plural(list.len(), "source", "sources"),
        words::date(&facts.summit().as_of)
    );
    page_line(&mut body, &pg);
    c.set_body(body);
    for s in &list[pg.start..pg.end] {
        c.cite_source(s);
        let mut first = [s.publisher.as_str(), " · ", s.kind.as_str()].concat();
        if let Some(d) = &s.date {
            first.push_str(&format!(", {}", words::date(d)));
        }
        let mut lines = vec![first];
        if let Some(note) = &s.note {
            lines.push(note.to_string());
        }
        if let Some(url) = &s.url {
            lines.push(url.to_string());
        }
        lines.push(format!(
            "Key `{}` · {}",
            s.id,
            plural(uses(facts, &s.id), "fact cites it", "facts cite it")
        ));
        c.section(&s.title, lines);
    }
    finish_paged(c, &pg, || canonical("sources", facts))
}

/// How many facts cite a source, so a reader can tell the load-bearing sources from the rest.
fn uses(facts: &Facts, key: &str) -> usize {
    facts.source_uses(key)
}

/// "14 countries, 20 people, 5 organisations": the split that both `/summit` and `/summits` give.
pub fn kinds_of_participants(file: &FactFile) -> String {
    let count = |k| file.participants.iter().filter(|p| p.kind == k).count();
    format!(
        "{}, {}, {}",
        plural(count(ParticipantKind::Country), "country", "countries"),
        plural(count(ParticipantKind::Person), "person", "people"),
        plural(
            count(ParticipantKind::Organisation),
            "organisation",
            "organisations"
        )
    )
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_clamp_instead_of_failing() {
        let p = paginate(25, 10, Some(2));
        assert_eq!((p.number, p.pages, p.start, p.end), (2, 3, 10, 20));
        assert!(p.note.is_none());
        let p = paginate(25, 10, Some(9));
        assert_eq!((p.number, p.start, p.end), (3, 20, 25));
        assert!(p.note.is_some());
        let p = paginate(25, 10, Some(-4));
        assert_eq!((p.number, p.start), (1, 0));
        let p = paginate(0, 10, Some(i64::MAX));
        assert_eq!((p.number, p.pages, p.start, p.end), (1, 1, 0, 0));
    }
}
