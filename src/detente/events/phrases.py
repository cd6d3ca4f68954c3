"""The actors that noun phrases name: through conjuncts ("France and Germany"), pairs
("the two leaders"), "they" for a coordinated subject and coordinated modifiers ("US
and British activists"), and the record of a sentence's actors for later pronouns."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..actors.resolver import QUANTIFIERS, ActorRef
from ..model import ActorKind
from ..nlp import quoted
from . import syntax
from .records import SentenceContext

if TYPE_CHECKING:
    from spacy.tokens import Token


def find_actors(
    ctx: SentenceContext,
    heads: Iterable[Token],
    *,
    allow_weak: bool = True,
    possessor: bool = True,
    weak_heads: frozenset[str] | None = None,
) -> list[ActorRef]:
    """Actors of the phrases headed by ``heads`` and their conjuncts.
    ``weak_heads``: allow adjective-only actors just on these head nouns."""
    out: list[ActorRef] = []
    for head in heads:
        qualified = any(c.i in ctx.found for c in head.children if c.dep_ in ("amod", "compound", "poss"))
        if head.lemma_.lower() in ctx.words.pair_heads and syntax.names_a_pair(head) and not qualified:
            # "the two leaders", "both sides": the last two parties mentioned.
            for party in ctx.memory.last_pair(ctx.index):
                out.append(
                    ActorRef(party.code, party.country, party.sector, party.kind, head.left_edge.i, head.i + 1, pronoun=True)
                )
            continue
        if head.lower_ in ("they", "them"):
            group = _coordinated_antecedent(ctx, head)
            if group:
                out.extend(g for g in group if all(r.code != g.code for r in out))
                continue
        conjuncts = list(ctx.resolver.expand_conjuncts(head, ctx.found))
        for counted in _counted(head):
            # "dozens of Kenyan and Ugandan traders": the people counted, each
            conjuncts += [t for t in ctx.resolver.expand_conjuncts(counted, ctx.found)[1:] if t not in conjuncts]
        named: list[Token] = []
        for tok in conjuncts:
            if _add_actor(ctx, tok, out, allow_weak=allow_weak, possessor=possessor, weak_heads=weak_heads):
                named.append(tok)
        for tok in _conjuncts_after_an_aside(ctx, named):
            _add_actor(ctx, tok, out, allow_weak=allow_weak, possessor=possessor, weak_heads=weak_heads)
    return out


def joint_partners(source: ActorRef, sources: Sequence[ActorRef]) -> list[ActorRef]:
    """The partners of ``source`` in a joint act of ``sources`` ("Brazil and the US
    agreed"): the others. Parties named by one phrase ("the two Koreas", "the P5+1")
    are each other's partners only when no one else is: "Iran and the P5+1 agreed"
    joins Iran with each of the six, not the six with each other."""
    one_phrase = len({(s.first, s.last) for s in sources}) == 1
    return [
        t for t in sources if t.code != source.code and (one_phrase or (t.first, t.last) != (source.first, source.last))
    ]


def _add_actor(
    ctx: SentenceContext,
    tok: Token,
    out: list[ActorRef],
    *,
    allow_weak: bool,
    possessor: bool,
    weak_heads: frozenset[str] | None,
) -> bool:
    """Add the actor ``tok`` names (and its coordinated modifiers) to ``out``; False when it names none."""
    weak_ok = allow_weak if weak_heads is None else tok.lemma_.lower() in weak_heads
    ref = ctx.resolver.actor_at(tok, ctx.found, ctx.memory, ctx.index, allow_weak=weak_ok, possessor=possessor)
    if ref is None:
        return False
    for named in _coordinated_modifiers(tok, ref, ctx.found):
        for each in ctx.resolver.members(named):
            if all(r.code != each.code or r.first != each.first for r in out):
                out.append(each)
    return True


#: The longest aside between a conjunction and its conjunct ("and, with conditions, Cuba").
ASIDE_TOKENS = 6


def _conjuncts_after_an_aside(ctx: SentenceContext, conjuncts: list[Token]) -> list[Token]:
    """"to Iran, Libya and, with conditions, Cuba": the parser hangs the conjunct after
    a comma-bounded aside elsewhere; the name right after the aside's closing comma is
    one more conjunct when nothing else governs it as an actor of the clause."""
    doc = ctx.span.doc
    out: list[Token] = []
    group = {t.i for t in conjuncts}
    last = max(group, default=-1)
    for tok in conjuncts:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            continue  # subjects come before their verb: an aside after it is another clause
        # the "and" hangs from the last conjunct, or from the verb or preposition above it
        above = [tok, tok.head, tok.head.head]
        for cc in (c for t in above for c in t.children if c.dep_ == "cc" and c.i > last):
            if cc.i + 1 >= len(doc) or doc[cc.i + 1].text != ",":
                continue
            closing = next((k for k in range(cc.i + 2, min(cc.i + 2 + ASIDE_TOKENS, len(doc))) if doc[k].text == ","), None)
            if closing is None or closing + 1 >= len(doc):
                continue
            name = doc[closing + 1]
            if name.i in ctx.found and name.i not in group and name.dep_ not in ("nsubj", "nsubjpass", "dobj"):
                out.append(name)
    return out


def _counted(head: Token) -> list[Token]:
    """What a quantifier counts: "dozens of protesters" -> protesters; else nothing."""
    if head.lower_ not in QUANTIFIERS and head.lemma_.lower() not in QUANTIFIERS:
        return []
    return [p for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"]


def find_prep_objects(ctx: SentenceContext, head: Token, names: Collection[str]) -> list[ActorRef]:
    """The actors named by the first of ``head``'s prepositions ``names`` that names any."""
    for prep in head.children:
        if prep.dep_ in ("prep", "dative", "agent") and prep.lower_ in names:
            pobjs = [p for p in prep.children if p.dep_ == "pobj"]
            got = find_actors(ctx, pobjs)
            if got:
                return got
    return []


def remember_actors(ctx: SentenceContext) -> None:
    """Record the sentence's actors, in order, for later pronouns."""
    for tok in ctx.span:
        if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "ROOT", "conj", "attr"):
            continue
        if tok.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in ctx.words.locative_prepositions:
            continue  # "met in Singapore": a setting, not a party
        ref = ctx.resolver.actor_at(tok, ctx.found, ctx.memory, ctx.index)
        if ref is not None:
            ctx.memory.remember(ctx.index, tok.i, ref, tok.dep_ in ("nsubj", "nsubjpass"), quoted(tok))


