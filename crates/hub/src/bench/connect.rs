//! Opening one benchmark websocket: from a chosen loopback source address, with the `Origin`
//! (and for agents the session cookie) the hub checks, and with small buffers.
//!
//! tungstenite reserves a 128 KiB read buffer per socket by default; 19,000 idle sockets would
//! then cost the generator 2.4 GB for nothing, so idle sockets ask for a few KiB and only the
//! busy relay sockets get a large one.

use anyhow::Context;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderValue, header};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use super::target::LoopbackTarget;

/// A benchmark client's websocket.
pub type Socket = WebSocketStream<TcpStream>;

/// Everything one websocket handshake needs.
#[derive(Debug, Clone)]
pub struct Dial<'a> {
    pub target: &'a LoopbackTarget,
    pub origin: &'a str,
    /// `Cookie` header value, for the agent socket.
    pub cookie: Option<&'a str>,
    /// Bytes tungstenite reads at a time (and keeps allocated per socket).
    pub read_buffer: usize,
    /// Bytes queued before a write goes out; 0 writes every frame at once. Busy senders
    /// queue a batch with `feed` and flush once.
    pub write_buffer: usize,
}

impl Dial<'_> {
    /// Connects from `source` (port chosen by the kernel) and completes the upgrade.
    pub async fn connect(&self, source: Option<IpAddr>) -> Result<Socket, DialError> {
        self.try_connect(source).await.map_err(|error| match error
            .downcast_ref::<tokio_tungstenite::tungstenite::Error>(
        ) {
            Some(tokio_tungstenite::tungstenite::Error::Http(response)) => DialError::Refused {
                status: response.status().as_u16(),
            },
            _ => DialError::Failed(error),
        })
    }

    /// Like [`Dial::connect`], but a refusal with 429 (the hub's per-address connection rate)
    /// or 503 is tried again after a growing pause, as a real client would. `seed` spreads the
    /// pauses of many sockets; the caller bounds the whole attempt with a deadline.
    pub async fn connect_patiently(
        &self,
        source: Option<IpAddr>,
        seed: u64,
        mut on_retry: impl FnMut(),
    ) -> Result<Socket, DialError> {
        let mut pause = Duration::from_millis(100);
        loop {
            match self.connect(source).await {
                Err(error) if error.is_retryable() => {
                    on_retry();
                    // A fixed per-socket jitter in 50–100 % of the pause.
                    let jitter = 0.5 + (seed.wrapping_mul(2_654_435_761) % 1000) as f64 / 2000.0;
                    tokio::time::sleep(pause.mul_f64(jitter)).await;
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
                other => return other,
            }
        }
    }

    async fn try_connect(&self, source: Option<IpAddr>) -> anyhow::Result<Socket> {
        let socket = match self.target.addr {
            SocketAddr::V4(_) => TcpSocket::new_v4(),
            SocketAddr::V6(_) => TcpSocket::new_v6(),
        }
        .context("creating a socket")?;
        if let Some(source) = source {
            socket
                .bind(SocketAddr::new(source, 0))
                .with_context(|| format!("binding to source address {source}"))?;
        }
        let stream = socket
            .connect(self.target.addr)
            .await
            .with_context(|| format!("connecting to {}", self.target.addr))?;
        stream.set_nodelay(true).context("setting TCP_NODELAY")?;

        let mut request = self
            .target
            .ws_url()
            .into_client_request()
            .context("building the upgrade request")?;
        let headers = request.headers_mut();
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_str(self.origin).context("the origin is not a valid header")?,
        );
        if let Some(cookie) = self.cookie {
            headers.insert(
                header::COOKIE,
                HeaderValue::from_str(cookie).context("the cookie is not a valid header")?,
            );
        }
        let config = WebSocketConfig::default()
            .read_buffer_size(self.read_buffer)
            .write_buffer_size(self.write_buffer)
            .max_message_size(Some(tandem_core::protocol::DEFAULT_MAX_FRAME_BYTES * 16))
            .max_frame_size(Some(tandem_core::protocol::DEFAULT_MAX_FRAME_BYTES * 16));
        let (socket, _response) =
            tokio_tungstenite::client_async_with_config(request, stream, Some(config)).await?;
        Ok(socket)
    }
}

/// Why a socket could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DialError {
    /// The hub answered the upgrade with an HTTP status instead of switching protocols.
    #[error(
        "the hub refused the websocket upgrade with HTTP {status} \
         (403: origin not allowed, 401: no valid agent session, 429: too many connections from one address)"
    )]
    Refused { status: u16 },
    #[error("{0:#}")]
    Failed(anyhow::Error),
}

impl DialError {
    /// A refusal a client should retry after a pause (the hub's per-address rate limit, or a
    /// hub that is momentarily overloaded).
    pub fn is_retryable(&self) -> bool {
        matches!(self, DialError::Refused { status: 429 | 503 })
    }
}
