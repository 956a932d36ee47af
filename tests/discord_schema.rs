//! Every body the bot can send Discord is checked against Discord's own OpenAPI description and the
//! rules it leaves out (see `support/openapi.rs`).

#[path = "support/openapi.rs"]
mod openapi;

use openapi::{validate_callback, validate_registration};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// The validator itself must be able to fail: each rule is shown rejecting a body.
// ---------------------------------------------------------------------------------------------

fn message(data: Value) -> Value {
    json!({"type": 4, "data": data})
}

fn rejects(body: &Value, because: &str) {
    match validate_callback(body) {
        Ok(()) => panic!("accepted a body that breaks: {because}"),
        Err(errors) => assert!(
            errors.iter().any(|e| e.contains(because)),
            "expected an error mentioning {because:?}, got {errors:#?}"
        ),
    }
}

#[test]
fn validator_accepts_a_plain_reply_and_pong() {
    let ok = message(json!({"content": "hi", "allowed_mentions": {"parse": []}}));
    assert_eq!(validate_callback(&ok), Ok(()));
    assert_eq!(validate_callback(&json!({"type": 1})), Ok(()));
}

#[test]
fn validator_rejects_what_discord_rejects() {
    rejects(
        &message(json!({"content": "hi"})),
        "allowed_mentions/parse must be present",
    );
    rejects(
        &message(json!({"content": "hi", "allowed_mentions": {"parse": ["everyone"]}})),
        "parse must be empty",
    );
    rejects(
        &message(json!({"content": "x".repeat(2001), "allowed_mentions": {"parse": []}})),
        "/data/content",
    );
    let field = json!({"name": "n", "value": "v".repeat(1000)});
    let embed = json!({"title": "t", "fields": vec![field; 7]});
    rejects(
        &message(json!({"embeds": [embed], "allowed_mentions": {"parse": []}})),
        "characters together",
    );
    rejects(
        &message(json!({
            "embeds": [{"fields": [{"name": "n", "value": " "}]}],
            "allowed_mentions": {"parse": []}
        })),
        "is blank",
    );
    rejects(
        &message(json!({
            "embeds": [{"title": "t", "url": "not a url"}],
            "allowed_mentions": {"parse": []}
        })),
        "schema",
    );
    let button = json!({"type": 2, "style": 2, "label": "x", "custom_id": "a".repeat(101)});
    rejects(
        &message(json!({
            "content": "x",
            "components": [{"type": 1, "components": [button]}],
            "allowed_mentions": {"parse": []}
        })),
        "custom_id",
    );
    let button = json!({"type": 2, "style": 2, "label": "x", "custom_id": "a"});
    rejects(
        &message(json!({
            "content": "x",
            "components": [{"type": 1, "components": [button.clone(), button]}],
            "allowed_mentions": {"parse": []}
        })),
        "used twice",
    );
    rejects(
        &message(json!({"allowed_mentions": {"parse": []}})),
        "the message is empty",
    );
    let choices: Vec<Value> = (0..26)
        .map(|i| json!({"name": i.to_string(), "value": "v"}))
        .collect();
    rejects(&json!({"type": 8, "data": {"choices": choices}}), "choices");
    rejects(
        &json!({"type": 8, "data": {"choices": [{"name": "n", "value": "v".repeat(101)}]}}),
        "value has 101",
    );
}

fn rejects_registration(body: &Value, because: &str) {
    match validate_registration(body) {
        Ok(()) => panic!("accepted a registration that breaks: {because}"),
        Err(errors) => assert!(
            errors.iter().any(|e| e.contains(because)),
            "expected an error mentioning {because:?}, got {errors:#?}"
        ),
    }
}

