//! Prometheus metrics without a metrics crate: a handful of atomics rendered as text.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the store latency histogram.
const BUCKETS: [f64; 10] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];

#[derive(Default)]
pub struct Metrics {
    pub visitor_connections: AtomicU64,
    pub agent_connections: AtomicU64,
    pub messages_in: AtomicU64,
    pub messages_out: AtomicU64,
    pub slow_consumers: AtomicU64,
    pub refused_upgrades: AtomicU64,
    store_buckets: [AtomicU64; BUCKETS.len()],
    store_count: AtomicU64,
    store_sum_nanos: AtomicU64,
}

impl Metrics {
    pub fn observe_store(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        for (bound, bucket) in BUCKETS.iter().zip(&self.store_buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.store_count.fetch_add(1, Ordering::Relaxed);
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.store_sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP tandem_connections Open websocket connections by kind."
        );
        let _ = writeln!(out, "# TYPE tandem_connections gauge");
        let _ = writeln!(
            out,
            "tandem_connections{{kind=\"visitor\"}} {}",
            get(&self.visitor_connections)
        );
        let _ = writeln!(
            out,
            "tandem_connections{{kind=\"agent\"}} {}",
            get(&self.agent_connections)
        );
        let _ = writeln!(
            out,
            "# HELP tandem_messages_total Chat lines stored (in) and delivered to sockets (out)."
        );
        let _ = writeln!(out, "# TYPE tandem_messages_total counter");
        let _ = writeln!(
            out,
            "tandem_messages_total{{direction=\"in\"}} {}",
            get(&self.messages_in)
        );
        let _ = writeln!(
            out,
            "tandem_messages_total{{direction=\"out\"}} {}",
            get(&self.messages_out)
        );
        let _ = writeln!(
            out,
            "# HELP tandem_slow_consumers_total Sockets closed because their outbound queue filled."
        );
        let _ = writeln!(out, "# TYPE tandem_slow_consumers_total counter");
        let _ = writeln!(
            out,
            "tandem_slow_consumers_total {}",
            get(&self.slow_consumers)
        );
        let _ = writeln!(
            out,
            "# HELP tandem_refused_upgrades_total Websocket upgrades refused (origin, auth, rate)."
        );
        let _ = writeln!(out, "# TYPE tandem_refused_upgrades_total counter");
        let _ = writeln!(
            out,
            "tandem_refused_upgrades_total {}",
            get(&self.refused_upgrades)
        );
        let _ = writeln!(out, "# HELP tandem_store_seconds Latency of store writes.");
        let _ = writeln!(out, "# TYPE tandem_store_seconds histogram");
        for (bound, bucket) in BUCKETS.iter().zip(&self.store_buckets) {
            let _ = writeln!(
                out,
                "tandem_store_seconds_bucket{{le=\"{bound}\"}} {}",
                get(bucket)
            );
        }
        let count = get(&self.store_count);
        let _ = writeln!(out, "tandem_store_seconds_bucket{{le=\"+Inf\"}} {count}");
        let sum = get(&self.store_sum_nanos) as f64 / 1e9;
        let _ = writeln!(out, "tandem_store_seconds_sum {sum}");
        let _ = writeln!(out, "tandem_store_seconds_count {count}");
        let _ = writeln!(
            out,
            "# HELP process_resident_memory_bytes Resident memory size in bytes."
        );
        let _ = writeln!(out, "# TYPE process_resident_memory_bytes gauge");
        let _ = writeln!(
            out,
            "process_resident_memory_bytes {}",
            resident_memory_bytes().unwrap_or(0)
        );
        out
    }
}

/// This process's resident set size from /proc (Linux); None elsewhere.
pub fn resident_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
