//! Matrix, through matrix-sdk: a thin layer over [`Core::handle`], end-to-end encrypted.
//!
//! The session (access token and device id), the sync token and the crypto store live under
//! `[storage] data_dir`/`matrix`: lose the crypto store and every encrypted message becomes
//! undecryptable, so it is restored at every start, never recreated. The first sync only catches
//! up (old history is never answered); handlers are registered after it.

pub mod outbound;

use crate::broadcast::progress::Notifier;
use crate::broadcast::worker::{SendError as BroadcastSendError, Sender};
use crate::config::MatrixConfig;
use crate::core::{Core, Incoming, Input, Reply, Transport, UserRef};
use crate::i18n::msg;
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::{RequestConfig, SyncSettings};
use matrix_sdk::event_handler::Ctx;
use matrix_sdk::ruma::api::client::uiaa;
use matrix_sdk::ruma::api::error::{ErrorKind, LimitExceededErrorData, RetryAfter};
use matrix_sdk::ruma::events::room::member::{MembershipState, OriginalSyncRoomMemberEvent, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{
    LocationMessageEventContent, MessageType, OriginalSyncRoomMessageEvent, Relation, ReplacementMetadata,
    RoomMessageEventContent,
};
use matrix_sdk::ruma::{OwnedEventId, OwnedUserId, RoomId, UserId};
use matrix_sdk::{Client, Room, RoomMemberships, RoomState, SessionMeta, SessionTokens};
use outbound::Outgoing;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The environment variable holding the bot account's password.
pub const PASSWORD_ENV: &str = "REFUGE_MATRIX_PASSWORD";
/// The environment variable holding an access token (instead of a password).
pub const ACCESS_TOKEN_ENV: &str = "REFUGE_MATRIX_ACCESS_TOKEN";
/// The environment variable holding the passphrase that encrypts the Matrix stores.
pub const STORE_PASSPHRASE_ENV: &str = "REFUGE_MATRIX_STORE_PASSPHRASE";

/// How the bot proves who it is, from the environment.
#[derive(Clone, Default)]
pub struct Secrets {
    /// The account's password (lets the bot bootstrap cross-signing).
    pub password: Option<String>,
    /// An access token (when the operator does not want the password on the server).
    pub access_token: Option<String>,
    /// Encrypts the SQLite stores at rest.
    pub store_passphrase: Option<String>,
}

impl Secrets {
    /// Reads `REFUGE_MATRIX_PASSWORD`, `REFUGE_MATRIX_ACCESS_TOKEN`, `REFUGE_MATRIX_STORE_PASSPHRASE`.
    pub fn from_env() -> Self {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Self {
            password: get(PASSWORD_ENV),
            access_token: get(ACCESS_TOKEN_ENV),
            store_passphrase: get(STORE_PASSPHRASE_ENV),
        }
    }
}

/// Why Matrix cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum MatrixError {
    /// Neither a saved session nor credentials.
    #[error("no Matrix session yet: set {PASSWORD_ENV} (or {ACCESS_TOKEN_ENV}) for the first start")]
    NoCredentials,
    /// `matrix.user` does not parse.
    #[error("matrix.user {0:?} is not a Matrix user id")]
    BadUser(String),
    /// The homeserver refused the credentials.
    #[error("the homeserver refused to log in {user}: {reason}")]
    Login {
        /// The account.
        user: String,
        /// Why.
        reason: String,
    },
    /// The saved session belongs to another account than `matrix.user`.
    #[error("the saved session in {path} is for {found}, not {wanted}; move it away to log in again")]
    OtherAccount {
        /// The session file.
        path: PathBuf,
        /// Its account.
        found: String,
        /// The configured one.
        wanted: String,
    },
    /// The local stores or session file.
    #[error("Matrix store at {path}: {reason}")]
    Store {
        /// Where.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Anything else from the SDK.
    #[error("Matrix: {0}")]
    Sdk(String),
}

/// A logged-in bot, ready to run.
pub struct Matrix {
    client: Client,
    core: Arc<Core>,
}

/// The session file: what is needed to come back as the same device.
fn session_path(dir: &Path) -> PathBuf {
    dir.join("session.json")
}

/// Writes `contents` readable by the bot's own account only.
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, contents)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::rename(&tmp, path)
}