#[test]
fn validator_checks_registration_rules() {
    let ok = json!([{"type": 1, "name": "pledges", "description": "List pledges",
        "options": [{"type": 3, "name": "by", "description": "Who", "required": true},
                    {"type": 4, "name": "page", "description": "Page", "min_value": 1}]}]);
    assert_eq!(validate_registration(&ok), Ok(()));
    rejects_registration(
        &json!([{"name": "Pledges", "description": "d"}]),
        "lowercase",
    );
    rejects_registration(
        &json!([{"name": "two words", "description": "d"}]),
        "does not match",
    );
    rejects_registration(
        &json!([{"name": "x", "description": ""}]),
        "description has 0",
    );
    // Message commands: spaces and capitals allowed, but no description and no options.
    let message = json!([{"type": 3, "name": "Check with summit facts", "description": ""}]);
    assert_eq!(validate_registration(&message), Ok(()));
    rejects_registration(
        &json!([{"type": 3, "name": "Check it", "description": "d"}]),
        "must be empty",
    );
    rejects_registration(
        &json!([{"type": 3, "name": "Check it", "description": "",
                 "options": [{"type": 3, "name": "a", "description": "a"}]}]),
        "takes no options",
    );
    rejects_registration(
        &json!([{"type": 3, "name": "x".repeat(33), "description": ""}]),
        "1-32",
    );
    rejects_registration(
        &json!([{"name": "x", "description": "d", "options": [
            {"type": 3, "name": "a", "description": "a"},
            {"type": 3, "name": "b", "description": "b", "required": true}]}]),
        "required option follows",
    );
    let choices: Vec<Value> = (0..10)
        .map(|i| json!({"name": format!("{i}{}", "n".repeat(98)), "value": "v".repeat(100)}))
        .collect();
    let options: Vec<Value> = (0..20)
        .map(|i| {
            json!({"type": 3, "name": format!("o{i}"), "description": "d".repeat(100),
                   "choices": choices})
        })
        .collect();
    rejects_registration(
        &json!([{"name": "x", "description": "d", "options": options}]),
        "characters combined",
    );
}

// ---------------------------------------------------------------------------------------------
// (a) Registration
// ---------------------------------------------------------------------------------------------

use summit_bot::catalog::Catalog;
use summit_bot::commands::{
    self, CommandSpec, EntityKind, OptionSpec, OptionType, COMMANDS, MESSAGE_COMMANDS,
};
use summit_bot::render::{discord, registration, text};
use summit_bot::reply::{Choice, Citation, Paging, Reply, ReplyKind, Section};
use summit_bot::request::{OptionValue, Request};

#[test]
fn registration_body_is_valid() {
    let body = registration::commands_json();
    assert_eq!(
        body.as_array().map(Vec::len),
        Some(COMMANDS.len() + MESSAGE_COMMANDS.len())
    );
    if let Err(errors) = validate_registration(&body) {
        panic!("registration body rejected:\n{}", errors.join("\n"));
    }
}

#[test]
fn registration_of_an_admin_command_is_valid() {
    // `/reload` is the table's admin command: registered for Manage Server (bit 0x20; the
    // OpenAPI description types the request field as an integer) and for guilds only, in a body
    // Discord's schema accepts.
    let admin: Vec<&CommandSpec> = COMMANDS.iter().filter(|c| c.admin).collect();
    assert!(!admin.is_empty(), "the table has an admin command");
    let body = registration::commands_json();
    if let Err(errors) = validate_registration(&body) {
        panic!("registration body rejected:\n{}", errors.join("\n"));
    }
    for spec in admin {
        let registered = body
            .as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == spec.name))
            .unwrap_or_else(|| panic!("/{} is registered", spec.name));
        assert_eq!(registered["default_member_permissions"], 32, "{registered}");
        assert_eq!(
            registered["contexts"],
            serde_json::json!([0]),
            "{registered}"
        );
    }
    // A user command carries no permission default, so everyone can use it.
    let user = body.as_array().and_then(|a| a.first()).expect("commands");
    assert!(user["default_member_permissions"].is_null(), "{user}");
}

// ---------------------------------------------------------------------------------------------
// (b) Every command × every value × every page, rendered from the real engine and facts
// ---------------------------------------------------------------------------------------------

const OWNER: &str = "123456789012345678";

