//! [`OnnxSentiment`]: the trained model (`models/sentiment.onnx`) run by tract, natively in the
//! CLI and hub and in the browser's ML worker (wasm32).
//!
//! The model is loaded once, checked against what [`super::tokenizer`] produces (input width,
//! embedding rows) so a wrong or corrupt file is refused at load with a clear error instead of
//! failing or panicking on the first message, then optimised by tract for fixed shapes.
//!
//! A model may read a third input, `vector`: the message's static MiniLM sentence vector
//! ([`StaticEmbedding::embed`], the table the FAQ matcher uses). It carries word knowledge from
//! pre-training that the TRAIN text cannot (docs/quality-sentiment.md). Attach the table with
//! [`OnnxSentiment::with_embedding`]; until then such a model reads a zero vector and
//! [`OnnxSentiment::missing_embedding`] says so, so callers can warn.
//!
//! A model may also read a fourth input, `encoded`: the FAQ encoder's contextual sentence
//! vector ([`crate::embed::SentenceEncoder`], `models/faq-encoder.tenc`), which reads word
//! order and context the bag and the static vector cannot ("not what I expected"). The encoder
//! is large and loads late in the widget, so such a model was trained to score without it too
//! (zeros, a little less accurately); attach it with [`OnnxSentiment::attach_encoder`].

use std::path::Path;
use std::sync::Arc;

use tract_onnx::pb::ModelProto;
use tract_onnx::prelude::*;

