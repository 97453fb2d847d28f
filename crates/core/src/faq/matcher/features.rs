//! Query features shared by indexing and matching: character n-grams (typo repair's edit
//! distance lives in [`crate::text`], which the escalation rules share).

/// Character n-grams of one normalised word, padded with `<` and `>` so that prefixes and
/// suffixes ("<re", "ing>") count as their own features. Lengths 3 to 5: short enough to
/// survive a typo or an inflection, long enough to be specific.
///
/// Each n-gram is kept as a 64-bit FNV-1a hash, not a string: the index then stores 8 bytes
/// per distinct n-gram instead of a heap string, and a question allocates no strings at all
/// (collisions among a few hundred thousand n-grams are vanishingly rare at 64 bits).
pub fn char_ngrams(word: &str, out: &mut Vec<u64>) {
    let chars: Vec<char> = std::iter::once('<')
        .chain(word.chars())
        .chain(std::iter::once('>'))
        .collect();
    for n in 3..=5 {
        if chars.len() < n {
            break;
        }
        for window in chars.windows(n) {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for &c in window {
                hash = (hash ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3);
            }
            out.push(hash);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngrams_include_word_boundaries() {
        let mut grams = Vec::new();
        char_ngrams("ab", &mut grams);
        assert_eq!(grams.len(), 3, "<ab, ab>, <ab>");
        let mut other = Vec::new();
        char_ngrams("ba", &mut other);
        assert!(grams.iter().all(|g| !other.contains(g)));
    }
}
