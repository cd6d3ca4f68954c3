"""The named rules that add, change or drop a sentence's candidate events once every
clause has been coded, and the one order they run in (``RULES``).

A rule takes the sentence and its candidates and returns the new candidates. Each
names in its docstring the construction it handles, with an example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from . import syntax
from .arguments import find_sources, governing_preposition, same_side
from ..model import ActorKind, Modality
from .codes import ACCUSABLE_ROOTS, JOINT_ROOTS
from .frame import combine_modality
from .phrases import joint_partners
from .records import Candidate, SentenceContext

Rule = Callable[[SentenceContext, list[Candidate]], list[Candidate]]


def questions_are_hypothetical(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """A question asserts nothing: "Will Chile recall its ambassador from Lima?"
    makes every event of the sentence hypothetical."""
    if not ctx.span.text.rstrip().endswith("?"):
        return candidates
    return [
        Candidate(c.code, c.rule, c.trigger, c.source, c.target, combine_modality(c.modality, Modality.HYPOTHETICAL), c.confidence)
        for c in candidates
    ]


def accuse_users_of_force(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """Saying that someone else used force is accusing them: "Kenya said Somali
    militants had shelled Mandera" adds Kenya -> the militants (112) beside the
    reported shelling. Reporting one's own side ("..., the army said") is no accusation."""
    extra: list[Candidate] = []
    doc = ctx.span.doc
    for cand in candidates:
        if cand.code[:2] not in ACCUSABLE_ROOTS or cand.modality not in (Modality.REPORTED,):
            continue
        verb = doc[cand.trigger[-1]]
        node, steps = verb, 0
        while node.dep_ in ("xcomp", "conj") and steps < 4:
            node, steps = node.head, steps + 1
        if node.dep_ != "ccomp" or node.head.lemma_.lower() not in ctx.words.say_verbs:
            continue
        say = node.head
        for speaker in find_sources(ctx, say):
            unnamed = cand.source.code.startswith("---") and cand.source.sector not in ctx.sectors.state_force
            named = bool(speaker.country) or speaker.kind == ActorKind.ORGANIZATION
            if not named or unnamed or same_side(cand.source, [speaker]):
                continue  # "..., the army said" reports; it does not accuse its own side
            extra.append(
                Candidate(
                    ctx.policies.accusation,
                    f"accuse:say({say.lemma_})+{cand.code}",
                    (say.i,),
                    speaker,
                    cand.source,
                    Modality.ASSERTED,
                    round(max(cand.confidence - 0.1, 0.1), 2),
                )
            )
    return candidates + extra


