#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::SentenceEncoder;
use super::encoder::erf_for_tests as erf;

/// A tiny encoder file: hidden 4, 2 heads, ffn 8, one layer, rank 2, 64 positions, the
/// given pieces plus `[CLS]` and `[SEP]`; every weight a small deterministic pattern.
fn tiny_encoder_bytes(pieces: &[&str], heads: u32) -> Vec<u8> {
    let (hidden, ffn, rank, positions) = (4usize, 8usize, 2usize, 64usize);
    let mut vocab: Vec<&str> = pieces.to_vec();
    vocab.extend(["[CLS]", "[SEP]"]);
    let mut b = b"TENC".to_vec();
    for v in [
        1,
        hidden as u32,
        heads,
        ffn as u32,
        1,
        rank as u32,
        positions as u32,
    ] {
        b.extend(v.to_le_bytes());
    }
    b.extend((vocab.len() as u32).to_le_bytes());
    for p in &vocab {
        b.push(p.len() as u8);
        b.extend(p.as_bytes());
    }
    let mut seed = 7i32;
    let mut matrix = |b: &mut Vec<u8>, rows: usize, cols: usize| {
        for _ in 0..rows {
            b.extend(0.01f32.to_le_bytes());
        }
        for _ in 0..rows * cols {
            seed = (seed * 31 + 11) % 251;
            b.push(((seed % 200) - 100) as i8 as u8);
        }
    };
    let floats = |b: &mut Vec<u8>, n: usize, v: f32| (0..n).for_each(|_| b.extend(v.to_le_bytes()));
    matrix(&mut b, vocab.len(), rank);
    matrix(&mut b, hidden, rank);
    floats(&mut b, hidden, 0.0);
    matrix(&mut b, positions, hidden);
    floats(&mut b, hidden, 1.0);
    floats(&mut b, hidden, 0.0);
    for (rows, cols) in [(hidden, hidden); 4] {
        matrix(&mut b, rows, cols);
        floats(&mut b, rows, 0.1);
    }
    floats(&mut b, hidden, 1.0);
    floats(&mut b, hidden, 0.0);
    matrix(&mut b, ffn, hidden);
    floats(&mut b, ffn, 0.0);
    matrix(&mut b, hidden, ffn);
    floats(&mut b, hidden, 0.0);
    floats(&mut b, hidden, 1.0);
    floats(&mut b, hidden, 0.0);
    b
}

fn tiny() -> SentenceEncoder {
    SentenceEncoder::from_bytes(&tiny_encoder_bytes(&["return", "item", "##s", "a"], 2)).unwrap()
}

#[test]
fn sentence_vectors_have_unit_length_and_text_without_known_pieces_has_none() {
    let encoder = tiny();
    let v = encoder.embed("Return items").unwrap();
    let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-5, "{norm}");
    assert_eq!(encoder.pieces("Return items"), ["return", "item", "##s"]);
    assert!(encoder.embed("zzz qqq").is_none());
    assert!(encoder.embed("").is_none());
}

#[test]
fn word_order_changes_the_vector_unlike_a_sum_of_rows() {
    let encoder = tiny();
    let (a, b) = (
        encoder.embed("return item").unwrap(),
        encoder.embed("item return").unwrap(),
    );
    assert!(a.iter().zip(&b).any(|(x, y)| (x - y).abs() > 1e-4));
}

#[test]
fn a_long_message_is_read_up_to_sixty_two_pieces() {
    let encoder = tiny();
    let long = "a ".repeat(500);
    assert_eq!(encoder.pieces(&long).len(), 62);
    assert!(encoder.embed(&long).is_some());
}

#[test]
fn heads_that_do_not_divide_the_width_are_refused() {
    let err = SentenceEncoder::from_bytes(&tiny_encoder_bytes(&["a"], 3)).unwrap_err();
    assert!(err.to_string().contains("heads"), "{err}");
}

#[test]
fn every_prefix_of_a_valid_file_is_refused_without_a_panic() {
    let bytes = tiny_encoder_bytes(&["return", "item"], 2);
    for len in (0..bytes.len()).step_by(7) {
        assert!(SentenceEncoder::from_bytes(&bytes[..len]).is_err(), "{len}");
    }
}

#[test]
fn erf_matches_reference_values_to_seven_digits() {
    for (x, expected) in [
        (0.0f32, 0.0f32),
        (0.5, 0.520_499_9),
        (1.0, 0.842_700_8),
        (-1.0, -0.842_700_8),
        (2.0, 0.995_322_3),
        (4.0, 0.999_999_98),
    ] {
        assert!((erf(x) - expected).abs() < 3e-7, "erf({x}) = {}", erf(x));
    }
}
