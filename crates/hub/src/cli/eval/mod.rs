//! `tandem eval faq|sentiment|escalation`: each prints progress, then as its LAST stdout line
//! one JSON object with the metrics (external checks parse that line: keep its keys).

mod escalation;
pub(crate) mod faq;
mod sentiment;

use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// FAQ matcher accuracy and out-of-scope detection on a JSONL cases file.
    Faq(faq::EvalFaqArgs),
    /// Sentiment model accuracy on a JSONL cases file.
    Sentiment(sentiment::EvalSentimentArgs),
    /// Escalation policy recall and false escalations on JSONL conversations.
    Escalation(escalation::EvalEscalationArgs),
}

pub fn run(command: EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Faq(args) => faq::run(args),
        EvalCommand::Sentiment(args) => sentiment::run(args),
        EvalCommand::Escalation(args) => escalation::run(args),
    }
}
