//! `/participant`: one participant's part in each summit, or in the one `summit:` names.

use super::{entity, names, CommandSpec, EntityKind, OptionSpec, Outcome, PAGE};
use crate::engine::{views, Call};
use crate::facts::Participant;

pub const NAME: OptionSpec = entity(
    names::NAME,
    "Name, id or alias of a country, person or organisation",
    EntityKind::Participant,
    true,
);

/// Unlike most commands, it spans every summit unless told otherwise.
const SUMMIT_NARROWS: OptionSpec = entity(
    "summit",
    "Only this summit (default: every summit they appear in)",
    EntityKind::Summit,
    false,
);

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::PARTICIPANT,
    description: "One participant's part in each summit, newest first: role, pledges, statements",
    options: &[NAME, PAGE, SUMMIT_NARROWS],
    example_template: "/participant name:{participant}",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    if call.summit_named().is_none() && call.catalog.summits().len() > 1 {
        return Ok(call.participant_across(&NAME));
    }
    let facts = call.summit()?;
    let p = call.find::<Participant>(facts, &NAME)?;
    Ok(views::participant(facts, p, call.page()))
}
