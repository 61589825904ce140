//! Telegram, through teloxide: a thin layer over [`Core::handle`].
//!
//! Updates arrive by long polling (default) or a webhook; each chat's updates are handled in order
//! (teloxide's dispatcher distributes by chat) and chats in parallel. The core runs on the blocking
//! pool, since it reads and writes SQLite. Replies go out through [`send::call`] (retries, 429s)
//! after the chat's [`send::ChatPacer`].

mod inbound;
pub mod outbound;
pub mod send;

use crate::broadcast::progress::Notifier;
use crate::broadcast::worker::{SendError as BroadcastSendError, Sender};
use crate::config::{TelegramConfig, TelegramMode};
use crate::core::{Core, Incoming, Reply, Transport, UserRef, command};
use crate::i18n::{Lang, msg};
use outbound::{Keyboard, Outgoing};
use send::{ChatPacer, SendError};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::payloads::{EditMessageTextSetters, SendMessageSetters, SetMyCommandsSetters};
use teloxide::prelude::{Bot, CallbackQuery, Message, Request, Requester, Update};
use teloxide::types::{
    BotCommand, ButtonRequest, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup,
    MessageId, ParseMode,
};
use teloxide::update_listeners::{Polling, webhooks};
use teloxide::{ApiError, RequestError, dptree};
use tokio_util::sync::CancellationToken;

/// The environment variable holding the bot token.
pub const TOKEN_ENV: &str = "REFUGE_TELEGRAM_TOKEN";
/// The environment variable holding the webhook's secret token (generated at start when unset).
pub const WEBHOOK_SECRET_ENV: &str = "REFUGE_TELEGRAM_WEBHOOK_SECRET";

/// How long one `getUpdates` waits for news (under the HTTP client's 17 s timeout).
const POLL_TIMEOUT: Duration = Duration::from_secs(10);
/// Messages a chat may get at once before pacing to one a second.
const CHAT_BURST: u32 = 4;

/// Why Telegram cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    /// `getMe` says the token is wrong.
    #[error("Telegram refused the bot token in {TOKEN_ENV}: copy it again from @BotFather")]
    BadToken,
    /// No answer from the Bot API.
    #[error("cannot reach the Telegram Bot API at {url}: {reason}")]
    Unreachable {
        /// The API's address.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// A URL in `[telegram]` that does not parse.
    #[error("{key} = {value:?} is not a URL")]
    BadUrl {
        /// The setting.
        key: &'static str,
        /// Its value.
        value: String,
    },
    /// Webhook mode without its settings (`refuge check` reports this too).
    #[error("telegram.mode = \"webhook\" needs telegram.webhook_listen and telegram.webhook_url")]
    WebhookIncomplete,
    /// The webhook address is taken or not ours.
    #[error("cannot listen for Telegram's webhook on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// `setWebhook` failed.
    #[error("cannot register the webhook with Telegram: {0}")]
    SetWebhook(String),
}

/// A bot that passed `getMe`, ready to run.
pub struct Telegram {
    ctx: Arc<Ctx>,
    config: TelegramConfig,
}

/// What the handlers share.
struct Ctx {
    bot: Bot,
    core: Arc<Core>,
    username: String,
    pacer: ChatPacer,
}

impl Telegram {
    /// Checks the token with `getMe` and publishes the command menu in every language.
    pub async fn connect(token: &str, config: &TelegramConfig, core: Arc<Core>) -> Result<Self, TelegramError> {
        let mut bot = Bot::new(token);
        let api = config.api_url.clone().unwrap_or_else(|| "https://api.telegram.org".to_owned());
        if let Some(url) = &config.api_url {
            let parsed =
                url.parse().map_err(|_| TelegramError::BadUrl { key: "telegram.api_url", value: url.clone() })?;
            bot = bot.set_api_url(parsed);
        }
        let me = match bot.get_me().send().await {
            Ok(me) => me,
            Err(RequestError::Api(ApiError::InvalidToken)) => return Err(TelegramError::BadToken),
            Err(e) => return Err(TelegramError::Unreachable { url: api, reason: send::describe(&e) }),
        };
        let username = me.username().to_owned();
        tracing::info!(bot = %username, "connected to Telegram");
        let ctx = Arc::new(Ctx { bot, core, username, pacer: ChatPacer::new(CHAT_BURST) });
        ctx.publish_commands().await;
        Ok(Self { ctx, config: config.clone() })
    }

    /// A sender for the broadcast worker, on the same connection.
    pub fn sender(&self, allow_paid_broadcast: bool) -> TelegramSender {
        TelegramSender { bot: self.ctx.bot.clone(), paid: allow_paid_broadcast }
    }

