//! One suite, every adapter: what the core relies on from a `UserStore`.

use refuge::core::conversation::{Action, State};
use refuge::core::{Transport, UserRef};
use refuge::i18n::Lang;
use refuge::storage::{MemoryStore, SqliteStore, UserRecord, UserStore};

fn conformance(store: &dyn UserStore) {
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
    assert_eq!(store.load(&user).unwrap().unwrap().lang, Some(Lang::Ar));
    assert!(store.forget(&user).unwrap());
    drop(store);
    // secure_delete and a truncated WAL: the id is gone from every file, not just unlinked.
    for entry in std::fs::read_dir(path.parent().unwrap()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let needle = b"secret-user-id-7731";
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "forgotten id still on disk");
    }
}

#[test]
fn sqlite_store_reports_an_unopenable_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let err = SqliteStore::open(&file.join("refuge.db")).err().expect("cannot open under a file");
    assert!(err.to_string().contains("cannot open the database"), "{err}");
}
