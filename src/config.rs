//! `config.toml`: a typed, validated settings file. Unknown keys are refused (a typo must not be
//! silently ignored), every key has a default, and relative paths are taken from the file's folder.
//! Secrets never live here: they come from the environment (see the README).

use crate::check::{self, Problem};
use crate::core::{Roles, Transport, UserRef};
use crate::i18n::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The whole configuration.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Conversation settings.
    pub bot: BotConfig,
    /// Where the knowledge base is.
    pub knowledge: DirConfig,
    /// Where the Fluent files are.
    pub locales: DirConfig,
    /// Where state is kept.
    pub storage: StorageConfig,
    /// Search thresholds.
    pub search: SearchConfig,
    /// Live place status.
    pub places: PlacesConfig,
    /// Who may update places (coordinators may too).
    pub volunteers: RoleConfig,
    /// Who coordinates (everything a volunteer may, and more as it comes).
    pub coordinators: RoleConfig,
    /// Telegram; absent: `refuge serve` does not start it.
    pub telegram: Option<TelegramConfig>,
    /// Matrix; absent: `refuge serve` does not start it.
    pub matrix: Option<MatrixConfig>,
    /// Broadcast delivery.
    pub broadcast: BroadcastConfig,
    /// Folder relative paths are resolved against (the config file's).
    #[serde(skip)]
    pub base: PathBuf,
}

/// `[bot]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BotConfig {
    /// Language for users whose language is unknown.
    pub default_lang: Lang,
}

impl Default for BotConfig {
    fn default() -> Self {
        Self { default_lang: Lang::En }
    }
}

/// A folder setting (`[knowledge]`, `[locales]`).
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DirConfig {
    /// The folder.
    pub dir: Option<PathBuf>,
}

/// `[storage]`.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StorageConfig {
    /// Folder of the SQLite database (`refuge.db`).
    pub data_dir: Option<PathBuf>,
}

/// `[search]`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Share of the query the best entry must explain to be answered (0–1).
    pub confident_coverage: f32,
    /// The runner-up must score at most this fraction of the best (0–1).
    pub confident_margin: f32,
    /// Share of the query an entry must explain to be suggested (0–1).
    pub suggest_coverage: f32,
    /// How much a word no entry has counts against coverage, as a share of the rarest word (0–1).
    pub unknown_weight: f32,
    /// How much a word no entry has but a question on another subject has counts against
    /// coverage, in the same unit (1–4).
    pub other_subject_weight: f32,
    /// How much a word the best entry has only in its answer text counts toward its share (0–1).
    pub passing_weight: f32,
    /// How much a word only guessed (transliteration, prefix) counts toward that share (0–1).
    pub guess_weight: f32,
    /// The log-odds (how the question reads, how well the best entry explains it) below which a
    /// question is not answered outright (−100–100; lower answers more).
    pub answerable: f32,
}

impl Default for SearchConfig {
    fn default() -> Self {
        let t = crate::kb::search::Thresholds::default();
        Self {
            confident_coverage: t.confident_coverage,
            confident_margin: t.confident_margin,
            suggest_coverage: t.suggest_coverage,
            unknown_weight: t.unknown_weight,
            other_subject_weight: t.other_subject_weight,
            passing_weight: t.passing_weight,
            guess_weight: t.guess_weight,
            answerable: t.answerable,
        }
    }
}

/// `[places]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlacesConfig {
    /// After this (`12h`, `3d`…) a volunteer's report is shown as possibly out of date.
    pub status_ttl: String,
}

impl Default for PlacesConfig {
    fn default() -> Self {
        Self { status_ttl: "6h".to_owned() }
    }
}

/// `[telegram]`. The bot token is never here: it comes from `REFUGE_TELEGRAM_TOKEN`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramConfig {
    /// Another Bot API server (a local `telegram-bot-api`, or a test emulator).
    pub api_url: Option<String>,
    /// How updates arrive.
    pub mode: TelegramMode,
    /// Webhook mode: the address to listen on (behind a TLS-terminating proxy).
    pub webhook_listen: Option<std::net::SocketAddr>,
    /// Webhook mode: the public HTTPS address Telegram posts updates to.
    pub webhook_url: Option<String>,
}

/// How Telegram updates arrive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    /// Long polling (`getUpdates`): works behind any firewall.
    #[default]
    Polling,
    /// Telegram posts updates to `webhook_url`; every request must carry the secret token.
    Webhook,
}

