//! The ML worker: Tandem's sentiment model run by tract inside a Web Worker.
//!
//! tract is ~1 MB of wasm after brotli, far too much for the chat shell, so the widget starts
//! this worker lazily and keeps answering with the lexicon until it is ready. The worker's
//! script fetches `sentiment.onnx`, builds a [`SentimentWorker`] from the bytes and answers
//! each visitor message with [`SentimentWorker::score`].
//!
//! Scores are `[negative, neutral, positive, frustration]`, the same numbers as
//! `tandem_core::sentiment::SentimentScores` natively (the tests check this on the committed
//! test vectors in headless Chromium).

mod assistant;

pub use assistant::Assistant;
use std::sync::Arc;
use tandem_core::embed::{SentenceEncoder, StaticEmbedding};
use tandem_core::sentiment::SentimentModel;
use tandem_core::sentiment::onnx::OnnxSentiment;
use wasm_bindgen::prelude::*;

/// A loaded and optimised sentiment model.
#[wasm_bindgen]
pub struct SentimentWorker {
    model: OnnxSentiment,
}

#[wasm_bindgen]
impl SentimentWorker {
    /// Parses, checks and optimises the model; a wrong or corrupt file is a JS `Error` whose
    /// message says why, so the widget can log it and stay on the lexicon.
    #[wasm_bindgen(constructor)]
    pub fn new(model_bytes: &[u8]) -> Result<SentimentWorker, JsError> {
        let model =
            OnnxSentiment::from_bytes(model_bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(SentimentWorker { model })
    }

    /// Gives the model the static embedding table (`models/faq-embed.tev`) it reads the
    /// sentence vector from; a JS `Error` says why a table was refused.
    pub fn load_table(&mut self, table_bytes: &[u8]) -> Result<(), JsError> {
        let table =
            StaticEmbedding::from_bytes(table_bytes).map_err(|e| JsError::new(&e.to_string()))?;
        self.model
            .attach_embedding(Arc::new(table))
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Gives the model the FAQ encoder (`models/faq-encoder.tenc`) whose sentence vector it
    /// reads; a JS `Error` says why an encoder was refused.
    pub fn load_encoder(&mut self, encoder_bytes: &[u8]) -> Result<(), JsError> {
        let encoder =
            SentenceEncoder::from_bytes(encoder_bytes).map_err(|e| JsError::new(&e.to_string()))?;
        self.model
            .attach_encoder(Arc::new(encoder))
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// `[negative, neutral, positive, frustration]` for one message (a `Float32Array` in JS).
    /// Never throws: any text, including empty or huge, gets scores.
    pub fn score(&self, text: &str) -> Vec<f32> {
        let s = self.model.score(text);
        vec![s.negative, s.neutral, s.positive, s.frustration]
    }
}

#[cfg(test)]
mod tests;
