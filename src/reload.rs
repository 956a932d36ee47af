//! Hot reload: the serve modes keep answering while the fact files are edited.
//!
//! [`LiveFacts`] holds the facts every request reads behind an [`ArcSwap`]. A request takes one
//! [`LiveFacts::load`] snapshot and answers from it alone, so it sees one consistent version from
//! start to finish, never a half-loaded one. A reload parses and validates the files off the
//! request path (on a blocking thread in the serve modes) and only then swaps the new snapshot in
//! with one atomic pointer store. An invalid edit swaps nothing: the bot keeps answering from the
//! last good facts, and every error is logged with its `file:line:column`.
//!
//! Three things trigger a reload in the serve modes: the files changing on disk ([`watch_files`],
//! debounced), SIGHUP ([`reload_on_sighup`]), and the admin command `/reload`
//! ([`handle_interaction`], which answers it and hands every other interaction to
//! [`crate::interaction::handle`]). [`start`] installs the first two.

use std::ffi::OsString;
use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{debug, error, info, warn};

use crate::catalog::{self, Catalog, Facts};
use crate::commands::MANAGE_GUILD;
use crate::facts::{self, Diagnostic, Diagnostics, Fact, FactKind};
use crate::interaction::{self, Answered, InteractionError, Outcome, Summary};
use crate::render;
use crate::reply::{Reply, ReplyKind};

/// Discord's ADMINISTRATOR permission bit, which implies every other permission.
pub const ADMINISTRATOR: u64 = 1 << 3;

/// How long the file watcher waits for quiet before reloading: editors save in bursts (write a
/// temporary file, rename it, touch the directory), and one reload per save is enough.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// The longest a burst of changes can postpone a reload, so a file rewritten without pause (a
/// log-like writer, a sync tool) is still picked up.
const DEBOUNCE_MAX: Duration = Duration::from_secs(3);

/// How long `/reload` waits for the reload before answering anyway: Discord drops an interaction
/// that is not answered within 3 s. The reload itself carries on and logs its result.
const RELOAD_REPLY_WAIT: Duration = Duration::from_secs(2);

/// Most errors `/reload` lists; the log has them all.
const REPLY_ERRORS: usize = 10;
/// Longest error message `/reload` quotes, in characters.
const REPLY_MESSAGE_MAX: usize = 200;

/// One loaded version of the facts: the catalog and where it came from. Derefs to the
/// [`Catalog`], so `engine::answer(&live.load(), ..)` reads as if it were one.
#[derive(Debug)]
pub struct Loaded {
    catalog: Catalog,
    pub version: Version,
}

impl Loaded {
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}

impl Deref for Loaded {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        &self.catalog
    }
}

/// Which bytes the facts were loaded from, and when: what `/healthz` reports, so an operator can
/// tell whether an edit landed and whether replicas agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// FNV-1a (64 bit) over every fact file's name (without its directory) and bytes. Not cryptographic, and not meant to
    /// be: it only has to change when a file does. Chosen over std's `DefaultHasher` because its
    /// output is fixed by its definition, so replicas built by different compilers still agree.
    pub hash: u64,
    pub loaded_at: SystemTime,
}

impl Version {
    /// The hash as 16 hex digits.
    pub fn hash_hex(&self) -> String {
        format!("{:016x}", self.hash)
    }

    pub fn loaded_unix(&self) -> u64 {
        self.loaded_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    /// The load time as RFC 3339 in UTC, to the second (`2026-01-06T14:03:09Z`).
    pub fn loaded_rfc3339(&self) -> String {
        rfc3339(self.loaded_unix())
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} loaded {}", self.hash_hex(), self.loaded_rfc3339())
    }
}

/// Why a reload changed nothing.
#[derive(Debug)]
pub enum ReloadError {
    /// The facts are the copy built into the binary: there is no file to read again.
    Embedded,
    /// The files did not load; the last good facts are still answering.
    Invalid(Diagnostics),
    /// The reload task failed before finishing (a panic in the loader, or the runtime stopping).
    Aborted(String),
}

