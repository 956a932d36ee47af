//! Building one answer: numbered citation marks, sections that respect Discord's field size, and
//! the dispute sections every answer owes for what it shows.
//!
//! Views never assemble citations or dispute sections by hand. They call [`Composer::cite`] for
//! every fact they show and [`Composer::show_participant`] (and friends) for every subject they
//! show; [`Composer::finish`] then appends each dispute that concerns a shown subject, with every
//! version and its sources, and lists the cited sources in first-use order. That way no view can
//! forget either rule.

use rustc_hash::FxHashMap;

use crate::catalog::Facts;
use crate::facts::{Citation as Cite, Dispute, Source, Text, Version};
use crate::reply::{Action, Citation, Reply, ReplyKind, Section};
use crate::request::{names, OptionValue, Request, PAGE, SUMMIT};
use crate::text::{fit, split};

/// Longest section body we produce. Discord allows 1024 characters per embed field; a little
/// headroom keeps the render layer from ever having to cut one of our sections.
pub const SECTION_MAX: usize = 1000;
/// Longest section name (Discord: 256).
const NAME_MAX: usize = 250;

/// An answer under construction for one summit's facts.
pub struct Composer<'f> {
    facts: &'f Facts,
    reply: Reply,
    cited: Vec<&'f Source>,
    /// Per cited source (same index), the distinct `find` phrases of its citations here, for the
    /// link to the passage.
    finds: Vec<Vec<&'f str>>,
    /// Cited source (by address: a source is per file, so the same key in two summits' files is
    /// two sources) → its citation number. A map, not a search of `cited`: an overview cites
    /// hundreds of sources once the files grow.
    numbers: FxHashMap<*const Source, usize>,
    /// Subjects shown, repeats included: they are only read once, by [`Composer::finish`], which
    /// looks up the disputes of each through the fact file's relations.
    participants: Vec<&'f str>,
    pledges: Vec<&'f str>,
    documents: Vec<&'f str>,
    /// Positions of the disputes already shown in full by the view itself (`/disputes`), not
    /// to repeat.
    disputes_shown: Vec<u32>,
    /// Disputes about the summit as a whole (no participant, pledge or document named), which
    /// belong on the overview.
    summit_disputes: bool,
}

impl<'f> Composer<'f> {
    pub fn new(facts: &'f Facts, title: impl Into<String>) -> Self {
        Composer {
            facts,
            reply: Reply::new(ReplyKind::Answer, title, ""),
            cited: Vec::new(),
            finds: Vec::new(),
            numbers: FxHashMap::default(),
            participants: Vec::new(),
            pledges: Vec::new(),
            documents: Vec::new(),
            disputes_shown: Vec::new(),
            summit_disputes: false,
        }
    }

    /// Records that the shown text rests on `sources` and returns its mark, e.g. ` [1, 3]`
    /// (with a leading space), numbered as the citations will be listed at the end.
    pub fn cite(&mut self, sources: &'f [Cite]) -> String {
        let mut out = String::new();
        self.cite_into(&mut out, sources);
        out
    }

    /// [`Composer::cite`], appending the mark to the line it belongs to: most cited lines are
    /// a fact's text and its mark, so this saves building the mark apart and copying it.
    ///
    /// A fact whose every source is of kind `other` is marked as such before its numbers
    /// (` (reported only by BritBrief) [4]`), so no view can show it as settled.
    pub fn cite_into(&mut self, out: &mut String, sources: &'f [Cite]) {
        let facts = self.facts;
        if facts.rests_on_weak(sources) {
            out.push_str(" (reported only by ");
            let mut named: Vec<&str> = Vec::with_capacity(sources.len());
            for c in sources {
                if let Some(s) = facts.source(c.as_str()) {
                    if !named.contains(&s.publisher.as_str()) {
                        if !named.is_empty() {
                            out.push_str(", ");
                        }
                        named.push(s.publisher.as_str());
                        out.push_str(&s.publisher);
                    }
                }
            }
            out.push(')');
        }
        self.marks_into(out, sources);
    }

    /// Only the numbers of [`Composer::cite_into`], for a line that already says who reported it.
    fn marks_into(&mut self, out: &mut String, sources: &'f [Cite]) {
        let facts = self.facts;
        let mut open = false;
        for (i, citation) in sources.iter().enumerate() {
            // Validation guarantees every key resolves; an unknown one is skipped, not invented.
            let Some(source) = facts.source(citation.as_str()) else {
                continue;
            };
            // `source` is the first with this id, so the same key always gets one number.
            let n = self.number(source);
            if let Some(find) = citation.find.as_deref() {
                let finds = &mut self.finds[n - 1];
                if !finds.contains(&find) {
                    finds.push(find);
                }
            }
            // A key given twice is one source, marked once. Sources are found by exact id, so
            // comparing keys is comparing sources, without a list of numbers to search.
            if sources[..i].iter().any(|k| k.as_str() == citation.as_str()) {
                continue;
            }
            out.push_str(if open { ", " } else { " [" });
            open = true;
            crate::text::push_number(out, n);
        }
        if open {
            out.push(']');
        }
    }

