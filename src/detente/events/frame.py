"""The frame of a clause: how it is embedded, and so its modality and composition.

Walking up from a clause's verb:

* a wrapper verb over the clause composes a new code: "agreed to resume
  talks" (intent over consult → 036), "urged Iran to release" (appeal →
  0253), "threatened to impose sanctions" (threaten → 1312), "refused to
  meet" (reject → 125); a wrapper noun does the same ("its demand that ...");
* a statement verb over the clause makes it ``reported`` and, when the
  clause's subject is the speaker and it speaks of the future, an intent
  ("Trump said he would hold a summit" → 036); "X said Y must ..." is a
  demand of X on Y, "... should ..." an appeal;
* negation, conditionals ("if"), purposes and weak modals (may, might, could)
  make the event ``negated``, ``hypothetical`` or ``intended``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from ..actors.resolver import ActorRef
from ..model import Modality
from . import syntax
from .arguments import find_sources, find_wrapper_objects, same_side
from .phrases import find_actors, find_prep_objects
from .records import SentenceContext
from .words import WordClasses

if TYPE_CHECKING:
    from spacy.tokens import Token

_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "conj", "advcl"})


@dataclass(frozen=True)
class Frame:
    """How a clause is embedded: composition family and modality from above."""

    family: str | None
    modality: Modality
    wrapper: Token | None
    source_override: list[ActorRef] | None
    target_override: list[ActorRef] | None
    rule: str


def find_frame(ctx: SentenceContext, verb: Token) -> Frame:
    """Walk up from the clause to find what embeds it."""
    words = ctx.words
    modality = Modality.ASSERTED
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
    if _hedged(verb, words):
        modality = Modality.REPORTED  # "presumably for North Korea to dismantle", "reportedly shelled"
    nominal = _nominal_wrapper(ctx, top)
    if nominal is not None:
        # "reiterated its demand that Israel ease restrictions", "renewed its call for the US to lift"
        family, wrapper, source_override, target_override, rule = nominal
    elif top.dep_ in ("acl", "relcl") and syntax.infinitive(top):
        # "vows to declare and accept inspections", "a plan to attack": not done (yet).
        modality = Modality.HYPOTHETICAL
    elif top.dep_ == "pcomp" and top.head.head.lemma_.lower() in words.accusing_verbs:
        # "accused New Delhi of violating the ceasefire": alleged, not established.
        modality = Modality.REPORTED
    elif top.dep_ in ("acl", "ccomp") and top.head.pos_ == "NOUN" and syntax.has_that(top):
        # "charges that Monrovia is committing genocide": someone's claim, not a fact.
        modality = Modality.REPORTED
    if top.dep_ in ("acl", "ccomp") and top.head.pos_ == "NOUN" and syntax.has_that(top) and _refuted(top.head, words):
        # "rumours that Cairo had expelled ... proved false": not done at all.
        modality = Modality.NEGATED
    while node.dep_ in _CLAUSE_DEPS and node.head.i != node.i and steps < 6:
        steps += 1
        parent = node.head
        dep = node.dep_
        if dep == "advcl" and syntax.infinitive(node) and words.wrapper_family(parent.lemma_.lower()):
            dep = "xcomp"  # "threatened on Friday to impose": the parser's advcl is the complement
        deadline = _deadline(node, parent, dep, words)
        if deadline:
            dep = "xcomp"  # "gave the rebels until Friday to surrender"
        if dep == "advcl":
            crossed = True
        if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in words.conditional_marks for c in node.children):
            modality = Modality.HYPOTHETICAL
        elif (
            dep == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in ("until", "before") for c in node.children)
            and (_negated(parent, words) or _modal_of(parent, words) in words.future_modals | {"would"})
        ):
            # "would not approve the bid until Stockholm cracked down": a condition, not a fact.
            modality = combine_modality(modality, Modality.HYPOTHETICAL)
        elif dep == "advcl" and syntax.infinitive(node):
            # A purpose: "will meet in Zurich to discuss", "sent troops to fight":
            # intended, and not done at all when the act it serves is denied.
            modality = combine_modality(modality, Modality.NEGATED if _negated(parent, words) else Modality.INTENDED)
        if (_negated(parent, words) or parent.lemma_.lower() in words.failure_verbs) and dep in ("xcomp", "ccomp"):
            modality = combine_modality(modality, Modality.NEGATED)  # "did not agree to", "failed to reach"
        if parent.lemma_.lower() in words.denial_verbs and dep in ("xcomp", "ccomp"):
            modality = combine_modality(modality, Modality.NEGATED)  # "denied targeting civilians": the doer says no
        plemma = parent.lemma_.lower()
        if dep == "ccomp" and _semicolon_between(node, parent):
            # "Lithuania banned Russian trucks; Moscow promised to retaliate": the parser's
            # complement across a semicolon is a clause of its own, no one's promise.
            crossed = True
        if family is None and wrapper is None and not crossed and deadline:
            # "gave the rebels until Friday to surrender": an ultimatum to the rebels.
            given = find_wrapper_objects(ctx, parent)
            if given:
                family, wrapper, rule = "demand", parent, f"compose:{ULTIMATUM}({plemma})"
                target_override = given
                source_override = find_sources(ctx, parent) or None
                node = parent
                continue
        if family is None and dep in ("xcomp", "ccomp") and wrapper is None and not crossed:
            wrapper_family = words.wrapper_family(plemma)
            if parent.lower_ in words.intent_adjectives and parent.pos_ == "ADJ":
                wrapper_family = "intent"
            if wrapper_family == "threaten" and plemma == "warn" and dep == "ccomp":
                wrapper_family = None  # "warned that ..." is a statement unless composed below
            if plemma in words.infinitive_only_wrappers and not (dep == "xcomp" and syntax.infinitive(node)):
                wrapper_family = None  # "told reporters that ...": a statement, not an order
            if plemma in words.asserting_wrappers and dep == "ccomp" and _indicative(node, words):
                wrapper_family = None  # "insisted that sanctions will be lifted only after ...": an assertion
            if wrapper_family is not None:
                objs: list[ActorRef] = []
                if plemma in words.object_control_verbs or wrapper_family in ("appeal", "demand"):
                    objs = find_wrapper_objects(ctx, parent)
                    if objs:
                        target_override = objs
                if not objs and (plemma in words.object_control_verbs or wrapper_family in ("appeal", "demand")):
                    # "wants Putin to attack": the complement's own subject is addressed.
                    doers = [c for c in node.children if c.dep_ == "nsubj"]
                    objs = find_actors(ctx, doers, allow_weak=False)
                    if objs:
                        target_override = objs
                if wrapper_family == "intent" and objs:
                    wrapper_family = "appeal"  # "wants Putin to attack": wanting of someone is asking
                family, wrapper, rule = wrapper_family, parent, f"compose:{wrapper_family}({parent.lemma_})"
                if _modal_of(parent, words) in words.weak_modals:
                    modality = combine_modality(modality, Modality.HYPOTHETICAL)  # "might want X to ..."
                if parent.lower_ in words.intent_adjectives:
                    holder = parent.head
                    source_override = find_sources(ctx, holder) or None
                else:
                    source_override = find_sources(ctx, parent) or None
                node = parent
                continue
        future = (_modal_of(verb, words) or _modal_of(node, words)) in words.future_modals | {"would", "going"}
        if dep == "ccomp" and plemma in words.claim_verbs and family is None and not crossed and not future:
            speakers = find_sources(ctx, parent)
            subjects = find_sources(ctx, node, inherit=False)
            if speakers and subjects and {s.code for s in subjects} <= {s.code for s in speakers}:
                # "The US claimed that they had attacked Iraq": claiming one's own act.
                family, wrapper, rule = "claim", parent, f"compose:claim({plemma})"
                source_override = speakers
        if dep == "ccomp" and plemma in words.say_verbs:
            speakers = find_sources(ctx, parent)
            modal = _modal_of(verb, words) or _modal_of(node, words)
            if family is None and speakers and not crossed:
                subjects = find_sources(ctx, node, inherit=False)
                same = bool(subjects) and all(same_side(s, speakers) or _own_forces(ctx, s, speakers) for s in subjects)
                if subjects and not same and (modal in words.demand_modals or modal in words.appeal_modals):
                    family = "demand" if modal in words.demand_modals else "appeal"
                    wrapper, rule = parent, f"compose:{family}(say+{modal})"
                    source_override = speakers
                    target_override = subjects or None
                elif same and modal in words.future_modals | {"would", "going"}:
                    # "said he would hold talks": intent; "warned he would destroy X": a threat.
                    family = "threaten" if plemma in words.warn_verbs else "intent"
                    wrapper, rule = parent, f"compose:{family}(say+{modal})"
                    source_override = speakers
            if modality == Modality.ASSERTED:
                modality = Modality.REPORTED
        if dep in ("ccomp", "advcl") and wrapper is None:
            crossed = True
        node = parent
    return Frame(family, modality, wrapper, source_override, target_override, rule)


#: The rule name of a deadline set for an act ("gave Tehran until Friday to respond"),
#: which extract.py codes with the code policy ultimatum.
ULTIMATUM: Final = "ultimatum"


def _deadline(node: Token, parent: Token, dep: str, words: WordClasses) -> bool:
    """Is ``node`` the infinitive of a deadline given with ``parent``: "gave the rebels
    until Friday to surrender", "granted Tehran until May to respond"?"""
    if parent.lemma_.lower() not in words.deadline_verbs or dep not in ("advcl", "xcomp") or not syntax.infinitive(node):
        return False
    return any(t.lower_ == "until" for t in node.doc[parent.i + 1 : node.i])


