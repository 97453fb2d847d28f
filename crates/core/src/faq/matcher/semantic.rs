//! The semantic channel: cosine between the question's sentence vector and each entry's
//! phrasings (best one) and centroid (or learned prototype, prototypes.rs). Built only when
//! an embedder is supplied, so the chat shell, which has no table, stays lexical.

use std::sync::Arc;

use super::prototypes::learned_prototypes;
use crate::embed::{SentenceVectors, dot};
use crate::faq::Faq;

#[derive(Debug, Clone)]
pub(super) struct SemanticIndex {
    table: Arc<dyn SentenceVectors>,
    /// Unit vectors of every phrasing the table can embed, flat (`dims` floats each).
    phrasings: Vec<f32>,
    /// The entry each embedded phrasing belongs to.
    entry_of: Vec<u32>,
    /// Unit-length mean of each entry's phrasing vectors (zeros when none embedded), or,
    /// in an FAQ with many phrasings per entry, its learned prototype (prototypes.rs).
    centroids: Vec<f32>,
    learned_prototypes: bool,
    /// Unit vectors of the sentences of every entry's answer, flat.
    answer_sentences: Vec<f32>,
    /// The entry each answer sentence belongs to.
    answer_entry_of: Vec<u32>,
}

/// The sentences of an answer worth embedding: split at sentence ends and line breaks,
/// at least two words each (a lone "Yes." says nothing about the question).
fn answer_sentences(answer: &str) -> impl Iterator<Item = &str> {
    answer
        .split(['.', '!', '?', ';', '\n'])
        .filter(|sentence| sentence.split_whitespace().nth(1).is_some())
}

/// Per entry, the largest cosine between `query` and that entry's vectors (`vectors` flat,
/// `entry_of` naming each one's entry); 0 for an entry with none.
fn closest_per_entry(query: &[f32], vectors: &[f32], entry_of: &[u32], entries: usize) -> Vec<f32> {
    let mut best = vec![0f32; entries];
    for (vector, &entry) in vectors.chunks_exact(query.len()).zip(entry_of) {
        let slot = &mut best[entry as usize];
        *slot = slot.max(dot(query, vector));
    }
    best
}

/// Every text the semantic index embeds, in the order [`SemanticIndex::from_vectors`] reads
/// their vectors: per entry, its phrasings, then its answer's sentences.
pub fn index_texts(faq: &Faq) -> Vec<&str> {
    let mut texts = Vec::new();
    for entry in faq.entries() {
        texts.extend(entry.phrasings());
        texts.extend(answer_sentences(&entry.answer));
    }
    texts
}

impl SemanticIndex {
    pub fn build(faq: &Faq, table: Arc<dyn SentenceVectors>) -> SemanticIndex {
        let vectors = index_texts(faq)
            .into_iter()
            .map(|text| table.embed(text))
            .collect();
        SemanticIndex::from_vectors(faq, table, vectors)
    }

    /// The index from the vectors of [`index_texts`] (`None` for a text with no known piece),
    /// embedded beforehand: the worker embeds them a few at a time with the contextual
    /// encoder, so visitors' questions are answered (by the previous matcher) meanwhile.
    pub fn from_vectors(
        faq: &Faq,
        table: Arc<dyn SentenceVectors>,
        vectors: Vec<Option<Vec<f32>>>,
    ) -> SemanticIndex {
        let dims = table.dims();
        let mut phrasings = Vec::new();
        let mut entry_of = Vec::new();
        let mut answer_vectors = Vec::new();
        let mut answer_entry_of = Vec::new();
        let mut centroids = vec![0f32; faq.len() * dims];
        let mut vectors = vectors.into_iter();
        let mut next = || vectors.next().flatten().filter(|v| v.len() == dims);
        for (entry_no, entry) in faq.entries().iter().enumerate() {
            let centroid = &mut centroids[entry_no * dims..(entry_no + 1) * dims];
            for _phrasing in entry.phrasings() {
                if let Some(v) = next() {
                    centroid.iter_mut().zip(&v).for_each(|(c, x)| *c += x);
                    phrasings.extend_from_slice(&v);
                    entry_of.push(entry_no as u32);
                }
            }
            let norm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > f32::EPSILON {
                centroid.iter_mut().for_each(|x| *x /= norm);
            }
            for _sentence in answer_sentences(&entry.answer) {
                if let Some(v) = next() {
                    answer_vectors.extend_from_slice(&v);
                    answer_entry_of.push(entry_no as u32);
                }
            }
        }
        let learned = learned_prototypes(&phrasings, &entry_of, &centroids, dims);
        let learned_prototypes = learned.is_some();
        if let Some(prototypes) = learned {
            centroids = prototypes;
        }
        SemanticIndex {
            table,
            phrasings,
            entry_of,
            centroids,
            learned_prototypes,
            answer_sentences: answer_vectors,
            answer_entry_of,
        }
    }