impl Matrix {
    /// Restores the saved session from `data_dir/matrix`, or logs in once (password or access
    /// token) and saves it. With a password, a fresh login also sets up cross-signing and key
    /// backup; the recovery key is written to `data_dir/matrix/recovery-key.txt` (keep it safe).
    pub async fn connect(
        config: &MatrixConfig,
        secrets: &Secrets,
        data_dir: &Path,
        core: Arc<Core>,
    ) -> Result<Self, MatrixError> {
        let user: OwnedUserId = config.user.parse().map_err(|_| MatrixError::BadUser(config.user.clone()))?;
        let dir = data_dir.join("matrix");
        let store_err = |reason: String| MatrixError::Store { path: dir.clone(), reason };
        std::fs::create_dir_all(&dir).map_err(|e| store_err(e.to_string()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| store_err(e.to_string()))?;
        }
        let client = Client::builder()
            .homeserver_url(&config.homeserver)
            .sqlite_store(dir.join("store"), secrets.store_passphrase.as_deref())
            .build()
            .await
            .map_err(|e| store_err(e.to_string()))?;
        let saved = session_path(&dir);
        if saved.exists() {
            let text = std::fs::read_to_string(&saved).map_err(|e| store_err(e.to_string()))?;
            let session: MatrixSession = serde_json::from_str(&text).map_err(|e| store_err(e.to_string()))?;
            if session.meta.user_id != user {
                return Err(MatrixError::OtherAccount {
                    path: saved,
                    found: session.meta.user_id.to_string(),
                    wanted: user.to_string(),
                });
            }
            client.restore_session(session).await.map_err(|e| MatrixError::Sdk(e.to_string()))?;
            tracing::info!(user = %user, "Matrix session restored");
        } else {
            Self::login(&client, &user, secrets).await?;
            let session = client.matrix_auth().session().ok_or(MatrixError::NoCredentials)?;
            let json = serde_json::to_vec(&session).map_err(|e| store_err(e.to_string()))?;
            write_private(&saved, &json).map_err(|e| store_err(e.to_string()))?;
            tracing::info!(user = %user, "logged in to Matrix; session saved");
            if let Some(password) = &secrets.password {
                Self::bootstrap_encryption(&client, &user, password, &dir).await;
            }
        }
        Ok(Self { client, core })
    }

    async fn login(client: &Client, user: &UserId, secrets: &Secrets) -> Result<(), MatrixError> {
        let failed = |e: &dyn std::fmt::Display| MatrixError::Login { user: user.to_string(), reason: e.to_string() };
        if let Some(password) = &secrets.password {
            client
                .matrix_auth()
                .login_username(user, password)
                .initial_device_display_name("refuge bot")
                .send()
                .await
                .map_err(|e| failed(&e))?;
        } else if let Some(token) = &secrets.access_token {
            // An access token names its device: ask the server which, then restore as that device.
            let tokens = SessionTokens { access_token: token.clone(), refresh_token: None };
            let probe = MatrixSession {
                meta: SessionMeta { user_id: user.to_owned(), device_id: "UNKNOWN".into() },
                tokens: tokens.clone(),
            };
            client
                .matrix_auth()
                .restore_session(probe, matrix_sdk::store::RoomLoadSettings::default())
                .await
                .map_err(|e| failed(&e))?;
            let whoami = client.whoami().await.map_err(|e| failed(&e))?;
            let device_id = whoami.device_id.ok_or_else(|| failed(&"the access token has no device"))?;
            let client_session = MatrixSession { meta: SessionMeta { user_id: whoami.user_id, device_id }, tokens };
            client.restore_session(client_session).await.map_err(|e| failed(&e))?;
        } else {
            return Err(MatrixError::NoCredentials);
        }
        Ok(())
    }

