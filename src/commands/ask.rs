//! `/ask`: a question in the user's own words, answered only from the cited facts. The answering
//! itself is `engine::ask` (one summit) and `engine::across` (the summits a question names).

use super::{CommandSpec, OptionSpec, OptionType, Outcome, SUMMIT};
use crate::engine::{across, ask, Call};

pub const QUESTION: OptionSpec = OptionSpec {
    name: "question",
    description: "Your question in your own words, e.g. \"who took part?\"",
    kind: OptionType::String,
    required: true,
    entity: None,
    choices: &[],
    max_length: Some(300),
    takes_all: false,
};

/// Answered privately when true (`engine::ask` reads it).
pub const PRIVATE: OptionSpec = OptionSpec {
    name: "private",
    description: "Only you see the answer",
    kind: OptionType::Boolean,
    required: false,
    entity: None,
    choices: &[],
    max_length: None,
    takes_all: false,
};

pub const COMMAND: CommandSpec = CommandSpec {
    name: "ask",
    description: "Ask a question in your own words; answers only from the cited facts",
    options: &[QUESTION, PRIVATE, SUMMIT],
    example_template: "/ask question:\"who hosted the summit?\"",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    // Without `summit:`, the summit a question names, or the summits it compares.
    if call.summit_named().is_none() {
        if let Some(reply) = across::answer(call.catalog, call.request) {
            return Ok(reply);
        }
    }
    Ok(ask::answer(call.summit()?, call.request))
}
