//! Browser tests (headless Chromium via wasm-bindgen-test-runner; see docs/performance-sentiment.md):
//! the same model bytes give the native/onnxruntime scores on the committed test vectors, and
//! in-page latency is printed for the docs (measured, never asserted).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MODEL: &[u8] = include_bytes!("../../../models/sentiment.onnx");
const VECTORS: &str = include_str!("../../../models/test_vectors.jsonl");
const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");
const ENCODER: &[u8] = include_bytes!("../../../models/faq-encoder.tenc");

/// The model as the worker runs it before the FAQ encoder has loaded: with the embedding
/// table it reads sentence vectors from.
fn worker_with_table() -> SentimentWorker {
    let mut worker = SentimentWorker::new(MODEL).unwrap();
    worker.load_table(TABLE).unwrap();
    worker
}

/// ... and once the encoder has loaded too.
fn worker_with_table_and_encoder() -> SentimentWorker {
    let mut worker = worker_with_table();
    worker.load_encoder(ENCODER).unwrap();
    worker
}

#[derive(serde::Deserialize)]
struct Vector {
    text: String,
    ids: Vec<u32>,
    scores: [f32; 4],
    scores_before_encoder: [f32; 4],
}

fn vectors() -> Vec<Vector> {
    VECTORS
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `performance.now()` in a page or a worker (both expose it on the global object).
fn now_ms() -> f64 {
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&perf, &"now".into()).unwrap().into();
    now.call0(&perf).unwrap().as_f64().unwrap()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[wasm_bindgen_test]
fn wasm_reproduces_the_reference_scores_on_every_test_vector() {
    let before = worker_with_table();
    let vectors = vectors();
    assert!(vectors.len() >= 1000);
    let mut worst = 0.0f32;
    for v in &vectors {
        assert_eq!(
            tandem_core::sentiment::tokenizer::feature_ids(&v.text),
            v.ids,
            "ids of {:?}",
            v.text
        );
        for (g, w) in before.score(&v.text).iter().zip(v.scores_before_encoder) {
            worst = worst.max((g - w).abs());
        }
    }
    console_log!(
        "wasm vs onnxruntime before the encoder loads: {} vectors, largest difference {worst:e}",
        vectors.len()
    );
    assert!(worst <= 1e-4, "largest difference {worst}");
}

/// Lets the page breathe: the test runner loses the browser when the page is held for 30 s,
/// and an encoder pass takes milliseconds here.
async fn yield_to_the_page() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout: js_sys::Function =
            js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into())
                .unwrap()
                .into();
        set_timeout
            .call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(0))
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn wasm_reproduces_the_reference_scores_with_the_encoder_on_every_test_vector() {
    let after = worker_with_table_and_encoder();
    let t0 = now_ms();
    let vectors = vectors();
    let mut worst = 0.0f32;
    for (i, v) in vectors.iter().enumerate() {
        for (g, w) in after.score(&v.text).iter().zip(v.scores) {
            worst = worst.max((g - w).abs());
        }
        if i % 50 == 49 {
            yield_to_the_page().await;
        }
    }
    console_log!(
        "wasm vs onnxruntime with the encoder: {} vectors in {:.0} ms, largest difference {worst:e}",
        vectors.len(),
        now_ms() - t0
    );
    assert!(worst <= 1e-4, "largest difference {worst}");
}

#[wasm_bindgen_test]
fn a_corrupt_model_is_a_js_error_not_a_crash() {
    assert!(SentimentWorker::new(&MODEL[..1000]).is_err());
    assert!(SentimentWorker::new(b"").is_err());
    let mut worker = SentimentWorker::new(MODEL).unwrap();
    assert!(worker.load_table(b"not a table").is_err());
    assert!(worker.load_encoder(&ENCODER[..1000]).is_err());
    assert_eq!(worker.score("late again").len(), 4);
}

#[wasm_bindgen_test]
fn the_assistant_gives_the_table_to_the_sentiment_model_and_says_when_it_is_missing() {
    let mut assistant = Assistant::new(Some(MODEL.to_vec()), None);
    assert!(assistant.sentiment_needs_table());
    let refused = assistant.load_table(b"nope").unwrap();
    assert!(refused.contains("runs without it"), "{refused}");
    assert!(assistant.sentiment_needs_table());
    assert_eq!(assistant.load_table(TABLE), None);
    assert!(!assistant.sentiment_needs_table());
    // A worker whose first fetch of the table failed gets it with the FAQ.
    let mut late = Assistant::new(Some(MODEL.to_vec()), None);
    assert_eq!(late.load_faq("faq.json", SHOP_FAQ, TABLE), None);
    assert!(!late.sentiment_needs_table());
}

