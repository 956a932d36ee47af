//! One function per command that shows facts. Each receives already-resolved entities (the
//! command's handler in `crate::commands` did the lookups, `commands::check` the option checks) and builds its answer through a
//! [`Composer`], which adds the dispute sections and citations.

use crate::catalog::{DisputeLayout, Facts, ListKey};
use crate::facts::{
    Event, FactFile, Participant, ParticipantKind, Pledge, Question, Source, Statement, Text, Topic,
};
use crate::reply::{Paging, Reply};
use crate::request::{names, OptionValue, Request, PAGE, SUMMIT};

use super::compose::Composer;
use super::words;
use super::ANSWER_BUDGET;
use crate::text::char_len;

/// Events per page of `/timeline summit:all`; a single summit's lists page by size instead
/// ([`paginate_sized`]).
pub const EVENTS_PER_PAGE: usize = 6;

/// What a list page's items may take of [`ANSWER_BUDGET`]: the rest is for the body and the
/// one-line dispute pointers ([`Composer`] shows at most [`super::compose::POINTERS`]).
fn items_budget(body: &str) -> usize {
    ANSWER_BUDGET.saturating_sub(char_len(body) + POINTER_RESERVE)
}

/// Room kept on every list page for the "Disputed" pointer section.
const POINTER_RESERVE: usize = 160;

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
    let starts: Vec<usize> = (0..total.max(1)).step_by(size.max(1)).collect();
    page_of(&starts, total, requested)
}

/// Pages that each hold as many items as fit `budget` characters (at least one item), given
/// each item's size: long items make short pages, so every page fits one screen.
pub(super) fn paginate_sized(sizes: &[usize], budget: usize, requested: Option<i64>) -> Page {
    page_of(&page_starts(sizes, budget), sizes.len(), requested)
}

/// Where each page starts, packing items in order.
pub(super) fn page_starts(sizes: &[usize], budget: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut used = 0;
    for (i, &size) in sizes.iter().enumerate() {
        if used > 0 && used + size > budget {
            starts.push(i);
            used = 0;
        }
        used += size;
    }
    starts
}

/// Where each page starts when the items are lines grouped into sections: a group (a dispute,
/// a profile's pledges) stays on one page when it fits one, and otherwise continues on the next.
/// `first` is the room on page 1, `rest` on the others. `units` gives each line's group and size.
pub(super) fn unit_starts(units: &[(usize, usize)], first: usize, rest: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut used = 0;
    let budget = |starts: &Vec<usize>| if starts.len() == 1 { first } else { rest };
    let mut i = 0;
    while i < units.len() {
        let group = units[i].0;
        let end = units[i..]
            .iter()
            .position(|u| u.0 != group)
            .map_or(units.len(), |n| i + n);
        let size: usize = units[i..end].iter().map(|u| u.1).sum();
        if used > 0 && used + size > budget(&starts) && size <= rest {
            starts.push(i);
            used = 0;
        }
        for (k, unit) in units.iter().enumerate().take(end).skip(i) {
            if used > 0 && used + unit.1 > budget(&starts) {
                starts.push(k);
                used = 0;
            }
            used += unit.1;
        }
        i = end;
    }
    starts
}

fn page_of(starts: &[usize], total: usize, requested: Option<i64>) -> Page {
    let pages = starts.len().max(1);
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
    let start = starts.get(number - 1).copied().unwrap_or(0).min(total);
    let end = starts.get(number).copied().unwrap_or(total).min(total);
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
        canonical.options.insert(
            PAGE.name.to_owned(),
            OptionValue::Integer(page.number as i64),
        );
        reply.paging = Some(Paging {
            page: page.number as u32,
            pages: page.pages as u32,
            request: canonical,
        });
    }
    reply
}