    /// The citation number of `source`, numbering it on first use.
    fn number(&mut self, source: &'f Source) -> usize {
        let (cited, finds) = (&mut self.cited, &mut self.finds);
        *self
            .numbers
            .entry(source as *const Source)
            .or_insert_with(|| {
                cited.push(source);
                finds.push(Vec::new());
                cited.len()
            })
    }

    /// Records one source as cited with no particular passage (the `/sources` list).
    pub fn cite_source(&mut self, source: &'f Source) {
        self.number(source);
    }

    pub fn show_participant(&mut self, id: &'f str) {
        self.participants.push(id);
    }

    pub fn show_pledge(&mut self, id: &'f str) {
        self.pledges.push(id);
    }

    pub fn show_document(&mut self, id: &'f str) {
        self.documents.push(id);
    }

    /// The facts this answer is drawing on now.
    pub fn facts(&self) -> &'f Facts {
        self.facts
    }

    /// A participant's name from its id, recorded as shown: an answer that names someone owes the
    /// disputes that concern them, wherever the name appears.
    pub fn name(&mut self, id: &'f str) -> String {
        self.show_participant(id);
        super::words::name(self.facts, id)
    }

    /// Names from ids, joined for a sentence (`France, United Kingdom`), each recorded as shown.
    pub fn names(&mut self, ids: &'f [Text]) -> String {
        for id in ids {
            self.show_participant(id);
        }
        super::words::names(self.facts, ids)
    }

    /// A document's name from its id, recorded as shown.
    pub fn document_name(&mut self, id: &'f str) -> String {
        self.show_document(id);
        self.facts
            .document(id)
            .map_or_else(|| id.to_owned(), |d| d.name.to_string())
    }

    /// Also show disputes that name no participant, pledge or document (the overview's).
    pub fn show_summit_disputes(&mut self) {
        self.summit_disputes = true;
    }

    pub fn set_body(&mut self, body: impl Into<String>) {
        self.reply.body = body.into();
    }

    /// Adds a section made of lines, continuing in further sections named "… (continued)" when the
    /// lines would not fit one Discord field, so nothing is cut off mid-fact.
    pub fn section(&mut self, name: &str, lines: impl IntoIterator<Item = String>) {
        push_sections(&mut self.reply.sections, name, lines);
    }

    /// The versions of a dispute as lines, weighed as [`Composer::dispute_line`] describes, each with
    /// its citation marks; shared with `/ask` so both weigh the evidence the same way.
    pub fn dispute_lines(&mut self, dispute: &'f Dispute) -> Vec<String> {
        let n = dispute_line_count(dispute);
        self.dispute_lines_in(dispute, 0..n)
    }

    /// Lines `range` of [`Composer::dispute_lines`], citing only what those lines show: a long
    /// dispute may continue on the next page.
    pub fn dispute_lines_in(
        &mut self,
        dispute: &'f Dispute,
        range: std::ops::Range<usize>,
    ) -> Vec<String> {
        dispute_pieces(dispute)
            .into_iter()
            .skip(range.start)
            .take(range.len())
            .map(|piece| self.dispute_line(dispute, piece))
            .collect()
    }

    /// One line of a dispute, in one style for every version, `- **Label** — claim [n]`: the
    /// best-supported one first, with why, and the weaker ones naming who reported them and how
    /// strong that is; or, when no version is better supported, a line saying so.
    fn dispute_line(&mut self, dispute: &'f Dispute, piece: Piece<'f>) -> String {
        match piece {
            Piece::Best(v) | Piece::Even(v) => {
                let mut line = String::with_capacity(v.claim.len() + 48);
                push_version(&mut line, &v.label, &v.claim);
                self.cite_into(&mut line, &v.sources);
                line
            }
            Piece::Why => ["  - Best supported: ", dispute.why.as_deref().unwrap_or("")].concat(),
            Piece::Weaker(v) => {
                let mut line = String::with_capacity(v.claim.len() + 96);
                push_version(&mut line, &v.label, &v.claim);
                line.push_str(" (weaker: ");
                self.reporters_into(&mut line, &v.sources);
                line.push(')');
                self.marks_into(&mut line, &v.sources);
                line
            }
            Piece::Balanced => {
                "The sources are balanced: no version is better supported.".to_owned()
            }
        }
    }

    /// Shows lines `range` of a dispute as a section, named "… (continued)" when it does not
    /// start at the first line.
    pub fn dispute_part(&mut self, dispute: &'f Dispute, range: std::ops::Range<usize>) {
        if let Some(i) = self.facts.dispute_index(&dispute.id) {
            self.disputes_shown.push(i as u32);
        }
        let name = if range.start == 0 {
            dispute.title.to_string()
        } else {
            format!("{} (continued)", dispute.title)
        };
        let lines = self.dispute_lines_in(dispute, range);
        self.section(&name, lines);
    }

    /// "Pogliad · other, Reuters · wire": who a citation list rests on and how strong each is.
    fn reporters_into(&self, out: &mut String, sources: &[Cite]) {
        let mut first = true;
        for c in sources {
            if let Some(s) = self.facts.source(c.as_str()) {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                for part in [s.publisher.as_str(), " · ", s.kind.as_str()] {
                    out.push_str(part);
                }
            }
        }
    }

    /// Positions of the disputes about anything this answer shows, in file order, once each.
    fn owed(&self) -> Vec<u32> {
        let facts = self.facts;
        let rel = facts.relations();
        let mut owed: Vec<u32> = Vec::new();
        let mut add = |lists: &[Vec<u32>], at: Option<usize>| {
            if let Some(list) = at.and_then(|i| lists.get(i)) {
                owed.extend_from_slice(list);
            }
        };
        for id in &self.participants {
            add(&rel.participant_disputes, facts.participant_index(id));
        }
        for id in &self.pledges {
            add(&rel.pledge_disputes, facts.pledge_index(id));
        }
        for id in &self.documents {
            add(&rel.document_disputes, facts.document_index(id));
        }
        if self.summit_disputes {
            owed.extend_from_slice(&rel.summit_disputes);
        }
        owed.sort_unstable();
        owed.dedup();
        owed
    }

    /// Goes on with another summit's facts, for answers that span summits: the disputes owed
    /// for what was shown so far are added first (they belong to the summit left behind), then
    /// names, citations and disputes come from `facts`. Citation numbers run on across summits;
    /// a source is per file, so the same key in two files is two sources.
    pub fn switch_summit(&mut self, facts: &'f Facts) {
        if std::ptr::eq(self.facts, facts) {
            return;
        }
        self.settle_disputes();
        self.facts = facts;
        self.participants.clear();
        self.pledges.clear();
        self.documents.clear();
        self.disputes_shown.clear();
        self.summit_disputes = false;
    }

    /// Points to every dispute of the current summit that concerns a shown subject, once: one
    /// line per dispute, and a button to the `/disputes` page of the first, which shows every
    /// version with its sources. The answer stays about what was asked, and no disputed subject
    /// is shown without saying that it is disputed.
    fn settle_disputes(&mut self) {
        let facts = self.facts;
        let mut shown = std::mem::take(&mut self.disputes_shown);
        shown.sort_unstable();
        let owed: Vec<u32> = self
            .owed()
            .into_iter()
            .filter(|d| shown.binary_search(d).is_err())
            .collect();
        let Some(&first) = owed.first() else {
            return;
        };
        let pages = facts.dispute_pages(super::views::dispute_pages);
        let page_of = |d: u32| pages.get(d as usize).copied().unwrap_or(1);
        let mut lines: Vec<String> = owed
            .iter()
            .take(POINTERS)
            .filter_map(|&d| {
                let dispute = facts.file.disputes.get(d as usize)?;
                let mut line = String::with_capacity(dispute.title.len() + 32);
                line.push_str("- ");
                line.push_str(&dispute.title);
                line.push_str(" · `/disputes page:");
                crate::text::push_number(&mut line, page_of(d));
                line.push('`');
                Some(line)
            })
            .collect();
        if owed.len() > POINTERS {
            lines.push(format!(
                "- …and {} more in `/disputes`",
                owed.len() - POINTERS
            ));
        }
        self.section("Disputed", lines);
        let request = Request::new(names::DISPUTES)
            .with(SUMMIT.name, OptionValue::String(facts.id().to_owned()))
            .with(PAGE.name, OptionValue::Integer(page_of(first) as i64));
        // The overview has its own "Disputes" button.
        if !self.reply.actions.iter().any(|a| a.label == "Disputes") {
            self.reply.actions.push(Action {
                label: "Disputes".to_owned(),
                request,
            });
        }
    }

    /// Adds a button that runs `request` for whoever clicks.
    pub fn action(&mut self, label: &str, request: Request) {
        self.reply.actions.push(Action {
            label: label.to_owned(),
            request,
        });
    }

    /// Appends the disputes owed for what was shown, then the citations, and returns the reply.
    /// An answer that cited nothing (an empty list) cites the summit's own sources, since "none
    /// recorded" is a statement about the facts gathered from them.
    pub fn finish(mut self) -> Reply {
        let facts = self.facts;
        self.settle_disputes();
        if self.cited.is_empty() {
            let _ = self.cite(&facts.summit().sources);
        }
        self.reply.citations = self
            .cited
            .iter()
            .zip(&self.finds)
            .map(|(s, finds)| Citation {
                key: s.id.as_str().to_owned(),
                title: s.title.as_str().to_owned(),
                publisher: s.publisher.as_str().to_owned(),
                kind: s.kind.as_str().to_owned(),
                url: s.url.as_ref().map(|u| u.as_str().to_owned()),
                date: s.date.as_ref().map(|d| d.as_str().to_owned()),
                finds: finds.iter().map(|f| (*f).to_owned()).collect(),
            })
            .collect();
        self.reply
    }
}