#[wasm_bindgen_test]
async fn in_page_latency_is_measured_for_the_docs() {
    let t0 = now_ms();
    let worker = worker_with_table();
    let load_ms = now_ms() - t0;
    let texts: Vec<String> = vectors().into_iter().map(|v| v.text).take(1000).collect();
    let mut first = Vec::new();
    for text in texts.iter().take(1) {
        let t = now_ms();
        worker.score(text);
        first.push(now_ms() - t);
    }
    let mut times = Vec::with_capacity(2000);
    let mut total_ms = 0.0;
    for round in 0..2 {
        let batch = now_ms();
        for text in &texts {
            let t = now_ms();
            let s = worker.score(text);
            let dt = now_ms() - t;
            assert_eq!(s.len(), 4);
            if round == 1 {
                times.push(dt);
            }
        }
        total_ms = now_ms() - batch;
    }
    times.sort_by(f64::total_cmp);
    console_log!(
        "before the encoder: model + table load+optimise {load_ms:.1} ms; first score {:.3} ms; per message over {} runs: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms; mean {:.4} ms from the whole batch (performance.now is coarsened in browsers)",
        first[0],
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99),
        total_ms / texts.len() as f64,
    );
    // With the encoder every message also runs the three-layer encoder (shared with the FAQ
    // matcher in the assistant, so this is not all sentiment's cost); every tenth text, 100
    // runs, to stay well inside the 30 s a test may hold the page.
    let t0 = now_ms();
    let worker = worker_with_table_and_encoder();
    let load_ms = now_ms() - t0;
    let mut times = Vec::with_capacity(100);
    for text in texts.iter().step_by(10) {
        let t = now_ms();
        assert_eq!(worker.score(text).len(), 4);
        times.push(now_ms() - t);
        if times.len() % 20 == 0 {
            yield_to_the_page().await;
        }
    }
    times.sort_by(f64::total_cmp);
    console_log!(
        "with the encoder: model + table + encoder load {load_ms:.1} ms; per message over {} runs: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99),
    );
}

/// The worker's WebAssembly SIMD loops give the portable loops' results bit for bit, so the
/// browser's encoder vectors are the native ones (lengths around every chunk size).
#[wasm_bindgen_test]
fn the_simd_loops_give_the_portable_loops_results_bit_for_bit() {
    use tandem_core::embed::kernels::{self, portable};
    let values = |n: usize, salt: u32| -> Vec<f32> {
        (0..n as u32)
            .map(|i| (i.wrapping_mul(2_654_435_761).wrapping_add(salt) % 2001) as f32 / 997.0 - 1.0)
            .collect()
    };
    for n in [
        0, 1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 32, 33, 383, 384, 1536,
    ] {
        let (a, b) = (values(n, 1), values(n, 2));
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            kernels::dot(&a, &b).to_bits(),
            portable::dot(&a, &b).to_bits(),
            "dot, {n}"
        );
        let tokens: Vec<Vec<f32>> = (0..11).map(|t| values(n, 10 + t)).collect();
        let tokens: Vec<&[f32]> = tokens.iter().map(Vec::as_slice).collect();
        for count in [1, 3, 4, 5, 8, 11] {
            let mut out = vec![f32::NAN; count];
            kernels::dots(&a, &tokens[..count], &mut out);
            let expected: Vec<f32> = tokens[..count]
                .iter()
                .map(|x| portable::dot(&a, x))
                .collect();
            assert_eq!(bits(&out), bits(&expected), "dots, {n} × {count}");
        }
        let weights: Vec<i8> = (0..n).map(|i| ((i * 37) % 256) as u8 as i8).collect();
        let (mut simd, mut reference) = (vec![0.0; n], vec![0.0; n]);
        kernels::widen(0.013, &weights, &mut simd);
        portable::widen(0.013, &weights, &mut reference);
        assert_eq!(bits(&simd), bits(&reference), "widen, {n}");
        kernels::add_scaled(&mut simd, 0.37, &b);
        portable::add_scaled(&mut reference, 0.37, &b);
        assert_eq!(bits(&simd), bits(&reference), "add_scaled, {n}");
    }
}

