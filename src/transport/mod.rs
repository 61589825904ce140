//! Adapters between a network and the core. Each does three things: event → `Incoming`,
//! `core.handle`, lay out the replies. The console is the first; Telegram and Matrix follow.

pub mod console;
#[cfg(feature = "telegram")]
pub mod telegram;
