#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::text;

fn topic(text: &str) -> Option<Topic> {
    SensitiveRules::new(&[])
        .topic(text, &text::words(text))
        .map(|(t, _)| t)
}

/// Each text has the expected topic (`None`: not sensitive).
fn assert_topics(cases: &[(&str, Option<Topic>)]) {
    for &(text, expected) in cases {
        assert_eq!(topic(text), expected, "{text}");
    }
}

#[test]
fn each_sensitive_topic_is_recognised() {
    let cases = [
        (
            "there's a charge on my statement I don't recognise",
            Topic::Fraud,
        ),
        ("I think this is fraud", Topic::Fraud),
        (
            "I received an email asking me to confirm my password, is that you?",
            Topic::Fraud,
        ),
        ("im going to dispute the charge with my bank", Topic::Legal),
        ("if you keep charging me I'll report you", Topic::Legal),
        (
            "somebody take money from my card, i not buy this",
            Topic::Fraud,
        ),
        (
            "your courier damaged my car door when delivering and drove off",
            Topic::Legal,
        ),
        (
            "I'm being bullied by someone in your community forum",
            Topic::Harassment,
        ),
        ("i have no reason to go on", Topic::Distress),
        (
            "I am submitting a subject access request under GDPR",
            Topic::Legal,
        ),
        ("someone opened a credit card in my name", Topic::Fraud),
        (
            "my father passed away last week and I need to close his account",
            Topic::Circumstances,
        ),
        (
            "I lost my job and can't pay this month's bill, what can I do?",
            Topic::Circumstances,
        ),
        (
            "we have no heating and my baby is 3 months old",
            Topic::Circumstances,
        ),
        ("i need to report a gas leak", Topic::Safety),
        ("mi tarjeta fue robada", Topic::Fraud),
        ("je veux mourir", Topic::Distress),
        ("mein Konto wurde gehackt", Topic::AccountSecurity),
        ("voy a llamar a mi abogado", Topic::Legal),
        (
            "my bank says the payment to you was flagged as suspicious",
            Topic::Fraud,
        ),
        (
            "I took double the dose by mistake, what should I do?",
            Topic::Safety,
        ),
        (
            "my 12 year old spent 800 dollars on in-game purchases without asking",
            Topic::Fraud,
        ),
        (
            "a buyer asked me to pay outside the platform with gift cards",
            Topic::Fraud,
        ),
        ("someone else can see my records", Topic::AccountSecurity),
        (
            "i feel so alone and nobody would even notice if i was gone",
            Topic::Distress,
        ),
        ("there are sparks coming from the meter box", Topic::Safety),
        (
            "someone ported my number to another sim without my permission",
            Topic::Fraud,
        ),
        (
            "the food from last night made my whole family sick",
            Topic::Safety,
        ),
        (
            "the delivery driver was clearly drunk and nearly hit my kid",
            Topic::Safety,
        ),
        ("we found bed bugs in the hotel room", Topic::Safety),
        (
            "the host made sexual comments to my daughter",
            Topic::Harassment,
        ),
        (
            "we got an invoice from you with a different bank account number, is that legit?",
            Topic::Fraud,
        ),
        (
            "a former employee still has admin access to our workspace",
            Topic::AccountSecurity,
        ),
        (
            "my elderly mother was pressured into buying this over the phone",
            Topic::Fraud,
        ),
        (
            "my kid cut his finger on the packaging, there was a blade in the box",
            Topic::Safety,
        ),
        (
            "everything is falling apart and i just want it all to stop",
            Topic::Distress,
        ),
        ("my card was stolen yesterday", Topic::Fraud),
        ("my account has been hacked", Topic::AccountSecurity),
        (
            "someone logged into my account from another country",
            Topic::AccountSecurity,
        ),
        ("I'm going to talk to my lawyer", Topic::Legal),
        ("I will file a chargeback with my bank", Topic::Legal),
        ("the charger caught fire last night", Topic::Safety),
        ("my daughter got hurt by the broken toy", Topic::Safety),
        ("your driver keeps harassing me", Topic::Harassment),
        ("honestly I want to end my life", Topic::Distress),
        ("i dont want to live anymore", Topic::Distress),
        (
            "somebody logged into my account from another country",
            Topic::AccountSecurity,
        ),
        (
            "there was a suspicious login on my account",
            Topic::AccountSecurity,
        ),
    ];
    for (text, want) in cases {
        assert_eq!(topic(text), Some(want), "{text}");
    }
}

