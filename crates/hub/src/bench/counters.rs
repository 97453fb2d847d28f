//! Counters the idle generator's shards share with its coordinator (atomics work across the
//! per-core runtimes; a `Notify` wakes the coordinator when the last attempt finishes).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::Notify;

#[derive(Debug, Default)]
pub struct IdleCounters {
    connected: AtomicU64,
    failed: AtomicU64,
    dropped: AtomicU64,
    retries: AtomicU64,
    first_error: Mutex<Option<String>>,
    attempt_done: Notify,
}

impl IdleCounters {
    pub fn connected(&self) {
        self.connected.fetch_add(1, Ordering::Relaxed);
        self.attempt_done.notify_one();
    }

    /// Counts a failed attempt and keeps the first reason, which is usually the telling one.
    pub fn failed_with(&self, reason: String) {
        if let Ok(mut first) = self.first_error.lock() {
            first.get_or_insert(reason);
        }
        self.failed.fetch_add(1, Ordering::Relaxed);
        self.attempt_done.notify_one();
    }

    pub fn retried(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    pub fn dropped_one(&self) {
        self.dropped.fetch_add(1, Ordering::Relaxed);
    }

    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Sockets that got their welcome and are still open.
    pub fn held(&self) -> u64 {
        self.connected
            .load(Ordering::Relaxed)
            .saturating_sub(self.dropped())
    }

    pub fn first_error(&self) -> Option<String> {
        self.first_error.lock().ok().and_then(|first| first.clone())
    }

    /// Returns once `total` attempts have either connected or failed.
    pub async fn wait_until_attempted(&self, total: u64) {
        loop {
            let notified = self.attempt_done.notified();
            let attempted = self.connected.load(Ordering::Relaxed) + self.failed();
            if attempted >= total {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::sync::Arc;

    #[test]
    fn held_is_connected_minus_dropped_and_the_first_error_is_kept() {
        let counters = IdleCounters::default();
        counters.connected();
        counters.connected();
        counters.dropped_one();
        counters.failed_with("refused".into());
        counters.failed_with("later".into());
        assert_eq!((counters.held(), counters.failed()), (1, 2));
        assert_eq!(counters.first_error().as_deref(), Some("refused"));
    }

    #[tokio::test]
    async fn waiting_ends_when_every_attempt_has_finished() {
        let counters = Arc::new(IdleCounters::default());
        let worker = counters.clone();
        let waiter = tokio::spawn(async move { counters.wait_until_attempted(3).await });
        worker.connected();
        worker.failed_with("x".into());
        worker.connected();
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("the waiter never woke")
            .unwrap();
    }
}
