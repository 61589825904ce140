//! Conversation state — ours, not a framework's — and the actions a menu option stands for.
//!
//! The state only remembers the options last shown, so that a typed `2` (console, Matrix) resolves
//! to the same action a pressed button (Telegram) carries as callback data.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Where a user is in the conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Nothing pending: free text is a question.
    #[default]
    Idle,
    /// A menu is shown: a number or an option's label picks from it.
    Choosing {
        /// The options in the order shown.
        options: Vec<Action>,
    },
    /// A volunteer is writing a broadcast: the next text is its next language, until the preview
    /// and its send/cancel menu (`options`) are shown.
    Composing {
        /// What is written so far.
        draft: Draft,
        /// The confirmation menu on screen, once every text is in.
        options: Vec<Action>,
    },
}

/// A broadcast being written in chat. A language left out (a coordinator's choice) is
/// `Some("")`: the English text stands in for it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// `all`, `topic:NAME` or `lang:CODE`.
    pub audience: String,
    /// Armenian.
    pub hy: Option<String>,
    /// Arabic.
    pub ar: Option<String>,
    /// English.
    pub en: Option<String>,
}

impl Draft {
    /// The language whose text is awaited, if any (Armenian, Arabic, then English).
    pub fn awaiting(&self) -> Option<Lang> {
        [(Lang::Hy, &self.hy), (Lang::Ar, &self.ar), (Lang::En, &self.en)]
            .into_iter()
            .find(|(_, t)| t.is_none())
            .map(|(l, _)| l)
    }

    /// Records the text for `lang`.
    pub fn set(&mut self, lang: Lang, text: String) {
        match lang {
            Lang::Hy => self.hy = Some(text),
            Lang::Ar => self.ar = Some(text),
            Lang::En => self.en = Some(text),
        }
    }
}

/// What choosing an option does. Encoded as short ASCII callback data (≤ 64 bytes on Telegram).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", content = "arg", rename_all = "snake_case")]
pub enum Action {
    /// Answer in this language from now on.
    SetLang(Lang),
    /// Show all topics.
    Topics,
    /// Show one topic's entries.
    Topic(String),
    /// Show an entry's card.
    Entry(String),
    /// Confirm `/forget`.
    ForgetYes,
    /// Cancel `/forget`.
    ForgetNo,
    /// Start a broadcast draft to this audience (`all`, `topic:NAME`, `lang:CODE`).
    BroadcastTo(String),
    /// Send the previewed broadcast.
    BroadcastSend,
    /// Drop the draft.
    BroadcastDrop,
}

impl Action {
    /// Short opaque data for a button: never localised text.
    pub fn encode(&self) -> String {
        match self {
            Self::SetLang(l) => format!("l:{}", l.code()),
            Self::Topics => "m".to_owned(),
            Self::Topic(t) => format!("t:{t}"),
            Self::Entry(e) => format!("e:{e}"),
            Self::ForgetYes => "f:y".to_owned(),
            Self::ForgetNo => "f:n".to_owned(),
            Self::BroadcastTo(a) => format!("b:{a}"),
            Self::BroadcastSend => "b!".to_owned(),
            Self::BroadcastDrop => "bx".to_owned(),
        }
    }

    /// Parses button data; `None` for anything not made by [`Action::encode`]. Whether a topic or
    /// entry still exists is for the caller to check.
    pub fn decode(data: &str) -> Option<Self> {
        if data.len() > 64 || !data.is_ascii() {
            return None;
        }
        let valid_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
        if let Some(audience) = data.strip_prefix("b:") {
            return audience.parse::<crate::broadcast::Audience>().ok().map(|a| Self::BroadcastTo(a.to_string()));
        }
        match data.split_once(':') {
            None if data == "m" => Some(Self::Topics),
            None if data == "b!" => Some(Self::BroadcastSend),
            None if data == "bx" => Some(Self::BroadcastDrop),
            Some(("l", code)) => Lang::from_hint(code).filter(|l| l.code() == code).map(Self::SetLang),
            Some(("t", t)) if valid_id(t) => Some(Self::Topic(t.to_owned())),
            Some(("e", e)) if valid_id(e) => Some(Self::Entry(e.to_owned())),
            Some(("f", "y")) => Some(Self::ForgetYes),
            Some(("f", "n")) => Some(Self::ForgetNo),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_and_fit_callback_data() {
        for a in [
            Action::SetLang(Lang::Hy),
            Action::Topics,
            Action::Topic("shelter".into()),
            Action::Entry("crossing.documents".into()),
            Action::ForgetYes,
            Action::ForgetNo,
            Action::BroadcastTo("topic:shelter".into()),
            Action::BroadcastTo("lang:hy".into()),
            Action::BroadcastTo("all".into()),
            Action::BroadcastSend,
            Action::BroadcastDrop,
        ] {
            let data = a.encode();
            assert!(data.len() <= 64);
            assert_eq!(Action::decode(&data), Some(a));
        }
    }

    #[test]
    fn forged_data_is_refused() {
        for bad in ["", "x", "l:fr", "l:HY", "e:", "e:<b>", "t:../etc", "f:maybe", &"e:a".repeat(30), "b:topic:x", "b:"]
        {
            assert_eq!(Action::decode(bad), None, "{bad}");
        }
    }
}
