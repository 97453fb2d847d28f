//! What one batch of lines needs written, worked out in memory before the database is touched:
//! the counter bump per conversation, the rows to insert, and finally each caller's outcome.

use std::collections::HashMap;

use super::OwnedLine;
use crate::store::{Appended, Direction, StoreError, StoreResult};

/// Why a conversation's new lines were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Closed,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
enum Slot {
    /// Stored before this batch (a resend): its original seq.
    Stored(Appended),
    /// The first copy of a new line in this batch; its seq once the counters are bumped.
    New(Option<u64>),
    /// A later copy of the line at that index of the same batch.
    SameAs(usize),
    /// Its conversation took no lines.
    Refused(Outcome),
}

/// How many new lines a conversation gets in each direction, and its last new line (whose
/// text and time become the conversation's preview and `updated_at`, as if the lines had been
/// written one by one).
pub(super) struct Bump<'a> {
    pub(super) conversation: &'a str,
    pub(super) from_visitor: u64,
    pub(super) to_visitor: u64,
    pub(super) last: &'a OwnedLine,
}

pub(super) struct BatchPlan<'a> {
    lines: &'a [&'a OwnedLine],
    slots: Vec<Slot>,
}

type Key<'a> = (&'a str, &'static str, &'a str);

fn key<'a>(line: &'a OwnedLine) -> Key<'a> {
    (
        line.conversation.as_str(),
        Direction::of(line.author).column(),
        line.id.as_str(),
    )
}

