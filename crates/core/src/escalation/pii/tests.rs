#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use proptest::prelude::*;

fn kinds(text: &str) -> Vec<PiiKind> {
    find_pii(text).into_iter().map(|f| f.kind).collect()
}

#[test]
fn card_numbers_with_spaces_or_dashes_are_masked_to_their_last_four_digits() {
    assert_eq!(
        redact("my card is 4111 1111 1111 1111, can you check?"),
        "my card is [card ending 1111], can you check?"
    );
    assert_eq!(
        redact("5500-0000-0000-0004 was charged"),
        "[card ending 0004] was charged"
    );
    assert_eq!(redact("378282246310005"), "[card ending 0005]");
}

#[test]
fn digit_runs_failing_the_luhn_check_are_left_alone() {
    assert!(kinds("order 4111 1111 1111 1112 is late").is_empty());
    assert!(kinds("tracking 1234567890123").is_empty());
    assert!(kinds("0000 0000 0000 0000").is_empty());
}

#[test]
fn order_numbers_glued_to_letters_are_not_cards() {
    assert!(kinds("order AB4111111111111111").is_empty());
}

#[test]
fn a_card_number_followed_by_an_expiry_date_is_still_found() {
    assert_eq!(
        redact("4111 1111 1111 1111 12 27"),
        "[card ending 1111] 12 27"
    );
}

#[test]
fn four_groups_of_four_followed_by_an_expiry_or_security_code_are_a_card_even_off_by_one_digit() {
    assert_eq!(
        redact("heres the number 4929 1573 0284 6612 exp 09/27 can you add it"),
        "heres the number [card ending 6612] exp 09/27 can you add it"
    );
    assert_eq!(
        kinds("its 4929 1038 5562 7710, cvc 413"),
        vec![PiiKind::CardNumber]
    );
    // Session 14's probes: the expiry date alone, before the code.
    assert_eq!(
        redact("its 5312 6600 1847 2290, 11/26, cvv 418"),
        "its [card ending 2290], 11/26, cvv 418"
    );
    // Without the expiry or the code, an order number of the same shape is left alone.
    assert!(kinds("order 4111 1111 1111 1112 is late").is_empty());
    assert!(kinds("ref 4929 1573 0284 6612 expected today").is_empty());
    assert!(kinds("order 4929 1573 0284 6612 13/26 items").is_empty());
}

#[test]
fn ibans_are_found_with_and_without_spaces_and_validated_by_mod_97() {
    assert_eq!(
        redact("pay to GB82 WEST 1234 5698 7654 32 please"),
        "pay to [IBAN ending 5432] please"
    );
    assert_eq!(kinds("DE89370400440532013000"), vec![PiiKind::Iban]);
    assert!(kinds("GB82 WEST 1234 5698 7654 33").is_empty());
}

#[test]
fn ssn_shaped_numbers_are_hidden_but_unissued_ranges_are_not() {
    assert_eq!(redact("ssn 123-45-6789"), "ssn [SSN hidden]");
    assert!(kinds("666-12-3456").is_empty());
    assert!(kinds("call 555-123-4567").is_empty());
    assert!(kinds("2024-11-23").is_empty());
}

#[test]
fn a_password_typed_into_chat_is_hidden() {
    assert_eq!(
        redact("my password is Hunter2! and it fails"),
        "my password is [password hidden]! and it fails"
    );
    assert_eq!(redact("password: s3cr3t"), "password: [password hidden]");
    assert_eq!(redact("my PIN is 4821"), "my PIN is [password hidden]");
}

#[test]
fn talking_about_a_password_is_not_revealing_one() {
    for text in [
        "my password is not working",
        "the password is wrong apparently",
        "my password is expired",
        "my pin is blocked",
        "how do I reset my password?",
        "password is required",
    ] {
        assert!(kinds(text).is_empty(), "{text}: {:?}", find_pii(text));
    }
}

#[test]
fn luhn_accepts_known_test_cards_and_rejects_a_changed_digit() {
    assert!(luhn_valid("4242424242424242"));
    assert!(!luhn_valid("4242424242424241"));
    assert!(!luhn_valid(""));
}

