//! One integration-test binary (one link, fast CI); one module per area.
#![recursion_limit = "256"]

/// Builders shared by the modules: a core on the shipped knowledge, conversation scripts.
mod support;

/// The `refuge` binary: check, ask, chat.
mod cli;
/// Conversations driven as scripts in hy, ar and en, with snapshots of the rendered replies.
mod conversation;
/// The broadcast delivery worker: pacing, exactly-once, retries (recording sender, paused time).
mod delivery;
/// The shipped knowledge base: complete, valid, consistent.
mod knowledge;
/// Locales: same ids everywhere, every id renders, plural forms.
mod locales;
/// Matrix: the adapter against a real Synapse (started once per run from target/synapse-venv).
#[cfg(feature = "matrix")]
mod matrix;
/// Labelled queries: the right entry, the right language, off-topic left alone.
mod queries;
/// Odd input never panics and always gets a reply.
mod robustness;
/// The storage conformance suite, run against SQLite and memory.
mod storage;
/// Telegram: the adapter over a Bot API emulator (HTTP).
#[cfg(feature = "telegram")]
mod telegram;
/// Volunteers: live place status, refusals, the audit log.
mod volunteers;