fn canonical(command: &str, facts: &Facts) -> Request {
    Request::new(command).with(SUMMIT.name, OptionValue::String(facts.id().to_owned()))
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

/// Characters a block of lines takes in a field: the lines and the newlines between them.
fn cost(name: &str, lines: &[String]) -> usize {
    char_len(name) + lines.iter().map(|l| char_len(l) + 1).sum::<usize>()
}

/// The first sentences of `text`, up to about `max` characters (always the first sentence).
pub(super) fn first_sentences(text: &str, max: usize) -> String {
    let mut end = 0;
    for (i, _) in text.match_indices(". ") {
        if end > 0 && char_len(&text[..i + 1]) > max {
            break;
        }
        end = i + 1;
    }
    if char_len(text) <= max {
        return text.to_owned();
    }
    let first_end = text.find(". ").map_or(text.len(), |i| i + 1);
    if end == 0 || (end == first_end && char_len(&text[..end]) > max) {
        // One long sentence: end it at its last clause break ("; ") within reach, if any.
        let sentence = &text[..first_end];
        let clause = sentence
            .match_indices("; ")
            .map(|(i, _)| i)
            .filter(|&i| char_len(&text[..i]) <= max)
            .last();
        return match clause {
            Some(i) => format!("{}.", &text[..i]),
            None => sentence.to_owned(),
        };
    }
    text[..end].to_owned()
}

/// Longest figure note the overview shows.
const NOTE_MAX: usize = 80;

/// `/summit`: an overview on one screen — a short summary, when and where, the key numbers and
/// the documents — with buttons to the lists (pledges, open questions, disputes, timeline,
/// sources). The summary's full text and the documents' points are what `/ask` answers from.
pub fn summit(facts: &Facts) -> Reply {
    let s = facts.summit();
    let mut c = Composer::new(facts, s.name.to_string());
    let mut body = String::with_capacity(400);
    body.push_str(&first_sentences(&s.summary, 260));
    c.cite_into(&mut body, &s.sources);
    c.set_body(body);
    c.show_summit_disputes();

    let mut host = format!("Host: {}", c.name(&s.host));
    if !s.co_hosts.is_empty() {
        host.push_str(" · co-chaired with ");
        let names = c.names(&s.co_hosts);
        host.push_str(&names);
    }
    let about = vec![
        format!("{} · {}", words::date_with_weekday(&s.date), s.place),
        host,
        format!("Facts checked on {}", words::date(&s.as_of)),
    ];
    c.section("When and where", about);

    let mut numbers = Vec::new();
    for f in &s.figures {
        // "- label: **value** — note [n]", built in one buffer.
        let mut line = String::with_capacity(
            f.label.len() + f.value.len() + f.note.as_ref().map_or(0, |n| n.len()) + 24,
        );
        for part in ["- ", f.label.as_str(), ": **", f.value.as_str(), "**"] {
            line.push_str(part);
        }
        // A short note reads at a glance; a long one is the kind of detail `/ask` is for.
        if let Some(n) = f.note.as_ref().filter(|n| char_len(n) <= NOTE_MAX) {
            line.push_str(" — ");
            line.push_str(n);
        }
        c.cite_into(&mut line, &f.sources);
        numbers.push(line);
    }
    let file = &facts.file;
    numbers.push(format!(
        "- Recorded here: {}, {}, {}, {}, {}",
        plural(file.participants.len(), "participant", "participants"),
        plural(file.pledges.len(), "pledge", "pledges"),
        plural(file.questions.len(), "open question", "open questions"),
        plural(file.disputes.len(), "disputed point", "disputed points"),
        plural(file.events.len(), "dated event", "dated events"),
    ));
    c.section("Key numbers", numbers);

    let mut documents = Vec::new();
    for d in &file.documents {
        c.show_document(&d.id);
        let mut line = String::with_capacity(128);
        line.push_str("- **");
        line.push_str(&d.name);
        line.push_str("**");
        if !d.signed_by.is_empty() {
            line.push_str(": signed by ");
            sentence_names_into(&mut c, &mut line, &d.signed_by);
        } else if !d.endorsed_by.is_empty() {
            line.push_str(": approved by ");
            sentence_names_into(&mut c, &mut line, &d.endorsed_by);
            line.push_str(", no signature reported");
        }
        c.cite_into(&mut line, &d.sources);
        documents.push(line);
    }
    if !documents.is_empty() {
        c.section("Documents", documents);
    }
    for (label, command) in [
        ("Pledges", names::PLEDGES),
        ("Open questions", names::QUESTIONS),
        ("Disputes", names::DISPUTES),
        ("Timeline", names::TIMELINE),
        ("All sources", names::SOURCES),
    ] {
        c.action(label, canonical(command, facts));
    }
    c.finish()
}

/// Names joined for a sentence, with articles: "the United Kingdom and France".
fn sentence_names_into<'a>(c: &mut Composer<'a>, out: &mut String, ids: &'a [Text]) {
    for (i, id) in ids.iter().enumerate() {
        c.show_participant(id);
        if i > 0 {
            out.push_str(if i + 1 == ids.len() { " and " } else { ", " });
        }
        out.push_str(&words::name_in_sentence(c.facts(), id));
    }
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
    let intro = if list.is_empty() {
        format!("No {what} are recorded for this summit.")
    } else {
        format!(
            "{} {what} recorded, with how each took part. `/participant name:<name>` shows one in full.",
            list.len()
        )
    };
    let budget = items_budget(&intro) - 40;
    let sizes = facts.item_sizes(ListKey::Participants(kind), |facts| {
        let mut scratch = Composer::new(facts, "");
        list.iter()
            .map(|p| char_len(&participant_line(&mut scratch, p)) + 1 + p.sources.len())
            .collect()
    });
    let pg = paginate_sized(&sizes, budget, page);
    let mut body = intro;
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
        let mut req = canonical(names::PARTICIPANTS, facts);
        if let Some(k) = kind {
            req = req.with(names::KIND, OptionValue::String(words::kind(k).to_owned()));
        }
        req
    })
}

