//! [`Matcher`]: a visitor's question → the best FAQ entry with a calibrated confidence, the
//! top-3 suggestions, or "no confident match".
//!
//! Scoring is lexical and small enough for the chat shell (no model, no big tables):
//! - **BM25** over Snowball-stemmed content words, against every phrasing of every entry;
//! - **character n-gram TF-IDF** (3–5-grams) cosine against every phrasing and against each
//!   entry's centroid, which catches inflections, compounds and typos that stems miss;
//! - **typo repair**: an unknown query word within one or two edits of a word the FAQ uses is
//!   read as that word before scoring.
//!
//! The entry score is a weighted sum of the three similarities. A logistic calibration of the
//! best score and its margin over the runner-up, whose weights depend on the FAQ's size,
//! turns it into a probability-like confidence;
//! below `min_confidence` the matcher says it has no confident match. The weights and the
//! calibration were fitted on CLINC150 train/val + oos_val only (see docs/quality-faq.md).
//! `bm25_only` keeps the plain BM25 baseline one flag away, with its own calibration.

mod features;
mod index;
mod postings;
#[cfg(feature = "semantic")]
mod prototypes;
#[cfg(feature = "semantic")]
mod question;
mod score;
#[cfg(feature = "semantic")]
mod semantic;

use super::{Faq, MatchResult, Scored};
use index::Index;
#[cfg(feature = "semantic")]
use semantic::SemanticIndex;
#[cfg(feature = "semantic")]
pub use semantic::index_texts as semantic_index_texts;
#[cfg(feature = "semantic")]
use std::sync::Arc;

#[cfg(feature = "semantic")]
use crate::embed::SentenceVectors;

/// confidence = sigmoid(s · score + m · (score − runner-up score) + b), where each of s, m, b
/// is `base + per_log_entries · ln(entries)`.
///
/// Why the FAQ's size: with 10 entries a question sharing one word with one entry ("do you
/// *sell* bikes" vs "Do you *sell* gift cards?") has no runner-up at all, so its margin looks
/// as decisive as a real match, and every word that occurs once gets the same top idf (little
/// contrast between "sell" and "gift"). With 150 entries that one word would also hit other
/// entries. Fitted on small FAQs carved out of CLINC150 val (10/20/40 intents, other
/// intents' questions as out-of-scope) plus the whole of it; see docs/quality-faq.md.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    pub scale: f32,
    pub margin: f32,
    pub bias: f32,
    /// Change of (scale, margin, bias) per unit of ln(entry count).
    pub per_log_entries: [f32; 3],
}

