//! The same contract checked against both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use tandem_core::protocol::QueueStatus;

async fn both() -> (tempfile::TempDir, Vec<Box<dyn Store>>) {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(&dir.path().join("t.db"), SyncMode::Normal)
        .await
        .unwrap();
    (dir, vec![Box::new(sqlite), Box::new(MemoryStore::new("e"))])
}

fn line<'a>(id: &'a str, author: Author, text: &'a str) -> NewMessage<'a> {
    NewMessage {
        conversation: "c1",
        id,
        author,
        name: None,
        text,
        at: 5,
    }
}

#[tokio::test]
async fn seqs_count_per_direction_and_a_resent_id_is_not_stored_twice() {
    let (_dir, stores) = both().await;
    for store in stores {
        store.create_conversation("c1", 1).await.unwrap();
        let first = store
            .append(&line("m1", Author::Visitor, "hi"))
            .await
            .unwrap();
        let bot = store
            .append(&line("b1", Author::Bot, "answer"))
            .await
            .unwrap();
        let agent = store
            .append(&line("a1", Author::Agent, "hello"))
            .await
            .unwrap();
        let again = store
            .append(&line("m1", Author::Visitor, "hi"))
            .await
            .unwrap();
        assert_eq!((first.seq, bot.seq, agent.seq), (1, 2, 1));
        assert!(again.duplicate && again.seq == 1);
        let gap = store
            .messages_after("c1", Direction::FromVisitor, 1, 10)
            .await
            .unwrap();
        assert_eq!(gap.len(), 1);
        assert_eq!(gap[0].id, "b1");
        assert_eq!(store.transcript("c1").await.unwrap().len(), 3);
    }
}

#[tokio::test]
async fn a_line_for_an_unknown_conversation_is_refused() {
    let (_dir, stores) = both().await;
    for store in stores {
        let outcome = store.append(&line("m1", Author::Visitor, "hi")).await;
        assert!(matches!(outcome, Err(StoreError::UnknownConversation(_))));
    }
}

