#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::sentiment::LexiconSentiment;

/// A model that always answers the same scores, to pin the arithmetic.
struct Fixed(SentimentScores);

impl SentimentModel for Fixed {
    fn name(&self) -> &str {
        "fixed"
    }
    fn score(&self, _text: &str) -> SentimentScores {
        self.0
    }
}

fn scores(negative: f32, neutral: f32, positive: f32, frustration: f32) -> SentimentScores {
    SentimentScores {
        negative,
        neutral,
        positive,
        frustration,
    }
}

fn sum(s: SentimentScores) -> f32 {
    s.negative + s.neutral + s.positive
}

#[test]
fn the_blend_is_the_weighted_average_of_both_models() {
    let model = Fixed(scores(0.8, 0.2, 0.0, 0.6));
    let fallback = Fixed(scores(0.0, 0.5, 0.5, 0.2));
    let blend = BlendedSentiment::new(Some(model), fallback, 0.25).unwrap();
    let s = blend.score("anything");
    assert!((s.negative - 0.2).abs() < 1e-6, "{s:?}");
    assert!((s.neutral - 0.425).abs() < 1e-6, "{s:?}");
    assert!((s.positive - 0.375).abs() < 1e-6, "{s:?}");
    assert!((s.frustration - 0.3).abs() < 1e-6, "{s:?}");
}

#[test]
fn blended_probabilities_sum_to_one_on_real_messages() {
    let blend = BlendedSentiment::with_default_weight(
        Some(Fixed(scores(0.1, 0.3, 0.6, 0.0))),
        LexiconSentiment::new(),
    );
    for text in [
        "",
        "THIS IS RIDICULOUS!!!",
        "thanks, all sorted 🙂",
        "où est ma commande ?",
    ] {
        let s = blend.score(text);
        assert!((sum(s) - 1.0).abs() < 1e-5, "{text:?}: {s:?}");
        assert!((0.0..=1.0).contains(&s.frustration), "{text:?}: {s:?}");
    }
}

#[test]
fn without_a_model_the_fallback_scores_alone() {
    let lexicon = LexiconSentiment::new();
    let blend = BlendedSentiment::<Fixed, _>::with_default_weight(None, LexiconSentiment::new());
    assert!(!blend.has_model());
    assert!(blend.name().contains("lexicon"), "{}", blend.name());
    let text = "my parcel is two weeks late and nobody answers";
    assert_eq!(blend.score(text), lexicon.score(text));
}

#[test]
fn a_model_returning_nan_or_zeros_is_ignored_instead_of_poisoning_the_blend() {
    let fallback = scores(0.7, 0.2, 0.1, 0.5);
    for broken in [
        scores(f32::NAN, 0.5, 0.5, 0.0),
        scores(0.0, 0.0, 0.0, 0.0),
        scores(f32::INFINITY, 0.0, 0.0, 0.0),
    ] {
        let blend = BlendedSentiment::new(Some(Fixed(broken)), Fixed(fallback), 0.9).unwrap();
        assert_eq!(blend.score("x"), fallback, "{broken:?}");
    }
    let both_broken = blend(
        scores(f32::NAN, 0.0, 0.0, 0.0),
        scores(0.0, 0.0, 0.0, 0.0),
        0.5,
    );
    assert_eq!(both_broken, SentimentScores::NEUTRAL);
}

#[test]
fn weights_outside_zero_to_one_are_refused() {
    for weight in [-0.1, 1.5, f32::NAN] {
        let result = BlendedSentiment::new(
            Some(Fixed(SentimentScores::NEUTRAL)),
            Fixed(SentimentScores::NEUTRAL),
            weight,
        );
        assert!(result.is_err(), "{weight}");
    }
}

#[test]
fn weight_one_and_zero_reproduce_either_model() {
    let a = scores(0.6, 0.3, 0.1, 0.9);
    let b = scores(0.1, 0.1, 0.8, 0.0);
    assert_eq!(blend(a, b, 1.0), a);
    assert_eq!(blend(a, b, 0.0), b);
}

#[test]
fn a_message_of_only_emoji_or_punctuation_is_scored_by_the_lexicon_alone() {
    // The model's answer on wordless messages is arbitrary (it gave four angry faces 1.00
    // positive); the fake model here says "delighted" to show it is not consulted.
    let model = Fixed(scores(0.0, 0.0, 1.0, 0.0));
    let blend = BlendedSentiment::new(Some(model), LexiconSentiment::new(), 0.5).unwrap();
    let angry = blend.score("😡😡😡😡");
    assert!(angry.negative > 0.9 && angry.frustration > 0.6, "{angry:?}");
    let lexicon = LexiconSentiment::new().score("😡😡😡😡");
    assert!(
        (angry.negative - lexicon.negative).abs() < 1e-6,
        "{angry:?} {lexicon:?}"
    );
    assert!((angry.frustration - lexicon.frustration).abs() < 1e-6);
    // With words the model is blended in as usual.
    assert!(blend.score("the parcel is late 😡").positive >= 0.5 - 1e-6);
}
