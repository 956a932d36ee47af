//! Fact files: the schema, parsing with exact `file:line:column` errors, and cross-checks.
//!
//! This is the file model only: it knows nothing of the search index or of what is built from a
//! file once it loads. [`crate::catalog`] turns parsed files into the summits the bot answers from.

pub mod diagnostic;
pub mod kinds;
pub mod schema;
pub mod validate;

pub use diagnostic::{Diagnostic, Diagnostics, Level};
pub use kinds::{Fact, FactKind};
pub use schema::*;

// Every `data/*.toml`, compiled in so an installed binary knows every bundled summit with no
// `data/` folder; `build.rs` lists them, so adding a summit needs no code.
include!(concat!(env!("OUT_DIR"), "/embedded_facts.rs"));

/// The text of one bundled fact file, by its name (`data/<file>.toml`), for tests and tools that
/// want one summit's file on its own.
pub fn embedded_file(name: &str) -> Option<&'static str> {
    EMBEDDED_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date in the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`), so two dates can be subtracted; `None` when it is not in that
/// form. Hand-written: a dozen lines are cheaper than a date crate for day counts.
pub fn day_number(date: &str) -> Option<i64> {
    let (y, m, d) = ymd(date)?;
    let (y, m, d) = (i64::from(y), m as i64, i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` as numbers; validation has checked it is a calendar date.
pub fn ymd(date: &str) -> Option<(u32, usize, u32)> {
    let mut parts = date.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m: usize = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    (1..=12).contains(&m).then_some((y, m, d))
}

/// Parses and validates one fact file's text, with its warnings (facts resting only on weak
/// sources). `origin` names it in diagnostics.
pub fn parse(origin: &str, text: &str) -> Result<(FactFile, Vec<Diagnostic>), Diagnostics> {
    let file: FactFile =
        toml::from_str(text).map_err(|e| Diagnostics::from_toml(origin, text, &e))?;
    validate::check(origin, text, &file)?;
    let warnings = validate::weak_facts(origin, text, &file);
    Ok((file, warnings))
}

/// The JSON Schema of a fact file, pretty-printed, for `summit-bot schema` and the committed
/// `schema/fact-file.schema.json` that editors using Taplo (Even Better TOML) read through the
/// `#:schema` directive on a fact file's first line.
///
/// Beyond the shape serde derives (keys, types, enum values), it carries the per-value rules a
/// schema can express, so an editor flags them while typing: id format, `YYYY-MM-DD` dates, web
/// addresses, non-blank text, and non-empty `sources`/`by` lists (at least two dispute versions).
/// What needs the whole file (references resolve, unique ids and aliases, every source cited, real
/// calendar dates) is left to `summit-bot check`.
pub fn json_schema() -> String {
    let mut root = schemars::schema_for!(FactFile);
    let meta = root.schema.metadata();
    meta.title = Some("summit-bot fact file".to_owned());
    meta.description = Some(
        "One summit and everything recorded about it: sources, participants, pledges, open \
         questions, statements, disputed points and a timeline. Every fact cites sources by id. \
         Run `summit-bot check FILE` for the checks a schema cannot express (references resolve, \
         unique ids and aliases, every source cited, real calendar dates)."
            .to_owned(),
    );
    let mut value = serde_json::to_value(&root).unwrap_or_default();
    if let Some(defs) = value.get_mut("definitions").and_then(|d| d.as_object_mut()) {
        for def in defs.values_mut() {
            if let Some(props) = def.get_mut("properties").and_then(|p| p.as_object_mut()) {
                for (name, prop) in props.iter_mut() {
                    refine_property(name, prop);
                }
            }
        }
    }
    // Serializing a JSON value cannot fail.
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// `^[a-z0-9]+(-[a-z0-9]+)*$`, as enforced by the validator.
const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// Adds the value rules of one property, chosen by its key (keys mean the same in every table).
fn refine_property(name: &str, prop: &mut serde_json::Value) {
    use serde_json::json;
    let Some(obj) = prop.as_object_mut() else {
        return;
    };
    let is_list = obj.get("type").is_some_and(|t| t == "array");
    let is_text = obj.get("type").is_some_and(|t| {
        t == "string"
            || t.as_array()
                .is_some_and(|a| a.iter().any(|x| x == "string"))
    });
    let pattern = match name {
        "id" | "host" | "topic" | "represents" | "by" | "co_hosts" | "documents" | "raised_by"
        | "concerns" | "related_pledges" | "signed_by" | "endorsed_by" | "participants"
        | "supported" => Some(ID_PATTERN),
        "date" | "as_of" => Some("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"),
        "url" => Some("^https?://\\S+$"),
        "name" | "title" | "text" | "summary" | "claim" | "label" | "value" | "place"
        | "publisher" | "quote" | "role" | "note" | "aliases" | "points" | "conditions"
        | "signers_note" | "why" => Some("\\S"),
        _ => None,
    };
    if let Some(pattern) = pattern {
        if is_text {
            obj.insert("pattern".to_owned(), json!(pattern));
        } else if is_list {
            if let Some(items) = obj.get_mut("items").and_then(|i| i.as_object_mut()) {
                if items.get("type").is_some_and(|t| t == "string") {
                    items.insert("pattern".to_owned(), json!(pattern));
                }
            }
        }
    }
    let min_items = match name {
        "sources" | "by" => 1,
        "version" => 2,
        _ => 0,
    };
    if is_list && min_items > 0 {
        obj.insert("minItems".to_owned(), json!(min_items));
    }
}