/// `[matrix]`. The password (or access token) and the store passphrase are never here: they come
/// from `REFUGE_MATRIX_PASSWORD` / `REFUGE_MATRIX_ACCESS_TOKEN` and `REFUGE_MATRIX_STORE_PASSPHRASE`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixConfig {
    /// The homeserver's URL, e.g. `https://matrix.example.org`.
    pub homeserver: String,
    /// The bot's account, `@refuge:example.org`.
    pub user: String,
}

/// `[broadcast]`: how fast broadcasts go out on each network.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BroadcastConfig {
    /// Telegram messages per second (its free limit is about 30).
    pub telegram_per_second: f64,
    /// Pay Telegram (in Stars) to send up to 1000 messages per second: an operator's decision.
    pub allow_paid_broadcast: bool,
    /// Matrix messages per second: Synapse's default `rc_message` allows 0.2; raise it only after
    /// the bot account is exempted (see README).
    pub matrix_per_second: f64,
    /// A broadcast written in chat goes out only after a second volunteer approves it.
    pub require_approval: bool,
}

impl Default for BroadcastConfig {
    fn default() -> Self {
        Self { telegram_per_second: 25.0, allow_paid_broadcast: false, matrix_per_second: 0.2, require_approval: false }
    }
}

/// `[volunteers]` or `[coordinators]`: user ids per network.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoleConfig {
    /// Telegram user ids.
    pub telegram: Vec<UserId>,
    /// Matrix user ids (`@name:server`).
    pub matrix: Vec<UserId>,
    /// Console user names (`refuge chat --user NAME`).
    pub console: Vec<UserId>,
}

/// A user id as written in the file: Telegram's are numbers, others text.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum UserId {
    /// A number.
    Number(i64),
    /// Text.
    Text(String),
}

impl RoleConfig {
    /// The users listed.
    pub fn users(&self) -> Vec<UserRef> {
        let mut users = Vec::new();
        for (transport, ids) in [
            (Transport::Telegram, &self.telegram),
            (Transport::Matrix, &self.matrix),
            (Transport::Console, &self.console),
        ] {
            for id in ids {
                let id = match id {
                    UserId::Number(n) => n.to_string(),
                    UserId::Text(t) => t.clone(),
                };
                users.push(UserRef::new(transport, id));
            }
        }
        users
    }
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Syntax errors, unknown keys or bad values.
    #[error("{}", check::list(.0))]
    Invalid(Vec<Problem>),
}

