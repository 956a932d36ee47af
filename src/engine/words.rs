//! How facts are put into words: dates, attendance, pledge status, names from ids. Kept apart
//! from the views so every answer phrases the same fact the same way.

use crate::catalog::Facts;
use crate::facts::{Attendance, Participant, ParticipantKind, PledgeStatus, Text};

/// `2026-01-06` → `Tuesday 6 January 2026`: the weekday follows from the date, and people ask for
/// it ("what day of the week was it"). Anything that is not a full date is shown as written.
pub fn date_with_weekday(s: &str) -> String {
    let mut parts = s.splitn(3, '-');
    let weekday = (|| {
        let y: i64 = parts.next()?.parse().ok()?;
        let m: i64 = parts.next()?.parse().ok()?;
        let d: i64 = parts.next()?.parse().ok()?;
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        // Sakamoto's method: 0 = Sunday.
        const T: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if m < 3 { y - 1 } else { y };
        let w = (y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d).rem_euclid(7);
        Some(WEEKDAYS[w as usize])
    })();
    match weekday {
        Some(w) => format!("{w} {}", date(s)),
        None => date(s),
    }
}

/// Weekday names, Sunday first.
pub const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `2026-01-06` → `6 January 2026`; anything else is shown as written rather than guessed at.
pub fn date(s: &str) -> String {
    let mut parts = s.splitn(3, '-');
    let parsed = (|| {
        let y: u32 = parts.next()?.parse().ok()?;
        let m: usize = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        let month = crate::text::MONTHS.get(m.checked_sub(1)?)?;
        (1..=31).contains(&d).then(|| {
            // Pushed piece by piece: dates appear on many lines, and `format!` regrows its buffer.
            let mut out = String::with_capacity(month.len() + 8);
            crate::text::push_number(&mut out, d as usize);
            out.push(' ');
            out.push_str(month);
            out.push(' ');
            crate::text::push_number(&mut out, y as usize);
            out
        })
    })();
    parsed.unwrap_or_else(|| s.to_owned())
}

pub fn kind(kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::Country => "country",
        ParticipantKind::Person => "person",
        ParticipantKind::Organisation => "organisation",
    }
}

pub fn kind_plural(kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::Country => "Countries",
        ParticipantKind::Person => "People",
        ParticipantKind::Organisation => "Organisations",
    }
}

/// Attendance in a few words, for lists. Never says "attended" for someone who was not there.
pub fn attendance_short(a: Attendance) -> &'static str {
    match a {
        Attendance::InPerson => "in person",
        Attendance::Represented => "represented",
        Attendance::Expected => "expected to attend, not confirmed",
        Attendance::ReferredTo => "not present, only referred to",
    }
}

/// Attendance as a sentence, for a profile.
pub fn attendance_long(a: Attendance) -> &'static str {
    match a {
        Attendance::InPerson => "Took part in person.",
        Attendance::Represented => "Took part through representatives.",
        Attendance::Expected => {
            "Reported before the summit as expected to attend; attendance is not confirmed."
        }
        Attendance::ReferredTo => "Not at the summit: only referred to in reports about it.",
    }
}

/// Attendance as a short sentence, under a participant that `/ask` answers with.
pub fn attendance_brief(a: Attendance) -> &'static str {
    match a {
        Attendance::InPerson => "Took part in person.",
        Attendance::Represented => "Took part through representatives.",
        Attendance::Expected => "Expected to attend; attendance not confirmed.",
        Attendance::ReferredTo => "Referred to in reports; not present.",
    }
}

/// Attendance as the label of a roster group ("Took part in person: France, Germany").
pub fn attendance_group(a: Attendance) -> &'static str {
    match a {
        Attendance::InPerson => "Took part in person",
        Attendance::Represented => "Took part through representatives",
        Attendance::Expected => "Expected to attend; attendance not confirmed",
        Attendance::ReferredTo => "Referred to in reports; not present",
    }
}

pub fn status(s: PledgeStatus) -> &'static str {
    match s {
        PledgeStatus::Signed => "signed",
        PledgeStatus::Conditional => "conditional",
        PledgeStatus::Signalled => "signalled",
        PledgeStatus::Reported => "reported",
    }
}

