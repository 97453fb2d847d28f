#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn shop() -> Faq {
    let text = r#"{"entries": [
      {"id": "returns", "question": "How do I return an item?", "alternatives": ["send something back", "return policy"], "answer": "a"},
      {"id": "shipping", "question": "How long does delivery take?", "alternatives": ["shipping times", "when will my order arrive"], "answer": "b"},
      {"id": "payment", "question": "Which payment methods do you accept?", "alternatives": ["can I pay with paypal", "credit card"], "answer": "c"}
    ]}"#;
    Faq::parse("shop.json", text).unwrap().faq
}

#[test]
fn a_paraphrase_finds_its_entry_with_confidence() {
    let matcher = Matcher::new(&shop());
    let result = matcher.ask("what's your return policy?");
    assert_eq!(result.answer.unwrap().id, "returns");
}

#[test]
fn a_typo_is_repaired_before_matching() {
    let matcher = Matcher::new(&shop());
    assert_eq!(
        matcher.ask("how do i retrun this").answer.unwrap().id,
        "returns"
    );
    assert_eq!(matcher.ask("paypall?").suggestions[0].id, "payment");
}

#[test]
fn an_unrelated_question_has_no_confident_match() {
    let matcher = Matcher::new(&shop());
    let result = matcher.ask("what is the capital of peru");
    assert!(result.answer.is_none(), "{result:?}");
}

