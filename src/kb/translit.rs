//! Armenian typed in Latin letters and Arabizi: both sides reduced to one **consonant skeleton**.
//!
//! No crate transliterates Arabizi, and people type Armenian in Latin letters many ways at once
//! (խ as x or kh, ղ as gh or x, ք as q or k, ց as c or ts, ու as u or ou, ը as @, y or e). Rather
//! than guess one native spelling from a Latin word, we map native *and* Latin words to classes of
//! sounds that typists confuse, and drop vowels, which they write least consistently:
//!
//! | class | Armenian | Arabic | Latin typed |
//! |---|---|---|---|
//! | G | գ ղ խ | غ خ | g gh x kh 5 8 |
//! | K | կ ք | ق ك | k q c(k) 9 |
//! | C | ց ծ ձ չ ճ ջ ժ | ج | c ts tz dz ch j zh |
//! | S | ս շ | س ش ص | s sh |
//! | T | տ թ | ت ث ط | t th 6 |
//! | D | դ | د ذ ض | d dh |
//! | H | հ | ح ه | h 7 |
//! | V | վ ւ | و | v w |
//! | and | բ պ փ ֆ զ լ մ ն ռ ր | ب ف ز ظ ل م ن ر | b p f z l m n r |
//!
//! Vowels, hamza (2) and ain (3) are dropped, repeated classes collapse, and a word-initial
//! Armenian "vo" (ո) counts as "o", so `vortegh`, `ortex` and `որտեղ` all become `RTG`.
//! Skeletons are kept apart per language, so an Armenian skeleton never matches an Arabic word.

use super::normalize::{Script, script_of_word};

/// The skeletons of a folded word: of an Armenian or Arabic word in its own script (`target` is
/// ignored), of a Latin word as Armenian typed in Latin letters (`target` Armenian) or as Arabizi
/// (`target` Arabic). Words with fewer than two consonant classes have none (too ambiguous).
///
/// An Arabic ق gives two skeletons (K, and none: Levantine and Egyptian say and type it as a
/// hamza, "2"), and an Arabizi word starting with the verb prefix b gives one without it
/// ("btsa3ed" ~ تساعد).
pub fn skeletons(word: &str, target: Script) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |classes: Vec<char>| {
        let sk = collapse(&classes);
        if sk.chars().count() >= 2 && !out.contains(&sk) {
            out.push(sk);
        }
    };
    match (script_of_word(word), target) {
        (Script::Armenian, _) => push(armenian(word)),
        (Script::Arabic, _) => {
            push(arabic(word, Some('K')));
            if word.contains('ق') {
                push(arabic(word, None));
            }
        }
        (Script::Latin, Script::Arabic) => {
            let classes = latin_arabizi(word);
            if classes.len() >= 3 && classes[0] == 'B' {
                push(classes[1..].to_vec());
            }
            push(classes);
        }
        (Script::Latin, _) => push(latin_armenian(word)),
    }
    out
}

/// Skeletons of a Latin word with what is most likely a clitic or an ending taken off, for a
/// query word whose own skeleton may carry them: Arabizi "wel", "bel", "el" before a noun
/// ("bel mustashfa", "elmadrase") and Armenian case, plural and possessive endings typed in Latin
/// letters ("kacaranum", "kacarannerum", "pasportս" → the stem's skeleton). The index already has
/// the skeletons of native stems, so only the query side needs this. At least three classes stay.
pub fn reduced_skeletons(word: &str, target: Script) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let full = match target {
        Script::Arabic => latin_arabizi(word),
        Script::Armenian => latin_armenian(word),
        Script::Latin => return out,
    };
    let mut push = |classes: &[char]| {
        let sk = collapse(classes);
        if sk.chars().count() >= 3 && !out.contains(&sk) {
            out.push(sk);
        }
    };
    match target {
        Script::Arabic => {
            // "w" (and), "b"/"f" (in, so) then the article "l".
            let mut rest: &[char] = &full;
            if rest.len() > 3 && matches!(rest[0], 'V' | 'B' | 'F') && rest[1] == 'L' {
                rest = &rest[1..];
                push(rest);
            }
            if rest.len() > 3 && rest[0] == 'L' {
                push(&rest[1..]);
            }
        }
        _ => {
            // Case (-um, -ic, -ov, -in), possessive (-s, -d) and plural (-ner, -er) endings, one
            // layer or a case over a plural.
            let endings: [&[char]; 7] = [&['M'], &['C'], &['V'], &['N'], &['S'], &['D'], &['R']];
            let ending = |c: &[char]| endings.iter().copied().find(|e| c.ends_with(e)).map(|e| e.len());
            if full.len() > 3
                && let Some(n) = ending(&full)
            {
                let rest = &full[..full.len() - n];
                push(rest);
                if rest.len() > 3 && rest.ends_with(&['N', 'R']) {
                    push(&rest[..rest.len() - 2]);
                } else if rest.len() > 3 && rest.ends_with(&['R']) {
                    push(&rest[..rest.len() - 1]);
                }
            }
        }
    }
    out
}