impl fmt::Display for ReloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReloadError::Embedded => f.write_str(
                "the facts are the copy built into the binary, so there is nothing to reload; \
                 start with `--facts PATH` (or `facts` in the config) to reload edits",
            ),
            ReloadError::Invalid(d) => write!(
                f,
                "{} error{} in the fact files; still answering from the last good facts",
                d.len(),
                if d.len() == 1 { "" } else { "s" }
            ),
            ReloadError::Aborted(why) => write!(f, "the reload did not finish: {why}"),
        }
    }
}

impl std::error::Error for ReloadError {}

/// How many facts of one kind a reload added, removed or changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.removed == 0 && self.changed == 0
    }
}

/// The kinds of fact a reload reports on, in the order they are reported. `summit` is the
/// `[summit]` table itself (name, date, place, figures...), which can only change.
pub const KINDS: [FactKind; 10] = [
    FactKind::Summit,
    FactKind::Participant,
    FactKind::Pledge,
    FactKind::Question,
    FactKind::Statement,
    FactKind::Dispute,
    FactKind::Event,
    FactKind::Source,
    FactKind::Topic,
    FactKind::Document,
];

/// How a reload names a kind: "pledges", but "summit" (a file holds one).
fn kind_label(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Summit => kind.as_str(),
        _ => kind.plural(),
    }
}

/// What a reload changed: summits added or removed, and for each summit in both versions, facts
/// added, removed or changed per kind (matched by id, compared by content).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub summits_added: Vec<String>,
    pub summits_removed: Vec<String>,
    /// One entry per [`KINDS`], in that order, summed over the summits in both versions.
    pub kinds: Vec<(&'static str, Counts)>,
}

impl Changes {
    /// Compares two catalogs. Facts of a summit that was added or removed are not counted per
    /// kind: the summit line says it all.
    pub fn between(old: &Catalog, new: &Catalog) -> Changes {
        let mut changes = Changes {
            kinds: KINDS
                .iter()
                .map(|k| (kind_label(*k), Counts::default()))
                .collect(),
            ..Changes::default()
        };
        for f in new.summits() {
            match old.get(f.id()) {
                None => changes.summits_added.push(f.id().to_owned()),
                Some(o) => {
                    for (slot, counts) in changes.kinds.iter_mut().zip(kind_diffs(o, f)) {
                        slot.1.added += counts.added;
                        slot.1.removed += counts.removed;
                        slot.1.changed += counts.changed;
                    }
                }
            }
        }
        for f in old.summits() {
            if new.get(f.id()).is_none() {
                changes.summits_removed.push(f.id().to_owned());
            }
        }
        changes
    }

    /// The counts for one of [`KINDS`] (all zero for a name that is not one).
    pub fn get(&self, kind: &str) -> Counts {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or_else(Counts::default, |(_, c)| *c)
    }

    pub fn is_empty(&self) -> bool {
        self.summits_added.is_empty()
            && self.summits_removed.is_empty()
            && self.kinds.iter().all(|(_, c)| c.is_empty())
    }
}

impl fmt::Display for Changes {
    /// `pledges: 1 changed; participants: 1 added, 2 removed`, or `no changes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.summits_added.is_empty() {
            parts.push(format!("summits added: {}", self.summits_added.join(", ")));
        }
        if !self.summits_removed.is_empty() {
            parts.push(format!(
                "summits removed: {}",
                self.summits_removed.join(", ")
            ));
        }
        for (kind, c) in &self.kinds {
            if c.is_empty() {
                continue;
            }
            let counts: Vec<String> = [(c.added, "added"), (c.removed, "removed")]
                .into_iter()
                .chain([(c.changed, "changed")])
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            parts.push(format!("{kind}: {}", counts.join(", ")));
        }
        if parts.is_empty() {
            f.write_str("no changes")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}

/// Per-kind differences between two versions of one summit, in [`KINDS`] order.
fn kind_diffs(old: &Facts, new: &Facts) -> [Counts; 10] {
    KINDS.map(|k| diff(old.file.facts_of(k), new.file.facts_of(k)))
}

