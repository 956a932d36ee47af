//! Hot reload: an invalid edit changes nothing users see, a fixed edit shows up, concurrent
//! requests always see one whole version, the file watcher and SIGHUP trigger reloads, and
//! `/reload` is for members with Manage Server only.
//!
//! Every test works on its own copy of `data/paris-2026-01-06.toml` in a temporary directory.
//! Waits are bounded (a regression fails instead of hanging); nothing asserts on timing.

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/openapi.rs"]
mod openapi;
#[path = "support/scratch.rs"]
mod scratch;

use scratch::{paris_facts, Scratch};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use summit_bot::catalog::Catalog;
use summit_bot::interaction;
use summit_bot::live::{self, LiveFacts, ReloadError};
use summit_bot::request::Request;
use summit_bot::{commands, render};

/// Every wait in this file is bounded by this.
const GUARD: Duration = Duration::from_secs(10);

const PLEDGE_TEXT: &str = "France and the United Kingdom pledged forces";
const FIRST_TITLE: &str = "title = \"British and French forces after a ceasefire\"";
const SECOND_TITLE: &str = "title = \"Military hubs and protected weapons facilities\"";

/// The original file with `from` replaced by `to` (which must occur exactly once).
fn edited(from: &str, to: &str) -> String {
    let text = paris_facts();
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

/// A copy of the Paris facts in a fresh directory, loaded into a `LiveFacts`.
fn setup(name: &str) -> (Scratch, PathBuf, Arc<LiveFacts>) {
    let dir = Scratch::new("reload", name);
    let file = dir.0.join("paris.toml");
    std::fs::write(&file, paris_facts()).unwrap();
    let live = Arc::new(LiveFacts::open(&file).expect("the Paris facts load"));
    (dir, file, live)
}

fn answer_text(catalog: &Catalog, line: &str) -> String {
    let request = Request::parse_slash(line).unwrap();
    render::text::render(&commands::answer(catalog, &request))
}

fn command_body(name: &str, permissions: Option<&str>) -> Vec<u8> {
    let mut body = json!({
        "type": 2, "id": "1456702194373378048", "token": "interaction-token-not-logged",
        "version": 1, "application_id": "1325480946218057728",
        "data": {"id": "1", "name": name, "type": 1},
    });
    match permissions {
        Some(p) => {
            body["member"] = json!({"user": {"id": "42"}, "roles": [], "permissions": p});
            body["guild_id"] = json!("1189476372914839612");
        }
        None => body["user"] = json!({"id": "42"}),
    }
    body.to_string().into_bytes()
}

async fn interact(live: &Arc<LiveFacts>, body: &[u8]) -> Value {
    let answered = interaction::answer(live, body)
        .await
        .expect("an interaction answer");
    serde_json::from_slice(&answered.body).unwrap()
}

fn ephemeral(v: &Value) -> bool {
    v.pointer("/data/flags")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        & 64
        == 64
}

#[test]
fn an_invalid_edit_changes_nothing_and_the_fix_shows_up() {
    let (_dir, file, live) = setup("invalid-then-fixed");
    let before = answer_text(&live.load(), "/pledge id:uk-france-forces");
    let version = live.load().version.clone();

    // A key the schema does not know, inside the first pledge.
    let bad = edited(
        "id = \"uk-france-forces\"\n",
        "id = \"uk-france-forces\"\ncolour = \"red\"\n",
    );
    let bad_line = bad.lines().position(|l| l == "colour = \"red\"").unwrap() + 1;
    std::fs::write(&file, &bad).unwrap();
    let diagnostics = match live.reload_blocking("test") {
        Err(ReloadError::Invalid(d)) => d,
        other => panic!("an invalid edit reloaded: {other:?}"),
    };
    let located: Vec<String> = diagnostics.iter().map(live::one_line).collect();
    let expected = format!("{}:{bad_line}:1: ", file.display());
    assert!(
        located.iter().any(|l| l.starts_with(&expected)),
        "no error at {expected}: {located:?}"
    );
    assert!(located.iter().any(|l| l.contains("colour")), "{located:?}");
    assert_eq!(
        answer_text(&live.load(), "/pledge id:uk-france-forces"),
        before,
        "answers are unchanged after an invalid edit"
    );
    assert_eq!(live.load().version, version, "the version is unchanged");

    // The fix carries a changed fact.
    std::fs::write(
        &file,
        edited(PLEDGE_TEXT, &format!("RELOADED. {PLEDGE_TEXT}")),
    )
    .unwrap();
    let changes = live
        .reload_blocking("test")
        .expect("the fixed file reloads");
    assert_eq!(changes.get("pledges").changed, 1, "{changes}");
    assert_eq!(changes.get("pledges").added, 0, "{changes}");
    assert_eq!(changes.get("pledges").removed, 0, "{changes}");
    for (kind, counts) in &changes.kinds {
        if *kind != "pledges" {
            assert!(counts.is_empty(), "{kind}: {changes}");
        }
    }
    assert_eq!(changes.to_string(), "pledges: 1 changed");
    let after = answer_text(&live.load(), "/pledge id:uk-france-forces");
    assert!(after.contains("RELOADED."), "{after}");
    assert_ne!(live.load().version.hash, version.hash);
}

#[test]
fn added_and_removed_facts_are_counted() {
    let (_dir, file, live) = setup("added-removed");
    // Rename a pledge: one removed, one added (ids are what identify a fact). Nothing refers to
    // `uk-france-hubs` by id except from within its own table, so the file stays valid.
    let text = paris_facts();
    assert_eq!(
        text.matches("uk-france-hubs").count(),
        1,
        "the test renames a pledge nothing else refers to"
    );
    std::fs::write(
        &file,
        text.replacen(
            "id = \"uk-france-hubs\"",
            "id = \"uk-france-hubs-renamed\"",
            1,
        ),
    )
    .unwrap();
    let changes = live.reload_blocking("test").expect("valid");
    assert_eq!(changes.get("pledges").added, 1, "{changes}");
    assert_eq!(changes.get("pledges").removed, 1, "{changes}");
    assert_eq!(changes.get("pledges").changed, 0, "{changes}");
    // Reloading the same bytes again changes nothing.
    let again = live.reload_blocking("test").expect("still valid");
    assert!(again.is_empty(), "{again}");
}

/// Two versions of the file in which two pledges' titles change together.
fn versions() -> [String; 2] {
    let pair = |tag: &str| {
        paris_facts()
            .replacen(FIRST_TITLE, &format!("title = \"{tag} forces\""), 1)
            .replacen(SECOND_TITLE, &format!("title = \"{tag} hubs\""), 1)
    };
    [pair("Alpha"), pair("Beta")]
}

/// Which version a `/pledges` reply came from; panics on a mix.
fn version_of(reply: &Value) -> usize {
    let text = reply.to_string();
    let alpha = [text.contains("Alpha forces"), text.contains("Alpha hubs")];
    let beta = [text.contains("Beta forces"), text.contains("Beta hubs")];
    match (alpha, beta) {
        ([true, true], [false, false]) => 0,
        ([false, false], [true, true]) => 1,
        _ => panic!("a request saw a mix of versions: alpha {alpha:?} beta {beta:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_reloads_under_load_never_show_a_mix() {
    let dir = Scratch::new("reload", "under-load");
    let file = dir.0.join("paris.toml");
    let versions = versions();
    std::fs::write(&file, &versions[0]).unwrap();
    let live = Arc::new(LiveFacts::open(&file).unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let body = command_body("pledges", Some("0"));

    let mut readers = Vec::new();
    for _ in 0..8 {
        let (live, stop, requests, body) = (
            Arc::clone(&live),
            Arc::clone(&stop),
            Arc::clone(&requests),
            body.clone(),
        );
        readers.push(tokio::spawn(async move {
            let mut seen = [0usize; 2];
            while !stop.load(Ordering::Relaxed) {
                let reply = interact(&live, &body).await;
                assert_eq!(reply["type"], 4, "{reply}");
                seen[version_of(&reply)] += 1;
                requests.fetch_add(1, Ordering::Relaxed);
                // Not a pause: lets the reloader's task run on a runtime whose workers are all
                // busy answering.
                tokio::task::yield_now().await;
            }
            seen
        }));
    }

    for i in 0..100 {
        std::fs::write(&file, &versions[(i + 1) % 2]).unwrap();
        let changes = live.reload("test").await.expect("every version is valid");
        assert_eq!(changes.get("pledges").changed, 2, "{changes}");
        // Wait (bounded) until requests have run against this version: with 8 readers and one
        // request each in flight, 16 completions include at least 8 that started after the swap.
        let target = requests.load(Ordering::Relaxed) + 16;
        tokio::time::timeout(GUARD, async {
            while requests.load(Ordering::Relaxed) < target {
                tokio::task::yield_now().await;
            }
        })
        .await
        .expect("readers keep answering during reloads");
    }
    stop.store(true, Ordering::Relaxed);
    let mut seen = [0usize; 2];
    for reader in readers {
        let s = tokio::time::timeout(GUARD, reader)
            .await
            .expect("readers stop")
            .expect("no reader failed");
        seen[0] += s[0];
        seen[1] += s[1];
    }
    assert!(
        seen[0] > 0 && seen[1] > 0,
        "both versions answered: {seen:?}"
    );
    // 100 reloads from version 0 end on version 0.
    assert_eq!(version_of(&interact(&live, &body).await), 0);
}

/// Waits (bounded) until the live version differs from `hash`.
async fn wait_for_reload(live: &LiveFacts, hash: u64) {
    tokio::time::timeout(GUARD, async {
        while live.load().version.hash == hash {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the facts reloaded within the guard");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_disk_reloads_by_itself() {
    let (_dir, file, live) = setup("watched");
    let watcher = live::watch_files(&live, Duration::from_millis(100)).expect("watching");

    // An in-place write.
    let hash = live.load().version.hash;
    std::fs::write(
        &file,
        edited(PLEDGE_TEXT, &format!("WATCHED. {PLEDGE_TEXT}")),
    )
    .unwrap();
    wait_for_reload(&live, hash).await;
    let after = answer_text(&live.load(), "/pledge id:uk-france-forces");
    assert!(after.contains("WATCHED."), "{after}");

    // An editor-style save: write a temporary file, then rename it over the original.
    let hash = live.load().version.hash;
    let tmp = file.with_file_name(".paris.toml.tmp");
    std::fs::write(
        &tmp,
        edited(PLEDGE_TEXT, &format!("RENAMED. {PLEDGE_TEXT}")),
    )
    .unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    wait_for_reload(&live, hash).await;
    let after = answer_text(&live.load(), "/pledge id:uk-france-forces");
    assert!(after.contains("RENAMED."), "{after}");
    watcher.abort();
}

/// A fact file that is a symlink (say, into a checkout elsewhere) reloads when the file it
/// points to is edited.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_symlinked_fact_file_is_watched_where_it_lives() {
    let real = Scratch::new("reload", "symlink-target");
    let links = Scratch::new("reload", "symlink-link");
    let target = real.0.join("paris-facts.toml");
    std::fs::write(&target, paris_facts()).unwrap();
    let link = links.0.join("paris.toml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let live = Arc::new(LiveFacts::open(&link).unwrap());
    let watcher = live::watch_files(&live, Duration::from_millis(100)).expect("watching");
    let hash = live.load().version.hash;
    std::fs::write(
        &target,
        edited(PLEDGE_TEXT, &format!("LINKED. {PLEDGE_TEXT}")),
    )
    .unwrap();
    wait_for_reload(&live, hash).await;
    assert!(answer_text(&live.load(), "/pledge id:uk-france-forces").contains("LINKED."));
    watcher.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_of_fact_files_is_watched_too() {
    let dir = Scratch::new("reload", "watched-dir");
    let file = dir.0.join("paris.toml");
    std::fs::write(&file, paris_facts()).unwrap();
    let live = Arc::new(LiveFacts::open(&dir.0).unwrap());
    let watcher = live::watch_files(&live, Duration::from_millis(100)).expect("watching");
    let hash = live.load().version.hash;
    std::fs::write(&file, edited(PLEDGE_TEXT, &format!("DIR. {PLEDGE_TEXT}"))).unwrap();
    wait_for_reload(&live, hash).await;
    assert!(answer_text(&live.load(), "/pledge id:uk-france-forces").contains("DIR."));
    watcher.abort();
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads() {
    let (_dir, file, live) = setup("sighup");
    // The handler is installed when this returns, so the signal below cannot kill the test.
    let task = live::reload_on_sighup(&live).expect("a SIGHUP handler");
    let hash = live.load().version.hash;
    std::fs::write(&file, edited(PLEDGE_TEXT, &format!("HUP. {PLEDGE_TEXT}"))).unwrap();
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &std::process::id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    wait_for_reload(&live, hash).await;
    assert!(answer_text(&live.load(), "/pledge id:uk-france-forces").contains("HUP."));
    task.abort();
}

#[tokio::test]
async fn reload_command_needs_manage_server() {
    let (_dir, file, live) = setup("command");
    std::fs::write(&file, edited(PLEDGE_TEXT, &format!("ADMIN. {PLEDGE_TEXT}"))).unwrap();
    let hash = live.load().version.hash;

    // No Manage Server (2048 is Send Messages): refused, privately, and nothing reloads.
    for body in [
        command_body("reload", Some("2048")),
        command_body("reload", Some("not a number")),
        command_body("reload", None),
    ] {
        let reply = interact(&live, &body).await;
        assert_eq!(reply["type"], 4, "{reply}");
        assert!(ephemeral(&reply), "{reply}");
        assert_eq!(reply["data"]["allowed_mentions"], json!({"parse": []}));
        assert!(reply.to_string().contains("Manage Server"), "{reply}");
        assert_eq!(live.load().version.hash, hash, "a refused /reload reloaded");
    }

    // Manage Server (32): reloads, and says what changed, privately.
    let reply = interact(&live, &command_body("reload", Some("32"))).await;
    assert!(ephemeral(&reply), "{reply}");
    assert_eq!(reply["data"]["allowed_mentions"], json!({"parse": []}));
    let text = reply.to_string();
    assert!(text.contains("Facts reloaded"), "{text}");
    assert!(text.contains("pledges: 1 changed"), "{text}");
    assert_ne!(live.load().version.hash, hash);
    assert!(answer_text(&live.load(), "/pledge id:uk-france-forces").contains("ADMIN."));

    // ADMINISTRATOR (8) implies it. Nothing changed since, and the reply says so.
    let reply = interact(&live, &command_body("reload", Some("8"))).await;
    assert!(reply.to_string().contains("nothing changed"), "{reply}");

    // An invalid edit: the errors, with file:line:column, and the old facts keep answering.
    let bad = paris_facts().replacen("[summit]", "[summit", 1);
    std::fs::write(&file, &bad).unwrap();
    let hash = live.load().version.hash;
    let reply = interact(&live, &command_body("reload", Some("32"))).await;
    assert!(ephemeral(&reply), "{reply}");
    let text = reply["data"].to_string();
    let line = bad.lines().position(|l| l.starts_with("[summit")).unwrap() + 1;
    assert!(
        text.contains(&format!("{}:{line}:", file.display())),
        "no file:line:column in {text}"
    );
    assert!(text.contains("last good facts"), "{text}");
    assert_eq!(live.load().version.hash, hash);
}

#[tokio::test]
async fn reload_without_files_is_answered_without_reloading() {
    let live = Arc::new(LiveFacts::new(Catalog::embedded().unwrap(), None));
    let reply = interact(&live, &command_body("reload", Some("32"))).await;
    assert_eq!(reply["type"], 4, "{reply}");
    assert!(ephemeral(&reply), "{reply}");
    assert_eq!(reply["data"]["allowed_mentions"], json!({"parse": []}));
}

#[tokio::test]
async fn other_interactions_answer_from_the_current_facts() {
    let (_dir, _file, live) = setup("others");
    let body = command_body("pledges", Some("0"));
    let via_live = interaction::answer(&live, &body).await.unwrap().body;
    let direct = summit_bot::interaction::respond(&live.load(), &body).unwrap();
    assert_eq!(via_live, direct);
}

// ---- over the gateway --------------------------------------------------------------------------

/// A guild command from the gateway fixtures, with a fresh id and the given permissions.
fn gateway_command(fake: &fake_discord::FakeDiscord, name: &str, permissions: &str) -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gateway/command_guild.json");
    let mut d: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let id = fake.snowflake();
    d["id"] = json!(id);
    d["token"] = json!(format!("interaction-token-{id}"));
    d["data"]["name"] = json!(name);
    d["data"]["options"] = json!([]);
    d["member"]["permissions"] = json!(permissions);
    d
}

/// `/reload` through the real serenity client: the interaction is re-serialized from serenity's
/// model before it is answered, so this checks that the member's permissions survive the trip.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_over_the_gateway() {
    use fake_discord::{FakeDiscord, Options, GUILD_ID, TOKEN, WAIT};
    use summit_bot::config::{Config, Secret};
    use summit_bot::transport::gateway;

    let (_dir, file, live) = setup("gateway");
    let fake = FakeDiscord::start(Options::default()).await;
    let mut config = Config::default();
    config.discord.proxy = Some(fake.rest_url.clone());
    config.discord.guild_id = Some(GUILD_ID);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn({
        let live = Arc::clone(&live);
        async move {
            gateway::serve(&config, Secret::new(TOKEN), live, async {
                let _ = stopped.await;
            })
            .await
        }
    });
    fake.wait_session().await;
    std::fs::write(
        &file,
        edited(PLEDGE_TEXT, &format!("GATEWAY. {PLEDGE_TEXT}")),
    )
    .unwrap();
    let hash = live.load().version.hash;

    let refused = fake
        .interact(gateway_command(&fake, "reload", "2048"))
        .await
        .body;
    assert!(ephemeral(&refused), "{refused}");
    assert!(refused.to_string().contains("Manage Server"), "{refused}");
    assert_eq!(live.load().version.hash, hash, "a refused /reload reloaded");

    let done = fake
        .interact(gateway_command(&fake, "reload", "32"))
        .await
        .body;
    assert!(ephemeral(&done), "{done}");
    assert!(done.to_string().contains("pledges: 1 changed"), "{done}");
    assert_ne!(live.load().version.hash, hash);

    let mut pledge = gateway_command(&fake, "pledge", "0");
    pledge["data"]["options"] = json!([{"name": "id", "type": 3, "value": "uk-france-forces"}]);
    let answer = fake.interact(pledge).await.body;
    assert!(answer.to_string().contains("GATEWAY."), "{answer}");

    let _ = stop.send(());
    tokio::time::timeout(WAIT, bot)
        .await
        .expect("the gateway stops")
        .expect("no panic")
        .expect("serve ends cleanly");
    fake.assert_clean();
}

/// A save that lands between a reload's parse and its hash leaves the hash of the new bytes on
/// the facts of the old ones; the next reload must still put the new facts in place.
#[test]
fn a_save_during_a_reload_is_not_lost() {
    let dir = Scratch::new("reload", "race");
    let file = dir.0.join("paris.toml");
    let origin = file.display().to_string();
    // The state such a race leaves: old facts in memory, new bytes on disk (and in the hash).
    let old = summit_bot::catalog::load_str(&origin, &paris_facts()).unwrap();
    let catalog = Catalog::new(vec![Arc::new(old)]).unwrap();
    std::fs::write(&file, edited(PLEDGE_TEXT, &format!("RACE. {PLEDGE_TEXT}"))).unwrap();
    let live = LiveFacts::new(catalog, Some(file.clone()));
    let changes = live.reload_blocking("test").expect("valid");
    assert_eq!(changes.get("pledges").changed, 1, "{changes}");
    assert!(answer_text(&live.load(), "/pledge id:uk-france-forces").contains("RACE."));
}
