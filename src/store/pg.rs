//! The PostgreSQL backend: the same key-value shape as the redb file (see [`super::kv`]),
//! in four tables, so that every rule above it (one transaction per action, its audit
//! event, the undo log of group commit) holds unchanged.
//!
//! - Every write transaction first locks the one row of `porthole_writer`: writers of
//!   every process take turns, so the audit chain's next seq (read from its last event)
//!   is one gap-free sequence however many processes write, and a read-modify-write of a
//!   record never races another process's.
//! - A commit sends `NOTIFY porthole_changes` inside its transaction; every other process
//!   listens and moves its change generation on, so its cached pages and grants go stale
//!   at once (see [`super::group::GroupCommit::changed_elsewhere`]).
//! - Reads run in a `REPEATABLE READ READ ONLY` transaction: one consistent snapshot, as
//!   a redb read transaction is.
//!
//! The store's API is synchronous. Connections are driven by a small runtime of this
//! module's own; a call blocks its thread on the reply, wherever it is made from.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Bound;
use std::str::FromStr as _;
use std::sync::{Arc, Condvar, Mutex, PoisonError, Weak};
use std::time::Duration;

use futures_util::StreamExt as _;
use tokio_postgres::types::ToSql;
use tokio_postgres::{AsyncMessage, Client, NoTls, Row, Statement};

use super::group::GroupCommit;
use super::kv::{KvRead, KvWrite, Space, Visit, VisitEvent};
use super::{StoreError, StoreResult};

/// Connections open at most (per process), readers and the writer together.
const MAX_CONNECTIONS: usize = 32;
/// How long a caller waits for a free connection before giving up.
const POOL_WAIT: Duration = Duration::from_secs(15);
/// The channel commits are announced on.
const CHANNEL: &str = "porthole_changes";
/// Rows a range read fetches first; each further round trip fetches four times more, so a
/// short page costs one small query and a full scan few large ones.
const FIRST_CHUNK: i64 = 64;
const MAX_CHUNK: i64 = 4096;

/// Schema migrations, applied in order once each (`porthole_schema` records them).
const MIGRATIONS: &[(i32, &str)] = &[(
    1,
    "CREATE TABLE porthole_kv (
         tbl text NOT NULL,
         k bytea NOT NULL,
         v bytea NOT NULL,
         PRIMARY KEY (tbl, k)
     );
     CREATE TABLE porthole_children (
         k bytea NOT NULL,
         child bytea NOT NULL,
         PRIMARY KEY (k, child)
     );
     CREATE TABLE porthole_audit (
         seq bigint PRIMARY KEY,
         event bytea NOT NULL
     );
     CREATE TABLE porthole_writer (id int PRIMARY KEY);
     INSERT INTO porthole_writer VALUES (1);
     CREATE TABLE porthole_signing_keys (
         id int PRIMARY KEY,
         sealed bytea NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
     );",
)];

fn pg_err(e: &tokio_postgres::Error) -> StoreError {
    StoreError::Postgres(match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    })
}

fn seq_param(seq: u64) -> StoreResult<i64> {
    i64::try_from(seq).map_err(|_| StoreError::Postgres(format!("audit seq {seq} out of range")))
}

fn seq_of(row: &Row) -> u64 {
    u64::try_from(row.get::<_, i64>(0)).unwrap_or(0)
}

/// One connection with the statements it has prepared.
struct Conn {
    client: Client,
    statements: RefCell<HashMap<String, Statement>>,
}

impl Conn {
    fn statement(&self, sql: &str) -> StoreResult<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = block_on(self.client.prepare(sql)).map_err(|e| pg_err(&e))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), s.clone());
        Ok(s)
    }

    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> StoreResult<Vec<Row>> {
        let s = self.statement(sql)?;
        block_on(self.client.query(&s, params)).map_err(|e| pg_err(&e))
    }

    fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> StoreResult<u64> {
        let s = self.statement(sql)?;
        block_on(self.client.execute(&s, params)).map_err(|e| pg_err(&e))
    }

    fn simple(&self, sql: &str) -> StoreResult<()> {
        block_on(self.client.batch_execute(sql)).map_err(|e| pg_err(&e))
    }
}

