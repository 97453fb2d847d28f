//! 20,000 connect/disconnect cycles against the hub as its own process: its memory stays put.

use std::net::IpAddr;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_connect_disconnect_cycles_leave_the_hubs_memory_where_it_was() {
    const CYCLES: usize = 20_000;
    const WORKERS: usize = 40;
    // The hub runs as its own process so only its memory is measured.
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base) = start_hub(&dir.path().join("tandem.db"));
    let url = format!("ws://{base}/ws/visitor");
    let mut first = connect_to(&url, Some(SHOP), None, None).await.unwrap();
    let welcome = first.hello_visitor(None, None).await;
    let cycle = |rounds: usize, worker: usize| {
        let url = url.clone();
        let token = welcome.token.clone();
        let from: IpAddr = [127, 0, 0, 2 + (worker % 8) as u8].into();
        async move {
            for _ in 0..rounds {
                let mut c = connect_to(&url, Some(SHOP), None, Some(from))
                    .await
                    .unwrap();
                c.hello_visitor(token.as_deref(), None).await;
                let _ = c.ws.close(None).await;
            }
        }
    };
    // Warm up allocator pools and caches, then measure.
    let warm: Vec<_> = (0..WORKERS)
        .map(|w| tokio::spawn(cycle(2000 / WORKERS, w)))
        .collect();
    for join in warm {
        join.await.unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before = rss_of(child.id());
    let started = std::time::Instant::now();
    let runs: Vec<_> = (0..WORKERS)
        .map(|w| tokio::spawn(cycle(CYCLES / WORKERS, w)))
        .collect();
    for join in runs {
        join.await.unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let after = rss_of(child.id());
    let metrics = http(base.parse().unwrap(), "GET", "/metrics", None, None)
        .await
        .body;
    let _ = child.kill();
    let _ = child.wait();
    eprintln!(
        "churn: {CYCLES} cycles in {:?}, hub RSS {before} -> {after}",
        started.elapsed()
    );
    assert!(before > 0);
    assert!(
        after as f64 <= before as f64 * 1.10,
        "hub RSS grew from {before} to {after}"
    );
    assert!(
        metrics.contains("tandem_connections{kind=\"visitor\"} 1"),
        "{metrics}"
    );
}
