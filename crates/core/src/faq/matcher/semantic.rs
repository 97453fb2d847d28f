//! The semantic channel: cosine between the question's static embedding and each entry's
//! phrasings (best one) and centroid. Built only when a [`StaticEmbedding`] is supplied, so
//! the chat shell, which has no table, stays lexical.

use std::sync::Arc;

use crate::embed::{StaticEmbedding, dot};
use crate::faq::Faq;

#[derive(Debug, Clone)]
pub(super) struct SemanticIndex {
    table: Arc<StaticEmbedding>,
    /// Unit vectors of every phrasing the table can embed, flat (`dims` floats each).
    phrasings: Vec<f32>,
    /// The entry each embedded phrasing belongs to.
    entry_of: Vec<u32>,
    /// Unit-length mean of each entry's phrasing vectors (zeros when none embedded).
    centroids: Vec<f32>,
}

impl SemanticIndex {
    pub fn build(faq: &Faq, table: Arc<StaticEmbedding>) -> SemanticIndex {
        let dims = table.dims();
        let mut phrasings = Vec::new();
        let mut entry_of = Vec::new();
        let mut centroids = vec![0f32; faq.len() * dims];
        for (entry_no, entry) in faq.entries().iter().enumerate() {
            let centroid = &mut centroids[entry_no * dims..(entry_no + 1) * dims];
            for phrasing in entry.phrasings() {
                if let Some(v) = table.embed(phrasing) {
                    centroid.iter_mut().zip(&v).for_each(|(c, x)| *c += x);
                    phrasings.extend_from_slice(&v);
                    entry_of.push(entry_no as u32);
                }
            }
            let norm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > f32::EPSILON {
                centroid.iter_mut().for_each(|x| *x /= norm);
            }
        }
        SemanticIndex {
            table,
            phrasings,
            entry_of,
            centroids,
        }
    }

    /// Adds `weights[0]` × best-phrasing cosine + `weights[1]` × centroid cosine (negative
    /// cosines count as 0) to each entry's score. A question the table cannot embed adds 0.
    pub fn add_scores(&self, question: &str, weights: [f32; 2], scores: &mut [f32]) {
        let Some(query) = self.table.embed(question) else {
            return;
        };
        let dims = query.len();
        let [w_best, w_centroid] = weights;
        if w_best > 0.0 {
            let mut best = vec![0f32; scores.len()];
            for (vector, &entry) in self.phrasings.chunks_exact(dims).zip(&self.entry_of) {
                let slot = &mut best[entry as usize];
                *slot = slot.max(dot(&query, vector));
            }
            scores
                .iter_mut()
                .zip(&best)
                .for_each(|(s, b)| *s += w_best * b);
        }
        if w_centroid > 0.0 {
            for (s, centroid) in scores.iter_mut().zip(self.centroids.chunks_exact(dims)) {
                *s += w_centroid * dot(&query, centroid).max(0.0);
            }
        }
    }

    /// The question for the table after typo repair: each repaired word replaces the
    /// visitor's word, unless the table knows the visitor's word as a whole (then it was
    /// no typo, only a word the FAQ does not use: "weather" is not "whether").
    pub fn text_with_repairs(&self, typed: &[String], repaired: &[String]) -> String {
        typed
            .iter()
            .zip(repaired)
            .map(|(typed, repaired)| {
                if typed == repaired || self.table.pieces(typed).len() == 1 {
                    typed.as_str()
                } else {
                    repaired.as_str()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn heap_bytes(&self) -> usize {
        (self.phrasings.len() + self.centroids.len()) * 4 + self.entry_of.len() * 4
    }
}
