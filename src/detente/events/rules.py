"""The named rules that add, change or drop a sentence's candidate events once every
clause has been coded, and the one order they run in (``RULES``).

A rule takes the sentence and its candidates and returns the new candidates. Each
names in its docstring the construction it handles, with an example.
"""

from __future__ import annotations

from collections.abc import Callable

from . import syntax
from .arguments import find_sources, same_side
from .codes import ACCUSABLE_ROOTS, ACCUSATION_CODE, HOST_CODE, STATE_FORCE_SECTORS, VISIT_CODE
from .frame import combine_modality
from .records import Candidate, SentenceContext

Rule = Callable[[SentenceContext, list[Candidate]], list[Candidate]]


def questions_are_hypothetical(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """A question asserts nothing: "Will Chile recall its ambassador from Lima?"
    makes every event of the sentence hypothetical."""
    if not ctx.span.text.rstrip().endswith("?"):
        return candidates
    return [
        Candidate(c.code, c.rule, c.trigger, c.source, c.target, combine_modality(c.modality, "hypothetical"), c.confidence)
        for c in candidates
    ]


def accuse_users_of_force(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """Saying that someone else used force is accusing them: "Kenya said Somali
    militants had shelled Mandera" adds Kenya -> the militants (112) beside the
    reported shelling. Reporting one's own side ("..., the army said") is no accusation."""
    extra: list[Candidate] = []
    doc = ctx.span.doc
    for cand in candidates:
        if cand.code[:2] not in ACCUSABLE_ROOTS or cand.modality not in ("reported",):
            continue
        verb = doc[cand.trigger[-1]]
        node, steps = verb, 0
        while node.dep_ in ("xcomp", "conj") and steps < 4:
            node, steps = node.head, steps + 1
        if node.dep_ != "ccomp" or node.head.lemma_.lower() not in ctx.words.say_verbs:
            continue
        say = node.head
        for speaker in find_sources(ctx, say):
            unnamed = cand.source.code.startswith("---") and cand.source.sector not in STATE_FORCE_SECTORS
            named = bool(speaker.country) or speaker.kind == "organization"
            if not named or unnamed or same_side(cand.source, [speaker]):
                continue  # "..., the army said" reports; it does not accuse its own side
            extra.append(
                Candidate(
                    ACCUSATION_CODE,
                    f"accuse:say({say.lemma_})+{cand.code}",
                    (say.i,),
                    speaker,
                    cand.source,
                    "asserted",
                    round(max(cand.confidence - 0.1, 0.1), 2),
                )
            )
    return candidates + extra


def drop_claims_held_by_accusations(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """"Kenya said Somali militants carried out attacks": the claimed violence names
    no victim, so the accusation (112 against the militants) is the whole interaction;
    a claimed act with a victim stays as its own event ("... carried out killings in
    Mandera")."""
    accused = {c.target.code for c in candidates if c.code == ACCUSATION_CODE and c.target is not None}
    return [
        c
        for c in candidates
        if not (
            c.target is None
            and c.modality == "reported"
            and c.code[:2] in ACCUSABLE_ROOTS
            and c.source.code in accused
        )
    ]


def add_visits_of_hosted(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """Hosting someone (043) is their visit (042) seen from the other side: "Ghana
    hosted envoys from Togo" is also Togo's visit to Ghana, as CAMEO codes both."""
    return candidates + [
        Candidate(
            VISIT_CODE,
            f"{c.rule} +visit",
            c.trigger,
            c.target,
            c.source,
            c.modality,
            round(max(c.confidence - 0.1, 0.1), 2),
        )
        for c in candidates
        if c.code == HOST_CODE and c.target is not None and c.target.country is not None
    ]


def drop_purpose_echoes(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """"Chile and Peru will meet in Quito to discuss fishing rights": the discussion is
    the meeting's purpose, not a second event between the same two parties."""
    doc = ctx.span.doc

    def pair(c: Candidate) -> tuple[str, str | None]:
        return (c.source.code, c.target.code if c.target else None)

    by_trigger: dict[int, set[tuple[str, str | None]]] = {}
    for c in candidates:
        by_trigger.setdefault(c.trigger[-1], set()).add(pair(c))
    out = []
    for c in candidates:
        verb = doc[c.trigger[-1]]
        if verb.dep_ == "advcl" and syntax.infinitive(verb) and pair(c) in by_trigger.get(verb.head.i, set()):
            continue
        out.append(c)
    return out


def drop_duplicates(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """One act found twice is one event: "Chile condemned Peru and the Peruvians" finds
    Chile -> Peru (111) through both objects; the first with the same code, source,
    target and verb stays."""
    seen: set[tuple[str, str, str | None, int]] = set()
    out = []
    for c in candidates:
        key = (c.code, c.source.code, c.target.code if c.target else None, c.trigger[-1])
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def drop_vaguer_targets(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """One act aimed at a country and at a part of it is aimed at the part: "Chile
    criticised Peru and the Peruvian navy" is aimed at the navy (PERMIL, not PER).
    Keep the most specific target code of a country per act."""

    def act(c: Candidate) -> tuple[str, str, int]:
        return (c.code, c.source.code, c.trigger[0])

    return [
        c
        for c in candidates
        if c.target is None
        or not any(
            act(o) == act(c)
            and o.target is not None
            and o.target.code != c.target.code
            and o.target.code.startswith(c.target.code)
            for o in candidates
        )
    ]


def drop_targetless_twins(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """An event with no target of a known country adds nothing beside one of the same
    root and source that has one: in "Chile's foreign minister met Peru's foreign
    minister and then met reporters" the meeting with reporters goes."""
    aimed = {(c.code[:2], c.source.code) for c in candidates if c.target is not None and c.target.country}
    return [
        c
        for c in candidates
        if (c.target is not None and c.target.country) or (c.code[:2], c.source.code) not in aimed
    ]


def drop_bare_statements(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """A statement (01x) is an event only when it is addressed to someone, and a plain
    one (010) only when the sentence codes nothing more specific: "Chile said Peru had
    seized a trawler" is about the seizure; "Chile hoped for calm" is no interaction."""
    if any(c.code != "010" for c in candidates):
        candidates = [c for c in candidates if c.code != "010"]
    # A statement with no one addressed is not an interaction.
    return [c for c in candidates if c.target is not None or not c.code.startswith("01")]


#: The rules in the order they run. The accusations come before the claims they
#: hold are dropped, and the added visits before the duplicates are.
RULES: tuple[Rule, ...] = (
    questions_are_hypothetical,
    accuse_users_of_force,
    drop_claims_held_by_accusations,
    add_visits_of_hosted,
    drop_purpose_echoes,
    drop_duplicates,
    drop_vaguer_targets,
    drop_targetless_twins,
    drop_bare_statements,
)


def apply_rules(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """Run ``RULES`` over the sentence's candidates, in order."""
    for rule in RULES:
        candidates = rule(ctx, candidates)
    return candidates
