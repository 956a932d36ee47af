//! Hot reload: the serve modes keep answering while the fact files are edited.
//!
//! [`LiveFacts`] holds the facts every request reads behind an `ArcSwap`. A request takes one
//! [`LiveFacts::load`] snapshot and answers from it alone, so it sees one consistent version from
//! start to finish, never a half-loaded one. A reload parses and validates the files off the
//! request path (on a blocking thread in the serve modes) and only then swaps the new snapshot in
//! with one atomic pointer store. An invalid edit swaps nothing: the bot keeps answering from the
//! last good facts, and every error is logged with its `file:line:column`.
//!
//! Three things trigger a reload in the serve modes: the files changing on disk ([`watch_files`],
//! debounced), SIGHUP ([`reload_on_sighup`]), and the admin command `/reload`, which the Discord
//! door ([`crate::interaction`]) answers like any other interaction. [`start`] installs the first
//! two.
//!
//! - [`snapshot`]: the swapped facts, their version, and the reload itself;
//! - [`changes`]: what a reload changed, per kind of fact;
//! - [`watch`]: the file watcher and the SIGHUP handler.

pub mod changes;
pub mod snapshot;
pub mod watch;

pub use changes::{Changes, Counts, KINDS};
pub use snapshot::{one_line, LiveFacts, Loaded, ReloadError, Version};
pub use watch::{reload_on_sighup, start, watch_files, Triggers, DEBOUNCE};
