//! A socket's outbound queue: bounded, never waited on by the sender. When it is full the
//! consumer is too slow; the queue raises a flag and the socket's own task closes it (4502),
//! so one stuck reader can neither block the hub nor grow its memory.

use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;
use tokio::sync::{Notify, mpsc};

use crate::store::Direction;

/// Where a chat line sits in its conversation, so a session can drop repeats and fill gaps.
#[derive(Debug, Clone)]
pub struct Order {
    pub conversation: Arc<str>,
    pub direction: Direction,
    pub seq: u64,
}

#[derive(Debug, Clone)]
pub struct Outgoing {
    pub frame: Utf8Bytes,
    pub order: Option<Order>,
}

/// The sending half, kept in the registry.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::Sender<Outgoing>,
    overflow: Arc<Notify>,
}

/// A new outbox of `capacity` frames, its receiving half, and the overflow signal.
pub fn outbox(capacity: usize) -> (Outbox, mpsc::Receiver<Outgoing>, Arc<Notify>) {
    let (tx, rx) = mpsc::channel(capacity.max(1));
    let overflow = Arc::new(Notify::new());
    (
        Outbox {
            tx,
            overflow: overflow.clone(),
        },
        rx,
        overflow,
    )
}

impl Outbox {
    /// Queues without waiting. False when the queue is full (the overflow flag is raised) or
    /// the socket is gone.
    pub fn push(&self, item: Outgoing) -> bool {
        match self.tx.try_send(item) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.overflow.notify_one();
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_outbox_refuses_and_raises_the_overflow_flag() {
        let (outbox, _rx, overflow) = outbox(1);
        let item = Outgoing {
            frame: Utf8Bytes::from_static("{}"),
            order: None,
        };
        assert!(outbox.push(item.clone()));
        assert!(!outbox.push(item));
        let raised = overflow.notified();
        futures_util::pin_mut!(raised);
        assert!(futures_util::FutureExt::now_or_never(raised).is_some());
    }
}
