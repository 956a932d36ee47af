//! What a reload changed: facts added, removed or changed per kind, for the log line and the
//! `/reload` reply.

use std::fmt;

use crate::catalog::{Catalog, Facts};
use crate::facts::{Fact, FactKind};

/// How many facts of one kind a reload added, removed or changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.removed == 0 && self.changed == 0
    }
}

/// The kinds of fact a reload reports on, in the order they are reported. `summit` is the
/// `[summit]` table itself (name, date, place, figures...), which can only change.
pub const KINDS: [FactKind; 10] = [
    FactKind::Summit,
    FactKind::Participant,
    FactKind::Pledge,
    FactKind::Question,
    FactKind::Statement,
    FactKind::Dispute,
    FactKind::Event,
    FactKind::Source,
    FactKind::Topic,
    FactKind::Document,
];

/// How a reload names a kind: "pledges", but "summit" (a file holds one).
fn kind_label(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Summit => kind.as_str(),
        _ => kind.plural(),
    }
}

/// What a reload changed: summits added or removed, and for each summit in both versions, facts
/// added, removed or changed per kind (matched by id, compared by content).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub summits_added: Vec<String>,
    pub summits_removed: Vec<String>,
    /// One entry per [`KINDS`], in that order, summed over the summits in both versions.
    pub kinds: Vec<(&'static str, Counts)>,
}

impl Changes {
    /// Compares two catalogs. Facts of a summit that was added or removed are not counted per
    /// kind: the summit line says it all.
    pub fn between(old: &Catalog, new: &Catalog) -> Changes {
        let mut changes = Changes {
            kinds: KINDS
                .iter()
                .map(|k| (kind_label(*k), Counts::default()))
                .collect(),
            ..Changes::default()
        };
        for f in new.summits() {
            match old.get(f.id()) {
                None => changes.summits_added.push(f.id().to_owned()),
                Some(o) => {
                    for (slot, counts) in changes.kinds.iter_mut().zip(kind_diffs(o, f)) {
                        slot.1.added += counts.added;
                        slot.1.removed += counts.removed;
                        slot.1.changed += counts.changed;
                    }
                }
            }
        }
        for f in old.summits() {
            if new.get(f.id()).is_none() {
                changes.summits_removed.push(f.id().to_owned());
            }
        }
        changes
    }

    /// The counts for one of [`KINDS`] (all zero for a name that is not one).
    pub fn get(&self, kind: &str) -> Counts {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or_else(Counts::default, |(_, c)| *c)
    }

    pub fn is_empty(&self) -> bool {
        self.summits_added.is_empty()
            && self.summits_removed.is_empty()
            && self.kinds.iter().all(|(_, c)| c.is_empty())
    }
}

impl fmt::Display for Changes {
    /// `pledges: 1 changed; participants: 1 added, 2 removed`, or `no changes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.summits_added.is_empty() {
            parts.push(format!("summits added: {}", self.summits_added.join(", ")));
        }
        if !self.summits_removed.is_empty() {
            parts.push(format!(
                "summits removed: {}",
                self.summits_removed.join(", ")
            ));
        }
        for (kind, c) in &self.kinds {
            if c.is_empty() {
                continue;
            }
            let counts: Vec<String> = [(c.added, "added"), (c.removed, "removed")]
                .into_iter()
                .chain([(c.changed, "changed")])
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            parts.push(format!("{kind}: {}", counts.join(", ")));
        }
        if parts.is_empty() {
            f.write_str("no changes")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}

/// Per-kind differences between two versions of one summit, in [`KINDS`] order.
fn kind_diffs(old: &Facts, new: &Facts) -> [Counts; 10] {
    KINDS.map(|k| diff(old.file.facts_of(k), new.file.facts_of(k)))
}

/// A fact's content for comparison. The schema types record where each value sat in the file
/// (for diagnostics), so a derived equality would count a fact as changed merely because a line
/// above it grew; their `Debug` form shows the values only, which is exactly "the same content".
fn content<T: fmt::Debug>(item: &T) -> String {
    format!("{item:?}")
}

/// Facts matched by id (a fact without one, a figure, is compared as part of the summit).
fn diff<'a>(old: impl Iterator<Item = Fact<'a>>, new: impl Iterator<Item = Fact<'a>>) -> Counts {
    use std::collections::HashMap;
    let id = |x: &Fact<'a>| x.id().map_or("", |t| t.as_str());
    let before: HashMap<&str, Fact<'a>> = old.map(|x| (id(&x), x)).collect();
    let mut counts = Counts::default();
    let mut seen = 0;
    for item in new {
        match before.get(id(&item)) {
            None => counts.added += 1,
            Some(prev) => {
                seen += 1;
                if content(prev) != content(&item) {
                    counts.changed += 1;
                }
            }
        }
    }
    counts.removed = before.len().saturating_sub(seen);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_facts_report_no_changes() {
        let a = Catalog::embedded().unwrap();
        let b = Catalog::embedded().unwrap();
        let changes = Changes::between(&a, &b);
        assert!(changes.is_empty(), "{changes}");
        assert_eq!(changes.to_string(), "no changes");
    }
}
