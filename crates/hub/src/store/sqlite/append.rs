//! The one write that matters: idempotent on the client id, seq assigned inside the transaction.
//!
//! Appends are group-committed. One writer task takes every append waiting in its channel,
//! writes them all in one transaction (each line's seq assigned inside it, in arrival order)
//! and answers each caller only after that transaction committed. A commit costs the same for
//! one line as for a hundred, so under load the hub pays one commit per batch instead of one per
//! message, while a lone message still commits at once (the task never waits to fill a batch).

use sqlx::{Row, SqliteConnection, SqlitePool};
use tandem_core::protocol::Author;
use tokio::sync::{mpsc, oneshot};

use super::SqliteStore;
use crate::store::{
    AppendTicket, Appended, Direction, NewMessage, StoreError, StoreResult, preview_of,
};

/// Most lines one transaction takes; keeps a batch's commit (and the wait of its first caller)
/// short even when thousands are queued.
const MAX_BATCH: usize = 512;
/// Appends that may wait for the writer before callers queue up in `send` (backpressure).
const CHANNEL_CAPACITY: usize = 8192;

/// An append waiting for the writer task, with where to send its outcome.
pub(super) struct Pending {
    line: OwnedLine,
    reply: oneshot::Sender<StoreResult<Appended>>,
}

struct OwnedLine {
    conversation: String,
    id: String,
    author: Author,
    name: Option<String>,
    text: String,
    at: i64,
}

/// Starts the writer task; it ends when the store (the last sender) is dropped.
pub(super) fn spawn_writer(pool: SqlitePool) -> mpsc::Sender<Pending> {
    let (sender, receiver) = mpsc::channel(CHANNEL_CAPACITY);
    tokio::spawn(run_writer(pool, receiver));
    sender
}

async fn run_writer(pool: SqlitePool, mut receiver: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit_batch(&pool, &mut batch).await;
    }
}

/// Writes and commits the batch, then answers every caller. If the shared transaction fails
/// (a disk error, say) nothing of it was kept, so each line is retried in a transaction of its
/// own: one bad line then fails alone and the others are still stored.
async fn commit_batch(pool: &SqlitePool, batch: &mut Vec<Pending>) {
    match write_together(pool, batch).await {
        Ok(outcomes) => {
            for (pending, outcome) in batch.drain(..).zip(outcomes) {
                let _ = pending.reply.send(outcome);
            }
        }
        Err(_) => {
            for pending in batch.drain(..) {
                let outcome = write_alone(pool, &pending.line).await;
                let _ = pending.reply.send(outcome);
            }
        }
    }
}

/// One transaction for the whole batch. A line refused by the rules (closed or unknown
/// conversation) wrote nothing and gets its refusal; a database error aborts the batch.
async fn write_together(
    pool: &SqlitePool,
    batch: &[Pending],
) -> StoreResult<Vec<StoreResult<Appended>>> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for pending in batch {
        match insert(&mut tx, &pending.line).await {
            Err(error @ (StoreError::Database(_) | StoreError::Corrupt(_))) => return Err(error),
            outcome => outcomes.push(outcome),
        }
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn write_alone(pool: &SqlitePool, line: &OwnedLine) -> StoreResult<Appended> {
    let mut tx = pool.begin().await?;
    let appended = insert(&mut tx, line).await?;
    tx.commit().await?;
    Ok(appended)
}

impl SqliteStore {
    pub(super) async fn submit_line(&self, message: &NewMessage<'_>) -> AppendTicket {
        let (reply, answer) = oneshot::channel();
        let line = OwnedLine {
            conversation: message.conversation.to_owned(),
            id: message.id.to_owned(),
            author: message.author,
            name: message.name.map(str::to_owned),
            text: message.text.to_owned(),
            at: message.at,
        };
        match self.appends.send(Pending { line, reply }).await {
            Ok(()) => AppendTicket::Queued(answer),
            Err(_) => AppendTicket::Done(Some(Err(StoreError::Database(sqlx::Error::PoolClosed)))),
        }
    }
}

/// The line's writes inside the caller's transaction: a stored id returns its original seq;
/// otherwise the direction's counter is bumped and the line inserted with the new value.
async fn insert(tx: &mut SqliteConnection, line: &OwnedLine) -> StoreResult<Appended> {
    let direction = Direction::of(line.author);
    let existing = sqlx::query(
        "SELECT seq, at FROM messages WHERE conversation = ? AND direction = ? AND client_id = ?",
    )
    .bind(&line.conversation)
    .bind(direction.column())
    .bind(&line.id)
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
        .bind(preview_of(&line.text))
        .bind(line.at)
        .bind(&line.conversation)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(seq) = seq else {
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM conversations WHERE id = ?")
                .bind(&line.conversation)
                .fetch_optional(&mut *tx)
                .await?;
        return Err(match status {
            Some(_) => StoreError::Closed,
            None => StoreError::UnknownConversation(line.conversation.clone()),
        });
    };
    sqlx::query(
        "INSERT INTO messages (conversation, direction, seq, client_id, author, name, body, at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&line.conversation)
    .bind(direction.column())
    .bind(seq)
    .bind(&line.id)
    .bind(line.author.as_str())
    .bind(&line.name)
    .bind(&line.text)
    .bind(line.at)
    .execute(&mut *tx)
    .await?;
    Ok(Appended {
        seq: seq.max(0) as u64,
        at: line.at,
        duplicate: false,
    })
}
