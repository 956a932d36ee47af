//! Loaded summits: each fact file's facts with what is built from them once per load (id maps,
//! derived relations, the search index), and the [`Catalog`] of every summit.
//!
//! This sits above both [`crate::facts`] (the file model) and [`crate::search`] (the index), so
//! neither of those needs the other's loaded form. A [`Catalog`] holds every loaded summit, newest
//! first; it is immutable once built, so the serve modes can share it behind an `Arc` and swap in
//! a new one on reload.

pub mod relations;

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::facts::{
    self, validate, Citation, Diagnostic, Diagnostics, Dispute, Document, FactFile, Participant,
    ParticipantKind, Pledge, Question, Source, SourceKind, Summit, Topic, EMBEDDED_FILES,
};
use crate::search::{IdMaps, Index};
use crate::text;

pub use relations::{IdMap, NameTable, Relations};

/// One summit's validated facts.
#[derive(Debug)]
pub struct Facts {
    /// Where the facts came from, as shown in diagnostics and `/healthz`.
    pub origin: String,
    pub file: FactFile,
    /// The `/ask` index, built once per load so questions cost only a lookup.
    pub index: Index,
    /// What `summit-bot check` warns about without failing (facts resting only on weak sources).
    pub warnings: Vec<Diagnostic>,
    /// Id maps and derived relations, built once per load so answers never scan for an id.
    relations: Relations,
    /// The `/disputes` page each dispute starts on, laid out on first use and kept: every answer
    /// that points to a dispute needs it, and laying out every dispute per answer made answers
    /// grow with the whole file (the scale bench: `/pledges by:` 16 ms at N=100).
    dispute_pages: OnceLock<Vec<usize>>,
    /// The `/disputes` layout (each line's dispute and size, and where the pages start), made on
    /// first use and kept for the same reason: `/disputes` built every line of every dispute per
    /// answer to find its page (18 ms at N=100 in the `scale` bench).
    dispute_layout: OnceLock<DisputeLayout>,
    /// What each source's `/sources` entry costs of a page, measured on first use and kept:
    /// paging needs every entry's size, and building every entry to measure it was most of a
    /// `/sources` answer (London: 3.5 M instructions).
    source_sizes: OnceLock<Vec<usize>>,
    /// What each item of a list answer costs of a page, per list (see [`ListKey`]), measured on
    /// first use and kept: paging needs every item's size, so building every item of the list
    /// to measure it made each page cost the whole list (`/questions` 10 ms at N=100).
    item_sizes: Mutex<rustc_hash::FxHashMap<ListKey, Arc<[usize]>>>,
    /// The words the facts write as names (capitalised), folded: see [`Facts::names`].
    names: OnceLock<rustc_hash::FxHashSet<String>>,
}

/// Each line of every dispute as (dispute position, size), and where the `/disputes` pages start.
pub type DisputeLayout = (Vec<(usize, usize)>, Vec<usize>);

/// A list answer whose items are measured for paging, for [`Facts::item_sizes`]. Participants and
/// topics are positions in the fact file. A key names the whole list (the same items in the same
/// order), so its sizes are the same whichever page is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKey {
    Participants(Option<ParticipantKind>),
    Pledges { by: Option<u32>, topic: Option<u32> },
    Questions,
    Timeline,
}

/// Finds `id` through an id map; `None` for an unknown id.
fn by_id<'a, T>(list: &'a [T], map: &IdMap, id: &str) -> Option<&'a T> {
    map.get(id).and_then(|&i| list.get(i as usize))
}

/// The entities at `positions` (from a [`Relations`] list) in `list`.
fn at<'a, T>(list: &'a [T], positions: &'a [u32]) -> impl Iterator<Item = &'a T> + 'a {
    positions.iter().filter_map(|&i| list.get(i as usize))
}

impl Facts {
    /// The words the facts write as names, as `gather` finds them on first use and keeps (a
    /// question naming no summit is routed by them; reading the file per question cost 5 M
    /// instructions).
    pub fn names(
        &self,
        gather: impl FnOnce(&Facts) -> rustc_hash::FxHashSet<String>,
    ) -> &rustc_hash::FxHashSet<String> {
        self.names.get_or_init(|| gather(self))
    }

    /// The `/disputes` page of each dispute, computed by `layout` once per load.
    pub fn dispute_pages(&self, layout: impl FnOnce(&Facts) -> Vec<usize>) -> &[usize] {
        self.dispute_pages.get_or_init(|| layout(self))
    }

    /// The `/disputes` layout, computed by `layout` once per load.
    pub fn dispute_layout(&self, layout: impl FnOnce(&Facts) -> DisputeLayout) -> &DisputeLayout {
        self.dispute_layout.get_or_init(|| layout(self))
    }

