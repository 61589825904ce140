//! A Telegram Bot API emulator over HTTP, for the adapter's tests.
//!
//! It speaks the Bot API's JSON as documented (https://core.telegram.org/bots/api): `getMe`,
//! long-polled `getUpdates` with offsets, `sendMessage`, `editMessageText`, `sendVenue`,
//! `sendLocation`, `answerCallbackQuery`, `setMyCommands`, `setWebhook`, `deleteWebhook`, and
//! errors in Telegram's shape (`401 Unauthorized`, `429` with `parameters.retry_after`,
//! `403 Forbidden: bot was blocked by the user`). The test plays the user: it queues updates (text
//! with a `language_code`, a button press carrying the bot's own message, a location) and reads
//! back every call the bot made. Why not `teloxide_tests` or npm `telegram-test-api`: see
//! ARCHITECTURE.md.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// The bot's username on the emulator.
pub const BOT_USERNAME: &str = "refuge_test_bot";
const BOT_ID: i64 = 4_242_424_242;

/// One API call the bot made.
#[derive(Clone, Debug)]
pub struct Call {
    /// Method, lower-case (`sendmessage`).
    pub method: String,
    /// Its JSON parameters.
    pub body: Value,
    /// When it arrived.
    pub at: Instant,
    /// Whether the emulator answered it with an injected error.
    pub faulted: bool,
    /// The id of the message it sent or edited.
    pub message_id: Option<i64>,
}

impl Call {
    /// The `chat_id` parameter.
    pub fn chat(&self) -> Option<i64> {
        self.body["chat_id"].as_i64()
    }

    /// The `text` parameter.
    pub fn text(&self) -> &str {
        self.body["text"].as_str().unwrap_or("")
    }

    /// The inline keyboard's callback data, in order.
    pub fn buttons(&self) -> Vec<String> {
        let rows = self.body["reply_markup"]["inline_keyboard"].as_array().cloned().unwrap_or_default();
        rows.iter()
            .flat_map(|r| r.as_array().cloned().unwrap_or_default())
            .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
            .collect()
    }

    /// Whether this call puts something in a chat (a message, an edit, a venue).
    pub fn is_output(&self) -> bool {
        matches!(self.method.as_str(), "sendmessage" | "editmessagetext" | "sendvenue" | "sendlocation")
    }
}

/// An error to answer a call with.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// `429 Too Many Requests: retry after N`.
    RetryAfter(u64),
    /// `403 Forbidden: bot was blocked by the user`.
    Blocked,
}

#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    next_update: i64,
    next_message: i64,
    calls: Vec<Call>,
    faults: Vec<(String, Fault)>,
    /// Messages the bot sent, by id (a button press carries its message).
    sent: HashMap<i64, Value>,
}

struct Shared {
    token: String,
    inner: Mutex<Inner>,
    news: Notify,
}

