//! Id maps and derived relations, made once per load so that answering never scans a list to
//! find an id or to gather what belongs to someone.
//!
//! Without them an answer that cites many facts, or lists everyone, costs the square of the file:
//! every citation looked its source up in the list of sources, and `/pledges by:` autocomplete
//! recomputed a participant's pledges on every comparison of its sort. Fact files only grow, so
//! everything here is linear in the file and built once, in [`super::load_str`].
//!
//! Lists hold positions (`u32`) into the fact file's lists, in file order, so answers built from
//! them read exactly as the scans they replace.

use crate::facts::{Attendance, Citation, FactFile, ParticipantKind, Text};
use crate::text::{compact, fold};

/// Id → position of the first entity with that id (validation rejects a second one). Fx-hashed:
/// every citation of every answer looks a source up here, and SipHash was a tenth of a
/// `/participants` answer. The keys come from the operator's fact files, not from users, so
/// hash flooding is not a concern; a user's text is only ever looked up.
pub type IdMap = rustc_hash::FxHashMap<String, u32>;

fn id_map<'a>(ids: impl ExactSizeIterator<Item = &'a Text>) -> IdMap {
    let mut map = IdMap::with_capacity_and_hasher(ids.len(), Default::default());
    for (i, id) in ids.enumerate() {
        map.entry(id.as_str().to_owned()).or_insert(i as u32);
    }
    map
}

/// Pushes `i` unless it is already the last entry: lists are filled in file order, so that is
/// the only place a repeat can be.
fn push_once(list: &mut Vec<u32>, i: u32) {
    if list.last() != Some(&i) {
        list.push(i);
    }
}

/// The id maps and relations of one fact file.
#[derive(Debug, Default)]
pub struct Relations {
    pub sources: IdMap,
    pub topics: IdMap,
    pub participants: IdMap,
    pub documents: IdMap,
    pub pledges: IdMap,
    pub questions: IdMap,
    pub disputes: IdMap,
    /// Per participant: the participants whose `represents` names it, in file order.
    pub representatives: Vec<Vec<u32>>,
    /// Per participant: what `/pledges by:` lists for it. A country's or organisation's own
    /// pledges and those of the people who represent it; a person's own only.
    pub pledges_of: Vec<Vec<u32>>,
    /// Per participant: the statements it made itself.
    pub statements_by: Vec<Vec<u32>>,
    /// Per participant: the open questions it raised or that concern it.
    pub questions_about: Vec<Vec<u32>>,
    /// Per pledge: the open questions that list it in `related_pledges`.
    pub pledge_questions: Vec<Vec<u32>>,
    /// Per topic: how many pledges are on it.
    pub topic_pledges: Vec<u32>,
    /// Per participant, pledge and document: the disputes that name it.
    pub participant_disputes: Vec<Vec<u32>>,
    pub pledge_disputes: Vec<Vec<u32>>,
    pub document_disputes: Vec<Vec<u32>>,
    /// Disputes that name no participant, pledge or document: about the summit as a whole.
    pub summit_disputes: Vec<u32>,
    /// Per source: how many facts cite it (a dispute counts once per version that does).
    pub source_uses: Vec<u32>,
    /// Folded names for lookup and autocomplete, per kind of entity an option can name.
    pub participant_names: NameTable,
    pub pledge_names: NameTable,
    pub question_names: NameTable,
    pub topic_names: NameTable,
    /// Autocomplete's most-useful-first order of participants: those who were there before
    /// those only expected or referred to; countries, then people, then organisations; file
    /// order within each.
    pub participant_order: Vec<u32>,
    /// The same with everyone who has pledges (see `pledges_of`) first, for `/pledges by:`.
    pub pledger_order: Vec<u32>,
    /// Topics with pledges first, file order within each.
    pub topic_order: Vec<u32>,
}