impl Calibration {
    /// The confidence of a best score with this margin over the runner-up, in an FAQ of
    /// `entries` entries.
    pub fn confidence(&self, score: f32, margin: f32, entries: usize) -> f32 {
        let log_n = (entries.max(1) as f32).ln();
        let [ds, dm, db] = self.per_log_entries;
        let z = (self.scale + ds * log_n) * score
            + (self.margin + dm * log_n) * margin
            + (self.bias + db * log_n);
        1.0 / (1.0 + (-z).exp())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MatcherConfig {
    /// Score with plain BM25 only (the baseline in docs/quality-faq.md).
    pub bm25_only: bool,
    /// Read unknown words as a known word one or two edits away.
    pub typo_repair: bool,
    pub k1: f32,
    pub b: f32,
    /// Weights of BM25, best-phrasing n-gram cosine and entry-centroid n-gram cosine.
    pub weights: [f32; 3],
    pub calibration: Calibration,
    pub bm25_calibration: Calibration,
    /// Weights of the semantic channel (best-phrasing cosine, centroid cosine), used only
    /// when the matcher has a sentence embedder ([`SentenceVectors`]).
    pub semantic_weights: [f32; 2],
    /// Weight of the semantic answer channel: how much closer the question is to one of the
    /// entry's answer sentences than to the average entry's (semantic.rs says why). It
    /// orders the entries but does not enter the confidence, which stays calibrated on the
    /// phrasings' scores: the public tuning sets have no answers to fit it on, and added to
    /// the score it raised the confidence of wrong answers as much as of right ones.
    /// Only in builds with the semantic channel: the chat shell has no bytes to spare.
    #[cfg(feature = "semantic")]
    pub semantic_answer_weight: f32,
    /// Calibration of the lexical + semantic score (replaces `calibration` then).
    pub semantic_calibration: Calibration,
    /// Answer only at or above this confidence (lexical matcher).
    pub min_confidence: f32,
    /// The same bar when the semantic channel is in use.
    pub semantic_min_confidence: f32,
    /// Under the bar above but at or above this one, the best entry is shown *tentatively*
    /// (hedged, with the other suggestions) instead of only being suggested; the escalation
    /// policy still counts the turn as unanswered. Not for the BM25 baseline; entries marked
    /// `"escalate": true` are guessed only from the ordinary (confident) bar up.
    pub tentative_min_confidence: f32,
    /// The same bar when the semantic channel is in use.
    pub semantic_tentative_min_confidence: f32,
    /// The bar for an entry marked `"escalate": true`: answering it hands the visitor to a
    /// person, so a stray shared word ("what's the APR on my *card*" → "I lost my *card*")
    /// must not do it. Below this bar the entry is only suggested.
    pub escalating_entry_min_confidence: f32,
}

impl Default for MatcherConfig {
    fn default() -> Self {
        MatcherConfig {
            bm25_only: false,
            typo_repair: true,
            k1: 1.2,
            b: 0.75,
            weights: [0.45, 0.0, 0.55],
            calibration: Calibration {
                scale: 5.80,
                margin: 12.70,
                bias: -4.95,
                per_log_entries: [0.08, -0.69, 0.36],
            },
            bm25_calibration: Calibration {
                scale: 2.35,
                margin: 8.56,
                bias: -2.07,
                per_log_entries: [0.0; 3],
            },
            // Fitted like `calibration` (CLINC150 val + 5-shot val + FAQs carved from val) with
            // models/faq-embed.tev; see docs/quality-faq.md.
            semantic_weights: [0.5, 0.5],
            #[cfg(feature = "semantic")]
            semantic_answer_weight: 0.5,
            semantic_calibration: Calibration {
                scale: 3.87,
                margin: 5.52,
                bias: -6.27,
                per_log_entries: [0.124, -0.099, 0.298],
            },
            min_confidence: 0.3,
            semantic_min_confidence: 0.4,
            // Both picked on CLINC150 val only: the bar that maximises the share of questions
            // handled right (in scope answered correctly, out of scope declined, weighted
            // 82:18 as in CLINC150 test) averaged over val full, val 5-shot and the 20
            // single-domain carves of val (models/faq_embed/tentative_bar.sh).
            tentative_min_confidence: 0.2,
            semantic_tentative_min_confidence: 0.2,
            // On CLINC150 val questions answered by the escalation fixture's `card-lost`
            // entry, 26 of 28 answers under 0.65 were another intent (APR, credit limit, lost
            // luggage), 14 of 15 above it were lost or damaged cards (docs/quality-escalation.md).
            escalating_entry_min_confidence: 0.65,
        }
    }
}

impl MatcherConfig {
    /// The settings for the contextual encoder (`embed::SentenceEncoder`): its cosines spread
    /// differently from the static table's, so the semantic weights, calibration and bars
    /// are its own, picked the same way on CLINC150 val (docs/quality-faq.md).
    pub fn for_encoder() -> MatcherConfig {
        MatcherConfig {
            // CLINC150 val top-1 (full / 5-shot) rose with the weight up to a plateau at
            // 3–4 (0.5: 92.8 / 84.1 %, 1: 93.2 / 85.2, 2: 93.3 / 86.0, 3: 93.6 / 86.2,
            // 4: 93.5 / 86.5, 6: 93.4 %): the encoder is the stronger reader, the lexical
            // scores still settle near ties (product names, numbers).
            semantic_weights: [3.0, 3.0],
            // Not tunable on CLINC150 (its answers are placeholders): kept in the table's
            // ratio to the phrasing weights (1 : 1), fixed before any blind FAQ was scored.
            #[cfg(feature = "semantic")]
            semantic_answer_weight: 3.0,
            // Fitted as the table's (models/faq_embed/tune_matcher.sh … models/faq-encoder.tenc 3 3:
            // CLINC150 val full + 5-shot + 18 FAQs carved from val), refitted for the
            // fine-tuned encoder (models/faq_encoder/finetune.py).
            semantic_calibration: Calibration {
                scale: 1.818,
                margin: 1.194,
                bias: -10.72,
                per_log_entries: [-0.0255, 0.0312, 0.664],
            },
            // Both bars decline as many out-of-scope questions as the table's matcher does at
            // its own bars (0.40 and 0.20), pooled over the 20 tuning rows above (87.9 and
            // 76.0 %): then what the encoder gains is all answers (79.2 → 87.4 % answered
            // right at the confident bar, 85.6 → 91.5 % at the tentative one). A first rule,
            // beating the table on both axes on val full and 5-shot (0.45), declined even
            // more on small FAQs (docs/quality-faq.md, "A contextual encoder").
            semantic_min_confidence: 0.37,
            semantic_tentative_min_confidence: 0.15,
            ..MatcherConfig::default()
        }
    }
}

/// The FAQ's indexes plus the entry ids; cheap to query from many threads at once.
#[derive(Debug, Clone)]
pub struct Matcher {
    ids: Vec<String>,
    /// Per entry: marked `"escalate": true` (needs `escalating_entry_min_confidence`).
    escalates: Vec<bool>,
    index: Index,
    /// The chat shell builds core without the `semantic` feature: the table lives in the
    /// assistant worker, and this field's code would cost the shell ~1 KB brotli.
    #[cfg(feature = "semantic")]
    semantic: Option<SemanticIndex>,
    /// Another matcher consulted when this one is not confident ([`Matcher::ask`]).
    #[cfg(feature = "semantic")]
    second_opinion: Option<Box<Matcher>>,
    config: MatcherConfig,
}

impl Matcher {
    pub fn new(faq: &Faq) -> Matcher {
        Matcher::with_config(faq, MatcherConfig::default())
    }

    pub fn with_config(faq: &Faq, config: MatcherConfig) -> Matcher {
        Matcher {
            ids: faq.entries().iter().map(|e| e.id.clone()).collect(),
            escalates: faq.entries().iter().map(|e| e.escalate).collect(),
            index: Index::build(faq, &config),
            #[cfg(feature = "semantic")]
            semantic: None,
            #[cfg(feature = "semantic")]
            second_opinion: None,
            config,
        }
    }

    /// Consults `other` whenever this matcher has no confident answer: if `other` answers
    /// confidently with the entry this matcher ranks first, that is the answer.
    ///
    /// Why: the contextual encoder ranks the right entry first more often than the table, but
    /// its calibration trusts short follow-ups ("and is it protected?", "how big can it be?")
    /// less, and each of those counted as an unanswered turn. Two readers agreeing on the
    /// entry is the evidence the encoder's confidence lacks there (docs/quality-faq.md).
    #[cfg(feature = "semantic")]
    pub fn with_second_opinion(mut self, other: Matcher) -> Matcher {
        self.second_opinion = Some(Box::new(other));
        self
    }

    /// A matcher that also scores meaning with a sentence embedder: the static table or the
    /// contextual encoder (see `embed`; the encoder wants [`MatcherConfig::for_encoder`]).
    /// The plain-BM25 baseline ignores it.
    #[cfg(feature = "semantic")]
    pub fn with_embedding(
        faq: &Faq,
        config: MatcherConfig,
        table: Arc<dyn SentenceVectors>,
    ) -> Matcher {
        let mut matcher = Matcher::with_config(faq, config);
        if !matcher.config.bm25_only {
            matcher.semantic = Some(SemanticIndex::build(faq, table));
        }
        matcher
    }

    /// Like [`Matcher::with_embedding`], from the vectors of [`semantic_index_texts`]
    /// embedded beforehand with `table` (in that order; `None` for a text it could not embed).
    #[cfg(feature = "semantic")]
    pub fn with_vectors(
        faq: &Faq,
        config: MatcherConfig,
        table: Arc<dyn SentenceVectors>,
        vectors: Vec<Option<Vec<f32>>>,
    ) -> Matcher {
        let mut matcher = Matcher::with_config(faq, config);
        if !matcher.config.bm25_only {
            matcher.semantic = Some(SemanticIndex::from_vectors(faq, table, vectors));
        }
        matcher
    }

    /// Whether the semantic channel is in use.
    pub fn is_semantic(&self) -> bool {
        #[cfg(feature = "semantic")]
        return self.semantic.is_some();
        #[cfg(not(feature = "semantic"))]
        return false;
    }

    /// Whether the semantic channel learned a prototype per entry (an FAQ with many phrasings
    /// per entry; prototypes.rs) instead of reading centroids.
    pub fn learned_prototypes(&self) -> bool {
        #[cfg(feature = "semantic")]
        return self
            .semantic
            .as_ref()
            .is_some_and(SemanticIndex::learned_prototypes);
        #[cfg(not(feature = "semantic"))]
        return false;
    }

    /// The confidence this matcher needs to answer.
    pub fn min_confidence(&self) -> f32 {
        if self.is_semantic() {
            self.config.semantic_min_confidence
        } else {
            self.config.min_confidence
        }
    }

    /// The confidence at which this matcher shows its best entry tentatively.
    pub fn tentative_min_confidence(&self) -> f32 {
        if self.is_semantic() {
            self.config.semantic_tentative_min_confidence
        } else {
            self.config.tentative_min_confidence
        }
    }

    /// The calibration that turns this matcher's scores into confidences.
    pub fn calibration(&self) -> Calibration {
        if self.config.bm25_only {
            self.config.bm25_calibration
        } else if self.is_semantic() {
            self.config.semantic_calibration
        } else {
            self.config.calibration
        }
    }

    pub fn config(&self) -> &MatcherConfig {
        &self.config
    }

    /// Answers one visitor question. A message of several sentences is also asked one
    /// question sentence at a time, and a message (or sentence) that opens with chat ("ok
    /// nvm.", "anyway,") without it (question.rs says why); the most confident reading wins.
    /// Only in builds with the semantic channel: the chat shell has no bytes to spare.
    pub fn ask(&self, question: &str) -> MatchResult {
        let whole = self.ask_whole(question);
        #[cfg(feature = "semantic")]
        {
            let confidence = |r: &MatchResult| r.suggestions.first().map_or(0.0, |s| s.confidence);
            let mut best = whole;
            let parts = question::question_sentences(question);
            let unopened = parts
                .iter()
                .chain(std::iter::once(&question))
                .filter_map(|part| question::without_opener(part));
            let readings: Vec<&str> = parts.iter().copied().chain(unopened).collect();
            for part in readings {
                let result = self.ask_whole(part);
                if confidence(&result) > confidence(&best) {
                    best = result;
                }
            }
            if best.answer.is_none()
                && let Some(other) = &self.second_opinion
                && let (Some(theirs), Some(mine)) =
                    (other.ask(question).answer, best.suggestions.first())
                && theirs.id == mine.id
            {
                best.tentative = None;
                best.answer = Some(theirs);
            }
            best
        }
        #[cfg(not(feature = "semantic"))]
        whole
    }

    fn ask_whole(&self, question: &str) -> MatchResult {
        let (ranked, best_two) = self.rank_with_best_two(question, 4);
        let calibration = self.calibration();
        let suggestions: Vec<Scored> = ranked
            .iter()
            .take(3)
            .map(|&(entry, score)| {
                // The margin is over the best *other* entry by calibrated score, whatever
                // order the answers put them in.
                let rival = if entry == best_two.0 {
                    best_two.2
                } else {
                    best_two.1
                };
                Scored {
                    id: self.ids[entry].clone(),
                    confidence: calibration.confidence(score, score - rival, self.ids.len()),
                }
            })
            .collect();
        let best_escalates = ranked
            .first()
            .is_some_and(|&(entry, _)| self.escalates.get(entry).copied().unwrap_or(false));
        let bar = if best_escalates {
            self.min_confidence()
                .max(self.config.escalating_entry_min_confidence)
        } else {
            self.min_confidence()
        };
        let best = suggestions.first();
        let answer = best.filter(|best| best.confidence >= bar).cloned();
        // An entry marked for a person, between the ordinary bar and its own, is shown on a
        // guess too: a tentative answer never hands the visitor over, so the stray shared word
        // its higher bar guards against costs a hedged wrong guess, not a hand-over.
        let guess_bar = if best_escalates {
            self.min_confidence()
        } else {
            self.tentative_min_confidence()
        };
        let tentative = best
            .filter(|best| {
                answer.is_none() && !self.config.bm25_only && best.confidence >= guess_bar
            })
            .cloned();
        MatchResult {
            answer,
            tentative,
            suggestions,
        }
    }

    /// The `n` best entries (index into `Faq::entries`, the score their confidence is
    /// calibrated on), best first, entries with no overlap at all left out. Used by
    /// [`Matcher::ask`] and by calibration tools. With the semantic channel, "best" also
    /// weighs the entries' answers, which the returned scores leave out (see
    /// `MatcherConfig::semantic_answer_weight`); a runner-up the answers moved ahead then
    /// shows as a negative margin, so the confidence of such a reordered pick stays low.
    pub fn rank(&self, question: &str, n: usize) -> Vec<(usize, f32)> {
        self.rank_with_best_two(question, n).0
    }

    /// [`Matcher::rank`], plus the entry with the best calibrated score, that score and the
    /// second best (0 when there is none), for the margins.
    fn rank_with_best_two(
        &self,
        question: &str,
        n: usize,
    ) -> (Vec<(usize, f32)>, (usize, f32, f32)) {
        #[cfg_attr(not(feature = "semantic"), allow(unused_variables))]
        let (words, repaired) = score::repaired_words(&self.index, &self.config, question);
        #[cfg_attr(not(feature = "semantic"), allow(unused_mut))]
        let mut scores = score::entry_scores(&self.index, &self.config, &words);
        #[cfg(feature = "semantic")]
        let mut ordering: Option<Vec<f32>> = None;
        #[cfg(feature = "semantic")]
        if let Some(semantic) = &self.semantic {
            // A typo the lexical side repaired ("brekfast") would otherwise reach the table as
            // junk pieces, so the table reads the repaired word instead (unless it knows the
            // visitor's word itself). Without a repair it reads the raw text, as calibrated.
            let repaired_text;
            let text = if repaired {
                repaired_text = semantic.text_with_repairs(&crate::text::words(question), &words);
                repaired_text.as_str()
            } else {
                question
            };
            if let Some(query) = semantic.embed(text) {
                semantic.add_scores(&query, self.config.semantic_weights, &mut scores);
                let mut by_answers = scores.clone();
                let weight = self.config.semantic_answer_weight;
                semantic.add_answer_scores(&query, weight, &mut by_answers);
                ordering = Some(by_answers);
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores
            .into_iter()
            .enumerate()
            .filter(|(_, s)| *s > 0.0)
            .collect();
        let n = n.min(ranked.len());
        if n == 0 {
            return (Vec::new(), (usize::MAX, 0.0, 0.0));
        }
        // Ordered with the answers weighed in, any entry may have moved: the two best
        // calibrated scores are looked for among all of them.
        #[cfg(feature = "semantic")]
        if let Some(key) = &ordering {
            let best_two = best_two_of(&ranked);
            let best_first = |a: &(usize, f32), b: &(usize, f32)| {
                key[b.0].total_cmp(&key[a.0]).then(a.0.cmp(&b.0))
            };
            ranked.select_nth_unstable_by(n - 1, best_first);
            ranked.truncate(n);
            ranked.sort_unstable_by(best_first);
            return (ranked, best_two);
        }
        ranked.select_nth_unstable_by(n - 1, |a, b| b.1.total_cmp(&a.1));
        ranked.truncate(n);
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let second = ranked.get(1).map_or(0.0, |r| r.1);
        let best_two = (ranked[0].0, ranked[0].1, second);
        (ranked, best_two)
    }

    /// Estimated heap bytes of the index (ids included).
    pub fn index_bytes(&self) -> usize {
        #[cfg(feature = "semantic")]
        let semantic = self.semantic.as_ref().map_or(0, SemanticIndex::heap_bytes);
        #[cfg(not(feature = "semantic"))]
        let semantic = 0;
        self.index.heap_bytes()
            + semantic
            + self.ids.iter().map(|id| id.capacity() + 24).sum::<usize>()
            + self.escalates.capacity()
    }
}

/// The entry with the best score, that score and the second best (0 when there is none).
#[cfg(feature = "semantic")]
fn best_two_of(scored: &[(usize, f32)]) -> (usize, f32, f32) {
    let mut best = (usize::MAX, 0f32, 0f32);
    for &(entry, score) in scored {
        if score > best.1 {
            best = (entry, score, best.1);
        } else if score > best.2 {
            best.2 = score;
        }
    }
    best
}

#[cfg(test)]
mod tests;
