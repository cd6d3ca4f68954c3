"""Where a clause's event happens, and what that place does to its actors: the
countries of places named in the clause, a place as the target of an event that names
none ("protested in Beijing"), and the country of sector-only actors from where they
act ("Gunmen attacked a checkpoint near Kandahar")."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..actors.kb import SectorCodes
from ..actors.resolver import FOREIGN_POSTS, ActorRef, as_country, is_place, placed_in
from ..model import ActorKind
from . import syntax
from .codes import DOMESTIC_PLACE_ROOTS, JOINT_ROOTS, PLACE_TARGET_CODES, PLACE_TARGET_ROOTS, UNKNOWN_SOURCE_ROOTS
from .phrases import find_prep_objects
from .records import SentenceContext

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token


def find_places(
    ctx: SentenceContext,
    verb: Token,
    prepositions: Collection[str] = ("in", "inside"),
    sector: str | None = None,
) -> list[ActorRef]:
    """The countries of places named with ``prepositions`` ("in X", "from X"),
    as actors of that country (with ``sector``: its authorities)."""
    refs = find_prep_objects(ctx, verb, prepositions)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in prepositions):
        for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in ctx.words.place_nouns):
            # "in the Rwandan capital", "in a Syrian town"
            refs += [ctx.found[m.i] for m in pobj.children if m.dep_ == "amod" and m.i in ctx.found]
    return [as_country(ref, sector) for ref in refs if is_place(ref) or (ref.kind == ActorKind.ADJECTIVE and ref.country)]


def find_target_places(
    ctx: SentenceContext, verb: Token, sources: Sequence[ActorRef], *, domestic: bool = False
) -> list[ActorRef]:
    """Places of the event that can be its target: never a source itself ("Sudan lifted
    the state of emergency in Khartoum" does not aim at Sudan) and, unless ``domestic``,
    never the sources' own country (Kenyans attending a funeral in Nairobi aim at no one;
    a curfew imposed in Diyarbakir by Turkey, ``domestic``, aims at Turkey)."""
    places = find_places(ctx, verb, ("in", "inside", "near", "off"))
    for obj in syntax.objects(verb, ctx.words) if not places else ():
        # "attended the funeral in Ankara", "sorrow for the shootings in South Carolina",
        # "attend the Beijing Olympics"
        places = find_places(ctx, obj) or [
            as_country(ref)
            for ref in (ctx.found.get(m.i) for m in obj.children if m.dep_ == "compound")
            if ref is not None and is_place(ref)
        ]
        if places:
            break
    codes = {s.code for s in sources}
    countries = set() if domestic else {s.country for s in sources}
    return [p for p in places if p.code not in codes and p.country not in countries]


#: Prepositions that say where a clause's act happened ("marched through Tehran").
EVENT_PLACE_PREPOSITIONS = frozenset("in on at near inside across of through around outside".split())


def find_event_place(verb: Token, found: dict[int, ActorRef]) -> ActorRef | None:
    """The first place (of a known country) named with a locative preposition in
    the clause (not inside its subject or a clausal complement)."""
    stack = [c for c in verb.children if c.dep_ in ("prep", "advcl", "npadvmod", "agent")]
    while stack:
        tok = stack.pop(0)
        if tok.dep_ == "pobj" and tok.head.lower_ in EVENT_PLACE_PREPOSITIONS:
            ref = found.get(tok.i)
            if ref is not None and is_place(ref):
                return ref
        stack.extend(c for c in tok.children if c.dep_ in ("prep", "pobj", "advcl", "compound"))
    return None


def find_place_in_objects(ctx: SentenceContext, verb: Token) -> list[ActorRef]:
    """The first country or place named anywhere inside the verb's objects."""
    for obj in syntax.objects(verb, ctx.words):
        for tok in obj.subtree:
            ref = ctx.found.get(tok.i)
            if ref is not None and is_place(ref):
                return [as_country(ref, weak=True)]
    return []


