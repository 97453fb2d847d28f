//! A weighted blend of two sentiment models, typically the ONNX model and the lexicon.
//!
//! WHY: the two fail differently. The model reads whole sentences (better on SST-2), the
//! hand-written lexicon knows support-chat phrasing, emoji and shouting (better on tweets and
//! complaints). Averaging their probability vectors lets each cover the other's blind spots.
//! The blend is generic so that the second model (the lexicon) keeps scoring on its own when
//! the first is missing, failed to load, or returns something that is not a probability.

use super::{SentimentModel, SentimentScores};

/// The share of the first model in [`BlendedSentiment::with_default_weight`]. Chosen on
/// TRAIN/TUNE data only (docs/quality-sentiment.md, "Blend"): never on the evaluation sets.
pub const DEFAULT_MODEL_WEIGHT: f32 = 0.6;

/// `weight × model + (1 − weight) × fallback`, renormalised so the three classes sum to 1;
/// frustration is blended with the same weight (the ONNX frustration head runs high on mild
/// messages, so taking the max would inherit its false alarms).
#[derive(Debug)]
pub struct BlendedSentiment<M, F> {
    model: Option<M>,
    fallback: F,
    weight: f32,
    name: String,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BlendError {
    #[error("blend weight must be a number between 0 and 1, got {0}")]
    BadWeight(f32),
}

impl<M: SentimentModel, F: SentimentModel> BlendedSentiment<M, F> {
    /// `weight` is the first model's share, in 0..=1.
    pub fn new(model: Option<M>, fallback: F, weight: f32) -> Result<Self, BlendError> {
        if !(0.0..=1.0).contains(&weight) {
            return Err(BlendError::BadWeight(weight));
        }
        Ok(Self::build(model, fallback, weight))
    }

    /// The blend with [`DEFAULT_MODEL_WEIGHT`], the one the widget and the CLI use.
    pub fn with_default_weight(model: Option<M>, fallback: F) -> Self {
        Self::build(model, fallback, DEFAULT_MODEL_WEIGHT)
    }

    fn build(model: Option<M>, fallback: F, weight: f32) -> Self {
        let name = match &model {
            Some(m) => format!("blend({}*{weight:.2}+{})", m.name(), fallback.name()),
            None => format!("blend(model missing: {} only)", fallback.name()),
        };
        BlendedSentiment {
            model,
            fallback,
            weight,
            name,
        }
    }

    pub fn weight(&self) -> f32 {
        self.weight
    }

    /// The model, if any.
    pub fn model(&self) -> Option<&M> {
        self.model.as_ref()
    }

    /// The model, to finish setting it up after the blend was built (the worker attaches the
    /// embedding table when it arrives).
    pub fn model_mut(&mut self) -> Option<&mut M> {
        self.model.as_mut()
    }

    /// Whether the first model is present (otherwise only the fallback scores).
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }
}

impl<M: SentimentModel, F: SentimentModel> SentimentModel for BlendedSentiment<M, F> {
    fn name(&self) -> &str {
        &self.name
    }

    fn score(&self, text: &str) -> SentimentScores {
        let fallback = self.fallback.score(text);
        match &self.model {
            // The model learnt from sentences: on a message with no word at all ("😡😡😡😡",
            // "🙂") it is outside anything it saw and answers with full but arbitrary
            // confidence (1.00 positive for four angry faces), while the lexicon has an emoji
            // table. So such messages are the lexicon's alone.
            Some(model) if text.chars().any(char::is_alphanumeric) => {
                blend(model.score(text), fallback, self.weight)
            }
            _ => sanitise(fallback).unwrap_or(SentimentScores::NEUTRAL),
        }
    }
}

/// Mixes two score vectors; a side that is not a usable probability vector is ignored, and if
/// neither is usable the message counts as neutral (never a panic, never NaN downstream).
pub fn blend(a: SentimentScores, b: SentimentScores, weight_a: f32) -> SentimentScores {
    match (sanitise(a), sanitise(b)) {
        (Some(a), Some(b)) => {
            let w = weight_a.clamp(0.0, 1.0);
            let mix = |x: f32, y: f32| w * x + (1.0 - w) * y;
            normalise(SentimentScores {
                negative: mix(a.negative, b.negative),
                neutral: mix(a.neutral, b.neutral),
                positive: mix(a.positive, b.positive),
                frustration: mix(a.frustration, b.frustration),
            })
            .unwrap_or(SentimentScores::NEUTRAL)
        }
        (Some(only), None) | (None, Some(only)) => only,
        (None, None) => SentimentScores::NEUTRAL,
    }
}

/// Clamps negatives to 0 and renormalises; `None` for NaN/infinite or all-zero vectors.
fn sanitise(s: SentimentScores) -> Option<SentimentScores> {
    let values = [s.negative, s.neutral, s.positive, s.frustration];
    if values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    normalise(s)
}

fn normalise(s: SentimentScores) -> Option<SentimentScores> {
    let (neg, neu, pos) = (s.negative.max(0.0), s.neutral.max(0.0), s.positive.max(0.0));
    let total = neg + neu + pos;
    if !total.is_finite() || total <= 0.0 {
        return None;
    }
    Some(SentimentScores {
        negative: neg / total,
        neutral: neu / total,
        positive: pos / total,
        frustration: s.frustration.clamp(0.0, 1.0),
    })
}

#[cfg(test)]
#[path = "blend_tests.rs"]
mod tests;
