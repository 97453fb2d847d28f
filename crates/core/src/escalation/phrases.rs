//! Phrase lists matched against normalised words ([`crate::text::words`]), so that "Can't",
//! "can not" and "CANNOT" or "human-sized" and "human sized" meet the same rule.
//!
//! A phrase is a sequence of words; `*` stands for exactly one word and `~` for up to two, so
//! "talk to ~ person" covers "talk to a person" and "talk to a real person".

use crate::text;

/// A phrase split into normalised words, ready to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub source: String,
    words: Vec<String>,
}

impl Phrase {
    pub fn new(source: &str) -> Phrase {
        let words = source
            .split_whitespace()
            .flat_map(|w| match w {
                "*" | "~" => vec![w.to_owned()],
                _ => text::words(w),
            })
            .collect();
        Phrase {
            source: source.to_owned(),
            words,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The word index where the first match starts and the one where it ends (exclusive).
    pub fn find(&self, words: &[String]) -> Option<(usize, usize)> {
        if self.words.is_empty() {
            return None;
        }
        (0..words.len())
            .find_map(|start| match_at(&self.words, words, start).map(|end| (start, end)))
    }
}

/// The lines of one `[section]` of a phrase list file: one phrase per line, `#` comments.
/// The lists live in `lists/*.txt` as data so they can be read and extended without reading
/// the rules around them.
pub fn section(list: &'static str, name: &str) -> Vec<&'static str> {
    let header = format!("[{name}]");
    list.lines()
        .map(str::trim)
        .skip_while(|line| *line != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// Compiles one section of a list file into phrases.
pub fn compile(list: &'static str, name: &str) -> Vec<Phrase> {
    section(list, name)
        .into_iter()
        .map(Phrase::new)
        .filter(|p| !p.is_empty())
        .collect()
}

fn match_at(pattern: &[String], words: &[String], at: usize) -> Option<usize> {
    let Some((head, rest)) = pattern.split_first() else {
        return Some(at);
    };
    match head.as_str() {
        "~" => (0..=2)
            .filter(|skip| at + skip <= words.len())
            .find_map(|skip| match_at(rest, words, at + skip)),
        "*" => (at < words.len())
            .then(|| match_at(rest, words, at + 1))
            .flatten(),
        word => (words.get(at).map(String::as_str) == Some(word))
            .then(|| match_at(rest, words, at + 1))
            .flatten(),
    }
}

/// Negation just before position `at` ("no need for", "don't want", "never asked for"), looking
/// back up to `window` words. "can not"/"could not" do not negate a request ("why can't I talk
/// to a person?" is a request), so a bare `not` counts only after do/does/did/is/am/are.
pub fn negated_before(words: &[String], at: usize, window: usize) -> bool {
    let from = at.saturating_sub(window);
    (from..at).any(|i| match words[i].as_str() {
        "no" | "never" | "without" | "nobody" | "nor" => true,
        "not" => {
            i > 0
                && matches!(
                    words[i - 1].as_str(),
                    "do" | "does"
                        | "did"
                        | "is"
                        | "am"
                        | "are"
                        | "was"
                        | "were"
                        | "need"
                        | "rather"
                )
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        text::words(s)
    }

    #[test]
    fn wildcards_match_one_or_up_to_two_words() {
        let p = Phrase::new("talk to ~ person");
        assert_eq!(p.find(&words("can I talk to a real person")), Some((2, 7)));
        assert_eq!(p.find(&words("talk to person")), Some((0, 3)));
        assert_eq!(p.find(&words("talk to a very nice kind person")), None);
        let star = Phrase::new("charged * times");
        assert!(star.find(&words("I was charged three times")).is_some());
        assert!(star.find(&words("charged times")).is_none());
    }

    #[test]
    fn phrases_are_normalised_like_the_text_they_match() {
        let p = Phrase::new("can't log in");
        assert!(p.find(&words("I CANNOT log-in")).is_some());
    }

    #[test]
    fn every_section_the_rules_use_exists_and_is_not_empty() {
        let lists = [
            (
                super::super::request::LIST,
                &[
                    "explicit",
                    "cues",
                    "person",
                    "person_pairs",
                    "not_person_before",
                    "not_person_after",
                    "identity",
                    "fillers",
                    "typo_targets",
                    "not_typos",
                ][..],
            ),
            (
                super::super::sensitive::LIST,
                &[
                    "fraud",
                    "account",
                    "legal",
                    "safety",
                    "harassment",
                    "circumstances",
                    "distress",
                    "exceptions",
                ][..],
            ),
            (
                super::super::policy::LIST,
                &[
                    "small_talk",
                    "acknowledgements",
                    "question_words",
                    "question_verbs",
                    "still_a_problem",
                ][..],
            ),
            (super::super::policy::FEEDBACK_LIST, &["rejects_answer"][..]),
            (super::super::policy::UPSET_LIST, &["upset"][..]),
        ];
        for (list, names) in lists {
            for name in names {
                assert!(
                    !section(list, name).is_empty(),
                    "[{name}] is missing or empty"
                );
            }
        }
    }

    #[test]
    fn do_not_negates_but_can_not_does_not() {
        let w = words("I don't need an agent");
        assert!(negated_before(&w, 4, 4));
        let w = words("why can't I talk to a person");
        assert!(!negated_before(&w, 4, 4));
    }
}
