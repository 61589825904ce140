//! Conversations as scripts: what a person types, what the bot answers. Rendered transcripts are
//! snapshot-tested (`tests/it/snapshots/`), reviewed like code.

use super::support::{Script, core_with};
use refuge::core::conversation::Action;
use refuge::core::{Incoming, Input, Reply, Transport, UserRef};
use refuge::storage::{MemoryStore, UserStore};
use std::sync::Arc;

#[test]
fn english_menu_navigation() {
    let s = Script::new()
        .hint("en-GB")
        .send("/start")
        .expect("Choose your language")
        .expect_menu(3)
        .send("3")
        .expect("I will answer in English")
        .expect_menu(12)
        .send("2")
        .expect_menu(5)
        .send("1")
        .expect_entry("shelter.find")
        .expect("Open places:")
        .send("2")
        .expect_menu(12);
    insta::assert_snapshot!("en_menu_navigation", s.transcript());
}

#[test]
fn armenian_menu_navigation_without_a_hint() {
    let s = Script::new()
        .send("/start")
        .expect("Բարև")
        .expect("مرحبًا")
        .expect("Hello")
        .send("Հայերեն")
        .expect("հայերենով")
        .send("1")
        .expect_menu(7)
        .send("3")
        .expect_entry("crossing.documents")
        .send("1")
        .expect_menu(7);
    insta::assert_snapshot!("hy_menu_navigation", s.transcript());
}

#[test]
fn arabic_free_text_and_language_switch() {
    let s = Script::new()
        .hint("ar")
        .send("وين فينا ننام الليلة؟")
        .expect_entry("shelter.find")
        .send("/language")
        .expect_menu(3)
        .send("3")
        .expect("English")
        .send("/topics")
        .expect("Crossing the border");
    insta::assert_snapshot!("ar_free_text_and_switch", s.transcript());
}

#[test]
fn the_script_of_the_first_message_decides_the_language() {
    Script::new()
        .send("Որտե՞ղ կարող ենք գիշերել")
        .expect_entry("shelter.find")
        .send("/topics")
        .expect("Սահմանի անցում");
    Script::new().send("أين مستشفى الحروق؟").expect_entry("medical.burns").send("/topics").expect("عبور الحدود");
    // Armenian typed in Latin letters and Arabizi are answered in Armenian and Arabic.
    Script::new()
        .send("barev, inch pastatxter en petq sahmann ancnelu hamar")
        .expect_entry("crossing.documents")
        .expect("Փաստաթղթեր");
    Script::new().send("fi bas la yerevan").expect_entry("transport.onward").expect("يريفان");
}

#[test]
fn a_question_in_another_language_is_answered_in_it_but_the_choice_stays() {
    let s = Script::new()
        .hint("en")
        .send("/language hy")
        .send("where can I get petrol for the car")
        .expect_entry("transport.fuel")
        .expect("Source:")
        .send("/topics")
        .expect("Սահմանի անցում");
    insta::assert_snapshot!("explicit_choice_stays", s.transcript());
}

#[test]
fn greetings_get_a_greeting_and_the_menu() {
    Script::new().send("barev dzez").expect("1. ").expect_menu(12).send("/topics").expect("Սահմանի անցում");
    Script::new().send("مرحبا").expect_menu(12).expect("عبور الحدود");
    let s = Script::new().send("hello!").expect_menu(12).expect("Crossing the border");
    insta::assert_snapshot!("en_greeting", s.transcript());
}

#[test]
fn off_topic_is_honest_and_offers_a_person() {
    let s = Script::new()
        .hint("en")
        .send("who won the football world cup in 1998")
        .expect("+374 00 000000")
        .expect_menu(12);
    insta::assert_snapshot!("en_offtopic", s.transcript());
    Script::new().hint("hy").send("ինչպե՞ս պատրաստել տորթ շոկոլադով").expect("+374 00 000000");
}

#[test]
fn unsure_questions_get_did_you_mean_choices() {
    let s = Script::new().hint("en").send("card").expect("Did you mean");
    let options = s
        .last()
        .iter()
        .find_map(|r| match r {
            Reply::Menu(m) => Some(m.options.clone()),
            _ => None,
        })
        .unwrap();
    assert!((2..=4).contains(&options.len()), "{options:?}");
    assert_eq!(options.last().unwrap().data, "m", "the last option leads to all topics");
    let s = s.send("1");
    assert!(s.last().iter().any(|r| matches!(r, Reply::Card(_))));
    insta::assert_snapshot!("en_did_you_mean", s.transcript());
}

#[test]
fn typed_label_and_button_pick_the_same_option() {
    let by_label = Script::new().hint("en").send("/topics").send("Medical help").expect_menu(5);
    let by_button = Script::new().hint("en").press("t:medical").expect_menu(5);
    assert_eq!(by_label.last(), by_button.last());
}

#[test]
fn numbers_outside_the_menu_and_forged_buttons_get_the_menu_again() {
    Script::new().hint("en").send("/topics").send("42").expect("from 1 to 12").expect_menu(12);
    Script::new().hint("en").send("/start").send("9").expect("from 1 to 3").expect("Choose your language");
    Script::new().hint("en").send("/topics").send("2").send("").expect("Shelter and housing: choose").expect_menu(5);
    Script::new().hint("ar").press("e:no.such_entry").expect("القائمة").expect_menu(12);
    Script::new().hint("en").press("<script>").expect("no longer valid").expect_menu(12);
}