/// A pledge's status as a line of its own, under a pledge that `/ask` answers with.
pub fn status_line(s: PledgeStatus) -> &'static str {
    match s {
        PledgeStatus::Signed => "Status: signed.",
        PledgeStatus::Conditional => "Status: conditional.",
        PledgeStatus::Signalled => "Status: signalled, not on paper.",
        PledgeStatus::Reported => "Status: reported, not confirmed.",
    }
}

pub fn status_long(s: PledgeStatus) -> &'static str {
    match s {
        PledgeStatus::Signed => "signed: written into a signed document",
        PledgeStatus::Conditional => "conditional: promised, but only once conditions are met",
        PledgeStatus::Signalled => "signalled: said or signalled, with no commitment on paper",
        PledgeStatus::Reported => "reported: reported by sources, not confirmed by the party",
    }
}

/// A participant's name from its id (the id itself if validation somehow let a dangling one by).
pub fn name(facts: &Facts, id: &str) -> String {
    facts
        .participant(id)
        .map_or_else(|| id.to_owned(), |p| p.name.to_string())
}

/// A participant's name as it reads inside a sentence: "the United Kingdom", "the European
/// Union", but "France", "NATO" and people's names as they are.
pub fn name_in_sentence(facts: &Facts, id: &str) -> String {
    match facts.participant(id) {
        Some(p) => with_article(&p.name, p.kind),
        None => id.to_owned(),
    }
}

/// `name` with "the" where English puts one: countries named as a union, republic, kingdom or
/// plural ("the United States", "the Netherlands"), and organisations that are not acronyms.
pub fn with_article(name: &str, kind: ParticipantKind) -> String {
    let name = name.trim();
    let needs = match kind {
        ParticipantKind::Person => false,
        ParticipantKind::Country => {
            let first = name.split(' ').next().unwrap_or("");
            matches!(
                first,
                "United" | "Republic" | "Kingdom" | "Holy" | "Federated"
            ) || name.ends_with(" Republic")
                || name.ends_with(" Islands")
                || matches!(
                    name,
                    "Netherlands" | "Philippines" | "Bahamas" | "Gambia" | "Maldives"
                )
        }
        ParticipantKind::Organisation => {
            // An acronym ("NATO", "G7") reads without an article.
            name.contains(' ') || !name.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        }
    };
    if needs && !name.starts_with("The ") && !name.starts_with("the ") {
        format!("the {name}")
    } else {
        name.to_owned()
    }
}

/// Names from ids, joined for a sentence: `France, United Kingdom`.
pub fn names(facts: &Facts, ids: &[Text]) -> String {
    ids.iter()
        .map(|id| name(facts, id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Keir Starmer — Prime Minister of the United Kingdom`, or `France (country)` without a role.
pub fn label(p: &Participant) -> String {
    let mut out = String::new();
    push_label(&mut out, p);
    out
}

/// [`label`], appended to a line under construction.
pub fn push_label(out: &mut String, p: &Participant) {
    out.push_str(&p.name);
    match &p.role {
        Some(role) => {
            out.push_str(" — ");
            out.push_str(role);
        }
        None => {
            out.push_str(" (");
            out.push_str(kind(p.kind));
            out.push(')');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words_or_as_written() {
        assert_eq!(date("2026-01-06"), "6 January 2026");
        assert_eq!(date("2026-12-31"), "31 December 2026");
        assert_eq!(date("2026-13-01"), "2026-13-01");
        assert_eq!(date("soon"), "soon");
        assert_eq!(date(""), "");
    }
}

#[cfg(test)]
mod weekday_tests {
    #[test]
    fn the_weekday_follows_from_the_date() {
        assert_eq!(
            super::date_with_weekday("2026-01-06"),
            "Tuesday 6 January 2026"
        );
        assert_eq!(
            super::date_with_weekday("2026-01-03"),
            "Saturday 3 January 2026"
        );
        assert_eq!(
            super::date_with_weekday("2025-03-02"),
            "Sunday 2 March 2025"
        );
        assert_eq!(super::date_with_weekday("spring 2025"), "spring 2025");
    }
}
