//! Typing slips: how far a typed word is from a known one. Shared by the FAQ matcher's typo
//! repair and the escalation rules ("tlak to a persn").

/// True when `typed` may be a slip for `known`: people rarely mistype the first letter, so
/// a candidate must start the same way (or with the first two letters swapped). This keeps
/// "tell" from being read as "sell" and "joke" as "coke".
pub fn plausible_typo(typed: &str, known: &str) -> bool {
    let mut t = typed.chars();
    let mut k = known.chars();
    match (t.next(), k.next()) {
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => t.next() == Some(b) && k.next() == Some(a),
        _ => false,
    }
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps), giving up as soon as
/// it must exceed `limit`. Swapped letters ("retrun") are the most common typing slip, so a
/// swap costs one edit, not two.
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(prev2[j - 2] + 1);
            }
            cur[j] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let distance = prev[b.len()];
    (distance <= limit).then_some(distance)
}

/// How many edits a word of this length may be away from a known word and still be taken
/// for it: none for short words ("bag" vs "tag" are different things), one from 4 letters,
/// two from 8.
pub fn typo_budget(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_is_one_edit() {
        assert_eq!(edit_distance_within("retrun", "return", 1), Some(1));
        assert_eq!(edit_distance_within("shiping", "shipping", 1), Some(1));
        assert_eq!(edit_distance_within("refund", "return", 1), None);
    }

    #[test]
    fn a_typo_keeps_its_first_letter_unless_swapped() {
        assert!(plausible_typo("retrun", "return"));
        assert!(plausible_typo("ertrun", "return"));
        assert!(!plausible_typo("tell", "sell"));
    }
}
