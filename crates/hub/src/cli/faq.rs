//! `tandem faq check|ask`: what a site owner runs before publishing an FAQ file.

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandem_core::faq::{Faq, Matcher, MatcherConfig};

use crate::cli::eval::faq::{build_matcher, pick_embedder, with_table_opinion};

#[derive(Debug, clap::Subcommand)]
pub enum FaqCommand {
    /// Validate an FAQ file: prints every problem as `FILE:LINE:COL: message`; exit 1 on errors.
    Check {
        /// The FAQ JSON file.
        faq: PathBuf,
    },
    /// Ask the FAQ a question and show the answer or the suggestions (lexical + semantic; with
    /// `--lexical`, exactly what the widget answers today).
    Ask {
        /// The FAQ JSON file.
        faq: PathBuf,
        /// The visitor's question.
        question: String,
        /// Print the match result as JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Use the plain BM25 baseline instead of the full matcher.
        #[arg(long)]
        bm25_only: bool,
        /// Score meaning with this static embedding table (`.tev`) instead of the built-in one.
        #[arg(long, conflicts_with = "lexical")]
        embed: Option<PathBuf>,
        /// Score meaning with this contextual sentence encoder (`.tenc`), as the widget's
        /// worker does once it has indexed the FAQ with models/faq-encoder.tenc.
        #[arg(long, conflicts_with_all = ["lexical", "embed"])]
        encoder: Option<PathBuf>,
        /// Lexical scores only, as the widget's chat shell answers (it has no table yet).
        #[arg(long)]
        lexical: bool,
    },
}

pub fn run(command: FaqCommand) -> anyhow::Result<ExitCode> {
    match command {
        FaqCommand::Check { faq } => check(&faq),
        FaqCommand::Ask {
            faq,
            question,
            json,
            bm25_only,
            embed,
            encoder,
            lexical,
        } => {
            let Some(faq) = load(&faq)? else {
                return Ok(ExitCode::from(1));
            };
            let (embedder, base) = pick_embedder(embed.as_deref(), encoder.as_deref(), lexical)?;
            let config = MatcherConfig { bm25_only, ..base };
            let matcher = with_table_opinion(
                build_matcher(&faq, config, embedder),
                &faq,
                encoder.is_some(),
            )?;
            ask(&faq, &matcher, &question, json)
        }
    }
}

fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let text = read(path)?;
    match Faq::parse(&path.display().to_string(), &text) {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                println!("{warning}");
            }
            let entries = loaded.faq.len();
            let phrasings: usize = loaded
                .faq
                .entries()
                .iter()
                .map(|e| e.phrasings().count())
                .sum();
            eprintln!(
                "{}: ok, {entries} entries, {phrasings} phrasings, {} warnings",
                path.display(),
                loaded.warnings.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!(
                "{}: {errors} errors, the file cannot be used",
                path.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn ask(faq: &Faq, matcher: &Matcher, question: &str, json: bool) -> anyhow::Result<ExitCode> {
    let result = matcher.ask(question);
    if json {
        println!("{}", serde_json::to_string_pretty(&result)?);
        return Ok(ExitCode::SUCCESS);
    }
    let question_of = |id: &str| faq.get(id).map_or("", |e| e.question.as_str());
    if let Some(best) = &result.answer {
        println!("{} (confidence {:.2})", best.id, best.confidence);
        print_entry(faq, &best.id);
        return Ok(ExitCode::SUCCESS);
    }
    println!("no confident match");
    // What the widget shows hedged ("I think you're asking…") above its suggestions.
    if let Some(likely) = &result.tentative {
        println!(
            "most likely: {} (confidence {:.2}), shown tentatively",
            likely.id, likely.confidence
        );
        print_entry(faq, &likely.id);
        println!();
    }
    if !result.suggestions.is_empty() {
        println!("suggestions:");
    }
    for s in &result.suggestions {
        println!("  {} ({:.2}): {}", s.id, s.confidence, question_of(&s.id));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_entry(faq: &Faq, id: &str) {
    let Some(entry) = faq.get(id) else {
        return;
    };
    println!("\n{}", entry.answer.trim_end());
    for link in &entry.links {
        println!("  → {}: {}", link.title, link.url);
    }
    if entry.escalate {
        println!("\n(this entry also hands the visitor to a person)");
    }
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Loads an FAQ for commands that use it; problems go to stderr and `None` means "exit 1".
pub fn load(path: &Path) -> anyhow::Result<Option<Faq>> {
    let text = read(path)?;
    match Faq::parse(&path.display().to_string(), &text) {
        Ok(loaded) => {
            if !loaded.warnings.is_empty() {
                eprintln!(
                    "{}: {} warnings (see `tandem faq check`)",
                    path.display(),
                    loaded.warnings.len()
                );
            }
            Ok(Some(loaded.faq))
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            Ok(None)
        }
    }
}