    /// Cross-signing (so clients that refuse unverified devices still talk to the bot) and
    /// server-side key backup with a recovery key. Failures are logged: the bot still works for
    /// clients that accept unverified devices.
    async fn bootstrap_encryption(client: &Client, user: &UserId, password: &str, dir: &Path) {
        let encryption = client.encryption();
        if let Err(e) = encryption.bootstrap_cross_signing(None).await {
            match e.as_uiaa_response() {
                Some(response) => {
                    let mut auth = uiaa::Password::new(
                        uiaa::UserIdentifier::Matrix(uiaa::MatrixUserIdentifier::new(user.to_string())),
                        password.to_owned(),
                    );
                    auth.session = response.session.clone();
                    if let Err(e) = encryption.bootstrap_cross_signing(Some(uiaa::AuthData::Password(auth))).await {
                        tracing::warn!(error = %e, "cannot set up cross-signing");
                        return;
                    }
                }
                None => {
                    tracing::warn!(error = %e, "cannot set up cross-signing");
                    return;
                }
            }
        }
        match encryption.recovery().enable().await {
            Ok(key) => {
                let path = dir.join("recovery-key.txt");
                match write_private(&path, format!("{key}\n").as_bytes()) {
                    Ok(()) => tracing::warn!(
                        path = %path.display(),
                        "Matrix recovery key written: copy it somewhere safe and offline, then delete the file"
                    ),
                    Err(e) => tracing::error!(error = %e, "cannot write the Matrix recovery key"),
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot enable Matrix key backup and recovery"),
        }
    }

    /// The bot's user id.
    pub fn user_id(&self) -> Option<&UserId> {
        self.client.user_id()
    }

    /// A sender for the broadcast worker, on the same client.
    pub fn sender(&self) -> MatrixSender {
        MatrixSender { client: self.client.clone() }
    }

    /// Catches up once without answering, then handles events until `shutdown`. Sync errors
    /// (the homeserver restarting, the network) back off and retry; they never stop the bot.
    pub async fn run(self, shutdown: CancellationToken) -> Result<(), MatrixError> {
        let settings = SyncSettings::default().timeout(Duration::from_secs(30));
        // Old history is never answered: the first sync happens before any handler exists.
        let mut delay = Duration::from_secs(1);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return Ok(()),
                r = self.client.sync_once(settings.clone()) => match r {
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, ?delay, "first Matrix sync failed; retrying");
                        tokio::time::sleep(delay).await;
                        delay = (delay * 2).min(Duration::from_secs(60));
                    }
                }
            }
        }
        // Invites that arrived while the bot was away.
        for room in self.client.invited_rooms() {
            tokio::spawn(join_with_backoff(room));
        }
        self.client.add_event_handler_context(Arc::new(Handler { core: self.core.clone() }));
        self.client.add_event_handler(on_invite);
        self.client.add_event_handler(on_message);
        self.client.add_event_handler(on_member);
        tracing::info!("serving Matrix");
        let mut delay = Duration::from_secs(1);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return Ok(()),
                r = self.client.sync_once(settings.clone()) => match r {
                    Ok(_) => delay = Duration::from_secs(1),
                    Err(e) => {
                        tracing::warn!(error = %e, ?delay, "Matrix sync failed; retrying");
                        tokio::select! {
                            () = shutdown.cancelled() => return Ok(()),
                            () = tokio::time::sleep(delay) => {}
                        }
                        delay = (delay * 2).min(Duration::from_secs(60));
                    }
                }
            }
        }
    }
}

/// What the event handlers share.
struct Handler {
    core: Arc<Core>,
}

