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
    assert!(matches!(s.last()[0], Reply::Text { .. }));
}

#[test]
fn a_64k_line_is_cut_not_searched_whole() {
    let long = format!("where can I sleep {}", "x".repeat(64 * 1024));
    let core = super::support::core();
    let r = core.ask(&long, None);
    assert_eq!(r.lang, refuge::i18n::Lang::En);
    assert!(r.query.len() > 64 * 1024, "the query is echoed whole");
    let r = core.ask(&"ا ".repeat(40_000), None);
    assert_eq!((r.lang, r.id), (refuge::i18n::Lang::Ar, None));
}