impl<'a> BatchPlan<'a> {
    pub(super) fn new(lines: &'a [&'a OwnedLine]) -> BatchPlan<'a> {
        BatchPlan {
            lines,
            slots: vec![Slot::New(None); lines.len()],
        }
    }

    /// Takes `stored(index, line)`, the stored `(seq, at)` of a line with that id, if any; every
    /// other line is new, except a repeat of an id earlier in the same batch.
    pub(super) fn mark_stored(&mut self, stored: impl Fn(usize, &OwnedLine) -> Option<(u64, i64)>) {
        let mut first_copy: HashMap<Key<'a>, usize> = HashMap::new();
        for (index, line) in self.lines.iter().enumerate() {
            self.slots[index] = if let Some((seq, at)) = stored(index, line) {
                Slot::Stored(Appended {
                    seq,
                    at,
                    duplicate: true,
                })
            } else if let Some(&first) = first_copy.get(&key(line)) {
                Slot::SameAs(first)
            } else {
                first_copy.insert(key(line), index);
                Slot::New(None)
            };
        }
    }

    pub(super) fn has_new_lines(&self) -> bool {
        self.slots.iter().any(|slot| matches!(slot, Slot::New(_)))
    }

    /// One bump per conversation with new lines, in order of first appearance.
    pub(super) fn bumps(&self) -> Vec<Bump<'a>> {
        let mut bumps: Vec<Bump<'a>> = Vec::new();
        let mut index_of: HashMap<&str, usize> = HashMap::new();
        for (line, slot) in self.lines.iter().zip(&self.slots) {
            if !matches!(slot, Slot::New(_)) {
                continue;
            }
            let at = *index_of
                .entry(line.conversation.as_str())
                .or_insert_with(|| {
                    bumps.push(Bump {
                        conversation: &line.conversation,
                        from_visitor: 0,
                        to_visitor: 0,
                        last: line,
                    });
                    bumps.len() - 1
                });
            let bump = &mut bumps[at];
            match Direction::of(line.author) {
                Direction::FromVisitor => bump.from_visitor += 1,
                Direction::ToVisitor => bump.to_visitor += 1,
            }
            bump.last = line;
        }
        bumps
    }

    /// Takes each bump's counters after it ran (`after[i]` for `bumps[i]`, as `(visitor seq,
    /// agent seq)`, or `None` when no open conversation matched) and numbers each
    /// conversation's new lines in arrival order, ending at those values. Returns the
    /// conversations that were not bumped (closed or unknown), for the caller to refuse.
    pub(super) fn assign_seqs(
        &mut self,
        bumps: &[Bump<'a>],
        after: &[Option<(i64, i64)>],
    ) -> Vec<&'a str> {
        let mut next: HashMap<&str, (u64, u64)> = HashMap::new();
        let mut missing = Vec::new();
        for (bump, counters) in bumps.iter().zip(after) {
            match *counters {
                Some((visitor, agent)) => {
                    let first =
                        |last: i64, count: u64| (last.max(0) as u64 + 1).saturating_sub(count);
                    next.insert(
                        bump.conversation,
                        (
                            first(visitor, bump.from_visitor),
                            first(agent, bump.to_visitor),
                        ),
                    );
                }
                None => missing.push(bump.conversation),
            }
        }
        for (line, slot) in self.lines.iter().zip(self.slots.iter_mut()) {
            let (Slot::New(seq), Some(counters)) = (slot, next.get_mut(line.conversation.as_str()))
            else {
                continue;
            };
            let counter = match Direction::of(line.author) {
                Direction::FromVisitor => &mut counters.0,
                Direction::ToVisitor => &mut counters.1,
            };
            *seq = Some(*counter);
            *counter += 1;
        }
        missing
    }

    /// Refuses every new line of the conversation.
    pub(super) fn refuse(&mut self, conversation: &str, why: Outcome) {
        for (line, slot) in self.lines.iter().zip(self.slots.iter_mut()) {
            if line.conversation == conversation && matches!(slot, Slot::New(_)) {
                *slot = Slot::Refused(why);
            }
        }
    }

    /// The lines to insert, each with its assigned seq, in batch order.
    pub(super) fn new_rows(&self) -> impl Iterator<Item = (&'a OwnedLine, u64)> + '_ {
        self.lines
            .iter()
            .zip(&self.slots)
            .filter_map(|(line, slot)| match slot {
                Slot::New(Some(seq)) => Some((*line, *seq)),
                _ => None,
            })
    }

    fn outcome(&self, index: usize) -> StoreResult<Appended> {
        let line = self.lines[index];
        match &self.slots[index] {
            Slot::Stored(appended) => Ok(*appended),
            Slot::New(Some(seq)) => Ok(Appended {
                seq: *seq,
                at: line.at,
                duplicate: false,
            }),
            Slot::New(None) => Err(StoreError::Corrupt(format!(
                "no seq was assigned to line {}",
                line.id
            ))),
            Slot::SameAs(first) => self.outcome(*first).map(|first| Appended {
                duplicate: true,
                ..first
            }),
            Slot::Refused(Outcome::Closed) => Err(StoreError::Closed),
            Slot::Refused(Outcome::Unknown) => {
                Err(StoreError::UnknownConversation(line.conversation.clone()))
            }
        }
    }

    /// Each line's outcome, in batch order.
    pub(super) fn outcomes(&self) -> Vec<StoreResult<Appended>> {
        (0..self.lines.len())
            .map(|index| self.outcome(index))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use tandem_core::protocol::Author;

    fn line(conversation: &str, id: &str, author: Author, text: &str, at: i64) -> OwnedLine {
        OwnedLine {
            conversation: conversation.into(),
            id: id.into(),
            author,
            name: None,
            text: text.into(),
            at,
        }
    }

    fn bumps_of(plan: &BatchPlan) -> Vec<(String, u64, u64, String)> {
        plan.bumps()
            .iter()
            .map(|b| {
                let text = b.last.text.clone();
                (b.conversation.into(), b.from_visitor, b.to_visitor, text)
            })
            .collect()
    }

    fn rows_of(plan: &BatchPlan) -> Vec<(String, String, u64)> {
        plan.new_rows()
            .map(|(line, seq)| (line.conversation.clone(), line.id.clone(), seq))
            .collect()
    }

    #[test]
    fn new_lines_are_numbered_per_conversation_and_direction_in_arrival_order() {
        let owned = [
            line("a", "1", Author::Visitor, "hi", 1),
            line("b", "1", Author::Visitor, "hello", 2),
            line("a", "2", Author::Agent, "yes?", 3),
            line("a", "3", Author::Bot, "answer", 4),
        ];
        let lines: Vec<&OwnedLine> = owned.iter().collect();
        let mut plan = BatchPlan::new(&lines);
        plan.mark_stored(|_, _| None);
        assert_eq!(
            bumps_of(&plan),
            [
                ("a".into(), 2, 1, "answer".into()),
                ("b".into(), 1, 0, "hello".into())
            ]
        );
        // after the bump, a's counters stand at visitor 7 / agent 3, b's at 1 / 0
        let bumps = plan.bumps();
        let missing = plan.assign_seqs(&bumps, &[Some((7, 3)), Some((1, 0))]);
        assert!(missing.is_empty());
        let seqs: Vec<u64> = plan
            .outcomes()
            .into_iter()
            .map(|o| o.unwrap().seq)
            .collect();
        assert_eq!(seqs, [6, 1, 3, 7]);
        assert_eq!(
            rows_of(&plan),
            [
                ("a".into(), "1".into(), 6),
                ("b".into(), "1".into(), 1),
                ("a".into(), "2".into(), 3),
                ("a".into(), "3".into(), 7)
            ]
        );
    }

    #[test]
    fn a_resend_keeps_its_stored_seq_and_a_repeat_inside_the_batch_is_a_duplicate() {
        let owned = [
            line("a", "old", Author::Visitor, "stored before", 9),
            line("a", "new", Author::Visitor, "first copy", 10),
            line("a", "new", Author::Visitor, "second copy", 11),
        ];
        let lines: Vec<&OwnedLine> = owned.iter().collect();
        let mut plan = BatchPlan::new(&lines);
        plan.mark_stored(|_, line| (line.id == "old").then_some((4, 8)));
        let bumps = plan.bumps();
        plan.assign_seqs(&bumps, &[Some((5, 0))]);
        let outcomes: Vec<Appended> = plan.outcomes().into_iter().map(|o| o.unwrap()).collect();
        assert_eq!(
            outcomes,
            [
                Appended {
                    seq: 4,
                    at: 8,
                    duplicate: true
                },
                Appended {
                    seq: 5,
                    at: 10,
                    duplicate: false
                },
                Appended {
                    seq: 5,
                    at: 10,
                    duplicate: true
                },
            ]
        );
        assert_eq!(rows_of(&plan), [("a".into(), "new".into(), 5)]);
    }

    #[test]
    fn a_conversation_that_was_not_bumped_refuses_its_lines_and_spares_the_others() {
        let owned = [
            line("open", "1", Author::Agent, "hi", 1),
            line("shut", "1", Author::Agent, "hi", 1),
            line("shut", "1", Author::Agent, "hi again", 2),
            line("gone", "1", Author::Agent, "hi", 1),
        ];
        let lines: Vec<&OwnedLine> = owned.iter().collect();
        let mut plan = BatchPlan::new(&lines);
        plan.mark_stored(|_, _| None);
        let bumps = plan.bumps();
        let missing = plan.assign_seqs(&bumps, &[Some((0, 1)), None, None]);
        assert_eq!(missing, ["shut", "gone"]);
        plan.refuse("shut", Outcome::Closed);
        plan.refuse("gone", Outcome::Unknown);
        let outcomes = plan.outcomes();
        assert_eq!(outcomes[0].as_ref().unwrap().seq, 1);
        assert!(matches!(outcomes[1], Err(StoreError::Closed)));
        assert!(matches!(outcomes[2], Err(StoreError::Closed)));
        assert!(matches!(&outcomes[3], Err(StoreError::UnknownConversation(c)) if c == "gone"));
        assert_eq!(rows_of(&plan), [("open".into(), "1".into(), 1)]);
    }
}
