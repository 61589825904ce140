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
    // Two TLS crypto back-ends are linked (ring through teloxide, aws-lc-rs through matrix-sdk);
    // rustls then needs the process to pick one before any connection is made.
    #[cfg(feature = "matrix")]
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cli = refuge::cli::Cli::parse();
    match refuge::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("refuge: {e:#}");
            ExitCode::from(2)
        }
    }
}
