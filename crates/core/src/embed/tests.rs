#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

/// A `.tev` table from (piece, row) pairs, quantised like the Python exporter does.
pub(crate) fn table_bytes(rows: &[(&str, Vec<f32>)]) -> Vec<u8> {
    let dims = rows.first().map_or(1, |r| r.1.len());
    let mut out = b"TEV1".to_vec();
    out.extend((dims as u32).to_le_bytes());
    out.extend((rows.len() as u32).to_le_bytes());
    for (piece, _) in rows {
        out.push(piece.len() as u8);
        out.extend(piece.as_bytes());
    }
    let scales: Vec<f32> = rows
        .iter()
        .map(|(_, v)| v.iter().fold(0f32, |m, x| m.max(x.abs())) / 127.0)
        .collect();
    for s in &scales {
        out.extend(s.to_le_bytes());
    }
    for ((_, v), s) in rows.iter().zip(&scales) {
        for x in v {
            out.push(((x / s).round() as i8).to_le_bytes()[0]);
        }
    }
    out
}

fn small_table() -> StaticEmbedding {
    StaticEmbedding::from_bytes(&table_bytes(&[
        ("return", vec![1.0, 0.0, 0.0]),
        ("send", vec![0.8, 0.2, 0.0]),
        ("back", vec![0.6, 0.0, 0.2]),
        ("parcel", vec![0.0, 1.0, 0.0]),
        ("gift", vec![0.0, 0.0, 1.0]),
        ("##card", vec![0.0, 0.1, 0.9]),
        ("##s", vec![0.0, 0.0, 0.05]),
        ("?", vec![0.01, 0.01, 0.01]),
    ]))
    .unwrap()
}

#[test]
fn words_split_into_the_longest_known_pieces() {
    let table = small_table();
    assert_eq!(table.pieces("Giftcards?"), ["gift", "##card", "##s", "?"]);
    assert_eq!(table.pieces("RETURN it"), ["return"]);
}

#[test]
fn a_word_that_cannot_be_spelled_from_pieces_is_left_out_whole() {
    let table = small_table();
    assert_eq!(table.pieces("giftx parcel"), ["parcel"]);
}

#[test]
fn the_basic_split_folds_accents_and_separates_punctuation_and_ideographs() {
    assert_eq!(
        basic_tokens("Café, don't!  注文 ok"),
        ["cafe", ",", "don", "'", "t", "!", "注", "文", "ok"]
    );
}

#[test]
fn paraphrases_without_a_shared_word_are_closer_than_unrelated_questions() {
    let table = small_table();
    let a = table.embed("return").unwrap();
    let b = table.embed("send back").unwrap();
    let c = table.embed("gift cards").unwrap();
    assert!(super::dot(&a, &b) > 0.9);
    assert!(super::dot(&a, &c) < 0.1);
}

#[test]
fn sentence_vectors_have_unit_length_and_unknown_text_has_none() {
    let table = small_table();
    let v = table.embed("send the parcel back").unwrap();
    let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-5);
    assert!(table.embed("zzz qqq").is_none());
    assert!(table.embed("").is_none());
}

#[test]
fn broken_tables_are_refused_with_a_reason_instead_of_a_panic() {
    let good = table_bytes(&[("a", vec![1.0, 2.0])]);
    assert_eq!(
        StaticEmbedding::from_bytes(b"NOPE").unwrap_err(),
        EmbedError::BadMagic
    );
    for cut in 0..good.len() {
        assert!(StaticEmbedding::from_bytes(&good[..cut]).is_err(), "{cut}");
    }
    let mut long = good.clone();
    long.push(0);
    assert_eq!(
        StaticEmbedding::from_bytes(&long).unwrap_err(),
        EmbedError::TrailingBytes(1)
    );
    let mut huge = good;
    huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(StaticEmbedding::from_bytes(&huge).is_err());
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
        let _ = StaticEmbedding::from_bytes(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics_the_tokeniser(text in "\\PC{0,60}") {
        let table = small_table();
        let _ = table.embed(&text);
        let _ = table.pieces(&text);
    }
}

#[test]
fn the_lane_wise_dot_product_equals_the_plain_sum_for_any_length() {
    for len in [0, 1, 7, 8, 9, 128, 131] {
        let a: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..len).map(|i| (i as f32 * 0.11).cos()).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-4, "{len}");
    }
}

#[test]
fn pooled_rows_hold_the_sentence_vector_and_each_dimensions_extremes() {
    let table = small_table();
    for text in ["return an item", "where is my parcel", "zzz return"] {
        let pooled = table.pooled(text).unwrap();
        assert_eq!(Some(pooled.mean.clone()), table.embed(text), "{text}");
        for d in 0..table.dims() {
            assert!(pooled.min[d] <= pooled.max[d], "{text}, dimension {d}");
        }
    }
    assert_eq!(table.pooled("zzz"), None);
}
