//! The facts the serve modes answer from, and how a reload swaps them: one [`Loaded`] snapshot per
//! version, behind an `ArcSwap`, replaced whole only when every file is valid.

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;
use tracing::{error, info, warn};

use super::changes::Changes;
use crate::catalog::{self, Catalog};
use crate::facts::{self, Diagnostic, Diagnostics};

/// One loaded version of the facts: the catalog and where it came from. Derefs to the
/// [`Catalog`], so `commands::answer(&live.load(), ..)` reads as if it were one.
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
    fn embedded_facts_cannot_reload() {
        let live = LiveFacts::new(Catalog::embedded().unwrap(), None);
        assert!(matches!(
            live.reload_blocking("test"),
            Err(ReloadError::Embedded)
        ));
        assert_ne!(live.load().version.hash, 0);
    }
}
