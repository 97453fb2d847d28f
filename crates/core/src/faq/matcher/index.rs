//! The inverted indexes a [`super::Matcher`] scores against, built once per FAQ.
//!
//! Every phrasing (question and alternatives) is its own small document, so a visitor's
//! question only has to resemble one way of asking. Each entry also gets a centroid of its
//! phrasings' character n-gram vectors, which is steadier than the single best phrasing when
//! an entry has many alternatives.

use super::MatcherConfig;
use super::features::char_ngrams;
use super::postings::Postings;
use crate::faq::Faq;
use crate::text;
use std::collections::HashMap;

/// One phrasing while indexing: its term ids and its (n-gram id, sublinear tf) pairs.
type Doc = (Vec<u32>, Vec<(u32, f32)>);

#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    pub entry_count: usize,
    /// The entry each phrasing belongs to.
    pub entry_of: Vec<u32>,
    pub terms: HashMap<String, u32>,
    pub term_idf: Vec<f32>,
    /// Per term: (phrasing, BM25 term-frequency factor), so matching is a sum of idf × factor.
    pub term_postings: Postings,
    pub max_term_idf: f32,
    /// n-gram hash → n-gram id.
    pub grams: HashMap<u64, u32>,
    pub gram_idf: Vec<f32>,
    /// Per n-gram: (phrasing, weight in the phrasing's unit-length TF-IDF vector); empty
    /// when that channel has no weight.
    pub gram_postings: Postings,
    /// Per n-gram: (entry, weight in the entry centroid's unit-length vector).
    pub centroid_postings: Postings,
    pub max_gram_idf: f32,
    /// Every unstemmed word seen, with how many phrasings use it (for typo repair).
    pub words: HashMap<String, u32>,
}

impl Index {
    pub fn build(faq: &Faq, config: &MatcherConfig) -> Index {
        let (k1, b) = (config.k1, config.b);
        let mut index = Index {
            entry_count: faq.len(),
            ..Index::default()
        };
        let mut docs: Vec<Doc> = Vec::new();
        for (entry_no, entry) in faq.entries().iter().enumerate() {
            let mut seen = Vec::new();
            for phrasing in entry.phrasings() {
                let words = text::words(phrasing);
                if words.is_empty() || seen.contains(&words) {
                    continue;
                }
                let terms = text::terms_of_words(&words);
                let term_ids = terms.iter().map(|t| intern(&mut index.terms, t)).collect();
                let grams = gram_counts(&mut index.grams, &words);
                let mut distinct = words.clone();
                distinct.sort_unstable();
                distinct.dedup();
                for word in distinct {
                    *index.words.entry(word).or_default() += 1;
                }
                seen.push(words);
                index.entry_of.push(entry_no as u32);
                docs.push((term_ids, grams));
            }
        }
        index.index_terms(&docs, k1, b);
        if !config.bm25_only {
            index.index_grams(&docs, config.weights[1] > 0.0);
        }
        index
    }

    fn index_terms(&mut self, docs: &[Doc], k1: f32, b: f32) {
        let n = docs.len() as f32;
        let avg_len = docs.iter().map(|d| d.0.len()).sum::<usize>() as f32 / n.max(1.0);
        let mut lists = vec![Vec::new(); self.terms.len()];
        for (doc, (terms, _)) in docs.iter().enumerate() {
            let len_norm = 1.0 - b + b * terms.len() as f32 / avg_len.max(1.0);
            for (term, tf) in counts(terms) {
                let factor = tf * (k1 + 1.0) / (tf + k1 * len_norm);
                lists[term as usize].push((doc as u32, factor));
            }
        }
        self.term_idf = lists.iter().map(|p| bm25_idf(n, p.len() as f32)).collect();
        self.term_postings = Postings::from_lists(lists);
        self.max_term_idf = bm25_idf(n, 0.0);
    }

