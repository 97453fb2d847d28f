//! [`Assistant`]: the escalation policy with the blended sentiment model, one per
//! conversation, judging each visitor turn the chat shell reports.
//!
//! The policy lives here, not in the chat shell, because its lexicon, phrase lists and rules
//! weigh ~30 KB brotli and the shell's budget is 150 KB; here it also gets the ONNX model's
//! scores (the blend `tandem eval escalation` measures) instead of the lexicon's alone.

use serde_json::json;
use std::sync::Arc;
use tandem_core::embed::{RecentVectors, SentenceEncoder, SentenceVectors, StaticEmbedding};
use tandem_core::escalation::topic_model::TopicModel;
use tandem_core::escalation::{
    Decision, EscalationPolicy, PolicyConfig, judge_answered, observe_message,
};
use tandem_core::faq::{Faq, MatchResult, Matcher, MatcherConfig, Scored, semantic_index_texts};
use tandem_core::sentiment::SentimentScores;
use tandem_core::sentiment::onnx::OnnxSentiment;
use tandem_core::sentiment::{BlendedSentiment, LexiconSentiment, SentimentModel};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Assistant {
    policy: EscalationPolicy,
    sentiment: BlendedSentiment<OnnxSentiment, LexiconSentiment>,
    warnings: Option<String>,
    /// The site's FAQ with the lexical + semantic matcher, once `load_faq` succeeded.
    faq: Option<(Faq, Matcher)>,
    /// The contextual encoder's index of the FAQ while it is being built, a few texts per
    /// [`Assistant::encoder_step`]; the table's matcher answers until it is complete.
    upgrade: Option<EncoderUpgrade>,
    /// Whether `faq`'s matcher reads with the contextual encoder.
    in_context: bool,
    topic_model_attached: bool,
    /// Why the sentiment model could not read the encoder, until the worker reports it.
    encoder_warning: Option<String>,
}

/// The FAQ's texts and the vectors the encoder has given so far.
struct EncoderUpgrade {
    encoder: Arc<SentenceEncoder>,
    /// The encoder behind a memory of the last few texts, shared by the FAQ matcher and the
    /// sentiment model so that a visitor turn goes through the encoder once.
    shared: Arc<dyn SentenceVectors>,
    texts: Vec<String>,
    vectors: Vec<Option<Vec<f32>>>,
}

#[wasm_bindgen]
impl Assistant {
    /// `model_bytes`: the sentiment model, or nothing when it could not be fetched.
    /// `policy_json`: the site owner's policy settings (`{}` or nothing for the defaults).
    /// Never throws: a broken model or policy is reported by [`Assistant::warnings`] and the
    /// assistant runs on the lexicon and the default policy instead.
    #[wasm_bindgen(constructor)]
    pub fn new(model_bytes: Option<Vec<u8>>, policy_json: Option<String>) -> Assistant {
        let mut warnings = Vec::new();
        let model = model_bytes.and_then(|bytes| match OnnxSentiment::from_bytes(&bytes) {
            Ok(model) => Some(model),
            Err(e) => {
                warnings.push(format!("the sentiment model could not be loaded ({e})"));
                None
            }
        });
        let config = match policy_json
            .as_deref()
            .map(serde_json::from_str::<PolicyConfig>)
        {
            None => PolicyConfig::default(),
            Some(Ok(config)) => config,
            Some(Err(e)) => {
                warnings.push(format!(
                    "the escalation settings were ignored ({e}); using the defaults"
                ));
                PolicyConfig::default()
            }
        };
        Assistant {
            policy: EscalationPolicy::new(config),
            sentiment: BlendedSentiment::with_default_weight(model, LexiconSentiment),
            warnings: (!warnings.is_empty()).then(|| warnings.join("; ")),
            faq: None,
            upgrade: None,
            in_context: false,
            topic_model_attached: false,
            encoder_warning: None,
        }
    }

    /// Gives the sentiment model the static embedding table (`models/faq-embed.tev`): the
    /// model reads each message's sentence vector beside its n-grams. Returns what went wrong
    /// (the model then scores without the vector: less accurate, never broken), or nothing.
    pub fn load_table(&mut self, table: &[u8]) -> Option<String> {
        match StaticEmbedding::from_bytes(table) {
            Ok(table) => {
                let table = Arc::new(table);
                let topic_problem = self.attach_topic_model(table.clone());
                let sentiment_problem = self.attach_table(table);
                join_problems(sentiment_problem, topic_problem)
            }
            Err(e) => Some(format!(
                "the embedding table could not be loaded ({e}); the sentiment model runs without it"
            )),
        }
    }

    /// Whether the sentiment model still waits for the embedding table it reads.
    pub fn sentiment_needs_table(&self) -> bool {
        self.sentiment
            .model()
            .is_some_and(OnnxSentiment::missing_embedding)
    }