/// The encoder's own cost per text in the page, on the native bench's three texts
/// (`crates/core/benches/encoder.rs`), so the two can be compared.
#[wasm_bindgen_test]
async fn the_encoder_s_time_per_text_is_measured_for_the_docs() {
    let t0 = now_ms();
    let encoder = tandem_core::embed::SentenceEncoder::from_bytes(ENCODER).unwrap();
    let load_ms = now_ms() - t0;
    let texts = include_str!("../../core/benches/encoder_texts.txt").lines();
    let mut report = format!("encoder parse {load_ms:.1} ms");
    for text in texts {
        assert_eq!(encoder.embed(text).map(|v| v.len()), Some(encoder.dims()));
        let mut times = Vec::with_capacity(40);
        for _ in 0..40 {
            let t = now_ms();
            std::hint::black_box(encoder.embed(std::hint::black_box(text)));
            times.push(now_ms() - t);
        }
        yield_to_the_page().await;
        times.sort_by(f64::total_cmp);
        report += &format!(
            "; {} pieces: p50 {:.2} ms, p90 {:.2} ms",
            encoder.pieces(text).len(),
            percentile(&times, 0.5),
            percentile(&times, 0.9)
        );
    }
    console_log!("{report} (40 runs each)");
}

fn verdict(assistant: &mut Assistant, message: u32, text: &str) -> serde_json::Value {
    serde_json::from_str(&assistant.judge(message, text, None, false)).unwrap()
}

#[wasm_bindgen_test]
fn the_assistant_hands_a_request_for_a_person_over_and_masks_a_card_number() {
    let mut assistant = Assistant::new(Some(MODEL.to_vec()), None);
    assert_eq!(assistant.warnings(), None);
    assert!(
        assistant.sentiment_name().contains("onnx"),
        "{}",
        assistant.sentiment_name()
    );
    let v = verdict(&mut assistant, 3, "can I talk to a real person please");
    assert_eq!(v["message"], 3);
    assert_eq!(v["reason"], "request");
    assert!(v["masked"].is_null());
    let v = verdict(
        &mut assistant,
        5,
        "my card 4111 1111 1111 1111 was charged twice",
    );
    assert_eq!(v["reason"], "sensitive");
    assert_eq!(v["masked"], "my card [card ending 1111] was charged twice");
    assert!(!v["agent_note"].as_str().unwrap().contains("4111 1111"));
}

#[wasm_bindgen_test]
fn without_a_model_the_assistant_still_judges_with_the_lexicon_and_says_so() {
    let mut assistant = Assistant::new(None, Some("{\"unanswered_turns\": 1}".into()));
    assert!(assistant.sentiment_name().contains("model missing"));
    // Not an off-topic aside ("the capital of Mongolia"): one of those alone never counts.
    let v = verdict(&mut assistant, 1, "do you sell garden sheds");
    assert_eq!(
        v["reason"], "unanswered",
        "one unanswered turn is enough when configured"
    );
    let mut broken = Assistant::new(Some(b"not a model".to_vec()), Some("{\"typo\": 1}".into()));
    let warnings = broken.warnings().unwrap();
    assert!(
        warnings.contains("sentiment model could not be loaded"),
        "{warnings}"
    );
    assert!(
        warnings.contains("escalation settings were ignored"),
        "{warnings}"
    );
    let v = verdict(
        &mut broken,
        1,
        "I am furious, this is the worst service ever!!",
    );
    assert_eq!(v["reason"], "sentiment");
}

#[wasm_bindgen_test]
fn ending_the_chat_resets_the_assistant() {
    let mut assistant = Assistant::new(None, None);
    verdict(&mut assistant, 1, "do you sell garden sheds");
    assistant.reset();
    let v = verdict(&mut assistant, 3, "what is the colour of the sky on Mars");
    assert!(v["reason"].is_null(), "{v}");
}

const SHOP_FAQ: &str = include_str!("../../../www/faq.json");

fn asked(assistant: &mut Assistant, message: u32, text: &str) -> serde_json::Value {
    serde_json::from_str(&assistant.ask(message, text)).unwrap()
}

