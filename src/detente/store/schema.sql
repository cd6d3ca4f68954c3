-- detente event store, schema version 3 (docs/store.md).
-- Every statement is idempotent: EventStore runs this file when it opens a store for writing.
-- A change of columns bumps SCHEMA_VERSION in duckdb_store.py and adds a step to
-- store/migrations.py that brings an older store to the new version.

CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);

-- One row per run that wrote to the store: what coded it, when, and how it ended.
CREATE TABLE IF NOT EXISTS runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,          -- NULL: still running, or interrupted
    coder_version VARCHAR,
    command       VARCHAR,
    documents     INTEGER,            -- coded by this run
    unchanged     INTEGER,            -- already in the store, coded by the same coder version
    skipped       INTEGER             -- inputs not coded (errors)
);

-- One row per coded document, including documents that yielded no events, so that a
-- resumed run can skip them. content_hash is the SHA-256 of text: the same text is one
-- document whatever its id and wherever it came from.
CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR PRIMARY KEY,
    content_hash  VARCHAR,            -- NULL only for documents migrated from version 1
    text          VARCHAR,
    title         VARCHAR,
    published     DATE,
    outlet        VARCHAR,
    url           VARCHAR,
    byline        VARCHAR,
    origin        VARCHAR,
    n_chars       INTEGER,
    coded_at      TIMESTAMP,
    coder_version VARCHAR,
    run_id        VARCHAR
);

-- The sentences coded in each document: character offsets into documents.text.
CREATE TABLE IF NOT EXISTS sentences (
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    parsed         BOOLEAN NOT NULL,  -- false: the pre-filter found no actor or no trigger
    PRIMARY KEY (doc_id, sentence_index)
);

-- Every actor the resolver named in a sentence, whether or not an event used it.
CREATE TABLE IF NOT EXISTS mentions (
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    text           VARCHAR,
    code           VARCHAR,
    country        VARCHAR,
    sector         VARCHAR,
    kind           VARCHAR
);

-- The events table is created from detente/rows.py (EVENT_COLUMNS) by duckdb_store.py.

-- Inputs that could not be read or coded (bad JSON, a conflicting id, over a limit).
CREATE TABLE IF NOT EXISTS errors (
    origin  VARCHAR NOT NULL,
    line    INTEGER,
    message VARCHAR NOT NULL,
    "at"    TIMESTAMP NOT NULL,  -- quoted: AT is a keyword in DuckDB 2
    run_id  VARCHAR
);

-- The same event reported by several sentences or articles (store/clusters.py):
-- one row per cluster, and one row per event naming its cluster.
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id   VARCHAR PRIMARY KEY,
    source_code  VARCHAR,
    target_code  VARCHAR,
    cameo        VARCHAR NOT NULL,
    modality     VARCHAR NOT NULL,  -- "factual" (asserted or reported), or the modality
    first_day    DATE,
    last_day     DATE,
    num_mentions INTEGER NOT NULL,
    num_sources  INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    window_days  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS cluster_events (
    event_id   VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL
);