    /// The page cost of each item of the list `key`, computed by `measure` once per load. Two
    /// answers racing on a first use may both measure; the sizes are the same, and one is kept.
    pub fn item_sizes(
        &self,
        key: ListKey,
        measure: impl FnOnce(&Facts) -> Vec<usize>,
    ) -> Arc<[usize]> {
        // A panic elsewhere while the lock was held cannot leave a half-written entry: entries
        // are inserted whole, so a poisoned map is still sound.
        let cached = self
            .item_sizes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        if let Some(sizes) = cached {
            return sizes;
        }
        let sizes: Arc<[usize]> = measure(self).into();
        self.item_sizes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert(sizes)
            .clone()
    }

    /// The page cost of each source's `/sources` entry, computed by `measure` once per load.
    pub fn source_sizes(&self, measure: impl FnOnce(&Facts) -> Vec<usize>) -> &[usize] {
        self.source_sizes.get_or_init(|| measure(self))
    }

    pub fn summit(&self) -> &Summit {
        &self.file.summit
    }
    pub fn id(&self) -> &str {
        &self.file.summit.id
    }
    pub fn source(&self, id: &str) -> Option<&Source> {
        by_id(&self.file.sources, &self.relations.sources, id)
    }
    /// Whether a fact citing `sources` rests only on weak ones (kind `other`): such a fact is
    /// shown as reported, never as settled, and `/ask` ranks it below stronger ones.
    pub fn rests_on_weak(&self, sources: &[Citation]) -> bool {
        !sources.is_empty()
            && sources.iter().all(|c| {
                self.source(c.as_str())
                    .is_some_and(|s| s.kind == SourceKind::Other)
            })
    }
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        by_id(&self.file.participants, &self.relations.participants, id)
    }
    pub fn pledge(&self, id: &str) -> Option<&Pledge> {
        by_id(&self.file.pledges, &self.relations.pledges, id)
    }
    pub fn question(&self, id: &str) -> Option<&Question> {
        by_id(&self.file.questions, &self.relations.questions, id)
    }
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        by_id(&self.file.topics, &self.relations.topics, id)
    }
    pub fn document(&self, id: &str) -> Option<&Document> {
        by_id(&self.file.documents, &self.relations.documents, id)
    }
    pub fn dispute(&self, id: &str) -> Option<&Dispute> {
        by_id(&self.file.disputes, &self.relations.disputes, id)
    }

    /// The id maps and relations, for the position-based lookups answers are built from.
    pub fn relations(&self) -> &Relations {
        &self.relations
    }
    pub fn source_index(&self, id: &str) -> Option<usize> {
        self.relations.sources.get(id).map(|&i| i as usize)
    }
    pub fn participant_index(&self, id: &str) -> Option<usize> {
        self.relations.participants.get(id).map(|&i| i as usize)
    }
    pub fn pledge_index(&self, id: &str) -> Option<usize> {
        self.relations.pledges.get(id).map(|&i| i as usize)
    }
    pub fn document_index(&self, id: &str) -> Option<usize> {
        self.relations.documents.get(id).map(|&i| i as usize)
    }
    pub fn dispute_index(&self, id: &str) -> Option<usize> {
        self.relations.disputes.get(id).map(|&i| i as usize)
    }

    /// The people (or bodies) whose `represents` names participant `id`, in file order.
    pub fn representatives(&self, id: &str) -> impl Iterator<Item = &Participant> + '_ {
        let list = self
            .participant_index(id)
            .map_or(&[][..], |i| &self.relations.representatives[i]);
        at(&self.file.participants, list)
    }

    /// What `/pledges by:<id>` lists, in file order: a country's or organisation's own pledges
    /// and those of the people who represent it; a person's own only.
    pub fn pledges_of(&self, id: &str) -> impl Iterator<Item = &Pledge> + '_ {
        let list = self
            .participant_index(id)
            .map_or(&[][..], |i| &self.relations.pledges_of[i]);
        at(&self.file.pledges, list)
    }

    /// How many facts cite source `id` (a dispute once per version that does).
    pub fn source_uses(&self, id: &str) -> usize {
        self.source_index(id)
            .map_or(0, |i| self.relations.source_uses[i] as usize)
    }
}

/// Every loaded summit, newest first. Never empty.
///
/// The same participant id in two files is the same participant (validation checks that it is
/// the same kind of participant in both), so answers that span summits join on ids.
#[derive(Debug, Clone)]
pub struct Catalog {
    summits: Vec<Arc<Facts>>,
    /// Per summit (same order): the forms derived from its date and place that users type for
    /// it ("march 2025", "lancaster house"), folded; see [`Catalog::summit_by_form`].
    forms: Vec<Vec<String>>,
    /// The same forms compacted, as the `summit` option compares them.
    compact_forms: Vec<Vec<String>>,
}