/// What one line of a dispute shows.
#[derive(Clone, Copy)]
enum Piece<'f> {
    Best(&'f Version),
    Why,
    Weaker(&'f Version),
    Balanced,
    Even(&'f Version),
}

fn dispute_pieces(dispute: &Dispute) -> Vec<Piece<'_>> {
    let supported = dispute.supported.as_ref().and_then(|id| {
        dispute
            .versions
            .iter()
            .find(|v| v.id.as_str() == id.as_str())
    });
    let mut out = Vec::with_capacity(dispute.versions.len() + 2);
    match supported {
        Some(best) => {
            out.push(Piece::Best(best));
            if dispute.why.is_some() {
                out.push(Piece::Why);
            }
            out.extend(
                dispute
                    .versions
                    .iter()
                    .filter(|v| !std::ptr::eq(*v, best))
                    .map(Piece::Weaker),
            );
        }
        None => {
            out.push(Piece::Balanced);
            out.extend(dispute.versions.iter().map(Piece::Even));
        }
    }
    out
}

/// How many lines [`Composer::dispute_lines`] gives for `dispute`.
pub fn dispute_line_count(dispute: &Dispute) -> usize {
    dispute_pieces(dispute).len()
}

/// `- **Label** — claim`, one dispute version.
fn push_version(line: &mut String, label: &str, claim: &str) {
    for part in ["- **", label.trim(), "** — ", claim] {
        line.push_str(part);
    }
}

/// Most disputes an answer points to line by line; the button leads to the rest.
pub const POINTERS: usize = 2;

/// Lines as sections of at most [`SECTION_MAX`] characters, named "… (continued)" after the
/// first, broken by [`crate::text::split`]'s rule (the render's too): whole lines while they fit,
/// a longer line at spaces. Counting is in characters (Discord counts code points, not bytes).
pub fn push_sections(
    sections: &mut Vec<Section>,
    name: &str,
    lines: impl IntoIterator<Item = String>,
) {
    // Room for a typical section, so the body is not regrown line by line.
    let mut body = String::with_capacity(512);
    for (k, line) in lines.into_iter().enumerate() {
        if k > 0 {
            body.push('\n');
        }
        body.push_str(&line);
    }
    let name = fit(name, NAME_MAX).into_owned();
    let pieces = split(&body, SECTION_MAX);
    // The usual section is one piece: it keeps the joined body rather than a copy of it.
    if let [piece] = pieces[..] {
        if piece.len() == body.len() {
            sections.push(Section {
                name,
                body,
                inline: false,
            });
            return;
        }
    }
    let continued = fit(&format!("{name} (continued)"), NAME_MAX).into_owned();
    for (k, piece) in pieces.into_iter().enumerate() {
        sections.push(Section {
            name: if k == 0 {
                name.clone()
            } else {
                continued.clone()
            },
            body: piece.to_owned(),
            inline: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_continue_in_new_sections() {
        let mut sections = Vec::new();
        let lines = (0..30).map(|i| format!("line {i} {}", "x".repeat(90)));
        push_sections(&mut sections, "Pledges", lines);
        assert!(sections.len() > 1);
        assert_eq!(sections[0].name, "Pledges");
        assert_eq!(sections[1].name, "Pledges (continued)");
        assert!(sections
            .iter()
            .all(|s| s.body.chars().count() <= SECTION_MAX));
        let joined: Vec<&str> = sections.iter().flat_map(|s| s.body.lines()).collect();
        assert_eq!(joined.len(), 30, "no line lost or merged");
    }

    #[test]
    fn one_huge_line_is_split_not_cut() {
        let mut sections = Vec::new();
        let word = "é".repeat(2500);
        push_sections(&mut sections, "x", [format!("a {word} b")]);
        let all: String = sections.iter().map(|s| s.body.as_str()).collect();
        assert_eq!(all.matches('é').count(), 2500, "nothing cut");
        assert!(all.starts_with('a') && all.ends_with('b'));
        assert!(sections
            .iter()
            .all(|s| s.body.chars().count() <= SECTION_MAX));
    }
}
