//! When each message is due. Sends are scheduled on a fixed grid from the run's start, and the
//! latency of a message is measured from its scheduled moment, not from when the sender got
//! round to it: a generator that falls behind then shows up as latency instead of silently
//! sending less (the "coordinated omission" trap).

use std::time::Duration;

/// Message `k` of one sender is due at `first + k × every`, for every `k` due before `until`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub first: Duration,
    pub every_secs: f64,
    pub until: Duration,
}

impl Pace {
    /// A sender that owns `share` of a total `rate` (messages per second), offset by `slot`
    /// positions of the total grid so that senders interleave instead of firing together.
    pub fn share(rate: f64, share: f64, slot: u64, until: Duration) -> Pace {
        let total_every = 1.0 / rate;
        Pace {
            first: Duration::from_secs_f64(total_every * slot as f64),
            every_secs: total_every / share,
            until,
        }
    }

    pub fn due(&self, k: u64) -> Duration {
        self.first + Duration::from_secs_f64(self.every_secs * k as f64)
    }

    /// How many messages this sender sends in the run.
    pub fn count(&self) -> u64 {
        if self.first >= self.until || self.every_secs <= 0.0 {
            return 0;
        }
        let span = (self.until - self.first).as_secs_f64();
        // Messages due strictly before `until`: k = 0, 1, … while first + k·every < until.
        (span / self.every_secs).ceil() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_a_rate_add_up_to_the_rate() {
        let until = Duration::from_secs(10);
        // 1,000 msg/s total: visitors 0..100 share half, the agent the other half.
        let visitors: u64 = (0..100)
            .map(|c| Pace::share(1000.0, 0.5 / 100.0, c * 2, until).count())
            .sum();
        let agent = Pace::share(1000.0, 0.5, 1, until).count();
        assert_eq!(visitors + agent, 10_000);
    }

    #[test]
    fn messages_fall_on_an_even_grid_after_the_offset() {
        let pace = Pace::share(100.0, 0.5, 3, Duration::from_secs(1));
        assert_eq!(pace.due(0), Duration::from_millis(30));
        assert_eq!(pace.due(2), Duration::from_millis(70));
        assert_eq!(pace.count(), 49);
    }

    #[test]
    fn a_sender_offset_past_the_end_sends_nothing() {
        let pace = Pace::share(1.0, 0.01, 200, Duration::from_secs(1));
        assert_eq!(pace.count(), 0);
    }
}
