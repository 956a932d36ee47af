//! The answer engine: pure functions from a request to a reply. No I/O, no Discord types, so every
//! transport gives the same answer and the engine can be tested and benchmarked on its own.

pub mod ask;

use crate::facts::Catalog;
use crate::reply::{Choice, Reply};
use crate::request::Request;

/// Answers one request from the facts.
pub fn answer(catalog: &Catalog, request: &Request) -> Reply {
    let _ = catalog;
    Reply::error("Not ready", format!("`{request}` is not answered yet"))
}

/// Up to 25 autocomplete choices for `option` of `command`, best first; an empty `partial` lists
/// the most useful entries. `request` carries the options typed so far (for `summit`).
pub fn autocomplete(
    catalog: &Catalog,
    request: &Request,
    option: &str,
    partial: &str,
) -> Vec<Choice> {
    let _ = (catalog, request, option, partial);
    Vec::new()
}
