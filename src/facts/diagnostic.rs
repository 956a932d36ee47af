//! Fact-file errors, rustc-style: `file:line:column`, what is wrong, the offending line with a
//! caret under the value, and how to fix it.

use std::fmt;
use std::ops::Range;
use std::path::Path;

/// How bad a problem is: an error fails the load, a warning is only reported by `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    #[default]
    Error,
    Warning,
}

/// Where the lines of a text start, so the line of each of many diagnostics is a binary search.
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The 1-based line of byte `pos`: one more than the line breaks before it.
    pub fn line_of(&self, pos: usize) -> usize {
        self.0.partition_point(|&nl| nl < pos) + 1
    }
}

/// One problem in a fact file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub file: String,
    /// 1-based; 0 when the problem is not at a place in a file (an unreadable directory).
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The offending line and the caret under it, ready to print.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a byte span of `text`.
    pub fn at(
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> Self {
        let start = span.start.min(text.len());
        let line_no = text[..start].matches('\n').count() + 1;
        Diagnostic::at_line(file, text, span, line_no, message, help)
    }

    /// [`Diagnostic::at`] with the span's 1-based line already known (from [`LineIndex`]):
    /// counting lines from the start of the file for each of thousands of warnings made
    /// `check` quadratic in the file's size.
    fn at_line(
        file: &str,
        text: &str,
        span: Range<usize>,
        line_no: usize,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> Self {
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let column = text[line_start..start].chars().count() + 1;
        let source_line = text[line_start..line_end].trim_end_matches('\r');
        let width = text[start..span.end.clamp(start, line_end)]
            .chars()
            .count()
            .max(1);
        let gutter = line_no.to_string().len();
        let snippet = format!(
            "{pad} |\n{line_no} | {source_line}\n{pad} | {spaces}{carets}",
            pad = " ".repeat(gutter),
            spaces = " ".repeat(column - 1),
            carets = "^".repeat(width),
        );
        Diagnostic {
            level: Level::Error,
            file: file.to_owned(),
            line: line_no,
            column,
            message: message.into(),
            help: help.into(),
            snippet: Some(snippet),
        }
    }

    /// A warning at a byte span of `text`: worth fixing, but the file still loads.
    pub fn warning(
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::at(file, text, span, message, help)
        }
    }

    /// [`Diagnostic::warning`] with the lines of `text` indexed once, for many warnings.
    pub fn warning_in(
        lines: &LineIndex,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> Self {
        let line_no = lines.line_of(span.start.min(text.len()));
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::at_line(file, text, span, line_no, message, help)
        }
    }

    /// A diagnostic about a whole file or path, with no position.
    pub fn whole(file: &str, message: impl Into<String>, help: impl Into<Option<String>>) -> Self {
        Diagnostic {
            level: Level::Error,
            file: file.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            help: help.into(),
            snippet: None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        writeln!(f, "{level}: {}", self.message)?;
        if self.line > 0 {
            writeln!(f, "  --> {}:{}:{}", self.file, self.line, self.column)?;
        } else {
            writeln!(f, "  --> {}", self.file)?;
        }
        if let Some(snippet) = &self.snippet {
            writeln!(f, "{snippet}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found, in file order. A load fails when this is not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// A TOML syntax or shape error (bad syntax, unknown key, wrong type, missing field).
    pub fn from_toml(file: &str, text: &str, err: &toml::de::Error) -> Self {
        // toml puts "expected ..." on a second line; one line reads better after `error:`.
        let mut message = err
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        // toml 0.9 says only "duplicate key"; name it, as 0.8 did, from the span it marks.
        if message == "duplicate key" {
            if let Some(key) = err.span().and_then(|s| text.get(s)).map(str::trim) {
                if !key.is_empty() && !key.contains('\n') {
                    message = format!("duplicate key `{}`", key.trim_matches('"'));
                }
            }
        }
        let mut help = toml_help(&message);
        // `date = 2026-01-06` is a TOML date, which serde sees as a map; say what to write.
        let value = err.span().and_then(|s| text.get(s)).unwrap_or("").trim();
        if message.starts_with("invalid type: map, expected a string") && looks_like_date(value) {
            message = format!("the date {value} is written as a TOML date, not as text");
            help = Some(format!("put it in quotes: \"{value}\""));
        }
        let d = match err.span() {
            Some(span) => Diagnostic::at(file, text, span, message, help),
            None => Diagnostic::whole(file, message, help),
        };
        Diagnostics(vec![d])
    }

    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let (message, help) = match err.kind() {
            std::io::ErrorKind::NotFound => (
                "no such file or directory".to_owned(),
                "check the path: it should name a fact file, or a directory of them such as data/",
            ),
            std::io::ErrorKind::PermissionDenied => (
                "permission denied".to_owned(),
                "make the file readable by the user running summit-bot, or pass another path",
            ),
            std::io::ErrorKind::InvalidData => (
                "cannot read it: it is not UTF-8 text".to_owned(),
                "save the file as UTF-8",
            ),
            _ => (
                format!("cannot read it: {err}"),
                "check that the path exists and is readable, or pass another path",
            ),
        };
        Diagnostics(vec![Diagnostic::whole(
            &path.display().to_string(),
            message,
            Some(help.to_owned()),
        )])
    }

    pub fn empty_dir(path: &Path) -> Self {
        Diagnostics(vec![Diagnostic::whole(
            &path.display().to_string(),
            "no fact files (*.toml) found here",
            Some(
                "add a fact file (one summit each, e.g. data/<place>-<date>.toml), or pass --facts FILE"
                    .to_owned(),
            ),
        )])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} in the fact files",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Turns toml's terse messages into advice on what to write instead.
fn toml_help(message: &str) -> Option<String> {
    // toml quotes the key or value in backticks: "missing field `attendance`".
    let quoted = message.split('`').nth(1).unwrap_or("");
    if message.starts_with("unknown field") {
        Some(unknown_field_help(message, quoted))
    } else if message.starts_with("missing field") {
        Some(match quoted {
            "summit" => "add a [summit] table (id, name, date, as_of, place, host, summary, sources); see \"Writing a fact file\" in the README".to_owned(),
            "version" => "add at least two [[dispute.version]] tables under this dispute, each with `id`, `label`, `claim` and `sources`".to_owned(),
            "kind" => "add `kind = \"...\"`: for a [[source]] one of official, wire, press or other (how far it can be trusted); for a [[participant]] one of country, person or organisation".to_owned(),
            "as_of" => "add `as_of = \"YYYY-MM-DD\"` to [summit]: the date the facts were last checked against their sources".to_owned(),
            _ => format!("add `{quoted} = ...` to this table; the README section \"Writing a fact file\" says what it holds"),
        })
    } else if message.starts_with("unknown variant") {
        Some("use one of the values listed above, in quotes".to_owned())
    } else if message.starts_with("invalid type") {
        Some("check the value's type: text in \"quotes\", lists in [brackets]".to_owned())
    } else if message.contains("duplicate key") {
        Some("each key may appear once per table; remove the repeated one".to_owned())
    } else {
        Some("fix the TOML syntax at the marked place (quotes closed, `key = value`, [table] headers)".to_owned())
    }
}

/// `2026-01-06`, possibly followed by a time: what TOML parses as a date value.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
}

/// For `unknown field `x`, expected one of `a`, `b``: the likely intended key, or, at the top
/// level, the likely cause (keys written before any table header).
fn unknown_field_help(message: &str, key: &str) -> String {
    let expected: Vec<&str> = message
        .split_once("expected ")
        .map(|(_, list)| list.trim_start_matches("one of "))
        .unwrap_or("")
        .split(", ")
        .map(|k| k.trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    let closest = expected
        .iter()
        .map(|k| (strsim::jaro_winkler(key, k), *k))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.8);
    if let Some((_, k)) = closest {
        format!("did you mean `{k}`? Otherwise remove `{key}`; the expected keys are listed above")
    } else if expected.contains(&"summit") && expected.contains(&"participant") {
        format!("`{key}` is outside any table: is a header such as [summit] or [[participant]] missing above it? Otherwise remove it")
    } else {
        format!("remove `{key}`, or correct its spelling to one of the expected keys listed above")
    }
}
