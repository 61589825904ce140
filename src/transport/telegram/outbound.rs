//! Replies laid out for Telegram: HTML with every dynamic string escaped, menus as inline
//! keyboards carrying the core's opaque action data, places as venues (the phone opens a map), and
//! texts over Telegram's 4096-character limit split at paragraph boundaries.
//!
//! Pure functions: what goes over the network is decided here and tested without one.

use crate::core::{Card, PlaceLine, Reply};
use teloxide::utils::html;

/// Telegram's limit on a message's text. Counted here in UTF-16 units of the HTML source, which is
/// never less than what Telegram counts after parsing the markup.
pub const MAX_TEXT: usize = 4096;

/// At most this many venue pins follow a list of places.
pub const MAX_VENUES: usize = 6;

/// One API call's worth of output.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing {
    /// `sendMessage` in HTML parse mode.
    Text {
        /// Escaped HTML, at most [`MAX_TEXT`] long.
        html: String,
        /// Buttons under or below it.
        keyboard: Keyboard,
    },
    /// `sendVenue`: a pin with a title and an address.
    Venue {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
        /// The place's name.
        title: String,
        /// Address and distance.
        address: String,
    },
}

/// Buttons attached to a text.
#[derive(Clone, Debug, PartialEq)]
pub enum Keyboard {
    /// None.
    None,
    /// Inline buttons, one per row: (label, callback data).
    Inline(Vec<(String, String)>),
    /// A reply-keyboard button that sends the user's location.
    RequestLocation(String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    Plain,
    Bold,
    Italic,
}

/// A paragraph of plain text and how it looks.
struct Para {
    style: Style,
    text: String,
}

impl Para {
    fn new(style: Style, text: impl Into<String>) -> Self {
        Self { style, text: text.into() }
    }
}

fn markup(style: Style, text: &str) -> String {
    let escaped = html::escape(text);
    match style {
        Style::Plain => escaped,
        Style::Bold => format!("<b>{escaped}</b>"),
        Style::Italic => format!("<i>{escaped}</i>"),
    }
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Lays replies out as API calls, in order.
pub fn render(replies: &[Reply]) -> Vec<Outgoing> {
    let mut out = Vec::new();
    for reply in replies {
        match reply {
            Reply::Text { text } => push_texts(&mut out, plain_paras(Style::Plain, text), Keyboard::None),
            Reply::Card(card) => push_texts(&mut out, card_paras(card), Keyboard::None),
            Reply::Menu(menu) => {
                let buttons = menu.options.iter().map(|c| (c.label.clone(), c.data.clone())).collect();
                push_texts(&mut out, plain_paras(Style::Plain, &menu.prompt), Keyboard::Inline(buttons));
            }
            Reply::Places(list) => {
                let mut paras = plain_paras(Style::Bold, &list.heading);
                paras.extend(list.places.iter().map(|p| Para::new(Style::Plain, place_text(p))));
                push_texts(&mut out, paras, Keyboard::None);
                out.extend(list.places.iter().take(MAX_VENUES).map(venue));
            }
            Reply::AskLocation { text, button } => {
                push_texts(&mut out, plain_paras(Style::Plain, text), Keyboard::RequestLocation(button.clone()));
            }
        }
    }
    out
}

fn venue(p: &PlaceLine) -> Outgoing {
    let address = match &p.distance {
        Some(d) => format!("{} · {d}", p.address),
        None => p.address.clone(),
    };
    Outgoing::Venue { lat: p.lat, lon: p.lon, title: p.name.clone(), address }
}

fn place_text(p: &PlaceLine) -> String {
    let mut out = format!("• {}", p.name);
    if let Some(d) = &p.distance {
        out.push_str(" — ");
        out.push_str(d);
    }
    out.push('\n');
    out.push_str(&p.address);
    out.push('\n');
    out.push_str(&p.details);
    out
}

fn card_paras(card: &Card) -> Vec<Para> {
    let mut paras = vec![Para::new(Style::Bold, card.title.clone())];
    paras.extend(plain_paras(Style::Plain, &card.body));
    if let Some(heading) = &card.places_heading {
        paras.push(Para::new(Style::Bold, heading.clone()));
        let lines: Vec<String> = card.places.iter().map(place_text).collect();
        paras.extend(lines.into_iter().map(|l| Para::new(Style::Plain, l)));
    }
    if let Some(stale) = &card.stale {
        paras.push(Para::new(Style::Italic, stale.clone()));
    }
    if !card.footer.is_empty() {
        paras.push(Para::new(Style::Italic, card.footer.join("\n")));
    }
    paras
}

/// A text's paragraphs (separated by blank lines), all in one style.
fn plain_paras(style: Style, text: &str) -> Vec<Para> {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| Para::new(style, p.trim_matches('\n'))).collect()
}

/// Packs paragraphs into as few messages as fit; the keyboard goes under the last one.
fn push_texts(out: &mut Vec<Outgoing>, paras: Vec<Para>, keyboard: Keyboard) {
    let chunks = pack(&paras, MAX_TEXT);
    let n = chunks.len();
    for (i, html) in chunks.into_iter().enumerate() {
        let keyboard = if i + 1 == n { keyboard.clone() } else { Keyboard::None };
        out.push(Outgoing::Text { html, keyboard });
    }
}

/// Joins paragraphs with blank lines into messages of at most `limit` units. A paragraph that is
/// too long alone is cut at line breaks, then between words, then (a word longer than a message)
/// between characters — always on plain text, so no tag or `&amp;` is ever cut in half.
fn pack(paras: &[Para], limit: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    for para in paras {
        let whole = markup(para.style, &para.text);
        if units(&whole) <= limit {
            pieces.push(whole);
        } else {
            pieces.extend(cut(para, limit));
        }
    }
    let mut chunks: Vec<String> = Vec::new();
    for piece in pieces {
        match chunks.last_mut() {
            Some(last) if units(last) + 2 + units(&piece) <= limit => {
                last.push_str("\n\n");
                last.push_str(&piece);
            }
            _ => chunks.push(piece),
        }
    }
    if chunks.is_empty() {
        // Telegram refuses empty messages; the core never sends one, but stay safe.
        chunks.push(html::escape("…"));
    }
    chunks
}

/// Cuts one paragraph into marked-up pieces of at most `limit` units.
fn cut(para: &Para, limit: usize) -> Vec<String> {
    // Atoms: lines, then words of lines too long, then characters of words too long; each carries
    // the separator that followed it.
    let fits = |s: &str| units(&markup(para.style, s)) <= limit;
    let mut atoms: Vec<String> = Vec::new();
    for line in para.text.split_inclusive('\n') {
        if fits(line) {
            atoms.push(line.to_owned());
            continue;
        }
        for word in line.split_inclusive(' ') {
            if fits(word) {
                atoms.push(word.to_owned());
            } else {
                atoms.extend(word.chars().map(String::from));
            }
        }
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for atom in atoms {
        let mut candidate = current.clone();
        candidate.push_str(&atom);
        if fits(candidate.trim_end()) {
            current = candidate;
        } else {
            if !current.trim().is_empty() {
                pieces.push(markup(para.style, current.trim_end()));
            }
            current = atom;
        }
    }
    if !current.trim().is_empty() {
        pieces.push(markup(para.style, current.trim_end()));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Choice, Menu, PlaceList};

    fn text(t: &str) -> Reply {
        Reply::Text { text: t.to_owned() }
    }

    #[test]
    fn user_text_is_escaped_never_interpreted() {
        let out = render(&[text("I do not know the command /<b>x</b> & <a href=\"y\">")]);
        let Outgoing::Text { html, .. } = &out[0] else { panic!() };
        assert_eq!(html, "I do not know the command /&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"y\"&gt;");
    }

    #[test]
    fn a_menu_becomes_an_inline_keyboard_with_the_opaque_data() {
        let menu = Menu {
            prompt: "Choose".into(),
            options: vec![
                Choice { label: "Հայերեն".into(), data: "l:hy".into() },
                Choice { label: "العربية".into(), data: "l:ar".into() },
            ],
            hint: "Type a number".into(),
        };
        let out = render(&[Reply::Menu(menu)]);
        assert_eq!(
            out,
            vec![Outgoing::Text {
                html: "Choose".into(),
                keyboard: Keyboard::Inline(vec![("Հայերեն".into(), "l:hy".into()), ("العربية".into(), "l:ar".into())]),
            }]
        );
    }

    #[test]
    fn places_are_listed_then_pinned() {
        let place = |i: usize| PlaceLine {
            id: format!("p{i}"),
            name: format!("School {i} <B>"),
            address: "Goris".into(),
            details: "shelter · open".into(),
            distance: Some("1.2 km".into()),
            lat: 39.5 + i as f64 / 100.0,
            lon: 46.3,
        };
        let list = PlaceList { heading: "Nearest".into(), places: (0..8).map(place).collect() };
        let out = render(&[Reply::Places(list)]);
        assert_eq!(out.len(), 1 + MAX_VENUES);
        let Outgoing::Text { html, .. } = &out[0] else { panic!() };
        assert!(html.starts_with("<b>Nearest</b>\n\n• School 0 &lt;B&gt; — 1.2 km\nGoris\nshelter · open"), "{html}");
        assert_eq!(
            out[1],
            Outgoing::Venue { lat: 39.5, lon: 46.3, title: "School 0 <B>".into(), address: "Goris · 1.2 km".into() }
        );
    }

    #[test]
    fn long_text_is_split_at_paragraphs_and_loses_nothing() {
        let paras: Vec<String> = (0..40).map(|i| format!("Paragraph {i}: {}", "Գորիս & «ماء» ".repeat(20))).collect();
        let long = paras.join("\n\n");
        let out = render(&[text(&long)]);
        assert!(out.len() > 1);
        let mut joined = Vec::new();
        for o in &out {
            let Outgoing::Text { html, .. } = o else { panic!() };
            assert!(units(html) <= MAX_TEXT);
            // Every message starts at a paragraph boundary.
            assert!(html.starts_with("Paragraph "), "{}", &html[..40]);
            joined.push(html.clone());
        }
        assert_eq!(joined.join("\n\n"), html::escape(&long));
    }

    #[test]
    fn one_huge_paragraph_is_cut_between_words_then_characters() {
        let words = "ա&բ ".repeat(3000);
        let one_word = "x".repeat(9000);
        for long in [words.trim_end().to_owned(), one_word] {
            let out = render(&[text(&long)]);
            let mut back = String::new();
            for o in &out {
                let Outgoing::Text { html, .. } = o else { panic!() };
                assert!(units(html) <= MAX_TEXT);
                assert!(!html.ends_with('&') && !html.contains("&am\n"));
                back.push_str(&html.replace("&amp;", "&"));
            }
            assert_eq!(back.replace(' ', ""), long.replace(' ', ""));
        }
    }

    #[test]
    fn the_keyboard_goes_under_the_last_part() {
        let menu = Menu {
            prompt: "p ".repeat(5000),
            options: vec![Choice { label: "a".into(), data: "m".into() }],
            hint: String::new(),
        };
        let out = render(&[Reply::Menu(menu)]);
        assert!(matches!(&out[0], Outgoing::Text { keyboard: Keyboard::None, .. }));
        assert!(matches!(out.last(), Some(Outgoing::Text { keyboard: Keyboard::Inline(_), .. })));
    }
}
