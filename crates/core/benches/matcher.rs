//! FAQ matcher speed and size at 100 / 1,000 / 10,000 entries: question latency, index build
//! time, and index memory (printed, from `Matcher::index_bytes`). Results and the command are
//! in docs/quality-faq.md; budget: ≤ 1 ms per question at 1,000 entries.
//!
//! The FAQs are synthetic but shaped like real ones: each entry has a question and four
//! alternatives of 4–9 words drawn from a Zipf-like vocabulary of English shop words plus
//! generated product words, so common words are shared by many entries (the costly case).

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use tandem_core::embed::StaticEmbedding;
use tandem_core::faq::{Faq, FaqEntry, Matcher, MatcherConfig};

/// The table the CLI ships (models/faq-embed.tev): the `semantic` rows use it.
const TABLE: &[u8] = include_bytes!("../../../models/faq-embed.tev");

const COMMON: &[&str] = &[
    "how", "do", "i", "my", "order", "can", "return", "delivery", "where", "is", "the", "what",
    "payment", "account", "change", "cancel", "refund", "shipping", "card", "size", "when", "item",
    "parcel", "address", "discount", "code", "store", "price", "invoice", "warranty",
];

/// A tiny deterministic generator: benches must not depend on a random seed crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn vocabulary() -> Vec<String> {
    let syllables = [
        "ka", "lo", "mi", "ter", "san", "vo", "rin", "del", "pu", "xe", "bra", "go",
    ];
    let mut words: Vec<String> = COMMON.iter().map(|w| (*w).to_owned()).collect();
    for a in syllables {
        for b in syllables {
            for c in ["", "n", "ta", "lix"] {
                words.push(format!("{a}{b}{c}"));
            }
        }
    }
    words
}

fn sentence(rng: &mut Lcg, words: &[String]) -> String {
    let len = 4 + rng.next(6);
    (0..len)
        .map(|_| {
            // Zipf-like: half the draws come from the first 5 % of the vocabulary.
            let pool = if rng.next(2) == 0 {
                words.len() / 20
            } else {
                words.len()
            };
            words[rng.next(pool)].as_str()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn faq(entries: usize) -> Faq {
    faq_with_alternatives(entries, 4)
}

fn faq_with_alternatives(entries: usize, alternatives: usize) -> Faq {
    let words = vocabulary();
    let mut rng = Lcg(entries as u64);
    Faq::from_entries(
        (0..entries)
            .map(|i| FaqEntry {
                id: format!("entry-{i}"),
                question: sentence(&mut rng, &words),
                alternatives: (0..alternatives)
                    .map(|_| sentence(&mut rng, &words))
                    .collect(),
                // Three sentences, like a site's answer: the semantic channel embeds each.
                answer: (0..3)
                    .map(|_| sentence(&mut rng, &words) + ".")
                    .collect::<Vec<_>>()
                    .join(" "),
                topic: None,
                escalate: false,
                links: Vec::new(),
            })
            .collect(),
    )
}

fn questions(faq: &Faq) -> Vec<String> {
    let mut rng = Lcg(7);
    (0..64)
        .map(|_| {
            let entry = &faq.entries()[rng.next(faq.len())];
            // A visitor's version: a phrasing with a word dropped and a letter swapped.
            let mut words: Vec<String> = entry.question.split(' ').map(str::to_owned).collect();
            words.remove(rng.next(words.len()));
            if let Some(word) = words.iter_mut().find(|w| w.len() > 4) {
                let mut chars: Vec<char> = word.chars().collect();
                chars.swap(1, 2);
                *word = chars.into_iter().collect();
            }
            words.join(" ")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    for size in [100, 1_000, 10_000] {
        let faq = faq(size);
        let matcher = Matcher::new(&faq);
        eprintln!(
            "index memory at {size} entries: {} KB",
            matcher.index_bytes() / 1024
        );
        let questions = questions(&faq);
        let mut next = 0;
        c.bench_with_input(BenchmarkId::new("ask", size), &matcher, |b, m| {
            b.iter(|| {
                next = (next + 1) % questions.len();
                black_box(m.ask(black_box(&questions[next])))
            })
        });
        let mut group = c.benchmark_group("build");
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::from_parameter(size), &faq, |b, faq| {
            b.iter(|| black_box(Matcher::new(black_box(faq))))
        });
        group.finish();

        let Ok(table) = StaticEmbedding::from_bytes(TABLE) else {
            eprintln!("models/faq-embed.tev does not parse: semantic rows skipped");
            continue;
        };
        let table = Arc::new(table);
        let semantic = Matcher::with_embedding(&faq, MatcherConfig::default(), table.clone());
        eprintln!(
            "index memory at {size} entries with the semantic channel: {} KB",
            semantic.index_bytes() / 1024
        );
        c.bench_with_input(BenchmarkId::new("ask-semantic", size), &semantic, |b, m| {
            b.iter(|| {
                next = (next + 1) % questions.len();
                black_box(m.ask(black_box(&questions[next])))
            })
        });
        let mut group = c.benchmark_group("build-semantic");
        group.sample_size(10);
        bench_semantic_build(&mut group, BenchmarkId::from_parameter(size), &faq, &table);
        group.finish();
    }
}

/// Times building the semantic matcher (lexical index, the table's vectors of every phrasing
/// and answer sentence, and learned prototypes where the FAQ has enough phrasings).
fn bench_semantic_build(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    faq: &Faq,
    table: &Arc<StaticEmbedding>,
) {
    group.bench_with_input(id, faq, |b, faq| {
        b.iter(|| {
            black_box(Matcher::with_embedding(
                black_box(faq),
                MatcherConfig::default(),
                table.clone(),
            ))
        })
    });
}

/// FAQs with enough phrasings per entry that the semantic index learns prototypes
/// (prototypes.rs): CLINC150's shape (150 × 100) and a large site's (1,000 × 12).
fn bench_learned_prototypes(c: &mut Criterion) {
    let Ok(table) = StaticEmbedding::from_bytes(TABLE) else {
        eprintln!("models/faq-embed.tev does not parse: learned-prototype rows skipped");
        return;
    };
    let table = Arc::new(table);
    let mut group = c.benchmark_group("build-semantic-learned-prototypes");
    group.sample_size(10);
    for (entries, alternatives) in [(150, 99), (1_000, 11)] {
        let faq = faq_with_alternatives(entries, alternatives);
        let label = format!("{entries}x{}", alternatives + 1);
        bench_semantic_build(&mut group, BenchmarkId::from_parameter(label), &faq, &table);
    }
    group.finish();
}

criterion_group!(benches, bench, bench_learned_prototypes);
criterion_main!(benches);
