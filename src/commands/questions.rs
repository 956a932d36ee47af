//! `/questions`: what the summit left open.

use super::{names, CommandSpec, Outcome, PAGE, SUMMIT};
use crate::engine::{views, Call};

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::QUESTIONS,
    description: "List the questions the summit left open",
    options: &[PAGE, SUMMIT],
    example_template: "/questions",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    Ok(views::questions(call.summit()?, call.page()))
}
