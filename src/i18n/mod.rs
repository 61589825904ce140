//! User-visible text: Fluent bundles for hy, ar and en, loaded from `locales/<lang>/*.ftl`.
//!
//! Owns formatting and the fallback (user's language → English → the id itself, with a log line for
//! the operator). Knows nothing of users, chats or networks.
//!
//! **Plurals.** Every bundle has `PLURAL($n)`, which returns the CLDR category from
//! [`plural_category`]; the Arabic locale selects with it because fluent-bundle's built-in rules
//! are wrong for Arabic from 101 up.
//!
//! **Bidi isolation.** Fluent wraps every placeable in FSI/PDI (U+2068/U+2069) by default. Telegram
//! clients have shown those marks break entity detection (phone numbers, links) and they end up in
//! copied text, so isolation is off for whole bundles. Instead [`Locales::format`] wraps only a
//! string argument whose strong direction differs from the message's: Latin or Armenian inside an
//! Arabic sentence, Arabic inside an Armenian or English one. In Arabic, a number with separators
//! (a phone number with spaces, opening hours) is wrapped in LRI…PDI, since the bidi algorithm
//! would show its groups right to left; bare numbers and all numbers in hy/en are left alone.

pub mod lang;
pub mod msg;

pub use lang::Lang;

use crate::check::{self, Problem};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// A value for a Fluent placeable.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text, isolated when its direction differs from the message's.
    Str(String),
    /// A number: selects plural variants and is never isolated.
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Num(n)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Self::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Named arguments for one message.
pub type Args<'a> = &'a [(&'a str, Arg)];

/// Why the locales could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    /// Syntax errors, duplicate ids or missing files: one problem each.
    #[error("locales have problems:\n{}", check::list(.0))]
    Invalid(Vec<Problem>),
}

/// The loaded bundles, one per language.
pub struct Locales {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
    ids: HashMap<Lang, BTreeSet<String>>,
}

impl Locales {
    /// Loads every `*.ftl` under `dir/<lang>/`; fails with every problem found.
    pub fn load(dir: &Path) -> Result<Self, I18nError> {
        let (locales, problems) = Self::load_checked(dir);
        if problems.is_empty() { Ok(locales) } else { Err(I18nError::Invalid(problems)) }
    }

    /// Loads what can be loaded and lists every problem: syntax errors with `file:line`,
    /// duplicate ids, and ids missing from one language but present in another.
    pub fn load_checked(dir: &Path) -> (Self, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut bundles = HashMap::new();
        let mut ids = HashMap::new();
        for lang in Lang::ALL {
            let (bundle, lang_ids) = load_bundle(dir, lang, &mut problems);
            bundles.insert(lang, bundle);
            ids.insert(lang, lang_ids);
        }
        let all: BTreeSet<&String> = ids.values().flatten().collect();
        for lang in Lang::ALL {
            for id in &all {
                if !ids[&lang].contains(*id) {
                    problems
                        .push(Problem::in_file(&dir.join(lang.code()), format!("message `{id}` is missing in {lang}")));
                }
            }
        }
        (Self { bundles, ids }, problems)
    }

    /// The message ids defined for `lang`.
    pub fn ids(&self, lang: Lang) -> &BTreeSet<String> {
        &self.ids[&lang]
    }

    /// Formats `id` in `lang`, falling back to English, then to the id itself. Errors (a missing
    /// message or argument) are logged for the operator; the user still gets the best text we have.
    pub fn format(&self, lang: Lang, id: &str, args: Args<'_>) -> String {
        match self.try_format(lang, id, args) {
            Ok(text) => text,
            Err(errors) => {
                tracing::warn!(%lang, id, ?errors, "message could not be formatted");
                if lang != Lang::En
                    && let Ok(text) = self.try_format(Lang::En, id, args)
                {
                    return text;
                }
                id.to_owned()
            }
        }
    }

    /// Formats `id` in `lang` exactly, returning every Fluent error instead of falling back.
    pub fn try_format(&self, lang: Lang, id: &str, args: Args<'_>) -> Result<String, Vec<String>> {
        let bundle = &self.bundles[&lang];
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| vec![format!("no message `{id}` in {lang}")])?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Num(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Str(s) => fluent_args.set(*name, FluentValue::from(isolate(lang, s))),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
        if errors.is_empty() { Ok(text) } else { Err(errors.iter().map(ToString::to_string).collect()) }
    }
}

fn load_bundle(
    dir: &Path,
    lang: Lang,
    problems: &mut Vec<Problem>,
) -> (FluentBundle<FluentResource>, BTreeSet<String>) {
    let langid = lang.code().parse().expect("hy, ar and en are valid language identifiers");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    if let Err(e) = bundle.add_builtins().and_then(|()| bundle.add_function("PLURAL", plural_function(lang))) {
        problems.push(Problem::in_file(dir, format!("cannot add Fluent functions: {e}")));
    }
    let mut ids = BTreeSet::new();
    let lang_dir = dir.join(lang.code());
    let files = match ftl_files(&lang_dir) {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => {
            problems.push(Problem::in_file(&lang_dir, "no .ftl files"));
            return (bundle, ids);
        }
        Err(e) => {
            problems.push(Problem::in_file(&lang_dir, format!("cannot read: {e}")));
            return (bundle, ids);
        }
    };
    for file in files {
        let source = match std::fs::read_to_string(&file) {
            Ok(s) => s,
            Err(e) => {
                problems.push(Problem::in_file(&file, format!("cannot read: {e}")));
                continue;
            }
        };
        let resource = match FluentResource::try_new(source.clone()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    let line = check::line_of(&source, e.slice.as_ref().map_or(e.pos.start, |s| s.start));
                    problems.push(Problem::at(&file, line, format!("Fluent syntax: {}", e.kind)));
                }
                r
            }
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry
                && !ids.insert(m.id.name.to_owned())
            {
                problems.push(Problem::in_file(&file, format!("duplicate message `{}`", m.id.name)));
            }
        }
        // Duplicates were reported above with their file; keep the first definition.
        let _ = bundle.add_resource(resource);
    }
    (bundle, ids)
}

