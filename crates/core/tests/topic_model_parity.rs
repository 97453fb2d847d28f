//! The shipped sensitive-topic model (models/sensitive-topics.bin) read by Rust gives the
//! probabilities its trainer (models/topics/train.py) computed for the same texts, end to end
//! from the text: the trainer read features Rust dumped, so this checks the file layout, the
//! dequantisation and the forward pass. Needs neither Python nor ../shared.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use tandem_core::embed::StaticEmbedding;
use tandem_core::escalation::topic_model::{CLASSES, TopicModel, TopicModelError};

const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");
const VECTORS: &str = include_str!("../../../models/topics/vectors.jsonl");

fn table() -> Arc<StaticEmbedding> {
    Arc::new(StaticEmbedding::from_bytes(TABLE).expect("the shipped table parses"))
}

#[test]
fn the_shipped_model_reproduces_the_trainers_probabilities() {
    let model = TopicModel::shipped(table()).expect("the shipped model loads");
    let mut compared = 0;
    for line in VECTORS.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = case["text"].as_str().unwrap();
        let want: Vec<f32> = serde_json::from_value(case["probs"].clone()).unwrap();
        let got = model
            .probabilities(text)
            .expect("the vectors hold known words only");
        for (class, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(
                (g - w).abs() < 1e-4,
                "{text:?}, {}: Rust {g}, trainer {w}",
                CLASSES[class]
            );
        }
        compared += 1;
    }
    assert!(compared >= 150, "only {compared} vectors");
}

#[test]
fn the_shipped_model_is_small_and_sure_before_it_names_a_topic() {
    let model = TopicModel::shipped(table()).unwrap();
    assert!(tandem_core::escalation::topic_model::SHIPPED.len() < 96 * 1024);
    assert!(
        (0.3..1.0).contains(&model.threshold()),
        "{}",
        model.threshold()
    );
}

#[test]
fn a_broken_model_file_is_refused_with_the_reason() {
    let shipped = tandem_core::escalation::topic_model::SHIPPED;
    let refuse = |bytes: &[u8]| TopicModel::from_bytes(bytes, table()).unwrap_err();
    assert_eq!(refuse(b"TEV1...."), TopicModelError::BadMagic);
    assert_eq!(
        refuse(&shipped[..shipped.len() - 3]),
        TopicModelError::Truncated
    );
    let mut longer = shipped.to_vec();
    longer.push(0);
    assert_eq!(refuse(&longer), TopicModelError::TrailingBytes(1));
    let mut wrong_inputs = shipped.to_vec();
    wrong_inputs[4..8].copy_from_slice(&100u32.to_le_bytes());
    assert!(matches!(
        refuse(&wrong_inputs),
        TopicModelError::WrongInputs { found: 100, .. }
    ));
}

#[test]
fn a_message_of_unknown_pieces_only_gets_no_probabilities() {
    let model = TopicModel::shipped(table()).unwrap();
    assert_eq!(model.probabilities("🙂🙂"), None);
    assert_eq!(model.topic("", false), None);
}
