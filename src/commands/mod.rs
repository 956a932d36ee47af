//! The command registry: one module per command, each holding its spec (name, description,
//! options, example) and its handler, and [`COMMANDS`] listing them. Discord registration JSON,
//! `/help`, the README's command list, dispatch, button ids and autocomplete all come from
//! [`COMMANDS`], so they cannot disagree; a test fails if the README drifts. Nothing here names
//! a summit: examples are templates filled from the loaded facts.
//!
//! Adding a command: a new module here with its `COMMAND` and handler, and one line in
//! [`COMMANDS`].

pub mod ask;
pub mod check;
pub mod disputes;
pub mod gaps;
pub mod help;
pub mod participant;
pub mod participants;
pub mod pledge;
pub mod pledges;
pub mod question;
pub mod questions;
pub mod reload;
pub mod sources;
pub mod summit;
pub mod summits;
pub mod timeline;

mod bind;
mod read;

use std::sync::LazyLock;

use crate::catalog::{Catalog, Facts};
use crate::engine::{self, Call};
use crate::reply::{Choice, Reply};
use crate::request::Request;

pub use crate::request::spec::{
    entity, names, EntityKind, OptionSpec, OptionType, ALL_SUMMITS, PAGE, SUMMIT,
};
pub use bind::{bind, bind_one, check, command, unknown_option};

/// One slash command.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub options: &'static [OptionSpec],
    /// An example line for `/help` and the README, in Discord's own syntax, with placeholders
    /// (`{participant}`, `{by}`, `{pledge}`, `{question}`) that [`CommandSpec::example`] fills
    /// from a loaded summit, so no example assumes which summits are loaded.
    pub example_template: &'static str,
    /// Registered with `default_member_permissions` = Manage Server; hidden from non-admin help.
    pub admin: bool,
    /// Answers a request that [`check`] has accepted.
    pub run: Handler,
}

