//! The Matrix adapter against a real Synapse: the bot (our adapter, in-process) and "humans"
//! (second matrix-sdk clients with their own crypto stores) in encrypted direct chats and a group.

mod synapse;

use crate::support;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::api::client::room::create_room;
use matrix_sdk::ruma::events::room::member::MembershipState;
use matrix_sdk::ruma::events::room::message::{
    LocationMessageEventContent, MessageType, OriginalSyncRoomMessageEvent, RoomMessageEventContent,
};
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId};
use matrix_sdk::{Client, Room};
use refuge::config::MatrixConfig;
use refuge::core::{Core, Transport, UserRef};
use refuge::i18n::{Lang, msg};
use refuge::storage::{MemoryStore, SubscriptionStore};
use refuge::transport::matrix::{Matrix, Secrets};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use synapse::{Synapse, synapse};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

const PASSWORD: &str = "correct horse battery staple";

fn tls() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// One message the bot sent.
#[derive(Clone, Debug)]
struct Received {
    room: OwnedRoomId,
    body: String,
    html: Option<String>,
    geo: Option<String>,
}

/// A person on another client.
struct Human {
    client: Client,
    rx: mpsc::UnboundedReceiver<Received>,
    sync: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl Drop for Human {
    fn drop(&mut self) {
        self.sync.abort();
    }
}

impl Human {
    /// Registers `name`, logs in on a fresh device, and listens for what `bot` sends.
    async fn new(hs: &Synapse, name: &str, bot: &str) -> Self {
        hs.register(name, PASSWORD);
        let dir = tempfile::tempdir().unwrap();
        let client = Client::builder().homeserver_url(&hs.url).sqlite_store(dir.path(), None).build().await.unwrap();
        client.matrix_auth().login_username(name, PASSWORD).send().await.unwrap();
        client.sync_once(SyncSettings::default()).await.unwrap();
        let (tx, rx) = mpsc::unbounded_channel();
        let bot: OwnedUserId = bot.parse().unwrap();
        client.add_event_handler(move |ev: OriginalSyncRoomMessageEvent, room: Room| {
            let (tx, bot) = (tx.clone(), bot.clone());
            async move {
                if ev.sender != bot {
                    return;
                }
                let (body, html, geo) = match ev.content.msgtype {
                    MessageType::Text(t) => (t.body, t.formatted.map(|f| f.body), None),
                    MessageType::Location(l) => (l.body, None, Some(l.geo_uri)),
                    other => (other.body().to_owned(), None, None),
                };
                let _ = tx.send(Received { room: room.room_id().to_owned(), body, html, geo });
            }
        });
        let c = client.clone();
        let sync = tokio::spawn(async move {
            let _ = c.sync(SyncSettings::default().timeout(Duration::from_secs(5))).await;
        });
        Self { client, rx, sync, _dir: dir }
    }

    /// An encrypted direct chat with `bot`, once the bot has joined.
    async fn dm(&self, bot: &str) -> Room {
        let bot: OwnedUserId = bot.parse().unwrap();
        let room = self.client.create_dm(&bot).await.unwrap();
        self.wait_joined(&room, &bot).await;
        room
    }

