"""Questions about a token's place in the parse that the extraction modules share:
its objects, whether it is passive or an infinitive, what a relative clause hangs on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .words import WordClasses

if TYPE_CHECKING:
    from spacy.tokens import Token


def objects(verb: Token, words: WordClasses) -> list[Token]:
    """The verb's objects and prepositional objects, through quantifiers and containers."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd")]
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        objs.extend(p for p in prep.children if p.dep_ == "pobj")
    # "held three rounds of talks", "a series of strikes": look through the quantifier.
    for obj in list(objs):
        if obj.lemma_.lower() in words.quantifier_nouns:
            for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
                objs.extend(p for p in prep.children if p.dep_ == "pobj")
    more: list[Token] = []
    for o in objs:
        more.extend(c for c in o.children if c.dep_ == "conj")
        if o.lemma_.lower() in words.container_nouns:
            # "suspended an aid programme": the compound says what is suspended.
            more.extend(c for c in o.children if c.dep_ == "compound")
    return objs + more


def event_subjects(verb: Token) -> list[Token]:
    """The nouns subject of an intransitive verb with no object ("riots continued")."""
    if any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]


def compound_lemma(noun: Token) -> str:
    """The noun with the compound nouns right before it, joined by hyphens: "hunger
    strike" -> "hunger-strike", "war games" -> "war-game"."""
    first = noun.i
    while first > 0 and noun.doc[first - 1].dep_ == "compound" and noun.doc[first - 1].head.i in range(first, noun.i + 1):
        first -= 1
    return "-".join([*(t.lower_ for t in noun.doc[first : noun.i]), noun.lemma_.lower()])


def passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def stative(verb: Token, participles: frozenset[str]) -> bool:
    """A passive that states where its subject stands, not what was done to it: "Israel is
    opposed to the plan" (the participles of ``participles``, with no "by" phrase)."""
    return (
        verb.lemma_.lower() in participles
        and verb.tag_ == "VBN"
        and any(c.dep_ == "nsubjpass" for c in verb.children)
        and not any(c.dep_ == "agent" for c in verb.children)
    )


def agent_nouns(verb: Token) -> list[Token]:
    """The nouns of a passive's "by" phrase."""
    return [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]


def passive_subjects(verb: Token) -> list[Token]:
    """What a passive verb acts on: its own subject, or the subject it shares with
    the clause it is joined to ("Rebels attacked the town and were repelled")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects and verb.dep_ == "conj" and verb.head.i != verb.i:
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects


def misparsed_reduced_relative(verb: Token) -> bool:
    """The small parser reads "The civilians imprisoned for X were released" as
    "civilians imprisoned" plus a subjectless passive "were released" joined with
    no "and". A participle with no auxiliary whose passive conjunct lacks both a
    subject and a conjunction is a reduced relative: its "subject" is its patient."""
    if verb.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("aux", "auxpass", "cc") for c in verb.children):
        return False
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    return any(
        c.dep_ == "conj"
        and any(a.dep_ == "auxpass" for a in c.children)
        and not any(a.dep_ in ("nsubj", "nsubjpass", "cc") for a in c.children)
        for c in verb.children
    )


def relative_antecedent(relcl: Token) -> Token:
    """What "which" refers to: the noun the clause hangs on, or, when that noun
    ends a quotation ("pivot to Asia," which ...), the quoted phrase's own head."""
    head = relcl.head
    doc = head.doc
    between = doc[head.i + 1 : relcl.i]
    if not any(t.text in ('"', "''", "\u201d") for t in between):
        return head
    start = head.i
    while start > 0 and doc[start - 1].text not in ('"', "``", "\u201c") and head.i - start < 12:
        start -= 1
    quoted_span = doc[start : head.i + 1]
    roots = [t for t in quoted_span if t.head.i < start or t.head.i > head.i or t.head.i == t.i]
    return roots[0] if roots else head


def names_a_pair(head: Token) -> bool:
    """"the two leaders", "both sides": a pair named before (not "two diplomats", any two)."""
    both = any(c.dep_ in ("det", "predet") and c.lower_ == "both" for c in head.children)
    two = any(c.dep_ == "nummod" and c.lower_ in ("two", "2") for c in head.children)
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children)
    return both or (two and definite)


def infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def has_that(tok: Token) -> bool:
    """Is the clause introduced by "that" or "whether"?"""
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in tok.children)
