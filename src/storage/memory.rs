//! The in-memory store: for tests and one-shot commands; forgets everything on exit.

use super::{
    AuditEntry, AuditLog, BroadcastStatus, BroadcastStore, FORGOTTEN, NewBroadcast, PlaceStatusStore, PlaceUpdate,
    StorageError, SubscriptionStore, UserRecord, UserStore, user_key,
};
use crate::broadcast::Audience;
use crate::core::UserRef;
use crate::i18n::Lang;
use crate::kb::PlaceStatus;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// A broadcast's recipients and their languages.
type Recipients = Vec<(UserRef, Lang)>;

/// Records in maps behind mutexes.
#[derive(Default)]
pub struct MemoryStore {
    users: Mutex<HashMap<UserRef, UserRecord>>,
    places: Mutex<HashMap<String, PlaceUpdate>>,
    audit: Mutex<Vec<AuditEntry>>,
    subscriptions: Mutex<HashMap<UserRef, Vec<String>>>,
    /// Broadcasts with their recipients (delivery state: all pending until workers exist).
    broadcasts: Mutex<Vec<(BroadcastStatus, Recipients)>>,
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
        let key = user_key(user);
        let mut found = self.users().remove(user).is_some();
        found |= self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner).remove(user).is_some();
        for update in self.places.lock().unwrap_or_else(PoisonError::into_inner).values_mut() {
            if update.by == key {
                update.by = FORGOTTEN.to_owned();
                found = true;
            }
        }
        for entry in self.audit.lock().unwrap_or_else(PoisonError::into_inner).iter_mut() {
            if entry.who == key {
                entry.who = FORGOTTEN.to_owned();
                found = true;
            }
        }
        Ok(found)
    }
}

impl PlaceStatusStore for MemoryStore {
    fn update_place(
        &self,
        place: &str,
        status: Option<PlaceStatus>,
        beds: Option<u32>,
        by: &UserRef,
        at: i64,
    ) -> Result<(), StorageError> {
        let mut places = self.places.lock().unwrap_or_else(PoisonError::into_inner);
        let previous = places.get(place);
        let update = PlaceUpdate {
            status: status.or(previous.and_then(|p| p.status)),
            beds: beds.or(previous.and_then(|p| p.beds)),
            by: user_key(by),
            at,
        };
        places.insert(place.to_owned(), update);
        Ok(())
    }

    fn place_updates(&self) -> Result<HashMap<String, PlaceUpdate>, StorageError> {
        Ok(self.places.lock().unwrap_or_else(PoisonError::into_inner).clone())
    }
}

impl AuditLog for MemoryStore {
    fn audit(&self, who: &UserRef, action: &str, at: i64) -> Result<(), StorageError> {
        let entry = AuditEntry { at, who: user_key(who), action: action.to_owned() };
        self.audit.lock().unwrap_or_else(PoisonError::into_inner).push(entry);
        Ok(())
    }

    fn audit_entries(&self) -> Result<Vec<AuditEntry>, StorageError> {
        Ok(self.audit.lock().unwrap_or_else(PoisonError::into_inner).clone())
    }
}

impl SubscriptionStore for MemoryStore {
    fn subscribe(&self, user: &UserRef, topic: Option<&str>) -> Result<bool, StorageError> {
        let mut subs = self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner);
        let list = subs.entry(user.clone()).or_default();
        let topic = topic.unwrap_or("all").to_owned();
        if list.contains(&topic) {
            return Ok(false);
        }
        list.push(topic);
        list.sort();
        Ok(true)
    }

    fn unsubscribe(&self, user: &UserRef) -> Result<bool, StorageError> {
        let removed = self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner).remove(user);
        Ok(removed.is_some_and(|l| !l.is_empty()))
    }

    fn subscriptions(&self, user: &UserRef) -> Result<Vec<String>, StorageError> {
        Ok(self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner).get(user).cloned().unwrap_or_default())
    }
}

impl BroadcastStore for MemoryStore {
    fn enqueue(&self, b: &NewBroadcast) -> Result<BroadcastStatus, StorageError> {
        let subs = self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let mut recipients: Vec<(UserRef, Lang)> = Vec::new();
        for (user, topics) in subs {
            let lang = self.users().get(&user).and_then(|r| r.lang).unwrap_or(Lang::En);
            let wanted = match &b.audience {
                Audience::All => !topics.is_empty(),
                Audience::Topic(t) => topics.iter().any(|s| s == t || s == "all"),
                Audience::Lang(l) => !topics.is_empty() && lang == *l,
            };
            if wanted {
                recipients.push((user, lang));
            }
        }
        let mut broadcasts = self.broadcasts.lock().unwrap_or_else(PoisonError::into_inner);
        let mut status = BroadcastStatus {
            id: i64::try_from(broadcasts.len()).unwrap_or(i64::MAX) + 1,
            audience: b.audience.to_string(),
            at: b.at,
            pending: recipients.len() as u64,
            ..BroadcastStatus::default()
        };
        for (_, lang) in &recipients {
            status.per_lang[Lang::ALL.iter().position(|l| l == lang).unwrap_or(2)] += 1;
        }
        broadcasts.push((status.clone(), recipients));
        Ok(status)
    }

    fn broadcast_status(&self, id: Option<i64>) -> Result<Vec<BroadcastStatus>, StorageError> {
        let broadcasts = self.broadcasts.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(broadcasts.iter().rev().map(|(s, _)| s.clone()).filter(|s| id.is_none_or(|id| s.id == id)).collect())
    }
}
