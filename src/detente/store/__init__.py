"""The embedded event store: documents (with their text), sentences, actor mentions,
events, event clusters, runs and input errors in one DuckDB file."""

from detente.store.duckdb_store import SCHEMA_VERSION, EventStore, IdentityError, StoreError, Verdict, read_schema

__all__ = ["SCHEMA_VERSION", "EventStore", "IdentityError", "StoreError", "Verdict", "read_schema"]
