//! `tandem bench idle`: how many authenticated, idle visitor sockets the hub holds, and what
//! each costs it in memory.
//!
//! The sockets are spread over one current-thread runtime per core ([`super::shards`]) and over
//! the loopback source addresses of [`LoopbackTarget::source_addresses`]. Each socket connects,
//! sends `hello`, waits for `welcome`, then only reads (so tungstenite answers the hub's pings)
//! until the hold ends. Every attempt has the same deadline, so the run ends by itself:
//! connect window + hold + a short close.

use anyhow::bail;
use futures_util::StreamExt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tandem_core::protocol::Role;
use tokio::sync::{Semaphore, watch};
use tokio::time::timeout_at;

use super::connect::{Dial, Socket};
use super::counters::IdleCounters;
use super::target::LoopbackTarget;
use super::{fd_limit, metrics, shards, wire};

/// What `tandem bench idle` was asked to do.
#[derive(Debug, Clone)]
pub struct IdleOptions {
    pub target: LoopbackTarget,
    pub origin: String,
    pub conns: u64,
    pub hold: Duration,
    /// Every connection attempt must have its `welcome` by then, or it counts as an error.
    pub connect_window: Duration,
    /// Handshakes in flight at once, per shard.
    pub in_flight: usize,
    pub shards: usize,
    /// How many loopback source addresses to spread over (127.0.0.2 onwards).
    pub sources: u8,
}

/// The last line `tandem bench idle` prints.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IdleReport {
    pub conns_requested: u64,
    pub conns_held: u64,
    pub connect_errors: u64,
    pub seconds_to_connect: f64,
    /// Upgrades the hub refused with 429/503 and that were tried again after a pause.
    pub connect_retries: u64,
    /// Sockets that got their `welcome` but were closed before the hold ended.
    pub dropped_while_holding: u64,
    pub first_error: Option<String>,
    pub hub_rss_bytes_before: Option<u64>,
    pub hub_rss_bytes_held: Option<u64>,
    /// (RSS while holding − RSS before) / sockets held.
    pub hub_rss_bytes_per_conn: Option<f64>,
    pub fd_limit: u64,
}

/// Opens, holds and closes the sockets, then reports.
pub fn run(options: IdleOptions) -> anyhow::Result<IdleReport> {
    let limit = fd_limit::raise_to_hard_limit()?;
    if options.conns > limit.sockets_that_fit() {
        bail!(
            "{} sockets do not fit under this process's open-file limit of {} (hard limit {}, \
             {} kept for the runtime): lower --conns or run several generators",
            options.conns,
            limit.soft,
            limit.hard,
            fd_limit::RESERVED_FDS
        );
    }
    let counters = Arc::new(IdleCounters::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let start = Instant::now();
    let deadline = tokio::time::Instant::from_std(start + options.connect_window);

    let coordinator = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let rss_before = coordinator.block_on(metrics::hub_resident_bytes(&options.target));

    std::thread::scope(|scope| {
        let generators = scope.spawn(|| {
            shards::run_sharded(options.shards, |shard| {
                run_shard(shard, &options, deadline, &counters, stop_rx.clone())
            })
        });
        let outcome = coordinator.block_on(async {
            counters.wait_until_attempted(options.conns).await;
            let seconds_to_connect = start.elapsed().as_secs_f64();
            tokio::time::sleep(options.hold).await;
            let rss_held = metrics::hub_resident_bytes(&options.target).await;
            let held = counters.held();
            (seconds_to_connect, rss_held, held)
        });
        // Stop even if the coordinator failed, so the shard threads end.
        let _ = stop_tx.send(true);
        let shard_result = generators
            .join()
            .map_err(|_| anyhow::anyhow!("the generator threads panicked"))?;
        shard_result?;
        let (seconds_to_connect, rss_held, held) = outcome;
        let per_conn = match (rss_before, rss_held) {
            (Some(before), Some(held_rss)) if held > 0 => {
                Some((held_rss as f64 - before as f64) / held as f64)
            }
            _ => None,
        };
        Ok(IdleReport {
            conns_requested: options.conns,
            conns_held: held,
            connect_errors: counters.failed(),
            seconds_to_connect,
            connect_retries: counters.retries(),
            dropped_while_holding: counters.dropped(),
            first_error: counters.first_error(),
            hub_rss_bytes_before: rss_before,
            hub_rss_bytes_held: rss_held,
            hub_rss_bytes_per_conn: per_conn,
            fd_limit: limit.soft,
        })
    })
}

/// One shard opens every `shards`-th socket, at most `in_flight` handshakes at a time.
async fn run_shard(
    shard: usize,
    options: &IdleOptions,
    deadline: tokio::time::Instant,
    counters: &Arc<IdleCounters>,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let sources = options.target.source_addresses(options.sources);
    let handshakes = Arc::new(Semaphore::new(options.in_flight.max(1)));
    let mut sockets = tokio::task::JoinSet::new();
    let shards = options.shards.max(1) as u64;
    for index in (shard as u64..options.conns).step_by(shards as usize) {
        let permit = handshakes.clone().acquire_owned().await?;
        let source = sources.get(index as usize % sources.len()).copied();
        let (options, counters, mut stop) = (options.clone(), counters.clone(), stop.clone());
        sockets.spawn_local(async move {
            let dial = Dial {
                target: &options.target,
                origin: &options.origin,
                cookie: None,
                read_buffer: 2048,
                write_buffer: 0,
            };
            let opened = timeout_at(deadline, open(&dial, source, index, &counters)).await;
            drop(permit);
            match opened {
                Ok(Ok(socket)) => {
                    counters.connected();
                    hold(socket, &mut stop, &counters).await;
                }
                Ok(Err(error)) => counters.failed_with(format!("{error:#}")),
                Err(_) => counters.failed_with("no welcome before the connect window ended".into()),
            }
        });
        // Reap finished tasks as we go, so a failing run does not pile up futures.
        while sockets.try_join_next().is_some() {}
    }
    while sockets.join_next().await.is_some() {}
    Ok(())
}

/// Connects (patiently: see [`Dial::connect_patiently`]) and authenticates one socket.
async fn open(
    dial: &Dial<'_>,
    source: Option<IpAddr>,
    index: u64,
    counters: &IdleCounters,
) -> anyhow::Result<Socket> {
    let mut socket = dial
        .connect_patiently(source, index, || counters.retried())
        .await?;
    wire::authenticate(&mut socket, Role::Visitor).await?;
    Ok(socket)
}

/// Reads (and so answers pings) until told to stop, then closes politely.
async fn hold(mut socket: Socket, stop: &mut watch::Receiver<bool>, counters: &IdleCounters) {
    loop {
        tokio::select! {
            biased;
            _ = stop.wait_for(|stop| *stop) => {
                let _ = tokio::time::timeout(Duration::from_secs(2), socket.close(None)).await;
                return;
            }
            frame = socket.next() => match frame {
                Some(Ok(message)) if !message.is_close() => continue,
                _ => {
                    counters.dropped_one();
                    return;
                }
            },
        }
    }
}
