//! The conversation core: `Core::handle(Incoming) -> Vec<Reply>`. It decides the language, keeps
//! the conversation state, searches the knowledge base and builds localised replies.
//!
//! It never sends anything and names no network: adapters turn network events into [`Incoming`]
//! and lay out the [`Reply`]s. A user's odd input is not an error: it gets a helpful reply. A
//! storage failure is logged for the operator and the conversation goes on without memory.

pub mod command;
pub mod conversation;
pub mod message;
pub mod render;

mod broadcasting;

pub use message::{Card, Choice, Incoming, Input, Menu, PlaceLine, PlaceList, Reply, Transport, UserRef};

use crate::i18n::{Arg, Lang, Locales, isolate_numbers, msg};
use crate::kb::detect::{self, Detection, Style};
use crate::kb::search::{Index, Outcome, QueryStyle, Thresholds};
use crate::kb::{Entry, Hours, KnowledgeBase, Place, PlaceKind, PlaceStatus, geo, normalize};
use crate::storage::{PlaceUpdate, SUBSCRIPTION_TOPICS, Store, UserRecord};
use command::Command;
use conversation::{Action, State};
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Longer input is cut to this many characters before anything looks at it.
pub const MAX_INPUT_CHARS: usize = 2000;
/// At most this many "did you mean" options.
const MAX_SUGGESTIONS: usize = 3;
/// A message that opens with thanks and has at most this many words is thanks, unless it asks; a
/// longer one must close with thanks too.
const THANKS_WORDS: usize = 12;
/// Places listed on a card or for a location.
const MAX_PLACES: usize = 4;
/// How much of a question a place's name must explain for the place to be the answer.
const PLACE_NAME_COVERAGE: f32 = 0.75;
/// What a shared location answers: the nearest open place for each, in this order of need.
const FIRST_NEEDS: [PlaceKind; 6] = [
    PlaceKind::Shelter,
    PlaceKind::Medical,
    PlaceKind::Food,
    PlaceKind::Water,
    PlaceKind::Registration,
    PlaceKind::Pharmacy,
];
/// Up to this age a card says "checked N days ago"; older, it gives the date.
const DAYS_AS_COUNT: i64 = 30;

/// The time, injectable for tests.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> Timestamp;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock stopped at one instant.
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// Which transliterations to try for a query: the detected one, or both when Latin text is not
/// clearly English.
fn query_style(detected: Option<Detection>) -> QueryStyle {
    match detected {
        Some(d) if d.style == Style::Latin => {
            QueryStyle { armenian_latin: d.lang == Lang::Hy, arabizi: d.lang == Lang::Ar }
        }
        Some(Detection { lang: Lang::En, clear: false, .. }) => QueryStyle::ANY,
        _ => QueryStyle::default(),
    }
}

/// Who may do privileged things.
#[derive(Clone, Debug, Default)]
pub struct Roles {
    volunteers: HashSet<UserRef>,
    coordinators: HashSet<UserRef>,
}

impl Roles {
    /// Volunteers and coordinators.
    pub fn new(volunteers: impl IntoIterator<Item = UserRef>, coordinators: impl IntoIterator<Item = UserRef>) -> Self {
        Self { volunteers: volunteers.into_iter().collect(), coordinators: coordinators.into_iter().collect() }
    }

    /// May update places: a volunteer or a coordinator.
    pub fn is_volunteer(&self, user: &UserRef) -> bool {
        self.volunteers.contains(user) || self.coordinators.contains(user)
    }

    /// A coordinator.
    pub fn is_coordinator(&self, user: &UserRef) -> bool {
        self.coordinators.contains(user)
    }
}

/// Settings of the core.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Language for users we know nothing about.
    pub default_lang: Lang,
    /// Search thresholds.
    pub thresholds: Thresholds,
    /// Who may do privileged things.
    pub roles: Roles,
    /// Seconds after which a volunteer's place report may be out of date.
    pub status_ttl_secs: i64,
    /// Broadcasts written in chat wait for a second volunteer's approval.
    pub require_approval: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            default_lang: Lang::En,
            thresholds: Thresholds::default(),
            roles: Roles::default(),
            status_ttl_secs: 6 * 3600,
            require_approval: false,
        }
    }
}

/// What a free-text message was read as.
enum Reading<'a> {
    /// "stop", «կանգ»: stop the broadcasts.
    Unsubscribe,
    /// Only greetings ("hello", "barev dzez", «مرحبا»).
    Greeting,
    /// Only thanks.
    Thanks,
    /// Only taking note of an answer ("ok, understood", «Լավ, հասկացա», «تمام فهمت»).
    Acknowledged,
    /// A plea that names no need ("help us", «ساعدونا»).
    Plea,
    /// The name of a place ("Goris Medical Centre"), and what the search made of the message.
    Place(&'a Place, Outcome),
    /// A question, and what the search made of it.
    Search(Outcome),
}

/// What `refuge ask` made of a message, as the chat would answer it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AskKind {
    /// A knowledge entry, confidently (`id` and `answer` set).
    Answer,
    /// Not sure: "did you mean" the `suggestions`.
    Suggest,
    /// Nothing fits: the bot says it does not know and gives the hotline.
    Unknown,
    /// A greeting, answered with a greeting and the topic menu.
    Greeting,
    /// Thanks, answered in kind.
    Thanks,
    /// "Ok, understood", answered with a word that the bot is there when needed.
    Acknowledged,
    /// A plea that names no need ("help us"), answered with the hotline, a request to say what
    /// is needed, and the topic menu.
    Plea,
    /// A request to stop the broadcasts.
    Unsubscribe,
    /// The name of a place, answered with that place (`place`, and `answer` is the place; `id` is
    /// still the entry the search picks, if any).
    Place,
}

