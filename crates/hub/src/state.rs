//! The hub's shared state, one `Arc` handed to every route and socket task.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::ws::Utf8Bytes;
use tandem_core::protocol::{ServerFrame, encode};
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
}

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

    /// Sends the whole open queue (with who is online) to every agent.
    pub async fn publish_queue(&self) {
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