#[test]
fn everyday_questions_that_share_words_are_not_sensitive() {
    for text in [
        "does the fire tv stick work with this",
        "nobody was hurt but the box is crushed",
        "how do I reset my password",
        "can I change my delivery address",
        "is there a smoke alarm in the bundle",
        "I'd like a refund please",
        "how do I stay logged in on another device",
        "can someone else use my gift card",
        "does the legal team template include a contract tracker?",
        "the order is in my name, can my husband collect it?",
        "I can't pay with paypal, which cards do you take?",
        "my phone died last night, can I still track my order?",
        "do you deliver funeral flowers on sundays",
        "do you sell gift cards?",
        "can I get my prescription delivered?",
    ] {
        assert_eq!(topic(text), None, "{text}");
    }
}

#[test]
fn distress_outranks_other_topics_in_the_same_message() {
    assert_eq!(
        topic("I was scammed and now I want to die"),
        Some(Topic::Distress)
    );
}

#[test]
fn site_owners_can_add_their_own_sensitive_phrases() {
    let rules = SensitiveRules::new(&["medical records".to_owned()]);
    let found = rules.topic(
        "can you send my medical records",
        &text::words("can you send my medical records"),
    );
    assert_eq!(found.map(|(t, _)| t), Some(Topic::Custom));
}

#[test]
fn a_lost_card_someone_else_using_it_or_a_text_asking_for_the_pin_is_sensitive() {
    // Session 10's bank probe: with a stricter bar for FAQ entries marked for a person, the
    // lost card in a taxi no longer reached that entry, so the topic itself must catch it.
    for text in [
        "i think i left my card in a taxi, can you block it",
        "I've lost my debit card",
        "someone is using my card online",
        "i got a text from you asking for my pin, is that real?",
        "please freeze my card asap",
    ] {
        assert_eq!(topic(text), Some(Topic::Fraud), "{text}");
    }
    for text in [
        "when will my card arrive",
        "how do I change my pin",
        "can I use my card abroad",
    ] {
        assert_eq!(topic(text), None, "{text}");
    }
}

#[test]
fn a_swollen_face_or_a_charge_for_something_never_received_is_sensitive_but_asking_if_it_hurts_is_not()
 {
    // Session 10's dental and invoicing probes, each with its own FAQ.
    let cases = [
        (
            "my face is really swollen and i can barely open my mouth",
            Some(Topic::Safety),
        ),
        (
            "I was charged £400 for a treatment I never had",
            Some(Topic::Fraud),
        ),
        (
            "my client paid but the money went to a bank account that isnt mine",
            Some(Topic::Fraud),
        ),
        ("ok and does it hurt?", None),
        ("will it hurt my sensitive teeth", None),
    ];
    assert_topics(&cases);
}

#[test]
fn staff_laying_hands_on_a_visitor_damage_they_did_or_an_order_someone_else_placed_is_sensitive() {
    // Session 10's airline and electronics probes, each with its own FAQ.
    let cases = [
        (
            "a crew member grabbed my arm and shouted at me",
            Some(Topic::Harassment),
        ),
        (
            "my wheelchair was broken by your ground staff",
            Some(Topic::Legal),
        ),
        (
            "someone ordered a laptop on my account and had it sent to another address",
            Some(Topic::Fraud),
        ),
        (
            "the money was taken twice and now someone else's name is on the booking",
            Some(Topic::Fraud),
        ),
        ("it just hit me that i ordered the wrong size", None),
        ("the app pushed me to upgrade", None),
    ];
    assert_topics(&cases);
}

#[test]
fn a_fall_a_stranger_in_the_room_a_bereavement_or_a_caller_wanting_remote_access_is_sensitive() {
    // Session 10's hotel and internet-provider probes.
    let cases = [
        (
            "i slipped on the wet floor by the pool and i think my wrist is broken",
            Some(Topic::Safety),
        ),
        (
            "someone entered our room while we were sleeping",
            Some(Topic::Safety),
        ),
        (
            "my dad has died, i need to close his account",
            Some(Topic::Circumstances),
        ),
        (
            "i got a call from someone saying they were from you and asked for remote access",
            Some(Topic::Fraud),
        ),
        ("i fell in love with this dress", None),
        ("my phone has died, can i still check in", None),
    ];
    assert_topics(&cases);
}

