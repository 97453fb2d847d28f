//! Exact latency percentiles from every sample.
//!
//! A 30-second run at 30,000 msg/s is under a million samples: four bytes each (microseconds in
//! a `u32`, enough for 71 minutes) is a few megabytes, so the generator keeps them all and sorts
//! once at the end instead of approximating with a histogram.

use std::time::Duration;

/// Every delivery latency seen by one receiver, in microseconds.
#[derive(Debug, Default, Clone)]
pub struct LatencySamples {
    micros: Vec<u32>,
}

/// The summary the relay report prints.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LatencySummary {
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl LatencySamples {
    pub fn record(&mut self, latency: Duration) {
        let micros = u32::try_from(latency.as_micros()).unwrap_or(u32::MAX);
        self.micros.push(micros);
    }

    /// Adds another receiver's samples to these.
    pub fn merge(&mut self, other: LatencySamples) {
        self.micros.extend(other.micros);
    }

    pub fn len(&self) -> usize {
        self.micros.len()
    }

    pub fn is_empty(&self) -> bool {
        self.micros.is_empty()
    }

    /// Nearest-rank percentiles in milliseconds; `None` when nothing was received.
    pub fn summary(mut self) -> Option<LatencySummary> {
        if self.micros.is_empty() {
            return None;
        }
        self.micros.sort_unstable();
        let sorted = &self.micros;
        let rank = |p: f64| {
            let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
            sorted[rank.clamp(1, sorted.len()) - 1]
        };
        let ms = |micros: u32| f64::from(micros) / 1000.0;
        Some(LatencySummary {
            p50_ms: ms(rank(50.0)),
            p99_ms: ms(rank(99.0)),
            max_ms: ms(sorted[sorted.len() - 1]),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let mut samples = LatencySamples::default();
        for micros in (1..=100).rev() {
            samples.record(Duration::from_micros(micros * 1000));
        }
        let summary = samples.summary().unwrap();
        assert_eq!(summary.p50_ms, 50.0);
        assert_eq!(summary.p99_ms, 99.0);
        assert_eq!(summary.max_ms, 100.0);
    }

    #[test]
    fn merged_samples_count_once_each() {
        let mut a = LatencySamples::default();
        a.record(Duration::from_micros(1500));
        let mut b = LatencySamples::default();
        b.record(Duration::from_micros(2500));
        b.record(Duration::from_micros(3500));
        a.merge(b);
        assert_eq!(a.len(), 3);
        let summary = a.summary().unwrap();
        assert_eq!(summary.p50_ms, 2.5);
        assert_eq!(summary.max_ms, 3.5);
    }

    #[test]
    fn no_samples_give_no_summary() {
        assert!(LatencySamples::default().summary().is_none());
    }

    #[test]
    fn absurd_latencies_saturate_instead_of_wrapping() {
        let mut samples = LatencySamples::default();
        samples.record(Duration::from_secs(10 * 3600));
        assert_eq!(
            samples.summary().unwrap().max_ms,
            f64::from(u32::MAX) / 1000.0
        );
    }
}
