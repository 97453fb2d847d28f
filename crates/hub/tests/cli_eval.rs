//! `tandem eval sentiment` and `tandem eval escalation` as processes on the small fixtures in
//! tests/fixtures: the last stdout line is the documented JSON, the metrics are computed right
//! on hand-checkable inputs, and bad input is refused with a message naming where.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn tandem(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .output()
        .unwrap()
}

/// The last stdout line parsed as JSON, after checking the run succeeded.
fn last_json(out: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// `tandem eval escalation --faq <fixture> --cases CASES [EXTRA…]`.
fn eval_escalation(cases: &str, extra: &[&str]) -> Output {
    let faq = faq();
    let mut args = vec!["eval", "escalation", "--faq", &faq, "--cases", cases];
    args.extend_from_slice(extra);
    tandem(&args)
}

fn faq() -> String {
    repo("tests/fixtures/escalation/faq.json")
        .display()
        .to_string()
}

#[test]
fn eval_sentiment_reports_every_documented_key_on_the_support_fixture() {
    let cases = repo("tests/fixtures/sentiment/support_messages.jsonl");
    let report = last_json(&tandem(&[
        "eval",
        "sentiment",
        "--cases",
        cases.to_str().unwrap(),
    ]));
    for key in [
        "cases",
        "accuracy",
        "macro_f1",
        "macro_recall",
        "negative_recall",
        "negative_precision",
        "micros_p50",
    ] {
        assert!(report.get(key).is_some(), "missing {key}: {report}");
    }
    assert!(report["cases"].as_u64().unwrap() >= 140);
    // A floor, not a target: the lexicon must keep catching most unhappy messages.
    assert!(
        report["negative_recall"].as_f64().unwrap() >= 0.75,
        "{report}"
    );
}

#[test]
fn eval_sentiment_metrics_add_up_on_a_hand_checked_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write(
        &dir,
        "cases.jsonl",
        concat!(
            r#"{"text": "this is terrible", "label": "negative"}"#,
            "\n",
            r#"{"text": "thank you so much!", "label": "positive"}"#,
            "\n\n",
            r#"{"text": "how do I reset my password", "label": "neutral"}"#,
            "\n",
            r#"{"text": "thanks, all sorted", "label": "negative"}"#,
            "\n",
        ),
    );
    let r = last_json(&tandem(&["eval", "sentiment", "--cases", &cases]));
    assert_eq!(r["cases"], 4);
    assert_eq!(r["accuracy"], 0.75);
    assert_eq!(r["negative_recall"], 0.5);
    assert_eq!(r["negative_precision"], 1.0);
    // Recalls 0.5 / 1 / 1 → 0.8333; F1s 0.6667 / 1 / 0.6667 → 0.7778.
    assert!((r["macro_recall"].as_f64().unwrap() - 2.5 / 3.0).abs() < 1e-9);
    assert!((r["macro_f1"].as_f64().unwrap() - 7.0 / 9.0).abs() < 1e-9);
}

#[test]
fn a_bad_sentiment_case_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write(
        &dir,
        "bad.jsonl",
        "{\"text\": \"fine\", \"label\": \"neutral\"}\n{\"text\": \"x\", \"label\": \"angry\"}\n",
    );
    let out = tandem(&["eval", "sentiment", "--cases", &cases]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.jsonl:2"), "{stderr}");
}

