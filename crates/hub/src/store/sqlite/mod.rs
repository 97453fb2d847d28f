//! The embedded store: SQLite in WAL mode. Chat lines, the hot path, are written by a
//! group-commit writer thread with its own synchronous connection (`append`), which commits
//! whatever is waiting in one transaction. Every other write (conversation state, accounts)
//! goes through a one-connection sqlx pool; the two take SQLite's single write lock in turn
//! (IMMEDIATE transactions and a 5 s busy timeout, so neither fails on the other's lock). A
//! small pool of readers serves replays, transcripts and the queue concurrently with them.

use std::path::Path;
use std::str::FromStr;

use async_trait::async_trait;
use rand::RngCore;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tandem_core::protocol::{ChatMessage, QueueEntry};

use crate::store::{
    AppendTicket, Appended, Conversation, Direction, NewMessage, Store, StoreError, StoreResult,
    Update,
};

/// How hard a commit waits for the disk. `Normal` (WAL default) survives a crash or kill -9 of
/// the hub; `Full` also survives power loss, at one fsync per commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SyncMode {
    Normal,
    Full,
}

mod accounts;
mod append;
mod checkpoint;
mod rows;

use rows::{CONVERSATION_COLUMNS, conversation_from_row, message_from_row};

pub struct SqliteStore {
    writer: SqlitePool,
    /// Appends go to the group-commit writer thread (see `append`), never straight to `writer`.
    appends: tokio::sync::mpsc::Sender<append::Pending>,
    /// Stops the background checkpointer when the store closes or is dropped.
    checkpoints: checkpoint::Checkpointer,
    reader: SqlitePool,
    epoch: String,
}

