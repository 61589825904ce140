//! The `refuge` binary: parses the command line, sets up logging, runs `app`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Logs go to stderr: our own start-up and shutdown notes and everyone's warnings, unless
    // RUST_LOG says otherwise. Message text is only ever logged at debug or below, and user ids
    // never above it.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn,refuge=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = refuge::cli::Cli::parse();
    match refuge::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("refuge: {e:#}");
            ExitCode::from(2)
        }
    }
}
