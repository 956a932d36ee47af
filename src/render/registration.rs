//! The command table → Discord's bulk-overwrite body (`PUT /applications/{id}/commands`, and the
//! same body for `/guilds/{guild_id}/commands`).
//!
//! Derived only from [`crate::commands::COMMANDS`] (slash commands) and
//! [`crate::commands::MESSAGE_COMMANDS`] (context-menu commands on a message), so registration, `/help` and the README cannot
//! disagree. The order is deterministic (table order; within a command, required options first,
//! otherwise table order), so two builds of the same table produce byte-identical JSON and the
//! gateway can compare what is registered with what it would send.

use serde::Serialize;

use crate::commands::{
    CommandSpec, MessageCommandSpec, OptionSpec, OptionType, COMMANDS, MESSAGE_COMMANDS,
};
use crate::discord::permissions::MANAGE_GUILD;
use crate::discord::{CommandOptionType, CommandType, IntegrationType, InteractionContext};

/// Where read-only commands are offered: in a server, in a DM with the bot, and in DMs and group
/// DMs between users, which only a user install reaches.
const CONTEXTS: &[InteractionContext] = &[
    InteractionContext::Guild,
    InteractionContext::BotDm,
    InteractionContext::PrivateChannel,
];
/// Admin commands (e.g. `/reload`) only make sense in a server, where permissions exist.
const ADMIN_CONTEXTS: &[InteractionContext] = &[InteractionContext::Guild];
/// Read-only commands are offered to servers that add the bot and to anyone who adds it to their
/// own account, who can then use them anywhere without a server admin.
const INTEGRATION_TYPES: &[IntegrationType] = &[IntegrationType::Guild, IntegrationType::User];
/// Admin commands act on the bot's process for a server that installed it: guild install only,
/// so a user install never offers `/reload` to whoever added it.
const ADMIN_INTEGRATION_TYPES: &[IntegrationType] = &[IntegrationType::Guild];

/// One application command as Discord's registration endpoint reads it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Command {
    #[serde(rename = "type")]
    pub kind: CommandType,
    pub name: &'static str,
    /// Empty for a message command: Discord requires that of context-menu commands.
    pub description: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<CommandOption>,
    /// The permission bits a member needs by default (Manage Server for admin commands). Sent as
    /// an integer: Discord's OpenAPI description types this request field as an integer (it
    /// also accepts a decimal string, and *returns* a string when commands are fetched back, so a
    /// comparison with fetched commands must read both forms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_member_permissions: Option<u64>,
    pub contexts: &'static [InteractionContext],
    pub integration_types: &'static [IntegrationType],
}

/// One option of a command.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CommandOption {
    #[serde(rename = "type")]
    pub kind: CommandOptionType,
    pub name: &'static str,
    pub description: &'static str,
    pub required: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<OptionChoice>,
    /// Set for options that name an entity; Discord forbids it alongside fixed `choices`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub autocomplete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u16>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OptionChoice {
    pub name: &'static str,
    pub value: &'static str,
}

/// The registration body for [`COMMANDS`] and [`MESSAGE_COMMANDS`], as JSON.
pub fn commands_json() -> serde_json::Value {
    // Serializing plain structs of strings, bools and integers cannot fail.
    serde_json::to_value(commands()).unwrap_or(serde_json::Value::Null)
}

/// The registration body for any command table (tests use it for tables [`COMMANDS`] does not
/// have, e.g. an admin command).
pub fn commands_json_for(specs: &[CommandSpec]) -> serde_json::Value {
    // Serializing plain structs of strings, bools and integers cannot fail.
    serde_json::to_value(commands_for(specs)).unwrap_or(serde_json::Value::Null)
}

/// The registration body for [`COMMANDS`] and [`MESSAGE_COMMANDS`], typed: slash commands in
/// table order, then message commands.
pub fn commands() -> Vec<Command> {
    let mut out = commands_for(COMMANDS);
    out.extend(MESSAGE_COMMANDS.iter().map(message_command));
    out
}

/// A message command: no options, an empty description (its name says what it does).
fn message_command(spec: &MessageCommandSpec) -> Command {
    Command {
        kind: CommandType::Message,
        name: spec.name,
        description: "",
        options: Vec::new(),
        default_member_permissions: None,
        contexts: CONTEXTS,
        integration_types: INTEGRATION_TYPES,
    }
}

pub fn commands_for(specs: &[CommandSpec]) -> Vec<Command> {
    specs.iter().map(command).collect()
}

