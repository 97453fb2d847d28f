//! The `.tenc` file of the contextual sentence encoder: parsing into int8 layers.
//!
//! Layout (little-endian): `TENC`, u32 version (1), then u32 hidden, heads, ffn, layers,
//! rank, positions and vocabulary size N; N × (u8 length, UTF-8 piece; the last two are
//! `[CLS]` and `[SEP]`); then the tensors, each int8 matrix as one f32 scale per row followed
//! by its rows: piece rows (N × rank), projection (hidden × rank) + bias, positions
//! (positions × hidden), embedding LayerNorm (γ, β); per layer: query, key, value, output
//! (hidden × hidden + bias each), LayerNorm, up (ffn × hidden + bias), down (hidden × ffn +
//! bias), LayerNorm. Written by `models/faq_encoder/export.py`.

use std::collections::HashMap;

use super::reader::LeReader;

/// Why an encoder file could not be read.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum EncoderError {
    #[error("not a sentence encoder (expected the TENC header)")]
    BadMagic,
    #[error("sentence encoder version {0} is not supported (this build reads version 1)")]
    BadVersion(u32),
    #[error("the sentence encoder ends early, at byte {0}")]
    Truncated(usize),
    #[error("piece {0} of the sentence encoder is not UTF-8")]
    BadPiece(usize),
    #[error("the sentence encoder's shape is not supported: {0}")]
    BadShape(String),
    #[error("the sentence encoder has {0} bytes after its last tensor")]
    TrailingBytes(usize),
}

/// An int8 matrix with one scale per row: row r is `scales[r] × values[r]`.
#[derive(Debug, Clone)]
pub(super) struct QMatrix {
    pub cols: usize,
    pub scales: Vec<f32>,
    pub values: Vec<i8>,
}

impl QMatrix {
    pub fn row(&self, r: usize) -> (f32, &[i8]) {
        let start = r * self.cols;
        (
            self.scales.get(r).copied().unwrap_or(0.0),
            self.values.get(start..start + self.cols).unwrap_or(&[]),
        )
    }

    pub fn rows(&self) -> usize {
        self.scales.len()
    }
}

/// `y = W x + b` with W int8 (rows = outputs).
#[derive(Debug, Clone)]
pub(super) struct Linear {
    pub weight: QMatrix,
    pub bias: Vec<f32>,
}

#[derive(Debug, Clone)]
pub(super) struct Norm {
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
}

#[derive(Debug, Clone)]
pub(super) struct Block {
    pub query: Linear,
    pub key: Linear,
    pub value: Linear,
    pub output: Linear,
    pub norm1: Norm,
    pub up: Linear,
    pub down: Linear,
    pub norm2: Norm,
}

/// Everything the file holds, checked for shape.
#[derive(Debug, Clone)]
pub(super) struct EncoderParts {
    pub hidden: usize,
    pub heads: usize,
    pub pieces: HashMap<String, u32>,
    pub longest_piece: usize,
    pub cls: u32,
    pub sep: u32,
    pub rows: QMatrix,
    pub projection: Linear,
    pub positions: QMatrix,
    pub embed_norm: Norm,
    pub blocks: Vec<Block>,
}

struct Reader<'a>(LeReader<'a, EncoderError>);

impl Reader<'_> {
    fn dim(&mut self, name: &str, max: u32) -> Result<usize, EncoderError> {
        let v = self.0.u32()?;
        if v == 0 || v > max {
            return Err(EncoderError::BadShape(format!("{name} = {v}")));
        }
        Ok(v as usize)
    }

    fn matrix(&mut self, rows: usize, cols: usize) -> Result<QMatrix, EncoderError> {
        let scales = self.0.f32s(rows)?;
        let values = self
            .0
            .take(rows * cols)?
            .iter()
            .map(|&b| i8::from_le_bytes([b]))
            .collect();
        Ok(QMatrix {
            cols,
            scales,
            values,
        })
    }

    fn linear(&mut self, outputs: usize, inputs: usize) -> Result<Linear, EncoderError> {
        let weight = self.matrix(outputs, inputs)?;
        let bias = self.0.f32s(outputs)?;
        Ok(Linear { weight, bias })
    }

    fn norm(&mut self, n: usize) -> Result<Norm, EncoderError> {
        Ok(Norm {
            gamma: self.0.f32s(n)?,
            beta: self.0.f32s(n)?,
        })
    }
}

pub(super) fn parse(bytes: &[u8]) -> Result<EncoderParts, EncoderError> {
    let mut r = Reader(LeReader::new(bytes, EncoderError::Truncated(bytes.len())));
    if r.0.take(4)? != b"TENC" {
        return Err(EncoderError::BadMagic);
    }
    let version = r.0.u32()?;
    if version != 1 {
        return Err(EncoderError::BadVersion(version));
    }
    let hidden = r.dim("hidden", 4096)?;
    let heads = r.dim("heads", 64)?;
    if hidden % heads != 0 {
        return Err(EncoderError::BadShape(format!(
            "{heads} heads do not divide hidden = {hidden}"
        )));
    }
    let ffn = r.dim("ffn", 16384)?;
    let layers = r.dim("layers", 24)?;
    let rank = r.dim("rank", 4096)?;
    let positions = r.dim("positions", 4096)?;
    let count = r.dim("vocabulary", 1 << 20)?;
    if count < 3 || count > bytes.len() {
        return Err(EncoderError::BadShape(format!("vocabulary = {count}")));
    }
    let mut pieces = HashMap::with_capacity(count);
    let mut longest_piece = 0;
    for i in 0..count {
        let len = r.0.take(1)?[0] as usize;
        let piece = std::str::from_utf8(r.0.take(len)?).map_err(|_| EncoderError::BadPiece(i))?;
        longest_piece = longest_piece.max(piece.len());
        pieces.entry(piece.to_owned()).or_insert(i as u32);
    }
    let (cls, sep) = match (pieces.get("[CLS]"), pieces.get("[SEP]")) {
        (Some(&cls), Some(&sep)) => (cls, sep),
        _ => return Err(EncoderError::BadShape("no [CLS] or [SEP] piece".into())),
    };
    let rows = r.matrix(count, rank)?;
    let projection = r.linear(hidden, rank)?;
    let positions = r.matrix(positions, hidden)?;
    let embed_norm = r.norm(hidden)?;
    let mut blocks = Vec::with_capacity(layers);
    for _ in 0..layers {
        blocks.push(Block {
            query: r.linear(hidden, hidden)?,
            key: r.linear(hidden, hidden)?,
            value: r.linear(hidden, hidden)?,
            output: r.linear(hidden, hidden)?,
            norm1: r.norm(hidden)?,
            up: r.linear(ffn, hidden)?,
            down: r.linear(hidden, ffn)?,
            norm2: r.norm(hidden)?,
        });
    }
    if r.0.remaining() != 0 {
        return Err(EncoderError::TrailingBytes(r.0.remaining()));
    }
    Ok(EncoderParts {
        hidden,
        heads,
        pieces,
        longest_piece,
        cls,
        sep,
        rows,
        projection,
        positions,
        embed_norm,
        blocks,
    })
}
