//! Scoring one question against an [`Index`]: the three similarities, combined per entry.

use super::MatcherConfig;
use super::features::char_ngrams;
use super::index::Index;
use super::postings::Postings;
use crate::text;
use crate::text::{edit_distance_within, plausible_typo, typo_budget};

/// The question's words with typos read as the FAQ's words, and whether any was repaired.
pub(super) fn repaired_words(
    index: &Index,
    config: &MatcherConfig,
    question: &str,
) -> (Vec<String>, bool) {
    let mut words = text::words(question);
    let mut repaired = false;
    if config.typo_repair {
        for word in &mut words {
            if let Some(known) = repair(index, word) {
                *word = known;
                repaired = true;
            }
        }
    }
    (words, repaired)
}

/// One combined score per entry (0 when nothing overlaps), from [`repaired_words`].
pub(super) fn entry_scores(index: &Index, config: &MatcherConfig, words: &[String]) -> Vec<f32> {
    let bm25 = bm25(index, &text::terms_of_words(words));
    let mut scores = vec![0f32; index.entry_count];
    let [w_bm25, w_best, w_centroid] = if config.bm25_only {
        [1.0, 0.0, 0.0]
    } else {
        config.weights
    };
    for (doc, &s) in bm25.iter().enumerate() {
        let entry = &mut scores[index.entry_of[doc] as usize];
        *entry = entry.max(w_bm25 * s);
    }
    if config.bm25_only {
        return scores;
    }
    let query = gram_vector(index, words);
    let mut best = vec![0f32; index.entry_count];
    if w_best > 0.0 {
        let by_phrasing = dot(&index.gram_postings, &query, index.entry_of.len());
        for (doc, &s) in by_phrasing.iter().enumerate() {
            let entry = &mut best[index.entry_of[doc] as usize];
            *entry = entry.max(s);
        }
    }
    let centroid = dot(&index.centroid_postings, &query, index.entry_count);
    for (entry, score) in scores.iter_mut().enumerate() {
        *score += w_best * best[entry] + w_centroid * centroid[entry];
    }
    scores
}

/// The known word `word` most likely stands for, when it is not known itself.
fn repair(index: &Index, word: &str) -> Option<String> {
    let budget = typo_budget(word);
    if budget == 0 || index.words.contains_key(word) || text::is_stop_word(word) {
        return None;
    }
    index
        .words
        .iter()
        .filter(|(known, _)| known.len().abs_diff(word.len()) <= 2 * budget)
        .filter(|(known, _)| plausible_typo(word, known))
        .filter_map(|(known, &df)| Some((edit_distance_within(word, known, budget)?, df, known)))
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, known)| known.clone())
}

/// BM25 per phrasing, divided by the score a phrasing holding every query term once would
/// get, so that 1.0 means "all of the question's words, and nothing unknown". Unknown terms
/// count with the largest idf: a question about things the FAQ never mentions scores low.
fn bm25(index: &Index, terms: &[String]) -> Vec<f32> {
    let mut scores = vec![0f32; index.entry_of.len()];
    let mut distinct: Vec<&String> = terms.iter().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut ideal = 0.0;
    for term in distinct {
        match index.terms.get(term.as_str()) {
            Some(&t) => {
                let idf = index.term_idf[t as usize];
                ideal += idf;
                for &(doc, factor) in index.term_postings.row(t as usize) {
                    scores[doc as usize] += idf * factor;
                }
            }
            None => ideal += index.max_term_idf,
        }
    }
    if ideal > 0.0 {
        for s in &mut scores {
            *s /= ideal;
        }
    }
    scores
}

/// The question's unit-length n-gram TF-IDF vector over known n-grams; unknown n-grams only
/// lengthen it (at the largest idf), which lowers every cosine.
fn gram_vector(index: &Index, words: &[String]) -> Vec<(u32, f32)> {
    let mut grams = Vec::new();
    for word in words {
        char_ngrams(word, &mut grams);
    }
    grams.sort_unstable();
    let mut known: Vec<(u32, f32)> = Vec::new();
    let mut norm = 0.0;
    for run in grams.chunk_by(|a, b| a == b) {
        let tf = 1.0 + (run.len() as f32).ln();
        match index.grams.get(&run[0]) {
            Some(&g) => {
                let w = tf * index.gram_idf[g as usize];
                norm += w * w;
                known.push((g, w));
            }
            None => norm += (tf * index.max_gram_idf).powi(2),
        }
    }
    let norm = f32::sqrt(norm).max(1e-6);
    known.iter().map(|&(g, w)| (g, w / norm)).collect()
}

fn dot(postings: &Postings, query: &[(u32, f32)], len: usize) -> Vec<f32> {
    let mut out = vec![0f32; len];
    for &(g, w) in query {
        for &(doc, v) in postings.row(g as usize) {
            out[doc as usize] += w * v;
        }
    }
    out
}