    /// The bot's username (without `@`).
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Handles updates until `shutdown` is cancelled. Handler failures are logged and answered;
    /// they never stop the dispatcher.
    pub async fn run(self, shutdown: CancellationToken) -> Result<(), TelegramError> {
        let handler = dptree::entry()
            .branch(Update::filter_message().endpoint(on_message))
            .branch(Update::filter_callback_query().endpoint(on_callback));
        let bot = self.ctx.bot.clone();
        let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
            .dependencies(dptree::deps![self.ctx.clone()])
            // Edited messages, channel posts, member updates…: nothing to answer.
            .default_handler(|_| async {})
            .error_handler(LoggingErrorHandler::with_custom_text("Telegram handler failed"))
            .build();
        let token = dispatcher.shutdown_token();
        let stop = shutdown.clone();
        tokio::spawn(async move {
            stop.cancelled().await;
            if let Ok(done) = token.shutdown() {
                done.await;
            }
        });
        let ctx = self.ctx.clone();
        let tidy = shutdown.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(600));
            loop {
                tokio::select! {
                    _ = every.tick() => ctx.pacer.tidy(),
                    () = tidy.cancelled() => break,
                }
            }
        });
        let listener_errors = LoggingErrorHandler::with_custom_text("Telegram update listener");
        match self.config.mode {
            TelegramMode::Polling => {
                let listener = Polling::builder(bot).timeout(POLL_TIMEOUT).build();
                dispatcher.dispatch_with_listener(listener, listener_errors).await;
            }
            TelegramMode::Webhook => {
                let (Some(addr), Some(url)) = (self.config.webhook_listen, self.config.webhook_url.as_deref()) else {
                    return Err(TelegramError::WebhookIncomplete);
                };
                let url = url
                    .parse()
                    .map_err(|_| TelegramError::BadUrl { key: "telegram.webhook_url", value: url.to_owned() })?;
                let mut options = webhooks::Options::new(addr, url);
                if let Ok(secret) = std::env::var(WEBHOOK_SECRET_ENV) {
                    options = options.secret_token(secret);
                }
                // Bind first, so a taken port is an error message rather than a panic.
                let tcp = tokio::net::TcpListener::bind(addr)
                    .await
                    .map_err(|source| TelegramError::Listen { addr, source })?;
                let (listener, stop_flag, router) = webhooks::axum_to_router(bot, options)
                    .await
                    .map_err(|e| TelegramError::SetWebhook(send::describe(&e)))?;
                tokio::spawn(async move {
                    if let Err(e) = axum::serve(tcp, router).with_graceful_shutdown(stop_flag).await {
                        tracing::error!(error = %e, "the webhook server stopped");
                    }
                });
                dispatcher.dispatch_with_listener(listener, listener_errors).await;
            }
        }
        Ok(())
    }
}

/// Sends broadcasts for the delivery worker: plain text (a volunteer's words are never parsed as
/// markup), one attempt per call (the worker schedules retries and paces the whole network).
pub struct TelegramSender {
    bot: Bot,
    paid: bool,
}

impl Sender for TelegramSender {
    fn transport(&self) -> Transport {
        Transport::Telegram
    }

    async fn send(&self, to: &UserRef, text: &str) -> Result<(), BroadcastSendError> {
        let chat: i64 = to.id.parse().map_err(|_| BroadcastSendError::Permanent("not a Telegram chat id".into()))?;
        let mut request = self.bot.send_message(ChatId(chat), text);
        if self.paid {
            request = request.allow_paid_broadcast(true);
        }
        request.send().await.map(drop).map_err(|e| send::broadcast_error(&e))
    }
}

impl Notifier for TelegramSender {
    fn transport(&self) -> Transport {
        Transport::Telegram
    }

    async fn post(&self, to: &UserRef, text: &str) -> Result<Option<String>, BroadcastSendError> {
        let chat: i64 = to.id.parse().map_err(|_| BroadcastSendError::Permanent("not a Telegram chat id".into()))?;
        let sent = self.bot.send_message(ChatId(chat), text).send().await.map_err(|e| send::broadcast_error(&e))?;
        Ok(Some(sent.id.0.to_string()))
    }

    async fn update(&self, to: &UserRef, handle: &str, text: &str) -> Result<(), BroadcastSendError> {
        let bad = || BroadcastSendError::Permanent("not a Telegram message".into());
        let chat: i64 = to.id.parse().map_err(|_| bad())?;
        let id: i32 = handle.parse().map_err(|_| bad())?;
        self.bot
            .edit_message_text(ChatId(chat), MessageId(id), text)
            .send()
            .await
            .map(drop)
            .map_err(|e| send::broadcast_error(&e))
    }
}

type HandlerResult = Result<(), Infallible>;

async fn on_message(msg: Message, ctx: Arc<Ctx>) -> HandlerResult {
    let Some(incoming) = inbound::from_message(&msg, &ctx.username) else {
        return Ok(());
    };
    tracing::debug!(input = ?incoming.input, "Telegram message");
    let replies = ctx.handle(incoming).await;
    ctx.deliver(msg.chat.id, &replies, None).await;
    Ok(())
}

