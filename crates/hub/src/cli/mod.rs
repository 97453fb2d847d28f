//! The `tandem` command line. Each subcommand group lives in its own module with its own
//! clap arguments; this file only dispatches.

pub mod agent;
pub mod bench;
pub mod convert;
pub mod eval;
pub mod faq;
pub mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "tandem",
    version,
    about = "Tandem: an on-device FAQ bot that hands over to humans"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an FAQ file or ask it a question the way the matcher answers.
    #[command(subcommand)]
    Faq(faq::FaqCommand),
    /// Measure the FAQ matcher, the sentiment model or the escalation policy on a cases file.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Turn a public intent dataset (CLINC150, BANKING77, HWU64, BANKING77-OOS) into an FAQ file and a cases file.
    Convert(convert::ConvertArgs),
    /// Run the hub: widget files, demo page, agent console and the websockets.
    Serve(serve::ServeArgs),
    /// Manage agent accounts.
    #[command(subcommand)]
    Agent(agent::AgentCommand),
    /// Load generators against a hub on this machine (loopback only, bounded in time).
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

/// Parses the arguments, runs the command and turns its outcome into an exit code:
/// 0 success, 1 the input was rejected (already reported), 2 an error.
pub fn main() -> ExitCode {
    exit_quietly_on_broken_pipe();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Faq(cmd) => faq::run(cmd),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Convert(args) => convert::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Agent(cmd) => agent::run(cmd),
        Command::Bench(cmd) => bench::run(cmd),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("tandem: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// `tandem faq ask … | head` closes stdout early; `println!` then panics. Like other Unix
/// tools, end quietly instead of printing a panic message.
fn exit_quietly_on_broken_pipe() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
}
