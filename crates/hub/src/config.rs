//! Everything `tandem serve` can be told, as one plain struct (built from flags and environment
//! by `cli::serve`, or directly by tests), with the defaults a small site needs.

use std::path::PathBuf;
use std::time::Duration;

use crate::store::SyncMode;

#[derive(Debug, Clone)]
pub struct Config {
    /// `HOST:PORT` to listen on; port 0 picks a free one (tests).
    pub addr: String,
    /// SQLite database file; the HMAC key lives next to it unless `secret` is given.
    pub db: PathBuf,
    pub sync: SyncMode,
    /// Exact `scheme://host[:port]` origins allowed to open websockets (besides the hub's own).
    pub allow_origins: Vec<String>,
    /// Directory with index.html, tandem.js, the wasm, faq.json and console/.
    pub web_root: PathBuf,
    /// HMAC key for visitor tokens; generated into `<db dir>/tandem.key` when absent.
    pub secret: Option<String>,
    pub limits: Limits,
    /// Create an `admin` agent with a printed password when no agent exists.
    pub bootstrap_admin: bool,
}

/// Per-socket and per-address limits (docs/protocol.md lists what a client sees).
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_frame_bytes: usize,
    /// Bytes read from the socket at a time; also the initial read buffer per socket.
    pub read_buffer_bytes: usize,
    /// Bytes collected before a write is flushed (0 = write each frame at once).
    pub write_buffer_bytes: usize,
    /// Frames queued for one socket before it counts as a slow consumer (close 4502).
    pub outbound_queue: usize,
    /// The same for a logged-in agent's socket. It carries every conversation the agent holds,
    /// so a pause of a few milliseconds in its client is already hundreds of frames when it
    /// holds many busy ones: at 12,000 lines/s 256 frames are 20 ms, and a benchmark client
    /// sharing two cores with the hub was cut off (4502) by such a pause. Agents are few, so a
    /// larger queue costs little memory (docs/performance-hub.md).
    pub agent_outbound_queue: usize,
    pub auth_deadline: Duration,
    pub heartbeat: Duration,
    /// Frames per second a visitor connection may send, and the burst above that. A person
    /// types far below this; it stops a script flooding the store through one socket.
    pub frames_per_sec: f64,
    pub frame_burst: f64,
    /// The same for a logged-in agent's connection, which carries all of its conversations
    /// (and integrations that answer many at once), so its budget is far larger.
    pub agent_frames_per_sec: f64,
    pub agent_frame_burst: f64,
    /// Websocket upgrades (and logins) per second from one IP address, and the burst.
    pub connects_per_sec_per_ip: f64,
    pub connect_burst_per_ip: f64,
    /// How long shutdown waits for sockets to close before exiting anyway.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_frame_bytes: tandem_core::protocol::DEFAULT_MAX_FRAME_BYTES,
            read_buffer_bytes: 4 * 1024,
            write_buffer_bytes: 0,
            outbound_queue: 256,
            agent_outbound_queue: 4096,
            auth_deadline: Duration::from_secs(5),
            heartbeat: Duration::from_secs(20),
            frames_per_sec: 20.0,
            frame_burst: 60.0,
            agent_frames_per_sec: 50_000.0,
            agent_frame_burst: 100_000.0,
            // Many visitors share one address behind a NAT or proxy, and a hub restart makes
            // every client reconnect at once: a few hundred per second with a burst of a few
            // thousand lets that through while one address still cannot open sockets unbounded.
            connects_per_sec_per_ip: 300.0,
            connect_burst_per_ip: 3000.0,
            shutdown_grace: Duration::from_secs(4),
        }
    }
}

impl Config {
    /// A config for `addr` and `db` with every other setting at its default.
    pub fn new(addr: impl Into<String>, db: impl Into<PathBuf>) -> Config {
        Config {
            addr: addr.into(),
            db: db.into(),
            sync: SyncMode::Normal,
            allow_origins: Vec::new(),
            web_root: PathBuf::from("dist"),
            secret: None,
            limits: Limits::default(),
            bootstrap_admin: false,
        }
    }
}