proptest! {
    #[test]
    fn the_detector_and_redact_never_panic_and_keep_text_without_pii(text in "\\PC{0,80}") {
        let found = find_pii(&text);
        let redacted = redact(&text);
        if found.is_empty() {
            prop_assert_eq!(redacted, text);
        }
    }

    #[test]
    fn digit_soup_never_panics(text in "[0-9 \\-a-zA-Z:]{0,60}") {
        let _ = redact(&text);
    }

    #[test]
    fn any_luhn_valid_16_digit_number_is_redacted(body in "[1-9][0-9]{14}") {
        let check = (0..10).map(|d| format!("{body}{d}")).find(|n| luhn_valid(n)).unwrap();
        let spaced = format!("card {} {} {} {}", &check[0..4], &check[4..8], &check[8..12], &check[12..16]);
        let out = redact(&spaced);
        prop_assert!(!out.contains(&check[0..4]) || check[0..4] == check[12..16], "{}", out);
        prop_assert!(out.ends_with(&format!("ending {}]", &check[12..16])), "{}", out);
    }
}

#[test]
fn bank_details_a_passport_number_and_a_date_of_birth_are_hidden_when_labelled() {
    // Session 11's letting, insurance and hosting probes.
    assert_eq!(
        redact("my bank details are natwest sort code 60-16-13 account 31926819"),
        "my bank details are natwest sort code [bank details hidden] account [bank details hidden]"
    );
    assert_eq!(
        redact("my passport number is 533380006 and dob 14/02/1987."),
        "my passport number is [passport number hidden] and dob [date of birth hidden]."
    );
    assert_eq!(
        kinds("sort code 20-45-77 acc 43918822"),
        vec![PiiKind::BankAccount, PiiKind::BankAccount]
    );
}

#[test]
fn a_card_number_with_a_slip_is_still_a_card_when_the_visitor_calls_it_one() {
    assert_eq!(
        kinds("my card for the insurance excess is 4929 1234 5678 9012 exp 08/27"),
        vec![PiiKind::CardNumber]
    );
}

#[test]
fn unlabelled_numbers_and_account_ids_without_a_bank_are_left_alone() {
    assert!(kinds("order 4929 1234 5678 9012 is late").is_empty());
    assert!(kinds("my account 31926819 shows the wrong plan").is_empty());
    assert!(kinds("my passport expires in 2027, can i still book").is_empty());
    assert!(kinds("call me on 07700 900123").is_empty());
}

#[test]
fn an_iban_named_as_one_is_masked_even_when_its_check_digits_fail() {
    assert_eq!(
        redact("New IBAN is GB71 BARC 2031 5847 2916 03"),
        "New IBAN is [IBAN ending 1603]"
    );
    // Unlabelled, a string of that shape still needs valid check digits.
    assert!(kinds("ref GB71 BARC 2031 5847 2916 03").is_empty());
}

#[test]
fn cards_named_in_other_languages_or_as_amex_a_pin_and_a_national_insurance_number_are_found() {
    assert_eq!(
        kinds("Mi número de tarjeta es 4556 2190 8734 1102, caduca 11/26"),
        vec![PiiKind::CardNumber]
    );
    assert_eq!(
        kinds("Amex 3782 914520 18834, 4 digit code 2291"),
        vec![PiiKind::CardNumber]
    );
    assert_eq!(kinds("My PIN for the card is 4471"), vec![PiiKind::Pin]);
    assert_eq!(
        redact("ni number is JT 48 21 67 C if u need it"),
        "ni number is JT [national ID hidden] C if u need it"
    );
    assert_eq!(
        kinds("Meine Steuer-ID ist 47 036 892 816"),
        vec![PiiKind::NationalId]
    );
    // A pin on a map or a plain number of days is no secret.
    assert!(kinds("can you pin 3 items to the top").is_empty());
    assert!(kinds("it took 4471 days lol").is_empty());
}

#[test]
fn a_password_without_a_colon_a_texted_code_and_the_long_number_on_the_front_are_found() {
    assert_eq!(
        kinds("username jenny.h84 password Buttercup2019! can you check"),
        vec![PiiKind::Password]
    );
    assert_eq!(
        kinds("ok the code they just texted me is 884201 is that what u need"),
        vec![PiiKind::Pin]
    );
    assert_eq!(
        kinds("the long number on the front is 5412 7534 9921 0067"),
        vec![PiiKind::CardNumber]
    );
    // Words after "password" are not a secret.
    assert!(kinds("my password reset link never came").is_empty());
}
