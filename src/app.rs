//! The composition root: reads the configuration, loads knowledge and locales, opens storage,
//! builds the core and runs a subcommand. The only place (with `transport/*` and `main`) that
//! knows which adapters exist; `anyhow` lives here and in `main`, typed errors everywhere else.

use crate::broadcast::Texts;
#[cfg(any(feature = "telegram", feature = "matrix"))]
use crate::broadcast::{
    progress::{Notifier, Reporter},
    worker::{self, Worker},
};

/// How often a volunteer's broadcast progress message is updated.
#[cfg(any(feature = "telegram", feature = "matrix"))]
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(15);
use crate::check::Problem;
use crate::cli::{BroadcastAction, Cli, Command};
use crate::config::{Config, ConfigError};
use crate::core::{Clock, Core, Settings, SystemClock, render};
use crate::eval;
use crate::i18n::msg::{self, ArgKind};
use crate::i18n::{Arg, Lang, Locales};
use crate::kb::{self, KnowledgeBase};
use crate::storage::{AuditLog, BroadcastStatus, BroadcastStore, MemoryStore, NewBroadcast, SqliteStore, Store};
use crate::transport::console;
use anyhow::Context;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check => Ok(check(cli.config.as_deref())),
        Command::Serve => {
            let config = Config::load(cli.config.as_deref())?;
            let db = config.database_path();
            let store: Arc<dyn Store> =
                Arc::new(SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?);
            let core = Arc::new(build(&config, store.clone(), Arc::new(SystemClock))?);
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
            runtime.block_on(serve(&config, core, store))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat { lang, user } => {
            let config = Config::load(cli.config.as_deref())?;
            let db = config.database_path();
            let store = SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
            let core = build(&config, Arc::new(store), Arc::new(SystemClock))?;
            let stdin = std::io::stdin();
            let session = console::Session { user, lang, interactive: stdin.is_terminal() };
            console::run(&core, &session, stdin.lock(), std::io::stdout().lock()).context("console")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Broadcast { action, new } => {
            let config = Config::load(cli.config.as_deref())?;
            let db = config.database_path();
            let store = SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
            let mut out = std::io::stdout().lock();
            let has_options =
                new.audience.is_some() || new.text_hy.is_some() || new.text_ar.is_some() || new.text_en.is_some();
            match action {
                Some(BroadcastAction::Cancel { id }) => {
                    if has_options {
                        anyhow::bail!("`broadcast cancel` takes no broadcast options");
                    }
                    let Some(n) = store.cancel(id)? else { anyhow::bail!("no broadcast {id}") };
                    store.audit(
                        &crate::core::UserRef::new(crate::core::Transport::Console, "cli"),
                        &format!("broadcast {id} cancelled"),
                        SystemClock.now().as_second(),
                    )?;
                    writeln!(out, "cancelled: {n} not yet sent will not be")?;
                    for b in store.broadcast_status(Some(id))? {
                        writeln!(out, "{}", status_line(&b))?;
                    }
                }
                Some(BroadcastAction::Status { id }) => {
                    if has_options {
                        anyhow::bail!("`broadcast status` takes no broadcast options");
                    }
                    let all = store.broadcast_status(id)?;
                    if let Some(id) = id.filter(|_| all.is_empty()) {
                        anyhow::bail!("no broadcast {id}");
                    }
                    for b in all {
                        writeln!(out, "{}", status_line(&b))?;
                    }
                }
                None => {
                    let audience =
                        new.audience.as_deref().context("--audience is required (all, topic:NAME or lang:CODE)")?;
                    let audience = audience.parse()?;
                    let texts = Texts::new(new.text_hy, new.text_ar, new.text_en, new.allow_english_fallback)?;
                    let broadcast =
                        NewBroadcast { audience, texts, by: "cli".to_owned(), at: SystemClock.now().as_second() };
                    let status = store.enqueue(&broadcast)?;
                    store.audit(
                        &crate::core::UserRef::new(crate::core::Transport::Console, "cli"),
                        &format!("broadcast {} to {}", status.id, status.audience),
                        broadcast.at,
                    )?;
                    writeln!(out, "queued: {}", status_line(&status))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { files } => {
            let config = Config::load(cli.config.as_deref())?;
            let core = build(&config, Arc::new(MemoryStore::new()), Arc::new(SystemClock))?;
            let files = if files.is_empty() { default_eval_files()? } else { files };
            let mut queries = Vec::new();
            for file in &files {
                queries.extend(eval::load(file)?);
            }
            let report = eval::run(&core, &queries);
            // A closed pipe (`refuge eval | head`) is not an error worth a message.
            match write!(std::io::stdout().lock(), "{report}") {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(ExitCode::SUCCESS),
            }
        }
        Command::Ask { query, json, lang } => {
            let config = Config::load(cli.config.as_deref())?;
            // One-shot lookups remember nothing.
            let core = build(&config, Arc::new(MemoryStore::new()), Arc::new(SystemClock))?;
            let mut out = std::io::stdout().lock();
            if query == "-" {
                for line in std::io::stdin().lock().lines() {
                    let line = line.context("reading queries from standard input")?;
                    ask_one(&core, &line, json, lang, &mut out)?;
                }
            } else {
                ask_one(&core, &query, json, lang, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Starts a network's broadcast worker and its progress reporter (every `PROGRESS_EVERY` times
/// `slower`).
#[cfg(any(feature = "telegram", feature = "matrix"))]
#[allow(clippy::too_many_arguments)]
fn spawn_delivery<S: worker::Sender, N: Notifier>(
    networks: &mut tokio::task::JoinSet<anyhow::Result<()>>,
    shutdown: &tokio_util::sync::CancellationToken,
    core: &Arc<Core>,
    store: &Arc<dyn Store>,
    sender: S,
    notifier: N,
    per_second: f64,
    slower: u32,
) {
    let worker = Worker::new(store.clone(), sender, Arc::new(SystemClock), worker::Settings::at(per_second));
    let stop = shutdown.clone();
    networks.spawn(async move {
        worker.run(stop).await;
        Ok(())
    });
    let reporter = Reporter::new(core.clone(), store.clone(), notifier, PROGRESS_EVERY * slower, per_second);
    let stop = shutdown.clone();
    networks.spawn(async move {
        reporter.run(stop).await;
        Ok(())
    });
}

/// `refuge serve`: starts every configured network, each with its broadcast delivery worker, and
/// runs until Ctrl-C or SIGTERM.
async fn serve(config: &Config, core: Arc<Core>, store: Arc<dyn Store>) -> anyhow::Result<()> {
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut networks: tokio::task::JoinSet<anyhow::Result<()>> = tokio::task::JoinSet::new();
    if let Some(telegram) = &config.telegram {
        #[cfg(feature = "telegram")]
        {
            use crate::transport::telegram::{TOKEN_ENV, Telegram};
            let token = std::env::var(TOKEN_ENV).with_context(|| {
                format!("[telegram] is configured but {TOKEN_ENV} is not set (the token from @BotFather)")
            })?;
            let bot = Telegram::connect(&token, telegram, core.clone()).await?;
            tracing::info!(bot = bot.username(), "serving Telegram");
            let b = &config.broadcast;
            let (sender, notifier) = (bot.sender(b.allow_paid_broadcast), bot.sender(false));
            spawn_delivery(&mut networks, &shutdown, &core, &store, sender, notifier, b.telegram_per_second, 1);
            let stop = shutdown.clone();
            networks.spawn(async move { Ok(bot.run(stop).await?) });
        }
        #[cfg(not(feature = "telegram"))]
        {
            let _ = (telegram, &core, &store);
            anyhow::bail!("[telegram] is configured but this refuge was built without the `telegram` feature");
        }
    }
    if let Some(matrix) = &config.matrix {
        #[cfg(feature = "matrix")]
        {
            use crate::transport::matrix::{Matrix, Secrets};
            let bot = Matrix::connect(matrix, &Secrets::from_env(), &config.data_dir(), core.clone()).await?;
            // Progress edits count against the account's message rate (Synapse: 0.2/s by default).
            let rate = config.broadcast.matrix_per_second;
            spawn_delivery(&mut networks, &shutdown, &core, &store, bot.sender(), bot.sender(), rate, 4);
            let stop = shutdown.clone();
            networks.spawn(async move { Ok(bot.run(stop).await?) });
        }
        #[cfg(not(feature = "matrix"))]
        {
            let _ = (matrix, &core, &store);
            anyhow::bail!("[matrix] is configured but this refuge was built without the `matrix` feature");
        }
    }
    if networks.is_empty() {
        anyhow::bail!("nothing to serve: configure [telegram] or [matrix] in the configuration file (see README)");
    }
    let stop = shutdown.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("stopping");
        stop.cancel();
    });
    while let Some(done) = networks.join_next().await {
        // One network failing stops the others: a half-running bot is worse than a clear exit.
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                shutdown.cancel();
                return Err(e);
            }
            Err(e) => {
                shutdown.cancel();
                return Err(anyhow::anyhow!("a network task failed: {e}"));
            }
        }
    }
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// One line of `refuge broadcast status` (operator output).
fn status_line(b: &BroadcastStatus) -> String {
    let mut line = format!(
        "broadcast {} to {}: {} recipients (hy {}, ar {}, en {}) — {} sent, {} pending, {} in flight, {} failed",
        b.id,
        b.audience,
        b.total(),
        b.per_lang[0],
        b.per_lang[1],
        b.per_lang[2],
        b.sent,
        b.pending,
        b.in_flight,
        b.failed
    );
    if b.cancelled > 0 {
        line.push_str(&format!(", {} cancelled", b.cancelled));
    }
    if b.resent > 0 {
        line.push_str(&format!(", {} sent again after a crash (may have arrived twice)", b.resent));
    }
    line
}

fn default_eval_files() -> anyhow::Result<Vec<std::path::PathBuf>> {
    let dir = Path::new("tests/eval");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("no files given and cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

fn ask_one(core: &Core, query: &str, json: bool, lang: Option<Lang>, out: &mut impl Write) -> anyhow::Result<()> {
    let result = core.ask(query, lang);
    if json {
        writeln!(out, "{}", serde_json::to_string(&result)?)?;
    } else if let Some(answer) = &result.answer {
        writeln!(out, "{answer}\n")?;
    } else {
        let hotline = core.kb().meta.hotline.clone();
        let text = core.locales().format(result.lang, msg::OFFTOPIC, &[("hotline", hotline.into())]);
        writeln!(out, "{text}\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Loads knowledge and locales as `config` says and builds the core on `store`.
pub fn build(config: &Config, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> anyhow::Result<Core> {
    let today = clock.now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let kb = kb::load::load(&config.knowledge_dir(), today)?;
    let locales = Locales::load(&config.locales_dir())?;
    let settings = Settings {
        default_lang: config.bot.default_lang,
        thresholds: config.thresholds(),
        roles: config.roles(),
        status_ttl_secs: config.status_ttl_secs(),
        require_approval: config.broadcast.require_approval,
    };
    Ok(Core::new(Arc::new(kb), Arc::new(locales), store, clock, settings))
}

/// `refuge check`: prints one line per problem and returns 1, or a summary and 0.
fn check(config_path: Option<&Path>) -> ExitCode {
    let (problems, summary) = check_all(config_path);
    let mut out = std::io::stdout().lock();
    for p in &problems {
        let _ = writeln!(out, "{p}");
    }
    if problems.is_empty() {
        let _ = writeln!(out, "ok: {summary}");
        ExitCode::SUCCESS
    } else {
        let _ = writeln!(std::io::stderr(), "{} problem(s) found", problems.len());
        ExitCode::from(1)
    }
}

/// Every problem in the configuration, knowledge and locales, and a summary of what was checked.
pub fn check_all(config_path: Option<&Path>) -> (Vec<Problem>, String) {
    let mut problems = Vec::new();
    let config = match Config::load(config_path) {
        Ok(c) => c,
        Err(ConfigError::Invalid(p)) => {
            problems.extend(p);
            return (problems, String::new());
        }
        Err(e) => {
            problems.push(Problem { file: None, line: None, message: e.to_string() });
            return (problems, String::new());
        }
    };
    let today = SystemClock.now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let (kb, kb_problems) = kb::load::load_checked(&config.knowledge_dir(), today);
    problems.extend(kb_problems);
    if let Some(kb) = &kb {
        let thresholds = config.thresholds();
        let index = kb::search::Index::build(kb, thresholds);
        let file = config.knowledge_dir().join("elsewhere.toml");
        for (id, question, why) in index.hidden_questions(kb) {
            let message = match why {
                kb::search::Hidden::Elsewhere(example) => {
                    format!("{example:?} keeps `{id}` from answering its own question {question:?}")
                }
                kb::search::Hidden::NotAnswerable { reads_as, answerable } => format!(
                    "the answerable check keeps `{id}` from answering its own question {question:?} \
                     (reads as {reads_as:.2}, answerable {answerable:.2}, threshold {:.2}): add ways people ask it \
                     to the entry (`asked`), or take out of `elsewhere.toml` the questions it reads like",
                    thresholds.answerable
                ),
            };
            problems.push(Problem::in_file(&file, message));
        }
        let lexicon = config.knowledge_dir().join("lexicon.toml");
        for (id, word) in index.off_topic_words_in_entries(kb) {
            let message =
                format!("[offtopic] {word:?} is a word of `{id}`, whose questions it would keep from being answered");
            problems.push(Problem::in_file(&lexicon, message));
        }
    }
    let (locales, locale_problems) = Locales::load_checked(&config.locales_dir());
    problems.extend(locale_problems);
    problems.extend(message_problems(&locales, &config.locales_dir()));
    let summary = match &kb {
        Some(kb) => summary(kb, &locales),
        None => String::new(),
    };
    (problems, summary)
}

/// Every message the code uses must exist in every language and format with its arguments.
pub fn message_problems(locales: &Locales, dir: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (id, arg_kinds) in msg::ALL {
        let args: Vec<(&str, Arg)> = arg_kinds
            .iter()
            .map(|(name, kind)| match kind {
                ArgKind::Str => (*name, Arg::from("Goris")),
                ArgKind::Num => (*name, Arg::Num(3)),
            })
            .collect();
        for lang in Lang::ALL {
            if let Err(errors) = locales.try_format(lang, id, &args) {
                let file = dir.join(lang.code());
                problems.push(Problem::in_file(&file, format!("message `{id}`: {}", errors.join("; "))));
            }
        }
    }
    problems
}

fn summary(kb: &KnowledgeBase, locales: &Locales) -> String {
    format!(
        "{} entries, {} places, {} topics, {} messages in hy, ar and en",
        kb.entries.len(),
        kb.places.len(),
        kb.topics.len(),
        locales.ids(Lang::En).len()
    )
}

/// Prints the replies to one message as plain text (tests and tools).
pub fn transcript(replies: &[crate::core::Reply]) -> String {
    replies.iter().map(render::plain).collect::<Vec<_>>().join("\n\n")
}
