//! Ports for what the bot remembers about a user, and their adapters: SQLite (the embedded
//! default) and memory (tests, `refuge ask`). Both pass one conformance suite (`tests/it/storage.rs`).
//!
//! What is stored is only what the bot needs: per user, the language and whether they chose it,
//! and where they are in the menu — never the text of their messages; the live status of places
//! as volunteers report it; and an audit log of privileged actions (who, what, when).

pub mod memory;
pub mod sqlite;

use crate::broadcast::{Audience, Texts};
use crate::core::conversation::State;
use crate::core::{Transport, UserRef};
use crate::i18n::Lang;
use crate::kb::PlaceStatus;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    /// Deletes everything stored about `user` — their record, subscriptions, broadcast
    /// deliveries and granted role, and their id from place reports, broadcasts and the audit log (the reports and entries stay, attributed to "forgotten"); `true` if there
    /// was something.
    fn forget(&self, user: &UserRef) -> Result<bool, StorageError>;
}

/// The live state of a place as volunteers last reported it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceUpdate {
    /// Open, full or closed, if reported.
    pub status: Option<PlaceStatus>,
    /// Free beds, if reported.
    pub beds: Option<u32>,
    /// Who reported last (`transport:id`).
    pub by: String,
    /// When, in Unix seconds.
    pub at: i64,
}

/// Live place status.
pub trait PlaceStatusStore: Send + Sync {
    /// Records a report; a field left `None` keeps its previous value.
    fn update_place(
        &self,
        place: &str,
        status: Option<PlaceStatus>,
        beds: Option<u32>,
        by: &UserRef,
        at: i64,
    ) -> Result<(), StorageError>;
    /// The latest report per place id.
    fn place_updates(&self) -> Result<HashMap<String, PlaceUpdate>, StorageError>;
}

/// One privileged action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// When, in Unix seconds.
    pub at: i64,
    /// Who (`transport:id`).
    pub who: String,
    /// What, e.g. `place goris-school-1 full`.
    pub action: String,
}

/// The audit log of privileged actions.
pub trait AuditLog: Send + Sync {
    /// Appends an entry.
    fn audit(&self, who: &UserRef, action: &str, at: i64) -> Result<(), StorageError>;
    /// Every entry, oldest first.
    fn audit_entries(&self) -> Result<Vec<AuditEntry>, StorageError>;
}

/// What a subscriber receives: every broadcast, or one topic's.
pub const SUBSCRIPTION_TOPICS: [&str; 4] = ["crossing", "shelter", "aid", "medical"];

/// Who wants broadcasts, and on which topics.
pub trait SubscriptionStore: Send + Sync {
    /// Subscribes `user` to `topic` (`None`: everything). Returns false if already subscribed.
    fn subscribe(&self, user: &UserRef, topic: Option<&str>) -> Result<bool, StorageError>;
    /// Removes every subscription of `user`; `true` if there was one.
    fn unsubscribe(&self, user: &UserRef) -> Result<bool, StorageError>;
    /// The topics `user` follows (`"all"` for everything), sorted.
    fn subscriptions(&self, user: &UserRef) -> Result<Vec<String>, StorageError>;
}

/// A broadcast to enqueue.
#[derive(Clone, Debug)]
pub struct NewBroadcast {
    /// Who it goes to.
    pub audience: Audience,
    /// The texts.
    pub texts: Texts,
    /// Who sent it (`transport:id`, or `cli` for an operator).
    pub by: String,
    /// When, in Unix seconds.
    pub at: i64,
}

/// Where a broadcast stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BroadcastStatus {
    /// Its id.
    pub id: i64,
    /// Who it goes to (`all`, `topic:shelter`, `lang:hy`).
    pub audience: String,
    /// When it was enqueued, in Unix seconds.
    pub at: i64,
    /// Recipients not yet sent to.
    pub pending: u64,
    /// Recipients being sent to (a crash now may send theirs twice).
    pub in_flight: u64,
    /// Recipients sent to.
    pub sent: u64,
    /// Recipients given up on.
    pub failed: u64,
    /// Recipients not sent to because the broadcast was cancelled.
    pub cancelled: u64,
    /// Recipients whose message was in flight when the bot stopped abruptly and was sent again
    /// after the restart: each may have received it twice.
    pub resent: u64,
    /// Recipients per language (hy, ar, en).
    pub per_lang: [u64; 3],
    /// Waiting for a second volunteer's approval: nobody is queued yet.
    pub held: bool,
}

impl BroadcastStatus {
    /// All recipients.
    pub fn total(&self) -> u64 {
        self.pending + self.in_flight + self.sent + self.failed + self.cancelled
    }

    /// Whether nothing is left to send (a held broadcast has not started).
    pub fn finished(&self) -> bool {
        !self.held && self.pending + self.in_flight == 0
    }
}

/// One broadcast message for one subscriber, claimed by a delivery worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// The broadcast.
    pub broadcast: i64,
    /// The subscriber.
    pub to: UserRef,
    /// Their language.
    pub lang: Lang,
    /// The text in that language.
    pub text: String,
    /// Failed attempts so far.
    pub attempts: u32,
}

