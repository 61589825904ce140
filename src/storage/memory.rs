//! The in-memory store: for tests and one-shot commands; forgets everything on exit.

use super::{
    AuditEntry, AuditLog, BroadcastStatus, BroadcastStore, Delivery, FORGOTTEN, NewBroadcast, PlaceStatusStore,
    PlaceUpdate, Progress, Role, RoleStore, StorageError, SubscriptionStore, UserRecord, UserStore, user_key,
    user_of_key,
};
use crate::broadcast::{Audience, Texts};
use crate::core::{Transport, UserRef};
use crate::i18n::Lang;
use crate::kb::PlaceStatus;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Records in maps behind mutexes.
#[derive(Default)]
pub struct MemoryStore {
    users: Mutex<HashMap<UserRef, UserRecord>>,
    places: Mutex<HashMap<String, PlaceUpdate>>,
    audit: Mutex<Vec<AuditEntry>>,
    subscriptions: Mutex<HashMap<UserRef, Vec<String>>>,
    /// Broadcasts and their deliveries.
    ledger: Mutex<Ledger>,
    /// Roles granted at run time.
    roles: Mutex<HashMap<UserRef, Role>>,
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
        found |= self.roles.lock().unwrap_or_else(PoisonError::into_inner).remove(user).is_some();
        let mut ledger = self.ledger();
        let before = ledger.deliveries.len();
        ledger.deliveries.retain(|d| d.to != *user);
        found |= ledger.deliveries.len() != before;
        for b in ledger.broadcasts.iter_mut().filter(|b| b.by == key) {
            b.by = FORGOTTEN.to_owned();
            found = true;
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

/// A broadcast as the memory store keeps it.
struct MemBroadcast {
    id: i64,
    audience: String,
    at: i64,
    texts: Texts,
    by: String,
    progress: Option<String>,
    reported: bool,
    held: bool,
}

/// One delivery row.
struct MemDelivery {
    broadcast: i64,
    to: UserRef,
    lang: Lang,
    state: DeliveryState,
    attempts: u32,
    not_before: i64,
    resent: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DeliveryState {
    Pending,
    InFlight,
    Sent,
    Failed,
    Cancelled,
}

/// The broadcast ledger: broadcasts in order, deliveries in enqueue order (which is also the
/// claim order, oldest broadcast first).
#[derive(Default)]
struct Ledger {
    broadcasts: Vec<MemBroadcast>,
    deliveries: Vec<MemDelivery>,
}

impl Ledger {
    fn find(&mut self, d: &Delivery) -> Option<&mut MemDelivery> {
        self.deliveries.iter_mut().find(|m| m.broadcast == d.broadcast && m.to == d.to)
    }
}

impl MemoryStore {
    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl MemoryStore {
    /// The subscribers `audience` reaches, with their languages.
    fn recipients(&self, audience: &Audience) -> Vec<(UserRef, Lang)> {
        let subs = self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let mut recipients: Vec<(UserRef, Lang)> = Vec::new();
        for (user, topics) in subs {
            let lang = self.users().get(&user).and_then(|r| r.lang).unwrap_or(Lang::En);
            let wanted = match audience {
                Audience::All => !topics.is_empty(),
                Audience::Topic(t) => topics.iter().any(|s| s == t || s == "all"),
                Audience::Lang(l) => !topics.is_empty() && lang == *l,
            };
            if wanted {
                recipients.push((user, lang));
            }
        }
        recipients
    }
}

impl MemDelivery {
    fn new(broadcast: i64, to: UserRef, lang: Lang) -> Self {
        Self { broadcast, to, lang, state: DeliveryState::Pending, attempts: 0, not_before: 0, resent: false }
    }
}

impl MemoryStore {
    /// The broadcast, and unless it is `held` its deliveries.
    fn insert_broadcast(&self, b: &NewBroadcast, held: bool) -> i64 {
        let recipients = if held { Vec::new() } else { self.recipients(&b.audience) };
        let mut ledger = self.ledger();
        let id = i64::try_from(ledger.broadcasts.len()).unwrap_or(i64::MAX) + 1;
        ledger.broadcasts.push(MemBroadcast {
            id,
            audience: b.audience.to_string(),
            at: b.at,
            texts: b.texts.clone(),
            by: b.by.clone(),
            progress: None,
            reported: false,
            held,
        });
        ledger.deliveries.extend(recipients.into_iter().map(|(to, lang)| MemDelivery::new(id, to, lang)));
        id
    }
}

impl RoleStore for MemoryStore {
    fn grant(&self, user: &UserRef, role: Role) -> Result<bool, StorageError> {
        let previous = self.roles.lock().unwrap_or_else(PoisonError::into_inner).insert(user.clone(), role);
        Ok(previous != Some(role))
    }

    fn revoke(&self, user: &UserRef) -> Result<bool, StorageError> {
        Ok(self.roles.lock().unwrap_or_else(PoisonError::into_inner).remove(user).is_some())
    }

    fn role(&self, user: &UserRef) -> Result<Option<Role>, StorageError> {
        Ok(self.roles.lock().unwrap_or_else(PoisonError::into_inner).get(user).copied())
    }

    fn granted(&self) -> Result<Vec<(UserRef, Role)>, StorageError> {
        let mut all: Vec<(UserRef, Role)> =
            self.roles.lock().unwrap_or_else(PoisonError::into_inner).iter().map(|(u, r)| (u.clone(), *r)).collect();
        all.sort_by(|a, b| (a.0.transport.as_str(), &a.0.id).cmp(&(b.0.transport.as_str(), &b.0.id)));
        Ok(all)
    }
}

impl BroadcastStore for MemoryStore {
    fn audience_size(&self, audience: &Audience) -> Result<u64, StorageError> {
        Ok(self.recipients(audience).len() as u64)
    }

    fn enqueue(&self, b: &NewBroadcast) -> Result<BroadcastStatus, StorageError> {
        let id = self.insert_broadcast(b, false);
        Ok(self.broadcast_status(Some(id))?.into_iter().next().unwrap_or_default())
    }

    fn hold(&self, b: &NewBroadcast) -> Result<BroadcastStatus, StorageError> {
        let id = self.insert_broadcast(b, true);
        Ok(self.broadcast_status(Some(id))?.into_iter().next().unwrap_or_default())
    }

    fn held_by(&self, id: i64) -> Result<Option<String>, StorageError> {
        Ok(self.ledger().broadcasts.iter().find(|b| b.id == id && b.held).map(|b| b.by.clone()))
    }

    fn release(&self, id: i64) -> Result<Option<BroadcastStatus>, StorageError> {
        let audience = {
            let ledger = self.ledger();
            let Some(b) = ledger.broadcasts.iter().find(|b| b.id == id && b.held) else { return Ok(None) };
            b.audience.parse::<Audience>().map_err(|e| StorageError::Backend(e.to_string()))?
        };
        let recipients = self.recipients(&audience);
        let mut ledger = self.ledger();
        if let Some(b) = ledger.broadcasts.iter_mut().find(|b| b.id == id) {
            b.held = false;
        }
        ledger.deliveries.extend(recipients.into_iter().map(|(to, lang)| MemDelivery::new(id, to, lang)));
        drop(ledger);
        Ok(self.broadcast_status(Some(id))?.into_iter().next())
    }

    fn broadcast_status(&self, id: Option<i64>) -> Result<Vec<BroadcastStatus>, StorageError> {
        let ledger = self.ledger();
        let mut out = Vec::new();
        for b in ledger.broadcasts.iter().rev().filter(|b| id.is_none_or(|id| b.id == id)) {
            let mut status = BroadcastStatus {
                id: b.id,
                audience: b.audience.clone(),
                at: b.at,
                held: b.held,
                ..BroadcastStatus::default()
            };
            for d in ledger.deliveries.iter().filter(|d| d.broadcast == b.id) {
                match d.state {
                    DeliveryState::Pending => status.pending += 1,
                    DeliveryState::InFlight => status.in_flight += 1,
                    DeliveryState::Sent => status.sent += 1,
                    DeliveryState::Failed => status.failed += 1,
                    DeliveryState::Cancelled => status.cancelled += 1,
                }
                status.resent += u64::from(d.resent);
                status.per_lang[Lang::ALL.iter().position(|l| *l == d.lang).unwrap_or(2)] += 1;
            }
            out.push(status);
        }
        Ok(out)
    }

    fn claim(&self, transport: Transport, now: i64) -> Result<Option<Delivery>, StorageError> {
        let mut ledger = self.ledger();
        let Some(i) = ledger
            .deliveries
            .iter()
            .position(|d| d.state == DeliveryState::Pending && d.to.transport == transport && d.not_before <= now)
        else {
            return Ok(None);
        };
        let d = &mut ledger.deliveries[i];
        d.state = DeliveryState::InFlight;
        let (broadcast, to, lang, attempts) = (d.broadcast, d.to.clone(), d.lang, d.attempts);
        let text = ledger.broadcasts.iter().find(|b| b.id == broadcast).map(|b| b.texts.get(lang).to_owned());
        Ok(Some(Delivery { broadcast, to, lang, text: text.unwrap_or_default(), attempts }))
    }

    fn mark_sent(&self, d: &Delivery, _now: i64) -> Result<(), StorageError> {
        if let Some(m) = self.ledger().find(d) {
            m.state = DeliveryState::Sent;
        }
        Ok(())
    }

    fn reschedule(&self, d: &Delivery, not_before: i64, attempts: u32, _error: &str) -> Result<(), StorageError> {
        if let Some(m) = self.ledger().find(d).filter(|m| m.state == DeliveryState::InFlight) {
            m.state = DeliveryState::Pending;
            m.not_before = not_before;
            m.attempts = attempts;
        }
        Ok(())
    }

    fn mark_failed(&self, d: &Delivery, _error: &str) -> Result<(), StorageError> {
        if let Some(m) = self.ledger().find(d) {
            m.state = DeliveryState::Failed;
        }
        Ok(())
    }

    fn recover(&self, transport: Transport) -> Result<u64, StorageError> {
        let mut n = 0;
        for d in self.ledger().deliveries.iter_mut() {
            if d.state == DeliveryState::InFlight && d.to.transport == transport {
                d.state = DeliveryState::Pending;
                d.resent = true;
                n += 1;
            }
        }
        Ok(n)
    }

    fn progress_due(&self, transport: Transport) -> Result<Vec<Progress>, StorageError> {
        let due: Vec<(i64, UserRef, Option<String>)> = self
            .ledger()
            .broadcasts
            .iter()
            .filter(|b| !b.reported && !b.held)
            .filter_map(|b| user_of_key(&b.by).map(|u| (b.id, u, b.progress.clone())))
            .filter(|(_, u, _)| u.transport == transport)
            .collect();
        let mut out = Vec::new();
        for (id, author, handle) in due {
            if let Some(status) = self.broadcast_status(Some(id))?.pop() {
                out.push(Progress { status, author, handle });
            }
        }
        Ok(out)
    }

    fn set_progress(&self, id: i64, handle: Option<&str>, finished: bool) -> Result<(), StorageError> {
        if let Some(b) = self.ledger().broadcasts.iter_mut().find(|b| b.id == id) {
            if let Some(h) = handle {
                b.progress = Some(h.to_owned());
            }
            b.reported = finished;
        }
        Ok(())
    }

    fn cancel(&self, id: i64) -> Result<Option<u64>, StorageError> {
        let mut ledger = self.ledger();
        let Some(b) = ledger.broadcasts.iter_mut().find(|b| b.id == id) else { return Ok(None) };
        // A broadcast waiting for approval can no longer be approved.
        b.held = false;
        let mut n = 0;
        for d in ledger.deliveries.iter_mut().filter(|d| d.broadcast == id && d.state == DeliveryState::Pending) {
            d.state = DeliveryState::Cancelled;
            n += 1;
        }
        Ok(Some(n))
    }
}
