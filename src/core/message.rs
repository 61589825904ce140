//! What comes in from a network and what goes back out, as plain data.
//!
//! Replies are structured but already localised: the core decides the language and formats the
//! Fluent messages once, so adapters only lay them out (HTML on Telegram, a numbered list in the
//! console and on Matrix) and escape them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A network a user writes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// The local terminal (`refuge chat`).
    Console,
    /// Telegram.
    Telegram,
    /// Matrix.
    Matrix,
}

impl Transport {
    /// `console`, `telegram`, `matrix`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Console => "console",
            Self::Telegram => "telegram",
            Self::Matrix => "matrix",
        }
    }

    /// The network named `name` (as [`Transport::as_str`] writes it, any case).
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Console, Self::Telegram, Self::Matrix].into_iter().find(|t| name.eq_ignore_ascii_case(t.as_str()))
    }
}

/// A user, whatever the network. `Debug` and `Display` leave the id out: it is personal data and
/// either may end up in a log.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserRef {
    /// The network.
    pub transport: Transport,
    /// The network's id for the user (chat id, Matrix user id, console name).
    pub id: String,
}

impl UserRef {
    /// A user on `transport` with `id`.
    pub fn new(transport: Transport, id: impl Into<String>) -> Self {
        Self { transport, id: id.into() }
    }
}

impl fmt::Debug for UserRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserRef({}, <{} chars>)", self.transport.as_str(), self.id.chars().count())
    }
}

impl fmt::Display for UserRef {
    /// Deliberately not the id: user ids are personal data and this may end up in a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} user", self.transport.as_str())
    }
}

/// One message from a user.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// Who wrote.
    pub user: UserRef,
    /// What they sent.
    pub input: Input,
    /// The client's language code, if the network gives one (Telegram's `language_code`).
    pub lang_hint: Option<String>,
}

/// What a user sent. `Debug` shows the kind and size, never the text or the place.
#[derive(Clone, PartialEq)]
pub enum Input {
    /// Typed text, commands included.
    Text(String),
    /// A pressed button's data.
    Choice(String),
    /// A shared location.
    Location {
        /// Latitude, degrees.
        lat: f64,
        /// Longitude, degrees.
        lon: f64,
    },
}

/// One reply, localised.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reply {
    /// A plain message.
    Text {
        /// The text.
        text: String,
    },
    /// An answer from the knowledge base.
    Card(Card),
    /// A list of options.
    Menu(Menu),
    /// Places near a shared location.
    Places(PlaceList),
    /// How to share a location; networks with a "send my location" button show `button`.
    AskLocation {
        /// The explanation (also enough without a button).
        text: String,
        /// The button's label.
        button: String,
    },
}

/// An answer card.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Card {
    /// The entry's id.
    pub entry: String,
    /// Its title.
    pub title: String,
    /// The answer.
    pub body: String,
    /// Heading above the places, when the entry lists places.
    pub places_heading: Option<String>,
    /// Open places of the entry's kinds.
    pub places: Vec<PlaceLine>,
    /// A warning that the answer may be out of date.
    pub stale: Option<String>,
    /// Source and date checked.
    pub footer: Vec<String>,
}

/// A menu.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Menu {
    /// The question above the options.
    pub prompt: String,
    /// The options, in order.
    pub options: Vec<Choice>,
    /// How to answer by typing (for numbered lists).
    pub hint: String,
}

/// One option of a menu.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Choice {
    /// The label.
    pub label: String,
    /// Opaque button data (≤ 64 ASCII bytes).
    pub data: String,
}

/// Places near a point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceList {
    /// Heading.
    pub heading: String,
    /// Nearest first.
    pub places: Vec<PlaceLine>,
}

/// One place, ready to show (and for networks that can, to put on a map).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceLine {
    /// Place id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Kind, status, hours, beds, phone, joined.
    pub details: String,
    /// Distance from the user's point, when known.
    pub distance: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) => write!(f, "Text(<{} chars>)", t.chars().count()),
            Self::Choice(d) => write!(f, "Choice({d:?})"),
            Self::Location { .. } => f.write_str("Location(<redacted>)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_carries_no_personal_data() {
        let user = UserRef::new(Transport::Telegram, "123456789");
        let incoming =
            Incoming { user, input: Input::Text("my brother Aram is missing".into()), lang_hint: Some("hy".into()) };
        let shown = format!("{incoming:?} {:?}", Input::Location { lat: 39.5, lon: 46.3 });
        for secret in ["123456789", "Aram", "39.5", "46.3"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}
