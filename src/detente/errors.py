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
