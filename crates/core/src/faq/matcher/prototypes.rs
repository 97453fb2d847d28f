//! Learned prototypes: for an FAQ with many phrasings per entry, a vector per entry fitted to
//! tell its phrasings from those of the entries they are most easily confused with, in place
//! of the plain centroid.
//!
//! Why: a centroid is the middle of an entry's phrasings wherever its neighbours are; when two
//! entries share most of their words ("card declined" and "card not arriving"), the direction
//! that separates them is a small part of each centroid. A softmax regression over the
//! phrasing vectors finds that direction. It needs examples: on CLINC150 (train as the FAQ,
//! val as the questions) it adds 2 points of top-1 with 100 phrasings per entry, about
//! nothing with 10 and loses a little with 3 (docs/quality-faq.md, "Learned prototypes"), so
//! FAQs shaped like most sites' (2–5 phrasings per entry) keep their centroids.
//!
//! Each phrasing is trained against its own entry and the [`CANDIDATES`] − 1 entries whose
//! centroids are closest to it, which keeps the cost at phrasings × candidates per epoch
//! instead of phrasings × entries. Plain loops in a fixed order, so the widget's worker and the
//! CLI build identical prototypes.

use crate::embed::kernels::add_scaled;
use crate::embed::{dot, softmax};

/// Mean embedded phrasings per entry from which prototypes are learned.
pub(super) const MIN_MEAN_PHRASINGS: f32 = 10.0;
/// Entries each phrasing is trained against, its own included.
const CANDIDATES: usize = 8;
const EPOCHS: usize = 20;
/// Logits are `TEMPERATURE` × cosine (+ a bias per entry): unit vectors' cosines span too
/// little for a softmax to become confident otherwise.
const TEMPERATURE: f32 = 10.0;
const L2: f32 = 1e-4;
const LEARNING_RATE: f32 = 1e-2;
const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const ADAM_EPSILON: f32 = 1e-8;

/// Prototypes, one per entry (`centroids.len() / dims` of them), learned from
/// `phrasings` (unit vectors, flat) whose entries `entry_of` names, starting from the
/// `centroids`; `None` when the FAQ has too few phrasings per entry to learn from (then the
/// centroids serve).
pub(super) fn learned_prototypes(
    phrasings: &[f32],
    entry_of: &[u32],
    centroids: &[f32],
    dims: usize,
) -> Option<Vec<f32>> {
    let entries = centroids.len() / dims.max(1);
    let examples = entry_of.len();
    if dims == 0 || entries < 2 || (examples as f32) < MIN_MEAN_PHRASINGS * entries as f32 {
        return None;
    }
    let candidates = candidates(phrasings, entry_of, centroids, dims);
    let per_example = candidates.len() / examples;
    let mut weights = centroids.to_vec();
    let mut bias = vec![0f32; entries];
    let mut adam_w = Adam::new(weights.len());
    let mut adam_b = Adam::new(entries);
    let mut grad_w = vec![0f32; weights.len()];
    let mut grad_b = vec![0f32; entries];
    let mut probs = vec![0f32; per_example];
    for _ in 0..EPOCHS {
        grad_w.iter_mut().for_each(|g| *g = 0.0);
        grad_b.iter_mut().for_each(|g| *g = 0.0);
        for (x, cands) in phrasings
            .chunks_exact(dims)
            .zip(candidates.chunks_exact(per_example))
        {
            for (p, &c) in probs.iter_mut().zip(cands) {
                let c = c as usize;
                *p = TEMPERATURE * dot(x, &weights[c * dims..(c + 1) * dims]) + bias[c];
            }
            softmax(&mut probs);
            // The example's own entry is its first candidate.
            probs[0] -= 1.0;
            for (&p, &c) in probs.iter().zip(cands) {
                let c = c as usize;
                let g = p / examples as f32;
                grad_b[c] += g;
                // (TEMPERATURE · g) · v, the same product in the same order as before.
                add_scaled(&mut grad_w[c * dims..(c + 1) * dims], TEMPERATURE * g, x);
            }
        }
        grad_w
            .iter_mut()
            .zip(&weights)
            .for_each(|(g, w)| *g += 2.0 * L2 * w);
        adam_w.step(&mut weights, &grad_w);
        adam_b.step(&mut bias, &grad_b);
    }
    for row in weights.chunks_exact_mut(dims) {
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm > f32::EPSILON {
            row.iter_mut().for_each(|v| *v /= norm);
        } else {
            row.iter_mut().for_each(|v| *v = 0.0);
        }
    }
    // A prototype leans away from its neighbours, so an entry's own phrasings sit at a lower
    // cosine to it than to their centroid; the matcher's calibration was fitted on centroid
    // cosines, so the prototypes are scaled until the two agree on average.
    let own_cosine = |vectors: &[f32]| {
        let sum: f32 = phrasings
            .chunks_exact(dims)
            .zip(entry_of)
            .map(|(x, &e)| dot(x, &vectors[e as usize * dims..(e as usize + 1) * dims]))
            .sum();
        sum / examples as f32
    };
    let (to_centroids, to_prototypes) = (own_cosine(centroids), own_cosine(&weights));
    if to_prototypes > f32::EPSILON {
        let scale = to_centroids / to_prototypes;
        weights.iter_mut().for_each(|v| *v *= scale);
    }
    Some(weights)
}

