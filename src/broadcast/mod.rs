//! Broadcasts from volunteers to subscribers: who they go to ([`Audience`]), the texts in three
//! languages ([`Texts`]) and the rules for sending them. The durable ledger lives behind the
//! `BroadcastStore` port (one row per recipient, written in one transaction); a [`worker::Worker`]
//! per network sends them through that network's [`worker::Sender`].
//!
//! Knows no network.

pub mod progress;
pub mod worker;

use crate::i18n::Lang;
use std::fmt;
use std::str::FromStr;

/// Telegram's limit on one message, the strictest of our networks.
pub const MAX_TEXT_CHARS: usize = 4096;

/// Who a broadcast goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every subscriber.
    All,
    /// Subscribers of one topic (and those subscribed to everything).
    Topic(String),
    /// Subscribers whose language is this one.
    Lang(Lang),
}

/// Why an audience or a broadcast was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BroadcastError {
    /// Not `all`, `topic:NAME` or `lang:CODE`.
    #[error("audience {0:?} must be all, topic:crossing|shelter|aid|medical or lang:hy|ar|en")]
    BadAudience(String),
    /// Texts missing in some languages, and no English fallback allowed.
    #[error("the text is missing in {}: give all three, or allow the English fallback", .0.join(", "))]
    MissingLanguages(Vec<&'static str>),
    /// No English text to fall back to.
    #[error("the English text is required")]
    NoEnglish,
    /// Longer than one message.
    #[error("the {lang} text has {chars} characters; the limit is {MAX_TEXT_CHARS}")]
    TooLong {
        /// Which.
        lang: &'static str,
        /// How long.
        chars: usize,
    },
}

impl FromStr for Audience {
    type Err = BroadcastError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BroadcastError::BadAudience(s.to_owned());
        match s.split_once(':') {
            None if s == "all" => Ok(Self::All),
            Some(("topic", t)) if crate::storage::SUBSCRIPTION_TOPICS.contains(&t) => Ok(Self::Topic(t.to_owned())),
            Some(("lang", l)) => l.parse().map(Self::Lang).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::All => f.write_str("all"),
            Self::Topic(t) => write!(f, "topic:{t}"),
            Self::Lang(l) => write!(f, "lang:{l}"),
        }
    }
}

/// The text of a broadcast in each language, validated: each subscriber gets their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// Armenian (the English one when falling back).
    pub hy: String,
    /// Arabic (the English one when falling back).
    pub ar: String,
    /// English.
    pub en: String,
}

impl Texts {
    /// All three texts, or — only when a coordinator allows it — English standing in for the
    /// missing ones. Empty texts count as missing.
    pub fn new(
        hy: Option<String>,
        ar: Option<String>,
        en: Option<String>,
        allow_english_fallback: bool,
    ) -> Result<Self, BroadcastError> {
        let clean = |t: Option<String>| t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let (hy, ar, en) = (clean(hy), clean(ar), clean(en));
        let missing: Vec<&'static str> = [("hy", hy.is_none()), ("ar", ar.is_none()), ("en", en.is_none())]
            .into_iter()
            .filter(|m| m.1)
            .map(|m| m.0)
            .collect();
        if !missing.is_empty() && !allow_english_fallback {
            return Err(BroadcastError::MissingLanguages(missing));
        }
        let en = en.ok_or(BroadcastError::NoEnglish)?;
        let texts = Self { hy: hy.unwrap_or_else(|| en.clone()), ar: ar.unwrap_or_else(|| en.clone()), en };
        for (lang, text) in [("hy", &texts.hy), ("ar", &texts.ar), ("en", &texts.en)] {
            let chars = text.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Err(BroadcastError::TooLong { lang, chars });
            }
        }
        Ok(texts)
    }

    /// The text for a subscriber speaking `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Hy => &self.hy,
            Lang::Ar => &self.ar,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences() {
        assert_eq!("all".parse(), Ok(Audience::All));
        assert_eq!("topic:shelter".parse(), Ok(Audience::Topic("shelter".into())));
        assert_eq!("lang:hy".parse(), Ok(Audience::Lang(Lang::Hy)));
        for bad in ["", "everyone", "topic:weather", "lang:fr", "topic:"] {
            assert!(bad.parse::<Audience>().is_err(), "{bad}");
        }
        assert_eq!(Audience::Topic("aid".into()).to_string(), "topic:aid");
    }

    #[test]
    fn three_languages_unless_english_fallback_is_allowed() {
        let s = |t: &str| Some(t.to_owned());
        assert_eq!(Texts::new(s("Բարև"), None, s("Hello"), false), Err(BroadcastError::MissingLanguages(vec!["ar"])));
        assert_eq!(
            Texts::new(s("Բարև"), s("  "), s("Hello"), false),
            Err(BroadcastError::MissingLanguages(vec!["ar"]))
        );
        let t = Texts::new(s("Բարև"), None, s("Hello"), true).unwrap();
        assert_eq!((t.get(Lang::Hy), t.get(Lang::Ar)), ("Բարև", "Hello"));
        assert_eq!(Texts::new(s("Բարև"), s("مرحبا"), None, true), Err(BroadcastError::NoEnglish));
        let long = "ա".repeat(MAX_TEXT_CHARS + 1);
        assert!(matches!(
            Texts::new(Some(long), s("م"), s("e"), false),
            Err(BroadcastError::TooLong { lang: "hy", .. })
        ));
    }
}