thread_local! {
    /// Replies checked per kind (answer, not found, error), reported so a run shows whether the
    /// engine answered or only refused.
    static KINDS: std::cell::RefCell<[usize; 3]> = const { std::cell::RefCell::new([0; 3]) };
}

/// Checks one reply rendered both ways (new message and in-place update) and as text, adding
/// each violation, prefixed with the console line that produced it, to `problems`. Returns the
/// new-message body.
fn check_reply(line: &str, reply: &Reply, problems: &mut Vec<String>) -> Value {
    let mut first = Value::Null;
    for update in [false, true] {
        let body = serde_json::to_value(discord::response(reply, Some(OWNER), update))
            .expect("a response serializes");
        if let Err(errors) = validate_callback(&body) {
            for e in errors {
                problems.push(format!("{line} (update={update}): {e}"));
            }
        }
        if update {
            break;
        }
        let flagged = body["data"]["flags"].as_u64() == Some(64);
        if flagged != reply.is_ephemeral() {
            problems.push(format!(
                "{line}: ephemeral is {} but flags are {:?}",
                reply.is_ephemeral(),
                body["data"]["flags"]
            ));
        }
        for text in shown_text(&body) {
            for raw in UNESCAPED {
                if text.contains(raw) {
                    problems.push(format!(
                        "{line}: user text shown unescaped ({raw:?}) in {:?}",
                        text.chars().take(120).collect::<String>()
                    ));
                }
            }
        }
        first = body;
    }
    if reply.kind != ReplyKind::Answer && !reply.is_ephemeral() {
        problems.push(format!("{line}: an error/not-found reply is not ephemeral"));
    }
    let _ = text::render(reply);
    first
}

/// Pieces of [`hostile_values`] that must never reach a reader as typed: echoed user text is
/// escaped (issue 6), so a mention cannot ping, markdown cannot format and control characters
/// cannot reorder or hide text. The facts themselves contain none of these.
const UNESCAPED: &[&str] = &[
    "@everyone",
    "@here",
    "<@",
    "**bold**",
    "||spoiler||",
    "[link](",
    "\u{202E}",
    "\u{0000}",
    "\u{0007}",
];

/// Every string of a message body that Discord shows: embed titles, descriptions, field names and
/// values, footers, and the content. (Button ids are not shown.)
fn shown_text(body: &Value) -> Vec<&str> {
    let data = &body["data"];
    let mut out: Vec<&str> = data["content"].as_str().into_iter().collect();
    for embed in data["embeds"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        out.extend(embed["title"].as_str());
        out.extend(embed["description"].as_str());
        out.extend(embed["footer"]["text"].as_str());
        for field in embed["fields"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            out.extend(field["name"].as_str());
            out.extend(field["value"].as_str());
        }
    }
    out
}

