"""The parties of a clause's event: who does it (sources) and whom it is aimed at
(targets), found in the parse from the subject, the objects and the prepositions, through
passives, control ("urged Iran to halt"), documents and weapons ("killed by a rocket
fired by Hamas"), for a verb the lexicon has matched."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..actors.resolver import FOREIGN_POSTS, ActorRef, as_country, is_place
from ..model import ActorKind
from . import syntax
from .codes import EMBASSY_ROOTS, GIVEN_THING_ROOTS, REMOVAL_ROOTS
from .lexicon import Pattern
from .phrases import find_actors, find_prep_objects
from .places import find_places
from .records import SentenceContext
from .words import WordClasses

if TYPE_CHECKING:
    from spacy.tokens import Token


def find_sources(ctx: SentenceContext, verb: Token, *, inherit: bool = True) -> list[ActorRef]:
    """Who does the clause's act: the subject, a passive's agent, the doer of the
    clause it depends on (``inherit``: "agreed to hold talks"), a document's issuer."""
    passive = syntax.passive(verb)
    heads: list[Token] = []
    if passive and syntax.stative(verb, ctx.words.stative_participles):
        # "Japan is opposed to Chinese drilling": Japan opposes it
        heads.extend(c for c in verb.children if c.dep_ == "nsubjpass")
    elif passive:
        agents = syntax.agent_nouns(verb)
        if agents:
            return find_doers(ctx, agents)
        # "Hungary is opposed to new sanctions": a participle read as an adjective keeps
        # an active subject, which the parser marks nsubj, not nsubjpass (and may hang
        # from the auxiliary).
        for head in [verb, *(a for a in verb.children if a.dep_ == "auxpass")]:
            heads.extend(c for c in head.children if c.dep_ == "nsubj")
    elif syntax.misparsed_reduced_relative(verb):
        return []  # "The civilians imprisoned for ... were released": the civilians were imprisoned
    else:
        heads.extend(c for c in verb.children if c.dep_ in ("nsubj", "csubj"))
    if not heads and verb.dep_ == "acomp" and verb.tag_ == "VBN":
        # "Chile is strongly opposed to the proposal": the copula's subject
        heads.extend(c for c in verb.head.children if c.dep_ == "nsubj")
    if not heads and verb.dep_ == "acl":
        agents = syntax.agent_nouns(verb)
        if agents:  # "victims killed by the ... crash"
            return find_doers(ctx, agents)
        document = verb.head
        if not heads and verb.tag_ != "VBN" and document.lemma_.lower() in ctx.words.document_nouns and document.head.i != document.i:
            # "The PKK issued a declaration demanding ...": the issuer demands.
            return find_sources(ctx, document.head)
    if not heads and passive:
        # "killed in Israeli tank shelling", "wounded by a Russian air strike"
        for prep in (c for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by")):
            for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in ctx.words.force_nouns):
                # "an air strike by government forces" names its doer; else "Israeli shelling"
                doers = [a for by in pobj.children if by.lower_ == "by" for a in by.children if a.dep_ == "pobj"]
                got = find_actors(ctx, doers, allow_weak=False)
                got = got or find_actors(ctx, [pobj], possessor=True)
                if got:
                    return got
    reduced_passive = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    if not heads and verb.dep_ == "relcl" and not passive and not reduced_passive:
        heads.append(verb.head)  # "the rebels, who attacked ..." but not "civilians imprisoned ..."
    heads = [syntax.relative_antecedent(verb) if h.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else h for h in heads]
    if heads:
        # A possessor is not the doer: "Trump's focus on China feeds ..." has no actor subject.
        got = find_actors(ctx, heads, possessor=False)
        if got:
            return got
        return [i for h in heads if h.lemma_.lower() in ctx.words.document_nouns for i in find_issuer(ctx, h)]
    if not heads and inherit and verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
        # "resorted to throwing stones": the gerund's doer is the governing verb's subject,
        # or its object when it has one ("jailed a student for helping militants").
        governor = verb.head.head
        objects = [c for c in governor.children if c.dep_ in ("dobj", "obj")]
        if objects:
            return find_actors(ctx, objects, allow_weak=False)
        return find_sources(ctx, governor)
    if not heads and inherit and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        parent = verb.head
        if verb.dep_ == "xcomp" and parent.lemma_.lower() in ctx.words.object_control_verbs:
            objs = find_wrapper_objects(ctx, parent)
            if objs:
                return objs
        if parent.lower_ in ctx.words.intent_adjectives | ctx.words.schedule_words and parent.pos_ == "ADJ":
            parent = parent.head
        if verb.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in parent.children):
            # "Obama is scheduled to attend": the passive subject does the complement.
            subjects = [c for c in parent.children if c.dep_ == "nsubjpass"]
            return find_actors(ctx, subjects, possessor=False)
        return find_sources(ctx, parent)
    return find_actors(ctx, heads)


