//! `refuge chat`: the conversation in a terminal, on the same core as every network.
//!
//! Reads one message a line, so it can be scripted (`printf '/start\n2\n' | refuge chat`); shows
//! menus as numbered lists (type `2`). The banner and the `>` prompt appear only on a terminal.

use crate::core::render;
use crate::core::{Core, Incoming, Input, Transport, UserRef};
use crate::i18n::{Lang, msg};
use std::io::{self, BufRead, Write};

/// Options of a console session.
pub struct Session {
    /// Who the user is to the bot.
    pub user: String,
    /// A language fixed from the command line.
    pub lang: Option<Lang>,
    /// Whether a person is typing (show the banner and a prompt).
    pub interactive: bool,
}

/// Runs the conversation until end of input.
pub fn run(core: &Core, session: &Session, input: impl BufRead, mut out: impl Write) -> io::Result<()> {
    let user = UserRef::new(Transport::Console, session.user.clone());
    if let Some(lang) = session.lang {
        core.set_language(&user, lang);
    }
    if session.interactive {
        let lang = session.lang.unwrap_or(core.default_lang());
        writeln!(out, "{}\n", core.text(lang, msg::CONSOLE_BANNER))?;
        write!(out, "> ")?;
        out.flush()?;
    }
    let hint = session.lang.map(|l| l.code().to_owned());
    for line in input.lines() {
        let line = match line {
            Ok(l) => l,
            // Not UTF-8: treat as an unreadable message rather than stopping the conversation.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => String::new(),
            Err(e) => return Err(e),
        };
        let replies = core.handle(Incoming { user: user.clone(), input: Input::Text(line), lang_hint: hint.clone() });
        for reply in &replies {
            writeln!(out, "{}\n", render::plain(reply))?;
        }
        if session.interactive {
            write!(out, "> ")?;
        }
        out.flush()?;
    }
    Ok(())
}
