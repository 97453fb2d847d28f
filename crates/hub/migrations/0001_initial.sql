-- Tandem hub store, version 1. Seqs are counted per conversation and per direction
-- ('v' = visitor→agent: visitor and bot lines, 'a' = agent→visitor), kept on the conversation
-- row so the next seq is assigned inside the same write transaction as the insert.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE conversations (
    id          TEXT PRIMARY KEY NOT NULL,
    status      TEXT NOT NULL,
    reason      TEXT,
    explanation TEXT,
    email       TEXT,
    agent       TEXT,
    preview     TEXT NOT NULL DEFAULT '',
    visitor_seq INTEGER NOT NULL DEFAULT 0,
    agent_seq   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX conversations_by_status ON conversations (status, created_at);

CREATE TABLE messages (
    conversation TEXT NOT NULL REFERENCES conversations (id),
    direction    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    client_id    TEXT NOT NULL,
    author       TEXT NOT NULL,
    name         TEXT,
    body         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (conversation, direction, seq),
    UNIQUE (conversation, direction, client_id)
);

CREATE TABLE agents (
    name          TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    agent      TEXT NOT NULL REFERENCES agents (name) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