/// A fact's content for comparison. The schema types record where each value sat in the file
/// (for diagnostics), so a derived equality would count a fact as changed merely because a line
/// above it grew; their `Debug` form shows the values only, which is exactly "the same content".
fn content<T: fmt::Debug>(item: &T) -> String {
    format!("{item:?}")
}

/// Facts matched by id (a fact without one, a figure, is compared as part of the summit).
fn diff<'a>(old: impl Iterator<Item = Fact<'a>>, new: impl Iterator<Item = Fact<'a>>) -> Counts {
    use std::collections::HashMap;
    let id = |x: &Fact<'a>| x.id().map_or("", |t| t.as_str());
    let before: HashMap<&str, Fact<'a>> = old.map(|x| (id(&x), x)).collect();
    let mut counts = Counts::default();
    let mut seen = 0;
    for item in new {
        match before.get(id(&item)) {
            None => counts.added += 1,
            Some(prev) => {
                seen += 1;
                if content(prev) != content(&item) {
                    counts.changed += 1;
                }
            }
        }
    }
    counts.removed = before.len().saturating_sub(seen);
    counts
}

/// The facts the serve modes answer from, swapped whole on reload.
pub struct LiveFacts {
    current: ArcSwap<Loaded>,
    /// The fact file or directory to read again; `None` for the embedded facts.
    source: Option<PathBuf>,
    /// One reload at a time, so two triggers firing together (a save and a SIGHUP) cannot store
    /// their results out of order and leave the older files in place.
    reloading: Mutex<()>,
}

impl fmt::Debug for LiveFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveFacts")
            .field("source", &self.source)
            .field("version", &self.current.load().version)
            .finish_non_exhaustive()
    }
}

impl LiveFacts {
    /// Wraps facts already loaded from `source` (`None`: the embedded copy, or facts built in
    /// memory; neither can be reloaded).
    pub fn new(catalog: Catalog, source: Option<PathBuf>) -> LiveFacts {
        let version = Version {
            hash: fingerprint(&catalog, source.is_none()),
            loaded_at: SystemTime::now(),
        };
        LiveFacts {
            current: ArcSwap::from_pointee(Loaded { catalog, version }),
            source,
            reloading: Mutex::new(()),
        }
    }

    /// Loads `path` (a fact file or a directory of them) for the first time.
    pub fn open(path: &Path) -> Result<LiveFacts, Diagnostics> {
        let catalog = catalog::load_path(path)?;
        Ok(LiveFacts::new(catalog, Some(path.to_path_buf())))
    }

    /// The current facts: one consistent version, however long the caller holds it.
    pub fn load(&self) -> Arc<Loaded> {
        self.current.load_full()
    }

    /// The file or directory reloads read; `None` when the facts cannot be reloaded.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// Reads, parses and validates the fact files, and swaps them in only if all of them are
    /// valid. Blocks while it reads; async callers use [`LiveFacts::reload`]. `trigger` names what
    /// asked for it, for the log.
    pub fn reload_blocking(&self, trigger: &str) -> Result<Changes, ReloadError> {
        let Some(path) = &self.source else {
            info!(
                trigger,
                "reload requested, but the facts are built into the binary"
            );
            return Err(ReloadError::Embedded);
        };
        let _one_at_a_time = self
            .reloading
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let started = Instant::now();
        let catalog = match catalog::load_path(path) {
            Ok(c) => c,
            Err(diagnostics) => {
                let current = self.current.load();
                for d in diagnostics.iter() {
                    error!(trigger, "fact file error: {}", one_line(d));
                }
                warn!(
                    trigger,
                    errors = diagnostics.len(),
                    version = %current.version.hash_hex(),
                    "reload failed; still answering from the last good facts (loaded {})",
                    current.version.loaded_rfc3339()
                );
                return Err(ReloadError::Invalid(diagnostics));
            }
        };
        // The files are hashed after they were parsed, so a save landing in between can give the
        // hash of the new bytes to the facts of the old ones. Storing the catalog even when the
        // hash is unchanged makes the next reload (the watcher reports that save) put the right
        // facts in place instead of skipping them as "unchanged".
        let hash = fingerprint(&catalog, false);
        let old = self.current.load_full();
        let changes = Changes::between(&old.catalog, &catalog);
        let same_files = hash == old.version.hash;
        let version = if same_files {
            old.version.clone()
        } else {
            Version {
                hash,
                loaded_at: SystemTime::now(),
            }
        };
        let hex = version.hash_hex();
        self.current.store(Arc::new(Loaded { catalog, version }));
        if same_files && changes.is_empty() {
            info!(
                trigger,
                version = %hex,
                "reload: the fact files are unchanged"
            );
        } else {
            info!(
                trigger,
                version = %hex,
                elapsed_us = started.elapsed().as_micros() as u64,
                "facts reloaded: {changes}"
            );
        }
        Ok(changes)
    }

