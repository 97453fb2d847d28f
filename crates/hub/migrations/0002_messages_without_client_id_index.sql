-- Version 2: the messages table loses its UNIQUE (conversation, direction, client_id) index.
-- Client ids are the clients' own, in no order, so that index put every new line on a page of
-- its own and cost the writer about half of its time per line. Resends are now recognised by
-- the hub's writer from the ids it loads per conversation along the primary key
-- (crates/hub/src/store/sqlite/append/known_ids.rs); only that writer inserts lines.
-- Rows are copied in rowid order, which is the order transcripts are read in.
CREATE TABLE messages_v2 (
    conversation TEXT NOT NULL REFERENCES conversations (id),
    direction    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    client_id    TEXT NOT NULL,
    author       TEXT NOT NULL,
    name         TEXT,
    body         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (conversation, direction, seq)
);
INSERT INTO messages_v2 (conversation, direction, seq, client_id, author, name, body, at)
    SELECT conversation, direction, seq, client_id, author, name, body, at
    FROM messages ORDER BY rowid;
DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;
