//! `tandem eval sentiment --cases CASES.jsonl [--model PATH]`: scores every case with the
//! sentiment model the widget would use and reports accuracy, macro F1/recall and how well
//! unhappy visitors are caught. The LAST stdout line is one JSON object (external checks
//! parse it).
//!
//! Macro averages run over the classes present in the gold labels, so a two-class set (SST-2)
//! is not penalised for a neutral class it does not have; `--binary` additionally makes the
//! prediction the more probable of negative and positive, the usual way a three-class model is
//! scored on a two-class set.

use anyhow::{Context, bail};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use tandem_core::embed::{SentenceEncoder, SentenceVectors};
use tandem_core::sentiment::onnx::{OnnxError, OnnxSentiment};
use tandem_core::sentiment::{BlendedSentiment, LexiconSentiment, SentimentLabel, SentimentModel};

#[derive(Debug, clap::Args)]
pub struct EvalSentimentArgs {
    /// JSONL, one `{"text": "...", "label": "negative"|"neutral"|"positive"}` per line; an
    /// optional `"split"` string can be selected with `--split`.
    #[arg(long)]
    cases: PathBuf,
    /// `blend` (the default: the built-in ONNX model blended with the lexicon), `blend:W`
    /// (model share W in 0..=1), `onnx` (the built-in model alone), `lexicon`, or the path of
    /// another ONNX sentiment model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Only the cases whose `"split"` equals this (e.g. `tune` or `report`).
    #[arg(long)]
    split: Option<String>,
    /// Predict only negative or positive (for two-class sets such as SST-2).
    #[arg(long)]
    binary: bool,
    /// Score as the widget does before its FAQ encoder has loaded: a model that reads the
    /// encoder's vector gets zeros there.
    #[arg(long)]
    without_encoder: bool,
    /// Print up to this many misclassified cases.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    label: SentimentLabel,
    #[serde(default)]
    split: Option<String>,
}

const LABELS: [SentimentLabel; 3] = [
    SentimentLabel::Negative,
    SentimentLabel::Neutral,
    SentimentLabel::Positive,
];

/// The model the widget ships, built into the binary so `tandem` scores with it wherever it
/// is installed.
const SHIPPED_MODEL: &[u8] = include_bytes!("../../../../../models/sentiment.onnx");
/// The FAQ encoder the widget's worker loads, whose sentence vector the model also reads.
const SHIPPED_ENCODER: &[u8] = include_bytes!("../../../../../models/faq-encoder.tenc");

/// Whether the model gets the FAQ encoder's vector (the widget once its encoder has loaded)
/// or zeros there (before).
#[derive(Debug, Clone)]
pub(super) enum Encoder {
    /// The built-in encoder, or the one given: the FAQ matcher's, shared with it as the
    /// widget's worker shares it (`tandem eval escalation --encoder`).
    Loaded(Option<Arc<dyn SentenceVectors>>),
    NotYet,
}

/// The one place that picks the sentiment model for the CLI: by default the blend of the
/// shipped ONNX model and the lexicon (what the widget scores with); `--model blend` names it,
/// `--model blend:W` sets the model's share W in 0..=1 (for choosing the weight on TUNE data);
/// `--model onnx` is the shipped model alone, a path another ONNX file, `--model lexicon` (or
/// `none`) the lexicon. A path that cannot be loaded is an error (an evaluation must not
/// silently score a different model); if the built-in model itself fails, the lexicon takes
/// over with a warning on stderr, as the widget would. `tandem eval escalation` uses it too,
/// so both evaluations score exactly what the widget would.
pub(super) fn load_model(
    path: Option<&Path>,
    encoder: Encoder,
) -> anyhow::Result<Box<dyn SentimentModel>> {
    let name = path.and_then(Path::to_str).unwrap_or("blend");
    let shipped_model = || shipped_model(&encoder);
    match name {
        "lexicon" | "none" => Ok(Box::new(LexiconSentiment::new())),
        "onnx" => match shipped_model() {
            Some(model) => Ok(Box::new(model)),
            None => Ok(Box::new(LexiconSentiment::new())),
        },
        "blend" => Ok(Box::new(BlendedSentiment::with_default_weight(
            shipped_model(),
            LexiconSentiment::new(),
        ))),
        _ => match name.strip_prefix("blend:") {
            Some(weight) => {
                let weight: f32 = weight
                    .parse()
                    .with_context(|| format!("--model {name}: the weight is not a number"))?;
                let blend = BlendedSentiment::new(shipped_model(), LexiconSentiment::new(), weight)
                    .with_context(|| format!("--model {name}"))?;
                Ok(Box::new(blend))
            }
            None => {
                let path = path.unwrap_or(Path::new(name));
                let model = OnnxSentiment::from_path(path)
                    .and_then(|m| with_shipped_vectors(m, &encoder))
                    .with_context(|| format!("--model {}", path.display()))?;
                Ok(Box::new(model))
            }
        },
    }
}

