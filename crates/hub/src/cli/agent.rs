//! `tandem agent add|list|remove`: agent accounts in the hub's database.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::auth::passwords;
use crate::state::now_ms;
use crate::store::{SqliteStore, Store, StoreError, SyncMode};

#[derive(Debug, clap::Subcommand)]
pub enum AgentCommand {
    /// Add an agent. The password is read from stdin when it is piped
    /// (`echo "$PASS" | tandem agent add ada`); otherwise one is generated and printed once.
    Add {
        name: String,
        #[arg(long, env = "TANDEM_DB", default_value = "data/tandem.db")]
        db: PathBuf,
        /// Generate a password even when stdin is piped.
        #[arg(long)]
        generate: bool,
    },
    /// List agent names.
    List {
        #[arg(long, env = "TANDEM_DB", default_value = "data/tandem.db")]
        db: PathBuf,
    },
    /// Remove an agent and end their sessions.
    Remove {
        name: String,
        #[arg(long, env = "TANDEM_DB", default_value = "data/tandem.db")]
        db: PathBuf,
    },
}

pub fn run(command: AgentCommand) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(dispatch(command))
}

async fn open(db: &std::path::Path) -> anyhow::Result<SqliteStore> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    SqliteStore::open(db, SyncMode::Normal)
        .await
        .with_context(|| format!("opening the database {}", db.display()))
}

async fn dispatch(command: AgentCommand) -> anyhow::Result<ExitCode> {
    match command {
        AgentCommand::Add { name, db, generate } => {
            if !tandem_core::protocol::valid_id(&name) {
                eprintln!("tandem: agent names are 1-64 of A-Z a-z 0-9 - _ .");
                return Ok(ExitCode::from(1));
            }
            let (password, generated) = if generate || std::io::stdin().is_terminal() {
                (passwords::generate(), true)
            } else {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("reading the password from stdin")?;
                let password = line.trim_end_matches(['\r', '\n']).to_owned();
                if password.chars().count() < 8 {
                    eprintln!("tandem: the password from stdin must have at least 8 characters");
                    return Ok(ExitCode::from(1));
                }
                (password, false)
            };
            let hash = passwords::hash(&password)?;
            let store = open(&db).await?;
            let added = store.add_agent(&name, &hash, now_ms()).await;
            store.close().await;
            match added {
                Ok(()) if generated => {
                    println!("added agent {name} with password: {password}\n(shown only this once)")
                }
                Ok(()) => println!("added agent {name}"),
                Err(StoreError::AgentExists(_)) => {
                    eprintln!("tandem: agent {name} already exists");
                    return Ok(ExitCode::from(1));
                }
                Err(error) => return Err(error.into()),
            }
        }
        AgentCommand::List { db } => {
            let store = open(&db).await?;
            for name in store.agent_names().await? {
                println!("{name}");
            }
            store.close().await;
        }
        AgentCommand::Remove { name, db } => {
            let store = open(&db).await?;
            let removed = store.remove_agent(&name).await?;
            store.close().await;
            if !removed {
                eprintln!("tandem: no agent named {name}");
                return Ok(ExitCode::from(1));
            }
            println!("removed agent {name}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
