use super::support::root;
use refuge::app;
use refuge::i18n::{Arg, Lang, Locales, msg};

fn locales() -> Locales {
    Locales::load(&root().join("locales")).expect("shipped locales load without problems")
}

#[test]
fn every_language_has_the_same_ids() {
    let l = locales();
    assert_eq!(l.ids(Lang::Hy), l.ids(Lang::En));
    assert_eq!(l.ids(Lang::Ar), l.ids(Lang::En));
}

#[test]
fn every_id_the_code_uses_renders_with_its_arguments_in_every_language() {
    let l = locales();
    let problems = app::message_problems(&l, &root().join("locales"));
    assert!(problems.is_empty(), "{problems:#?}");
    for (id, _) in msg::ALL {
        for lang in Lang::ALL {
            assert!(l.ids(lang).contains(*id), "{id} missing in {lang}");
        }
    }
}

#[test]
fn no_message_is_left_unused() {
    let l = locales();
    let used: Vec<&str> = msg::ALL.iter().map(|(id, _)| *id).collect();
    let unused: Vec<&String> = l.ids(Lang::En).iter().filter(|id| !used.contains(&id.as_str())).collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

fn beds(l: &Locales, lang: Lang, n: i64) -> String {
    l.try_format(lang, msg::PLACE_BEDS, &[("beds", Arg::Num(n))]).unwrap()
}

#[test]
fn arabic_plural_categories() {
    let l = locales();
    let forms: Vec<String> = [0, 1, 2, 3, 11, 100].iter().map(|&n| beds(&l, Lang::Ar, n)).collect();
    // zero, one, two, few, many, other: six different forms.
    let mut distinct = forms.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 6, "{forms:?}");
    assert!(!forms[1].contains('1') || forms[1].contains("واحد"), "one: {}", forms[1]);
    assert!(forms[3].contains('3') && forms[4].contains("11") && forms[5].contains("100"), "{forms:?}");
    assert!(
        forms[4].ends_with("سريرًا") || forms[4].contains("سريرا"),
        "many takes the accusative singular: {}",
        forms[4]
    );
}

#[test]
fn armenian_and_english_plurals() {
    let l = locales();
    assert_eq!(beds(&l, Lang::En, 1), "1 bed");
    assert_eq!(beds(&l, Lang::En, 3), "3 beds");
    for n in [1, 3, 100] {
        assert!(beds(&l, Lang::Hy, n).starts_with(&n.to_string()), "{}", beds(&l, Lang::Hy, n));
    }
    let days = |lang, n: i64| l.try_format(lang, msg::CARD_CHECKED_DAYS, &[("days", Arg::Num(n))]).unwrap();
    assert_ne!(days(Lang::Hy, 0), days(Lang::Hy, 1), "today and yesterday differ");
    assert!(days(Lang::Hy, 5).contains('5'));
}

#[test]
fn latin_values_are_isolated_in_arabic_but_numbers_are_not() {
    let l = locales();
    let ar = l.try_format(Lang::Ar, msg::CARD_SOURCE, &[("source", Arg::from("BBC News"))]).unwrap();
    assert!(ar.contains("\u{2068}BBC News\u{2069}"), "{ar:?}");
    let phone = l.try_format(Lang::Ar, msg::PLACE_PHONE, &[("phone", Arg::from("+374 10 000000"))]).unwrap();
    assert!(phone.contains("\u{2066}+374 10 000000\u{2069}"), "phone groups keep their order in Arabic: {phone:?}");
    let phone = l.try_format(Lang::Hy, msg::PLACE_PHONE, &[("phone", Arg::from("+374 10 000000"))]).unwrap();
    assert!(!phone.contains(['\u{2066}', '\u{2068}']), "no marks where none are needed: {phone:?}");
    let en = l.try_format(Lang::En, msg::CARD_SOURCE, &[("source", Arg::from("BBC News"))]).unwrap();
    assert!(!en.contains('\u{2068}'), "{en:?}");
}

#[test]
fn a_syntax_error_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "hy", "ar"] {
        std::fs::create_dir_all(dir.path().join(lang)).unwrap();
        std::fs::write(dir.path().join(lang).join("bot.ftl"), "hello = Hi\n").unwrap();
    }
    std::fs::write(dir.path().join("hy/bot.ftl"), "hello = Բարև\n\nbroken = { $x\n").unwrap();
    let (_, problems) = Locales::load_checked(dir.path());
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|p| p.contains("hy/bot.ftl:3:")), "{text:#?}");
}