impl Config {
    /// Reads `path`, or, when `None`, `./config.toml` if it exists, else the defaults.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("config.toml"), false),
        };
        if !required && !path.exists() {
            return Ok(Self { base: PathBuf::from("."), ..Self::default() });
        }
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |s| check::line_of(&text, s.start));
            ConfigError::Invalid(vec![Problem::at(&path, line, e.message().trim().to_owned())])
        })?;
        config.base = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if config.base.as_os_str().is_empty() {
            config.base = PathBuf::from(".");
        }
        let problems = config.problems(&path);
        if problems.is_empty() { Ok(config) } else { Err(ConfigError::Invalid(problems)) }
    }

    fn problems(&self, path: &Path) -> Vec<Problem> {
        let mut p = Vec::new();
        let s = self.search;
        for (name, v) in [
            ("search.confident_coverage", s.confident_coverage),
            ("search.confident_margin", s.confident_margin),
            ("search.suggest_coverage", s.suggest_coverage),
            ("search.unknown_weight", s.unknown_weight),
            ("search.passing_weight", s.passing_weight),
            ("search.guess_weight", s.guess_weight),
        ] {
            if !(0.0..=1.0).contains(&v) {
                p.push(Problem::in_file(path, format!("{name} = {v} must be between 0 and 1")));
            }
        }
        if !(1.0..=4.0).contains(&s.other_subject_weight) {
            let v = s.other_subject_weight;
            p.push(Problem::in_file(path, format!("search.other_subject_weight = {v} must be between 1 and 4")));
        }
        if !(-100.0..=100.0).contains(&s.answerable) {
            let v = s.answerable;
            p.push(Problem::in_file(path, format!("search.answerable = {v} must be between -100 and 100")));
        }
        if s.suggest_coverage > s.confident_coverage {
            p.push(Problem::in_file(path, "search.suggest_coverage must not be above search.confident_coverage"));
        }
        if crate::kb::load::parse_ttl(&self.places.status_ttl).is_none() {
            p.push(Problem::in_file(
                path,
                format!("places.status_ttl = {:?} must be like 6h, 2d or 1w", self.places.status_ttl),
            ));
        }
        let b = &self.broadcast;
        let telegram_max = if b.allow_paid_broadcast { 1000.0 } else { 30.0 };
        if !(b.telegram_per_second > 0.0 && b.telegram_per_second <= telegram_max) {
            p.push(Problem::in_file(
                path,
                format!(
                    "broadcast.telegram_per_second = {} must be above 0 and at most {telegram_max}{}",
                    b.telegram_per_second,
                    if b.allow_paid_broadcast { "" } else { " (more needs allow_paid_broadcast = true)" }
                ),
            ));
        }
        if !(b.matrix_per_second > 0.0 && b.matrix_per_second <= 1000.0) {
            p.push(Problem::in_file(
                path,
                format!("broadcast.matrix_per_second = {} must be above 0 and at most 1000", b.matrix_per_second),
            ));
        }
        if let Some(m) = &self.matrix {
            if !(m.homeserver.starts_with("https://") || m.homeserver.starts_with("http://")) {
                p.push(Problem::in_file(
                    path,
                    format!("matrix.homeserver = {:?} must start with https:// or http://", m.homeserver),
                ));
            }
            let valid_user = m
                .user
                .strip_prefix('@')
                .and_then(|u| u.split_once(':'))
                .is_some_and(|(l, s)| !l.is_empty() && !s.is_empty());
            if !valid_user {
                p.push(Problem::in_file(path, format!("matrix.user = {:?} must look like @name:server", m.user)));
            }
        }
        if let Some(t) = &self.telegram {
            let url_ok = |u: &str| u.starts_with("https://") || u.starts_with("http://");
            if let Some(u) = t.api_url.as_deref().filter(|u| !url_ok(u)) {
                p.push(Problem::in_file(path, format!("telegram.api_url = {u:?} must start with https:// or http://")));
            }
            if t.mode == TelegramMode::Webhook {
                if t.webhook_listen.is_none() {
                    p.push(Problem::in_file(path, "telegram.mode = \"webhook\" needs telegram.webhook_listen"));
                }
                match t.webhook_url.as_deref() {
                    None => p.push(Problem::in_file(path, "telegram.mode = \"webhook\" needs telegram.webhook_url")),
                    Some(u) if !url_ok(u) => {
                        p.push(Problem::in_file(path, format!("telegram.webhook_url = {u:?} must start with https://")))
                    }
                    Some(_) => {}
                }
            }
        }
        for (name, dir) in [("knowledge.dir", self.knowledge_dir()), ("locales.dir", self.locales_dir())] {
            if !dir.is_dir() {
                p.push(Problem::in_file(path, format!("{name}: {} is not a folder", dir.display())));
            }
        }
        p
    }

    fn resolve(&self, p: Option<&PathBuf>, default: &str) -> PathBuf {
        let p = p.cloned().unwrap_or_else(|| PathBuf::from(default));
        if p.is_absolute() { p } else { self.base.join(p) }
    }

    /// The knowledge folder.
    pub fn knowledge_dir(&self) -> PathBuf {
        self.resolve(self.knowledge.dir.as_ref(), "knowledge")
    }

    /// The locales folder.
    pub fn locales_dir(&self) -> PathBuf {
        self.resolve(self.locales.dir.as_ref(), "locales")
    }

    /// The folder of the database and the Matrix stores.
    pub fn data_dir(&self) -> PathBuf {
        self.resolve(self.storage.data_dir.as_ref(), "data")
    }

    /// The database file.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir().join("refuge.db")
    }

    /// Roles as the core checks them.
    pub fn roles(&self) -> Roles {
        Roles::new(self.volunteers.users(), self.coordinators.users())
    }

    /// Seconds after which a place report may be out of date.
    pub fn status_ttl_secs(&self) -> i64 {
        crate::kb::load::parse_ttl(&self.places.status_ttl).unwrap_or(6 * 3600)
    }

    /// Search thresholds.
    pub fn thresholds(&self) -> crate::kb::search::Thresholds {
        let s = self.search;
        crate::kb::search::Thresholds {
            confident_coverage: s.confident_coverage,
            confident_margin: s.confident_margin,
            suggest_coverage: s.suggest_coverage,
            unknown_weight: s.unknown_weight,
            other_subject_weight: s.other_subject_weight,
            passing_weight: s.passing_weight,
            guess_weight: s.guess_weight,
            answerable: s.answerable,
        }
    }
}