/// Gives a model that reads the static sentence vector the built-in embedding table, and one
/// that reads the FAQ encoder's vector the given or built-in encoder (unless
/// `Encoder::NotYet`): what the widget's worker loads.
fn with_shipped_vectors(
    model: OnnxSentiment,
    encoder: &Encoder,
) -> Result<OnnxSentiment, OnnxError> {
    let model = if model.missing_embedding() {
        match super::faq::pick_table(None, false) {
            Ok(Some(table)) => model.with_embedding(table)?,
            _ => {
                return Err(OnnxError::Incompatible(
                    "the model reads a sentence vector and the built-in embedding table failed to load"
                        .into(),
                ));
            }
        }
    } else {
        model
    };
    if !model.missing_encoder() {
        return Ok(model);
    }
    match encoder {
        Encoder::NotYet => Ok(model),
        Encoder::Loaded(Some(given)) => model.with_encoder(given.clone()),
        Encoder::Loaded(None) => match SentenceEncoder::from_bytes(SHIPPED_ENCODER) {
            Ok(built_in) => model.with_encoder(Arc::new(built_in)),
            Err(e) => Err(OnnxError::Incompatible(format!(
                "the model reads the FAQ encoder's vector and the built-in encoder failed to load ({e})"
            ))),
        },
    }
}

/// The built-in model, or `None` (with a warning) when it fails to load.
fn shipped_model(encoder: &Encoder) -> Option<OnnxSentiment> {
    match OnnxSentiment::from_bytes(SHIPPED_MODEL).and_then(|m| with_shipped_vectors(m, encoder)) {
        Ok(model) => Some(model),
        Err(e) => {
            eprintln!(
                "warning: the built-in sentiment model failed to load ({e}); using the lexicon"
            );
            None
        }
    }
}

pub fn run(args: EvalSentimentArgs) -> anyhow::Result<ExitCode> {
    let cases: Vec<Case> = read_jsonl(&args.cases)?
        .into_iter()
        .filter(|c: &Case| args.split.is_none() || c.split == args.split)
        .collect();
    if cases.is_empty() {
        bail!("{}: no cases (check --split)", args.cases.display());
    }
    let encoder = if args.without_encoder {
        Encoder::NotYet
    } else {
        Encoder::Loaded(None)
    };
    let model = load_model(args.model.as_deref(), encoder)?;
    println!("model {} on {} cases", model.name(), cases.len());
    // confusion[gold][predicted]
    let mut confusion = [[0usize; 3]; 3];
    let mut micros = Vec::with_capacity(cases.len());
    let mut shown = 0;
    for case in &cases {
        let started = Instant::now();
        let scores = model.score(&case.text);
        micros.push(started.elapsed().as_secs_f64() * 1e6);
        let predicted = if args.binary {
            if scores.negative > scores.positive {
                SentimentLabel::Negative
            } else {
                SentimentLabel::Positive
            }
        } else {
            scores.label()
        };
        confusion[index(case.label)][index(predicted)] += 1;
        if predicted != case.label && shown < args.show_errors {
            shown += 1;
            println!(
                "wrong: {:?} is {:?}, scored {:?} (neg {:.2} neu {:.2} pos {:.2} frus {:.2})",
                case.text,
                case.label,
                predicted,
                scores.negative,
                scores.neutral,
                scores.positive,
                scores.frustration
            );
        }
    }
    let m = Metrics::of(&confusion);
    for (i, label) in LABELS.iter().enumerate() {
        println!(
            "{label:?}: {} cases, precision {:.4}, recall {:.4}, predicted as neg/neu/pos {:?}",
            confusion[i].iter().sum::<usize>(),
            m.precision[i],
            m.recall[i],
            confusion[i]
        );
    }
    micros.sort_by(f64::total_cmp);
    let p50 = micros.get(micros.len() / 2).copied().unwrap_or(0.0);
    let report = serde_json::json!({
        "cases": cases.len(),
        "accuracy": m.accuracy,
        "macro_f1": m.macro_f1,
        "macro_recall": m.macro_recall,
        "negative_recall": m.recall[0],
        "negative_precision": m.precision[0],
        "micros_p50": (p50 * 10.0).round() / 10.0,
    });
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn index(label: SentimentLabel) -> usize {
    match label {
        SentimentLabel::Negative => 0,
        SentimentLabel::Neutral => 1,
        SentimentLabel::Positive => 2,
    }
}

struct Metrics {
    accuracy: f64,
    precision: [f64; 3],
    recall: [f64; 3],
    macro_f1: f64,
    macro_recall: f64,
}

impl Metrics {
    fn of(confusion: &[[usize; 3]; 3]) -> Metrics {
        let total: usize = confusion.iter().flatten().sum();
        let correct: usize = (0..3).map(|i| confusion[i][i]).sum();
        let mut precision = [0.0; 3];
        let mut recall = [0.0; 3];
        let (mut f1_sum, mut recall_sum, mut present) = (0.0, 0.0, 0usize);
        for i in 0..3 {
            let gold: usize = confusion[i].iter().sum();
            let predicted: usize = (0..3).map(|g| confusion[g][i]).sum();
            precision[i] = ratio(confusion[i][i], predicted);
            recall[i] = ratio(confusion[i][i], gold);
            if gold > 0 {
                present += 1;
                recall_sum += recall[i];
                let pr = precision[i] + recall[i];
                f1_sum += if pr > 0.0 {
                    2.0 * precision[i] * recall[i] / pr
                } else {
                    0.0
                };
            }
        }
        let n = present.max(1) as f64;
        Metrics {
            accuracy: ratio(correct, total),
            precision,
            recall,
            macro_f1: f1_sum / n,
            macro_recall: recall_sum / n,
        }
    }
}

pub(super) fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Reads a JSONL file, naming the file and line of the first bad case.
pub(super) fn read_jsonl<T: DeserializeOwned>(path: &Path) -> anyhow::Result<Vec<T>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a valid case", path.display(), n + 1))?;
        out.push(case);
    }
    Ok(out)
}
