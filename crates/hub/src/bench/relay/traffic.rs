//! The live phase of the relay benchmark: paced senders and counting receivers.
//!
//! Each visitor socket sends its share of the visitor→agent rate and reads the agent's lines;
//! the agent socket sends the agent→visitor half (round-robin over the conversations) and reads
//! every visitor's lines. A receiver that gets a retryable `error` (2xx: hub busy, rate
//! limited) for one of its socket's messages hands the id back to that socket's sender, which
//! resends it with the same id, as the protocol asks. Senders and receivers run until `stop`.

use futures_util::{Sink, SinkExt, Stream};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tandem_core::protocol::{Author, ClientFrame, ServerFrame, encode};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use super::counters::RelayCounters;
use super::pace::Pace;
use super::payload::Payload;
use crate::bench::latency::LatencySamples;
use crate::bench::tally::{Arrival, DeliveryTally, StreamId};
use crate::bench::wire;

/// Who a socket is: one visitor (its own conversation) or the agent (all of them).
#[derive(Debug, Clone)]
pub enum Side {
    Visitor { index: u32, conversation: String },
    Agent { conversations: Arc<Vec<String>> },
}

impl Side {
    /// The sender's message counter `k` for a stream and number, the inverse of [`frame_for`].
    fn k_of(&self, stream: StreamId, number: u64) -> Option<u64> {
        match self {
            Side::Visitor { index, .. } => {
                (stream.to_agent && stream.conversation == *index).then_some(number)
            }
            Side::Agent { conversations } => (!stream.to_agent)
                .then(|| number * conversations.len() as u64 + u64::from(stream.conversation)),
        }
    }
}

/// How long a refused message waits before it is sent again.
const RESEND_AFTER: Duration = Duration::from_millis(250);

/// Ids the receiver wants sent again.
pub type Resends = mpsc::UnboundedSender<String>;

/// Sends every message of `pace` on time, batching the ones already due into one flush, and
/// resends refused ids until `stop`. `done` fires once the paced messages are all out.
#[allow(clippy::too_many_arguments)]
pub async fn send_paced<S>(
    mut sink: S,
    side: Side,
    pace: Pace,
    start: Instant,
    counters: Arc<RelayCounters>,
    mut resends: mpsc::UnboundedReceiver<String>,
    done: oneshot::Sender<()>,
    mut stop: watch::Receiver<bool>,
) -> S
where
    S: Sink<Message, Error = WsError> + Unpin,
{
    let total = pace.count();
    let mut k = 0;
    let mut done = Some(done);
    loop {
        if k >= total
            && let Some(done) = done.take()
        {
            let _ = done.send(());
        }
        let due = start + pace.due(k.min(total.saturating_sub(1)));
        let (batch, paced): (Vec<u64>, bool) = tokio::select! {
            biased;
            _ = stop.wait_for(|stop| *stop) => return sink,
            Some(id) = resends.recv() => {
                let again = Payload::parse_id(&id).and_then(|(stream, n)| side.k_of(stream, n));
                match again {
                    Some(k) => (vec![k], false),
                    None => continue,
                }
            }
            _ = tokio::time::sleep_until(due.into()), if k < total => {
                let now = start.elapsed();
                let first = k;
                while k < total && pace.due(k) <= now {
                    k += 1;
                }
                ((first..k).collect(), true)
            }
        };
        match send_batch(&mut sink, &side, &pace, &batch).await {
            Ok(()) if paced => RelayCounters::add_n(&counters.sent, batch.len() as u64),
            Ok(()) => RelayCounters::add(&counters.resent),
            Err(error) => {
                counters.problem(format!("sending stopped: {error}"));
                if let Some(done) = done.take() {
                    let _ = done.send(());
                }
                let _ = stop.wait_for(|stop| *stop).await;
                return sink;
            }
        }
    }
}

async fn send_batch<S>(sink: &mut S, side: &Side, pace: &Pace, batch: &[u64]) -> anyhow::Result<()>
where
    S: Sink<Message, Error = WsError> + Unpin,
{
    for &k in batch {
        let frame = frame_for(side, k, pace.due(k).as_micros() as u64);
        sink.feed(Message::text(encode(&frame)?)).await?;
    }
    sink.flush().await?;
    Ok(())
}