/// One participant as a list line: name, role, how they took part, and their citation mark.
/// Shared by the participant list and a profile's "who speaks for" list so both read the same.
/// The list's section already says the kind, so the line does not repeat it.
fn participant_line<'a>(c: &mut Composer<'a>, p: &'a Participant) -> String {
    c.show_participant(&p.id);
    let attendance = words::attendance_short(p.attendance);
    let mut line = String::with_capacity(
        p.name.len() + p.role.as_ref().map_or(16, |r| r.len()) + attendance.len() + 24,
    );
    line.push_str("- ");
    line.push_str(&p.name);
    if let Some(role) = &p.role {
        line.push_str(" — ");
        line.push_str(role);
    }
    line.push_str(" · ");
    line.push_str(attendance);
    c.cite_into(&mut line, &p.sources);
    line
}

/// "- Title [n] · `id`", the line for an open question in a profile or a pledge; the id is
/// what `/question id:` takes.
fn question_line<'a>(c: &mut Composer<'a>, q: &'a Question) -> String {
    let mut line = String::with_capacity(q.title.len() + q.id.len() + 24);
    line.push_str("- ");
    line.push_str(&q.title);
    c.cite_into(&mut line, &q.sources);
    for part in [" · `", q.id.as_str(), "`"] {
        line.push_str(part);
    }
    line
}