#[test]
fn a_twisted_knee_a_heart_condition_glass_in_food_or_a_tight_throat_is_sensitive() {
    // Session 10's gym and food-delivery probes.
    let cases = [
        ("i twisted my knee on the treadmill", Some(Topic::Safety)),
        (
            "i have a heart condition, is it safe for me to do hiit classes",
            Some(Topic::Safety),
        ),
        (
            "there was a piece of glass in my burger",
            Some(Topic::Safety),
        ),
        (
            "the dish had peanuts, my throat feels really tight",
            Some(Topic::Safety),
        ),
        (
            "orders i never placed keep appearing in my history",
            Some(Topic::Fraud),
        ),
        ("how can i tell if the curry has nuts", None),
        ("do you sell glass water bottles", None),
    ];
    assert_topics(&cases);
}

#[test]
fn a_double_dose_running_out_of_medication_a_rash_or_saved_up_pills_is_sensitive() {
    // Session 10's online-pharmacy probe.
    let cases = [
        (
            "i accidentally took a double dose this morning",
            Some(Topic::Safety),
        ),
        ("i have run out of my heart medication", Some(Topic::Safety)),
        (
            "since the new tablets i have a rash all over and my lips are swelling",
            Some(Topic::Safety),
        ),
        (
            "i've been feeling really low and i have a lot of my pills saved up",
            Some(Topic::Distress),
        ),
        ("what are the ingredients of the cough syrup", None),
        ("the app is killing my battery lol", None),
    ];
    assert_topics(&cases);
}

#[test]
fn product_words_that_sound_alarming_are_not_sensitive() {
    // Session 10's trap probe: none of these is an event that needs a person.
    for text in [
        "which laptop is best for bleeding edge gaming",
        "is the fraud detection software included with the router",
        "do you have a pressure cooker that doesn't explode like my old one lol",
    ] {
        assert_eq!(topic(text), None, "{text}");
    }
    assert_eq!(topic("my pressure cooker exploded"), Some(Topic::Safety));
}

#[test]
fn a_road_accident_or_brakes_that_feel_wrong_are_sensitive_but_collision_cover_is_not() {
    // Session 10's car-rental probe.
    let cases = [
        (
            "i was in an accident, another car hit me at a junction",
            Some(Topic::Safety),
        ),
        (
            "the brakes feel spongy, is it safe to drive?",
            Some(Topic::Safety),
        ),
        ("is collision damage waiver included", None),
        ("the app crashed when i tried to book", None),
    ];
    assert_topics(&cases);
}

#[test]
fn fake_tickets_from_a_stranger_or_someone_else_using_the_account_is_fraud() {
    // Session 10's events-tickets probe.
    let cases = [
        (
            "i bought tickets from a guy on facebook and they dont work at the door",
            Some(Topic::Fraud),
        ),
        (
            "my tickets disappeared from my account and someone else is using them",
            Some(Topic::Fraud),
        ),
        ("how do i transfer my ticket to a friend", None),
    ];
    assert_topics(&cases);
}

#[test]
fn a_policy_in_my_name_a_toe_crushed_by_a_delivery_a_landlord_letting_himself_in_or_a_dead_pet_is_sensitive()
 {
    // Session 11's insurance, furniture, letting, course and vet probes.
    let cases = [
        (
            "someone has taken out a policy in my name, i never applied for anything",
            Some(Topic::Fraud),
        ),
        (
            "the delivery guys dropped the wardrobe on my foot and i think my toe is broken",
            Some(Topic::Safety),
        ),
        (
            "my landlord keeps letting himself into my flat without telling me",
            Some(Topic::Harassment),
        ),
        (
            "another student keeps sending me creepy private messages",
            Some(Topic::Harassment),
        ),
        (
            "our cat died after her operation yesterday and i cant stop crying",
            Some(Topic::Circumstances),
        ),
        (
            "everything in my life is going wrong, i dont see the point of anything",
            Some(Topic::Distress),
        ),
        ("is the policy in my name or my husband's", None),
        ("my laptop battery died during the exam", None),
        ("can you deliver it to my house without me being home", None),
    ];
    assert_topics(&cases);
}

