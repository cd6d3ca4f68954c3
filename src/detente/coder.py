"""The coder: documents in, events out.

``Coder`` ties the stages together: parse (nlp), find actors (actors),
extract and compose events (events), then place them in time and attach the
ontology (context). It holds no per-document state, loads the spaCy model on
first use and pickles without it, so engines can ship one coder to each
worker.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .actors.explain import ActorsExplanation, MentionExplanation, Rejected, name_text, rejected_entries
from .actors.kb import KnowledgeBase
from .actors.resolver import ActorRef, ActorResolver, DocumentMemory, countries_of
from .context.dates import DateMention, find_dates
from .context.event_dates import event_date
from .context.home import at_home, home_country, unplaced
from .context.locations import DocumentPlaces, Locator, PlaceMention
from .errors import DetenteError, DocumentLimitError
from .events.explain import DocumentTrace, Explanation, explain_document
from .events.extract import Candidate, EventExtractor
from .events.lexicon import Lexicon
from .events.ontology import Ontology
from .events.policies import CodePolicies
from .model import FACTUAL_MODALITIES, Actor, Coded, Document, Event, Location, Mention, SentenceBounds, Span
from .nlp import DEFAULT_MODEL, Parser, Sentence, count_tokens

if TYPE_CHECKING:
    from spacy.tokens import Token

CODER_VERSION = f"detente-{__version__}"
# How many opening sentences (with the title) decide the document's home country.
HOME_SENTENCES = 2

# Per-document limits (docs/reliability.md). A document over one is reported with a
# DocumentLimitError naming it, and a corpus run goes on with the next document.
#: The longest text coded (characters): some 50,000 words, five times a long feature;
#: a longer text is refused at once. 300,000 characters of dense news code in about
#: 21 s and 350 MiB on a 2-core machine (docs/reliability.md).
MAX_DOCUMENT_CHARS = 300_000
#: The most words and punctuation marks in a text (counted before parsing, as runs of
#: letters or digits and single other marks): parsing time follows tokens, not
#: characters, so a text of one-letter words is bounded too. 300,000 characters of
#: news hold some 55,000.
MAX_DOCUMENT_TOKENS = 60_000
#: The longest a document's event search may take (seconds, after parsing).
MAX_DOCUMENT_SECONDS = 20.0


class Coder:
    def __init__(
        self,
        parser: Parser,
        kb: KnowledgeBase,
        lexicon: Lexicon,
        ontology: Ontology,
        version: str = CODER_VERSION,
        *,
        policies: CodePolicies,
        max_seconds: float = MAX_DOCUMENT_SECONDS,
        locator: Locator | None = None,
    ) -> None:
        self.parser = parser
        # Without a locator events carry no location (the tests' small coders).
        self.locator = locator
        self.max_seconds = max_seconds
        self.kb = kb
        self.lexicon = lexicon
        self.ontology = ontology
        self.policies = policies
        self.version = version
        self.resolver = ActorResolver(kb)
        self.extractor = EventExtractor(lexicon, self.resolver, policies)
        given = [*lexicon.codes(), *policies.codes()]
        unknown = sorted({f"{code} ({where})" for code, where in given if code not in ontology})
        if unknown:
            raise DetenteError(
                f"the lexicon or code policies give CAMEO codes the ontology does not have: {'; '.join(unknown)}"
            )

    @classmethod
    def from_defaults(
        cls, model: str = DEFAULT_MODEL, batch_size: int = 64, *, kb_dir: Path | str | None = None
    ) -> Coder:
        """The bundled knowledge base, lexicon, ontology and code policies; the pinned
        spaCy model, loaded on first use. ``kb_dir``: a user's own knowledge-base files,
        layered over the bundled ones (KnowledgeBase.layered); the coder's version then
        ends in ``+kb.`` and a digest of those files, so that a store tells events coded
        with other entries apart and codes them again."""
        ontology = Ontology.from_defaults()
        kb = KnowledgeBase.layered(kb_dir) if kb_dir is not None else KnowledgeBase.from_defaults()
        return cls(
            Parser(model, batch_size=batch_size),
            kb,
            Lexicon.from_defaults(),
            ontology,
            CODER_VERSION + (f"+kb.{kb.digest}" if kb.digest else ""),
            policies=CodePolicies.from_defaults(ontology),
            locator=Locator.from_defaults(),
        )

    # --- public API -------------------------------------------------------
    def code(
        self, text: str, date: str | dt.date | None = None, *, doc_id: str | None = None, all_modalities: bool = False
    ) -> list[Event]:
        """Code one text. ``date`` is its publication date (YYYY-MM-DD)."""
        from .ingest import document_from_text

        published = dt.date.fromisoformat(date) if isinstance(date, str) else date
        doc = document_from_text(text, doc_id=doc_id, date=published)
        return self.code_document(doc, all_modalities=all_modalities)

    def explain(self, text: str, date: str | dt.date | None = None) -> Explanation:
        """Why ``code(text, date)`` gives the events it gives: each sentence's parse and
        actors, the clauses the extractor read and their frames, every candidate event with
        the lexicon entry and the rules that changed or dropped it, and the events
        (events/explain.py). The same path as ``code``, recording as it goes."""
        from .ingest import document_from_text

        published = dt.date.fromisoformat(date) if isinstance(date, str) else date
        doc = document_from_text(text, date=published)
        _check_limits(doc)
        trace = DocumentTrace()
        events = self._code_parsed(doc, self.parser.parse(doc), trace=trace)
        return explain_document(doc, trace, [e for e in events if e.modality in FACTUAL_MODALITIES])

    def actors(self, text: str, date: str | dt.date | None = None) -> ActorsExplanation:
        """Every actor ``text`` names, as coding reads it on ``date``: the names the
        knowledge base knows and the noun phrases read by their role ("police in Lagos"),
        each with its code, the row or rule that decided it, and the candidates it passed
        over (actors/explain.py). The same resolver and document memory as ``code``."""
        from .ingest import document_from_text

        published = dt.date.fromisoformat(date) if isinstance(date, str) else date
        doc = document_from_text(text, date=published)
        _check_limits(doc)
        memory = DocumentMemory()
        out: list[MentionExplanation] = []
        for sentence in self.parser.parse(doc):
            found = self.resolver.find_names(sentence.span, doc.date, memory)
            spans: set[tuple[int, int]] = set()
            for ref in sorted(found.values(), key=lambda r: r.first):
                if (ref.first, ref.last) in spans:
                    continue
                spans.add((ref.first, ref.last))
                words = [t.lower_ for t in sentence.span.doc[ref.first : ref.last]]
                rejected = rejected_entries(self.kb, name_text(words), ref, doc.date)
                out.append(_explained(doc, sentence, ref, str(ref.kind), rejected))
            for tok in sentence.span:
                if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.i in found or tok.dep_ in ("compound", "amod"):
                    continue
                phrase = self.resolver.actor_at(tok, found, memory, sentence.index)
                if phrase is None or phrase.weak or (phrase.first, phrase.last) in spans:
                    continue
                spans.add((phrase.first, phrase.last))
                out.append(_explained(doc, sentence, phrase, "phrase", ()))
            # What coding remembers of the sentence for later pronouns and "the group".
            self.extractor.extract(sentence.span, sentence.index, found, memory)
        out.sort(key=lambda m: (m.start, m.end))
        return ActorsExplanation(doc.date.isoformat() if doc.date else None, tuple(out))

    def code_document(self, doc: Document, *, all_modalities: bool = False) -> list[Event]:
        return next(iter(self.code_documents([doc], all_modalities=all_modalities)))[1]

    def code_documents(
        self, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Iterator[tuple[Document, list[Event]]]:
        """Code documents in parser batches, yielding each with its events in order."""
        for coded in self.code_corpus(docs, all_modalities=all_modalities):
            yield coded.doc, list(coded.events)

    def code_corpus(self, docs: Iterable[Document], *, all_modalities: bool = False) -> Iterator[Coded]:
        """Code documents in parser batches, yielding each in order with its events, its
        sentences and the actors named in them (what the store keeps)."""
        pending: list[Document] = []

        def docs_seen() -> Iterator[Document]:
            for doc in docs:
                _check_limits(doc)
                pending.append(doc)
                yield doc

        for sentences in self.parser.parse_many(docs_seen()):
            doc = pending.pop(0)
            named: list[Mention] = []
            events = self._code_parsed(doc, sentences, named=named)
            if not all_modalities:
                events = [e for e in events if e.modality in FACTUAL_MODALITIES]
            bounds = tuple(SentenceBounds(s.index, s.start, s.end) for s in sentences)
            yield Coded(doc, tuple(events), bounds, tuple(named))

    # --- stages -------------------------------------------------------------
    def _code_parsed(
        self,
        doc: Document,
        sentences: list[Sentence],
        *,
        trace: DocumentTrace | None = None,
        named: list[Mention] | None = None,
    ) -> list[Event]:
        memory = DocumentMemory()
        found_in: list[tuple[Sentence, Candidate, list[DateMention], list[PlaceMention]]] = []
        locator = self.locator
        dateline = locator.find_dateline(doc) if locator is not None else None
        skip = (dateline.start, dateline.end) if dateline is not None else None
        named_countries: list[ActorRef] = []
        # The home country comes from the title and the opening sentences (see context.home).
        mentions = self.resolver.countries_in_title(doc.title, doc.date) if doc.title else []
        deadline = time.monotonic() + self.max_seconds
        for position, sentence in enumerate(sentences):
            if time.monotonic() > deadline:
                raise DocumentLimitError(
                    doc.id, f"coding took over {self.max_seconds:g} s (stopped at sentence {position + 1} of {len(sentences)})"
                )
            found = self.resolver.find_names(sentence.span, doc.date, memory)
            if locator is not None:
                named_countries.extend({(r.first, r.last): r for r in found.values()}.values())
            if named is not None:
                named.extend(_mentions(doc, sentence, found, self.resolver))
            if position < HOME_SENTENCES:
                mentions += countries_of(found)
            sentence_trace = (
                trace.sentence(sentence.index, sentence.text, sentence.span, found, memory) if trace is not None else None
            )
            candidates = self.extractor.extract(sentence.span, sentence.index, found, memory, trace=sentence_trace)
            if not candidates:
                continue
            dates = find_dates(sentence.text, doc.date)
            places = locator.mentions(sentence.span, found, skip, sentence.offset) if locator is not None else []
            found_in.extend((sentence, cand, dates, places) for cand in candidates)
        home = home_country(mentions)
        where = locator.document_places(doc, dateline, named_countries) if locator is not None else DocumentPlaces()
        events: list[Event] = []
        for sentence, cand, dates, places in found_in:
            placed = unplaced(at_home(cand, home, self.kb.sector_codes) if home else cand)
            location = locator.locate(placed, sentence, places, where, doc) if locator is not None else None
            event = self._event(doc, sentence, placed, dates, location)
            if event is not None:
                events.append(event)
                if trace is not None:
                    trace.event(sentence.index, cand, placed, event, f"at_home({home})")
        return events

    def _event(
        self, doc: Document, sentence: Sentence, cand: Candidate, dates: list[DateMention], location: Location | None = None
    ) -> Event | None:
        if cand.code not in self.ontology:
            # The lexicon's codes are checked when the coder is built: only a rule in the
            # code itself can get here, and it is a fault to report, not an event to drop.
            raise DetenteError(f"rule {cand.rule!r} gave CAMEO code {cand.code!r}, which the ontology does not have")
        info = self.ontology.get(cand.code)
        date, basis = event_date(doc.date, sentence, cand, dates)
        return Event(
            doc_id=doc.id,
            sentence_index=sentence.index,
            sentence=sentence.text,
            date=date,
            date_basis=basis,
            source=_actor(doc, sentence, cand.source),
            target=_actor(doc, sentence, cand.target) if cand.target else None,
            cameo=info.code,
            cameo_name=info.name,
            plover=info.plover,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            trigger=_trigger(doc, sentence, cand.trigger),
            modality=cand.modality,
            confidence=cand.confidence,
            coder_version=self.version,
            rule=cand.rule,
            location=location,
        )


def _check_limits(doc: Document) -> None:
    """Refuse a document over the per-document length limits (DocumentLimitError)."""
    if len(doc.text) > MAX_DOCUMENT_CHARS:
        raise DocumentLimitError(doc.id, f"{len(doc.text):,} characters, over the {MAX_DOCUMENT_CHARS:,}-character limit")
    tokens = count_tokens(doc.text)
    if tokens > MAX_DOCUMENT_TOKENS:
        raise DocumentLimitError(
            doc.id, f"about {tokens:,} words and marks, over the {MAX_DOCUMENT_TOKENS:,}-token limit"
        )


def code(text: str, date: str | dt.date | None = None, *, all_modalities: bool = False) -> list[Event]:
    """Code one text with the default coder. Loads the model on each call:
    for more than a handful of texts, make one ``Coder`` and reuse it."""
    return Coder.from_defaults().code(text, date, all_modalities=all_modalities)


def _char_range(sentence: Sentence, first: int, last: int) -> tuple[int, int]:
    doc = sentence.span.doc
    start = doc[first].idx + sentence.offset
    end_tok = doc[last - 1]
    return start, end_tok.idx + len(end_tok.text) + sentence.offset


def _actor(doc: Document, sentence: Sentence, ref: ActorRef) -> Actor:
    start, end = _char_range(sentence, ref.first, ref.last)
    return Actor(
        text=doc.text[start:end],
        code=ref.code,
        country=ref.country,
        sector=ref.sector,
        start=start,
        end=end,
    )


def _explained(
    doc: Document, sentence: Sentence, ref: ActorRef, kind: str, rejected: tuple[Rejected, ...]
) -> MentionExplanation:
    start, end = _char_range(sentence, ref.first, ref.last)
    return MentionExplanation(
        sentence.index, doc.text[start:end], start, end, "+".join(ref.members) or ref.code, kind,
        ref.basis or "rule", ref.members, rejected,
    )


def _trigger(doc: Document, sentence: Sentence, tokens: tuple[int, ...]) -> Span:
    first, last = min(tokens), max(tokens) + 1
    if last - first > 6:  # a wrapper far from its clause: show the clause's verb
        first, last = tokens[-1], tokens[-1] + 1
    start, end = _char_range(sentence, first, last)
    return Span(doc.text[start:end], start, end)


def _mentions(
    doc: Document, sentence: Sentence, found: dict[int, ActorRef], resolver: ActorResolver
) -> Iterator[Mention]:
    """Each name the resolver found in the sentence, once (``found`` maps every token of a
    name to it)."""
    seen: set[tuple[int, int]] = set()
    for ref in found.values():
        if (ref.first, ref.last) in seen:
            continue
        seen.add((ref.first, ref.last))
        start, end = _char_range(sentence, ref.first, ref.last)
        for each in resolver.members(ref):  # a collective name: a mention of each member
            yield Mention(
                sentence.index, doc.text[start:end], each.code, each.country, each.sector, str(each.kind), start, end
            )
