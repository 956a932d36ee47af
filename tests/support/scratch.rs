//! A scratch directory for tests that write files: unique per test binary, test and process, and
//! removed when dropped, so parallel tests and repeated runs never see each other's files.

#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};

pub struct Scratch(pub PathBuf);

impl Scratch {
    /// `suite` names the test binary and `name` the test within it.
    pub fn new(suite: &str, name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("summit-bot-{suite}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.0.join(name), text).expect("write scratch file");
    }

    pub fn copy(&self, from: &Path, as_name: &str) {
        std::fs::copy(from, self.0.join(as_name)).expect("copy into scratch dir");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The Paris fact file as committed.
pub fn paris_facts() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/paris-2026-01-06.toml"),
    )
    .expect("read data/paris-2026-01-06.toml")
}
