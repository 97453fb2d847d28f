//! [`OnnxSentiment`]: the trained model (`models/sentiment.onnx`) run by tract, natively in the
//! CLI and hub and in the browser's ML worker (wasm32).
//!
//! The model is loaded once, checked against what [`super::tokenizer`] produces (input width,
//! embedding rows) so a wrong or corrupt file is refused at load with a clear error instead of
//! failing or panicking on the first message, then optimised by tract for fixed shapes.

use std::path::Path;

use tract_onnx::pb::ModelProto;
use tract_onnx::prelude::*;

use super::tokenizer::{self, BUCKETS, MAX_FEATURES, ModelInput};
use super::{SentimentModel, SentimentScores};

/// Name of the embedding table initializer written by `models/export_onnx.py`.
const TABLE: &str = "table_q";

type Plan = TypedRunnableModel<TypedModel>;

/// Why a model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum OnnxError {
    #[error("cannot read the sentiment model {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("not a valid ONNX file: {0}")]
    Parse(String),
    #[error("not a Tandem sentiment model: {0}")]
    Incompatible(String),
    #[error("tract could not prepare or run the model: {0}")]
    Tract(String),
}

fn tract_err(e: impl std::fmt::Debug) -> OnnxError {
    OnnxError::Tract(format!("{e:?}"))
}

/// The ONNX sentiment model, ready to score messages.
pub struct OnnxSentiment {
    /// Immutable once optimised; each run builds its own small scratch state, which keeps the
    /// model `Send + Sync` (tract's run state holds `Rc`s) so one load can serve every thread.
    plan: Plan,
    name: String,
}

impl std::fmt::Debug for OnnxSentiment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnnxSentiment")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl OnnxSentiment {
    /// Loads a model file; the report name becomes `onnx:<file name>`.
    pub fn from_path(path: &Path) -> Result<Self, OnnxError> {
        let bytes = std::fs::read(path).map_err(|source| OnnxError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        Self::from_bytes_named(&bytes, format!("onnx:{file}"))
    }

    /// Loads a model from memory (the browser worker gets the bytes from a fetch).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, OnnxError> {
        Self::from_bytes_named(bytes, "onnx".to_string())
    }

    fn from_bytes_named(bytes: &[u8], name: String) -> Result<Self, OnnxError> {
        let onnx = tract_onnx::onnx();
        let proto = onnx
            .proto_model_for_read(&mut &*bytes)
            .map_err(|e| OnnxError::Parse(format!("{e}")))?;
        check_table(&proto)?;
        let plan = onnx
            .model_for_proto_model(&proto)
            .map_err(|e| OnnxError::Incompatible(format!("{e:#}")))?
            .with_input_fact(0, i64::fact([1, MAX_FEATURES]).into())
            .and_then(|m| m.with_input_fact(1, f32::fact([1, MAX_FEATURES]).into()))
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| OnnxError::Incompatible(format!("{e:#}")))?;
        let model = OnnxSentiment { plan, name };
        // One real run proves the output has the expected shape before anyone relies on it.
        model.try_score("")?;
        Ok(model)
    }

    /// Scores one message, reporting tract failures instead of hiding them.
    pub fn try_score(&self, text: &str) -> Result<SentimentScores, OnnxError> {
        self.score_input(&tokenizer::model_input(text))
    }

    /// Scores an input the tokeniser already packed (lets benchmarks separate the two costs).
    pub fn score_input(&self, input: &ModelInput) -> Result<SentimentScores, OnnxError> {
        let ids = Tensor::from_shape(&[1, MAX_FEATURES], &input.ids).map_err(tract_err)?;
        let weights = Tensor::from_shape(&[1, MAX_FEATURES], &input.weights).map_err(tract_err)?;
        let outputs = self
            .plan
            .run(tvec!(ids.into(), weights.into()))
            .map_err(tract_err)?;
        let out = outputs
            .first()
            .ok_or_else(|| OnnxError::Incompatible("the model has no output".into()))?;
        let values = out.as_slice::<f32>().map_err(tract_err)?;
        match values {
            &[negative, neutral, positive, frustration] => Ok(SentimentScores {
                negative,
                neutral,
                positive,
                frustration,
            }),
            other => Err(OnnxError::Incompatible(format!(
                "expected 4 scores, got {}",
                other.len()
            ))),
        }
    }
}

/// Every id the tokeniser can produce must index a row of the embedding table (an
/// out-of-range Gather would panic inside tract).
fn check_table(proto: &ModelProto) -> Result<(), OnnxError> {
    let graph = proto
        .graph
        .as_ref()
        .ok_or_else(|| OnnxError::Incompatible("no graph".into()))?;
    let table = graph
        .initializer
        .iter()
        .find(|t| t.name == TABLE)
        .ok_or_else(|| OnnxError::Incompatible(format!("no `{TABLE}` embedding table")))?;
    match table.dims.first() {
        Some(&rows) if rows == i64::from(BUCKETS) => Ok(()),
        other => Err(OnnxError::Incompatible(format!(
            "embedding table has {other:?} rows, the tokeniser needs {BUCKETS}"
        ))),
    }
}

impl SentimentModel for OnnxSentiment {
    fn name(&self) -> &str {
        &self.name
    }

    /// Never panics: a failing run (which the load-time check makes very unlikely) scores as
    /// neutral, so a model problem can never escalate or silence a conversation by itself.
    fn score(&self, text: &str) -> SentimentScores {
        self.try_score(text).unwrap_or(SentimentScores::NEUTRAL)
    }
}

#[cfg(test)]
#[path = "onnx_tests.rs"]
mod tests;
