"""Clauses to event candidates: the orchestration of one sentence's extraction.

For each verb of a sentence, innermost clause first, ``EventExtractor`` looks the verb
up in the lexicon (``match``), finds the clause's frame (frame.py: composition and
modality), its sources and targets (arguments.py) and its place (places.py), and builds
the candidates; the named rules (rules.py) then add, change and drop candidates over
the whole sentence. The word lists it all reads are data/word_classes.tsv (words.py).

Given a ``SentenceTrace`` (explain.py), ``extract`` also records the verbs it read, the
frames of their clauses and what each rule did to the candidates; without one it records
nothing and runs ``apply_rules`` as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..actors.resolver import ActorRef, ActorResolver, DocumentMemory, is_place
from ..model import Modality
from . import rules, syntax
from .arguments import (
    condition_subjects,
    find_sources,
    find_targets,
    find_unknown_doer,
    governing_preposition,
    protest_aims,
)
from .codes import AIM_ROOTS, AUTHORITY_ROOTS, JOINT_ROOTS, PLACED_ROOTS, PROTEST_ROOTS, UNKNOWN_SOURCE_ROOTS
from .frame import FUTURE, ULTIMATUM, Frame, combine_modality, conditional_threat, find_frame, modality_of
from .lexicon import Lexicon, Pattern
from .phrases import find_prep_objects, joint_partners, remember_actors
from .policies import CodePolicies
from .places import find_place_targets, find_places, place_actors, place_generic_sources, place_peoples
from .records import Candidate, SentenceContext
from .rules import apply_rules
from .words import WordClasses

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .explain import SentenceTrace

__all__ = ["Candidate", "EventExtractor", "tree_depth"]

# The lexicon's object item for "someone named": "call ~@actor".
ACTOR_OBJECT = "@actor"


class EventExtractor:
    """Finds the candidate events of one sentence at a time, with the lexicon's verb
    patterns, composition table and word classes, and the code policies; it keeps no state
    between sentences."""

    def __init__(self, lexicon: Lexicon, resolver: ActorResolver, policies: CodePolicies) -> None:
        if lexicon.words is None:
            raise ValueError("the lexicon has no word classes (read it with word_classes=, or use Lexicon.from_defaults())")
        self.lexicon = lexicon
        self.resolver = resolver
        self.policies = policies
        self.words: WordClasses = lexicon.words

    def extract(
        self,
        span: SpacySpan,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
        *,
        trace: SentenceTrace | None = None,
    ) -> list[Candidate]:
        ctx = SentenceContext(span, sentence_index, found, memory, self.resolver, self.words, self.policies)
        # Record the sentence's actors first, so pronouns can point back
        # within the sentence: "Obama said he would ...".
        remember_actors(ctx)
        candidates: list[Candidate] = []
        consumed: set[int] = set()
        verbs = [
            t for t in span if t.pos_ in ("VERB", "AUX") or (t.lower_ in self.words.intent_adjectives and t.pos_ == "ADJ")
        ]
        # Inner clauses first so wrappers know whether their complement was coded.
        verbs.sort(key=lambda t: -tree_depth(t))
        for verb in verbs:
            if verb.i in consumed:
                if trace is not None:
                    trace.skipped(verb)
                continue
            pattern = self.match(verb)
            if verb.lemma_.lower() in self.words.transparent_verbs and any(c.dep_ == "xcomp" for c in verb.children):
                pattern = None
                if trace is not None:
                    trace.transparent(verb)
            clause = self._code_clause(ctx, verb, pattern, consumed, trace=trace)
            if trace is not None:
                trace.coded(verb, clause)
            candidates.extend(clause)
        if trace is None:
            return apply_rules(ctx, candidates)
        for rule in rules.RULES:  # apply_rules, one rule at a time, for the trace
            before = list(candidates)  # a copy: a rule could change the list it is given
            candidates = rule(ctx, candidates)
            trace.step(getattr(rule, "__name__", repr(rule)), before, candidates)
        return candidates

    def match(self, verb: Token) -> Pattern | None:
        """The most specific lexicon pattern the verb and its dependents fit."""
        lemma = verb.lemma_.lower()
        # "re-open", "co-sponsor": the lexicon writes the verb without the hyphen.
        candidates = self.lexicon.candidates(lemma) or self.lexicon.candidates(lemma.replace("-", ""))
        if not candidates:
            return None
        attached = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "agent", "advmod", "dative")}
        object_tokens = syntax.objects(verb, self.words)
        objects = {o.lemma_.lower() for o in object_tokens}
        # "a hunger strike", "war games": the lexicon writes a compound noun with a hyphen
        # ("~hunger-strike"), so that it is not the bare head ("~strike", a labour strike).
        objects.update(syntax.compound_lemma(o) for o in object_tokens if any(c.dep_ == "compound" for c in o.children))
        if syntax.passive(verb):
            objects.update(o.lemma_.lower() for o in syntax.passive_subjects(verb))
        if lemma in self.words.occurrence_verbs:
            # "Palestinian riots are continuing": the subject names the event.
            subjects = syntax.event_subjects(verb)
            objects.update(o.lemma_.lower() for o in subjects)
            objects.update(syntax.compound_lemma(o) for o in subjects)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            objects.add(verb.head.lemma_.lower())  # "sanctions imposed on Iran", "a report released"
        if any(o.dep_ in ("dobj", "dative") and o.pos_ in ("PROPN", "PRON") for o in verb.children):
            objects.add(ACTOR_OBJECT)
        near = attached | {c.lower_ for o in object_tokens for c in o.children if c.dep_ == "prep"}
        for pattern in candidates:
            if any(p not in attached for p in pattern.particles):
                continue
            if pattern.reverse and pattern.reverse not in near:
                continue
            if pattern.objects is not None and not (pattern.objects & objects):
                continue
            return pattern
        return None

    def _code_clause(
        self,
        ctx: SentenceContext,
        verb: Token,
        pattern: Pattern | None,
        consumed: set[int],
        *,
        trace: SentenceTrace | None = None,
    ) -> list[Candidate]:
        """The events of one clause: its pattern's code, composed and given a modality
        by the clause's frame, between the sources and targets found for it."""
        frame = find_frame(ctx, verb)
        code = pattern.code if pattern else None
        rule = f"verbs.tsv:{pattern.line} {pattern.text}" if pattern else ""
        own_modality = modality_of(verb, frame, ctx.words)
        if trace is not None:
            trace.clause(verb, pattern, frame, own_modality)
        family = frame.family
        if family is None and own_modality == FUTURE and code is not None:
            # "X will supply arms", "is due to visit": CAMEO codes an announced
            # act as the intent to do it (03x), not as the act.
            family, rule = "intent", rule + " +future"
        if own_modality == FUTURE:
            own_modality = Modality.INTENDED
        if family is not None:
            if code is None and (frame.wrapper is None or (not frame.target_override and family not in ("reject", "threaten"))):
                # An uncoded complement composes only when the wrapper names
                # whom it addresses ("urged Iran to show restraint"), or when
                # it is refused or threatened: "refused to respond" is a rejection and
                # "warned it would take steps against Estonia" a threat, whatever the act.
                return []
            composed = self.lexicon.compose(family, code or "")
            if composed is None:
                return []
            code = composed
            rule = (rule + " " if rule else "") + frame.rule
            if frame.wrapper is not None and (
                frame.wrapper.lemma_.lower() in self.words.ultimatum_nouns or frame.rule.startswith(f"compose:{ULTIMATUM}")
            ):
                code, rule = self.policies.ultimatum, rule + " +ultimatum"
            if frame.wrapper is not None:
                consumed.add(frame.wrapper.i)
        if code is None:
            return []
        if code[:2] == "18":
            code = _by_weapon(verb, code, ctx.words, ctx.policies)
        if family == "intent" and code is not None and conditional_threat(verb, code):
            # "will withdraw its force unless ...", "would strike if ...": a threat.
            family, rule = "threaten", rule + " +conditional"
            composed = self.lexicon.compose("threaten", pattern.code if pattern else "")
            if composed is not None:
                code = composed
        if own_modality == Modality.NEGATED and family == "intent" and code is not None:
            # "said he would not provide support": refusing, not a negated promise.
            rejected = self.lexicon.compose("reject", pattern.code if pattern else "")
            if rejected is not None:
                code, family, own_modality = rejected, "reject", Modality.ASSERTED
                rule += " +negated-intent"
        modality = combine_modality(frame.modality, own_modality)
        if family in ("intent", "threaten") and modality in (Modality.ASSERTED, Modality.REPORTED):
            modality = Modality.INTENDED
        sources = frame.source_override or find_sources(ctx, verb)
        if pattern is not None and pattern.reverse and frame.source_override is None:
            # "X received weapons from Y": Y gives, X receives.
            givers = find_prep_objects(ctx, verb, (pattern.reverse,))
            for obj in syntax.objects(verb, ctx.words) if not givers else ():
                # "received assurances from the government", "faces pressure from Congress"
                givers = find_prep_objects(ctx, obj, (pattern.reverse,))
                if givers:
                    break
            if givers:
                receivers = sources
                sources = givers
                if not frame.target_override:
                    frame = Frame(frame.family, frame.modality, frame.wrapper, None, receivers or None, frame.rule)
        targets: list[ActorRef | None]
        if frame.target_override:
            targets = list(frame.target_override)
        else:
            found_targets = find_targets(ctx, verb, pattern, avoid={s.code for s in sources})
            targets = list(found_targets) if found_targets else [None]
        crowd_of_the_place = False
        if targets == [None] and family == "threaten":
            # "threatened to retaliate unless Greece withdrew its ships": the threat is
            # aimed at whoever must meet its condition.
            targets = [*condition_subjects(ctx, verb, frame.wrapper)] or [None]
        if not sources and code[:2] in PROTEST_ROOTS and verb.lemma_.lower() in self.words.occurrence_verbs:
            # "Protests erupted in Minsk", "riots in Nairobi continued": protesters of the place.
            where = [verb, *syntax.event_subjects(verb)]
            sources = [replace(p, weak=True) for h in where for p in find_places(ctx, h, sector="OPP")][:1]
            crowd_of_the_place = bool(sources)
        if not sources and code[:2] in AUTHORITY_ROOTS and syntax.passive(verb):
            # "was arrested in Lebanon": coercion by the authorities of the place.
            sources = [replace(p, weak=True) for p in find_places(ctx, verb, sector="GOV")][:1]
        if not sources and code[:2] in UNKNOWN_SOURCE_ROOTS and targets != [None]:
            # "rockets were fired at Israel from Lebanon": the place it came from.
            origins = [replace(p, weak=True) for p in find_places(ctx, verb, ("from",))]
            # "A roadside bomb killed two US soldiers": violence against a known
            # victim is an event even when the perpetrator is unknown ("---").
            sources = origins[:1] or find_unknown_doer(verb, ctx.words)
        source_codes = {s.code for s in sources}
        targets = [t for t in targets if t is None or not (t.pronoun and t.code in source_codes)] or [None]
        if code[:2] in PLACED_ROOTS:
            sources, targets = place_actors(verb, sources, targets, ctx.found, ctx.sectors, coercion=code[:2] == "17")
        else:
            sources = place_generic_sources(verb, sources, ctx.found, ctx.sectors)
        sources, targets = place_peoples(verb, sources, targets, ctx.found)
        if code[:2] in PROTEST_ROOTS and all(t is None or self._only_where(ctx, t, verb) for t in targets):
            # "marched to demand the resignation of President X", "marched in Caracas in
            # defiance of the government": whom the protest wants something of, before where it was
            aims = protest_aims(ctx, verb, {s.code for s in sources}, self._states_an_aim)
            targets = list(aims) if aims else targets
        if targets == [None] and not crowd_of_the_place:
            # An announced or threatened act is aimed where the act would be: "threatened
            # to impose a curfew in Kano" aims at Nigeria as the curfew does.
            act = pattern.code if pattern is not None and family in ("intent", "threaten") else code
            targets = find_place_targets(ctx, verb, act, sources)
        # "Obama and Putin met in Zurich": a meeting on neither side's ground is 044.
        venue = next((p.country for p in find_places(ctx, verb)), None) if code == ctx.policies.meeting else None
        if targets == [None] and len(sources) > 1 and code[:2] in JOINT_ROOTS:
            # "Brazil and the US agreed to ...": each is the other's partner.
            return [
                c
                for s in sources
                for c in self._build(
                    code,
                    rule,
                    verb,
                    frame,
                    [s],
                    joint_partners(s, sources),
                    modality,
                    family,
                    joint=True,
                    venue=venue,
                )
            ]
        if code[:2] == "17" and sources and all(s.sector in ctx.sectors.protester for s in sources):
            # Coercion (17) is the act of those with power over the target; protesters
            # smashing or burning things are rioting: "protest violently, riot" (145).
            code, rule = ctx.policies.riot, rule + " +riot"
        return self._build(code, rule, verb, frame, sources, targets, modality, family, venue=venue)

    def _only_where(self, ctx: SentenceContext, ref: ActorRef, verb: Token) -> bool:
        """Is the mention a place named only as where the clause happened ("in Hong Kong")?"""
        return is_place(ref) and governing_preposition(ctx, ref, verb) in self.words.locative_prepositions

    def _states_an_aim(self, verb: Token) -> bool:
        """Does the clause appeal, demand, complain, reject or protest (AIM_ROOTS)?"""
        pattern = self.match(verb)
        return pattern is not None and pattern.code[:2] in AIM_ROOTS

    def _build(
        self,
        code: str,
        rule: str,
        verb: Token,
        frame: Frame,
        sources: Sequence[ActorRef],
        targets: Sequence[ActorRef | None],
        modality: Modality,
        family: str | None,
        *,
        joint: bool = False,
        venue: str | None = None,
    ) -> list[Candidate]:
        trigger = (frame.wrapper.i, verb.i) if frame.wrapper is not None and frame.wrapper.i != verb.i else (verb.i,)
        out = []
        for source in sources:
            for target in targets:
                if target is not None and (target.code == source.code or (_overlaps(source, target) and not joint)):
                    continue
                confidence = 0.9
                if target is None:
                    confidence -= 0.25
                if source.weak or (target is not None and target.weak):
                    confidence -= 0.2
                if source.pronoun:
                    confidence -= 0.1
                if family is not None:
                    confidence -= 0.05
                this = code
                if venue and target is not None and source.country and target.country and venue not in (source.country, target.country):
                    this = self.policies.third_place_meeting
                out.append(
                    Candidate(this, rule.strip(), trigger, source, target, modality, round(max(confidence, 0.1), 2))
                )
        return out


def _by_weapon(verb: Token, code: str, words: WordClasses, policies: CodePolicies) -> str:
    """A bombing done with an army's weapons is military force: "blown up by a
    surface-to-air missile" is 195 (aerial weapons), "by tank fire" 194 (the code
    policies aerial_weapons and artillery)."""
    instruments = [
        p
        for prep in verb.children
        if prep.dep_ in ("agent", "prep") and prep.lower_ in ("by", "with")
        for p in prep.children
        if p.dep_ == "pobj"
    ]
    for tok in instruments:
        lemma = tok.lemma_.lower()
        if lemma in words.aerial_weapons:
            return policies.aerial_weapons
        if lemma in words.artillery_weapons:
            return policies.artillery
    return code


def tree_depth(tok: Token) -> int:
    """How many heads lie above the token in its parse."""
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _overlaps(a: ActorRef, b: ActorRef) -> bool:
    return a.first < b.last and b.first < a.last
