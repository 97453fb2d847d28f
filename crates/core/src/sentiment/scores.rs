use serde::{Deserialize, Serialize};

/// Probabilities over the three classes (they sum to 1) plus a separate frustration/anger
/// signal in 0..1 that the escalation policy may use.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SentimentScores {
    pub negative: f32,
    pub neutral: f32,
    pub positive: f32,
    pub frustration: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SentimentLabel {
    Negative,
    Neutral,
    Positive,
}

impl SentimentScores {
    pub const NEUTRAL: SentimentScores = SentimentScores {
        negative: 0.0,
        neutral: 1.0,
        positive: 0.0,
        frustration: 0.0,
    };

    /// The most probable class.
    pub fn label(&self) -> SentimentLabel {
        if self.negative >= self.neutral && self.negative >= self.positive {
            SentimentLabel::Negative
        } else if self.positive > self.neutral {
            SentimentLabel::Positive
        } else {
            SentimentLabel::Neutral
        }
    }
}
