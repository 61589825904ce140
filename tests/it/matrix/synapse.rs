//! A real Synapse homeserver for the Matrix tests, started once per test run on 127.0.0.1.
//!
//! Synapse comes from the virtualenv `.ci/run` makes (`target/synapse-venv`, or
//! `REFUGE_SYNAPSE_VENV`). Without it the Matrix tests say so loudly and skip — except in CI
//! (`CI` set), where a missing Synapse is a failure. Synapse dies with the test process (Linux
//! parent-death signal, set from a thread that lives as long as the process).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running homeserver.
pub struct Synapse {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    config: PathBuf,
    venv: PathBuf,
}

static SYNAPSE: OnceLock<Option<Synapse>> = OnceLock::new();

fn venv() -> PathBuf {
    std::env::var_os("REFUGE_SYNAPSE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/synapse-venv"))
}

/// The shared homeserver, started on first use; `None` (after a loud message) when Synapse is not
/// installed outside CI.
pub fn synapse() -> Option<&'static Synapse> {
    SYNAPSE.get_or_init(start).as_ref()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start() -> Option<Synapse> {
    let venv = venv();
    let python = venv.join("bin/python");
    if !python.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Synapse is not installed at {}: .ci/run installs it (python3 -m venv target/synapse-venv && \
             target/synapse-venv/bin/pip install matrix-synapse)",
            venv.display()
        );
        eprintln!(
            "\n\n******** SKIPPING THE MATRIX TESTS: no Synapse at {} ********\n\
             ******** .ci/run installs it; or: python3 -m venv target/synapse-venv && \
             target/synapse-venv/bin/pip install matrix-synapse ********\n\n",
            venv.display()
        );
        return None;
    }
    let dir = tempfile::Builder::new().prefix("refuge-synapse-").tempdir().unwrap().keep();
    let port = free_port();
    let config = dir.join("homeserver.yaml");
    let d = dir.display();
    let generous = "{per_second: 1000, burst_count: 1000}";
    let yaml = format!(
        r#"server_name: "localhost"
pid_file: "{d}/homeserver.pid"
listeners:
  - port: {port}
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "{d}/homeserver.db"
media_store_path: "{d}/media"
signing_key_path: "{d}/signing.key"
log_config: "{d}/log.yaml"
registration_shared_secret: "refuge-tests-only"
enable_registration: false
report_stats: false
trusted_key_servers: []
suppress_key_server_warning: true
macaroon_secret_key: "refuge-tests-macaroon"
form_secret: "refuge-tests-form"
federation_domain_whitelist: []
rc_message: {generous}
rc_login:
  address: {generous}
  account: {generous}
  failed_attempts: {generous}
rc_joins:
  local: {generous}
  remote: {generous}
rc_invites:
  per_room: {generous}
  per_user: {generous}
  per_issuer: {generous}
rc_registration: {generous}
rc_room_creation: {generous}
rc_key_requests: {generous}
"#
    );
    std::fs::write(&config, yaml).unwrap();
    let log = format!(
        "version: 1\nformatters:\n  f:\n    format: '%(asctime)s %(levelname)s %(name)s %(message)s'\n\
         handlers:\n  file:\n    class: logging.FileHandler\n    formatter: f\n    filename: {d}/homeserver.log\n\
         root:\n  level: WARNING\n  handlers: [file]\ndisable_existing_loggers: false\n"
    );
    std::fs::write(dir.join("log.yaml"), log).unwrap();
    let keys = Command::new(&python)
        .args(["-m", "synapse.app.homeserver", "-c"])
        .arg(&config)
        .arg("--generate-keys")
        .output()
        .unwrap();
    assert!(keys.status.success(), "synapse --generate-keys: {}", String::from_utf8_lossy(&keys.stderr));

    // Spawned from a thread that never ends, so the parent-death signal fires only when the whole
    // test process exits.
    let (tx, rx) = std::sync::mpsc::channel();
    let (python2, config2, out) = (python.clone(), config.clone(), dir.join("stdout.log"));
    std::thread::spawn(move || {
        let out = std::fs::File::create(out).unwrap();
        let mut cmd = Command::new(python2);
        cmd.args(["-m", "synapse.app.homeserver", "-c"]).arg(config2).stdout(Stdio::from(out.try_clone().unwrap()));
        cmd.stderr(Stdio::from(out));
        #[cfg(target_os = "linux")]
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn();
        tx.send(child.map(|c| c.id())).unwrap();
        loop {
            std::thread::park();
        }
    });
    rx.recv().unwrap().expect("start Synapse");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !healthy(port) {
        assert!(
            Instant::now() < deadline,
            "Synapse did not start; see {}/stdout.log and homeserver.log",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("Synapse for the Matrix tests: {url}, files in {}", dir.display());
    Some(Synapse { url, config, venv })
}

fn healthy(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = s.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200")
}

impl Synapse {
    /// Registers `name` (a local user, not an admin) with the shared-secret admin API, through
    /// the `register_new_matrix_user` tool Synapse ships. Returns `@name:localhost`.
    pub fn register(&self, name: &str, password: &str) -> String {
        let out = Command::new(self.venv.join("bin/register_new_matrix_user"))
            .args(["-u", name, "-p", password, "--no-admin", "-c"])
            .arg(&self.config)
            .arg(&self.url)
            .output()
            .unwrap();
        assert!(out.status.success(), "register {name}: {}", String::from_utf8_lossy(&out.stderr));
        format!("@{name}:localhost")
    }
}