/// One line of a participant's profile, under its section.
#[derive(Clone, Copy)]
enum ProfileLine<'a> {
    Speaker(&'a Participant),
    /// A person with no pledges of their own, pointing to those of whom they speak for.
    Elsewhere(&'a Participant),
    Pledge(&'a Pledge),
    Question(&'a Question),
    Statement(&'a Statement),
}

impl ProfileLine<'_> {
    fn group(self) -> usize {
        match self {
            ProfileLine::Speaker(_) => 0,
            ProfileLine::Elsewhere(_) | ProfileLine::Pledge(_) => 1,
            ProfileLine::Question(_) => 2,
            ProfileLine::Statement(_) => 3,
        }
    }
}

/// `/participant` in one summit: who they are (page 1), then who speaks for them, their pledges
/// by title, the open questions about them and their statements, on as many pages as they need
/// so each fits one screen.
pub fn participant(facts: &Facts, p: &Participant, page: Option<i64>) -> Reply {
    let mut c = Composer::new(facts, p.name.to_string());
    c.show_participant(&p.id);
    let mut body = String::with_capacity(p.summary.len() + 16);
    body.push_str(&p.summary);
    c.cite_into(&mut body, &p.sources);
    let profile = profile_lines(facts, p);
    let items = profile_items(facts, p);
    let section_name = |item: ProfileLine<'_>| match item {
        ProfileLine::Speaker(_) => {
            format!("Who speaks for {}", words::name_in_sentence(facts, &p.id))
        }
        ProfileLine::Elsewhere(_) | ProfileLine::Pledge(_) => "Pledges".to_owned(),
        ProfileLine::Question(_) => "Open questions".to_owned(),
        ProfileLine::Statement(_) => "Statements".to_owned(),
    };
    let units: Vec<(usize, usize)> = {
        let mut scratch = Composer::new(facts, "");
        items
            .iter()
            .enumerate()
            .map(|(i, &item)| {
                let name = if i == 0 || items[i - 1].group() != item.group() {
                    char_len(&section_name(item)) + 14
                } else {
                    0
                };
                (
                    item.group(),
                    char_len(&profile_line(&mut scratch, facts, p, item)) + 4 + name,
                )
            })
            .collect()
    };
    let head = char_len(&body) + cost("Profile", &profile) + 40;
    let rest = ANSWER_BUDGET - POINTER_RESERVE - 80;
    let starts = unit_starts(&units, rest.saturating_sub(head), rest);
    let pg = page_of(&starts, items.len(), page);
    if pg.number == 1 {
        page_line(&mut body, &pg);
        c.set_body(body);
        c.section("Profile", profile);
    } else {
        let mut note = format!("{}, continued.", p.name);
        page_line(&mut note, &pg);
        c.set_body(note);
    }
    let mut k = pg.start;
    while k < pg.end {
        let group = items[k].group();
        let end = items[k..pg.end]
            .iter()
            .position(|i| i.group() != group)
            .map_or(pg.end, |n| k + n);
        let continued = k > 0 && items[k - 1].group() == group;
        let mut name = section_name(items[k]);
        if continued {
            name.push_str(" (continued)");
        }
        let lines: Vec<String> = items[k..end]
            .iter()
            .map(|&item| profile_line(&mut c, facts, p, item))
            .collect();
        c.section(&name, lines);
        k = end;
    }
    finish_paged(c, &pg, || {
        canonical(names::PARTICIPANT, facts)
            .with(names::NAME, OptionValue::String(p.id.to_string()))
    })
}

/// The lines after the profile, in order: who speaks for them, pledges, open questions,
/// statements. A country's questions and statements include those of its spokespeople.
fn profile_items<'a>(facts: &'a Facts, p: &'a Participant) -> Vec<ProfileLine<'a>> {
    let mut items: Vec<ProfileLine<'a>> = representatives(facts, &p.id)
        .into_iter()
        .map(ProfileLine::Speaker)
        .collect();
    let pledges = pledges_of(facts, p);
    if pledges.is_empty() {
        if let Some(rep) = p.represents.as_deref().and_then(|r| facts.participant(r)) {
            if !pledges_of(facts, rep).is_empty() {
                items.push(ProfileLine::Elsewhere(rep));
            }
        }
    }
    items.extend(pledges.iter().map(|pl| ProfileLine::Pledge(pl)));
    let rel = facts.relations();
    let mut asked = union(&rel.questions_about, speakers(facts, p));
    asked.extend(union(
        &rel.pledge_questions,
        pledges.iter().filter_map(|pl| facts.pledge_index(&pl.id)),
    ));
    asked.sort_unstable();
    asked.dedup();
    items.extend(
        asked
            .into_iter()
            .filter_map(|i| facts.file.questions.get(i as usize))
            .map(ProfileLine::Question),
    );
    items.extend(
        union(&rel.statements_by, speakers(facts, p))
            .into_iter()
            .filter_map(|i| facts.file.statements.get(i as usize))
            .map(ProfileLine::Statement),
    );
    items
}

fn profile_line<'a>(
    c: &mut Composer<'a>,
    facts: &'a Facts,
    p: &'a Participant,
    item: ProfileLine<'a>,
) -> String {
    match item {
        ProfileLine::Speaker(r) => participant_line(c, r),
        ProfileLine::Elsewhere(rep) => format!(
            "None recorded as made by {} personally; `/pledges by:{}` lists those of {}.",
            p.name,
            rep.id,
            words::name_in_sentence(facts, &rep.id)
        ),
        ProfileLine::Pledge(pl) => pledge_line(c, pl),
        ProfileLine::Question(q) => question_line(c, q),
        ProfileLine::Statement(st) => statement_line(c, p, st),
    }
}

/// Who they are, in a few short lines: kind and role, whom they represent, host, attendance and
/// other names. A role that already says "host" is not followed by "Host of the summit".
fn profile_lines(facts: &Facts, p: &Participant) -> Vec<String> {
    let s = facts.summit();
    let mut profile = Vec::new();
    let role_says_host = p
        .role
        .as_deref()
        .is_some_and(|r| r.to_lowercase().contains("host"));
    match &p.role {
        Some(role) => profile.push(format!("{} · {role}", capitalised(words::kind(p.kind)))),
        None => profile.push(capitalised(words::kind(p.kind))),
    }
    if let Some(rep) = &p.represents {
        profile.push(format!(
            "Represents {}",
            words::name_in_sentence(facts, rep)
        ));
    }
    if !role_says_host {
        if s.host.as_str() == p.id.as_str() {
            profile.push("Host of the summit".to_owned());
        } else if s.co_hosts.iter().any(|h| h.as_str() == p.id.as_str()) {
            profile.push("Co-host of the summit".to_owned());
        }
    }
    profile.push(format!(
        "Attendance: {}",
        words::attendance_long(p.attendance)
    ));
    if !p.aliases.is_empty() {
        let aliases: Vec<&str> = p.aliases.iter().map(|a| a.as_str()).collect();
        profile.push(format!("Also known as {}", aliases.join(", ")));
    }
    profile
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// "- Title · status [n] · `id`", a pledge in a profile: its text is one click away
/// (`/pledge id:`), so the profile stays one screen.
pub fn pledge_line<'a>(c: &mut Composer<'a>, pl: &'a Pledge) -> String {
    c.show_pledge(&pl.id);
    let status = words::status(pl.status);
    let mut line = String::with_capacity(pl.title.len() + status.len() + pl.id.len() + 32);
    for part in ["- ", &pl.title, " · ", status] {
        line.push_str(part);
    }
    c.cite_into(&mut line, &pl.sources);
    for part in [" · `", pl.id.as_str(), "`"] {
        line.push_str(part);
    }
    line
}

/// A participant's statements, one line each ("- date — Who: text “quote” [n]"). A country's
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
        .map(|st| statement_line(c, p, st))
        .collect();
    (lines, total)
}