#[wasm_bindgen_test]
fn with_the_faq_loaded_the_assistant_answers_paraphrases_and_declines_what_it_does_not_know() {
    let mut assistant = Assistant::new(None, None);
    assert_eq!(assistant.load_faq("faq.json", SHOP_FAQ, TABLE), None);
    let v = asked(&mut assistant, 1, "can I send this back");
    assert_eq!(v["answer"], "returns");
    assert!(v["reason"].is_null());
    // The lexical matcher alone answers this with the gift-card entry (one shared word).
    let v = asked(&mut assistant, 3, "do you sell bikes?");
    assert!(v["answer"].is_null(), "{v}");
    assert!(v["suggestions"].is_array());
    let v = asked(&mut assistant, 5, "I want to talk to a person");
    assert_eq!(v["reason"], "request");
}

/// Five card entries with twelve phrasings each: enough that the semantic index learns a
/// prototype per entry, in wasm here as natively (crates/core/tests/learned_prototypes.rs asks
/// the same questions).
const CARDS_FAQ: &str = include_str!("../../core/tests/many_phrasings/faq.json");
const CARDS_QUESTIONS: &str = include_str!("../../core/tests/many_phrasings/questions.jsonl");

#[wasm_bindgen_test]
fn an_faq_with_many_phrasings_per_entry_ranks_each_visitor_question_s_entry_first() {
    let mut assistant = Assistant::new(None, None);
    assert_eq!(assistant.load_faq("faq.json", CARDS_FAQ, TABLE), None);
    for (turn, line) in CARDS_QUESTIONS.lines().enumerate() {
        let q: serde_json::Value = serde_json::from_str(line).unwrap();
        let v = asked(
            &mut assistant,
            turn as u32 * 2 + 1,
            q["text"].as_str().unwrap(),
        );
        assert_eq!(v["suggestions"][0], q["expect"], "{v}");
    }
}

/// A synthetic FAQ of `entries` entries with `phrasings` phrasings each, from a small
/// vocabulary (deterministic), as JSON; entry `e{i}`'s first phrasing is `phrasing(i, 0)`.
fn synthetic_faq(entries: usize, phrasings: usize) -> String {
    let entries: Vec<serde_json::Value> = (0..entries)
        .map(|i| {
            let all: Vec<String> = (0..phrasings).map(|j| phrasing(i, j)).collect();
            serde_json::json!({"id": format!("e{i}"), "question": all[0],
                "alternatives": all[1..], "answer": "See the help pages."})
        })
        .collect();
    serde_json::json!({ "entries": entries }).to_string()
}

fn phrasing(entry: usize, n: usize) -> String {
    const WORDS: [&str; 24] = [
        "order", "card", "refund", "delivery", "account", "password", "parcel", "price", "return",
        "invoice", "address", "payment", "booking", "ticket", "voucher", "store", "late", "broken",
        "cancel", "change", "track", "missing", "charge", "update",
    ];
    let mut state = (entry * 7919 + n * 104_729 + 1) as u64;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) as usize
    };
    // Two words fixed per entry (its topic), three drawn per phrasing.
    let mut words = vec![WORDS[entry % 24], WORDS[(entry / 24 + 7) % 24]];
    words.extend((0..3).map(|_| WORDS[next() % 24]));
    words.join(" ")
}

#[wasm_bindgen_test]
fn a_large_faq_s_index_with_learned_prototypes_is_timed_for_the_docs() {
    let faq = synthetic_faq(150, 100);
    let mut assistant = Assistant::new(None, None);
    let t0 = now_ms();
    assert_eq!(assistant.load_faq("faq.json", &faq, TABLE), None);
    let load_ms = now_ms() - t0;
    let v = asked(&mut assistant, 1, &phrasing(42, 0));
    assert!(
        v["suggestions"].as_array().is_some_and(|s| !s.is_empty()),
        "{v}"
    );
    console_log!(
        "load_faq of a 150-entry FAQ with 100 phrasings each (learned prototypes) and the table: {load_ms:.1} ms"
    );
}

/// A small FAQ (8 texts to index): this test build is unoptimised, where the encoder takes
/// about a second per text; the shipped worker's speed is measured by the e2e tests.
const SMALL_FAQ: &str = r#"{"entries": [
  {"id": "returns", "question": "How do I return an item?", "alternatives": ["send something back"],
   "answer": "Send it back within 30 days."},
  {"id": "delivery", "question": "How long does delivery take?", "alternatives": ["when will my parcel arrive"],
   "answer": "Orders arrive in 2 to 4 working days."},
  {"id": "gift-cards", "question": "Do you sell gift cards?", "answer": "Yes, from 10 to 100 pounds."}
]}"#;

