//! Which language a message is written in: script first (Armenian letters → hy, Arabic letters →
//! ar), then, for Latin letters, English versus Armenian typed in Latin letters versus Arabizi, from
//! the lexicon's signal words and Arabizi's digits-as-letters (3 = ع, 7 = ح, 2 = ء, 5 = خ, 9 = ق).
//!
//! Language-identification crates call every Latin string English ("barev dzez" included), which
//! is why this is ours.

use super::Lexicon;
use super::normalize::{self, Script};
use crate::i18n::Lang;

/// How a language was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// In its own script (English counts as native).
    Native,
    /// Armenian or Arabic typed in Latin letters.
    Latin,
}

/// A detected language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detection {
    /// The language.
    pub lang: Lang,
    /// Native script or Latin transliteration.
    pub style: Style,
    /// Sure enough to answer in it even when the user's language is another.
    pub clear: bool,
}

impl Detection {
    /// The writing style as the evaluation files name it: `en`, `hy`, `ar`, `hy-Latn`, `ar-Latn`.
    pub fn tag(&self) -> &'static str {
        match (self.lang, self.style) {
            (Lang::Hy, Style::Latin) => "hy-Latn",
            (Lang::Ar, Style::Latin) => "ar-Latn",
            (l, _) => l.code(),
        }
    }
}

/// Detects the language of `text`; `None` when there are too few letters to tell.
pub fn detect(text: &str, lexicon: &Lexicon) -> Option<Detection> {
    let folded = normalize::fold(text);
    let (mut hy, mut ar, mut la) = (0usize, 0usize, 0usize);
    for c in folded.chars().take(4096) {
        match normalize::script_of(c) {
            Some(Script::Armenian) => hy += 1,
            Some(Script::Arabic) => ar += 1,
            Some(Script::Latin) => la += 1,
            None => {}
        }
    }
    let total = hy + ar + la;
    if total < 2 {
        return None;
    }
    let native = |lang| Some(Detection { lang, style: Style::Native, clear: total >= 3 });
    if hy * 5 >= total * 3 {
        return native(Lang::Hy);
    }
    if ar * 5 >= total * 3 {
        return native(Lang::Ar);
    }
    // Loanwords typed in Latin letters inside a native sentence ("wifi կա՞", "SIM card وين"):
    // by words, a sentence with at least as many native words as Latin ones is native.
    let (mut w_hy, mut w_ar, mut w_la) = (0usize, 0usize, 0usize);
    for w in normalize::words(&folded).take(256) {
        match normalize::script_of_word(w) {
            Script::Armenian => w_hy += 1,
            Script::Arabic => w_ar += 1,
            Script::Latin => w_la += usize::from(w.chars().any(|c| c.is_alphabetic())),
        }
    }
    if w_hy > 0 && w_hy >= w_la && w_hy >= w_ar {
        return native(Lang::Hy);
    }
    if w_ar > 0 && w_ar >= w_la && w_ar > w_hy {
        return native(Lang::Ar);
    }
    if la * 5 < total * 3 {
        return None;
    }
    latin(&folded, lexicon)
}

fn latin(folded: &str, lexicon: &Lexicon) -> Option<Detection> {
    let signals = |style: &str| lexicon.latin_signals.get(style).map(Vec::as_slice).unwrap_or(&[]);
    let (en, hy, ar) = (signals("en"), signals("hy-Latn"), signals("ar-Latn"));
    let (mut s_en, mut s_hy, mut s_ar) = (0u32, 0u32, 0u32);
    for w in normalize::words(folded).take(256) {
        let w = w.to_owned();
        let mut signal = |w: &String| {
            let found = (en.contains(w), hy.contains(w), ar.contains(w));
            s_en += u32::from(found.0);
            s_hy += u32::from(found.1);
            s_ar += u32::from(found.2);
            found != (false, false, false)
        };
        // "barevvv" counts as "barev" when it is not a signal as typed.
        if !signal(&w) {
            normalize::unstretched(&w).iter().any(&mut signal);
        }
        s_ar += u32::from(is_arabizi_word(&w));
    }
    let best = s_en.max(s_hy).max(s_ar);
    let clear_over = |a: u32, b: u32, c: u32| a > 0 && a > b && a > c;
    let (lang, style, clear) = if best == 0 {
        (Lang::En, Style::Native, false)
    } else if s_hy == best && s_hy > s_en && s_hy > s_ar {
        (Lang::Hy, Style::Latin, clear_over(s_hy, s_en, s_ar))
    } else if s_ar == best && s_ar > s_en && s_ar > s_hy {
        (Lang::Ar, Style::Latin, clear_over(s_ar, s_en, s_hy))
    } else {
        (Lang::En, Style::Native, clear_over(s_en, s_hy, s_ar))
    };
    Some(Detection { lang, style, clear })
}

/// A word mixing Latin letters with Arabizi's digit letters, such as `3ayez`, `7abibi`, `sa2al`.
fn is_arabizi_word(w: &str) -> bool {
    let has_letter = w.chars().any(|c| c.is_ascii_alphabetic());
    let has_digit_letter = w.chars().any(|c| matches!(c, '2' | '3' | '5' | '7' | '9'));
    has_letter && has_digit_letter && !w.chars().all(|c| c.is_ascii_digit() || c == 'k' || c == 'm')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut l = Lexicon::default();
        l.latin_signals.insert("en".into(), vec!["where".into(), "the".into(), "sleep".into()]);
        l.latin_signals.insert("hy-Latn".into(), vec!["vortegh".into(), "barev".into(), "karox".into()]);
        l.latin_signals.insert("ar-Latn".into(), vec!["wein".into(), "fi".into(), "shu".into()]);
        l
    }

    #[test]
    fn scripts_decide_native() {
        let l = lexicon();
        assert_eq!(detect("Որտե՞ղ քնել", &l).unwrap().lang, Lang::Hy);
        assert_eq!(detect("وين بنام؟", &l).unwrap().lang, Lang::Ar);
        assert_eq!(detect("wifi կա՞", &l).unwrap().tag(), "hy");
        assert_eq!(detect("SIM card وين", &l).unwrap().tag(), "en");
        assert_eq!(detect("وين ال SIM", &l).unwrap().tag(), "ar");
        assert_eq!(detect("😀😀", &l), None);
    }

    #[test]
    fn latin_styles() {
        let l = lexicon();
        assert_eq!(detect("barev vortegh karox", &l).unwrap().tag(), "hy-Latn");
        assert_eq!(detect("wein fi akl", &l).unwrap().tag(), "ar-Latn");
        assert_eq!(detect("ana 3ayez akol", &l).unwrap().tag(), "ar-Latn");
        assert_eq!(detect("barevvv", &l).unwrap().tag(), "hy-Latn");
        let en = detect("where can I sleep", &l).unwrap();
        assert_eq!((en.tag(), en.clear), ("en", true));
        assert!(!detect("qwerty asdf", &l).unwrap().clear);
    }
}
