//! The semantic matcher also reads each entry's answer: visitors describe their situation
//! in their own words, and those words are more often in a site's answer than in its
//! question and alternatives (docs/quality-faq.md, "The answer channel").

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use tandem_core::embed::StaticEmbedding;
use tandem_core::faq::{Faq, Matcher, MatcherConfig};

const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");

const ENERGY: &str = r#"{"entries": [
 {"id": "prepayment", "question": "How do I top up my prepayment meter?", "alternatives": ["prepay meter", "pay as you go"], "answer": "Top up in the app or at any Post Office with your key or card. You can use £10 of emergency credit if you run low."},
 {"id": "power-cut", "question": "What do I do in a power cut?", "alternatives": ["no electricity", "outage"], "answer": "Check whether your neighbours have lights and whether a trip switch in your fuse box has flipped. Call 105 to report it."},
 {"id": "meter-reading", "question": "How do I submit a meter reading?", "alternatives": ["send my readings", "read my meter"], "answer": "Log in and go to Meter readings, or text READ and the numbers to 61234."},
 {"id": "tariffs", "question": "Which tariffs do you offer?", "alternatives": ["fixed or variable", "prices"], "answer": "We offer a variable tariff and fixed tariffs for 12 or 24 months."}
]}"#;

fn matcher(faq: &Faq, answer_weight: f32) -> Matcher {
    let table = Arc::new(StaticEmbedding::from_bytes(TABLE).expect("the shipped table parses"));
    let config = MatcherConfig {
        semantic_answer_weight: answer_weight,
        ..MatcherConfig::default()
    };
    Matcher::with_embedding(faq, config, table)
}

/// The entry ids in the order the matcher ranks them for `question`.
fn order(matcher: &Matcher, faq: &Faq, question: &str) -> Vec<String> {
    matcher
        .rank(question, 4)
        .into_iter()
        .map(|(entry, _)| faq.entries()[entry].id.clone())
        .collect()
}

#[test]
fn words_only_the_answer_uses_rank_the_right_entry_first() {
    // "emergency credit" is only in the prepayment answer; by its phrasings alone the matcher
    // ranks the meter-reading entry first ("credit" is near "readings" in the table).
    let faq = Faq::parse("energy.json", ENERGY).expect("valid").faq;
    let default_weight = MatcherConfig::default().semantic_answer_weight;
    let (without, with) = (matcher(&faq, 0.0), matcher(&faq, default_weight));
    let question = "can i use emergency credit";
    assert_eq!(order(&without, &faq, question)[0], "meter-reading");
    assert_eq!(order(&with, &faq, question)[0], "prepayment");
}

#[test]
fn the_answer_channel_orders_entries_but_leaves_the_calibrated_score_alone() {
    // The confidence is calibrated on public sets without answers, so the answer channel
    // must not inflate it: an entry keeps the score its phrasings give it.
    let faq = Faq::parse("energy.json", ENERGY).expect("valid").faq;
    let (without, with) = (matcher(&faq, 0.0), matcher(&faq, 0.5));
    let question = "the lights in the whole house went off";
    let score_of = |m: &Matcher| {
        m.rank(question, 4)
            .into_iter()
            .find(|r| r.0 == 1)
            .map(|r| r.1)
    };
    assert_eq!(score_of(&without), score_of(&with));
}

#[test]
fn the_same_answer_on_every_entry_changes_nothing() {
    // The converted public sets carry one placeholder answer per entry; their numbers must
    // not move because the matcher reads answers.
    let mut faq_json: serde_json::Value = serde_json::from_str(ENERGY).unwrap();
    for entry in faq_json["entries"].as_array_mut().unwrap() {
        entry["answer"] = "(Evaluation placeholder: these public sets have no answer text.)".into();
    }
    let faq = Faq::parse("placeholder.json", &faq_json.to_string())
        .expect("valid")
        .faq;
    let (without, with) = (matcher(&faq, 0.0), matcher(&faq, 0.5));
    for question in ["how do i top up", "no power at all", "what are your prices"] {
        assert_eq!(without.ask(question), with.ask(question), "{question}");
    }
}
