//! The SQLite store: one file in `[storage] data_dir`, WAL journal, versioned migrations.
//!
//! Calls are short and synchronous behind a mutex; async callers run them on a blocking thread.
//! `secure_delete` is on and the WAL is truncated after `/forget`, so a forgotten user's bytes do
//! not linger in free pages or the journal of a device that may be searched.

use super::{
    AuditEntry, AuditLog, BroadcastStatus, BroadcastStore, Delivery, FORGOTTEN, NewBroadcast, PlaceStatusStore,
    PlaceUpdate, Progress, Role, RoleStore, StorageError, SubscriptionStore, UserRecord, UserStore, user_key,
    user_of_key,
};
use crate::broadcast::Audience;
use crate::core::conversation::State;
use crate::core::{Transport, UserRef};
use crate::i18n::Lang;
use crate::kb::PlaceStatus;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

/// Schema versions, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE users (
        transport     TEXT NOT NULL,
        id            TEXT NOT NULL,
        lang          TEXT,
        lang_explicit INTEGER NOT NULL DEFAULT 0,
        state         TEXT NOT NULL,
        PRIMARY KEY (transport, id)
    ) STRICT;",
    "CREATE TABLE place_status (
        place  TEXT PRIMARY KEY,
        status TEXT,
        beds   INTEGER,
        by     TEXT NOT NULL,
        at     INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE audit (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,
        who    TEXT NOT NULL,
        action TEXT NOT NULL
    ) STRICT;",
    "CREATE TABLE subscriptions (
        transport TEXT NOT NULL,
        id        TEXT NOT NULL,
        topic     TEXT NOT NULL,
        PRIMARY KEY (transport, id, topic)
    ) STRICT;",
    "CREATE TABLE broadcasts (
        id       INTEGER PRIMARY KEY,
        audience TEXT NOT NULL,
        text_hy  TEXT NOT NULL,
        text_ar  TEXT NOT NULL,
        text_en  TEXT NOT NULL,
        by       TEXT NOT NULL,
        at       INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE deliveries (
        broadcast INTEGER NOT NULL REFERENCES broadcasts (id),
        transport TEXT NOT NULL,
        id        TEXT NOT NULL,
        lang      TEXT NOT NULL,
        state     TEXT NOT NULL DEFAULT 'pending',
        attempts  INTEGER NOT NULL DEFAULT 0,
        error     TEXT,
        at        INTEGER NOT NULL,
        PRIMARY KEY (broadcast, transport, id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX deliveries_state ON deliveries (broadcast, state);",
    // Delivery workers: a retry's earliest time, deliveries sent again after a crash, and the
    // queue order (per network, oldest broadcast first).
    "ALTER TABLE deliveries ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE deliveries ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX deliveries_queue ON deliveries (transport, state, broadcast);",
    "ALTER TABLE broadcasts ADD COLUMN progress TEXT;
    ALTER TABLE broadcasts ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;",
    "CREATE TABLE roles (
        transport TEXT NOT NULL,
        id        TEXT NOT NULL,
        role      TEXT NOT NULL,
        PRIMARY KEY (transport, id)
    ) STRICT;",
    // Broadcasts waiting for a second volunteer's approval ([broadcast] require_approval).
    "ALTER TABLE broadcasts ADD COLUMN held INTEGER NOT NULL DEFAULT 0;",
];

/// The subscribers an audience reaches: `?3` is its kind, `?4` its value (`?1` and `?2` are the
/// enqueuing statement's own).
const AUDIENCE_FROM: &str = "FROM subscriptions s LEFT JOIN users u ON u.transport = s.transport AND u.id = s.id
     WHERE ?3 = 'all'
        OR (?3 = 'topic' AND (s.topic = ?4 OR s.topic = 'all'))
        OR (?3 = 'lang' AND coalesce(u.lang, 'en') = ?4)";