def find_doers(ctx: SentenceContext, agents: list[Token]) -> list[ActorRef]:
    """Who did it, from a passive's "by" phrase: "killed by Israeli fire" names a
    side, "by a rocket fired by Hamas" names Hamas, "by the Malaysia Airlines crash" no one."""
    got = find_actors(ctx, agents, possessor=False, weak_heads=ctx.words.force_nouns)
    return got or [u for a in agents for u in find_weapon_users(ctx, a)]


def find_weapon_users(ctx: SentenceContext, weapon: Token) -> list[ActorRef]:
    """"killed by a rocket fired by Hamas", "a missile believed to be fired by rebels":
    whoever the weapon's participle names."""
    if weapon.lemma_.lower() not in ctx.words.force_nouns:
        return []
    for acl in (c for c in weapon.children if c.dep_ == "acl"):
        for verb in [acl, *(c for c in acl.children if c.dep_ == "xcomp")]:
            agents = syntax.agent_nouns(verb)
            got = find_actors(ctx, agents, allow_weak=False)
            if got:
                return [replace(g, weak=True) for g in got]
    return []


def find_issuer(ctx: SentenceContext, document: Token) -> list[ActorRef]:
    """Who speaks through a document with no named author: "a report released
    by Amnesty" (Amnesty), "a report released in the Rwandan capital" (Rwanda, weakly)."""
    for acl in (c for c in document.children if c.dep_ == "acl"):
        agents = syntax.agent_nouns(acl)
        got = find_actors(ctx, agents)
        if got:
            return got
        places = find_places(ctx, acl)
        if places:
            return [replace(p, weak=True) for p in places[:1]]
    return []


def find_targets(
    ctx: SentenceContext, verb: Token, pattern: Pattern | None, avoid: Collection[str] = ()
) -> list[ActorRef]:
    """Whom the clause's act is aimed at: the preposition the pattern names, a passive's
    subject, the object, a preposition of the object, the subject of a complement.

    The places are tried in that order; a place that names only actors coded as in
    ``avoid`` (the clause's sources: "Algeria threatened to sever ties with Morocco over
    its claims", where "its" is the subject again) is passed over for the
    next, as an act is never aimed at its own doer."""
    for got in _target_candidates(ctx, verb, pattern):
        kept = [g for g in got if g.code not in avoid]
        if kept:
            return kept
    return []


