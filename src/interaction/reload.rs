//! `/reload`: the one command that acts on the process rather than reading the facts, so the door
//! answers it instead of the pure engine. Its reply is an ordinary [`Reply`], rendered like every
//! other.
//!
//! It is registered with `default_member_permissions` = Manage Server, so Discord shows it only to
//! members who have it; the invoker's `member.permissions` are checked again here in case a
//! server's integration settings widened who can run it.

use std::sync::Arc;
use std::time::Duration;

use tracing::{info, warn};

use super::{admin_answered, missing, Answered, InteractionError, RawInteraction};
use crate::discord::permissions::{ADMINISTRATOR, MANAGE_GUILD};
use crate::live::{one_line, Changes, LiveFacts, ReloadError, Version};
use crate::reply::{Reply, ReplyKind};

/// The command's name, as registered.
pub(super) const NAME: &str = "reload";

/// How long `/reload` waits for the reload before answering anyway: Discord drops an interaction
/// that is not answered within 3 s. The reload itself carries on and logs its result.
const REPLY_WAIT: Duration = Duration::from_secs(2);

/// Most errors `/reload` lists; the log has them all.
const REPLY_ERRORS: usize = 10;
/// Longest error message `/reload` quotes, in characters.
const REPLY_MESSAGE_MAX: usize = 200;

/// Whether a member's permission bits (Discord's decimal string) allow `/reload`.
pub(super) fn may_reload(permissions: Option<&str>) -> bool {
    permissions
        .and_then(|p| p.trim().parse::<u64>().ok())
        .is_some_and(|bits| bits & (MANAGE_GUILD | ADMINISTRATOR) != 0)
}

/// Answers `/reload` for reloadable facts: checks the invoker, reloads, and says what changed.
pub(super) async fn command(
    live: &Arc<LiveFacts>,
    raw: &RawInteraction<'_>,
) -> Result<Answered, InteractionError> {
    let user = raw
        .user_id()
        .ok_or_else(|| missing("member.user.id or user.id"))?
        .to_owned();
    let member = raw.member.as_ref();
    let reply = match member {
        None => {
            refused("`/reload` works in a server, for members with the Manage Server permission.")
        }
        Some(m) if !may_reload(m.permissions.as_deref()) => {
            warn!(user = %user, "/reload refused: the member lacks Manage Server");
            refused("`/reload` needs the Manage Server permission.")
        }
        Some(_) => {
            info!(user = %user, "/reload requested");
            match tokio::time::timeout(REPLY_WAIT, live.reload("/reload")).await {
                Ok(result) => reload_reply(result, &live.load().version),
                Err(_) => Reply::error(
                    "Still reloading",
                    "The reload is taking longer than Discord waits for an answer; it carries \
                     on, and the log says how it ended.",
                ),
            }
        }
    };
    Ok(admin_answered(raw, user, NAME, &reply))
}

fn refused(why: &str) -> Reply {
    Reply::error("Not allowed", why)
}

/// The ephemeral answer to `/reload`: what changed, or the errors that kept the old facts.
fn reload_reply(result: Result<Changes, ReloadError>, now: &Version) -> Reply {
    match result {
        Ok(changes) => {
            let mut reply = Reply::new(
                ReplyKind::Answer,
                "Facts reloaded",
                if changes.is_empty() {
                    "The fact files are valid; nothing changed.".to_owned()
                } else {
                    changes.to_string()
                },
            )
            .section(
                "Version",
                format!("`{}`, loaded {}", now.hash_hex(), now.loaded_rfc3339()),
            );
            // Operators' business, not the channel's.
            reply.private = true;
            reply
        }
        Err(ReloadError::Invalid(diagnostics)) => {
            let mut lines: Vec<String> = diagnostics
                .iter()
                .take(REPLY_ERRORS)
                .map(|d| {
                    let line = one_line(d);
                    format!("• {}", crate::text::fit(&line, REPLY_MESSAGE_MAX))
                })
                .collect();
            if diagnostics.len() > REPLY_ERRORS {
                lines.push(format!(
                    "… and {} more (the log lists them all; `summit-bot check` explains each)",
                    diagnostics.len() - REPLY_ERRORS
                ));
            }
            Reply::error(
                "Reload failed: still answering from the last good facts",
                lines.join("\n"),
            )
            .section("Version still answering", format!("`{}`", now.hash_hex()))
        }
        Err(e @ ReloadError::Embedded) => Reply::error("Nothing to reload", e.to_string()),
        Err(e @ ReloadError::Aborted(_)) => Reply::error("Reload failed", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_need_manage_server_or_administrator() {
        assert!(may_reload(Some("32")));
        assert!(may_reload(Some("8")));
        assert!(may_reload(Some("2147483647")));
        assert!(!may_reload(Some("0")));
        assert!(!may_reload(Some("2048")));
        assert!(!may_reload(Some("lots")));
        assert!(!may_reload(None));
    }
}