fn audience_params(audience: &Audience) -> (&'static str, String) {
    match audience {
        Audience::All => ("all", String::new()),
        Audience::Topic(t) => ("topic", t.clone()),
        Audience::Lang(l) => ("lang", l.code().to_owned()),
    }
}

/// One delivery row per subscriber `audience` reaches, in their language (a subscriber to
/// several topics gets one).
fn insert_deliveries(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    audience: &Audience,
    at: i64,
) -> Result<(), StorageError> {
    let (kind, value) = audience_params(audience);
    tx.execute(
        &format!(
            "INSERT OR IGNORE INTO deliveries (broadcast, transport, id, lang, at)
             SELECT DISTINCT ?1, s.transport, s.id, coalesce(u.lang, 'en'), ?2 {AUDIENCE_FROM}"
        ),
        params![id, at, kind, value],
    )
    .map_err(backend)?;
    Ok(())
}

/// Users in a SQLite database.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

/// The database (and its journal) readable by the bot's own account only: it holds who uses the bot.
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut files = vec![path.to_path_buf()];
        for suffix in ["-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            files.push(name.into());
        }
        for file in files.iter().filter(|f| f.exists()) {
            if let Err(e) = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)) {
                tracing::warn!(error = %e, "cannot restrict the database's permissions");
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn backend(e: rusqlite::Error) -> StorageError {
    StorageError::Backend(e.to_string())
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        let open_err = |reason: String| StorageError::Open { path: path.display().to_string(), reason };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let conn = Connection::open(path).map_err(|e| open_err(e.to_string()))?;
        let store = Self::init(conn).map_err(|e| open_err(e.to_string()))?;
        restrict_to_owner(path);
        Ok(store)
    }

    /// A private in-memory database (tests).
    pub fn open_in_memory() -> Result<Self, StorageError> {
        let conn = Connection::open_in_memory().map_err(backend)?;
        Self::init(conn).map_err(backend)
    }

    fn init(mut conn: Connection) -> rusqlite::Result<Self> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tx = conn.transaction()?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i + 1)?;
        }
        tx.commit()?;
        Ok(Self { conn: Mutex::new(conn) })
    }

    /// The broadcast row, and unless it is `held` its deliveries, in one transaction.
    fn insert_broadcast(&self, b: &NewBroadcast, held: bool) -> Result<i64, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(backend)?;
        tx.execute(
            "INSERT INTO broadcasts (audience, text_hy, text_ar, text_en, by, at, held)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![b.audience.to_string(), b.texts.hy, b.texts.ar, b.texts.en, b.by, b.at, held],
        )
        .map_err(backend)?;
        let id = tx.last_insert_rowid();
        if !held {
            insert_deliveries(&tx, id, &b.audience, b.at)?;
        }
        tx.commit().map_err(backend)?;
        Ok(id)
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl UserStore for SqliteStore {
    fn load(&self, user: &UserRef) -> Result<Option<UserRecord>, StorageError> {
        let row: Option<(Option<String>, bool, String)> = self
            .conn()
            .query_row(
                "SELECT lang, lang_explicit, state FROM users WHERE transport = ?1 AND id = ?2",
                params![user.transport.as_str(), user.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(backend)?;
        Ok(row.map(|(lang, lang_explicit, state)| UserRecord {
            lang: lang.and_then(|l| Lang::from_hint(&l)),
            lang_explicit,
            // A state written by another version starts the conversation afresh.
            state: serde_json::from_str::<State>(&state).unwrap_or_default(),
        }))
    }

    fn save(&self, user: &UserRef, record: &UserRecord) -> Result<(), StorageError> {
        let state = serde_json::to_string(&record.state).map_err(|e| StorageError::Backend(e.to_string()))?;
        self.conn()
            .execute(
                "INSERT INTO users (transport, id, lang, lang_explicit, state) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (transport, id) DO UPDATE SET
                   lang = excluded.lang, lang_explicit = excluded.lang_explicit, state = excluded.state",
                params![user.transport.as_str(), user.id, record.lang.map(Lang::code), record.lang_explicit, state],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn forget(&self, user: &UserRef) -> Result<bool, StorageError> {
        let mut conn = self.conn();
        let key = user_key(user);
        let tx = conn.transaction().map_err(backend)?;
        let mut n = 0;
        for table in ["users", "subscriptions", "deliveries", "roles"] {
            let sql = format!("DELETE FROM {table} WHERE transport = ?1 AND id = ?2");
            n += tx.execute(&sql, params![user.transport.as_str(), user.id]).map_err(backend)?;
        }
        // A volunteer's reports and audit entries stay (what was done, when), but not who did it.
        let reports =
            tx.execute("UPDATE place_status SET by = ?1 WHERE by = ?2", params![FORGOTTEN, key]).map_err(backend)?;
        let audits =
            tx.execute("UPDATE audit SET who = ?1 WHERE who = ?2", params![FORGOTTEN, key]).map_err(backend)?;
        let broadcasts =
            tx.execute("UPDATE broadcasts SET by = ?1 WHERE by = ?2", params![FORGOTTEN, key]).map_err(backend)?;
        tx.commit().map_err(backend)?;
        // Move the deletion out of the WAL into the (zeroed) main file now, not at some later
        // checkpoint. A busy checkpoint (another reader) leaves it for the next one: say so.
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0)).map_err(backend)?;
        if busy != 0 {
            tracing::warn!("WAL checkpoint after /forget was busy; the journal is cleared at the next one");
        }
        Ok(n + reports + audits + broadcasts > 0)
    }
}

fn status_text(status: PlaceStatus) -> &'static str {
    match status {
        PlaceStatus::Open => "open",
        PlaceStatus::Full => "full",
        PlaceStatus::Closed => "closed",
    }
}

fn status_from(text: &str) -> Option<PlaceStatus> {
    match text {
        "open" => Some(PlaceStatus::Open),
        "full" => Some(PlaceStatus::Full),
        "closed" => Some(PlaceStatus::Closed),
        _ => None,
    }
}

impl PlaceStatusStore for SqliteStore {
    fn update_place(
        &self,
        place: &str,
        status: Option<PlaceStatus>,
        beds: Option<u32>,
        by: &UserRef,
        at: i64,
    ) -> Result<(), StorageError> {
        self.conn()
            .execute(
                "INSERT INTO place_status (place, status, beds, by, at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (place) DO UPDATE SET
                   status = coalesce(excluded.status, status), beds = coalesce(excluded.beds, beds),
                   by = excluded.by, at = excluded.at",
                params![place, status.map(status_text), beds, user_key(by), at],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn place_updates(&self) -> Result<HashMap<String, PlaceUpdate>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT place, status, beds, by, at FROM place_status").map_err(backend)?;
        let rows = stmt
            .query_map([], |r| {
                let status: Option<String> = r.get(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    PlaceUpdate {
                        status: status.as_deref().and_then(status_from),
                        beds: r.get(2)?,
                        by: r.get(3)?,
                        at: r.get(4)?,
                    },
                ))
            })
            .map_err(backend)?;
        rows.collect::<Result<_, _>>().map_err(backend)
    }
}

impl AuditLog for SqliteStore {
    fn audit(&self, who: &UserRef, action: &str, at: i64) -> Result<(), StorageError> {
        self.conn()
            .execute("INSERT INTO audit (at, who, action) VALUES (?1, ?2, ?3)", params![at, user_key(who), action])
            .map_err(backend)?;
        Ok(())
    }

    fn audit_entries(&self) -> Result<Vec<AuditEntry>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT at, who, action FROM audit ORDER BY id").map_err(backend)?;
        let rows = stmt
            .query_map([], |r| Ok(AuditEntry { at: r.get(0)?, who: r.get(1)?, action: r.get(2)? }))
            .map_err(backend)?;
        rows.collect::<Result<_, _>>().map_err(backend)
    }
}

