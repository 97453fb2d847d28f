//! `tandem bench relay`: visitor↔agent traffic through claimed conversations at a fixed total
//! rate, reporting loss, duplicates, order and delivery latency.
//!
//! Setup ([`setup`]): log an agent in, open its socket, open N visitors that each ask for a
//! person, claim them all. Live phase ([`traffic`]): half the rate flows visitor→agent (each
//! visitor its share), half agent→visitor (round-robin). Then a drain, bounded in time, lets
//! the last messages arrive before anything still missing counts as lost.

pub mod counters;
pub mod pace;
pub mod payload;
pub mod setup;
pub mod traffic;

use anyhow::{Context, bail};
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

use self::counters::RelayCounters;
use self::pace::Pace;
use self::traffic::{Received, Side};
use super::connect::{Dial, Socket};
use super::target::LoopbackTarget;
use super::{fd_limit, wire};
use tandem_core::protocol::Role;

/// What `tandem bench relay` was asked to do.
#[derive(Debug, Clone)]
pub struct RelayOptions {
    /// The hub's base URL (`http://127.0.0.1:8080`).
    pub base: LoopbackTarget,
    pub origin: String,
    pub agent: String,
    pub password: String,
    pub conversations: u32,
    /// Messages per second over both directions together.
    pub rate: f64,
    pub duration: Duration,
    /// Longest wait after the last send for messages still in flight.
    pub drain: Duration,
    /// Longest the setup (login, visitors, claims) may take.
    pub setup_timeout: Duration,
    pub threads: usize,
}

/// The last line `tandem bench relay` prints. Latencies are `null` when nothing arrived.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RelayReport {
    pub sent: u64,
    pub received: u64,
    pub lost: u64,
    pub duplicated: u64,
    pub out_of_order: u64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub conversations: u32,
    pub rate_requested: f64,
    /// Messages actually sent per second of the live phase.
    pub rate_sent: f64,
    pub secs: f64,
    pub acked: u64,
    pub refused: u64,
    pub misrouted: u64,
    pub resent: u64,
    pub first_problem: Option<String>,
}

