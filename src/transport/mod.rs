//! Thin adapters from the outside world to the engine. None of them holds answer logic.

pub mod gateway;
pub mod http;
pub mod signature;