impl SubscriptionStore for SqliteStore {
    fn subscribe(&self, user: &UserRef, topic: Option<&str>) -> Result<bool, StorageError> {
        let n = self
            .conn()
            .execute(
                "INSERT OR IGNORE INTO subscriptions (transport, id, topic) VALUES (?1, ?2, ?3)",
                params![user.transport.as_str(), user.id, topic.unwrap_or("all")],
            )
            .map_err(backend)?;
        Ok(n > 0)
    }

    fn unsubscribe(&self, user: &UserRef) -> Result<bool, StorageError> {
        let n = self
            .conn()
            .execute(
                "DELETE FROM subscriptions WHERE transport = ?1 AND id = ?2",
                params![user.transport.as_str(), user.id],
            )
            .map_err(backend)?;
        Ok(n > 0)
    }

    fn subscriptions(&self, user: &UserRef) -> Result<Vec<String>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT topic FROM subscriptions WHERE transport = ?1 AND id = ?2 ORDER BY topic")
            .map_err(backend)?;
        let rows = stmt.query_map(params![user.transport.as_str(), user.id], |r| r.get(0)).map_err(backend)?;
        rows.collect::<Result<_, _>>().map_err(backend)
    }
}

impl BroadcastStore for SqliteStore {
    fn enqueue(&self, b: &NewBroadcast) -> Result<BroadcastStatus, StorageError> {
        let id = self.insert_broadcast(b, false)?;
        Ok(self.broadcast_status(Some(id))?.into_iter().next().unwrap_or_default())
    }

