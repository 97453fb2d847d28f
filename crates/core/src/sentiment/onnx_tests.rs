#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::sentiment::tokenizer::tests::vectors;

const MODEL: &[u8] = include_bytes!("../../../../models/sentiment.onnx");
const TABLE: &[u8] = include_bytes!("../../../../models/faq-embed.tev");
const ENCODER: &[u8] = include_bytes!("../../../../models/faq-encoder.tenc");

/// The model as the worker runs it before its FAQ encoder has loaded.
fn with_table() -> OnnxSentiment {
    let table = Arc::new(StaticEmbedding::from_bytes(TABLE).unwrap());
    OnnxSentiment::from_bytes(MODEL)
        .unwrap()
        .with_embedding(table)
        .unwrap()
}

fn encoder() -> Arc<crate::embed::SentenceEncoder> {
    Arc::new(crate::embed::SentenceEncoder::from_bytes(ENCODER).unwrap())
}

/// The model as the worker runs it once the encoder has loaded too.
fn with_table_and_encoder() -> OnnxSentiment {
    with_table().with_encoder(encoder()).unwrap()
}

/// The largest difference between `model`'s scores and `want`'s on the test vectors.
fn worst_difference(
    model: &OnnxSentiment,
    want: impl Fn(&crate::sentiment::tokenizer::tests::Vector) -> [f32; 4],
) -> (f32, String) {
    let mut worst = (0.0f32, String::new());
    for v in vectors() {
        let s = model.try_score(&v.text).unwrap();
        for (got, want) in [s.negative, s.neutral, s.positive, s.frustration]
            .iter()
            .zip(want(&v))
        {
            let diff = (got - want).abs();
            if diff > worst.0 {
                worst = (diff, v.text.clone());
            }
        }
    }
    worst
}

/// A `.tev` table with one token and `dims` columns.
fn tiny_table(dims: u32) -> StaticEmbedding {
    let mut bytes = b"TEV1".to_vec();
    bytes.extend(dims.to_le_bytes());
    bytes.extend(1u32.to_le_bytes());
    bytes.push(5);
    bytes.extend(b"hello");
    bytes.extend(1.0f32.to_le_bytes());
    bytes.extend(std::iter::repeat_n(1u8, dims as usize));
    StaticEmbedding::from_bytes(&bytes).unwrap()
}

/// tract within the parity tolerance of onnxruntime's stored scores.
fn assert_reproduced((worst, text): (f32, String)) {
    assert!(worst <= 1e-4, "largest difference {worst} on {text:?}");
}

#[test]
fn tract_reproduces_onnxruntime_on_every_test_vector() {
    assert_reproduced(worst_difference(&with_table_and_encoder(), |v| v.scores));
}

#[test]
fn before_the_encoder_loads_tract_reproduces_onnxruntime_with_zeros_for_it() {
    let model = with_table();
    assert!(model.missing_encoder());
    assert_reproduced(worst_difference(&model, |v| v.scores_before_encoder));
}

#[test]
fn the_shipped_model_reads_the_encoder_and_says_so_until_it_has_one() {
    let model = with_table();
    assert!(model.missing_encoder());
    assert_eq!(model.encoded("late again"), vec![0.0; 384]);
    let model = model.with_encoder(encoder()).unwrap();
    assert!(!model.missing_encoder());
    assert!(model.encoded("late again").iter().any(|&v| v != 0.0));
    // A text the encoder knows nothing of reads zeros, as Rust's `embed` gives no vector.
    assert_eq!(model.encoded("   "), vec![0.0; 384]);
}

#[test]
fn an_encoder_of_another_width_is_refused_and_the_model_keeps_working() {
    #[derive(Debug)]
    struct Narrow;
    impl crate::embed::SentenceVectors for Narrow {
        fn dims(&self) -> usize {
            3
        }
        fn embed(&self, _: &str) -> Option<Vec<f32>> {
            Some(vec![1.0; 3])
        }
        fn knows_word(&self, _: &str) -> bool {
            true
        }
    }
    let mut model = with_table();
    let before = model.score("my parcel is late");
    let err = model.attach_encoder(Arc::new(Narrow)).unwrap_err();
    assert!(matches!(err, OnnxError::Incompatible(_)), "{err}");
    assert!(err.to_string().contains("384"), "{err}");
    assert!(model.missing_encoder());
    assert_eq!(model.score("my parcel is late"), before);
}

#[test]
fn the_shipped_model_reads_the_sentence_vector_and_says_so_until_it_has_its_table() {
    let bare = OnnxSentiment::from_bytes(MODEL).unwrap();
    assert!(bare.missing_embedding());
    assert!(bare.vector("late again").iter().all(|&v| v == 0.0));
    let model = with_table();
    assert!(!model.missing_embedding());
    assert!(model.vector("late again").iter().any(|&v| v != 0.0));
}