/// The result of a one-shot lookup (`refuge ask`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AskResult {
    /// The query as given.
    pub query: String,
    /// How the chat would answer it.
    pub kind: AskKind,
    /// The writing style detected: `en`, `hy`, `ar`, `hy-Latn`, `ar-Latn`, or `None` when too
    /// short to tell.
    pub style: Option<&'static str>,
    /// The language of the answer.
    pub lang: Lang,
    /// The entry answered, or `None` when nothing fits confidently.
    pub id: Option<String>,
    /// Whether the answer is confident.
    pub confident: bool,
    /// The best entry's score (0 when nothing matched).
    pub score: f32,
    /// Other likely entries, best first.
    pub suggestions: Vec<String>,
    /// The reply as plain text: the place when `place` is set, else the card when `id` is; the
    /// greeting or thanks.
    pub answer: Option<String>,
    /// The place named, when `kind` is `place`.
    pub place: Option<String>,
    /// Distinct content words of the question (stop words left out).
    pub content_words: usize,
    /// The ranked entries behind the decision, for coordinators tuning the knowledge base.
    pub ranked: Vec<Ranked>,
    /// The question on another subject (`elsewhere.toml`) that kept the best entry from being
    /// the answer.
    pub elsewhere: Option<String>,
    /// How much the question reads like the entries' questions rather than other subjects', and
    /// the log-odds that the best entry answers it (both asked only when every other rule would
    /// answer).
    pub reads_as: Option<f32>,
    pub answerable: Option<f32>,
}

/// One ranked entry of [`AskResult`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Ranked {
    /// Entry id.
    pub id: String,
    /// Search score.
    pub score: f32,
    /// Share of the question's information the entry explains, 0–1.
    pub coverage: f32,
    /// How many of the question's distinct content words it matched.
    pub words: u32,
    /// The part of `coverage` from words matched as written, not guessed.
    pub direct: f32,
    /// The part of `coverage` from the entry's keywords, title or questions.
    pub curated: f32,
    /// The factor `score` was weighed by for what the question reads like, 0–1.
    pub read: f32,
}

/// The conversation core.
pub struct Core {
    kb: Arc<KnowledgeBase>,
    index: Index,
    places_index: Index,
    locales: Arc<Locales>,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: Settings,
}

/// Places as volunteers last reported them.
struct LivePlaces {
    places: Vec<Place>,
    updates: HashMap<String, PlaceUpdate>,
}

/// Per-message context: the language replies are in and the record to save.
struct Turn {
    user: UserRef,
    lang: Lang,
    record: UserRecord,
}

impl Core {
    /// Builds the core and its search index.
    pub fn new(
        kb: Arc<KnowledgeBase>,
        locales: Arc<Locales>,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        settings: Settings,
    ) -> Self {
        let index = Index::build(&kb, settings.thresholds);
        let places_index = Index::build_places(&kb, settings.thresholds);
        Self { kb, index, places_index, locales, store, clock, settings }
    }

    /// The knowledge base served.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// The language for users whose language is not known yet.
    pub fn default_lang(&self) -> Lang {
        self.settings.default_lang
    }

    /// The locales served.
    pub fn locales(&self) -> &Locales {
        &self.locales
    }

