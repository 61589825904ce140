//! The Telegram adapter against a Bot API emulator over HTTP: teloxide's real client, polling
//! loop and dispatcher, our handlers, the core, and back out as Bot API calls.

mod emulator;

use crate::support;
use emulator::{BOT_USERNAME, Call, Emulator, Fault};
use refuge::config::TelegramConfig;
use refuge::core::{Clock, Core, Incoming, Input, Transport, UserRef};
use refuge::i18n::{Lang, msg};
use refuge::storage::{MemoryStore, SubscriptionStore};
use refuge::transport::telegram::Telegram;
use refuge::transport::telegram::outbound::{self, Keyboard, Outgoing};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// A bot served by the adapter over the emulator, stopped on drop.
struct Harness {
    emu: Emulator,
    store: Arc<MemoryStore>,
    shutdown: CancellationToken,
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

async fn start() -> Harness {
    let store = Arc::new(MemoryStore::new());
    start_with(support::core_with(store.clone()), store).await
}

async fn start_with(core: Core, store: Arc<MemoryStore>) -> Harness {
    let emu = Emulator::start().await;
    let config = TelegramConfig { api_url: Some(emu.url.clone()), ..TelegramConfig::default() };
    let bot = Telegram::connect(&emu.token, &config, Arc::new(core)).await.expect("connects to the emulator");
    assert_eq!(bot.username(), BOT_USERNAME);
    let shutdown = CancellationToken::new();
    tokio::spawn(bot.run(shutdown.clone()));
    Harness { emu, store, shutdown }
}

/// What the adapter must send for `input` from a fresh user: the same core's replies, laid out.
fn expected(input: Input, hint: Option<&str>) -> Vec<Outgoing> {
    let core = support::core();
    let user = UserRef::new(Transport::Telegram, "1");
    outbound::render(&core.handle(Incoming { user, input, lang_hint: hint.map(str::to_owned) }))
}

fn html_of(o: &Outgoing) -> &str {
    match o {
        Outgoing::Text { html, .. } => html,
        Outgoing::Venue { .. } => panic!("a venue"),
    }
}

fn has_script(s: &str, range: std::ops::RangeInclusive<char>) -> bool {
    s.chars().any(|c| range.contains(&c))
}

const ARMENIAN: std::ops::RangeInclusive<char> = '\u{0531}'..='\u{058A}';
const ARABIC: std::ops::RangeInclusive<char> = '\u{0600}'..='\u{06FF}';

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_speaks_the_clients_language_and_the_command_menu_is_published_in_each() {
    let h = start().await;
    // connect() published the command menu: hy, ar, en and a default.
    let menus: Vec<Call> = h.emu.calls().into_iter().filter(|c| c.method == "setmycommands").collect();
    let langs: Vec<Option<&str>> = menus.iter().map(|c| c.body["language_code"].as_str()).collect();
    assert_eq!(langs, [Some("hy"), Some("ar"), Some("en"), None]);
    let first_description = |c: &Call| c.body["commands"][0]["description"].as_str().unwrap().to_owned();
    assert!(has_script(&first_description(&menus[0]), ARMENIAN));
    assert!(has_script(&first_description(&menus[1]), ARABIC));
    assert_eq!(menus[0].body["commands"].as_array().unwrap().len(), 9);

    for (chat, lang) in [(101, Some("hy")), (102, Some("ar")), (103, Some("en")), (104, None)] {
        let from = h.emu.calls().len();
        let want = expected(Input::Text("/start".into()), lang);
        h.emu.text(chat, lang, "/start");
        let got = h.emu.outputs(from, chat, want.len()).await;
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.text(), html_of(w), "chat {chat}");
            assert_eq!(g.body["parse_mode"], "HTML");
        }
        assert_eq!(got.last().unwrap().buttons(), ["l:hy", "l:ar", "l:en"]);
        match lang {
            Some("hy") => assert!(has_script(got[0].text(), ARMENIAN)),
            Some("ar") => assert!(has_script(got[0].text(), ARABIC)),
            // Language unknown: welcomed in all three.
            None => assert_eq!(want.len(), 4),
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_text_in_each_language_gets_the_sourced_card() {
    let h = start().await;
    for (chat, lang, query) in [
        (201, Some("en"), "where can we sleep tonight"),
        (202, Some("hy"), "որտեղ կարող ենք գիշերել"),
        (203, Some("ar"), "وين فيني نام الليلة"),
        (204, None, "vortegh karox enq gisherel"),
        (205, None, "fi makan nnam fi?"),
    ] {
        let from = h.emu.calls().len();
        let want = expected(Input::Text(query.into()), lang);
        h.emu.text(chat, lang, query);
        let got = h.emu.outputs(from, chat, want.len()).await;
        assert!(got[0].text().starts_with("<b>"), "{query}: a card with a bold title: {}", got[0].text());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.text(), html_of(w), "{query}");
        }
        if chat == 204 {
            assert!(has_script(got[0].text(), ARMENIAN), "Armenian in Latin letters is answered in Armenian");
        }
        if chat == 205 {
            assert!(has_script(got[0].text(), ARABIC), "Arabizi is answered in Arabic");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_are_answered_and_menus_edited_in_place() {
    let h = start().await;
    let chat = 301;
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/topics");
    let menu = h.emu.outputs(from, chat, 1).await.remove(0);
    let topic = menu.buttons()[0].clone();
    assert!(topic.starts_with("t:"), "{topic}");
    let menu_id = menu.message_id.unwrap();

    let from = h.emu.calls().len();
    h.emu.press(chat, menu_id, &topic);
    let edit = h.emu.outputs(from, chat, 1).await.remove(0);
    assert_eq!(edit.method, "editmessagetext", "a new menu replaces the pressed one");
    assert_eq!(edit.body["message_id"], menu_id);
    assert!(h.emu.calls()[from..].iter().any(|c| c.method == "answercallbackquery"));
    let entry = edit.buttons()[0].clone();
    assert!(entry.starts_with("e:"), "{entry}");

    let from = h.emu.calls().len();
    h.emu.press(chat, menu_id, &entry);
    let card = h.emu.outputs(from, chat, 1).await.remove(0);
    assert_eq!(card.method, "sendmessage");
    assert!(card.text().starts_with("<b>"));
    let answered = h.emu.calls()[from..].iter().filter(|c| c.method == "answercallbackquery").count();
    assert_eq!(answered, 1, "every press is answered once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_location_gets_the_nearest_places_as_venues() {
    let h = start().await;
    let chat = 401;
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/near");
    let how = h.emu.outputs(from, chat, 1).await.remove(0);
    assert_eq!(how.body["reply_markup"]["keyboard"][0][0]["request_location"], true, "{:?}", how.body);

    let from = h.emu.calls().len();
    h.emu.location(chat, 39.5075, 46.3380);
    let want = expected(Input::Location { lat: 39.5075, lon: 46.3380 }, None);
    let got = h.emu.outputs(from, chat, want.len()).await;
    assert_eq!(got[0].method, "sendmessage");
    let venues: Vec<&Call> = got.iter().filter(|c| c.method == "sendvenue").collect();
    assert!(!venues.is_empty());
    assert_eq!(venues.len(), want.len() - 1);
    for (v, w) in venues.iter().zip(&want[1..]) {
        let Outgoing::Venue { lat, lon, title, .. } = w else { panic!("{w:?}") };
        assert_eq!(v.body["latitude"].as_f64(), Some(*lat));
        assert_eq!(v.body["longitude"].as_f64(), Some(*lon));
        assert_eq!(v.body["title"].as_str(), Some(title.as_str()));
        assert!((39.0..40.0).contains(lat) && (45.5..47.0).contains(lon), "a place around Goris");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_longer_than_a_message_is_split_at_paragraphs() {
    // Locales whose English /help runs to ~9,000 characters in 30 paragraphs.
    let dir = tempfile::tempdir().unwrap();
    for lang in ["hy", "ar", "en"] {
        std::fs::create_dir_all(dir.path().join(lang)).unwrap();
        let mut ftl = std::fs::read_to_string(support::root().join(format!("locales/{lang}/bot.ftl"))).unwrap();
        if lang == "en" {
            let paragraphs: Vec<String> =
                (0..30).map(|i| format!("    Part {i}. {}", "Shelter & food <near> the square. ".repeat(9))).collect();
            ftl = ftl.replacen("help =\n", &format!("help =\n{}\n\n", paragraphs.join("\n\n")), 1);
        }
        std::fs::write(dir.path().join(lang).join("bot.ftl"), ftl).unwrap();
    }
    let mut config = support::config();
    config.locales.dir = Some(dir.path().to_path_buf());
    let store = Arc::new(MemoryStore::new());
    let core = refuge::app::build(&config, store.clone(), support::clock()).unwrap();
    let full = core.text(Lang::En, msg::HELP);
    assert!(full.chars().count() > 8000);
    let h = start_with(core, store).await;

    let chat = 501;
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/help");
    let got = h.emu.outputs(from, chat, 3).await;
    for c in &got {
        assert!(c.text().encode_utf16().count() <= 4096);
        assert!(c.text().starts_with("Part ") || c.text().starts_with("Write"), "{}", &c.text()[..30]);
    }
    assert!(got[0].text().contains("Shelter &amp; food &lt;near&gt;"), "{}", got[0].text());
    let joined: Vec<&str> = got.iter().map(Call::text).collect();
    let all: Vec<(String, bool, usize)> =
        h.emu.calls().iter().map(|c| (c.method.clone(), c.faulted, c.text().encode_utf16().count())).collect();
    assert_eq!(joined.join("\n\n"), teloxide::utils::html::escape(full.trim()), "calls: {all:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_waited_out_then_the_reply_goes_through() {
    let h = start().await;
    let chat = 601;
    h.emu.fail_next("sendMessage", Fault::RetryAfter(1));
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/help");
    let sent = h.emu.outputs(from, chat, 1).await.remove(0);
    let refused: Vec<Call> =
        h.emu.calls()[from..].iter().filter(|c| c.method == "sendmessage" && c.faulted).cloned().collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].text(), sent.text(), "the same message, retried");
    let waited = sent.at.duration_since(refused[0].at);
    assert!(waited >= Duration::from_millis(990), "retried after {waited:?}, before retry_after");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_blocked_the_bot_is_unsubscribed() {
    let h = start().await;
    let chat = 701;
    let user = UserRef::new(Transport::Telegram, chat.to_string());
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/subscribe");
    h.emu.outputs(from, chat, 1).await;
    assert_eq!(h.store.subscriptions(&user).unwrap(), ["all"]);

    h.emu.fail_next("sendMessage", Fault::Blocked);
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/help");
    h.emu.wait(from, "the refused reply", |c| c.iter().any(|c| c.faulted)).await;
    let refused = h.emu.calls()[from..].iter().filter(|c| c.method == "sendmessage").count();
    assert_eq!(refused, 1, "403 is not retried");
    for _ in 0..100 {
        if h.store.subscriptions(&user).unwrap().is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("still subscribed after the 403");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_or_stale_buttons_get_the_current_menu_and_never_delete() {
    let h = start().await;
    let chat = 801;
    let user = UserRef::new(Transport::Telegram, chat.to_string());
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/subscribe");
    h.emu.outputs(from, chat, 1).await;

    let expired = support::core().text(Lang::En, msg::MENU_EXPIRED);
    for data in ["e:../../etc/passwd", "zz", "t:no_such_topic", "f:y"] {
        let from = h.emu.calls().len();
        h.emu.press(chat, 999_999, data);
        let got = h.emu.outputs(from, chat, 2).await;
        assert_eq!(got[0].text(), teloxide::utils::html::escape(&expired), "{data}");
        assert!(got[1].buttons().iter().all(|b| b.starts_with("t:") || b == "m"), "{data}: {:?}", got[1].buttons());
        assert!(h.emu.calls()[from..].iter().any(|c| c.method == "answercallbackquery"));
    }
    assert_eq!(h.store.subscriptions(&user).unwrap(), ["all"], "a stale 'yes, delete' deleted nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_typed_by_a_user_is_shown_literally() {
    // The bot echoes what a volunteer typed as a place id ("no place <b>x</b>…").
    let chat = 901;
    let mut config = support::config();
    config.volunteers.telegram = vec![refuge::config::UserId::Number(chat)];
    let store = Arc::new(MemoryStore::new());
    let core = refuge::app::build(&config, store.clone(), support::clock()).unwrap();
    let h = start_with(core, store).await;
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("en"), "/place <b>x</b>&amp;<a open");
    let got = h.emu.outputs(from, chat, 1).await;
    let text = got[0].text();
    assert!(text.contains("&lt;b&gt;x&lt;/b&gt;&amp;amp;&lt;a"), "{text}");
    assert!(!text.contains("<b>x"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_groups_only_commands_and_mentions_are_answered() {
    let h = start().await;
    let group = -100_500;
    let from = h.emu.calls().len();
    h.emu.group_text(group, 11, "where can we sleep tonight");
    h.emu.group_text(group, 11, "/help@other_bot");
    h.emu.group_text(group, 11, &format!("/help@{BOT_USERNAME}"));
    // Updates of one chat are handled in order: once /help is answered, the two before were seen.
    let got = h.emu.outputs(from, group, 1).await;
    let help = expected(Input::Text("/help".into()), Some("en"));
    assert_eq!(got[0].text(), html_of(&help[0]));

    let from = h.emu.calls().len();
    h.emu.group_text(group, 12, &format!("@{BOT_USERNAME} where can we sleep tonight"));
    let card = expected(Input::Text("where can we sleep tonight".into()), Some("en")).len();
    let got = h.emu.outputs(from, group, card).await;
    assert!(got[0].text().starts_with("<b>"), "a mention is a question: {}", got[0].text());
    let total = h.emu.calls().iter().filter(|c| c.is_output() && !c.faulted && c.chat() == Some(group)).count();
    assert_eq!(total, 1 + card, "the chatter and the other bot's command were not answered");
}

/// A clock that panics once armed: the core fails in the middle of a message.
struct Treacherous {
    armed: AtomicBool,
    inner: Arc<refuge::core::FixedClock>,
}

impl Clock for Treacherous {
    fn now(&self) -> jiff::Timestamp {
        if self.armed.swap(false, Ordering::SeqCst) {
            panic!("injected failure");
        }
        self.inner.now()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_handler_gets_a_polite_error_and_the_bot_carries_on() {
    let clock = Arc::new(Treacherous { armed: AtomicBool::new(false), inner: support::clock() });
    let store = Arc::new(MemoryStore::new());
    let core = refuge::app::build(&support::config(), store.clone(), clock.clone()).unwrap();
    let sorry = core.text(Lang::Hy, msg::ERROR_GENERIC);
    let h = start_with(core, store).await;
    let chat = 1001;
    clock.armed.store(true, Ordering::SeqCst);
    let from = h.emu.calls().len();
    h.emu.text(chat, Some("hy"), "որտեղ կարող ենք գիշերել");
    let got = h.emu.outputs(from, chat, 1).await;
    assert_eq!(got[0].text(), teloxide::utils::html::escape(&sorry));

    let from = h.emu.calls().len();
    h.emu.text(chat, Some("hy"), "որտեղ կարող ենք գիշերել");
    let got = h.emu.outputs(from, chat, 1).await;
    assert!(got[0].text().starts_with("<b>"), "answered after the failure: {}", got[0].text());
}

#[test]
fn the_layout_matches_what_is_sent() {
    // The expectations above lean on outbound::render; keep it honest about the keyboard kinds.
    let out = expected(Input::Text("/language".into()), Some("en"));
    assert!(matches!(&out[0], Outgoing::Text { keyboard: Keyboard::Inline(b), .. } if b.len() == 3));
}

/// A config file for `refuge serve` against `emu`, with its own database.
fn serve_config(dir: &std::path::Path, emu: &Emulator, extra: &str) -> std::path::PathBuf {
    let root = support::root().display().to_string();
    let text = format!(
        "[knowledge]\ndir = \"{root}/knowledge\"\n[locales]\ndir = \"{root}/locales\"\n[storage]\ndata_dir = \"{}\"\n\
         [telegram]\napi_url = \"{}\"\n{extra}",
        dir.join("data").display(),
        emu.url
    );
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuge_serve_polls_answers_and_stops_cleanly_on_sigterm() {
    let emu = Emulator::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = serve_config(dir.path(), &emu, "");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_refuge"))
        .args(["serve", "--config"])
        .arg(&config)
        .env("REFUGE_TELEGRAM_TOKEN", &emu.token)
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    emu.wait(0, "getMe, then the command menus", |c| c.iter().filter(|c| c.method == "setmycommands").count() == 4)
        .await;
    assert_eq!(emu.calls()[0].method, "getme");
    let from = emu.calls().len();
    emu.text(1201, Some("ar"), "/start");
    let got = emu.outputs(from, 1201, 2).await;
    assert!(has_script(got[0].text(), ARABIC));
    let from = emu.calls().len();
    emu.text(1201, None, "وين فيني نام الليلة");
    let got = emu.outputs(from, 1201, 1).await;
    assert!(got[0].text().starts_with("<b>"));
    assert!(dir.path().join("data/refuge.db").exists(), "state is kept in the configured data_dir");

    let pid = child.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait()).await.expect("exits").unwrap();
    assert!(status.success(), "{status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuge_serve_explains_a_bad_or_missing_token() {
    let emu = Emulator::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = serve_config(dir.path(), &emu, "");
    for token in [Some("123:wrong"), None] {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_refuge"));
        cmd.args(["serve", "--config"]).arg(&config).env_remove("REFUGE_TELEGRAM_TOKEN");
        if let Some(t) = token {
            cmd.env("REFUGE_TELEGRAM_TOKEN", t);
        }
        let out = tokio::time::timeout(Duration::from_secs(30), cmd.output()).await.expect("exits").unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("REFUGE_TELEGRAM_TOKEN"), "{err}");
        assert!(!err.contains("123:wrong"), "the token is never printed: {err}");
    }
}

/// POSTs `body` to `http://addr{path}` with `headers`; returns the status code.
async fn post(addr: std::net::SocketAddr, path: &str, headers: &[(&str, &str)], body: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_registers_and_refuses_requests_without_the_secret() {
    let emu = Emulator::start().await;
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let config = TelegramConfig {
        api_url: Some(emu.url.clone()),
        mode: refuge::config::TelegramMode::Webhook,
        webhook_listen: Some(addr),
        webhook_url: Some("https://bot.example.org/telegram/hook".to_owned()),
    };
    let bot = Telegram::connect(&emu.token, &config, Arc::new(support::core())).await.unwrap();
    let shutdown = CancellationToken::new();
    let _stop = shutdown.clone().drop_guard();
    tokio::spawn(bot.run(shutdown));
    let set = emu.wait(0, "setWebhook", |c| c.iter().any(|c| c.method == "setwebhook")).await;
    let set = set.iter().find(|c| c.method == "setwebhook").unwrap();
    assert_eq!(set.body["url"], "https://bot.example.org/telegram/hook");
    let secret = set.body["secret_token"].as_str().expect("a secret token is always set").to_owned();
    assert!(secret.len() >= 32);

    let update = |id: i64| {
        format!(
            r#"{{"update_id":{id},"message":{{"message_id":{id},"date":1700000000,"chat":{{"id":1301,"type":"private","first_name":"T"}},"from":{{"id":1301,"is_bot":false,"first_name":"T","language_code":"en"}},"text":"/help"}}}}"#
        )
    };
    // Wait for the server to listen.
    let mut status = 0;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            status = post(addr, "/telegram/hook", &[], &update(1)).await;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 401, "no secret, no entry");
    assert_eq!(post(addr, "/telegram/hook", &[("X-Telegram-Bot-Api-Secret-Token", "guess")], &update(2)).await, 401);
    let from = emu.calls().len();
    let ok = post(addr, "/telegram/hook", &[("X-Telegram-Bot-Api-Secret-Token", &secret)], &update(3)).await;
    assert_eq!(ok, 200);
    let got = emu.outputs(from, 1301, 1).await;
    assert_eq!(got[0].text(), html_of(&expected(Input::Text("/help".into()), Some("en"))[0]));
    let answered = emu.calls().iter().filter(|c| c.is_output() && c.chat() == Some(1301)).count();
    assert_eq!(answered, 1, "only the request with the secret was handled");
}

/// Spawns `refuge serve` with `config` against the emulator's token.
fn spawn_serve(config: &std::path::Path, emu: &Emulator) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_refuge"))
        .args(["serve", "--config"])
        .arg(config)
        .env("REFUGE_TELEGRAM_TOKEN", &emu.token)
        .env("RUST_LOG", "error")
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broadcast_survives_kill_9_and_reaches_every_subscriber_once() {
    use refuge::broadcast::{Audience, Texts};
    use refuge::storage::{BroadcastStore, NewBroadcast, SqliteStore, UserRecord, UserStore};
    let emu = Emulator::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config =
        serve_config(dir.path(), &emu, "[broadcast]\ntelegram_per_second = 150\nallow_paid_broadcast = true\n");
    // 450 subscribers in three languages, and a broadcast queued from the shell's side.
    let n = 450_i64;
    let first_chat = 50_000;
    let id = {
        let store = SqliteStore::open(&dir.path().join("data/refuge.db")).unwrap();
        for i in 0..n {
            let user = UserRef::new(Transport::Telegram, (first_chat + i).to_string());
            let lang = [Lang::Hy, Lang::Ar, Lang::En][(i % 3) as usize];
            store.save(&user, &UserRecord { lang: Some(lang), ..UserRecord::default() }).unwrap();
            store.subscribe(&user, None).unwrap();
        }
        let texts = Texts::new(
            Some("Ճանապարհը բաց է".into()),
            Some("الطريق مفتوح".into()),
            Some("The road is open".into()),
            false,
        )
        .unwrap();
        store.enqueue(&NewBroadcast { audience: Audience::All, texts, by: "cli".into(), at: 0 }).unwrap().id
    };
    let broadcast_sends = |calls: &[Call]| -> Vec<Call> {
        calls
            .iter()
            .filter(|c| {
                c.method == "sendmessage" && c.chat().is_some_and(|c| (first_chat..first_chat + n).contains(&c))
            })
            .cloned()
            .collect()
    };

    let mut first = spawn_serve(&config, &emu);
    emu.wait(0, "a third of the broadcast", |c| broadcast_sends(c).len() >= 150).await;
    first.start_kill().unwrap(); // SIGKILL: no chance to tidy up
    first.wait().await.unwrap();
    let before_restart = broadcast_sends(&emu.calls()).len();
    assert!(before_restart < n as usize, "killed mid-broadcast");

    let mut second = spawn_serve(&config, &emu);
    // Interactive replies do not queue behind the broadcast.
    let from = emu.calls().len();
    emu.text(7, Some("en"), "/help");
    emu.outputs(from, 7, 1).await;
    assert!(broadcast_sends(&emu.calls()).len() < n as usize, "answered while the broadcast was still going");

    let all = emu.wait(0, "every subscriber", |c| {
        let chats: HashSet<i64> = broadcast_sends(c).iter().filter_map(Call::chat).collect();
        chats.len() == n as usize
    });
    let calls = all.await;
    let sends = broadcast_sends(&calls);
    let mut per_chat: HashMap<i64, usize> = HashMap::new();
    for c in &sends {
        *per_chat.entry(c.chat().unwrap()).or_default() += 1;
    }
    let twice: Vec<i64> = per_chat.iter().filter(|(_, k)| **k > 1).map(|(c, _)| *c).collect();
    assert!(per_chat.values().all(|&k| k <= 2));
    // The status, read from the same database while serve runs.
    let store = SqliteStore::open(&dir.path().join("data/refuge.db")).unwrap();
    let mut status = store.broadcast_status(Some(id)).unwrap().remove(0);
    for _ in 0..100 {
        if status.finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        status = store.broadcast_status(Some(id)).unwrap().remove(0);
    }
    assert_eq!((status.sent, status.failed, status.pending, status.in_flight), (n as u64, 0, 0, 0));
    assert!(twice.len() as u64 <= status.resent, "every duplicate is counted: {twice:?} vs {}", status.resent);
    assert!(status.resent <= 1, "one worker has one message in flight at a time");
    // Each in their own language, as plain text.
    let text_to = |chat: i64| sends.iter().find(|c| c.chat() == Some(chat)).unwrap();
    assert_eq!(text_to(first_chat).text(), "Ճանապարհը բաց է");
    assert_eq!(text_to(first_chat + 1).text(), "الطريق مفتوح");
    assert!(text_to(first_chat + 2).body.get("parse_mode").is_none_or(|p| p.is_null()));
    second.start_kill().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn privileged_commands_are_refused_to_everyone_else() {
    let h = start().await;
    let chat = 1401;
    let refusal = teloxide::utils::html::escape(&support::core().text(Lang::Ar, msg::NOT_ALLOWED));
    for command in
        ["/place goris-school-1 full", "/broadcast", "/broadcast cancel 1", "/role add volunteer telegram 1401"]
    {
        let from = h.emu.calls().len();
        h.emu.text(chat, Some("ar"), command);
        let got = h.emu.outputs(from, chat, 1).await;
        assert_eq!(got[0].text(), refusal, "{command}");
    }
    let from = h.emu.calls().len();
    h.emu.press(chat, 1, "b:all");
    let got = h.emu.outputs(from, chat, 1).await;
    assert_eq!(got[0].text(), refusal, "a forged 'broadcast to all' button");
}
