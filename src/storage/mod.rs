//! Ports for what the bot remembers about a user, and their adapters: SQLite (the embedded
//! default) and memory (tests, `refuge ask`). Both pass one conformance suite (`tests/it/storage.rs`).
//!
//! What is stored is only what the bot needs: per user, the language and whether they chose it,
//! and where they are in the menu. Never the text of their messages.

pub mod memory;
pub mod sqlite;

use crate::core::UserRef;
use crate::core::conversation::State;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

pub use memory::MemoryStore;
pub use sqlite::SqliteStore;

/// Everything stored about one user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    /// The language answers are given in, once known.
    pub lang: Option<Lang>,
    /// Whether the user chose it (then it is never changed by detection).
    pub lang_explicit: bool,
    /// Where they are in the conversation.
    pub state: State,
}

/// A storage failure, mapped from the back end's own error so none of its types cross the port.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database could not be opened or migrated.
    #[error("cannot open the database at {path}: {reason}")]
    Open {
        /// The database file.
        path: String,
        /// The back end's message.
        reason: String,
    },
    /// A query failed.
    #[error("database error: {0}")]
    Backend(String),
}

/// Per-user records, keyed by the transport-neutral [`UserRef`].
pub trait UserStore: Send + Sync {
    /// The record for `user`, if any.
    fn load(&self, user: &UserRef) -> Result<Option<UserRecord>, StorageError>;
    /// Creates or replaces the record for `user`.
    fn save(&self, user: &UserRef, record: &UserRecord) -> Result<(), StorageError>;
    /// Deletes everything stored about `user`; `true` if there was something.
    fn forget(&self, user: &UserRef) -> Result<bool, StorageError>;
}
