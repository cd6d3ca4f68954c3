"""The embedded event store: documents, events and input errors in one DuckDB file."""

from detente.store.duckdb_store import SCHEMA_VERSION, EventStore, StoreError, read_schema

__all__ = ["SCHEMA_VERSION", "EventStore", "StoreError", "read_schema"]