/// Message `k` of a sender: a visitor's k-th line, or the agent's k-th line overall, which
/// goes to conversation `k mod n` as that stream's number `k div n`.
fn frame_for(side: &Side, k: u64, scheduled_micros: u64) -> ClientFrame {
    let (stream, number, conversation) = match side {
        Side::Visitor { index, .. } => (
            StreamId {
                conversation: *index,
                to_agent: true,
            },
            k,
            None,
        ),
        Side::Agent { conversations } => {
            let n = conversations.len().max(1) as u64;
            let index = (k % n) as usize;
            let stream = StreamId {
                conversation: index as u32,
                to_agent: false,
            };
            (stream, k / n, conversations.get(index).cloned())
        }
    };
    let payload = Payload {
        stream,
        number,
        scheduled_micros,
    };
    ClientFrame::Message {
        id: payload.id(),
        text: payload.text(),
        conversation,
        author: None,
    }
}

/// What one receiver saw.
#[derive(Debug, Default)]
pub struct Received {
    pub tally: DeliveryTally,
    pub latency: LatencySamples,
}

/// Reads until `stop`, counting benchmark lines from the other side. `side` is the reader:
/// a visitor accepts agent lines of its own conversation; the agent accepts visitor lines
/// whose conversation id matches the index in their text.
pub async fn receive<S>(
    mut stream: S,
    side: Side,
    start: Instant,
    counters: Arc<RelayCounters>,
    resends: Resends,
    mut stop: watch::Receiver<bool>,
) -> Received
where
    S: Stream<Item = Result<Message, WsError>> + Unpin,
{
    let mut received = Received::default();
    loop {
        let frame = tokio::select! {
            biased;
            _ = stop.wait_for(|stop| *stop) => return received,
            frame = wire::next_frame(&mut stream) => frame,
        };
        match frame {
            Ok(ServerFrame::Message(line)) => {
                let Some(payload) = Payload::parse(&line.text) else {
                    continue;
                };
                if !addressed_to(&side, &payload, line.author, &line.conversation) {
                    RelayCounters::add(&counters.misrouted);
                    continue;
                }
                match received.tally.record(payload.stream, payload.number) {
                    Arrival::Duplicate => {}
                    Arrival::InOrder | Arrival::OutOfOrder => {
                        RelayCounters::add(&counters.received);
                        let now = start.elapsed().as_micros() as u64;
                        let micros = now.saturating_sub(payload.scheduled_micros);
                        received.latency.record(Duration::from_micros(micros));
                    }
                }
            }
            Ok(ServerFrame::Ack { .. }) => RelayCounters::add(&counters.acked),
            Ok(ServerFrame::Error(error)) => {
                RelayCounters::add(&counters.refused);
                counters.problem(format!(
                    "the hub refused a frame: error {} {}",
                    error.code, error.message
                ));
                if let (true, Some(id)) = (error.retry, error.id) {
                    // "Resend later": after a pause, not straight into the same limit.
                    let resends = resends.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(RESEND_AFTER).await;
                        let _ = resends.send(id);
                    });
                }
            }
            Ok(_) => {}
            Err(error) => {
                if !*stop.borrow() {
                    let socket = match &side {
                        Side::Agent { .. } => "the agent's socket".to_owned(),
                        Side::Visitor { index, .. } => format!("visitor {index}'s socket"),
                    };
                    counters.problem(format!("{socket} ended during the run: {error:#}"));
                }
                return received;
            }
        }
    }
}

fn addressed_to(side: &Side, payload: &Payload, author: Author, conversation: &str) -> bool {
    match side {
        Side::Visitor {
            index,
            conversation: own,
        } => {
            author == Author::Agent
                && !payload.stream.to_agent
                && payload.stream.conversation == *index
                && own == conversation
        }
        Side::Agent { conversations } => {
            author == Author::Visitor
                && payload.stream.to_agent
                && conversations
                    .get(payload.stream.conversation as usize)
                    .is_some_and(|id| id == conversation)
        }
    }
}
