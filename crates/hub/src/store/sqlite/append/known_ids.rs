//! The client ids each active conversation has stored, kept by the writer so that a resend is
//! found without a database index on client ids. Such an index puts every new line at a random
//! place (ids are the clients' own, in no order), so each line dirtied a B-tree page of its
//! own, about half of the writer's cost per line.
//!
//! Exactness: only the writer inserts lines; it loads a conversation's ids from the primary
//! key's range (inside the transaction that needs them) the first time a batch touches that
//! conversation and direction, and records an id only after the transaction that stored it
//! committed. So a cached stream is exactly what the database holds, and a stream that is not
//! cached (a restart, or the cache starting over) is read back before it is used.

use std::collections::HashMap;

use crate::store::Direction;

/// Ids kept before the cache starts over (roughly 100 bytes each: about 20 MB).
const BUDGET: usize = 200_000;

/// `(seq, at)` of a stored line.
pub(super) type Stored = (u64, i64);

#[derive(Default)]
pub(super) struct KnownIds {
    /// Per direction (`FromVisitor`, `ToVisitor`): conversation → client id → stored line.
    streams: [HashMap<String, HashMap<String, Stored>>; 2],
    total: usize,
}

fn slot(direction: Direction) -> usize {
    match direction {
        Direction::FromVisitor => 0,
        Direction::ToVisitor => 1,
    }
}

impl KnownIds {
    pub(super) fn is_loaded(&self, conversation: &str, direction: Direction) -> bool {
        self.streams[slot(direction)].contains_key(conversation)
    }

    /// Takes every `(client id, seq, at)` the conversation has stored in that direction.
    pub(super) fn load(
        &mut self,
        conversation: &str,
        direction: Direction,
        rows: Vec<(String, i64, i64)>,
    ) {
        self.total += rows.len();
        let ids = rows
            .into_iter()
            .map(|(id, seq, at)| (id, (seq.max(0) as u64, at)))
            .collect();
        self.streams[slot(direction)].insert(conversation.to_owned(), ids);
    }

    /// The stored line with that client id; `None` also when the stream is not loaded.
    pub(super) fn find(
        &self,
        conversation: &str,
        direction: Direction,
        id: &str,
    ) -> Option<Stored> {
        self.streams[slot(direction)]
            .get(conversation)
            .and_then(|ids| ids.get(id).copied())
    }

    /// A line that was just committed (a stream that is not loaded is left to its next load).
    pub(super) fn record(
        &mut self,
        conversation: &str,
        direction: Direction,
        id: &str,
        line: Stored,
    ) {
        if let Some(ids) = self.streams[slot(direction)].get_mut(conversation)
            && ids.insert(id.to_owned(), line).is_none()
        {
            self.total += 1;
        }
    }

    /// Starts over once the budget is spent; called between batches, never inside one.
    pub(super) fn make_room(&mut self) {
        if self.total > BUDGET {
            self.streams.iter_mut().for_each(HashMap::clear);
            self.total = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_id_is_found_only_in_its_own_conversation_and_direction() {
        let mut known = KnownIds::default();
        known.load("c", Direction::FromVisitor, vec![("old".into(), 1, 10)]);
        known.load("c", Direction::ToVisitor, vec![]);
        known.record("c", Direction::FromVisitor, "new", (2, 20));
        assert_eq!(
            known.find("c", Direction::FromVisitor, "old"),
            Some((1, 10))
        );
        assert_eq!(
            known.find("c", Direction::FromVisitor, "new"),
            Some((2, 20))
        );
        assert_eq!(known.find("c", Direction::ToVisitor, "new"), None);
        assert_eq!(known.find("other", Direction::FromVisitor, "new"), None);
    }

    #[test]
    fn an_unloaded_stream_records_nothing_and_must_be_loaded_first() {
        let mut known = KnownIds::default();
        known.record("c", Direction::ToVisitor, "a1", (1, 1));
        assert!(!known.is_loaded("c", Direction::ToVisitor));
        assert_eq!(known.find("c", Direction::ToVisitor, "a1"), None);
    }

    #[test]
    fn past_the_budget_the_cache_starts_over() {
        let mut known = KnownIds::default();
        let rows = (0..=BUDGET as i64)
            .map(|n| (format!("m{n}"), n + 1, 0))
            .collect();
        known.load("c", Direction::FromVisitor, rows);
        known.make_room();
        assert!(!known.is_loaded("c", Direction::FromVisitor));
    }
}
