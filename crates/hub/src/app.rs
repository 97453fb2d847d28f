//! Building and running the hub: `App::build(config)` opens the store, loads the signing key and
//! binds the port (0 = any free port, for tests); `run_until_stopped` serves until the shutdown
//! future resolves, then closes every socket with 1001, waits for them, and flushes the store.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;

use crate::auth::tokens::TokenSigner;
use crate::config::Config;
use crate::origin::OriginPolicy;
use crate::relay::{Event, LocalBus, Registry};
use crate::state::{Hub, Shared};
use crate::store::{SqliteStore, Store};

pub struct App {
    listener: TcpListener,
    hub: Hub,
}

impl App {
    pub async fn build(config: Config) -> anyhow::Result<App> {
        if let Some(dir) = config.db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let store = SqliteStore::open(&config.db, config.sync)
            .await
            .with_context(|| format!("opening the database {}", config.db.display()))?;
        App::build_with_store(config, Arc::new(store)).await
    }

    /// Like `build`, with any store (the in-memory twin in tests).
    pub async fn build_with_store(config: Config, store: Arc<dyn Store>) -> anyhow::Result<App> {
        let key_file = config.db.with_file_name("tandem.key");
        let tokens = TokenSigner::load_or_create(config.secret.as_deref(), &key_file)
            .with_context(|| {
                format!("reading or creating the signing key {}", key_file.display())
            })?;
        let origins = OriginPolicy::new(&config.allow_origins)?;
        let registry = Arc::new(Registry::default());
        for entry in store.queue(u32::MAX).await? {
            if let Some(agent) = entry
                .agent
                .filter(|_| entry.status == tandem_core::protocol::QueueStatus::Claimed)
            {
                registry.deliver(Event::Holder {
                    conversation: entry.conversation,
                    agent: Some(agent),
                });
            }
        }
        let bus = Arc::new(LocalBus::new(registry.clone()));
        let listener = TcpListener::bind(&config.addr)
            .await
            .with_context(|| format!("listening on {}", config.addr))?;
        let hub = Arc::new(Shared::new(config, store, registry, bus, tokens, origins));
        crate::state::spawn_queue_publisher(&hub);
        Ok(App { listener, hub })
    }

    pub fn port(&self) -> u16 {
        self.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn hub(&self) -> Hub {
        self.hub.clone()
    }

    pub async fn run_until_stopped(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let hub = self.hub;
        let app =
            crate::routes::router(hub.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let shutdown = hub.shutdown.clone();
        let signal = hub.shutdown.clone();
        tokio::spawn(async move {
            stop.await;
            signal.cancel();
        });
        // Nagle's algorithm would hold a small frame back until the peer acknowledges the
        // previous one, and peers delay their ACKs by up to 40 ms: a chat relay of small
        // frames must send each one at once.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "could not set TCP_NODELAY");
            }
        });
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            shutdown.cancelled().await;
        });
        server.await.context("serving")?;
        // Sockets saw the cancellation and are closing with 1001; give them the grace period.
        hub.sockets.close();
        let grace = hub.config.limits.shutdown_grace;
        if tokio::time::timeout(grace, hub.sockets.wait())
            .await
            .is_err()
        {
            tracing::warn!(
                open = hub.sockets.len(),
                "sockets still open after the grace period"
            );
        }
        hub.store.close().await;
        Ok(())
    }
}
