//! What the facts are missing, read back from the feedback files: the questions most often
//! refused, grouped by the content words they share, and the answers with the most 👎. Used by
//! `summit-bot gaps` and by `/gaps`.
//!
//! Questions are grouped by their content words as `/ask` reads them (stemmed, synonyms grouped,
//! stop words left out, names as names), so "did China attend?" and "was China there" fall
//! together under "china". The grouping is greedy and deterministic: the most frequent question
//! opens a group, and a question joins the first group it shares two content words with (or its
//! only one), the group keeping the words all its questions share.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::writer::{rotated, FILE};
use super::{Kind, Record, Vote};
use crate::reply::{Reply, ReplyKind};
use crate::text::quote_user;

/// Questions quoted per group or answer.
const EXAMPLES: usize = 3;

/// The records read, and what could not be.
#[derive(Debug, Default)]
pub struct Read {
    pub records: Vec<Record>,
    /// Files read, current and rotated.
    pub files: usize,
    /// Lines that were not a record (a torn last line after a crash, a hand edit).
    pub unreadable: usize,
}

/// Reads every feedback file in `dir` (the current one and the rotated ones, oldest first),
/// keeping the records at or after `since` (an RFC 3339 time or date prefix, `2026-12-01`).
pub fn read(dir: &Path, since: Option<&str>) -> io::Result<Read> {
    if !dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let mut out = Read::default();
    for path in files(dir)? {
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            // Rotated away between the listing and now.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        out.files += 1;
        for line in BufReader::new(file).split(b'\n') {
            let line = line?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Record>(&line) {
                Ok(r) if since.is_none_or(|s| r.time.as_str() >= s) => out.records.push(r),
                Ok(_) => {}
                Err(_) => out.unreadable += 1,
            }
        }
    }
    Ok(out)
}

/// The feedback files in `dir`, oldest first: `feedback.N.jsonl` from the highest N down, then
/// `feedback.jsonl`.
fn files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut numbered: Vec<usize> = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        let n = name
            .to_str()
            .and_then(|n| n.strip_prefix("feedback."))
            .and_then(|n| n.strip_suffix(".jsonl"))
            .and_then(|n| n.parse::<usize>().ok());
        numbered.extend(n);
    }
    numbered.sort_unstable_by(|a, b| b.cmp(a));
    let mut out: Vec<PathBuf> = numbered.into_iter().map(|n| rotated(dir, n)).collect();
    let current = dir.join(FILE);
    if current.is_file() {
        out.push(current);
    }
    Ok(out)
}

/// Whether `since` is a date (`2026-12-01`) or an RFC 3339 time, the forms `--since` takes.
pub fn valid_since(since: &str) -> bool {
    use time::format_description::well_known::Rfc3339;
    let parses = |t: &str| time::OffsetDateTime::parse(t, &Rfc3339).is_ok();
    parses(since) || (since.len() == 10 && parses(&format!("{since}T00:00:00Z")))
}

/// A question's content words as `/ask` reads them with `index`: index terms (stemmed,
/// synonyms grouped) and names, no stop words.
pub fn content_words(index: &crate::search::Index, question: &str) -> Vec<String> {
    use crate::search::Token;
    index
        .read(question)
        .into_iter()
        .filter_map(|t| match t {
            Token::Term(t) => Some(t),
            Token::Name(n) => Some(n.rsplit(':').next().unwrap_or(&n).to_owned()),
            Token::Stop(_) => None,
        })
        .collect()
}

/// A group of refused questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// How many times its questions were refused.
    pub count: usize,
    /// The content words every question in it shares.
    pub words: Vec<String>,
    /// Its most frequent questions, with counts.
    pub questions: Vec<Asked>,
}

/// A question and how often it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asked {
    pub question: String,
    pub count: usize,
}

/// An answer people voted on: the facts it showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Voted {
    pub down: usize,
    pub up: usize,
    pub command: String,
    pub summit: Option<String>,
    pub facts: Vec<String>,
    pub questions: Vec<Asked>,
}

/// The gaps report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub records: usize,
    pub refusals: usize,
    pub votes: usize,
    /// Most frequent first.
    pub refused: Vec<Group>,
    /// Most 👎 first; only answers with at least one.
    pub disliked: Vec<Voted>,
}

