//! `/summit`: one summit's overview.

use super::{CommandSpec, Outcome, SUMMIT};
use crate::engine::{views, Call};

pub const COMMAND: CommandSpec = CommandSpec {
    name: "summit",
    description: "Overview of the summit: when, where, who, key numbers and sources",
    options: &[SUMMIT],
    example_template: "/summit",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    Ok(views::summit(call.summit()?))
}
