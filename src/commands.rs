//! The one command table. Discord registration JSON, the console's `/help`, and the README's command
//! list are all derived from [`COMMANDS`], so they cannot disagree; a test fails if the README drifts.
//! Nothing here names a summit: examples are templates filled from the loaded facts.

use crate::catalog::Facts;
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
}

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

const fn entity(
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

const fn page() -> OptionSpec {
    OptionSpec {
        name: "page",
        description: "Page number, starting at 1",
        kind: OptionType::Integer { min: 1, max: 1000 },
        required: false,
        entity: None,
        choices: &[],
        max_length: None,
    }
}

const SUMMIT: OptionSpec = entity(
    "summit",
    "Which summit (default: the newest)",
    EntityKind::Summit,
    false,
);

/// The `summit` option of commands that span every summit unless told otherwise.
const SUMMIT_NARROWS: OptionSpec = entity(
    "summit",
    "Only this summit (default: every summit they appear in)",
    EntityKind::Summit,
    false,
);

/// The `summit` option of `/timeline`, which also takes `all`.
const SUMMIT_OR_ALL: OptionSpec = entity(
    "summit",
    "Which summit, or all for every one (default: the newest)",
    EntityKind::Summit,
    false,
);

/// What the `summit` option of `/timeline` takes for every summit at once.
pub const ALL_SUMMITS: &str = "all";

impl CommandSpec {
    /// Whether its `summit` option also takes [`ALL_SUMMITS`].
    pub fn takes_all_summits(&self) -> bool {
        self.option("summit")
            .is_some_and(|o| o.description == SUMMIT_OR_ALL.description)
    }
}

/// Every command, in the order `/help` lists them.
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "summits",
        description: "Every loaded summit, newest first: date, place, host and what is recorded",
        options: &[],
        example_template: "/summits",
        admin: false,
    },
    CommandSpec {
        name: "summit",
        description: "Overview of the summit: when, where, who, key numbers and sources",
        options: &[SUMMIT],
        example_template: "/summit",
        admin: false,
    },
    CommandSpec {
        name: "participants",
        description: "List the countries, people and organisations recorded for the summit",
        options: &[
            OptionSpec {
                name: "kind",
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
            },
            page(),
            SUMMIT,
        ],
        example_template: "/participants kind:country",
        admin: false,
    },
    CommandSpec {
        name: "participant",
        description:
            "One participant's part in each summit, newest first: role, pledges, statements",
        options: &[
            entity(
                "name",
                "Name, id or alias of a country, person or organisation",
                EntityKind::Participant,
                true,
            ),
            page(),
            SUMMIT_NARROWS,
        ],
        example_template: "/participant name:{participant}",
        admin: false,
    },
    CommandSpec {
        name: "pledges",
        description: "List pledges, optionally by participant or topic",
        options: &[
            entity(
                "by",
                "Only pledges by this participant",
                EntityKind::Participant,
                false,
            ),
            entity(
                "topic",
                "Only pledges on this topic",
                EntityKind::Topic,
                false,
            ),
            page(),
            SUMMIT,
        ],
        example_template: "/pledges by:{by}",
        admin: false,
    },
    CommandSpec {
        name: "pledge",
        description: "One pledge in full: who, what, conditions, status",
        options: &[
            entity("id", "Pledge id or title", EntityKind::Pledge, true),
            SUMMIT,
        ],
        example_template: "/pledge id:{pledge}",
        admin: false,
    },
    CommandSpec {
        name: "questions",
        description: "List the questions the summit left open",
        options: &[page(), SUMMIT],
        example_template: "/questions",
        admin: false,
    },
    CommandSpec {
        name: "question",
        description: "One open question: why it is unresolved, who raised it",
        options: &[
            entity(
                "id",
                "Question id or words from it",
                EntityKind::Question,
                true,
            ),
            SUMMIT,
        ],
        example_template: "/question id:{question}",
        admin: false,
    },
    CommandSpec {
        name: "disputes",
        description: "Points on which the sources disagree, with every version",
        options: &[page(), SUMMIT],
        example_template: "/disputes",
        admin: false,
    },
    CommandSpec {
        name: "timeline",
        description: "Dated events around the summit, or around every summit",
        options: &[page(), SUMMIT_OR_ALL],
        example_template: "/timeline summit:all",
        admin: false,
    },
    CommandSpec {
        name: "sources",
        description: "Every source the facts rest on, with publisher, date and address",
        options: &[page(), SUMMIT],
        example_template: "/sources",
        admin: false,
    },
    CommandSpec {
        name: "ask",
        description: "Ask a question in your own words; answers only from the cited facts",
        options: &[
            OptionSpec {
                name: "question",
                description: "Your question in your own words, e.g. \"who took part?\"",
                kind: OptionType::String,
                required: true,
                entity: None,
                choices: &[],
                max_length: Some(300),
            },
            OptionSpec {
                name: "private",
                description: "Only you see the answer",
                kind: OptionType::Boolean,
                required: false,
                entity: None,
                choices: &[],
                max_length: None,
            },
            SUMMIT,
        ],
        example_template: "/ask question:\"who hosted the summit?\"",
        admin: false,
    },
    CommandSpec {
        name: "help",
        description: "What this bot can answer, and how to ask",
        options: &[],
        example_template: "/help",
        admin: false,
    },
    CommandSpec {
        name: "reload",
        description: "Reload the fact files (admins only)",
        options: &[],
        example_template: "/reload",
        admin: true,
    },
];

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
