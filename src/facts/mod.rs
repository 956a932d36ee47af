//! Fact files: the schema, loading with exact `file:line:column` errors, and cross-checks.
//!
//! A [`Catalog`] holds every loaded summit, newest first; it is immutable once built, so the serve
//! modes can share it behind an `Arc` and swap in a new one on reload.

pub mod diagnostic;
pub mod schema;
pub mod validate;

use std::path::Path;
use std::sync::Arc;

pub use diagnostic::{Diagnostic, Diagnostics, Level};
pub use schema::*;

/// The Paris fact file, compiled in so an installed binary works with no `data/` folder.
pub const EMBEDDED_NAME: &str = "data/paris-2026-01-06.toml";
pub const EMBEDDED: &str = include_str!("../../data/paris-2026-01-06.toml");

/// One summit's validated facts.
#[derive(Debug)]
pub struct Facts {
    /// Where the facts came from, as shown in diagnostics and `/healthz`.
    pub origin: String,
    pub file: FactFile,
    /// The `/ask` index, built once per load so questions cost only a lookup.
    pub index: crate::search::Index,
    /// What `summit-bot check` warns about without failing (facts resting only on weak sources).
    pub warnings: Vec<Diagnostic>,
}

impl Facts {
    pub fn summit(&self) -> &Summit {
        &self.file.summit
    }
    pub fn id(&self) -> &str {
        &self.file.summit.id
    }
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.file.sources.iter().find(|s| s.id.as_str() == id)
    }
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.file.participants.iter().find(|p| p.id.as_str() == id)
    }
    pub fn pledge(&self, id: &str) -> Option<&Pledge> {
        self.file.pledges.iter().find(|p| p.id.as_str() == id)
    }
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.file.questions.iter().find(|q| q.id.as_str() == id)
    }
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.file.topics.iter().find(|t| t.id.as_str() == id)
    }
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.file.documents.iter().find(|d| d.id.as_str() == id)
    }
}

/// Every loaded summit, newest first. Never empty.
#[derive(Debug, Clone)]
pub struct Catalog {
    summits: Vec<Arc<Facts>>,
}

impl Catalog {
    /// Orders summits newest first (by date, then id) so the default answer is the latest summit.
    pub fn new(mut summits: Vec<Arc<Facts>>) -> Option<Catalog> {
        if summits.is_empty() {
            return None;
        }
        summits.sort_by(|a, b| {
            b.summit()
                .date
                .as_str()
                .cmp(a.summit().date.as_str())
                .then_with(|| a.id().cmp(b.id()))
        });
        Some(Catalog { summits })
    }

    /// The newest summit: what every command answers about when no `summit` option is given.
    pub fn newest(&self) -> &Arc<Facts> {
        &self.summits[0]
    }

    pub fn summits(&self) -> &[Arc<Facts>] {
        &self.summits
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Facts>> {
        self.summits.iter().find(|f| f.id() == id)
    }

    /// The embedded Paris facts. They are checked by the test suite, so failing here is a build bug.
    pub fn embedded() -> Result<Catalog, Diagnostics> {
        let facts = load_str(EMBEDDED_NAME, EMBEDDED)?;
        Ok(Catalog {
            summits: vec![Arc::new(facts)],
        })
    }
}

/// Parses and validates one fact file's text. `origin` names it in diagnostics.
pub fn load_str(origin: &str, text: &str) -> Result<Facts, Diagnostics> {
    let file: FactFile =
        toml::from_str(text).map_err(|e| Diagnostics::from_toml(origin, text, &e))?;
    validate::check(origin, text, &file)?;
    let warnings = validate::weak_facts(origin, text, &file);
    let mut index = crate::search::Index::build(&file);
    index.note_quantities(text);
    Ok(Facts {
        origin: origin.to_owned(),
        file,
        index,
        warnings,
    })
}

/// Loads a fact file, or every `*.toml` directly in a directory (one summit each), reporting the
/// errors of every file, not just the first.
///
/// A directory is not searched recursively: `data/synonyms/` and similar subfolders hold TOML
/// that is not a fact file. Hidden files (editor swap and lock files such as `.#x.toml`) are
/// skipped.
pub fn load_path(path: &Path) -> Result<Catalog, Diagnostics> {
    let mut files = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| Diagnostics::io(path, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Diagnostics::io(path, &e))?;
            let p = entry.path();
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if p.extension().is_some_and(|x| x == "toml") && !hidden && p.is_file() {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut all = Diagnostics::default();
    let mut loaded = Vec::new();
    for file in &files {
        let origin = file.display().to_string();
        match std::fs::read_to_string(file) {
            Ok(text) => match load_str(&origin, &text) {
                Ok(f) => loaded.push((text, f)),
                Err(d) => all.extend(d),
            },
            Err(e) => all.extend(Diagnostics::io(file, &e)),
        }
    }
    let pairs: Vec<(&str, &Facts)> = loaded.iter().map(|(t, f)| (t.as_str(), f)).collect();
    validate::check_catalog(&pairs, &mut all);
    if !all.is_empty() {
        return Err(all);
    }
    let summits = loaded.into_iter().map(|(_, f)| Arc::new(f)).collect();
    Catalog::new(summits).ok_or_else(|| Diagnostics::empty_dir(path))
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