/// Answers `request`, then every further page: through the Next button's `custom_id` (as a click
/// would), or, when a button had to be dropped, through the paging request itself.
fn check_all_pages(catalog: &Catalog, request: Request, problems: &mut Vec<String>) -> usize {
    let mut request = request;
    let mut answered = 0;
    for _ in 0..1000 {
        let line = request.to_string();
        let reply = commands::answer(catalog, &request);
        answered += 1;
        KINDS.with(|k| k.borrow_mut()[reply.kind as usize] += 1);
        let body = check_reply(&line, &reply, problems);
        let Some(paging) = &reply.paging else {
            break;
        };
        if paging.page >= paging.pages {
            break;
        }
        // The paging row comes after any rows of other buttons.
        let next_id = body["data"]["components"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
            .find(|b| b["label"] == "Next ▶")
            .and_then(|b| b["custom_id"].as_str().map(str::to_owned));
        request = match next_id {
            Some(id) => match Request::from_custom_id(&id) {
                Ok((next, owner)) => {
                    if owner.as_deref() != Some(OWNER) {
                        problems.push(format!("{line}: next button lost its owner: {id}"));
                    }
                    next
                }
                Err(e) => {
                    problems.push(format!("{line}: next button id {id:?} does not parse: {e}"));
                    break;
                }
            },
            None => {
                problems.push(format!(
                    "{line}: page {} of {} has no usable Next button",
                    paging.page, paging.pages
                ));
                paging
                    .request
                    .clone()
                    .with("page", OptionValue::Integer(i64::from(paging.page) + 1))
            }
        };
        if request.integer("page") != Some(i64::from(paging.page) + 1) {
            problems.push(format!("{line}: next page is not page {}", paging.page + 1));
            break;
        }
    }
    answered
}

/// Every way to name every entity of `kind`: ids, names, titles and aliases, across all summits.
fn entity_values(catalog: &Catalog, kind: EntityKind) -> Vec<String> {
    let mut values = Vec::new();
    for facts in catalog.summits() {
        let f = &facts.file;
        match kind {
            EntityKind::Summit => {
                values.push(f.summit.id.to_string());
                values.push(f.summit.name.to_string());
                values.extend(f.summit.aliases.iter().map(|a| a.to_string()));
            }
            EntityKind::Participant => {
                for p in &f.participants {
                    values.push(p.id.to_string());
                    values.push(p.name.to_string());
                    values.extend(p.aliases.iter().map(|a| a.to_string()));
                }
            }
            EntityKind::Pledge => {
                for p in &f.pledges {
                    values.push(p.id.to_string());
                    values.push(p.title.to_string());
                }
            }
            EntityKind::Question => {
                for q in &f.questions {
                    values.push(q.id.to_string());
                    values.push(q.title.to_string());
                }
            }
            EntityKind::Topic => {
                for t in &f.topics {
                    values.push(t.id.to_string());
                    values.push(t.name.to_string());
                    values.extend(t.aliases.iter().map(|a| a.to_string()));
                }
            }
        }
    }
    values.sort();
    values.dedup();
    values
}

/// The ids of every entity of `kind`, plus one name that matches nothing.
fn entity_ids(catalog: &Catalog, kind: EntityKind) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for facts in catalog.summits() {
        let f = &facts.file;
        match kind {
            EntityKind::Summit => ids.push(f.summit.id.to_string()),
            EntityKind::Participant => ids.extend(f.participants.iter().map(|p| p.id.to_string())),
            EntityKind::Pledge => ids.extend(f.pledges.iter().map(|p| p.id.to_string())),
            EntityKind::Question => ids.extend(f.questions.iter().map(|q| q.id.to_string())),
            EntityKind::Topic => ids.extend(f.topics.iter().map(|t| t.id.to_string())),
        }
    }
    ids.push("atlantis".into());
    ids
}

/// Names that match nothing, and user text built to break things.
fn hostile_values() -> Vec<String> {
    vec![
        "Atlantis".into(),
        "zzqx".into(),
        String::new(),
        "   ".into(),
        "@everyone <@123> <@&456> @here".into(),
        "**bold** __u__ `code` ||spoiler|| > quote [link](https://evil.example)".into(),
        "\u{202E}reversed\u{200B}zero\u{0000}ctl\u{0007}".into(),
        "é".repeat(300),
        "x".repeat(6000),
        "a|b=c%d pg|1|pledges|2".into(),
    ]
}

/// Free-text questions: the `/ask` evaluation set, plus hostile text.
fn ask_questions() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ask_eval");
    let mut questions = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/ask_eval is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("eval file is readable");
        let table: toml::Table = toml::from_str(&text).expect("eval file is TOML");
        for kind in ["case", "unanswerable"] {
            for case in table
                .get(kind)
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
            {
                if let Some(q) = case.get("q").and_then(|q| q.as_str()) {
                    questions.push(q.to_owned());
                }
            }
        }
    }
    questions.extend(hostile_values());
    questions
}

