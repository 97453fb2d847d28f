//! A contextual sentence encoder: a three-layer transformer distilled from all-MiniLM-L6-v2
//! (`models/faq-encoder.tenc`, made by `models/faq_encoder/distill.py` and `export.py`).
//!
//! Why beside the static table: a sum of word rows cannot read context, and on FAQs written
//! the way visitors write ("my order came with a bit missing"), context is what finds the
//! right entry. Pure Rust over int8 weights, so the same code runs natively and in the
//! widget's worker; each weight row is widened to f32 inside the dot product, so memory stays
//! at the file's size.

use std::collections::HashMap;

use super::encoder_file::{Block, EncoderError, EncoderParts, Linear, Norm, QMatrix, parse};
use super::kernels::{self, add_scaled, dot};
use super::wordpiece::{basic_tokens, for_each_piece};

/// Pieces read per text (plus `[CLS]` and `[SEP]`); the rest of a long message is cut, as
/// the first sentences of a visitor's message carry the question.
const MAX_PIECES: usize = 62;
const LAYER_NORM_EPSILON: f32 = 1e-12;

/// A loaded encoder; cheap to share behind an `Arc`.
#[derive(Debug, Clone)]
pub struct SentenceEncoder {
    parts: EncoderParts,
}

impl SentenceEncoder {
    pub fn from_bytes(bytes: &[u8]) -> Result<SentenceEncoder, EncoderError> {
        let parts = parse(bytes)?;
        let positions = parts.positions.rows();
        if positions < MAX_PIECES + 2 {
            return Err(EncoderError::BadShape(format!(
                "{positions} positions; {} needed",
                MAX_PIECES + 2
            )));
        }
        Ok(SentenceEncoder { parts })
    }

    pub fn dims(&self) -> usize {
        self.parts.hidden
    }

    /// The WordPiece pieces of `text` the encoder knows, in order (at most [`MAX_PIECES`]).
    pub fn pieces(&self, text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        self.for_each_piece(text, |piece, _| out.push(piece));
        out
    }

    fn for_each_piece<'t>(&'t self, text: &str, mut visit: impl FnMut(&'t str, u32)) {
        let pieces: &'t HashMap<String, u32> = &self.parts.pieces;
        let mut taken = 0;
        for word in basic_tokens(text) {
            for_each_piece(
                &word,
                self.parts.longest_piece,
                |p| pieces.get_key_value(p),
                |(known, &id)| {
                    if taken < MAX_PIECES {
                        taken += 1;
                        visit(known.as_str(), id);
                    }
                },
            );
            if taken >= MAX_PIECES {
                break;
            }
        }
    }

    /// The unit-length mean of the last layer's outputs over `[CLS]`, the pieces and
    /// `[SEP]` (as sentence-transformers pools), or `None` when no piece of `text` is known.
    pub fn embed(&self, text: &str) -> Option<Vec<f32>> {
        let p = &self.parts;
        let mut ids = vec![p.cls];
        self.for_each_piece(text, |_, id| ids.push(id));
        if ids.len() == 1 {
            return None;
        }
        ids.push(p.sep);
        let hidden = p.hidden;
        let rank = p.rows.cols;
        let mut rows = vec![0f32; ids.len() * rank];
        for (&id, row) in ids.iter().zip(rows.chunks_exact_mut(rank)) {
            widen(&p.rows, id as usize, row);
        }
        let mut x = apply_all(&p.projection, &rows, rank);
        for (t, token) in x.chunks_exact_mut(hidden).enumerate() {
            let (scale, pos) = p.positions.row(t);
            token
                .iter_mut()
                .zip(pos)
                .for_each(|(v, &q)| *v += scale * f32::from(q));
            layer_norm(token, &p.embed_norm);
        }
        for block in &p.blocks {
            run_block(block, p.heads, hidden, &mut x);
        }
        let mut mean = vec![0f32; hidden];
        for token in x.chunks_exact(hidden) {
            mean.iter_mut().zip(token).for_each(|(m, v)| *m += v);
        }
        let norm = mean.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm <= f32::EPSILON {
            return None;
        }
        mean.iter_mut().for_each(|v| *v /= norm);
        Some(mean)
    }