fn command(spec: &CommandSpec) -> Command {
    // Discord requires required options before optional ones; a stable sort keeps table order
    // otherwise.
    let mut options: Vec<&OptionSpec> = spec.options.iter().collect();
    options.sort_by_key(|o| !o.required);
    Command {
        kind: CommandType::ChatInput,
        name: spec.name,
        description: spec.description,
        options: options.into_iter().map(option).collect(),
        default_member_permissions: spec.admin.then_some(MANAGE_GUILD),
        contexts: if spec.admin { ADMIN_CONTEXTS } else { CONTEXTS },
        integration_types: if spec.admin {
            ADMIN_INTEGRATION_TYPES
        } else {
            INTEGRATION_TYPES
        },
    }
}

fn option(spec: &OptionSpec) -> CommandOption {
    let (min_value, max_value) = match spec.kind {
        OptionType::Integer { min, max } => (Some(min), Some(max)),
        _ => (None, None),
    };
    let choices: Vec<OptionChoice> = spec
        .choices
        .iter()
        .map(|&(name, value)| OptionChoice { name, value })
        .collect();
    CommandOption {
        kind: spec.kind.discord_type(),
        name: spec.name,
        description: spec.description,
        required: spec.required,
        // Fixed choices win: Discord rejects an option with both.
        autocomplete: spec.entity.is_some() && choices.is_empty(),
        choices,
        min_value,
        max_value,
        max_length: match spec.kind {
            OptionType::String => spec.max_length,
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::EntityKind;
    use serde_json::json;

    #[test]
    fn every_command_is_derived_from_the_table() {
        let body = commands_json();
        let list = body.as_array().unwrap();
        assert_eq!(list.len(), COMMANDS.len() + MESSAGE_COMMANDS.len());
        for (json, spec) in list[COMMANDS.len()..].iter().zip(MESSAGE_COMMANDS) {
            assert_eq!(json["type"], 3);
            assert_eq!(json["name"], spec.name);
            assert_eq!(json["description"], "");
            assert!(json.get("options").is_none());
        }
        for (json, spec) in list.iter().zip(COMMANDS) {
            assert_eq!(json["type"], 1);
            assert_eq!(json["name"], spec.name);
            assert_eq!(json["description"], spec.description);
            let options = json["options"].as_array().map_or(0, Vec::len);
            assert_eq!(options, spec.options.len());
        }
    }

    #[test]
    fn read_only_commands_are_user_installable_and_admin_ones_are_not() {
        let body = commands_json();
        for c in body.as_array().unwrap() {
            let admin = c.get("default_member_permissions").is_some();
            let (contexts, installs) = if admin {
                (json!([0]), json!([0]))
            } else {
                (json!([0, 1, 2]), json!([0, 1]))
            };
            assert_eq!(c["contexts"], contexts, "{}", c["name"]);
            assert_eq!(c["integration_types"], installs, "{}", c["name"]);
        }
        let reload = body
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "reload")
            .unwrap();
        assert_eq!(reload["default_member_permissions"], 32);
    }

    #[test]
    fn options_carry_their_types_and_constraints() {
        let body = commands_json();
        let pledges = body
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "pledges")
            .unwrap();
        let by = &pledges["options"][0];
        assert_eq!(by["type"], 3);
        assert_eq!(by["autocomplete"], true);
        assert!(by.get("choices").is_none());
        let page = pledges["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "page")
            .unwrap();
        assert_eq!(page["type"], 4);
        assert_eq!(page["min_value"], 1);
        assert!(page.get("autocomplete").is_none());
    }

    const REQUIRED_LAST: &[OptionSpec] = &[
        OptionSpec {
            name: "kind",
            description: "k",
            kind: OptionType::String,
            required: false,
            entity: Some(EntityKind::Topic),
            choices: &[("Countries", "country")],
            max_length: None,
            takes_all: false,
        },
        OptionSpec {
            name: "name",
            description: "n",
            kind: OptionType::String,
            required: true,
            entity: Some(EntityKind::Participant),
            choices: &[],
            max_length: Some(100),
            takes_all: false,
        },
    ];

    #[test]
    fn admin_commands_need_manage_server_and_required_options_come_first() {
        let spec = CommandSpec {
            name: "reload",
            description: "Reload the fact files",
            options: REQUIRED_LAST,
            example_template: "/reload",
            admin: true,
            run: crate::commands::reload::COMMAND.run,
        };
        let body = commands_json_for(&[spec]);
        assert_eq!(
            body,
            json!([{
                "type": 1,
                "name": "reload",
                "description": "Reload the fact files",
                "options": [
                    {"type": 3, "name": "name", "description": "n", "required": true,
                     "autocomplete": true, "max_length": 100},
                    {"type": 3, "name": "kind", "description": "k", "required": false,
                     "choices": [{"name": "Countries", "value": "country"}]},
                ],
                "default_member_permissions": 32,
                "contexts": [0],
                "integration_types": [0],
            }])
        );
    }
}