def _target_candidates(ctx: SentenceContext, verb: Token, pattern: Pattern | None) -> Iterator[list[ActorRef]]:
    """The candidates of find_targets, best first; an empty list where a rule says the
    clause has no target ("would send troops")."""
    passive = syntax.passive(verb) and not syntax.stative(verb, ctx.words.stative_participles)
    if pattern is not None and verb.lemma_.lower() in ctx.words.occurrence_verbs:
        # "riots against Israeli policies continued": whom the event noun is against
        for noun in syntax.event_subjects(verb):
            got = find_prep_objects(ctx, noun, ("against", "on", "at", "with", "over"))
            got = got or complained_of(ctx, noun)
            if got:
                yield got
    if pattern is not None and pattern.code[:2] == "11" and not any(c.dep_ == "dobj" for c in verb.children):
        # "complained to the UN over Israeli air raids": a complaint is aimed at whose
        # act it is about; the body it is made to only hears it. An object is the
        # target itself: "criticised Chile over Peruvian fishing" aims at Chile.
        doers = complained_of(ctx, verb)
        if doers:
            yield doers
    prep_name = pattern.target_preposition if pattern else None
    if prep_name is not None:
        named = find_prep_objects(ctx, verb, (prep_name,))
        if named:
            yield named
    if passive:
        got = find_actors(ctx, syntax.passive_subjects(verb))
        if got:
            yield got
    if syntax.misparsed_reduced_relative(verb):
        yield find_actors(ctx, [c for c in verb.children if c.dep_ == "nsubj"])
        return
    if verb.lemma_.lower() in ctx.words.topic_verbs:
        # "discussed Syria": what is talked about is not whom one talks with.
        yield find_prep_objects(ctx, verb, ("with",))
        return
    if verb.dep_ == "acl" and passive is False and any(c.dep_ == "agent" for c in verb.children):
        got = find_actors(ctx, [verb.head])
        if got:
            yield got
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj", "obj")]
    got = find_actors(ctx, objects, allow_weak=False)
    if got and all(g.pronoun and ctx.span.doc[g.first].tag_ == "PRP$" for g in got):
        # "reopened its border with Albania", "opened its airspace to Israeli planes": the party named
        # inside the object, not the owner "its" (most often the subject itself).
        aimed = [a for o in [verb, *objects] for a in find_prep_objects(ctx, o, ctx.words.target_prepositions)]
        if aimed:
            yield aimed
    if got and all(g.kind == ActorKind.ROLE and g.country is None for g in got):
        # "contribute troops to a force in Liberia": the troops are what is given;
        # a place or party named with a preposition is where they go.
        for head in [verb, *objects]:
            aimed = find_prep_objects(ctx, head, ("to", "for", "with", "against"))
            if aimed:
                yield aimed
        if pattern is not None and pattern.code[:2] in REMOVAL_ROOTS:
            # "withdrew doctors and aid workers from Darfur": whence they are taken
            aimed = find_prep_objects(ctx, verb, ("from",))
            if aimed:
                yield aimed
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "into")):
            # "to an international force in Liberia": where they are sent
            for p in (ctx.found.get(t.i) for t in prep.subtree):
                if p is not None and is_place(p):
                    yield [as_country(p, weak=True)]
                    return
        if pattern is not None and pattern.code[:2] in GIVEN_THING_ROOTS and pattern.objects is not None:
            if any(o.lemma_.lower() in pattern.objects for o in objects):
                return  # "would send troops": the troops are sent, not acted on
        if pattern is not None and pattern.code[:2] in EMBASSY_ROOTS and any(o.lemma_.lower() in FOREIGN_POSTS for o in objects):
            # "opened an embassy in Tehran": the host is the party
            hosts = [p for o in objects for p in find_places(ctx, o)]
            yield hosts[:1]
            return
    if got:
        yield got
    if pattern is not None and pattern.objects is not None:
        for obj in objects:  # "tightened the blockade of Serbia", "ended the siege of Sarajevo"
            if obj.lemma_.lower() in pattern.objects and obj.lemma_.lower() not in ctx.words.quantifier_nouns:
                got = find_places(ctx, obj, ("of",)) or find_prep_objects(ctx, obj, ("of",))
                if got:
                    yield got
    got = find_prep_objects(ctx, verb, ctx.words.target_prepositions)
    if got:
        yield got
    for obj in syntax.objects(verb, ctx.words):  # "imposed sanctions on Iran", "held rounds of talks with Pyongyang"
        got = find_prep_objects(ctx, obj, ctx.words.target_prepositions)
        if got:
            yield got
        # "pledged 500 million euros in aid to Sudan": through the amount's "in"/"of"
        inner = [p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ in ("in", "of") for p in prep.children if p.dep_ == "pobj"]
        for noun in inner:
            got = find_prep_objects(ctx, noun, ("to", "for", "against", "on"))
            if got:
                yield got
    statement = pattern is not None and pattern.code.startswith("01")
    for obj in syntax.objects(verb, ctx.words):  # "presented evidence against Russia", "denied charges by Ivory Coast"
        # A statement takes no place or topic as its target, only whose words it answers.
        got = find_prep_objects(ctx, obj, ("by",) if statement else ("about", "by"))
        if not got:
            # "condemned the nuclear test conducted by North Korea": the agent of the
            # act the object names is whom the reaction is aimed at.
            agents = [p for acl in obj.children if acl.dep_ == "acl" for p in syntax.agent_nouns(acl)]
            got = find_actors(ctx, agents, allow_weak=False)
        if not got and not statement:
            # "investment in Iran" names a party; "the talks in Jeddah" only a venue.
            got = find_prep_objects(ctx, obj, ("in",))
            got = [g for g in got if g.kind not in (ActorKind.CAPITAL, ActorKind.PLACE)]
        if got:
            yield got
    if statement:
        # "The IAEA said Iran had enriched uranium": a statement about a third party is
        # aimed at it (the reported act is coded apart, with its own source). An
        # attribution after its clause ("..., the military said") aims at no one.
        yield statement_subjects(ctx, verb)
        return
    got = find_actors(ctx, objects, allow_weak=True)
    if got:
        yield got
    # "surrounded and shelled a village": coordinated verbs share the later one's object.
    if not objects:
        for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i):
            got = find_actors(ctx, [o for o in conj.children if o.dep_ == "dobj"], allow_weak=True)
            if got:
                yield got
    # "demanding North Korea front-load vows": the subject of the complement.
    for comp in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
        subjects = [c for c in comp.children if c.dep_ == "nsubj"]
        got = find_actors(ctx, subjects, allow_weak=False)
        if got:
            yield got
    if ctx.words.wrapper_family(verb.lemma_.lower()) is not None:
        # A wrapper coded alone, over an act the lexicon does not know, is aimed where
        # that act is: "vowed to keep up the pressure on the government".
        for comp in (c for c in verb.children if c.dep_ == "xcomp" or (c.dep_ == "advcl" and syntax.infinitive(c))):
            got = find_targets(ctx, comp, None)
            if got:
                yield got