    /// Formats a UI message (for adapters' own few texts: banners, errors).
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.locales.format(lang, id, &[])
    }

    /// Records `lang` as `user`'s own choice, without a reply (`refuge chat --lang`).
    pub fn set_language(&self, user: &UserRef, lang: Lang) {
        let mut record = self.store.load(user).ok().flatten().unwrap_or_default();
        record.lang = Some(lang);
        record.lang_explicit = true;
        if let Err(e) = self.store.save(user, &record) {
            tracing::error!(error = %e, %user, "cannot save the language");
        }
    }

    /// A network says `user` can no longer be reached (blocked the bot, left, deactivated): they
    /// are unsubscribed, so broadcasts stop trying. Returns whether there was a subscription.
    pub fn user_unreachable(&self, user: &UserRef) -> bool {
        match self.store.unsubscribe(user) {
            Ok(was) => {
                tracing::info!(%user, was_subscribed = was, "user unreachable; unsubscribed");
                was
            }
            Err(e) => {
                tracing::error!(error = %e, %user, "cannot unsubscribe an unreachable user");
                false
            }
        }
    }

    /// Handles one message and returns the replies, in order.
    pub fn handle(&self, incoming: Incoming) -> Vec<Reply> {
        let stored = self.store.load(&incoming.user).unwrap_or_else(|e| {
            tracing::error!(error = %e, user = %incoming.user, "cannot load user; answering without memory");
            None
        });
        let is_new = stored.is_none();
        let mut record = stored.unwrap_or_default();
        if record.lang.is_none() {
            record.lang = incoming.lang_hint.as_deref().and_then(Lang::from_hint);
        }
        let lang = record.lang.unwrap_or(self.settings.default_lang);
        let mut turn = Turn { user: incoming.user.clone(), lang, record };
        let (replies, forgotten) = match incoming.input {
            Input::Text(text) => {
                let text: String = text.chars().take(MAX_INPUT_CHARS).collect();
                // Keyboards and clients put direction marks and zero-width characters in front of
                // a command ("\u{200F}/start"): they are not part of what was typed.
                let text = text.trim_matches(|c: char| c.is_whitespace() || normalize::is_format_or_control(c));
                self.on_text(&mut turn, text, is_new)
            }
            Input::Choice(data) => self.on_choice(&mut turn, &data),
            Input::Location { lat, lon } => (self.near(&mut turn, lat, lon), false),
        };
        // The state remembers the menu on screen; after replies without one, a typed "1" must not
        // pick from an older menu (it could have been "yes, delete everything").
        // A broadcast being written survives replies without a menu (the prompts for its texts).
        if !replies.iter().any(|r| matches!(r, Reply::Menu(_))) && !matches!(turn.record.state, State::Composing { .. })
        {
            turn.record.state = State::Idle;
        }
        if !forgotten && let Err(e) = self.store.save(&incoming.user, &turn.record) {
            tracing::error!(error = %e, user = %incoming.user, "cannot save user state");
        }
        replies
    }

    fn on_text(&self, turn: &mut Turn, text: &str, is_new: bool) -> (Vec<Reply>, bool) {
        // A volunteer writing a broadcast: the text is the next language's (a dash included).
        if let State::Composing { draft, options } = &turn.record.state
            && options.is_empty()
            && !text.is_empty()
            && command::parse(text).is_none()
        {
            let draft = draft.clone();
            return (self.compose_text(turn, draft, text), false);
        }
        if text.is_empty() || !text.chars().any(char::is_alphanumeric) {
            let mut r = vec![self.say(turn.lang, msg::EMPTY_INPUT, &[])];
            if let State::Choosing { options } | State::Composing { options, .. } = &turn.record.state
                && !options.is_empty()
            {
                r.push(self.reshow(turn, options.clone()));
            }
            return (r, false);
        }
        if let Some(cmd) = command::parse(text) {
            return self.on_command(turn, cmd);
        }
        if let Some(reply) = self.pick_from_menu(turn, text) {
            return reply;
        }
        (self.free_text(turn, text, is_new), false)
    }

    /// A typed number, or an option's label, picks from the menu on screen.
    fn pick_from_menu(&self, turn: &mut Turn, text: &str) -> Option<(Vec<Reply>, bool)> {
        let folded = normalize::fold(text);
        let folded = folded.trim().trim_end_matches(['.', ')']);
        let is_number = !folded.is_empty() && folded.len() <= 20 && folded.bytes().all(|b| b.is_ascii_digit());
        let options = match &turn.record.state {
            State::Choosing { options } => options.clone(),
            State::Composing { options, .. } if !options.is_empty() => options.clone(),
            State::Composing { .. } => return None,
            State::Idle => {
                // A bare number with no menu on screen: show the menu rather than search for "2".
                return is_number.then(|| (vec![self.topics_menu(turn)], false));
            }
        };
        if is_number {
            let n = folded.parse::<usize>().unwrap_or(usize::MAX);
            return Some(match n.checked_sub(1).and_then(|i| options.get(i)) {
                Some(action) => self.act(turn, action.clone()),
                None => (
                    vec![
                        self.say(turn.lang, msg::CHOICE_OUT_OF_RANGE, &[("count", options.len().into())]),
                        self.reshow(turn, options),
                    ],
                    false,
                ),
            });
        }
        let picked = options.iter().find(|a| {
            let label = normalize::fold(&self.label(turn.lang, a));
            let label = label.trim_start_matches(|c: char| !c.is_alphanumeric()).trim();
            !label.is_empty() && label == folded
        })?;
        Some(self.act(turn, picked.clone()))
    }

    fn on_choice(&self, turn: &mut Turn, data: &str) -> (Vec<Reply>, bool) {
        // Deleting everything needs the confirmation menu on screen now: an old "yes, delete"
        // button (or forged data) only brings back the current menu.
        let confirmed = |a: &Action| {
            !matches!(a, Action::ForgetYes | Action::BroadcastSend)
                || matches!(&turn.record.state,
                    State::Choosing { options } | State::Composing { options, .. } if options.contains(a))
        };
        match Action::decode(data).filter(|a| self.action_exists(a) && confirmed(a)) {
            Some(action) => self.act(turn, action),
            None => (vec![self.say(turn.lang, msg::MENU_EXPIRED, &[]), self.topics_menu(turn)], false),
        }
    }

    fn action_exists(&self, action: &Action) -> bool {
        match action {
            Action::Topic(t) => self.kb.topic(t).is_some(),
            Action::Entry(e) => self.kb.entry(e).is_some(),
            _ => true,
        }
    }

    fn on_command(&self, turn: &mut Turn, cmd: Command) -> (Vec<Reply>, bool) {
        let lang = turn.lang;
        let replies = match cmd {
            Command::Start => {
                // Someone whose language we do not know yet is welcomed in all three.
                let langs: Vec<Lang> = if turn.record.lang.is_some() { vec![lang] } else { Lang::ALL.to_vec() };
                let mut replies: Vec<Reply> = langs.into_iter().map(|l| self.say(l, msg::WELCOME, &[])).collect();
                replies.push(self.language_menu(turn));
                replies
            }
            Command::Help => {
                // A broadcast being written survives a look at the help.
                if !matches!(turn.record.state, State::Composing { .. }) {
                    turn.record.state = State::Idle;
                }
                vec![self.say(lang, msg::HELP, &[])]
            }
            Command::Language(Some(l)) => return self.act(turn, Action::SetLang(l)),
            Command::Language(None) => vec![self.language_menu(turn)],
            Command::Topics => vec![self.topics_menu(turn)],
            Command::About => return self.act(turn, Action::Entry("bot.about".to_owned())),
            Command::Forget => {
                let options = vec![Action::ForgetYes, Action::ForgetNo];
                vec![self.menu(turn, msg::FORGET_CONFIRM, options)]
            }
            Command::Near(Some((lat, lon))) => self.near(turn, lat, lon),
            Command::Near(None) => vec![self.ask_location(lang)],
            Command::Place(args) => self.place_command(turn, &args),
            Command::Subscribe(topic) => self.subscribe(turn, topic.as_deref()),
            Command::Unsubscribe => self.unsubscribe(turn),
            Command::Broadcast(args) => self.broadcast_command(turn, &args),
            Command::Role(args) => self.role_command(turn, &args),
            Command::Cancel => match turn.record.state {
                State::Composing { .. } => {
                    turn.record.state = State::Idle;
                    vec![self.say(lang, msg::BROADCAST_DROPPED, &[])]
                }
                _ => vec![self.topics_menu(turn)],
            },
            Command::Unknown(name) => {
                vec![
                    self.say(lang, msg::COMMAND_UNKNOWN, &[("command", format!("/{name}").into())]),
                    self.say(lang, msg::HELP, &[]),
                ]
            }
        };
        (replies, false)
    }

    fn subscribe(&self, turn: &mut Turn, topic: Option<&str>) -> Vec<Reply> {
        let lang = turn.lang;
        let topic = match topic {
            Some("all") | None => None,
            Some(t) if SUBSCRIPTION_TOPICS.contains(&t) => Some(t),
            Some(_) => return vec![self.say(lang, msg::SUBSCRIBE_USAGE, &[])],
        };
        match self.store.subscribe(&turn.user, topic) {
            Ok(false) => vec![self.say(lang, msg::SUBSCRIBE_ALREADY, &[])],
            Ok(true) => vec![match topic.and_then(|t| self.kb.topic(t)) {
                Some(t) => self.say(lang, msg::SUBSCRIBED_TOPIC, &[("topic", t.title.text(lang).into())]),
                None => self.say(lang, msg::SUBSCRIBED_ALL, &[]),
            }],
            Err(e) => {
                tracing::error!(error = %e, "cannot subscribe");
                vec![self.say(lang, msg::ERROR_GENERIC, &[])]
            }
        }
    }

    fn unsubscribe(&self, turn: &mut Turn) -> Vec<Reply> {
        let lang = turn.lang;
        match self.store.unsubscribe(&turn.user) {
            Ok(true) => vec![self.say(lang, msg::UNSUBSCRIBED, &[])],
            Ok(false) => vec![self.say(lang, msg::NOT_SUBSCRIBED, &[])],
            Err(e) => {
                tracing::error!(error = %e, "cannot unsubscribe");
                vec![self.say(lang, msg::ERROR_GENERIC, &[])]
            }
        }
    }

    /// `/place ID open|full|closed`, `/place ID beds N`, or `/place` for the list: volunteers only.
    fn place_command(&self, turn: &mut Turn, args: &[String]) -> Vec<Reply> {
        let lang = turn.lang;
        if !self.is_volunteer(&turn.user) {
            return vec![self.say(lang, msg::NOT_ALLOWED, &[])];
        }
        let live = self.live_places();
        let place = args.first().and_then(|id| live.places.iter().find(|p| p.id == id.to_ascii_lowercase()));
        let status = |word: &str| match word.to_ascii_lowercase().as_str() {
            "open" => Some(PlaceStatus::Open),
            "full" => Some(PlaceStatus::Full),
            "closed" => Some(PlaceStatus::Closed),
            _ => None,
        };
        let (place, new_status, beds) = match (place, args) {
            (Some(p), [_, word]) if status(word).is_some() => (p, status(word), None),
            (Some(p), [_, word, n]) if word.eq_ignore_ascii_case("beds") && n.parse::<u32>().is_ok() => {
                (p, None, n.parse::<u32>().ok())
            }
            (None, [id, ..]) if args.len() >= 2 => {
                let id: String = id.chars().take(40).collect();
                return vec![self.say(lang, msg::PLACE_UNKNOWN, &[("id", id.into())])];
            }
            _ => return vec![self.place_usage(lang, &live.places)],
        };
        let now = self.clock.now().as_second();
        let action = format!("place {} {}", place.id, args[1..].join(" "));
        let saved = self
            .store
            .update_place(&place.id, new_status, beds, &turn.user, now)
            .and_then(|()| self.store.audit(&turn.user, &action, now));
        if let Err(e) = saved {
            tracing::error!(error = %e, "cannot record a place update");
            return vec![self.say(lang, msg::ERROR_GENERIC, &[])];
        }
        let name = place.name.text(lang).to_owned();
        vec![match (new_status, beds) {
            (Some(s), _) => self.say(
                lang,
                msg::PLACE_STATUS_SET,
                &[("name", name.into()), ("status", self.status_label(lang, s).into())],
            ),
            (None, Some(b)) => {
                self.say(lang, msg::PLACE_BEDS_SET, &[("name", name.into()), ("beds", i64::from(b).into())])
            }
            (None, None) => self.say(lang, msg::ERROR_GENERIC, &[]),
        }]
    }

    fn place_usage(&self, lang: Lang, places: &[Place]) -> Reply {
        let mut text = self.locales.format(lang, msg::PLACE_USAGE, &[]);
        for p in places {
            let args = [
                ("id", Arg::from(p.id.as_str())),
                ("name", Arg::from(p.name.text(lang))),
                ("status", Arg::from(self.status_label(lang, p.status))),
            ];
            text.push('\n');
            text.push_str(&self.locales.format(lang, msg::PLACE_LIST_LINE, &args));
        }
        Reply::Text { text }
    }

    fn status_label(&self, lang: Lang, status: PlaceStatus) -> String {
        let id = match status {
            PlaceStatus::Open => msg::PLACE_OPEN,
            PlaceStatus::Full => msg::PLACE_FULL,
            PlaceStatus::Closed => msg::PLACE_CLOSED,
        };
        self.locales.format(lang, id, &[])
    }

    fn act(&self, turn: &mut Turn, action: Action) -> (Vec<Reply>, bool) {
        let replies = match action {
            Action::SetLang(l) => {
                turn.lang = l;
                turn.record.lang = Some(l);
                turn.record.lang_explicit = true;
                vec![self.say(l, msg::LANGUAGE_SET, &[]), self.topics_menu(turn)]
            }
            Action::Topics => vec![self.topics_menu(turn)],
            Action::Topic(t) => self.topic_menu(turn, &t),
            Action::Entry(id) => match self.kb.entry(&id) {
                Some(entry) => self.answer(turn, entry, turn.lang),
                None => vec![self.say(turn.lang, msg::MENU_EXPIRED, &[]), self.topics_menu(turn)],
            },
            Action::ForgetYes => {
                let lang = turn.lang;
                return match self.store.forget(&turn.user) {
                    Ok(_) => (vec![self.say(lang, msg::FORGET_DONE, &[])], true),
                    Err(e) => {
                        tracing::error!(error = %e, user = %turn.user, "cannot forget user");
                        (vec![self.say(lang, msg::ERROR_GENERIC, &[])], false)
                    }
                };
            }
            Action::ForgetNo => {
                turn.record.state = State::Idle;
                vec![self.say(turn.lang, msg::FORGET_KEPT, &[])]
            }
            Action::BroadcastTo(audience) => self.start_draft(turn, &audience),
            Action::BroadcastSend => self.send_draft(turn),
            Action::BroadcastDrop => {
                turn.record.state = State::Idle;
                vec![self.say(turn.lang, msg::BROADCAST_DROPPED, &[])]
            }
        };
        (replies, false)
    }

    fn free_text(&self, turn: &mut Turn, text: &str, is_new: bool) -> Vec<Reply> {
        let detected = detect::detect(text, &self.kb.lexicon);
        let answer_lang = self.answer_lang(turn, detected, is_new);
        let outcome = match self.read(text, detected) {
            Reading::Unsubscribe => return self.unsubscribe(turn),
            Reading::Greeting => {
                return vec![self.say(answer_lang, msg::GREETING, &[]), self.topics_menu_in(turn, answer_lang)];
            }
            Reading::Thanks => {
                turn.record.state = State::Idle;
                return vec![self.say(answer_lang, msg::THANKS, &[])];
            }
            Reading::Acknowledged => {
                turn.record.state = State::Idle;
                return vec![self.say(answer_lang, msg::ACKNOWLEDGED, &[])];
            }
            Reading::Plea => {
                let hotline = self.kb.meta.hotline.clone();
                return vec![
                    self.say(answer_lang, msg::PLEA, &[("hotline", hotline.into())]),
                    self.topics_menu_in(turn, answer_lang),
                ];
            }
            Reading::Place(place, _) => {
                return vec![
                    Reply::Places(self.place_found(place, answer_lang)),
                    self.topics_menu_in(turn, answer_lang),
                ];
            }
            Reading::Search(outcome) => outcome,
        };
        let words = normalize::tokens(text);
        let lex = &self.kb.lexicon;
        let mut replies = self.search_replies(turn, &outcome, answer_lang);
        // "Nearest shelter": the card lists open places; a shared location would sort them.
        let asks_nearest = words.iter().any(|w| lex.near.contains(w));
        let lists_places = replies.iter().any(|r| matches!(r, Reply::Card(c) if c.places_heading.is_some()));
        if asks_nearest && lists_places {
            let at = replies.len().saturating_sub(1);
            replies.insert(at, self.ask_location(answer_lang));
        }
        replies
    }

    /// What a free-text message is: a way of saying stop, a greeting, thanks, the name of a place,
    /// or a question for the search. One reading for the chat and for `refuge ask`.
    fn read(&self, text: &str, detected: Option<Detection>) -> Reading<'_> {
        let words = normalize::tokens(text);
        let lex = &self.kb.lexicon;
        // "hiii", "thank youuuu": a word counts as its unstretched form too.
        // «ويجزيكم» ("and reward you"): and Arabic's "and", written onto the next word, too.
        let forms: Vec<Vec<String>> = words
            .iter()
            .map(|w| {
                let and = normalize::without_arabic_and(w).map(str::to_owned);
                std::iter::once(w.clone()).chain(normalize::unstretched(w)).chain(and).collect()
            })
            .collect();
        // The lexicon's lists are sorted (the loader sorts them): thousands of stop words.
        let is = |set: &[String], forms: &[String]| forms.iter().any(|f| set.binary_search(f).is_ok());
        let only = |set: &[String]| {
            !forms.is_empty()
                && forms.iter().any(|f| is(set, f))
                && forms
                    .iter()
                    .all(|f| is(set, f) || is(&lex.stopwords, f) || is(&lex.greetings, f) || is(&lex.addressing, f))
        };
        let folded = normalize::fold(text);
        let whole = normalize::words(&folded).collect::<Vec<_>>().join(" ");
        if lex.unsubscribe.contains(&whole) {
            return Reading::Unsubscribe;
        }
        if only(&lex.greetings) {
            return Reading::Greeting;
        }
        // "pls help bro", «օգնեք ախպեր»: a plea first is a plea, whatever thanks follow; "thank
        // you for your help" is thanks.
        let first = |set: &[String]| forms.iter().position(|f| is(set, f));
        let pleads = first(&lex.pleas).is_some_and(|plea| first(&lex.thanks).is_none_or(|thanks| plea < thanks));
        if only(&lex.thanks) && !pleads {
            return Reading::Thanks;
        }
        // "ok, understood", «Լավ, հասկացա», «تمام فهمت», "ok tamam merci": taking note of an
        // answer, with thanks or without. Greetings were read first: "barev, lav es?" greets.
        let noted = |f: &Vec<String>| {
            is(&lex.acknowledgements, f)
                || is(&lex.thanks, f)
                || is(&lex.stopwords, f)
                || is(&lex.greetings, f)
                || is(&lex.addressing, f)
        };
        if forms.iter().any(|f| is(&lex.acknowledgements, f)) && forms.iter().all(noted) && !pleads {
            return if forms.iter().any(|f| is(&lex.thanks, f)) { Reading::Thanks } else { Reading::Acknowledged };
        }

        // "Ցտեսություն, բարի գիշեր": a message that only takes leave is thanked, though "night"
        // alone would be searched.
        let padded = format!(" {whole} ");
        let rest = lex.partings.iter().fold(padded.clone(), |rest, p| rest.replace(&format!(" {p} "), " "));
        let small_talk = |w: &str| {
            let listed = |set: &[String]| set.binary_search_by(|s| s.as_str().cmp(w)).is_ok();
            listed(&lex.stopwords) || listed(&lex.greetings) || listed(&lex.thanks) || listed(&lex.addressing)
        };
        if rest != padded && normalize::words(&rest).all(small_talk) {
            return Reading::Thanks;
        }
        // "shukran ktir 3al mosa3ade", «Ապրեք, կամավորներ, դուք հրեշտակներ եք»: a short message
        // that opens with thanks (after a greeting) and neither asks nor pleads is thanks, though
        // it names what it thanks for.
        // Unless it would be answered and says neither whom nor what for ("merci bro, bus to
        // yerevan" is a question).
        // A longer one that tells what the help was must close with thanks or a blessing too
        // ("Thank you to the Red Cross girls at registration, my mother finally slept in a real
        // bed … Shnorhakalutyun").
        let said = |f: &&Vec<String>| !is(&lex.stopwords, f) && !is(&lex.greetings, f);
        let opening = forms.iter().find(said);
        let closing = forms.iter().rev().find(said);
        let asks = text.contains(['?', '՞', '؟']) || forms.iter().any(|f| is(&lex.asking, f));
        // «ساعدونا يا جماعة», "help us": a plea that neither asks nor names a need is answered with
        // the hotline and the topics, never with the entry that happens to share the word "help"
        // (the volunteers'); "how can I help" asks, and is the volunteers' question.
        if only(&lex.pleas) && !asks {
            return Reading::Plea;
        }
        let opens_thanks = opening.is_some_and(|f| is(&lex.thanks, f))
            && !asks
            && !pleads
            && (words.len() <= THANKS_WORDS || closing.is_some_and(|f| is(&lex.thanks, f)));
        let style = query_style(detected);
        let outcome = self.index.search_styled(text, style);
        if opens_thanks && (!outcome.confident || forms.iter().any(|f| is(&lex.thanks_for, f))) {
            return Reading::Thanks;
        }
        // A long story of thanks ("Thank you to all the volunteers who met us after the bridge
        // with water and bread…", «…մեծ շնորհակալություն, դպրոցում մեզ տաք ճաշ տվին…») names many
        // things of the bot's subjects, which made it look like a question; one that thanks
        // anywhere, neither asks nor pleads, and would be answered only for naming many things
        // of an entry is thanks.
        let thanks_somewhere = forms.iter().any(|f| is(&lex.thanks, f));
        if thanks_somewhere && !asks && !pleads && outcome.by_length {
            return Reading::Thanks;
        }
        match self.place_named(text, style, &outcome) {
            Some(place) => Reading::Place(place, outcome),
            None => Reading::Search(outcome),
        }
    }

    /// The one place a question named, with its live status.
    fn place_found(&self, place: &Place, lang: Lang) -> PlaceList {
        let live = self.live_places();
        let place = live.places.iter().find(|p| p.id == place.id).unwrap_or(place);
        let line = self.place_line(place, lang, None, live.updates.get(&place.id));
        let heading = self.locales.format(lang, msg::PLACE_FOUND, &[]);
        PlaceList { heading, places: vec![line] }
    }

    /// The place a question names ("Goris Medical Centre", «Կոռնիձորի դպրոց»), when its name explains
    /// the question at least as well as any entry does.
    fn place_named(&self, text: &str, style: QueryStyle, entries: &Outcome) -> Option<&Place> {
        let found = self.places_index.search_styled(text, style);
        let hit = found.hits.first().filter(|_| found.confident && found.content_words >= 2)?;
        let entry_coverage = entries.hits.first().map_or(0.0, |h| h.coverage);
        (hit.coverage >= PLACE_NAME_COVERAGE && hit.coverage >= entry_coverage).then(|| &self.kb.places[hit.entry])
    }

    /// The language to answer a free-text question in. A clearly detected language wins for this
    /// answer; it also becomes the user's language unless they chose one themselves.
    fn answer_lang(&self, turn: &mut Turn, detected: Option<Detection>, is_new: bool) -> Lang {
        let Some(d) = detected else { return turn.lang };
        let first_message_without_hint = is_new && turn.record.lang.is_none();
        if !d.clear && !first_message_without_hint {
            return turn.lang;
        }
        if !turn.record.lang_explicit {
            turn.record.lang = Some(d.lang);
            turn.lang = d.lang;
        }
        d.lang
    }

    fn search_replies(&self, turn: &mut Turn, outcome: &Outcome, lang: Lang) -> Vec<Reply> {
        match outcome.hits.first() {
            Some(hit) if outcome.confident => {
                let entry = &self.kb.entries[hit.entry];
                self.answer(turn, entry, lang)
            }
            Some(_) => {
                let mut options: Vec<Action> = outcome
                    .hits
                    .iter()
                    .take(MAX_SUGGESTIONS)
                    .map(|h| Action::Entry(self.kb.entries[h.entry].id.clone()))
                    .collect();
                options.push(Action::Topics);
                vec![self.menu_in(turn, lang, msg::DID_YOU_MEAN, options)]
            }
            None => {
                let hotline = self.kb.meta.hotline.clone();
                vec![self.say(lang, msg::OFFTOPIC, &[("hotline", hotline.into())]), self.topics_menu_in(turn, lang)]
            }
        }
    }

    /// An answer card followed by a way back to its topic and to all topics.
    fn answer(&self, turn: &mut Turn, entry: &Entry, lang: Lang) -> Vec<Reply> {
        let card = self.card(entry, lang);
        let options = vec![Action::Topic(entry.topic.clone()), Action::Topics];
        vec![Reply::Card(card), self.menu_in(turn, lang, msg::TOPICS_PROMPT, options)]
    }

    /// The card for `entry` in `lang`.
    pub fn card(&self, entry: &Entry, lang: Lang) -> Card {
        let f = |id: &str, args: &[(&str, Arg)]| self.locales.format(lang, id, args);
        let now = self.clock.now();
        let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let days = i64::from(entry.verified_at.until(today).map_or(0, |span| span.get_days()).max(0));
        let checked = if days <= DAYS_AS_COUNT {
            f(msg::CARD_CHECKED_DAYS, &[("days", days.into())])
        } else {
            f(msg::CARD_CHECKED_ON, &[("date", entry.verified_at.to_string().into())])
        };
        let stale = entry.ttl_secs.and_then(|ttl| {
            let checked_at = entry.verified_at.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok()?.timestamp();
            (now.as_second() - checked_at.as_second() > ttl).then(|| f(msg::CARD_STALE, &[]))
        });
        let places: Vec<PlaceLine> = if entry.places.is_empty() {
            Vec::new()
        } else {
            let live = self.live_places();
            live.places
                .iter()
                .filter(|p| p.status == PlaceStatus::Open && p.kinds.iter().any(|k| entry.places.contains(k)))
                .take(MAX_PLACES)
                .map(|p| self.place_line(p, lang, None, live.updates.get(&p.id)))
                .collect()
        };
        let places_heading = (!entry.places.is_empty())
            .then(|| if places.is_empty() { f(msg::CARD_PLACES_NONE, &[]) } else { f(msg::CARD_PLACES, &[]) });
        Card {
            entry: entry.id.clone(),
            title: entry.title.text(lang).to_owned(),
            body: isolate_numbers(lang, entry.answer.text(lang).trim()),
            places_heading,
            places,
            stale,
            footer: vec![f(msg::CARD_SOURCE, &[("source", entry.source.clone().into())]), checked],
        }
    }

    /// The places with the status volunteers last reported, and those reports.
    fn live_places(&self) -> LivePlaces {
        let now = self.clock.now().as_second();
        let updates = self.store.place_updates().unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot read place status; showing the curated status");
            HashMap::new()
        });
        let places = self
            .kb
            .places
            .iter()
            .map(|p| {
                let mut p = p.clone();
                // A report older than its ttl no longer hides a place: the curated status returns
                // (and the report is shown with its warning).
                let fresh = |u: &&PlaceUpdate| now - u.at <= self.settings.status_ttl_secs;
                if let Some(status) = updates.get(&p.id).filter(fresh).and_then(|u| u.status) {
                    p.status = status;
                }
                p
            })
            .collect();
        LivePlaces { places, updates }
    }

    fn place_line(&self, p: &Place, lang: Lang, distance_m: Option<f64>, update: Option<&PlaceUpdate>) -> PlaceLine {
        let f = |id: &str, args: &[(&str, Arg)]| self.locales.format(lang, id, args);
        let kinds: Vec<String> = p.kinds.iter().map(|k| f(k.msg(), &[])).collect();
        let mut details = vec![kinds.join(&f(msg::LIST_SEPARATOR, &[]))];
        details.push(self.status_label(lang, p.status));
        details.push(match &p.hours {
            Hours::Always => f(msg::PLACE_HOURS_ALWAYS, &[]),
            Hours::Range(r) => f(msg::PLACE_HOURS, &[("hours", r.clone().into())]),
        });
        if let Some(beds) = p.capacity {
            details.push(f(msg::PLACE_BEDS, &[("beds", i64::from(beds).into())]));
        }
        if let Some(update) = update {
            if let Some(beds) = update.beds {
                details.push(f(msg::PLACE_FREE_BEDS, &[("beds", i64::from(beds).into())]));
            }
            let age = (self.clock.now().as_second() - update.at).max(0);
            details.push(if age < 3600 {
                f(msg::PLACE_UPDATED_MINUTES, &[("minutes", (age / 60).into())])
            } else {
                f(msg::PLACE_UPDATED_HOURS, &[("hours", (age / 3600).into())])
            });
            if age > self.settings.status_ttl_secs {
                details.push(f(msg::PLACE_UPDATED_STALE, &[]));
            }
        }
        if let Some(phone) = &p.phone {
            let id = if p.phone_example { msg::PLACE_PHONE_EXAMPLE } else { msg::PLACE_PHONE };
            details.push(f(id, &[("phone", phone.clone().into())]));
        }
        let distance = distance_m.map(|m| {
            if m < 1000.0 {
                f(msg::DISTANCE_M, &[("meters", ((m / 10.0).round() as i64 * 10).max(10).into())])
            } else {
                // Armenian writes a decimal comma (1,5 կմ); English and Arabic with Western digits a point.
                let km = format!("{:.1}", m / 1000.0);
                let km = if lang == Lang::Hy { km.replace('.', ",") } else { km };
                f(msg::DISTANCE_KM, &[("km", km.into())])
            }
        });
        PlaceLine {
            id: p.id.clone(),
            name: p.name.text(lang).to_owned(),
            address: p.address.text(lang).to_owned(),
            details: details.join(" · "),
            distance,
            lat: p.lat,
            lon: p.lon,
        }
    }

    fn near(&self, turn: &mut Turn, lat: f64, lon: f64) -> Vec<Reply> {
        let lang = turn.lang;
        if !geo::is_valid(lat, lon) {
            return vec![self.ask_location(lang)];
        }
        let live = self.live_places();
        let found = geo::nearest_per_kind(&live.places, lat, lon, &FIRST_NEEDS);
        if found.is_empty() {
            return vec![self.say(lang, msg::NEAR_NONE, &[]), self.topics_menu(turn)];
        }
        let places =
            found.into_iter().map(|(p, d)| self.place_line(p, lang, Some(d), live.updates.get(&p.id))).collect();
        vec![Reply::Places(PlaceList { heading: self.locales.format(lang, msg::NEAR_HEADING, &[]), places })]
    }

    /// How to share a location, with a button for networks that have one.
    fn ask_location(&self, lang: Lang) -> Reply {
        Reply::AskLocation {
            text: self.locales.format(lang, msg::NEAR_HOW, &[]),
            button: self.locales.format(lang, msg::SHARE_LOCATION_BUTTON, &[]),
        }
    }

    fn say(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> Reply {
        Reply::Text { text: self.locales.format(lang, id, args) }
    }

    fn label(&self, lang: Lang, action: &Action) -> String {
        let f = |id: &str, args: &[(&str, Arg)]| self.locales.format(lang, id, args);
        match action {
            Action::SetLang(l) => self.locales.format(*l, msg::LANGUAGE_SELF_NAME, &[]),
            Action::Topics => f(msg::MENU_ALL_TOPICS, &[]),
            Action::Topic(t) => match self.kb.topic(t) {
                Some(topic) => format!("{} {}", topic.icon, topic.title.text(lang)).trim().to_owned(),
                None => t.clone(),
            },
            Action::Entry(e) => self.kb.entry(e).map_or_else(|| e.clone(), |e| e.title.text(lang).to_owned()),
            Action::ForgetYes => f(msg::FORGET_YES, &[]),
            Action::ForgetNo => f(msg::FORGET_NO, &[]),
            Action::BroadcastTo(a) => self.audience_label(lang, a),
            Action::BroadcastSend => f(msg::BROADCAST_SEND, &[]),
            Action::BroadcastDrop => f(msg::BROADCAST_DROP, &[]),
        }
    }

    /// A menu in the turn's language; remembers its options for a typed number.
    fn menu(&self, turn: &mut Turn, prompt: &str, options: Vec<Action>) -> Reply {
        self.menu_in(turn, turn.lang, prompt, options)
    }

    fn menu_in(&self, turn: &mut Turn, lang: Lang, prompt: &str, options: Vec<Action>) -> Reply {
        let reply = Reply::Menu(self.menu_of(lang, self.locales.format(lang, prompt, &[]), &options));
        turn.record.state = State::Choosing { options };
        reply
    }

    /// The menu on screen again (after an empty line or a number out of range), with the prompt
    /// that fits its options.
    fn reshow(&self, turn: &Turn, options: Vec<Action>) -> Reply {
        let lang = turn.lang;
        let f = |id: &str| self.locales.format(lang, id, &[]);
        let prompt = match options.first() {
            Some(Action::SetLang(_)) => f(msg::LANGUAGE_PROMPT),
            Some(Action::ForgetYes) => f(msg::FORGET_CONFIRM),
            Some(Action::BroadcastTo(_)) => f(msg::BROADCAST_AUDIENCE_PROMPT),
            Some(Action::BroadcastSend) => self.confirm_prompt(turn),
            Some(Action::Entry(_)) => match self.single_topic(&options) {
                Some(topic) => {
                    self.locales.format(lang, msg::TOPIC_PROMPT, &[("topic", topic.title.text(lang).into())])
                }
                None => f(msg::DID_YOU_MEAN),
            },
            _ => f(msg::TOPICS_PROMPT),
        };
        Reply::Menu(self.menu_of(lang, prompt, &options))
    }

    /// The topic whose full entry list `options` is (a topic menu), if it is one.
    fn single_topic(&self, options: &[Action]) -> Option<&crate::kb::Topic> {
        let [entries @ .., Action::Topics] = options else { return None };
        let Some(Action::Entry(first)) = entries.first() else { return None };
        let topic = &self.kb.entry(first)?.topic;
        let listed: Vec<&str> = entries
            .iter()
            .map(|a| match a {
                Action::Entry(e) => e.as_str(),
                _ => "",
            })
            .collect();
        let all: Vec<&str> = self.kb.entries_of(topic).map(|e| e.id.as_str()).collect();
        (listed == all).then(|| self.kb.topic(topic)).flatten()
    }

    fn menu_of(&self, lang: Lang, prompt: String, options: &[Action]) -> Menu {
        Menu {
            prompt,
            options: options.iter().map(|a| Choice { label: self.label(lang, a), data: a.encode() }).collect(),
            hint: self.locales.format(lang, msg::MENU_HINT, &[]),
        }
    }

    /// The language menu; its prompt (and typing hint) in all three languages while the user's
    /// language is unknown.
    fn language_menu(&self, turn: &mut Turn) -> Reply {
        let options: Vec<Action> = Lang::ALL.into_iter().map(Action::SetLang).collect();
        if turn.record.lang.is_some() {
            return self.menu(turn, msg::LANGUAGE_PROMPT, options);
        }
        let all = |id: &str| Lang::ALL.map(|l| self.locales.format(l, id, &[])).join("\n");
        let mut menu = self.menu_of(turn.lang, all(msg::LANGUAGE_PROMPT), &options);
        menu.hint = all(msg::MENU_HINT);
        turn.record.state = State::Choosing { options };
        Reply::Menu(menu)
    }

    fn topics_menu(&self, turn: &mut Turn) -> Reply {
        self.topics_menu_in(turn, turn.lang)
    }

    fn topics_menu_in(&self, turn: &mut Turn, lang: Lang) -> Reply {
        let options = self.kb.topics.iter().map(|t| Action::Topic(t.id.clone())).collect();
        self.menu_in(turn, lang, msg::TOPICS_PROMPT, options)
    }

    fn topic_menu(&self, turn: &mut Turn, topic_id: &str) -> Vec<Reply> {
        let lang = turn.lang;
        let Some(topic) = self.kb.topic(topic_id) else {
            return vec![self.say(lang, msg::MENU_EXPIRED, &[]), self.topics_menu(turn)];
        };
        let mut options: Vec<Action> = self.kb.entries_of(topic_id).map(|e| Action::Entry(e.id.clone())).collect();
        options.push(Action::Topics);
        let prompt = self.locales.format(lang, msg::TOPIC_PROMPT, &[("topic", topic.title.text(lang).into())]);
        let reply = Reply::Menu(self.menu_of(lang, prompt, &options));
        turn.record.state = State::Choosing { options };
        vec![reply]
    }

    /// One-shot lookup without a user (`refuge ask`): `force` fixes the answer language. It reads
    /// the message as the chat does (greetings, thanks, places, questions).
    pub fn ask(&self, query: &str, force: Option<Lang>) -> AskResult {
        let query_cut: String = query.chars().take(MAX_INPUT_CHARS).collect();
        let detected = detect::detect(&query_cut, &self.kb.lexicon);
        let lang = force.or(detected.map(|d| d.lang)).unwrap_or(self.settings.default_lang);
        let mut result = AskResult {
            query: query.to_owned(),
            kind: AskKind::Unknown,
            style: detected.map(|d| d.tag()),
            lang,
            id: None,
            confident: false,
            score: 0.0,
            suggestions: Vec::new(),
            answer: None,
            place: None,
            content_words: 0,
            ranked: Vec::new(),
            elsewhere: None,
            reads_as: None,
            answerable: None,
        };
        let (named, outcome) = match self.read(&query_cut, detected) {
            Reading::Unsubscribe => return AskResult { kind: AskKind::Unsubscribe, ..result },
            Reading::Greeting => {
                let text = self.locales.format(lang, msg::GREETING, &[]);
                return AskResult { kind: AskKind::Greeting, answer: Some(text), ..result };
            }
            Reading::Thanks => {
                let text = self.locales.format(lang, msg::THANKS, &[]);
                return AskResult { kind: AskKind::Thanks, answer: Some(text), ..result };
            }
            Reading::Acknowledged => {
                let text = self.locales.format(lang, msg::ACKNOWLEDGED, &[]);
                return AskResult { kind: AskKind::Acknowledged, answer: Some(text), ..result };
            }
            Reading::Plea => {
                let text = self.locales.format(lang, msg::PLEA, &[("hotline", self.kb.meta.hotline.clone().into())]);
                return AskResult { kind: AskKind::Plea, answer: Some(text), ..result };
            }
            Reading::Place(place, outcome) => (Some(place), outcome),
            Reading::Search(outcome) => (None, outcome),
        };
        let top = outcome.hits.first();
        let id = top.filter(|_| outcome.confident).map(|h| self.kb.entries[h.entry].id.clone());
        let skip = usize::from(id.is_some());
        result.suggestions =
            outcome.hits.iter().skip(skip).take(MAX_SUGGESTIONS).map(|h| self.kb.entries[h.entry].id.clone()).collect();
        result.place = named.map(|p| p.id.clone());
        result.answer = match named {
            Some(place) => Some(render::plain(&Reply::Places(self.place_found(place, lang)))),
            None => {
                id.as_deref().and_then(|id| self.kb.entry(id)).map(|e| render::plain(&Reply::Card(self.card(e, lang))))
            }
        };
        result.kind = match (&id, top) {
            _ if named.is_some() => AskKind::Place,
            (Some(_), _) => AskKind::Answer,
            (None, Some(_)) => AskKind::Suggest,
            (None, None) => AskKind::Unknown,
        };
        AskResult {
            confident: id.is_some(),
            id,
            score: top.map_or(0.0, |h| h.score),
            content_words: outcome.content_words,
            elsewhere: outcome.elsewhere.map(|i| self.kb.lexicon.elsewhere[i].clone()),
            reads_as: outcome.reads_as,
            answerable: outcome.answerable,
            ranked: outcome
                .hits
                .iter()
                .map(|h| Ranked {
                    id: self.kb.entries[h.entry].id.clone(),
                    score: h.score,
                    coverage: h.coverage,
                    words: h.words,
                    direct: h.direct,
                    curated: h.curated,
                    read: h.read,
                })
                .collect(),
            ..result
        }
    }
}
