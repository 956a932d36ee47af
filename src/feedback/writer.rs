//! The one writer of the feedback files.
//!
//! Answering never waits for it: [`Recorder::record`] stamps the record and `try_send`s it on a
//! bounded channel, which costs about what formatting a log line does; when the channel is full
//! the record is counted and dropped, with a log line now and then, never a wait. One thread owns
//! the file and writes each record as one whole line, so lines never interleave and none is lost
//! while there is room. The file is rotated at [`Settings::max_file_bytes`]
//! (`feedback.jsonl` → `feedback.1.jsonl` → … → `feedback.<keep>.jsonl`, the oldest deleted).
//! A folder that cannot be written (a full disk, a read-only mount, a path under a file) is
//! logged once; the records are dropped and answering goes on.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::Record;

/// The current file's name in the state folder.
pub const FILE: &str = "feedback.jsonl";

/// Records waiting for the writer; beyond this they are dropped rather than waited for.
pub const QUEUE: usize = 4096;

/// Where and how records are kept (the `[state]` settings, resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub dir: PathBuf,
    pub record_user_ids: bool,
    pub max_file_bytes: u64,
    /// Rotated files kept besides the current one.
    pub keep_files: usize,
}

/// The `n`th rotated file (`feedback.1.jsonl` is the newest old one).
pub fn rotated(dir: &Path, n: usize) -> PathBuf {
    dir.join(format!("feedback.{n}.jsonl"))
}

enum Msg {
    Record(Box<Record>),
    /// Answered once every record sent before it is written (or dropped).
    Flush(mpsc::Sender<()>),
}

/// A handle to the writer; cheap to clone. [`Recorder::off`] records nothing.
#[derive(Clone, Default)]
pub struct Recorder {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    tx: SyncSender<Msg>,
    dropped: AtomicU64,
    settings: Settings,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Some(i) => write!(f, "Recorder({})", i.settings.dir.display()),
            None => f.write_str("Recorder(off)"),
        }
    }
}

impl Recorder {
    /// Records nothing: the console, tests, a bot with `state_dir` off.
    pub fn off() -> Recorder {
        Recorder { inner: None }
    }

    /// Starts the writer thread for `settings`, with a queue of [`QUEUE`] records. The folder is
    /// created on the first write, so a bad path is reported then, once, not here.
    pub fn start(settings: Settings) -> Recorder {
        Recorder::with_queue(settings, QUEUE)
    }

    /// [`Recorder::start`] with another queue length (tests fill a short one).
    pub fn with_queue(settings: Settings, queue: usize) -> Recorder {
        let (tx, rx) = mpsc::sync_channel(queue);
        let writer = Writer::new(settings.clone());
        let spawned = thread::Builder::new()
            .name("feedback-writer".to_owned())
            .spawn(move || writer.run(rx));
        if let Err(e) = spawned {
            tracing::warn!("feedback is not recorded: cannot start its writer thread: {e}");
            return Recorder::off();
        }
        Recorder {
            inner: Some(Arc::new(Inner {
                tx,
                dropped: AtomicU64::new(0),
                settings,
            })),
        }
    }

    /// Records to the configured folder, or nothing when the `[state]` settings are off; says
    /// which in the log.
    pub fn from_config(state: &crate::config::StateConfig) -> Recorder {
        match state.settings() {
            Some(settings) => {
                tracing::info!(
                    dir = %settings.dir.display(),
                    user_ids = settings.record_user_ids,
                    "recording feedback and refused questions"
                );
                Recorder::start(settings)
            }
            None => {
                tracing::info!("feedback is not recorded (state folder off)");
                Recorder::off()
            }
        }
    }

    /// The state folder, when recording.
    pub fn dir(&self) -> Option<&Path> {
        self.inner.as_ref().map(|i| i.settings.dir.as_path())
    }

