#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

/// One line of `models/test_vectors.jsonl`, written by `models/make_vectors.py`.
#[derive(serde::Deserialize)]
pub(crate) struct Vector {
    pub text: String,
    pub ids: Vec<u32>,
    // Read only by the ONNX parity tests, which need the `onnx` feature.
    #[cfg_attr(not(feature = "onnx"), allow(dead_code))]
    pub scores: [f32; 4],
    /// The scores with zeros for the FAQ encoder's vector (the worker before it loads).
    #[cfg_attr(not(feature = "onnx"), allow(dead_code))]
    pub scores_before_encoder: [f32; 4],
}

pub(crate) fn vectors() -> Vec<Vector> {
    include_str!("../../../../models/test_vectors.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn test_vectors_match_the_python_mirror() {
    let vectors = vectors();
    assert!(vectors.len() >= 1000, "only {} vectors", vectors.len());
    let mismatches: Vec<&str> = vectors
        .iter()
        .filter(|v| feature_ids(&v.text) != v.ids)
        .map(|v| v.text.as_str())
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} differ, e.g. {:?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(5)]
    );
}

#[test]
fn case_width_and_curly_apostrophes_do_not_change_the_features() {
    assert_eq!(
        feature_ids("where is my order"),
        feature_ids("Where Is My Ｏｒｄｅｒ")
    );
    assert_eq!(feature_ids("can't"), feature_ids("can’t"));
    assert_eq!(feature_ids("can't"), feature_ids("cant"));
}

#[test]
fn shouting_adds_a_feature_but_short_capitals_do_not() {
    let calm = feature_ids("where is my refund");
    let loud = feature_ids("WHERE is my refund");
    assert_eq!(loud.len(), calm.len() + 1);
    assert_eq!(feature_ids("OK"), feature_ids("ok"));
}

#[test]
fn emoji_and_exclamation_marks_are_tokens_of_their_own() {
    let toks: Vec<String> = tokens("late again!!😡👍🏽")
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert_eq!(toks, ["late", "again", "!", "!", "😡", "👍"]);
}

#[test]
fn empty_and_punctuation_only_messages_have_no_features() {
    assert!(feature_ids("").is_empty());
    assert!(feature_ids(" ... ,;:- ").is_empty());
    let input = model_input("");
    assert!(input.weights.iter().all(|&w| w == 0.0));
}

#[test]
fn packed_weights_sum_to_one_and_repeats_weigh_more() {
    let input = model_input("late late late");
    let total: f32 = input.weights.iter().sum();
    assert!((total - 1.0).abs() < 1e-5);
    assert!(
        input.weights[0] > input.weights[input.weights.iter().rposition(|&w| w > 0.0).unwrap()]
    );
}

#[test]
fn very_long_messages_fill_exactly_the_model_width() {
    let text: String = (0..2000).map(|i| format!("w{i} ")).collect();
    let input = model_input(&text);
    assert!(input.weights.iter().all(|&w| w > 0.0), "every slot is used");
    let one_word: String = "é".repeat(MAX_CHARS * 3);
    // MAX_CHARS bounds the word, MAX_WORD_CHARS bounds its character n-grams.
    assert_eq!(
        feature_ids(&one_word).len(),
        1 + (MAX_WORD_CHARS + 2 - 2) + (MAX_WORD_CHARS + 2 - 3)
    );
}