/// Joins a room we were invited to, retrying with growing pauses (the invite may arrive before
/// the room is ready on a busy server).
async fn join_with_backoff(room: Room) {
    let mut delay = Duration::from_secs(2);
    loop {
        match room.join().await {
            Ok(()) => {
                tracing::info!("joined a Matrix room on invitation");
                return;
            }
            Err(e) if delay <= Duration::from_secs(3600) => {
                tracing::warn!(error = %e, ?delay, "cannot join a Matrix room yet; retrying");
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
            Err(e) => {
                tracing::error!(error = %e, "giving up joining a Matrix room");
                return;
            }
        }
    }
}

async fn on_invite(event: StrippedRoomMemberEvent, room: Room, client: Client) {
    if client.user_id() != Some(&*event.state_key) || room.state() != RoomState::Invited {
        return;
    }
    // Joining waits for the next sync: never inside the handler.
    tokio::spawn(join_with_backoff(room));
}

/// A conversation with the bot alone: the inviter marked it direct, or nobody else is in it.
/// (The members come from the local store: the room summary's counts are absent without lazy
/// loading, and would make every room look direct.)
async fn is_direct(room: &Room) -> bool {
    if room.is_direct().await.unwrap_or(false) {
        return true;
    }
    room.members_no_sync(RoomMemberships::ACTIVE).await.is_ok_and(|m| m.len() <= 2)
}

/// Someone left a direct chat: they are unsubscribed, and the bot leaves the empty room.
async fn on_member(event: OriginalSyncRoomMemberEvent, room: Room, client: Client, handler: Ctx<Arc<Handler>>) {
    let left = matches!(event.content.membership, MembershipState::Leave | MembershipState::Ban);
    if !left || client.user_id() == Some(&*event.state_key) || room.state() != RoomState::Joined {
        return;
    }
    if room.members_no_sync(RoomMemberships::JOIN).await.map_or(true, |m| m.len() > 1) {
        return;
    }
    let user = UserRef::new(Transport::Matrix, event.state_key.to_string());
    let core = handler.core.clone();
    if let Err(e) = tokio::task::spawn_blocking(move || core.user_unreachable(&user)).await {
        tracing::error!(error = %e, "cannot unsubscribe a Matrix user who left");
    }
    if let Err(e) = room.leave().await {
        tracing::warn!(error = %e, "cannot leave an empty Matrix room");
    }
}

/// What a message asks of the bot, or `None` when it should stay quiet.
fn input_of(event: &OriginalSyncRoomMessageEvent, direct: bool, me: &UserId) -> Option<Input> {
    // An edit is not a new question.
    if matches!(event.content.relates_to, Some(Relation::Replacement(_))) {
        return None;
    }
    match &event.content.msgtype {
        MessageType::Text(t) if direct => Some(Input::Text(t.body.clone())),
        MessageType::Text(t) => addressed_in_group(&t.body, event, me).map(Input::Text),
        MessageType::Location(l) if direct => {
            // An unreadable geo: URI gets the "how to share a location" answer.
            let (lat, lon) = outbound::parse_geo(&l.geo_uri).unwrap_or((0.0, 0.0));
            Some(Input::Location { lat, lon })
        }
        // Notices are other bots talking; reactions and the rest are not questions.
        MessageType::Notice(_) => None,
        // Images, voice, files in a direct chat: ask for a written question.
        MessageType::Image(_) | MessageType::Audio(_) | MessageType::Video(_) | MessageType::File(_) if direct => {
            Some(Input::Text(String::new()))
        }
        _ => None,
    }
}

/// In a group: a command (`!help`, `/help`) or a message mentioning the bot, mention removed.
fn addressed_in_group(body: &str, event: &OriginalSyncRoomMessageEvent, me: &UserId) -> Option<String> {
    let body = body.trim();
    if body.starts_with('!') || body.starts_with('/') {
        return Some(body.to_owned());
    }
    let mentioned = event.content.mentions.as_ref().is_some_and(|m| m.user_ids.contains(me));
    let by_id = body.contains(me.as_str());
    let localpart = me.localpart();
    let by_name = body.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).any(|w| w == localpart);
    if !(mentioned || by_id || by_name) {
        return None;
    }
    let rest = body.replace(me.as_str(), " ");
    let rest = rest.trim().trim_start_matches(localpart).trim_start_matches([':', ',']).trim();
    Some(rest.to_owned())
}

