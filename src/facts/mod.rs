//! Fact files: the schema, loading with exact `file:line:column` errors, and cross-checks.
//!
//! A [`Catalog`] holds every loaded summit, newest first; it is immutable once built, so the serve
//! modes can share it behind an `Arc` and swap in a new one on reload.

pub mod diagnostic;
pub mod schema;
pub mod validate;

use std::path::Path;
use std::sync::Arc;

pub use diagnostic::{Diagnostic, Diagnostics};
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
    let index = crate::search::Index::build(&file);
    Ok(Facts {
        origin: origin.to_owned(),
        file,
        index,
    })
}

/// Loads a fact file, or every `*.toml` in a directory (one summit each), reporting the errors of
/// every file, not just the first.
pub fn load_path(path: &Path) -> Result<Catalog, Diagnostics> {
    let mut files = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| Diagnostics::io(path, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Diagnostics::io(path, &e))?;
            let p = entry.path();
            if p.extension().is_some_and(|x| x == "toml") && p.is_file() {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut all = Diagnostics::default();
    let mut summits = Vec::new();
    for file in &files {
        let origin = file.display().to_string();
        match std::fs::read_to_string(file) {
            Ok(text) => match load_str(&origin, &text) {
                Ok(f) => summits.push(Arc::new(f)),
                Err(d) => all.extend(d),
            },
            Err(e) => all.extend(Diagnostics::io(file, &e)),
        }
    }
    validate::check_catalog(&summits, &mut all);
    if !all.is_empty() {
        return Err(all);
    }
    Catalog::new(summits).ok_or_else(|| Diagnostics::empty_dir(path))
}
