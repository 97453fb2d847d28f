#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn errors(text: &str) -> Vec<String> {
    Faq::parse("faq.json", text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_valid_file_loads_with_all_fields() {
    let text = r#"{"entries": [{"id": "returns", "question": "How do I return an item?",
        "alternatives": ["send something back"], "answer": "Use the **portal**.",
        "topic": "orders", "escalate": true, "links": [{"title": "Portal", "url": "/returns"}]}]}"#;
    let loaded = Faq::parse("faq.json", text).unwrap();
    assert!(loaded.warnings.is_empty());
    let entry = loaded.faq.get("returns").unwrap();
    assert_eq!(entry.alternatives, vec!["send something back"]);
    assert_eq!(entry.topic.as_deref(), Some("orders"));
    assert!(entry.escalate);
    assert_eq!(entry.links[0].url, "/returns");
}

#[test]
fn invalid_json_is_reported_with_its_position() {
    assert_eq!(
        errors("{\"entries\": [\n  {\"id\": \"a\",,}\n]}"),
        vec!["faq.json:2:14: invalid JSON: key must be a string"]
    );
}

#[test]
fn duplicate_ids_are_reported_with_their_line() {
    let text = "{\"entries\": [\n {\"id\": \"a\", \"question\": \"q1\", \"answer\": \"x\"},\n {\"id\": \"a\", \"question\": \"q2\", \"answer\": \"y\"}\n]}";
    assert_eq!(
        errors(text),
        vec!["faq.json:3:2: duplicate id `a` (first used at line 2)"]
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = r#"{"entries": [
  {"id": "a", "question": "", "answer": "x"},
  {"id": 7, "question": "q", "answer": "   "},
  {"id": "c", "question": "q3", "answer": "z", "alternatives": "nope", "colour": 1}
]}"#;
    assert_eq!(
        errors(text),
        vec![
            "faq.json:2:27: `question` is empty",
            "faq.json:3:10: `id` must be a string, found a number",
            "faq.json:3:40: `answer` is empty",
            "faq.json:4:64: `alternatives` must be an array of strings, found a string",
            "faq.json:4:72: warning: unknown field `colour` is ignored",
        ]
    );
}

#[test]
fn missing_fields_point_at_their_entry() {
    assert_eq!(
        errors("{\"entries\": [{\"id\": \"a\"}]}"),
        vec![
            "faq.json:1:14: missing field `question`",
            "faq.json:1:14: missing field `answer`"
        ]
    );
}

#[test]
fn unknown_fields_are_warnings_that_do_not_block_loading() {
    let text = r#"{"entries": [{"id": "a", "question": "q", "answer": "x", "anwser": "typo"}]}"#;
    let loaded = Faq::parse("faq.json", text).unwrap();
    assert_eq!(
        loaded.warnings[0].to_string(),
        "faq.json:1:58: warning: unknown field `anwser` is ignored"
    );
}

#[test]
fn a_phrasing_shared_by_two_entries_is_a_warning() {
    let text = r#"{"entries": [{"id": "a", "question": "Shipping?", "answer": "x"},
        {"id": "b", "question": "q", "alternatives": ["shipping"], "answer": "y"}]}"#;
    let loaded = Faq::parse("faq.json", text).unwrap();
    assert!(loaded.warnings[0].message.contains("entry `a`"));
}

#[test]
fn a_file_without_entries_is_rejected() {
    assert_eq!(
        errors("[]"),
        vec!["faq.json:1:1: the FAQ file must be an object, found an array"]
    );
    assert_eq!(
        errors("{\"entries\": []}"),
        vec!["faq.json:1:13: `entries` is empty: the bot would have nothing to answer"]
    );
}

#[test]
fn escaped_strings_and_unicode_keep_columns_in_characters() {
    let text = "{\"entries\": [{\"id\": \"é\\\"\", \"question\": \"ü\", \"answer\": \"\"}]}";
    assert_eq!(errors(text), vec!["faq.json:1:55: `answer` is empty"]);
}
