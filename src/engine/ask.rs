//! `/ask`: free-text questions answered only from the facts, with citations.

use crate::facts::Facts;
use crate::reply::Reply;
use crate::request::Request;

/// Answers a free-text question from one summit's facts (the `question` option of `request`).
pub fn answer(facts: &Facts, request: &Request) -> Reply {
    let _ = facts;
    Reply::error("Not ready", format!("`{request}` is not answered yet"))
}

/// For `summit-bot ask --explain`: linked entities, matched terms and top scores, for fact authors.
pub fn explain(facts: &Facts, question: &str) -> String {
    let _ = (facts, question);
    String::new()
}
