//! `/questions`: what the summit left open.

use super::{CommandSpec, Outcome, PAGE, SUMMIT};
use crate::engine::{views, Call};

pub const COMMAND: CommandSpec = CommandSpec {
    name: "questions",
    description: "List the questions the summit left open",
    options: &[PAGE, SUMMIT],
    example_template: "/questions",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    Ok(views::questions(call.summit()?, call.page()))
}
