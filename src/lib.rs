//! refuge: a chatbot for displaced families — sourced, dated answers in Armenian, Arabic and
//! English, the nearest open shelter from a shared location.
//!
//! ```text
//! transport::console (later telegram, matrix) ──► core ──► kb (data, search, geo)
//!        event → Incoming, Reply → screen          │  └──► i18n (Fluent)
//!                                                  └────► storage (ports: sqlite, memory)
//! app wires it together; only app and transport/* may name a network crate.
//! ```

pub mod app;
pub mod broadcast;
pub mod check;
pub mod cli;
pub mod config;
pub mod core;
pub mod eval;
pub mod i18n;
pub mod kb;
pub mod storage;
pub mod transport;
