//! Helpers shared by the integration tests that score the matcher on site FAQs written like
//! real ones (single-domain, blind) and the policy on blind single messages: the shipped
//! table, a tally of a set of FAQs with their visitor questions, a replay of single messages,
//! and a floor assertion that says what it counted.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use tandem_core::embed::StaticEmbedding;
use tandem_core::escalation::topic_model::TopicModel;
use tandem_core::faq::{Faq, Matcher, MatcherConfig};

const TABLE: &[u8] = include_bytes!("../../../../models/faq-embed.tev");

/// The embedding table the widget's worker ships.
pub fn table() -> Arc<StaticEmbedding> {
    Arc::new(StaticEmbedding::from_bytes(TABLE).expect("the shipped table parses"))
}

/// A fixture FAQ and the semantic matcher over it with the shipped table, as the worker builds
/// them.
pub fn semantic_matcher(
    name: &str,
    faq_text: &str,
    table: &Arc<StaticEmbedding>,
) -> (Faq, Matcher) {
    let faq = Faq::parse(name, faq_text)
        .expect("fixture FAQ is valid")
        .faq;
    let matcher = Matcher::with_embedding(&faq, MatcherConfig::default(), table.clone());
    (faq, matcher)
}

/// What the semantic matcher did with a set of FAQs' visitor questions.
#[derive(Default, Debug)]
pub struct Tally {
    pub in_scope: usize,
    /// The right entry is the first suggestion.
    pub top1: usize,
    /// Answered confidently with the right entry.
    pub answered_right: usize,
    /// Shown the right entry, confidently or tentatively.
    pub shown_right: usize,
    pub out_of_scope: usize,
    /// Out of scope and not answered confidently.
    pub declined: usize,
    /// Out of scope and not shown anything, not even tentatively.
    pub nothing_shown: usize,
}

/// Asks every question of every `(name, FAQ JSON, questions JSONL)` site with the semantic
/// matcher and the default configuration.
pub fn tally(sites: &[(&str, &str, &str)]) -> Tally {
    let table = table();
    let mut t = Tally::default();
    for &(name, faq_text, questions) in sites {
        let (faq, matcher) = semantic_matcher(name, faq_text, &table);
        for line in questions.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            let result = matcher.ask(case["text"].as_str().unwrap());
            let top = result.suggestions.first().map(|s| s.id.as_str());
            let answer = result.answer.as_ref().map(|a| a.id.as_str());
            let shown = result.shown().map(|a| a.id.as_str());
            match case["expect"].as_str() {
                Some(id) => {
                    assert!(faq.get(id).is_some(), "{name}: unknown id {id}");
                    t.in_scope += 1;
                    t.top1 += usize::from(top == Some(id));
                    t.answered_right += usize::from(answer == Some(id));
                    t.shown_right += usize::from(shown == Some(id));
                }
                None => {
                    t.out_of_scope += 1;
                    t.declined += usize::from(answer.is_none());
                    t.nothing_shown += usize::from(shown.is_none());
                }
            }
        }
    }
    t
}

/// Fails unless `part` is at least `percent` % of `whole`, saying what was counted.
pub fn assert_floor(part: usize, whole: usize, percent: usize, what: &str) {
    assert!(part * 100 >= percent * whole, "{what}: {part} of {whole}");
}

/// What the policy made of a set of single blind messages, each one conversation with the
/// fixture FAQ: `{"text": …, FLAG: true|false}` per line.
#[derive(Default, Debug)]
pub struct SingleMessages {
    /// Messages with the flag set, and how many of them were handed over (any reason).
    pub flagged: usize,
    pub handed_over: usize,
    /// Messages without it, and how many were handed over for the flag's reason.
    pub others: usize,
    pub read_as_flagged: usize,
}

/// The sensitive-topic model the worker attaches once the table has loaded.
pub fn topic_model() -> Arc<TopicModel> {
    Arc::new(TopicModel::shipped(table()).expect("the shipped topic model loads"))
}

/// Replays every line of `sets` through `observe_message` with the lexicon, as the worker
/// would with its sentiment model missing, and with the topic model or the lists alone.
pub fn replay_single_messages(
    sets: &[&str],
    flag: &str,
    reason: tandem_core::escalation::EscalationReason,
    topics: Option<Arc<TopicModel>>,
) -> SingleMessages {
    use tandem_core::escalation::{EscalationPolicy, PolicyConfig, observe_message};
    const FAQ: &str = include_str!("../../../../tests/fixtures/escalation/faq.json");
    let (faq, matcher) = semantic_matcher("faq.json", FAQ, &table());
    let model = tandem_core::sentiment::LexiconSentiment::new();
    let mut t = SingleMessages::default();
    for line in sets
        .iter()
        .flat_map(|set| set.lines())
        .filter(|l| !l.trim().is_empty())
    {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = case["text"].as_str().unwrap();
        let mut policy = EscalationPolicy::new(PolicyConfig::default());
        policy.set_topic_model(topics.clone());
        let verdict = observe_message(&mut policy, &faq, &matcher, &model, text);
        let got = verdict.decision.escalation().map(|e| e.reason);
        if case[flag].as_bool().unwrap() {
            t.flagged += 1;
            t.handed_over += usize::from(got.is_some());
        } else {
            t.others += 1;
            t.read_as_flagged += usize::from(got == Some(reason));
        }
    }
    t
}

/// Prints the replay's counts and fails unless every message was read, at least
/// `floor_percent` % of the flagged ones were handed over and at most `ceiling_percent` % of
/// the others were read as flagged.
pub fn assert_single_messages(
    t: &SingleMessages,
    each: usize,
    floor_percent: usize,
    ceiling_percent: usize,
    what: &str,
) {
    eprintln!(
        "handed over {} of {}; {} of {} read as {what}",
        t.handed_over, t.flagged, t.read_as_flagged, t.others
    );
    assert_eq!(
        (t.flagged, t.others),
        (each, each),
        "every message was read"
    );
    assert_floor(t.handed_over, t.flagged, floor_percent, "handed over");
    assert!(
        t.read_as_flagged * 100 <= ceiling_percent * t.others,
        "{} of {} read as {what}",
        t.read_as_flagged,
        t.others
    );
}