#[test]
fn a_cut_someone_suffered_a_match_asking_for_money_an_account_taken_over_or_no_way_out_is_sensitive()
 {
    // Session 12's courier, energy, dating, council and photo-print probes.
    let cases = [
        (
            "your driver reversed into my wall, my son has got a nasty cut on his leg",
            Some(Topic::Safety),
        ),
        (
            "the glass shattered and cut my daughter's hand quite badly",
            Some(Topic::Safety),
        ),
        (
            "he is asking me to send 800 for his flight home, is this normal?",
            Some(Topic::Fraud),
        ),
        (
            "someone has logged into my account and changed the bank details",
            Some(Topic::Fraud),
        ),
        (
            "the driver keeps messaging me on whatsapp, its making me really uncomfortable",
            Some(Topic::Harassment),
        ),
        (
            "i cant see a way out of this and i dont know if i want to be here",
            Some(Topic::Distress),
        ),
        ("how do i cut the photo to a square", None),
        ("can i send 800 photos in one order", None),
        ("how do i change my bank details", None),
    ];
    assert_topics(&cases);
}

#[test]
fn session_13_blind_probes_an_intruder_a_swelling_a_lost_child_but_not_a_fraud_question() {
    let cases = [
        (
            "im in bristol and i was asleep. someone has got into my account and my card is on it",
            Some(Topic::AccountSecurity),
        ),
        (
            "i put my card details in and now £450 has gone from my bank account",
            Some(Topic::Fraud),
        ),
        (
            "now my face and neck are really swollen and it's getting hard to swallow",
            Some(Topic::Safety),
        ),
        (
            "I've lost my daughter near the coaster, she's 6, please help",
            Some(Topic::Safety),
        ),
        (
            "i can't get into my account, how do i reset my password",
            None,
        ),
        ("how do you protect buyers from fraud?", None),
        ("can I pay by card? bit wary of bank transfer fraud", None),
    ];
    assert_topics(&cases);
}

#[test]
fn photos_copied_from_a_repaired_phone_are_sensitive_but_a_worry_about_fraud_is_a_question() {
    let cases = [
        (
            "someone is messaging me a photo from my phone. I think one of your staff copied my pictures.",
            Some(Topic::AccountSecurity),
        ),
        (
            "is it safe to pay on the website? bit worried about fraud",
            None,
        ),
    ];
    assert_topics(&cases);
}

#[test]
fn smoke_a_burning_smell_photographed_children_and_being_followed_are_sensitive() {
    // Session 14's probes.
    let cases = [
        (
            "there's smoke coming out of the EV charger in bay 4",
            Some(Topic::Safety),
        ),
        (
            "there's a burning smell coming from the inverter in the loft",
            Some(Topic::Safety),
        ),
        (
            "a man has been outside the gate taking photos of the children on his phone",
            Some(Topic::Harassment),
        ),
        (
            "a guy keeps making comments about how i look and he followed me to the elevator",
            Some(Topic::Harassment),
        ),
        (
            "how is my deposit protected? I've read about a lot of fraud in the solar industry",
            None,
        ),
        (
            "is paying with paypal safer against fraud than typing my card in?",
            None,
        ),
        ("can I take photos of my kids at the nativity play?", None),
        // The second set of session 14, written after the fixes above.
        (
            "we were in a small collision during my lesson today",
            Some(Topic::Safety),
        ),
        (
            "my neck is really hurting now, what do i do",
            Some(Topic::Safety),
        ),
        (
            "suddenly got loads of floaters and flashing lights in my left eye",
            Some(Topic::Safety),
        ),
        (
            "someone has broken into my unit, the lock's been cut off",
            Some(Topic::Fraud),
        ),
        (
            "my friend got scammed by a fake instructor. how do you protect people from fraud like that",
            None,
        ),
        // The session's last set.
        (
            "your cleaner mixed something in my bathroom and now my eyes are burning",
            Some(Topic::Safety),
        ),
        (
            "a man keeps following me from carriage to carriage",
            Some(Topic::Harassment),
        ),
        (
            "3 payments on my statement from you that I didn't make",
            Some(Topic::Fraud),
        ),
        (
            "how do you make sure your cleaners aren't scammers or thieves? just asking before i book",
            None,
        ),
    ];
    assert_topics(&cases);
}

