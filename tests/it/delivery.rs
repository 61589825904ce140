//! The broadcast delivery worker, without a network: a recording sender under paused tokio time
//! (pacing, exactly-once, retries, rate limits, unreachable subscribers, cancelling).

use refuge::broadcast::worker::{SendError, Sender, Settings, Worker};
use refuge::broadcast::{Audience, Texts};
use refuge::core::{Clock, Transport, UserRef};
use refuge::i18n::Lang;
use refuge::storage::{
    BroadcastStatus, BroadcastStore, NewBroadcast, SqliteStore, Store, SubscriptionStore, UserRecord, UserStore,
};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Wall-clock seconds that follow tokio's (paused) time, so retry times move with it.
struct TokioClock {
    start: Instant,
}

impl Clock for TokioClock {
    fn now(&self) -> jiff::Timestamp {
        let secs = 1_700_000_000 + self.start.elapsed().as_secs() as i64;
        jiff::Timestamp::from_second(secs).unwrap()
    }
}

/// What the sender does for one recipient, attempt after attempt (then `Ok`).
type Script = HashMap<String, Vec<fn() -> SendError>>;

/// Records every send with its (virtual) time; fails as scripted.
#[derive(Clone, Default)]
struct Recording {
    sent: Arc<Mutex<Vec<(Instant, String, String)>>>,
    attempts: Arc<Mutex<Vec<(Instant, String)>>>,
    script: Arc<Mutex<Script>>,
}

impl Sender for Recording {
    fn transport(&self) -> Transport {
        Transport::Telegram
    }

    async fn send(&self, to: &UserRef, text: &str) -> Result<(), SendError> {
        self.attempts.lock().unwrap().push((Instant::now(), to.id.clone()));
        let failure = self.script.lock().unwrap().get_mut(&to.id).and_then(|s| (!s.is_empty()).then(|| s.remove(0)));
        if let Some(f) = failure {
            return Err(f());
        }
        self.sent.lock().unwrap().push((Instant::now(), to.id.clone(), text.to_owned()));
        Ok(())
    }
}

fn store_with(subscribers: usize) -> Arc<SqliteStore> {
    let store = Arc::new(SqliteStore::open_in_memory().unwrap());
    for i in 0..subscribers {
        let user = UserRef::new(Transport::Telegram, i.to_string());
        let lang = [Lang::Hy, Lang::Ar, Lang::En][i % 3];
        store.save(&user, &UserRecord { lang: Some(lang), ..UserRecord::default() }).unwrap();
        store.subscribe(&user, None).unwrap();
    }
    // One Matrix subscriber, who is not this worker's to serve.
    store.subscribe(&UserRef::new(Transport::Matrix, "@m:localhost"), None).unwrap();
    store
}

fn enqueue(store: &dyn Store) -> i64 {
    let texts = Texts::new(
        Some("Ճանապարհը փակ է".into()),
        Some("الطريق مغلق".into()),
        Some("The road is closed".into()),
        false,
    )
    .unwrap();
    store.enqueue(&NewBroadcast { audience: Audience::All, texts, by: "cli".into(), at: 0 }).unwrap().id
}

/// Runs a worker until this broadcast's Telegram deliveries are all settled; returns the status.
async fn deliver(store: Arc<SqliteStore>, sender: Recording, settings: Settings, id: i64) -> BroadcastStatus {
    let clock = Arc::new(TokioClock { start: Instant::now() });
    let worker = Worker::new(store.clone(), sender, clock, settings);
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(worker.run(shutdown.clone()));
    loop {
        // (Virtual) time is free; the status query over 10,000 rows is not.
        tokio::time::sleep(Duration::from_secs(10)).await;
        let s = store.broadcast_status(Some(id)).unwrap().remove(0);
        // The Matrix subscriber stays pending: not this worker's.
        if s.pending + s.in_flight == 1 {
            shutdown.cancel();
            task.await.unwrap();
            return s;
        }
    }
}

