//! The questions inside a longer message.
//!
//! Visitors wrap a question in chat: "haha sorry wrong window. how do i export my invoices?",
//! "fair enough. where can I leave the scooter?". Every word of the wrapper that the FAQ
//! never uses lowers the whole message's score, so a question the FAQ answers well falls
//! under the bar. [`Matcher::ask`](super::Matcher::ask) therefore also asks each sentence
//! that ends in a question mark on its own, and each reading without the chat it opens with
//! ("ok nvm.", "anyway,"), and keeps whichever reading is most confident.

/// Chat that opens a message without adding to its question ("ok nvm.", "anyway,", "haha fair
/// enough.", "also while I'm here,"), longest first so "ok nvm" wins over "ok".
const OPENERS: &[&str] = &[
    "also while i'm here",
    "also while im here",
    "while i'm here",
    "while im here",
    "haha fair enough",
    "fair enough",
    "one more thing",
    "one more question",
    "one more q",
    "quick question",
    "by the way",
    "sorry lol",
    "ok never mind",
    "never mind",
    "nevermind",
    "ok nvm",
    "ok cool",
    "ok thanks",
    "anyways",
    "anyway",
    "nvm",
    "okay",
    "also",
    "haha",
    "lol",
    "btw",
    "ok",
    "oh",
    "and",
    "so",
];

/// `text` without the chat it opens with, when it opens with some and a question of at least
/// two words is left.
pub fn without_opener(text: &str) -> Option<&str> {
    let mut rest = text.trim_start();
    let mut stripped = false;
    'strip: for _ in 0..3 {
        for opener in OPENERS {
            let Some(head) = rest.get(..opener.len()) else {
                continue;
            };
            let after = &rest[opener.len()..];
            let ends_word = after
                .chars()
                .next()
                .is_some_and(|c| c.is_whitespace() || matches!(c, ',' | '.' | '!' | '-'));
            if head.eq_ignore_ascii_case(opener) && ends_word {
                rest = after.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | '.' | '!' | '-')
                });
                stripped = true;
                continue 'strip;
            }
        }
        break;
    }
    (stripped && rest.split_whitespace().count() >= 2).then_some(rest)
}

/// The sentences of `text` that end in `?`, when the text has more than one sentence; each
/// with at least two words. Empty for a single-sentence message, which is asked whole.
pub fn question_sentences(text: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' => chars.peek().is_none_or(|&(_, next)| next.is_whitespace()),
            _ => false,
        };
        if ends {
            let end = i + c.len_utf8();
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                sentences.push(sentence);
            }
            start = end;
        }
    }
    let tail = text[start..].trim();
    if !tail.is_empty() {
        sentences.push(tail);
    }
    if sentences.len() < 2 {
        return Vec::new();
    }
    sentences
        .into_iter()
        .filter(|s| s.ends_with('?') && s.split_whitespace().count() >= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{question_sentences, without_opener};

    #[test]
    fn the_chat_a_question_opens_with_is_dropped_and_a_plain_question_is_left_alone() {
        assert_eq!(
            without_opener("ok, do you deliver to cornwall?"),
            Some("do you deliver to cornwall?")
        );
        assert_eq!(
            without_opener("sorry lol, how do i switch to another course"),
            Some("how do i switch to another course")
        );
        assert_eq!(
            without_opener("haha fair enough. do you cover portishead?"),
            Some("do you cover portishead?")
        );
        assert_eq!(without_opener("do you cover portishead?"), None);
        // A word that only starts like an opener, and an opener with nothing after it.
        assert_eq!(without_opener("okra in the salad?"), None);
        assert_eq!(without_opener("ok thanks"), None);
    }

    #[test]
    fn a_question_after_chat_is_found_on_its_own() {
        assert_eq!(
            question_sentences("haha sorry wrong window. how do i export my invoices?"),
            vec!["how do i export my invoices?"]
        );
    }

    #[test]
    fn a_single_sentence_is_not_split() {
        assert!(question_sentences("where can I leave the scooter?").is_empty());
        assert!(question_sentences("one more q, what time is checkout?").is_empty());
    }

    #[test]
    fn every_question_of_several_is_found_and_statements_are_not() {
        assert_eq!(
            question_sentences("I moved house! Do you deliver to Leeds?\nAnd how much is it?"),
            vec!["Do you deliver to Leeds?", "And how much is it?"]
        );
        assert!(question_sentences("My order is late. It was due Monday.").is_empty());
    }

    #[test]
    fn decimals_and_one_word_questions_do_not_make_sentences() {
        assert_eq!(
            question_sentences("is it 2.5 kg? ok?"),
            vec!["is it 2.5 kg?"]
        );
    }
}
