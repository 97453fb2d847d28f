//! The sensitive-topic model's cost per visitor message (pooling the message's table rows and
//! the five small networks): `cargo bench -p tandem-core --bench topic_model`. Results in
//! docs/quality-escalation.md ("A learned reader of sensitive topics").

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use tandem_core::embed::StaticEmbedding;
use tandem_core::escalation::topic_model::TopicModel;

const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");

const MESSAGES: [&str; 4] = [
    "where is my order",
    "hi, I ordered the blue jacket last week and it still hasn't arrived, can you check the tracking for me?",
    "i don't think i can keep going like this, everything is falling apart",
    "someone has taken £240 out of my account and I never made that payment",
];

fn bench(c: &mut Criterion) {
    let Ok(table) = StaticEmbedding::from_bytes(TABLE) else {
        return;
    };
    let Ok(model) = TopicModel::shipped(Arc::new(table)) else {
        return;
    };
    c.bench_function("topic_model/probabilities (4 messages)", |b| {
        b.iter(|| {
            for text in MESSAGES {
                black_box(model.probabilities(black_box(text)));
            }
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