    fn index_grams(&mut self, docs: &[Doc], by_phrasing: bool) {
        let n = docs.len() as f32;
        let mut df = vec![0f32; self.grams.len()];
        for (_, grams) in docs {
            for &(g, _) in grams {
                df[g as usize] += 1.0;
            }
        }
        self.gram_idf = df.iter().map(|&d| tfidf_idf(n, d)).collect();
        self.max_gram_idf = tfidf_idf(n, 0.0);
        let mut lists = vec![Vec::new(); if by_phrasing { self.grams.len() } else { 0 }];
        let mut centroids: Vec<HashMap<u32, f32>> = vec![HashMap::new(); self.entry_count];
        for (doc, (_, grams)) in docs.iter().enumerate() {
            let vector: Vec<(u32, f32)> = grams
                .iter()
                .map(|&(g, tf)| (g, tf * self.gram_idf[g as usize]))
                .collect();
            let norm = vector
                .iter()
                .map(|(_, w)| w * w)
                .sum::<f32>()
                .sqrt()
                .max(1e-6);
            let centroid = &mut centroids[self.entry_of[doc] as usize];
            for (g, w) in vector {
                if by_phrasing {
                    lists[g as usize].push((doc as u32, w / norm));
                }
                *centroid.entry(g).or_default() += w / norm;
            }
        }
        self.gram_postings = Postings::from_lists(lists);
        let mut lists = vec![Vec::new(); self.grams.len()];
        for (entry, centroid) in centroids.into_iter().enumerate() {
            let norm = centroid
                .values()
                .map(|w| w * w)
                .sum::<f32>()
                .sqrt()
                .max(1e-6);
            for (g, w) in centroid {
                lists[g as usize].push((entry as u32, w / norm));
            }
        }
        self.centroid_postings = Postings::from_lists(lists);
    }

    /// A rough count of the heap bytes the index holds (for the size budget in docs/).
    pub fn heap_bytes(&self) -> usize {
        let strings =
            |m: &HashMap<String, u32>| m.keys().map(|k| k.capacity() + 24 + 4 + 8).sum::<usize>();
        self.entry_of.capacity() * 4
            + strings(&self.terms)
            + self.grams.capacity() * 16
            + strings(&self.words)
            + (self.term_idf.capacity() + self.gram_idf.capacity()) * 4
            + self.term_postings.heap_bytes()
            + self.gram_postings.heap_bytes()
            + self.centroid_postings.heap_bytes()
    }
}

/// Robertson–Spärck Jones idf as in Lucene's BM25: always positive.
fn bm25_idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Smoothed TF-IDF idf (as in scikit-learn): an unseen n-gram gets the largest weight.
fn tfidf_idf(n: f32, df: f32) -> f32 {
    ((1.0 + n) / (1.0 + df)).ln() + 1.0
}

fn intern(map: &mut HashMap<String, u32>, key: &str) -> u32 {
    let next = map.len() as u32;
    *map.entry(key.to_owned()).or_insert(next)
}

fn counts(ids: &[u32]) -> Vec<(u32, f32)> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(u32, f32)> = Vec::new();
    for id in sorted {
        match out.last_mut() {
            Some((last, n)) if *last == id => *n += 1.0,
            _ => out.push((id, 1.0)),
        }
    }
    out
}

/// Sublinear (1 + ln tf) n-gram counts of a phrasing, interning new n-grams.
fn gram_counts(map: &mut HashMap<u64, u32>, words: &[String]) -> Vec<(u32, f32)> {
    let mut grams = Vec::new();
    for word in words {
        char_ngrams(word, &mut grams);
    }
    let ids: Vec<u32> = grams
        .iter()
        .map(|&g| {
            let next = map.len() as u32;
            *map.entry(g).or_insert(next)
        })
        .collect();
    counts(&ids)
        .into_iter()
        .map(|(g, tf)| (g, 1.0 + tf.ln()))
        .collect()
}
