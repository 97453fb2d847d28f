//! Golden FAQ cases: every folder under `tests/golden/` holds a site's `faq.json` and the
//! visitor `questions.jsonl` it must handle. A new case is a new folder, not new code.
//!
//! Each question line: `{"text": "...", "expect": "<entry id>" | null, "accept": "answer" | "suggest"}`.
//! - `expect` an id, `accept` "answer" (default): the matcher answers with that entry, confidently.
//! - `expect` an id, `accept` "suggest": a confident answer must be that entry, and a
//!   "no confident match" must at least list it among the suggestions.
//! - `expect` null: the matcher says "no confident match".
//!
//! `known-misses.jsonl` beside them lists realistic questions the matcher gets wrong today
//! (documented in docs/quality-faq.md); they are not asserted, move them into
//! `questions.jsonl` once the matcher handles them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde::Deserialize;
use std::path::Path;
use tandem_core::faq::{Faq, Matcher};

#[derive(Deserialize)]
struct Question {
    text: String,
    expect: Option<String>,
    #[serde(default)]
    accept: Option<String>,
}

fn failures(folder: &Path) -> Vec<String> {
    let faq_text = std::fs::read_to_string(folder.join("faq.json")).unwrap();
    let faq = Faq::parse("faq.json", &faq_text)
        .expect("golden FAQ is valid")
        .faq;
    let matcher = Matcher::new(&faq);
    let questions = std::fs::read_to_string(folder.join("questions.jsonl")).unwrap();
    let mut failed = Vec::new();
    for line in questions.lines().filter(|l| !l.trim().is_empty()) {
        let q: Question = serde_json::from_str(line).unwrap();
        if let Some(id) = q.expect.as_deref() {
            assert!(
                faq.get(id).is_some(),
                "{}: unknown id {id}",
                folder.display()
            );
        }
        let result = matcher.ask(&q.text);
        let answered = result.answer.as_ref().map(|a| a.id.as_str());
        let suggested = result
            .suggestions
            .iter()
            .any(|s| Some(s.id.as_str()) == q.expect.as_deref());
        let ok = match (q.expect.as_deref(), q.accept.as_deref()) {
            (None, _) => answered.is_none(),
            (Some(id), Some("suggest")) => {
                answered == Some(id) || (answered.is_none() && suggested)
            }
            (Some(id), _) => answered == Some(id),
        };
        if !ok {
            failed.push(format!(
                "{:?}: expected {:?}, got {:?}",
                q.text, q.expect, result
            ));
        }
    }
    failed
}

#[test]
fn every_golden_faq_case_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    assert!(folders.len() >= 2, "golden folders are missing");
    let failed: Vec<String> = folders
        .iter()
        .flat_map(|f| {
            failures(f)
                .into_iter()
                .map(move |m| format!("{}: {m}", f.display()))
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} golden questions failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
