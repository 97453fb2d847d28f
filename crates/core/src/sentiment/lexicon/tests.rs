#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::sentiment::SentimentLabel;
use proptest::prelude::*;

fn label(text: &str) -> SentimentLabel {
    LexiconSentiment.score(text).label()
}

#[test]
fn every_line_of_the_lexicon_file_is_understood() {
    assert!(
        table().bad_lines.is_empty(),
        "unreadable lines: {:?}",
        table().bad_lines
    );
    assert!(table().valence.contains_word("terrible"));
}

#[test]
fn complaints_without_emotion_words_are_negative() {
    for text in [
        "my parcel is three weeks late",
        "still no refund",
        "I was charged twice",
        "nobody answers my emails",
        "great, another delay",
        "the app doesn't work since the update",
        "I never received my order",
        "it arrived broken",
        "why hasn't my refund come through yet??",
        "this is the third time I'm asking",
    ] {
        assert_eq!(
            label(text),
            SentimentLabel::Negative,
            "{text}: {:?}",
            analyse(text)
        );
    }
}

#[test]
fn how_to_questions_and_acknowledgements_are_not_negative() {
    for text in [
        "how do I reset my password?",
        "what are your opening hours",
        "can I change the delivery address",
        "is the sale still on?",
        "ok",
        "do you ship to Canada",
    ] {
        assert_eq!(
            label(text),
            SentimentLabel::Neutral,
            "{text}: {:?}",
            analyse(text)
        );
    }
    for text in [
        "thanks!",
        "can't complain, it works",
        "great, that fixed it, thank you",
    ] {
        assert_eq!(
            label(text),
            SentimentLabel::Positive,
            "{text}: {:?}",
            analyse(text)
        );
    }
}

#[test]
fn negation_flips_and_but_shifts_the_weight_to_what_follows() {
    assert_eq!(label("not bad at all"), SentimentLabel::Positive);
    assert_eq!(label("not good"), SentimentLabel::Negative);
    assert_eq!(
        label("the jacket is lovely but the zip broke after a day"),
        SentimentLabel::Negative
    );
}

#[test]
fn anger_and_impatience_raise_frustration_but_a_plain_complaint_does_not() {
    let calm = LexiconSentiment.score("my parcel is late");
    let angry = LexiconSentiment.score("This is RIDICULOUS, third time I ask, USELESS SERVICE!!!");
    assert!(calm.frustration < 0.3, "{calm:?}");
    assert!(angry.frustration > 0.8, "{angry:?}");
    assert!(angry.negative > calm.negative);
}

#[test]
fn emoji_and_emoticons_count_but_a_url_is_not_a_frown() {
    assert_eq!(label("where is my order 😡"), SentimentLabel::Negative);
    assert_eq!(label("got it 👍"), SentimentLabel::Positive);
    assert_eq!(
        label("see https://example.com/help"),
        SentimentLabel::Neutral
    );
}

proptest! {
    #[test]
    fn scores_are_probabilities_for_any_input(text in "\\PC{0,120}") {
        let s = LexiconSentiment.score(&text);
        prop_assert!((s.negative + s.neutral + s.positive - 1.0).abs() < 1e-4, "{:?}", s);
        for p in [s.negative, s.neutral, s.positive, s.frustration] {
            prop_assert!((0.0..=1.0).contains(&p), "{:?}", s);
        }
    }
}
