//! The FAQ side of the `tandem` CLI, run as a process exactly as a site owner or an external
//! check runs it: exit codes, `PATH:LINE:COL` diagnostics and the last-line JSON of `eval faq`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shop_faq() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/faq/shop.json")
}

fn tandem(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn check_accepts_the_shop_faq() {
    let output = tandem(&["faq", "check", shop_faq().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn check_reports_every_problem_as_path_line_column_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.json");
    std::fs::write(
        &path,
        "{\"entries\": [\n  {\"id\": \"a\", \"question\": \"\", \"answer\": \"x\"},\n  {\"id\": \"a\", \"question\": \"q\", \"answer\": \"y\", \"extra\": 1}\n]}",
    )
    .unwrap();
    let shown = path.to_str().unwrap();
    let output = tandem(&["faq", "check", shown]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        vec![
            format!("{shown}:2:27: `question` is empty"),
            format!("{shown}:3:3: duplicate id `a` (first used at line 2)"),
            format!("{shown}:3:47: warning: unknown field `extra` is ignored"),
        ]
    );
}

#[test]
fn check_reports_invalid_json_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\"entries\": [\n  {\"id\": \"a\"\n]}").unwrap();
    let output = tandem(&["faq", "check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with(&format!("{}:3:1: invalid JSON", path.display())));
}

#[test]
fn ask_prints_the_entry_id_confidence_and_answer() {
    let output = tandem(&[
        "faq",
        "ask",
        shop_faq().to_str().unwrap(),
        "how do I send back a jacket?",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0));
    assert!(text.starts_with("returns (confidence 0."), "{text}");
    assert!(text.contains("within **30 days**"), "{text}");
}

#[test]
fn ask_says_no_confident_match_with_suggestions_when_out_of_scope() {
    let output = tandem(&[
        "faq",
        "ask",
        shop_faq().to_str().unwrap(),
        "what is the capital of peru",
    ]);
    assert!(
        stdout(&output).starts_with("no confident match"),
        "{output:?}"
    );
}

/// The top suggestion's (id, confidence) from `faq ask --json`.
fn top_suggestion(extra: &[&str]) -> (String, f64) {
    let faq = shop_faq();
    let mut args = vec![
        "faq",
        "ask",
        faq.to_str().unwrap(),
        "I want to send this jacket back",
        "--json",
    ];
    args.extend_from_slice(extra);
    let output = tandem(&args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let top = &json["suggestions"][0];
    (
        top["id"].as_str().unwrap().to_owned(),
        top["confidence"].as_f64().unwrap(),
    )
}

#[test]
fn ask_scores_meaning_with_the_built_in_table_unless_told_lexical() {
    let (semantic_id, semantic) = top_suggestion(&[]);
    let (lexical_id, lexical) = top_suggestion(&["--lexical"]);
    assert_eq!(semantic_id, "returns");
    assert_eq!(lexical_id, "returns");
    assert!(
        semantic > lexical + 0.05,
        "semantic {semantic} vs lexical {lexical}"
    );
}

#[test]
fn a_broken_embedding_table_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.tev");
    std::fs::write(&path, b"TEV1\x80\x00\x00\x00").unwrap();
    let output = tandem(&[
        "faq",
        "ask",
        shop_faq().to_str().unwrap(),
        "hello",
        "--embed",
        path.to_str().unwrap(),
    ]);
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.tev") && stderr.contains("ends early"),
        "{stderr}"
    );
}

#[test]
fn eval_faq_ends_with_one_json_line_of_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.jsonl");
    std::fs::write(
        &cases,
        "{\"text\": \"do you take paypal\", \"expect\": \"payment-methods\"}\n\
         {\"text\": \"forgot my password\", \"expect\": \"password-reset\"}\n\
         {\"text\": \"who won the match last night\", \"expect\": null}\n",
    )
    .unwrap();
    let faq = shop_faq();
    for extra in [None, Some("--bm25-only")] {
        let mut args = vec!["eval", "faq", "--faq", faq.to_str().unwrap()];
        args.extend(["--cases", cases.to_str().unwrap()]);
        args.extend(extra);
        let output = tandem(&args);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let text = stdout(&output);
        let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        assert_eq!(last["cases"], 3);
        for key in [
            "in_scope_accuracy",
            "oos_recall",
            "oos_precision",
            "micros_p50",
            "micros_p99",
        ] {
            assert!(last[key].is_f64(), "{key} missing in {last}");
        }
        let accuracy = last["in_scope_accuracy"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&accuracy));
    }
}

