//! `/sources`: every source the facts rest on.

use super::{names, CommandSpec, Outcome, PAGE, SUMMIT};
use crate::engine::{views, Call};

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::SOURCES,
    description: "Every source the facts rest on, with publisher, date and address",
    options: &[PAGE, SUMMIT],
    example_template: "/sources",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    Ok(views::sources(call.summit()?, call.page()))
}
