"""Errors detente raises. Each names the input and the place in it."""

from __future__ import annotations


class DetenteError(Exception):
    """Base class: the CLI turns these into a one-line message."""


class InputError(DetenteError):
    """A document could not be read: bad encoding, bad JSON, missing field."""

    def __init__(self, origin: str, line: int | None, message: str) -> None:
        self.origin = origin
        self.line = line
        self.message = message
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {message}")


class DataFileError(DetenteError):
    """A bundled or user-supplied data file (lexicon, knowledge base) is malformed."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class DocumentLimitError(DetenteError):
    """A document is over one of the coder's documented limits (its length, or the time
    its coding may take); the run reports it and goes on with the next document."""

    def __init__(self, doc_id: str, message: str) -> None:
        self.doc_id = doc_id
        self.message = message
        super().__init__(f"document {doc_id!r}: {message}")
