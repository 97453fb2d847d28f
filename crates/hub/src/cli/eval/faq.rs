//! `tandem eval faq`: runs the matcher on a JSONL cases file and reports accuracy, out-of-scope
//! detection and latency. The LAST stdout line is one JSON object (external checks parse it).
//!
//! Tuning options (`--weights`, `--calibration`, `--min-confidence`, `--fit-calibration`,
//! `--dump-features`, `--fit-from`) exist to pick the matcher's defaults on CLINC150 val +
//! oos_val (and small FAQs carved out of it); never use them on an evaluation set.

use crate::cli::faq::load;
use anyhow::{Context, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use tandem_core::embed::{SentenceEncoder, SentenceVectors, StaticEmbedding};
use tandem_core::faq::{Calibration, Faq, Matcher, MatcherConfig};

mod calibrate;

#[derive(Debug, clap::Args)]
pub struct EvalFaqArgs {
    /// The FAQ JSON file.
    #[arg(long)]
    faq: PathBuf,
    /// JSONL, one `{"text": "...", "expect": "<entry id>" | null}` per line (null = out of
    /// scope); an optional `"group"` string adds a per-group breakdown.
    #[arg(long)]
    cases: PathBuf,
    /// Score with the plain BM25 baseline.
    #[arg(long)]
    bm25_only: bool,
    /// Tuning: weights of BM25, best-phrasing n-grams and centroid n-grams, e.g. `0.4,0.3,0.3`.
    #[arg(long, value_delimiter = ',')]
    weights: Option<Vec<f32>>,
    /// Tuning: confidence calibration `scale,margin,bias,d_scale,d_margin,d_bias` (the d_ terms
    /// per unit of ln(entry count)) instead of the default.
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    calibration: Option<Vec<f32>>,
    /// Tuning: write these cases' calibration features (TSV) to this file, for `--fit-from`.
    #[arg(long)]
    dump_features: Option<PathBuf>,
    /// Tuning: with `--fit-calibration`, also fit on these `--dump-features` files (FAQs of
    /// other sizes), comma-separated.
    #[arg(long, value_delimiter = ',')]
    fit_from: Vec<PathBuf>,
    /// Tuning: answer confidently only at or above this confidence.
    #[arg(long)]
    min_confidence: Option<f32>,
    /// Tuning: show the best entry tentatively (hedged) at or above this confidence.
    #[arg(long, conflicts_with = "confident_only")]
    tentative_min_confidence: Option<f32>,
    /// Count confident answers only, as if tentative ones were declined (the matcher before
    /// tentative answers; what the escalation policy counts as answered).
    #[arg(long)]
    confident_only: bool,
    /// Tuning: fit the confidence calibration on these cases and print it with a threshold sweep.
    #[arg(long)]
    fit_calibration: bool,
    /// Score meaning with this static embedding table (`.tev`) instead of the built-in
    /// models/faq-embed.tev.
    #[arg(long, conflicts_with = "lexical")]
    embed: Option<PathBuf>,
    /// Score meaning with this contextual sentence encoder (`.tenc`, e.g.
    /// models/faq-encoder.tenc) instead of the static table, with its own calibration.
    #[arg(long, conflicts_with_all = ["lexical", "embed"])]
    encoder: Option<PathBuf>,
    /// Lexical scores only (no embedding table): what the widget's chat shell answers with
    /// (the table is not loaded into the widget yet).
    #[arg(long)]
    lexical: bool,
    /// Tuning: weights of the semantic channel (best-phrasing cosine, centroid cosine).
    #[arg(long, value_delimiter = ',')]
    semantic_weights: Option<Vec<f32>>,
    /// Tuning: weight of the semantic answer channel (`MatcherConfig::semantic_answer_weight`).
    #[arg(long)]
    answer_weight: Option<f32>,
    /// Print up to this many wrong answers.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
}

#[derive(Debug, Deserialize)]
struct Case {
    text: String,
    expect: Option<String>,
    #[serde(default)]
    group: Option<String>,
}

#[derive(Debug, Default)]
struct Tally {
    in_scope: usize,
    correct: usize,
    top1: usize,
    oos: usize,
    oos_declined: usize,
    declined: usize,
    /// Tentative answers: right entry (in scope) and any entry for an out-of-scope question.
    tentative_right: usize,
    tentative_oos: usize,
}

pub fn run(args: EvalFaqArgs) -> anyhow::Result<ExitCode> {
    let Some(faq) = load(&args.faq)? else {
        return Ok(ExitCode::from(1));
    };
    let cases = read_cases(&args, &faq)?;
    let (table, base) =
        pick_embedder(args.embed.as_deref(), args.encoder.as_deref(), args.lexical)?;
    let mut config = MatcherConfig {
        bm25_only: args.bm25_only,
        ..base
    };
    if let Some(w) = &args.weights {
        let [a, b, c] = w[..] else {
            bail!("--weights takes three numbers, e.g. 0.4,0.3,0.3")
        };
        config.weights = [a, b, c];
    }
    if let Some(c) = &args.calibration {
        let [scale, margin, bias, d_scale, d_margin, d_bias] = c[..] else {
            bail!("--calibration takes six numbers: scale,margin,bias,d_scale,d_margin,d_bias")
        };
        let calibration = Calibration {
            scale,
            margin,
            bias,
            per_log_entries: [d_scale, d_margin, d_bias],
        };
        if args.bm25_only {
            config.bm25_calibration = calibration;
        } else if !args.lexical {
            config.semantic_calibration = calibration;
        } else {
            config.calibration = calibration;
        }
    }
    if let Some(min) = args.min_confidence {
        config.min_confidence = min;
        config.semantic_min_confidence = min;
    }
    if let Some(min) = args.tentative_min_confidence {
        config.tentative_min_confidence = min;
        config.semantic_tentative_min_confidence = min;
    }
    if let Some(w) = &args.semantic_weights {
        let [a, b] = w[..] else {
            bail!("--semantic-weights takes two numbers, e.g. 0.2,0.3")
        };
        config.semantic_weights = [a, b];
    }
    if let Some(w) = args.answer_weight {
        config.semantic_answer_weight = w;
    }
    let started = Instant::now();
    let matcher = with_table_opinion(
        build_matcher(&faq, config, table),
        &faq,
        args.encoder.is_some(),
    )?;
    println!(
        "indexed {} entries in {:.1} ms ({} KB index{})",
        faq.len(),
        started.elapsed().as_secs_f64() * 1e3,
        matcher.index_bytes() / 1024,
        if matcher.learned_prototypes() {
            ", learned prototypes"
        } else {
            ""
        }
    );
    if args.fit_calibration || args.dump_features.is_some() {
        let mut rows = calibrate::features(
            &faq,
            &matcher,
            cases.iter().map(|c| (c.text.as_str(), c.expect.as_deref())),
        );
        if let Some(path) = &args.dump_features {
            calibrate::dump(path, &rows)?;
        }
        if args.fit_calibration {
            rows.extend(calibrate::load(&args.fit_from)?);
            calibrate::fit(&rows);
        }
    }
    let mut total = Tally::default();
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut micros = Vec::with_capacity(cases.len());
    let mut shown = 0;
    for case in &cases {
        let started = Instant::now();
        let result = matcher.ask(&case.text);
        micros.push(started.elapsed().as_secs_f64() * 1e6);
        let picked = if args.confident_only {
            result.answer.as_ref()
        } else {
            result.shown()
        };
        let answered = picked.map(|a| a.id.as_str());
        let tentative = !args.confident_only && result.tentative.is_some();
        let top = result.suggestions.first().map(|s| s.id.as_str());
        let group = groups
            .entry(case.group.clone().unwrap_or_default())
            .or_default();
        for tally in [&mut total, group] {
            tally.declined += usize::from(answered.is_none());
            match &case.expect {
                Some(id) => {
                    tally.in_scope += 1;
                    tally.correct += usize::from(answered == Some(id.as_str()));
                    tally.tentative_right +=
                        usize::from(tentative && answered == Some(id.as_str()));
                    tally.top1 += usize::from(top == Some(id.as_str()));
                }
                None => {
                    tally.oos += 1;
                    tally.oos_declined += usize::from(answered.is_none());
                    tally.tentative_oos += usize::from(tentative);
                }
            }
        }
        if shown < args.show_errors && answered.is_some() && answered != case.expect.as_deref() {
            shown += 1;
            println!(
                "wrong: {:?} → {:?} (expected {:?})",
                case.text, answered, case.expect
            );
        }
    }
    for (name, tally) in groups.iter().filter(|(name, _)| !name.is_empty()) {
        println!("group {name}: {}", summary(tally));
    }
    println!("all: {}", summary(&total));
    micros.sort_by(f64::total_cmp);
    let report = serde_json::json!({
        "cases": cases.len(),
        "in_scope_accuracy": ratio(total.correct, total.in_scope),
        "oos_recall": ratio(total.oos_declined, total.oos),
        "oos_precision": ratio(total.oos_declined, total.declined),
        "micros_p50": percentile(&micros, 0.50),
        "micros_p99": percentile(&micros, 0.99),
    });
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// The embedding table the widget's worker ships, built into the binary so `tandem` answers
/// with it wherever it runs.
const SHIPPED_TABLE: &[u8] = include_bytes!("../../../../../models/faq-embed.tev");

/// The one place that picks the CLI's embedding table: `--embed PATH`, none with
/// `--lexical`, else the built-in one (a broken built-in table is a build defect, reported).
pub fn pick_table(
    path: Option<&std::path::Path>,
    lexical: bool,
) -> anyhow::Result<Option<Arc<StaticEmbedding>>> {
    if lexical {
        return Ok(None);
    }
    let table = match path {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            StaticEmbedding::from_bytes(&bytes).with_context(|| path.display().to_string())?
        }
        None => StaticEmbedding::from_bytes(SHIPPED_TABLE)
            .context("the built-in models/faq-embed.tev")?,
    };
    Ok(Some(Arc::new(table)))
}

/// The matcher's sentence embedder and the settings tuned for it: the contextual encoder at
/// `encoder` (`.tenc`) with [`MatcherConfig::for_encoder`], else the table of [`pick_table`]
/// with the defaults (none with `lexical`).
pub fn pick_embedder(
    table: Option<&std::path::Path>,
    encoder: Option<&std::path::Path>,
    lexical: bool,
) -> anyhow::Result<(Option<Arc<dyn SentenceVectors>>, MatcherConfig)> {
    let Some(path) = encoder else {
        let table = pick_table(table, lexical)?.map(as_vectors);
        return Ok((table, MatcherConfig::default()));
    };
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let encoder =
        SentenceEncoder::from_bytes(&bytes).with_context(|| path.display().to_string())?;
    Ok((Some(Arc::new(encoder)), MatcherConfig::for_encoder()))
}

/// With the encoder (`encoder_used`), the table's matcher (built-in table, default settings)
/// as its second opinion, as the widget's worker runs it ([`Matcher::with_second_opinion`]).
pub fn with_table_opinion(
    matcher: Matcher,
    faq: &Faq,
    encoder_used: bool,
) -> anyhow::Result<Matcher> {
    if !encoder_used || matcher.config().bm25_only {
        return Ok(matcher);
    }
    let table = pick_table(None, false)?.map(as_vectors);
    let table_matcher = build_matcher(faq, MatcherConfig::default(), table);
    Ok(matcher.with_second_opinion(table_matcher))
}

/// The table as the matcher's sentence embedder.
pub fn as_vectors(table: Arc<StaticEmbedding>) -> Arc<dyn SentenceVectors> {
    table
}

/// The matcher for these settings: lexical + semantic when there is an embedder.
pub fn build_matcher(
    faq: &Faq,
    config: MatcherConfig,
    table: Option<Arc<dyn SentenceVectors>>,
) -> Matcher {
    match table {
        Some(table) => Matcher::with_embedding(faq, config, table),
        None => Matcher::with_config(faq, config),
    }
}

fn summary(t: &Tally) -> String {
    format!(
        "{} in scope: {:.4} answered correctly ({:.4} confidently), {:.4} top-1; \
         {} out of scope: {:.4} declined ({:.4} given no tentative answer)",
        t.in_scope,
        ratio(t.correct, t.in_scope),
        ratio(t.correct - t.tentative_right, t.in_scope),
        ratio(t.top1, t.in_scope),
        t.oos,
        ratio(t.oos_declined, t.oos),
        ratio(t.oos_declined + t.tentative_oos, t.oos),
    )
}

/// Reads the cases and checks every expected id exists before running, so a typo in a cases
/// file is reported instead of being counted as a matcher mistake.
fn read_cases(args: &EvalFaqArgs, faq: &Faq) -> anyhow::Result<Vec<Case>> {
    let path = &args.cases;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut cases = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: Case = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a case", path.display(), n + 1))?;
        if let Some(id) = case.expect.as_deref().filter(|id| faq.get(id).is_none()) {
            bail!(
                "{}:{}: expected id `{id}` is not in the FAQ",
                path.display(),
                n + 1
            );
        }
        cases.push(case);
    }
    if cases.is_empty() {
        bail!("{}: no cases", path.display());
    }
    Ok(cases)
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    (sorted[at] * 10.0).round() / 10.0
}