/// "- date — Who: text “quote” [n]", naming who spoke when it is not `p` itself.
fn statement_line<'a>(c: &mut Composer<'a>, p: &Participant, st: &'a Statement) -> String {
    let mut line =
        String::with_capacity(st.text.len() + st.quote.as_ref().map_or(0, |q| q.len()) + 64);
    line.push_str("- ");
    if let Some(d) = &st.date {
        line.push_str(&words::date(d));
        line.push_str(" — ");
    }
    if st.by.as_str() != p.id.as_str() {
        line.push_str(&c.name(&st.by));
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
}

/// One pledge of a list as a section: `id` (what `/pledge id:` takes) · status · by whom, then
/// its text and its conditions in one line.
fn pledge_item<'a>(
    c: &mut Composer<'a>,
    facts: &'a Facts,
    pl: &'a Pledge,
    by_only: Option<&str>,
) -> (String, Vec<String>) {
    c.show_pledge(&pl.id);
    let mut text = String::with_capacity(pl.text.len() + 16);
    text.push_str(&pl.text);
    c.cite_into(&mut text, &pl.sources);
    let mut meta = String::with_capacity(128);
    for part in ["`", pl.id.as_str(), "` · ", words::status(pl.status)] {
        meta.push_str(part);
    }
    // The list is of one participant's pledges: "by" only says something when others share it.
    let alone = by_only.is_some_and(|who| pl.by.len() == 1 && pl.by[0].as_str() == who);
    if !alone {
        meta.push_str(" · by ");
        sentence_names_into(c, &mut meta, &pl.by);
    }
    let mut lines = vec![meta, text];
    if !pl.conditions.is_empty() {
        let conditions: Vec<&str> = pl
            .conditions
            .iter()
            .map(|x| x.as_str().trim_end_matches('.'))
            .collect();
        lines.push(format!("Conditions: {}.", conditions.join(" · ")));
    }
    let _ = facts;
    (pl.title.to_string(), lines)
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
    let mut title = "Pledges".to_owned();
    if let Some(p) = by {
        title.push_str(&format!(" by {}", words::name_in_sentence(facts, &p.id)));
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
    let intro = match (list.is_empty(), personal, topic) {
        (true, Some((p, rep)), None) => format!(
            "No pledges are recorded as made by {} personally; `/pledges by:{}` lists those of {}.",
            p.name,
            rep.id,
            words::name_in_sentence(facts, &rep.id)
        ),
        (true, _, _) => {
            let mut none = "No pledges".to_owned();
            if let Some(p) = by {
                none.push_str(&format!(" by {}", words::name_in_sentence(facts, &p.id)));
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
                    p.name,
                    rep.id,
                    words::name_in_sentence(facts, &rep.id)
                ));
            }
            if let Some(p) = by.filter(|p| p.kind != ParticipantKind::Person) {
                if !representatives(facts, &p.id).is_empty() {
                    some.push_str(&format!(
                        " Pledges made by people who represent {} count as its own.",
                        words::name_in_sentence(facts, &p.id)
                    ));
                }
            }
            some
        }
    };
    let by_only = by.map(|p| p.id.as_str());
    let measure = |facts: &Facts| {
        let mut scratch = Composer::new(facts, "");
        list.iter()
            .map(|pl| {
                let (name, lines) = pledge_item(&mut scratch, facts, pl, by_only);
                cost(&name, &lines) + pl.sources.len()
            })
            .collect()
    };
    // The list is named by the positions of its filters; one this file cannot place (none
    // should reach here) is measured without being kept.
    let position = |id: Option<&str>, map: &crate::catalog::IdMap| match id {
        None => Some(None),
        Some(id) => map.get(id).map(|&i| Some(i)),
    };
    let rel = facts.relations();
    let key = position(by.map(|p| p.id.as_str()), &rel.participants)
        .zip(position(topic.map(|t| t.id.as_str()), &rel.topics));
    let sizes: std::sync::Arc<[usize]> = match key {
        Some((by, topic)) => facts.item_sizes(ListKey::Pledges { by, topic }, measure),
        None => measure(facts).into(),
    };
    let pg = paginate_sized(&sizes, items_budget(&intro), page);
    let mut body = intro;
    page_line(&mut body, &pg);
    c.set_body(body);
    for pl in &list[pg.start..pg.end] {
        let (name, lines) = pledge_item(&mut c, facts, pl, by_only);
        c.section(&name, lines);
    }
    finish_paged(c, &pg, || {
        let mut req = canonical(names::PLEDGES, facts);
        if let Some(p) = by {
            req = req.with(names::BY, OptionValue::String(p.id.to_string()));
        }
        if let Some(t) = topic {
            req = req.with(names::TOPIC, OptionValue::String(t.id.to_string()));
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
    let mut by = String::from("By: ");
    sentence_names_into(&mut c, &mut by, &pl.by);
    let mut details = vec![
        by,
        format!("Topic: {topic_name}"),
        format!("Status: {}", words::status_long(pl.status)),
    ];
    if !pl.documents.is_empty() {
        let docs: Vec<String> = pl.documents.iter().map(|id| c.document_name(id)).collect();
        details.push(format!("Part of: {}", docs.join(", ")));
    }
    c.section("Details", details);
    if !pl.conditions.is_empty() {
        c.section("Conditions", pl.conditions.iter().map(|x| format!("- {x}")));
    }
    let related = facts
        .pledge_index(&pl.id)
        .and_then(|i| facts.relations().pledge_questions.get(i))
        .map_or(&[][..], |l| l.as_slice());
    // The first few; the rest are in `/questions`, so the pledge stays one screen.
    let mut questions: Vec<String> = related
        .iter()
        .take(QUESTIONS_SHOWN)
        .filter_map(|&i| facts.file.questions.get(i as usize))
        .map(|q| question_line(&mut c, q))
        .collect();
    if related.len() > QUESTIONS_SHOWN {
        questions.push(format!(
            "- …and {} more in `/questions`",
            related.len() - QUESTIONS_SHOWN
        ));
    }
    if !questions.is_empty() {
        c.section("Open questions", questions);
    }
    c.finish()
}

/// Open questions a pledge lists itself.
const QUESTIONS_SHOWN: usize = 3;

/// One open question of a list: its text, who raised it, and its id for `/question id:`.
fn question_item<'a>(c: &mut Composer<'a>, q: &'a Question) -> (String, Vec<String>) {
    let mark = c.cite(&q.sources);
    let mut lines = vec![format!("{}{mark}", q.text)];
    let mut meta = format!("`{}`", q.id);
    if !q.raised_by.is_empty() {
        meta.push_str(" · raised by ");
        meta.push_str(&c.names(&q.raised_by));
    }
    lines.push(meta);
    (q.title.to_string(), lines)
}

pub fn questions(facts: &Facts, page: Option<i64>) -> Reply {
    let list = &facts.file.questions;
    let mut c = Composer::new(facts, format!("Open questions — {}", facts.summit().name));
    let intro = if list.is_empty() {
        "No open questions are recorded for this summit.".to_owned()
    } else {
        format!(
            "{} the summit left unresolved. `/question id:<id>` shows one in full.",
            plural(list.len(), "question", "questions")
        )
    };
    let sizes = facts.item_sizes(ListKey::Questions, |facts| {
        let mut scratch = Composer::new(facts, "");
        list.iter()
            .map(|q| {
                let (name, lines) = question_item(&mut scratch, q);
                cost(&name, &lines) + q.sources.len()
            })
            .collect()
    });
    let pg = paginate_sized(&sizes, items_budget(&intro), page);
    let mut body = intro;
    page_line(&mut body, &pg);
    c.set_body(body);
    for q in &list[pg.start..pg.end] {
        let (name, lines) = question_item(&mut c, q);
        c.section(&name, lines);
    }
    finish_paged(c, &pg, || canonical(names::QUESTIONS, facts))
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
        details.push(format!("About: {}", c.names(&q.concerns)));
    }
    details.push(format!("Id: `{}`", q.id));
    c.section("Details", details);
    let related: Vec<String> = q
        .related_pledges
        .iter()
        .filter_map(|id| facts.pledge(id))
        .map(|pl| pledge_line(&mut c, pl))
        .collect();
    if !related.is_empty() {
        c.section("Related pledges", related);
    }
    c.finish()
}

