//! `/reload` (admins only): reread the fact files. It acts on the running process, not on the
//! facts, so the Discord door answers it before the engine is asked (`crate::interaction`); this
//! handler runs only where there is nothing to reload.

use super::{CommandSpec, Outcome};
use crate::engine::Call;
use crate::reply::Reply;

pub const COMMAND: CommandSpec = CommandSpec {
    name: "reload",
    description: "Reload the fact files (admins only)",
    options: &[],
    example_template: "/reload",
    admin: true,
    run,
};

/// Getting here means a console, a one-shot command, or facts built into the binary.
fn run(_: &Call<'_>) -> Outcome {
    Ok(Reply::error(
        "Nothing to reload here",
        format!(
            "`/{}` rereads the fact files of a bot started with `summit-bot serve` on files \
             (`--facts PATH`); saving the file or sending SIGHUP does the same. This bot answers \
             from facts it cannot reread here (a console, a one-shot command, or the copy built \
             into the binary): restart it to pick up edits.",
            COMMAND.name
        ),
    ))
}