    async fn wait_joined(&self, room: &Room, who: &OwnedUserId) {
        for _ in 0..600 {
            if let Ok(Some(m)) = room.get_member_no_sync(who).await
                && *m.membership() == MembershipState::Join
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{who} did not join");
    }

    async fn say(&self, room: &Room, text: &str) {
        room.send(RoomMessageEventContent::text_plain(text)).await.unwrap();
    }

    /// The next `n` messages from the bot (30 s at most).
    async fn next(&mut self, n: usize) -> Vec<Received> {
        let mut got = Vec::new();
        while got.len() < n {
            match tokio::time::timeout(Duration::from_secs(30), self.rx.recv()).await {
                Ok(Some(r)) => got.push(r),
                _ => panic!("waited for {n} messages from the bot, got {got:#?}"),
            }
        }
        got
    }

    /// Nothing more from the bot for a while.
    async fn quiet(&mut self, wait: Duration) {
        if let Ok(Some(r)) = tokio::time::timeout(wait, self.rx.recv()).await {
            panic!("the bot should have stayed quiet, but sent {r:#?}");
        }
    }
}

/// Starts the bot `name` (registered on first use) with its data in `data`.
async fn start_bot(hs: &Synapse, name: &str, data: &Path, core: Core, password: bool) -> (Running, String) {
    let user = format!("@{name}:localhost");
    let config = MatrixConfig { homeserver: hs.url.clone(), user: user.clone() };
    let secrets = Secrets {
        password: password.then(|| PASSWORD.to_owned()),
        access_token: None,
        store_passphrase: Some("a passphrase for the tests".to_owned()),
    };
    let bot = Matrix::connect(&config, &secrets, data, Arc::new(core)).await.expect("the bot connects");
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(bot.run(shutdown.clone()));
    (Running { shutdown, task }, user)
}

struct Running {
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<Result<(), refuge::transport::matrix::MatrixError>>,
}

impl Running {
    async fn stop(self) {
        self.shutdown.cancel();
        self.task.await.unwrap().unwrap();
    }
}

fn has_script(s: &str, range: std::ops::RangeInclusive<char>) -> bool {
    s.chars().any(|c| range.contains(&c))
}

const ARMENIAN: std::ops::RangeInclusive<char> = '\u{0531}'..='\u{058A}';
const ARABIC: std::ops::RangeInclusive<char> = '\u{0600}'..='\u{06FF}';

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_encrypted_direct_chat_in_armenian_and_arabic_with_menus_places_and_refusals() {
    tls();
    let Some(hs) = synapse() else { return };
    hs.register("refuge_one", PASSWORD);
    let data = tempfile::tempdir().unwrap();
    let (bot, bot_id) = start_bot(hs, "refuge_one", data.path(), support::core(), true).await;
    let mut alice = Human::new(hs, "alice", &bot_id).await;
    let room = alice.dm(&bot_id).await;
    assert!(room.latest_encryption_state().await.unwrap().is_encrypted(), "a DM is end-to-end encrypted");

    // Welcome in all three languages, then the language menu as a numbered list.
    alice.say(&room, "!start").await;
    let got = alice.next(4).await;
    let menu = &got[3];
    assert!(menu.body.contains("1. Հայերեն") && menu.body.contains("2. العربية"), "{}", menu.body);
    assert!(menu.html.as_deref().unwrap().contains("<ol><li>Հայերեն</li>"));

    // "1" picks Armenian, as a button would; then a topic, then a question.
    alice.say(&room, "1").await;
    let got = alice.next(2).await;
    assert!(has_script(&got[0].body, ARMENIAN));
    let topics = &got[1];
    assert!(topics.body.contains("\n  2. "), "{}", topics.body);
    alice.say(&room, "2").await;
    let topic = alice.next(1).await.remove(0);
    assert!(has_script(&topic.body, ARMENIAN) && topic.body.contains("\n  1. "), "{}", topic.body);
    alice.say(&room, "1").await;
    // The card, then the menu to go on from.
    let card = alice.next(2).await.remove(0);
    assert!(card.html.as_deref().unwrap().starts_with("<b>"), "{card:?}");
    assert!(has_script(&card.body, ARMENIAN));

    // Arabic: the explicit choice, then a question in Levantine Arabic.
    alice.say(&room, "!language ar").await;
    let got = alice.next(2).await;
    assert!(has_script(&got[0].body, ARABIC), "{}", got[0].body);
    let want = support::core().ask("وين فيني نام الليلة", None);
    alice.say(&room, "وين فيني نام الليلة").await;
    let card = alice.next(2).await.remove(0);
    assert!(card.body.starts_with(want.answer.as_deref().unwrap().lines().next().unwrap()), "{}", card.body);

    // A shared location: the list, then map pins with geo: URIs.
    let here = LocationMessageEventContent::new("here".into(), "geo:39.5075,46.3380;u=20".into());
    room.send(RoomMessageEventContent::new(MessageType::Location(here))).await.unwrap();
    let list = alice.next(1).await.remove(0);
    assert!(list.geo.is_none() && has_script(&list.body, ARABIC));
    let pin = alice.next(1).await.remove(0);
    let geo = pin.geo.expect("a location event");
    let (lat, lon) = refuge::transport::matrix::outbound::parse_geo(&geo).unwrap();
    assert!((39.0..40.0).contains(&lat) && (45.5..47.0).contains(&lon), "{geo}");

    // Volunteers only: a plain refusal.
    let refusal = support::core().text(Lang::Ar, msg::NOT_ALLOWED);
    // The remaining pins.
    while let Ok(Some(r)) = tokio::time::timeout(Duration::from_secs(2), alice.rx.recv()).await {
        assert!(r.geo.is_some());
    }
    alice.say(&room, "!place goris-school-1 full").await;
    let got = alice.next(1).await.remove(0);
    assert_eq!(got.body, refusal);
    assert_eq!(got.room, room.room_id());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_the_bot_still_decrypts_and_does_not_answer_what_it_missed() {
    tls();
    let Some(hs) = synapse() else { return };
    hs.register("refuge_two", PASSWORD);
    let data = tempfile::tempdir().unwrap();
    let (bot, bot_id) = start_bot(hs, "refuge_two", data.path(), support::core(), true).await;
    assert!(data.path().join("matrix/session.json").exists());
    assert!(data.path().join("matrix/recovery-key.txt").exists(), "a password login sets up recovery");
    let mut bob = Human::new(hs, "bob", &bot_id).await;
    let room = bob.dm(&bot_id).await;
    bob.say(&room, "!help").await;
    let help = bob.next(1).await.remove(0);
    bot.stop().await;

    bob.say(&room, "hello, are you there?").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    // Restarted without the password: the saved session and crypto store are enough.
    let (bot, _) = start_bot(hs, "refuge_two", data.path(), support::core(), false).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    bob.say(&room, "!help").await;
    let again = bob.next(1).await.remove(0);
    assert_eq!(again.body, help.body, "the first reply after the restart answers the new message");
    bob.quiet(Duration::from_secs(2)).await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_group_room_only_commands_and_mentions_are_answered() {
    tls();
    let Some(hs) = synapse() else { return };
    hs.register("refuge_three", PASSWORD);
    let data = tempfile::tempdir().unwrap();
    let (bot, bot_id) = start_bot(hs, "refuge_three", data.path(), support::core(), true).await;
    let dave = hs.register("dave", PASSWORD);
    let mut carol = Human::new(hs, "carol", &bot_id).await;
    let mut request = create_room::v3::Request::new();
    request.invite = vec![bot_id.parse().unwrap(), dave.parse().unwrap()];
    request.name = Some("Goris volunteers".into());
    let room = carol.client.create_room(request).await.unwrap();
    carol.wait_joined(&room, &bot_id.parse().unwrap()).await;

    carol.say(&room, "Hello everyone, where can we sleep tonight?").await;
    carol.say(&room, "!help").await;
    let help = carol.next(1).await.remove(0);
    assert_eq!(help.body, support::core().text(Lang::En, msg::HELP), "the chatter before it was ignored");
    carol.say(&room, "refuge_three: where can we sleep tonight").await;
    let card = carol.next(2).await.remove(0);
    assert!(card.html.as_deref().unwrap().starts_with("<b>"), "{card:?}");
    carol.quiet(Duration::from_secs(2)).await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcasts_reach_matrix_subscribers_and_leaving_the_chat_unsubscribes() {
    use refuge::broadcast::worker::{Settings, Worker};
    use refuge::broadcast::{Audience, Texts};
    use refuge::storage::{BroadcastStore, NewBroadcast};
    tls();
    let Some(hs) = synapse() else { return };
    hs.register("refuge_four", PASSWORD);
    let data = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let user = "@refuge_four:localhost".to_owned();
    let config = MatrixConfig { homeserver: hs.url.clone(), user: user.clone() };
    let secrets = Secrets { password: Some(PASSWORD.into()), ..Secrets::default() };
    let bot =
        Matrix::connect(&config, &secrets, data.path(), Arc::new(support::core_with(store.clone()))).await.unwrap();
    let worker = Worker::new(store.clone(), bot.sender(), support::clock(), Settings::at(5.0));
    let shutdown = CancellationToken::new();
    let _stop = shutdown.clone().drop_guard();
    tokio::spawn(worker.run(shutdown.clone()));
    tokio::spawn(bot.run(shutdown.clone()));

    let mut erin = Human::new(hs, "erin", &user).await;
    let room = erin.dm(&user).await;
    erin.say(&room, "!language hy").await;
    erin.next(2).await;
    erin.say(&room, "!subscribe").await;
    erin.next(1).await;
    let erin_ref = UserRef::new(Transport::Matrix, "@erin:localhost");
    assert_eq!(store.subscriptions(&erin_ref).unwrap(), ["all"]);

    let texts =
        Texts::new(Some("Ճանապարհը բաց է".into()), Some("الطريق مفتوح".into()), Some("Road open".into()), false)
            .unwrap();
    store.enqueue(&NewBroadcast { audience: Audience::All, texts, by: "cli".into(), at: 0 }).unwrap();
    let got = erin.next(1).await.remove(0);
    assert_eq!(got.body, "Ճանապարհը բաց է", "in her language");
    assert_eq!(got.room, room.room_id());

    room.leave().await.unwrap();
    for _ in 0..200 {
        if store.subscriptions(&erin_ref).unwrap().is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("still subscribed after leaving the direct chat");
}