async fn on_message(event: OriginalSyncRoomMessageEvent, room: Room, client: Client, handler: Ctx<Arc<Handler>>) {
    let Some(me) = client.user_id() else { return };
    if event.sender == me || room.state() != RoomState::Joined {
        return;
    }
    let direct = is_direct(&room).await;
    let Some(input) = input_of(&event, direct, me) else { return };
    tracing::debug!(?input, "Matrix message");
    // A direct chat is the person's; a group's conversation is the room's.
    let id = if direct { event.sender.to_string() } else { room.room_id().to_string() };
    let incoming = Incoming { user: UserRef::new(Transport::Matrix, id), input, lang_hint: None };
    let core = handler.core.clone();
    let replies = match tokio::task::spawn_blocking(move || core.handle(incoming)).await {
        Ok(replies) => replies,
        Err(_) => {
            tracing::error!("the conversation core failed on a Matrix message; the user was told to retry");
            let lang = handler.core.default_lang();
            vec![Reply::Text { text: handler.core.text(lang, msg::ERROR_GENERIC) }]
        }
    };
    for item in outbound::render(&replies) {
        let content = match item {
            Outgoing::Text { plain, html } => RoomMessageEventContent::text_html(plain, html),
            Outgoing::Location { body, geo_uri } => {
                RoomMessageEventContent::new(MessageType::Location(LocationMessageEventContent::new(body, geo_uri)))
            }
        };
        // The SDK retries rate limits (M_LIMIT_EXCEEDED, honouring retry_after_ms) and network errors.
        if let Err(e) = room.send(content).await {
            tracing::warn!(error = %e, "cannot deliver a reply on Matrix");
            return;
        }
    }
}

/// Sends broadcasts for the delivery worker: plain text in the subscriber's direct chat (or the
/// group room that subscribed), one attempt per call — the worker schedules retries.
pub struct MatrixSender {
    client: Client,
}

impl MatrixSender {
    fn room_for(&self, to: &UserRef) -> Option<Room> {
        if to.id.starts_with('!') {
            let id: &RoomId = to.id.as_str().try_into().ok()?;
            self.client.get_room(id).filter(|r| r.state() == RoomState::Joined)
        } else {
            let id: &UserId = to.id.as_str().try_into().ok()?;
            self.client.get_dm_room(id)
        }
    }
}

/// What the homeserver said, as the broadcast worker sees it.
fn broadcast_error(e: &matrix_sdk::Error) -> BroadcastSendError {
    match e.client_api_error_kind() {
        Some(ErrorKind::LimitExceeded(LimitExceededErrorData { retry_after, .. })) => {
            let wait = match retry_after {
                Some(RetryAfter::Delay(d)) => *d,
                Some(RetryAfter::DateTime(at)) => {
                    at.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::from_secs(1))
                }
                None => Duration::from_secs(5),
            };
            BroadcastSendError::RateLimited(wait)
        }
        Some(ErrorKind::Forbidden) => BroadcastSendError::Unreachable(e.to_string()),
        Some(_) => BroadcastSendError::Permanent(e.to_string()),
        None => BroadcastSendError::Transient(e.to_string()),
    }
}

impl Notifier for MatrixSender {
    fn transport(&self) -> Transport {
        Transport::Matrix
    }

    async fn post(&self, to: &UserRef, text: &str) -> Result<Option<String>, BroadcastSendError> {
        let Some(room) = self.room_for(to) else {
            return Err(BroadcastSendError::Unreachable("no room shared with the author".into()));
        };
        let sent = room.send(RoomMessageEventContent::text_plain(text)).await.map_err(|e| broadcast_error(&e))?;
        Ok(Some(sent.response.event_id.to_string()))
    }

    async fn update(&self, to: &UserRef, handle: &str, text: &str) -> Result<(), BroadcastSendError> {
        let Some(room) = self.room_for(to) else {
            return Err(BroadcastSendError::Unreachable("no room shared with the author".into()));
        };
        let event: OwnedEventId =
            handle.parse().map_err(|_| BroadcastSendError::Permanent("not a Matrix event id".into()))?;
        // An edit (m.replace): clients show the new text in place of the old.
        let content = RoomMessageEventContent::text_plain(text).make_replacement(ReplacementMetadata::new(event, None));
        room.send(content).await.map(drop).map_err(|e| broadcast_error(&e))
    }
}

impl Sender for MatrixSender {
    fn transport(&self) -> Transport {
        Transport::Matrix
    }

    async fn send(&self, to: &UserRef, text: &str) -> Result<(), BroadcastSendError> {
        let Some(room) = self.room_for(to) else {
            return Err(BroadcastSendError::Unreachable("no room shared with the subscriber".into()));
        };
        let content = RoomMessageEventContent::text_plain(text);
        room.send(content)
            .with_request_config(RequestConfig::new().disable_retry())
            .await
            .map(drop)
            .map_err(|e| broadcast_error(&e))
    }
}
