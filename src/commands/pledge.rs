//! `/pledge`: one pledge in full.

use super::{entity, CommandSpec, EntityKind, OptionSpec, Outcome, SUMMIT};
use crate::engine::{views, Call};
use crate::facts::Pledge;

pub const ID: OptionSpec = entity("id", "Pledge id or title", EntityKind::Pledge, true);

pub const COMMAND: CommandSpec = CommandSpec {
    name: "pledge",
    description: "One pledge in full: who, what, conditions, status",
    options: &[ID, SUMMIT],
    example_template: "/pledge id:{pledge}",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    let facts = call.summit()?;
    Ok(views::pledge(facts, call.find::<Pledge>(facts, &ID)?))
}
