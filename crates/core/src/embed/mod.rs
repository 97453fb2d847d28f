//! Static sentence embeddings: a table of WordPiece vectors distilled from all-MiniLM-L6-v2
//! (`models/faq-embed.tev`, made by `models/faq_embed/distill.py`).
//!
//! A sentence's vector is the sum of its pieces' rows (each row already carries its piece's
//! frequency weight, so "the" counts little), scaled to unit length; similarity is the dot
//! product. No model runs: it is a lookup and a sum, so it answers in microseconds on the
//! visitor's device and catches paraphrases that share no word ("send something back" ~
//! "return an item"), which the lexical scores cannot.

mod encoder;
mod encoder_file;
pub mod kernels;
pub(crate) mod reader;
mod recent_vectors;
mod table;
mod wordpiece;

pub use encoder::SentenceEncoder;
pub(crate) use encoder::softmax;
pub use encoder_file::EncoderError;
pub use kernels::dot;
pub use recent_vectors::RecentVectors;
pub use table::{EmbedError, Pooled, StaticEmbedding};
pub use wordpiece::basic_tokens;

/// What the FAQ matcher's semantic channel needs of a sentence embedder: the static table
/// (microseconds, no context) or the contextual encoder (milliseconds, reads context).
pub trait SentenceVectors: std::fmt::Debug + Send + Sync {
    fn dims(&self) -> usize;
    /// The unit-length vector of `text`, or `None` when it holds no known piece.
    fn embed(&self, text: &str) -> Option<Vec<f32>>;
    /// Whether the embedder knows `word` whole, as one piece (then it is no typo).
    fn knows_word(&self, word: &str) -> bool;
}

impl SentenceVectors for StaticEmbedding {
    fn dims(&self) -> usize {
        StaticEmbedding::dims(self)
    }
    fn embed(&self, text: &str) -> Option<Vec<f32>> {
        StaticEmbedding::embed(self, text)
    }
    fn knows_word(&self, word: &str) -> bool {
        self.pieces(word).len() == 1
    }
}

impl SentenceVectors for SentenceEncoder {
    fn dims(&self) -> usize {
        SentenceEncoder::dims(self)
    }
    fn embed(&self, text: &str) -> Option<Vec<f32>> {
        SentenceEncoder::embed(self, text)
    }
    fn knows_word(&self, word: &str) -> bool {
        self.pieces(word).len() == 1
    }
}

#[cfg(test)]
mod encoder_tests;
#[cfg(test)]
pub(crate) mod tests;