#[tokio::test(start_paused = true)]
async fn ten_thousand_subscribers_at_the_configured_rate_each_exactly_once() {
    let n = 10_000;
    let store = store_with(n);
    let id = enqueue(store.as_ref());
    let sender = Recording::default();
    let rate = 25.0;
    let status = deliver(store, sender.clone(), Settings::at(rate), id).await;
    assert_eq!((status.sent, status.failed, status.resent), (n as u64, 0, 0));

    let sent = sender.sent.lock().unwrap();
    assert_eq!(sent.len(), n);
    let distinct: HashSet<&str> = sent.iter().map(|(_, to, _)| to.as_str()).collect();
    assert_eq!(distinct.len(), n, "each subscriber once");
    let elapsed = sent.last().unwrap().0.duration_since(sent[0].0).as_secs_f64();
    let achieved = (n - 1) as f64 / elapsed;
    assert!(achieved / rate >= 0.95, "achieved {achieved:.2}/s of {rate}/s");
    assert!(achieved <= rate * 1.0001, "faster than allowed: {achieved:.3}/s");
    // No second of the run saw more than the rate.
    let mut per_second: HashMap<u64, usize> = HashMap::new();
    for (at, _, _) in sent.iter() {
        *per_second.entry(at.duration_since(sent[0].0).as_secs()).or_default() += 1;
    }
    assert!(per_second.values().all(|&c| c <= rate as usize), "a burst above the rate");
    // Each in their own language.
    let text_of = |id: &str| sent.iter().find(|(_, to, _)| to == id).unwrap().2.clone();
    assert_eq!(
        (text_of("0"), text_of("1"), text_of("2")),
        ("Ճանապարհը փակ է".into(), "الطريق مغلق".into(), "The road is closed".into())
    );
}

