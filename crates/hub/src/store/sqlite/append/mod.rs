//! The one write that matters: idempotent on the client id, seq assigned inside the transaction.
//!
//! Appends are group-committed. One writer thread takes every append waiting in its channel,
//! writes them all in one transaction (each line's seq assigned inside it, in arrival order)
//! and answers each caller only after that transaction committed. A commit costs the same for
//! one line as for a hundred, so under load the hub pays one commit per batch instead of one per
//! message, while a lone message still commits at once (the thread never waits to fill a batch).
//!
//! The writer is a plain OS thread with its own synchronous connection, not a tokio task on
//! sqlx. Through sqlx every statement of a batch (begin, bump, insert, commit) was a round trip
//! between a runtime task and the connection's worker thread, and under load each of those
//! waited behind the sessions' work for a core: at 22,500 lines/s the writer was busy 100 % of
//! the time for ~45 µs per line, a third of it spent on BEGIN alone (docs/performance-hub.md).
//! Here a batch costs one hand-over (the channel) and the statements run back to back. Resends
//! are recognised from the ids the writer keeps (`known_ids`), not from an index on client ids.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use tandem_core::protocol::Author;
use tokio::sync::{mpsc, oneshot};

use super::SqliteStore;
use crate::store::{
    AppendTicket, Appended, Direction, NewMessage, StoreError, StoreResult, preview_of,
};

mod known_ids;
mod plan;

use known_ids::{KnownIds, Lookup, Stored};
use plan::{BatchPlan, Outcome};

/// Most lines one transaction takes; keeps a batch's commit (and the wait of its first caller)
/// short even when thousands are queued.
const MAX_BATCH: usize = 512;
/// Appends that may wait for the writer before callers queue up in `send` (backpressure).
const CHANNEL_CAPACITY: usize = 8192;

/// An append waiting for the writer, with where to send its outcome.
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

/// Starts the writer thread on `connection`; it ends when the store (the last sender) is
/// dropped, and the connection closes with it.
pub(super) fn spawn_writer(connection: Connection) -> StoreResult<mpsc::Sender<Pending>> {
    let (sender, receiver) = mpsc::channel(CHANNEL_CAPACITY);
    std::thread::Builder::new()
        .name("tandem-writer".into())
        .spawn(move || run_writer(connection, receiver))
        .map_err(StoreError::WriterThread)?;
    Ok(sender)
}

fn run_writer(mut connection: Connection, mut receiver: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut known = KnownIds::default();
    while let Some(first) = receiver.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        known.make_room();
        commit_batch(&mut connection, &mut known, &mut batch);
    }
}