/// Per phrasing, its own entry followed by the other entries whose centroids are closest.
fn candidates(phrasings: &[f32], entry_of: &[u32], centroids: &[f32], dims: usize) -> Vec<u32> {
    let entries = centroids.len() / dims;
    let take = CANDIDATES.min(entries);
    let mut out = Vec::with_capacity(entry_of.len() * take);
    let mut others: Vec<(f32, u32)> = Vec::with_capacity(entries);
    for (x, &own) in phrasings.chunks_exact(dims).zip(entry_of) {
        others.clear();
        others.extend(
            centroids
                .chunks_exact(dims)
                .enumerate()
                .filter(|&(e, _)| e as u32 != own)
                .map(|(e, c)| (dot(x, c), e as u32)),
        );
        // Closest first; ties by entry number, so the order never depends on the sort.
        let closest = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if others.len() > take - 1 && take > 1 {
            others.select_nth_unstable_by(take - 2, closest);
        }
        others.truncate(take - 1);
        others.sort_unstable_by(closest);
        out.push(own);
        out.extend(others.iter().map(|&(_, e)| e));
    }
    out
}

/// Adam's running moments for one parameter block.
struct Adam {
    first: Vec<f32>,
    second: Vec<f32>,
    steps: i32,
}

impl Adam {
    fn new(len: usize) -> Adam {
        Adam {
            first: vec![0.0; len],
            second: vec![0.0; len],
            steps: 0,
        }
    }