use super::tokenizer::{self, BUCKETS, MAX_FEATURES, ModelInput};
use super::{SentimentModel, SentimentScores};
use crate::embed::{SentenceVectors, StaticEmbedding};

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
    /// Width of the `vector` input, for models that read one.
    vector_dims: Option<usize>,
    embedding: Option<Arc<StaticEmbedding>>,
    /// Width of the `encoded` input, for models that read the encoder's vector.
    encoded_dims: Option<usize>,
    encoder: Option<Arc<dyn SentenceVectors>>,
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
        let ExtraInputs {
            vector: vector_dims,
            encoded: encoded_dims,
        } = extra_inputs(&proto)?;
        let plan = onnx
            .model_for_proto_model(&proto)
            .map_err(|e| OnnxError::Incompatible(format!("{e:#}")))?
            .with_input_fact(0, i64::fact([1, MAX_FEATURES]).into())
            .and_then(|m| m.with_input_fact(1, f32::fact([1, MAX_FEATURES]).into()))
            .and_then(|m| match vector_dims {
                Some(dims) => m.with_input_fact(2, f32::fact([1, dims]).into()),
                None => Ok(m),
            })
            .and_then(|m| match encoded_dims {
                Some(dims) => m.with_input_fact(3, f32::fact([1, dims]).into()),
                None => Ok(m),
            })
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| OnnxError::Incompatible(format!("{e:#}")))?;
        let model = OnnxSentiment {
            plan,
            name,
            vector_dims,
            embedding: None,
            encoded_dims,
            encoder: None,
        };
        // One real run proves the output has the expected shape before anyone relies on it.
        model.try_score("")?;
        Ok(model)
    }

    /// Gives a model that reads the sentence vector its table (models/faq-embed.tev). A model
    /// without that input ignores it; a table of another width is refused.
    pub fn with_embedding(mut self, table: Arc<StaticEmbedding>) -> Result<Self, OnnxError> {
        self.attach_embedding(table)?;
        Ok(self)
    }

    /// [`OnnxSentiment::with_embedding`] for a model already in use (the worker gets the table
    /// after the model); on error the model keeps what it had.
    pub fn attach_embedding(&mut self, table: Arc<StaticEmbedding>) -> Result<(), OnnxError> {
        match self.vector_dims {
            Some(dims) if dims != table.dims() => Err(OnnxError::Incompatible(format!(
                "the model reads a {dims}-dim sentence vector, the embedding table has {}",
                table.dims()
            ))),
            Some(_) => {
                self.embedding = Some(table);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// True when the model reads a sentence vector but has no table yet: it then scores with a
    /// zero vector, which it was not trained for (worse, never broken).
    pub fn missing_embedding(&self) -> bool {
        self.vector_dims.is_some() && self.embedding.is_none()
    }

    /// Gives a model that reads the FAQ encoder's vector the encoder (`models/faq-encoder.tenc`,
    /// or anything with the same vectors, such as a cache in front of it). A model without that
    /// input ignores it; an encoder of another width is refused and the model keeps what it had.
    pub fn attach_encoder(&mut self, encoder: Arc<dyn SentenceVectors>) -> Result<(), OnnxError> {
        match self.encoded_dims {
            Some(dims) if dims != encoder.dims() => Err(OnnxError::Incompatible(format!(
                "the model reads a {dims}-dim encoder vector, the encoder gives {}",
                encoder.dims()
            ))),
            Some(_) => {
                self.encoder = Some(encoder);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// [`OnnxSentiment::attach_encoder`] for a model being built.
    pub fn with_encoder(mut self, encoder: Arc<dyn SentenceVectors>) -> Result<Self, OnnxError> {
        self.attach_encoder(encoder)?;
        Ok(self)
    }

    /// True when the model reads the encoder's vector but has no encoder (yet): it then scores
    /// with zeros there, as it was partly trained to (docs/quality-sentiment.md).
    pub fn missing_encoder(&self) -> bool {
        self.encoded_dims.is_some() && self.encoder.is_none()
    }

    /// The encoder's vector this model reads for `text` (empty for models without that input).
    pub fn encoded(&self, text: &str) -> Vec<f32> {
        match (self.encoded_dims, &self.encoder) {
            (None, _) => Vec::new(),
            (Some(dims), Some(encoder)) => encoder.embed(text).unwrap_or_else(|| vec![0.0; dims]),
            (Some(dims), None) => vec![0.0; dims],
        }
    }

    /// The sentence vector this model reads for `text` (empty for models without that input).
    pub fn vector(&self, text: &str) -> Vec<f32> {
        match (self.vector_dims, &self.embedding) {
            (None, _) => Vec::new(),
            (Some(dims), Some(table)) => table.embed(text).unwrap_or_else(|| vec![0.0; dims]),
            (Some(dims), None) => vec![0.0; dims],
        }
    }

    /// Scores one message, reporting tract failures instead of hiding them.
    pub fn try_score(&self, text: &str) -> Result<SentimentScores, OnnxError> {
        self.score_input(
            &tokenizer::model_input(text),
            &self.vector(text),
            &self.encoded(text),
        )
    }

    /// Scores inputs already prepared by the tokeniser, [`OnnxSentiment::vector`] and
    /// [`OnnxSentiment::encoded`] (lets benchmarks separate the costs).
    pub fn score_input(
        &self,
        input: &ModelInput,
        vector: &[f32],
        encoded: &[f32],
    ) -> Result<SentimentScores, OnnxError> {
        let ids = Tensor::from_shape(&[1, MAX_FEATURES], &input.ids).map_err(tract_err)?;
        let weights = Tensor::from_shape(&[1, MAX_FEATURES], &input.weights).map_err(tract_err)?;
        let mut inputs: TVec<TValue> = tvec!(ids.into(), weights.into());
        if let Some(dims) = self.vector_dims {
            let vector = Tensor::from_shape(&[1, dims], vector).map_err(tract_err)?;
            inputs.push(vector.into());
        }
        if let Some(dims) = self.encoded_dims {
            let encoded = Tensor::from_shape(&[1, dims], encoded).map_err(tract_err)?;
            inputs.push(encoded.into());
        }
        let outputs = self.plan.run(inputs).map_err(tract_err)?;
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

/// The widths of the optional inputs after `ids` and `weights`.
struct ExtraInputs {
    vector: Option<usize>,
    encoded: Option<usize>,
}

/// The optional third input `vector` `[1, D]` and fourth `encoded` `[1, E]`; any other extra
/// input is refused.
fn extra_inputs(proto: &ModelProto) -> Result<ExtraInputs, OnnxError> {
    let graph = proto
        .graph
        .as_ref()
        .ok_or_else(|| OnnxError::Incompatible("no graph".into()))?;
    let initializers: Vec<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    let inputs: Vec<_> = graph
        .input
        .iter()
        .filter(|i| !initializers.contains(&i.name.as_str()))
        .collect();
    let width = |input: &tract_onnx::pb::ValueInfoProto| {
        vector_width(input).ok_or_else(|| {
            OnnxError::Incompatible(format!(
                "the `{}` input has no fixed [1, D] shape",
                input.name
            ))
        })
    };
    match inputs.as_slice() {
        [_, _] => Ok(ExtraInputs {
            vector: None,
            encoded: None,
        }),
        [_, _, vector] if vector.name == "vector" => Ok(ExtraInputs {
            vector: Some(width(vector)?),
            encoded: None,
        }),
        [_, _, vector, encoded] if vector.name == "vector" && encoded.name == "encoded" => {
            Ok(ExtraInputs {
                vector: Some(width(vector)?),
                encoded: Some(width(encoded)?),
            })
        }
        other => Err(OnnxError::Incompatible(format!(
            "expected inputs ids, weights [, vector [, encoded]], found {}",
            other.len()
        ))),
    }
}

fn vector_width(input: &tract_onnx::pb::ValueInfoProto) -> Option<usize> {
    use tract_onnx::pb::tensor_shape_proto::dimension::Value;
    use tract_onnx::pb::type_proto::Value as Type;
    let Some(Type::TensorType(tensor)) = input.r#type.as_ref()?.value.as_ref() else {
        return None;
    };
    let dims = &tensor.shape.as_ref()?.dim;
    match dims.as_slice() {
        [_, d] => match d.value {
            Some(Value::DimValue(n)) if n > 0 => usize::try_from(n).ok(),
            _ => None,
        },
        _ => None,
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