impl Catalog {
    /// Orders summits newest first (by date, then id) so the default answer is the latest summit.
    pub fn new(mut summits: Vec<Arc<Facts>>) -> Option<Catalog> {
        if summits.is_empty() {
            return None;
        }
        summits.sort_by(|a, b| {
            b.summit()
                .date
                .as_str()
                .cmp(a.summit().date.as_str())
                .then_with(|| a.id().cmp(b.id()))
        });
        let forms = derived_forms(&summits);
        let compact_forms = forms
            .iter()
            .map(|list| list.iter().map(|f| f.replace(' ', "")).collect())
            .collect();
        Some(Catalog {
            summits,
            forms,
            compact_forms,
        })
    }

    /// The newest summit: what every command answers about when no `summit` option is given.
    pub fn newest(&self) -> &Arc<Facts> {
        &self.summits[0]
    }

    /// The oldest summit ("the first summit").
    pub fn oldest(&self) -> &Arc<Facts> {
        // `new` refuses an empty list, so there is a last one.
        &self.summits[self.summits.len() - 1]
    }

    pub fn summits(&self) -> &[Arc<Facts>] {
        &self.summits
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Facts>> {
        self.summits.iter().find(|f| f.id() == id)
    }

    /// The summit a date or place form names: its place or a part of it ("Lancaster House",
    /// "London"), its date written out ("2 March 2025", "March 2, 2025", "2025-03-02"), its month
    /// ("March 2025"), and, when no other loaded summit shares them, its year ("2025") or month
    /// alone ("March"). Derived from each summit's `date` and `place`, so a new summit needs no
    /// code. A place part that is also a participant's name ("France" in "Élysée Palace, Paris,
    /// France") is left out: "France" names a country, not a summit. Ids, names and aliases are
    /// matched by the engine's lookup first; this is the fallback.
    pub fn summit_by_form(&self, query: &str) -> Option<&Arc<Facts>> {
        let typed = text::compact(query);
        if typed.is_empty() {
            return None;
        }
        self.compact_forms
            .iter()
            .position(|forms| forms.contains(&typed))
            .map(|i| &self.summits[i])
    }

    /// Every form [`Catalog::summit_by_form`] accepts for the summit at `index` (newest first),
    /// folded, for finding summits named inside a question.
    pub fn forms(&self, index: usize) -> &[String] {
        self.forms.get(index).map_or(&[], Vec::as_slice)
    }

    /// Every bundled summit. They are checked by the test suite, so failing here is a build bug.
    pub fn embedded() -> Result<Catalog, Diagnostics> {
        load_many(EMBEDDED_FILES.iter().copied())
    }
}

/// The date and place forms of each summit (see [`Catalog::summit_by_form`]), folded, with a
/// year or a month name kept only where it names one summit.
fn derived_forms(summits: &[Arc<Facts>]) -> Vec<Vec<String>> {
    let parsed: Vec<Option<(u32, usize, u32)>> = summits
        .iter()
        .map(|f| facts::ymd(&f.summit().date))
        .collect();
    let count = |pick: &dyn Fn(&(u32, usize, u32)) -> bool| {
        parsed.iter().flatten().filter(|d| pick(d)).count()
    };
    summits
        .iter()
        .zip(&parsed)
        .map(|(facts, date)| {
            let s = facts.summit();
            let mut out = Vec::new();
            let named = |part: &str| {
                let c = text::compact(part);
                facts.file.participants.iter().any(|p| {
                    text::compact_eq(&c, &p.name)
                        || text::compact_eq(&c, &p.id)
                        || p.aliases.iter().any(|a| text::compact_eq(&c, a))
                })
            };
            let place = text::fold(&s.place);
            if !place.is_empty() {
                out.push(place);
            }
            for part in s.place.split(',') {
                let f = text::fold(part);
                if !f.is_empty() && !named(part) {
                    out.push(f);
                }
            }
            out.push(text::fold(&s.date));
            if let Some(&(y, m, d)) = date.as_ref() {
                let month = text::MONTHS[m - 1].to_ascii_lowercase();
                let short = &month[..3];
                for name in [month.as_str(), short] {
                    out.push(format!("{d} {name} {y}"));
                    out.push(format!("{name} {d} {y}"));
                    out.push(format!("{name} {y}"));
                }
                if count(&|o| o.0 == y) == 1 {
                    out.push(y.to_string());
                }
                if count(&|o| o.1 == m) == 1 {
                    out.push(month.clone());
                }
            }
            out.sort();
            out.dedup();
            out
        })
        .collect()
}

/// Loads several fact files given as `(origin, text)`, one summit each, with the checks across
/// files (shared participant ids, summit ids and names); every file's errors are reported.
pub fn load_many<'t>(
    files: impl IntoIterator<Item = (&'t str, &'t str)>,
) -> Result<Catalog, Diagnostics> {
    let files: Vec<(&str, &str)> = files.into_iter().collect();
    let mut all = Diagnostics::default();
    let mut loaded = Vec::new();
    for ((_, text), result) in files.iter().zip(load_all(&files)) {
        match result {
            Ok(f) => loaded.push((*text, f)),
            Err(d) => all.extend(d),
        }
    }
    finish_catalog(loaded, all).unwrap_or_else(|| Err(Diagnostics::empty_dir(Path::new("data"))))
}