#[tokio::test]
async fn a_claimed_conversation_cannot_be_taken_by_another_agent() {
    let (_dir, stores) = both().await;
    for store in stores {
        store.create_conversation("c1", 1).await.unwrap();
        let handover = Update::Handover {
            reason: "request".into(),
            explanation: String::new(),
        };
        store.update("c1", &handover, 2).await.unwrap();
        assert_eq!(
            store.queue(10).await.unwrap()[0].status,
            QueueStatus::Waiting
        );
        store
            .update(
                "c1",
                &Update::Claim {
                    agent: "ada".into(),
                },
                3,
            )
            .await
            .unwrap();
        let stolen = store
            .update(
                "c1",
                &Update::Claim {
                    agent: "bob".into(),
                },
                4,
            )
            .await;
        assert!(matches!(stolen, Err(StoreError::AlreadyClaimed(holder)) if holder == "ada"));
        store.update("c1", &Update::Close, 5).await.unwrap();
        assert!(store.queue(10).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn sessions_expire_and_agents_are_unique() {
    let (_dir, stores) = both().await;
    for store in stores {
        store.add_agent("ada", "hash", 1).await.unwrap();
        assert!(matches!(
            store.add_agent("ada", "x", 1).await,
            Err(StoreError::AgentExists(_))
        ));
        store.create_session("t", "ada", 100).await.unwrap();
        assert_eq!(
            store.session_agent("t", 50).await.unwrap().as_deref(),
            Some("ada")
        );
        assert_eq!(store.session_agent("t", 150).await.unwrap(), None);
    }
}

#[tokio::test]
async fn the_sqlite_epoch_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let first = SqliteStore::open(&path, SyncMode::Normal).await.unwrap();
    let epoch = first.epoch().to_owned();
    first.close().await;
    let again = SqliteStore::open(&path, SyncMode::Normal).await.unwrap();
    assert_eq!(again.epoch(), epoch);
}

#[tokio::test]
async fn a_new_sqlite_database_gets_one_kib_pages_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = SqliteStore::open(&path, SyncMode::Normal).await.unwrap();
    store.close().await;
    let file = rusqlite::Connection::open(&path).unwrap();
    let page_size: i64 = file
        .query_row("PRAGMA page_size", [], |row| row.get(0))
        .unwrap();
    let journal: String = file
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!((page_size, journal.as_str()), (1024, "wal"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_and_line_appends_at_the_same_time_all_succeed_in_sqlite() {
    // The line writer and the other writes use two connections that share SQLite's one
    // write lock: neither may fail because the other holds it.
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(
        SqliteStore::open(&dir.path().join("t.db"), SyncMode::Normal)
            .await
            .unwrap(),
    );
    for c in 0..10 {
        store
            .create_conversation(&format!("c{c}"), 1)
            .await
            .unwrap();
    }
    let lines = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut tickets = Vec::new();
            for n in 0..3000 {
                let id = format!("m{n}");
                let conversation = format!("c{}", n % 10);
                let mut message = line(&id, Author::Visitor, "hello");
                message.conversation = &conversation;
                tickets.push(store.submit(&message).await);
            }
            let mut stored = 0;
            for ticket in &mut tickets {
                ticket.wait().await.unwrap();
                stored += 1;
            }
            stored
        })
    };
    for round in 0..200 {
        let id = format!("c{}", round % 10);
        store
            .update(
                &id,
                &Update::Claim {
                    agent: "ada".into(),
                },
                2,
            )
            .await
            .unwrap();
        store.update(&id, &Update::Release, 3).await.unwrap();
        store
            .create_conversation(&format!("new{round}"), 4)
            .await
            .unwrap();
    }
    assert_eq!(lines.await.unwrap(), 3000);
    let mut total = 0;
    for c in 0..10 {
        total += store.transcript(&format!("c{c}")).await.unwrap().len();
    }
    assert_eq!(total, 3000);
}

#[tokio::test]
async fn lines_submitted_together_get_seqs_in_submission_order_and_one_refusal_spares_the_rest() {
    let (_dir, stores) = both().await;
    for store in stores {
        store.create_conversation("c1", 1).await.unwrap();
        store.create_conversation("shut", 1).await.unwrap();
        store.update("shut", &Update::Close, 2).await.unwrap();
        let ids: Vec<String> = (0..300).map(|n| format!("m{n}")).collect();
        let mut tickets = Vec::new();
        for (n, id) in ids.iter().enumerate() {
            let conversation = if n == 150 { "shut" } else { "c1" };
            let mut message = line(id, Author::Agent, "many at once");
            message.conversation = conversation;
            tickets.push(store.submit(&message).await);
        }
        // The same id again while the first copy may still be in flight: stored once.
        tickets.push(store.submit(&line("m0", Author::Agent, "again")).await);
        let mut outcomes = Vec::new();
        for ticket in &mut tickets {
            outcomes.push(ticket.wait().await);
        }
        let seqs: Vec<u64> = outcomes[..300]
            .iter()
            .enumerate()
            .filter(|(n, _)| *n != 150)
            .map(|(_, outcome)| outcome.as_ref().unwrap().seq)
            .collect();
        assert_eq!(seqs, (1..=299).collect::<Vec<u64>>());
        assert!(matches!(outcomes[150], Err(StoreError::Closed)));
        let again = outcomes[300].as_ref().unwrap();
        assert!(again.duplicate && again.seq == 1);
        let stored = store.transcript("c1").await.unwrap();
        assert_eq!(stored.len(), 299);
        assert_eq!(
            store.conversation("c1").await.unwrap().unwrap().agent_seq,
            299
        );
    }
}

#[tokio::test]
async fn lines_of_several_conversations_and_both_directions_submitted_together_are_numbered_per_conversation_and_direction()
 {
    let (_dir, stores) = both().await;
    for store in stores {
        for conversation in ["c1", "c2"] {
            store.create_conversation(conversation, 1).await.unwrap();
        }
        let plan = [
            ("c1", "v1", Author::Visitor),
            ("c2", "v1", Author::Visitor),
            ("c1", "a1", Author::Agent),
            ("c1", "b1", Author::Bot),
            ("c1", "v1", Author::Visitor), // the same id again in the same batch
            ("c2", "a1", Author::Agent),
            ("c1", "a2", Author::Agent),
        ];
        let mut tickets = Vec::new();
        for (conversation, id, author) in plan {
            let mut message = line(id, author, id);
            message.conversation = conversation;
            tickets.push(store.submit(&message).await);
        }
        let mut got = Vec::new();
        for ticket in &mut tickets {
            let appended = ticket.wait().await.unwrap();
            got.push((appended.seq, appended.duplicate));
        }
        assert_eq!(
            got,
            [
                (1, false),
                (1, false),
                (1, false),
                (2, false),
                (1, true),
                (1, false),
                (2, false)
            ]
        );
        let c1 = store.conversation("c1").await.unwrap().unwrap();
        assert_eq!((c1.visitor_seq, c1.agent_seq), (2, 2));
        assert_eq!(c1.entry.preview, "a2");
        assert_eq!(store.transcript("c1").await.unwrap().len(), 4);
        assert_eq!(store.transcript("c2").await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn a_resend_after_the_store_reopened_keeps_its_first_seq() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let first = SqliteStore::open(&path, SyncMode::Normal).await.unwrap();
    first.create_conversation("c1", 1).await.unwrap();
    first
        .append(&line("m1", Author::Visitor, "hi"))
        .await
        .unwrap();
    first
        .append(&line("m2", Author::Visitor, "there"))
        .await
        .unwrap();
    first.close().await;
    let again = SqliteStore::open(&path, SyncMode::Normal).await.unwrap();
    let resent = again
        .append(&line("m1", Author::Visitor, "hi"))
        .await
        .unwrap();
    assert!(resent.duplicate && resent.seq == 1);
    let next = again
        .append(&line("m3", Author::Visitor, "new"))
        .await
        .unwrap();
    assert!(!next.duplicate && next.seq == 3);
    assert_eq!(again.transcript("c1").await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_resend_of_a_line_far_older_than_the_latest_ones_keeps_its_first_seq() {
    let (_dir, stores) = both().await;
    for store in stores {
        store.create_conversation("c1", 1).await.unwrap();
        for k in 0..300 {
            let id = format!("m{k}");
            store
                .append(&line(&id, Author::Visitor, "hi"))
                .await
                .unwrap();
        }
        let again = store
            .append(&line("m3", Author::Visitor, "hi"))
            .await
            .unwrap();
        assert!(again.duplicate, "an old id was stored twice");
        assert_eq!(again.seq, 4);
        let new = store
            .append(&line("m300", Author::Visitor, "hi"))
            .await
            .unwrap();
        assert_eq!((new.seq, new.duplicate), (301, false));
        assert_eq!(store.transcript("c1").await.unwrap().len(), 301);
    }
}
