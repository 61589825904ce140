//! One suite, every adapter: what the core relies on from a `UserStore`.

use refuge::core::conversation::{Action, State};
use refuge::core::{Transport, UserRef};
use refuge::i18n::Lang;
use refuge::kb::PlaceStatus;
use refuge::storage::{AuditLog, MemoryStore, PlaceStatusStore, SqliteStore, Store, UserRecord, UserStore};

fn conformance(store: &dyn Store) {
    users(store);
    places_and_audit(store);
    subscriptions(store);
    broadcasts(store);
    ledger(store);
}

/// Claiming, outcomes, crash recovery, cancelling and forgetting on the delivery ledger.
fn ledger(store: &dyn Store) {
    use refuge::broadcast::{Audience, Texts};
    use refuge::storage::NewBroadcast;
    let users: Vec<UserRef> = (0..4).map(|i| UserRef::new(Transport::Telegram, format!("ledger{i}"))).collect();
    let on_matrix = UserRef::new(Transport::Matrix, "@ledger:localhost");
    for (i, u) in users.iter().chain([&on_matrix]).enumerate() {
        let lang = [Lang::Hy, Lang::Ar, Lang::En][i % 3];
        store.save(u, &UserRecord { lang: Some(lang), ..UserRecord::default() }).unwrap();
        store.subscribe(u, Some("medical")).unwrap();
    }
    let texts = Texts::new(Some("Հիվանդանոց".into()), Some("مستشفى".into()), Some("Hospital".into()), false).unwrap();
    let b = NewBroadcast { audience: Audience::Topic("medical".into()), texts, by: "cli".into(), at: 100 };
    let id = store.enqueue(&b).unwrap().id;
    // Earlier broadcasts of the suite are in the queue too: deliver them out of the way first.
    let mine = |d: &refuge::storage::Delivery| d.broadcast == id;
    let mut claimed = Vec::new();
    while let Some(d) = store.claim(Transport::Telegram, 100).unwrap() {
        if mine(&d) {
            claimed.push(d);
        } else {
            store.mark_sent(&d, 100).unwrap();
        }
    }
    assert_eq!(claimed.len(), 4, "only this network's deliveries, each once");
    let status = || store.broadcast_status(Some(id)).unwrap().remove(0);
    // Pending: the Matrix subscribers (this one, and one subscribed to everything earlier).
    assert_eq!((status().in_flight, status().pending), (4, 2));
    let first = claimed.iter().find(|d| d.to == users[0]).unwrap();
    assert_eq!((first.lang, first.text.as_str(), first.attempts), (Lang::Hy, "Հիվանդանոց", 0));
    let second = claimed.iter().find(|d| d.to == users[1]).unwrap();
    assert_eq!(second.text, "مستشفى", "each in their language");

    store.mark_sent(first, 101).unwrap();
    store.mark_failed(second, "unreachable").unwrap();
    // A retry waits for its time.
    let third = claimed.iter().find(|d| d.to == users[2]).unwrap();
    store.reschedule(third, 200, 1, "timeout").unwrap();
    assert_eq!(store.claim(Transport::Telegram, 150).unwrap(), None);
    let again = store.claim(Transport::Telegram, 200).unwrap().unwrap();
    assert_eq!((again.to.clone(), again.attempts), (users[2].clone(), 1));
    store.mark_sent(&again, 201).unwrap();

    // A crash leaves users[3] in flight: recovery puts it back, counted as resent.
    assert_eq!(store.recover(Transport::Telegram).unwrap(), 1);
    assert_eq!(store.recover(Transport::Telegram).unwrap(), 0);
    let s = status();
    assert_eq!((s.sent, s.failed, s.pending, s.in_flight, s.resent), (2, 1, 3, 0, 1));

    assert_eq!(store.cancel(id).unwrap(), Some(3), "the Telegram one and the Matrix ones still pending");
    assert_eq!(store.cancel(99_999).unwrap(), None);
    let s = status();
    assert_eq!((s.cancelled, s.pending, s.total()), (3, 0, 6));
    assert!(s.finished());
    assert_eq!(store.claim(Transport::Matrix, 1_000).unwrap().filter(mine), None);

    // Held for approval: nobody queued until released, and only once.
    let held = store.hold(&NewBroadcast { by: "telegram:anna".into(), ..b.clone() }).unwrap();
    assert!(held.held && held.total() == 0 && !held.finished());
    assert_eq!(store.held_by(held.id).unwrap().as_deref(), Some("telegram:anna"));
    assert!(store.progress_due(Transport::Telegram).unwrap().iter().all(|p| p.status.id != held.id));
    let released = store.release(held.id).unwrap().unwrap();
    assert!(!released.held);
    assert_eq!(released.total(), 6, "its subscribers as of the approval");
    assert_eq!(store.release(held.id).unwrap(), None);
    assert_eq!(store.held_by(held.id).unwrap(), None);
    let dropped = store.hold(&b).unwrap();
    store.cancel(dropped.id).unwrap();
    assert_eq!(store.release(dropped.id).unwrap(), None, "a cancelled broadcast cannot be approved");
    store.cancel(held.id).unwrap();

    // /forget takes a subscriber out of the ledger.
    assert!(store.forget(&users[0]).unwrap());
    assert_eq!(status().total(), 5);
}

