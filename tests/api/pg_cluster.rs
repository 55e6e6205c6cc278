//! A throwaway PostgreSQL cluster for the test binary: `initdb` in a temp dir, run as an
//! unprivileged user (PostgreSQL refuses root), on a free port of 127.0.0.1, with trust
//! authentication. It starts on first use; every `TestApp` gets a database of its own.
//!
//! Nothing is left running: the server is started by a small shell, in a session of its
//! own, that waits on a pipe from this process; when the test binary exits (however it
//! exits, or is killed) the pipe closes and the shell stops the server and removes its
//! directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Whether this run puts the suite on PostgreSQL (`PORTHOLE_TEST_BACKEND=postgres`).
pub fn wanted() -> bool {
    std::env::var("PORTHOLE_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

pub struct Cluster {
    pub port: u16,
    bin: PathBuf,
    /// Kept open for the life of the test binary: its end stops the server.
    _guard: Mutex<Child>,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// The cluster, started on first call.
pub fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(start)
}

fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().unwrap_or_else(|| {
        panic!(
            "PORTHOLE_TEST_BACKEND=postgres needs PostgreSQL's server binaries (Debian: apt-get \
             install postgresql)"
        )
    })
}

/// Run as this user: ourselves, or an unprivileged account when we are root.
fn run_as() -> Option<String> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return None;
    }
    ["postgres", "nobody"]
        .into_iter()
        .find(|u| {
            Command::new("id")
                .arg(u)
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_owned)
}

fn command(user: Option<&str>, program: &Path) -> Command {
    match user {
        Some(u) => {
            let mut c = Command::new("runuser");
            c.args(["-u", u, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

fn start() -> Cluster {
    let bin = bin_dir();
    let user = run_as();
    let base = std::env::temp_dir().join(format!("porthole-test-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(base.join("sock")).unwrap();
    if let Some(u) = &user {
        let ok = Command::new("chown")
            .args(["-R", u])
            .arg(&base)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "could not hand {} to {u}", base.display());
    }
    let data = base.join("data");
    let init = command(user.as_deref(), &bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args([
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("initdb: {e}"));
    assert!(
        init.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&init.stderr)
    );
    let port = free_port();
    let server = format!(
        "{} -D {} -p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400",
        bin.join("postgres").display(),
        data.display(),
        base.join("sock").display()
    );
    let run = match &user {
        Some(u) => format!("runuser -u {u} -- {server}"),
        None => server,
    };
    // The shell outlives nothing: when our end of its stdin closes, it stops the server
    // (fast shutdown) and removes the cluster.
    // The signal goes to the server itself (its pid is the first line of postmaster.pid):
    // `runuser` does not pass SIGINT on.
    let script = format!(
        "{run} >{log} 2>&1 & pid=$!; cat >/dev/null; \
         pm=$(head -n 1 {pidfile} 2>/dev/null); [ -n \"$pm\" ] && kill -INT \"$pm\" 2>/dev/null; \
         kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf {base}",
        log = base.join("postgres.log").display(),
        pidfile = data.join("postmaster.pid").display(),
        base = base.display()
    );
    // In a session of its own: a signal to the test binary's process group (Ctrl-C,
    // a harness's timeout) must not take the shell with it before it cleans up.
    let guard = Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting postgres: {e}"));
    let cluster = Cluster {
        port,
        bin,
        _guard: Mutex::new(guard),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while cluster.psql("postgres", "SELECT 1").is_err() {
        assert!(
            Instant::now() < deadline,
            "postgres did not answer within 30 s: {}",
            std::fs::read_to_string(base.join("postgres.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    cluster
        .psql("postgres", "CREATE ROLE porthole LOGIN")
        .unwrap_or_else(|e| panic!("{e}"));
    cluster
}

impl Cluster {
    /// Run one statement as the superuser.
    pub fn psql(&self, db: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
            ])
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                db,
                "-c",
                sql,
            ])
            .env_remove("PGPASSWORD")
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// A fresh, empty database owned by `porthole`; returns its URL.
    pub fn new_database(&self) -> String {
        let name = format!("t_{}", porthole::domain::new_id().to_ascii_lowercase());
        let name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        self.psql(
            "postgres",
            &format!("CREATE DATABASE {name} OWNER porthole"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        format!("postgres://porthole@127.0.0.1:{}/{name}", self.port)
    }
}
