//! The shipped table (models/faq-embed.tev) read by the Rust tokeniser gives the same pieces
//! and cosines as the Python reference that made it (models/faq_embed/tokenizer.py), on the
//! vectors that script wrote. Needs neither Python nor ../shared.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tandem_core::embed::{StaticEmbedding, dot};

const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");
const TOKENS: &str = include_str!("../../../models/faq_embed/tokenizer_vectors.jsonl");
const COSINES: &str = include_str!("../../../models/faq_embed/cosine_vectors.jsonl");

fn table() -> StaticEmbedding {
    StaticEmbedding::from_bytes(TABLE).expect("the shipped table parses")
}

fn lines(text: &str) -> impl Iterator<Item = serde_json::Value> + '_ {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
}

/// Where Rust deliberately differs from BERT: a symbol such as an emoji is split off as its
/// own token, so "great😀" keeps "great" instead of losing the whole word.
fn has_symbol(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && c > '\u{2bff}')
}

#[test]
fn the_shipped_table_is_128_dimensions_and_at_most_two_megabytes() {
    assert_eq!(table().dims(), 128);
    assert!(TABLE.len() <= 2 * 1024 * 1024, "{} bytes", TABLE.len());
}

#[test]
fn pieces_match_the_python_reference_tokeniser() {
    let table = table();
    let mut compared = 0;
    for case in lines(TOKENS) {
        let text = case["text"].as_str().unwrap();
        if has_symbol(text) {
            continue;
        }
        let expected: Vec<&str> = case["pieces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(table.pieces(text), expected, "{text:?}");
        compared += 1;
    }
    assert!(compared >= 15, "only {compared} vectors compared");
}

#[test]
fn cosines_match_the_python_reference_within_a_thousandth() {
    let table = table();
    for case in lines(COSINES) {
        let (a, b) = (case["a"].as_str().unwrap(), case["b"].as_str().unwrap());
        let expected = case["cosine"].as_f64().unwrap() as f32;
        let got = match (table.embed(a), table.embed(b)) {
            (Some(x), Some(y)) => dot(&x, &y),
            _ => 0.0,
        };
        assert!(
            (got - expected).abs() < 1e-3,
            "{a:?} ~ {b:?}: {got} vs {expected}"
        );
    }
}

#[test]
fn a_paraphrase_is_closer_than_an_unrelated_question() {
    let table = table();
    let ask = |a: &str, b: &str| dot(&table.embed(a).unwrap(), &table.embed(b).unwrap());
    let paraphrase = ask(
        "I want to talk to a person",
        "can I speak with a human agent",
    );
    let unrelated = ask("I want to talk to a person", "what is the capital of peru");
    assert!(paraphrase > unrelated + 0.2, "{paraphrase} vs {unrelated}");
}
