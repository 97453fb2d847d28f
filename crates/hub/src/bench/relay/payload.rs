//! What a relay benchmark message says about itself.
//!
//! The text of every message names its stream (conversation index and direction), its number
//! in that stream and the moment it was scheduled to be sent (microseconds since the run's
//! start). The receiver needs nothing else to count loss, duplicates, order and latency, so
//! senders and receivers share no maps. Ids follow the same scheme, so they are unique per run
//! and valid protocol ids.

use crate::bench::tally::StreamId;

const PREFIX: &str = "tandem-bench";

/// One benchmark message's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payload {
    pub stream: StreamId,
    pub number: u64,
    pub scheduled_micros: u64,
}

impl Payload {
    /// The message text, e.g. `tandem-bench 7 v 42 1250000`.
    pub fn text(&self) -> String {
        format!(
            "{PREFIX} {} {} {} {}",
            self.stream.conversation,
            direction(self.stream.to_agent),
            self.number,
            self.scheduled_micros
        )
    }

    /// The idempotency key, e.g. `b7v42`: unique per stream and number.
    pub fn id(&self) -> String {
        format!(
            "b{}{}{}",
            self.stream.conversation,
            direction(self.stream.to_agent),
            self.number
        )
    }

    /// Reads an id written by [`Payload::id`] back into its stream and number.
    pub fn parse_id(id: &str) -> Option<(StreamId, u64)> {
        let rest = id.strip_prefix('b')?;
        let split = rest.find(['v', 'a'])?;
        let conversation = rest[..split].parse().ok()?;
        let to_agent = rest[split..].starts_with('v');
        let number = rest[split + 1..].parse().ok()?;
        Some((
            StreamId {
                conversation,
                to_agent,
            },
            number,
        ))
    }

    /// Reads a text written by [`Payload::text`]; `None` for anything else (the hub's own
    /// lines, another client's chat).
    pub fn parse(text: &str) -> Option<Payload> {
        let mut words = text.split(' ');
        if words.next()? != PREFIX {
            return None;
        }
        let conversation = words.next()?.parse().ok()?;
        let to_agent = match words.next()? {
            "v" => true,
            "a" => false,
            _ => return None,
        };
        let number = words.next()?.parse().ok()?;
        let scheduled_micros = words.next()?.parse().ok()?;
        if words.next().is_some() {
            return None;
        }
        Some(Payload {
            stream: StreamId {
                conversation,
                to_agent,
            },
            number,
            scheduled_micros,
        })
    }
}

/// `v` for visitor→agent, `a` for agent→visitor.
fn direction(to_agent: bool) -> &'static str {
    if to_agent { "v" } else { "a" }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn sample(to_agent: bool) -> Payload {
        Payload {
            stream: StreamId {
                conversation: 7,
                to_agent,
            },
            number: 42,
            scheduled_micros: 1_250_000,
        }
    }

    #[test]
    fn a_payload_reads_back_from_its_own_text() {
        for to_agent in [true, false] {
            let payload = sample(to_agent);
            assert_eq!(Payload::parse(&payload.text()), Some(payload));
        }
    }

    #[test]
    fn ids_are_valid_protocol_ids_and_differ_by_direction() {
        let (v, a) = (sample(true).id(), sample(false).id());
        assert_eq!(v, "b7v42");
        assert_ne!(v, a);
        assert!(tandem_core::protocol::valid_id(&v));
    }

    #[test]
    fn an_id_reads_back_into_its_stream_and_number() {
        for to_agent in [true, false] {
            let payload = sample(to_agent);
            assert_eq!(
                Payload::parse_id(&payload.id()),
                Some((payload.stream, payload.number))
            );
        }
        assert_eq!(Payload::parse_id("b7x42"), None);
        assert_eq!(Payload::parse_id("m-1"), None);
    }

    #[test]
    fn other_texts_are_not_benchmark_messages() {
        for text in [
            "hello",
            "tandem-bench 7 x 42 1",
            "tandem-bench 7 v 42",
            "tandem-bench 7 v 42 1 extra",
            "tandem-bench -1 v 42 1",
        ] {
            assert_eq!(Payload::parse(text), None, "{text}");
        }
    }
}
