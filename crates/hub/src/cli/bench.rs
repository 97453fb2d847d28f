//! `tandem bench idle|relay`: load generators against a hub on this machine.
//!
//! Progress and problems go to stderr; the LAST stdout line is one JSON object (the report),
//! which scripts and external checks read. The exit code is 0 whenever a report was printed —
//! the report itself says whether the hub kept every socket and message — and 2 when the run
//! could not be made (a non-loopback URL, a refused login, a setup that timed out).

use anyhow::Context;
use std::process::ExitCode;
use std::time::Duration;

use crate::bench::idle::{self, IdleOptions};
use crate::bench::relay::{self, RelayOptions};
use crate::bench::shards::default_shard_count;
use crate::bench::target::{DEFAULT_SOURCES, LoopbackTarget};
use crate::bench::throwaway_agent::ThrowawayAgent;

#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Open N visitor sockets (hello → welcome), hold them idle, report how many the hub kept
    /// and its memory per socket (from its /metrics).
    Idle(IdleArgs),
    /// Log an agent in, open N visitor conversations, claim them, send visitor↔agent messages
    /// at a fixed total rate, report lost, duplicated, out-of-order and latency percentiles.
    Relay(RelayArgs),
}

#[derive(Debug, clap::Args)]
pub struct IdleArgs {
    /// The hub's visitor websocket, on this machine only (e.g. ws://127.0.0.1:8080/ws/visitor).
    #[arg(long)]
    pub url: String,
    /// The Origin header to send; must be on the hub's --allow-origin list.
    #[arg(long)]
    pub origin: String,
    /// Sockets to open. One process may hold about its open-file limit minus 64.
    #[arg(long, default_value_t = 1000)]
    pub conns: u64,
    /// Seconds to hold the sockets once every attempt has finished.
    #[arg(long, default_value_t = 10)]
    pub hold_secs: u64,
    /// Every socket must have its welcome within this many seconds of the start.
    #[arg(long, default_value_t = 120)]
    pub connect_secs: u64,
    /// Handshakes in flight at once on each core.
    #[arg(long, default_value_t = 64)]
    pub in_flight: usize,
    /// Client threads (one single-threaded runtime each); default one per core.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Loopback source addresses to spread the sockets over, from 127.0.0.2 (1–250). Each
    /// gives ~28,000 ephemeral ports; real visitors come from many addresses.
    #[arg(long, default_value_t = DEFAULT_SOURCES, value_parser = clap::value_parser!(u8).range(1..=250))]
    pub sources: u8,
}

#[derive(Debug, clap::Args)]
pub struct RelayArgs {
    /// The hub's base URL, on this machine only (e.g. http://127.0.0.1:8080).
    #[arg(long)]
    pub url: String,
    /// The Origin header to send; must be on the hub's --allow-origin list.
    #[arg(long)]
    pub origin: String,
    /// Agent account to log in as when its password is in --password-env. Without that
    /// password the bench adds a throwaway agent to the hub's database (found through the
    /// note a `tandem serve` on this machine leaves for local tools) and removes it after.
    #[arg(long, env = "TANDEM_BENCH_AGENT", default_value = "bench")]
    pub agent: String,
    /// Name of the environment variable holding that agent's password (never a flag, so it
    /// stays out of `ps` and shell history).
    #[arg(long, default_value = "TANDEM_BENCH_PASSWORD")]
    pub password_env: String,
    /// Visitor conversations, each claimed by the agent.
    #[arg(long, default_value_t = 100)]
    pub conversations: u32,
    /// Messages per second over both directions together.
    #[arg(long, default_value_t = 1000.0)]
    pub rate: f64,
    /// Seconds of traffic.
    #[arg(long, default_value_t = 30.0)]
    pub secs: f64,
    /// Longest wait after the last send for messages still in flight (they count as lost after).
    #[arg(long, default_value_t = 5.0)]
    pub drain_secs: f64,
    /// Longest the login, the visitors and the claims may take together.
    #[arg(long, default_value_t = 60.0)]
    pub setup_secs: f64,
    /// Client runtime threads; default one per core.
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn run(command: BenchCommand) -> anyhow::Result<ExitCode> {
    match command {
        BenchCommand::Idle(args) => run_idle(args),
        BenchCommand::Relay(args) => run_relay(args),
    }
}

fn run_idle(args: IdleArgs) -> anyhow::Result<ExitCode> {
    let options = IdleOptions {
        target: LoopbackTarget::parse(&args.url)?,
        origin: args.origin,
        conns: args.conns,
        hold: Duration::from_secs(args.hold_secs),
        connect_window: Duration::from_secs(args.connect_secs.max(1)),
        in_flight: args.in_flight,
        shards: args.threads.unwrap_or_else(default_shard_count),
        sources: args.sources,
    };
    eprintln!(
        "bench idle: opening {} sockets to {} over {} threads",
        options.conns,
        options.target.ws_url(),
        options.shards
    );
    let report = idle::run(options)?;
    print_last_line(&report)
}

fn run_relay(args: RelayArgs) -> anyhow::Result<ExitCode> {
    let base = LoopbackTarget::parse(&args.url)?;
    // An existing agent when its password is in the environment; otherwise an account made
    // for this run in the database of the hub on that port, removed afterwards.
    let (agent, password, throwaway) = match std::env::var(&args.password_env) {
        Ok(password) => (args.agent.clone(), password, None),
        Err(_) => {
            let made = ThrowawayAgent::create_for_hub_on(base.addr.port())?;
            eprintln!("bench relay: logging in as throwaway agent {}", made.name);
            (made.name.clone(), made.password.clone(), Some(made))
        }
    };
    let options = RelayOptions {
        base,
        origin: args.origin,
        agent,
        password,
        conversations: args.conversations,
        rate: args.rate,
        duration: seconds("--secs", args.secs)?,
        drain: seconds("--drain-secs", args.drain_secs)?,
        setup_timeout: seconds("--setup-secs", args.setup_secs)?,
        threads: args.threads.unwrap_or_else(default_shard_count),
    };
    eprintln!(
        "bench relay: {} conversations, {} msg/s for {} s against {}",
        options.conversations,
        options.rate,
        options.duration.as_secs_f64(),
        options.base.authority
    );
    let report = relay::run(options);
    if let Some(Err(error)) = throwaway.map(ThrowawayAgent::remove) {
        eprintln!("bench relay: {error:#}");
    }
    print_last_line(&report?)
}

fn seconds(flag: &str, value: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero() && d.as_secs() <= 24 * 3600)
        .with_context(|| format!("{flag} must be a number of seconds between 0 and 86400"))
}

fn print_last_line<T: serde::Serialize>(report: &T) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string(report)?);
    Ok(ExitCode::SUCCESS)
}