def place_actors(
    verb: Token,
    sources: list[ActorRef],
    targets: list[ActorRef | None],
    found: dict[int, ActorRef],
    sectors: SectorCodes,
    *,
    coercion: bool = False,
) -> tuple[list[ActorRef], list[ActorRef | None]]:
    """Countries for sector-only actors of coercion (``coercion``, CAMEO root 17) and
    violence, from where it happened (the sector classes local, police and home of ``sectors``).

    Victims of no named country belong to the place where they were hit ("Two
    civilians were killed in air strikes on Gaza"); so do armed groups with no
    country ("Gunmen attacked a checkpoint near Kandahar") and the police, not armies.
    """
    where = find_event_place(verb, found)
    if where is None and verb.dep_ == "advcl" and verb.head.i != verb.i:
        # "shelled Kharkiv, killing three civilians": where the main clause happened
        objects = [found[o.i] for o in verb.head.children if o.dep_ == "dobj" and is_place(found.get(o.i))]
        where = find_event_place(verb.head, found) or (objects[0] if objects else None)
    unknown = [s for s in sources if s.kind == ActorKind.UNKNOWN and s.country is None]
    if unknown:
        # "A roadside bomb near Samarra killed a soldier": an attack by no one named is
        # coded to the place it struck, named in the clause or in the attack's own words,
        # and so are its victims of no named country.
        where = where or _place_within(verb.doc[unknown[0].last - 1].subtree, found)
        country = where.country if where is not None else None
        if where is not None and country is not None:
            why = f"an attack by no one named, at {where.code}"
            sources = [replace(s, code=country, country=country, basis=why) if s in unknown else s for s in sources]
    place = where.country if where is not None else None
    # Victims named with their place ("arrested dozens of students in Dhaka") are of it,
    # though the doers are then placed only through them (the police) or not at all: a
    # place inside the object may be only the victims' ("bombarded a district of Aleppo").
    in_object = _place_in_object(verb, found) if where is None else None
    victims_at = in_object.country if in_object is not None else None
    if place is not None or victims_at is not None:
        targets = [
            placed_in(t, str(place or victims_at))
            if t is not None and t.sector and verb.doc[t.last - 1].lemma_.lower() not in FOREIGN_POSTS
            else t
            for t in targets
        ]
    if place is not None:
        sources = [placed_in(s, place) if s.sector in sectors.local else s for s in sources]
    # "Protesters in Nairobi clashed with police": the police are the protesters' own.
    home = {s.country for s in sources if s.sector in sectors.local and s.country}
    if len(home) == 1:
        targets = [placed_in(t, next(iter(home))) if t is not None and t.sector in sectors.police else t for t in targets]
    home = {t.country for t in targets if t is not None and t.sector in sectors.local and t.country}
    if len(home) == 1:
        sources = [placed_in(s, next(iter(home))) if s.sector in sectors.police else s for s in sources]
    # "Egyptian police dispersed demonstrators": local people the police act on are of the
    # police's country; so are all but state institutions a state's institutions coerce
    # ("The Iranian government jailed two journalists"), not those its army attacks.
    home = {s.country for s in sources if s.sector in sectors.police and s.country}
    if len(home) == 1:
        targets = [placed_in(t, next(iter(home))) if t is not None and t.sector in sectors.local else t for t in targets]
    home = {s.country for s in sources if s.sector in sectors.home and s.country} if coercion else set()
    if len(home) == 1:
        targets = [
            placed_in(t, next(iter(home))) if t is not None and t.sector and t.sector not in sectors.home else t
            for t in targets
        ]
    return sources, targets


def place_generic_sources(verb: Token, sources: list[ActorRef], found: dict[int, ActorRef], sectors: SectorCodes) -> list[ActorRef]:
    """Doers named by their role alone, of no state institution ("students", "opposition
    leaders", "doctors", "rebels"), take the country of the place their clause names:
    "Students marched through Tehran" -> IRNEDU. A state's own institutions (the sector
    class home: "the army", "the government") do not: soldiers in a city may be a foreign
    army's; they take the document's home country instead (context/home.py)."""
    if not any(s.country is None and s.code.startswith("---") and s.sector not in sectors.home for s in sources):
        return sources
    where = find_event_place(verb, found)
    clause = verb
    for _ in range(2):
        # "Farmers marched in Lima to demand ...": the demand was made where they marched
        if where is not None or clause.dep_ not in ("advcl", "xcomp", "conj") or clause.head.i == clause.i:
            break
        clause = clause.head
        where = find_event_place(clause, found)
    where = where or _place_in_object(verb, found)  # "blocked the roads around Lahore"
    for comp in (c for c in verb.children if c.dep_ == "xcomp") if where is None else ():
        # "agreed to hold the rally in Tbilisi": where the act agreed to happens
        where = find_event_place(comp, found) or _place_in_object(comp, found)
        if where is not None:
            break
    if where is None or where.country is None:
        return sources
    why = f"the place its clause names, {where.code}"
    return [
        placed_in(s, where.country, why) if s.country is None and s.sector is not None and s.sector not in sectors.home else s
        for s in sources
    ]


