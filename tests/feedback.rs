//! Feedback records: concurrent clicks through the real recording path give exactly one
//! well-formed line each; an unwritable state folder still answers and is logged once; the file
//! rotates at its size limit; `summit-bot gaps` groups a hand-written file's refusals.

#[path = "support/scratch.rs"]
mod scratch;

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use assert_cmd::Command;
use serde_json::{json, Value};
use summit_bot::catalog::Catalog;
use summit_bot::feedback::{Recorder, Settings};
use summit_bot::interaction::{self, Outcome};
use summit_bot::live::LiveFacts;

use scratch::Scratch;

fn live() -> Arc<LiveFacts> {
    Arc::new(LiveFacts::new(
        Catalog::embedded().expect("embedded facts load"),
        None,
    ))
}

fn settings(dir: &Path) -> Settings {
    Settings {
        dir: dir.to_owned(),
        record_user_ids: false,
        max_file_bytes: 10 << 20,
        keep_files: 3,
    }
}

/// A 👍/👎 click of real shape: the vote fixtures, with another user and vote.
fn click(n: usize) -> Vec<u8> {
    let name = if n.is_multiple_of(2) {
        "component-vote-ask.json"
    } else {
        "component-vote-check.json"
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interactions")
        .join(name);
    let mut body: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let id = body["data"]["custom_id"].as_str().unwrap().to_owned();
    let vote = if n.is_multiple_of(3) {
        "fb|u|"
    } else {
        "fb|d|"
    };
    body["data"]["custom_id"] = Value::String(format!("{vote}{}", &id[5..]));
    body["member"]["user"]["id"] = Value::String(format!("{}", 100_000 + n));
    serde_json::to_vec(&body).unwrap()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Log lines of this test binary, for the "logged once" check: the writer thread logs, so the
/// subscriber must be global.
fn logs() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<&'static Mutex<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer: &'static Mutex<Vec<u8>> = Box::leak(Box::new(Mutex::new(Vec::new())));
        struct W(&'static Mutex<Vec<u8>>);
        impl Write for W {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || W(buffer))
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        buffer
    })
}

