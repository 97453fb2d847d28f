//! The contextual encoder's cost per text (`models/faq-encoder.tenc`, three transformer
//! layers over int8 weights): `cargo bench -p tandem-core --bench encoder`. Results in
//! docs/quality-faq.md ("A contextual encoder").

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tandem_core::embed::SentenceEncoder;

const ENCODER: &[u8] = include_bytes!("../../../models/faq-encoder.tenc");

/// A short question, a typical one and a long message (4, 14 and 40 pieces or so).
const TEXTS: [(&str, &str); 3] = [
    ("short", "where is my order"),
    (
        "typical",
        "hi, can I change the delivery address on an order I placed yesterday?",
    ),
    (
        "long",
        "I ordered the blue jacket last week and it still hasn't arrived, the tracking page has said out for delivery since Tuesday and nobody answers the phone, can you check what is going on please?",
    ),
];

fn bench(c: &mut Criterion) {
    let Ok(encoder) = SentenceEncoder::from_bytes(ENCODER) else {
        return;
    };
    for (name, text) in TEXTS {
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
