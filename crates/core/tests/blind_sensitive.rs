//! Single messages written blind in session 15 by helper agents that saw no code, in two
//! sets of 240 (`tests/fixtures/escalation/sensitive_2026_12_06.jsonl`, then `…b.jsonl`
//! written after the first set's fixes): in each, 120 that raise a sensitive topic (15 each of
//! fraud, a taken-over account, legal, personal data typed into the chat, injury or danger,
//! harassment, distress, bereavement or hardship; some in other languages) and 120 that use the
//! same words harmlessly ("tennis court", "died laughing 😂", "the Stalker Next Door on blu
//! ray"). First runs: 64 and 68 of 120 handed over (distress 5 and 7 of 15); 23 and 16
//! look-alikes read as sensitive. Today 233 of 240 are handed over and 12 of 240 look-alikes
//! are read as sensitive. The floors sit a little below.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use tandem_core::escalation::{EscalationPolicy, EscalationReason, PolicyConfig, observe_message};
use tandem_core::sentiment::LexiconSentiment;

/// The first set, then a second one written by two more helpers after the first set's fixes.
const SETS: [&str; 2] = [
    include_str!("../../../tests/fixtures/escalation/sensitive_2026_12_06.jsonl"),
    include_str!("../../../tests/fixtures/escalation/sensitive_2026_12_06b.jsonl"),
];
const FAQ: &str = include_str!("../../../tests/fixtures/escalation/faq.json");

#[test]
fn blind_sensitive_messages_are_handed_over_and_the_same_words_used_harmlessly_are_not() {
    let (faq, matcher) = common::semantic_matcher("faq.json", FAQ, &common::table());
    let model = LexiconSentiment::new();
    let (mut raised, mut handed_over, mut other, mut read_as_sensitive) = (0, 0, 0, 0);
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
        if case["sensitive"].as_bool().unwrap() {
            raised += 1;
            handed_over += usize::from(reason.is_some());
        } else {
            other += 1;
            read_as_sensitive += usize::from(reason == Some(EscalationReason::Sensitive));
        }
    }
    eprintln!(
        "handed over {handed_over} of {raised}; {read_as_sensitive} of {other} read as sensitive"
    );
    assert_eq!((raised, other), (240, 240), "every message was read");
    assert!(
        handed_over * 100 >= 95 * raised,
        "handed over {handed_over} of {raised}"
    );
    assert!(
        read_as_sensitive * 100 <= 8 * other,
        "{read_as_sensitive} of {other} read as sensitive"
    );
}