fn ftl_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    Ok(files)
}

/// `PLURAL($n)` for a bundle in `lang`.
fn plural_function(lang: Lang) -> impl for<'a> Fn(&[FluentValue<'a>], &FluentArgs) -> FluentValue<'a> + Send + Sync {
    move |positional, _| match positional {
        [FluentValue::Number(n)] => FluentValue::from(plural_category(lang, n.value)),
        _ => FluentValue::Error,
    }
}

/// The CLDR plural category of integer `n` in `lang`, for `PLURAL($n)` selectors. fluent-bundle's
/// own rules are wrong for Arabic from 101 up (103 is "few", 111 and 220 "many"), and the ar
/// locale shows numbers that large (beds, metres).
pub fn plural_category(lang: Lang, n: f64) -> &'static str {
    let i = n.abs().trunc();
    let integer = n.fract() == 0.0;
    match lang {
        Lang::Ar if !integer => "other",
        Lang::Ar => match (i as u64, i as u64 % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        Lang::Hy if i < 2.0 => "one",
        Lang::En if i == 1.0 && integer => "one",
        _ => "other",
    }
}

/// Left-to-Right Isolate, First Strong Isolate and Pop Directional Isolate.
const LRI: char = '\u{2066}';
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// Wraps `value` in FSI…PDI when its strong direction differs from `lang`'s. In right-to-left
/// text, a number with separators (`+374 10 123456`, `09:00–18:00`) is wrapped in LRI…PDI:
/// otherwise the bidi algorithm shows its groups in reverse order. A bare number needs nothing.
fn isolate(lang: Lang, value: &str) -> String {
    let has_rtl = value.chars().any(is_strong_rtl);
    let has_ltr = value.chars().any(|c| c.is_alphabetic() && !is_strong_rtl(c));
    let differs = if lang.is_rtl() { has_ltr } else { has_rtl };
    if differs {
        return format!("{FSI}{value}{PDI}");
    }
    let grouped_number =
        value.chars().any(|c| c.is_ascii_digit()) && value.chars().any(|c| !c.is_ascii_digit()) && !has_rtl;
    if lang.is_rtl() && grouped_number { format!("{LRI}{value}{PDI}") } else { value.to_owned() }
}

