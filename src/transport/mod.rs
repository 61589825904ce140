//! Adapters between a network and the core. Each does three things: event → `Incoming`,
//! `core.handle`, lay out the replies: the console, Telegram and Matrix.

pub mod console;
#[cfg(feature = "matrix")]
pub mod matrix;
#[cfg(feature = "telegram")]
pub mod telegram;
