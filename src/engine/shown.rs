//! What an answer shows, named so it can be recorded: each fact as `summit/kind/id`
//! (`paris-2026-01-06/pledge/uk-troops`). The people who keep the facts read these ids in the
//! feedback records and in `summit-bot gaps`, and find the fact by its id in the file; the summit
//! is part of the name because two files may use the same id.

use crate::catalog::Facts;
use crate::search::{FactKind, FactRef};

/// The ids of `shown`, in order, each once. A figure has no id of its own in the file, so its
/// label stands for it.
pub fn ids(facts: &Facts, shown: impl IntoIterator<Item = FactRef>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for fact in shown {
        if let Some(id) = id(facts, fact) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// One fact's `summit/kind/id`, or `None` for a reference outside the file.
pub fn id(facts: &Facts, fact: FactRef) -> Option<String> {
    let f = &facts.file;
    let (kind, id): (&str, &str) = match fact.kind {
        FactKind::Summit => ("summit", f.summit.id.as_ref()),
        FactKind::Figure => ("figure", f.summit.figures.get(fact.index)?.label.as_ref()),
        FactKind::Participant => ("participant", f.participants.get(fact.index)?.id.as_ref()),
        FactKind::Document => ("document", f.documents.get(fact.index)?.id.as_ref()),
        FactKind::Pledge => ("pledge", f.pledges.get(fact.index)?.id.as_ref()),
        FactKind::Statement => ("statement", f.statements.get(fact.index)?.id.as_ref()),
        FactKind::Question => ("question", f.questions.get(fact.index)?.id.as_ref()),
        FactKind::Dispute => ("dispute", f.disputes.get(fact.index)?.id.as_ref()),
        FactKind::Event => ("event", f.events.get(fact.index)?.id.as_ref()),
        FactKind::Source => ("source", f.sources.get(fact.index)?.id.as_ref()),
        FactKind::Topic => ("topic", f.topics.get(fact.index)?.id.as_ref()),
    };
    Some(format!("{}/{kind}/{id}", facts.id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn ids_name_the_summit_kind_and_fact_once_each() {
        let catalog = Catalog::embedded().expect("embedded facts load");
        let facts = catalog.newest();
        let first = FactRef {
            kind: FactKind::Participant,
            index: 0,
        };
        let ids = ids(
            facts,
            [
                first,
                first,
                FactRef {
                    kind: FactKind::Pledge,
                    index: usize::MAX,
                },
            ],
        );
        let expected = format!(
            "{}/participant/{}",
            facts.id(),
            facts.file.participants[0].id.as_str()
        );
        assert_eq!(ids, vec![expected]);
    }
}
