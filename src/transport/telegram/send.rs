//! Calling the Bot API without flooding it and without giving up too early: `429` waits the
//! `retry_after` Telegram gives, network errors and 5xx back off and retry, a user who blocked the
//! bot is reported as unreachable, and every chat is paced to about one message a second.

use backon::{ExponentialBuilder, Retryable};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::future::Future;
use std::num::NonZeroU32;
use std::time::Duration;
use teloxide::{ApiError, RequestError};

/// Attempts per call, the first included.
const ATTEMPTS: usize = 6;

/// Why a call finally failed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The user blocked the bot, deleted their account, or the chat is gone: stop writing to them.
    #[error("the chat can no longer be reached: {0}")]
    Unreachable(String),
    /// Still failing after every retry (network, Telegram's 5xx, repeated 429s).
    #[error("gave up after {ATTEMPTS} attempts: {0}")]
    Transient(String),
    /// Telegram refused the request itself (a bad request); retrying cannot help.
    #[error("refused: {0}")]
    Permanent(String),
}

/// What to do about an error.
#[derive(Debug, PartialEq)]
enum Class {
    Retry(Option<Duration>),
    Unreachable,
    Permanent,
}

fn classify(e: &RequestError) -> Class {
    match e {
        RequestError::RetryAfter(s) => Class::Retry(Some(s.duration())),
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => Class::Retry(None),
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::CantInitiateConversation
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel
            | ApiError::ChatNotFound
            | ApiError::GroupDeactivated,
        ) => Class::Unreachable,
        // Telegram's own trouble ("Internal Server Error", "Bad Gateway", …) passes.
        RequestError::Api(ApiError::Unknown(d))
            if ["Internal Server Error", "Bad Gateway", "Gateway Timeout", "Service Unavailable"]
                .iter()
                .any(|p| d.contains(p)) =>
        {
            Class::Retry(None)
        }
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => Class::Permanent,
    }
}

/// An error as it may be logged: teloxide already hides the token in network errors, but an
/// unreadable response's raw text can echo a message back, so it is left out.
pub fn describe(e: &RequestError) -> String {
    match e {
        RequestError::InvalidJson { source, .. } => format!("unreadable response from the Bot API: {source}"),
        e => e.to_string(),
    }
}

/// A failed broadcast message as the delivery worker sees it (it retries on its own schedule).
pub fn broadcast_error(e: &RequestError) -> crate::broadcast::worker::SendError {
    use crate::broadcast::worker::SendError as E;
    match classify(e) {
        Class::Retry(Some(wait)) => E::RateLimited(wait),
        Class::Retry(None) => E::Transient(describe(e)),
        Class::Unreachable => E::Unreachable(describe(e)),
        Class::Permanent => E::Permanent(describe(e)),
    }
}

/// Runs one Bot API call, retrying what can be retried. `what` names the call in logs.
pub async fn call<T, F, Fut>(what: &'static str, make: F) -> Result<T, SendError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let backoff = ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(500))
        .with_max_delay(Duration::from_secs(30))
        .with_max_times(ATTEMPTS - 1)
        .with_jitter();
    make.retry(backoff)
        .sleep(tokio::time::sleep)
        .when(|e| matches!(classify(e), Class::Retry(_)))
        // A 429 says exactly how long to wait; waiting less only earns another 429.
        .adjust(|e, backoff| match (classify(e), backoff) {
            (Class::Retry(Some(wait)), Some(_)) => Some(wait),
            (_, backoff) => backoff,
        })
        .notify(|e, wait| tracing::warn!(call = what, error = describe(e), ?wait, "Telegram call failed; retrying"))
        .await
        .map_err(|e| match classify(&e) {
            Class::Retry(_) => SendError::Transient(describe(&e)),
            Class::Unreachable => SendError::Unreachable(describe(&e)),
            Class::Permanent => SendError::Permanent(describe(&e)),
        })
}

/// Per-chat pacing: a short burst (a card and its menu arrive together), then one message a
/// second, as Telegram asks of bots in a private chat.
pub struct ChatPacer {
    limiter: DefaultKeyedRateLimiter<i64>,
}

impl ChatPacer {
    /// One message a second per chat after a burst of `burst`.
    pub fn new(burst: u32) -> Self {
        let quota = Quota::per_second(NonZeroU32::MIN).allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        Self { limiter: RateLimiter::keyed(quota) }
    }

    /// Waits until `chat` may receive another message.
    pub async fn ready(&self, chat: i64) {
        self.limiter.until_key_ready(&chat).await;
    }

    /// Forgets chats that have been quiet long enough to be back at a full burst.
    pub fn tidy(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use teloxide::types::Seconds;

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_waited_exactly_then_the_call_succeeds() {
        let attempts = AtomicUsize::new(0);
        let start = tokio::time::Instant::now();
        let got = call("test", || async {
            match attempts.fetch_add(1, Ordering::SeqCst) {
                0 => Err(RequestError::RetryAfter(Seconds::from_seconds(7))),
                _ => Ok(42),
            }
        })
        .await;
        assert_eq!(got.unwrap(), 42);
        assert_eq!(attempts.load(Ordering::SeqCst), 2);
        assert_eq!(start.elapsed().as_secs(), 7);
    }

    #[tokio::test(start_paused = true)]
    async fn blocked_users_are_not_retried() {
        let attempts = AtomicUsize::new(0);
        let got: Result<(), _> = call("test", || async {
            attempts.fetch_add(1, Ordering::SeqCst);
            Err(RequestError::Api(ApiError::BotBlocked))
        })
        .await;
        assert!(matches!(got, Err(SendError::Unreachable(_))));
        assert_eq!(attempts.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn server_errors_are_retried_a_bounded_number_of_times() {
        let attempts = AtomicUsize::new(0);
        let got: Result<(), _> = call("test", || async {
            attempts.fetch_add(1, Ordering::SeqCst);
            Err(RequestError::Api(ApiError::Unknown("Bad Gateway".into())))
        })
        .await;
        assert!(matches!(got, Err(SendError::Transient(_))));
        assert_eq!(attempts.load(Ordering::SeqCst), ATTEMPTS);
    }
}