def place_peoples(
    verb: Token, sources: list[ActorRef], targets: list[ActorRef | None], found: dict[int, ActorRef]
) -> tuple[list[ActorRef], list[ActorRef | None]]:
    """An ethnic group is coded by the country it lives in, which the clause's place
    says: "ethnic Hungarians rallied in Cluj" are of Romania, "ethnic Russians
    protested in Narva" of Estonia, "ethnic Uzbeks rallied in Osh" of Kyrgyzstan.
    Only mentions written with "ethnic" (the people's own country is then another's
    name), only when the clause names a place of another country."""
    doc = verb.doc
    if not any(r is not None and r.country is not None and _ethnic(doc, r) for r in [*sources, *targets]):
        return sources, targets
    where = find_event_place(verb, found)
    if where is None or where.country is None:
        return sources, targets
    country = where.country

    def moved(ref: ActorRef) -> ActorRef:
        if ref.country in (None, country) or not _ethnic(verb.doc, ref):
            return ref
        return replace(
            ref,
            code=country + (ref.sector or ""),
            country=country,
            kind=ActorKind.ROLE if ref.sector else ActorKind.COUNTRY,
            basis=f"{ref.basis}, an ethnic group living in {where.code} (the clause's place)",
        )

    return [moved(s) for s in sources], [moved(t) if t is not None else None for t in targets]


def _ethnic(doc: SpacyDoc, ref: ActorRef) -> bool:
    """Is the mention written with "ethnic" ("ethnic Albanians", "ethnic Albanian guerrillas")?"""
    words = [*doc[ref.first : ref.last], *(c for t in doc[ref.first : ref.last] for c in t.children)]
    return any(t.lower_ == "ethnic" for t in words)


def _place_in_object(verb: Token, found: dict[int, ActorRef]) -> ActorRef | None:
    """The first place named after a locative preposition inside the verb's direct objects."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        where = _place_within(obj.subtree, found)
        if where is not None:
            return where
    return None


def _place_within(words: Iterable[Token], found: dict[int, ActorRef]) -> ActorRef | None:
    """The first place of a known country named inside ``words`` after a locative preposition."""
    for tok in words:
        if tok.dep_ == "pobj" and tok.head.lower_ in EVENT_PLACE_PREPOSITIONS:
            ref = found.get(tok.i)
            if ref is not None and is_place(ref):
                return ref
            for inner in tok.subtree:
                ref = found.get(inner.i)
                if ref is not None and is_place(ref):
                    return ref
    return None


def find_place_targets(ctx: SentenceContext, verb: Token, code: str, sources: list[ActorRef]) -> list[ActorRef | None]:
    """A target from the event's place, for an event that names none."""
    joint = len({s.code for s in sources}) > 1 and code[:2] in JOINT_ROOTS
    if code[:2] in PLACE_TARGET_ROOTS and not joint:
        # A protest or an attack with no named target targets the place: "protested in Beijing".
        places = find_target_places(ctx, verb, sources, domestic=code[:2] in DOMESTIC_PLACE_ROOTS)
        if places:
            return list(places)
    if code[:2] in UNKNOWN_SOURCE_ROOTS and sources and all(s.sector in ctx.sectors.local for s in sources):
        # Armed groups fighting where they are target that country, their own
        # included: "Boko Haram has launched attacks ... in northeastern Nigeria".
        where = find_event_place(verb, ctx.found)
        if where is not None:
            return [as_country(where, weak=True)]
    if code in PLACE_TARGET_CODES:
        # Sympathy or a claim of responsibility is aimed where the deed was done:
        # "sorrow for the shootings in South Carolina", "responsibility for an attack ... in Kenya's capital".
        return list(find_place_in_objects(ctx, verb)) or [None]
    return [None]