#[test]
fn a_sim_swap_a_changed_password_a_sick_pet_and_a_wish_not_to_be_here_are_sensitive() {
    assert_topics(&[
        (
            "i think someone has swapped my sim to their phone",
            Some(Topic::Fraud),
        ),
        (
            "someone ported my number to another network",
            Some(Topic::Fraud),
        ),
        (
            "i got an email saying my bank password was changed",
            Some(Topic::AccountSecurity),
        ),
        (
            "now she's being sick and won't stand up properly, please what do i do",
            Some(Topic::Safety),
        ),
        (
            "i honestly dont know what to do anymore, i dont want to be here",
            Some(Topic::Distress),
        ),
        (
            "hiya my gran died in hospital yesterday",
            Some(Topic::Circumstances),
        ),
        (
            "there's a man who's been following my teenage daughter around and taking photos of her",
            Some(Topic::Harassment),
        ),
        (
            "had bleach done this afternoon and my scalp is burning really badly",
            Some(Topic::Safety),
        ),
        (
            "a pallet fell on my foot at the site today, i can barely walk",
            Some(Topic::Safety),
        ),
    ]);
}

#[test]
fn porting_my_own_number_news_about_fraud_and_the_hospital_getting_in_touch_are_not() {
    assert_topics(&[
        ("ported my number 3 days ago and it still hasnt moved", None),
        (
            "Saw a news piece about SIM fraud so thought I'd check",
            None,
        ),
        ("ok so the hospital will be in touch with you?", None),
        (
            "with all the scam sites about these days, is the QR code on my phone enough?",
            None,
        ),
        (
            "Is it safe to pay here? Worried after my sister got scammed on another site",
            None,
        ),
        (
            "I'm terrified of the drive up Hardknott Pass, is there parking?",
            None,
        ),
    ]);
}

#[test]
fn a_death_is_not_sensitive_by_itself_where_deaths_are_the_sites_business() {
    let mut rules = SensitiveRules::new(&[]);
    rules.set_routine_bereavement(true);
    let topic = |text: &str| rules.topic(text, &text::words(text)).map(|(t, _)| t);
    assert_eq!(topic("my mum died on Sunday, what do I do now?"), None);
    assert_eq!(topic("the death of my husband, how do I register it"), None);
    // Hardship, distress and injury still are.
    assert_eq!(
        topic("I lost my job and can't pay for the funeral"),
        Some(Topic::Circumstances)
    );
    assert_eq!(
        topic("my dad passed away and I want to end my life"),
        Some(Topic::Distress)
    );
}

fn faq_with(questions: &[&str]) -> Faq {
    let entries = questions
        .iter()
        .enumerate()
        .map(|(i, q)| crate::faq::FaqEntry {
            id: format!("e{i}"),
            question: (*q).to_owned(),
            alternatives: Vec::new(),
            answer: "See our guide.".to_owned(),
            topic: None,
            escalate: false,
            links: Vec::new(),
        })
        .collect();
    Faq::from_entries(entries)
}

#[test]
fn a_funeral_directors_faq_is_about_bereavement_and_a_shop_with_one_bereavement_entry_is_not() {
    let funeral = faq_with(&[
        "What to do when someone dies",
        "Registering a death",
        "A death abroad",
        "How much does a funeral cost?",
        "Prepaid funeral plans",
        "Where are you?",
    ]);
    assert!(faq_is_about_bereavement(&funeral));
    let shop = faq_with(&[
        "Cancelling an account after a bereavement",
        "Delivery times",
        "Returns",
        "Gift cards",
        "Sizes",
        "Where are you?",
    ]);
    assert!(!faq_is_about_bereavement(&shop));
}

#[test]
fn a_redirected_payment_a_password_misused_and_a_child_held_under_water_are_sensitive() {
    assert_topics(&[
        (
            "an email asking me to pay my tax bill into a new bank account. is this genuine??",
            Some(Topic::Fraud),
        ),
        (
            "my ex business partner has been logging into the portal with my password",
            Some(Topic::AccountSecurity),
        ),
        (
            "the teacher grabbed him and held him under the water. He's really shaken up.",
            Some(Topic::Harassment),
        ),
    ]);
}

#[test]
fn a_banks_fraud_team_scams_read_about_and_a_hospital_appointment_are_not() {
    assert_topics(&[
        (
            "my bank's fraud team blocked my card yesterday, all sorted now lol",
            None,
        ),
        (
            "Read an article about tax fraud, people getting scammed by fake HMRC phone calls",
            None,
        ),
        (
            "We need to miss next Tuesday for a hospital appointment (nothing serious)",
            None,
        ),
    ]);
}

