//! The command line: `refuge serve | chat | ask | check | broadcast | eval`, each taking `--config PATH`.

use crate::i18n::Lang;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// refuge — answers for displaced families in Armenian, Arabic and English.
#[derive(Debug, Parser)]
#[command(name = "refuge", version, about)]
pub struct Cli {
    /// The configuration file (default: ./config.toml if present, else built-in defaults).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve every network configured in config.toml (Telegram, Matrix) until Ctrl-C or SIGTERM.
    Serve,
    /// Talk to the bot in this terminal (reads one message a line, so it can be scripted).
    Chat {
        /// Answer in this language (hy, ar, en) from the start.
        #[arg(long)]
        lang: Option<Lang>,
        /// Who you are to the bot (its memory is kept per user).
        #[arg(long, default_value = "local")]
        user: String,
    },
    /// Look a question up once; QUERY `-` reads one query a line from standard input.
    Ask {
        /// The question, or `-`.
        query: String,
        /// Print one JSON object per query.
        #[arg(long)]
        json: bool,
        /// Answer in this language whatever the query's.
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// Validate the knowledge base, the locales and the configuration.
    Check,
    /// Queue a broadcast to subscribers (delivered by `serve`), or show broadcasts' progress.
    Broadcast {
        /// `status [ID]`.
        #[command(subcommand)]
        action: Option<BroadcastAction>,
        /// What to send.
        #[command(flatten)]
        new: BroadcastArgs,
    },
    /// Measure the search on labelled queries: top-1/top-3 per language and style, and the misses.
    Eval {
        /// Files of `[[query]]` tables (default: every tests/eval/*.toml).
        files: Vec<PathBuf>,
    },
}

/// `refuge broadcast status [ID]` or `refuge broadcast cancel ID`.
#[derive(Debug, Subcommand)]
pub enum BroadcastAction {
    /// Progress of one broadcast, or of all.
    Status {
        /// The broadcast's id.
        id: Option<i64>,
    },
    /// Stop a broadcast: what is not yet sent is not sent.
    Cancel {
        /// The broadcast's id.
        id: i64,
    },
}

/// A new broadcast.
#[derive(Debug, clap::Args)]
pub struct BroadcastArgs {
    /// all, topic:crossing|shelter|aid|medical, or lang:hy|ar|en.
    #[arg(long)]
    pub audience: Option<String>,
    /// The Armenian text.
    #[arg(long)]
    pub text_hy: Option<String>,
    /// The Arabic text.
    #[arg(long)]
    pub text_ar: Option<String>,
    /// The English text.
    #[arg(long)]
    pub text_en: Option<String>,
    /// Send the English text where another language is missing (a coordinator's decision).
    #[arg(long)]
    pub allow_english_fallback: bool,
}
