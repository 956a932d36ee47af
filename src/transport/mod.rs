//! The three doors: thin adapters from the outside world to the engine, one entry point each
//! ([`gateway::serve`], [`http::serve`], [`console::run`]). None of them holds answer logic: the
//! two Discord doors hand every interaction to [`crate::interaction::answer`], and the console
//! reads its lines with [`crate::request`].

pub mod console;
pub mod gateway;
pub mod http;
pub mod signature;

use std::future::Future;

use tracing::info;

/// Completes on the first SIGINT (Ctrl-C) or SIGTERM: how both serve modes are stopped.
///
/// The handlers are installed before this returns, not when the future is first polled, so a
/// signal that arrives while the bot is still connecting stops it cleanly instead of taking the
/// default action of killing the process mid-write.
pub fn shutdown_signal() -> Result<impl Future<Output = ()> + Send + 'static, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let install = |kind| signal(kind).map_err(|e| format!("cannot install a signal handler: {e}"));
    let mut term = install(SignalKind::terminate())?;
    let mut int = install(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => info!("SIGTERM received; finishing what is in flight"),
            _ = int.recv() => info!("SIGINT received; finishing what is in flight"),
        }
    })
}
