use refuge::app;
use refuge::config::Config;
use refuge::core::{Core, FixedClock, Incoming, Input, Reply, Transport, UserRef};
use refuge::storage::{MemoryStore, Store};
use std::path::Path;
use std::sync::Arc;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn config() -> Config {
    Config::load(Some(&root().join("config.toml"))).expect("shipped config.toml loads")
}

/// 2023-10-03 12:00 UTC: a few days after the sample entries were checked.
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock("2023-10-03T12:00:00Z".parse().unwrap()))
}

pub fn core_with(store: Arc<dyn Store>) -> Core {
    app::build(&config(), store, clock()).expect("shipped knowledge and locales load")
}

/// A core where the console users `volunteers` are volunteers.
pub fn core_with_volunteers(store: Arc<dyn Store>, volunteers: &[&str]) -> Core {
    let mut config = config();
    config.volunteers.console = volunteers.iter().map(|v| refuge::config::UserId::Text((*v).to_owned())).collect();
    app::build(&config, store, clock()).expect("shipped knowledge and locales load")
}

pub fn core() -> Core {
    core_with(Arc::new(MemoryStore::new()))
}

/// A conversation as a script: send lines, check replies, keep a transcript for snapshots.
pub struct Script {
    core: Core,
    user: UserRef,
    hint: Option<String>,
    transcript: String,
    last: Vec<Reply>,
}

impl Script {
    pub fn new() -> Self {
        Self::on(core())
    }

    pub fn on(core: Core) -> Self {
        Self {
            core,
            user: UserRef::new(Transport::Console, "tester"),
            hint: None,
            transcript: String::new(),
            last: Vec::new(),
        }
    }

    /// Who is writing (the console user's name).
    pub fn user(mut self, id: &str) -> Self {
        self.user = UserRef::new(Transport::Console, id);
        self
    }

    /// The client's language hint (Telegram's language_code).
    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_owned());
        self
    }

    pub fn send(self, text: &str) -> Self {
        self.input(text, Input::Text(text.to_owned()))
    }

    pub fn press(self, data: &str) -> Self {
        self.input(&format!("[button {data}]"), Input::Choice(data.to_owned()))
    }

    pub fn location(self, lat: f64, lon: f64) -> Self {
        self.input(&format!("[location {lat}, {lon}]"), Input::Location { lat, lon })
    }

    fn input(mut self, shown: &str, input: Input) -> Self {
        self.last = self.core.handle(Incoming { user: self.user.clone(), input, lang_hint: self.hint.clone() });
        assert!(!self.last.is_empty(), "no reply to {shown:?}");
        self.transcript.push_str(&format!("> {shown}\n\n{}\n\n", app::transcript(&self.last)));
        self
    }

    /// The last replies include the card of `id`.
    pub fn expect_entry(self, id: &str) -> Self {
        let found = self.last.iter().any(|r| matches!(r, Reply::Card(c) if c.entry == id));
        assert!(found, "expected card {id}, got:\n{}", app::transcript(&self.last));
        self
    }

    /// The last replies' text contains `needle`.
    pub fn expect(self, needle: &str) -> Self {
        let text = app::transcript(&self.last);
        assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
        self
    }

    /// The last replies offer a menu with `n` options.
    pub fn expect_menu(self, n: usize) -> Self {
        let found = self.last.iter().any(|r| matches!(r, Reply::Menu(m) if m.options.len() == n));
        assert!(found, "expected a menu of {n}, got:\n{}", app::transcript(&self.last));
        self
    }

    pub fn last(&self) -> &[Reply] {
        &self.last
    }

    pub fn transcript(&self) -> &str {
        &self.transcript
    }
}
