//! The `.tev` table: parsing and sentence vectors.
//!
//! Layout (little-endian): `TEV1`, u32 dims, u32 token count N, N × (u8 length, UTF-8 piece),
//! N × f32 row scale, N × dims i8 values (row i = piece i).

use std::collections::HashMap;

use super::reader::LeReader;
use super::wordpiece::{basic_tokens, for_each_piece};

/// Why a table could not be read.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum EmbedError {
    #[error("not an embedding table (expected the TEV1 header)")]
    BadMagic,
    #[error("the embedding table ends early, at byte {0}")]
    Truncated(usize),
    #[error("piece {0} of the embedding table is not UTF-8")]
    BadPiece(usize),
    #[error("the embedding table has {0} dimensions; 1 to 1024 are supported")]
    BadDims(u32),
    #[error("the embedding table has {0} bytes after its last row")]
    TrailingBytes(usize),
}

/// A text's rows pooled three ways ([`StaticEmbedding::pooled`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Pooled {
    pub mean: Vec<f32>,
    pub max: Vec<f32>,
    pub min: Vec<f32>,
}

/// A loaded table; cheap to share between matchers behind an `Arc`.
#[derive(Debug, Clone)]
pub struct StaticEmbedding {
    dims: usize,
    pieces: HashMap<String, u32>,
    longest_piece: usize,
    scales: Vec<f32>,
    values: Vec<i8>,
}

impl StaticEmbedding {
    /// Parses a `.tev` table, checking every length against the bytes there are.
    pub fn from_bytes(bytes: &[u8]) -> Result<StaticEmbedding, EmbedError> {
        let mut r = LeReader::new(bytes, EmbedError::Truncated(bytes.len()));
        if r.take(4)? != b"TEV1" {
            return Err(EmbedError::BadMagic);
        }
        let dims = r.u32()?;
        if !(1..=1024).contains(&dims) {
            return Err(EmbedError::BadDims(dims));
        }
        let dims = dims as usize;
        let count = r.u32()? as usize;
        // Each piece takes at least one byte: a count beyond the file is a broken file.
        if count > bytes.len() {
            return Err(EmbedError::Truncated(bytes.len()));
        }
        let mut pieces = HashMap::with_capacity(count);
        let mut longest_piece = 0;
        for i in 0..count {
            let len = r.take(1)?[0] as usize;
            let piece = std::str::from_utf8(r.take(len)?).map_err(|_| EmbedError::BadPiece(i))?;
            longest_piece = longest_piece.max(piece.len());
            pieces.entry(piece.to_owned()).or_insert(i as u32);
        }
        let scales = r.f32s(count)?;
        let values = r
            .take(count * dims)?
            .iter()
            .map(|&b| i8::from_le_bytes([b]))
            .collect();
        if r.remaining() != 0 {
            return Err(EmbedError::TrailingBytes(r.remaining()));
        }
        Ok(StaticEmbedding {
            dims,
            pieces,
            longest_piece,
            scales,
            values,
        })
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Calls `visit` with each known piece of `text` and its row, in order. Words it cannot
    /// spell from its pieces are left out, as BERT's `[UNK]` would carry no meaning here.
    fn for_each_known_piece<'t>(&'t self, text: &str, mut visit: impl FnMut(&'t str, usize)) {
        for word in basic_tokens(text) {
            for_each_piece(
                &word,
                self.longest_piece,
                |p| self.pieces.get_key_value(p),
                |(known, &row)| visit(known.as_str(), row as usize),
            );
        }
    }

    /// The WordPiece pieces of `text` that the table knows, in order.
    pub fn pieces(&self, text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        self.for_each_known_piece(text, |piece, _| out.push(piece));
        out
    }

    /// The unit-length vector of `text`, or `None` when none of its pieces is known.
    pub fn embed(&self, text: &str) -> Option<Vec<f32>> {
        let mut sum = vec![0f32; self.dims];
        let mut any = false;
        self.for_each_known_piece(text, |_, row| {
            any = true;
            self.add_row(row, &mut sum);
        });
        if !any {
            return None;
        }
        unit_length(sum)
    }

    /// The unit-length sum of `text`'s rows (what [`StaticEmbedding::embed`] returns) and,
    /// per dimension, the largest and smallest value any of its rows holds: the pooled
    /// features of the sensitive-topic model, where one telling word in a long message
    /// ("…and the tablets are right here") must not drown in the mean.
    pub fn pooled(&self, text: &str) -> Option<Pooled> {
        let mut sum = vec![0f32; self.dims];
        let mut max = vec![f32::NEG_INFINITY; self.dims];
        let mut min = vec![f32::INFINITY; self.dims];
        let mut row_values = vec![0f32; self.dims];
        let mut any = false;
        // One pass: the sum adds the rows in the same order as `embed`, so `mean` is the
        // same vector to the bit.
        self.for_each_known_piece(text, |_, row| {
            any = true;
            self.add_row(row, &mut sum);
            row_values.iter_mut().for_each(|v| *v = 0.0);
            self.add_row(row, &mut row_values);
            for ((hi, lo), &v) in max.iter_mut().zip(min.iter_mut()).zip(&row_values) {
                *hi = hi.max(v);
                *lo = lo.min(v);
            }
        });
        if !any {
            return None;
        }
        Some(Pooled {
            mean: unit_length(sum)?,
            max,
            min,
        })
    }

    fn add_row(&self, row: usize, sum: &mut [f32]) {
        let scale = self.scales.get(row).copied().unwrap_or(0.0);
        let start = row * self.dims;
        if let Some(values) = self.values.get(start..start + self.dims) {
            for (s, &q) in sum.iter_mut().zip(values) {
                *s += scale * f32::from(q);
            }
        }
    }

    /// Bytes held on the heap (for size reports).
    pub fn heap_bytes(&self) -> usize {
        self.values.len()
            + self.scales.len() * 4
            + self.pieces.keys().map(|k| k.len() + 32).sum::<usize>()
    }
}

/// `v` scaled to unit length, or `None` when it is (nearly) zero.
fn unit_length(mut v: Vec<f32>) -> Option<Vec<f32>> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm <= f32::EPSILON {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(v)
}
