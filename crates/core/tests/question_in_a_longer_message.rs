//! A question wrapped in chat ("haha sorry wrong window. how do i …?") is asked on its own
//! too, so the wrapper's words do not sink an answer the FAQ has (faq/matcher/question.rs).
#![cfg(feature = "semantic")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use tandem_core::faq::{Faq, Matcher, MatcherConfig};

const INVOICING: &str = include_str!("../../../tests/fixtures/escalation/faq_invoicing.json");

fn matcher(faq: &Faq) -> Matcher {
    Matcher::with_embedding(faq, MatcherConfig::default(), common::table())
}

#[test]
fn a_question_after_an_apology_is_answered_as_confidently_as_on_its_own() {
    let faq = Faq::parse("faq_invoicing.json", INVOICING)
        .expect("valid")
        .faq;
    let matcher = matcher(&faq);
    let alone = matcher.ask("how do i export all my invoices as pdfs?");
    let wrapped = matcher.ask("haha sorry wrong window. how do i export all my invoices as pdfs?");
    let alone = alone.answer.expect("answered on its own");
    assert_eq!(wrapped.answer.as_ref(), Some(&alone));
}
