//! Single messages written blind by helper agents that saw no code: session 14's 240
//! (`tests/fixtures/escalation/requests_2026_12_06.jsonl`: 120 ways of asking for a person —
//! availability questions, roles, callbacks, learners' English, six other languages — and 120
//! messages that use the same words in other senses: "travel agent", "per person", "staff
//! discount", "password manager") and session 15's 120 (`requests_2026_12_06b.jsonl`, 60 + 60,
//! written after session 14's fixes). First runs: 78 of 120 and 53 of 60 requests handed over,
//! 2 and 6 look-alikes read as requests. Today 179 of 180 requests are handed over and 1 of 180
//! look-alikes is read as a request. The floors sit a little below, so a rule change that loses
//! ways of asking fails the test command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use tandem_core::escalation::{EscalationPolicy, EscalationReason, PolicyConfig, observe_message};
use tandem_core::sentiment::LexiconSentiment;

/// Session 14's set, then session 15's (written by another helper, 60 + 60).
const SETS: [&str; 2] = [
    include_str!("../../../tests/fixtures/escalation/requests_2026_12_06.jsonl"),
    include_str!("../../../tests/fixtures/escalation/requests_2026_12_06b.jsonl"),
];
const FAQ: &str = include_str!("../../../tests/fixtures/escalation/faq.json");

#[test]
fn blind_requests_for_a_person_are_handed_over_and_the_same_words_in_other_senses_are_not() {
    let (faq, matcher) = common::semantic_matcher("faq.json", FAQ, &common::table());
    let model = LexiconSentiment::new();
    let (mut asked, mut handed_over, mut other, mut read_as_request) = (0, 0, 0, 0);
    for line in SETS
        .iter()
        .flat_map(|set| set.lines())
        .filter(|l| !l.trim().is_empty())
    {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = case["text"].as_str().unwrap();
        let mut policy = EscalationPolicy::new(PolicyConfig::default());
        let verdict = observe_message(&mut policy, &faq, &matcher, &model, text);
        let reason = verdict.decision.escalation().map(|e| e.reason);
        if case["request"].as_bool().unwrap() {
            asked += 1;
            handed_over += usize::from(reason.is_some());
        } else {
            other += 1;
            read_as_request += usize::from(reason == Some(EscalationReason::Request));
        }
    }
    eprintln!(
        "handed over {handed_over} of {asked}; {read_as_request} of {other} read as requests"
    );
    assert_eq!((asked, other), (180, 180), "every message was read");
    assert!(
        handed_over * 100 >= 95 * asked,
        "handed over {handed_over} of {asked}"
    );
    assert!(
        read_as_request * 100 <= 2 * other,
        "{read_as_request} of {other} read as requests"
    );
}
