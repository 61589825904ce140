//! Slash commands: one enum, parsed from text that starts with `/` (or `!`, which Matrix clients
//! leave alone where they would swallow an unknown `/command`).

use crate::i18n::{Lang, msg};

/// A command a user can type.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Welcome and language choice.
    Start,
    /// What the bot can do.
    Help,
    /// Choose a language, or switch straight to one (`/language hy`).
    Language(Option<Lang>),
    /// The topic menu.
    Topics,
    /// Who runs the bot, what it stores.
    About,
    /// Delete everything stored about me (after a confirmation).
    Forget,
    /// Nearest open places to a point typed by hand (`/near 39.51 46.34`), or how to share one.
    Near(Option<(f64, f64)>),
    /// Update a place (volunteers): `/place ID open|full|closed`, `/place ID beds N`, `/place`.
    Place(Vec<String>),
    /// Receive broadcasts: all, or one topic (`/subscribe shelter`).
    Subscribe(Option<String>),
    /// Stop receiving broadcasts.
    Unsubscribe,
    /// Volunteers: write a broadcast (`/broadcast`), or `status [ID]`, `cancel ID`.
    Broadcast(Vec<String>),
    /// Coordinators: `/role add volunteer|coordinator NETWORK ID`, `/role remove NETWORK ID`, `/role`.
    Role(Vec<String>),
    /// Drop what is being written (a broadcast draft).
    Cancel,
    /// Anything else that looks like a command.
    Unknown(String),
}

/// The commands everyone may use, in menu order, with the message describing each (for menus
/// such as Telegram's command list).
pub const PUBLIC: [(&str, &str); 9] = [
    ("start", msg::COMMAND_START),
    ("topics", msg::COMMAND_TOPICS),
    ("near", msg::COMMAND_NEAR),
    ("language", msg::COMMAND_LANGUAGE),
    ("subscribe", msg::COMMAND_SUBSCRIBE),
    ("unsubscribe", msg::COMMAND_UNSUBSCRIBE),
    ("forget", msg::COMMAND_FORGET),
    ("about", msg::COMMAND_ABOUT),
    ("help", msg::COMMAND_HELP),
];

/// Parses `text` as a command, or `None` when it is not one (including `/` followed by a space,
/// or `!!!` typed for emphasis).
pub fn parse(text: &str) -> Option<Command> {
    let rest = text.strip_prefix('/').or_else(|| text.strip_prefix('!'))?;
    let mut parts = rest.split_whitespace();
    let head = parts.next()?;
    // Telegram appends the bot's name in groups: /start@refuge_bot.
    let name = head.split('@').next().unwrap_or(head).to_ascii_lowercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let args: Vec<&str> = parts.collect();
    Some(match name.as_str() {
        "start" => Command::Start,
        "help" => Command::Help,
        "language" | "lang" | "lezu" | "lugha" => Command::Language(args.first().and_then(|a| Lang::from_hint(a))),
        "topics" | "menu" => Command::Topics,
        "about" | "privacy" => Command::About,
        "forget" => Command::Forget,
        "near" | "location" => Command::Near(coordinates(&args.join(" "))),
        "subscribe" => Command::Subscribe(args.first().map(|a| a.to_ascii_lowercase())),
        "unsubscribe" | "stop" => Command::Unsubscribe,
        "place" => Command::Place(args.iter().take(4).map(|a| (*a).to_owned()).collect()),
        "broadcast" => Command::Broadcast(args.iter().take(3).map(|a| (*a).to_owned()).collect()),
        "role" | "roles" => Command::Role(args.iter().take(5).map(|a| (*a).to_owned()).collect()),
        "cancel" => Command::Cancel,
        _ => Command::Unknown(name.chars().take(32).collect()),
    })
}

/// `39.51 46.34`, `39.51,46.34`, `39.51, 46.34`, comma decimals (`39,51 46,34`) and Arabic-Indic
/// digits (`٣٩٫٥١ ٤٦٫٣٤`) → a valid point.
fn coordinates(s: &str) -> Option<(f64, f64)> {
    // The search's folding already maps Arabic-Indic and Eastern digits; ٫ is the Arabic decimal point.
    let s = crate::kb::normalize::fold(s).replace('\u{066B}', ".");
    let by_space: Vec<&str> = s.split_whitespace().map(|p| p.trim_end_matches(',')).collect();
    let parts: Vec<String> = if by_space.len() == 2 {
        by_space.iter().map(|p| p.replace(',', ".")).collect()
    } else {
        s.split([',', ' ']).filter(|p| !p.is_empty()).map(str::to_owned).collect()
    };
    let [lat, lon] = parts.as_slice() else { return None };
    let (lat, lon): (f64, f64) = (lat.parse().ok()?, lon.parse().ok()?);
    crate::kb::geo::is_valid(lat, lon).then_some((lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands() {
        assert_eq!(parse("/start"), Some(Command::Start));
        assert_eq!(parse("!start"), Some(Command::Start));
        assert_eq!(parse("/START@refuge_bot"), Some(Command::Start));
        assert_eq!(parse("/language ar"), Some(Command::Language(Some(Lang::Ar))));
        assert_eq!(parse("/language"), Some(Command::Language(None)));
        assert_eq!(parse("/near 39.51, 46.34"), Some(Command::Near(Some((39.51, 46.34)))));
        assert_eq!(parse("/near 200 46"), Some(Command::Near(None)));
        assert_eq!(parse("/near 39,51 46,34"), Some(Command::Near(Some((39.51, 46.34)))));
        assert_eq!(parse("/near ٣٩٫٥١ ٤٦٫٣٤"), Some(Command::Near(Some((39.51, 46.34)))));
        assert_eq!(parse("/near 39.51,46.34"), Some(Command::Near(Some((39.51, 46.34)))));
        assert_eq!(parse("/near 0 0"), Some(Command::Near(None)));
        assert_eq!(parse("/xyz"), Some(Command::Unknown("xyz".into())));
    }

    #[test]
    fn not_commands() {
        assert_eq!(parse("hello"), None);
        assert_eq!(parse("/ "), None);
        assert_eq!(parse("!!!"), None);
        assert_eq!(parse("/<b>"), None);
        assert_eq!(parse("/շնորհակալություն"), None);
    }
}
