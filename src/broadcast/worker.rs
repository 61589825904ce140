//! The delivery worker: one per network, it claims deliveries from the ledger one at a time,
//! sends them at the network's configured rate and records the outcome.
//!
//! Crash safety: a delivery is marked in flight before it is sent and sent after. A crash (even
//! `kill -9`) between the two leaves it in flight; at the next start [`BroadcastStore::recover`]
//! puts it back and it is sent again — at-least-once rather than at-most-once, since a missed
//! warning about a closed road is worse than a repeated one. Such deliveries are counted as
//! `resent` in the status, so the operator knows how many people may have got a message twice
//! (at most one per network per crash: the worker has one message in flight at a time).
//!
//! The store is called directly from the worker's task: each call is one short SQLite statement,
//! far below the pace of any network.

use crate::core::{Clock, Transport, UserRef};
use crate::storage::{Delivery, Store};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

/// Why one message could not be sent, as a network adapter reports it.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The network asks to slow down (Telegram 429, Matrix `M_LIMIT_EXCEEDED`): wait this long.
    #[error("rate limited; retry after {0:?}")]
    RateLimited(Duration),
    /// The recipient blocked the bot, left, or no longer exists.
    #[error("recipient unreachable: {0}")]
    Unreachable(String),
    /// A network error or the server's own trouble: worth another try later.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// The request itself was refused: retrying cannot help.
    #[error("refused: {0}")]
    Permanent(String),
}

/// Sends one broadcast message to one user on one network.
pub trait Sender: Send + Sync + 'static {
    /// The network this sender reaches.
    fn transport(&self) -> Transport;
    /// Sends `text` (plain text, already in the recipient's language) to `to`.
    fn send(&self, to: &UserRef, text: &str) -> impl Future<Output = Result<(), SendError>> + Send;
}

/// How a worker paces and retries.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Messages per second, at most (Telegram 25 by default, Matrix 0.2).
    pub per_second: f64,
    /// Attempts per delivery before it is marked failed.
    pub max_attempts: u32,
    /// How often an idle worker looks for new broadcasts (another process may have queued one).
    pub idle_poll: Duration,
}

impl Settings {
    /// `per_second` with the default retries and polling.
    pub fn at(per_second: f64) -> Self {
        Self { per_second, max_attempts: 5, idle_poll: Duration::from_secs(1) }
    }

    fn period(&self) -> Duration {
        // A rate of 0 or less (or NaN) would never send: treat it as one a minute, and say so at
        // start-up (config validation refuses it anyway).
        if self.per_second.is_finite() && self.per_second > 0.0 {
            Duration::from_secs_f64(1.0 / self.per_second)
        } else {
            Duration::from_secs(60)
        }
    }
}

/// Delay before retry number `attempt` (1-based): 5 s, 10 s, 20 s… capped at 10 minutes.
fn backoff(attempt: u32) -> i64 {
    5_i64.saturating_mul(1 << attempt.saturating_sub(1).min(7)).min(600)
}

/// A worker for one network.
pub struct Worker<S> {
    store: Arc<dyn Store>,
    sender: S,
    clock: Arc<dyn Clock>,
    settings: Settings,
    wake: Arc<Notify>,
}

impl<S: Sender> Worker<S> {
    /// A worker delivering through `sender`.
    pub fn new(store: Arc<dyn Store>, sender: S, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        Self { store, sender, clock, settings, wake: Arc::new(Notify::new()) }
    }

    /// Notify it after enqueuing in this process, so it starts without waiting for its next poll.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    fn now(&self) -> i64 {
        self.clock.now().as_second()
    }

    /// Delivers until `shutdown`; a message being sent when it comes is finished and recorded.
    pub async fn run(self, shutdown: CancellationToken) {
        let transport = self.sender.transport();
        match self.store.recover(transport) {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                network = transport.as_str(),
                deliveries = n,
                "messages were in flight when the bot last stopped; sending them again (counted as resent)"
            ),
            Err(e) => tracing::error!(error = %e, "cannot recover deliveries left in flight"),
        }
        let mut pace = tokio::time::interval(self.settings.period());
        pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased;
                () = shutdown.cancelled() => break,
                _ = pace.tick() => {}
            }
            match self.store.claim(transport, self.now()) {
                Ok(Some(delivery)) => {
                    if let Some(pause) = self.deliver(delivery).await {
                        tokio::select! {
                            () = shutdown.cancelled() => break,
                            () = tokio::time::sleep(pause) => {}
                        }
                    }
                }
                Ok(None) => {
                    tokio::select! {
                        () = shutdown.cancelled() => break,
                        () = tokio::time::sleep(self.settings.idle_poll) => {}
                        () = self.wake.notified() => {}
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot read the broadcast queue");
                    tokio::time::sleep(self.settings.idle_poll).await;
                }
            }
        }
    }

    /// Sends one delivery and records the outcome. Returns how long the whole network must wait
    /// when it asked to slow down.
    async fn deliver(&self, d: Delivery) -> Option<Duration> {
        let result = self.sender.send(&d.to, &d.text).await;
        let now = self.now();
        let (recorded, pause) = match result {
            Ok(()) => (self.store.mark_sent(&d, now), None),
            // Not the recipient's fault: no attempt counted, the delivery waits with the rest.
            Err(SendError::RateLimited(wait)) => {
                let not_before = now + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2);
                (self.store.reschedule(&d, not_before, d.attempts, "rate limited"), Some(wait))
            }
            Err(SendError::Unreachable(reason)) => {
                tracing::info!(network = d.to.transport.as_str(), "subscriber unreachable; unsubscribed");
                if let Err(e) = self.store.unsubscribe(&d.to) {
                    tracing::error!(error = %e, "cannot unsubscribe an unreachable subscriber");
                }
                (self.store.mark_failed(&d, &format!("unreachable: {reason}")), None)
            }
            Err(SendError::Transient(reason)) => {
                let attempts = d.attempts + 1;
                if attempts >= self.settings.max_attempts {
                    (self.store.mark_failed(&d, &format!("gave up after {attempts} attempts: {reason}")), None)
                } else {
                    (self.store.reschedule(&d, now + backoff(attempts), attempts, &reason), None)
                }
            }
            Err(SendError::Permanent(reason)) => (self.store.mark_failed(&d, &reason), None),
        };
        if let Err(e) = recorded {
            // The delivery stays in flight and is sent again after the next restart.
            tracing::error!(error = %e, broadcast = d.broadcast, "cannot record a delivery's outcome");
        }
        pause
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!([1, 2, 3, 4].map(backoff), [5, 10, 20, 40]);
        assert_eq!(backoff(30), 600);
        assert_eq!(backoff(0), 5);
    }

    #[test]
    fn a_nonsense_rate_does_not_spin() {
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(Settings::at(rate).period(), Duration::from_secs(60));
        }
        assert_eq!(Settings::at(25.0).period(), Duration::from_millis(40));
    }
}
