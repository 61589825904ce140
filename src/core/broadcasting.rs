//! Volunteers' side of the conversation: writing a broadcast in chat (audience → a text per
//! language → preview → send), following and stopping broadcasts, and coordinators giving roles.
//!
//! The draft lives in the volunteer's conversation state, so nothing is queued until they confirm
//! and `/forget` (or `/cancel`) drops it.

use super::conversation::{Action, Draft, State};
use super::{Core, Turn};
use crate::broadcast::{Audience, MAX_TEXT_CHARS, Texts};
use crate::core::message::Reply;
use crate::core::{Transport, UserRef};
use crate::i18n::{Arg, Lang, msg};
use crate::storage::{BroadcastStatus, NewBroadcast, Role, SUBSCRIPTION_TOPICS, user_key};

impl Core {
    fn stored_role(&self, user: &UserRef) -> Option<Role> {
        self.store.role(user).unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot read roles; treating the user as having none");
            None
        })
    }

    /// A volunteer or coordinator: listed in `config.toml` or given the role in the chat.
    pub(super) fn is_volunteer(&self, user: &UserRef) -> bool {
        self.settings.roles.is_volunteer(user) || self.stored_role(user).is_some()
    }

    /// A coordinator: listed in `config.toml` or given the role in the chat.
    pub(super) fn is_coordinator(&self, user: &UserRef) -> bool {
        self.settings.roles.is_coordinator(user) || self.stored_role(user) == Some(Role::Coordinator)
    }

    fn language_name(&self, ui: Lang, lang: Lang) -> String {
        self.locales.format(ui, msg::LANGUAGE_NAME, &[("lang", lang.code().into())])
    }

    /// `/broadcast`, `/broadcast status [ID]`, `/broadcast cancel ID`.
    pub(super) fn broadcast_command(&self, turn: &mut Turn, args: &[String]) -> Vec<Reply> {
        let lang = turn.lang;
        if !self.is_volunteer(&turn.user) {
            return vec![self.say(lang, msg::NOT_ALLOWED, &[])];
        }
        let verb = args.first().map(|a| a.to_ascii_lowercase());
        let number = args.get(1).map(|a| a.trim_start_matches('#').parse::<i64>());
        match (verb.as_deref(), number) {
            (None, _) => {
                let mut options = vec![Action::BroadcastTo("all".to_owned())];
                options.extend(SUBSCRIPTION_TOPICS.iter().map(|t| Action::BroadcastTo(format!("topic:{t}"))));
                options.extend(Lang::ALL.iter().map(|l| Action::BroadcastTo(format!("lang:{}", l.code()))));
                options.push(Action::BroadcastDrop);
                vec![self.menu(turn, msg::BROADCAST_AUDIENCE_PROMPT, options)]
            }
            (Some("status"), None) => vec![self.broadcast_status(lang, None)],
            (Some("status"), Some(Ok(id))) => vec![self.broadcast_status(lang, Some(id))],
            (Some("cancel"), Some(Ok(id))) => vec![self.cancel_broadcast(turn, id)],
            (Some("approve"), Some(Ok(id))) => vec![self.approve_broadcast(turn, id)],
            _ => vec![self.say(lang, msg::BROADCAST_USAGE, &[])],
        }
    }

    /// The audience is chosen: ask for the Armenian text.
    pub(super) fn start_draft(&self, turn: &mut Turn, audience: &str) -> Vec<Reply> {
        if !self.is_volunteer(&turn.user) {
            return vec![self.say(turn.lang, msg::NOT_ALLOWED, &[])];
        }
        let draft = Draft { audience: audience.to_owned(), ..Draft::default() };
        let ask = self.ask_text(turn, Lang::Hy);
        turn.record.state = State::Composing { draft, options: Vec::new() };
        vec![ask]
    }

    fn ask_text(&self, turn: &Turn, lang: Lang) -> Reply {
        // Only a coordinator may let the English text stand in for another language.
        let id = if lang != Lang::En && self.is_coordinator(&turn.user) {
            msg::BROADCAST_ASK_TEXT_OR_SKIP
        } else {
            msg::BROADCAST_ASK_TEXT
        };
        self.say(turn.lang, id, &[("language", self.language_name(turn.lang, lang).into())])
    }

    /// A text for the language awaited; the preview once all three are in.
    pub(super) fn compose_text(&self, turn: &mut Turn, mut draft: Draft, text: &str) -> Vec<Reply> {
        let Some(lang) = draft.awaiting() else { return self.preview(turn, draft) };
        let text = text.trim();
        if matches!(text, "-" | "–" | "—") {
            if lang == Lang::En || !self.is_coordinator(&turn.user) {
                let name = self.language_name(turn.lang, lang);
                return vec![self.say(turn.lang, msg::BROADCAST_NEED_TEXT, &[("language", name.into())])];
            }
            draft.set(lang, String::new());
        } else {
            let chars = text.chars().count();
            if chars > MAX_TEXT_CHARS {
                let args = [("chars", Arg::from(chars)), ("max", Arg::from(MAX_TEXT_CHARS))];
                return vec![self.say(turn.lang, msg::BROADCAST_TOO_LONG, &args)];
            }
            draft.set(lang, text.to_owned());
        }
        match draft.awaiting() {
            Some(next) => {
                let ask = self.ask_text(turn, next);
                turn.record.state = State::Composing { draft, options: Vec::new() };
                vec![ask]
            }
            None => self.preview(turn, draft),
        }
    }

    /// Each language as it will arrive, then "send to N subscribers?".
    fn preview(&self, turn: &mut Turn, draft: Draft) -> Vec<Reply> {
        let ui = turn.lang;
        let english = draft.en.clone().unwrap_or_default();
        let mut replies = Vec::new();
        for (lang, text) in [(Lang::Hy, &draft.hy), (Lang::Ar, &draft.ar), (Lang::En, &draft.en)] {
            let heading =
                self.locales.format(ui, msg::BROADCAST_PREVIEW, &[("language", self.language_name(ui, lang).into())]);
            let body = match text.as_deref() {
                Some(t) if !t.is_empty() => t.to_owned(),
                _ => format!("{}\n\n{english}", self.locales.format(ui, msg::BROADCAST_PREVIEW_ENGLISH, &[])),
            };
            replies.push(Reply::Text { text: format!("{heading}\n\n{body}") });
        }
        if self.draft_reach(&draft) == 0 {
            turn.record.state = State::Idle;
            replies.push(self.say(ui, msg::BROADCAST_NOBODY, &[]));
            return replies;
        }
        let options = vec![Action::BroadcastSend, Action::BroadcastDrop];
        turn.record.state = State::Composing { draft, options: options.clone() };
        replies.push(Reply::Menu(self.menu_of(ui, self.confirm_prompt(turn), &options)));
        replies
    }

    fn draft_reach(&self, draft: &Draft) -> u64 {
        let Ok(audience) = draft.audience.parse::<Audience>() else { return 0 };
        self.store.audience_size(&audience).unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot count a broadcast's audience");
            0
        })
    }

    /// "Send this to N subscribers?" for the draft on screen.
    pub(super) fn confirm_prompt(&self, turn: &Turn) -> String {
        let count = match &turn.record.state {
            State::Composing { draft, .. } => self.draft_reach(draft),
            _ => 0,
        };
        self.locales.format(turn.lang, msg::BROADCAST_CONFIRM, &[("count", Arg::from(count))])
    }

    /// Confirmed: one ledger row per subscriber, in one transaction; the workers take it from there.
    pub(super) fn send_draft(&self, turn: &mut Turn) -> Vec<Reply> {
        let lang = turn.lang;
        let State::Composing { draft, .. } = std::mem::take(&mut turn.record.state) else {
            return vec![self.say(lang, msg::MENU_EXPIRED, &[]), self.topics_menu(turn)];
        };
        if !self.is_volunteer(&turn.user) {
            return vec![self.say(lang, msg::NOT_ALLOWED, &[])];
        }
        let left_out = |t: &Option<String>| t.as_deref() == Some("");
        let fallback = left_out(&draft.hy) || left_out(&draft.ar);
        let given = |t: Option<String>| t.filter(|t| !t.is_empty());
        let texts = match (draft.audience.parse::<Audience>(), fallback && !self.is_coordinator(&turn.user)) {
            (Ok(audience), false) => {
                Texts::new(given(draft.hy), given(draft.ar), given(draft.en), fallback).map(|t| (audience, t))
            }
            _ => return vec![self.say(lang, msg::NOT_ALLOWED, &[])],
        };
        let (audience, texts) = match texts {
            Ok(ok) => ok,
            Err(e) => {
                tracing::warn!(error = %e, "a broadcast draft was not valid");
                return vec![self.say(lang, msg::ERROR_GENERIC, &[])];
            }
        };
        let at = self.clock.now().as_second();
        let broadcast = NewBroadcast { audience, texts, by: user_key(&turn.user), at };
        if self.settings.require_approval {
            let held = self.store.hold(&broadcast).and_then(|status| {
                let action = format!("broadcast {} to {} held for approval", status.id, status.audience);
                self.store.audit(&turn.user, &action, at).map(|()| status)
            });
            return match held {
                Ok(status) => vec![self.say(lang, msg::BROADCAST_HELD, &[("id", Arg::from(status.id))])],
                Err(e) => {
                    tracing::error!(error = %e, "cannot hold a broadcast for approval");
                    vec![self.say(lang, msg::ERROR_GENERIC, &[])]
                }
            };
        }
        let queued = self.store.enqueue(&broadcast).and_then(|status| {
            let note = if fallback { " (English standing in for a missing language)" } else { "" };
            let action = format!("broadcast {} to {}{note}", status.id, status.audience);
            self.store.audit(&turn.user, &action, at).map(|()| status)
        });
        match queued {
            Ok(status) => {
                let args = [("id", Arg::from(status.id)), ("count", Arg::from(status.total()))];
                vec![self.say(lang, msg::BROADCAST_QUEUED, &args)]
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot queue a broadcast");
                vec![self.say(lang, msg::ERROR_GENERIC, &[])]
            }
        }
    }

    /// A second volunteer approves a held broadcast: its subscribers are queued now.
    fn approve_broadcast(&self, turn: &Turn, id: i64) -> Reply {
        let lang = turn.lang;
        let released = match self.store.held_by(id) {
            Ok(None) => return self.say(lang, msg::BROADCAST_NOT_HELD, &[("id", id.into())]),
            Ok(Some(by)) if by == user_key(&turn.user) => {
                return self.say(lang, msg::BROADCAST_OWN, &[("id", id.into())]);
            }
            Ok(Some(_)) => self.store.release(id),
            Err(e) => Err(e),
        };
        let at = self.clock.now().as_second();
        let audited = released
            .and_then(|status| self.store.audit(&turn.user, &format!("broadcast {id} approved"), at).map(|()| status));
        match audited {
            Ok(Some(status)) => {
                let args = [("id", Arg::from(status.id)), ("count", Arg::from(status.total()))];
                self.say(lang, msg::BROADCAST_QUEUED, &args)
            }
            Ok(None) => self.say(lang, msg::BROADCAST_NOT_HELD, &[("id", id.into())]),
            Err(e) => {
                tracing::error!(error = %e, "cannot approve a broadcast");
                self.say(lang, msg::ERROR_GENERIC, &[])
            }
        }
    }

    fn broadcast_status(&self, lang: Lang, id: Option<i64>) -> Reply {
        match self.store.broadcast_status(id) {
            Ok(list) => match (list.first(), id) {
                (Some(b), _) if b.held => {
                    let args =
                        [("id", Arg::from(b.id)), ("audience", Arg::from(self.audience_label(lang, &b.audience)))];
                    self.say(lang, msg::BROADCAST_STATUS_HELD, &args)
                }
                (Some(b), _) => {
                    let args = [
                        ("id", Arg::from(b.id)),
                        ("audience", Arg::from(self.audience_label(lang, &b.audience))),
                        ("sent", Arg::from(b.sent)),
                        ("pending", Arg::from(b.pending + b.in_flight)),
                        ("failed", Arg::from(b.failed)),
                        ("cancelled", Arg::from(b.cancelled)),
                        ("total", Arg::from(b.total())),
                    ];
                    self.say(lang, msg::BROADCAST_STATUS, &args)
                }
                (None, Some(id)) => self.say(lang, msg::BROADCAST_UNKNOWN, &[("id", id.into())]),
                (None, None) => self.say(lang, msg::BROADCAST_NONE, &[]),
            },
            Err(e) => {
                tracing::error!(error = %e, "cannot read broadcasts");
                self.say(lang, msg::ERROR_GENERIC, &[])
            }
        }
    }

    fn cancel_broadcast(&self, turn: &Turn, id: i64) -> Reply {
        let lang = turn.lang;
        match self.store.cancel(id) {
            Ok(Some(n)) => {
                let at = self.clock.now().as_second();
                if let Err(e) = self.store.audit(&turn.user, &format!("broadcast {id} cancelled"), at) {
                    tracing::error!(error = %e, "cannot audit a cancelled broadcast");
                }
                self.say(lang, msg::BROADCAST_CANCELLED, &[("id", id.into()), ("count", Arg::from(n))])
            }
            Ok(None) => self.say(lang, msg::BROADCAST_UNKNOWN, &[("id", id.into())]),
            Err(e) => {
                tracing::error!(error = %e, "cannot cancel a broadcast");
                self.say(lang, msg::ERROR_GENERIC, &[])
            }
        }
    }

    /// "Every subscriber", "Subscribers to “Shelter”", "Subscribers who read Armenian".
    pub(super) fn audience_label(&self, lang: Lang, audience: &str) -> String {
        match audience.parse::<Audience>() {
            Ok(Audience::All) => self.locales.format(lang, msg::BROADCAST_AUDIENCE_ALL, &[]),
            Ok(Audience::Topic(t)) => {
                let title = self.kb.topic(&t).map_or(t.clone(), |topic| topic.title.text(lang).to_owned());
                self.locales.format(lang, msg::BROADCAST_AUDIENCE_TOPIC, &[("topic", title.into())])
            }
            Ok(Audience::Lang(l)) => {
                let name = self.language_name(lang, l);
                self.locales.format(lang, msg::BROADCAST_AUDIENCE_LANG, &[("language", name.into())])
            }
            Err(_) => audience.to_owned(),
        }
    }

    /// The progress of `status` for its author, in their language: counts and the time left at
    /// `per_second`, or the final report once nothing is left to send.
    pub fn progress_text(&self, author: &UserRef, status: &BroadcastStatus, per_second: f64) -> String {
        let lang = self.store.load(author).ok().flatten().and_then(|r| r.lang).unwrap_or(self.settings.default_lang);
        if status.finished() {
            let args = [
                ("id", Arg::from(status.id)),
                ("sent", Arg::from(status.sent)),
                ("total", Arg::from(status.total())),
                ("failed", Arg::from(status.failed)),
                ("cancelled", Arg::from(status.cancelled)),
            ];
            return self.locales.format(lang, msg::BROADCAST_DONE, &args);
        }
        let left = status.pending + status.in_flight;
        let minutes = if per_second > 0.0 { (left as f64 / per_second / 60.0).floor() as u64 } else { 0 };
        let args = [
            ("id", Arg::from(status.id)),
            ("sent", Arg::from(status.sent)),
            ("total", Arg::from(status.total())),
            ("failed", Arg::from(status.failed)),
            ("pending", Arg::from(left)),
            ("minutes", Arg::from(minutes)),
        ];
        self.locales.format(lang, msg::BROADCAST_PROGRESS, &args)
    }

    /// `/role add volunteer|coordinator NETWORK ID`, `/role remove NETWORK ID`, `/role` (the list).
    pub(super) fn role_command(&self, turn: &mut Turn, args: &[String]) -> Vec<Reply> {
        let lang = turn.lang;
        if !self.is_coordinator(&turn.user) {
            return vec![self.say(lang, msg::NOT_ALLOWED, &[])];
        }
        let network = Transport::parse;
        let usage = || vec![self.say(lang, msg::ROLE_USAGE, &[])];
        let verb = args.first().map(|v| v.to_ascii_lowercase());
        let (user, role) = match (verb.as_deref(), args) {
            (None, _) => return vec![self.role_list(lang), self.say(lang, msg::ROLE_USAGE, &[])],
            (Some("add"), [_, role, net, id]) => match (Role::parse(role), network(net)) {
                (Some(role), Some(t)) => (UserRef::new(t, id.clone()), Some(role)),
                _ => return usage(),
            },
            (Some("remove"), [_, net, id]) => match network(net) {
                Some(t) => (UserRef::new(t, id.clone()), None),
                None => return usage(),
            },
            _ => return usage(),
        };
        let who = [("user", Arg::from(user.id.as_str())), ("network", Arg::from(user.transport.as_str()))];
        if self.settings.roles.is_volunteer(&user) {
            return vec![self.say(lang, msg::ROLE_IN_CONFIG, &who)];
        }
        let changed = match role {
            Some(r) => self.store.grant(&user, r),
            None => self.store.revoke(&user),
        };
        let at = self.clock.now().as_second();
        let action = match role {
            Some(r) => format!("role {} for {}", r.as_str(), user_key(&user)),
            None => format!("role removed from {}", user_key(&user)),
        };
        match changed.and_then(|changed| self.store.audit(&turn.user, &action, at).map(|()| changed)) {
            Ok(false) => vec![self.say(lang, msg::ROLE_UNCHANGED, &[])],
            Ok(true) => match role {
                Some(r) => {
                    let [user, network] = who;
                    let args = [user, network, ("role", Arg::from(self.role_name(lang, r)))];
                    vec![self.say(lang, msg::ROLE_GRANTED, &args)]
                }
                None => vec![self.say(lang, msg::ROLE_REVOKED, &who)],
            },
            Err(e) => {
                tracing::error!(error = %e, "cannot change a role");
                vec![self.say(lang, msg::ERROR_GENERIC, &[])]
            }
        }
    }

    fn role_name(&self, lang: Lang, role: Role) -> String {
        let id = match role {
            Role::Volunteer => msg::ROLE_VOLUNTEER,
            Role::Coordinator => msg::ROLE_COORDINATOR,
        };
        self.locales.format(lang, id, &[])
    }

    fn role_list(&self, lang: Lang) -> Reply {
        let granted = self.store.granted().unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot list roles");
            Vec::new()
        });
        if granted.is_empty() {
            return self.say(lang, msg::ROLE_NONE, &[]);
        }
        let lines: Vec<String> = granted
            .iter()
            .map(|(u, r)| {
                let args = [
                    ("role", Arg::from(self.role_name(lang, *r))),
                    ("network", Arg::from(u.transport.as_str())),
                    ("user", Arg::from(u.id.as_str())),
                ];
                self.locales.format(lang, msg::ROLE_LIST_LINE, &args)
            })
            .collect();
        Reply::Text { text: lines.join("\n") }
    }
}