/// The values to try for one option of a command.
fn option_values(catalog: &Catalog, option: &OptionSpec) -> Vec<OptionValue> {
    if !option.choices.is_empty() {
        return option
            .choices
            .iter()
            .map(|(_, v)| OptionValue::String((*v).to_owned()))
            .collect();
    }
    match option.kind {
        OptionType::Boolean => vec![OptionValue::Boolean(true), OptionValue::Boolean(false)],
        // Pages: the first is reached from the base request, the rest by following the buttons;
        // out-of-range pages must still render validly.
        OptionType::Integer { min, max } => vec![
            OptionValue::Integer(min),
            OptionValue::Integer(max),
            OptionValue::Integer(min.saturating_add(1)),
        ],
        OptionType::String => {
            let mut values = match option.entity {
                Some(kind) => entity_values(catalog, kind),
                None => ask_questions(),
            };
            values.extend(hostile_values());
            values.into_iter().map(OptionValue::String).collect()
        }
    }
}

#[test]
fn every_command_value_and_page_renders_valid_discord_json() {
    let catalog = Catalog::embedded().expect("the embedded facts load");
    let mut problems = Vec::new();
    let mut answered = 0;
    for spec in COMMANDS {
        // Required options get a real value in every request; each option is then varied over
        // all its values on its own.
        let mut base = Request::new(spec.name);
        for option in spec.options.iter().filter(|o| o.required) {
            let value = option_values(&catalog, option)
                .into_iter()
                .next()
                .expect("a required option has values to try");
            base = base.with(option.name, value);
        }
        answered += check_all_pages(&catalog, base.clone(), &mut problems);
        for option in spec.options {
            for value in option_values(&catalog, option) {
                let request = base.clone().with(option.name, value);
                answered += check_all_pages(&catalog, request, &mut problems);
            }
        }
        // Two filters at once, where a command has them (`/pledges by: topic:`).
        let entities: Vec<&OptionSpec> = spec
            .options
            .iter()
            .filter(|o| !o.required && o.entity.is_some_and(|k| k != EntityKind::Summit))
            .collect();
        // Each entity by its id here: the other spellings were covered one option at a time.
        if let [a, b] = entities[..] {
            let ids = |o: &OptionSpec| entity_ids(&catalog, o.entity.expect("an entity option"));
            for va in ids(a) {
                for vb in ids(b) {
                    let request = base
                        .clone()
                        .with(a.name, OptionValue::String(va.clone()))
                        .with(b.name, OptionValue::String(vb));
                    answered += check_all_pages(&catalog, request, &mut problems);
                }
            }
        }
    }
    let [answers, misses, errors] = KINDS.with(|k| *k.borrow());
    eprintln!("checked {answered} replies: {answers} answers, {misses} not found, {errors} errors");
    assert!(
        answered > COMMANDS.len() * 10,
        "only {answered} replies checked"
    );
    if !problems.is_empty() {
        problems.dedup();
        let shown = problems.len().min(60);
        panic!(
            "{} violations in {answered} replies; first {shown}:\n{}",
            problems.len(),
            problems[..shown].join("\n")
        );
    }
}

