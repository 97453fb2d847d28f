//! The shipped contextual encoder (models/faq-encoder.tenc) run by Rust gives the same pieces
//! and sentence vectors as the numpy reference forward pass over the same int8 weights
//! (models/faq_encoder/export.py), on the texts that script wrote. Needs neither Python nor
//! ../shared.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tandem_core::embed::{SentenceEncoder, StaticEmbedding, dot};

const ENCODER: &[u8] = include_bytes!("../../../models/faq-encoder.tenc");
const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");
const VECTORS: &str = include_str!("../../../models/faq_encoder/encoder_vectors.jsonl");

fn encoder() -> SentenceEncoder {
    SentenceEncoder::from_bytes(ENCODER).expect("the shipped encoder parses")
}

fn cases() -> impl Iterator<Item = serde_json::Value> {
    VECTORS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
}

#[test]
fn the_shipped_encoder_is_384_dimensions_and_at_most_eight_megabytes() {
    assert_eq!(encoder().dims(), 384);
    assert!(ENCODER.len() <= 8 * 1024 * 1024, "{} bytes", ENCODER.len());
}

#[test]
fn pieces_and_vectors_match_the_numpy_reference() {
    let encoder = encoder();
    let mut compared = 0;
    for case in cases() {
        let text = case["text"].as_str().unwrap();
        let pieces: Vec<&str> = case["pieces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(encoder.pieces(text), pieces, "{text:?}");
        match (encoder.embed(text), case["vector"].as_array()) {
            (None, None) => {}
            (Some(got), Some(expected)) => {
                assert_eq!(got.len(), expected.len());
                let worst = got
                    .iter()
                    .zip(expected)
                    .map(|(g, e)| (g - e.as_f64().unwrap() as f32).abs())
                    .fold(0f32, f32::max);
                assert!(worst < 1e-4, "{text:?}: off by {worst}");
                compared += 1;
            }
            (got, expected) => panic!("{text:?}: {got:?} vs {expected:?}"),
        }
    }
    assert!(compared >= 35, "only {compared} vectors compared");
}

#[test]
fn a_paraphrase_beats_a_look_alike_where_the_static_table_is_fooled_by_shared_words() {
    let encoder = encoder();
    let table = StaticEmbedding::from_bytes(TABLE).unwrap();
    let by_encoder = |a: &str, b: &str| dot(&encoder.embed(a).unwrap(), &encoder.embed(b).unwrap());
    let by_table = |a: &str, b: &str| dot(&table.embed(a).unwrap(), &table.embed(b).unwrap());
    for (question, paraphrase, look_alike) in [
        (
            "how do I cancel my subscription",
            "I want to stop paying every month",
            "how do I subscribe",
        ),
        (
            "do you deliver on sundays",
            "is there weekend delivery",
            "are you open on sundays",
        ),
    ] {
        let table_says = (
            by_table(question, paraphrase),
            by_table(question, look_alike),
        );
        assert!(
            table_says.0 < table_says.1,
            "{question}: the table {table_says:?}"
        );
        let encoder_says = (
            by_encoder(question, paraphrase),
            by_encoder(question, look_alike),
        );
        assert!(
            encoder_says.0 > encoder_says.1,
            "{question}: {encoder_says:?}"
        );
    }
}

#[test]
fn broken_files_are_refused_with_a_reason_instead_of_a_panic() {
    assert!(SentenceEncoder::from_bytes(b"TEV1").is_err());
    assert!(SentenceEncoder::from_bytes(&ENCODER[..ENCODER.len() / 2]).is_err());
    let mut longer = ENCODER.to_vec();
    longer.push(0);
    assert!(SentenceEncoder::from_bytes(&longer).is_err());
    let mut newer = ENCODER.to_vec();
    newer[4] = 2;
    let err = SentenceEncoder::from_bytes(&newer).unwrap_err();
    assert!(err.to_string().contains("version 2"), "{err}");
}