#[test]
fn eight_tasks_clicking_125_times_give_exactly_1000_lines() {
    let state = Scratch::new("feedback", "concurrent");
    let recorder = Recorder::start(settings(state.path()));
    let live = live();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .build()
        .unwrap();
    runtime.block_on(async {
        let tasks: Vec<_> = (0..8)
            .map(|t| {
                let (live, recorder) = (Arc::clone(&live), recorder.clone());
                tokio::spawn(async move {
                    for i in 0..125 {
                        let body = click(t * 125 + i);
                        let a = interaction::answer_recording(&live, &body, &recorder)
                            .await
                            .expect("a click is answered");
                        assert_eq!(a.summary.outcome, Outcome::Voted);
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    });
    recorder.flush();
    assert_eq!(recorder.dropped(), 0);
    let records = lines(&state.path().join("feedback.jsonl"));
    assert_eq!(records.len(), 1000);
    let mut users = std::collections::HashSet::new();
    for r in &records {
        assert_eq!(r["kind"], "vote", "{r}");
        assert!(r["vote"] == "up" || r["vote"] == "down", "{r}");
        assert!(r["time"].as_str().is_some_and(|t| t.ends_with('Z')), "{r}");
        assert!(!r["question"].as_str().unwrap_or("").is_empty(), "{r}");
        assert!(r["facts"].as_array().is_some_and(|f| !f.is_empty()), "{r}");
        assert!(r.get("user").is_none(), "no user ids unless asked: {r}");
        users.insert(r["command"].to_string());
    }
    assert_eq!(users.len(), 2, "both /ask and check votes");
    let ups = records.iter().filter(|r| r["vote"] == "up").count();
    assert_eq!(ups, (0..1000usize).filter(|n| n.is_multiple_of(3)).count());
}

#[test]
fn user_ids_are_kept_only_when_asked() {
    let state = Scratch::new("feedback", "user-ids");
    let recorder = Recorder::start(Settings {
        record_user_ids: true,
        ..settings(state.path())
    });
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        interaction::answer_recording(&live(), &click(7), &recorder)
            .await
            .unwrap();
    });
    recorder.flush();
    let records = lines(&state.path().join("feedback.jsonl"));
    assert_eq!(records[0]["user"], "100007");
}

#[test]
fn an_unwritable_state_folder_still_answers_and_is_logged_once() {
    let logs = logs();
    let state = Scratch::new("feedback", "unwritable");
    // A folder under a regular file cannot be created, even by root.
    state.write("a-file", "not a folder");
    let dir = state.path().join("a-file").join("state");
    let recorder = Recorder::start(settings(&dir));
    let refusal = json!({
        "type": 2, "id": "11", "token": "t", "version": 1,
        "data": {"id": "1", "name": "ask", "type": 1,
                 "options": [{"name": "question", "type": 3, "value": "what colour is the sky?"}]},
        "member": {"user": {"id": "42"}, "permissions": "0"},
    })
    .to_string()
    .into_bytes();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        for n in 0..20usize {
            let body = if n.is_multiple_of(2) {
                refusal.clone()
            } else {
                click(n)
            };
            let a = interaction::answer_recording(&live(), &body, &recorder)
                .await
                .expect("answered although nothing can be recorded");
            let v: Value = serde_json::from_slice(&a.body).unwrap();
            assert_eq!(v["type"], 4);
            assert_eq!(v["data"]["allowed_mentions"], json!({"parse": []}));
        }
    });
    recorder.flush();
    assert!(!dir.exists());
    let text = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let shown = dir.display().to_string();
    let about_it = text
        .lines()
        .filter(|l| l.contains(&shown) && l.contains("cannot write the state folder"))
        .count();
    assert_eq!(about_it, 1, "{text}");
}

#[test]
fn the_file_rotates_at_its_size_keeping_n_old_files() {
    let state = Scratch::new("feedback", "rotation");
    let max = 2_000;
    let recorder = Recorder::start(Settings {
        max_file_bytes: max,
        keep_files: 2,
        ..settings(state.path())
    });
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let live = live();
    runtime.block_on(async {
        for n in 0..60 {
            interaction::answer_recording(&live, &click(2 * n), &recorder)
                .await
                .unwrap();
        }
    });
    recorder.flush();
    let dir = state.path();
    let current = dir.join("feedback.jsonl");
    let (one, two, three) = (
        dir.join("feedback.1.jsonl"),
        dir.join("feedback.2.jsonl"),
        dir.join("feedback.3.jsonl"),
    );
    for f in [&current, &one, &two] {
        let size = std::fs::metadata(f).unwrap().len();
        assert!(size > 0 && size <= max, "{}: {size}", f.display());
    }
    assert!(!three.exists(), "only two old files are kept");
    let kept: usize = [&two, &one, &current].iter().map(|f| lines(f).len()).sum();
    assert!(kept < 60, "the oldest were deleted: {kept}");
    // `gaps` reads the rotated files too.
    let read = summit_bot::feedback::gaps::read(dir, None).unwrap();
    assert_eq!((read.files, read.records.len()), (3, kept));
}

fn bot() -> Command {
    let mut cmd = Command::cargo_bin("summit-bot").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SUMMIT_BOT_STATE_DIR")
        .env_remove("XDG_STATE_HOME");
    cmd
}

#[test]
fn gaps_groups_refused_questions_by_shared_words_and_counts_thumbs_down() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feedback");
    let out = bot()
        .args(["gaps", "--state-dir", fixture, "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["records"], 11);
    let refused = report["refused"].as_array().unwrap();
    // China's three refusals, asked three ways, are one group; the weather is another.
    assert_eq!(refused[0]["count"], 4, "{report:#}");
    assert!(
        refused[0]["words"].to_string().contains("china"),
        "{report:#}"
    );
    assert_eq!(refused[0]["questions"][0]["count"], 2, "{report:#}");
    assert_eq!(refused[1]["count"], 2, "{report:#}");
    assert!(
        refused[1]["words"].to_string().contains("weather"),
        "{report:#}"
    );
    let disliked = report["disliked"].as_array().unwrap();
    assert_eq!(disliked[0]["down"], 2, "{report:#}");
    assert_eq!(disliked[0]["up"], 1, "{report:#}");
    assert_eq!(
        disliked.len(),
        2,
        "an answer with only 👍 is not listed: {report:#}"
    );

    // --since leaves out the older records.
    let out = bot()
        .args([
            "gaps",
            "--state-dir",
            fixture,
            "--since",
            "2026-12-01",
            "--json",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["records"], 8, "{report:#}");

    // Plain text for a terminal.
    let out = bot()
        .args(["gaps", "--state-dir", fixture])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Most frequent questions the facts did not answer"),
        "{text}"
    );
    assert!(text.contains("4× — words:"), "{text}");
    assert!(text.contains("2 👎, 1 👍"), "{text}");
    assert!(
        text.contains("unreadable line"),
        "the torn line is counted: {text}"
    );

    let out = bot()
        .args(["gaps", "--state-dir", fixture, "--since", "yesterday"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bot()
        .args(["gaps", "--state-dir", "no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
