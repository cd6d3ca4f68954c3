"""Clauses to event candidates.

For each verb of a sentence we look the verb up in the lexicon, find its
source (subject, passive agent, or the controller of an infinitive) and its
target (object, the preposition the pattern names, indirect object), then
walk up the clause chain to apply composition and modality:

* a wrapper verb over the clause composes a new code: "agreed to resume
  talks" (intent over consult → 036), "urged Iran to release" (appeal →
  0253), "threatened to impose sanctions" (threaten → 1312), "refused to
  meet" (reject → 125);
* a statement verb over the clause makes it ``reported`` and, when the
  clause's subject is the speaker and it speaks of the future, an intent
  ("Trump said he would hold a summit" → 036); "X said Y must ..." is a
  demand of X on Y, "... should ..." an appeal;
* negation, conditionals ("if"), questions and weak modals (may, might,
  could) make the event ``negated`` or ``hypothetical``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..actors.resolver import (
    FOREIGN_POSTS,
    ActorRef,
    ActorResolver,
    DocumentMemory,
    as_country,
    is_place,
    placed_in,
    quoted,
)
from .lexicon import Lexicon, Pattern

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# Verbs that open a composition over their infinitive or clausal complement.
WRAPPERS: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys(
        "agree promise pledge vow offer plan intend decide undertake commit volunteer aim seek "
        "prepare expect hope resolve want wish".split(),
        "intent",
    ),
    **dict.fromkeys("urge ask request appeal plead call encourage invite press exhort implore beg".split(), "appeal"),
    **dict.fromkeys("demand insist order require pressure pressurize pressurise".split(), "demand"),
    **dict.fromkeys("refuse decline reject".split(), "reject"),
    **dict.fromkeys("threaten warn".split(), "threaten"),
    **dict.fromkeys("consider contemplate mull weigh".split(), "consider"),
})
# Adjectives that open an intent over an infinitive: "is ready to negotiate".
INTENT_ADJECTIVES = frozenset("ready willing prepared determined eager keen poised".split())
# Words that put the complement in the future without a promise: "is due to hold".
SCHEDULE_WORDS = frozenset("due set scheduled expected slated poised".split())
# Verbs whose object, not subject, does the complement: "urged Iran to halt".
OBJECT_CONTROL = frozenset(
    "urge ask request call encourage invite press order exhort implore beg force persuade want "
    "pressure pressurize pressurise".split()
)
SAY_VERBS = frozenset(
    "say allege tell state announce add declare claim report suggest stress note write argue assert confirm "
    "explain insist warn tweet repeat reiterate emphasise emphasize acknowledge believe think conclude".split()
)
WARN_VERBS = frozenset({"warn", "threaten", "vow"})
CLAIM_VERBS = frozenset({"claim", "admit", "acknowledge", "confirm", "boast"})
# Verbs that pass their subject to an infinitive and are no event of their own: "helped to plan".
TRANSPARENT = frozenset("help try attempt begin start continue manage".split())
DEMAND_MODALS = frozenset({"must", "have"})
APPEAL_MODALS = frozenset({"should", "ought", "need"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})
WEAK_MODALS = frozenset({"may", "might", "could"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
# Prepositions that commonly introduce the target of an event.
TARGET_PREPOSITIONS = ("with", "against", "on", "to", "toward", "towards", "at", "into", "upon", "over", "for", "from")
# Verbs whose "of V-ing" complement is an allegation.
ACCUSING_VERBS = frozenset({"accuse", "charge", "blame", "suspect", "allege", "indict"})
# Nouns that wrap a clause as verbs do: "its demand that ...", "a call for X to ...".
NOUN_WRAPPERS: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys("demand ultimatum insistence".split(), "demand"),
    **dict.fromkeys("call appeal request plea".split(), "appeal"),
    **dict.fromkeys("pledge promise commitment offer vow".split(), "intent"),
    **dict.fromkeys("threat warning".split(), "threaten"),
})
# Verbs that make a nominal demand or call their subject's: "renewed its call for ...".
MAKING_VERBS = frozenset(
    "make issue renew reiterate repeat voice express deliver send lodge press step echo underline".split()
)
# Adverbs by which the writer passes a claim on rather than vouching for it.
HEDGES = frozenset("reportedly allegedly presumably apparently purportedly supposedly seemingly".split())
# Wrappers that demand over a subjunctive but assert over an indicative clause:
# "insisted that France lift" (a demand), "insisted that the vote was fair" (a claim).
ASSERTING_WRAPPERS = frozenset({"insist"})
# Verbs whose complement the speaker says did not happen: "denied sending drones".
DENIAL_VERBS = frozenset({"deny"})
# A report, rumour or claim called false ("reports that X had Y proved false", "claims
# that ... turned out to be untrue") or refuted ("denied reports that ...", "reports that
# ... were dismissed"): the reported act did not happen.
FALSITY_WORDS = frozenset("false untrue baseless unfounded groundless wrong incorrect inaccurate fabricated fake bogus".split())
REFUTING_VERBS = frozenset("deny dismiss refute debunk disprove".split())
# Subjects that deny the act of the whole clause: "Neither France nor Germany criticised",
# "No country recognised", "Nobody condemned".
NEGATIVE_DETERMINERS = frozenset({"neither", "no"})
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "neither", "no one"})
# Verbs whose infinitive did not happen: "failed to reach agreement".
FAILURE_VERBS = frozenset({"fail", "neglect"})
# The lexicon's object item for "someone named": "call ~@actor".
ACTOR_OBJECT = "@actor"
LOCATIVE_PREPOSITIONS = frozenset("in at near inside outside across throughout around".split())
# Plural heads that refer back to two parties: "the two leaders", "both sides".
PAIR_HEADS = frozenset(
    "leader side country nation government party neighbour neighbor capital minister president "
    "premier official envoy diplomat delegation negotiator army".split()
)
# Documents that speak for whoever issued them.
DOCUMENT_NOUNS = frozenset(
    "statement declaration communique communiqué letter resolution report note message appeal".split()
)
# Violence: unconventional and military force, mass violence.
VIOLENCE_ROOTS = frozenset({"18", "19", "20"})
# Violence with a known victim is coded even when the doer is unknown.
UNKNOWN_SOURCE_ROOTS = VIOLENCE_ROOTS
# "government forces", "security forces": accusable even when no country is named.
STATE_FORCE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
HOST_CODE, VISIT_CODE = "043", "042"
THIRD_PLACE_MEETING = "044"
RIOT_CODE = "145"
# Saying another used force (roots 18-20) is an accusation (112).
ACCUSABLE_ROOTS = VIOLENCE_ROOTS
ACCUSATION_CODE = "112"
# Roots where an event with no named target is aimed at the place it happens.
PLACE_TARGET_ROOTS = frozenset({"04", "08", "14", "15", "17", "18", "19", "20"})
# Verbs whose direct object is a topic: the party is named with "with".
TOPIC_VERBS = frozenset("discuss debate".split())
# Roots whose object noun is the thing given or moved (troops, weapons), not a party.
GIVEN_THING_ROOTS = frozenset({"07", "15"})
# Sectors of non-state armed or civil actors, local to where they act.
LOCAL_SECTORS = frozenset({"REB", "OPP", "CVL", "CRM", "INS", "COP", "JUD"})
# Forces of order, of the same country as the crowd they face.
POLICE_SECTORS = frozenset({"COP"})
# Roots where sector-only actors take the country of the event's place.
PLACED_ROOTS = VIOLENCE_ROOTS | {"17"}
# "in no rush to": states that deny the act that follows.
NO_STATE_NOUNS = frozenset("rush hurry position mood".split())
# Common nouns for places: "in the Rwandan capital".
PLACE_NOUNS = frozenset("capital city town village province region district border port".split())
# Codes outside those roots that aim at a place: sympathy "for the shootings in South Carolina".
PLACE_TARGET_CODES = frozenset({"015", "018"})
# Roots where coordinated subjects with no object act with each other.
JOINT_ROOTS = frozenset({"03", "04", "05", "06", "19"})
ATTACK_NOUNS = frozenset(
    "attack strike airstrike air shelling bombing bombardment raid fire gunfire offensive assault "
    "operation ambush barrage crackdown explosion blast bomb ied".split()
)
# Weapons that name the side using them: "killed by a Russian missile", "in Israeli tank shelling".
WEAPON_NOUNS = frozenset(
    "tank missile rocket mortar artillery drone warplane jet helicopter gunship sniper warship shell".split()
)
FORCE_NOUNS = ATTACK_NOUNS | WEAPON_NOUNS
AERIAL_WEAPONS = frozenset("missile rocket drone warplane jet helicopter gunship airstrike".split())
ARTILLERY_WEAPONS = frozenset("tank artillery mortar shell howitzer".split())
QUANTIFIER_NOUNS = frozenset(
    "round series number wave spate lot couple set string host dozen hundred thousand kind type "
    "ton tonne worth amount package shipment consignment batch million billion "
    "dollar euro pound yuan yen rupee shilling franc part portion share".split()
)
CONTAINER_NOUNS = frozenset(
    "program programme package project scheme shipment delivery supply plan effort deal".split()
)
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "conj", "advcl"})


@dataclass(frozen=True)
class Candidate:
    """An event found in a sentence, before dates and ontology lookups."""

    code: str
    rule: str
    trigger: tuple[int, ...]  # token indices, outermost first
    source: ActorRef
    target: ActorRef | None
    modality: str
    confidence: float


@dataclass(frozen=True)
class _Frame:
    """How a clause is embedded: composition family and modality from above."""

    family: str | None
    modality: str
    wrapper: Token | None
    source_override: list[ActorRef] | None
    target_override: list[ActorRef] | None
    rule: str


class EventExtractor:
    def __init__(self, lexicon: Lexicon, resolver: ActorResolver) -> None:
        self.lexicon = lexicon
        self.resolver = resolver

    def extract(
        self,
        span: SpacySpan,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
    ) -> list[Candidate]:
        # Record the sentence's actors first, so pronouns can point back
        # within the sentence: "Obama said he would ...".
        self._remember(span, sentence_index, found, memory)
        question = span.text.rstrip().endswith("?")
        candidates: list[Candidate] = []
        consumed: set[int] = set()
        verbs = [t for t in span if t.pos_ in ("VERB", "AUX") or (t.lower_ in INTENT_ADJECTIVES and t.pos_ == "ADJ")]
        # Inner clauses first so wrappers know whether their complement was coded.
        verbs.sort(key=lambda t: -tree_depth(t))
        for verb in verbs:
            if verb.i in consumed:
                continue
            pattern = self.match(verb)
            if verb.lemma_.lower() in TRANSPARENT and any(c.dep_ == "xcomp" for c in verb.children):
                pattern = None
            new = self._code_clause(verb, pattern, span, sentence_index, found, memory, consumed)
            if question:
                new = [_with_modality(c, "hypothetical") for c in new]
            candidates.extend(new)
        candidates = _drop_claims_held_by_accusations(self._accusations(span, sentence_index, found, memory, candidates))
        candidates += _visits_of_hosted(candidates)
        candidates = _drop_purpose_echoes(span.doc, candidates)
        return _drop_bare_statements(_drop_targetless_twins(_drop_vaguer_targets(_dedupe(candidates))))

    def _accusations(
        self,
        span: SpacySpan,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
        candidates: list[Candidate],
    ) -> list[Candidate]:
        """Saying that someone else used force is accusing them: "The US said
        ISIL had attacked Iraq" adds US -> ISIL (112) beside ISIL -> Iraq."""
        extra: list[Candidate] = []
        doc = span.doc
        for cand in candidates:
            if cand.code[:2] not in ACCUSABLE_ROOTS or cand.modality not in ("reported",):
                continue
            verb = doc[cand.trigger[-1]]
            node, steps = verb, 0
            while node.dep_ in ("xcomp", "conj") and steps < 4:
                node, steps = node.head, steps + 1
            if node.dep_ != "ccomp" or node.head.lemma_.lower() not in SAY_VERBS:
                continue
            say = node.head
            for speaker in self._sources(say, span, sentence_index, found, memory):
                unnamed = cand.source.code.startswith("---") and cand.source.sector not in STATE_FORCE_SECTORS
                named = bool(speaker.country) or speaker.kind == "organization"
                if not named or unnamed or _same_side(cand.source, [speaker]):
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

    # --- lexicon ---------------------------------------------------------
    def match(self, verb: Token) -> Pattern | None:
        """The most specific lexicon pattern the verb and its dependents fit."""
        lemma = verb.lemma_.lower()
        candidates = self.lexicon.candidates(lemma)
        if not candidates:
            return None
        attached = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "agent", "advmod", "dative")}
        object_tokens = _objects(verb)
        objects = {o.lemma_.lower() for o in object_tokens}
        if _passive(verb):
            objects.update(o.lemma_.lower() for o in _passive_subjects(verb))
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

    # --- one clause --------------------------------------------------------
    def _code_clause(
        self,
        verb: Token,
        pattern: Pattern | None,
        span: SpacySpan,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
        consumed: set[int],
    ) -> list[Candidate]:
        frame = self._frame(verb, span, sentence_index, found, memory)
        code = pattern.code if pattern else None
        rule = f"verbs.tsv:{pattern.line} {pattern.text}" if pattern else ""
        own_modality = self._own_modality(verb, frame)
        family = frame.family
        if family is None and own_modality == "future" and code is not None:
            # "X will supply arms", "is due to visit": CAMEO codes an announced
            # act as the intent to do it (03x), not as the act.
            family, rule = "intent", rule + " +future"
        if own_modality == "future":
            own_modality = "intended"
        if family is not None:
            if code is None and (frame.wrapper is None or (not frame.target_override and family != "reject")):
                # An uncoded complement composes only when the wrapper names
                # whom it addresses ("urged Iran to show restraint"), or when
                # it is refused: "refused to respond" is a rejection whatever it was.
                return []
            composed = self.lexicon.compose(family, code or "")
            if composed is None:
                return []
            code = composed
            rule = (rule + " " if rule else "") + frame.rule
            if frame.wrapper is not None:
                consumed.add(frame.wrapper.i)
        if code is None:
            return []
        if code[:2] == "18":
            code = _by_weapon(verb, code)
        if family == "intent" and code is not None and _conditional_threat(verb, code):
            # "will withdraw its force unless ...", "would strike if ...": a threat.
            family, rule = "threaten", rule + " +conditional"
            composed = self.lexicon.compose("threaten", pattern.code if pattern else "")
            if composed is not None:
                code = composed
        if own_modality == "negated" and family == "intent" and code is not None:
            # "said he would not provide support": refusing, not a negated promise.
            rejected = self.lexicon.compose("reject", pattern.code if pattern else "")
            if rejected is not None:
                code, family, own_modality = rejected, "reject", "asserted"
                rule += " +negated-intent"
        modality = _combine(frame.modality, own_modality)
        if family in ("intent", "threaten") and modality in ("asserted", "reported"):
            modality = "intended"
        sources = frame.source_override or self._sources(verb, span, sentence_index, found, memory)
        if pattern is not None and pattern.reverse and frame.source_override is None:
            # "X received weapons from Y": Y gives, X receives.
            givers = self._prep_objects(verb, (pattern.reverse,), sentence_index, found, memory)
            for obj in _objects(verb) if not givers else ():
                # "received assurances from the government", "faces pressure from Congress"
                givers = self._prep_objects(obj, (pattern.reverse,), sentence_index, found, memory)
                if givers:
                    break
            if givers:
                receivers = sources
                sources = givers
                if not frame.target_override:
                    frame = _Frame(frame.family, frame.modality, frame.wrapper, None, receivers or None, frame.rule)
        targets: list[ActorRef | None]
        if frame.target_override:
            targets = list(frame.target_override)
        else:
            found_targets = self._targets(verb, pattern, sentence_index, found, memory)
            targets = list(found_targets) if found_targets else [None]
        if not sources and code[:2] == "17" and _passive(verb):
            # "was arrested in Lebanon": coercion by the authorities of the place.
            sources = [replace(p, weak=True) for p in self._places(verb, sentence_index, found, memory, sector="GOV")][:1]
        if not sources and code[:2] in UNKNOWN_SOURCE_ROOTS and targets != [None]:
            # "rockets were fired at Israel from Lebanon": the place it came from.
            origins = [replace(p, weak=True) for p in self._places(verb, sentence_index, found, memory, ("from",))]
            # "A roadside bomb killed two US soldiers": violence against a known
            # victim is an event even when the perpetrator is unknown ("---").
            sources = origins[:1] or _unknown_doer(verb)
        source_codes = {s.code for s in sources}
        targets = [t for t in targets if t is None or not (t.pronoun and t.code in source_codes)] or [None]
        if code[:2] in PLACED_ROOTS:
            sources, targets = self._place_actors(verb, sources, targets, found)
        if targets == [None]:
            targets = self._place_targets(verb, code, sources, sentence_index, found, memory)
        # "Obama and Putin met in Zurich": a meeting on neither side's ground is 044.
        venue = next((p.country for p in self._places(verb, sentence_index, found, memory)), None) if code == "040" else None
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
                    [t for t in sources if t.code != s.code],
                    modality,
                    family,
                    joint=True,
                    venue=venue,
                )
            ]
        if code[:2] == "17" and sources and all(s.sector == "OPP" for s in sources):
            # Coercion (17) is the act of those with power over the target; protesters
            # smashing or burning things are rioting: "protest violently, riot" (145).
            code, rule = RIOT_CODE, rule + " +riot"
        return self._build(code, rule, verb, frame, sources, targets, modality, family, venue=venue)

    def _place_actors(
        self, verb: Token, sources: list[ActorRef], targets: list[ActorRef | None], found: dict[int, ActorRef]
    ) -> tuple[list[ActorRef], list[ActorRef | None]]:
        """Countries for sector-only actors of coercion and violence, from where it happened.

        Victims of no named country belong to the place where they were hit ("Two
        civilians were killed in air strikes on Gaza"); so do armed groups with no
        country ("Gunmen attacked a checkpoint near Kandahar") and the police, not armies.
        """
        where = self._event_place(verb, found)
        if where is None and verb.dep_ == "advcl" and verb.head.i != verb.i:
            # "shelled Kharkiv, killing three civilians": where the main clause happened
            objects = [found[o.i] for o in verb.head.children if o.dep_ == "dobj" and is_place(found.get(o.i))]
            where = self._event_place(verb.head, found) or (objects[0] if objects else None)
        place = where.country if where is not None else None
        if place is not None:
            targets = [
                placed_in(t, place)
                if t is not None and t.sector and verb.doc[t.last - 1].lemma_.lower() not in FOREIGN_POSTS
                else t
                for t in targets
            ]
            sources = [placed_in(s, place) if s.sector in LOCAL_SECTORS else s for s in sources]
        # "Protesters in Nairobi clashed with police": the police are the protesters' own.
        home = {s.country for s in sources if s.sector in LOCAL_SECTORS and s.country}
        if len(home) == 1:
            targets = [placed_in(t, next(iter(home))) if t is not None and t.sector in POLICE_SECTORS else t for t in targets]
        home = {t.country for t in targets if t is not None and t.sector in LOCAL_SECTORS and t.country}
        if len(home) == 1:
            sources = [placed_in(s, next(iter(home))) if s.sector in POLICE_SECTORS else s for s in sources]
        return sources, targets

    def _place_targets(
        self,
        verb: Token,
        code: str,
        sources: list[ActorRef],
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
    ) -> list[ActorRef | None]:
        """A target from the event's place, for an event that names none."""
        joint = len({s.code for s in sources}) > 1 and code[:2] in JOINT_ROOTS
        if code[:2] in PLACE_TARGET_ROOTS and not joint:
            # A protest or an attack with no named target targets the place: "protested in Beijing".
            places = self._places_for(verb, sources, sentence_index, found, memory)
            if places:
                return list(places)
        if code[:2] in UNKNOWN_SOURCE_ROOTS and sources and all(s.sector in LOCAL_SECTORS for s in sources):
            # Armed groups fighting where they are target that country, their own
            # included: "Boko Haram has launched attacks ... in northeastern Nigeria".
            where = self._event_place(verb, found)
            if where is not None:
                return [as_country(where, weak=True)]
        if code in PLACE_TARGET_CODES:
            # Sympathy or a claim of responsibility is aimed where the deed was done:
            # "sorrow for the shootings in South Carolina", "responsibility for an attack ... in Kenya's capital".
            return list(self._place_in_objects(verb, found)) or [None]
        return [None]

    def _build(
        self,
        code: str,
        rule: str,
        verb: Token,
        frame: _Frame,
        sources: Sequence[ActorRef],
        targets: Sequence[ActorRef | None],
        modality: str,
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
                    this = THIRD_PLACE_MEETING
                out.append(
                    Candidate(this, rule.strip(), trigger, source, target, modality, round(max(confidence, 0.1), 2))
                )
        return out

    def _frame(
        self,
        verb: Token,
        span: SpacySpan,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
    ) -> _Frame:
        """Walk up from the clause to find what embeds it."""
        modality = "asserted"
        node = verb
        family: str | None = None
        wrapper: Token | None = None
        source_override: list[ActorRef] | None = None
        target_override: list[ActorRef] | None = None
        rule = ""
        steps = 0
        crossed = False  # walked out of the verb's own clause (through an adverbial clause)
        top = node
        while top.dep_ in ("conj", "xcomp") and top.head.i != top.i:
            top = top.head
        if _hedged(verb):
            modality = "reported"  # "presumably for North Korea to dismantle", "reportedly shelled"
        nominal = self._nominal_wrapper(top, span, sentence_index, found, memory)
        if nominal is not None:
            # "reiterated its demand that Israel ease restrictions", "renewed its call for the US to lift"
            family, wrapper, source_override, target_override, rule = nominal
        elif top.dep_ in ("acl", "relcl") and _infinitive(top):
            # "vows to declare and accept inspections", "a plan to attack": not done (yet).
            modality = "hypothetical"
        elif top.dep_ == "pcomp" and top.head.head.lemma_.lower() in ACCUSING_VERBS:
            # "accused New Delhi of violating the ceasefire": alleged, not established.
            modality = "reported"
        elif top.dep_ in ("acl", "ccomp") and top.head.pos_ == "NOUN" and _has_that(top):
            # "charges that Monrovia is committing genocide": someone's claim, not a fact.
            modality = "reported"
        if top.dep_ in ("acl", "ccomp") and top.head.pos_ == "NOUN" and _has_that(top) and _refuted(top.head):
            # "rumours that Cairo had expelled ... proved false": not done at all.
            modality = "negated"
        while node.dep_ in _CLAUSE_DEPS and node.head.i != node.i and steps < 6:
            steps += 1
            parent = node.head
            dep = node.dep_
            if dep == "advcl" and _infinitive(node) and WRAPPERS.get(parent.lemma_.lower()):
                dep = "xcomp"  # "threatened on Friday to impose": the parser's advcl is the complement
            if dep == "advcl":
                crossed = True
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
                modality = "hypothetical"
            elif (
                dep == "advcl"
                and any(c.dep_ == "mark" and c.lower_ in ("until", "before") for c in node.children)
                and (_negated(parent) or _modal_of(parent) in FUTURE_MODALS | {"would"})
            ):
                # "would not approve the bid until Stockholm cracked down": a condition, not a fact.
                modality = _combine(modality, "hypothetical")
            elif dep == "advcl" and _infinitive(node):
                # A purpose: "will meet in Zurich to discuss", "sent troops to fight":
                # intended, and not done at all when the act it serves is denied.
                modality = _combine(modality, "negated" if _negated(parent) else "intended")
            if (_negated(parent) or parent.lemma_.lower() in FAILURE_VERBS) and dep in ("xcomp", "ccomp"):
                modality = _combine(modality, "negated")  # "did not agree to", "failed to reach"
            if parent.lemma_.lower() in DENIAL_VERBS and dep in ("xcomp", "ccomp"):
                modality = _combine(modality, "negated")  # "denied targeting civilians": the doer says no
            plemma = parent.lemma_.lower()
            if family is None and dep in ("xcomp", "ccomp") and wrapper is None and not crossed:
                wrapper_family = WRAPPERS.get(plemma)
                if parent.lower_ in INTENT_ADJECTIVES and parent.pos_ == "ADJ":
                    wrapper_family = "intent"
                if wrapper_family == "threaten" and plemma == "warn" and dep == "ccomp":
                    wrapper_family = None  # "warned that ..." is a statement unless composed below
                if plemma in ASSERTING_WRAPPERS and dep == "ccomp" and _indicative(node):
                    wrapper_family = None  # "insisted that sanctions will be lifted only after ...": an assertion
                if wrapper_family is not None:
                    objs: list[ActorRef] = []
                    if plemma in OBJECT_CONTROL or wrapper_family in ("appeal", "demand"):
                        objs = self._wrapper_objects(parent, sentence_index, found, memory)
                        if objs:
                            target_override = objs
                    if not objs and (plemma in OBJECT_CONTROL or wrapper_family in ("appeal", "demand")):
                        # "wants Putin to attack": the complement's own subject is addressed.
                        doers = [c for c in node.children if c.dep_ == "nsubj"]
                        objs = self._actors(doers, sentence_index, found, memory, allow_weak=False)
                        if objs:
                            target_override = objs
                    if wrapper_family == "intent" and objs:
                        wrapper_family = "appeal"  # "wants Putin to attack": wanting of someone is asking
                    family, wrapper, rule = wrapper_family, parent, f"compose:{wrapper_family}({parent.lemma_})"
                    if _modal_of(parent) in WEAK_MODALS:
                        modality = _combine(modality, "hypothetical")  # "might want X to ..."
                    if parent.lower_ in INTENT_ADJECTIVES:
                        holder = parent.head
                        source_override = self._sources(holder, span, sentence_index, found, memory) or None
                    else:
                        source_override = self._sources(parent, span, sentence_index, found, memory) or None
                    node = parent
                    continue
            future = (_modal_of(verb) or _modal_of(node)) in FUTURE_MODALS | {"would", "going"}
            if dep == "ccomp" and plemma in CLAIM_VERBS and family is None and not crossed and not future:
                speakers = self._sources(parent, span, sentence_index, found, memory)
                subjects = self._sources(node, span, sentence_index, found, memory, inherit=False)
                if speakers and subjects and {s.code for s in subjects} <= {s.code for s in speakers}:
                    # "The US claimed that they had attacked Iraq": claiming one's own act.
                    family, wrapper, rule = "claim", parent, f"compose:claim({plemma})"
                    source_override = speakers
            if dep == "ccomp" and plemma in SAY_VERBS:
                speakers = self._sources(parent, span, sentence_index, found, memory)
                modal = _modal_of(verb) or _modal_of(node)
                if family is None and speakers and not crossed:
                    subjects = self._sources(node, span, sentence_index, found, memory, inherit=False)
                    same = bool(subjects) and all(_same_side(s, speakers) for s in subjects)
                    if subjects and not same and (modal in DEMAND_MODALS or modal in APPEAL_MODALS):
                        family = "demand" if modal in DEMAND_MODALS else "appeal"
                        wrapper, rule = parent, f"compose:{family}(say+{modal})"
                        source_override = speakers
                        target_override = subjects or None
                    elif same and modal in FUTURE_MODALS | {"would", "going"}:
                        # "said he would hold talks": intent; "warned he would destroy X": a threat.
                        family = "threaten" if plemma in WARN_VERBS else "intent"
                        wrapper, rule = parent, f"compose:{family}(say+{modal})"
                        source_override = speakers
                if modality == "asserted":
                    modality = "reported"
            if dep in ("ccomp", "advcl") and wrapper is None:
                crossed = True
            node = parent
        return _Frame(family, modality, wrapper, source_override, target_override, rule)

    def _nominal_wrapper(
        self,
        clause: Token,
        span: SpacySpan,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
    ) -> tuple[str, Token, list[ActorRef], list[ActorRef], str] | None:
        """A demand, call, pledge or threat made as a noun over the clause: "its demand that
        Israel ease restrictions", "the US demand that it halt enrichment". Returns the family,
        the noun, who makes it (the noun's owner, or the subject of "renewed", "issued" ...)
        and whom it addresses (the clause's subject)."""
        noun = clause.head
        if clause.dep_ not in ("acl", "ccomp", "advcl") or noun.i == clause.i or noun.pos_ != "NOUN":
            return None
        family = NOUN_WRAPPERS.get(noun.lemma_.lower())
        if family is None or not (_has_that(clause) or _infinitive(clause)):
            return None
        owners = [c for c in noun.children if c.dep_ in ("poss", "compound") and c.tag_ != "PRP$"]
        makers = self._actors(owners, sentence_index, found, memory, allow_weak=True) if owners else []
        if not makers and noun.head.lemma_.lower() in MAKING_VERBS and noun.dep_ == "dobj":
            makers = self._sources(noun.head, span, sentence_index, found, memory)
        addressed = self._actors(
            [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")], sentence_index, found, memory, allow_weak=False
        )
        if not makers:
            return None
        return family, noun, makers, addressed, f"compose:{family}({noun.lemma_.lower()})"

    def _own_modality(self, verb: Token, frame: _Frame) -> str:
        if _negated(verb):
            return "negated"
        modal = _modal_of(verb)
        if modal in WEAK_MODALS:
            return "hypothetical"
        if modal == "would" and frame.family is None:
            return "hypothetical"
        if modal in FUTURE_MODALS or modal == "going" or (modal is None and _future_marked(verb)):
            return "future" if frame.family is None else "asserted"
        return "asserted"

    # --- arguments -----------------------------------------------------------
    def _sources(
        self,
        verb: Token,
        span: SpacySpan,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
        *,
        inherit: bool = True,
    ) -> list[ActorRef]:
        passive = _passive(verb)
        heads: list[Token] = []
        if passive:
            agents = _agent_nouns(verb)
            if agents:
                return self._doers(agents, sentence_index, found, memory)
        elif _misparsed_reduced_relative(verb):
            return []  # "The civilians imprisoned for ... were released": the civilians were imprisoned
        else:
            heads.extend(c for c in verb.children if c.dep_ in ("nsubj", "csubj"))
        if not heads and verb.dep_ == "acl":
            agents = _agent_nouns(verb)
            if agents:  # "victims killed by the ... crash"
                return self._doers(agents, sentence_index, found, memory)
            document = verb.head
            if not heads and verb.tag_ != "VBN" and document.lemma_.lower() in DOCUMENT_NOUNS and document.head.i != document.i:
                # "The PKK issued a declaration demanding ...": the issuer demands.
                return self._sources(document.head, span, sentence_index, found, memory)
        if not heads and passive:
            # "killed in Israeli tank shelling", "wounded by a Russian air strike"
            for prep in (c for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by")):
                for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in FORCE_NOUNS):
                    # "an air strike by government forces" names its doer; else "Israeli shelling"
                    doers = [a for by in pobj.children if by.lower_ == "by" for a in by.children if a.dep_ == "pobj"]
                    got = self._actors(doers, sentence_index, found, memory, allow_weak=False)
                    got = got or self._actors([pobj], sentence_index, found, memory, possessor=True)
                    if got:
                        return got
        reduced_passive = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        if not heads and verb.dep_ == "relcl" and not passive and not reduced_passive:
            heads.append(verb.head)  # "the rebels, who attacked ..." but not "civilians imprisoned ..."
        heads = [_relative_antecedent(verb) if h.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else h for h in heads]
        if heads:
            # A possessor is not the doer: "Trump's focus on China feeds ..." has no actor subject.
            got = self._actors(heads, sentence_index, found, memory, possessor=False)
            if got:
                return got
            return [i for h in heads if h.lemma_.lower() in DOCUMENT_NOUNS for i in self._issuer(h, sentence_index, found, memory)]
        if not heads and inherit and verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
            # "resorted to throwing stones": the gerund's doer is the governing verb's subject,
            # or its object when it has one ("jailed a student for helping militants").
            governor = verb.head.head
            objects = [c for c in governor.children if c.dep_ in ("dobj", "obj")]
            if objects:
                return self._actors(objects, sentence_index, found, memory, allow_weak=False)
            return self._sources(governor, span, sentence_index, found, memory)
        if not heads and inherit and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
            parent = verb.head
            if verb.dep_ == "xcomp" and parent.lemma_.lower() in OBJECT_CONTROL:
                objs = self._wrapper_objects(parent, sentence_index, found, memory)
                if objs:
                    return objs
            if parent.lower_ in INTENT_ADJECTIVES | SCHEDULE_WORDS and parent.pos_ == "ADJ":
                parent = parent.head
            if verb.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in parent.children):
                # "Obama is scheduled to attend": the passive subject does the complement.
                subjects = [c for c in parent.children if c.dep_ == "nsubjpass"]
                return self._actors(subjects, sentence_index, found, memory, possessor=False)
            return self._sources(parent, span, sentence_index, found, memory)
        return self._actors(heads, sentence_index, found, memory)

    def _doers(
        self, agents: list[Token], sentence_index: int, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> list[ActorRef]:
        """Who did it, from a passive's "by" phrase: "killed by Israeli fire" names a
        side, "by a rocket fired by Hamas" names Hamas, "by the Malaysia Airlines crash" no one."""
        got = self._actors(agents, sentence_index, found, memory, possessor=False, weak_heads=FORCE_NOUNS)
        return got or [u for a in agents for u in self._weapon_users(a, sentence_index, found, memory)]

    def _weapon_users(
        self, weapon: Token, sentence_index: int, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> list[ActorRef]:
        """"killed by a rocket fired by Hamas", "a missile believed to be fired by rebels":
        whoever the weapon's participle names."""
        if weapon.lemma_.lower() not in FORCE_NOUNS:
            return []
        for acl in (c for c in weapon.children if c.dep_ == "acl"):
            for verb in [acl, *(c for c in acl.children if c.dep_ == "xcomp")]:
                agents = _agent_nouns(verb)
                got = self._actors(agents, sentence_index, found, memory, allow_weak=False)
                if got:
                    return [replace(g, weak=True) for g in got]
        return []

    def _issuer(
        self, document: Token, sentence_index: int, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> list[ActorRef]:
        """Who speaks through a document with no named author: "a report released
        by Amnesty" (Amnesty), "a report released in the Rwandan capital" (Rwanda, weakly)."""
        for acl in (c for c in document.children if c.dep_ == "acl"):
            agents = _agent_nouns(acl)
            got = self._actors(agents, sentence_index, found, memory)
            if got:
                return got
            places = self._places(acl, sentence_index, found, memory)
            if places:
                return [replace(p, weak=True) for p in places[:1]]
        return []

    def _targets(
        self,
        verb: Token,
        pattern: Pattern | None,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
    ) -> list[ActorRef]:
        passive = _passive(verb)
        prep_name = pattern.target_preposition if pattern else None
        if prep_name is not None:
            named = self._prep_objects(verb, (prep_name,), sentence_index, found, memory)
            if named:
                return named
        if passive:
            got = self._actors(_passive_subjects(verb), sentence_index, found, memory)
            if got:
                return got
        if _misparsed_reduced_relative(verb):
            return self._actors([c for c in verb.children if c.dep_ == "nsubj"], sentence_index, found, memory)
        if verb.lemma_.lower() in TOPIC_VERBS:
            # "discussed Syria": what is talked about is not whom one talks with.
            return self._prep_objects(verb, ("with",), sentence_index, found, memory)
        if verb.dep_ == "acl" and passive is False and any(c.dep_ == "agent" for c in verb.children):
            got = self._actors([verb.head], sentence_index, found, memory)
            if got:
                return got
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj", "obj")]
        got = self._actors(objects, sentence_index, found, memory, allow_weak=False)
        if got and all(g.kind == "role" and g.country is None for g in got):
            # "contribute troops to a force in Liberia": the troops are what is given;
            # a place or party named with a preposition is where they go.
            for head in [verb, *objects]:
                aimed = self._prep_objects(head, ("to", "for", "with", "against"), sentence_index, found, memory)
                if aimed:
                    return aimed
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "into")):
                # "to an international force in Liberia": where they are sent
                for p in (found.get(t.i) for t in prep.subtree):
                    if p is not None and is_place(p):
                        return [as_country(p, weak=True)]
            if pattern is not None and pattern.code[:2] in GIVEN_THING_ROOTS and pattern.objects is not None:
                if any(o.lemma_.lower() in pattern.objects for o in objects):
                    return []  # "would send troops": the troops are sent, not acted on
            if pattern is not None and pattern.code[:2] in ("05", "16") and any(o.lemma_.lower() in FOREIGN_POSTS for o in objects):
                # "opened an embassy in Tehran": the host is the party
                hosts = [p for o in objects for p in self._places(o, sentence_index, found, memory)]
                return hosts[:1]
        if got:
            return got
        if pattern is not None and pattern.objects is not None:
            for obj in objects:  # "tightened the blockade of Serbia", "ended the siege of Sarajevo"
                if obj.lemma_.lower() in pattern.objects and obj.lemma_.lower() not in QUANTIFIER_NOUNS:
                    got = self._places(obj, sentence_index, found, memory, ("of",)) or self._prep_objects(
                        obj, ("of",), sentence_index, found, memory
                    )
                    if got:
                        return got
        got = self._prep_objects(verb, TARGET_PREPOSITIONS, sentence_index, found, memory)
        if got:
            return got
        for obj in _objects(verb):  # "imposed sanctions on Iran", "held rounds of talks with Pyongyang"
            got = self._prep_objects(obj, TARGET_PREPOSITIONS, sentence_index, found, memory)
            if got:
                return got
            # "pledged 500 million euros in aid to Sudan": through the amount's "in"/"of"
            inner = [p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ in ("in", "of") for p in prep.children if p.dep_ == "pobj"]
            for noun in inner:
                got = self._prep_objects(noun, ("to", "for", "against", "on"), sentence_index, found, memory)
                if got:
                    return got
        statement = pattern is not None and pattern.code.startswith("01")
        for obj in _objects(verb):  # "presented evidence against Russia", "denied charges by Ivory Coast"
            # A statement takes no place or topic as its target, only whose words it answers.
            got = self._prep_objects(obj, ("by",) if statement else ("about", "by"), sentence_index, found, memory)
            if not got and not statement:
                # "investment in Iran" names a party; "the talks in Jeddah" only a venue.
                got = self._prep_objects(obj, ("in",), sentence_index, found, memory)
                got = [g for g in got if g.kind not in ("capital", "place")]
            if got:
                return got
        if statement:
            return []  # "X said Y continued ...": a statement about Y is not addressed to Y
        got = self._actors(objects, sentence_index, found, memory, allow_weak=True)
        if got:
            return got
        # "demanding North Korea front-load vows": the subject of the complement.
        for comp in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
            subjects = [c for c in comp.children if c.dep_ == "nsubj"]
            got = self._actors(subjects, sentence_index, found, memory, allow_weak=False)
            if got:
                return got
        return []

    def _places(
        self,
        verb: Token,
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
        prepositions: Sequence[str] = ("in", "inside"),
        sector: str | None = None,
    ) -> list[ActorRef]:
        """The countries of places named with ``prepositions`` ("in X", "from X"),
        as actors of that country (with ``sector``: its authorities)."""
        refs = self._prep_objects(verb, prepositions, sentence_index, found, memory)
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in prepositions):
            for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in PLACE_NOUNS):
                # "in the Rwandan capital", "in a Syrian town"
                refs += [found[m.i] for m in pobj.children if m.dep_ == "amod" and m.i in found]
        return [as_country(ref, sector) for ref in refs if is_place(ref) or (ref.kind == "adjective" and ref.country)]

    def _places_for(
        self, verb: Token, sources: Sequence[ActorRef], sentence_index: int, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> list[ActorRef]:
        """Places of the event that are not the sources' own country:
        Kurds demonstrating in Kirkuk do not target Iraq."""
        own = {s.country for s in sources}
        places = self._places(verb, sentence_index, found, memory, ("in", "inside", "near", "off"))
        for obj in _objects(verb) if not places else ():
            # "attended the funeral in Ankara", "sorrow for the shootings in South Carolina",
            # "attend the Beijing Olympics"
            places = self._places(obj, sentence_index, found, memory) or [
                as_country(ref)
                for ref in (found.get(m.i) for m in obj.children if m.dep_ == "compound")
                if ref is not None and is_place(ref)
            ]
            if places:
                break
        return [p for p in places if p.country not in own]

    @staticmethod
    def _event_place(verb: Token, found: dict[int, ActorRef]) -> ActorRef | None:
        """The first place (of a known country) named with a locative preposition in
        the clause (not inside its subject or a clausal complement)."""
        stack = [c for c in verb.children if c.dep_ in ("prep", "advcl", "npadvmod", "agent")]
        while stack:
            tok = stack.pop(0)
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "on", "at", "near", "inside", "across", "of"):
                ref = found.get(tok.i)
                if ref is not None and is_place(ref):
                    return ref
            stack.extend(c for c in tok.children if c.dep_ in ("prep", "pobj", "advcl", "compound"))
        return None

    @staticmethod
    def _place_in_objects(verb: Token, found: dict[int, ActorRef]) -> list[ActorRef]:
        """The first country or place named anywhere inside the verb's objects."""
        for obj in _objects(verb):
            for tok in obj.subtree:
                ref = found.get(tok.i)
                if ref is not None and is_place(ref):
                    return [as_country(ref, weak=True)]
        return []

    def _wrapper_objects(
        self, wrapper: Token, sentence_index: int, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> list[ActorRef]:
        objs = [c for c in wrapper.children if c.dep_ in ("dobj", "dative", "iobj")]
        if _passive(wrapper):
            objs += [c for c in wrapper.children if c.dep_ == "nsubjpass"]  # "Obama is pressured by X to ..."
        got = self._actors(objs, sentence_index, found, memory, allow_weak=False)
        if got:
            return got
        return self._prep_objects(wrapper, ("on", "upon", "to"), sentence_index, found, memory)

    def _prep_objects(
        self,
        head: Token,
        names: Sequence[str],
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
    ) -> list[ActorRef]:
        for prep in head.children:
            if prep.dep_ in ("prep", "dative", "agent") and prep.lower_ in names:
                pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                got = self._actors(pobjs, sentence_index, found, memory)
                if got:
                    return got
        return []

    def _actors(
        self,
        heads: Iterable[Token],
        sentence_index: int,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
        *,
        allow_weak: bool = True,
        possessor: bool = True,
        weak_heads: frozenset[str] | None = None,
    ) -> list[ActorRef]:
        """Actors of the phrases headed by ``heads`` and their conjuncts.
        ``weak_heads``: allow adjective-only actors just on these head nouns."""
        out: list[ActorRef] = []
        for head in heads:
            if head.lemma_.lower() in PAIR_HEADS and _names_a_pair(head):
                # "the two leaders", "both sides": the last two parties mentioned.
                for party in memory.last_pair(sentence_index):
                    out.append(
                        ActorRef(party.code, party.country, party.sector, party.kind, head.left_edge.i, head.i + 1, pronoun=True)
                    )
                continue
            if head.lower_ in ("they", "them"):
                group = self._coordinated_antecedent(head, sentence_index, found, memory)
                if group:
                    out.extend(g for g in group if all(r.code != g.code for r in out))
                    continue
            for tok in self.resolver.expand_conjuncts(head, found):
                weak_ok = allow_weak if weak_heads is None else tok.lemma_.lower() in weak_heads
                ref = self.resolver.actor_at(
                    tok, found, memory, sentence_index, allow_weak=weak_ok, possessor=possessor
                )
                if ref is None:
                    continue
                for each in self._coordinated_modifiers(tok, ref, found):
                    if all(r.code != each.code or r.first != each.first for r in out):
                        out.append(each)
        return out

    def _coordinated_antecedent(
        self, pronoun: Token, sentence_index: int, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> list[ActorRef]:
        """"Obama and Putin said they will ...": "they" is the coordinated subject
        of a clause above the pronoun's own."""
        node = pronoun.head
        for _ in range(4):
            if node.head.i == node.i:
                break
            node = node.head
            for subject in (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")):
                if any(c.dep_ == "conj" for c in subject.children):
                    group = self._actors([subject], sentence_index, found, memory, allow_weak=False)
                    if len(group) > 1:
                        return [replace(g, first=pronoun.i, last=pronoun.i + 1, pronoun=True) for g in group]
        return []

    @staticmethod
    def _coordinated_modifiers(head: Token, ref: ActorRef, found: dict[int, ActorRef]) -> list[ActorRef]:
        """"US and British activists": one role, two countries. Each actor's span is then
        its own country word ("US", "British"), so that neither span holds the other side."""
        if ref.kind != "role" or ref.sector is None:
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
                code = str(other.country) + ref.sector
                out.append(ActorRef(code, other.country, ref.sector, "role", other.first, other.last))
        return out or [ref]

    def _remember(
        self, span: SpacySpan, sentence_index: int, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> None:
        """Record the sentence's actors, in order, for later pronouns."""
        for tok in span:
            if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "ROOT", "conj", "attr"):
                continue
            if tok.pos_ not in ("NOUN", "PROPN", "PRON"):
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPOSITIONS:
                continue  # "met in Singapore": a setting, not a party
            ref = self.resolver.actor_at(tok, found, memory, sentence_index)
            if ref is not None:
                memory.remember(sentence_index, tok.i, ref, tok.dep_ in ("nsubj", "nsubjpass"), quoted(tok))


def _objects(verb: Token) -> list[Token]:
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd")]
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        objs.extend(p for p in prep.children if p.dep_ == "pobj")
    # "held three rounds of talks", "a series of strikes": look through the quantifier.
    for obj in list(objs):
        if obj.lemma_.lower() in QUANTIFIER_NOUNS:
            for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
                objs.extend(p for p in prep.children if p.dep_ == "pobj")
    more: list[Token] = []
    for o in objs:
        more.extend(c for c in o.children if c.dep_ == "conj")
        if o.lemma_.lower() in CONTAINER_NOUNS:
            # "suspended an aid programme": the compound says what is suspended.
            more.extend(c for c in o.children if c.dep_ == "compound")
    return objs + more


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _unknown_doer(verb: Token) -> list[ActorRef]:
    """The phrase that does a violent act, when it names no actor."""
    passive = _passive(verb)
    if passive:
        heads = _agent_nouns(verb)
        # "killed in a suicide car bombing": the attack named by a preposition did it.
        heads += [
            p
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in ("in", "by")
            for p in prep.children
            if p.dep_ == "pobj" and p.lemma_.lower() in ATTACK_NOUNS
        ]
    else:
        heads = [c for c in verb.children if c.dep_ == "nsubj"]
    out = []
    for head in heads[:1]:
        first, last = head.left_edge.i, head.i + 1
        if last - first <= 8:
            out.append(ActorRef("---", None, None, "unknown", first, last, weak=True))
    return out


def _by_weapon(verb: Token, code: str) -> str:
    """A bombing done with an army's weapons is military force: "blown up by a
    surface-to-air missile" is 195 (aerial weapons), "by tank fire" 194."""
    instruments = [
        p
        for prep in verb.children
        if prep.dep_ in ("agent", "prep") and prep.lower_ in ("by", "with")
        for p in prep.children
        if p.dep_ == "pobj"
    ]
    for tok in instruments:
        lemma = tok.lemma_.lower()
        if lemma in AERIAL_WEAPONS:
            return "195"
        if lemma in ARTILLERY_WEAPONS:
            return "194"
    return code


def _future_marked(verb: Token) -> bool:
    """A present-tense act with a time still to come: "Macron visits Beijing next
    week", "Blinken travels to Cairo tomorrow"."""
    if verb.tag_ not in ("VBZ", "VBP", "VBG") or any(c.dep_ == "aux" and c.tag_ in ("VBD", "VBN") for c in verb.children):
        return False
    times = [c for c in verb.children if c.dep_ in ("npadvmod", "advmod")]
    times += [p for prep in verb.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"]
    return any(
        t.lower_ == "tomorrow" or any(m.dep_ in ("amod", "det") and m.lower_ in ("next", "coming") for m in t.children)
        for t in times
    )


def _hedged(verb: Token) -> bool:
    """Does the writer hedge the clause ("reportedly", "presumably", "allegedly")?"""
    near = [verb, *(c for c in verb.children if c.dep_ == "mark")]
    return any(a.dep_ == "advmod" and a.lower_ in HEDGES for t in near for a in t.children)


def _agent_nouns(verb: Token) -> list[Token]:
    """The nouns of a passive's "by" phrase."""
    return [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]


def _passive_subjects(verb: Token) -> list[Token]:
    """What a passive verb acts on: its own subject, or the subject it shares with
    the clause it is joined to ("Rebels attacked the town and were repelled")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects and verb.dep_ == "conj" and verb.head.i != verb.i:
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects


def _misparsed_reduced_relative(verb: Token) -> bool:
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


def _drop_claims_held_by_accusations(candidates: list[Candidate]) -> list[Candidate]:
    """"Rights groups alleged that the army carried out killings": the claimed
    violence names no victim, so the accusation (112 against the army) is the
    whole interaction; a claimed act with a victim stays as its own event."""
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


def _drop_purpose_echoes(doc: SpacyDoc, candidates: list[Candidate]) -> list[Candidate]:
    """"Obama and Putin will meet in Zurich to discuss trade": the discussion is the
    meeting's purpose, not a second event between the same two parties."""
    def pair(c: Candidate) -> tuple[str, str | None]:
        return (c.source.code, c.target.code if c.target else None)

    by_trigger: dict[int, set[tuple[str, str | None]]] = {}
    for c in candidates:
        by_trigger.setdefault(c.trigger[-1], set()).add(pair(c))
    out = []
    for c in candidates:
        verb = doc[c.trigger[-1]]
        if verb.dep_ == "advcl" and _infinitive(verb) and pair(c) in by_trigger.get(verb.head.i, set()):
            continue
        out.append(c)
    return out


def _visits_of_hosted(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Hosting someone (043) is their visit (042) seen from the other side:
    "X received ministers from Y" is also Y's visit to X, as CAMEO codes both."""
    return [
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


def _relative_antecedent(relcl: Token) -> Token:
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


def _same_side(actor: ActorRef, others: Sequence[ActorRef]) -> bool:
    """Is ``actor`` one of ``others``, or of the same country ("Raisi said Iran would ...")?"""
    return any(actor.code == o.code or (actor.country is not None and actor.country == o.country) for o in others)


def _names_a_pair(head: Token) -> bool:
    return any(
        (c.dep_ == "nummod" and c.lower_ in ("two", "2")) or (c.dep_ in ("det", "predet") and c.lower_ == "both")
        for c in head.children
    )


def _conditional_threat(verb: Token, code: str) -> bool:
    """Does a condition turn a stated intent into a threat? "unless" always
    does; "if" does when the act itself is hostile (roots 10-20)."""
    for child in verb.children:
        if child.dep_ != "advcl":
            continue
        marks = {m.lower_ for m in child.children if m.dep_ == "mark"}
        if "unless" in marks or ("if" in marks and code[:2] >= "10"):
            return True
    return False


def _indicative(verb: Token) -> bool:
    """A finite clause stating a fact or forecast ("sanctions will be lifted",
    "the vote was fair"), not a subjunctive or obligation ("that he resign", "must go")."""
    modal = _modal_of(verb)
    if modal is not None:
        return modal in FUTURE_MODALS or modal in ("would", "can")
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBP" and not auxes:
        # "that France lift the tariffs" is tagged VBP: a singular subject makes it subjunctive.
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        return not subjects or subjects[0].tag_ in ("NNS", "NNPS") or subjects[0].lower_ in ("i", "you", "we", "they")
    return verb.tag_ in ("VBD", "VBZ") or any(a.tag_ in ("VBD", "VBZ", "VBP") for a in auxes)


def _has_that(tok: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in tok.children)


def _refuted(noun: Token) -> bool:
    """Is this report, rumour or claim said to be false, or refuted by its predicate?"""
    pred = noun.head
    if noun.dep_ == "dobj" and pred.lemma_.lower() in REFUTING_VERBS:
        return True  # "Cairo denied reports that it had expelled the ambassador"
    if noun.dep_ == "nsubjpass" and pred.lemma_.lower() in REFUTING_VERBS:
        return True  # "reports that ... were dismissed as propaganda"
    if noun.dep_ != "nsubj":
        return False
    # "proved false", "were untrue", "turned out to be false"
    for tok in [pred, *(c for c in pred.children if c.dep_ == "xcomp")]:
        if any(c.dep_ in ("acomp", "oprd", "attr") and c.lemma_.lower() in FALSITY_WORDS for c in tok.children):
            return True
    return False


def _infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in tok.children):
        return True
    # "Neither France nor Germany criticised Poland", "No country recognised", "Nobody condemned"
    for subject in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.lower_ in NEGATIVE_SUBJECTS or any(
            d.dep_ in ("det", "preconj") and d.lower_ in NEGATIVE_DETERMINERS for d in subject.children
        ):
            return True
    # "is in no rush to press for", "was in no position to negotiate"
    if any(
        p.dep_ == "prep"
        and any(o.lemma_.lower() in NO_STATE_NOUNS and any(d.lower_ == "no" for d in o.children) for o in p.children)
        for p in tok.children
    ):
        return True
    # "held no talks"
    return any(
        c.dep_ in ("dobj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in tok.children
    )


def _modal_of(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "aux" and child.tag_ == "MD":
            return child.lower_
    # "going to hold", "has to demonstrate", "had to", "need to", "is due to hold"
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i and (head.lower_ in SCHEDULE_WORDS or head.lemma_ == "schedule"):
        return "will"
    if verb.dep_ == "xcomp" and head.lemma_.lower() in ("go", "have", "need") and head.i != verb.i:
        lemma = head.lemma_.lower()
        if lemma == "go" and head.tag_ == "VBG":
            return "going"
        if lemma in ("have", "need"):
            return lemma
    return None


def _combine(outer: str, inner: str) -> str:
    order = ["negated", "hypothetical", "intended", "reported", "asserted"]
    return min(outer, inner, key=order.index) if inner in order and outer in order else outer


def _with_modality(c: Candidate, modality: str) -> Candidate:
    return Candidate(c.code, c.rule, c.trigger, c.source, c.target, _combine(c.modality, modality), c.confidence)


def tree_depth(tok: Token) -> int:
    """How many heads lie above the token in its parse."""
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _overlaps(a: ActorRef, b: ActorRef) -> bool:
    return a.first < b.last and b.first < a.last


def _drop_targetless_twins(candidates: list[Candidate]) -> list[Candidate]:
    """An event without a target adds nothing beside one of the same root
    and source that has one ("met X ... to discuss")."""
    aimed = {(c.code[:2], c.source.code) for c in candidates if c.target is not None and c.target.country}
    return [
        c
        for c in candidates
        if (c.target is not None and c.target.country) or (c.code[:2], c.source.code) not in aimed
    ]


def _drop_bare_statements(candidates: list[Candidate]) -> list[Candidate]:
    """A statement (01x) is an event only when it is addressed to someone,
    and a plain one (010) only when the sentence codes nothing more specific:
    "X said Y attacked Z" is about the attack."""
    if any(c.code != "010" for c in candidates):
        candidates = [c for c in candidates if c.code != "010"]
    # A statement with no one addressed ("Kigali hoped ...") is not an interaction.
    return [c for c in candidates if c.target is not None or not c.code.startswith("01")]


def _drop_vaguer_targets(candidates: list[Candidate]) -> list[Candidate]:
    """One act aimed at "France" and at "the French military" is aimed at the
    latter: keep the most specific target code of a country per act."""
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


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[str, str, str | None, int]] = set()
    out = []
    for c in candidates:
        key = (c.code, c.source.code, c.target.code if c.target else None, c.trigger[-1])
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out