#[test]
fn a_table_of_another_width_is_refused() {
    let err = OnnxSentiment::from_bytes(MODEL)
        .unwrap()
        .with_embedding(Arc::new(tiny_table(4)))
        .unwrap_err();
    assert!(matches!(err, OnnxError::Incompatible(_)), "{err}");
    assert!(err.to_string().contains("4"), "{err}");
}

#[test]
fn without_its_table_the_model_still_scores_every_text_as_probabilities() {
    let model = OnnxSentiment::from_bytes(MODEL).unwrap();
    for text in ["", "my parcel is three weeks late", "thanks!"] {
        let s = model.score(text);
        assert!(
            (s.negative + s.neutral + s.positive - 1.0).abs() < 1e-5,
            "{text}: {s:?}"
        );
    }
}

#[test]
fn probabilities_sum_to_one_and_frustration_is_a_probability() {
    let model = with_table();
    for text in [
        "",
        "my parcel is three weeks late",
        "thanks, that fixed it",
        "😡😡😡",
    ] {
        let s = model.score(text);
        assert!(
            (s.negative + s.neutral + s.positive - 1.0).abs() < 1e-5,
            "{text}: {s:?}"
        );
        assert!((0.0..=1.0).contains(&s.frustration), "{text}: {s:?}");
    }
}

#[test]
fn a_missing_file_is_a_read_error_naming_the_path() {
    let err = OnnxSentiment::from_path(Path::new("/nonexistent/sentiment.onnx")).unwrap_err();
    assert!(matches!(err, OnnxError::Read { .. }));
    assert!(err.to_string().contains("/nonexistent/sentiment.onnx"));
}

#[test]
fn garbage_bytes_are_refused_without_panicking() {
    let err = OnnxSentiment::from_bytes(b"definitely not protobuf \xff\xff\xff").unwrap_err();
    assert!(
        matches!(err, OnnxError::Parse(_) | OnnxError::Incompatible(_)),
        "{err}"
    );
    let truncated = &MODEL[..MODEL.len() / 2];
    assert!(OnnxSentiment::from_bytes(truncated).is_err());
}

#[test]
fn a_valid_onnx_file_that_is_not_our_model_is_refused() {
    let other = include_bytes!("testdata/identity.onnx");
    let err = OnnxSentiment::from_bytes(other).unwrap_err();
    assert!(matches!(err, OnnxError::Incompatible(_)), "{err}");
}

#[test]
fn the_report_name_carries_the_file_name() {
    let dir = std::env::temp_dir().join(format!("tandem-onnx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mine.onnx");
    std::fs::write(&path, MODEL).unwrap();
    let model = OnnxSentiment::from_path(&path).unwrap();
    assert_eq!(model.name(), "onnx:mine.onnx");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_model_can_be_shared_between_threads_and_scores_the_same() {
    fn shareable<T: Send + Sync>(_: &T) {}
    let model = std::sync::Arc::new(OnnxSentiment::from_bytes(MODEL).unwrap());
    shareable(&*model);
    let expected = model.score("my parcel is three weeks late");
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let m = model.clone();
            std::thread::spawn(move || m.score("my parcel is three weeks late"))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), expected);
    }
}

#[test]
fn a_model_without_the_encoder_input_still_loads_and_ignores_an_encoder() {
    // Built by models/export_onnx.py from tiny random weights (1-dim table, 2 hidden units,
    // 128-dim vector): the format of the shipped model before session 21.
    let old = include_bytes!("testdata/three_inputs.onnx");
    let model = OnnxSentiment::from_bytes(old)
        .unwrap()
        .with_embedding(Arc::new(StaticEmbedding::from_bytes(TABLE).unwrap()))
        .unwrap();
    assert!(!model.missing_encoder());
    let before = model.score("my parcel is late");
    let model = model.with_encoder(encoder()).unwrap();
    assert!(model.encoded("my parcel is late").is_empty());
    assert_eq!(model.score("my parcel is late"), before);
}

#[test]
fn a_model_without_the_vector_input_still_loads_and_ignores_a_table() {
    // Built by models/export_onnx.py from tiny random weights (1-dim table, 2 hidden units):
    // the format of every model before the sentence vector, as a site owner may still pass one.
    let old = include_bytes!("testdata/two_inputs.onnx");
    let model = OnnxSentiment::from_bytes(old).unwrap();
    assert!(!model.missing_embedding());
    let before = model.score("my parcel is late");
    let model = model
        .with_embedding(Arc::new(StaticEmbedding::from_bytes(TABLE).unwrap()))
        .unwrap();
    assert!(model.vector("my parcel is late").is_empty());
    assert_eq!(model.score("my parcel is late"), before);
}
