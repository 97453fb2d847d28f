//! Turning SQLite rows into the hub's types; a row that does not parse is `Corrupt`, not a panic.

use sqlx::Row;
use tandem_core::protocol::{Author, ChatMessage, QueueEntry, QueueStatus};

use crate::store::{Conversation, StoreError, StoreResult};

pub(super) const CONVERSATION_COLUMNS: &str = "id, status, reason, explanation, email, agent, preview, \
     visitor_seq, agent_seq, created_at, updated_at";

pub(super) fn conversation_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Conversation> {
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

pub(super) fn message_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<ChatMessage> {
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
