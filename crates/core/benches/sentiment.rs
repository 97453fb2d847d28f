//! Native latency of the sentiment model per message: tokeniser alone, the static sentence
//! vector alone, the FAQ encoder's vector alone, tract alone, all of them (`score`), and all
//! but the encoder (`score_before_encoder`: the worker before the encoder has loaded).
//! In the worker the encoder's vector of a turn is shared with the FAQ matcher, which
//! computes it anyway (`RecentVectors`), so `score` minus `encoded` is what sentiment adds there.
//!
//!     cargo bench -p tandem-core --features onnx --bench sentiment
//!
//! Criterion's median (target/criterion/<group>/<id>/new/estimates.json) is the p50 reported
//! in docs/performance-sentiment.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use std::sync::Arc;
use tandem_core::embed::{SentenceEncoder, StaticEmbedding};
use tandem_core::sentiment::SentimentModel;
use tandem_core::sentiment::onnx::OnnxSentiment;
use tandem_core::sentiment::tokenizer;

const MODEL: &[u8] = include_bytes!("../../../models/sentiment.onnx");
const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");
const ENCODER: &[u8] = include_bytes!("../../../models/faq-encoder.tenc");

/// Typical chat messages: an acknowledgement, a question, a complaint, a long rant.
const MESSAGES: [(&str, &str); 4] = [
    ("short", "ok thanks"),
    (
        "question",
        "How do I change the delivery address on my order?",
    ),
    (
        "complaint",
        "My parcel is three weeks late and nobody answers my emails. Where is my refund?!",
    ),
    (
        "long",
        "I ordered a sofa in March, paid for express delivery, and it still hasn't arrived. I've called \
         your hotline four times, waited over an hour each time, and every agent tells me something \
         different. The tracking page hasn't updated in ten days. I want a refund or a delivery date \
         today, otherwise I'm disputing the charge with my bank. This is honestly the worst experience \
         I've had with any shop. 😡",
    ),
];

fn bench(c: &mut Criterion) {
    let table = Arc::new(StaticEmbedding::from_bytes(TABLE).unwrap());
    let encoder = Arc::new(SentenceEncoder::from_bytes(ENCODER).unwrap());
    let before_encoder = OnnxSentiment::from_bytes(MODEL)
        .unwrap()
        .with_embedding(table.clone())
        .unwrap();
    let model = OnnxSentiment::from_bytes(MODEL)
        .unwrap()
        .with_embedding(table)
        .unwrap()
        .with_encoder(encoder)
        .unwrap();
    let mut group = c.benchmark_group("sentiment");
    for (name, text) in MESSAGES {
        group.bench_function(format!("tokenise/{name}"), |b| {
            b.iter(|| tokenizer::model_input(black_box(text)))
        });
        group.bench_function(format!("vector/{name}"), |b| {
            b.iter(|| model.vector(black_box(text)))
        });
        group.bench_function(format!("encoded/{name}"), |b| {
            b.iter(|| model.encoded(black_box(text)))
        });
        let packed = tokenizer::model_input(text);
        let vector = model.vector(text);
        let encoded = model.encoded(text);
        group.bench_function(format!("tract_only/{name}"), |b| {
            b.iter(|| {
                model
                    .score_input(black_box(&packed), black_box(&vector), black_box(&encoded))
                    .unwrap()
            })
        });
        group.bench_function(format!("score/{name}"), |b| {
            b.iter(|| model.score(black_box(text)))
        });
        group.bench_function(format!("score_before_encoder/{name}"), |b| {
            b.iter(|| before_encoder.score(black_box(text)))
        });
    }
    group.finish();
    c.bench_function("sentiment/load_and_optimise", |b| {
        b.iter(|| OnnxSentiment::from_bytes(black_box(MODEL)).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
