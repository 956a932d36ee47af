//! `/help`: what the bot answers, derived only from the command registry, plus which summits are
//! loaded.

use super::{names, CommandSpec, Outcome, COMMANDS, MESSAGE_COMMANDS, PAGE, SUMMIT};
use crate::engine::{compose, Call};
use crate::reply::{Reply, ReplyKind};

pub const COMMAND: CommandSpec = CommandSpec {
    name: names::HELP,
    description: "What this bot can answer, and how to ask",
    options: &[],
    example_template: "/help",
    admin: false,
    run,
};

fn run(call: &Call<'_>) -> Outcome {
    let catalog = call.catalog;
    let mut loaded: Vec<String> = catalog
        .summits()
        .iter()
        .take(10)
        .map(|f| format!("{} (`{}`)", f.summit().name, f.id()))
        .collect();
    if catalog.summits().len() > 10 {
        loaded.push(format!("and {} more", catalog.summits().len() - 10));
    }
    let mut reply = Reply::new(
        ReplyKind::Answer,
        "What this bot can answer",
        format!(
            "Answers come only from cited fact files: {}. Commands answer about the newest unless \
             `summit:` names another, and lists take `page:`. Names take an id, name or alias.",
            loaded.join("; ")
        ),
    );
    // Admin commands get no line (Discord shows them only to admins), but are named, so an
    // admin reading /help learns they exist.
    let admin: Vec<String> = COMMANDS
        .iter()
        .filter(|c| c.admin)
        .map(|c| format!("`/{}`", c.name))
        .collect();
    if !admin.is_empty() {
        reply.body.push_str(&format!(
            " Members with Manage Server also have {}.",
            admin.join(", ")
        ));
    }
    // One line per command with its required options; Discord shows each option's own
    // description as it is typed, and `summit`/`page` are said once above.
    let lines = COMMANDS.iter().filter(|c| !c.admin).map(|spec| {
        let mut usage = format!("- `/{}", spec.name);
        for o in spec
            .options
            .iter()
            .filter(|o| o.name != SUMMIT.name && o.name != PAGE.name)
        {
            if o.required {
                usage.push_str(&format!(" {}", o.name));
            } else {
                usage.push_str(&format!(" [{}]", o.name));
            }
        }
        usage.push_str("` — ");
        usage.push_str(spec.description);
        usage
    });
    // Message commands have no slash form: they are found on a message, under Apps.
    let lines = lines.chain(MESSAGE_COMMANDS.iter().map(|spec| {
        format!(
            "- **{}** (on any message: ⋯ → Apps) — {}",
            spec.name, spec.description
        )
    }));
    compose::push_sections(&mut reply.sections, "Commands", lines);
    Ok(reply)
}
