//! Counting what arrived against what was sent: lost, duplicated and out-of-order messages.
//!
//! Every benchmark message carries its stream (conversation × direction) and its number within
//! that stream, starting at 0. A receiver remembers which numbers it has seen, so a second
//! copy is a duplicate and a number below the highest seen so far arrived out of order. Lost is
//! what was sent and never arrived once the run has drained.

use std::collections::HashMap;

/// One direction of one conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StreamId {
    pub conversation: u32,
    pub to_agent: bool,
}

#[derive(Debug, Default)]
struct StreamSeen {
    bits: Vec<u64>,
    highest: Option<u64>,
    unique: u64,
}

/// What a receiver saw, stream by stream.
#[derive(Debug, Default)]
pub struct DeliveryTally {
    streams: HashMap<StreamId, StreamSeen>,
    pub duplicated: u64,
    pub out_of_order: u64,
}

/// Whether a received message was new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    InOrder,
    OutOfOrder,
    Duplicate,
}

impl DeliveryTally {
    /// Records message `number` of `stream` and says how it arrived.
    pub fn record(&mut self, stream: StreamId, number: u64) -> Arrival {
        let seen = self.streams.entry(stream).or_default();
        let (word, bit) = ((number / 64) as usize, number % 64);
        if seen.bits.len() <= word {
            seen.bits.resize(word + 1, 0);
        }
        if seen.bits[word] & (1 << bit) != 0 {
            self.duplicated += 1;
            return Arrival::Duplicate;
        }
        seen.bits[word] |= 1 << bit;
        seen.unique += 1;
        let arrival = match seen.highest {
            Some(highest) if number < highest => Arrival::OutOfOrder,
            _ => Arrival::InOrder,
        };
        seen.highest = seen.highest.max(Some(number));
        if arrival == Arrival::OutOfOrder {
            self.out_of_order += 1;
        }
        arrival
    }

    /// Distinct messages received over all streams.
    pub fn unique(&self) -> u64 {
        self.streams.values().map(|s| s.unique).sum()
    }

    /// Adds another receiver's tally (receivers see disjoint streams).
    pub fn merge(&mut self, other: DeliveryTally) {
        self.duplicated += other.duplicated;
        self.out_of_order += other.out_of_order;
        for (id, seen) in other.streams {
            self.streams.insert(id, seen);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: StreamId = StreamId {
        conversation: 1,
        to_agent: true,
    };
    const B: StreamId = StreamId {
        conversation: 1,
        to_agent: false,
    };

    #[test]
    fn a_second_copy_counts_as_duplicated_not_received() {
        let mut tally = DeliveryTally::default();
        assert_eq!(tally.record(A, 0), Arrival::InOrder);
        assert_eq!(tally.record(A, 0), Arrival::Duplicate);
        assert_eq!((tally.unique(), tally.duplicated), (1, 1));
    }

    #[test]
    fn a_number_below_the_highest_seen_is_out_of_order() {
        let mut tally = DeliveryTally::default();
        tally.record(A, 0);
        tally.record(A, 2);
        assert_eq!(tally.record(A, 1), Arrival::OutOfOrder);
        assert_eq!(tally.record(A, 3), Arrival::InOrder);
        assert_eq!((tally.unique(), tally.out_of_order), (4, 1));
    }

    #[test]
    fn streams_are_counted_apart_and_merged() {
        let mut a = DeliveryTally::default();
        a.record(A, 5);
        let mut b = DeliveryTally::default();
        b.record(B, 0);
        b.record(B, 200);
        a.merge(b);
        assert_eq!(a.unique(), 3);
        assert_eq!(a.out_of_order, 0);
    }
}
