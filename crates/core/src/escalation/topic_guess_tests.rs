//! The policy with the sensitive-topic model attached: what it adds to the phrase lists, and
//! where it stays quiet.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use super::topic_model::TopicModel;
use super::*;
use crate::embed::StaticEmbedding;

const TABLE: &[u8] = include_bytes!("../../../../models/faq-embed.tev");

fn model() -> Arc<TopicModel> {
    let table = Arc::new(StaticEmbedding::from_bytes(TABLE).unwrap());
    Arc::new(TopicModel::shipped(table).unwrap())
}

/// One neutral visitor turn with this FAQ result.
fn observe(policy: &mut EscalationPolicy, text: &str, faq: &MatchResult) -> Decision {
    policy.observe(&Turn {
        text,
        sentiment: SentimentScores::NEUTRAL,
        faq,
        faq_entry_escalates: false,
    })
}

/// A fresh conversation's first turn, unanswered by the FAQ.
fn decide(text: &str, with_model: bool, config: PolicyConfig) -> Decision {
    let mut policy = EscalationPolicy::new(config);
    if with_model {
        policy.set_topic_model(Some(model()));
    }
    observe(&mut policy, text, &MatchResult::default())
}

const UNLISTED_DISTRESS: &str = "i don't think i can keep going like this, everything is falling apart and i'm so tired of it all";
const UNLISTED_ACCOUNT: &str =
    "someone in another city has been logging into my profile and reading my messages";

#[test]
fn distress_the_lists_miss_is_handed_over_with_the_emergency_advice_and_a_note_naming_the_model() {
    assert_eq!(
        decide(UNLISTED_DISTRESS, false, PolicyConfig::default()),
        Decision::StayWithBot,
        "the lists alone miss it (else this test shows nothing)"
    );
    let decision = decide(UNLISTED_DISTRESS, true, PolicyConfig::default());
    let escalation = decision.escalation().expect("the model reads distress");
    assert_eq!(escalation.reason, EscalationReason::Sensitive);
    assert!(escalation.visitor_message.contains("emergency number"));
    assert!(
        escalation.agent_note.contains("read by the topic model"),
        "{}",
        escalation.agent_note
    );
}

#[test]
fn a_topic_guess_is_named_to_the_visitor_like_a_listed_one() {
    assert_eq!(
        decide(UNLISTED_ACCOUNT, false, PolicyConfig::default()),
        Decision::StayWithBot,
        "the lists alone miss it"
    );
    let decision = decide(UNLISTED_ACCOUNT, true, PolicyConfig::default());
    let escalation = decision
        .escalation()
        .expect("the model reads a taken-over account");
    assert!(
        escalation
            .visitor_message
            .contains("the security of your account"),
        "{}",
        escalation.visitor_message
    );
}

#[test]
fn switching_sensitive_topics_off_also_silences_the_model() {
    let mut config = PolicyConfig::default();
    config.enabled.sensitive = false;
    assert_eq!(
        decide(UNLISTED_DISTRESS, true, config),
        Decision::StayWithBot
    );
}

#[test]
fn ordinary_questions_and_laughed_off_idioms_are_not_guessed_as_topics() {
    for text in [
        "how do I change my delivery address",
        "do you deliver on saturdays?",
        "my fiancé will kill me if we miss the payment lol, when's the balance due?",
        "is the charger included in the box",
    ] {
        assert_eq!(
            decide(text, true, PolicyConfig::default()).escalation(),
            None,
            "{text}"
        );
    }
}

#[test]
fn on_a_site_whose_business_is_deaths_a_bereavement_is_not_guessed_as_sensitive() {
    let text = "my mum passed away last month and I need to close her account";
    let probabilities = model().probabilities(text).unwrap();
    assert!(
        probabilities[7] >= model().threshold(),
        "the model reads bereavement: {probabilities:?}"
    );
    let routine = PolicyConfig {
        routine_bereavement: Some(true),
        ..PolicyConfig::default()
    };
    let mut policy = EscalationPolicy::new(routine);
    policy.set_topic_model(Some(model()));
    let decision = observe(&mut policy, text, &MatchResult::default());
    assert_ne!(
        decision.escalation().map(|e| e.reason),
        Some(EscalationReason::Sensitive)
    );
}

#[test]
fn a_restarted_conversation_keeps_its_topic_model() {
    let mut policy = EscalationPolicy::new(PolicyConfig::default());
    policy.set_topic_model(Some(model()));
    let mut fresh = policy.restarted();
    let decision = observe(&mut fresh, UNLISTED_DISTRESS, &MatchResult::default());
    assert!(decision.escalation().is_some());
}

#[test]
fn a_question_the_faq_answers_confidently_is_not_guessed_unless_the_visitor_may_be_in_danger() {
    let answered = MatchResult {
        answer: Some(crate::faq::Scored {
            id: "delivery".to_owned(),
            confidence: 0.9,
        }),
        tentative: None,
        suggestions: Vec::new(),
    };
    let judge = |text: &str| {
        let mut policy = EscalationPolicy::new(PolicyConfig::default());
        policy.set_topic_model(Some(model()));
        observe(&mut policy, text, &answered)
    };
    assert_eq!(judge(UNLISTED_ACCOUNT), Decision::StayWithBot);
    assert!(judge(UNLISTED_DISTRESS).escalation().is_some());
}

#[test]
fn the_model_is_not_asked_about_trouble_the_visitor_says_is_over() {
    let over = format!("{UNLISTED_ACCOUNT} last spring, but your team sorted it out, all fine now");
    assert!(
        model().topic(&over, false).is_some(),
        "the model alone names a topic (else this test shows nothing)"
    );
    assert_eq!(
        decide(&over, true, PolicyConfig::default()),
        Decision::StayWithBot,
        "{over}"
    );
}
