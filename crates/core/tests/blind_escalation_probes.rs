//! The escalation policy on all 108 blind probes of sessions 8–19 (`tests/fixtures/escalation/
//! probe_*.jsonl`, each replayed with the FAQ it was written for, as
//! `tests/fixtures/escalation/run_probes.sh` does), turn by turn through `observe_message`
//! with the semantic matcher and the lexicon (the model the worker falls back to; this test
//! does not load ONNX). Pooled today (session 19): 1,275 of 1,336 conversations that should
//! reach a person do, 51 of 1,519 calm ones are handed over; with the sensitive-topic model as
//! well, 1,286 and 65. The floors sit a little below, so a phrase-list, model or policy change
//! that quietly loses hand-overs or adds false ones fails the test command.

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
            include_str!(concat!("../../../tests/fixtures/escalation/probe_", $probe, ".jsonl")),
            include_str!(concat!("../../../", $faq)),
        )),*]
    };
}

const PROBES: [(&str, &str, &str); 108] = probes!(
    ("2026_12_06", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06b", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06c", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06d", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06e", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06f", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06g", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06h", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06i", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06j", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06k", "tests/fixtures/escalation/faq.json"),
    ("2026_12_06l", "tests/fixtures/escalation/faq_bank.json"),
    (
        "2026_12_06m",
        "crates/core/tests/single_domain/invoicing.json"
    ),
    ("2026_12_06n", "crates/core/tests/single_domain/dental.json"),
    ("2026_12_06o", "tests/fixtures/escalation/faq_airline.json"),
    (
        "2026_12_06p",
        "tests/fixtures/escalation/faq_electronics.json"
    ),
    ("2026_12_06q", "tests/fixtures/escalation/faq_isp.json"),
    ("2026_12_06r", "tests/fixtures/escalation/faq_hotel.json"),
    ("2026_12_06s", "tests/fixtures/escalation/faq_gym.json"),
    ("2026_12_06t", "tests/fixtures/escalation/faq_food.json"),
    ("2026_12_06u", "tests/fixtures/escalation/faq_projects.json"),
    ("2026_12_06v", "tests/fixtures/escalation/faq_pharmacy.json"),
    (
        "2026_12_06w",
        "tests/fixtures/escalation/faq_electronics.json"
    ),
    ("2026_12_06x", "tests/fixtures/escalation/faq_hotel.json"),
    ("2026_12_06y", "tests/fixtures/escalation/faq_airline.json"),
    ("2026_12_06z", "tests/fixtures/escalation/faq_car.json"),
    ("2026_12_06zz", "tests/fixtures/escalation/faq_tickets.json"),
    ("2026_12_06_vet", "tests/fixtures/escalation/faq_vet.json"),
    (
        "2026_12_06_insure",
        "tests/fixtures/escalation/faq_insure.json"
    ),
    (
        "2026_12_06_courses",
        "tests/fixtures/escalation/faq_courses.json"
    ),
    (
        "2026_12_06_furniture",
        "tests/fixtures/escalation/faq_furniture.json"
    ),
    (
        "2026_12_06_hosting",
        "tests/fixtures/escalation/faq_hosting.json"
    ),
    (
        "2026_12_06_letting",
        "tests/fixtures/escalation/faq_letting.json"
    ),
    (
        "2026_12_06_courier",
        "tests/fixtures/escalation/faq_courier.json"
    ),
    (
        "2026_12_06_energy",
        "tests/fixtures/escalation/faq_energy.json"
    ),
    (
        "2026_12_06_mealkit",
        "tests/fixtures/escalation/faq_mealkit.json"
    ),
    (
        "2026_12_06_council",
        "tests/fixtures/escalation/faq_council.json"
    ),
    (
        "2026_12_06_dating",
        "tests/fixtures/escalation/faq_dating.json"
    ),
    (
        "2026_12_06_prints",
        "tests/fixtures/escalation/faq_prints.json"
    ),
    (
        "2026_12_06_scooter",
        "tests/fixtures/escalation/faq_scooter.json"
    ),
    (
        "2026_12_06_dentist",
        "tests/fixtures/escalation/faq_dentist.json"
    ),
    (
        "2026_12_06_marketplace",
        "tests/fixtures/escalation/faq_marketplace.json"
    ),
    (
        "2026_12_06_invoicing",
        "tests/fixtures/escalation/faq_invoicing.json"
    ),
    (
        "2026_12_06_themepark",
        "tests/fixtures/escalation/faq_themepark.json"
    ),
    (
        "2026_12_06_charity",
        "tests/fixtures/escalation/faq_charity.json"
    ),
    (
        "2026_12_06_langapp",
        "tests/fixtures/escalation/faq_langapp.json"
    ),
    (
        "2026_12_06_venue",
        "tests/fixtures/escalation/faq_venue.json"
    ),
    (
        "2026_12_06_repair",
        "tests/fixtures/escalation/faq_repair.json"
    ),
    (
        "2026_12_06_parking",
        "tests/fixtures/escalation/faq_parking.json"
    ),
    (
        "2026_12_06_nursery",
        "tests/fixtures/escalation/faq_nursery.json"
    ),
    (
        "2026_12_06_solar",
        "tests/fixtures/escalation/faq_solar.json"
    ),
    (
        "2026_12_06_music",
        "tests/fixtures/escalation/faq_music.json"
    ),
    (
        "2026_12_06_boiler",
        "tests/fixtures/escalation/faq_boiler.json"
    ),
    (
        "2026_12_06_coworking",
        "tests/fixtures/escalation/faq_coworking.json"
    ),
    (
        "2026_12_06_driving",
        "tests/fixtures/escalation/faq_driving.json"
    ),
    (
        "2026_12_06_optician",
        "tests/fixtures/escalation/faq_optician.json"
    ),
    (
        "2026_12_06_storage",
        "tests/fixtures/escalation/faq_storage.json"
    ),
    (
        "2026_12_06_cleaning",
        "tests/fixtures/escalation/faq_cleaning.json"
    ),
    ("2026_12_06_rail", "tests/fixtures/escalation/faq_rail.json"),
    ("2026_12_06_wine", "tests/fixtures/escalation/faq_wine.json"),
    (
        "2026_12_06_carhire",
        "tests/fixtures/escalation/faq_carhire.json"
    ),
    (
        "2026_12_06_florist",
        "tests/fixtures/escalation/faq_florist.json"
    ),
    (
        "2026_12_06_mobile",
        "tests/fixtures/escalation/faq_mobile.json"
    ),
    (
        "2026_12_06_funeral",
        "tests/fixtures/escalation/faq_funeral.json"
    ),
    (
        "2026_12_06_admissions",
        "tests/fixtures/escalation/faq_admissions.json"
    ),
    (
        "2026_12_06_cinema",
        "tests/fixtures/escalation/faq_cinema.json"
    ),
    (
        "2026_12_06_salon",
        "tests/fixtures/escalation/faq_salon.json"
    ),
    (
        "2026_12_06_ferry",
        "tests/fixtures/escalation/faq_ferry.json"
    ),
    (
        "2026_12_06_books",
        "tests/fixtures/escalation/faq_books.json"
    ),
    (
        "2026_12_06_petshop",
        "tests/fixtures/escalation/faq_petshop.json"
    ),
    (
        "2026_12_06_recruit",
        "tests/fixtures/escalation/faq_recruit.json"
    ),
    (
        "2026_12_06_cottages",
        "tests/fixtures/escalation/faq_cottages.json"
    ),
    (
        "2026_12_06_surgery",
        "tests/fixtures/escalation/faq_surgery.json"
    ),
    ("2026_12_06_toys", "tests/fixtures/escalation/faq_toys.json"),
    (
        "2026_12_06_bikes",
        "tests/fixtures/escalation/faq_bikes.json"
    ),
    (
        "2026_12_06_garden",
        "tests/fixtures/escalation/faq_garden.json"
    ),
    (
        "2026_12_06_accounts",
        "tests/fixtures/escalation/faq_accounts.json"
    ),
    ("2026_12_06_swim", "tests/fixtures/escalation/faq_swim.json"),
    // Session 17: nine more sites, three sets each run once when it arrived.
    (
        "2026_12_07_locksmith",
        "tests/fixtures/escalation/faq_locksmith.json"
    ),
    (
        "2026_12_07_vintage",
        "tests/fixtures/escalation/faq_vintage.json"
    ),
    (
        "2026_12_07_tutor",
        "tests/fixtures/escalation/faq_tutor.json"
    ),
    (
        "2026_12_07_removals",
        "tests/fixtures/escalation/faq_removals.json"
    ),
    (
        "2026_12_07_campsite",
        "tests/fixtures/escalation/faq_campsite.json"
    ),
    ("2026_12_07_vpn", "tests/fixtures/escalation/faq_vpn.json"),
    (
        "2026_12_07_musicschool",
        "tests/fixtures/escalation/faq_musicschool.json"
    ),
    (
        "2026_12_07_plants",
        "tests/fixtures/escalation/faq_plants.json"
    ),
    (
        "2026_12_07_windows",
        "tests/fixtures/escalation/faq_windows.json"
    ),
    // Session 17, a last set written after every change of the session (its final estimate).
    (
        "2026_12_07_partyhire",
        "tests/fixtures/escalation/faq_partyhire.json"
    ),
    (
        "2026_12_07_ruralnet",
        "tests/fixtures/escalation/faq_ruralnet.json"
    ),
    (
        "2026_12_07_grooming",
        "tests/fixtures/escalation/faq_grooming.json"
    ),
    // Session 18: three sets of three sites, each run once when it arrived.
    (
        "2026_12_07_bakery",
        "tests/fixtures/escalation/faq_bakery.json"
    ),
    ("2026_12_07_mot", "tests/fixtures/escalation/faq_mot.json"),
    (
        "2026_12_07_hearing",
        "tests/fixtures/escalation/faq_hearing.json"
    ),
    (
        "2026_12_07_tattoo",
        "tests/fixtures/escalation/faq_tattoo.json"
    ),
    (
        "2026_12_07_refurb",
        "tests/fixtures/escalation/faq_refurb.json"
    ),
    (
        "2026_12_07_studenthalls",
        "tests/fixtures/escalation/faq_studenthalls.json"
    ),
    (
        "2026_12_07_boatmarina",
        "tests/fixtures/escalation/faq_boatmarina.json"
    ),
    (
        "2026_12_07_payroll",
        "tests/fixtures/escalation/faq_payroll.json"
    ),
    (
        "2026_12_07_kidsparty",
        "tests/fixtures/escalation/faq_kidsparty.json"
    ),
    // Session 18, a fourth set written and scored after every change but the last.
    (
        "2026_12_07_dogwalker",
        "tests/fixtures/escalation/faq_dogwalker.json"
    ),
    (
        "2026_12_07_printshop",
        "tests/fixtures/escalation/faq_printshop.json"
    ),
    (
        "2026_12_07_eventtix",
        "tests/fixtures/escalation/faq_eventtix.json"
    ),
    // Session 19, sets I and J, written after the contextual encoder's settings.
    (
        "2026_12_07_bridal",
        "tests/fixtures/escalation/faq_bridal.json"
    ),
    (
        "2026_12_07_climbing",
        "tests/fixtures/escalation/faq_climbing.json"
    ),
    (
        "2026_12_07_carwash",
        "tests/fixtures/escalation/faq_carwash.json"
    ),
    (
        "2026_12_07_pottery",
        "tests/fixtures/escalation/faq_pottery.json"
    ),
    (
        "2026_12_07_escaperoom",
        "tests/fixtures/escalation/faq_escaperoom.json"
    ),
    (
        "2026_12_07_bizbroadband",
        "tests/fixtures/escalation/faq_bizbroadband.json"
    ),
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
        (1336, 1519),
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
/// 1,286 of 1,336 handed over, 65 of 1,519 calm ones (session 19).
#[test]
fn with_the_topic_model_the_blind_probes_still_hand_over_few_calm_chats() {
    assert_probes(Some(common::topic_model()), 5);
}