    /// [`LiveFacts::reload_blocking`] on a blocking thread, so parsing never stalls the runtime
    /// threads that answer requests.
    pub async fn reload(self: &Arc<Self>, trigger: &'static str) -> Result<Changes, ReloadError> {
        let live = Arc::clone(self);
        tokio::task::spawn_blocking(move || live.reload_blocking(trigger))
            .await
            .map_err(|e| ReloadError::Aborted(e.to_string()))?
    }
}

/// `file:line:column: message` on one line (the snippet and help stay in `summit-bot check`).
pub fn one_line(d: &Diagnostic) -> String {
    if d.line == 0 {
        format!("{}: {}", d.file, d.message)
    } else {
        format!("{}:{}:{}: {}", d.file, d.line, d.column, d.message)
    }
}

/// FNV-1a over every summit's file name and bytes, in path order. Only the file name is hashed,
/// not the directory, so replicas that keep the same files in different places agree.
/// `embedded`: the facts came from the copy compiled into the binary, so its bytes are hashed
/// rather than a file that may not exist. A file that cannot be read back (deleted since it was
/// loaded) hashes its name only; its deletion is itself a change the watcher reports, and the
/// next reload settles it.
fn fingerprint(catalog: &Catalog, embedded: bool) -> u64 {
    let mut origins: Vec<&str> = catalog
        .summits()
        .iter()
        .map(|f| f.origin.as_str())
        .collect();
    origins.sort_unstable();
    let mut hash = Fnv::new();
    for origin in origins {
        let name = Path::new(origin)
            .file_name()
            .map_or(origin.into(), |n| n.to_string_lossy());
        hash.write(name.as_bytes());
        hash.write(&[0]);
        if let Some(text) = facts::embedded_file(origin).filter(|_| embedded) {
            hash.write(text.as_bytes());
        } else if let Ok(bytes) = std::fs::read(origin) {
            hash.write(&(bytes.len() as u64).to_le_bytes());
            hash.write(&bytes);
        }
    }
    hash.0
}

