//! `/pledges`: the pledges, optionally by one participant or on one topic.

use super::{entity, names, CommandSpec, EntityKind, OptionSpec, Outcome, PAGE, SUMMIT};
use crate::engine::{views, Call};
use crate::facts::{Participant, Topic};

pub const BY: OptionSpec = entity(
    names::BY,
    "Only pledges by this participant",
    EntityKind::Participant,
    false,
);

pub const TOPIC: OptionSpec = entity(
    names::TOPIC,
    "Only pledges on this topic",
    EntityKind::Topic,
    false,
);

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::PLEDGES,
    description: "List pledges, optionally by participant or topic",
    options: &[BY, TOPIC, PAGE, SUMMIT],
    example_template: "/pledges by:{by}",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    let facts = call.summit()?;
    let by = call.optional::<Participant>(facts, &BY)?;
    let topic = call.optional::<Topic>(facts, &TOPIC)?;
    Ok(views::pledges(facts, by, topic, call.page()))
}
