//! `/participants`: who is recorded, optionally one kind of participant.

use super::{names, CommandSpec, OptionSpec, OptionType, Outcome, PAGE, SUMMIT};
use crate::engine::{views, Call};
use crate::facts::ParticipantKind;

pub const KIND: OptionSpec = OptionSpec {
    name: names::KIND,
    description: "Only this kind of participant",
    kind: OptionType::String,
    required: false,
    entity: None,
    choices: &[
        ("Countries", "country"),
        ("People", "person"),
        ("Organisations", "organisation"),
    ],
    max_length: None,
    takes_all: false,
};

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::PARTICIPANTS,
    description: "List the countries, people and organisations recorded for the summit",
    options: &[KIND, PAGE, SUMMIT],
    example_template: "/participants kind:country",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    let facts = call.summit()?;
    // `commands::check` has refused any value that is not one of the choices.
    let kind = call.text(&KIND).and_then(|k| match KIND.choice(k)? {
        "country" => Some(ParticipantKind::Country),
        "person" => Some(ParticipantKind::Person),
        "organisation" => Some(ParticipantKind::Organisation),
        _ => None,
    });
    Ok(views::participants(facts, kind, call.page()))
}
