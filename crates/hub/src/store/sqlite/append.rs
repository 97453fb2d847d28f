//! The one write that matters: idempotent on the client id, seq assigned inside the transaction.

use sqlx::Row;

use super::SqliteStore;
use crate::store::{Appended, Direction, NewMessage, StoreError, StoreResult, preview_of};

impl SqliteStore {
    pub(super) async fn append_line(&self, message: &NewMessage<'_>) -> StoreResult<Appended> {
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
}