    /// Bytes held on the heap (for size reports).
    pub fn heap_bytes(&self) -> usize {
        let p = &self.parts;
        let matrix = |m: &QMatrix| m.values.len() + m.scales.len() * 4;
        let linear = |l: &Linear| matrix(&l.weight) + l.bias.len() * 4;
        let blocks: usize = p
            .blocks
            .iter()
            .map(|b| {
                [&b.query, &b.key, &b.value, &b.output, &b.up, &b.down]
                    .into_iter()
                    .map(linear)
                    .sum::<usize>()
                    + 16 * p.hidden
            })
            .sum();
        matrix(&p.rows)
            + linear(&p.projection)
            + matrix(&p.positions)
            + blocks
            + p.pieces.keys().map(|k| k.len() + 32).sum::<usize>()
    }
}

/// One post-LayerNorm transformer layer over `x` (tokens × hidden), in place.
fn run_block(block: &Block, heads: usize, hidden: usize, x: &mut [f32]) {
    let tokens = x.len() / hidden;
    let (q, k, v) = (
        apply_all(&block.query, x, hidden),
        apply_all(&block.key, x, hidden),
        apply_all(&block.value, x, hidden),
    );
    let head = hidden / heads;
    let scale = 1.0 / (head as f32).sqrt();
    let mut context = vec![0f32; x.len()];
    let mut weights = vec![0f32; tokens];
    for h in 0..heads {
        let cols = h * head..(h + 1) * head;
        for t in 0..tokens {
            let query = &q[t * hidden..][cols.clone()];
            for (u, w) in weights.iter_mut().enumerate() {
                *w = scale * dot(query, &k[u * hidden..][cols.clone()]);
            }
            softmax(&mut weights);
            let out = &mut context[t * hidden..][cols.clone()];
            for (u, &w) in weights.iter().enumerate() {
                add_scaled(out, w, &v[u * hidden..][cols.clone()]);
            }
        }
    }
    let attended = apply_all(&block.output, &context, hidden);
    x.iter_mut().zip(&attended).for_each(|(t, a)| *t += a);
    x.chunks_exact_mut(hidden)
        .for_each(|token| layer_norm(token, &block.norm1));
    let mut up = apply_all(&block.up, x, hidden);
    up.iter_mut().for_each(|u| *u = gelu(*u));
    let down = apply_all(&block.down, &up, block.up.bias.len());
    x.iter_mut().zip(&down).for_each(|(t, d)| *t += d);
    x.chunks_exact_mut(hidden)
        .for_each(|token| layer_norm(token, &block.norm2));
}

/// `W x + b` for every token of `x` (tokens × `inputs`), as tokens × outputs.
///
/// Row by row of W, each widened to floats once and then dotted with every token: the row
/// stays in the fastest cache while the tokens pass, instead of the whole matrix being read
/// again (and converted again) for each token.
fn apply_all(linear: &Linear, x: &[f32], inputs: usize) -> Vec<f32> {
    let outputs = linear.bias.len();
    let tokens = x.len() / inputs;
    let mut out = vec![0f32; tokens * outputs];
    let mut row = vec![0f32; inputs];
    let tokens_x: Vec<&[f32]> = x.chunks_exact(inputs).collect();
    let mut dots = vec![0f32; tokens];
    for (o, bias) in linear.bias.iter().enumerate() {
        widen(&linear.weight, o, &mut row);
        kernels::dots(&row, &tokens_x, &mut dots);
        for (t, d) in dots.iter().enumerate() {
            out[t * outputs + o] = bias + d;
        }
    }
    out
}

/// Row `r` of `m` as floats.
fn widen(m: &QMatrix, r: usize, out: &mut [f32]) {
    let (scale, values) = m.row(r);
    kernels::widen(scale, values, out);
}

/// Softmax in place (also the FAQ matcher's learned prototypes' loss).
pub(crate) fn softmax(v: &mut [f32]) {
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    v.iter_mut().for_each(|x| {
        *x = (*x - max).exp();
        sum += *x;
    });
    v.iter_mut().for_each(|x| *x /= sum);
}

fn layer_norm(v: &mut [f32], norm: &Norm) {
    let n = v.len() as f32;
    let mean = v.iter().sum::<f32>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n;
    let inv = 1.0 / (var + LAYER_NORM_EPSILON).sqrt();
    for ((x, g), b) in v.iter_mut().zip(&norm.gamma).zip(&norm.beta) {
        *x = (*x - mean) * inv * g + b;
    }
}

/// BERT's exact GELU, x · Φ(x), with erf from Abramowitz & Stegun 7.1.26 (error < 1.5e-7).
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

fn erf(x: f32) -> f32 {
    let sign = x.signum();
    let x = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_8 + t * (-1.453_152 + t * 1.061_405_4))));
    sign * (1.0 - poly * (-x * x).exp())
}

#[cfg(test)]
pub(super) fn erf_for_tests(x: f32) -> f32 {
    erf(x)
}
