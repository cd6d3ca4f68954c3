"""From parsed sentences to coded actors.

``ActorResolver`` finds the names the knowledge base knows (countries, their
adjectives and capitals, organisations, people in office on the article's
date), learns people introduced with a title ("South Korean President Moon
Jae-in") for the rest of the document, and turns the head of a noun phrase
into an actor code: country from names and adjectives, sector from the role
noun ("the Pyongyang regime" → PRKGOV, "Iraqi police" → IRQCOP). Pronouns
and bare surnames are resolved against the document's memory of what was
mentioned before.

The memory is a per-document object the caller creates; the resolver itself
holds no state between documents, so one resolver serves many documents and
pickles to workers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import ActorKind
from ..nlp import quoted
from .kb import Entry, KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# Posts abroad belong to the country that sends them: "the embassy in Cairo" is not Egypt's.
FOREIGN_POSTS = frozenset("embassy consulate mission legation".split())
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
# Indefinite pronouns stand for no one in particular: "Nobody condemned the attack",
# "someone fired at the convoy". They never take an antecedent.
INDEFINITE_PRONOUNS = frozenset(
    "nobody none someone somebody anyone anybody everyone everybody nothing something anything everything".split()
)
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
# Heads of phrases that only qualify a country ("the North Korean side").
_COLLECTIVE_HEADS = frozenset(
    "side delegation team nation country state people leadership camp counterpart counterparts "
    "authorities".split()
)
# Role nouns that take their country from "of/to X": "adviser to President Moon".
_RELATIONAL_ROLES = frozenset(
    "adviser advisor aide spokesman spokeswoman spokesperson envoy ambassador representative "
    "minister secretary president premier leader chief head commander".split()
)
QUANTIFIERS = frozenset(
    "dozen dozens hundred hundreds thousand thousands million millions scores group groups number "
    "team teams unit units contingent contingents band members member some many several most all".split()
)
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod", "nummod", "det"})
_INNER_MODIFIER_DEPS = _MODIFIER_DEPS - {"poss"}  # a possessor's own possessor is another phrase


@dataclass(frozen=True)
class ActorRef:
    """An actor found in a sentence, in spaCy token indices of the parse."""

    code: str
    country: str | None
    sector: str | None
    kind: ActorKind
    first: int  # token indices (token.i) of the phrase, end exclusive
    last: int
    weak: bool = False  # found only through an adjective on a non-actor noun
    pronoun: bool = False  # reached through a pronoun
    members: tuple[str, ...] = ()  # a collective name's actors ("the P5+1"); see ActorResolver.members
    # What decided the code, for people reading explanations (`detente actors`): a
    # knowledge-base row ("organizations.tsv:499") or the rule, with what it rested on.
    basis: str = field(default="", compare=False)


def is_person(ref: ActorRef, person_sectors: Collection[str]) -> bool:
    """Is the mention one person: a named person, or a role noun of a sector whose
    members are single people (``person_sectors``: "the minister", not "the ministry")?"""
    return ref.kind == ActorKind.PERSON or (ref.kind == ActorKind.ROLE and ref.sector in person_sectors)


PLACE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.CAPITAL, ActorKind.PLACE})
# Mentions that name a country outright: its name, its adjective, its capital.
_COUNTRY_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.ADJECTIVE, ActorKind.CAPITAL})
# Mentions that name who someone is, so an appositive name says who a phrase means.
_NAMED_KINDS = frozenset({ActorKind.PERSON, ActorKind.ORGANIZATION})


def is_place(ref: ActorRef | None) -> bool:
    """Does the mention name a place of a known country (a country, capital or city)?"""
    return ref is not None and ref.kind in PLACE_KINDS and ref.country is not None


def as_country(ref: ActorRef, sector: str | None = None, *, weak: bool = False) -> ActorRef:
    """The country of a place mention as an actor over the same words ("in Kabul" ->
    AFG; with ``sector``, that country's authorities: AFGGOV)."""
    country = ref.country or "---"
    return ActorRef(country + (sector or ""), ref.country, sector, ActorKind.COUNTRY, ref.first, ref.last, weak=weak)


def placed_in(actor: ActorRef, country: str, why: str = "from context") -> ActorRef:
    """A sector-only actor ("---CVL") given a country inferred from context (weakly);
    actors with a country, or none by nature (IGO, NGO, IMG), are left as they are."""
    if actor.country is not None or not actor.code.startswith("---"):
        return actor
    return replace(
        actor, code=country + actor.code[3:], country=country, weak=True, basis=f"{actor.basis}, in {country} ({why})"
    )


def countries_of(found: dict[int, ActorRef]) -> list[str]:
    """The countries of the country names, capitals and adjectives among ``found``, in text order."""
    out: list[str] = []
    seen: set[tuple[int, int]] = set()
    for i in sorted(found):
        ref = found[i]
        if ref.kind in _COUNTRY_KINDS and ref.country and (ref.first, ref.last) not in seen:
            seen.add((ref.first, ref.last))
            out.append(ref.country)
    return out


def _clause_subjects(pronoun: Token) -> frozenset[int]:
    """Tokens of the subject of the clause an object pronoun sits in: a
    non-reflexive object pronoun never refers to its own clause's subject."""
    if pronoun.dep_ in ("nsubj", "nsubjpass", "poss") or pronoun.lower_.endswith(("self", "selves")):
        return frozenset()  # subjects, possessives and reflexives may refer to the subject
    verb = pronoun.head
    if pronoun.dep_ == "pobj":
        verb = verb.head
    # A clause with no subject of its own takes its governor's: in "Chile detained two
    # Peruvian sailors, accusing them of spying" and "... and charged them", "them" is
    # never Chile.
    for _ in range(4):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.dep_ not in ("advcl", "xcomp", "conj"):
            break
        verb = verb.head
    out: set[int] = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            out.update(range(child.left_edge.i, child.right_edge.i + 1))
    return frozenset(out)


def compose_code(country: str | None, sector: str | None) -> str:
    return (country or "---") + (sector or "")


@dataclass
class DocumentMemory:
    """What one document has said so far: people learnt from titles, and the
    actors mentioned, in order, for resolving pronouns. One per document."""

    people: dict[str, ActorRef] = field(default_factory=dict)
    # (order key, ActorRef, is_subject, inside a quotation): key = (sentence index, token index)
    mentioned: list[tuple[tuple[int, int], ActorRef, bool, bool]] = field(default_factory=list)
    # What actor_at works out of a phrase alone, its sector and the country named in it,
    # kept for the sentence's later look-ups of the same phrase: (sentence index, token
    # index[, possessor]) -> result. The sentence's names are fixed once it is read.
    sectors: dict[tuple[int, int], str | None] = field(default_factory=dict)
    country_refs: dict[tuple[int, int, bool], ActorRef | None] = field(default_factory=dict)

    def remember(
        self, sentence_index: int, token_index: int, actor: ActorRef, subject: bool, in_quote: bool = False
    ) -> None:
        self.mentioned.append(((sentence_index, token_index), actor, subject, in_quote))

    def learn_person(self, name_words: Sequence[str], actor: ActorRef) -> None:
        """Remember a titled person under the full name and each name part."""
        if not [w for w in name_words if w not in {"-", "."}]:
            return
        self.people[" ".join(name_words)] = actor
        # Name parts, a hyphenated part kept whole ("odhiambo - kariuki", "jae - in").
        parts: list[list[str]] = []
        for word in name_words:
            if word == "-" and parts:
                parts[-1].append(word)
            elif parts and parts[-1][-1] == "-":
                parts[-1].append(word)
            else:
                parts.append([word])
        # Surnames: the first part (East Asian order) and the last part.
        for part in (parts[0], parts[-1]):
            key = " ".join(part)
            if len(key) > 2:
                self.people.setdefault(key, actor)

    def definite(self, sector: str, sentence_index: int, token_index: int) -> ActorRef | None:
        """The latest named actor of ``sector`` (an organisation, or a group with
        a country) in this and the two sentences before: "the group" after "al-Shabab"."""
        for key, actor, _subject, _quoted in reversed(self.mentioned):
            if key >= (sentence_index, token_index):
                continue
            if key[0] < sentence_index - 2:
                break
            if actor.sector == sector and not actor.pronoun and (actor.kind == ActorKind.ORGANIZATION or actor.country):
                return actor
        return None

    def definite_country(
        self, sentence_index: int, token_index: int, exclude: frozenset[int] = frozenset()
    ) -> ActorRef | None:
        """The country "the country", "the kingdom", "the Gulf state" refer to
        ("The US condemned the country": not the US, when ``exclude`` holds the subject)."""
        return self._nearest(
            sentence_index,
            token_index,
            exclude,
            lambda actor, _quoted: actor.kind in (ActorKind.COUNTRY, ActorKind.CAPITAL)
            and bool(actor.country)
            and not actor.pronoun,
        )

    def _nearest(
        self,
        sentence_index: int,
        token_index: int,
        exclude: frozenset[int],
        accept: Callable[[ActorRef, bool], bool],
    ) -> ActorRef | None:
        """The nearest of this and the two sentences before that mentions an
        accepted actor before the token; in it, the last subject, else the last mention."""
        chosen: int | None = None
        subject_found: ActorRef | None = None
        latest: ActorRef | None = None
        for key, actor, subject, quoted in reversed(self.mentioned):
            if key >= (sentence_index, token_index):
                continue
            if key[0] < sentence_index - 2 or (chosen is not None and key[0] != chosen):
                break
            if key[0] == sentence_index and key[1] in exclude:
                continue
            if not accept(actor, quoted):
                continue
            chosen = key[0]
            latest = latest or actor
            if subject:
                subject_found = actor
                break
        return subject_found or latest

    def last_pair(self, sentence_index: int) -> list[ActorRef]:
        """The two most recent actors of different countries in the three
        sentences before, for "the two leaders", "both sides"."""
        pair: list[ActorRef] = []
        for key, actor, _subject, _quoted in reversed(self.mentioned):
            if key[0] >= sentence_index:
                continue  # the pair was named before: "China offered to mediate between the two countries"
            if key[0] < sentence_index - 3:
                break
            if actor.country and all(actor.country != other.country for other in pair):
                pair.append(actor)
                if len(pair) == 2:
                    return pair[::-1]
        return []

    def antecedent(
        self,
        pronoun: str,
        sentence_index: int,
        token_index: int,
        in_quote: bool = False,
        exclude: frozenset[int] = frozenset(),
        *,
        person_sectors: Collection[str],
    ) -> ActorRef | None:
        """The most recent compatible actor before the pronoun, within the
        same and the previous two sentences, preferring subjects. Names inside
        a quotation do not stand for pronouns outside it ("'... Chairman
        Kim ...,' he told Reuters"). Role nouns of ``person_sectors`` stand for
        one person ("he" may be "the minister")."""
        word = pronoun.lower()

        def compatible(actor: ActorRef, quoted: bool) -> bool:
            if quoted and not in_quote:
                return False
            person = is_person(actor, person_sectors)
            if word in PERSON_PRONOUNS and not person:
                return False
            if word in THING_PRONOUNS and (person or (actor.kind == ActorKind.ROLE and actor.sector is None)):
                return False
            return not (word in PLURAL_PRONOUNS and actor.kind == ActorKind.PERSON)

        return self._nearest(sentence_index, token_index, exclude, compatible)


class ActorResolver:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def members(self, ref: ActorRef) -> list[ActorRef]:
        """The actors a collective name stands for, each over the name's words ("the
        P5+1" -> USA, GBR, FRA, RUS, CHN, DEU); any other actor alone."""
        if not ref.members:
            return [ref]
        out: list[ActorRef] = []
        for code in ref.members:
            country = code[:3] if self.kb.country_name(code[:3]) is not None else None
            sector = code[3:6] or None if country is not None else None
            kind = ActorKind.ORGANIZATION if country is None else ActorKind.COUNTRY if sector is None else ActorKind.ROLE
            out.append(ActorRef(code, country, sector, kind, ref.first, ref.last, ref.weak, ref.pronoun))
        return out

    # --- finding names -------------------------------------------------
    def find_names(self, span: SpacySpan, on: dt.date | None, memory: DocumentMemory) -> dict[int, ActorRef]:
        """Map each token index covered by a known name to its ActorRef."""
        tokens = list(span)
        words = [t.lower_ for t in tokens]
        texts = [t.text for t in tokens]
        found: dict[int, ActorRef] = {}
        i = 0
        while i < len(tokens):
            written_as_name = _capitalised(tokens[i]) or (
                tokens[i].lower_ in _ARTICLE_PARTICLES and i + 1 < len(tokens) and tokens[i + 1].text == "-"
            )  # "al-Shabab", "al-Qaeda"
            hit = self._match(words, i, on, memory, texts) if written_as_name or tokens[i].is_alpha else None
            if hit is not None and not written_as_name and not _loose_name(tokens[i], hit[1]) and not _collective(hit):
                hit = None
            if hit is not None and i >= 2 and tokens[i - 1].text == "-" and tokens[i - 2].lower_ in ("pro", "anti"):
                hit = None  # "pro-Russia rebels", "anti-American protesters" are of neither country
            # A name must be written as one: "a strict Islamic state" is not the
            # Islamic State, but "the Trump administration" still holds "Trump".
            while (
                hit is not None
                and hit[1].kind in (ActorKind.ORGANIZATION, ActorKind.PERSON)
                and not _proper(tokens[i : i + hit[0]])
                and not _collective(hit)
            ):
                hit = self._match(words[: i + hit[0] - 1], i, on, memory) if hit[0] > 1 else None
            if hit is not None and _part_of_a_longer_name(tokens, i, hit):
                hit = None  # "Chadli Klibi" is not Chadli Bendjedid: the name goes on
            if hit is not None and hit[0] > 1 and words[i] == "the":
                # "the West Bank" is not "the West" and a bank: a name listed with its
                # article yields to a longer name that starts after the article
                inner = self.kb.match_at(words, i + 1, on)
                if inner is not None and 1 + inner[0] > hit[0]:
                    hit = None
            if hit is None and written_as_name and _may_be_misspelt(tokens, i):
                near = self.kb.near_place(tokens[i].text, on)
                if near is not None:
                    hit = (1, _ref_from_entry(near, f"one edit from {near.display!r}: "))
            if hit is None:
                i += 1
                continue
            size, ref = hit
            ref = replace(ref, first=tokens[i].i, last=tokens[i].i + size)
            for t in tokens[i : i + size]:
                found[t.i] = ref
            i += size
        self._learn_titled_people(span, found, on, memory)
        self._titles_over_rows(span, found)
        return found

    def _titles_over_rows(self, span: SpacySpan, found: dict[int, ActorRef]) -> None:
        """A known person whose title in the text names another office of the same
        country takes the title's sector: "General David Petraeus" and "the US commander
        in Iraq, David Petraeus" are USAMIL even on a date the knowledge base has him at
        the CIA. The text's own title says which office it reports; the date may be the
        story's, or wrong."""
        seen: set[tuple[int, int]] = set()
        for ref in list(found.values()):
            if (ref.first, ref.last) in seen or ref.kind != ActorKind.PERSON or ref.country is None:
                continue
            seen.add((ref.first, ref.last))
            if ref.basis.startswith("a name after its title"):
                continue  # learnt from this very title
            role = self._role_around(span.doc[ref.last - 1], found, RANKS, range(ref.first, ref.last))
            if role is None or role.sector is None or role.sector == ref.sector:
                continue
            if role.country not in (None, ref.country) or role.sector not in self.kb.sector_codes.person:
                continue
            titled = replace(
                ref, code=ref.country + role.sector, sector=role.sector, basis=f"{ref.basis}, titled {role.sector} in the text"
            )
            for i in range(ref.first, ref.last):
                found[i] = titled

    def countries_in_title(self, title: str, on: dt.date | None) -> list[str]:
        """The same for a title, read without a parse: capitalised words only."""
        # Words split as the knowledge base keys them: "China's" -> "china 's", "Jong-un" -> "jong - un".
        words = re.findall(r"\w+|'s\b|-", title.replace("\u2019", "'"))
        lowered = [w.lower() for w in words]
        out: list[str] = []
        i = 0
        while i < len(words):
            hit = self.kb.match_at(lowered, i, on) if words[i][:1].isupper() else None
            if hit is None:
                i += 1
                continue
            size, entry = hit
            if entry.kind in _COUNTRY_KINDS and entry.country:
                out.append(entry.country)
            i += size
        return out

    def _match(
        self,
        words: Sequence[str],
        i: int,
        on: dt.date | None,
        memory: DocumentMemory,
        texts: Sequence[str] | None = None,
    ) -> tuple[int, ActorRef] | None:
        """The longest name at ``words[i]``: the knowledge base's, or one learnt in this
        document. With ``texts`` (the words as written), a name listed in capitals
        ("GIA", "HTS") matches only words written in capitals: "Gia" is a surname."""
        best: tuple[int, ActorRef] | None = None
        end = len(words)
        kb_hit = self.kb.match_at(words[:end], i, on)
        while kb_hit is not None and texts is not None and _acronym(kb_hit[1]) and not all(
            t.isupper() for t in texts[i : i + kb_hit[0]]
        ):
            end = i + kb_hit[0] - 1
            kb_hit = self.kb.match_at(words[:end], i, on) if end > i else None
        if kb_hit is not None:
            size, entry = kb_hit
            best = (size, _ref_from_entry(entry))
        # Names learnt in this document, longest first.
        for size in range(min(6, len(words) - i), 0, -1):
            if best is not None and best[0] >= size:
                break
            ref = memory.people.get(" ".join(words[i : i + size]))
            if ref is not None:
                best = (size, ref)
                break
        return best

    def _learn_titled_people(
        self, span: SpacySpan, found: dict[int, ActorRef], on: dt.date | None, memory: DocumentMemory
    ) -> None:
        for name_span in self._name_candidates(span, found):
            name = [t for t in name_span if t.text not in {"'s", "'"}]
            if not name or not all(
                _capitalised(t) or t.text == "-" or (k > 0 and name[k - 1].text == "-") for k, t in enumerate(name)
            ):
                continue  # a name is capitalised, but for the part after a hyphen: "Cho Tae-yul"
            head = name[-1] if name_span.root.i not in {t.i for t in name} else name_span.root
            role = self._role_around(head, found)
            if role is None:
                continue
            ref = ActorRef(
                role.code, role.country, role.sector, ActorKind.PERSON, name[0].i, name[-1].i + 1,
                basis=f"a name after its title ({role.basis})",
            )
            near = self.kb.near_person([t.lower_ for t in name], on)
            if near is not None and role.country in (None, near.country) and role.sector == near.sector:
                # "Prime Minister Narendra Modhi": the office holder, misspelt
                known = _ref_from_entry(near, f"one slip from {near.display!r}, after its title: ")
                ref = replace(known, first=name[0].i, last=name[-1].i + 1)
            memory.learn_person([t.lower_ for t in name], ref)
            for t in name:
                found[t.i] = ref

    def _name_candidates(self, span: SpacySpan, found: dict[int, ActorRef]) -> list[SpacySpan]:
        """Names a title may introduce: the entity model's PERSON and ORG spans
        (it often labels a titled name ORG), and runs of proper nouns it missed,
        with leading title words taken off ("Foreign Minister Ilse Varnadottir")."""
        ents = _entities_in(span)
        out = [e for e in ents if e.label_ in ("PERSON", "ORG") and not any(t.i in found for t in e)]
        # A name the entity model calls a place (a surname the model tags GPE) may
        # still be a person's: only its PERSON and ORG spans are taken whole.
        covered = {t.i for e in ents if e.label_ in ("PERSON", "ORG") for t in e}
        run: list[Token] = []
        for tok in [*span, None]:
            if tok is not None and (tok.pos_ == "PROPN" or (tok.text == "-" and run)) and tok.i not in found and tok.i not in covered:
                run.append(tok)
                continue
            while run and (run[0].lower_ in TITLE_WORDS or self.kb.sector_of(run[0].lower_) or run[0].text == "-"):
                run.pop(0)
            while run and run[-1].text == "-":
                run.pop()
            if run:
                out.append(span.doc[run[0].i : run[-1].i + 1])
            run = []
        return out

    def _role_around(
        self, head: Token, found: dict[int, ActorRef], skip: frozenset[str] = frozenset(), own: range = range(0)
    ) -> ActorRef | None:
        """A title next to a person's name gives the person's code:
        compounds ("President Moon"), an appositive ("Moon, special adviser
        to ...") or the noun the name is an appositive of."""
        neighbours: list[Token] = [c for c in head.children if c.dep_ in ("compound", "appos", "amod")]
        if head.dep_ in ("appos", "compound") and head.head.pos_ in ("NOUN", "PROPN"):
            neighbours.append(head.head)
        country: str | None = None
        sector: str | None = None
        owner: ActorRef | None = None  # an organisation of no country the title is of
        for tok in neighbours:
            if tok.lower_ in skip or tok.i in own:
                continue  # a rank, or a word of the name itself
            if tok.i in found:
                ref = found[tok.i]
                country = country or ref.country
                if _organisation(ref) and ref.country is None:
                    owner = owner or ref
                    # a title listed as the organisation's name: "NATO Secretary General X"
                    sector = sector or next(
                        (st for t in head.doc[ref.first : ref.last] if (st := self._sector_of_token(t))), None
                    )
                if ref.kind in (ActorKind.CAPITAL, ActorKind.ORGANIZATION, ActorKind.PERSON) and ref.sector:
                    sector = sector or ref.sector
                continue
            term_sector = self._sector_of_token(tok)
            if term_sector is None:
                continue
            sector = sector or term_sector
            inner = self._country_ref_in_phrase(tok, found)
            if inner is not None:
                country = country or inner.country
                if _organisation(inner) and inner.country is None:
                    owner = owner or inner
        if sector is None:
            return None
        if country is None and owner is None:
            inner = self._country_ref_in_phrase(head, found)
            if inner is not None:
                country = inner.country
                owner = inner if _organisation(inner) and inner.country is None else None
        if country is None and owner is not None:
            # "Arab League Secretary General Amr Moussa": the organisation's own official
            return ActorRef(owner.code, None, owner.sector, ActorKind.ROLE, head.i, head.i + 1, basis=f"an official of {owner.code} ({owner.basis})")
        return ActorRef(compose_code(country, sector), country, sector, ActorKind.ROLE, head.i, head.i + 1, basis=f"title {sector}")

    # --- noun phrases -----------------------------------------------------
    def actor_at(
        self,
        head: Token,
        found: dict[int, ActorRef],
        memory: DocumentMemory,
        sentence_index: int,
        *,
        allow_weak: bool = True,
        possessor: bool = True,
        depth: int = 0,
    ) -> ActorRef | None:
        """The actor a noun phrase headed by ``head`` stands for, or None."""
        if depth > 3:
            return None
        lower = head.lower_
        if head.pos_ == "PRON" or lower in _PRONOUNS:
            if lower in FIRST_PERSON or lower in INDEFINITE_PRONOUNS:
                return None
            ref = memory.antecedent(
                lower,
                sentence_index,
                head.i,
                quoted(head),
                exclude=_clause_subjects(head),
                person_sectors=self.kb.sector_codes.person,
            )
            if ref is None:
                return None
            return ActorRef(
                ref.code, ref.country, ref.sector, ref.kind, head.i, head.i + 1, ref.weak, pronoun=True,
                members=ref.members, basis=f"{lower!r} refers back to {ref.code} ({ref.basis})",
            )
        if head.i in found:
            return self._people_of(head, found) or found[head.i]
        for child in head.children:
            # "his Japanese counterpart Yoko Kamikawa": the name says who
            if child.dep_ == "appos" and child.i in found and found[child.i].kind in _NAMED_KINDS:
                return found[child.i]
        if lower in QUANTIFIERS or head.lemma_.lower() in QUANTIFIERS:
            # "hundreds of UN troops", "dozens of protesters"
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            inner = self.actor_at(
                                pobj, found, memory, sentence_index, allow_weak=allow_weak, depth=depth + 1
                            )
                            if inner is not None:
                                return inner
        key = (sentence_index, head.i)
        if key not in memory.sectors:
            memory.sectors[key] = self._sector_of_token(head)
        sector = memory.sectors[key]
        ref_key = (sentence_index, head.i, possessor)
        if ref_key not in memory.country_refs:
            memory.country_refs[ref_key] = self._country_ref_in_phrase(head, found, possessor=possessor)
        country_ref = memory.country_refs[ref_key]
        if country_ref is None and _names_a_country(head):
            # "the country's president", "forced on the wealthy Gulf state"
            earlier = memory.definite_country(sentence_index, head.i, _clause_subjects(head))
            if earlier is not None and earlier.country:
                first, last = _phrase_bounds(head, None)
                return ActorRef(earlier.country, earlier.country, None, ActorKind.COUNTRY, first, last, pronoun=True)
        if sector is not None and country_ref is None and head.lemma_.lower() not in FOREIGN_POSTS:
            for child in head.children:
                if child.dep_ == "poss" and child.tag_ == "PRP$" and child.lower_ not in FIRST_PERSON:
                    # "its troops", "their police": the owner the pronoun points to
                    owner = self.actor_at(child, found, memory, sentence_index, depth=depth + 1)
                    if owner is not None and owner.country:
                        code = compose_code(owner.country, sector)
                        first, last = _phrase_bounds(head, None)
                        return ActorRef(code, owner.country, sector, ActorKind.ROLE, first, last, pronoun=True)
        if sector is not None:
            if country_ref is not None and country_ref.kind == ActorKind.ORGANIZATION and country_ref.country is None:
                return _span_ref(country_ref, head)
            if country_ref is None and sector in self.kb.sector_codes.definite and any(
                c.dep_ == "det" and c.lower_ == "the" for c in head.children
            ):
                # "the militant group", "the rebels": the group of that kind just named.
                earlier = memory.definite(sector, sentence_index, head.i)
                if earlier is not None:
                    first, last = _phrase_bounds(head, None)
                    return ActorRef(earlier.code, earlier.country, earlier.sector, earlier.kind, first, last, pronoun=True)
            if head.lemma_.lower() in _GROUP_LEADERS:
                group = self._group_led(head, found, memory, sentence_index, depth)
                if group is not None:
                    return group
            country = country_ref.country if country_ref else None
            first, last = _phrase_bounds(head, country_ref)
            basis = f"role noun {head.lemma_.lower()!r} ({sector})"
            if country_ref is not None:
                basis += f" of {country_ref.code} ({country_ref.basis})"
            return ActorRef(compose_code(country, sector), country, sector, ActorKind.ROLE, first, last, basis=basis)
        # A possessor stands for the phrase: "denounced Washington's demands".
        for child in head.children if possessor else ():
            if child.dep_ == "poss":
                ref = self.actor_at(child, found, memory, sentence_index, allow_weak=allow_weak, depth=depth + 1)
                if ref is not None:
                    return ref
        if country_ref is not None:
            if lower in _COLLECTIVE_HEADS:
                return _span_ref(country_ref, head)
            if allow_weak:
                # Only the name is the actor's text: "North Korea" in "North Korea's arsenal".
                ref = country_ref
                return ActorRef(ref.code, ref.country, ref.sector, ref.kind, ref.first, ref.last, weak=True)
        return None

    def _group_led(
        self, head: Token, found: dict[int, ActorRef], memory: DocumentMemory, sentence_index: int, depth: int
    ) -> ActorRef | None:
        """The group a leader or spokesman speaks for is what the person is coded as:
        "the leader of the rebels" is a rebel (``---REB``), "leaders of the opposition
        coalition" are the opposition, "the commander of the Syrian army" is ``SYRMIL``;
        a government's own leaders and spokesmen stay as they are."""
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "for")):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                inner = self.actor_at(pobj, found, memory, sentence_index, allow_weak=False, depth=depth + 1)
                if inner is None or inner.sector in (None, "GOV") or inner.kind not in (ActorKind.ROLE, ActorKind.ORGANIZATION):
                    continue
                first, last = _phrase_bounds(head, None)
                return ActorRef(
                    inner.code, inner.country, inner.sector, inner.kind, first, max(last, inner.last),
                    inner.weak, inner.pronoun, members=inner.members,
                    basis=f"{head.lemma_.lower()} of {inner.code} ({inner.basis})",
                )
        return None

    def _people_of(self, head: Token, found: dict[int, ActorRef]) -> ActorRef | None:
        """A people named by where they live, not by the country their name comes from:
        "Bosnian Serbs" and "Iraqi Kurds" are of Bosnia and Iraq (a country's adjective
        before another people's name); "ethnic Albanians in Macedonia" and "the Albanians
        of southern Serbia" are of the place named ("ethnic ... in/of", or "of" alone)."""
        ref = found[head.i]
        if ref.kind != ActorKind.ADJECTIVE or head.pos_ not in ("NOUN", "PROPN") or not head.tag_.endswith("S"):
            return None  # a plural people's name: "Serbs", "Albanians"
        for mod in head.children:
            if mod.dep_ in ("amod", "compound") and mod.i < head.i and mod.i in found:
                where = found[mod.i]
                if where.kind in _COUNTRY_KINDS | {ActorKind.PLACE} and where.country and where.country != ref.country:
                    return ActorRef(
                        where.country, where.country, None, ActorKind.COUNTRY, mod.left_edge.i, head.i + 1,
                        basis=f"{head.text} of {where.code} ({where.basis})",
                    )
        ethnic = any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in head.children)
        for prep in head.children:
            if prep.dep_ != "prep" or not (prep.lower_ == "of" or (ethnic and prep.lower_ in ("in", "from"))):
                continue
            for pobj in prep.children:
                home = self._place_in_phrase(pobj, found)
                if pobj.dep_ == "pobj" and home is not None and home.country != ref.country:
                    return ActorRef(
                        str(home.country), home.country, None, ActorKind.COUNTRY, head.left_edge.i, head.i + 1,
                        basis=f"{head.text} of {home.code} ({home.basis})",
                    )
        return None

    def _place_in_phrase(self, tok: Token, found: dict[int, ActorRef]) -> ActorRef | None:
        """A place (a country, capital or city) that heads ``tok``'s phrase or modifies it
        ("Macedonia", "southern Serbia", "the Serbian town of Presevo")."""
        for t in [tok, *_modifiers(tok)]:
            if t.i in found and is_place(found[t.i]):
                return found[t.i]
        return None

    def expand_conjuncts(self, head: Token, found: dict[int, ActorRef] | None = None) -> list[Token]:
        """``head`` and the nouns coordinated with it: "Brazil and the US",
        and names listed as appositives: "the US, Russia, and Switzerland"."""
        out = [head]
        stack = [head]
        if found is not None and head.i in found:
            # The parse may hang the coordination on any word of a name ("Barack Obama and ...").
            ref = found[head.i]
            stack = [head.doc[i] for i in range(ref.first, ref.last)]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                listed = child.dep_ == "appos" and found is not None and child.i in found and tok.i in found
                if (child.dep_ == "conj" or listed) and child.pos_ in ("NOUN", "PROPN", "PRON") and child not in out:
                    out.append(child)
                    stack.append(child)
        return out

    def _sector_of_token(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        # Role terms of several words first, longest first: "former prime minister",
        # "foreign minister", "chief of staff", "member of parliament".
        sector = self._multiword_sector(tok)
        if sector:
            return sector
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        sector = self.kb.sector_of(lemma) or self.kb.sector_of(tok.lower_)
        if sector is None and lemma in _GROUP_HEADS:
            # "opposition groups", "rebel factions": the group takes its modifier's sector.
            for child in tok.children:
                if child.dep_ in ("compound", "amod") and child.i < tok.i:
                    sector = self.kb.sector_of(child.lemma_.lower()) or self.kb.sector_of(child.lower_)
                    if sector:
                        break
        return sector

    def _multiword_sector(self, tok: Token) -> str | None:
        """The sector of the longest listed term around the noun, within its own phrase:
        its modifiers before it ("former prime minister"), words after it ("chief of
        staff"), or both ("joint chiefs of staff")."""
        limit = self.kb.sector_terms_max_words
        if limit < 2:
            return None
        doc, left, right = tok.doc, tok.left_edge.i, tok.right_edge.i
        first = tok.i
        while first > left and tok.i - first < limit - 1 and doc[first - 1].dep_ in _TERM_DEPS:
            first -= 1
        last = tok.i
        while last < right and last - tok.i < limit - 1 and not doc[last + 1].is_punct:
            last += 1
        starts = [a for a in range(first, tok.i + 1) if self.kb.starts_sector_term(doc[a].lower_)]
        spans = [(a, b) for a in starts for b in range(tok.i, last + 1) if 1 <= b - a < limit]
        for a, b in sorted(spans, key=lambda ab: ab[0] - ab[1]):  # longest first
            words = [doc[i].lower_.replace("\u2019", "'") for i in range(a, b + 1)]
            sector = self.kb.sector_of_words(words)
            if sector is None and b == tok.i:
                sector = self.kb.sector_of_words(words[:-1] + [tok.lemma_.lower()])
            if sector:
                return sector
        return None

    def _country_ref_in_phrase(
        self, head: Token, found: dict[int, ActorRef], *, possessor: bool = True
    ) -> ActorRef | None:
        """The nearest known name among the phrase's modifiers: compounds and
        adjectives first, then possessors, then "of/to X" for role nouns."""
        skipped: set[int] = set()
        for tok in _modifiers(head):
            if tok.i in skipped:
                continue
            if not possessor and tok.dep_ == "poss" and self._sector_of_token(head) is None:
                skipped.update(t.i for t in tok.subtree)  # and the possessor's own modifiers
                continue
            if tok.i in found:
                return found[tok.i]
        sector = self._sector_of_token(head)
        role = sector is not None
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "to", "for", "in", "from", "at", "with", *_SPREAD) and (
                child.lower_ == "of"
                or (head.lemma_.lower() in _RELATIONAL_ROLES and child.lower_ in ("to", "for"))
                # "a court in Guyana", "police in Basra", "dissidents from Egypt", "students across Chile"
                or (child.lower_ in ("in", "from", *_SPREAD) and role and head.lemma_.lower() not in FOREIGN_POSTS)
                # "officials at the IAEA", "inspectors with the UN": staff of an organisation
                or (child.lower_ in ("at", "with", "from") and role)
            ):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        if child.lower_ in ("at", "with") and not _organisation(found.get(pobj.i)):
                            continue  # "officials at the border" are of no one there
                        if pobj.i in found:
                            return found[pobj.i]
                        inner = self._country_ref_in_phrase(pobj, found)
                        if inner is not None:
                            return inner
        if sector is not None and sector not in self.kb.sector_codes.home and head.lemma_.lower() not in FOREIGN_POSTS:
            return _place_of_participle(head, found)
        return None

    def _country_in_phrase(self, head: Token, found: dict[int, ActorRef]) -> str | None:
        ref = self._country_ref_in_phrase(head, found)
        return ref.country if ref else None