/// A broadcast written in chat whose author has not yet had the final report.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Where it stands.
    pub status: BroadcastStatus,
    /// Who wrote it.
    pub author: UserRef,
    /// The network's handle of the progress message already shown (to update it in place).
    pub handle: Option<String>,
}

/// The user a `transport:id` key names (the inverse of [`user_key`]).
pub fn user_of_key(key: &str) -> Option<UserRef> {
    let (transport, id) = key.split_once(':')?;
    let transport = Transport::parse(transport)?;
    (!id.is_empty()).then(|| UserRef::new(transport, id))
}

/// The durable ledger of broadcasts: one row per recipient, written in one transaction, moving
/// pending → in flight → sent | failed (or cancelled while pending).
pub trait BroadcastStore: Send + Sync {
    /// Enqueues a broadcast for every current subscriber in its audience, in their language.
    fn enqueue(&self, broadcast: &NewBroadcast) -> Result<BroadcastStatus, StorageError>;
    /// One broadcast's status, or every broadcast's (newest first) when `id` is `None`.
    fn broadcast_status(&self, id: Option<i64>) -> Result<Vec<BroadcastStatus>, StorageError>;
    /// Records a broadcast that waits for a second volunteer's approval: nobody is queued yet.
    fn hold(&self, broadcast: &NewBroadcast) -> Result<BroadcastStatus, StorageError>;
    /// The author (`transport:id`) of held broadcast `id`, or `None` if it is not held.
    fn held_by(&self, id: i64) -> Result<Option<String>, StorageError>;
    /// Approves held broadcast `id`: its subscribers as of now are queued, in one transaction.
    /// `None` if it was not held.
    fn release(&self, id: i64) -> Result<Option<BroadcastStatus>, StorageError>;
    /// How many subscribers a broadcast to `audience` would reach now.
    fn audience_size(&self, audience: &Audience) -> Result<u64, StorageError>;
    /// Marks the next due delivery on `transport` (oldest broadcast first, retries once their
    /// time `now` has come) in flight and returns it.
    fn claim(&self, transport: Transport, now: i64) -> Result<Option<Delivery>, StorageError>;
    /// A claimed delivery was sent.
    fn mark_sent(&self, delivery: &Delivery, now: i64) -> Result<(), StorageError>;
    /// A claimed delivery goes back to pending, to be tried at `not_before` with `attempts`
    /// counted; `error` says why.
    fn reschedule(&self, delivery: &Delivery, not_before: i64, attempts: u32, error: &str) -> Result<(), StorageError>;
    /// A claimed delivery is given up, for `error`.
    fn mark_failed(&self, delivery: &Delivery, error: &str) -> Result<(), StorageError>;
    /// At start-up: deliveries a crash left in flight on `transport` go back to pending (they
    /// may have been sent: counted as `resent`). Returns how many.
    fn recover(&self, transport: Transport) -> Result<u64, StorageError>;
    /// Cancels what is still pending of broadcast `id`; returns how many deliveries, or `None`
    /// if there is no such broadcast.
    fn cancel(&self, id: i64) -> Result<Option<u64>, StorageError>;
    /// Broadcasts written in chat on `transport` whose author still awaits the final report.
    fn progress_due(&self, transport: Transport) -> Result<Vec<Progress>, StorageError>;
    /// Records the progress message's handle, and whether the final report was given.
    fn set_progress(&self, id: i64, handle: Option<&str>, finished: bool) -> Result<(), StorageError>;
}

/// A role granted at run time by a coordinator (those in `config.toml` are not stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Updates places, broadcasts.
    Volunteer,
    /// Everything a volunteer may, plus roles and the English fallback.
    Coordinator,
}

impl Role {
    /// `volunteer` or `coordinator`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::Coordinator => "coordinator",
        }
    }

    /// Parses `volunteer` or `coordinator`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "volunteer" => Some(Self::Volunteer),
            "coordinator" => Some(Self::Coordinator),
            _ => None,
        }
    }
}

/// Roles granted at run time.
pub trait RoleStore: Send + Sync {
    /// Gives `user` `role` (replacing another); `false` if they had it already.
    fn grant(&self, user: &UserRef, role: Role) -> Result<bool, StorageError>;
    /// Takes `user`'s role away; `false` if they had none.
    fn revoke(&self, user: &UserRef) -> Result<bool, StorageError>;
    /// `user`'s role, if granted.
    fn role(&self, user: &UserRef) -> Result<Option<Role>, StorageError>;
    /// Every granted role, by network and id.
    fn granted(&self) -> Result<Vec<(UserRef, Role)>, StorageError>;
}

/// Everything the core stores.
pub trait Store: UserStore + PlaceStatusStore + AuditLog + SubscriptionStore + BroadcastStore + RoleStore {}

impl<T: UserStore + PlaceStatusStore + AuditLog + SubscriptionStore + BroadcastStore + RoleStore> Store for T {}

/// What replaces a forgotten user's id in place reports and the audit log.
pub const FORGOTTEN: &str = "forgotten";

/// `transport:id`, as the audit log and place reports name a user.
pub fn user_key(user: &UserRef) -> String {
    format!("{}:{}", user.transport.as_str(), user.id)
}
