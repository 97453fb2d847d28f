//! The contextual encoder's cost per text (`models/faq-encoder.tenc`, three transformer
//! layers over int8 weights): `cargo bench -p tandem-core --bench encoder`. Results in
//! docs/quality-faq.md ("A contextual encoder").

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tandem_core::embed::SentenceEncoder;

const ENCODER: &[u8] = include_bytes!("../../../models/faq-encoder.tenc");

/// A short question, a typical one and a long message (4, 15 and 40 pieces), one per line;
/// the ML worker's Chromium test times the same three (crates/ml-worker/src/tests.rs).
const TEXTS: &str = include_str!("encoder_texts.txt");

fn bench(c: &mut Criterion) {
    let Ok(encoder) = SentenceEncoder::from_bytes(ENCODER) else {
        return;
    };
    for (name, text) in ["short", "typical", "long"].into_iter().zip(TEXTS.lines()) {
        c.bench_function(
            &format!(
                "encoder/embed ({name}, {} pieces)",
                encoder.pieces(text).len()
            ),
            |b| {
                b.iter(|| black_box(encoder.embed(black_box(text))));
            },
        );
    }
    c.bench_function("encoder/load (parse the 7 MB file)", |b| {
        b.iter(|| black_box(SentenceEncoder::from_bytes(black_box(ENCODER)).is_ok()));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