/// Runs setup, the live phase and the drain, then reports.
pub fn run(options: RelayOptions) -> anyhow::Result<RelayReport> {
    if options.conversations == 0 || !options.rate.is_finite() || options.rate <= 0.0 {
        bail!("--conversations and --rate must be above zero");
    }
    let limit = fd_limit::raise_to_hard_limit()?;
    if u64::from(options.conversations) + 1 > limit.sockets_that_fit() {
        bail!(
            "{} conversations need more sockets than the open-file limit ({}) allows",
            options.conversations,
            limit.soft
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.threads.max(1))
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(run_async(options))
}

async fn run_async(options: RelayOptions) -> anyhow::Result<RelayReport> {
    let visitor_target = options.base.with_path("/ws/visitor");
    let agent_target = options.base.with_path("/ws/agent");

    let setup = async {
        let cookie = setup::login(
            &options.base,
            &options.origin,
            &options.agent,
            &options.password,
        )
        .await?;
        let agent_dial = Dial {
            target: &agent_target,
            origin: &options.origin,
            cookie: Some(&cookie),
            read_buffer: 64 * 1024,
            write_buffer: 64 * 1024,
        };
        let mut agent = agent_dial.connect_patiently(None, 0, || {}).await?;
        wire::authenticate(&mut agent, Role::Agent).await?;
        let visitor_dial = Dial {
            target: &visitor_target,
            origin: &options.origin,
            cookie: None,
            read_buffer: 16 * 1024,
            write_buffer: 16 * 1024,
        };
        let opened = futures_util::future::join_all(
            (0..options.conversations).map(|i| setup::open_visitor(&visitor_dial, u64::from(i))),
        )
        .await;
        let visitors = opened.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
        let ids: Vec<String> = visitors.iter().map(|v| v.conversation.clone()).collect();
        setup::claim_all(&mut agent, &ids).await?;
        setup::settle(&mut agent).await?;
        anyhow::Ok((agent, visitors, ids))
    };
    let (agent, visitors, ids) = timeout(options.setup_timeout, setup)
        .await
        .context("the setup (login, visitors, claims) took longer than its limit")??;
    let ids = Arc::new(ids);

    let counters = Arc::new(RelayCounters::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let start = Instant::now();
    let n = f64::from(options.conversations);
    let mut live = Live::default();

    for (index, visitor) in visitors.into_iter().enumerate() {
        let side = Side::Visitor {
            index: index as u32,
            conversation: visitor.conversation,
        };
        let pace = Pace::share(options.rate, 0.5 / n, index as u64 * 2, options.duration);
        let sender = live.spawn(visitor.socket, side, pace, start, &counters, &stop_rx);
        live.visitor_senders.push(sender);
    }
    let agent_side = Side::Agent {
        conversations: ids.clone(),
    };
    let agent_pace = Pace::share(options.rate, 0.5, 1, options.duration);
    let agent_sender = live.spawn(agent, agent_side, agent_pace, start, &counters, &stop_rx);

    // Every paced message is out (bounded: a sender cannot lag forever), then the drain.
    let paced_by = tokio::time::Instant::from_std(start + options.duration + options.drain);
    for done in live.done.drain(..) {
        let _ = tokio::time::timeout_at(paced_by, done).await;
    }
    let drain_until = tokio::time::Instant::now() + options.drain;
    // Until every message arrived and every send was acked (or the drain runs out).
    let settled = || {
        let sent = RelayCounters::get(&counters.sent);
        RelayCounters::get(&counters.received) >= sent
            && RelayCounters::get(&counters.acked) >= sent
    };
    while !settled() && tokio::time::Instant::now() < drain_until {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop_tx.send(true);

    let mut all = Received::default();
    for receiver in live.receivers {
        let received = receiver.await.context("a receiver failed")?;
        all.tally.merge(received.tally);
        all.latency.merge(received.latency);
    }
    for sender in live.visitor_senders {
        drop(sender.await.context("a visitor sender failed")?);
    }
    let mut agent_sink = agent_sender.await.context("the agent sender failed")?;
    if let Err(error) = setup::close_all(&mut agent_sink, &ids).await {
        eprintln!("bench relay: could not close the benchmark conversations: {error:#}");
    }
    Ok(report(&options, &counters, all))
}

type Sink = futures_util::stream::SplitSink<Socket, Message>;

/// The live phase's tasks.
#[derive(Default)]
struct Live {
    receivers: Vec<JoinHandle<Received>>,
    visitor_senders: Vec<JoinHandle<Sink>>,
    done: Vec<oneshot::Receiver<()>>,
}

impl Live {
    /// Splits a socket into a paced sender and a receiver that feeds it refused ids.
    fn spawn(
        &mut self,
        socket: Socket,
        side: Side,
        pace: Pace,
        start: Instant,
        counters: &Arc<RelayCounters>,
        stop: &watch::Receiver<bool>,
    ) -> JoinHandle<Sink> {
        let (sink, stream) = socket.split();
        let (resend_tx, resend_rx) = mpsc::unbounded_channel();
        let (done_tx, done_rx) = oneshot::channel();
        self.done.push(done_rx);
        self.receivers.push(tokio::spawn(traffic::receive(
            stream,
            side.clone(),
            start,
            counters.clone(),
            resend_tx,
            stop.clone(),
        )));
        tokio::spawn(traffic::send_paced(
            sink,
            side,
            pace,
            start,
            counters.clone(),
            resend_rx,
            done_tx,
            stop.clone(),
        ))
    }
}

fn report(options: &RelayOptions, counters: &RelayCounters, all: Received) -> RelayReport {
    let secs = options.duration.as_secs_f64();
    let sent = RelayCounters::get(&counters.sent);
    let received = all.tally.unique();
    let summary = all.latency.summary();
    RelayReport {
        sent,
        received,
        lost: sent.saturating_sub(received),
        duplicated: all.tally.duplicated,
        out_of_order: all.tally.out_of_order,
        p50_ms: summary.map(|s| s.p50_ms),
        p99_ms: summary.map(|s| s.p99_ms),
        max_ms: summary.map(|s| s.max_ms),
        conversations: options.conversations,
        rate_requested: options.rate,
        rate_sent: sent as f64 / secs.max(f64::EPSILON),
        secs,
        acked: RelayCounters::get(&counters.acked),
        refused: RelayCounters::get(&counters.refused),
        misrouted: RelayCounters::get(&counters.misrouted),
        resent: RelayCounters::get(&counters.resent),
        first_problem: counters.first_problem(),
    }
}
