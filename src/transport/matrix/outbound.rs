//! Replies laid out for Matrix: every message has a plain `body` and an HTML `formatted_body` with
//! every dynamic string escaped; menus are numbered lists (the user answers `2`, or the option's
//! text), places also go out as `m.location` events with a `geo:` URI so clients can open a map.

use crate::core::render;
use crate::core::{Card, PlaceLine, Reply};
use std::fmt::Write;

/// At most this many location pins follow a list of places.
pub const MAX_PINS: usize = 6;

/// One event's worth of output.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing {
    /// `m.text` with an HTML body.
    Text {
        /// Plain text (what notifications and plain clients show).
        plain: String,
        /// Escaped HTML.
        html: String,
    },
    /// `m.location`.
    Location {
        /// Name and address.
        body: String,
        /// `geo:lat,lon`.
        geo_uri: String,
    },
}

/// Escapes text for HTML (content and attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped, with line breaks kept.
fn lines(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

/// `geo:` URI of a point (RFC 5870).
pub fn geo_uri(lat: f64, lon: f64) -> String {
    format!("geo:{lat:.6},{lon:.6}")
}

/// The point of a `geo:` URI (`geo:39.5,46.3;u=35`, `geo:39.5,46.3,1200`).
pub fn parse_geo(uri: &str) -> Option<(f64, f64)> {
    let rest = uri.trim().strip_prefix("geo:")?;
    let coords = rest.split(';').next()?;
    let mut parts = coords.split(',');
    let lat: f64 = parts.next()?.trim().parse().ok()?;
    let lon: f64 = parts.next()?.trim().parse().ok()?;
    (lat.is_finite() && lon.is_finite()).then_some((lat, lon))
}

/// Lays replies out as events, in order.
pub fn render(replies: &[Reply]) -> Vec<Outgoing> {
    let mut out = Vec::new();
    for reply in replies {
        let plain = render::plain(reply);
        match reply {
            Reply::Text { text } | Reply::AskLocation { text, .. } => {
                out.push(Outgoing::Text { plain, html: lines(text) });
            }
            Reply::Card(card) => out.push(Outgoing::Text { plain, html: card_html(card) }),
            Reply::Menu(menu) => {
                let mut html = format!("{}<ol>", lines(&menu.prompt));
                for c in &menu.options {
                    let _ = write!(html, "<li>{}</li>", escape(&c.label));
                }
                let _ = write!(html, "</ol><i>{}</i>", lines(&menu.hint));
                out.push(Outgoing::Text { plain, html });
            }
            Reply::Places(list) => {
                let mut html = format!("<b>{}</b>", lines(&list.heading));
                html.push_str(&places_html(&list.places));
                out.push(Outgoing::Text { plain, html });
                out.extend(list.places.iter().take(MAX_PINS).map(|p| Outgoing::Location {
                    body: match &p.distance {
                        Some(d) => format!("{} — {d}\n{}", p.name, p.address),
                        None => format!("{}\n{}", p.name, p.address),
                    },
                    geo_uri: geo_uri(p.lat, p.lon),
                }));
            }
        }
    }
    out
}

fn places_html(places: &[PlaceLine]) -> String {
    let mut html = String::from("<ul>");
    for p in places {
        let _ = write!(html, "<li><b>{}</b>", escape(&p.name));
        if let Some(d) = &p.distance {
            let _ = write!(html, " — {}", escape(d));
        }
        let _ = write!(html, "<br>{}<br>{}</li>", escape(&p.address), escape(&p.details));
    }
    html.push_str("</ul>");
    html
}

fn card_html(card: &Card) -> String {
    let mut html = format!("<b>{}</b><br><br>{}", escape(&card.title), lines(&card.body));
    if let Some(heading) = &card.places_heading {
        let _ = write!(html, "<br><br><b>{}</b>", escape(heading));
        html.push_str(&places_html(&card.places));
    }
    if let Some(stale) = &card.stale {
        let _ = write!(html, "<br><br><i>{}</i>", lines(stale));
    }
    let _ = write!(html, "<br><br><i>{}</i>", lines(&card.footer.join("\n")));
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Choice, Menu};

    #[test]
    fn dynamic_text_is_escaped() {
        assert_eq!(escape(r#"<b>x</b> & "y" 'z'"#), "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#39;z&#39;");
        let out = render(&[Reply::Text { text: "a <i>\nb".into() }]);
        assert_eq!(out, vec![Outgoing::Text { plain: "a <i>\nb".into(), html: "a &lt;i&gt;<br>b".into() }]);
    }

    #[test]
    fn a_menu_is_a_numbered_list_in_both_bodies() {
        let menu = Menu {
            prompt: "Choose".into(),
            options: vec![
                Choice { label: "Հայերեն".into(), data: "l:hy".into() },
                Choice { label: "<English>".into(), data: "l:en".into() },
            ],
            hint: "Type the number".into(),
        };
        let Outgoing::Text { plain, html } = &render(&[Reply::Menu(menu)])[0] else { panic!() };
        assert!(plain.contains("1. Հայերեն") && plain.contains("2. <English>"), "{plain}");
        assert_eq!(html, "Choose<ol><li>Հայերեն</li><li>&lt;English&gt;</li></ol><i>Type the number</i>");
    }

    #[test]
    fn geo_uris_round_trip_and_odd_ones_are_refused() {
        assert_eq!(parse_geo(&geo_uri(39.5075, 46.338)), Some((39.5075, 46.338)));
        assert_eq!(parse_geo("geo:39.5,46.3;u=35"), Some((39.5, 46.3)));
        assert_eq!(parse_geo("geo:39.5,46.3,1200"), Some((39.5, 46.3)));
        for bad in ["", "geo:", "geo:abc,1", "geo:NaN,1", "http://x", "geo:1"] {
            assert_eq!(parse_geo(bad), None, "{bad}");
        }
    }
}