def protest_aims(
    ctx: SentenceContext, verb: Token, avoid: Collection[str], aims_at: Callable[[Token], bool]
) -> list[ActorRef]:
    """Whom a protest that names no target is aimed at: the party of an "in defiance of
    X" or "to show their anger at X" phrase (the nouns of ``ctx.words.aim_nouns``), or
    the first actor named in a clause of the protest that says what it wants or opposes
    (``aims_at``: a demand, a complaint, a rejection): "staged a sit-in to demand the
    release of prisoners held by Egypt", "rallied, calling for the removal of President
    X". Never a source (``avoid``), nor a place named only as where something is ("in Cairo")."""
    subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    inside = [t for t in verb.subtree if t.i not in subject and t.i != verb.i]
    for tok in inside:
        if tok.lemma_.lower() in ctx.words.aim_nouns and (
            (tok.dep_ == "pobj" and tok.head.lower_ == "in") or tok.dep_ == "dobj"
        ):
            for prep in (p for p in tok.children if p.dep_ == "prep" and p.lower_ in _AIM_PREPOSITIONS):
                got = _first_actor(ctx, prep, avoid)
                if got:
                    return got
    for clause in inside:
        if clause.pos_ != "VERB" or clause.dep_ not in ("advcl", "xcomp", "acl", "pcomp", "relcl") or not aims_at(clause):
            continue
        got = _first_actor(ctx, clause, avoid)
        if got:
            return got
    return []


#: Prepositions after an aim noun that name what the protest is against: "in defiance
#: of", "anger at", "disapproval for", "opposition to", "protest against|over".
_AIM_PREPOSITIONS = frozenset({"of", "against", "at", "over", "to", "for"})


