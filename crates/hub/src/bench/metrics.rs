//! Reading one number from the hub's Prometheus `/metrics` page: its resident memory, so the
//! idle benchmark can report what each held socket costs the hub.

use super::http;
use super::target::LoopbackTarget;

/// The standard process metric every Prometheus exporter names the same way.
pub const RESIDENT_MEMORY: &str = "process_resident_memory_bytes";

/// The first sample of `name` in Prometheus text exposition format (labels ignored).
pub fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let rest = line.strip_prefix(name)?;
            let rest = match rest.strip_prefix('{') {
                Some(labels) => &labels[labels.find('}')? + 1..],
                None if rest.starts_with([' ', '\t']) => rest,
                None => return None,
            };
            rest.split_whitespace().next()?.parse().ok()
        })
}

/// The hub's resident memory in bytes, or `None` (with a note on stderr) when `/metrics` is not
/// reachable or has no such line: the benchmark still reports its socket counts.
pub async fn hub_resident_bytes(hub: &LoopbackTarget) -> Option<u64> {
    let metrics = hub.with_path("/metrics");
    match http::get(&metrics).await {
        Ok(reply) if reply.status.is_success() => {
            let value = sample(&reply.text(), RESIDENT_MEMORY);
            if value.is_none() {
                eprintln!("bench: /metrics has no {RESIDENT_MEMORY} line");
            }
            value.map(|v| v as u64)
        }
        Ok(reply) => {
            eprintln!("bench: /metrics answered HTTP {}", reply.status);
            None
        }
        Err(error) => {
            eprintln!("bench: could not read /metrics: {error:#}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# HELP process_resident_memory_bytes Resident memory.\n\
        # TYPE process_resident_memory_bytes gauge\n\
        process_resident_memory_bytes_total 1\n\
        tandem_connections{kind=\"visitor\"} 19000\n\
        process_resident_memory_bytes 1.2345e8\n";

    #[test]
    fn the_exact_metric_name_is_found_past_comments_and_look_alikes() {
        assert_eq!(sample(PAGE, RESIDENT_MEMORY), Some(1.2345e8));
    }

    #[test]
    fn labelled_samples_are_read_after_their_labels() {
        assert_eq!(sample(PAGE, "tandem_connections"), Some(19000.0));
    }

    #[test]
    fn a_missing_metric_is_none() {
        assert_eq!(sample(PAGE, "nope"), None);
        assert_eq!(
            sample("process_resident_memory_bytes oops", RESIDENT_MEMORY),
            None
        );
    }
}