#[test]
fn a_shared_location_lists_the_nearest_open_places() {
    let s = Script::new().hint("en").location(39.5075, 46.3380);
    let Reply::Places(list) = &s.last()[0] else { panic!("{:?}", s.last()) };
    assert!(!list.places.is_empty());
    assert!(list.places.iter().all(|p| p.distance.is_some()));
    insta::assert_snapshot!("en_location", s.transcript());
    let hy_heading = refuge::i18n::Locales::load(&super::support::root().join("locales")).unwrap().format(
        refuge::i18n::Lang::Hy,
        refuge::i18n::msg::NEAR_HEADING,
        &[],
    );
    Script::new().hint("hy").send("/near 39.51 46.34").expect(&hy_heading).send("/near nowhere").expect("/near");
    // Null island and the other side of the world are not "near" anything we know.
    Script::new().hint("en").send("/near 0 0").expect("Share your location");
    Script::new().hint("en").send("/near -33.9 151.2").expect("I do not know any open place near you");
}

#[test]
fn help_about_and_unknown_commands() {
    Script::new().hint("en").send("/help").expect("/language").expect("/forget");
    Script::new().hint("ar").send("/about").expect_entry("bot.about");
    Script::new().hint("hy").send("!topics").expect_menu(12);
    Script::new().hint("en").send("/frobnicate").expect("/frobnicate").expect("/topics");
}

#[test]
fn forget_deletes_the_user_after_confirmation() {
    let store = Arc::new(MemoryStore::new());
    let user = UserRef::new(Transport::Console, "tester");
    let s = Script::on(core_with(store.clone())).send("/language ar");
    assert!(store.load(&user).unwrap().is_some());
    let s = s.send("/forget").expect_menu(2).send("2");
    assert!(store.load(&user).unwrap().is_some(), "no means no");
    let s = s.send("/forget").press(&Action::ForgetYes.encode());
    assert_eq!(store.load(&user).unwrap(), None, "forgotten");
    insta::assert_snapshot!("ar_forget", s.transcript());
}

#[test]
fn the_hint_only_sets_the_first_language() {
    let store = Arc::new(MemoryStore::new());
    let core = core_with(store);
    let user = UserRef::new(Transport::Telegram, "7");
    let say = |text: &str, hint: Option<&str>| {
        core.handle(Incoming { user: user.clone(), input: Input::Text(text.into()), lang_hint: hint.map(Into::into) })
    };
    let first = refuge::app::transcript(&say("/topics", Some("hy-AM")));
    assert!(first.contains("Սահմանի անցում"), "{first}");
    let later = refuge::app::transcript(&say("/topics", Some("en")));
    assert!(later.contains("Սահմանի անցում"), "a stored language outlives a changed hint: {later}");
}

#[test]
fn a_place_can_be_asked_for_by_name_in_any_script() {
    for (name, hint) in [("Goris Medical Centre", "en"), ("Գորիսի բժշկական կենտրոն", "hy"), ("مركز غوريس الطبي", "ar")]
    {
        let s = Script::new().hint(hint).send(name);
        let Reply::Places(list) = &s.last()[0] else { panic!("{name}: {:?}", s.last()) };
        assert_eq!(list.places.len(), 1);
        assert_eq!(list.places[0].id, "goris-medical-centre", "{name}");
    }
    let s = Script::new().send("مدرسة كورنيدزور");
    let Reply::Places(list) = &s.last()[0] else { panic!("{:?}", s.last()) };
    assert_eq!(list.places[0].name, "مدرسة كورنيدزور");
    // One word that names a kind of place is a question for the entry, not a place.
    Script::new().hint("en").send("pharmacy").expect_entry("medical.medicines");
}

#[test]
fn asking_for_the_nearest_says_how_to_share_a_location() {
    Script::new().hint("en").send("nearest shelter").expect_entry("shelter.find").expect("Share your location");
    Script::new().hint("ar").send("اقرب مستشفى").expect("شارك موقعك");
    // Without "nearest", no such hint.
    let s = Script::new().hint("en").send("where can we sleep tonight");
    assert!(!refuge::app::transcript(s.last()).contains("Share your location"));
}

#[test]
fn a_number_never_picks_from_a_menu_no_longer_on_screen() {
    // Regression: "1" after /forget then a reply without a menu used to confirm the deletion.
    let store = Arc::new(MemoryStore::new());
    let user = UserRef::new(Transport::Console, "tester");
    for detour in ["/near 39.5 46.3", "/frobnicate", "/help"] {
        let s = Script::on(core_with(store.clone())).send("/language en").send("/forget").send(detour).send("1");
        assert!(store.load(&user).unwrap().is_some(), "after {detour}, 1 deleted the user");
        assert!(!refuge::app::transcript(s.last()).contains("Done."), "{detour}");
    }
}

#[test]
fn direction_marks_before_a_command_are_ignored() {
    Script::new().hint("ar").send("\u{200F}/start").expect_menu(3);
    Script::new().hint("en").send("\u{202B}\u{200B}/topics").expect_menu(12);
    Script::new().hint("en").send("/topics").send("2.").expect_menu(5);
    Script::new().hint("en").send("/topics").send("99999999999999999999").expect("from 1 to 12");
}
