//! The one write that matters: idempotent on the client id, seq assigned inside the transaction.
//!
//! Appends are group-committed. One writer task takes every append waiting in its channel,
//! writes them all in one transaction (each line's seq assigned inside it, in arrival order)
//! and answers each caller only after that transaction committed. A commit costs the same for
//! one line as for a hundred, so under load the hub pays one commit per batch instead of one per
//! message, while a lone message still commits at once (the task never waits to fill a batch).
//!
//! A batch is written in a fixed number of statements, whatever its size (see `plan`): every
//! statement is a round trip to the connection's worker thread, and at thousands of lines a
//! second three round trips per line were what capped the hub's throughput. Resends are
//! recognised from the ids the writer keeps (`known_ids`), not from an index on client ids.

use sqlx::{SqliteConnection, SqlitePool};
use tandem_core::protocol::Author;
use tokio::sync::{mpsc, oneshot};

use super::SqliteStore;
use crate::store::{AppendTicket, Appended, Direction, NewMessage, StoreError, StoreResult};

mod known_ids;
mod plan;

use known_ids::{KnownIds, Lookup, Stored};
use plan::{BatchPlan, Outcome};

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

pub(super) struct OwnedLine {
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
    let mut known = KnownIds::default();
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        known.make_room();
        commit_batch(&pool, &mut known, &mut batch).await;
    }
}

/// Writes and commits the batch, then answers every caller. If the shared transaction fails
/// (a disk error, say) nothing of it was kept, so each line is retried in a transaction of its
/// own: one bad line then fails alone and the others are still stored.
async fn commit_batch(pool: &SqlitePool, known: &mut KnownIds, batch: &mut Vec<Pending>) {
    let lines: Vec<&OwnedLine> = batch.iter().map(|pending| &pending.line).collect();
    match write_together(pool, known, &lines).await {
        Ok(outcomes) => {
            for (pending, outcome) in batch.drain(..).zip(outcomes) {
                let _ = pending.reply.send(outcome);
            }
        }
        Err(_) => {
            for pending in batch.drain(..) {
                let outcome = match write_together(pool, known, &[&pending.line]).await {
                    Ok(mut outcomes) => outcomes.pop().unwrap_or(Err(StoreError::Corrupt(
                        "a one-line batch gave no outcome".into(),
                    ))),
                    Err(error) => Err(error),
                };
                let _ = pending.reply.send(outcome);
            }
        }
    }
}

/// One transaction for the whole batch. A line refused by the rules (closed or unknown
/// conversation) wrote nothing and gets its refusal; a database error aborts the batch. The
/// new lines' ids join `known` only once the commit went through.
async fn write_together(
    pool: &SqlitePool,
    known: &mut KnownIds,
    lines: &[&OwnedLine],
) -> StoreResult<Vec<StoreResult<Appended>>> {
    let mut tx = pool.begin().await?;
    let outcomes = write_lines(&mut tx, known, lines).await?;
    tx.commit().await?;
    for (line, outcome) in lines.iter().zip(&outcomes) {
        if let Ok(appended) = outcome
            && !appended.duplicate
        {
            let direction = Direction::of(line.author);
            known.record(
                &line.conversation,
                direction,
                &line.id,
                (appended.seq, appended.at),
            );
        }
    }
    Ok(outcomes)
}

/// Reads the stored ids of every conversation and direction in the batch that `known` does
/// not hold yet (one primary-key range each).
async fn load_known(
    tx: &mut SqliteConnection,
    known: &mut KnownIds,
    lines: &[&OwnedLine],
) -> StoreResult<()> {
    for line in lines {
        let direction = Direction::of(line.author);
        if known.is_loaded(&line.conversation, direction) {
            continue;
        }
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT client_id, seq, at FROM messages WHERE conversation = ? AND direction = ?",
        )
        .bind(&line.conversation)
        .bind(direction.column())
        .fetch_all(&mut *tx)
        .await?;
        known.load(&line.conversation, direction, rows);
    }
    Ok(())
}

/// For each line of the batch, in order, its stored `(seq, at)` if it is a resend. Most are
/// answered by `known`; an id it is unsure of (an old resend, or a hash collision) is looked
/// up along the stream's primary-key range.
async fn stored_lines(
    tx: &mut SqliteConnection,
    known: &mut KnownIds,
    lines: &[&OwnedLine],
) -> StoreResult<Vec<Option<Stored>>> {
    let mut stored = Vec::with_capacity(lines.len());
    for line in lines {
        let direction = Direction::of(line.author);
        let found = match known.lookup(&line.conversation, direction, &line.id) {
            Lookup::Stored(found) => Some(found),
            Lookup::New => None,
            Lookup::Unsure | Lookup::NotLoaded => {
                let row: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT seq, at FROM messages \
                     WHERE conversation = ? AND direction = ? AND client_id = ?",
                )
                .bind(&line.conversation)
                .bind(direction.column())
                .bind(&line.id)
                .fetch_optional(&mut *tx)
                .await?;
                row.map(|(seq, at)| (seq.max(0) as u64, at))
            }
        };
        stored.push(found);
    }
    Ok(stored)
}

/// The batch's writes inside the caller's transaction, in two statements: bump every touched
/// conversation's counters at once, insert every new line at once. Resends (found in `known`)
/// keep their original seq. A conversation whose bump matched no open row costs one more
/// look-up, to tell "closed" from "unknown".
async fn write_lines(
    tx: &mut SqliteConnection,
    known: &mut KnownIds,
    lines: &[&OwnedLine],
) -> StoreResult<Vec<StoreResult<Appended>>> {
    load_known(tx, known, lines).await?;
    let stored = stored_lines(tx, known, lines).await?;
    let mut plan = BatchPlan::new(lines);
    plan.mark_stored(|index, _| stored.get(index).copied().flatten());
    if plan.has_new_lines() {
        let bumped: Vec<(String, i64, i64)> = sqlx::query_as(
            "UPDATE conversations SET \
             visitor_seq = visitor_seq + (b.value ->> 1), \
             agent_seq = agent_seq + (b.value ->> 2), \
             preview = b.value ->> 3, updated_at = b.value ->> 4 \
             FROM json_each(?1) AS b \
             WHERE conversations.id = b.value ->> 0 AND conversations.status != 'closed' \
             RETURNING conversations.id, conversations.visitor_seq, conversations.agent_seq",
        )
        .bind(plan.bumps_json()?)
        .fetch_all(&mut *tx)
        .await?;
        for conversation in plan.assign_seqs(bumped) {
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM conversations WHERE id = ?")
                    .bind(&conversation)
                    .fetch_optional(&mut *tx)
                    .await?;
            let refusal = match status {
                Some(_) => Outcome::Closed,
                None => Outcome::Unknown,
            };
            plan.refuse(&conversation, refusal);
        }
        let rows = plan.rows_json()?;
        if rows != "[]" {
            sqlx::query(
                "INSERT INTO messages \
                 (conversation, direction, seq, client_id, author, name, body, at) \
                 SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, \
                 r.value ->> 4, r.value ->> 5, r.value ->> 6, r.value ->> 7 \
                 FROM json_each(?1) AS r",
            )
            .bind(rows)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(plan.outcomes())
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