#[test]
fn distress_said_plainly_hardship_and_abuse_at_home_are_sensitive() {
    assert_topics(&[
        ("i have the pills in front of me", Some(Topic::Distress)),
        (
            "sorry if this is the wrong place but ive been thinking about ending it",
            Some(Topic::Distress),
        ),
        (
            "I've started hurting myself again and can't think straight",
            Some(Topic::Distress),
        ),
        (
            "I keep thinking my family would be better off without me",
            Some(Topic::Distress),
        ),
        (
            "Ich weiß nicht mehr weiter. Ich will nicht mehr leben.",
            Some(Topic::Distress),
        ),
        (
            "ive just been diagnosed with cancer and start chemo monday",
            Some(Topic::Circumstances),
        ),
        (
            "He was violent and I've got a non-molestation order now",
            Some(Topic::Circumstances),
        ),
        (
            "someone from your collections team called me a stupid b**** on the phone",
            Some(Topic::Harassment),
        ),
        (
            "There's a sign-in from Lagos at 3am and the phone number for my 2FA is now different",
            Some(Topic::AccountSecurity),
        ),
        (
            "I'm exercising my right to erasure and expect written confirmation",
            Some(Topic::Legal),
        ),
    ]);
}

#[test]
fn courts_for_sport_jokes_and_questions_about_policies_are_not_sensitive() {
    assert_topics(&[
        ("Can I book a tennis court for Saturday morning?", None),
        ("Is the food court open on bank holidays?", None),
        (
            "I'm allergic to your delivery fees 😂 any free shipping codes going?",
            None,
        ),
        ("Do you donate to any domestic abuse charities?", None),
        ("Is the film violent? My son is 12", None),
        ("can I sign in from my tablet as well?", None),
        (
            "the business has been taken over by a bigger chain, do my vouchers still work?",
            None,
        ),
    ]);
}

#[test]
fn the_third_sets_danger_abuse_and_despair_are_sensitive_and_its_look_alikes_are_not() {
    assert_topics(&[
        (
            "my friend just collapsed and she's not really responding",
            Some(Topic::Safety),
        ),
        (
            "my dad's gone a really grey colour and says his chest hurts",
            Some(Topic::Safety),
        ),
        (
            "one of your carers has been shouting at her and I found bruises on her arms",
            Some(Topic::Harassment),
        ),
        (
            "cancel my membership. no point. won't be around much longer anyway",
            Some(Topic::Distress),
        ),
        (
            "I've been standing on the bridge by the campus for a while now",
            Some(Topic::Distress),
        ),
        (
            "Can't afford food this week, been skipping meals so the kids can eat",
            Some(Topic::Circumstances),
        ),
        (
            "Someone has taken out a phone contract in my name",
            Some(Topic::Fraud),
        ),
        ("the app is not responding on my phone", None),
        ("is the chest of drawers in stock?", None),
        (
            "my character got hacked to pieces by the raid boss lol",
            None,
        ),
        ("can I put the account in my name?", None),
    ]);
}

#[test]
fn questions_about_an_overdose_and_leaving_nothing_behind_are_distress() {
    assert_topics(&[
        (
            "how many of these sleeping tablets would be too many to take at once",
            Some(Topic::Distress),
        ),
        (
            "I don't want to leave anything behind for my family to find when I'm gone",
            Some(Topic::Distress),
        ),
        (
            "Je suis à bout, je pense à en finir.",
            Some(Topic::Distress),
        ),
        ("my shoes are falling apart after a week", None),
        ("I've made my decision, I'll take the blue one", None),
    ]);
}