async fn on_callback(q: CallbackQuery, ctx: Arc<Ctx>) -> HandlerResult {
    // Stop the button's spinner first, whatever happens next.
    if let Err(e) = send::call("answerCallbackQuery", || ctx.bot.answer_callback_query(q.id.clone()).send()).await {
        tracing::warn!(error = %e, "cannot answer a button press");
    }
    let incoming = inbound::from_callback(&q);
    let chat = q.regular_message().map_or(ChatId(q.from.id.0 as i64), |m| m.chat.id);
    let pressed = q.regular_message().map(|m| m.id);
    let replies = ctx.handle(incoming).await;
    ctx.deliver(chat, &replies, pressed).await;
    Ok(())
}

impl Ctx {
    /// `setMyCommands` in each language and a default, so Telegram's command menu speaks the
    /// user's language. A failure only costs the menu.
    async fn publish_commands(&self) {
        let commands = |lang: Lang| -> Vec<BotCommand> {
            command::PUBLIC.iter().map(|(name, id)| BotCommand::new(*name, self.core.text(lang, id))).collect()
        };
        for lang in Lang::ALL {
            let r = send::call("setMyCommands", || {
                self.bot.set_my_commands(commands(lang)).language_code(lang.code().to_owned()).send()
            })
            .await;
            if let Err(e) = r {
                tracing::warn!(error = %e, lang = lang.code(), "cannot publish the command menu");
            }
        }
        let default = self.core.default_lang();
        if let Err(e) = send::call("setMyCommands", || self.bot.set_my_commands(commands(default)).send()).await {
            tracing::warn!(error = %e, "cannot publish the default command menu");
        }
    }

    /// Runs the core off the async threads. A panic there costs this message a polite error, not
    /// the bot.
    async fn handle(&self, incoming: Incoming) -> Vec<Reply> {
        let lang = incoming.lang_hint.as_deref().and_then(Lang::from_hint).unwrap_or(self.core.default_lang());
        let core = self.core.clone();
        match tokio::task::spawn_blocking(move || core.handle(incoming)).await {
            Ok(replies) => replies,
            Err(_) => {
                tracing::error!("the conversation core failed on a Telegram update; the user was told to retry");
                vec![Reply::Text { text: self.core.text(lang, msg::ERROR_GENERIC) }]
            }
        }
    }

    /// Sends replies in order. After a button press, a reply that is only a new menu replaces the
    /// pressed message instead of adding one more to the chat.
    async fn deliver(&self, chat: ChatId, replies: &[Reply], pressed: Option<MessageId>) {
        let out = outbound::render(replies);
        if let (Some(id), [Outgoing::Text { html, keyboard: Keyboard::Inline(buttons) }]) = (pressed, out.as_slice()) {
            self.pacer.ready(chat.0).await;
            let markup = inline_keyboard(buttons);
            let edited = send::call("editMessageText", || {
                self.bot
                    .edit_message_text(chat, id, html.clone())
                    .parse_mode(ParseMode::Html)
                    .reply_markup(markup.clone())
                    .send()
            })
            .await;
            match edited {
                Ok(_) => return,
                Err(SendError::Unreachable(_)) => return self.unreachable(chat).await,
                // Too old to edit, or identical: send it as a new message.
                Err(e) => tracing::debug!(error = %e, "cannot edit the menu; sending a new one"),
            }
        }
        for item in &out {
            self.pacer.ready(chat.0).await;
            let sent = match item {
                Outgoing::Text { html, keyboard } => send::call("sendMessage", || {
                    let request = self.bot.send_message(chat, html.clone()).parse_mode(ParseMode::Html);
                    match keyboard {
                        Keyboard::None => request,
                        Keyboard::Inline(buttons) => request.reply_markup(inline_keyboard(buttons)),
                        Keyboard::RequestLocation(label) => request.reply_markup(
                            KeyboardMarkup::new([
                                [KeyboardButton::new(label.clone()).request(ButtonRequest::Location)],
                            ])
                            .one_time_keyboard()
                            .resize_keyboard(),
                        ),
                    }
                    .send()
                })
                .await
                .map(drop),
                Outgoing::Venue { lat, lon, title, address } => send::call("sendVenue", || {
                    self.bot.send_venue(chat, *lat, *lon, title.clone(), address.clone()).send()
                })
                .await
                .map(drop),
            };
            match sent {
                Ok(()) => {}
                Err(SendError::Unreachable(_)) => return self.unreachable(chat).await,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot deliver a reply on Telegram");
                    return;
                }
            }
        }
    }

    /// The user blocked the bot or is gone: stop sending them broadcasts.
    async fn unreachable(&self, chat: ChatId) {
        let core = self.core.clone();
        let user = inbound::user(chat);
        if let Err(e) = tokio::task::spawn_blocking(move || core.user_unreachable(&user)).await {
            tracing::error!(error = %e, "cannot record an unreachable Telegram user");
        }
    }
}

fn inline_keyboard(buttons: &[(String, String)]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(
        buttons.iter().map(|(label, data)| [InlineKeyboardButton::callback(label.clone(), data.clone())]),
    )
}
