//! The client ids each active conversation has stored, kept by the writer so that a resend is
//! found without a database index on client ids. Such an index puts every new line at a random
//! place (ids are the clients' own, in no order), so each line dirtied a B-tree page of its
//! own, about half of the writer's cost per line.
//!
//! Exactness: only the writer inserts lines; it loads a conversation's ids from the primary
//! key's range (inside the transaction that needs them) the first time a batch touches that
//! conversation and direction, and records an id only after the transaction that stored it
//! committed. So a cached stream is exactly what the database holds, and a stream that is not
//! cached (a restart, or an eviction) is read back before it is used.
//!
//! Size: a stream keeps a keyed 64-bit hash of every id (about 16 bytes each) and the full id
//! with its seq only for its latest lines, which are what reconnecting clients resend. An id
//! whose hash is known but which is not among the latest lines is `Unsure` and looked up in
//! the database (an old resend, or a hash collision). When the hashes pass the budget the
//! streams used longest ago are dropped, never all of them: dropping everything made every
//! batch reload every stream once the active streams together held more than the budget.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{BuildHasher, RandomState};

use crate::store::Direction;

/// Id hashes kept over all streams (about 16 MB).
const BUDGET: usize = 1_000_000;
/// Latest lines per stream kept with their full id and seq.
const RECENT: usize = 64;

/// `(seq, at)` of a stored line.
pub(super) type Stored = (u64, i64);

/// What the cache knows about a client id in a loaded stream.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Lookup {
    /// Stored, with its seq and time.
    Stored(Stored),
    /// Never stored.
    New,
    /// Perhaps stored (its hash is known): ask the database.
    Unsure,
    /// The stream is not loaded.
    NotLoaded,
}

#[derive(Default)]
struct Stream {
    hashes: HashSet<u64>,
    recent: HashMap<String, Stored>,
    order: VecDeque<String>,
    last_used: u64,
}

impl Stream {
    fn remember(&mut self, id: &str, line: Stored) {
        if self.recent.insert(id.to_owned(), line).is_none() {
            self.order.push_back(id.to_owned());
            if self.order.len() > RECENT
                && let Some(oldest) = self.order.pop_front()
            {
                self.recent.remove(&oldest);
            }
        }
    }
}

pub(super) struct KnownIds {
    /// Per direction (`FromVisitor`, `ToVisitor`): conversation → its stream.
    streams: [HashMap<String, Stream>; 2],
    /// Random keys, so nobody can pick ids whose hashes collide on purpose.
    hasher: RandomState,
    total: usize,
    clock: u64,
}

impl Default for KnownIds {
    fn default() -> KnownIds {
        KnownIds {
            streams: [HashMap::new(), HashMap::new()],
            hasher: RandomState::new(),
            total: 0,
            clock: 0,
        }
    }
}

fn slot(direction: Direction) -> usize {
    match direction {
        Direction::FromVisitor => 0,
        Direction::ToVisitor => 1,
    }
}

impl KnownIds {
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    pub(super) fn is_loaded(&self, conversation: &str, direction: Direction) -> bool {
        self.streams[slot(direction)].contains_key(conversation)
    }

    /// Takes every `(client id, seq, at)` the conversation has stored in that direction.
    pub(super) fn load(
        &mut self,
        conversation: &str,
        direction: Direction,
        mut rows: Vec<(String, i64, i64)>,
    ) {
        rows.sort_unstable_by_key(|(_, seq, _)| *seq);
        let mut stream = Stream {
            hashes: rows.iter().map(|(id, _, _)| self.hash(id)).collect(),
            ..Stream::default()
        };
        let latest = rows.len().saturating_sub(RECENT);
        for (id, seq, at) in rows.drain(latest..) {
            stream.remember(&id, (seq.max(0) as u64, at));
        }
        self.clock += 1;
        stream.last_used = self.clock;
        self.total += stream.hashes.len();
        let old = self.streams[slot(direction)].insert(conversation.to_owned(), stream);
        if let Some(old) = old {
            self.total -= old.hashes.len();
        }
    }

    /// What is known of that client id; marks the stream as used.
    pub(super) fn lookup(&mut self, conversation: &str, direction: Direction, id: &str) -> Lookup {
        let hash = self.hash(id);
        self.clock += 1;
        let clock = self.clock;
        let Some(stream) = self.streams[slot(direction)].get_mut(conversation) else {
            return Lookup::NotLoaded;
        };
        stream.last_used = clock;
        if let Some(line) = stream.recent.get(id) {
            Lookup::Stored(*line)
        } else if stream.hashes.contains(&hash) {
            Lookup::Unsure
        } else {
            Lookup::New
        }
    }

    /// A line that was just committed (a stream that is not loaded is left to its next load).
    pub(super) fn record(
        &mut self,
        conversation: &str,
        direction: Direction,
        id: &str,
        line: Stored,
    ) {
        let hash = self.hash(id);
        if let Some(stream) = self.streams[slot(direction)].get_mut(conversation) {
            if stream.hashes.insert(hash) {
                self.total += 1;
            }
            stream.remember(id, line);
        }
    }