/// A running emulator.
pub struct Emulator {
    /// Its base URL (`telegram.api_url`).
    pub url: String,
    /// The token it accepts.
    pub token: String,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn user(id: i64, lang: Option<&str>) -> Value {
    let mut u = json!({"id": id, "is_bot": false, "first_name": "Test"});
    if let Some(l) = lang {
        u["language_code"] = json!(l);
    }
    u
}

fn private_chat(id: i64) -> Value {
    json!({"id": id, "type": "private", "first_name": "Test"})
}

impl Emulator {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let token = "123456:TEST-token_for-the-emulator".to_owned();
        let shared = Arc::new(Shared {
            token: token.clone(),
            inner: Mutex::new(Inner { next_update: 1, next_message: 1, ..Inner::default() }),
            news: Notify::new(),
        });
        let app = Router::new().route("/{bot}/{method}", post(api)).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the emulator");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("emulator server");
        });
        Self { url, token, shared, server }
    }

    fn push(&self, kind: &str, payload: Value) {
        let mut inner = self.shared.inner.lock().unwrap();
        let id = inner.next_update;
        inner.next_update += 1;
        inner.updates.push_back(json!({"update_id": id, kind: payload}));
        drop(inner);
        self.shared.news.notify_waiters();
    }

    fn message_id(&self) -> i64 {
        let mut inner = self.shared.inner.lock().unwrap();
        inner.next_message += 1;
        inner.next_message
    }

    /// The user of private chat `chat` writes `text` from a client set to `lang`.
    pub fn text(&self, chat: i64, lang: Option<&str>, text: &str) {
        let mut message = json!({
            "message_id": self.message_id(), "date": now(), "chat": private_chat(chat),
            "from": user(chat, lang), "text": text,
        });
        if text.starts_with('/') {
            let len = text.split_whitespace().next().unwrap_or("").encode_utf16().count();
            message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
        self.push("message", message);
    }

    /// `from` writes `text` in the group `group`.
    pub fn group_text(&self, group: i64, from: i64, text: &str) {
        let message = json!({
            "message_id": self.message_id(), "date": now(),
            "chat": {"id": group, "type": "supergroup", "title": "Goris volunteers"},
            "from": user(from, Some("en")), "text": text,
        });
        self.push("message", message);
    }

    /// The user shares a location (the attachment menu, or the reply keyboard's button).
    pub fn location(&self, chat: i64, lat: f64, lon: f64) {
        let message = json!({
            "message_id": self.message_id(), "date": now(), "chat": private_chat(chat),
            "from": user(chat, None), "location": {"latitude": lat, "longitude": lon},
        });
        self.push("message", message);
    }

    /// The user presses the button with `data` under the bot's message `message_id` (any data:
    /// a forged press is just data the bot never sent).
    pub fn press(&self, chat: i64, message_id: i64, data: &str) {
        let message = self.shared.inner.lock().unwrap().sent.get(&message_id).cloned().unwrap_or_else(
            || json!({"message_id": message_id, "date": now(), "chat": private_chat(chat), "text": "?"}),
        );
        let query = json!({
            "id": format!("cq{}", self.message_id()), "from": user(chat, None), "message": message,
            "chat_instance": format!("ci{chat}"), "data": data,
        });
        self.push("callback_query", query);
    }

    /// Answers the next call of `method` (`sendMessage`…) with `fault`.
    pub fn fail_next(&self, method: &str, fault: Fault) {
        self.shared.inner.lock().unwrap().faults.push((method.to_lowercase(), fault));
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.inner.lock().unwrap().calls.clone()
    }

    /// Waits (up to 30 s) until `done` holds of the calls made after the first `from`.
    pub async fn wait(&self, from: usize, what: &str, done: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let calls = self.calls();
            let new = calls.get(from..).unwrap_or_default().to_vec();
            if done(&new) {
                return new;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; calls since: {new:#?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for `n` successful outputs (messages, edits, venues) to `chat` after call `from`.
    pub async fn outputs(&self, from: usize, chat: i64, n: usize) -> Vec<Call> {
        let pick = |calls: &[Call]| -> Vec<Call> {
            calls.iter().filter(|c| c.is_output() && !c.faulted && c.chat() == Some(chat)).cloned().collect()
        };
        let calls = self.wait(from, &format!("{n} outputs to chat {chat}"), |c| pick(c).len() >= n).await;
        pick(&calls)
    }
}

type Reply = (StatusCode, axum::Json<Value>);

fn ok(result: Value) -> Reply {
    (StatusCode::OK, axum::Json(json!({"ok": true, "result": result})))
}

fn error(status: StatusCode, description: &str, parameters: Option<Value>) -> Reply {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    (status, axum::Json(body))
}

/// The fields of a `multipart/form-data` body (teloxide sends `setWebhook` so, for a certificate),
/// as a JSON object of strings.
fn form_fields(body: &[u8], boundary: &str) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else { continue };
        let Some(name) = head.split("name=\"").nth(1).and_then(|n| n.split('"').next()) else { continue };
        fields.insert(name.to_owned(), json!(value.trim_end_matches("\r\n")));
    }
    Value::Object(fields)
}

async fn api(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    if bot.strip_prefix("bot") != Some(shared.token.as_str()) {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    let method = method.to_lowercase();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let body: Value = if let Some(boundary) = content_type.split("boundary=").nth(1) {
        form_fields(&body, boundary.trim_matches('"'))
    } else if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(&body).unwrap_or(json!({}))
    };
    if method == "getupdates" {
        return get_updates(&shared, &body).await;
    }
    let mut inner = shared.inner.lock().unwrap();
    let fault = inner.faults.iter().position(|(m, _)| *m == method).map(|i| inner.faults.remove(i).1);
    inner.calls.push(Call {
        method: method.clone(),
        body: body.clone(),
        at: Instant::now(),
        faulted: fault.is_some(),
        message_id: None,
    });
    match fault {
        Some(Fault::RetryAfter(secs)) => {
            return error(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too Many Requests: retry after {secs}"),
                Some(json!({"retry_after": secs})),
            );
        }
        Some(Fault::Blocked) => return error(StatusCode::FORBIDDEN, "Forbidden: bot was blocked by the user", None),
        None => {}
    }
    let bot_user = json!({"id": BOT_ID, "is_bot": true, "first_name": "refuge", "username": BOT_USERNAME});
    match method.as_str() {
        "getme" => {
            let mut me = bot_user;
            for (k, v) in [
                ("can_join_groups", true),
                ("can_read_all_group_messages", false),
                ("supports_inline_queries", false),
                ("can_connect_to_business", false),
                ("has_main_web_app", false),
            ] {
                me[k] = json!(v);
            }
            ok(me)
        }
        "setmycommands" | "deletewebhook" | "setwebhook" | "answercallbackquery" => ok(json!(true)),
        "sendmessage" | "sendvenue" | "sendlocation" => {
            let Some(chat) = body["chat_id"].as_i64() else {
                return error(StatusCode::BAD_REQUEST, "Bad Request: chat_id is empty", None);
            };
            inner.next_message += 1;
            let id = inner.next_message;
            let mut message = json!({"message_id": id, "date": now(), "chat": private_chat(chat), "from": bot_user});
            if method == "sendmessage" {
                let text = body["text"].as_str().unwrap_or("");
                if text.is_empty() || text.encode_utf16().count() > 4096 {
                    return error(StatusCode::BAD_REQUEST, "Bad Request: message is too long", None);
                }
                message["text"] = body["text"].clone();
                if body["reply_markup"]["inline_keyboard"].is_array() {
                    message["reply_markup"] = body["reply_markup"].clone();
                }
            } else {
                let location = json!({"latitude": body["latitude"], "longitude": body["longitude"]});
                message["location"] = location.clone();
                if method == "sendvenue" {
                    message["venue"] =
                        json!({"location": location, "title": body["title"], "address": body["address"]});
                }
            }
            inner.sent.insert(id, message.clone());
            inner.calls.last_mut().expect("recorded above").message_id = Some(id);
            ok(message)
        }
        "editmessagetext" => {
            let id = body["message_id"].as_i64().unwrap_or(0);
            let Some(mut message) = inner.sent.get(&id).cloned() else {
                return error(StatusCode::BAD_REQUEST, "Bad Request: message to edit not found", None);
            };
            message["text"] = body["text"].clone();
            message["edit_date"] = json!(now());
            message["reply_markup"] = body["reply_markup"].clone();
            inner.sent.insert(id, message.clone());
            inner.calls.last_mut().expect("recorded above").message_id = Some(id);
            ok(message)
        }
        _ => error(StatusCode::NOT_FOUND, "Not Found: method not found", None),
    }
}

/// Long polling: answers at once when updates past `offset` are queued, else waits up to
/// `timeout` seconds for one.
async fn get_updates(shared: &Shared, body: &Value) -> Reply {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let timeout = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0));
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let notified = shared.news.notified();
        {
            let mut inner = shared.inner.lock().unwrap();
            // Confirmed updates are gone for good, as on Telegram.
            while inner.updates.front().is_some_and(|u| u["update_id"].as_i64() < Some(offset)) {
                inner.updates.pop_front();
            }
            if !inner.updates.is_empty() {
                return ok(Value::Array(inner.updates.iter().cloned().collect()));
            }
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}
