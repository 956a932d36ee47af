//! The reload triggers besides `/reload`: the fact files changing on disk, and SIGHUP.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use super::LiveFacts;

/// How long the file watcher waits for quiet before reloading: editors save in bursts (write a
/// temporary file, rename it, touch the directory), and one reload per save is enough.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// The longest a burst of changes can postpone a reload, so a file rewritten without pause (a
/// log-like writer, a sync tool) is still picked up.
const DEBOUNCE_MAX: Duration = Duration::from_secs(3);

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
