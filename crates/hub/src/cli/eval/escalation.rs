//! `tandem eval escalation --faq FAQ.json --cases CASES.jsonl`: replays each conversation
//! turn by turn through [`observe_message`] (FAQ matcher, sentiment model, policy: the code
//! the widget runs) and reports how many conversations that needed a person got one, how many
//! that did not were handed over anyway, and whether the reason was right. The LAST stdout
//! line is one JSON object (external checks parse it).

use super::faq::{as_vectors, build_matcher, pick_embedder, pick_table, with_table_opinion};
use super::sentiment::{Encoder, load_model, ratio, read_jsonl};
use crate::cli::faq::load;
use anyhow::{Context, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tandem_core::embed::{RecentVectors, SentenceVectors, StaticEmbedding};
use tandem_core::escalation::topic_model::TopicModel;
use tandem_core::escalation::{EscalationPolicy, EscalationReason, PolicyConfig, observe_message};
use tandem_core::faq::MatcherConfig;

#[derive(Debug, clap::Args)]
pub struct EvalEscalationArgs {
    /// The FAQ JSON file the bot answers from.
    #[arg(long)]
    faq: PathBuf,
    /// JSONL, one `{"turns": [...], "escalate": true|false, "reason": "..."|null}` per line;
    /// an optional `"split"` string can be selected with `--split`.
    #[arg(long)]
    cases: PathBuf,
    /// The sentiment model, as for `eval sentiment --model`: `blend` (the default, what the
    /// widget scores with), `blend:W`, `onnx`, `lexicon`, or the path of an ONNX model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// A policy settings JSON file (`PolicyConfig`); defaults otherwise.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Only the cases whose `"split"` equals this (e.g. `tune` or `report`).
    #[arg(long)]
    split: Option<String>,
    /// Print up to this many wrong decisions.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
    /// Answer from the FAQ with this static embedding table (`.tev`) instead of the built-in
    /// models/faq-embed.tev, as the widget's assistant worker does.
    #[arg(long)]
    embed: Option<PathBuf>,
    /// Answer from the FAQ with this contextual sentence encoder (`.tenc`, e.g.
    /// models/faq-encoder.tenc), as the worker does once it has indexed the FAQ with it.
    #[arg(long, conflicts_with_all = ["embed", "lexical"])]
    encoder: Option<PathBuf>,
    /// Lexical FAQ matcher only: what the chat shell answers with before the worker is ready.
    #[arg(long, conflicts_with = "embed")]
    lexical: bool,
    /// A sensitive-topic model file instead of the built-in models/sensitive-topics.bin.
    #[arg(long)]
    topic_model: Option<PathBuf>,
    /// Phrase lists only, without the topic model (what runs before the table has loaded).
    #[arg(long, conflicts_with = "topic_model")]
    no_topic_model: bool,
}

/// The topic model the assistant worker runs beside the lists: it reads through the embedding
/// table, which the worker loads whichever matcher answered (`--lexical` included).
fn load_topic_model(
    args: &EvalEscalationArgs,
    table: Option<Arc<StaticEmbedding>>,
) -> anyhow::Result<Option<Arc<TopicModel>>> {
    if args.no_topic_model {
        return Ok(None);
    }
    let table = match table {
        Some(table) => table,
        None => pick_table(None, false)?.context("the built-in embedding table is missing")?,
    };
    let model = match &args.topic_model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            TopicModel::from_bytes(&bytes, table).with_context(|| path.display().to_string())?
        }
        None => TopicModel::shipped(table).context("the built-in topic model")?,
    };
    Ok(Some(Arc::new(model)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    turns: Vec<String>,
    escalate: bool,
    reason: Option<EscalationReason>,
    #[serde(default)]
    split: Option<String>,
}

#[derive(Debug, Default)]
struct Tally {
    should: usize,
    did: usize,
    right_reason: usize,
}

pub fn run(args: EvalEscalationArgs) -> anyhow::Result<ExitCode> {
    let Some(faq) = load(&args.faq)? else {
        return Ok(ExitCode::from(1));
    };
    let cases = read_cases(&args)?;
    let mut config = match &args.policy {
        None => PolicyConfig::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not valid policy settings", path.display()))?
        }
    };
    config.resolve_for(&faq);
    // The worker runs the policy with the semantic matcher; `--lexical` replays the shell's.
    let table = pick_table(args.embed.as_deref(), args.lexical)?;
    let topic_model = load_topic_model(&args, table.clone())?;
    let (embedder, matcher_config) = match &args.encoder {
        Some(_) => pick_embedder(None, args.encoder.as_deref(), false)?,
        None => (table.clone().map(as_vectors), MatcherConfig::default()),
    };
    // With `--encoder`, the sentiment model reads that encoder too, through one memory of
    // recent texts shared with the matcher, as in the worker (each turn is encoded once).
    let (embedder, sentiment_encoder) = match embedder {
        Some(encoder) if args.encoder.is_some() => {
            let shared: Arc<dyn SentenceVectors> = Arc::new(RecentVectors::new(encoder));
            (Some(shared.clone()), Encoder::Loaded(Some(shared)))
        }
        other => (other, Encoder::Loaded(None)),
    };
    let model = load_model(args.model.as_deref(), sentiment_encoder)?;
    let matcher = with_table_opinion(
        build_matcher(&faq, matcher_config, embedder),
        &faq,
        args.encoder.is_some(),
    )?;
    println!(
        "{} conversations, FAQ {} entries ({}), sentiment {}",
        cases.len(),
        faq.len(),
        if matcher.is_semantic() {
            "semantic matcher"
        } else {
            "lexical matcher"
        },
        model.name()
    );
    let mut by_reason: BTreeMap<&str, Tally> = BTreeMap::new();
    let (mut calm, mut false_escalations, mut shown) = (0usize, 0usize, 0usize);
    for case in &cases {
        let mut policy = EscalationPolicy::new(config.clone());
        policy.set_topic_model(topic_model.clone());
        let first = case.turns.iter().enumerate().find_map(|(i, text)| {
            observe_message(&mut policy, &faq, &matcher, model.as_ref(), text)
                .decision
                .escalation()
                .map(|e| (i + 1, e.clone()))
        });
        let got = first.as_ref().map(|(_, e)| e.reason);
        match case.reason.filter(|_| case.escalate) {
            Some(want) => {
                let tally = by_reason.entry(want.as_str()).or_default();
                tally.should += 1;
                tally.did += usize::from(got.is_some());
                tally.right_reason += usize::from(got == Some(want));
            }
            None => {
                calm += 1;
                false_escalations += usize::from(got.is_some());
            }
        }
        let wrong = got != case.reason.filter(|_| case.escalate);
        if wrong && shown < args.show_errors {
            shown += 1;
            let at = first.as_ref().map_or(String::new(), |(turn, e)| {
                format!(" in turn {turn}: {}", e.agent_note)
            });
            println!(
                "wrong: {:?} expected {:?}, got {:?}{at}",
                case.turns, case.reason, got
            );
        }
    }
    let mut all = Tally::default();
    for (reason, t) in &by_reason {
        println!(
            "{reason}: {} conversations, {} escalated, {} with this reason",
            t.should, t.did, t.right_reason
        );
        all.should += t.should;
        all.did += t.did;
        all.right_reason += t.right_reason;
    }
    println!("no escalation expected: {calm} conversations, {false_escalations} escalated");
    let report = serde_json::json!({
        "cases": cases.len(),
        "escalation_recall": ratio(all.did, all.should),
        "false_escalation_rate": ratio(false_escalations, calm),
        "reason_accuracy": ratio(all.right_reason, all.did),
    });
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Reads and checks the cases: a conversation needs turns, and `reason` must be given exactly
/// when `escalate` is true, so a mislabelled case is reported instead of miscounted.
fn read_cases(args: &EvalEscalationArgs) -> anyhow::Result<Vec<Case>> {
    let all: Vec<Case> = read_jsonl(&args.cases)?;
    let mut out = Vec::new();
    for (n, case) in all.into_iter().enumerate() {
        let at = format!("{} case {}", args.cases.display(), n + 1);
        if case.turns.is_empty() {
            bail!("{at}: `turns` is empty");
        }
        match (case.escalate, case.reason) {
            (true, None) => bail!("{at}: `escalate` is true but `reason` is null"),
            (false, Some(r)) => bail!("{at}: `escalate` is false but `reason` is {r:?}"),
            _ => {}
        }
        if args.split.is_none() || case.split == args.split {
            out.push(case);
        }
    }
    if out.is_empty() {
        bail!("{}: no cases (check --split)", args.cases.display());
    }
    Ok(out)
}
