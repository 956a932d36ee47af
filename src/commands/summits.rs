//! `/summits`: every loaded summit.

use super::{CommandSpec, Outcome};
use crate::engine::{summits, Call};

pub const COMMAND: CommandSpec = CommandSpec {
    name: "summits",
    description: "Every loaded summit, newest first: date, place, host and what is recorded",
    options: &[],
    example_template: "/summits",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    Ok(summits::list(call.catalog))
}
