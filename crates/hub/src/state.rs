//! The hub's shared state, one `Arc` handed to every route and socket task.

use std::sync::Arc;
use std::sync::Weak;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::ws::Utf8Bytes;
use tandem_core::protocol::{ServerFrame, encode};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::auth::tokens::TokenSigner;
use crate::config::Config;
use crate::limiter::IpLimiter;
use crate::metrics::Metrics;
use crate::origin::OriginPolicy;
use crate::relay::{Bus, Event, Outgoing, Registry};
use crate::store::{Store, StoreResult};

pub type Hub = Arc<Shared>;

pub struct Shared {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub registry: Arc<Registry>,
    pub bus: Arc<dyn Bus>,
    pub tokens: TokenSigner,
    pub metrics: Metrics,
    pub origins: OriginPolicy,
    pub upgrade_limiter: IpLimiter,
    pub login_limiter: IpLimiter,
    /// Cancelled on shutdown: every socket task closes with 1001.
    pub shutdown: CancellationToken,
    /// Every socket task, so shutdown can wait for them to finish.
    pub sockets: TaskTracker,
    next_conn: AtomicU64,
    /// Something in the queue changed since the agents last got it (see `publish_queue`).
    queue_dirty: AtomicBool,
    queue_changed: Arc<Notify>,
}

/// Shortest time between two queue frames to the agents. Every change (a visitor arriving,
/// leaving, a claim, a close) used to send the whole queue at once, so a hundred visitors
/// leaving together sent a hundred copies of it to every agent, enough to fill an agent's
/// outbox and have it disconnected as a slow consumer.
const QUEUE_MIN_INTERVAL: Duration = Duration::from_millis(50);

impl Shared {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: Config,
        store: Arc<dyn Store>,
        registry: Arc<Registry>,
        bus: Arc<dyn Bus>,
        tokens: TokenSigner,
        origins: OriginPolicy,
    ) -> Shared {
        let limits = &config.limits;
        let upgrade_limiter =
            IpLimiter::new(limits.connects_per_sec_per_ip, limits.connect_burst_per_ip);
        let login_limiter = IpLimiter::new(1.0, 10.0);
        Shared {
            config,
            store,
            registry,
            bus,
            tokens,
            metrics: Metrics::default(),
            origins,
            upgrade_limiter,
            login_limiter,
            shutdown: CancellationToken::new(),
            sockets: TaskTracker::new(),
            next_conn: AtomicU64::new(1),
            queue_dirty: AtomicBool::new(false),
            queue_changed: Arc::new(Notify::new()),
        }
    }

    pub fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Times a store call into the latency histogram.
    pub async fn timed<T>(&self, call: impl Future<Output = StoreResult<T>>) -> StoreResult<T> {
        let started = Instant::now();
        let outcome = call.await;
        self.metrics.observe_store(started.elapsed());
        outcome
    }

    /// Marks the queue as changed: the publisher task sends it to every agent at once if it
    /// is idle, otherwise once more after the frame in flight, at most every
    /// `QUEUE_MIN_INTERVAL`, with every change made meanwhile.
    pub fn publish_queue(&self) {
        self.queue_dirty.store(true, Ordering::Release);
        self.queue_changed.notify_one();
    }

    /// Sends the whole open queue (with who is online) to every agent.
    async fn send_queue_now(&self) {
        match self.store.queue(500).await {
            Ok(mut conversations) => {
                for entry in &mut conversations {
                    entry.visitor_online = self.registry.visitor_online(&entry.conversation);
                }
                let frame = ServerFrame::Queue { conversations };
                self.bus.publish(Event::Agents {
                    agent: None,
                    item: plain(&frame),
                });
            }
            Err(error) => tracing::error!(%error, "could not read the queue"),
        }
    }

    /// Tells every visitor how many agents are online now.
    pub fn publish_presence(&self) {
        let frame = ServerFrame::Presence {
            agents_online: self.registry.agents_online(),
        };
        self.bus.publish(Event::AllVisitors {
            item: plain(&frame),
        });
    }
}

/// The task behind `publish_queue`; ends with the hub (it holds only a weak reference) or on
/// shutdown.
pub fn spawn_queue_publisher(hub: &Hub) {
    let weak: Weak<Shared> = Arc::downgrade(hub);
    let changed = hub.queue_changed.clone();
    let shutdown = hub.shutdown.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = changed.notified() => {}
                () = shutdown.cancelled() => return,
            }
            let Some(hub) = weak.upgrade() else { return };
            while hub.queue_dirty.swap(false, Ordering::AcqRel) {
                hub.send_queue_now().await;
                tokio::time::sleep(QUEUE_MIN_INTERVAL).await;
            }
        }
    });
}

/// A frame encoded once, ready for any number of sockets.
pub fn encoded(frame: &ServerFrame) -> Utf8Bytes {
    match encode(frame) {
        Ok(text) => Utf8Bytes::from(text),
        Err(error) => {
            tracing::error!(%error, "could not encode a frame");
            Utf8Bytes::from_static(
                r#"{"type":"error","code":200,"retry":true,"message":"encoding failed"}"#,
            )
        }
    }
}

pub fn plain(frame: &ServerFrame) -> Outgoing {
    Outgoing {
        frame: encoded(frame),
        order: None,
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}