fn collapse(classes: &[char]) -> String {
    let mut out = String::with_capacity(classes.len());
    for &c in classes {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn armenian(word: &str) -> Vec<char> {
    let mut chars: Vec<char> = word.chars().collect();
    // Word-initial ո is said and often typed "vo"; the Latin side drops that v too.
    if chars.first() == Some(&'ո') && chars.get(1) != Some(&'ւ') {
        chars.remove(0);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // ու is the vowel u.
        if c == 'ո' && chars.get(i + 1) == Some(&'ւ') {
            i += 2;
            continue;
        }
        if let Some(class) = match c {
            'գ' | 'ղ' | 'խ' => Some('G'),
            'կ' | 'ք' => Some('K'),
            'ց' | 'ծ' | 'ձ' | 'չ' | 'ճ' | 'ջ' | 'ժ' => Some('C'),
            'ս' | 'շ' => Some('S'),
            'տ' | 'թ' => Some('T'),
            'դ' => Some('D'),
            'հ' => Some('H'),
            'վ' | 'ւ' => Some('V'),
            'բ' => Some('B'),
            'պ' | 'փ' => Some('P'),
            'ֆ' => Some('F'),
            'զ' => Some('Z'),
            'լ' => Some('L'),
            'մ' => Some('M'),
            'ն' => Some('N'),
            'ռ' | 'ր' => Some('R'),
            _ => None,
        } {
            out.push(class);
        }
        i += 1;
    }
    out
}

fn arabic(word: &str, qaf: Option<char>) -> Vec<char> {
    // A final ه is (after folding) mostly taa marbuta, a vowel ending: "madrase" = مدرسة.
    let word = word.strip_suffix('ه').unwrap_or(word);
    word.chars()
        .enumerate()
        // Inside a word و is mostly the long vowel u/o, which Arabizi writes as a vowel.
        .filter(|&(i, c)| i == 0 || c != 'و')
        .filter_map(|(_, c)| match c {
            'غ' | 'خ' => Some('G'),
            'ق' => qaf,
            'ك' => Some('K'),
            'ج' => Some('C'),
            'س' | 'ش' | 'ص' => Some('S'),
            'ت' | 'ث' | 'ط' => Some('T'),
            'د' | 'ذ' | 'ض' => Some('D'),
            'ح' | 'ه' => Some('H'),
            'و' => Some('V'),
            'ب' => Some('B'),
            'ف' => Some('F'),
            'ز' | 'ظ' => Some('Z'),
            'ل' => Some('L'),
            'م' => Some('M'),
            'ن' => Some('N'),
            'ر' => Some('R'),
            _ => None,
        })
        .collect()
}

/// Arabizi: digits are letters (5 خ, 7 ح, 6 ط, 8 غ, 9 ص; 2 hamza and 3 ain carry no class),
/// "ch" is Levantine ش, "ts" is two letters.
fn latin_arabizi(word: &str) -> Vec<char> {
    let w: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let next = w.get(i + 1).copied();
        let (class, len) = match (w[i], next) {
            ('k' | 'g', Some('h')) => (Some('G'), 2),
            ('s' | 'c', Some('h')) => (Some('S'), 2),
            ('t', Some('h')) => (Some('T'), 2),
            ('d', Some('h')) => (Some('D'), 2),
            ('z', Some('h')) => (Some('Z'), 2),
            ('k' | 'q' | 'c', _) => (Some('K'), 1),
            ('j', _) => (Some('C'), 1),
            ('s' | '9', _) => (Some('S'), 1),
            ('v' | 'w', _) if i == 0 => (Some('V'), 1),
            ('b' | 'p', _) => (Some('B'), 1),
            (c, _) => (shared_letter(c), 1),
        };
        out.extend(class);
        i += len;
    }
    out
}

/// Single Latin letters (and Arabizi digits) that mean the same class in both transliterations.
fn shared_letter(c: char) -> Option<char> {
    Some(match c {
        'g' | 'x' | '5' | '8' => 'G',
        't' | '6' => 'T',
        'd' => 'D',
        'h' | '7' => 'H',
        'f' => 'F',
        'z' => 'Z',
        'l' => 'L',
        'm' => 'M',
        'n' => 'N',
        'r' => 'R',
        _ => return None,
    })
}

/// Armenian typed in Latin letters.
fn latin_armenian(word: &str) -> Vec<char> {
    let w: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Word-initial "vo" is Armenian ո.
    if w.len() > 2 && w[0] == 'v' && w[1] == 'o' {
        i = 1;
    }
    while i < w.len() {
        let next = w.get(i + 1).copied();
        let (class, len) = match (w[i], next) {
            ('k' | 'g' | 's' | 'c' | 'z' | 'd' | 't', Some('h')) => {
                let class = match w[i] {
                    'k' | 'g' => 'G',
                    's' => 'S',
                    'c' | 'z' => 'C',
                    'd' => 'D',
                    _ => 'T',
                };
                (Some(class), 2)
            }
            ('t' | 'd', Some('z' | 's')) => (Some('C'), 2),
            ('k' | 'q' | '9', _) => (Some('K'), 1),
            ('c' | 'j', _) => (Some('C'), 1),
            ('s', _) => (Some('S'), 1),
            ('v' | 'w', _) => (Some('V'), 1),
            ('b', _) => (Some('B'), 1),
            ('p', _) => (Some('P'), 1),
            (c, _) => (shared_letter(c), 1),
        };
        out.extend(class);
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::normalize::fold;

    fn sk(w: &str) -> Option<String> {
        skeletons(&fold(w), Script::Armenian).into_iter().next()
    }

    #[test]
    fn armenian_and_its_latin_typing_meet() {
        for (native, typed) in [
            ("որտեղ", "vortegh"),
            ("որտեղ", "ortex"),
            ("կարող", "karox"),
            ("կարող", "karogh"),
            ("քնել", "qnel"),
            ("քնել", "knel"),
            ("գիշերը", "gisher@"),
            ("կացարան", "kacaran"),
            ("կացարան", "katsaran"),
            ("բժիշկ", "bjishk"),
            ("ավտոբուս", "avtobus"),
            ("անձնագիր", "andznagir"),
            ("դեղատուն", "deghatun"),
            ("ջուր", "jur"),
            ("հաց", "hac"),
        ] {
            assert_eq!(sk(native), sk(typed), "{native} / {typed}");
        }
    }

    #[test]
    fn arabic_and_arabizi_meet() {
        for (native, typed) in [
            ("وين", "wein"),
            ("خبز", "5obz"),
            ("مستشفى", "mustashfa"),
            ("حرامات", "7ramat"),
            ("صيدلية", "saydaliyye"),
            ("جسر", "jisr"),
            ("طريق", "6ari2"),
            ("مدرسة", "madrase"),
            ("حروق", "7rou2"),
            ("طريق", "tari2"),
            ("قديش", "2addeish"),
            ("رقم", "ra2m"),
            ("تساعد", "btsa3ed"),
            ("الحكومة", "7ukume"),
        ] {
            let native: Vec<String> = crate::kb::normalize::variants(&fold(native))
                .iter()
                .flat_map(|v| skeletons(v, Script::Arabic))
                .collect();
            let typed = skeletons(&fold(typed), Script::Arabic);
            assert!(typed.iter().any(|t| native.contains(t)), "{native:?} / {typed:?}");
        }
    }

    #[test]
    fn clitics_and_endings_come_off_typed_words() {
        let native = |w: &str| -> Vec<String> {
            crate::kb::normalize::variants(&fold(w)).iter().flat_map(|v| skeletons(v, Script::Armenian)).collect()
        };
        // Case, plural under case, possessive: the stem's skeleton is among the reduced ones.
        for typed in ["kacaranum", "kacarannerum", "kacaranic", "hivandanocum"] {
            let stem = if typed.starts_with('k') { "կացարան" } else { "հիվանդանոց" };
            let reduced = reduced_skeletons(typed, Script::Armenian);
            assert!(reduced.iter().any(|r| native(stem).contains(r)), "{typed}: {reduced:?}");
        }
        let native: Vec<String> = skeletons(&fold("مستشفى"), Script::Arabic);
        for typed in ["elmustashfa", "wel mustashfa", "belmustashfa"] {
            let typed = typed.replace(' ', "");
            let reduced = reduced_skeletons(&typed, Script::Arabic);
            assert!(reduced.iter().any(|r| native.contains(r)), "{typed}: {reduced:?}");
        }
        // Never down to fewer than three classes, nor for a word without a clitic.
        assert!(reduced_skeletons("elbet", Script::Arabic).is_empty());
        assert!(reduced_skeletons("mustashfa", Script::Arabic).is_empty());
        assert!(reduced_skeletons("hacs", Script::Armenian).is_empty());
    }

    #[test]
    fn too_short_to_match_on() {
        assert_eq!(sk("ka"), None);
        assert_eq!(sk("fi"), None);
        assert_eq!(sk("ու"), None);
        assert_eq!(sk(""), None);
    }
}