#[test]
fn eval_faq_rejects_a_case_expecting_an_unknown_id() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.jsonl");
    std::fs::write(
        &cases,
        "{\"text\": \"hi\", \"expect\": \"no-such-entry\"}\n",
    )
    .unwrap();
    let output = tandem(&[
        "eval",
        "faq",
        "--faq",
        shop_faq().to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
    ]);
    assert_ne!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains(":1: expected id `no-such-entry`"));
}

#[test]
fn convert_turns_a_few_shot_folder_into_an_faq_and_cases() {
    let data = tempfile::tempdir().unwrap();
    let root = data.path().join("intent_oos_jianguoz/Datasets/HWU64");
    for (split, texts, labels) in [
        (
            "train_5",
            "wake me at 7\nset an alarm\nplay jazz\n",
            "alarm_set\nalarm_set\nplay_music\n",
        ),
        (
            "test",
            "alarm for six please\nput on some music\n",
            "alarm_set\nplay_music\n",
        ),
    ] {
        std::fs::create_dir_all(root.join(split)).unwrap();
        std::fs::write(root.join(split).join("seq.in"), texts).unwrap();
        std::fs::write(root.join(split).join("label"), labels).unwrap();
    }
    let (faq, cases) = (
        data.path().join("faq.json"),
        data.path().join("cases.jsonl"),
    );
    let output = tandem(&[
        "convert",
        "--dataset",
        "hwu64",
        "--data",
        data.path().to_str().unwrap(),
        "--split",
        "test",
        "--shots",
        "5",
        "--out-faq",
        faq.to_str().unwrap(),
        "--out-cases",
        cases.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let check = tandem(&["faq", "check", faq.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0));
    let faq: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&faq).unwrap()).unwrap();
    assert_eq!(faq["entries"][0]["id"], "alarm_set");
    assert_eq!(faq["entries"][0]["alternatives"][0], "set an alarm");
    let first = std::fs::read_to_string(&cases).unwrap();
    let first: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert_eq!(first["expect"], "alarm_set");
}

#[test]
fn ask_shows_a_likely_entry_under_no_confident_match_and_eval_counts_it_unless_confident_only() {
    let faq = shop_faq();
    let question = "my jacket is too small";
    let output = tandem(&["faq", "ask", faq.to_str().unwrap(), question]);
    let text = stdout(&output);
    assert!(
        text.starts_with("no confident match\nmost likely: sizing (confidence 0."),
        "{text}"
    );
    assert!(text.contains("shown tentatively"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.jsonl");
    std::fs::write(
        &cases,
        // The second is an entry marked for a person, guessed between 0.40 and its own 0.65.
        format!(
            "{{\"text\": \"{question}\", \"expect\": \"sizing\"}}\n\
             {{\"text\": \"the zip is broken on my coat\", \"expect\": \"damaged-item\"}}\n"
        ),
    )
    .unwrap();
    let accuracy = |extra: &[&str]| {
        let mut args = vec!["eval", "faq", "--faq", faq.to_str().unwrap()];
        args.extend(["--cases", cases.to_str().unwrap()]);
        args.extend(extra);
        let output = tandem(&args);
        let text = stdout(&output);
        let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        last["in_scope_accuracy"].as_f64().unwrap()
    };
    assert_eq!(accuracy(&[]), 1.0, "the visitor is shown the right entry");
    assert_eq!(accuracy(&["--confident-only"]), 0.0, "but not confidently");
}