    fn step(&mut self, params: &mut [f32], grads: &[f32]) {
        self.steps += 1;
        let correct1 = 1.0 - BETA1.powi(self.steps);
        let correct2 = 1.0 - BETA2.powi(self.steps);
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grads)
            .zip(&mut self.first)
            .zip(&mut self.second)
        {
            *m = BETA1 * *m + (1.0 - BETA1) * g;
            *v = BETA2 * *v + (1.0 - BETA2) * g * g;
            *p -= LEARNING_RATE * (*m / correct1) / ((*v / correct2).sqrt() + ADAM_EPSILON);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn unit(v: [f32; 3]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    /// Two entries whose phrasings share a large common direction and differ in a small one,
    /// with entry 0 holding many more phrasings near the common direction.
    fn overlapping_entries(per_entry: usize) -> (Vec<f32>, Vec<u32>, Vec<f32>) {
        let mut phrasings = Vec::new();
        let mut entry_of = Vec::new();
        for i in 0..per_entry {
            let wobble = i as f32 / per_entry as f32 * 0.1;
            phrasings.extend(unit([1.0, 0.15 + wobble, 0.3]));
            entry_of.push(0);
            phrasings.extend(unit([1.0, -0.15 - wobble, 0.3 + wobble]));
            entry_of.push(1);
        }
        let mut centroids = vec![0f32; 2 * 3];
        for (x, &e) in phrasings.chunks_exact(3).zip(&entry_of) {
            let c = &mut centroids[e as usize * 3..e as usize * 3 + 3];
            c.iter_mut().zip(x).for_each(|(c, v)| *c += v);
        }
        for c in centroids.chunks_exact_mut(3) {
            let n = c.iter().map(|x| x * x).sum::<f32>().sqrt();
            c.iter_mut().for_each(|x| *x /= n);
        }
        (phrasings, entry_of, centroids)
    }

    #[test]
    fn prototypes_of_overlapping_entries_point_further_apart_than_their_centroids() {
        let (phrasings, entry_of, centroids) = overlapping_entries(12);
        let prototypes = learned_prototypes(&phrasings, &entry_of, &centroids, 3).unwrap();
        let cosine = |a: &[f32], b: &[f32]| dot(a, b) / (dot(a, a) * dot(b, b)).sqrt();
        let centroid_cosine = cosine(&centroids[..3], &centroids[3..]);
        let prototype_cosine = cosine(&prototypes[..3], &prototypes[3..]);
        assert!(
            prototype_cosine < centroid_cosine - 0.05,
            "{prototype_cosine} vs {centroid_cosine}"
        );
    }

    #[test]
    fn every_phrasing_is_closer_to_its_own_prototype_than_to_the_other() {
        let (phrasings, entry_of, centroids) = overlapping_entries(12);
        let prototypes = learned_prototypes(&phrasings, &entry_of, &centroids, 3).unwrap();
        for (x, &own) in phrasings.chunks_exact(3).zip(&entry_of) {
            let own = own as usize;
            let other = 1 - own;
            let to = |e: usize| dot(x, &prototypes[e * 3..e * 3 + 3]);
            assert!(to(own) > to(other));
        }
    }

    #[test]
    fn own_phrasings_score_as_high_against_their_prototypes_on_average_as_against_centroids() {
        let (phrasings, entry_of, centroids) = overlapping_entries(12);
        let prototypes = learned_prototypes(&phrasings, &entry_of, &centroids, 3).unwrap();
        let mean_own = |vectors: &[f32]| {
            phrasings
                .chunks_exact(3)
                .zip(&entry_of)
                .map(|(x, &e)| dot(x, &vectors[e as usize * 3..e as usize * 3 + 3]))
                .sum::<f32>()
                / entry_of.len() as f32
        };
        assert!((mean_own(&prototypes) - mean_own(&centroids)).abs() < 1e-4);
    }

    #[test]
    fn an_faq_with_few_phrasings_per_entry_keeps_its_centroids() {
        let (phrasings, entry_of, centroids) = overlapping_entries(4);
        assert_eq!(
            learned_prototypes(&phrasings, &entry_of, &centroids, 3),
            None
        );
    }

    #[test]
    fn learning_twice_gives_the_same_prototypes_bit_for_bit() {
        let (phrasings, entry_of, centroids) = overlapping_entries(12);
        let first = learned_prototypes(&phrasings, &entry_of, &centroids, 3);
        assert_eq!(
            first,
            learned_prototypes(&phrasings, &entry_of, &centroids, 3)
        );
    }

    #[test]
    fn each_phrasing_is_trained_against_its_own_entry_first_then_the_closest_others() {
        let centroids: Vec<f32> = [
            unit([1.0, 0.0, 0.0]),
            unit([0.0, 1.0, 0.0]),
            unit([0.9, 0.1, 0.0]),
        ]
        .concat();
        let phrasings = unit([1.0, 0.05, 0.0]);
        assert_eq!(candidates(&phrasings, &[1], &centroids, 3), vec![1, 0, 2]);
    }
}
