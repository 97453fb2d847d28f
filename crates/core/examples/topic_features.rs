//! Dumps the sensitive-topic model's input features for training (`models/topics/train.py`),
//! so that training reads exactly what the widget computes: one JSON line per input line, the
//! feature array or `null` when the table knows none of the message's pieces.
//!
//! `cargo run --release -p tandem-core --example topic_features -- models/faq-embed.tev < texts.jsonl`
//! where each input line is a JSON object with a `"text"` field.

use std::io::{BufRead, Write};

use tandem_core::embed::StaticEmbedding;
use tandem_core::escalation::topic_model::features;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: topic_features TABLE.tev < texts.jsonl")?;
    let table = StaticEmbedding::from_bytes(&std::fs::read(&path)?)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let text = value["text"].as_str().ok_or("a line without \"text\"")?;
        let row = features(&table, text);
        writeln!(out, "{}", serde_json::to_string(&row)?)?;
    }
    Ok(())
}
