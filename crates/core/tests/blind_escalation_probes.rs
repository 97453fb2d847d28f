//! The escalation policy on all 78 blind probes of sessions 8–15 (`tests/fixtures/escalation/
//! probe_*.jsonl`, each replayed with the FAQ it was written for, as
//! `tests/fixtures/escalation/run_probes.sh` does), turn by turn through `observe_message`
//! with the semantic matcher and the lexicon (the model the worker falls back to; this test
//! does not load ONNX). Pooled today: 937 of 976 conversations that should reach a person do,
//! 34 of 1,099 calm ones are handed over; with the sensitive-topic model as well (session 16),
//! 940 and 44. The floors sit a little below, so a phrase-list, model or policy change that
//! quietly loses hand-overs or adds false ones fails the test command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use tandem_core::escalation::topic_model::TopicModel;
use tandem_core::escalation::{EscalationPolicy, PolicyConfig, observe_message};
use tandem_core::sentiment::LexiconSentiment;

macro_rules! probes {
    ($(($probe:literal, $faq:literal)),* $(,)?) => {
        [$((
            $probe,
            include_str!(concat!("../../../tests/fixtures/escalation/probe_2026_12_06", $probe, ".jsonl")),
            include_str!(concat!("../../../", $faq)),
        )),*]
    };
}

const PROBES: [(&str, &str, &str); 78] = probes!(
    ("", "tests/fixtures/escalation/faq.json"),
    ("b", "tests/fixtures/escalation/faq.json"),
    ("c", "tests/fixtures/escalation/faq.json"),
    ("d", "tests/fixtures/escalation/faq.json"),
    ("e", "tests/fixtures/escalation/faq.json"),
    ("f", "tests/fixtures/escalation/faq.json"),
    ("g", "tests/fixtures/escalation/faq.json"),
    ("h", "tests/fixtures/escalation/faq.json"),
    ("i", "tests/fixtures/escalation/faq.json"),
    ("j", "tests/fixtures/escalation/faq.json"),
    ("k", "tests/fixtures/escalation/faq.json"),
    ("l", "tests/fixtures/escalation/faq_bank.json"),
    ("m", "crates/core/tests/single_domain/invoicing.json"),
    ("n", "crates/core/tests/single_domain/dental.json"),
    ("o", "tests/fixtures/escalation/faq_airline.json"),
    ("p", "tests/fixtures/escalation/faq_electronics.json"),
    ("q", "tests/fixtures/escalation/faq_isp.json"),
    ("r", "tests/fixtures/escalation/faq_hotel.json"),
    ("s", "tests/fixtures/escalation/faq_gym.json"),
    ("t", "tests/fixtures/escalation/faq_food.json"),
    ("u", "tests/fixtures/escalation/faq_projects.json"),
    ("v", "tests/fixtures/escalation/faq_pharmacy.json"),
    ("w", "tests/fixtures/escalation/faq_electronics.json"),
    ("x", "tests/fixtures/escalation/faq_hotel.json"),
    ("y", "tests/fixtures/escalation/faq_airline.json"),
    ("z", "tests/fixtures/escalation/faq_car.json"),
    ("zz", "tests/fixtures/escalation/faq_tickets.json"),
    ("_vet", "tests/fixtures/escalation/faq_vet.json"),
    ("_insure", "tests/fixtures/escalation/faq_insure.json"),
    ("_courses", "tests/fixtures/escalation/faq_courses.json"),
    ("_furniture", "tests/fixtures/escalation/faq_furniture.json"),
    ("_hosting", "tests/fixtures/escalation/faq_hosting.json"),
    ("_letting", "tests/fixtures/escalation/faq_letting.json"),
    ("_courier", "tests/fixtures/escalation/faq_courier.json"),
    ("_energy", "tests/fixtures/escalation/faq_energy.json"),
    ("_mealkit", "tests/fixtures/escalation/faq_mealkit.json"),
    ("_council", "tests/fixtures/escalation/faq_council.json"),
    ("_dating", "tests/fixtures/escalation/faq_dating.json"),
    ("_prints", "tests/fixtures/escalation/faq_prints.json"),
    ("_scooter", "tests/fixtures/escalation/faq_scooter.json"),
    ("_dentist", "tests/fixtures/escalation/faq_dentist.json"),
    (
        "_marketplace",
        "tests/fixtures/escalation/faq_marketplace.json"
    ),
    ("_invoicing", "tests/fixtures/escalation/faq_invoicing.json"),
    ("_themepark", "tests/fixtures/escalation/faq_themepark.json"),
    ("_charity", "tests/fixtures/escalation/faq_charity.json"),
    ("_langapp", "tests/fixtures/escalation/faq_langapp.json"),
    ("_venue", "tests/fixtures/escalation/faq_venue.json"),
    ("_repair", "tests/fixtures/escalation/faq_repair.json"),
    ("_parking", "tests/fixtures/escalation/faq_parking.json"),
    ("_nursery", "tests/fixtures/escalation/faq_nursery.json"),
    ("_solar", "tests/fixtures/escalation/faq_solar.json"),
    ("_music", "tests/fixtures/escalation/faq_music.json"),
    ("_boiler", "tests/fixtures/escalation/faq_boiler.json"),
    ("_coworking", "tests/fixtures/escalation/faq_coworking.json"),
    ("_driving", "tests/fixtures/escalation/faq_driving.json"),
    ("_optician", "tests/fixtures/escalation/faq_optician.json"),
    ("_storage", "tests/fixtures/escalation/faq_storage.json"),
    ("_cleaning", "tests/fixtures/escalation/faq_cleaning.json"),
    ("_rail", "tests/fixtures/escalation/faq_rail.json"),
    ("_wine", "tests/fixtures/escalation/faq_wine.json"),
    ("_carhire", "tests/fixtures/escalation/faq_carhire.json"),
    ("_florist", "tests/fixtures/escalation/faq_florist.json"),
    ("_mobile", "tests/fixtures/escalation/faq_mobile.json"),
    ("_funeral", "tests/fixtures/escalation/faq_funeral.json"),
    (
        "_admissions",
        "tests/fixtures/escalation/faq_admissions.json"
    ),
    ("_cinema", "tests/fixtures/escalation/faq_cinema.json"),
    ("_salon", "tests/fixtures/escalation/faq_salon.json"),
    ("_ferry", "tests/fixtures/escalation/faq_ferry.json"),
    ("_books", "tests/fixtures/escalation/faq_books.json"),
    ("_petshop", "tests/fixtures/escalation/faq_petshop.json"),
    ("_recruit", "tests/fixtures/escalation/faq_recruit.json"),
    ("_cottages", "tests/fixtures/escalation/faq_cottages.json"),
    ("_surgery", "tests/fixtures/escalation/faq_surgery.json"),
    ("_toys", "tests/fixtures/escalation/faq_toys.json"),
    ("_bikes", "tests/fixtures/escalation/faq_bikes.json"),
    ("_garden", "tests/fixtures/escalation/faq_garden.json"),
    ("_accounts", "tests/fixtures/escalation/faq_accounts.json"),
    ("_swim", "tests/fixtures/escalation/faq_swim.json"),
);

