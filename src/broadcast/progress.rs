//! Progress for the volunteer who wrote a broadcast in chat: one message that is updated in place
//! (sent / failed / waiting / time left) while it goes out, then a final report as a new message,
//! so their phone tells them it is done.

use super::worker::SendError;
use crate::core::{Core, Transport, UserRef};
use crate::storage::Store;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Shows a message to a user and updates it later.
pub trait Notifier: Send + Sync + 'static {
    /// The network.
    fn transport(&self) -> Transport;
    /// Sends `text`; returns a handle to update it with, when the network can edit messages.
    fn post(&self, to: &UserRef, text: &str) -> impl Future<Output = Result<Option<String>, SendError>> + Send;
    /// Replaces the text of the message `handle`.
    fn update(&self, to: &UserRef, handle: &str, text: &str) -> impl Future<Output = Result<(), SendError>> + Send;
}

/// Reports every chat-written broadcast's progress to its author, on one network.
pub struct Reporter<N> {
    core: Arc<Core>,
    store: Arc<dyn Store>,
    notifier: N,
    every: Duration,
    per_second: f64,
}

impl<N: Notifier> Reporter<N> {
    /// Reports every `every`; `per_second` is the network's broadcast pace (for the time left).
    pub fn new(core: Arc<Core>, store: Arc<dyn Store>, notifier: N, every: Duration, per_second: f64) -> Self {
        Self { core, store, notifier, every, per_second }
    }

    /// Reports until `shutdown`.
    pub async fn run(self, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(self.every);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = tick.tick() => self.report_once().await,
            }
        }
    }

    /// One round: a progress message per unfinished broadcast (new or updated), a final report
    /// per finished one.
    pub async fn report_once(&self) {
        let due = match self.store.progress_due(self.notifier.transport()) {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(error = %e, "cannot read broadcasts to report on");
                return;
            }
        };
        for p in due {
            let text = self.core.progress_text(&p.author, &p.status, self.per_second);
            let id = p.status.id;
            let recorded = if p.status.finished() {
                match self.notifier.post(&p.author, &text).await {
                    // An author who cannot be reached will not be: stop trying.
                    Ok(_) | Err(SendError::Unreachable(_) | SendError::Permanent(_)) => {
                        self.store.set_progress(id, None, true)
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, broadcast = id, "cannot send a broadcast's final report yet");
                        Ok(())
                    }
                }
            } else {
                match &p.handle {
                    // A network that cannot edit: the final report will do.
                    Some(handle) if handle.is_empty() => Ok(()),
                    Some(handle) => {
                        if let Err(e) = self.notifier.update(&p.author, handle, &text).await {
                            // "Not modified" when nothing moved: harmless.
                            tracing::debug!(error = %e, broadcast = id, "progress not updated");
                        }
                        Ok(())
                    }
                    None => match self.notifier.post(&p.author, &text).await {
                        Ok(handle) => self.store.set_progress(id, Some(handle.as_deref().unwrap_or("")), false),
                        Err(e) => {
                            tracing::warn!(error = %e, broadcast = id, "cannot send a broadcast's progress");
                            Ok(())
                        }
                    },
                }
            };
            if let Err(e) = recorded {
                tracing::error!(error = %e, broadcast = id, "cannot record a progress report");
            }
        }
    }
}
