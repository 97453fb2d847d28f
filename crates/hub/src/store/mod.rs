//! Persistence behind one trait, with an SQLite implementation (the embedded default) and an
//! in-memory twin for tests. A Postgres implementation for several hubs slots in here without
//! touching the sessions (docs/architecture.md).
//!
//! The one rule every implementation keeps: `append` assigns the seq and inserts the line in
//! one atomic step, and returns only after it is durable, so an ack sent afterwards never lies.

mod memory;
mod rules;
mod sqlite;

pub use memory::MemoryStore;
pub use sqlite::{SqliteStore, SyncMode};

use async_trait::async_trait;
use tandem_core::protocol::{Author, ChatMessage, QueueEntry};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unknown conversation {0}")]
    UnknownConversation(String),
    #[error("conversation is held by {0}")]
    AlreadyClaimed(String),
    #[error("conversation is closed")]
    Closed,
    #[error("agent {0} already exists")]
    AgentExists(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// From the chat-line writer's own connection (store/sqlite/append).
    #[error("database writer: {0}")]
    Writer(#[from] rusqlite::Error),
    #[error("cannot start the store's writer thread: {0}")]
    WriterThread(std::io::Error),
    /// The writer has stopped (the store is closing): the line was not stored.
    #[error("the store's writer has stopped")]
    WriterStopped,
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored row is not understood: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The two directions of a conversation, each with its own seq counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Visitor and bot lines, read by agents.
    FromVisitor,
    /// Agent lines, read by the visitor.
    ToVisitor,
}

impl Direction {
    pub fn of(author: Author) -> Direction {
        match author {
            Author::Visitor | Author::Bot => Direction::FromVisitor,
            Author::Agent => Direction::ToVisitor,
        }
    }

    pub fn column(self) -> &'static str {
        match self {
            Direction::FromVisitor => "v",
            Direction::ToVisitor => "a",
        }
    }
}

/// A line to store.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub conversation: &'a str,
    pub id: &'a str,
    pub author: Author,
    pub name: Option<&'a str>,
    pub text: &'a str,
    pub at: i64,
}

/// What `append` did: the line's seq and time, and whether the id was already stored (then
/// nothing was written and seq/at are the original ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: u64,
    pub at: i64,
    pub duplicate: bool,
}

/// The outcome of [`Store::submit`]: known already, or on its way from the writer.
pub enum AppendTicket {
    Done(Option<StoreResult<Appended>>),
    Queued(tokio::sync::oneshot::Receiver<StoreResult<Appended>>),
}

impl AppendTicket {
    /// Waits until the line is durable (or refused). Safe to cancel and call again; after it
    /// returned once, a further call reports the writer as gone.
    pub async fn wait(&mut self) -> StoreResult<Appended> {
        match self {
            AppendTicket::Done(outcome) => outcome.take().unwrap_or(Err(StoreError::WriterStopped)),
            AppendTicket::Queued(answer) => answer.await.unwrap_or(Err(StoreError::WriterStopped)),
        }
    }
}

/// A conversation as stored, with the last seq of each direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub entry: QueueEntry,
    pub visitor_seq: u64,
    pub agent_seq: u64,
}

/// A change of a conversation's queue state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    Handover {
        reason: String,
        explanation: String,
    },
    LeftMessage {
        email: Option<String>,
    },
    /// Refused with `AlreadyClaimed` when another agent holds it.
    Claim {
        agent: String,
    },
    Release,
    Close,
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Identifies this store's history; a new store gets a new epoch.
    fn epoch(&self) -> &str;
    async fn create_conversation(&self, id: &str, now: i64) -> StoreResult<()>;
    async fn conversation(&self, id: &str) -> StoreResult<Option<Conversation>>;
    async fn append(&self, message: &NewMessage<'_>) -> StoreResult<Appended>;
    /// Hands a line to the store and returns a ticket for the outcome, so a socket that sends
    /// many lines can keep them in flight instead of waiting out each commit. Lines submitted
    /// one after another get their seqs (and their answers) in that order. The default simply
    /// appends before returning.
    async fn submit(&self, message: &NewMessage<'_>) -> AppendTicket {
        AppendTicket::Done(Some(self.append(message).await))
    }
    /// Lines of one direction with `seq > after`, in seq order, at most `limit`.
    async fn messages_after(
        &self,
        conversation: &str,
        direction: Direction,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<ChatMessage>>;
    /// Both directions in the order they were stored.
    async fn transcript(&self, conversation: &str) -> StoreResult<Vec<ChatMessage>>;
    async fn update(
        &self,
        conversation: &str,
        update: &Update,
        now: i64,
    ) -> StoreResult<Conversation>;
    /// Open conversations (waiting, left a message, claimed), oldest first, at most `limit`.
    async fn queue(&self, limit: u32) -> StoreResult<Vec<QueueEntry>>;
    async fn add_agent(&self, name: &str, password_hash: &str, now: i64) -> StoreResult<()>;
    async fn agent_password_hash(&self, name: &str) -> StoreResult<Option<String>>;
    async fn agent_names(&self) -> StoreResult<Vec<String>>;
    async fn remove_agent(&self, name: &str) -> StoreResult<bool>;
    async fn create_session(
        &self,
        token_hash: &str,
        agent: &str,
        expires_at: i64,
    ) -> StoreResult<()>;
    async fn session_agent(&self, token_hash: &str, now: i64) -> StoreResult<Option<String>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Flushes and closes (checkpoints the WAL for SQLite).
    async fn close(&self);
}

/// First 120 characters of a line for the queue view.
pub fn preview_of(text: &str) -> String {
    let mut preview: String = text.chars().take(120).collect();
    if preview.len() < text.len() {
        preview.push('…');
    }
    preview
}

#[cfg(test)]
mod tests;
