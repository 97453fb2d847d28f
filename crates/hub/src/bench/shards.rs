//! One single-threaded tokio runtime per core.
//!
//! Thousands of idle sockets need no work stealing: each OS thread drives its own share of the
//! connections on a current-thread runtime, so a socket's task never migrates, its state stays
//! in one core's cache and nothing needs to be `Send`. Shards talk to each other only through
//! atomics and `tokio::sync` channels, which work across runtimes.

use anyhow::Context;
use std::future::Future;

/// How many shards to run: one per core the OS gives this process.
pub fn default_shard_count() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `make(shard)` for `shard` in `0..shards`, each on its own thread and current-thread
/// runtime (with a `LocalSet`, so it may `spawn_local`), and returns their outputs in order.
pub fn run_sharded<T, F, Fut>(shards: usize, make: F) -> anyhow::Result<Vec<T>>
where
    F: Fn(usize) -> Fut + Sync,
    Fut: Future<Output = T>,
    T: Send,
{
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..shards.max(1))
            .map(|shard| {
                let make = &make;
                std::thread::Builder::new()
                    .name(format!("bench-shard-{shard}"))
                    .spawn_scoped(scope, move || {
                        let runtime = tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .context("starting a shard's runtime")?;
                        let local = tokio::task::LocalSet::new();
                        Ok(local.block_on(&runtime, make(shard)))
                    })
                    .context("starting a shard thread")
            })
            .collect::<anyhow::Result<_>>()?;
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .map_err(|_| anyhow::anyhow!("a shard thread panicked"))?
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::rc::Rc;

    #[test]
    fn every_shard_runs_once_and_outputs_keep_their_order() {
        let outputs = run_sharded(3, |shard| async move {
            // Rc is not Send: shards may hold thread-local state.
            let local = Rc::new(shard * 10);
            tokio::task::spawn_local(async move { *local + 1 })
                .await
                .unwrap()
        })
        .unwrap();
        assert_eq!(outputs, vec![1, 11, 21]);
    }

    #[test]
    fn zero_shards_still_runs_one() {
        let outputs = run_sharded(0, |shard| async move { shard }).unwrap();
        assert_eq!(outputs, vec![0]);
    }
}
