//! Enqueuing a broadcast (one ledger row per recipient, in one transaction), and the delivery
//! worker's own cost per message (claim, send through a sender that does nothing, mark sent).
//!
//! `cargo bench --bench broadcast`: SQLite databases on disk.

use refuge::broadcast::worker::{SendError, Sender, Settings, Worker};
use refuge::broadcast::{Audience, Texts};
use refuge::core::SystemClock;
use refuge::core::{Transport, UserRef};
use refuge::i18n::Lang;
use refuge::storage::{BroadcastStore, NewBroadcast, SqliteStore, SubscriptionStore, UserRecord, UserStore};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

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

/// Sends nothing: what is left is the worker's overhead.
struct Null;

impl Sender for Null {
    fn transport(&self) -> Transport {
        Transport::Telegram
    }

    async fn send(&self, _to: &UserRef, _text: &str) -> Result<(), SendError> {
        Ok(())
    }
}

const DELIVERIES: usize = 10_000;

/// The worker unpaced (a million a second): 10,000 deliveries claimed, "sent" and marked.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn worker_10k_deliveries(bencher: divan::Bencher) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let store = Arc::new(SqliteStore::open(&dir.path().join("refuge.db")).unwrap());
            for i in 0..DELIVERIES {
                store.subscribe(&UserRef::new(Transport::Telegram, i.to_string()), None).unwrap();
            }
            let texts = Texts::new(Some("Ա".into()), Some("ب".into()), Some("c".into()), false).unwrap();
            let b = NewBroadcast { audience: Audience::All, texts, by: "bench".into(), at: 0 };
            let id = store.enqueue(&b).unwrap().id;
            (dir, store, id)
        })
        .bench_local_values(|(_dir, store, id)| {
            runtime.block_on(async {
                let mut settings = Settings::at(1_000_000.0);
                settings.idle_poll = Duration::from_millis(1);
                let worker = Worker::new(store.clone(), Null, Arc::new(SystemClock), settings);
                let shutdown = CancellationToken::new();
                let task = tokio::spawn(worker.run(shutdown.clone()));
                while !store.broadcast_status(Some(id)).unwrap()[0].finished() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                shutdown.cancel();
                task.await.unwrap();
            });
        });
}