/// (should escalate, did escalate, calm, falsely escalated), pooled over every probe.
fn replay(topics: Option<Arc<TopicModel>>) -> (usize, usize, usize, usize) {
    let table = common::table();
    let model = LexiconSentiment::new();
    let (mut should, mut did, mut calm, mut false_escalations) = (0, 0, 0, 0);
    for (probe, cases, faq_text) in PROBES {
        let (faq, matcher) = common::semantic_matcher(probe, faq_text, &table);
        for line in cases.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            let mut policy = EscalationPolicy::new(PolicyConfig::default());
            policy.adapt_to(&faq);
            policy.set_topic_model(topics.clone());
            let escalated = case["turns"].as_array().unwrap().iter().any(|turn| {
                let text = turn.as_str().unwrap();
                observe_message(&mut policy, &faq, &matcher, &model, text)
                    .decision
                    .escalation()
                    .is_some()
            });
            if case["escalate"].as_bool().unwrap() {
                should += 1;
                did += usize::from(escalated);
            } else {
                calm += 1;
                false_escalations += usize::from(escalated);
            }
        }
    }
    (should, did, calm, false_escalations)
}

/// Replays every probe and fails unless every conversation was read, at least 94 % of those
/// that should reach a person did and at most `false_percent` % of the calm ones did.
fn assert_probes(topics: Option<Arc<TopicModel>>, false_percent: usize) {
    let (should, did, calm, false_escalations) = replay(topics);
    eprintln!("handed over {did} of {should}; {false_escalations} of {calm} calm");
    assert_eq!(
        (should, calm),
        (976, 1099),
        "every probe conversation was read"
    );
    assert!(did * 100 >= 94 * should, "handed over {did} of {should}");
    assert!(
        false_escalations * 100 <= false_percent * calm,
        "handed over {false_escalations} of {calm} calm conversations"
    );
}

#[test]
fn the_blind_probes_hand_over_at_least_94_in_100_and_at_most_4_in_100_calm_chats() {
    assert_probes(None, 4);
}

/// With the sensitive-topic model as well (what the worker runs once the table has loaded):
/// 940 of 976 handed over, 44 of 1,099 calm ones.
#[test]
fn with_the_topic_model_the_blind_probes_still_hand_over_few_calm_chats() {
    assert_probes(Some(common::topic_model()), 5);
}