/// 64-bit FNV-1a: a dozen lines, fast enough for a few hundred kilobytes, and stable everywhere.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (Howard Hinnant's civil-from-days), to avoid a date
/// crate for one timestamp.
fn rfc3339(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

// ---- triggers ----------------------------------------------------------------------------------

/// The reload triggers of a serve mode; dropping it stops them.
#[derive(Debug, Default)]
pub struct Triggers {
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Triggers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts the file watcher (when the facts come from files) and the SIGHUP handler for `live`.
/// A trigger that cannot start is logged and skipped: the bot still answers, and the other
/// triggers still work. Must be called inside a Tokio runtime.
///
/// SIGHUP is handled even for embedded facts, where it reloads nothing: its default action is to
/// end the process, and `systemctl reload` must not stop a bot.
pub fn start(live: &Arc<LiveFacts>) -> Triggers {
    let mut triggers = Triggers::default();
    match live.source() {
        None => {
            info!(
                "facts are built into the binary; file changes, SIGHUP and /reload reload nothing"
            )
        }
        Some(source) => match watch_files(live, DEBOUNCE) {
            Ok(task) => {
                info!(path = %source.display(), "watching the fact files for changes");
                triggers.tasks.push(task);
            }
            Err(e) => {
                warn!("fact files will not reload on change ({e}); SIGHUP and /reload still do")
            }
        },
    }
    match reload_on_sighup(live) {
        Ok(task) => triggers.tasks.push(task),
        Err(e) => warn!("SIGHUP will not reload the facts: {e}"),
    }
    triggers
}

/// Reloads on every SIGHUP, the service managers' conventional "reread your files" signal
/// (`systemctl reload` runs `ExecReload=/bin/kill -HUP $MAINPID`). The handler is installed before
/// this returns, so a SIGHUP sent afterwards never takes the default action of killing us.
pub fn reload_on_sighup(live: &Arc<LiveFacts>) -> Result<JoinHandle<()>, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut hup = signal(SignalKind::hangup()).map_err(|e| e.to_string())?;
    let live = Arc::clone(live);
    Ok(tokio::spawn(async move {
        while hup.recv().await.is_some() {
            info!("SIGHUP received; reloading the fact files");
            let _ = live.reload("SIGHUP").await;
        }
    }))
}

/// Watches the fact file (or directory) and reloads once changes have been quiet for `debounce`.
///
/// The directory is watched, not the file: editors and deploy tools save by writing a new file and
/// renaming it over the old one, which would orphan a watch on the file itself. Events are kept
/// only for the fact file itself, or for a directory's `*.toml` files (hidden editor files
/// excluded, as the loader excludes them) and Kubernetes' `..data` symlink swap. The debounce is a
/// few lines on a channel rather than `notify-debouncer-mini`, which would add a thread and a
/// dependency to say the same thing.
///
/// The watch is installed before this returns, so a change made afterwards is never missed.
pub fn watch_files(live: &Arc<LiveFacts>, debounce: Duration) -> Result<JoinHandle<()>, String> {
    use notify::{RecursiveMode, Watcher};
    let source = live
        .source()
        .ok_or("the facts are built into the binary")?
        .to_path_buf();
    let watched = watch_targets(&source);
    let only: Option<Vec<OsString>> = watched
        .iter()
        .map(|(_, name)| name.clone())
        .collect::<Option<Vec<_>>>();
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        match event {
            Ok(event) if relevant(&event, only.as_deref()) => {
                debug!(kind = ?event.kind, "fact file change");
                // The receiver is gone only when the watcher task stopped.
                let _ = tx.send(());
            }
            Ok(_) => {}
            Err(e) => warn!("file watcher error: {e}"),
        }
    })
    .map_err(|e| e.to_string())?;
    for (dir, _) in &watched {
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    let live = Arc::clone(live);
    Ok(tokio::spawn(async move {
        // Owned by the task: dropping the watcher (when the task ends) stops the watching.
        let _watcher = watcher;
        while rx.recv().await.is_some() {
            let until = tokio::time::Instant::now() + DEBOUNCE_MAX;
            loop {
                match tokio::time::timeout(debounce, rx.recv()).await {
                    Ok(Some(())) if tokio::time::Instant::now() < until => {}
                    Ok(None) => return,
                    _ => break,
                }
            }
            let _ = live.reload("file change").await;
        }
    }))
}