/// Wait for a future on this thread. The connections run on the backend's own runtime, so
/// this works on any thread: a blocking-pool thread, the writer thread or a test's.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    futures_executor::block_on(f)
}

struct Pool {
    idle: Vec<Conn>,
    open: usize,
}

struct Inner {
    config: tokio_postgres::Config,
    runtime: Mutex<Option<tokio::runtime::Runtime>>,
    handle: tokio::runtime::Handle,
    pool: Mutex<Pool>,
    freed: Condvar,
    /// This process's name in notifications, so it can skip its own.
    node: String,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Dropping a runtime blocks; this may run on an async thread (a test ending).
        if let Some(rt) = self
            .runtime
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            rt.shutdown_background();
        }
    }
}

/// The PostgreSQL backend: a pool of connections and a listener for other processes' commits.
pub struct PgBackend {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for PgBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password: never printed.
        f.debug_struct("PgBackend").finish_non_exhaustive()
    }
}

impl PgBackend {
    /// Connect, run the schema migrations, and start listening for other processes' commits.
    ///
    /// # Errors
    /// A malformed URL, an unreachable server, or a failed migration.
    pub(super) fn connect(url: &str, group: &Arc<GroupCommit>) -> StoreResult<Self> {
        let mut config = tokio_postgres::Config::from_str(url).map_err(|e| {
            StoreError::Postgres(format!("storage.postgres_url is not a PostgreSQL URL: {e}"))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("porthole");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("porthole-pg")
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let inner = Arc::new(Inner {
            config,
            runtime: Mutex::new(Some(runtime)),
            handle,
            pool: Mutex::new(Pool {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
            node: crate::domain::new_id(),
        });
        let backend = Self { inner };
        backend.migrate()?;
        backend.listen(Arc::downgrade(group));
        Ok(backend)
    }

    fn open_conn(&self) -> StoreResult<Conn> {
        let config = self.inner.config.clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.inner.handle.spawn(async move {
            match config.connect(NoTls).await {
                Ok((client, connection)) => {
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::warn!(error = %e, "a PostgreSQL connection ended");
                        }
                    });
                    let _ = tx.send(Ok(client));
                }
                Err(e) => {
                    let _ = tx.send(Err(pg_err(&e)));
                }
            }
        });
        let client = block_on(rx)
            .map_err(|_| StoreError::Postgres("the connection task stopped".into()))??;
        Ok(Conn {
            client,
            statements: RefCell::default(),
        })
    }

    /// A connection for this caller alone, back to the pool when the lease drops.
    fn lease(&self) -> StoreResult<Lease> {
        let mut pool = self
            .inner
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(conn) = pool.idle.pop() {
                if conn.client.is_closed() {
                    pool.open -= 1;
                    continue;
                }
                return Ok(Lease::new(self.inner.clone(), conn));
            }
            if pool.open < MAX_CONNECTIONS {
                pool.open += 1;
                drop(pool);
                return match self.open_conn() {
                    Ok(conn) => Ok(Lease::new(self.inner.clone(), conn)),
                    Err(e) => {
                        let mut pool = self
                            .inner
                            .pool
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner);
                        pool.open -= 1;
                        Err(e)
                    }
                };
            }
            let (next, waited) = self
                .inner
                .freed
                .wait_timeout(pool, POOL_WAIT)
                .unwrap_or_else(PoisonError::into_inner);
            pool = next;
            if waited.timed_out() && pool.idle.is_empty() {
                return Err(StoreError::Postgres(format!(
                    "all {MAX_CONNECTIONS} connections stayed busy for {} s",
                    POOL_WAIT.as_secs()
                )));
            }
        }
    }

    /// Apply the migrations not applied yet, one process at a time.
    fn migrate(&self) -> StoreResult<()> {
        let lease = self.lease()?;
        let conn = lease.conn()?;
        conn.simple(
            "BEGIN;
             SELECT pg_advisory_xact_lock(7370232581166016870);
             CREATE TABLE IF NOT EXISTS porthole_schema (
                 version int PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now()
             );",
        )?;
        let done: i32 = conn
            .query("SELECT coalesce(max(version), 0) FROM porthole_schema", &[])?
            .first()
            .map_or(0, |r| r.get(0));
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > done) {
            conn.simple(sql)?;
            conn.execute(
                "INSERT INTO porthole_schema (version) VALUES ($1)",
                &[version],
            )?;
        }
        conn.simple("COMMIT")
    }

    /// Listen for commits of other processes on a connection of its own, reconnecting
    /// when it drops; every (re)connection counts as a change, since some may have been
    /// missed meanwhile.
    fn listen(&self, group: Weak<GroupCommit>) {
        let config = self.inner.config.clone();
        let node = self.inner.node.clone();
        self.inner.handle.spawn(async move {
            loop {
                if group.upgrade().is_none() {
                    return;
                }
                if let Ok((client, mut connection)) = config.connect(NoTls).await {
                    let (seen, mut messages) = tokio::sync::mpsc::unbounded_channel::<String>();
                    let driver = tokio::spawn(async move {
                        let mut stream =
                            futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                        while let Some(Ok(message)) = stream.next().await {
                            if let AsyncMessage::Notification(n) = message
                                && seen.send(n.payload().to_owned()).is_err()
                            {
                                return;
                            }
                        }
                    });
                    if client
                        .batch_execute(&format!("LISTEN {CHANNEL}"))
                        .await
                        .is_ok()
                    {
                        if let Some(g) = group.upgrade() {
                            g.changed_elsewhere(true);
                        }
                        while let Some(payload) = messages.recv().await {
                            let Some(g) = group.upgrade() else { return };
                            let (from, what) = payload.split_once(':').unwrap_or(("", ""));
                            if from != node {
                                g.changed_elsewhere(what == "a");
                            }
                        }
                    }
                    driver.abort();
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }

    pub(super) fn begin_read(&self) -> StoreResult<PgRead> {
        let mut lease = self.lease()?;
        lease
            .conn()?
            .simple("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        lease.in_transaction = true;
        Ok(PgRead { lease })
    }

    pub(super) fn begin_write(&self) -> StoreResult<PgWrite> {
        let mut lease = self.lease()?;
        let conn = lease.conn()?;
        conn.simple("BEGIN")?;
        lease.in_transaction = true;
        // Writers of every process take turns on this row (see the module docs).
        lease.conn()?.query(
            "SELECT id FROM porthole_writer WHERE id = 1 FOR UPDATE",
            &[],
        )?;
        Ok(PgWrite {
            lease,
            node: self.inner.node.clone(),
        })
    }

    /// The signing keys held in the database, sealed: `(id, sealed bytes)` by id.
    ///
    /// # Errors
    /// When the database fails.
    pub fn sealed_keys(&self) -> StoreResult<Vec<(u32, Vec<u8>)>> {
        let lease = self.lease()?;
        Ok(lease
            .conn()?
            .query(
                "SELECT id, sealed FROM porthole_signing_keys ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| (u32::try_from(r.get::<_, i32>(0)).unwrap_or(0), r.get(1)))
            .collect())
    }

    /// Store a sealed key under `id` unless that id is taken; returns whether it was stored.
    ///
    /// # Errors
    /// When the database fails.
    pub fn add_sealed_key(&self, id: u32, sealed: &[u8]) -> StoreResult<bool> {
        let id = i32::try_from(id).map_err(|_| StoreError::Postgres("key id too large".into()))?;
        let lease = self.lease()?;
        let n = lease.conn()?.execute(
            "INSERT INTO porthole_signing_keys (id, sealed) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
            &[&id, &sealed],
        )?;
        Ok(n == 1)
    }

    /// Replace every sealed key with `keys`, in one transaction.
    ///
    /// # Errors
    /// When the database fails.
    pub fn replace_sealed_keys(&self, keys: &[(u32, Vec<u8>)]) -> StoreResult<()> {
        let mut lease = self.lease()?;
        lease
            .conn()?
            .simple("BEGIN; DELETE FROM porthole_signing_keys")?;
        lease.in_transaction = true;
        for (id, sealed) in keys {
            let id =
                i32::try_from(*id).map_err(|_| StoreError::Postgres("key id too large".into()))?;
            lease.conn()?.execute(
                "INSERT INTO porthole_signing_keys (id, sealed) VALUES ($1, $2)",
                &[&id, sealed],
            )?;
        }
        lease.conn()?.simple("COMMIT")?;
        lease.in_transaction = false;
        Ok(())
    }

    /// Delete a sealed key; returns whether it existed.
    ///
    /// # Errors
    /// When the database fails.
    pub fn remove_sealed_key(&self, id: u32) -> StoreResult<bool> {
        let id = i32::try_from(id).map_err(|_| StoreError::Postgres("key id too large".into()))?;
        let lease = self.lease()?;
        let n = lease
            .conn()?
            .execute("DELETE FROM porthole_signing_keys WHERE id = $1", &[&id])?;
        Ok(n == 1)
    }

    /// Whether the database holds any record yet (a fresh database needs a first key).
    ///
    /// # Errors
    /// When the database fails.
    pub fn holds_records(&self) -> StoreResult<bool> {
        let lease = self.lease()?;
        Ok(!lease
            .conn()?
            .query("SELECT 1 FROM porthole_audit LIMIT 1", &[])?
            .is_empty())
    }
}

/// A pooled connection, rolled back if still in a transaction and returned on drop.
struct Lease {
    inner: Arc<Inner>,
    conn: Option<Conn>,
    in_transaction: bool,
}

impl Lease {
    fn new(inner: Arc<Inner>, conn: Conn) -> Self {
        Self {
            inner,
            conn: Some(conn),
            in_transaction: false,
        }
    }

    fn conn(&self) -> StoreResult<&Conn> {
        self.conn
            .as_ref()
            .ok_or_else(|| StoreError::Postgres("the connection was given back".into()))
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        let healthy =
            !conn.client.is_closed() && (!self.in_transaction || conn.simple("ROLLBACK").is_ok());
        let mut pool = self
            .inner
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if healthy {
            pool.idle.push(conn);
        } else {
            pool.open -= 1;
        }
        drop(pool);
        self.inner.freed.notify_one();
    }
}

/// A read snapshot.
pub struct PgRead {
    lease: Lease,
}

/// A write transaction holding the writer row lock.
pub struct PgWrite {
    lease: Lease,
    node: String,
}

impl PgWrite {
    /// Commit, telling the other processes what changed.
    pub(super) fn commit(mut self, access_changed: bool) -> StoreResult<()> {
        let what = if access_changed { "a" } else { "w" };
        self.lease
            .conn()?
            .simple(&format!("NOTIFY {CHANNEL}, '{}:{what}'; COMMIT", self.node))?;
        self.lease.in_transaction = false;
        Ok(())
    }
}

/// A range bound's SQL comparison and its key bytes.
fn lower(b: Bound<&str>) -> (&'static str, Vec<u8>) {
    match b {
        Bound::Included(k) => (">=", k.as_bytes().to_vec()),
        Bound::Excluded(k) => (">", k.as_bytes().to_vec()),
        Bound::Unbounded => (">=", Vec::new()),
    }
}

fn upper(b: Bound<&str>) -> Option<(&'static str, Vec<u8>)> {
    match b {
        Bound::Included(k) => Some(("<=", k.as_bytes().to_vec())),
        Bound::Excluded(k) => Some(("<", k.as_bytes().to_vec())),
        Bound::Unbounded => None,
    }
}

fn key_text(bytes: &[u8]) -> StoreResult<&str> {
    std::str::from_utf8(bytes).map_err(|_| StoreError::Postgres("a stored key is not UTF-8".into()))
}

impl KvRead for Conn {
    fn get(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .query(
                "SELECT v FROM porthole_kv WHERE tbl = $1 AND k = $2",
                &[&space.name, &key.as_bytes()],
            )?
            .first()
            .map(|r| r.get(0)))
    }

    fn scan(
        &self,
        space: Space,
        lo: Bound<&str>,
        hi: Bound<&str>,
        rev: bool,
        f: &mut Visit<'_>,
    ) -> StoreResult<()> {
        let (mut lo_op, mut lo_key) = lower(lo);
        let mut hi = upper(hi);
        let mut chunk = FIRST_CHUNK;
        loop {
            let order = if rev { "DESC" } else { "ASC" };
            let rows = match &hi {
                Some((hi_op, hi_key)) => self.query(
                    &format!(
                        "SELECT k, v FROM porthole_kv WHERE tbl = $1 AND k {lo_op} $2 AND k {hi_op} $3 \
                         ORDER BY k {order} LIMIT $4"
                    ),
                    &[&space.name, &lo_key, hi_key, &chunk],
                )?,
                None => self.query(
                    &format!(
                        "SELECT k, v FROM porthole_kv WHERE tbl = $1 AND k {lo_op} $2 \
                         ORDER BY k {order} LIMIT $3"
                    ),
                    &[&space.name, &lo_key, &chunk],
                )?,
            };
            let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) == chunk;
            let mut last = None;
            for row in &rows {
                let k: &[u8] = row.get(0);
                let v: &[u8] = row.get(1);
                if !f(key_text(k)?, v)? {
                    return Ok(());
                }
                last = Some(k.to_vec());
            }
            let Some(last) = last.filter(|_| full) else {
                return Ok(());
            };
            // The next chunk starts past the last key read.
            if rev {
                hi = Some(("<", last));
            } else {
                (lo_op, lo_key) = (">", last);
            }
            chunk = (chunk * 4).min(MAX_CHUNK);
        }
    }

    fn count(&self, space: Space) -> StoreResult<u64> {
        Ok(self
            .query(
                "SELECT count(*) FROM porthole_kv WHERE tbl = $1",
                &[&space.name],
            )?
            .first()
            .map_or(0, |r| u64::try_from(r.get::<_, i64>(0)).unwrap_or(0)))
    }

    fn members(&self, key: &str) -> StoreResult<Vec<String>> {
        self.query(
            "SELECT child FROM porthole_children WHERE k = $1 ORDER BY child",
            &[&key.as_bytes()],
        )?
        .iter()
        .map(|r| Ok(key_text(r.get(0))?.to_owned()))
        .collect()
    }

    fn each_member(&self, f: &mut dyn FnMut(&str, &str) -> StoreResult<()>) -> StoreResult<()> {
        let (mut k, mut child) = (Vec::new(), Vec::new());
        loop {
            let rows = self.query(
                "SELECT k, child FROM porthole_children WHERE (k, child) > ($1, $2) \
                 ORDER BY k, child LIMIT $3",
                &[&k, &child, &MAX_CHUNK],
            )?;
            for row in &rows {
                let (rk, rc): (&[u8], &[u8]) = (row.get(0), row.get(1));
                f(key_text(rk)?, key_text(rc)?)?;
                (k, child) = (rk.to_vec(), rc.to_vec());
            }
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) < MAX_CHUNK {
                return Ok(());
            }
        }
    }

    fn event(&self, seq: u64) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .query(
                "SELECT event FROM porthole_audit WHERE seq = $1",
                &[&seq_param(seq)?],
            )?
            .first()
            .map(|r| r.get(0)))
    }

    fn last_event(&self) -> StoreResult<Option<(u64, Vec<u8>)>> {
        Ok(self
            .query(
                "SELECT seq, event FROM porthole_audit ORDER BY seq DESC LIMIT 1",
                &[],
            )?
            .first()
            .map(|r| (seq_of(r), r.get(1))))
    }

    fn events(&self, after: u64, rev: bool, f: &mut VisitEvent<'_>) -> StoreResult<()> {
        let mut from = if rev { i64::MAX } else { seq_param(after)? };
        let mut chunk = FIRST_CHUNK;
        loop {
            let rows = if rev {
                self.query(
                    "SELECT seq, event FROM porthole_audit WHERE seq < $1 ORDER BY seq DESC LIMIT $2",
                    &[&from, &chunk],
                )?
            } else {
                self.query(
                    "SELECT seq, event FROM porthole_audit WHERE seq > $1 ORDER BY seq LIMIT $2",
                    &[&from, &chunk],
                )?
            };
            for row in &rows {
                let seq: i64 = row.get(0);
                if !f(u64::try_from(seq).unwrap_or(0), row.get(1))? {
                    return Ok(());
                }
                from = seq;
            }
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) < chunk {
                return Ok(());
            }
            chunk = (chunk * 4).min(MAX_CHUNK);
        }
    }
}