    /// Drops the streams used longest ago until the hashes fit the budget; called between
    /// batches, never inside one.
    pub(super) fn make_room(&mut self) {
        if self.total <= BUDGET {
            return;
        }
        let mut by_age: Vec<(u64, usize, String)> = self
            .streams
            .iter()
            .enumerate()
            .flat_map(|(side, streams)| {
                streams
                    .iter()
                    .map(move |(conversation, s)| (s.last_used, side, conversation.clone()))
            })
            .collect();
        by_age.sort_unstable();
        // Down to three quarters, so that a full cache does not evict on every batch.
        for (_, side, conversation) in by_age {
            if self.total <= BUDGET / 4 * 3 {
                break;
            }
            if let Some(stream) = self.streams[side].remove(&conversation) {
                self.total -= stream.hashes.len();
            }
        }
    }

    #[cfg(test)]
    fn held(&self) -> usize {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(prefix: &str, n: usize) -> Vec<(String, i64, i64)> {
        (0..n)
            .map(|k| (format!("{prefix}{k}"), k as i64 + 1, 0))
            .collect()
    }

    #[test]
    fn a_recorded_id_is_found_only_in_its_own_conversation_and_direction() {
        let mut known = KnownIds::default();
        known.load("c", Direction::FromVisitor, vec![("old".into(), 1, 10)]);
        known.load("c", Direction::ToVisitor, vec![]);
        known.record("c", Direction::FromVisitor, "new", (2, 20));
        assert_eq!(
            known.lookup("c", Direction::FromVisitor, "old"),
            Lookup::Stored((1, 10))
        );
        assert_eq!(
            known.lookup("c", Direction::FromVisitor, "new"),
            Lookup::Stored((2, 20))
        );
        assert_eq!(known.lookup("c", Direction::ToVisitor, "new"), Lookup::New);
        assert_eq!(
            known.lookup("other", Direction::FromVisitor, "new"),
            Lookup::NotLoaded
        );
    }

    #[test]
    fn an_unloaded_stream_records_nothing_and_must_be_loaded_first() {
        let mut known = KnownIds::default();
        known.record("c", Direction::ToVisitor, "a1", (1, 1));
        assert!(!known.is_loaded("c", Direction::ToVisitor));
        assert_eq!(
            known.lookup("c", Direction::ToVisitor, "a1"),
            Lookup::NotLoaded
        );
    }

    #[test]
    fn an_old_id_beyond_the_latest_lines_must_be_asked_of_the_database() {
        let mut known = KnownIds::default();
        known.load("c", Direction::FromVisitor, rows("m", RECENT + 10));
        assert_eq!(
            known.lookup("c", Direction::FromVisitor, "m0"),
            Lookup::Unsure
        );
        let last = format!("m{}", RECENT + 9);
        assert_eq!(
            known.lookup("c", Direction::FromVisitor, &last),
            Lookup::Stored((RECENT as u64 + 10, 0))
        );
        assert_eq!(
            known.lookup("c", Direction::FromVisitor, "never"),
            Lookup::New
        );
    }

    #[test]
    fn recording_past_the_recent_window_keeps_the_hash_of_older_lines() {
        let mut known = KnownIds::default();
        known.load("c", Direction::ToVisitor, vec![]);
        for k in 0..RECENT as u64 + 5 {
            known.record("c", Direction::ToVisitor, &format!("a{k}"), (k + 1, 0));
        }
        assert_eq!(
            known.lookup("c", Direction::ToVisitor, "a0"),
            Lookup::Unsure
        );
        assert_eq!(
            known.lookup("c", Direction::ToVisitor, "a68"),
            Lookup::Stored((69, 0))
        );
        assert_eq!(known.held(), RECENT + 5);
    }

    #[test]
    fn past_the_budget_only_the_streams_used_longest_ago_are_dropped() {
        let mut known = KnownIds::default();
        let share = BUDGET / 4;
        for name in ["a", "b", "c", "d", "e"] {
            known.load(name, Direction::FromVisitor, rows(name, share));
        }
        // "a" was loaded first but used last: "b" and "c" are the oldest now.
        let _ = known.lookup("a", Direction::FromVisitor, "x");
        known.make_room();
        assert!(known.held() <= BUDGET / 4 * 3);
        assert!(known.is_loaded("a", Direction::FromVisitor));
        assert!(!known.is_loaded("b", Direction::FromVisitor));
        assert!(!known.is_loaded("c", Direction::FromVisitor));
        assert!(known.is_loaded("e", Direction::FromVisitor));
    }

    #[test]
    fn within_the_budget_nothing_is_dropped() {
        let mut known = KnownIds::default();
        known.load("a", Direction::FromVisitor, rows("a", 1000));
        known.make_room();
        assert!(known.is_loaded("a", Direction::FromVisitor));
    }
}