    /// Whether `centroids` holds learned prototypes.
    pub fn learned_prototypes(&self) -> bool {
        self.learned_prototypes
    }

    /// The question's unit vector, or `None` when the table cannot embed it (then the
    /// semantic channel adds nothing).
    pub fn embed(&self, question: &str) -> Option<Vec<f32>> {
        self.table.embed(question)
    }

    /// Adds `weights[0]` × best-phrasing cosine + `weights[1]` × centroid cosine (negative
    /// cosines count as 0) to each entry's score.
    pub fn add_scores(&self, query: &[f32], weights: [f32; 2], scores: &mut [f32]) {
        let dims = query.len();
        let [w_best, w_centroid] = weights;
        if w_best > 0.0 {
            let best = closest_per_entry(query, &self.phrasings, &self.entry_of, scores.len());
            scores
                .iter_mut()
                .zip(&best)
                .for_each(|(s, b)| *s += w_best * b);
        }
        if w_centroid > 0.0 {
            for (s, centroid) in scores.iter_mut().zip(self.centroids.chunks_exact(dims)) {
                *s += w_centroid * dot(query, centroid).max(0.0);
            }
        }
    }

    /// Adds `weight` × how much closer the question is to the entry's closest answer
    /// sentence than the average entry's is.
    ///
    /// Why the answers: visitors describe their situation in their own words ("my key meter
    /// is nearly out"), and a site's answer is where those words are ("Top up ... with your
    /// key or card"), while its question and alternatives name the topic ("prepayment").
    /// Relative to the average entry, because only the difference between entries is
    /// evidence, and so that FAQs without real answers (the converted public sets carry one
    /// placeholder sentence for every entry) rank as if the channel were not there.
    pub fn add_answer_scores(&self, query: &[f32], weight: f32, scores: &mut [f32]) {
        if weight <= 0.0 || self.answer_entry_of.is_empty() {
            return;
        }
        let (sentences, entry_of) = (&self.answer_sentences, &self.answer_entry_of);
        let best = closest_per_entry(query, sentences, entry_of, scores.len());
        let mean = best.iter().sum::<f32>() / best.len() as f32;
        scores
            .iter_mut()
            .zip(&best)
            .for_each(|(s, b)| *s += weight * (b - mean));
    }

    /// The question for the table after typo repair: each repaired word replaces the
    /// visitor's word, unless the table knows the visitor's word as a whole (then it was
    /// no typo, only a word the FAQ does not use: "weather" is not "whether").
    pub fn text_with_repairs(&self, typed: &[String], repaired: &[String]) -> String {
        typed
            .iter()
            .zip(repaired)
            .map(|(typed, repaired)| {
                if typed == repaired || self.table.knows_word(typed) {
                    typed.as_str()
                } else {
                    repaired.as_str()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn heap_bytes(&self) -> usize {
        (self.phrasings.len() + self.centroids.len() + self.answer_sentences.len()) * 4
            + (self.entry_of.len() + self.answer_entry_of.len()) * 4
    }
}