#[test]
fn suggestions_are_at_most_three_best_first() {
    let matcher = Matcher::new(&shop());
    let result = matcher.ask("how long until my order arrives");
    assert!(result.suggestions.len() <= 3);
    assert_eq!(result.suggestions[0].id, "shipping");
    let confidences: Vec<f32> = result.suggestions.iter().map(|s| s.confidence).collect();
    assert!(confidences.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn the_bm25_baseline_is_one_flag_away() {
    let config = MatcherConfig {
        bm25_only: true,
        ..MatcherConfig::default()
    };
    let matcher = Matcher::with_config(&shop(), config);
    assert_eq!(matcher.ask("return policy").suggestions[0].id, "returns");
}

#[test]
fn empty_and_symbol_only_questions_match_nothing() {
    let matcher = Matcher::new(&shop());
    assert_eq!(matcher.ask(""), MatchResult::default());
    assert_eq!(matcher.ask("?!…"), MatchResult::default());
}

#[test]
fn the_index_reports_its_size() {
    assert!(Matcher::new(&shop()).index_bytes() > 1000);
}

#[test]
fn the_same_margin_is_less_convincing_in_a_small_faq() {
    // In a 10-entry FAQ a lone shared word leaves no runner-up, so a margin says less there.
    let calibration = MatcherConfig::default().calibration;
    let small = calibration.confidence(0.3, 0.25, 10);
    let large = calibration.confidence(0.3, 0.25, 150);
    assert!(small < large, "{small} vs {large}");
}

#[test]
fn the_bm25_baseline_calibration_ignores_faq_size() {
    let calibration = MatcherConfig::default().bm25_calibration;
    assert_eq!(
        calibration.confidence(0.5, 0.2, 10),
        calibration.confidence(0.5, 0.2, 10_000)
    );
}

#[test]
fn one_shared_word_with_a_small_faq_is_not_a_confident_answer() {
    let matcher = Matcher::new(&shop());
    let result = matcher.ask("can I pay my parking ticket here");
    assert!(result.answer.is_none(), "{result:?}");
}

#[cfg(feature = "semantic")]
mod semantic {
    use super::*;
    use crate::embed::StaticEmbedding;
    use std::sync::Arc;

    /// A toy embedding where "refund", "money" and "return" mean much the same, and so do
    /// "parcel" and "delivery".
    fn toy_embedding() -> Arc<StaticEmbedding> {
        let rows: Vec<(&str, Vec<f32>)> = vec![
            ("return", vec![1.0, 0.0, 0.0]),
            ("refund", vec![0.95, 0.05, 0.0]),
            ("money", vec![0.9, 0.0, 0.1]),
            ("send", vec![0.7, 0.2, 0.0]),
            ("back", vec![0.7, 0.0, 0.1]),
            ("parcel", vec![0.0, 1.0, 0.0]),
            ("delivery", vec![0.05, 0.95, 0.0]),
            ("paypal", vec![0.0, 0.0, 1.0]),
            ("pay", vec![0.0, 0.1, 0.9]),
        ];
        let bytes = crate::embed::tests::table_bytes(&rows);
        Arc::new(StaticEmbedding::from_bytes(&bytes).unwrap())
    }

    #[test]
    fn the_semantic_channel_ranks_an_entry_that_shares_no_word_with_the_question_first() {
        let faq = shop();
        let lexical = Matcher::new(&faq);
        let semantic = Matcher::with_embedding(&faq, MatcherConfig::default(), toy_embedding());
        assert!(semantic.is_semantic());
        let lexical_best = lexical.rank("refund money", 3).first().map_or(0.0, |r| r.1);
        let semantic_best = semantic.rank("refund money", 3)[0];
        assert_eq!(semantic_best.0, 0, "returns first");
        assert!(
            semantic_best.1 > lexical_best + 0.3,
            "{semantic_best:?} vs {lexical_best}"
        );
        assert_eq!(semantic.rank("my parcel", 3)[0].0, 1, "shipping first");
    }

    #[test]
    fn a_matcher_from_vectors_embedded_beforehand_ranks_exactly_like_one_that_embeds_them() {
        let faq = shop();
        let table = toy_embedding();
        let vectors = crate::faq::semantic_index_texts(&faq)
            .into_iter()
            .map(|text| table.embed(text))
            .collect();
        let built = Matcher::with_embedding(&faq, MatcherConfig::default(), table.clone());
        let given = Matcher::with_vectors(&faq, MatcherConfig::default(), table, vectors);
        for question in [
            "refund money",
            "my parcel",
            "pay with paypal",
            "opening hours",
        ] {
            let (a, b) = (built.rank(question, 3), given.rank(question, 3));
            assert_eq!(a.len(), b.len(), "{question}");
            for ((id_a, score_a), (id_b, score_b)) in a.into_iter().zip(b) {
                // The lexical index sums in hash order, so scores agree to rounding only.
                assert!(
                    id_a == id_b && (score_a - score_b).abs() < 1e-6,
                    "{question}"
                );
            }
        }
    }

    #[test]
    fn a_second_opinion_answers_only_when_it_agrees_on_the_entry_ranked_first() {
        let faq = shop();
        let never_sure = MatcherConfig {
            semantic_min_confidence: 1.1,
            semantic_tentative_min_confidence: 1.1,
            ..MatcherConfig::default()
        };
        let unsure = || Matcher::with_embedding(&faq, never_sure.clone(), toy_embedding());
        let sure = Matcher::with_embedding(&faq, MatcherConfig::default(), toy_embedding());
        let question = "how do I return an item";
        assert!(unsure().ask(question).answer.is_none());
        let theirs = sure
            .ask(question)
            .answer
            .expect("the default matcher is sure");
        let agreed = unsure().with_second_opinion(sure).ask(question);
        assert_eq!(agreed.answer, Some(theirs));
        assert!(agreed.tentative.is_none());
        // A second opinion that prefers another entry is not taken.
        let other_faq = Faq::parse(
            "other.json",
            r#"{"entries": [{"id": "shipping", "question": "How do I return an item?", "answer": "x"}]}"#,
        )
        .unwrap()
        .faq;
        let disagreeing = Matcher::new(&other_faq);
        assert!(disagreeing.ask(question).answer.is_some());
        assert!(
            unsure()
                .with_second_opinion(disagreeing)
                .ask(question)
                .answer
                .is_none()
        );
    }

    #[test]
    fn the_bm25_baseline_ignores_an_embedding_table() {
        let config = MatcherConfig {
            bm25_only: true,
            ..MatcherConfig::default()
        };
        let matcher = Matcher::with_embedding(&shop(), config, toy_embedding());
        assert!(!matcher.is_semantic());
        assert!(matcher.rank("my parcel", 3).is_empty());
    }
}

fn bank() -> Faq {
    let text = r#"{"entries": [
      {"id": "card-lost", "question": "I lost my card, what do I do?", "alternatives": ["freeze my card", "block my card", "lost debit card"], "answer": "a", "escalate": true},
      {"id": "transfer-time", "question": "How long does a bank transfer take?", "alternatives": ["transfer pending", "when will my money arrive"], "answer": "b"},
      {"id": "opening-hours", "question": "When are your branches open?", "alternatives": ["opening hours", "branch times"], "answer": "c"},
      {"id": "statements", "question": "Where do I find my statements?", "alternatives": ["download a statement", "account history"], "answer": "d"}
    ]}"#;
    Faq::parse("bank.json", text).unwrap().faq
}

