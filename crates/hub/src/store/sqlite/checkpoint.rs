//! WAL checkpoints off the write path. SQLite's automatic checkpoint runs inside the commit that
//! crosses the threshold, so one unlucky ack would wait for the whole WAL to be copied into the
//! database file and synced. Here a task with its own connection checkpoints on a timer instead;
//! in WAL mode that runs beside the writer without blocking it.

use std::time::Duration;

use sqlx::SqlitePool;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often the WAL is folded back. Short enough that the WAL stays a few MB at full load.
const EVERY: Duration = Duration::from_millis(500);

pub(super) struct Checkpointer {
    stop: CancellationToken,
    task: tokio::sync::Mutex<Option<JoinHandle<()>>>,
    pool: SqlitePool,
}

pub(super) fn spawn(pool: SqlitePool) -> Checkpointer {
    let stop = CancellationToken::new();
    let task = tokio::spawn(run(pool.clone(), stop.clone()));
    Checkpointer {
        stop,
        task: tokio::sync::Mutex::new(Some(task)),
        pool,
    }
}

async fn run(pool: SqlitePool, stop: CancellationToken) {
    let mut ticks = tokio::time::interval(EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = ticks.tick() => {}
        }
        // PASSIVE never waits for readers or the writer; whatever it cannot copy now is copied
        // on the next tick. A failure (disk full, say) is logged and retried, not fatal: the
        // WAL keeps every commit meanwhile.
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            tracing::warn!(%error, "WAL checkpoint failed; retrying");
        }
    }
}

impl Checkpointer {
    /// Waits for a checkpoint in progress, then closes the connection.
    pub(super) async fn stop(&self) {
        self.stop.cancel();
        if let Some(task) = self.task.lock().await.take() {
            let _ = task.await;
        }
        self.pool.close().await;
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