/// A command's handler: the reply, or a not-found or error reply that ended it early (boxed,
/// because a `Reply` is large and the happy path should not pay to move one).
pub type Handler = fn(&Call<'_>) -> Outcome;

/// What a [`Handler`] returns.
pub type Outcome = Result<Reply, Box<Reply>>;

impl CommandSpec {
    pub fn option(&self, name: &str) -> Option<&'static OptionSpec> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The example, filled from `facts` (the newest summit, in `/help` and the README): the host
    /// for `{participant}`, whoever made the first pledge for `{by}`, the first pledge and open
    /// question for `{pledge}` and `{question}`. A summit without pledges or questions gets the
    /// generic hint for that part instead.
    pub fn example(&self, facts: &Facts) -> String {
        let f = &facts.file;
        fill(self.example_template, |slot| match slot {
            "participant" => facts.participant(&f.summit.host).map(|p| quoted(&p.name)),
            "by" => f
                .pledges
                .first()
                .and_then(|pl| pl.by.first())
                .map(|id| id.to_string()),
            "pledge" => f.pledges.first().map(|p| p.id.to_string()),
            "question" => f.questions.first().map(|q| q.id.to_string()),
            _ => None,
        })
    }

    /// The example with its placeholders as hints (`/pledge id:<pledge id>`), for messages written
    /// before any summit is known (a console line or an interaction that cannot be parsed).
    pub fn example_hint(&self) -> String {
        fill(self.example_template, |_| None)
    }
}

/// Replaces each `{slot}` of `template` with `value(slot)`, or a `<hint>` when there is none.
fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        let slot = &rest[open + 1..open + close];
        match value(slot) {
            Some(v) => out.push_str(&v),
            None => {
                let hint = match slot {
                    "participant" => "<name>",
                    "by" => "<participant>",
                    "pledge" => "<pledge id>",
                    "question" => "<question id>",
                    _ => "<value>",
                };
                out.push_str(hint);
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A value as typed in Discord syntax: quoted when it has a space.
fn quoted(value: &str) -> String {
    if value.contains(' ') {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_owned()
    }
}

impl CommandSpec {
    /// Whether its `summit` option also takes [`ALL_SUMMITS`].
    pub fn takes_all_summits(&self) -> bool {
        self.option(SUMMIT.name).is_some_and(|o| o.takes_all)
    }
}

/// Every command, in the order `/help` lists them.
pub static COMMANDS: &[CommandSpec] = &[
    summits::COMMAND,
    summit::COMMAND,
    participants::COMMAND,
    participant::COMMAND,
    pledges::COMMAND,
    pledge::COMMAND,
    questions::COMMAND,
    question::COMMAND,
    disputes::COMMAND,
    timeline::COMMAND,
    sources::COMMAND,
    ask::COMMAND,
    help::COMMAND,
    reload::COMMAND,
    gaps::COMMAND,
];

/// A message (context-menu) command: Discord shows it under Apps on any message and sends the
/// message with the interaction. It has no options and no description on Discord (its name,
/// which may have spaces and capitals, says what it does); `description` is for `/help` and the
/// README.
#[derive(Debug, Clone, Copy)]
pub struct MessageCommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// Answers from the facts about the message the command was used on.
    pub run: fn(&Catalog, &crate::engine::check::Target<'_>) -> Reply,
}

/// Every message command.
pub static MESSAGE_COMMANDS: &[MessageCommandSpec] = &[check::COMMAND];

/// Looks a message command up by its exact name.
pub fn find_message(name: &str) -> Option<&'static MessageCommandSpec> {
    MESSAGE_COMMANDS.iter().find(|c| c.name == name)
}

/// Looks a command up by its exact name.
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The README's command list, derived from [`COMMANDS`] and [`MESSAGE_COMMANDS`] so it cannot drift: `tests/readme.rs`
/// fails when the block between the `<!-- commands:start -->` markers differs from this.
/// Examples are filled from `newest`, the newest bundled summit.
/// Required options are shown bare, optional ones in `[brackets]`.
pub fn markdown_table(newest: &Facts) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out =
        String::from("| Command | Options | What it answers | Example |\n|---|---|---|---|\n");
    for c in COMMANDS {
        let options = c
            .options
            .iter()
            .map(|o| {
                let mut name = o.name.to_owned();
                if !o.choices.is_empty() {
                    let values: Vec<&str> = o.choices.iter().map(|(_, v)| *v).collect();
                    name = format!("{name}: {}", values.join("/"));
                }
                if o.required {
                    format!("`{name}`")
                } else {
                    format!("`[{name}]`")
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let options = if options.is_empty() {
            "—".to_owned()
        } else {
            options
        };
        let description = if c.admin {
            format!("{}; needs Manage Server", c.description)
        } else {
            c.description.to_owned()
        };
        out.push_str(&format!(
            "| `/{}` | {} | {} | `{}` |\n",
            c.name,
            cell(&options),
            cell(&description),
            cell(&c.example(newest)),
        ));
    }
    for c in MESSAGE_COMMANDS {
        out.push_str(&format!(
            "| **{}** (message command) | — | {} | on any message: ⋯ → Apps → {} |\n",
            cell(c.name),
            cell(c.description),
            cell(c.name),
        ));
    }
    out
}

/// Answers one request from the facts: the binder checks it, its command's handler answers it,
/// and the engine finishes the reply the way every door shows it ([`engine::finish`]). Dispatch
/// is here, above the engine, so the engine never needs to know which commands exist.
pub fn answer(catalog: &Catalog, request: &Request) -> Reply {
    let reply = match check(request) {
        // Requests also come from code and button ids, not only through a door's binder, and a
        // reply must say exactly what was wrong, in the words every door uses.
        Err(e) => Reply::error(e.title(), e.to_string()),
        Ok(spec) => {
            let call = Call {
                catalog,
                request,
                spanning: SPANNING.as_slice(),
            };
            (spec.run)(&call).unwrap_or_else(|reply| *reply)
        }
    };
    engine::finish(reply, request)
}

/// [`answer`], remembering the request in the reply, for a door that offers the "Sources"
/// button (which re-runs it). Replies to equivalent requests stay equal without it.
pub fn answer_with_request(catalog: &Catalog, request: &Request) -> Reply {
    let mut reply = answer(catalog, request);
    reply.request = Some(request.clone());
    reply
}

/// Up to 25 autocomplete choices for `option` of the request's command, best first; nothing
/// for an option that names no entity. `request` carries the options typed so far.
pub fn autocomplete(
    catalog: &Catalog,
    request: &Request,
    option: &str,
    partial: &str,
) -> Vec<Choice> {
    let Some(spec) = request.spec() else {
        return Vec::new();
    };
    match spec.option(option).and_then(|o| o.entity) {
        Some(kind) => engine::choices(
            catalog,
            request,
            option,
            kind,
            spec.takes_all_summits(),
            partial,
        ),
        None => Vec::new(),
    }
}

/// The commands whose `summit` option also takes [`ALL_SUMMITS`], for the engine's hint to
/// someone who typed `all` elsewhere.
static SPANNING: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    COMMANDS
        .iter()
        .filter(|c| c.takes_all_summits())
        .map(|c| c.name)
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The engine's replies link to commands by [`names`]; each must be registered, with the
    /// options the links give it.
    #[test]
    fn every_linked_command_is_registered_with_its_options() {
        for (command, options) in names::LINKED {
            let spec = find(command).unwrap_or_else(|| panic!("/{command} is not registered"));
            for option in *options {
                assert!(spec.option(option).is_some(), "/{command} has no {option}:");
            }
        }
    }
}