impl KvWrite for Conn {
    fn insert(&self, space: Space, key: &str, value: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        // Both parts of the statement see the snapshot from before it: `old` is what the
        // key held before the upsert.
        Ok(self
            .query(
                "WITH old AS (SELECT v FROM porthole_kv WHERE tbl = $1 AND k = $2), \
                 up AS (INSERT INTO porthole_kv (tbl, k, v) VALUES ($1, $2, $3) \
                        ON CONFLICT (tbl, k) DO UPDATE SET v = EXCLUDED.v) \
                 SELECT v FROM old",
                &[&space.name, &key.as_bytes(), &value],
            )?
            .first()
            .map(|r| r.get(0)))
    }

    fn delete(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .query(
                "DELETE FROM porthole_kv WHERE tbl = $1 AND k = $2 RETURNING v",
                &[&space.name, &key.as_bytes()],
            )?
            .first()
            .map(|r| r.get(0)))
    }

    fn add_member(&self, key: &str, member: &str) -> StoreResult<bool> {
        let added = self.execute(
            "INSERT INTO porthole_children (k, child) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&key.as_bytes(), &member.as_bytes()],
        )?;
        Ok(added == 0)
    }

    fn remove_member(&self, key: &str, member: &str) -> StoreResult<()> {
        self.execute(
            "DELETE FROM porthole_children WHERE k = $1 AND child = $2",
            &[&key.as_bytes(), &member.as_bytes()],
        )?;
        Ok(())
    }

    fn put_event(&self, seq: u64, bytes: &[u8]) -> StoreResult<()> {
        self.execute(
            "INSERT INTO porthole_audit (seq, event) VALUES ($1, $2) \
             ON CONFLICT (seq) DO UPDATE SET event = EXCLUDED.event",
            &[&seq_param(seq)?, &bytes],
        )?;
        Ok(())
    }

    fn delete_event(&self, seq: u64) -> StoreResult<()> {
        self.execute(
            "DELETE FROM porthole_audit WHERE seq = $1",
            &[&seq_param(seq)?],
        )?;
        Ok(())
    }
}