#[tokio::test(start_paused = true)]
async fn failures_are_retried_rate_limits_pause_everyone_and_the_unreachable_are_unsubscribed() {
    let store = store_with(6);
    let id = enqueue(store.as_ref());
    let sender = Recording::default();
    {
        let mut script = sender.script.lock().unwrap();
        script.insert("0".into(), vec![|| SendError::Transient("timeout".into())]);
        script.insert("1".into(), vec![|| SendError::Unreachable("blocked".into())]);
        script.insert("2".into(), vec![|| SendError::RateLimited(Duration::from_secs(30))]);
        script.insert("3".into(), vec![|| SendError::Permanent("bad request".into())]);
        script.insert("4".into(), vec![|| SendError::Transient("5xx".into()); 10]);
    }
    let status = deliver(store.clone(), sender.clone(), Settings::at(10.0), id).await;
    // 0 after a retry, 2 after the pause, 5 at once; 1, 3 and 4 failed.
    assert_eq!((status.sent, status.failed), (3, 3));

    let attempts = sender.attempts.lock().unwrap();
    let times = |who: &str| -> Vec<Instant> { attempts.iter().filter(|(_, to)| to == who).map(|(t, _)| *t).collect() };
    let retried = times("0");
    assert_eq!(retried.len(), 2);
    assert!(retried[1] - retried[0] >= Duration::from_secs(5), "a transient failure backs off");
    let limited = times("2");
    assert!(limited[1] - limited[0] >= Duration::from_secs(30), "retry_after is honoured");
    // While rate limited, nobody was sent anything.
    let after_limit = limited[0];
    assert!(
        attempts.iter().all(|(t, _)| *t <= after_limit || *t >= after_limit + Duration::from_secs(30)),
        "the whole network waited"
    );
    assert_eq!(times("1").len(), 1, "unreachable is not retried");
    assert_eq!(times("3").len(), 1, "permanent is not retried");
    assert_eq!(times("4").len(), 5, "bounded retries");
    let blocked = UserRef::new(Transport::Telegram, "1");
    assert!(store.subscriptions(&blocked).unwrap().is_empty(), "unreachable → unsubscribed");
    assert!(!store.subscriptions(&UserRef::new(Transport::Telegram, "3")).unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_broadcast_sends_no_more() {
    let store = store_with(100);
    let id = enqueue(store.as_ref());
    let sender = Recording::default();
    let clock = Arc::new(TokioClock { start: Instant::now() });
    let worker = Worker::new(store.clone(), sender.clone(), clock, Settings::at(10.0));
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(worker.run(shutdown.clone()));
    tokio::time::sleep(Duration::from_millis(2_050)).await;
    let cancelled = store.cancel(id).unwrap().unwrap();
    let sent_then = sender.sent.lock().unwrap().len();
    assert!((15..=30).contains(&sent_then), "{sent_then}");
    tokio::time::sleep(Duration::from_secs(30)).await;
    shutdown.cancel();
    task.await.unwrap();
    let s = store.broadcast_status(Some(id)).unwrap().remove(0);
    assert_eq!(sender.sent.lock().unwrap().len() as u64, s.sent);
    assert!(s.sent <= sent_then as u64 + 1, "at most the one in flight");
    assert_eq!(s.cancelled, cancelled);
    assert_eq!(s.sent + s.cancelled, 101, "100 on Telegram, and the Matrix one cancelled too");
}

/// Records progress messages: posts (with the handle given) and updates.
#[derive(Clone, Default)]
struct Progressing {
    posts: Arc<Mutex<Vec<(String, String)>>>,
    updates: Arc<Mutex<Vec<(String, String)>>>,
}

impl refuge::broadcast::progress::Notifier for Progressing {
    fn transport(&self) -> Transport {
        Transport::Telegram
    }

    async fn post(&self, to: &UserRef, text: &str) -> Result<Option<String>, SendError> {
        let mut posts = self.posts.lock().unwrap();
        posts.push((to.id.clone(), text.to_owned()));
        Ok(Some(format!("m{}", posts.len())))
    }

    async fn update(&self, _to: &UserRef, handle: &str, text: &str) -> Result<(), SendError> {
        self.updates.lock().unwrap().push((handle.to_owned(), text.to_owned()));
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn the_author_sees_progress_updated_in_place_then_a_final_report() {
    use refuge::broadcast::progress::Reporter;
    let store = store_with(60);
    let texts = Texts::new(Some("Ա".into()), Some("ب".into()), Some("c".into()), false).unwrap();
    let b = NewBroadcast { audience: Audience::All, texts, by: "telegram:900".into(), at: 0 };
    let id = store.enqueue(&b).unwrap().id;
    // A broadcast from the shell has nobody to report to.
    let texts = Texts::new(Some("Ա".into()), Some("ب".into()), Some("c".into()), false).unwrap();
    store.enqueue(&NewBroadcast { audience: Audience::Lang(Lang::Hy), texts, by: "cli".into(), at: 0 }).unwrap();
    let core = Arc::new(crate::support::core_with(store.clone()));
    let notifier = Progressing::default();
    let reporter = Reporter::new(core, store.clone(), notifier.clone(), Duration::from_secs(15), 1.0);
    let shutdown = CancellationToken::new();
    tokio::spawn(reporter.run(shutdown.clone()));
    let status = deliver(store.clone(), Recording::default(), Settings::at(1.0), id).await;
    assert_eq!(status.sent, 60);
    // The Matrix subscriber has no worker here: stop the rest, which finishes the broadcast.
    store.cancel(id).unwrap();
    tokio::time::sleep(Duration::from_secs(40)).await;
    shutdown.cancel();

    let posts = notifier.posts.lock().unwrap().clone();
    let updates = notifier.updates.lock().unwrap().clone();
    assert_eq!(posts.len(), 2, "one progress message, one final report: {posts:?}");
    assert_eq!(posts[0].0, "900");
    assert!(
        posts[0].1.starts_with(&format!("Broadcast {id}: 0 of 61 sent, 0 failed, 61 waiting — about 1 minute left")),
        "{}",
        posts[0].1
    );
    assert!(updates.len() >= 3, "{updates:?}");
    assert!(updates.iter().all(|(h, _)| h == "m1"), "updates edit the first message");
    assert!(updates.iter().any(|(_, t)| t.contains("less than a minute left")), "{updates:?}");
    assert_eq!(posts[1].1, format!("Broadcast {id} is finished: 60 of 61 sent, 0 failed, 1 cancelled."));
}
