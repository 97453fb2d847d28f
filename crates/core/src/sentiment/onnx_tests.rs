#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::sentiment::tokenizer::tests::vectors;

const MODEL: &[u8] = include_bytes!("../../../../models/sentiment.onnx");

#[test]
fn tract_reproduces_onnxruntime_on_every_test_vector() {
    let model = OnnxSentiment::from_bytes(MODEL).unwrap();
    let mut worst = (0.0f32, String::new());
    for v in vectors() {
        let s = model.try_score(&v.text).unwrap();
        for (got, want) in [s.negative, s.neutral, s.positive, s.frustration]
            .iter()
            .zip(v.scores)
        {
            let diff = (got - want).abs();
            if diff > worst.0 {
                worst = (diff, v.text.clone());
            }
        }
    }
    assert!(
        worst.0 <= 1e-4,
        "largest difference {} on {:?}",
        worst.0,
        worst.1
    );
}

#[test]
fn probabilities_sum_to_one_and_frustration_is_a_probability() {
    let model = OnnxSentiment::from_bytes(MODEL).unwrap();
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