impl Relations {
    pub fn build(file: &FactFile) -> Relations {
        let participants = id_map(file.participants.iter().map(|p| &p.id));
        let pledges = id_map(file.pledges.iter().map(|p| &p.id));
        let documents = id_map(file.documents.iter().map(|d| &d.id));
        let topics = id_map(file.topics.iter().map(|t| &t.id));
        let sources = id_map(file.sources.iter().map(|s| &s.id));
        let n = file.participants.len();
        let pos = |map: &IdMap, id: &str| map.get(id).map(|&i| i as usize);

        let mut representatives = vec![Vec::new(); n];
        for (i, p) in file.participants.iter().enumerate() {
            if let Some(r) = p.represents.as_deref().and_then(|r| pos(&participants, r)) {
                representatives[r].push(i as u32);
            }
        }

        // Own pledges first, then each country's or organisation's include its people's. A
        // pledge appears once per participant however many of its authors lead there, and the
        // merged lists are put back in file order.
        let mut own = vec![Vec::new(); n];
        for (i, pl) in file.pledges.iter().enumerate() {
            for b in &pl.by {
                if let Some(p) = pos(&participants, b) {
                    push_once(&mut own[p], i as u32);
                }
            }
        }
        let pledges_of: Vec<Vec<u32>> = file
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if p.kind == ParticipantKind::Person || representatives[i].is_empty() {
                    return own[i].clone();
                }
                let mut all = own[i].clone();
                for &r in &representatives[i] {
                    all.extend_from_slice(&own[r as usize]);
                }
                all.sort_unstable();
                all.dedup();
                all
            })
            .collect();

        let mut statements_by = vec![Vec::new(); n];
        for (i, st) in file.statements.iter().enumerate() {
            if let Some(p) = pos(&participants, &st.by) {
                statements_by[p].push(i as u32);
            }
        }

        let mut questions_about = vec![Vec::new(); n];
        let mut pledge_questions = vec![Vec::new(); file.pledges.len()];
        for (i, q) in file.questions.iter().enumerate() {
            for id in q.raised_by.iter().chain(&q.concerns) {
                if let Some(p) = pos(&participants, id) {
                    push_once(&mut questions_about[p], i as u32);
                }
            }
            for id in &q.related_pledges {
                if let Some(p) = pos(&pledges, id) {
                    push_once(&mut pledge_questions[p], i as u32);
                }
            }
        }

        let mut topic_pledges = vec![0; file.topics.len()];
        for pl in &file.pledges {
            if let Some(t) = pos(&topics, &pl.topic) {
                topic_pledges[t] += 1;
            }
        }

        let mut participant_disputes = vec![Vec::new(); n];
        let mut pledge_disputes = vec![Vec::new(); file.pledges.len()];
        let mut document_disputes = vec![Vec::new(); file.documents.len()];
        let mut summit_disputes = Vec::new();
        for (i, d) in file.disputes.iter().enumerate() {
            let i = i as u32;
            let links = [
                (&d.concerns, &participants, &mut participant_disputes),
                (&d.related_pledges, &pledges, &mut pledge_disputes),
                (&d.documents, &documents, &mut document_disputes),
            ];
            for (ids, map, lists) in links {
                for id in ids {
                    if let Some(x) = pos(map, id) {
                        push_once(&mut lists[x], i);
                    }
                }
            }
            if d.concerns.is_empty() && d.related_pledges.is_empty() && d.documents.is_empty() {
                summit_disputes.push(i);
            }
        }

        let mut source_uses = vec![0u32; file.sources.len()];
        {
            let mut count = |list: &[Citation]| {
                // A fact counts once however often its list repeats a source.
                let mut seen: Vec<usize> = Vec::with_capacity(list.len());
                for key in list {
                    if let Some(s) = pos(&sources, key.as_str()) {
                        if !seen.contains(&s) {
                            seen.push(s);
                            source_uses[s] += 1;
                        }
                    }
                }
            };
            for (_, fact) in file.facts() {
                fact.source_lists().for_each(&mut count);
            }
        }

        let useful = |i: usize| {
            let p = &file.participants[i];
            let presence = match p.attendance {
                Attendance::InPerson | Attendance::Represented => 0,
                Attendance::Expected => 1,
                Attendance::ReferredTo => 2,
            };
            let kind = match p.kind {
                ParticipantKind::Country => 0,
                ParticipantKind::Person => 1,
                ParticipantKind::Organisation => 2,
            };
            (presence, kind)
        };
        // Stable sorts of positions: equal keys keep file order.
        let mut participant_order: Vec<u32> = (0..n as u32).collect();
        participant_order.sort_by_key(|&i| useful(i as usize));
        let mut pledger_order = participant_order.clone();
        pledger_order.sort_by_key(|&i| pledges_of[i as usize].is_empty());
        let mut topic_order: Vec<u32> = (0..file.topics.len() as u32).collect();
        topic_order.sort_by_key(|&t| topic_pledges[t as usize] == 0);

        Relations {
            participant_order,
            pledger_order,
            topic_order,
            participant_names: NameTable::new(file.participants.iter().map(|p| Names {
                id: &p.id,
                name: &p.name,
                aliases: &p.aliases,
                description: p.role.as_deref(),
            })),
            pledge_names: NameTable::new(file.pledges.iter().map(|p| Names {
                id: &p.id,
                name: &p.title,
                aliases: &[],
                description: None,
            })),
            question_names: NameTable::new(file.questions.iter().map(|q| Names {
                id: &q.id,
                name: &q.title,
                aliases: &[],
                description: None,
            })),
            topic_names: NameTable::new(file.topics.iter().map(|t| Names {
                id: &t.id,
                name: &t.name,
                aliases: &t.aliases,
                description: None,
            })),
            questions: id_map(file.questions.iter().map(|q| &q.id)),
            disputes: id_map(file.disputes.iter().map(|d| &d.id)),
            sources,
            topics,
            participants,
            documents,
            pledges,
            representatives,
            pledges_of,
            statements_by,
            questions_about,
            pledge_questions,
            topic_pledges,
            participant_disputes,
            pledge_disputes,
            document_disputes,
            summit_disputes,
            source_uses,
        }
    }
}