/// In right-to-left text, wraps each number with separators (`+374 10 123456`, `09:00-18:00`) in
/// LRI…PDI so its groups keep their order; for knowledge text, which does not pass through Fluent.
pub fn isolate_numbers(lang: Lang, text: &str) -> String {
    if !lang.is_rtl() {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let is_sep = |c: char| matches!(c, ' ' | '-' | '–' | ':' | '.' | '/');
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let starts =
            chars[i].is_ascii_digit() || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j];
            if c.is_ascii_digit() || (is_sep(c) && chars.get(j + 1).is_some_and(char::is_ascii_digit)) {
                j += 1;
            } else {
                break;
            }
        }
        let run: String = chars[i..j].iter().collect();
        if run.chars().all(|c| c.is_ascii_digit()) {
            out.push_str(&run);
        } else {
            out.extend([LRI]);
            out.push_str(&run);
            out.push(PDI);
        }
        i = j;
    }
    out
}

fn is_strong_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_plural_categories() {
        let ar = |n| plural_category(Lang::Ar, n);
        let got: Vec<&str> = [0.0, 1.0, 2.0, 3.0, 10.0, 11.0, 99.0, 100.0, 101.0, 103.0, 111.0, 220.0, 1000.0]
            .into_iter()
            .map(ar)
            .collect();
        assert_eq!(
            got,
            ["zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many", "many", "other"]
        );
        assert_eq!(plural_category(Lang::Hy, 0.0), "one");
        assert_eq!(plural_category(Lang::Hy, 1.0), "one");
        assert_eq!(plural_category(Lang::Hy, 2.0), "other");
        assert_eq!(plural_category(Lang::En, 1.0), "one");
        assert_eq!(plural_category(Lang::En, 0.0), "other");
    }

    #[test]
    fn numbers_in_arabic_knowledge_text_keep_their_order() {
        assert_eq!(
            isolate_numbers(Lang::Ar, "اتصل بـ 112 أو +374 00 000000 (مثال) من 09:00-18:00."),
            "اتصل بـ 112 أو \u{2066}+374 00 000000\u{2069} (مثال) من \u{2066}09:00-18:00\u{2069}."
        );
        assert_eq!(isolate_numbers(Lang::En, "+374 00 000000"), "+374 00 000000");
    }

    #[test]
    fn isolation_only_where_direction_differs() {
        assert_eq!(isolate(Lang::Ar, "Goris"), "\u{2068}Goris\u{2069}");
        assert_eq!(isolate(Lang::Ar, "غوريس"), "غوريس");
        assert_eq!(isolate(Lang::Ar, "+374 10 123456"), "\u{2066}+374 10 123456\u{2069}");
        assert_eq!(isolate(Lang::Ar, "09:00–18:00"), "\u{2066}09:00–18:00\u{2069}");
        assert_eq!(isolate(Lang::Ar, "1.5"), "\u{2066}1.5\u{2069}");
        assert_eq!(isolate(Lang::Ar, "112"), "112");
        assert_eq!(isolate(Lang::En, "+374 10 123456"), "+374 10 123456");
        assert_eq!(isolate(Lang::En, "غوريس"), "\u{2068}غوريس\u{2069}");
        assert_eq!(isolate(Lang::Hy, "Գորիս"), "Գորիս");
        assert_eq!(isolate(Lang::En, "112"), "112");
    }
}
