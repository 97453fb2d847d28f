//! Exactly-once, in-order delivery of one conversation direction to one socket. A socket keeps
//! the last seq it delivered; live lines at or below it are repeats (dropped), a line above
//! `last + 1` means one was missed (published out of order, or lost before this socket
//! registered), and the gap is read back from the store before going on.

use std::sync::atomic::Ordering;

use tandem_core::protocol::ServerFrame;

use super::Flow;
use super::io::Io;
use crate::relay::Outgoing;
use crate::state::Hub;
use crate::store::Direction;

const PAGE: u32 = 500;

/// Sends every stored line of `direction` above `*last`, advancing `*last`. Returns how many.
pub async fn replay(
    io: &mut Io,
    hub: &Hub,
    conversation: &str,
    direction: Direction,
    last: &mut u64,
) -> Result<u64, Flow> {
    let mut count = 0;
    loop {
        let page = hub
            .timed(
                hub.store
                    .messages_after(conversation, direction, *last, PAGE),
            )
            .await
            .map_err(|error| {
                tracing::error!(%error, "replay failed");
                Flow::Close(tandem_core::protocol::CloseCode::InternalError)
            })?;
        let full = page.len() == PAGE as usize;
        for message in page {
            let seq = message.seq;
            if let Err(stuck) = io.send(&ServerFrame::Message(message)).await {
                return Err(Err::<(), _>(stuck).into());
            }
            hub.metrics.messages_out.fetch_add(1, Ordering::Relaxed);
            *last = seq;
            count += 1;
        }
        if !full {
            return Ok(count);
        }
    }
}

/// Delivers a live line in order (see the module docs).
pub async fn deliver(
    io: &mut Io,
    hub: &Hub,
    item: Outgoing,
    direction: Direction,
    last: &mut u64,
) -> Flow {
    let Some(order) = item.order.as_ref().filter(|o| o.direction == direction) else {
        return io.send_text(item.frame).await.into();
    };
    if order.seq <= *last {
        return Flow::Continue;
    }
    if order.seq == *last + 1 {
        *last = order.seq;
        hub.metrics.messages_out.fetch_add(1, Ordering::Relaxed);
        return io.send_text(item.frame).await.into();
    }
    let conversation = order.conversation.clone();
    match replay(io, hub, &conversation, direction, last).await {
        Ok(_) => Flow::Continue,
        Err(flow) => flow,
    }
}
