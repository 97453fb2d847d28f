//! Static sentence embeddings: a table of WordPiece vectors distilled from all-MiniLM-L6-v2
//! (`models/faq-embed.tev`, made by `models/faq_embed/distill.py`).
//!
//! A sentence's vector is the sum of its pieces' rows (each row already carries its piece's
//! frequency weight, so "the" counts little), scaled to unit length; similarity is the dot
//! product. No model runs: it is a lookup and a sum, so it answers in microseconds on the
//! visitor's device and catches paraphrases that share no word ("send something back" ~
//! "return an item"), which the lexical scores cannot.

pub(crate) mod reader;
mod table;
mod wordpiece;

pub use table::{EmbedError, Pooled, StaticEmbedding, dot};
pub use wordpiece::basic_tokens;

#[cfg(test)]
pub(crate) mod tests;
