//! Totals the relay's sender and receiver tasks share while the run is live.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct RelayCounters {
    pub sent: AtomicU64,
    /// Distinct benchmark messages delivered to the other side.
    pub received: AtomicU64,
    /// `ack` frames: messages the hub stored.
    pub acked: AtomicU64,
    /// `error` frames: messages (or other frames) the hub refused.
    pub refused: AtomicU64,
    /// Messages sent again with their original id after a retryable error (2xx).
    pub resent: AtomicU64,
    /// Messages delivered on a conversation or to a side they were not sent to.
    pub misrouted: AtomicU64,
    first_problem: Mutex<Option<String>>,
}

impl RelayCounters {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn add_n(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// Keeps the first thing that went wrong, which usually explains the rest.
    pub fn problem(&self, what: String) {
        if let Ok(mut first) = self.first_problem.lock()
            && first.is_none()
        {
            eprintln!("bench relay: {what}");
            *first = Some(what);
        }
    }

    pub fn first_problem(&self) -> Option<String> {
        self.first_problem
            .lock()
            .ok()
            .and_then(|first| first.clone())
    }
}