    /// Indexes the site's FAQ with the static embedding table (`models/faq-embed.tev`), so
    /// [`Assistant::ask`] answers paraphrases the chat shell's lexical matcher misses. An
    /// error (bad FAQ, bad table) is returned as text and leaves the assistant without an FAQ:
    /// the shell then keeps answering on its own.
    pub fn load_faq(&mut self, source_name: &str, faq_json: &str, table: &[u8]) -> Option<String> {
        let faq = match Faq::parse(source_name, faq_json) {
            Ok(loaded) => loaded.faq,
            Err(diagnostics) => {
                let first = diagnostics.first().map(ToString::to_string);
                return Some(format!(
                    "the FAQ could not be read ({})",
                    first.unwrap_or_default()
                ));
            }
        };
        // The site's FAQ settles the policy's FAQ-dependent defaults even if the table fails.
        self.policy.adapt_to(&faq);
        let table = match StaticEmbedding::from_bytes(table) {
            Ok(table) => Arc::new(table),
            Err(e) => return Some(format!("the FAQ embedding table could not be loaded ({e})")),
        };
        // A model still without its table (the worker's first fetch of it failed) gets it now;
        // a table it refuses was already reported by `load_table` and does not stop the FAQ.
        let _refused_already_reported = self.attach_table(table.clone());
        // Likewise the topic model; a refusal must not be returned here, where any text means
        // "the FAQ failed" and would stop the semantic answers the FAQ does not depend on.
        let _topic_refusal_reported_by_load_table = self.attach_topic_model(table.clone());
        let matcher = Matcher::with_embedding(&faq, MatcherConfig::default(), table);
        self.faq = Some((faq, matcher));
        self.upgrade = None;
        self.in_context = false;
        None
    }

    /// Starts indexing the loaded FAQ with the contextual encoder (`models/faq-encoder.tenc`),
    /// which reads each question in context and ranks the right entry first more often than
    /// the table (docs/quality-faq.md). Indexing takes a few milliseconds per text, so it
    /// happens in [`Assistant::encoder_step`]s between visitor turns. The sentiment model
    /// reads the encoder's vector of each turn from now on (a refusal is kept for
    /// [`Assistant::take_encoder_warning`]). Returns what went wrong (no FAQ yet, a broken
    /// file); the table's matcher then keeps answering.
    pub fn start_encoder(&mut self, encoder: &[u8]) -> Option<String> {
        let Some((faq, _)) = &self.faq else {
            return Some("the FAQ encoder needs the FAQ loaded first".to_owned());
        };
        let encoder = match SentenceEncoder::from_bytes(encoder) {
            Ok(encoder) => Arc::new(encoder),
            Err(e) => return Some(format!("the FAQ encoder could not be loaded ({e})")),
        };
        let shared: Arc<dyn SentenceVectors> = Arc::new(RecentVectors::new(encoder.clone()));
        if let Some(model) = self.sentiment.model_mut()
            && let Err(e) = model.attach_encoder(shared.clone())
        {
            self.encoder_warning = Some(format!(
                "the sentiment model cannot read this FAQ encoder ({e}); it scores without it, less accurately"
            ));
        }
        let texts: Vec<String> = semantic_index_texts(faq)
            .into_iter()
            .map(str::to_owned)
            .collect();
        self.upgrade = Some(EncoderUpgrade {
            encoder,
            shared,
            vectors: Vec::with_capacity(texts.len()),
            texts,
        });
        None
    }

    /// Embeds up to `count` more of the FAQ's texts with the encoder; once all are done the
    /// encoder's matcher takes over. Returns whether there is nothing left to do.
    pub fn encoder_step(&mut self, count: u32) -> bool {
        let Some(upgrade) = &mut self.upgrade else {
            return true;
        };
        let done = upgrade.vectors.len();
        for text in upgrade.texts.iter().skip(done).take(count as usize) {
            upgrade.vectors.push(upgrade.encoder.embed(text));
        }
        if upgrade.vectors.len() < upgrade.texts.len() {
            return false;
        }
        if let (Some(upgrade), Some((faq, table_matcher))) = (self.upgrade.take(), self.faq.take())
        {
            // The table's matcher stays as the encoder's second opinion (Matcher docs say why).
            let in_context = Matcher::with_vectors(
                &faq,
                MatcherConfig::for_encoder(),
                upgrade.shared,
                upgrade.vectors,
            )
            .with_second_opinion(table_matcher);
            self.faq = Some((faq, in_context));
            self.in_context = true;
        }
        true
    }

    /// Why the sentiment model could not read the FAQ encoder, once (then `undefined`).
    pub fn take_encoder_warning(&mut self) -> Option<String> {
        self.encoder_warning.take()
    }

