//! Plain-text layout of replies, shared by the console, `refuge ask` and the snapshot tests.
//! Menus become numbered lists; network adapters lay replies out their own way.

use super::message::{Card, Menu, PlaceLine, Reply};
use std::fmt::Write;

/// One reply as plain text.
pub fn plain(reply: &Reply) -> String {
    match reply {
        Reply::Text { text } | Reply::AskLocation { text, .. } => text.clone(),
        Reply::Card(card) => card_text(card),
        Reply::Menu(menu) => menu_text(menu),
        Reply::Places(list) => {
            let mut out = list.heading.clone();
            // Bullets, not numbers: a number is what picks from a menu.
            for p in &list.places {
                let _ = write!(out, "\n\n• {}", place_text(p));
            }
            out
        }
    }
}

fn card_text(card: &Card) -> String {
    let mut out = format!("{}\n\n{}", card.title, card.body);
    if let Some(heading) = &card.places_heading {
        let _ = write!(out, "\n\n{heading}");
        for p in &card.places {
            let _ = write!(out, "\n• {}", place_text(p));
        }
    }
    if let Some(stale) = &card.stale {
        let _ = write!(out, "\n\n{stale}");
    }
    let _ = write!(out, "\n\n{}", card.footer.join("\n"));
    out
}

fn place_text(p: &PlaceLine) -> String {
    let mut out = p.name.clone();
    if let Some(d) = &p.distance {
        let _ = write!(out, " — {d}");
    }
    let _ = write!(out, "\n  {}\n  {}", p.address, p.details);
    out
}

fn menu_text(menu: &Menu) -> String {
    let mut out = menu.prompt.clone();
    for (i, c) in menu.options.iter().enumerate() {
        let _ = write!(out, "\n  {}. {}", i + 1, c.label);
    }
    let _ = write!(out, "\n{}", menu.hint);
    out
}
