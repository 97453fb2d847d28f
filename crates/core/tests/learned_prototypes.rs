//! An FAQ with many phrasings per entry gets learned prototypes in the semantic channel
//! (crates/core/src/faq/matcher/prototypes.rs); one with a site's few keeps its centroids.
//! The fixture, `tests/many_phrasings/`, is five easily confused card entries with twelve
//! phrasings each and visitor questions none of them contains; the widget's worker is held to
//! the same questions in Chromium (crates/ml-worker/src/tests.rs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde::Deserialize;
use std::sync::Arc;
use tandem_core::embed::StaticEmbedding;
use tandem_core::faq::{Faq, FaqEntry, Matcher, MatcherConfig};

const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");
const FAQ: &str = include_str!("many_phrasings/faq.json");
const QUESTIONS: &str = include_str!("many_phrasings/questions.jsonl");

#[derive(Deserialize)]
struct Question {
    text: String,
    expect: String,
}

fn matcher(faq: &Faq) -> Matcher {
    let table = Arc::new(StaticEmbedding::from_bytes(TABLE).unwrap());
    Matcher::with_embedding(faq, MatcherConfig::default(), table)
}

fn cards() -> Faq {
    Faq::parse("faq.json", FAQ).unwrap().faq
}

#[test]
fn an_faq_with_twelve_phrasings_per_entry_learns_prototypes() {
    assert!(matcher(&cards()).learned_prototypes());
}

#[test]
fn the_same_faq_cut_to_three_phrasings_per_entry_keeps_its_centroids() {
    let cut: Vec<FaqEntry> = cards()
        .entries()
        .iter()
        .map(|e| FaqEntry {
            alternatives: e.alternatives.iter().take(2).cloned().collect(),
            ..e.clone()
        })
        .collect();
    let matcher = matcher(&Faq::from_entries(cut));
    assert!(matcher.is_semantic());
    assert!(!matcher.learned_prototypes());
}

#[test]
fn with_learned_prototypes_every_visitor_question_ranks_its_entry_first() {
    let faq = cards();
    let matcher = matcher(&faq);
    for line in QUESTIONS.lines().filter(|l| !l.trim().is_empty()) {
        let q: Question = serde_json::from_str(line).unwrap();
        let best = matcher.ask(&q.text).suggestions[0].id.clone();
        assert_eq!(best, q.expect, "{:?}", q.text);
    }
}

#[test]
fn the_lexical_matcher_learns_nothing() {
    assert!(!Matcher::new(&cards()).learned_prototypes());
}
