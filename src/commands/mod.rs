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

use crate::catalog::Facts;
use crate::engine::Call;
use crate::reply::Reply;
use crate::text::compact;

/// What kind of entity an option names; drives both matching (id, name or alias, fuzzy) and
/// Discord autocomplete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Summit,
    Participant,
    Pledge,
    Question,
    Topic,
}

impl EntityKind {
    /// What a not-found reply calls it, and the command that lists what there is.
    pub fn what(self) -> (&'static str, &'static CommandSpec) {
        match self {
            EntityKind::Participant => ("participant", &participants::COMMAND),
            EntityKind::Pledge => ("pledge", &pledges::COMMAND),
            EntityKind::Question => ("open question", &questions::COMMAND),
            EntityKind::Topic => ("topic", &pledges::COMMAND),
            EntityKind::Summit => ("summit", &help::COMMAND),
        }
    }
}

/// The value type of an option, as Discord knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionType {
    /// Free text, or an entity name when [`OptionSpec::entity`] is set.
    String,
    /// A whole number within the bounds.
    Integer {
        min: i64,
        max: i64,
    },
    Boolean,
}

impl OptionType {
    /// Discord's `ApplicationCommandOptionType` number.
    pub fn discord_type(self) -> u8 {
        match self {
            OptionType::String => 3,
            OptionType::Integer { .. } => 4,
            OptionType::Boolean => 5,
        }
    }
}

/// One option of a command.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: OptionType,
    pub required: bool,
    /// Set when the option names an entity: matched by id/name/alias and autocompleted.
    pub entity: Option<EntityKind>,
    /// Fixed choices `(name shown, value sent)`; empty when the option is free or autocompleted.
    pub choices: &'static [(&'static str, &'static str)],
    /// Longest accepted text, for string options (Discord enforces it client-side too).
    pub max_length: Option<u16>,
}

impl OptionSpec {
    /// The fixed choice a value names, by its value or its shown name (`country`, `Countries`).
    pub fn choice(&self, value: &str) -> Option<&'static str> {
        let c = compact(value);
        self.choices
            .iter()
            .find(|(name, v)| compact(v) == c || compact(name) == c)
            .map(|(_, v)| *v)
    }

    /// What the option accepts, in words, for errors.
    pub fn expects(&self) -> String {
        match self.kind {
            OptionType::Integer { min, max } => format!("a whole number from {min} to {max}"),
            OptionType::Boolean => "true or false".to_owned(),
            OptionType::String if !self.choices.is_empty() => {
                let values: Vec<&str> = self.choices.iter().map(|(_, v)| *v).collect();
                format!("one of {}", values.join(", "))
            }
            OptionType::String if self.entity.is_some() => "a name, id or alias".to_owned(),
            OptionType::String => "some text".to_owned(),
        }
    }
}

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
    /// Answers a request that [`crate::request::check`] has accepted.
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

/// An option that names an entity of `kind`: matched by id, name or alias, and autocompleted.
pub const fn entity(
    name: &'static str,
    description: &'static str,
    kind: EntityKind,
    required: bool,
) -> OptionSpec {
    OptionSpec {
        name,
        description,
        kind: OptionType::String,
        required,
        entity: Some(kind),
        choices: &[],
        max_length: Some(100),
    }
}

/// The page of a list.
pub const PAGE: OptionSpec = OptionSpec {
    name: "page",
    description: "Page number, starting at 1",
    kind: OptionType::Integer { min: 1, max: 1000 },
    required: false,
    entity: None,
    choices: &[],
    max_length: None,
};

/// Which summit a command answers about.
pub const SUMMIT: OptionSpec = entity(
    "summit",
    "Which summit (default: the newest)",
    EntityKind::Summit,
    false,
);

/// What the `summit` option of `/timeline` takes for every summit at once.
pub const ALL_SUMMITS: &str = "all";

impl CommandSpec {
    /// Whether its `summit` option also takes [`ALL_SUMMITS`].
    pub fn takes_all_summits(&self) -> bool {
        self.option(SUMMIT.name)
            .is_some_and(|o| o.description == timeline::SUMMIT_OR_ALL.description)
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
    pub run: fn(&crate::catalog::Catalog, &crate::engine::check::Target<'_>) -> crate::reply::Reply,
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

/// The README's command list, derived from [`COMMANDS`] so it cannot drift: `tests/readme.rs`
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
    out
}
