//! Bad input gets a helpful reply, never a panic.

use super::support::Script;
use refuge::core::Reply;

#[test]
fn odd_input_always_gets_a_reply() {
    let long = "ب".repeat(64 * 1024);
    let mixed = "Hello բարև مرحبا 123 where ուր وين";
    let inputs = [
        "",
        "   ",
        "\u{0000}\u{0007}\u{001B}[31m",
        "\u{202E}\u{2066}bidi override\u{2069}\u{202C}",
        "😀🙏🏽❤️",
        mixed,
        &long,
        "/",
        "!",
        "/start@",
        "0",
        "-1",
        "99999999999999999999999",
        "<b>bold</b> & <script>",
        "\u{FEFF}\u{200B}\u{200F}",
    ];
    let mut s = Script::new();
    for input in inputs {
        s = s.send(input);
        let text = refuge::app::transcript(s.last());
        assert!(!text.trim().is_empty(), "empty reply to {input:?}");
    }
    // A forged button and an impossible location.
    s = s.press("e:../../etc/passwd").expect_menu(12);
    s = s.location(f64::NAN, 500.0);
    assert!(matches!(s.last()[0], Reply::AskLocation { .. }));
}

#[test]
fn a_64k_line_gets_a_lookup_and_is_echoed_whole() {
    let long = format!("where can I sleep {}", "x".repeat(64 * 1024));
    let core = super::support::core();
    let r = core.ask(&long, None);
    assert_eq!(r.lang, refuge::i18n::Lang::En);
    assert!(r.query.len() > 64 * 1024, "the query is echoed whole");
    let r = core.ask(&"ا ".repeat(40_000), None);
    assert_eq!((r.lang, r.id), (refuge::i18n::Lang::Ar, None));
}

mod properties {
    use refuge::kb::normalize::{self, Script};
    use refuge::kb::search::{Index, QueryStyle, Thresholds};
    use refuge::kb::{detect, translit};
    use std::sync::LazyLock;

    static KB: LazyLock<refuge::kb::KnowledgeBase> = LazyLock::new(|| {
        refuge::kb::load::load(&super::super::support::root().join("knowledge"), jiff::civil::date(2026, 1, 1)).unwrap()
    });
    static INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(&KB, Thresholds::default()));

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        #[test]
        fn text_functions_never_panic(s in "\\PC*", raw in proptest::collection::vec(proptest::char::any(), 0..64)) {
            let raw: String = raw.into_iter().collect();
            for input in [s.as_str(), raw.as_str()] {
                let folded = normalize::fold(input);
                for w in normalize::words(&folded) {
                    let _ = normalize::variants(w);
                    let _ = translit::skeletons(w, Script::Armenian);
                    let _ = translit::skeletons(w, Script::Arabic);
                }
                let _ = detect::detect(input, &KB.lexicon);
                let outcome = INDEX.search_styled(input, QueryStyle::ANY);
                proptest::prop_assert!(outcome.hits.iter().all(|h| h.coverage >= 0.0 && h.coverage <= 1.0));
            }
        }

        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = normalize::fold(&s);
            proptest::prop_assert_eq!(normalize::fold(&once), once);
        }
    }

    #[test]
    fn a_mebibyte_of_text_is_searched_in_bounded_work() {
        for unit in ["բարև ", "مرحبا ", "shelter ", "😀", "\u{202E}", "a"] {
            let big = unit.repeat((1 << 20) / unit.len());
            let outcome = INDEX.search(&big);
            assert!(outcome.content_words <= 48);
            let _ = detect::detect(&big, &KB.lexicon);
        }
    }
}