_ENTITY_INDEX = "detente.entity_starts"


def _entities_in(span: SpacySpan) -> list[SpacySpan]:
    """The named entities inside ``span``. spaCy's ``Span.ents`` walks every entity of the
    whole Doc, which is quadratic over a long paragraph's sentences; this keeps one sorted
    index per Doc (in its ``user_data``) and finds the span's entities by bisection."""
    doc = span.doc
    index = doc.user_data.get(_ENTITY_INDEX)
    if index is None:
        ents = list(doc.ents)
        index = ([e.start for e in ents], ents)
        doc.user_data[_ENTITY_INDEX] = index
    starts, ents = index
    out = []
    for k in range(bisect.bisect_left(starts, span.start), len(ents)):
        if ents[k].start >= span.end:
            break
        if ents[k].end <= span.end:
            out.append(ents[k])
    return out


def _modifiers(head: Token) -> Iterable[Token]:
    """Pre-modifiers of a noun, nearest first, descending through compounds."""
    stack = sorted((c for c in head.children if c.dep_ in _MODIFIER_DEPS), key=lambda c: -c.i)
    seen: set[int] = set()
    while stack:
        tok = stack.pop(0)
        if tok.i in seen:
            continue
        seen.add(tok.i)
        yield tok
        stack.extend(sorted((c for c in tok.children if c.dep_ in _INNER_MODIFIER_DEPS), key=lambda c: -c.i))


