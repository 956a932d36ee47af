//! Comparing the commands Discord has registered with the ones we would send.
//!
//! Discord allows 200 command creates per application per day, and a bulk overwrite (`PUT`) counts
//! every command in it. A bot that overwrote on every restart would hit that cap during a crash
//! loop, so registration first reads what is registered and only writes when our set differs.
//!
//! What Discord returns is not what we sent: it adds `id`, `application_id`, `version`, `guild_id`
//! and defaults (`nsfw: false`, `dm_permission: true`, `integration_types`, ...), omits `false` and
//! empty values (`required: false`, `options: []`) and spells some of our omissions as `null`. So
//! the comparison is on the fields we send: at the top level only our keys count; inside options
//! and choices every key counts but "absent", `null`, `false` and `[]` are all the same value.

use serde_json::Value;

/// What differs between the registered commands and ours, by command name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandDiff {
    /// Ours, not registered.
    pub added: Vec<String>,
    /// Registered, not ours (a `PUT` deletes them).
    pub removed: Vec<String>,
    /// Registered under the same name and type, but with other content.
    pub changed: Vec<String>,
}

impl CommandDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Fields Discord adds to what it returns (or computes from what we send) that we never send.
const DISCORD_ADDED: &[&str] = &[
    "id",
    "application_id",
    "version",
    "guild_id",
    "name_localized",
    "description_localized",
];

/// Diffs `ours` (the body we would `PUT`) against `theirs` (the `GET` answer).
pub fn diff(ours: &[Value], theirs: &[Value]) -> CommandDiff {
    let key = |c: &Value| {
        (
            c.get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            // Type 1 (chat input) is the default Discord fills in; user and message commands may
            // share a name with a slash command, so the type is part of the identity.
            c.get("type").and_then(Value::as_u64).unwrap_or(1),
        )
    };
    let mut out = CommandDiff::default();
    for mine in ours {
        let k = key(mine);
        match theirs.iter().find(|t| key(t) == k) {
            None => out.added.push(k.0),
            Some(t) if !same_command(mine, t) => out.changed.push(k.0),
            Some(_) => {}
        }
    }
    for t in theirs {
        let k = key(t);
        if !ours.iter().any(|m| key(m) == k) {
            out.removed.push(k.0);
        }
    }
    out
}

/// A command is unchanged when every field we send has the same value in Discord's copy.
fn same_command(ours: &Value, theirs: &Value) -> bool {
    let (Some(ours), Some(theirs)) = (ours.as_object(), theirs.as_object()) else {
        return false;
    };
    ours.iter()
        .filter(|(k, _)| !DISCORD_ADDED.contains(&k.as_str()))
        .all(|(k, v)| same_value(v, theirs.get(k).unwrap_or(&Value::Null)))
}

/// Deep equality where absent, `null`, `false` and `[]` are one "unset" value, and object keys
/// from either side count (nested options must match exactly, not just on our keys, or removing
/// `autocomplete: true` from an option would go unnoticed).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .keys()
            .chain(y.keys())
            .filter(|k| !DISCORD_ADDED.contains(&k.as_str()))
            .all(|k| {
                same_value(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                )
            }),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        // Discord returns permission bitfields as strings; we may send either.
        (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => {
            s == &n.to_string()
        }
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            // `min_value: 1` may come back as `1.0`; our bounds are small integers.
            (Some(p), Some(q)) => p == q,
            _ => x == y,
        },
        _ if is_unset(a) && is_unset(b) => true,
        _ => a == b,
    }
}

fn is_unset(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ours() -> Vec<Value> {
        vec![
            json!({"name":"pledges","description":"Pledges","type":1,
                   "default_member_permissions":null,
                   "options":[{"type":3,"name":"by","description":"Who","required":false,
                               "autocomplete":true,"max_length":100},
                              {"type":4,"name":"page","description":"Page","min_value":1,"max_value":1000}]}),
            json!({"name":"help","description":"Help","type":1}),
        ]
    }

    /// What Discord answers to `GET` for the same set: ids, versions, defaults, omissions.
    fn theirs() -> Vec<Value> {
        vec![
            json!({"id":"1","application_id":"9","version":"5","guild_id":"7","type":1,
                   "name":"help","description":"Help","default_member_permissions":null,
                   "dm_permission":true,"nsfw":false,"integration_types":[0],"contexts":null}),
            json!({"id":"2","application_id":"9","version":"6","type":1,"name":"pledges",
                   "description":"Pledges","default_member_permissions":null,"nsfw":false,
                   "options":[{"type":3,"name":"by","description":"Who","autocomplete":true,
                               "max_length":100,"name_localizations":null},
                              {"type":4,"name":"page","description":"Page","min_value":1.0,
                               "max_value":1000}]}),
        ]
    }

    #[test]
    fn discord_decorations_are_not_a_change() {
        assert!(diff(&ours(), &theirs()).is_empty());
    }

    #[test]
    fn added_removed_and_changed_are_named() {
        let mut mine = ours();
        mine[0]["options"][0]["autocomplete"] = json!(false);
        mine.push(json!({"name":"ask","description":"Ask","type":1}));
        let mut registered = theirs();
        registered.push(json!({"id":"3","type":1,"name":"old","description":"Old"}));
        let d = diff(&mine, &registered);
        assert_eq!(d.added, ["ask"]);
        assert_eq!(d.removed, ["old"]);
        assert_eq!(d.changed, ["pledges"]);
    }

    #[test]
    fn a_description_or_permission_edit_is_a_change() {
        let mut mine = ours();
        mine[1]["description"] = json!("Help!");
        assert_eq!(diff(&mine, &theirs()).changed, ["help"]);
        let mut mine = ours();
        mine[1]["default_member_permissions"] = json!("32");
        assert_eq!(diff(&mine, &theirs()).changed, ["help"]);
    }

    #[test]
    fn an_option_field_only_discord_has_is_a_change() {
        let mut registered = theirs();
        registered[1]["options"][1]["autocomplete"] = json!(true);
        assert_eq!(diff(&ours(), &registered).changed, ["pledges"]);
    }
}