    /// Records dropped because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.inner
            .as_ref()
            .map_or(0, |i| i.dropped.load(Ordering::Relaxed))
    }

    /// Stamps `record` with the time (and drops its user id unless the config keeps them) and
    /// queues it. Never blocks.
    pub fn record(&self, mut record: Record) {
        let Some(inner) = &self.inner else {
            return;
        };
        record.time = now();
        if !inner.settings.record_user_ids {
            record.user = None;
        }
        match inner.tx.try_send(Msg::Record(Box::new(record))) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                let n = inner.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                // The first drop, then every thousandth: one line, not one per record.
                if n == 1 || n.is_multiple_of(1000) {
                    tracing::warn!(
                        dropped = n,
                        "feedback writer is behind: records dropped rather than waited for"
                    );
                }
            }
            // The writer is gone (it only stops when every handle is dropped).
            Err(TrySendError::Disconnected(_)) => {}
        }
    }

    /// Waits until every record queued before this call is written or dropped: for shutdown and
    /// tests, never on the answering path.
    pub fn flush(&self) {
        if let Some(inner) = &self.inner {
            let (ack, done) = mpsc::channel();
            if inner.tx.send(Msg::Flush(ack)).is_ok() {
                let _ = done.recv();
            }
        }
    }
}

/// Now, RFC 3339 in UTC, to the second.
fn now() -> String {
    let t = OffsetDateTime::now_utc();
    let t = t.replace_nanosecond(0).unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_default()
}

/// The writer thread's state: the open file and its size.
struct Writer {
    settings: Settings,
    file: Option<File>,
    size: u64,
    /// The folder could not be written; said once.
    warned: bool,
}

impl Writer {
    fn new(settings: Settings) -> Writer {
        Writer {
            settings,
            file: None,
            size: 0,
            warned: false,
        }
    }

    fn run(mut self, rx: Receiver<Msg>) {
        for msg in rx {
            match msg {
                Msg::Record(record) => {
                    let mut line = match serde_json::to_vec(&record) {
                        Ok(line) => line,
                        Err(_) => continue,
                    };
                    line.push(b'\n');
                    if let Err(e) = self.write(&line) {
                        self.file = None;
                        if !self.warned {
                            self.warned = true;
                            tracing::warn!(
                                dir = %self.settings.dir.display(),
                                "feedback is not being recorded: cannot write the state folder \
                                 ({e}); answering goes on, and this is said only once"
                            );
                        }
                    }
                }
                Msg::Flush(ack) => {
                    let _ = ack.send(());
                }
            }
        }
    }

    /// Appends one whole line, rotating first when it would take the file past the limit.
    fn write(&mut self, line: &[u8]) -> io::Result<()> {
        let len = line.len() as u64;
        if self.file.is_some() && self.size > 0 && self.size + len > self.settings.max_file_bytes {
            self.file = None;
            self.rotate()?;
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => {
                fs::create_dir_all(&self.settings.dir)?;
                let path = self.settings.dir.join(FILE);
                let f = OpenOptions::new().create(true).append(true).open(&path)?;
                self.size = f.metadata()?.len();
                if self.size > 0 && self.size + len > self.settings.max_file_bytes {
                    drop(f);
                    self.rotate()?;
                    return self.write(line);
                }
                self.file.insert(f)
            }
        };
        file.write_all(line)?;
        self.size += len;
        Ok(())
    }

    /// `feedback.jsonl` becomes `feedback.1.jsonl`, each older one moves up, the oldest kept
    /// one's successor is deleted.
    fn rotate(&mut self) -> io::Result<()> {
        let dir = &self.settings.dir;
        let keep = self.settings.keep_files;
        let current = dir.join(FILE);
        if keep == 0 {
            return remove_if_there(&current);
        }
        remove_if_there(&rotated(dir, keep))?;
        for n in (1..keep).rev() {
            let from = rotated(dir, n);
            if from.exists() {
                fs::rename(&from, rotated(dir, n + 1))?;
            }
        }
        fs::rename(&current, rotated(dir, 1))
    }
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
