//! `/gaps`: the top of `summit-bot gaps`, privately, for members with Manage Server. It reads the
//! feedback files, so the door answers it (with the [`Recorder`]'s folder) rather than the pure
//! engine; without a recorder, `commands::gaps` says feedback is off.

use std::sync::Arc;

use super::reload::may_reload;
use super::{admin_answered, missing, Answered, InteractionError, RawInteraction};
use crate::feedback::{gaps, Recorder};
use crate::live::LiveFacts;
use crate::reply::Reply;

/// The command's name, as registered.
pub(super) const NAME: &str = crate::commands::gaps::COMMAND.name;

/// How many of each list `/gaps` shows.
pub const TOP: usize = 10;

/// Answers `/gaps`: checks the invoker, reads the feedback files off the async threads, and
/// shows the top of both lists.
pub(super) async fn command(
    live: &Arc<LiveFacts>,
    raw: &RawInteraction<'_>,
    recorder: &Recorder,
) -> Result<Answered, InteractionError> {
    let user = raw
        .user_id()
        .ok_or_else(|| missing("member.user.id or user.id"))?
        .to_owned();
    let reply = match (raw.member.as_ref(), recorder.dir()) {
        (None, _) => Reply::error(
            "Not allowed",
            "`/gaps` works in a server, for members with the Manage Server permission.",
        ),
        (Some(m), _) if !may_reload(m.permissions.as_deref()) => {
            Reply::error("Not allowed", "`/gaps` needs the Manage Server permission.")
        }
        (Some(_), None) => crate::commands::gaps::off(),
        (Some(_), Some(dir)) => {
            let dir = dir.to_owned();
            let facts = live.load();
            let read = tokio::task::spawn_blocking(move || {
                let read = gaps::read(&dir, None);
                let newest = facts.newest();
                read.map(|read| {
                    let report = gaps::report(
                        &read.records,
                        |q| gaps::content_words(&newest.index, q),
                        TOP,
                    );
                    gaps::reply(&report, TOP)
                })
            })
            .await;
            match read {
                Ok(Ok(reply)) => reply,
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                    crate::commands::gaps::nothing_yet()
                }
                Ok(Err(e)) => Reply::error(
                    "Cannot read the feedback",
                    format!("The feedback files could not be read ({e}); the log has more."),
                ),
                Err(_) => Reply::error("Cannot read the feedback", "Reading them failed."),
            }
        }
    };
    Ok(admin_answered(raw, user, NAME, &reply))
}
