-- detente event store, schema version 1.
-- Every statement is idempotent: EventStore.open runs this file on each open.
-- When a column changes, bump SCHEMA_VERSION in duckdb_store.py.

CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);

-- One row per coded document, including documents that yielded no events,
-- so that a resumed run can skip them.
CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR PRIMARY KEY,
    title         VARCHAR,
    published     DATE,
    source        VARCHAR,
    url           VARCHAR,
    byline        VARCHAR,
    origin        VARCHAR,
    n_chars       INTEGER,
    coded_at      TIMESTAMP,
    coder_version VARCHAR
);

-- One row per event: Event.to_dict() flattened. Offsets index Document.text.
CREATE TABLE IF NOT EXISTS events (
    event_id       VARCHAR PRIMARY KEY,
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    sentence       VARCHAR,
    date           VARCHAR,   -- "2018-08-20", "2018-07" or "2018": the form carries the precision
    date_basis     VARCHAR,
    source_text    VARCHAR,
    source_code    VARCHAR,
    source_country VARCHAR,
    source_sector  VARCHAR,
    source_start   INTEGER,
    source_end     INTEGER,
    target_text    VARCHAR,   -- all target_* are NULL when the event has no target
    target_code    VARCHAR,
    target_country VARCHAR,
    target_sector  VARCHAR,
    target_start   INTEGER,
    target_end     INTEGER,
    cameo          VARCHAR NOT NULL,  -- text, so leading zeros survive: "036"
    root           VARCHAR NOT NULL,
    cameo_name     VARCHAR,
    plover_event   VARCHAR,   -- all plover_* are NULL when the event has no PLOVER mapping
    plover_mode    VARCHAR,
    plover_context VARCHAR,
    quad_class     INTEGER,
    goldstein      DOUBLE,
    trigger_text   VARCHAR,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    modality       VARCHAR,
    confidence     DOUBLE,
    coder_version  VARCHAR,
    rule           VARCHAR
);

-- Inputs that could not be read (bad JSON, bad encoding, missing field).
CREATE TABLE IF NOT EXISTS errors (
    origin  VARCHAR NOT NULL,
    line    INTEGER,
    message VARCHAR NOT NULL,
    "at"    TIMESTAMP NOT NULL  -- quoted: AT is a keyword in DuckDB 2
);