/// The directories to watch, each with the one file name that matters in it (`None`: every fact
/// file in a directory of them). A fact file that is a symlink is watched where it lives too,
/// because editing the file it points to changes nothing in the link's own directory.
fn watch_targets(source: &Path) -> Vec<(PathBuf, Option<OsString>)> {
    let split = |path: &Path| -> (PathBuf, Option<OsString>) {
        if path.is_dir() {
            return (path.to_path_buf(), None);
        }
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        (parent, path.file_name().map(OsString::from))
    };
    let mut targets = vec![split(source)];
    let is_link = std::fs::symlink_metadata(source).is_ok_and(|m| m.file_type().is_symlink());
    if let Some(resolved) = is_link
        .then(|| std::fs::canonicalize(source).ok())
        .flatten()
    {
        let target = split(&resolved);
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    targets
}

/// Whether a watcher event can change what the loader reads. `only`: the file names that matter
/// (a single fact file, and what it links to), or `None` for a directory of fact files.
fn relevant(event: &notify::Event, only: Option<&[OsString]>) -> bool {
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let Some(name) = p.file_name() else {
            return false;
        };
        match only {
            Some(files) => files.iter().any(|f| f == name),
            None => {
                let name = name.to_string_lossy();
                name == "..data" || (name.ends_with(".toml") && !name.starts_with('.'))
            }
        }
    })
}

// ---- the /reload command -----------------------------------------------------------------------

/// Answers one interaction body from the current facts, or, for `/reload`, reloads them.
///
/// `/reload` is answered here rather than in the pure engine, because it acts on the process. It
/// is registered with `default_member_permissions` = Manage Server, so Discord shows it only to
/// members who have it; the invoker's `member.permissions` are checked again here in case a
/// server's integration settings widened who can run it.
pub async fn handle_interaction(
    live: &Arc<LiveFacts>,
    body: &[u8],
) -> Result<Answered, InteractionError> {
    // Facts that cannot be reloaded leave `/reload` to the engine, whose answer says why; that
    // keeps such a bot's replies byte for byte those of `interaction::respond`.
    let admin = match live.source() {
        Some(_) => admin_command(body),
        None => None,
    };
    match admin {
        Some(peek) => reload_command(live, peek).await,
        None => interaction::handle(&live.load(), body),
    }
}

/// The parts of an interaction `/reload` needs.
#[derive(Deserialize)]
struct Peek {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    data: Option<PeekData>,
    #[serde(default)]
    member: Option<PeekMember>,
    #[serde(default)]
    user: Option<PeekUser>,
}

