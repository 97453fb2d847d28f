use std::sync::Arc;
use tandem_core::embed::StaticEmbedding;
use tandem_core::sentiment::{
    BlendedSentiment, LexiconSentiment, SentimentModel, onnx::OnnxSentiment,
};
fn main() {
    let table = Arc::new(
        StaticEmbedding::from_bytes(&std::fs::read("models/faq-embed.tev").unwrap()).unwrap(),
    );
    let m = OnnxSentiment::from_path(std::path::Path::new("models/sentiment.onnx"))
        .unwrap()
        .with_embedding(table)
        .unwrap();
    let lex = LexiconSentiment::default();
    let b = BlendedSentiment::with_default_weight(Some(m), LexiconSentiment::default());
    for t in std::env::args().skip(1) {
        let s = b.score(&t);
        let l = lex.score(&t);
        let o = b.model().unwrap().score(&t);
        println!(
            "{:?} {:?}",
            b.model().unwrap().try_score(&t).map(|x| x.negative),
            l
        );
        println!(
            "{t:60} blend neg {:.2} fr {:.2} | lex neg {:.2} fr {:.2} | onnx neg {:.2} fr {:.2}",
            s.negative, s.frustration, l.negative, l.frustration, o.negative, o.frustration
        );
    }
}
#[allow(dead_code)]
fn _x() {}
