"""Which date a sentence gives for one of its events.

A date counts for an event when it modifies one of the verbs of the event's clause
chain (the trigger verbs and the verbs above them); dates after the publication date
describe plans, not the event, and are skipped. Without such a date the event takes
the publication date ("publication"), or none when the document has none.
"""

from __future__ import annotations

import datetime as dt

from ..events.extract import Candidate, tree_depth
from ..model import DateBasis, Modality
from ..nlp import Sentence
from .dates import DateMention


def event_date(
    published: dt.date | None, sentence: Sentence, cand: Candidate, dates: list[DateMention]
) -> tuple[str, DateBasis]:
    """The date the sentence gives for the event, else the publication date.

    A date counts when it modifies one of the verbs of the event's clause
    chain (the trigger verbs and the verbs above them); dates after the
    publication date describe plans, not the event, and are skipped.
    """
    fallback: tuple[str, DateBasis] = (published.isoformat() if published else "", "publication")
    if not dates:
        return fallback
    span = sentence.span
    chain: list[int] = []
    # A composed event ("said he would host ... in April") happened when the
    # wrapper verb did: only dates on the wrapper and above count.
    start = cand.trigger[0]
    if cand.modality == Modality.INTENDED and len(cand.trigger) == 1:
        # "will meet on Friday": the date is the plan's, not the announcement's.
        head = span.doc[start].head
        if head.i == start:
            return fallback
        start = head.i
    tok = span.doc[start]
    for _ in range(8):
        chain.append(tok.i)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    # A past date written out in full on a composed event's complement ("agreed to restore
    # ties on 10 March 2023", published in May) is the nearest the sentence comes to the
    # event's own date: it counts after every date on the chain. A relative one ("would
    # host the talks in April") is the plan's, read against the wrong side of today.
    complement = [i for i in cand.trigger[1:] if i not in chain]
    best: tuple[int, DateMention] | None = None
    for mention in dates:
        if published is not None and mention.value > published.isoformat()[: len(mention.value)]:
            continue
        verb = attachment(sentence, mention)
        if verb in chain:
            rank = chain.index(verb)
        elif verb in complement and not mention.relative:
            rank = len(chain) + complement.index(verb)
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, mention)
    if best is None:
        return fallback
    return best[1].value, "text"


def attachment(sentence: Sentence, mention: DateMention) -> int | None:
    """The verb a date expression hangs from in the parse."""
    start = sentence.start + mention.start - sentence.offset
    end = sentence.start + mention.end - sentence.offset
    tokens = [t for t in sentence.span if start <= t.idx < end]
    if not tokens:
        return None
    date = tok = below = min(tokens, key=tree_depth)
    steps = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and steps < 8:
        below, tok = tok, tok.head
        steps += 1
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    # "said on Tuesday it would send": a date the parser hangs on the complement but that
    # stands between the wrapper and the complement's own words modifies the wrapper.
    if tok.dep_ in ("ccomp", "xcomp") and tok.head.i < date.i:
        own = {t.i for t in below.subtree} if below is not tok else {date.i}
        rest = [t.i for t in tok.subtree if t.i not in own]
        if rest and date.i < min(rest):
            return tok.head.i
    return tok.i
