//! Single messages written blind by helper agents that saw no code: session 14's 240
//! (`tests/fixtures/escalation/requests_2026_12_06.jsonl`: 120 ways of asking for a person —
//! availability questions, roles, callbacks, learners' English, six other languages — and 120
//! messages that use the same words in other senses: "travel agent", "per person", "staff
//! discount", "password manager") and session 15's three sets of 120 (`…b`, `…c`, `…d`, 60 + 60
//! each, each written after the fixes before it). First runs: 78 of 120, then 53, 49 and 55 of
//! 60 requests handed over; 2, 6, 3 and 1 look-alikes read as requests. Today 290 of 300
//! requests are handed over and 2 of 300 look-alikes are read as requests. The floors sit a
//! little below, so a rule change that loses ways of asking fails the test command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use tandem_core::escalation::EscalationReason;

/// Session 14's set, then session 15's three (each by another helper, 60 + 60).
const SETS: [&str; 4] = [
    include_str!("../../../tests/fixtures/escalation/requests_2026_12_06.jsonl"),
    include_str!("../../../tests/fixtures/escalation/requests_2026_12_06b.jsonl"),
    include_str!("../../../tests/fixtures/escalation/requests_2026_12_06c.jsonl"),
    include_str!("../../../tests/fixtures/escalation/requests_2026_12_06d.jsonl"),
];

#[test]
fn blind_requests_for_a_person_are_handed_over_and_the_same_words_in_other_senses_are_not() {
    let t = common::replay_single_messages(&SETS, "request", EscalationReason::Request, None);
    common::assert_single_messages(&t, 300, 95, 2, "requests");
}
