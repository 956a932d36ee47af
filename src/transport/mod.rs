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

/// The INFO line for an answered interaction, written in place by each Discord door (so its
/// target names the door) with the same fields from both: `id` and the
/// [`crate::interaction::Summary`] `s`, then the door's own timings (`answer_us` and
/// `latency_us` on the gateway, `status` and `latency_us` on the endpoint).
macro_rules! interaction_line {
    ($s:expr, id = $id:expr, $($timing:ident),+) => {
        tracing::info!(
            id = $id,
            kind = %$s.kind.name(),
            request = $s.request.as_deref().unwrap_or("-"),
            user = $s.user.as_deref().unwrap_or("-"),
            outcome = %$s.outcome,
            context = $s.context.map_or("-", |c| c.name()),
            installs = $s.installs.unwrap_or("-"),
            $($timing,)+
            "interaction"
        )
    };
}
pub(crate) use interaction_line;

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
