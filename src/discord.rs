//! Discord's numbers, named once: interaction and callback types, component types, button
//! styles, message flags, command and option types, and permission bits.
//!
//! Our own small enums rather than serenity's: these are used by the door and the renderer on the
//! HTTP endpoint too, where serenity's model is not otherwise needed, and serenity's enums are
//! `non_exhaustive` with an `Unknown` variant, so they cannot be used in `const` items or matched
//! exhaustively. Each enum is `#[repr(u8)]` and converts to the wire number with [`u8::from`];
//! the numbers are Discord's, from its API reference.

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $n:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum $name {
            $($(#[$vmeta])* $variant = $n,)+
        }

        impl $name {
            /// The variant for a wire number, if it is one we know.
            pub const fn from_wire(n: u8) -> Option<$name> {
                match n {
                    $($n => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> u8 {
                v as u8
            }
        }

        /// As its wire number, the way Discord's JSON carries it.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u8(u8::from(*self))
            }
        }
    };
}

wire_enum! {
    /// `type` of an interaction Discord sends us.
    InteractionType {
        Ping = 1,
        ApplicationCommand = 2,
        MessageComponent = 3,
        Autocomplete = 4,
        ModalSubmit = 5,
    }
}

impl InteractionType {
    /// The type as a word, for log lines.
    pub fn name(self) -> &'static str {
        match self {
            InteractionType::Ping => "ping",
            InteractionType::ApplicationCommand => "command",
            InteractionType::MessageComponent => "component",
            InteractionType::Autocomplete => "autocomplete",
            InteractionType::ModalSubmit => "modal",
        }
    }
}

wire_enum! {
    /// `context` of an interaction: where it was used (Discord's `InteractionContextType`).
    InteractionContext {
        /// In a server.
        Guild = 0,
        /// In the bot's own DM.
        BotDm = 1,
        /// In a DM or group DM between users, which only a user install reaches.
        PrivateChannel = 2,
    }
}

impl InteractionContext {
    /// The context as a word, for log lines.
    pub fn name(self) -> &'static str {
        match self {
            InteractionContext::Guild => "guild",
            InteractionContext::BotDm => "bot_dm",
            InteractionContext::PrivateChannel => "private_channel",
        }
    }
}

wire_enum! {
    /// The keys of `authorizing_integration_owners`: how the app was installed where it was used
    /// (Discord's `ApplicationIntegrationType`).
    IntegrationType {
        /// Added to the server by its admins.
        Guild = 0,
        /// Added by the user to their own account.
        User = 1,
    }
}

wire_enum! {
    /// `type` of an interaction callback (Discord's `InteractionCallbackType`) the bot sends.
    CallbackType {
        Pong = 1,
        ChannelMessage = 4,
        DeferredChannelMessage = 5,
        UpdateMessage = 7,
        AutocompleteResult = 8,
    }
}

wire_enum! {
    /// `type` of a message component.
    ComponentType {
        ActionRow = 1,
        Button = 2,
    }
}

wire_enum! {
    /// `style` of a button.
    ButtonStyle {
        /// Blurple: the likely next step (a "did you mean" name).
        Primary = 1,
        /// Grey: navigation, not the message's main action.
        Secondary = 2,
    }
}

wire_enum! {
    /// `type` of an application command option (Discord's `ApplicationCommandOptionType`).
    CommandOptionType {
        SubCommand = 1,
        SubCommandGroup = 2,
        String = 3,
        Integer = 4,
        Boolean = 5,
        User = 6,
        Channel = 7,
        Role = 8,
        Mentionable = 9,
        Number = 10,
        Attachment = 11,
    }
}

wire_enum! {
    /// `type` of an application command (Discord's `ApplicationCommandType`).
    CommandType {
        /// A slash command.
        ChatInput = 1,
        /// A context-menu command on a user.
        User = 2,
        /// A context-menu command on a message.
        Message = 3,
    }
}

/// Message flags (a bit set).
pub mod flags {
    /// Only the invoking user sees the message.
    pub const EPHEMERAL: u64 = 1 << 6;
}

/// Permission bits (a bit set, sent by Discord as a decimal string).
pub mod permissions {
    /// ADMINISTRATOR implies every other permission.
    pub const ADMINISTRATOR: u64 = 1 << 3;
    /// "Manage Server", which admin-only commands require.
    pub const MANAGE_GUILD: u64 = 1 << 5;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_numbers_round_trip() {
        for n in 0..=u8::MAX {
            if let Some(t) = InteractionType::from_wire(n) {
                assert_eq!(u8::from(t), n);
            }
            if let Some(t) = CommandOptionType::from_wire(n) {
                assert_eq!(u8::from(t), n);
            }
        }
        assert_eq!(
            InteractionType::from_wire(4),
            Some(InteractionType::Autocomplete)
        );
        assert_eq!(InteractionType::from_wire(9), None);
        assert_eq!(u8::from(CallbackType::UpdateMessage), 7);
        assert_eq!(u8::from(CommandType::Message), 3);
        assert_eq!(flags::EPHEMERAL, 64);
        assert_eq!(permissions::MANAGE_GUILD, 32);
    }
}
