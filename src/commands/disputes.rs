//! `/disputes`: where the sources disagree.

use super::{names, CommandSpec, Outcome, PAGE, SUMMIT};
use crate::engine::{views, Call};

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::DISPUTES,
    description: "Points on which the sources disagree, with every version",
    options: &[PAGE, SUMMIT],
    example_template: "/disputes",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    Ok(views::disputes(call.summit()?, call.page()))
}