const DISPUTES_INTRO: &str = "on which the sources disagree, each with every version and its \
                              sources; the best-supported version, when there is one, comes first.";

/// Each line of every dispute as (dispute position, size), with the dispute's title counted on
/// its first line, and where the `/disputes` pages start. Made once per load
/// ([`Facts::dispute_layout`]).
fn dispute_layout(facts: &Facts) -> &DisputeLayout {
    facts.dispute_layout(measure_disputes)
}

fn measure_disputes(facts: &Facts) -> DisputeLayout {
    let list = &facts.file.disputes;
    let intro = format!("{} {DISPUTES_INTRO}", plural(list.len(), "point", "points"));
    let mut scratch = Composer::new(facts, "");
    let mut units = Vec::new();
    for (i, d) in list.iter().enumerate() {
        for (k, line) in scratch.dispute_lines(d).iter().enumerate() {
            let title = if k == 0 { char_len(&d.title) + 14 } else { 0 };
            units.push((i, char_len(line) + 4 + title));
        }
    }
    let room = ANSWER_BUDGET.saturating_sub(char_len(&intro) + 80);
    let starts = unit_starts(&units, room, room);
    (units, starts)
}

/// The `/disputes` page on which each dispute starts, in file order: what other answers point to.
pub(super) fn dispute_pages(facts: &Facts) -> Vec<usize> {
    let (units, starts) = dispute_layout(facts);
    let mut pages = vec![1; facts.file.disputes.len()];
    let mut seen = vec![false; pages.len()];
    // One forward pass: `page` is the page holding line `k`, and a dispute's page is its first
    // line's.
    let mut page = 0;
    for (k, &(d, _)) in units.iter().enumerate() {
        while page + 1 < starts.len() && starts[page + 1] <= k {
            page += 1;
        }
        if let (Some(p), Some(s)) = (pages.get_mut(d), seen.get_mut(d)) {
            if !*s {
                *p = page + 1;
                *s = true;
            }
        }
    }
    pages
}