/// What one entity answers to, for [`NameTable::new`].
pub struct Names<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a [Text],
    pub description: Option<&'a str>,
}

/// The strings users type to name entities of one kind, folded once at load: entity lookup and
/// autocomplete compare against these on every request, and folding them per request was most
/// of the cost of an autocomplete keystroke.
#[derive(Debug, Default)]
pub struct NameTable {
    /// Per entity: its id, name and aliases, [`fold`]ed (an id's dashes fold to spaces).
    strings: Vec<Box<[String]>>,
    /// Per entity: its folded description, if any: a participant's role, which autocomplete also
    /// searches a little below the names (so `chancellor` or `germany` finds Merz). Never used
    /// to resolve an option.
    descriptions: Vec<Option<String>>,
    /// [`compact`] form of every id, name and alias → the first entity answering to it.
    compact: rustc_hash::FxHashMap<String, u32>,
    /// The space-free form of every folded string above (names and descriptions), each followed
    /// by a line break, so one substring search finds the entities a typed word can match
    /// literally (see [`NameTable::containing`]).
    haystack: Vec<u8>,
    /// Per string in `haystack`: where it starts, and whose it is (ascending, like the
    /// entities).
    starts: Vec<u32>,
    owners: Vec<u32>,
}

impl NameTable {
    pub fn new<'a>(entities: impl Iterator<Item = Names<'a>>) -> NameTable {
        let mut table = NameTable::default();
        for (i, e) in entities.enumerate() {
            let mut strings = Vec::with_capacity(2 + e.aliases.len());
            strings.push(fold(e.id));
            strings.push(fold(e.name));
            strings.extend(e.aliases.iter().map(|a| fold(a)));
            for s in std::iter::once(e.id)
                .chain(std::iter::once(e.name))
                .chain(e.aliases.iter().map(|a| a.as_str()))
            {
                let key = compact(s);
                if !key.is_empty() {
                    table.compact.entry(key).or_insert(i as u32);
                }
            }
            let description = e.description.map(fold);
            for s in strings.iter().chain(&description) {
                table.starts.push(table.haystack.len() as u32);
                table.owners.push(i as u32);
                table.haystack.extend(s.bytes().filter(|&b| b != b' '));
                table.haystack.push(b'\n');
            }
            table.strings.push(strings.into_boxed_slice());
            table.descriptions.push(description);
        }
        table
    }

    /// The entities (ascending) one of whose strings, without spaces, contains `needle`.
    pub fn containing(&self, needle: &str) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if needle.is_empty() || needle.contains(' ') {
            return out;
        }
        for at in memchr::memmem::find_iter(&self.haystack, needle.as_bytes()) {
            let string = self.starts.partition_point(|&s| s as usize <= at) - 1;
            let owner = self.owners[string];
            if out.last() != Some(&owner) {
                out.push(owner);
            }
        }
        out
    }

    /// The folded id, name and aliases of entity `i` (empty when out of range).
    pub fn strings(&self, i: usize) -> &[String] {
        self.strings.get(i).map_or(&[], |s| s)
    }

    /// The folded description of entity `i`.
    pub fn description(&self, i: usize) -> Option<&str> {
        self.descriptions.get(i).and_then(|d| d.as_deref())
    }

    /// The first entity whose id, name or an alias has this [`compact`] form.
    pub fn by_compact(&self, compacted: &str) -> Option<usize> {
        self.compact.get(compacted).map(|&i| i as usize)
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}
