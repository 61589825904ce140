//! Volunteers: live place status from chat, refusals for everyone else, the audit log.

use super::support::{Script, core_with_volunteers};
use refuge::core::Reply;
use refuge::storage::{AuditLog, MemoryStore};
use std::sync::Arc;

fn shelter_card_places(s: &Script) -> Vec<String> {
    s.last()
        .iter()
        .find_map(|r| match r {
            Reply::Card(c) => Some(c.places.iter().map(|p| p.id.clone()).collect()),
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn a_volunteer_marks_a_shelter_full_and_refugees_stop_being_sent_there() {
    let store = Arc::new(MemoryStore::new());
    let s = Script::on(core_with_volunteers(store.clone(), &["anna"]))
        .hint("en")
        .user("refugee")
        .send("where can we sleep tonight")
        .expect_entry("shelter.find");
    assert!(shelter_card_places(&s).contains(&"goris-school-1".to_owned()));

    let s = s
        .user("anna")
        .hint("en")
        .send("/place")
        .expect("goris-school-1 — Goris School No. 1 (open)")
        .send("/place goris-school-1 full")
        .expect("Goris School No. 1 is now marked full.")
        .user("refugee")
        .send("where can we sleep tonight");
    assert!(!shelter_card_places(&s).contains(&"goris-school-1".to_owned()), "a full shelter is not offered");
    let s = s.location(39.5093, 46.3410);
    let Reply::Places(list) = &s.last()[0] else { panic!("{:?}", s.last()) };
    assert!(list.places.iter().all(|p| p.id != "goris-school-1"), "nor to a shared location");

    let s = s
        .user("anna")
        .send("/place goris-school-1 beds 12")
        .expect("12 free beds recorded")
        .send("/place goris-school-1 open")
        .user("refugee")
        .send("where can we sleep tonight")
        .expect("12 free beds · updated just now");
    assert!(shelter_card_places(&s).contains(&"goris-school-1".to_owned()));

    let audit = store.audit_entries().unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["place goris-school-1 full", "place goris-school-1 beds 12", "place goris-school-1 open"]);
    assert!(audit.iter().all(|a| a.who == "console:anna"));
}

#[test]
fn everyone_else_is_refused_and_nothing_changes() {
    let store = Arc::new(MemoryStore::new());
    for (hint, refusal) in [("en", "only volunteers"), ("hy", "միայն կամավորները"), ("ar", "للمتطوعين فقط")]
    {
        Script::on(core_with_volunteers(store.clone(), &["anna"]))
            .hint(hint)
            .user(&format!("mallory-{hint}"))
            .send("/place goris-school-1 closed")
            .expect(refusal)
            .send("/place")
            .expect(refusal);
    }
    assert!(store.audit_entries().unwrap().is_empty());
    assert!(refuge::storage::PlaceStatusStore::place_updates(&*store).unwrap().is_empty());
}

#[test]
fn bad_place_commands_get_help_not_errors() {
    let store = Arc::new(MemoryStore::new());
    Script::on(core_with_volunteers(store.clone(), &["anna"]))
        .hint("en")
        .user("anna")
        .send("/place nowhere full")
        .expect("I do not know a place with the id nowhere")
        .send("/place goris-school-1 maybe")
        .expect("To update a place")
        .send("/place goris-school-1 beds -3")
        .expect("To update a place")
        .send("/place goris-school-1 beds 99999999999999")
        .expect("To update a place");
    assert!(store.audit_entries().unwrap().is_empty());
}

#[test]
fn a_report_older_than_its_ttl_is_flagged() {
    let store = Arc::new(MemoryStore::new());
    let ten_hours_ago = "2023-10-03T02:00:00Z".parse::<jiff::Timestamp>().unwrap().as_second();
    let volunteer = refuge::core::UserRef::new(refuge::core::Transport::Console, "anna");
    refuge::storage::PlaceStatusStore::update_place(
        &*store,
        "goris-school-1",
        None,
        Some(40),
        &volunteer,
        ten_hours_ago,
    )
    .unwrap();
    Script::on(core_with_volunteers(store, &[]))
        .hint("en")
        .send("where can we sleep tonight")
        .expect("40 free beds · updated 10 hours ago · ⚠ may be out of date");
}

#[test]
fn subscribing_and_stop_words_in_three_languages() {
    use refuge::core::{Transport, UserRef};
    use refuge::storage::SubscriptionStore;
    let store = Arc::new(MemoryStore::new());
    let user = UserRef::new(Transport::Console, "tester");
    let core = || core_with_volunteers(store.clone(), &[]);
    Script::on(core())
        .hint("en")
        .send("/subscribe shelter")
        .expect("updates about: Shelter and housing")
        .send("/subscribe shelter")
        .expect("already subscribed")
        .send("/subscribe weather")
        .expect("/subscribe medical")
        .send("/subscribe")
        .expect("all topics");
    assert_eq!(store.subscriptions(&user).unwrap(), ["all", "shelter"]);
    for (stop, reply) in [("STOP", "no longer receive"), ("կանգ", "այլևս"), ("توقف", "لن تصلك")] {
        store.subscribe(&user, None).unwrap();
        Script::on(core())
            .send(&format!(
                "/language {}",
                ["en", "hy", "ar"][["STOP", "կանգ", "توقف"].iter().position(|s| *s == stop).unwrap()]
            ))
            .send(stop)
            .expect(reply);
        assert!(store.subscriptions(&user).unwrap().is_empty(), "{stop}");
    }
    // "stop" inside a question is not a request to unsubscribe.
    store.subscribe(&user, None).unwrap();
    Script::on(core()).send("/language en").send("where is the bus stop to Yerevan");
    assert!(!store.subscriptions(&user).unwrap().is_empty());
    Script::on(core()).send("/unsubscribe").expect("no longer").send("/unsubscribe").expect("not subscribed");
}

/// A store with subscribers: hy and ar to shelter, en to everything.
fn store_with_subscribers() -> Arc<MemoryStore> {
    use refuge::core::{Transport, UserRef};
    use refuge::i18n::Lang;
    use refuge::storage::{SubscriptionStore, UserRecord, UserStore};
    let store = Arc::new(MemoryStore::new());
    for (id, lang, topic) in
        [("hy1", Lang::Hy, Some("shelter")), ("ar1", Lang::Ar, Some("shelter")), ("en1", Lang::En, None)]
    {
        let user = UserRef::new(Transport::Console, id);
        store.save(&user, &UserRecord { lang: Some(lang), ..UserRecord::default() }).unwrap();
        store.subscribe(&user, topic).unwrap();
    }
    store
}

/// Every message queued, by recipient: (id, text).
fn queued(store: &MemoryStore) -> Vec<(String, String)> {
    use refuge::core::Transport;
    use refuge::storage::BroadcastStore;
    let mut out = Vec::new();
    while let Some(d) = store.claim(Transport::Console, i64::MAX).unwrap() {
        store.mark_sent(&d, 0).unwrap();
        out.push((d.to.id.clone(), d.text.clone()));
    }
    out.sort();
    out
}

#[test]
fn a_volunteer_writes_a_broadcast_in_chat_previews_it_and_each_subscriber_gets_their_language() {
    let store = store_with_subscribers();
    let s = Script::on(core_with_volunteers(store.clone(), &["anna"]))
        .user("anna")
        .hint("en")
        .send("/broadcast")
        .expect("Who should receive this broadcast?")
        .expect_menu(9)
        .press("b:topic:shelter")
        .expect("Write the message in Armenian")
        // Only a coordinator may leave a language out.
        .send("-")
        .expect("Every language is needed: write the message in Armenian.")
        .send("Գորիսի թիվ 1 դպրոցը լիքն է")
        .expect("Write the message in Arabic")
        // The draft survives a question in between.
        .send("/help")
        .send("مدرسة غوريس رقم 1 ممتلئة")
        .expect("Write the message in English")
        .send("Goris School No. 1 is full")
        .expect("Preview in Armenian:\n\nԳորիսի թիվ 1 դպրոցը լիքն է")
        .expect("Preview in Arabic:\n\nمدرسة غوريس رقم 1 ممتلئة")
        // The shelter topic's subscribers, and the one subscribed to everything.
        .expect("Send this to 3 subscribers?")
        .expect_menu(2);
    assert!(queued(&store).is_empty(), "nothing is queued before the confirmation");
    let s = s.send("1").expect("Broadcast 1 is on its way to 3 subscribers.");
    assert_eq!(
        queued(&store),
        [
            ("ar1".into(), "مدرسة غوريس رقم 1 ممتلئة".into()),
            ("en1".into(), "Goris School No. 1 is full".into()),
            ("hy1".into(), "Գորիսի թիվ 1 դպրոցը լիքն է".into())
        ]
    );
    let audit = store.audit_entries().unwrap();
    assert!(audit.iter().any(|e| e.who == "console:anna" && e.action == "broadcast 1 to topic:shelter"), "{audit:?}");
    // Following and stopping it from the chat.
    let s = s.send("/broadcast status").expect("Broadcast 1 (Subscribers to “");
    let s = s.send("/broadcast status 1").expect("3 sent, 0 waiting, 0 failed, 0 cancelled, of 3.");
    let s = s.send("/broadcast status 7").expect("There is no broadcast 7.");
    s.send("/broadcast cancel 1").expect("Broadcast 1 is stopped: 0 messages will not be sent.");
}

#[test]
fn a_draft_can_be_dropped_and_a_stale_send_button_sends_nothing() {
    let store = store_with_subscribers();
    let s = Script::on(core_with_volunteers(store.clone(), &["anna"]))
        .user("anna")
        .hint("en")
        .send("/broadcast")
        .press("b:all")
        .send("/cancel")
        .expect("The broadcast was not sent.")
        .send("hello there")
        .expect("I am here to help")
        .press("b!")
        .expect("This menu is no longer valid");
    let s = s.send("/broadcast").press("b:lang:en").send("Ա").send("ب").send("Road open").send("2");
    s.expect("The broadcast was not sent.");
    assert!(queued(&store).is_empty());
}

#[test]
fn a_coordinator_gives_roles_at_run_time_and_may_send_english_for_a_missing_language() {
    let store = store_with_subscribers();
    let mut config = super::support::config();
    config.coordinators.console = vec![refuge::config::UserId::Text("gayane".into())];
    let core = refuge::app::build(&config, store.clone(), super::support::clock()).unwrap();
    let s = Script::on(core)
        .user("newbie")
        .hint("en")
        .send("/place goris-school-1 full")
        .expect("only volunteers")
        .user("gayane")
        .hint("en")
        .send("/role add volunteer console newbie")
        .expect("newbie on console is now a volunteer.")
        .send("/role add volunteer console newbie")
        .expect("Nothing changed.")
        .send("/role")
        .expect("volunteer: console newbie")
        .user("newbie")
        .send("/place goris-school-1 full")
        .expect("Goris School No. 1 is now marked full.")
        // A volunteer cannot give roles.
        .send("/role add coordinator console newbie")
        .expect("only volunteers")
        .user("gayane")
        .send("/role remove console newbie")
        .expect("newbie on console no longer has a role")
        .send("/role remove console gayane")
        .expect("gayane on console is listed in config.toml")
        .user("newbie")
        .send("/broadcast")
        .expect("only volunteers");
    let audit = store.audit_entries().unwrap();
    assert!(audit.iter().any(|e| e.who == "console:gayane" && e.action == "role volunteer for console:newbie"));
    assert!(audit.iter().any(|e| e.action == "role removed from console:newbie"));

    let s = s
        .user("gayane")
        .send("/broadcast")
        .press("b:all")
        .expect("or send a dash (-) to send the English text instead")
        .send("Ճանապարհը բաց է")
        .send("-")
        .expect("Write the message in English")
        .send("The road is open")
        .expect("Preview in Arabic:\n\n(the English text)\n\nThe road is open")
        .expect("Send this to 3 subscribers?");
    s.press("b!").expect("on its way to 3 subscribers");
    assert_eq!(
        queued(&store),
        [
            ("ar1".into(), "The road is open".into()),
            ("en1".into(), "The road is open".into()),
            ("hy1".into(), "Ճանապարհը բաց է".into())
        ]
    );
    assert!(store.audit_entries().unwrap().iter().any(|e| e.action.contains("English standing in")));
}

#[test]
fn broadcasts_and_roles_are_refused_to_everyone_else_in_their_language() {
    let store = store_with_subscribers();
    let s = Script::on(core_with_volunteers(store.clone(), &["anna"]))
        .user("stranger")
        .hint("hy")
        .send("/broadcast")
        .expect("Ներողություն, սա կարող են անել միայն կամավորները։")
        .send("/broadcast status")
        .expect("միայն կամավորները")
        .press("b:all")
        .expect("միայն կամավորները")
        .hint("ar")
        .user("stranger2")
        .send("/role add coordinator console stranger2")
        .expect("عذرًا، هذا الإجراء متاح للمتطوعين فقط.");
    // A volunteer is not a coordinator.
    s.user("anna").hint("en").send("/role").expect("only volunteers");
    assert!(queued(&store).is_empty());
}

#[test]
fn with_require_approval_a_second_volunteer_must_approve_before_anyone_is_sent_anything() {
    let store = store_with_subscribers();
    let mut config = super::support::config();
    config.volunteers.console = ["anna", "bob"].map(|v| refuge::config::UserId::Text(v.into())).to_vec();
    config.broadcast.require_approval = true;
    let core = refuge::app::build(&config, store.clone(), super::support::clock()).unwrap();
    let s = Script::on(core)
        .user("anna")
        .hint("en")
        .send("/broadcast")
        .press("b:lang:en")
        .send("Ճանապարհը բաց է")
        .send("الطريق مفتوح")
        .send("The road is open")
        .press("b!")
        .expect("Broadcast 1 now waits for a second volunteer's approval: they send /broadcast approve 1");
    assert!(queued(&store).is_empty(), "held: nobody queued");
    let s = s
        .send("/broadcast status 1")
        .expect("is waiting for a second volunteer's approval")
        .send("/broadcast approve 1")
        .expect("needs the approval of another volunteer, not of the one who wrote it")
        .user("stranger")
        .hint("en")
        .send("/broadcast approve 1")
        .expect("only volunteers")
        .user("bob")
        .hint("en")
        .send("/broadcast approve 1")
        .expect("Broadcast 1 is on its way to 1 subscriber.");
    assert_eq!(queued(&store), [("en1".into(), "The road is open".into())]);
    s.send("/broadcast approve 1").expect("Broadcast 1 is not waiting for approval.");
    let audit = store.audit_entries().unwrap();
    assert!(audit.iter().any(|e| e.who == "console:anna" && e.action.ends_with("held for approval")));
    assert!(audit.iter().any(|e| e.who == "console:bob" && e.action == "broadcast 1 approved"));
}