#[test]
fn privacy_incidents_other_languages_and_vulnerable_visitors_are_sensitive() {
    assert_topics(&[
        (
            "i opened the app and it showed me another patient's test results",
            Some(Topic::AccountSecurity),
        ),
        (
            "the saved address and card belong to someone else",
            Some(Topic::AccountSecurity),
        ),
        (
            "Was my data part of the breach that was on the news today?",
            Some(Topic::AccountSecurity),
        ),
        (
            "you put my photo in your instagram ad, that's copyright infringement",
            Some(Topic::Legal),
        ),
        (
            "how many of the sleeping tablets would be too many",
            Some(Topic::Distress),
        ),
        ("ive started cutting again", Some(Topic::Distress)),
        (
            "Ich denke ernsthaft daran, mir das Leben zu nehmen.",
            Some(Topic::Distress),
        ),
        (
            "the corridor is filling with smoke and no alarm is going off",
            Some(Topic::Safety),
        ),
        (
            "cant pay the electric this month, its heating or feeding the kids",
            Some(Topic::Circumstances),
        ),
        (
            "gambling addiction. need to self exclude now",
            Some(Topic::Circumstances),
        ),
        (
            "ma mère vient de décéder et je dois fermer son compte",
            Some(Topic::Circumstances),
        ),
        // Look-alikes of the same set stay ordinary.
        ("do you sell smoke alarms that link up?", None),
        ("is the blind spot mirror in stock?", None),
    ]);
}

#[test]
fn talk_about_fraud_is_not_a_fraud_report_unless_it_tells_of_one() {
    assert_topics(&[
        (
            "I always worry about card fraud online so I'd rather use PayPal - do you take it?",
            None,
        ),
        (
            "My bank keeps warning about fraud on public wifi. Will the VPN protect me?",
            None,
        ),
        (
            "I've read a lot about removal scams and fraud online so I'm a bit cautious",
            None,
        ),
        (
            "Our previous teacher was a bit of a fraud tbh, are your teachers qualified?",
            None,
        ),
        // Talk about fraud that tells of one is still a report.
        (
            "I read about this scam on the news and I think I paid it, what do I do?",
            Some(Topic::Fraud),
        ),
        (
            "is it safe to pay here? there's a charge from you on my statement I never made",
            Some(Topic::Fraud),
        ),
        // Other topics in the same message are read as before.
        (
            "worried about fraud, someone logged in from another country",
            Some(Topic::AccountSecurity),
        ),
    ]);
}

#[test]
fn trouble_the_visitor_looks_back_on_as_over_is_not_a_report_unless_it_is_back() {
    assert_topics(&[
        (
            "Last month's unauthorised charge was refunded already, thank you! When will my new card arrive?",
            None,
        ),
        (
            "Last year my account got hacked and your team sorted it really quickly. I just want to update my address.",
            None,
        ),
        (
            "My grandmother passed away five years ago and this is the last account we found, no rush",
            None,
        ),
        (
            "Can I freeze my card from the app myself? Nothing's wrong, I just want the option.",
            None,
        ),
        // The trouble is back, or was never over: still a report.
        (
            "my account got hacked last year and you sorted it, but now someone has logged in again",
            Some(Topic::AccountSecurity),
        ),
        (
            "you said the fraud on my card was resolved but I'm still not refunded",
            Some(Topic::Fraud),
        ),
        (
            "my delivery address is all sorted now, but I also noticed a charge on my statement I never made",
            Some(Topic::Fraud),
        ),
        // "I want the money back" is not "the money's back".
        (
            "My bf took my debit card without asking and has been topping up his gaming account. I want the money back",
            Some(Topic::Fraud),
        ),
        // Thanking again is not the trouble coming back.
        (
            "Last year someone cloned my card but you sorted it really quickly, so thanks again. Now, how do I order a second card?",
            None,
        ),
        // Distress is never over by a phrase.
        (
            "the refund was sorted, thanks, but honestly i want to kill myself",
            Some(Topic::Distress),
        ),
    ]);
}

#[test]
fn a_product_or_a_title_holding_a_sensitive_word_is_not_a_report() {
    assert_topics(&[
        (
            "is the Scam Shield feature included in the basic phone plan?",
            None,
        ),
        (
            "Do you have the book 'The Lincoln Lawyer'? the paperback",
            None,
        ),
        (
            "Does the Bully Max harness fit a French bulldog or is it too big?",
            None,
        ),
        // The same words as the visitor's own report are read as before.
        (
            "this is a scam, you took money from my card",
            Some(Topic::Fraud),
        ),
        (
            "I've reported the scam to Action Fraud, what do you need from me?",
            Some(Topic::Fraud),
        ),
    ]);
}