/// Page size of a new database file (see `open`).
const PAGE_SIZE: u32 = 1024;
/// How long any connection waits for another one's write lock before failing.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The chat-line writer's own connection (see `append`), set up like the pools' connections.
/// The schema is already migrated when it opens.
fn line_writer(path: &Path, sync: SyncMode) -> StoreResult<rusqlite::Connection> {
    let connection = rusqlite::Connection::open(path)?;
    let synchronous = match sync {
        SyncMode::Normal => "NORMAL",
        SyncMode::Full => "FULL",
    };
    connection.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; \
         PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0;"
    ))?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    Ok(connection)
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path, sync: SyncMode) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match sync {
                SyncMode::Normal => SqliteSynchronous::Normal,
                SyncMode::Full => SqliteSynchronous::Full,
            })
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // A multi-row statement inside a transaction keeps a statement journal so it can
            // be undone alone; on disk that is a temp file created, written and deleted per
            // statement, which was half the bytes the writer wrote per chat line.
            .pragma("temp_store", "memory")
            // Every committed batch writes each page it dirtied to the WAL in full, and a batch
            // of chat lines dirties about one page per line (each conversation's end of the
            // messages index, its counters row). 1 KiB pages cut the bytes the hub writes per
            // line from ~6.4 KB to ~2.5 KB (docs/performance-hub.md). It applies when a database file
            // is created; older files keep their page size.
            .page_size(PAGE_SIZE);
        // The writer never checkpoints: a checkpoint copies the WAL into the database file and
        // syncs it, which would stall every ack waiting behind it. `checkpoint::spawn` does
        // that work on its own connection instead, beside the writer.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().pragma("wal_autocheckpoint", "0"))
            .await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let mut fresh = [0u8; 8];
        rand::thread_rng().fill_bytes(&mut fresh);
        let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)")
            .bind(&fresh)
            .execute(&writer)
            .await?;
        let epoch: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'epoch'")
            .fetch_one(&writer)
            .await?;
        let checkpointer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        let checkpoints = checkpoint::spawn(checkpointer);
        let appends = append::spawn_writer(line_writer(path, sync)?)?;
        Ok(SqliteStore {
            checkpoints,
            appends,
            writer,
            reader,
            epoch,
        })
    }

    async fn load(&self, pool: &SqlitePool, id: &str) -> StoreResult<Option<Conversation>> {
        let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(pool).await?;
        row.map(|row| conversation_from_row(&row)).transpose()
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn epoch(&self) -> &str {
        &self.epoch
    }

    async fn create_conversation(&self, id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO conversations (id, status, created_at, updated_at) VALUES (?, 'bot', ?, ?)",
        )
        .bind(id)
        .bind(now)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn conversation(&self, id: &str) -> StoreResult<Option<Conversation>> {
        self.load(&self.reader, id).await
    }

    async fn append(&self, message: &NewMessage<'_>) -> StoreResult<Appended> {
        self.submit_line(message).await.wait().await
    }

    async fn submit(&self, message: &NewMessage<'_>) -> AppendTicket {
        self.submit_line(message).await
    }

    async fn messages_after(
        &self,
        conversation: &str,
        direction: Direction,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<ChatMessage>> {
        let rows = sqlx::query(
            "SELECT conversation, seq, client_id, author, name, body, at FROM messages \
             WHERE conversation = ? AND direction = ? AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(conversation)
        .bind(direction.column())
        .bind(i64::try_from(after).unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(message_from_row).collect()
    }

    async fn transcript(&self, conversation: &str) -> StoreResult<Vec<ChatMessage>> {
        let rows = sqlx::query(
            "SELECT conversation, seq, client_id, author, name, body, at FROM messages \
             WHERE conversation = ? ORDER BY rowid",
        )
        .bind(conversation)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(message_from_row).collect()
    }

    async fn update(&self, id: &str, update: &Update, now: i64) -> StoreResult<Conversation> {
        // IMMEDIATE: the line writer writes on its own connection, and a transaction that
        // began as a reader could not wait for the write lock when it reaches the UPDATE.
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *tx).await?;
        let mut current = match row {
            Some(row) => conversation_from_row(&row)?,
            None => return Err(StoreError::UnknownConversation(id.into())),
        };
        super::rules::apply(&mut current.entry, update, now)?;
        let entry = &current.entry;
        sqlx::query(
            "UPDATE conversations SET status = ?, reason = ?, explanation = ?, email = ?, \
             agent = ?, updated_at = ? WHERE id = ?",
        )
        .bind(entry.status.as_str())
        .bind(&entry.reason)
        .bind(&entry.explanation)
        .bind(&entry.email)
        .bind(&entry.agent)
        .bind(entry.updated_at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(current)
    }

    async fn queue(&self, limit: u32) -> StoreResult<Vec<QueueEntry>> {
        let sql = format!(
            "SELECT {CONVERSATION_COLUMNS} FROM conversations \
             WHERE status IN ('waiting', 'left_message', 'claimed') ORDER BY created_at LIMIT ?"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(limit))
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|row| Ok(conversation_from_row(row)?.entry))
            .collect()
    }

    async fn add_agent(&self, name: &str, password_hash: &str, now: i64) -> StoreResult<()> {
        self.add_agent_row(name, password_hash, now).await
    }

    async fn agent_password_hash(&self, name: &str) -> StoreResult<Option<String>> {
        self.agent_password_hash_row(name).await
    }

    async fn agent_names(&self) -> StoreResult<Vec<String>> {
        self.agent_names_row().await
    }

    async fn remove_agent(&self, name: &str) -> StoreResult<bool> {
        self.remove_agent_row(name).await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        agent: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        self.create_session_row(token_hash, agent, expires_at).await
    }

    async fn session_agent(&self, token_hash: &str, now: i64) -> StoreResult<Option<String>> {
        self.session_agent_row(token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.delete_session_row(token_hash).await
    }

    async fn close(&self) {
        self.checkpoints.stop().await;
        // Fold the WAL back into the main file so a copied database file is complete.
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.writer)
            .await;
        self.reader.close().await;
        self.writer.close().await;
    }
}