def _first_actor(ctx: SentenceContext, top: Token, avoid: Collection[str]) -> list[ActorRef]:
    """The actors of the first phrase under ``top`` that names any (by the phrases' heads,
    in text order), leaving out ``avoid`` codes, the subject of a clause ``top`` heads,
    and places named only as where ("in Cairo")."""
    own_subject = {t.i for c in top.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    for tok in top.subtree:
        if tok.i == top.i or tok.i in own_subject or tok.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if tok.dep_ in ("compound", "amod", "appos", "conj"):
            continue  # a word of a phrase read from its head
        got = [g for g in find_actors(ctx, [tok]) if g.code not in avoid]
        if tok.dep_ == "pobj" and tok.head.lower_ in ctx.words.locative_prepositions:
            got = [g for g in got if not is_place(g)]  # "in Cairo": where, not whom
        if got:
            return got
    return []


def condition_subjects(ctx: SentenceContext, *clauses: Token | None) -> list[ActorRef]:
    """Who must meet a threat's condition, the first clause's that has one: "unless
    Greece withdrew its ships" -> Greece, "if the United States goes ahead" -> the US."""
    for clause in (c for c in clauses if c is not None):
        for condition in (c for c in clause.children if c.dep_ == "advcl"):
            if any(m.dep_ == "mark" and m.lower_ in ctx.words.conditional_marks for m in condition.children):
                got = find_actors(ctx, [s for s in condition.children if s.dep_ in ("nsubj", "nsubjpass")], allow_weak=False)
                if got:
                    return got
    return []


def complained_of(ctx: SentenceContext, verb: Token) -> list[ActorRef]:
    """Whose doing an "over"/"about" phrase of the verb names, by the actor that modifies
    its noun: "over two Israeli air raids" -> Israel, "about Turkey's incursions" ->
    Turkey, "about attacks by Pakistan" -> Pakistan."""
    # the phrase may hang from the verb or from the body addressed ("to the EU about ...")
    heads = [verb, *(p for prep in verb.children if prep.lower_ == "to" for p in prep.children if p.dep_ == "pobj")]
    acts = [
        p
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in ("over", "about")
        for p in prep.children
        if p.dep_ == "pobj"
    ]
    doers: list[ActorRef] = []
    for act in acts:
        modifiers = [c for c in act.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i in ctx.found]
        doers += [ctx.found[m.i] for m in modifiers if all(d.code != ctx.found[m.i].code for d in doers)]
        doers += find_prep_objects(ctx, act, ("by",))
    return doers


def governing_preposition(ctx: SentenceContext, ref: ActorRef, verb: Token) -> str | None:
    """The preposition through which a mention hangs from the verb (the one nearest the
    verb: "met at the United Nations" -> "at"; "talks on an Israeli pullback" -> "on"),
    or None when it is the verb's own subject or object."""
    doc = ctx.span.doc
    tok = doc[ref.first]
    found: str | None = None
    for _ in range(12):
        if tok.i == verb.i or tok.head.i == tok.i:
            break
        if tok.dep_ == "prep":
            found = tok.lower_
        tok = tok.head
    return found if tok.i == verb.i else None


def statement_subjects(ctx: SentenceContext, verb: Token) -> list[ActorRef]:
    """The actors a statement verb speaks about: the subject of a complement clause that
    follows it ("said Iran had ..."), never one it follows (an attribution)."""
    if verb.lemma_.lower() not in ctx.words.say_verbs:
        return []
    for comp in (c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i):
        subjects = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
        got = find_actors(ctx, subjects, allow_weak=False)
        if got:
            return got
    return []


def find_wrapper_objects(ctx: SentenceContext, wrapper: Token) -> list[ActorRef]:
    """Whom a wrapper verb addresses: "urged Iran to ...", "called on Iran to ..."."""
    objs = [c for c in wrapper.children if c.dep_ in ("dobj", "dative", "iobj")]
    if syntax.passive(wrapper):
        objs += [c for c in wrapper.children if c.dep_ == "nsubjpass"]  # "Obama is pressured by X to ..."
    got = find_actors(ctx, objs, allow_weak=False)
    if got:
        return got
    return find_prep_objects(ctx, wrapper, ("on", "upon", "to"))


def find_unknown_doer(verb: Token, words: WordClasses) -> list[ActorRef]:
    """The phrase that does a violent act, when it names no actor."""
    passive = syntax.passive(verb)
    if passive:
        heads = syntax.agent_nouns(verb)
        # "killed in a suicide car bombing": the attack named by a preposition did it.
        heads += [
            p
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in ("in", "by")
            for p in prep.children
            if p.dep_ == "pobj" and p.lemma_.lower() in words.attack_nouns
        ]
    else:
        heads = [c for c in verb.children if c.dep_ == "nsubj"]
    out = []
    for head in heads[:1]:
        first, last = head.left_edge.i, head.i + 1
        if last - first <= 8:
            out.append(ActorRef("---", None, None, ActorKind.UNKNOWN, first, last, weak=True))
    return out


def same_side(actor: ActorRef, others: Sequence[ActorRef]) -> bool:
    """Is ``actor`` one of ``others``, or of the same country ("Raisi said Iran would ...")?"""
    return any(actor.code == o.code or (actor.country is not None and actor.country == o.country) for o in others)