fn broadcasts(store: &dyn Store) {
    use refuge::broadcast::{Audience, Texts};
    use refuge::storage::NewBroadcast;
    let hy = UserRef::new(Transport::Telegram, "1");
    let ar = UserRef::new(Transport::Matrix, "@2:localhost");
    let unknown_lang = UserRef::new(Transport::Telegram, "3");
    let not_subscribed = UserRef::new(Transport::Telegram, "4");
    store.save(&hy, &UserRecord { lang: Some(Lang::Hy), ..UserRecord::default() }).unwrap();
    store.save(&ar, &UserRecord { lang: Some(Lang::Ar), ..UserRecord::default() }).unwrap();
    store.save(&not_subscribed, &UserRecord::default()).unwrap();
    store.subscribe(&hy, Some("shelter")).unwrap();
    store.subscribe(&hy, Some("aid")).unwrap();
    store.subscribe(&ar, None).unwrap();
    store.subscribe(&unknown_lang, Some("aid")).unwrap();
    let texts = Texts::new(Some("Ա".into()), Some("ب".into()), Some("c".into()), false).unwrap();
    let send = |audience: &str| {
        let b = NewBroadcast {
            audience: audience.parse::<Audience>().unwrap(),
            texts: texts.clone(),
            by: "cli".into(),
            at: 7,
        };
        store.enqueue(&b).unwrap()
    };
    let all = send("all");
    assert_eq!(
        (all.total(), all.pending, all.per_lang),
        (3, 3, [1, 1, 1]),
        "one row per subscriber, in their language"
    );
    let shelter = send("topic:shelter");
    assert_eq!((shelter.total(), shelter.per_lang), (2, [1, 1, 0]), "the topic's subscribers and those of everything");
    let english = send("lang:en");
    assert_eq!((english.total(), english.per_lang), (1, [0, 0, 1]), "no known language means English");
    let medical = send("topic:medical");
    assert_eq!(medical.total(), 1);
    assert!(all.id != shelter.id);
    let listed = store.broadcast_status(None).unwrap();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[0].id, medical.id, "newest first");
    assert_eq!(store.broadcast_status(Some(shelter.id)).unwrap(), vec![shelter]);
    assert!(store.broadcast_status(Some(9999)).unwrap().is_empty());
}

fn subscriptions(store: &dyn Store) {
    let mariam = UserRef::new(Transport::Matrix, "@mariam:localhost");
    let other = UserRef::new(Transport::Telegram, "@mariam:localhost");
    assert!(store.subscriptions(&mariam).unwrap().is_empty());
    assert!(store.subscribe(&mariam, Some("shelter")).unwrap());
    assert!(!store.subscribe(&mariam, Some("shelter")).unwrap(), "twice is once");
    assert!(store.subscribe(&mariam, None).unwrap());
    assert!(store.subscribe(&other, Some("aid")).unwrap());
    assert_eq!(store.subscriptions(&mariam).unwrap(), ["all", "shelter"]);
    assert!(store.unsubscribe(&mariam).unwrap());
    assert!(!store.unsubscribe(&mariam).unwrap());
    assert!(store.subscriptions(&mariam).unwrap().is_empty());
    assert_eq!(store.subscriptions(&other).unwrap(), ["aid"], "only that user");
    assert!(store.forget(&other).unwrap());
    assert!(store.subscriptions(&other).unwrap().is_empty(), "forget removes subscriptions");
}