#: Prepositions that spread a role over a country: "students throughout Indonesia".
_SPREAD = ("throughout", "across")
#: Prepositions by which a participle says where its noun is or comes from.
_PARTICIPLE_PLACE_PREPOSITIONS = frozenset({"in", "from", "near", "inside", "at", *_SPREAD})


def _place_of_participle(head: Token, found: dict[int, ActorRef]) -> ActorRef | None:
    """The place a participle after a role noun says its people are in or come from:
    "a newspaper based in Kabul", "rebels operating in Darfur", "refugees
    fleeing the fighting in South Sudan" (through the participle's object). The caller keeps
    this to actors of no state institution: "troops deployed in Mali" may be France's."""
    for acl in (c for c in head.children if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN")):
        heads = [acl, *(o for o in acl.children if o.dep_ == "dobj")]
        for prep in (p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in _PARTICIPLE_PLACE_PREPOSITIONS):
            for pobj in (o for o in prep.children if o.dep_ == "pobj"):
                ref = found.get(pobj.i)
                if is_place(ref):
                    return ref
    return None


def _phrase_bounds(head: Token, ref: ActorRef | None) -> tuple[int, int]:
    first, last = head.i, head.i + 1
    for tok in head.lefts:
        if tok.dep_ in ("compound", "amod", "poss", "nmod"):
            first = min(first, tok.left_edge.i)
    if ref is not None:
        first = min(first, ref.first)
        last = max(last, ref.last)
    return first, last


#: Kinds of name that may also be the first word of a person's name.
_FIRST_NAME_KINDS = frozenset({ActorKind.PERSON, ActorKind.COUNTRY, ActorKind.PLACE})


def _may_be_misspelt(tokens: Sequence[Token], i: int) -> bool:
    """May this capitalised word be a place misspelt? A proper noun, or a word the tagger
    misreads at the start of a sentence ("Isreal" as an adjective), that is no part of a
    person's name of several words."""
    tok = tokens[i]
    if tok.pos_ not in ("PROPN", "ADJ", "NOUN"):
        return False
    if tok.pos_ != "PROPN" and i != 0:
        return False
    if tok.ent_type_ == "PERSON":
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return tok.ent_iob_ == "B" and (nxt is None or nxt.ent_iob_ != "I")
    return True


def _acronym(entry: Entry) -> bool:
    """A name listed in capitals, one word: "GIA", "HTS", "RSF"."""
    display = entry.display or ""
    return len(display) >= 2 and " " not in display and display.isupper()


def _part_of_a_longer_name(tokens: Sequence[Token], i: int, hit: tuple[int, ActorRef]) -> bool:
    """A person's alias, or a country or place name, that is only the start of a longer
    person's name the entity model sees ("Chadli" in "Chadli Klibi", "Jordan" in "Jordan
    Peterson", "Israel" in "Israel Katz"), or a country or place name that ends one
    ("Tabriz" in "Amir Tabriz"): the name is someone else's."""
    size, ref = hit
    after = i + size
    if ref.kind in _PLACE_NAME_KINDS and i > 0 and _inside_a_person(tokens[i - 1], tokens[i]):
        return True  # "Amir Tabriz": a place that ends a person's name the entity model sees
    if ref.kind not in _FIRST_NAME_KINDS or after >= len(tokens) or ref.basis.startswith("a name after its title"):
        return False
    nxt = tokens[after]
    return (
        tokens[i].ent_type_ == "PERSON"
        and nxt.ent_type_ == "PERSON"
        and nxt.ent_iob_ == "I"
        and nxt.pos_ == "PROPN"
        and _capitalised(nxt)
    )


#: Kinds of name that may also be the last word of a person's name.
_PLACE_NAME_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.PLACE, ActorKind.CAPITAL})