pub fn disputes(facts: &Facts, page: Option<i64>) -> Reply {
    let mut c = Composer::new(facts, format!("Disputed points — {}", facts.summit().name));
    let list = &facts.file.disputes;
    let (units, starts) = dispute_layout(facts);
    let pg = page_of(starts, units.len(), page);
    let mut body = if list.is_empty() {
        "No disputed points are recorded for this summit.".to_owned()
    } else {
        format!("{} {DISPUTES_INTRO}", plural(list.len(), "point", "points"))
    };
    page_line(&mut body, &pg);
    c.set_body(body);
    // The lines of this page, dispute by dispute: (dispute, first line, end line).
    let mut k = pg.start;
    while k < pg.end {
        let d = units[k].0;
        // Lines are in dispute order, so the dispute's first line is found by halving.
        let first = units.partition_point(|u| u.0 < d).min(k);
        let end = units[k..pg.end]
            .iter()
            .position(|u| u.0 != d)
            .map_or(pg.end, |n| k + n);
        if let Some(dispute) = list.get(d) {
            c.dispute_part(dispute, k - first..end - first);
        }
        k = end;
    }
    finish_paged(c, &pg, || canonical(names::DISPUTES, facts))
}

pub fn timeline(facts: &Facts, page: Option<i64>) -> Reply {
    let mut c = Composer::new(facts, format!("Timeline — {}", facts.summit().name));
    let mut events: Vec<_> = facts.file.events.iter().collect();
    // Stable: events on one day keep the order the fact file gives them.
    events.sort_by(|a, b| a.date.as_str().cmp(b.date.as_str()));
    let intro = if events.is_empty() {
        "No dated events are recorded for this summit.".to_owned()
    } else {
        format!(
            "{}, oldest first.",
            plural(events.len(), "dated event", "dated events")
        )
    };
    let sizes = facts.item_sizes(ListKey::Timeline, |facts| {
        let mut scratch = Composer::new(facts, "");
        events
            .iter()
            // A day's heading may come with any event.
            .map(|e| char_len(&event_line(&mut scratch, e, false)) + 20 + e.sources.len())
            .collect()
    });
    let pg = paginate_sized(&sizes, items_budget(&intro), page);
    let mut body = intro;
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
    finish_paged(c, &pg, || canonical(names::TIMELINE, facts))
}

