//! `/question`: one open question.

use super::{entity, CommandSpec, EntityKind, OptionSpec, Outcome, SUMMIT};
use crate::engine::{views, Call};
use crate::facts::Question;

pub const ID: OptionSpec = entity(
    "id",
    "Question id or words from it",
    EntityKind::Question,
    true,
);

pub const COMMAND: CommandSpec = CommandSpec {
    name: "question",
    description: "One open question: why it is unresolved, who raised it",
    options: &[ID, SUMMIT],
    example_template: "/question id:{question}",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    let facts = call.summit()?;
    Ok(views::question(facts, call.find::<Question>(facts, &ID)?))
}
