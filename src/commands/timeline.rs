//! `/timeline`: dated events around one summit, or around every summit (`summit:all`).

use super::{entity, names, CommandSpec, EntityKind, OptionSpec, Outcome, PAGE};
use crate::engine::{summits, views, Call};

/// The `summit` option, which also takes [`super::ALL_SUMMITS`].
pub(super) const SUMMIT_OR_ALL: OptionSpec = OptionSpec {
    takes_all: true,
    ..entity(
        "summit",
        "Which summit, or all for every one (default: the newest)",
        EntityKind::Summit,
        false,
    )
};

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::TIMELINE,
    description: "Dated events around the summit, or around every summit",
    options: &[PAGE, SUMMIT_OR_ALL],
    example_template: "/timeline summit:all",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    if call.all_summits() {
        return Ok(summits::timeline(call.catalog, call.page()));
    }
    Ok(views::timeline(call.summit()?, call.page()))
}
