//! [`normalize`]: the one canonical form every other text feature starts from.

use super::fold::fold;

/// English contractions, expanded so that "can't" and "cannot" and "can not" meet.
/// Suffix forms are applied after the whole-word forms; the possessive/"is" `'s` is dropped
/// because "order's" (possessive) is far more common in support questions than "it's" is
/// informative (and "is" would be a stop word anyway).
const WHOLE_WORD: &[(&str, &str)] = &[
    ("can't", "can not"),
    ("cannot", "can not"),
    ("won't", "will not"),
    ("shan't", "shall not"),
    ("ain't", "is not"),
    ("let's", "let us"),
    ("y'all", "you all"),
    // Chat drops apostrophes ("i dont want to live", "why cant i log in"; CLINC150 is written
    // that way throughout). Only forms that are not also common words: "its", "lets", "ill",
    // "id", "well", "were", "hell", "shell" and "wed" stay as they are.
    ("dont", "do not"),
    ("doesnt", "does not"),
    ("didnt", "did not"),
    ("cant", "can not"),
    ("couldnt", "could not"),
    ("wouldnt", "would not"),
    ("shouldnt", "should not"),
    ("wont", "will not"),
    ("isnt", "is not"),
    ("arent", "are not"),
    ("wasnt", "was not"),
    ("werent", "were not"),
    ("havent", "have not"),
    ("hasnt", "has not"),
    ("hadnt", "had not"),
    ("aint", "is not"),
    ("im", "i am"),
    ("ive", "i have"),
    ("youre", "you are"),
    ("theyre", "they are"),
    ("whats", "what"),
    ("thats", "that"),
    ("theres", "there"),
];
const SUFFIXES: &[(&str, &str)] = &[
    ("n't", " not"),
    ("'re", " are"),
    ("'m", " am"),
    ("'ll", " will"),
    ("'ve", " have"),
    ("'d", " would"),
    ("'s", ""),
];

/// Compatibility + accent folding and lowercasing (see `fold`), typographic apostrophes unified, contractions expanded, every
/// non-alphanumeric character turned into a space, runs of whitespace collapsed to one space,
/// no leading or trailing space.
///
/// `normalize(normalize(x)) == normalize(x)` for every input (tested with proptest).
pub fn normalize(text: &str) -> String {
    // Full-width letters, ligatures, compatibility digits and accents fold to plain letters
    // ("ＲＥＴＵＲＮ" = "return", "café" = "cafe"); see `fold` for why this is not full NFKC.
    let folded: String = fold(text)
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => '\'',
            other => other,
        })
        .collect();
    let mut out = String::with_capacity(folded.len());
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let word = raw.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        // Splitting at a leftover apostrophe ("im'a" → "im", "a") can uncover a whole-word
        // contraction; expanding it here is what keeps the function idempotent.
        for piece in expand(word).split(|c: char| c == '\'' || c.is_whitespace()) {
            push_word(&mut out, whole_word(piece).unwrap_or(piece));
        }
    }
    // Lowercasing can produce characters that fold again (rare, e.g. U+0130 → i + dot):
    // a second pass makes the whole function idempotent.
    if fold(&out) == out {
        out
    } else {
        normalize(&out)
    }
}

fn whole_word(word: &str) -> Option<&'static str> {
    WHOLE_WORD
        .iter()
        .find(|(short, _)| *short == word)
        .map(|(_, long)| *long)
}

fn expand(word: &str) -> String {
    if let Some(long) = whole_word(word) {
        return long.to_owned();
    }
    for (suffix, long) in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return format!("{stem}{long}");
        }
    }
    word.to_owned()
}

fn push_word(out: &mut String, piece: &str) {
    for part in piece.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
}
