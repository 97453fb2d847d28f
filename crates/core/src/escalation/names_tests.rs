use super::*;

/// The named words of `text`, joined, one string per span.
fn names(text: &str) -> Vec<String> {
    let words = text::words(text);
    name_spans(text)
        .into_iter()
        .map(|(start, end)| words[start..end].join(" "))
        .collect()
}

#[test]
fn capitalised_words_inside_a_sentence_are_a_name() {
    assert_eq!(
        names("is the Scam Shield feature included in the basic plan?"),
        ["scam shield"]
    );
    assert_eq!(
        names("Does the Bully Max harness fit a French bulldog?"),
        ["bully max"]
    );
    assert_eq!(
        names("The book Harassment Law in Practice won't go into my basket"),
        ["harassment law in practice"]
    );
}

#[test]
fn one_capitalised_word_before_a_product_noun_is_a_name() {
    assert_eq!(
        names("Is the Stalker game still available on disc?"),
        ["stalker"]
    );
    assert!(names("my ex is a Stalker and he found my address").is_empty());
}

#[test]
fn a_quoted_title_is_a_name_even_as_one_word() {
    assert_eq!(
        names("Do you have the book 'The Lincoln Lawyer'? the paperback"),
        ["the lincoln lawyer"]
    );
    assert_eq!(
        names("hi, does the 'Lawyer on Call' add-on come with home insurance?"),
        ["lawyer on call"]
    );
    assert_eq!(
        names("Is the series 'Stalker' available in the UK?"),
        ["stalker"]
    );
    assert_eq!(
        names("I ordered “Harassment in the Workplace: A Manager's Guide” and the cover is torn"),
        ["harassment in the workplace a manager guide"]
    );
}

#[test]
fn quoted_speech_and_ordinary_capitals_are_not_names() {
    for text in [
        "he said 'you will pay for this' and followed me to my car",
        "I got an email saying 'your account has been deleted' but I didn't do it",
        "Fraud on my card again, who do I talk to",
        "my account was HACKED and my Card was used",
        "I'm scared. Someone keeps calling me",
        "I've reported it to Action Fraud and they gave me a crime number",
    ] {
        assert!(names(text).is_empty(), "{text}: {:?}", names(text));
    }
}

#[test]
fn the_bodies_a_victim_reports_to_are_not_product_names() {
    for text in [
        "I've reported it to Action Fraud and they gave me a crime number",
        "see you at the Small Claims Court then",
        "my lawyers Patel Hughes Solicitors will write to you",
    ] {
        assert!(names(text).is_empty(), "{text}: {:?}", names(text));
    }
}

#[test]
fn a_writer_who_capitalises_every_word_names_nothing() {
    assert!(names("Hello My Account Has Been Hacked Please Help Me Now").is_empty());
}