def _inside_a_person(before: Token, tok: Token) -> bool:
    """Is ``tok`` a later word of a person's name the entity model sees, after a
    capitalised proper noun of the same name?"""
    return (
        tok.ent_type_ == "PERSON"
        and tok.ent_iob_ == "I"
        and before.ent_type_ == "PERSON"
        and before.pos_ == "PROPN"
        and _capitalised(before)
    )


def _collective(hit: tuple[int, ActorRef]) -> bool:
    """A collective name of several words ("world powers", "the Baltic states", "Western
    powers", "Gulf states": a list of members or a region's code) is a fixed phrase: it
    counts with its later words in lower case too."""
    size, ref = hit
    region = ref.kind == ActorKind.ORGANIZATION and ref.country is None and len(ref.code) == 3
    return size > 1 and (bool(ref.members) or region)


def _organisation(ref: ActorRef | None) -> bool:
    return ref is not None and ref.kind == ActorKind.ORGANIZATION


def _span_ref(ref: ActorRef, head: Token) -> ActorRef:
    first, last = _phrase_bounds(head, ref)
    return ActorRef(ref.code, ref.country, ref.sector, ref.kind, first, last, ref.weak)


def _ref_from_entry(entry: Entry, basis: str = "") -> ActorRef:
    said = entry.display or entry.name
    if entry.role:
        said += f", {entry.role}"
    if entry.start or entry.end:
        said += f", {entry.start or '…'} to {entry.end or '…'}"
    where = f"{basis}{entry.origin or 'knowledge base'} ({said})"
    return ActorRef(entry.code, entry.country, entry.sector, entry.kind, 0, 0, members=entry.members, basis=where)