def _coordinated_antecedent(ctx: SentenceContext, pronoun: Token) -> list[ActorRef]:
    """"Obama and Putin said they will ...": "they" is the coordinated subject
    of a clause above the pronoun's own."""
    node = pronoun.head
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        for subject in (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")):
            if any(c.dep_ == "conj" for c in subject.children):
                group = find_actors(ctx, [subject], allow_weak=False)
                if len(group) > 1:
                    return [replace(g, first=pronoun.i, last=pronoun.i + 1, pronoun=True) for g in group]
    return []


def _coordinated_modifiers(head: Token, ref: ActorRef, found: dict[int, ActorRef]) -> list[ActorRef]:
    """"US and British activists": one role, two countries; "the Indian and Pakistani
    sides", "the Serbian and Croatian delegations": a plural noun that only qualifies
    its countries stands for each. Each actor's span is then its own country word
    ("US", "British"), so that neither span holds the other side."""
    for _ in range(3):
        # "dozens of Kenyan and Ugandan traders": the people counted
        inner = _counted(head)
        if not inner:
            break
        head = inner[0]
    role = ref.kind == ActorKind.ROLE and ref.sector is not None
    sides = ref.sector is None and ref.country is not None and head.tag_ in ("NNS", "NNPS") and head.i not in found
    if not (role or sides):
        return [ref]
    out: list[ActorRef] = []
    for mod in head.children:
        if mod.dep_ not in ("amod", "compound", "nmod") or mod.i not in found:
            continue
        others = [
            found[c.i]
            for c in mod.children
            if c.dep_ == "conj" and c.i in found and found[c.i].country and found[c.i].country != ref.country
        ]
        if not others:
            continue
        own = found[mod.i]
        out.append(replace(ref, first=own.first, last=own.last))
        for other in others:
            code = str(other.country) + (ref.sector or "")
            kind = ActorKind.ROLE if role else other.kind
            out.append(ActorRef(code, other.country, ref.sector, kind, other.first, other.last))
    return out or [ref]