#[test]
fn a_model_this_build_cannot_run_is_a_clear_error_not_a_silent_fallback() {
    let cases = repo("tests/fixtures/sentiment/support_messages.jsonl");
    let out = tandem(&[
        "eval",
        "sentiment",
        "--cases",
        cases.to_str().unwrap(),
        "--model",
        "/nonexistent/model.onnx",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/model.onnx"));
}

#[test]
fn eval_escalation_reports_every_documented_key_on_the_conversation_fixture() {
    let cases = repo("tests/fixtures/escalation/conversations.jsonl");
    let r = last_json(&eval_escalation(cases.to_str().unwrap(), &[]));
    for key in [
        "cases",
        "escalation_recall",
        "false_escalation_rate",
        "reason_accuracy",
    ] {
        assert!(r.get(key).is_some(), "missing {key}: {r}");
    }
    assert!(r["cases"].as_u64().unwrap() >= 150);
    assert!(r["escalation_recall"].as_f64().unwrap() >= 0.8, "{r}");
    assert!(r["false_escalation_rate"].as_f64().unwrap() <= 0.15, "{r}");
}

#[test]
fn eval_escalation_counts_the_first_escalation_and_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write(
        &dir,
        "cases.jsonl",
        concat!(
            r#"{"turns": ["How long does delivery take?", "agent please"], "escalate": true, "reason": "request"}"#,
            "\n",
            r#"{"turns": ["my card is 4111 1111 1111 1111", "get me a human"], "escalate": true, "reason": "request"}"#,
            "\n",
            r#"{"turns": ["How do I return an item?", "thanks!"], "escalate": false, "reason": null}"#,
            "\n",
            r#"{"turns": ["do you sell a human-sized tent"], "escalate": false, "reason": null}"#,
            "\n",
        ),
    );
    let r = last_json(&eval_escalation(&cases, &[]));
    assert_eq!(r["cases"], 4);
    assert_eq!(r["escalation_recall"], 1.0);
    assert_eq!(r["false_escalation_rate"], 0.0);
    // The card number in turn 1 escalates first, as `sensitive`: one of two reasons right.
    assert_eq!(r["reason_accuracy"], 0.5);
}

#[test]
fn eval_escalation_answers_with_the_workers_semantic_matcher_unless_asked_for_the_lexical_one() {
    let dir = tempfile::tempdir().unwrap();
    // The lexical matcher answers "it's been 4 days" with the shipping-time entry, so no two
    // turns in a row go unanswered; the semantic matcher declines all three, and that hands
    // over as `unanswered`. Sentiment is switched off: the model reads these turns as unhappy
    // and would hand over with either matcher, hiding the difference this test is about.
    let cases = write(
        &dir,
        "cases.jsonl",
        concat!(
            r#"{"turns": ["why is my transfer still pending", "it's been 4 days", "this is a disgrace, I need that money for rent"], "escalate": true, "reason": "unanswered"}"#,
            "\n",
        ),
    );
    let policy = write(&dir, "policy.json", r#"{"enabled": {"sentiment": false}}"#);
    let semantic = eval_escalation(&cases, &["--policy", &policy]);
    let header = String::from_utf8_lossy(&semantic.stdout).to_string();
    assert!(header.contains("(semantic matcher)"), "{header}");
    let r = last_json(&semantic);
    assert_eq!(r["escalation_recall"], 1.0, "{r}");
    assert_eq!(r["reason_accuracy"], 1.0, "{r}");

    let lexical = eval_escalation(&cases, &["--policy", &policy, "--lexical"]);
    let header = String::from_utf8_lossy(&lexical.stdout).to_string();
    assert!(header.contains("(lexical matcher)"), "{header}");
    let r = last_json(&lexical);
    assert_eq!(r["escalation_recall"], 0.0, "{r}");
}

#[test]
fn eval_escalation_with_the_encoder_answers_and_judges_as_the_worker_does_once_it_has_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write(
        &dir,
        "cases.jsonl",
        concat!(
            r#"{"turns": ["How long does delivery take?"], "escalate": false, "reason": null}"#,
            "\n",
            r#"{"turns": ["third time my parcel is late, this is a disgrace"], "escalate": true, "reason": "sentiment"}"#,
            "\n",
        ),
    );
    let encoder = repo("models/faq-encoder.tenc").display().to_string();
    let out = eval_escalation(&cases, &["--encoder", &encoder]);
    let header = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(header.contains("(semantic matcher)"), "{header}");
    assert!(header.contains("blend(onnx"), "{header}");
    let r = last_json(&out);
    assert_eq!(r["escalation_recall"], 1.0, "{r}");
    assert_eq!(r["false_escalation_rate"], 0.0, "{r}");
    assert_eq!(r["reason_accuracy"], 1.0, "{r}");
}

#[test]
fn a_site_owners_policy_file_switches_a_reason_off() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write(
        &dir,
        "cases.jsonl",
        "{\"turns\": [\"agent please\"], \"escalate\": true, \"reason\": \"request\"}\n",
    );
    let policy = write(&dir, "policy.json", r#"{"enabled": {"request": false}}"#);
    let r = last_json(&eval_escalation(&cases, &["--policy", &policy]));
    assert_eq!(r["escalation_recall"], 0.0);
}

#[test]
fn a_case_that_escalates_without_a_reason_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write(
        &dir,
        "cases.jsonl",
        "{\"turns\": [\"hi\"], \"escalate\": true, \"reason\": null}\n",
    );
    let out = eval_escalation(&cases, &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("case 1") && stderr.contains("reason"),
        "{stderr}"
    );
}

#[test]
fn the_default_model_is_the_blend_and_a_blend_weight_outside_zero_to_one_is_refused() {
    let cases = repo("tests/fixtures/sentiment/support_messages.jsonl");
    let cases = cases.to_str().unwrap();
    let out = tandem(&["eval", "sentiment", "--cases", cases]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("model blend(onnx"));
    let bad = tandem(&[
        "eval",
        "sentiment",
        "--cases",
        cases,
        "--model",
        "blend:1.5",
    ]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("between 0 and 1"), "{stderr}");
}