def _semicolon_between(a: Token, b: Token) -> bool:
    """Is there a semicolon between the two tokens?"""
    low, high = sorted((a.i, b.i))
    return any(t.text == ";" for t in a.doc[low + 1 : high])


def _own_forces(ctx: SentenceContext, actor: ActorRef, speakers: Sequence[ActorRef]) -> bool:
    """Is ``actor`` a state force of no named country, spoken of by a state official:
    "the minister warned that the army would no longer tolerate roadblocks" (the
    minister's own army)?"""
    return (
        actor.country is None
        and actor.sector in ctx.sectors.state_force
        and any(s.sector in ctx.sectors.home for s in speakers)
    )


def _nominal_wrapper(
    ctx: SentenceContext, clause: Token
) -> tuple[str, Token, list[ActorRef], list[ActorRef], str] | None:
    """A demand, call, pledge or threat made as a noun over the clause: "its demand that
    Israel ease restrictions", "the US demand that it halt enrichment". Returns the family,
    the noun, who makes it (the noun's owner, or the subject of "renewed", "issued" ...)
    and whom it addresses (the clause's subject)."""
    noun = clause.head
    if clause.dep_ not in ("acl", "ccomp", "advcl") or noun.i == clause.i or noun.pos_ != "NOUN":
        return None
    family = ctx.words.noun_wrapper_family(noun.lemma_.lower())
    if family is None or not (syntax.has_that(clause) or syntax.infinitive(clause)):
        return None
    owners = [c for c in noun.children if c.dep_ in ("poss", "compound") and c.tag_ != "PRP$"]
    makers = find_actors(ctx, owners, allow_weak=True) if owners else []
    if not makers and noun.head.lemma_.lower() in ctx.words.making_verbs and noun.dep_ == "dobj":
        makers = find_sources(ctx, noun.head)
    addressed = find_actors(ctx, [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")], allow_weak=False)
    if not addressed:
        # "an ultimatum to Ecuador to halt attacks", "issued a call to the rebels to disarm",
        # "its appeal on Syria to withdraw": whom the noun (or the verb that makes it) is addressed to.
        heads = [noun, noun.head] if noun.head.lemma_.lower() in ctx.words.making_verbs else [noun]
        addressed = next((got for h in heads if (got := find_prep_objects(ctx, h, ("to", "on", "upon")))), [])
    if not makers:
        return None
    return family, noun, makers, addressed, f"compose:{family}({noun.lemma_.lower()})"


#: A clause's own modality for "will", "is going to", "visits ... next week": not an event
#: modality but a mark the extractor reads, turning the act into an intent (03x) or,
#: under a wrapper that composes already, an intended event.
FUTURE: Final = "future"


def modality_of(verb: Token, frame: Frame, words: WordClasses) -> Modality | Literal["future"]:
    """The clause's own modality, from its negation and modal ("will" gives ``FUTURE``)."""
    if _negated(verb, words):
        return Modality.NEGATED
    modal = _modal_of(verb, words)
    if modal in words.weak_modals:
        return Modality.HYPOTHETICAL
    if modal == "would" and frame.family is None:
        return Modality.HYPOTHETICAL
    if modal in words.future_modals or modal == "going" or (modal is None and _future_marked(verb)):
        return FUTURE if frame.family is None else Modality.ASSERTED
    return Modality.ASSERTED


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


def _hedged(verb: Token, words: WordClasses) -> bool:
    """Does the writer hedge the clause ("reportedly", "presumably", "allegedly")?"""
    near = [verb, *(c for c in verb.children if c.dep_ == "mark")]
    return any(a.dep_ == "advmod" and a.lower_ in words.hedges for t in near for a in t.children)


def conditional_threat(verb: Token, code: str) -> bool:
    """Does a condition turn a stated intent into a threat? "unless" always
    does; "if" does when the act itself is hostile (roots 10-20)."""
    for child in verb.children:
        if child.dep_ != "advcl":
            continue
        marks = {m.lower_ for m in child.children if m.dep_ == "mark"}
        if "unless" in marks or ("if" in marks and code[:2] >= "10"):
            return True
    return False


def _indicative(verb: Token, words: WordClasses) -> bool:
    """A finite clause stating a fact or forecast ("sanctions will be lifted",
    "the vote was fair"), not a subjunctive or obligation ("that he resign", "must go")."""
    modal = _modal_of(verb, words)
    if modal is not None:
        return modal in words.future_modals or modal in ("would", "can")
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBP" and not auxes:
        # "that France lift the tariffs" is tagged VBP: a singular subject makes it subjunctive.
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        return not subjects or subjects[0].tag_ in ("NNS", "NNPS") or subjects[0].lower_ in ("i", "you", "we", "they")
    return verb.tag_ in ("VBD", "VBZ") or any(a.tag_ in ("VBD", "VBZ", "VBP") for a in auxes)


def _refuted(noun: Token, words: WordClasses) -> bool:
    """Is this report, rumour or claim said to be false, or refuted by its predicate?"""
    pred = noun.head
    if noun.dep_ == "dobj" and pred.lemma_.lower() in words.refuting_verbs:
        return True  # "Cairo denied reports that it had expelled the ambassador"
    if noun.dep_ == "nsubjpass" and pred.lemma_.lower() in words.refuting_verbs:
        return True  # "reports that ... were dismissed as propaganda"
    if noun.dep_ != "nsubj":
        return False
    # "proved false", "were untrue", "turned out to be false"
    for tok in [pred, *(c for c in pred.children if c.dep_ == "xcomp")]:
        if any(c.dep_ in ("acomp", "oprd", "attr") and c.lemma_.lower() in words.falsity_words for c in tok.children):
            return True
    return False


def _negated(tok: Token, words: WordClasses) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in tok.children):
        return True
    # "Neither France nor Germany criticised Poland", "No country recognised", "Nobody condemned"
    for subject in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.lower_ in words.negative_subjects or any(
            d.dep_ in ("det", "preconj") and d.lower_ in words.negative_determiners for d in subject.children
        ):
            return True
    # "is in no rush to press for", "was in no position to negotiate"
    if any(
        p.dep_ == "prep"
        and any(o.lemma_.lower() in words.no_state_nouns and any(d.lower_ == "no" for d in o.children) for o in p.children)
        for p in tok.children
    ):
        return True
    # "held no talks"
    return any(
        c.dep_ in ("dobj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in tok.children
    )


def _modal_of(verb: Token, words: WordClasses) -> str | None:
    for child in verb.children:
        if child.dep_ == "aux" and child.tag_ == "MD":
            return child.lower_
    # "going to hold", "has to demonstrate", "had to", "need to", "is due to hold"
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i and (head.lower_ in words.schedule_words or head.lemma_ == "schedule"):
        return "will"
    if verb.dep_ == "xcomp" and head.lemma_.lower() in ("go", "have", "need") and head.i != verb.i:
        lemma = head.lemma_.lower()
        if lemma == "go" and head.tag_ == "VBG":
            return "going"
        if lemma in ("have", "need"):
            return lemma
    return None


#: The modalities from the strongest to the weakest claim that the event did not happen.
_STRENGTH: tuple[Modality, ...] = (
    Modality.NEGATED,
    Modality.HYPOTHETICAL,
    Modality.INTENDED,
    Modality.REPORTED,
    Modality.ASSERTED,
)


def combine_modality(outer: Modality, inner: str) -> Modality:
    """The stronger of two modalities: negated over hypothetical over intended over
    reported over asserted (``outer`` as it is when ``inner`` is none of these: ``FUTURE``)."""
    if inner not in _STRENGTH:
        return outer
    return min(outer, Modality(inner), key=_STRENGTH.index)