    /// Whether the sentiment model reads the FAQ encoder's vector and has no encoder yet (it
    /// then scores with zeros there: a little less accurately, never broken).
    pub fn sentiment_needs_encoder(&self) -> bool {
        self.sentiment
            .model()
            .is_some_and(OnnxSentiment::missing_encoder)
    }

    /// Whether the FAQ is answered with the contextual encoder (its index is complete).
    pub fn answers_in_context(&self) -> bool {
        self.in_context
    }

    /// Answers one visitor turn with the semantic matcher and judges it in the same step.
    /// Returns the JSON of [`Assistant::judge`] plus `"answer"` (confident entry id or
    /// null), `"tentative"` (the likely entry shown hedged when there is no confident one, or
    /// null) and `"suggestions"` (entry ids, best first); without a loaded FAQ, `"answer"` is absent
    /// and the turn is judged as unanswered.
    pub fn ask(&mut self, message: u32, text: &str) -> String {
        let Some((faq, matcher)) = &self.faq else {
            return self.judge(message, text, None, false);
        };
        let observed = observe_message(&mut self.policy, faq, matcher, &self.sentiment, text);
        let mut verdict = verdict_json(
            message,
            observed.masked,
            &observed.decision,
            observed.sentiment,
        );
        verdict["answer"] = json!(observed.faq.answer.map(|a| a.id));
        verdict["tentative"] = json!(observed.faq.tentative.map(|a| a.id));
        verdict["suggestions"] = json!(
            observed
                .faq
                .suggestions
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        );
        verdict.to_string()
    }

    /// What went wrong while starting, for the console; `undefined` when nothing did.
    pub fn warnings(&self) -> Option<String> {
        self.warnings.clone()
    }

    /// `"blend(onnx…*0.50+lexicon)"` or `"blend(model missing: lexicon only)"`.
    pub fn sentiment_name(&self) -> String {
        self.sentiment.name().to_owned()
    }

    /// Judges one visitor turn. `answered` is the FAQ entry the shell answered with
    /// confidently (none: "not sure"); `entry_escalates` is that entry's `"escalate"` flag.
    /// Returns JSON: `{"message", "masked", "reason", "why", "agent_note", "sentiment"}`;
    /// `reason`/`why`/`agent_note` are null when the bot should carry on.
    pub fn judge(
        &mut self,
        message: u32,
        text: &str,
        answered: Option<String>,
        entry_escalates: bool,
    ) -> String {
        let faq = match answered {
            Some(id) => {
                let scored = Scored {
                    id,
                    confidence: 1.0,
                };
                MatchResult {
                    answer: Some(scored.clone()),
                    tentative: None,
                    suggestions: vec![scored],
                }
            }
            None => MatchResult::default(),
        };
        let judged = judge_answered(
            &mut self.policy,
            &self.sentiment,
            text,
            &faq,
            entry_escalates,
        );
        verdict_json(message, judged.masked, &judged.decision, judged.sentiment).to_string()
    }

    /// A new conversation ("End chat"): counters and running negativity start again.
    pub fn reset(&mut self) {
        self.policy = self.policy.restarted();
    }
}

fn verdict_json(
    message: u32,
    masked: Option<String>,
    decision: &Decision,
    s: SentimentScores,
) -> serde_json::Value {
    let escalation = decision.escalation();
    json!({
        "message": message,
        "masked": masked,
        "reason": escalation.map(|e| e.reason.as_str()),
        "why": escalation.map(|e| e.visitor_reason.as_str()),
        "agent_note": escalation.map(|e| e.agent_note.as_str()),
        "sentiment": [s.negative, s.neutral, s.positive, s.frustration],
    })
}

/// Both problems of loading the table, for the console.
fn join_problems(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    }
}

impl Assistant {
    /// Lets the policy read sensitive topics the phrase lists miss, through the table, once
    /// (the FAQ brings the same table again). A model that cannot read this table is reported;
    /// the lists alone then judge topics.
    fn attach_topic_model(&mut self, table: Arc<StaticEmbedding>) -> Option<String> {
        if self.topic_model_attached {
            return None;
        }
        match TopicModel::shipped(table) {
            Ok(model) => {
                self.policy.set_topic_model(Some(Arc::new(model)));
                self.topic_model_attached = true;
                None
            }
            Err(e) => Some(format!(
                "the sensitive-topic model could not be loaded ({e}); the phrase lists judge topics alone"
            )),
        }
    }

    /// Gives the table to the sentiment model if it reads one (a model without that input
    /// ignores it); a table of the wrong width is reported and left out.
    fn attach_table(&mut self, table: Arc<StaticEmbedding>) -> Option<String> {
        let model = self.sentiment.model_mut()?;
        if !model.missing_embedding() {
            return None;
        }
        model
            .attach_embedding(table)
            .err()
            .map(|e| format!("the sentiment model cannot use this embedding table ({e})"))
    }
}