/// "- Title: text [n]" for a timeline, with the date first when `dated` (a timeline across
/// summits groups by summit, not by day), and "Background:" for context outside the summit.
pub fn event_line<'a>(c: &mut Composer<'a>, e: &'a Event, dated: bool) -> String {
    let mut line = String::with_capacity(e.title.len() + e.text.len() + 48);
    line.push_str("- ");
    if dated {
        line.push_str(&words::date(&e.date));
        line.push_str(" — ");
    }
    if e.background {
        line.push_str("Background: ");
    }
    for part in ["**", e.title.as_str(), "**: ", e.text.as_str()] {
        line.push_str(part);
    }
    c.cite_into(&mut line, &e.sources);
    line
}

/// One source of `/sources` as a section: its title names it (field names take no links), and
/// the first line links it under its publisher's name.
fn source_item(facts: &Facts, s: &Source) -> (String, Vec<String>) {
    let mut first = String::with_capacity(160);
    match s
        .url
        .as_ref()
        .map(|u| u.as_str().trim())
        .filter(|u| !u.is_empty())
    {
        Some(url) => {
            first.push('[');
            first.push_str(&crate::markdown::link_text(&s.publisher));
            first.push_str("](");
            first.push_str(&crate::markdown::markdown_safe_url(url));
            first.push(')');
        }
        None => first.push_str(&s.publisher),
    }
    first.push_str(" · ");
    first.push_str(s.kind.as_str());
    if let Some(d) = &s.date {
        first.push_str(", ");
        first.push_str(&words::date(d));
    }
    let mut lines = vec![first];
    if let Some(note) = &s.note {
        lines.push(note.to_string());
    }
    lines.push(format!(
        "{}.",
        capitalised(&plural(
            uses(facts, &s.id),
            "fact cites it",
            "facts cite it"
        ))
    ));
    (s.title.to_string(), lines)
}

/// What each source's entry costs of a `/sources` page. A link's address is not shown, so it
/// does not count against the page's room.
fn source_sizes(facts: &Facts) -> Vec<usize> {
    facts
        .file
        .sources
        .iter()
        .map(|s| {
            let (name, lines) = source_item(facts, s);
            cost(&name, &lines) - s.url.as_ref().map_or(0, |u| char_len(u))
        })
        .collect()
}

pub fn sources(facts: &Facts, page: Option<i64>) -> Reply {
    let list = &facts.file.sources;
    let mut c = Composer::new(facts, format!("Sources — {}", facts.summit().name));
    let intro = format!(
        "{} behind these facts, last checked on {}. Each is marked official, wire, press or other \
         (the weakest).",
        plural(list.len(), "source", "sources"),
        words::date(&facts.summit().as_of)
    );
    let sizes = facts.source_sizes(source_sizes);
    let pg = paginate_sized(sizes, ANSWER_BUDGET.saturating_sub(char_len(&intro)), page);
    let mut body = intro;
    page_line(&mut body, &pg);
    c.set_body(body);
    for s in &list[pg.start..pg.end] {
        c.cite_source(s);
        let (name, lines) = source_item(facts, s);
        c.section(&name, lines);
    }
    finish_paged(c, &pg, || canonical(names::SOURCES, facts))
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
