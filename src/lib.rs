//! summit-bot: answers questions about a diplomatic summit from a cited fact file.
//!
//! One engine, three doors: fact files are loaded and validated into a [`catalog::Catalog`]; every
//! transport (console, Discord gateway, HTTP interactions endpoint) turns its input into a
//! [`request::Request`], asks the pure [`engine`] for a [`reply::Reply`], and hands that to
//! [`render`] for Discord JSON or terminal text. No transport holds answer logic.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discord;
pub mod engine;
pub mod facts;
pub mod feedback;
pub mod interaction;
pub mod live;
pub mod markdown;
pub mod render;
pub mod reply;
pub mod request;
pub mod search;
pub mod share;
pub mod text;
pub mod transport;
