//! A valid fact file N times the embedded Paris one, built in memory, for measuring how costs grow
//! with the facts (the `scale` bench, and a test that the result validates).
//!
//! Copy 1 is the Paris file unchanged, so `/pledges by:uk`, "did the US sign?" and
//! `/participant name:"Keir Starmer"` keep answering about the original entities. Copies 2..N
//! replicate every source, participant, document, pledge, question, statement, dispute and event
//! with a per-copy tag `t` made of letters only (`qc`, `qd`, …), so no digit reaches the search
//! index's date and quantity rules and the tag is never a stopword:
//! - ids get `-t`, and every reference inside a copy points at the copy's ids;
//! - names and aliases get ` t`, so no name or alias repeats, even folded;
//! - texts, titles and claims are copied verbatim, so the copies compete with the original in
//!   `/ask` (postings grow N-fold);
//! - the summit, its figures and the topics are not replicated; every copy's pledges keep their
//!   topic, so `/pledges topic:troops` grows N-fold too.

use toml::{Table, Value};

/// Tables that are replicated, in the order the file lists them.
const REPLICATED: [&str; 8] = [
    "source",
    "participant",
    "document",
    "pledge",
    "question",
    "statement",
    "dispute",
    "event",
];

/// Keys whose values are ids of another table (a string or a list of them; a citation may be an
/// inline table with an `id`). A pledge's `topic` is not one: topics are shared by every copy.
const REFERENCES: [&str; 11] = [
    "by",
    "represents",
    "concerns",
    "signed_by",
    "endorsed_by",
    "raised_by",
    "participants",
    "related_pledges",
    "documents",
    "sources",
    "supported",
];

/// Keys users look names up by, which must stay unique once folded.
const NAMED: [&str; 2] = ["name", "aliases"];

/// A letters-only tag for copy `k >= 2`: base-26 digits after a `q`.
fn tag(mut k: usize) -> String {
    let mut out = Vec::new();
    while k > 0 {
        out.push(b'a' + (k % 26) as u8);
        k /= 26;
    }
    out.push(b'q');
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn suffixed(v: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(f(s)),
        Value::Array(items) => Value::Array(items.iter().map(|x| suffixed(x, f)).collect()),
        // A citation table `{ id, find }`: only its id names something.
        Value::Table(t) => {
            let mut t = t.clone();
            if let Some(id) = t.get("id").map(|id| suffixed(id, f)) {
                t.insert("id".to_owned(), id);
            }
            Value::Table(t)
        }
        other => other.clone(),
    }
}

fn copy_entity(e: &Table, t: &str) -> Table {
    let id = |s: &str| format!("{s}-{t}");
    let name = |s: &str| format!("{s} {t}");
    e.iter()
        .map(|(key, value)| {
            let value = if key == "id" || REFERENCES.contains(&key.as_str()) {
                suffixed(value, &id)
            } else if NAMED.contains(&key.as_str()) {
                suffixed(value, &name)
            } else if key == "version" {
                // [[dispute.version]]: its own id, claim and sources.
                match value {
                    Value::Array(vs) => Value::Array(
                        vs.iter()
                            .map(|v| match v {
                                Value::Table(v) => Value::Table(copy_entity(v, t)),
                                other => other.clone(),
                            })
                            .collect(),
                    ),
                    other => other.clone(),
                }
            } else {
                value.clone()
            };
            (key.clone(), value)
        })
        .collect()
}

/// The fact file `base` (TOML text) scaled `n` times, as a table.
pub fn scale_table(base: &str, n: usize) -> Table {
    let facts: Table = toml::from_str(base).expect("the base fact file is TOML");
    let mut out = facts.clone();
    for kind in REPLICATED {
        let Some(Value::Array(originals)) = facts.get(kind) else {
            continue;
        };
        let mut items = originals.clone();
        for k in 2..=n {
            let t = tag(k);
            items.extend(originals.iter().map(|e| match e {
                Value::Table(e) => Value::Table(copy_entity(e, &t)),
                other => other.clone(),
            }));
        }
        out.insert(kind.to_owned(), Value::Array(items));
    }
    out
}

/// The Paris fact file, the one scaled.
pub const PARIS: &str = "data/paris-2026-01-06.toml";

/// The embedded Paris fact file scaled `n` times, as TOML text.
pub fn scaled(n: usize) -> String {
    let paris = summit_bot::facts::embedded_file(PARIS).expect("the Paris facts are embedded");
    let table = scale_table(paris, n);
    toml::to_string(&table).expect("a TOML table serializes")
}