# Words of a title before a name that are not themselves role nouns.
TITLE_WORDS = frozenset(
    "foreign prime vice deputy defence defense interior finance justice home state general chief "
    "acting former first lady mr mrs ms dr sir lt lieutenant col colonel maj major gen".split()
)
# Military ranks: a rank is kept after its holder leaves the forces ("General Sisi" as
# president), so it says less of the office held on the date than an office title does.
RANKS = frozenset(
    "general gen gen. colonel col col. major maj maj. lieutenant lt lt. admiral adm marshal field brigadier "
    "captain capt sergeant commodore".split()
)
# Dependents that may be part of a role term before its noun: "former prime minister".
_TERM_DEPS = frozenset({"compound", "amod", "nmod"})
# Role nouns for those who lead or speak for a group, who are coded as the group.
_GROUP_LEADERS = frozenset("leader head chief spokesman spokeswoman spokesperson commander".split())
_GROUP_HEADS = frozenset(
    "group member supporter faction movement camp coalition alliance organization organisation "
    "figure wing bloc party circle element".split()
)
_ARTICLE_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "ar", "an", "ath", "az"})
_NAME_PARTICLES = frozenset("of the for and al el de du la le bin ibn van von da di der den dos das ter ben abu bint y".split())


# Nouns that, with "the", stand for a country named before.
_COUNTRY_NOUNS = frozenset("country kingdom emirate sultanate republic nation state".split())