/// The report over `records`, at most `top` of each list; `words` gives a question's content
/// words (`/ask`'s reading of it).
pub fn report(records: &[Record], words: impl Fn(&str) -> Vec<String>, top: usize) -> Report {
    let refusals: Vec<&Record> = records.iter().filter(|r| r.kind == Kind::Refused).collect();
    let votes: Vec<&Record> = records.iter().filter(|r| r.kind == Kind::Vote).collect();
    Report {
        records: records.len(),
        refusals: refusals.len(),
        votes: votes.len(),
        refused: grouped(&refusals, &words, top),
        disliked: disliked(&votes, top),
    }
}

/// Identical questions (ignoring case and spacing) counted once each, most frequent first.
fn counted<'r>(records: impl Iterator<Item = &'r Record>) -> Vec<Asked> {
    let mut by_key: BTreeMap<String, Asked> = BTreeMap::new();
    for r in records {
        let key = r
            .question
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        by_key
            .entry(key)
            .or_insert_with(|| Asked {
                question: r.question.trim().to_owned(),
                count: 0,
            })
            .count += 1;
    }
    let mut out: Vec<Asked> = by_key.into_values().collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.question.cmp(&b.question))
    });
    out
}

fn grouped(refusals: &[&Record], words: &impl Fn(&str) -> Vec<String>, top: usize) -> Vec<Group> {
    struct Open {
        count: usize,
        shared: Vec<String>,
        questions: Vec<Asked>,
    }
    let mut groups: Vec<Open> = Vec::new();
    for asked in counted(refusals.iter().copied()) {
        let mut own = words(&asked.question);
        own.sort();
        own.dedup();
        let joins = groups.iter_mut().find(|g| {
            let common = g.shared.iter().filter(|w| own.contains(w)).count();
            let needed = 2.min(own.len()).min(g.shared.len());
            needed > 0 && common >= needed
        });
        match joins {
            Some(g) => {
                g.shared.retain(|w| own.contains(w));
                g.count += asked.count;
                g.questions.push(asked);
            }
            None => groups.push(Open {
                count: asked.count,
                shared: own,
                questions: vec![asked],
            }),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    groups
        .into_iter()
        .take(top)
        .map(|g| Group {
            count: g.count,
            words: g.shared,
            questions: g.questions.into_iter().take(EXAMPLES).collect(),
        })
        .collect()
}

fn disliked(votes: &[&Record], top: usize) -> Vec<Voted> {
    // One answer is one list of facts shown, for one command; a vote on an answer that showed no
    // fact ids is keyed by its question.
    let mut by_answer: BTreeMap<(String, Vec<String>, String), Vec<&Record>> = BTreeMap::new();
    for r in votes {
        let question = if r.facts.is_empty() {
            r.question.to_lowercase()
        } else {
            String::new()
        };
        by_answer
            .entry((r.command.clone(), r.facts.clone(), question))
            .or_default()
            .push(r);
    }
    let mut out: Vec<Voted> = by_answer
        .into_iter()
        .map(|((command, facts, _), rs)| Voted {
            down: rs.iter().filter(|r| r.vote == Some(Vote::Down)).count(),
            up: rs.iter().filter(|r| r.vote == Some(Vote::Up)).count(),
            command,
            summit: rs.iter().find_map(|r| r.summit.clone()),
            facts,
            questions: counted(rs.iter().copied())
                .into_iter()
                .take(EXAMPLES)
                .collect(),
        })
        .filter(|v| v.down > 0)
        .collect();
    out.sort_by(|a, b| b.down.cmp(&a.down).then_with(|| a.up.cmp(&b.up)));
    out.truncate(top);
    out
}

/// The report as plain text for a terminal.
pub fn text(report: &Report, dir: &Path, read: &Read) -> String {
    let mut out = format!(
        "Feedback in {}: {} record{} in {} file{} ({} refused question{}, {} vote{})",
        dir.display(),
        report.records,
        plural(report.records),
        read.files,
        plural(read.files),
        report.refusals,
        plural(report.refusals),
        report.votes,
        plural(report.votes),
    );
    if read.unreadable > 0 {
        out.push_str(&format!(
            "; {} unreadable line{} skipped",
            read.unreadable,
            plural(read.unreadable)
        ));
    }
    out.push_str("\n\nMost frequent questions the facts did not answer:\n");
    if report.refused.is_empty() {
        out.push_str("  none\n");
    }
    for (i, g) in report.refused.iter().enumerate() {
        out.push_str(&format!(
            "{:>3}. {}× — {}\n",
            i + 1,
            g.count,
            words_line(&g.words)
        ));
        for q in &g.questions {
            out.push_str(&format!("       {}× “{}”\n", q.count, q.question));
        }
    }
    out.push_str("\nAnswers with the most 👎:\n");
    if report.disliked.is_empty() {
        out.push_str("  none\n");
    }
    for (i, v) in report.disliked.iter().enumerate() {
        out.push_str(&format!(
            "{:>3}. {} 👎, {} 👍 — {}\n",
            i + 1,
            v.down,
            v.up,
            answer_line(v)
        ));
        for q in &v.questions {
            out.push_str(&format!("       {}× “{}”\n", q.count, q.question));
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn words_line(words: &[String]) -> String {
    if words.is_empty() {
        "no content words in common".to_owned()
    } else {
        format!("words: {}", words.join(", "))
    }
}

fn answer_line(v: &Voted) -> String {
    let command = if v.command == crate::commands::ask::COMMAND.name {
        "/ask".to_owned()
    } else {
        format!("“{}”", v.command)
    };
    if v.facts.is_empty() {
        return format!("{command}, no facts shown");
    }
    format!("{command}: {}", v.facts.join(", "))
}

/// `/gaps`'s private reply: the top of both lists, every quoted question escaped.
pub fn reply(report: &Report, top: usize) -> Reply {
    let mut reply = Reply::new(
        ReplyKind::Answer,
        "What the facts are missing",
        format!(
            "From {} recorded refusal{} and {} vote{}. `summit-bot gaps` on the host gives the \
             full list.",
            report.refusals,
            plural(report.refusals),
            report.votes,
            plural(report.votes)
        ),
    );
    let refused: Vec<String> = report
        .refused
        .iter()
        .take(top)
        .enumerate()
        .map(|(i, g)| {
            let example = g
                .questions
                .first()
                .map(|q| format!(" — e.g. “{}”", quote_user(&q.question, 80)))
                .unwrap_or_default();
            format!(
                "{}. {}× {}{example}",
                i + 1,
                g.count,
                quote_user(&words_line(&g.words), 80)
            )
        })
        .collect();
    let disliked: Vec<String> = report
        .disliked
        .iter()
        .take(top)
        .enumerate()
        .map(|(i, v)| {
            format!(
                "{}. {} 👎, {} 👍 — {}",
                i + 1,
                v.down,
                v.up,
                quote_user(&answer_line(v), 120)
            )
        })
        .collect();
    let or_none = |lines: Vec<String>| {
        if lines.is_empty() {
            "None recorded.".to_owned()
        } else {
            lines.join("\n")
        }
    };
    reply = reply.section("Refused most often", or_none(refused));
    reply = reply.section("Most 👎", or_none(disliked));
    reply.private = true;
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(q: &str) -> Record {
        let mut r = Record::new(Kind::Refused, "ask", q.to_owned(), None);
        r.time = "2026-12-01T10:00:00Z".to_owned();
        r
    }

    fn simple_words(q: &str) -> Vec<String> {
        q.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn identical_questions_count_once_and_groups_keep_shared_words() {
        let records: Vec<Record> = [
            "China attended?",
            "china   ATTENDED?",
            "was china in",
            "weather paris",
        ]
        .iter()
        .map(|q| refused(q))
        .collect();
        let r = report(&records, simple_words, 10);
        assert_eq!(r.refused.len(), 2);
        assert_eq!(r.refused[0].count, 3);
        assert_eq!(r.refused[0].words, vec!["china"]);
        assert_eq!(r.refused[0].questions[0].count, 2);
        assert_eq!(r.refused[1].words, vec!["paris", "weather"]);
    }
}
