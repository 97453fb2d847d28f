//! `tandem serve`: flags and environment → `Config`, logging, then the hub until Ctrl-C/SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::app::App;

/// Like `println!`, but a closed stdout (the hub started from a script that stopped reading)
/// is not a reason to stop serving.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
use crate::auth::passwords;
use crate::config::{Config, Limits};
use crate::runtime_file;
use crate::state::now_ms;
use crate::store::SyncMode;

/// Run the hub: the demo page, the widget files, the agent console, the websockets and the API.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT (port 0 picks a free port).
    #[arg(long, env = "TANDEM_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// SQLite database file (created if missing). The token-signing key is kept beside it.
    #[arg(long, env = "TANDEM_DB", default_value = "data/tandem.db")]
    pub db: PathBuf,
    /// A site allowed to embed the widget, exactly as the browser sends it:
    /// scheme://host[:port], e.g. https://shop.example. Repeat for several sites.
    /// The hub's own address is always allowed.
    #[arg(
        long = "allow-origin",
        env = "TANDEM_ALLOW_ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origin: Vec<String>,
    /// Directory with the built widget, demo page and console (`cargo xtask dist` makes it).
    #[arg(long, env = "TANDEM_WEB_ROOT", default_value = "dist")]
    pub web_root: PathBuf,
    /// Secret for signing visitor tokens (default: a random key in tandem.key beside the database).
    #[arg(long, env = "TANDEM_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    /// How hard commits wait for the disk: normal survives a crash of the hub, full also power loss.
    #[arg(long, value_enum, default_value = "normal")]
    pub db_sync: SyncMode,
    /// Largest websocket frame accepted, in bytes (bigger ones close the socket with 1009).
    #[arg(long, default_value_t = 64 * 1024)]
    pub max_frame_bytes: usize,
    /// Seconds between pings; a client silent for three times this is disconnected.
    #[arg(long, default_value_t = 20)]
    pub heartbeat_secs: u64,
    /// Frames per second one visitor connection may send (bursts of three times this are fine).
    #[arg(long, default_value_t = 20.0)]
    pub frame_rate: f64,
    /// Frames per second one logged-in agent connection may send (bursts of twice this).
    #[arg(long, default_value_t = 50_000.0)]
    pub agent_frame_rate: f64,
    /// Websocket connections per second one IP address may open (bursts of ten times this).
    #[arg(long, default_value_t = 300.0)]
    pub connect_rate: f64,
    /// Frames queued for one slow client before it is disconnected (it reconnects and resumes).
    #[arg(long, default_value_t = 256)]
    pub outbound_queue: usize,
    /// The same for a logged-in agent's connection, which carries all of its conversations.
    #[arg(long, default_value_t = 4096)]
    pub agent_outbound_queue: usize,
    /// Do not create an `admin` agent when there is no agent yet.
    #[arg(long)]
    pub no_admin: bool,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "TANDEM_LOG_JSON")]
    pub log_json: bool,
}

impl ServeArgs {
    fn config(&self) -> Config {
        let limits = Limits {
            max_frame_bytes: self.max_frame_bytes.max(1024),
            heartbeat: Duration::from_secs(self.heartbeat_secs.max(1)),
            frames_per_sec: self.frame_rate,
            frame_burst: self.frame_rate * 3.0,
            agent_frames_per_sec: self.agent_frame_rate,
            agent_frame_burst: self.agent_frame_rate * 2.0,
            connects_per_sec_per_ip: self.connect_rate,
            connect_burst_per_ip: self.connect_rate * 10.0,
            outbound_queue: self.outbound_queue.max(1),
            agent_outbound_queue: self.agent_outbound_queue.max(1),
            ..Limits::default()
        };
        Config {
            addr: self.addr.clone(),
            db: self.db.clone(),
            sync: self.db_sync,
            allow_origins: self.allow_origin.clone(),
            web_root: self.web_root.clone(),
            secret: self.secret.clone(),
            limits,
            bootstrap_admin: !self.no_admin,
        }
    }
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    init_logging(args.log_json);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve(args.config()))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let app = App::build(config.clone()).await?;
    let addr = app.local_addr()?;
    let host = if addr.ip().is_unspecified() {
        "localhost".to_owned()
    } else {
        addr.ip().to_string()
    };
    let base = format!("http://{host}:{}", addr.port());
    say!("tandem hub listening on {base}");
    say!("  demo shop page : {base}/");
    say!("  agent console  : {base}/console/");
    say!("  health, metrics: {base}/healthz  {base}/metrics");
    if !config.web_root.join("index.html").is_file() {
        say!(
            "  note: {} has no index.html yet; build the widget with `cargo xtask dist`",
            config.web_root.display()
        );
    }
    first_agent_hint(&app, &config).await?;
    let note = leave_note_for_local_tools(addr, &config);
    let served = app.run_until_stopped(stop_signal()).await;
    if let Some(path) = note {
        runtime_file::remove_if_ours(&path);
    }
    served
}

/// Tells `tandem bench relay` on this machine which database this hub uses (see
/// `runtime_file`). A hub that cannot write the note still serves; the bench then needs
/// `TANDEM_BENCH_PASSWORD`.
fn leave_note_for_local_tools(
    addr: std::net::SocketAddr,
    config: &Config,
) -> Option<std::path::PathBuf> {
    let db = std::fs::canonicalize(&config.db).unwrap_or_else(|_| config.db.clone());
    let note = runtime_file::HubNote {
        pid: std::process::id(),
        addr: addr.to_string(),
        db,
    };
    match runtime_file::write(&runtime_file::runtime_dir(), addr.port(), &note) {
        Ok(path) => Some(path),
        Err(error) => {
            tracing::warn!("no note for local tools: {error:#}");
            None
        }
    }
}

/// Makes sure someone can log in to the console, and says how.
async fn first_agent_hint(app: &App, config: &Config) -> anyhow::Result<()> {
    let store = &app.hub().store;
    let agents = store.agent_names().await?;
    let db = config.db.display();
    if !agents.is_empty() {
        say!(
            "  agents         : {} (add one: `tandem agent add NAME --db {db}`)",
            agents.join(", ")
        );
    } else if config.bootstrap_admin {
        let password = passwords::generate();
        let hash =
            tokio::task::spawn_blocking(move || passwords::hash(&password).map(|h| (h, password)))
                .await??;
        store.add_agent("admin", &hash.0, now_ms()).await?;
        say!(
            "  first agent    : name `admin`, password `{}` (shown only this once)",
            hash.1
        );
        say!("                   add people with `tandem agent add NAME --db {db}`");
    } else {
        say!("  no agent yet   : create one with `tandem agent add NAME --db {db}`");
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    Ok(())
}

async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutting down: closing sockets with 1001");
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