/// Writes and commits the batch, then answers every caller. If the shared transaction fails
/// (a disk error, say) nothing of it was kept, so each line is retried in a transaction of its
/// own: one bad line then fails alone and the others are still stored.
fn commit_batch(connection: &mut Connection, known: &mut KnownIds, batch: &mut Vec<Pending>) {
    let lines: Vec<&OwnedLine> = batch.iter().map(|pending| &pending.line).collect();
    match write_together(connection, known, &lines) {
        Ok(outcomes) => {
            for (pending, outcome) in batch.drain(..).zip(outcomes) {
                let _ = pending.reply.send(outcome);
            }
        }
        Err(_) => {
            for pending in batch.drain(..) {
                let outcome = match write_together(connection, known, &[&pending.line]) {
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
///
/// IMMEDIATE takes the write lock up front: the store's other writes (conversation state,
/// accounts) use another connection, and a transaction that started as a reader could not
/// wait for the lock when it later writes.
fn write_together(
    connection: &mut Connection,
    known: &mut KnownIds,
    lines: &[&OwnedLine],
) -> StoreResult<Vec<StoreResult<Appended>>> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let outcomes = write_lines(&tx, known, lines)?;
    tx.commit()?;
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
fn load_known(tx: &Connection, known: &mut KnownIds, lines: &[&OwnedLine]) -> StoreResult<()> {
    for line in lines {
        let direction = Direction::of(line.author);
        if known.is_loaded(&line.conversation, direction) {
            continue;
        }
        let mut select = tx.prepare_cached(
            "SELECT client_id, seq, at FROM messages WHERE conversation = ?1 AND direction = ?2",
        )?;
        let rows = select
            .query_map((&line.conversation, direction.column()), |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<Vec<(String, i64, i64)>, _>>()?;
        known.load(&line.conversation, direction, rows);
    }
    Ok(())
}

/// For each line of the batch, in order, its stored `(seq, at)` if it is a resend. Most are
/// answered by `known`; an id it is unsure of (an old resend, or a hash collision) is looked
/// up along the stream's primary-key range.
fn stored_lines(
    tx: &Connection,
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
                let mut select = tx.prepare_cached(
                    "SELECT seq, at FROM messages \
                     WHERE conversation = ?1 AND direction = ?2 AND client_id = ?3",
                )?;
                let row: Option<(i64, i64)> = select
                    .query_row((&line.conversation, direction.column(), &line.id), |row| {
                        Ok((row.get(0)?, row.get(1)?))
                    })
                    .optional()?;
                row.map(|(seq, at)| (seq.max(0) as u64, at))
            }
        };
        stored.push(found);
    }
    Ok(stored)
}

/// The batch's writes inside the caller's transaction: bump each touched conversation's
/// counters once, then insert each new line, through cached prepared statements (on this
/// thread a statement costs no round trip, so nothing is gained by packing the batch into one
/// JSON-driven statement, as the sqlx writer did). Resends (found in `known`) keep their
/// original seq. A conversation whose bump matched no open row costs one more look-up, to
/// tell "closed" from "unknown".
fn write_lines(
    tx: &Connection,
    known: &mut KnownIds,
    lines: &[&OwnedLine],
) -> StoreResult<Vec<StoreResult<Appended>>> {
    load_known(tx, known, lines)?;
    let stored = stored_lines(tx, known, lines)?;
    let mut plan = BatchPlan::new(lines);
    plan.mark_stored(|index, _| stored.get(index).copied().flatten());
    if !plan.has_new_lines() {
        return Ok(plan.outcomes());
    }
    let mut bump = tx.prepare_cached(
        "UPDATE conversations SET visitor_seq = visitor_seq + ?2, agent_seq = agent_seq + ?3, \
         preview = ?4, updated_at = ?5 WHERE id = ?1 AND status != 'closed' \
         RETURNING visitor_seq, agent_seq",
    )?;
    let bumps = plan.bumps();
    let mut after = Vec::with_capacity(bumps.len());
    for b in &bumps {
        let counters: Option<(i64, i64)> = bump
            .query_row(
                (
                    b.conversation,
                    count(b.from_visitor),
                    count(b.to_visitor),
                    preview_of(&b.last.text),
                    b.last.at,
                ),
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        after.push(counters);
    }
    for conversation in plan.assign_seqs(&bumps, &after) {
        let mut status = tx.prepare_cached("SELECT status FROM conversations WHERE id = ?1")?;
        let found: Option<String> = status
            .query_row([conversation], |row| row.get(0))
            .optional()?;
        let refusal = match found {
            Some(_) => Outcome::Closed,
            None => Outcome::Unknown,
        };
        plan.refuse(conversation, refusal);
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO messages (conversation, direction, seq, client_id, author, name, body, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (line, seq) in plan.new_rows() {
        insert.execute((
            &line.conversation,
            Direction::of(line.author).column(),
            count(seq),
            &line.id,
            line.author.as_str(),
            &line.name,
            &line.text,
            line.at,
        ))?;
    }
    Ok(plan.outcomes())
}

/// A seq or a line count as SQLite's integer (they never come near `i64::MAX`).
fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
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
            Err(_) => AppendTicket::Done(Some(Err(StoreError::WriterStopped))),
        }
    }
}
