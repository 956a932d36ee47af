//! "Check with summit facts": a message (context-menu) command. Right-click a message → Apps; the
//! message's claims are checked against the facts by `engine::check`, each asked of `/ask` through
//! the registry, privately.

use super::MessageCommandSpec;
use crate::catalog::Catalog;
use crate::engine::check::{self, Target};
use crate::reply::Reply;
use crate::request::{OptionValue, Request};

pub const COMMAND: MessageCommandSpec = MessageCommandSpec {
    name: "Check with summit facts",
    description: "Checks up to three claims of a message against the cited facts, privately",
    run,
};

fn run(catalog: &Catalog, target: &Target<'_>) -> Reply {
    check::answer(target, &|question: &str| ask(catalog, question))
}

/// One claim checked as the message command checks it: `/ask`'s answer to its question, whose
/// `facts` say what a check of it shows (a 👍/👎 click on a check re-reads them).
pub fn recheck(catalog: &Catalog, claim: &str) -> Reply {
    check::check_claim(claim, &|question: &str| ask(catalog, question)).answer
}

/// `/ask question:<question>`, answered as the slash command would be.
fn ask(catalog: &Catalog, question: &str) -> Reply {
    let request = Request::new(super::ask::COMMAND.name).with(
        super::ask::QUESTION.name,
        OptionValue::String(question.to_owned()),
    );
    super::answer(catalog, &request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::ReplyKind;

    fn catalog() -> Catalog {
        Catalog::embedded().expect("embedded facts load")
    }

    #[test]
    fn questions_fit_the_ask_option() {
        assert_eq!(
            super::super::ask::QUESTION.max_length.map(usize::from),
            Some(check::QUESTION_MAX)
        );
    }

    #[test]
    fn ask_verdict_lines_map_to_verdicts() {
        // On the bundled facts: these pin `/ask`'s verdict wording this module reads.
        let catalog = catalog();
        for (claim, verdict) in [
            ("Meloni attended the summit.", check::Verdict::Supported),
            ("Trump attended the summit.", check::Verdict::Contradicted),
            (
                "Trump did not attend the summit.",
                check::Verdict::Supported,
            ),
            (
                "The US signed the Paris Declaration.",
                check::Verdict::Contradicted,
            ),
            ("China attended the summit.", check::Verdict::NotCovered),
            ("Le sommet a eu lieu à Berlin.", check::Verdict::NotCovered),
        ] {
            let c = check::check_claim(claim, &|q: &str| ask(&catalog, q));
            assert_eq!(c.verdict, verdict, "{claim}: {}", c.answer.body);
        }
    }

    #[test]
    fn a_reply_lists_exactly_the_sources_its_marks_use() {
        let catalog = catalog();
        let reply = run(
            &catalog,
            &Target {
                content: "Trump attended the summit. The US signed the Paris Declaration. \
                          Meloni attended.",
                ..Target::default()
            },
        );
        assert_eq!(reply.kind, ReplyKind::Answer);
        assert!(reply.private);
        assert_eq!(reply.sections.len(), 3);
        let text: String = reply
            .sections
            .iter()
            .map(|s| s.body.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        for n in 1..=reply.citations.len() {
            assert!(
                text.contains(&format!("[{n}]"))
                    || text.contains(&format!("[{n},"))
                    || text.contains(&format!(" {n},"))
                    || text.contains(&format!(" {n}]")),
                "source {n} is listed but never marked:\n{text}"
            );
        }
        let keys: std::collections::HashSet<&str> =
            reply.citations.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys.len(), reply.citations.len(), "a source listed twice");
    }
}
