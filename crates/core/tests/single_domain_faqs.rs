//! The semantic matcher on three single-domain FAQs written like real sites' (a bike rental,
//! an invoicing app, a dental practice; `tests/single_domain/`), with visitor questions
//! written in one go before they were first run (docs/quality-faq.md, "Three single-domain
//! FAQs"). In such an FAQ every entry shares the business's words, so a right answer wins by
//! a small margin and the matcher declines more than it does on CLINC150: today it answers
//! 35 of the 80 in-scope questions confidently and correctly (the right entry is the top
//! suggestion for 68) and declines 29 of the 30 out-of-scope ones; counting the answers it
//! shows tentatively too, 50 of 80 are answered correctly and 28 of 30 declined. The floors
//! sit a little below those numbers: they guard both bars against a change that quietly
//! makes them worse.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_floor, table, tally};
use tandem_core::faq::{Faq, Matcher, MatcherConfig};

const SITES: [(&str, &str, &str); 3] = [
    (
        "bikes",
        include_str!("single_domain/bikes.json"),
        include_str!("single_domain/bikes-questions.jsonl"),
    ),
    (
        "invoicing",
        include_str!("single_domain/invoicing.json"),
        include_str!("single_domain/invoicing-questions.jsonl"),
    ),
    (
        "dental",
        include_str!("single_domain/dental.json"),
        include_str!("single_domain/dental-questions.jsonl"),
    ),
];

/// The bike-rental FAQ with the semantic matcher over it.
fn bikes() -> (Faq, Matcher) {
    let (name, faq_text, _) = SITES[0];
    let faq = Faq::parse(name, faq_text)
        .expect("fixture FAQ is valid")
        .faq;
    let matcher = Matcher::with_embedding(&faq, MatcherConfig::default(), table());
    (faq, matcher)
}

#[test]
fn the_semantic_matcher_answers_at_least_two_in_five_questions_of_a_single_domain_faq() {
    let t = tally(&SITES);
    assert_eq!(t.in_scope, 80);
    assert_floor(t.answered_right, t.in_scope, 40, "answered correctly");
}

#[test]
fn the_semantic_matcher_declines_nine_in_ten_out_of_scope_questions_of_a_single_domain_faq() {
    let t = tally(&SITES);
    assert_eq!(t.out_of_scope, 30);
    assert_floor(t.declined, t.out_of_scope, 90, "declined");
}

#[test]
fn counting_tentative_answers_more_than_half_of_the_in_scope_questions_get_the_right_entry() {
    let t = tally(&SITES);
    assert_floor(t.shown_right, t.in_scope, 55, "shown the right entry");
}

#[test]
fn counting_tentative_answers_most_out_of_scope_questions_are_still_declined() {
    let t = tally(&SITES);
    assert_floor(t.nothing_shown, t.out_of_scope, 85, "nothing shown");
}

#[test]
fn a_typo_the_lexical_side_repairs_reaches_the_table_repaired_too() {
    // "stolne" is junk to the table's word pieces; read as "stolen" it means theft. Before
    // the repaired word was embedded, this question was declined.
    let (_, matcher) = bikes();
    let answer = matcher.ask("what if the bike is stolne").answer;
    assert_eq!(answer.map(|a| a.id).as_deref(), Some("damage-theft"));
    // A real word the FAQ does not use is left as typed for the table.
    assert!(
        matcher
            .ask("whats the weather like tomorrow")
            .answer
            .is_none()
    );
}

#[test]
fn a_follow_up_question_that_points_back_is_answered_from_the_topic_before_it() {
    use tandem_core::escalation::{EscalationPolicy, PolicyConfig, observe_message};
    use tandem_core::sentiment::LexiconSentiment;
    let (faq, matcher) = bikes();
    let model = LexiconSentiment::new();
    let answer_of = |turns: &[&str]| {
        let mut policy = EscalationPolicy::new(PolicyConfig::default());
        let mut last = None;
        for text in turns {
            last = observe_message(&mut policy, &faq, &matcher, &model, text)
                .faq
                .answer;
        }
        last.map(|a| a.id)
    };
    // Alone, "is it in english?" matches nothing; after the tours question it is about them.
    assert_eq!(answer_of(&["is it in english?"]), None);
    assert_eq!(
        answer_of(&["do you offer guided tours", "is it in english?"]).as_deref(),
        Some("guided-tours")
    );
    // A statement that points back is not a new question: "did that" must not get the same
    // answer again.
    assert_eq!(
        answer_of(&[
            "do you offer guided tours",
            "i did that already, it was bad"
        ]),
        None
    );
}
