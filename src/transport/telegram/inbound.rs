//! Telegram updates as the core's `Incoming`: private-chat text, commands and shared locations,
//! button presses, and in groups only commands and mentions addressed to this bot.
//!
//! The conversation is keyed by the chat: in a private chat that is the user.

use crate::core::{Incoming, Input, Transport, UserRef};
use teloxide::types::{CallbackQuery, ChatId, Message};

/// The user a chat's conversation belongs to.
pub fn user(chat: ChatId) -> UserRef {
    UserRef::new(Transport::Telegram, chat.0.to_string())
}

/// What a message asks of the bot, or `None` when the bot should stay quiet.
pub fn from_message(msg: &Message, bot_username: &str) -> Option<Incoming> {
    let from = msg.from.as_ref()?;
    if from.is_bot {
        return None;
    }
    let lang_hint = from.language_code.clone();
    let input = if msg.chat.is_private() {
        if let Some(text) = msg.text() {
            Input::Text(text.to_owned())
        } else if let Some(venue) = msg.venue() {
            Input::Location { lat: venue.location.latitude, lon: venue.location.longitude }
        } else if let Some(loc) = msg.location() {
            Input::Location { lat: loc.latitude, lon: loc.longitude }
        } else if msg.caption().is_some() || msg.voice().is_some() || msg.photo().is_some() || msg.sticker().is_some() {
            // Photos, voice notes, stickers: the bot reads text only; an empty text gets the
            // reply that asks for a written question.
            Input::Text(String::new())
        } else {
            return None;
        }
    } else if msg.chat.is_group() || msg.chat.is_supergroup() {
        Input::Text(addressed_in_group(msg.text()?, bot_username)?)
    } else {
        return None;
    };
    Some(Incoming { user: user(msg.chat.id), input, lang_hint })
}

/// In a group: a command (`/help`, or `/help@this_bot` but not `/help@other_bot`) or a message
/// mentioning `@this_bot`, with the mention taken out. Anything else is chatter between people.
fn addressed_in_group(text: &str, bot_username: &str) -> Option<String> {
    let mention = format!("@{bot_username}").to_ascii_lowercase();
    if let Some(rest) = text.strip_prefix('/') {
        let head = rest.split_whitespace().next().unwrap_or("");
        return match head.split_once('@') {
            Some((_, to)) if !to.eq_ignore_ascii_case(bot_username) => None,
            _ => Some(text.to_owned()),
        };
    }
    // ASCII-only lowering keeps byte offsets, so a match cuts the original text cleanly. A
    // mention ends where the username does (`@refuge_bots` is somebody else).
    let lower = text.to_ascii_lowercase();
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let at = lower.match_indices(&mention).map(|(i, _)| i).find(|&i| {
        let end = i + mention.len();
        !lower[end..].starts_with(is_name_char)
    })?;
    let rest = format!("{} {}", &text[..at], &text[at + mention.len()..]);
    Some(rest.trim().trim_start_matches([',', ':']).trim().to_owned())
}

/// A pressed inline button, for the chat the button was in.
pub fn from_callback(q: &CallbackQuery) -> Incoming {
    let chat = q.regular_message().map_or(ChatId(q.from.id.0 as i64), |m| m.chat.id);
    Incoming {
        user: user(chat),
        // No data (a game button) is as meaningless as forged data: the core says the menu expired.
        input: Input::Choice(q.data.clone().unwrap_or_default()),
        lang_hint: q.from.language_code.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_hear_only_what_is_addressed_to_the_bot() {
        let bot = "refuge_bot";
        assert_eq!(addressed_in_group("/help", bot).as_deref(), Some("/help"));
        assert_eq!(addressed_in_group("/help@Refuge_Bot", bot).as_deref(), Some("/help@Refuge_Bot"));
        assert_eq!(addressed_in_group("/help@other_bot", bot), None);
        assert_eq!(addressed_in_group("@refuge_bot, where can we sleep?", bot).as_deref(), Some("where can we sleep?"));
        assert_eq!(addressed_in_group("Ո՞ւր քնենք @REFUGE_BOT", bot).as_deref(), Some("Ո՞ւր քնենք"));
        assert_eq!(addressed_in_group("where can we sleep?", bot), None);
        assert_eq!(addressed_in_group("ask @refuge_bots about it", bot), None);
    }
}