#[test]
fn autocomplete_for_every_entity_option_is_valid() {
    let catalog = Catalog::embedded().expect("the embedded facts load");
    let mut problems = Vec::new();
    let mut checked = 0;
    for spec in COMMANDS {
        for option in spec.options.iter().filter(|o| o.entity.is_some()) {
            let kind = option.entity.expect("filtered on entity");
            let mut partials: Vec<String> = vec![String::new(), "a".into(), "zzqx".into()];
            for value in entity_values(&catalog, kind) {
                let chars: Vec<char> = value.chars().collect();
                partials.push(chars.iter().take(3).collect());
                // A typo: the first two characters swapped.
                if chars.len() > 2 {
                    let mut typo = chars.clone();
                    typo.swap(0, 1);
                    partials.push(typo.into_iter().collect());
                }
                partials.push(value.to_uppercase());
            }
            partials.extend(hostile_values());
            partials.sort();
            partials.dedup();
            for partial in &partials {
                let request = Request::new(spec.name);
                let choices = commands::autocomplete(&catalog, &request, option.name, partial);
                let body = serde_json::to_value(discord::autocomplete(&choices))
                    .expect("autocomplete serializes");
                checked += 1;
                if let Err(errors) = validate_callback(&body) {
                    for e in errors {
                        problems.push(format!(
                            "/{} {}:{partial:.40} (autocomplete): {e}",
                            spec.name, option.name
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// (c) Adversarial replies: the renderer alone must keep any Reply valid
// ---------------------------------------------------------------------------------------------

fn assert_valid(what: &str, reply: &Reply) {
    let long_owner = "x".repeat(200);
    // The owner only shapes the paging buttons' ids, so the overlong one is tried only with them.
    let owners = match reply.paging {
        Some(_) => vec![None, Some(OWNER), Some(long_owner.as_str())],
        None => vec![Some(OWNER)],
    };
    for owner in owners {
        for update in [false, true] {
            let body = serde_json::to_value(discord::response(reply, owner, update))
                .expect("a response serializes");
            if let Err(errors) = validate_callback(&body) {
                panic!(
                    "{what} (owner={owner:?}, update={update}) rendered an invalid body:\n{}",
                    errors.join("\n")
                );
            }
        }
    }
    let _ = text::render(reply);
}

fn citation(i: usize, text: &str) -> Citation {
    Citation {
        key: format!("s{i}"),
        title: text.to_owned(),
        publisher: text.to_owned(),
        kind: text.to_owned(),
        url: Some(format!("https://example.org/{i}")),
        date: Some(text.to_owned()),
        finds: vec![text.to_owned()],
    }
}

fn paging(page: u32, pages: u32, by: &str) -> Option<Paging> {
    Some(Paging {
        page,
        pages,
        request: Request::new("pledges")
            .with("by", OptionValue::String(by.to_owned()))
            .with("page", OptionValue::Integer(page.into())),
    })
}

#[test]
fn adversarial_replies_render_valid_bodies() {
    let huge = "x".repeat(6000);
    for kind in [ReplyKind::Answer, ReplyKind::NotFound, ReplyKind::Error] {
        assert_valid("empty", &Reply::new(kind, "", ""));
        assert_valid("blank", &Reply::new(kind, " \n\t ", "\u{3000}"));
        assert_valid("6000-char title", &Reply::new(kind, huge.clone(), ""));
        assert_valid(
            "6000-char title and body",
            &Reply::new(kind, huge.clone(), huge.clone()),
        );

        let mut r = Reply::new(kind, "Many sections", "body");
        for i in 0..100 {
            r = r.section(format!("Section {i}"), format!("text {i}"));
        }
        assert_valid("100 short sections", &r);

        let mut r = Reply::new(kind, huge.clone(), huge.clone());
        for _ in 0..100 {
            r = r.section(huge.clone(), huge.clone());
        }
        r.citations = (0..500).map(|i| citation(i, &huge)).collect();
        r.suggestions = vec![huge.clone(); 100];
        r.url = Some(format!("https://example.org/{huge}"));
        r.paging = paging(2, 3, &huge);
        assert_valid("everything huge", &r);

        let mut r = Reply::new(kind, "t", "");
        r.sections = (0..30)
            .map(|i| Section {
                name: String::new(),
                body: if i % 2 == 0 {
                    String::new()
                } else {
                    " ".into()
                },
                inline: true,
            })
            .collect();
        r.citations = (0..500).map(|i| citation(i, "")).collect();
        r.suggestions = vec![String::new(), " ".into()];
        r.url = Some(String::new());
        assert_valid("empty strings everywhere", &r);

        let mut r = Reply::new(kind, "Pages", "");
        for (page, pages) in [(0, 0), (0, 5), (1, 1), (5, 3), (u32::MAX, u32::MAX), (1, 2)] {
            r.paging = paging(page, pages, "united-kingdom");
            assert_valid(&format!("page {page} of {pages}"), &r);
        }
        r.paging = paging(2, 3, "@everyone|=%");
        assert_valid("paging with escapes", &r);

        let mut r = Reply::new(kind, "Urls", "");
        for url in [
            "not a url",
            "https://ex ample.org",
            "https://exämple.org/ü",
            "javascript:x",
            "https://",
            "https://example.org:abc/",
            "https://user@example.org/",
            "https://example.org/a[1]",
            "https://example.org/#a#b",
            "http://[::1]:8080/x",
            "https://example.org/%zz",
            "https://example.org/a?b=c#d",
        ] {
            r.url = Some(url.to_owned());
            assert_valid(url, &r);
            let body =
                serde_json::to_value(discord::response(&r, None, false)).expect("serializes");
            let kept = body["data"]["embeds"][0]["url"].as_str();
            assert_eq!(
                kept.is_some(),
                summit_bot::render::limits::is_valid_url(url),
                "{url}"
            );
        }
        r.url = Some("https://example.org/a?b=c#d".into());
        let body = serde_json::to_value(discord::response(&r, None, false)).expect("serializes");
        assert_eq!(
            body["data"]["embeds"][0]["url"],
            "https://example.org/a?b=c#d"
        );

        let mut r = Reply::new(kind, "One long section", "");
        r = r.section("Long", "word ".repeat(5000));
        r = r.section("Multi-byte", "🇺🇦é\u{301}日本".repeat(1000));
        assert_valid("long multi-byte sections", &r);
    }
}

#[test]
fn random_replies_render_valid_bodies() {
    // A small deterministic generator: the same cases on every run, so a failure reproduces.
    let mut seed: u64 = 0x5EED_CAFE;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let atoms = [
        "",
        " ",
        "x",
        "word ",
        "\n",
        "é",
        "🇺🇦",
        "@everyone",
        "**b**",
        "<@1>",
        "\u{200B}",
        "|",
        "https://example.org/",
        "—",
    ];
    let text = |next: &mut dyn FnMut(usize) -> usize| {
        let len = [0, 1, 5, 50, 300, 1100, 2500][next(7)];
        let mut s = String::new();
        for _ in 0..len {
            s.push_str(atoms[next(atoms.len())]);
        }
        s
    };
    for case in 0..150 {
        let kind = [ReplyKind::Answer, ReplyKind::NotFound, ReplyKind::Error][next(3)];
        let mut r = Reply::new(kind, text(&mut next), text(&mut next));
        for _ in 0..[0, 1, 3, 24, 26, 60][next(6)] {
            r.sections.push(Section {
                name: text(&mut next),
                body: text(&mut next),
                inline: next(2) == 0,
            });
        }
        for i in 0..[0, 1, 7, 60][next(4)] {
            r.citations.push(citation(i, &text(&mut next)));
        }
        for _ in 0..[0, 3, 30][next(3)] {
            r.suggestions.push(text(&mut next));
        }
        if next(2) == 0 {
            let pages = next(20) as u32;
            r.paging = paging(next(22) as u32, pages, &text(&mut next));
        }
        r.private = next(2) == 0;
        assert_valid(&format!("random case {case}"), &r);
    }
}

#[test]
fn adversarial_autocomplete_pong_and_deferred_are_valid() {
    let huge = "é".repeat(500);
    let choices: Vec<Choice> = (0..60)
        .map(|i| Choice {
            name: match i % 3 {
                0 => String::new(),
                1 => huge.clone(),
                _ => format!("{i}"),
            },
            value: match i % 4 {
                0 => String::new(),
                1 => huge.clone(),
                _ => format!("v{i}"),
            },
        })
        .collect();
    for body in [
        serde_json::to_value(discord::autocomplete(&choices)),
        serde_json::to_value(discord::autocomplete(&[])),
        serde_json::to_value(discord::pong()),
        serde_json::to_value(discord::deferred(true)),
        serde_json::to_value(discord::deferred(false)),
    ] {
        let body = body.expect("serializes");
        if let Err(errors) = validate_callback(&body) {
            panic!("{body}: {}", errors.join("\n"));
        }
    }
}
