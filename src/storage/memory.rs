//! The in-memory store: for tests and one-shot commands; forgets everything on exit.

use super::{StorageError, UserRecord, UserStore};
use crate::core::UserRef;
use std::collections::HashMap;
use std::sync::Mutex;

/// Records in a map behind a mutex.
#[derive(Default)]
pub struct MemoryStore {
    users: Mutex<HashMap<UserRef, UserRecord>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn users(&self) -> std::sync::MutexGuard<'_, HashMap<UserRef, UserRecord>> {
        // A panic while holding the lock leaves a consistent map (every write is one insert).
        self.users.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl UserStore for MemoryStore {
    fn load(&self, user: &UserRef) -> Result<Option<UserRecord>, StorageError> {
        Ok(self.users().get(user).cloned())
    }

    fn save(&self, user: &UserRef, record: &UserRecord) -> Result<(), StorageError> {
        self.users().insert(user.clone(), record.clone());
        Ok(())
    }

    fn forget(&self, user: &UserRef) -> Result<bool, StorageError> {
        Ok(self.users().remove(user).is_some())
    }
}
