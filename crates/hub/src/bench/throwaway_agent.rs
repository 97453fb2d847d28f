//! An agent account that exists only for one `tandem bench relay` run.
//!
//! Given just the hub's loopback URL, the bench finds the hub's database through the note the
//! hub left for local tools (`runtime_file`), adds `bench-XXXXXXXX` with a random password,
//! and removes it afterwards (which also ends its session). Nothing about the hub's auth
//! changes: this is `tandem agent add` and `tandem agent remove` done for you, and needs the
//! same write access to the database file.

use anyhow::Context;
use rand::Rng;

use crate::auth::passwords;
use crate::runtime_file;
use crate::state::now_ms;
use crate::store::{SqliteStore, Store, SyncMode};

/// A created account; [`ThrowawayAgent::remove`] deletes it.
pub struct ThrowawayAgent {
    pub name: String,
    pub password: String,
    db: std::path::PathBuf,
}

impl ThrowawayAgent {
    /// Adds a fresh account to the database of the hub listening on `port`.
    pub fn create_for_hub_on(port: u16) -> anyhow::Result<ThrowawayAgent> {
        let note = runtime_file::read(&runtime_file::runtime_dir(), port).context(
            "finding the hub's database for a throwaway bench agent \
             (or set TANDEM_BENCH_PASSWORD for an existing agent, see --agent)",
        )?;
        let name = format!("bench-{:08x}", rand::rngs::OsRng.r#gen::<u32>());
        let password = passwords::generate();
        let hash = passwords::hash(&password)?;
        let db = note.db;
        block_on(async {
            let store = open(&db).await?;
            let added = store.add_agent(&name, &hash, now_ms()).await;
            store.close().await;
            added.with_context(|| format!("adding agent {name} to {}", db.display()))
        })?;
        Ok(ThrowawayAgent { name, password, db })
    }

    /// Deletes the account (the hub ends its session within a heartbeat).
    pub fn remove(self) -> anyhow::Result<()> {
        block_on(async {
            let store = open(&self.db).await?;
            let removed = store.remove_agent(&self.name).await;
            store.close().await;
            removed
                .map(drop)
                .with_context(|| format!("removing agent {}", self.name))
        })
    }
}

async fn open(db: &std::path::Path) -> anyhow::Result<SqliteStore> {
    SqliteStore::open(db, SyncMode::Normal)
        .await
        .with_context(|| format!("opening the hub's database {}", db.display()))
}

fn block_on<T>(work: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting a runtime for the database")?
        .block_on(work)
}
