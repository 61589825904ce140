//! Enqueuing a broadcast: one ledger row per recipient, in one transaction.
//!
//! `cargo bench --bench broadcast`: 100,000 subscribers in a SQLite database on disk.

use refuge::broadcast::{Audience, Texts};
use refuge::core::{Transport, UserRef};
use refuge::i18n::Lang;
use refuge::storage::{BroadcastStore, NewBroadcast, SqliteStore, SubscriptionStore, UserRecord, UserStore};
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const SUBSCRIBERS: usize = 100_000;

static STORE: LazyLock<(tempfile::TempDir, SqliteStore)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("refuge.db")).unwrap();
    for i in 0..SUBSCRIBERS {
        let user = UserRef::new(Transport::Telegram, i.to_string());
        let lang = Lang::ALL[i % 3];
        store.save(&user, &UserRecord { lang: Some(lang), ..UserRecord::default() }).unwrap();
        store.subscribe(&user, if i % 2 == 0 { None } else { Some("shelter") }).unwrap();
    }
    (dir, store)
});

#[divan::bench(sample_count = 5, sample_size = 1)]
fn enqueue_100k_recipients(bencher: divan::Bencher) {
    let store = &STORE.1;
    let texts = Texts::new(Some("Ա".into()), Some("ب".into()), Some("c".into()), false).unwrap();
    bencher.bench(|| {
        let b = NewBroadcast { audience: Audience::All, texts: texts.clone(), by: "bench".into(), at: 0 };
        let status = store.enqueue(&b).unwrap();
        assert_eq!(status.total(), SUBSCRIBERS as u64);
    });
}