#[derive(Deserialize)]
struct PeekData {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct PeekMember {
    /// The invoker's permissions in the channel, as a decimal string of bits.
    #[serde(default)]
    permissions: Option<String>,
    #[serde(default)]
    user: Option<PeekUser>,
}

#[derive(Deserialize)]
struct PeekUser {
    id: String,
}

/// The body as a `/reload` command, if it is one. A cheap byte search comes first, so the other
/// interactions (all but a handful) are not parsed twice.
fn admin_command(body: &[u8]) -> Option<Peek> {
    const NAME: &[u8] = b"\"reload\"";
    // Every interaction passes here; a vectorised search keeps the common "no" cheap.
    memchr::memmem::find(body, NAME)?;
    let peek: Peek = serde_json::from_slice(body).ok()?;
    let is_reload = peek.kind == interaction::kind::APPLICATION_COMMAND
        && peek.data.as_ref().and_then(|d| d.name.as_deref()) == Some("reload");
    is_reload.then_some(peek)
}

/// Whether a member's permission bits (Discord's decimal string) allow `/reload`.
pub fn may_reload(permissions: Option<&str>) -> bool {
    permissions
        .and_then(|p| p.trim().parse::<u64>().ok())
        .is_some_and(|bits| bits & (MANAGE_GUILD | ADMINISTRATOR) != 0)
}

async fn reload_command(live: &Arc<LiveFacts>, peek: Peek) -> Result<Answered, InteractionError> {
    let member_user = peek.member.as_ref().and_then(|m| m.user.as_ref());
    let user = member_user
        .or(peek.user.as_ref())
        .map(|u| u.id.clone())
        .ok_or_else(|| {
            InteractionError::Malformed("missing member.user.id or user.id".to_owned())
        })?;
    let mut summary = Summary {
        id: peek.id.clone(),
        kind: peek.kind,
        request: Some("/reload".to_owned()),
        user: Some(user.clone()),
        outcome: Outcome::Answer,
    };
    let permissions = peek.member.as_ref().and_then(|m| m.permissions.as_deref());
    let reply = if peek.member.is_none() {
        refused("`/reload` works in a server, for members with the Manage Server permission.")
    } else if !may_reload(permissions) {
        warn!(user = %user, "/reload refused: the member lacks Manage Server");
        refused("`/reload` needs the Manage Server permission.")
    } else {
        info!(user = %user, "/reload requested");
        match tokio::time::timeout(RELOAD_REPLY_WAIT, live.reload("/reload")).await {
            Ok(result) => reload_reply(result, &live.load().version),
            Err(_) => Reply::error(
                "Still reloading",
                "The reload is taking longer than Discord waits for an answer; it carries on, \
                 and the log says how it ended.",
            ),
        }
    };
    summary.outcome = match reply.kind {
        ReplyKind::Answer => Outcome::Answer,
        ReplyKind::NotFound => Outcome::NotFound,
        ReplyKind::Error => Outcome::Error,
    };
    let body = serde_json::to_vec(&render::discord::response(&reply, Some(&user), false))
        .map_err(|e| InteractionError::Malformed(e.to_string()))?;
    Ok(Answered { body, summary })
}

fn refused(why: &str) -> Reply {
    Reply::error("Not allowed", why)
}

/// The ephemeral answer to `/reload`: what changed, or the errors that kept the old facts.
pub fn reload_reply(result: Result<Changes, ReloadError>, now: &Version) -> Reply {
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
                    let mut line = one_line(d);
                    if let Some((i, _)) = line.char_indices().nth(REPLY_MESSAGE_MAX) {
                        line.truncate(i);
                        line.push('…');
                    }
                    format!("• {line}")
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
    fn rfc3339_matches_known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_767_709_389), "2026-01-06T14:23:09Z");
        assert_eq!(rfc3339(4_107_542_399), "2100-02-28T23:59:59Z");
    }

    #[test]
    fn fnv_is_the_published_function() {
        // Test vectors from the FNV reference (draft-eastlake-fnv).
        let mut h = Fnv::new();
        h.write(b"");
        assert_eq!(h.0, 0xcbf2_9ce4_8422_2325);
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
        let mut h = Fnv::new();
        h.write(b"foobar");
        assert_eq!(h.0, 0x8594_4171_f739_67e8);
    }

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

    #[test]
    fn only_fact_files_are_relevant() {
        use notify::event::{AccessKind, CreateKind, EventKind, ModifyKind};
        let event = |kind, path: &str| notify::Event::new(kind).add_path(PathBuf::from(path));
        let modify = EventKind::Modify(ModifyKind::Any);
        let names = [OsString::from("paris.toml")];
        let file = Some(&names[..]);
        assert!(relevant(&event(modify, "d/paris.toml"), file));
        assert!(!relevant(&event(modify, "d/other.toml"), file));
        assert!(!relevant(
            &event(EventKind::Access(AccessKind::Any), "d/paris.toml"),
            file
        ));
        assert!(relevant(
            &event(EventKind::Create(CreateKind::File), "d/new.toml"),
            None
        ));
        assert!(!relevant(&event(modify, "d/.new.toml.swp"), None));
        assert!(!relevant(&event(modify, "d/.#new.toml"), None));
        assert!(!relevant(&event(modify, "d/notes.txt"), None));
        assert!(relevant(&event(modify, "d/..data"), None));
    }

    #[test]
    fn embedded_facts_cannot_reload() {
        let live = LiveFacts::new(Catalog::embedded().unwrap(), None);
        assert!(matches!(
            live.reload_blocking("test"),
            Err(ReloadError::Embedded)
        ));
        assert_ne!(live.load().version.hash, 0);
    }

    #[test]
    fn unchanged_facts_report_no_changes() {
        let a = Catalog::embedded().unwrap();
        let b = Catalog::embedded().unwrap();
        let changes = Changes::between(&a, &b);
        assert!(changes.is_empty(), "{changes}");
        assert_eq!(changes.to_string(), "no changes");
    }
}