#[wasm_bindgen_test]
fn the_contextual_encoder_takes_over_the_faq_once_its_index_is_built_step_by_step() {
    let mut assistant = Assistant::new(None, None);
    assert_eq!(
        assistant.start_encoder(ENCODER).as_deref(),
        Some("the FAQ encoder needs the FAQ loaded first")
    );
    assert_eq!(assistant.load_faq("faq.json", SMALL_FAQ, TABLE), None);
    assert_eq!(assistant.start_encoder(ENCODER), None);
    assert_eq!(assistant.take_encoder_warning(), None);
    let mut steps = 0;
    while !assistant.encoder_step(3) {
        steps += 1;
        assert!(!assistant.answers_in_context());
    }
    assert_eq!(steps, 2, "8 texts, 3 per step");
    assert!(assistant.answers_in_context());
    let v = asked(&mut assistant, 1, "my parcel still hasn't come");
    assert_eq!(v["answer"], "delivery", "{v}");
    // (In a three-entry FAQ even "do you sell bikes?" is answered with gift cards, by the
    // table too: the shop FAQ's own test above has enough entries to decline it.)
    assert!(asked(&mut assistant, 3, "what is the weather like in paris")["answer"].is_null());
}

#[wasm_bindgen_test]
fn the_sentiment_model_reads_the_encoder_from_the_moment_it_is_started() {
    let mut assistant = Assistant::new(Some(MODEL.to_vec()), None);
    assert_eq!(assistant.load_faq("faq.json", SMALL_FAQ, TABLE), None);
    assert!(assistant.sentiment_needs_encoder());
    let before = verdict(&mut assistant, 1, "not what I expected at all")["sentiment"].clone();
    assert_eq!(assistant.start_encoder(ENCODER), None);
    assert!(
        !assistant.sentiment_needs_encoder(),
        "before the FAQ index is built"
    );
    assert_eq!(assistant.take_encoder_warning(), None);
    let after = verdict(&mut assistant, 2, "not what I expected at all")["sentiment"].clone();
    assert_ne!(before, after, "the encoder's vector changes the scores");
}

#[wasm_bindgen_test]
fn a_broken_encoder_file_is_reported_and_the_table_keeps_answering() {
    let mut assistant = Assistant::new(None, None);
    assert_eq!(assistant.load_faq("faq.json", SMALL_FAQ, TABLE), None);
    let problem = assistant.start_encoder(&ENCODER[..1000]).unwrap();
    assert!(
        problem.contains("FAQ encoder could not be loaded"),
        "{problem}"
    );
    assert!(assistant.encoder_step(4));
    assert!(!assistant.answers_in_context());
    assert_eq!(
        asked(&mut assistant, 1, "can I send this back")["answer"],
        "returns"
    );
}

#[wasm_bindgen_test]
fn a_broken_faq_or_table_leaves_the_assistant_judging_without_answers() {
    let mut assistant = Assistant::new(None, None);
    let bad_faq = assistant
        .load_faq("faq.json", "{\"entries\": 3}", TABLE)
        .unwrap();
    assert!(bad_faq.contains("FAQ could not be read"), "{bad_faq}");
    let bad_table = assistant.load_faq("faq.json", SHOP_FAQ, b"nope").unwrap();
    assert!(bad_table.contains("embedding table"), "{bad_table}");
    let v = asked(&mut assistant, 1, "can I send this back");
    assert!(v.get("answer").is_none(), "no FAQ, no answer field: {v}");
}

#[wasm_bindgen_test]
fn once_the_table_is_loaded_the_assistant_reads_distress_the_phrase_lists_miss_even_after_a_reset()
{
    const UNLISTED: &str = "i don't think i can keep going like this, everything is falling apart and i'm so tired of it all";
    let mut assistant = Assistant::new(None, None);
    let v = verdict(&mut assistant, 1, UNLISTED);
    assert_ne!(v["reason"], "sensitive", "before the table: lists only");
    assistant.reset();
    assert_eq!(assistant.load_table(TABLE), None);
    let v = verdict(&mut assistant, 2, UNLISTED);
    assert_eq!(v["reason"], "sensitive", "{v}");
    assert!(
        v["agent_note"]
            .as_str()
            .unwrap()
            .contains("read by the topic model"),
        "{v}"
    );
    assistant.reset();
    let v = verdict(&mut assistant, 3, UNLISTED);
    assert_eq!(v["reason"], "sensitive", "the model survives End chat: {v}");
}
