//! The three languages refuge speaks, and how a client's language code maps onto them.
//!
//! Knows nothing of detection from text (that needs the lexicon: `kb::detect`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language the bot answers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Armenian (Eastern, reformed orthography).
    Hy,
    /// Arabic (Modern Standard).
    Ar,
    /// English.
    En,
}

impl Lang {
    /// All languages, in the order the language menu shows them.
    pub const ALL: [Lang; 3] = [Lang::Hy, Lang::Ar, Lang::En];

    /// The BCP 47 code: `hy`, `ar`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Hy => "hy",
            Self::Ar => "ar",
            Self::En => "en",
        }
    }

    /// Right-to-left script?
    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }

    /// Maps a client's language code (`hy`, `hy-AM`, `ar_SY`, `EN-us`) to a language we speak.
    pub fn from_hint(hint: &str) -> Option<Self> {
        let primary = hint.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "hy" => Some(Self::Hy),
            "ar" => Some(Self::Ar),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error for a language code we do not speak.
#[derive(Debug, thiserror::Error)]
#[error("unknown language {0:?}: expected hy, ar or en")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_hint(s).ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_map_regional_codes() {
        assert_eq!(Lang::from_hint("hy-AM"), Some(Lang::Hy));
        assert_eq!(Lang::from_hint("ar_SY"), Some(Lang::Ar));
        assert_eq!(Lang::from_hint("EN-us"), Some(Lang::En));
        assert_eq!(Lang::from_hint("ru"), None);
        assert_eq!(Lang::from_hint(""), None);
    }
}
