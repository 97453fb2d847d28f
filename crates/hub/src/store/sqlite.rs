//! The embedded store: SQLite in WAL mode. One writer connection serialises every write (SQLite
//! allows one writer anyway, and this way no write ever waits on a busy lock); a small pool of
//! readers serves replays, transcripts and the queue concurrently with it.

use std::path::Path;
use std::str::FromStr;

use async_trait::async_trait;
use rand::RngCore;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use tandem_core::protocol::{Author, ChatMessage, QueueEntry, QueueStatus};

use super::{
    Appended, Conversation, Direction, NewMessage, Store, StoreError, StoreResult, Update,
    preview_of,
};

/// How hard a commit waits for the disk. `Normal` (WAL default) survives a crash or kill -9 of
/// the hub; `Full` also survives power loss, at one fsync per commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SyncMode {
    Normal,
    Full,
}

pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    epoch: String,
}

const CONVERSATION_COLUMNS: &str = "id, status, reason, explanation, email, agent, preview, \
     visitor_seq, agent_seq, created_at, updated_at";

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
            .busy_timeout(std::time::Duration::from_secs(5));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
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
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteStore {
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

fn conversation_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Conversation> {
    let status: String = row.try_get("status")?;
    let status = QueueStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(status.clone()))?;
    Ok(Conversation {
        entry: QueueEntry {
            conversation: row.try_get("id")?,
            status,
            reason: row.try_get("reason")?,
            explanation: row.try_get("explanation")?,
            email: row.try_get("email")?,
            agent: row.try_get("agent")?,
            preview: row.try_get("preview")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            visitor_online: false,
        },
        visitor_seq: row.try_get::<i64, _>("visitor_seq")?.max(0) as u64,
        agent_seq: row.try_get::<i64, _>("agent_seq")?.max(0) as u64,
    })
}

fn message_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<ChatMessage> {
    let author: String = row.try_get("author")?;
    Ok(ChatMessage {
        conversation: row.try_get("conversation")?,
        seq: row.try_get::<i64, _>("seq")?.max(0) as u64,
        id: row.try_get("client_id")?,
        author: Author::parse(&author).ok_or(StoreError::Corrupt(author))?,
        name: row.try_get("name")?,
        text: row.try_get("body")?,
        at: row.try_get("at")?,
    })
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
        let direction = Direction::of(message.author);
        let mut tx = self.writer.begin().await?;
        let existing = sqlx::query(
            "SELECT seq, at FROM messages WHERE conversation = ? AND direction = ? AND client_id = ?",
        )
        .bind(message.conversation)
        .bind(direction.column())
        .bind(message.id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            let seq: i64 = row.try_get("seq")?;
            return Ok(Appended {
                seq: seq.max(0) as u64,
                at: row.try_get("at")?,
                duplicate: true,
            });
        }
        let counter = match direction {
            Direction::FromVisitor => "visitor_seq",
            Direction::ToVisitor => "agent_seq",
        };
        let sql = format!(
            "UPDATE conversations SET {counter} = {counter} + 1, preview = ?, updated_at = ? \
             WHERE id = ? AND status != 'closed' RETURNING {counter}"
        );
        let seq: Option<i64> = sqlx::query_scalar(&sql)
            .bind(preview_of(message.text))
            .bind(message.at)
            .bind(message.conversation)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(seq) = seq else {
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM conversations WHERE id = ?")
                    .bind(message.conversation)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match status {
                Some(_) => StoreError::Closed,
                None => StoreError::UnknownConversation(message.conversation.into()),
            });
        };
        sqlx::query(
            "INSERT INTO messages (conversation, direction, seq, client_id, author, name, body, at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(message.conversation)
        .bind(direction.column())
        .bind(seq)
        .bind(message.id)
        .bind(message.author.as_str())
        .bind(message.name)
        .bind(message.text)
        .bind(message.at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Appended {
            seq: seq.max(0) as u64,
            at: message.at,
            duplicate: false,
        })
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
        let mut tx = self.writer.begin().await?;
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
        let done = sqlx::query(
            "INSERT OR IGNORE INTO agents (name, password_hash, created_at) VALUES (?, ?, ?)",
        )
        .bind(name)
        .bind(password_hash)
        .bind(now)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::AgentExists(name.into()));
        }
        Ok(())
    }

    async fn agent_password_hash(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM agents WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    async fn agent_names(&self) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT name FROM agents ORDER BY name")
            .fetch_all(&self.reader)
            .await?)
    }

    async fn remove_agent(&self, name: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM agents WHERE name = ?")
            .bind(name)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn create_session(
        &self,
        token_hash: &str,
        agent: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, agent, expires_at) VALUES (?, ?, ?)")
            .bind(token_hash)
            .bind(agent)
            .bind(expires_at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn session_agent(&self, token_hash: &str, now: i64) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar(
                "SELECT agent FROM sessions WHERE token_hash = ? AND expires_at > ?",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.reader)
            .await?,
        )
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn close(&self) {
        // Fold the WAL back into the main file so a copied database file is complete.
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.writer)
            .await;
        self.reader.close().await;
        self.writer.close().await;
    }
}