def drop_claims_held_by_accusations(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """"Kenya said Somali militants carried out attacks": the claimed violence names
    no victim, so the accusation (112 against the militants) is the whole interaction;
    a claimed act with a victim stays as its own event ("... carried out killings in
    Mandera")."""
    accused = {c.target.code for c in candidates if c.code == ctx.policies.accusation and c.target is not None}
    return [
        c
        for c in candidates
        if not (
            c.target is None
            and c.modality == Modality.REPORTED
            and c.code[:2] in ACCUSABLE_ROOTS
            and c.source.code in accused
        )
    ]


def add_visits_of_hosted(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """Hosting someone (043) is their visit (042) seen from the other side: "Ghana
    hosted envoys from Togo" is also Togo's visit to Ghana, as CAMEO codes both."""
    return candidates + [
        Candidate(
            ctx.policies.hosted_visit,
            f"{c.rule} +visit",
            c.trigger,
            c.target,
            c.source,
            c.modality,
            round(max(c.confidence - 0.1, 0.1), 2),
        )
        for c in candidates
        if c.code == ctx.policies.hosting and c.target is not None and c.target.country is not None
    ]


def purpose_clauses_inherit_the_partner(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """A purpose clause with no target of its own is aimed at its main clause's partner:
    "Qatar sent a delegation to Gaza to deliver aid" is aid to the Palestinians."""
    doc = ctx.span.doc
    partners: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.target is not None:
            partners.setdefault(c.trigger[-1], []).append(c)
    out: list[Candidate] = []
    for c in candidates:
        verb = doc[c.trigger[-1]]
        if c.target is None and verb.dep_ == "advcl" and syntax.infinitive(verb):
            main = [m for m in partners.get(verb.head.i, []) if m.source.code == c.source.code and m.target is not None]
            if main:
                out.extend(replace(c, target=m.target, rule=f"{c.rule} +purpose") for m in main)
                continue
        out.append(c)
    return out


def drop_purpose_echoes(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """"Chile and Peru will meet in Quito to discuss fishing rights": talking (04) as
    the purpose of a meeting or a visit between the same two parties is no second event.
    A purpose of another kind stays ("sent envoys to Gaza to deliver aid")."""
    doc = ctx.span.doc

    def pair(c: Candidate) -> tuple[str, str | None]:
        return (c.source.code, c.target.code if c.target else None)

    by_trigger: dict[int, set[tuple[str, str | None]]] = {}
    for c in candidates:
        by_trigger.setdefault(c.trigger[-1], set()).add(pair(c))
    out = []
    for c in candidates:
        verb = doc[c.trigger[-1]]
        if (
            c.code[:2] == "04"
            and verb.dep_ == "advcl"
            and syntax.infinitive(verb)
            and pair(c) in by_trigger.get(verb.head.i, set())
        ):
            continue
        out.append(c)
    return out


def aim_reactions_at_the_act_answered(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """A reaction with no target is aimed at the actor of the act it answers: in
    "Chile closed its border with Peru, and Lima vowed to respond" Peru's threat targets
    Chile; in "Chile raised its tariffs. Peru condemned the move." the condemnation does.
    A reaction is a verb that answers (respond, retaliate) or an act whose object is a
    definite noun for someone's act ("the decision", "the accusation"); the actor
    answered is the latest subject before it on another side. A vow to respond is a
    threat (130)."""
    doc = ctx.span.doc
    out: list[Candidate] = []
    for c in candidates:
        verb = doc[c.trigger[-1]]
        answering = verb.lemma_.lower() in ctx.words.reaction_verbs
        nouns = [
            o
            for o in syntax.objects(verb, ctx.words)
            if o.lemma_.lower() in ctx.words.reaction_nouns
            and any(d.dep_ == "det" and d.lower_ in ctx.words.definite_determiners for d in o.children)
        ]
        if c.target is not None or not (answering or nouns):
            out.append(c)
            continue
        before = (ctx.index, min(c.source.first, verb.i))
        answered = next(
            (
                (key, actor)
                for key, actor, subject, _ in reversed(ctx.memory.mentioned)
                if subject and key < before and not same_side(actor, [c.source]) and actor.country is not None
            ),
            None,
        )
        if answered is None or (answered[0][0] != ctx.index and not nouns):
            out.append(c)  # an actor of an earlier sentence needs a noun here to stand for it
            continue
        key, actor = answered
        if key[0] != ctx.index:
            noun = nouns[0]
            actor = replace(actor, first=noun.left_edge.i, last=noun.i + 1, pronoun=True, weak=False)
        code, rule = c.code, f"{c.rule} +reaction"
        if answering and c.modality == Modality.INTENDED and code.startswith("01"):
            code, rule = ctx.policies.vowed_response, rule + "+threat"
        out.append(replace(c, code=code, rule=rule, target=actor))
    return out


def pair_joint_subjects(ctx: SentenceContext, candidates: list[Candidate]) -> list[Candidate]:
    """Coordinated subjects of a joint act (meeting, agreeing, cooperating, fighting) are
    each other's partners when the act names no other partner: "Chile and Peru renewed
    talks on the Bolivian border" and "Chile and Peru met at the United Nations"
    join Chile and Peru both ways; the venue or topic is no partner. A partner named as
    the object or with "with", "to" or "against" stays ("Chile and Peru met Bolivia")."""
    doc = ctx.span.doc
    by_trigger: dict[tuple[int, ...], list[Candidate]] = {}
    for c in candidates:
        if c.code[:2] in JOINT_ROOTS:
            by_trigger.setdefault(c.trigger, []).append(c)
    replaced: dict[tuple[int, ...], list[Candidate]] = {}
    for trigger, group in by_trigger.items():
        sources = list({c.source.code: c.source for c in group}.values())
        codes = {s.code for s in sources}
        if len(sources) < 2 or all(c.target is not None and c.target.code in codes for c in group):
            continue  # one subject, or already paired (events/extract.py)
        verb = doc[trigger[-1]]
        partners = [
            c
            for c in group
            if c.target is not None
            and c.target.code not in codes
            and governing_preposition(ctx, c.target, verb) not in ctx.words.venue_prepositions
        ]
        if partners:
            continue
        first = group[0]
        replaced[trigger] = [
            Candidate(first.code, f"{first.rule} +joint", trigger, s, t, first.modality, first.confidence)
            for s in sources
            for t in joint_partners(s, sources)
        ]
    if not replaced:
        return candidates
    # Each replaced group's pairs stand where its first candidate stood; the group's
    # other candidates (the venue or topic targets) go.
    out: list[Candidate] = []
    placed: set[tuple[int, ...]] = set()
    for c in candidates:
        if c.trigger not in replaced or c.code[:2] not in JOINT_ROOTS:
            out.append(c)
        elif c.trigger not in placed:
            placed.add(c.trigger)
            out.extend(replaced[c.trigger])
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
    """A statement (01x) is an event only when it is addressed to someone or speaks
    about a third party, and a plain one (010) only when no more specific event of the
    sentence involves the actor it is about: "Chile said Peru had underreported its
    catch" is a statement about Peru, while in "Chile said Peru had seized a trawler"
    the seizure (Peru's own act) says it, and in "Chile said Peru must free the crew"
    the demand does; "Chile hoped for calm" is no interaction."""
    involved = {
        code
        for c in candidates
        if c.code != "010"
        for code in (c.source.code, c.target.code if c.target else None)
        if code is not None
    }
    candidates = [c for c in candidates if c.code != "010" or c.target is None or c.target.code not in involved]
    # A statement with no one addressed is not an interaction.
    return [c for c in candidates if c.target is not None or not c.code.startswith("01")]


#: The rules in the order they run. The accusations come before the claims they
#: hold are dropped, and the added visits before the duplicates are.
RULES: tuple[Rule, ...] = (
    questions_are_hypothetical,
    accuse_users_of_force,
    drop_claims_held_by_accusations,
    add_visits_of_hosted,
    purpose_clauses_inherit_the_partner,
    drop_purpose_echoes,
    aim_reactions_at_the_act_answered,
    pair_joint_subjects,
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
