//! Turns a [`crate::reply::Reply`] into what a transport sends: Discord interaction-response JSON
//! (valid by construction; every Discord limit is enforced in [`limits`]) or plain terminal text.

pub mod discord;
mod json;
pub mod limits;
pub mod registration;
pub mod text;
