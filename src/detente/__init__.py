"""detente: political event data (CAMEO, PLOVER) from raw news text."""

__version__ = "0.1.0"

from .coder import Coder, code  # noqa: E402
from .model import Actor, Document, Event, Plover, Span  # noqa: E402

__all__ = ["Actor", "Coder", "Document", "Event", "Plover", "Span", "__version__", "code"]
