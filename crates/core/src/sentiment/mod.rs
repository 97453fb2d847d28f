//! The sentiment interface. The widget and the CLI score every visitor message through
//! [`SentimentModel`]; a lexicon implementation keeps everything working without a model.

pub mod blend;
pub mod lexicon;
#[cfg(feature = "onnx")]
pub mod onnx;
mod scores;
pub mod tokenizer;

pub use blend::BlendedSentiment;
pub use lexicon::LexiconSentiment;
pub use scores::{SentimentLabel, SentimentScores};

/// Anything that can score one visitor message. Implementations must never panic on input.
pub trait SentimentModel {
    /// A short name for logs and evaluation reports, e.g. `"lexicon"` or `"onnx:sentiment.onnx"`.
    fn name(&self) -> &str;
    fn score(&self, text: &str) -> SentimentScores;
}
