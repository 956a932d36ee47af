//! What a request's options may be: their types, the entities they name, the options every
//! list shares, and the names of the commands that replies point to. This sits below the engine
//! because the engine speaks it: a reply's page buttons, "see also" buttons and not-found hints
//! are requests for other commands. Each command's own spec and handler live together in
//! `crate::commands`, above the engine, and take their names from [`names`] when a reply links
//! to them, so a link and its command cannot disagree.

use crate::discord::CommandOptionType;
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
    pub fn what(self) -> (&'static str, &'static str) {
        match self {
            EntityKind::Participant => ("participant", names::PARTICIPANTS),
            EntityKind::Pledge => ("pledge", names::PLEDGES),
            EntityKind::Question => ("open question", names::QUESTIONS),
            EntityKind::Topic => ("topic", names::PLEDGES),
            EntityKind::Summit => ("summit", names::HELP),
        }
    }
}

/// The value type of an option.
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
    pub fn discord_type(self) -> CommandOptionType {
        match self {
            OptionType::String => CommandOptionType::String,
            OptionType::Integer { .. } => CommandOptionType::Integer,
            OptionType::Boolean => CommandOptionType::Boolean,
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
    /// A `summit` option that also takes [`ALL_SUMMITS`], for every summit at once.
    pub takes_all: bool,
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
        takes_all: false,
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
    takes_all: false,
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

/// The commands, and their options, that the engine's replies point to. Each of these commands
/// takes its name from here (`name: names::PLEDGES`), and a test in `crate::commands` checks
/// that every one is registered with the options named here.
pub mod names {
    pub const PARTICIPANTS: &str = "participants";
    pub const PARTICIPANT: &str = "participant";
    pub const PLEDGES: &str = "pledges";
    pub const QUESTIONS: &str = "questions";
    pub const DISPUTES: &str = "disputes";
    pub const TIMELINE: &str = "timeline";
    pub const SOURCES: &str = "sources";
    pub const HELP: &str = "help";
    /// `/participants kind:`
    pub const KIND: &str = "kind";
    /// `/participant name:`
    pub const NAME: &str = "name";
    /// `/pledges by:`
    pub const BY: &str = "by";
    /// `/pledges topic:`
    pub const TOPIC: &str = "topic";

    /// Each linked command with the options replies give it, for the test.
    pub const LINKED: &[(&str, &[&str])] = &[
        (PARTICIPANTS, &[KIND]),
        (PARTICIPANT, &[NAME]),
        (PLEDGES, &[BY, TOPIC]),
        (QUESTIONS, &[]),
        (DISPUTES, &[]),
        (TIMELINE, &[]),
        (SOURCES, &[]),
        (HELP, &[]),
    ];
}