/// Reads and writes of a transaction go to its leased connection.
macro_rules! through_lease {
    ($t:ty) => {
        impl KvRead for $t {
            fn get(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
                self.lease.conn()?.get(space, key)
            }
            fn scan(
                &self,
                space: Space,
                lo: Bound<&str>,
                hi: Bound<&str>,
                rev: bool,
                f: &mut Visit<'_>,
            ) -> StoreResult<()> {
                self.lease.conn()?.scan(space, lo, hi, rev, f)
            }
            fn count(&self, space: Space) -> StoreResult<u64> {
                self.lease.conn()?.count(space)
            }
            fn members(&self, key: &str) -> StoreResult<Vec<String>> {
                self.lease.conn()?.members(key)
            }
            fn each_member(
                &self,
                f: &mut dyn FnMut(&str, &str) -> StoreResult<()>,
            ) -> StoreResult<()> {
                self.lease.conn()?.each_member(f)
            }
            fn event(&self, seq: u64) -> StoreResult<Option<Vec<u8>>> {
                self.lease.conn()?.event(seq)
            }
            fn last_event(&self) -> StoreResult<Option<(u64, Vec<u8>)>> {
                self.lease.conn()?.last_event()
            }
            fn events(&self, after: u64, rev: bool, f: &mut VisitEvent<'_>) -> StoreResult<()> {
                self.lease.conn()?.events(after, rev, f)
            }
        }
    };
}

through_lease!(PgRead);
through_lease!(PgWrite);

impl KvWrite for PgWrite {
    fn insert(&self, space: Space, key: &str, value: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        self.lease.conn()?.insert(space, key, value)
    }
    fn delete(&self, space: Space, key: &str) -> StoreResult<Option<Vec<u8>>> {
        self.lease.conn()?.delete(space, key)
    }
    fn add_member(&self, key: &str, member: &str) -> StoreResult<bool> {
        self.lease.conn()?.add_member(key, member)
    }
    fn remove_member(&self, key: &str, member: &str) -> StoreResult<()> {
        self.lease.conn()?.remove_member(key, member)
    }
    fn put_event(&self, seq: u64, bytes: &[u8]) -> StoreResult<()> {
        self.lease.conn()?.put_event(seq, bytes)
    }
    fn delete_event(&self, seq: u64) -> StoreResult<()> {
        self.lease.conn()?.delete_event(seq)
    }
}