#[test]
fn an_entry_marked_for_a_person_needs_a_surer_match_to_be_the_answer() {
    let question = "my card has expired";
    let loose = MatcherConfig {
        escalating_entry_min_confidence: 0.0,
        ..MatcherConfig::default()
    };
    let unguarded = Matcher::with_config(&bank(), loose).ask(question);
    let answered = unguarded
        .answer
        .expect("one shared word clears the ordinary bar");
    assert_eq!(answered.id, "card-lost");
    assert!(answered.confidence < MatcherConfig::default().escalating_entry_min_confidence);

    let guarded = Matcher::new(&bank()).ask(question);
    assert!(guarded.answer.is_none(), "{guarded:?}");
    assert_eq!(
        guarded.tentative.map(|t| t.id).as_deref(),
        Some("card-lost"),
        "over the ordinary bar it is still shown, on a guess, which never hands over"
    );
    assert_eq!(guarded.suggestions[0].id, "card-lost");

    let lost = Matcher::new(&bank()).ask("I lost my debit card");
    assert_eq!(lost.answer.map(|a| a.id).as_deref(), Some("card-lost"));
}

/// Every best entry is over the tentative bar and under the confident one.
fn guessing() -> MatcherConfig {
    MatcherConfig {
        min_confidence: 1.1,
        semantic_min_confidence: 1.1,
        tentative_min_confidence: 0.0,
        semantic_tentative_min_confidence: 0.0,
        ..MatcherConfig::default()
    }
}

#[test]
fn a_likely_entry_under_the_confident_bar_is_offered_tentatively_not_as_the_answer() {
    let result = Matcher::with_config(&shop(), guessing()).ask("return policy");
    assert!(result.answer.is_none());
    assert_eq!(
        result.tentative.as_ref().map(|t| t.id.as_str()),
        Some("returns")
    );
    assert_eq!(result.shown(), result.tentative.as_ref());
    let sure = Matcher::new(&shop()).ask("return policy");
    assert!(
        sure.tentative.is_none(),
        "a confident answer is not also a guess"
    );
    assert_eq!(sure.shown(), sure.answer.as_ref());
}

#[test]
fn the_default_tentative_bar_sits_under_the_confident_one() {
    let config = MatcherConfig::default();
    assert!(config.tentative_min_confidence < config.min_confidence);
    assert!(config.semantic_tentative_min_confidence < config.semantic_min_confidence);
    let far_off = Matcher::new(&shop()).ask("what is the capital of peru");
    assert!(far_off.shown().is_none(), "{far_off:?}");
}

#[test]
fn entries_marked_for_a_person_are_guessed_only_over_the_ordinary_bar_and_bm25_never_guesses() {
    let marked = Matcher::with_config(&bank(), guessing()).ask("I lost my debit card");
    assert_eq!(marked.suggestions[0].id, "card-lost");
    assert!(marked.shown().is_none(), "{marked:?}");
    let bm25 = MatcherConfig {
        bm25_only: true,
        ..guessing()
    };
    let baseline = Matcher::with_config(&shop(), bm25).ask("return policy");
    assert!(baseline.shown().is_none(), "{baseline:?}");
}