fn places_and_audit(store: &dyn Store) {
    let anna = UserRef::new(Transport::Telegram, "7");
    assert!(store.place_updates().unwrap().is_empty());
    store.update_place("goris-school-1", Some(PlaceStatus::Full), None, &anna, 100).unwrap();
    store.update_place("goris-school-1", None, Some(12), &anna, 200).unwrap();
    store.update_place("kornidzor-school", Some(PlaceStatus::Closed), Some(0), &anna, 300).unwrap();
    let updates = store.place_updates().unwrap();
    let school = &updates["goris-school-1"];
    assert_eq!(
        (school.status, school.beds, school.at),
        (Some(PlaceStatus::Full), Some(12), 200),
        "a report keeps what it does not change"
    );
    assert_eq!(school.by, "telegram:7");
    assert_eq!(updates["kornidzor-school"].beds, Some(0));
    store.update_place("goris-school-1", Some(PlaceStatus::Open), None, &anna, 400).unwrap();
    assert_eq!(store.place_updates().unwrap()["goris-school-1"].status, Some(PlaceStatus::Open));

    store.audit(&anna, "place goris-school-1 full", 100).unwrap();
    store.audit(&anna, "place goris-school-1 open", 400).unwrap();
    let log = store.audit_entries().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].at, log[0].who.as_str(), log[1].action.as_str()),
        (100, "telegram:7", "place goris-school-1 open")
    );
}

fn users(store: &dyn Store) {
    let alice = UserRef::new(Transport::Telegram, "42");
    let same_id_elsewhere = UserRef::new(Transport::Matrix, "42");
    assert_eq!(store.load(&alice).unwrap(), None);

    let record = UserRecord {
        lang: Some(Lang::Hy),
        lang_explicit: true,
        state: State::Choosing { options: vec![Action::Topic("shelter".into()), Action::Entry("aid.food".into())] },
    };
    store.save(&alice, &record).unwrap();
    assert_eq!(store.load(&alice).unwrap(), Some(record.clone()));
    assert_eq!(store.load(&same_id_elsewhere).unwrap(), None, "users are keyed by transport and id");

    let changed = UserRecord { lang: Some(Lang::Ar), lang_explicit: false, state: State::Idle };
    store.save(&alice, &changed).unwrap();
    assert_eq!(store.load(&alice).unwrap(), Some(changed));

    store.save(&same_id_elsewhere, &UserRecord::default()).unwrap();
    assert!(store.forget(&alice).unwrap());
    assert_eq!(store.load(&alice).unwrap(), None);
    assert!(!store.forget(&alice).unwrap(), "forgetting twice finds nothing");
    assert!(store.load(&same_id_elsewhere).unwrap().is_some(), "forget touches only that user");
}

#[test]
fn memory_store_conforms() {
    conformance(&MemoryStore::new());
}

#[test]
fn sqlite_store_conforms() {
    conformance(&SqliteStore::open_in_memory().unwrap());
}

#[test]
fn sqlite_store_persists_across_reopen_and_forget_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/refuge.db");
    let user = UserRef::new(Transport::Console, "secret-user-id-7731");
    {
        let store = SqliteStore::open(&path).unwrap();
        conformance(&store);
        store.save(&user, &UserRecord { lang: Some(Lang::Ar), lang_explicit: true, state: State::Idle }).unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only the bot's account may read who uses it");
    }
    assert_eq!(store.load(&user).unwrap().unwrap().lang, Some(Lang::Ar));
    store.update_place("goris-school-1", Some(PlaceStatus::Full), None, &user, 1).unwrap();
    store.audit(&user, "place goris-school-1 full", 1).unwrap();
    assert!(store.forget(&user).unwrap());
    // While the database is still open (no close-time checkpoint to help): secure_delete and a
    // truncated WAL mean the id is gone from every file, not just unlinked.
    for entry in std::fs::read_dir(path.parent().unwrap()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let needle = b"secret-user-id-7731";
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "forgotten id still on disk");
    }
    drop(store);
}

#[test]
fn sqlite_store_reports_an_unopenable_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let err = SqliteStore::open(&file.join("refuge.db")).err().expect("cannot open under a file");
    assert!(err.to_string().contains("cannot open the database"), "{err}");
}