def _names_a_country(head: Token) -> bool:
    """"the country", "the kingdom", "the Gulf state" (but not a bare "the state",
    nor "the two countries", which name a pair)."""
    lemma = head.lemma_.lower()
    if lemma not in _COUNTRY_NOUNS or head.tag_ in ("NNS", "NNPS"):
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return False
    if any(c.dep_ in ("prep", "acl", "relcl") for c in head.children):
        return False  # "the state of emergency", "the nation that ..." say which
    return lemma != "state" or any(c.dep_ in ("amod", "compound") for c in head.children)


def _proper(tokens: Sequence[Token]) -> bool:
    """Every word of a multi-word name written as a name (or tagged as one: "president obama")."""
    return all(
        t.text[0].isupper()
        or not t.text[0].isalpha()
        or t.lower_ in _NAME_PARTICLES
        or len(t.text) < 3
        or (t.pos_ == "PROPN" and len(tokens) == 1)
        for t in tokens
    )


# Country names and adjectives that are also everyday words when written in lower case.
_COMMON_WORD_NAMES = frozenset(
    "us turkey chad china jordan georgia guinea niger polish french swiss danish dutch "
    "india indian".split()
)


def _loose_name(tok: Token, ref: ActorRef) -> bool:
    """A name written without its capital ("iSrael", "tunisian rioters", "president obama")
    counts when it cannot be an everyday word."""
    if tok.lower_ in _COMMON_WORD_NAMES:
        return False
    if any(c.isupper() for c in tok.text):
        return True  # "iSrael": a name typed oddly
    if ref.kind in _COUNTRY_KINDS:
        return True
    return tok.pos_ == "PROPN"  # people and organisations only when the tagger sees a name


def _capitalised(tok: Token) -> bool:
    text = tok.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() is False and text.isupper()))
