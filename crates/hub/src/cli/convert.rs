//! `tandem convert`: turns a public intent dataset into an FAQ file plus a cases file, so the
//! matcher is measured through exactly the path a site's FAQ takes.
//!
//! Each intent becomes one entry: id = the intent label, question = its first training
//! phrasing, alternatives = the other training phrasings, answer = one placeholder shared by
//! every entry (the sets have no answers). Each test (or validation) utterance becomes a case; out-of-scope utterances get
//! `"expect": null`. Cases carry a `group` (`in-scope`, `oos`, `id-oos`, `ood-oos`) so that
//! `tandem eval faq` can break the numbers down.

use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dataset {
    /// CLINC150 (clinc150/data_full.json): 150 intents + out-of-scope queries.
    Clinc150,
    /// BANKING77 (intent_oos_jianguoz/Datasets/BANKING77): 77 banking intents, no OOS.
    Banking77,
    /// HWU64 (intent_oos_jianguoz/Datasets/HWU64): 64 assistant intents, no OOS.
    Hwu64,
    /// BANKING77-OOS: 50 intents; 27 held-out banking intents (id-oos) and CLINC oos (ood-oos).
    Banking77Oos,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tandem convert --dataset clinc150 --data ../shared/data --split test --shots full \\
      --out-faq /tmp/clinc.json --out-cases /tmp/clinc-test.jsonl
  tandem convert --dataset banking77 --data ../shared/data --split test --shots 10 \\
      --out-faq /tmp/b77-10.json --out-cases /tmp/b77-test.jsonl

Phrasings come from the training split: all of them (`--shots full`) or k per intent. For
BANKING77 and HWU64 k-shot uses the published few-shot splits (train_5, train_10); CLINC150 has
none there, so k phrasings are taken evenly spaced from each intent's training list
(deterministic). `--split val` gives CLINC150 val + oos_val: the only split to tune on.")]
pub struct ConvertArgs {
    #[arg(long, value_enum)]
    dataset: Dataset,
    /// The shared data folder (holds clinc150/ and intent_oos_jianguoz/).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Which utterances become cases: `test`, or `val` (CLINC150: val + oos_val; others: valid).
    #[arg(long, default_value = "test")]
    split: String,
    /// Training phrasings per intent: `full`, or a number k.
    #[arg(long, default_value = "full")]
    shots: String,
    #[arg(long)]
    out_faq: PathBuf,
    #[arg(long)]
    out_cases: PathBuf,
}

/// (utterance, intent label or None for out of scope, group).
type Row = (String, Option<String>, &'static str);

pub fn run(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let shots: Option<usize> = match args.shots.as_str() {
        "full" => None,
        k => Some(
            k.parse()
                .ok()
                .filter(|&k| k > 0)
                .context("--shots must be `full` or a positive number")?,
        ),
    };
    let split = match args.split.as_str() {
        "test" => "test",
        "val" | "valid" | "validation" => "val",
        other => bail!("--split must be `test` or `val`, not `{other}`"),
    };
    let (train, cases) = match args.dataset {
        Dataset::Clinc150 => clinc(&args.data, split, shots)?,
        Dataset::Banking77 => jianguoz(&args.data, "BANKING77", split, shots, false)?,
        Dataset::Hwu64 => jianguoz(&args.data, "HWU64", split, shots, false)?,
        Dataset::Banking77Oos => jianguoz(&args.data, "BANKING77-OOS", split, shots, true)?,
    };
    let cases: Vec<Row> = cases
        .into_iter()
        .filter(|row| !row.0.trim().is_empty())
        .collect();
    let mut intents: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // A few source lines are blank; an empty phrasing would make the FAQ invalid.
    for (text, label, _) in train.into_iter().filter(|row| !row.0.trim().is_empty()) {
        if let Some(label) = label {
            let phrasings = intents.entry(label).or_default();
            if !phrasings.contains(&text) {
                phrasings.push(text);
            }
        }
    }
    // The public sets have no answers. Every entry gets the same placeholder, without the
    // intent's name: the matcher also reads answers, and a name in them would be a label the
    // benchmark's other systems never see.
    let entries: Vec<Value> = intents
        .iter()
        .map(|(label, phrasings)| {
            json!({"id": label, "question": phrasings[0], "alternatives": phrasings[1..],
                   "answer": "(Evaluation placeholder: these public sets have no answer text.)"})
        })
        .collect();
    let faq = serde_json::to_string_pretty(&json!({ "entries": entries }))?;
    std::fs::write(&args.out_faq, faq)
        .with_context(|| format!("cannot write {}", args.out_faq.display()))?;
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&args.out_cases)
            .with_context(|| format!("cannot write {}", args.out_cases.display()))?,
    );
    for (text, label, group) in &cases {
        writeln!(
            out,
            "{}",
            json!({"text": text, "expect": label, "group": group})
        )?;
    }
    out.flush()?;
    eprintln!(
        "{} entries → {}, {} cases ({} out of scope) → {}",
        entries.len(),
        args.out_faq.display(),
        cases.len(),
        cases.iter().filter(|c| c.1.is_none()).count(),
        args.out_cases.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn clinc(data: &Path, split: &str, shots: Option<usize>) -> anyhow::Result<(Vec<Row>, Vec<Row>)> {
    let path = data.join("clinc150/data_full.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let all: BTreeMap<String, Vec<(String, String)>> = serde_json::from_str(&text)
        .with_context(|| format!("{}: unexpected format", path.display()))?;
    let rows = |key: &str, oos: bool| -> Vec<Row> {
        all.get(key)
            .into_iter()
            .flatten()
            .map(|(t, l)| {
                if oos {
                    (t.clone(), None, "oos")
                } else {
                    (t.clone(), Some(l.clone()), "in-scope")
                }
            })
            .collect()
    };
    let mut train = rows("train", false);
    if let Some(k) = shots {
        train = evenly_spaced(train, k);
    }
    let mut cases = rows(split, false);
    cases.extend(rows(&format!("oos_{split}"), true));
    Ok((train, cases))
}

/// k phrasings per intent, evenly spaced over the intent's list (first one included).
fn evenly_spaced(rows: Vec<Row>, k: usize) -> Vec<Row> {
    let mut by_label: BTreeMap<Option<String>, Vec<Row>> = BTreeMap::new();
    for row in rows {
        by_label.entry(row.1.clone()).or_default().push(row);
    }
    by_label
        .into_values()
        .flat_map(|list| {
            let n = list.len();
            (0..k.min(n))
                .map(move |i| list[i * n / k.min(n)].clone())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn jianguoz(
    data: &Path,
    name: &str,
    split: &str,
    shots: Option<usize>,
    oos: bool,
) -> anyhow::Result<(Vec<Row>, Vec<Row>)> {
    let root = data.join("intent_oos_jianguoz/Datasets").join(name);
    let train_dir = match shots {
        None => "train".to_owned(),
        Some(k) if root.join(format!("train_{k}")).is_dir() => format!("train_{k}"),
        Some(k) => bail!(
            "{name} has no {k}-shot split (train_5 and train_10 exist for BANKING77 and HWU64)"
        ),
    };
    let split_dir = if split == "val" { "valid" } else { "test" };
    let train = read_split(&root.join(train_dir), "in-scope")?;
    let mut cases = read_split(&root.join(split_dir), "in-scope")?;
    if oos {
        for group in ["id-oos", "ood-oos"] {
            let rows = read_split(&root.join(group).join(split_dir), group)?;
            cases.extend(rows.into_iter().map(|(t, _, g)| (t, None, g)));
        }
    }
    Ok((train, cases))
}

/// A jianguoz split folder: `seq.in` (one utterance a line) and `label` (one label a line).
fn read_split(dir: &Path, group: &'static str) -> anyhow::Result<Vec<Row>> {
    let read = |file: &str| {
        let path = dir.join(file);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    };
    let (texts, labels) = (read("seq.in")?, read("label")?);
    let (texts, labels): (Vec<&str>, Vec<&str>) =
        (texts.lines().collect(), labels.lines().collect());
    if texts.len() != labels.len() {
        bail!(
            "{}: {} utterances but {} labels",
            dir.display(),
            texts.len(),
            labels.len()
        );
    }
    Ok(texts
        .into_iter()
        .zip(labels)
        .map(|(t, l)| {
            (
                t.trim().to_owned(),
                (l.trim() != "oos").then(|| l.trim().to_owned()),
                group,
            )
        })
        .collect())
}
