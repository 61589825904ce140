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