#[test]
fn talk_about_harassment_or_the_law_is_not_a_report_either() {
    assert_topics(&[
        (
            "Does your HR software include a module for logging grievances and harassment complaints? I read about it in an article",
            None,
        ),
        (
            "I read about the lawsuit on the news, is the store still open?",
            None,
        ),
        // Injury talk is still handed over: "is it safe" is what a worried visitor asks.
        (
            "i have a heart condition, is it safe for me to do hiit classes",
            Some(Topic::Safety),
        ),
    ]);
}

#[test]
fn session_18_blind_set_phrasings_are_recognised() {
    assert_topics(&[
        (
            "someone changed the email on my account and now i cant log in. i didnt do it",
            Some(Topic::AccountSecurity),
        ),
        (
            "stop selling my data. i want to know exactly who youve shared my info with",
            Some(Topic::AccountSecurity),
        ),
        (
            "Bonjour, le détecteur de monoxyde sonne depuis 10 minutes",
            Some(Topic::Safety),
        ),
        (
            "I've left my husband and I'm in a refuge with the kids. Can he see where we are?",
            Some(Topic::Circumstances),
        ),
        (
            "honestly i dont see a reason to keep going. sorry i know this is a phone company chat",
            Some(Topic::Distress),
        ),
        // Idioms about a sense, and a settled death in German, stay ordinary.
        (
            "I'm deaf as a post according to the grandkids lol. do you come out to the house?",
            None,
        ),
        (
            "Mein Opa ist letztes Jahr gestorben, damals haben Sie alles sehr gut geregelt. Wie eröffne ich ein Konto?",
            None,
        ),
    ]);
}

#[test]
fn a_joke_about_fraud_harassment_or_the_law_is_not_a_report_unless_taken_back() {
    assert_topics(&[
        (
            "lol your prices on the xmas hampers are a scam 😂 jk, do you ship to Ireland?",
            None,
        ),
        (
            "stop harassing me with emails lol, how do i unsubscribe from the marketing ones",
            None,
        ),
        (
            "can i sue 😂 jk my parcel is just late. any idea when itll arrive?",
            None,
        ),
        // Taken back: "no seriously".
        (
            "im gonna sue lol. no seriously, your update bricked my phone and i lost all my contacts",
            Some(Topic::Legal),
        ),
        // Laughing does not hide an account or safety report.
        (
            "hey my acc got hacked lol, they changed the phone number on it",
            Some(Topic::AccountSecurity),
        ),
    ]);
}

#[test]
fn session_18_second_blind_set_phrasings_are_recognised() {
    assert_topics(&[
        (
            "Hi, there's a login from Nigeria on my account activity page from 3am, that definitely wasn't me",
            Some(Topic::AccountSecurity),
        ),
        (
            "Goedendag, ik wil dat u al mijn persoonsgegevens verwijdert",
            Some(Topic::AccountSecurity),
        ),
        (
            "Der Heizlüfter, den ich bei Ihnen gekauft habe, hat Feuer gefangen",
            Some(Topic::Safety),
        ),
        (
            "the man in 23B keeps putting his hand on my leg and the crew haven't noticed",
            Some(Topic::Harassment),
        ),
        (
            "Ich kann nicht mehr. Ich will einfach nur, dass alles aufhört.",
            Some(Topic::Distress),
        ),
        // Names and settled matters of the same set stay ordinary.
        (
            "Can I change the name on the Suicide Squad screening tickets?",
            None,
        ),
        ("Is the Stalker game still available on disc?", None),
        (
            "My grandad passed away in 2019 and we closed his account back then. Can I shred his old cheque book?",
            None,
        ),
    ]);
}

#[test]
fn data_sent_to_the_wrong_person_and_danger_told_plainly_are_recognised() {
    // Session 18's set 12 and site set G, after their one scored run.
    assert_topics(&[
        (
            "I received a letter with my name on top but the test results inside were for a completely different patient",
            Some(Topic::AccountSecurity),
        ),
        (
            "my full card number and cvv were shown in plain text on the order confirmation email",
            Some(Topic::AccountSecurity),
        ),
        (
            "There's a man outside my door saying he's from your company to read the meter. No ID, and he just tried the handle.",
            Some(Topic::Safety),
        ),
        (
            "there's a man in the water by C pontoon he's not moving what do I do",
            Some(Topic::Safety),
        ),
        (
            "honestly whats the point paying this bill if i wont even be here next month",
            Some(Topic::Distress),
        ),
    ]);
}