    fn hold(&self, b: &NewBroadcast) -> Result<BroadcastStatus, StorageError> {
        let id = self.insert_broadcast(b, true)?;
        Ok(self.broadcast_status(Some(id))?.into_iter().next().unwrap_or_default())
    }

    fn held_by(&self, id: i64) -> Result<Option<String>, StorageError> {
        self.conn()
            .query_row("SELECT by FROM broadcasts WHERE id = ?1 AND held = 1", params![id], |r| r.get(0))
            .optional()
            .map_err(backend)
    }

    fn release(&self, id: i64) -> Result<Option<BroadcastStatus>, StorageError> {
        {
            let mut conn = self.conn();
            let tx = conn.transaction().map_err(backend)?;
            let held: Option<(String, i64)> = tx
                .query_row("SELECT audience, at FROM broadcasts WHERE id = ?1 AND held = 1", params![id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .map_err(backend)?;
            let Some((audience, at)) = held else { return Ok(None) };
            let audience: Audience =
                audience.parse().map_err(|e: crate::broadcast::BroadcastError| StorageError::Backend(e.to_string()))?;
            tx.execute("UPDATE broadcasts SET held = 0 WHERE id = ?1", params![id]).map_err(backend)?;
            insert_deliveries(&tx, id, &audience, at)?;
            tx.commit().map_err(backend)?;
        }
        Ok(self.broadcast_status(Some(id))?.into_iter().next())
    }

    fn broadcast_status(&self, id: Option<i64>) -> Result<Vec<BroadcastStatus>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT id, audience, at, held FROM broadcasts WHERE ?1 IS NULL OR id = ?1 ORDER BY id DESC")
            .map_err(backend)?;
        let mut out: Vec<BroadcastStatus> = stmt
            .query_map(params![id], |r| {
                Ok(BroadcastStatus {
                    id: r.get(0)?,
                    audience: r.get(1)?,
                    at: r.get(2)?,
                    held: r.get(3)?,
                    ..BroadcastStatus::default()
                })
            })
            .map_err(backend)?
            .collect::<Result<_, _>>()
            .map_err(backend)?;
        let mut counts = conn
            .prepare(
                "SELECT state, lang, count(*), sum(resent > 0) FROM deliveries WHERE broadcast = ?1
                 GROUP BY state, lang",
            )
            .map_err(backend)?;
        for status in &mut out {
            let rows = counts
                .query_map(params![status.id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
                })
                .map_err(backend)?;
            for row in rows {
                let (state, lang, n, resent) = row.map_err(backend)?;
                let n = u64::try_from(n).unwrap_or(0);
                status.resent += u64::try_from(resent).unwrap_or(0);
                match state.as_str() {
                    "pending" => status.pending += n,
                    "in_flight" => status.in_flight += n,
                    "sent" => status.sent += n,
                    "cancelled" => status.cancelled += n,
                    _ => status.failed += n,
                }
                let slot = match lang.as_str() {
                    "hy" => 0,
                    "ar" => 1,
                    _ => 2,
                };
                status.per_lang[slot] += n;
            }
        }
        Ok(out)
    }

    fn audience_size(&self, audience: &Audience) -> Result<u64, StorageError> {
        let (kind, value) = audience_params(audience);
        let n: i64 = self
            .conn()
            .query_row(
                &format!("SELECT count(*) FROM (SELECT DISTINCT s.transport, s.id {AUDIENCE_FROM})"),
                params![0, 0, kind, value],
                |r| r.get(0),
            )
            .map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn claim(&self, transport: Transport, now: i64) -> Result<Option<Delivery>, StorageError> {
        let conn = self.conn();
        let claimed: Option<(i64, String, String, u32)> = conn
            .prepare_cached(
                "UPDATE deliveries SET state = 'in_flight'
                 WHERE (broadcast, transport, id) = (
                     SELECT broadcast, transport, id FROM deliveries
                     WHERE transport = ?1 AND state = 'pending' AND not_before <= ?2
                     ORDER BY broadcast LIMIT 1)
                 RETURNING broadcast, id, lang, attempts",
            )
            .map_err(backend)?
            .query_row(params![transport.as_str(), now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()
            .map_err(backend)?;
        let Some((broadcast, id, lang, attempts)) = claimed else { return Ok(None) };
        let lang: Lang = lang.parse().unwrap_or(Lang::En);
        let text: String = conn
            .prepare_cached(
                "SELECT CASE ?2 WHEN 'hy' THEN text_hy WHEN 'ar' THEN text_ar ELSE text_en END
                 FROM broadcasts WHERE id = ?1",
            )
            .map_err(backend)?
            .query_row(params![broadcast, lang.code()], |r| r.get(0))
            .map_err(backend)?;
        Ok(Some(Delivery { broadcast, to: UserRef::new(transport, id), lang, text, attempts }))
    }

    fn mark_sent(&self, d: &Delivery, now: i64) -> Result<(), StorageError> {
        self.conn()
            .prepare_cached(
                "UPDATE deliveries SET state = 'sent', at = ?4, error = NULL
                 WHERE broadcast = ?1 AND transport = ?2 AND id = ?3",
            )
            .map_err(backend)?
            .execute(params![d.broadcast, d.to.transport.as_str(), d.to.id, now])
            .map_err(backend)?;
        Ok(())
    }

    fn reschedule(&self, d: &Delivery, not_before: i64, attempts: u32, error: &str) -> Result<(), StorageError> {
        self.conn()
            .prepare_cached(
                "UPDATE deliveries SET state = 'pending', not_before = ?4, attempts = ?5, error = ?6
                 WHERE broadcast = ?1 AND transport = ?2 AND id = ?3 AND state = 'in_flight'",
            )
            .map_err(backend)?
            .execute(params![d.broadcast, d.to.transport.as_str(), d.to.id, not_before, attempts, error])
            .map_err(backend)?;
        Ok(())
    }

    fn mark_failed(&self, d: &Delivery, error: &str) -> Result<(), StorageError> {
        self.conn()
            .prepare_cached(
                "UPDATE deliveries SET state = 'failed', error = ?4
                 WHERE broadcast = ?1 AND transport = ?2 AND id = ?3",
            )
            .map_err(backend)?
            .execute(params![d.broadcast, d.to.transport.as_str(), d.to.id, error])
            .map_err(backend)?;
        Ok(())
    }

    fn recover(&self, transport: Transport) -> Result<u64, StorageError> {
        let n = self
            .conn()
            .execute(
                "UPDATE deliveries SET state = 'pending', resent = resent + 1
                 WHERE transport = ?1 AND state = 'in_flight'",
                params![transport.as_str()],
            )
            .map_err(backend)?;
        Ok(n as u64)
    }

    fn progress_due(&self, transport: Transport) -> Result<Vec<Progress>, StorageError> {
        let rows: Vec<(i64, String, Option<String>)> = {
            let conn = self.conn();
            let mut stmt = conn
                .prepare(
                    "SELECT id, by, progress FROM broadcasts
                     WHERE reported = 0 AND held = 0 AND by LIKE ?1 || ':%' ORDER BY id",
                )
                .map_err(backend)?;
            stmt.query_map(params![transport.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(backend)?
                .collect::<Result<_, _>>()
                .map_err(backend)?
        };
        let mut out = Vec::new();
        for (id, by, handle) in rows {
            let (Some(author), Some(status)) = (user_of_key(&by), self.broadcast_status(Some(id))?.pop()) else {
                continue;
            };
            out.push(Progress { status, author, handle });
        }
        Ok(out)
    }

    fn set_progress(&self, id: i64, handle: Option<&str>, finished: bool) -> Result<(), StorageError> {
        self.conn()
            .execute(
                "UPDATE broadcasts SET progress = coalesce(?2, progress), reported = ?3 WHERE id = ?1",
                params![id, handle, finished],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn cancel(&self, id: i64) -> Result<Option<u64>, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(backend)?;
        let exists = tx
            .query_row("SELECT 1 FROM broadcasts WHERE id = ?1", params![id], |_| Ok(()))
            .optional()
            .map_err(backend)?
            .is_some();
        if !exists {
            return Ok(None);
        }
        let n = tx
            .execute(
                "UPDATE deliveries SET state = 'cancelled' WHERE broadcast = ?1 AND state = 'pending'",
                params![id],
            )
            .map_err(backend)?;
        // A broadcast waiting for approval can no longer be approved.
        tx.execute("UPDATE broadcasts SET held = 0 WHERE id = ?1", params![id]).map_err(backend)?;
        tx.commit().map_err(backend)?;
        Ok(Some(n as u64))
    }
}

impl RoleStore for SqliteStore {
    fn grant(&self, user: &UserRef, role: Role) -> Result<bool, StorageError> {
        let changed = self
            .conn()
            .execute(
                "INSERT INTO roles (transport, id, role) VALUES (?1, ?2, ?3)
                 ON CONFLICT (transport, id) DO UPDATE SET role = excluded.role WHERE role != excluded.role",
                params![user.transport.as_str(), user.id, role.as_str()],
            )
            .map_err(backend)?;
        Ok(changed > 0)
    }

    fn revoke(&self, user: &UserRef) -> Result<bool, StorageError> {
        let n = self
            .conn()
            .execute("DELETE FROM roles WHERE transport = ?1 AND id = ?2", params![user.transport.as_str(), user.id])
            .map_err(backend)?;
        Ok(n > 0)
    }

    fn role(&self, user: &UserRef) -> Result<Option<Role>, StorageError> {
        let role: Option<String> = self
            .conn()
            .query_row(
                "SELECT role FROM roles WHERE transport = ?1 AND id = ?2",
                params![user.transport.as_str(), user.id],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        Ok(role.as_deref().and_then(Role::parse))
    }

    fn granted(&self) -> Result<Vec<(UserRef, Role)>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT transport, id, role FROM roles ORDER BY transport, id").map_err(backend)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (transport, id, role) = row.map_err(backend)?;
            if let (Some(transport), Some(role)) = (Transport::parse(&transport), Role::parse(&role)) {
                out.push((UserRef::new(transport, id), role));
            }
        }
        Ok(out)
    }
}