/// [`load_str`] on every file, in order, spread over the available cores: each summit's parse,
/// checks and index are independent of the others', and building the index is most of a load,
/// so with two summits on two cores the bot starts (and reloads) in the time of the larger one.
fn load_all(files: &[(&str, &str)]) -> Vec<Result<Facts, Diagnostics>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if files.len() < 2 || cores < 2 {
        return files.iter().map(|(o, t)| load_str(o, t)).collect();
    }
    let per_thread = files.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(o, t)| load_str(o, t))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(files.chunks(per_thread))
            .flat_map(|(h, chunk)| {
                // A panic while loading is a bug, not bad input; load that chunk again here so
                // the error surfaces on this thread rather than being swallowed.
                h.join()
                    .unwrap_or_else(|_| chunk.iter().map(|(o, t)| load_str(o, t)).collect())
            })
            .collect()
    })
}

/// Runs the checks across files and builds the catalog; `None` when nothing loaded and nothing
/// went wrong (an empty set of files), which the callers word for their case.
fn finish_catalog(
    loaded: Vec<(&str, Facts)>,
    mut all: Diagnostics,
) -> Option<Result<Catalog, Diagnostics>> {
    let files: Vec<validate::Loaded> = loaded
        .iter()
        .map(|(text, f)| validate::Loaded {
            origin: &f.origin,
            text,
            file: &f.file,
        })
        .collect();
    validate::check_catalog(&files, &mut all);
    if !all.is_empty() {
        return Some(Err(all));
    }
    let summits = loaded.into_iter().map(|(_, f)| Arc::new(f)).collect();
    Catalog::new(summits).map(Ok)
}

/// Parses and validates one fact file's text. `origin` names it in diagnostics.
pub fn load_str(origin: &str, text: &str) -> Result<Facts, Diagnostics> {
    let (file, warnings) = facts::parse(origin, text)?;
    let relations = Relations::build(&file);
    let ids = IdMaps {
        participants: &relations.participants,
        topics: &relations.topics,
    };
    let index = Index::build_with(&file, ids);
    Ok(Facts {
        origin: origin.to_owned(),
        file,
        index,
        warnings,
        relations,
        dispute_pages: OnceLock::new(),
        names: OnceLock::new(),
        dispute_layout: OnceLock::new(),
        source_sizes: OnceLock::new(),
        item_sizes: Mutex::default(),
    })
}

/// Loads a fact file, or every `*.toml` directly in a directory (one summit each), reporting the
/// errors of every file, not just the first.
///
/// A directory is not searched recursively: `data/synonyms/` and similar subfolders hold TOML
/// that is not a fact file. Hidden files (editor swap and lock files such as `.#x.toml`) are
/// skipped.
pub fn load_path(path: &Path) -> Result<Catalog, Diagnostics> {
    let mut files = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| Diagnostics::io(path, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Diagnostics::io(path, &e))?;
            let p = entry.path();
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if p.extension().is_some_and(|x| x == "toml") && !hidden && p.is_file() {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut all = Diagnostics::default();
    let mut texts = Vec::new();
    for file in &files {
        match std::fs::read_to_string(file) {
            Ok(text) => texts.push((file.display().to_string(), text)),
            Err(e) => all.extend(Diagnostics::io(file, &e)),
        }
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(o, t)| (o.as_str(), t.as_str()))
        .collect();
    let mut loaded = Vec::new();
    for ((_, text), result) in pairs.iter().zip(load_all(&pairs)) {
        match result {
            Ok(f) => loaded.push((*text, f)),
            Err(d) => all.extend(d),
        }
    }
    finish_catalog(loaded, all).unwrap_or_else(|| Err(Diagnostics::empty_dir(path)))
}
