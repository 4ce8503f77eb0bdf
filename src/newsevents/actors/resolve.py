"""The actors stage: code every noun phrase that names an actor (country + sectors).

A phrase is read from its head token outwards, the way a human coder reads
"Russian Defense Minister Andrei Belousov" or "vice chairman of China's Central Military
Commission": the name itself (gazetteer, known people), then its modifiers (demonyms,
possessors, titles), then an ``of`` phrase or an apposition. People and titles learned in
one sentence resolve later mentions in the same article ("Belousov", "the minister", "he").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..nlp.tree import DepTree
from ..nlp.words import REPORTING_VERBS
from ..types import Actor, Document, Mention, Token
from .gazetteer import Entry, Gazetteer
from .people import People
from .sectors import SectorLexicon

NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "nummod"})
PERSONAL = frozenset({"he", "she", "him", "her", "his"})
IMPERSONAL = frozenset({"it", "its", "they", "them", "their"})
#: Verbs whose complement clause is reported speech of the subject (for "X said it/he ...").
#: Heads that name a group of people only through their modifiers ("military departments",
#: "Chinese officials"); other nouns are actors only when they name one themselves.
GROUP_NOUNS = frozenset(
    {
        "department",
        "official",
        "member",
        "leader",
        "unit",
        "group",
        "personnel",
        "chief",
        "representative",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "head",
        "delegation",
        "team",
        "agency",
        "authority",
        "body",
        "office",
        "service",
        "side",
        "camp",
        "faction",
        "wing",
        "envoy",
        "delegate",
        "counterpart",
        "nation",
        "state",
        "country",
        "people",
        "citizen",
        "national",
        "supporter",
        "fighter",
        "worker",
        "staff",
        "branch",
        "division",
        # titles whose sector comes from what they head: "vice chairman of X's military commission"
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "secretary",
        "deputy",
        "adviser",
        "advisor",
        "aide",
        "coordinator",
        "commissioner",
        "president",
        "vice",
    }
)


@dataclass(slots=True)
class _Memory:
    """What one article has taught us so far: people by name and surname, titles by head word."""

    people: dict[str, Actor] = field(default_factory=dict)
    titles: dict[str, Actor] = field(default_factory=dict)
    last_person: tuple[int, Actor] | None = None


class ActorResolver:
    """Stage ``Document -> Document`` that fills ``Document.mentions``."""

    name = "actors"
    requires: tuple[str, ...] = ("nlp",)

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        sectors: SectorLexicon | None = None,
        people: People | None = None,
    ) -> None:
        self.gazetteer = gazetteer or Gazetteer.builtin()
        self.sectors = sectors or SectorLexicon.builtin()
        self.people = people or People.builtin()

    def __call__(self, doc: Document) -> Document:
        run = _Run(self, doc)
        mentions = run.mentions()
        return replace(doc, mentions=tuple(mentions), stages=(*doc.stages, self.name))


class _Run:
    """Resolution of one document; memoises each head token's actor."""

    def __init__(self, resolver: ActorResolver, doc: Document) -> None:
        self.r = resolver
        self.doc = doc
        self.tree = DepTree(doc.tokens)
        self.memory = _Memory()
        self.cache: dict[int, Actor | None] = {}
        self.spans: dict[int, tuple[int, int]] = {}

    def mentions(self) -> list[Mention]:
        out: list[Mention] = []
        for tok in self.doc.tokens:
            if not _is_head_candidate(tok, self.doc.tokens):
                continue
            actor = self.resolve(tok.i)
            if actor is None:
                continue
            first, last = self.spans.get(tok.i, (tok.i, tok.i + 1))
            out.append(
                Mention(
                    sentence=tok.sentence,
                    head=tok.i,
                    first_token=first,
                    last_token=last,
                    start=self.doc.tokens[first].idx,
                    end=self.doc.tokens[last - 1].end,
                    text=self.doc.span_text(first, last),
                    label=tok.ent_type or tok.pos,
                    actor=actor,
                )
            )
        return out

    # -- resolution -------------------------------------------------------------------------

    def resolve(self, i: int, depth: int = 0) -> Actor | None:
        if i in self.cache:
            return self.cache[i]
        self.cache[i] = None  # guards against cycles through appositions
        actor = self._resolve(i, depth)
        self.cache[i] = actor
        if actor is not None:
            self._remember(i, actor)
        return actor

    def _resolve(self, i: int, depth: int) -> Actor | None:
        tok = self.doc.tokens[i]
        if tok.pos == "PRON":
            return self._pronoun(tok)
        name_span = self._name_span(tok)
        first, last = name_span
        words = [t.text for t in self.doc.tokens[first:last]]
        entry = self._whole_match(words)
        phrase = self._phrase_tokens(tok, name_span)
        self.spans[i] = (min(phrase[0].i, first), max(phrase[-1].i + 1, last))
        text = self.doc.span_text(*self.spans[i])
        if entry is not None:
            return self._from_entry(entry, text, i, phrase, name_span)

        is_person = tok.ent_type == "PERSON" or (
            tok.pos == "PROPN" and self.r.people.lookup(" ".join(words)) is not None
        )
        lemma = tok.lemma.lower()
        if not (
            is_person
            or tok.ent_type in {"ORG", "NORP", "GPE"}
            or self.r.sectors.is_term(lemma)
            or lemma in GROUP_NOUNS
        ):
            return None  # "the criticism", "Russia's war effort": not an actor by itself
        country: str | None = None
        via = "context"
        sectors = self._sectors(phrase, exclude_poss=True)
        name = ""
        if is_person:
            name = self.doc.span_text(first, last)
            known = self._known_person(name)
            if known is not None:
                country, sectors, via = known.country, sectors or known.sectors, known.via
                name = known.name  # the full name: "Putin" → "Vladimir Putin"
        if not is_person:
            org = self._organisation_in(phrase, exclude=name_span)
            if org is not None:  # "Hezbollah fighters", "NATO troops": the organisation acts
                return self._from_entry(org, text, i, phrase, name_span)
        country = country or self._country_in(phrase, exclude=name_span)
        if country is None or not sectors:
            for other in self._linked(tok, depth):
                if country is None:
                    country = other.country
                if not sectors:
                    sectors = other.sectors
                if not name and other.via in {"memory", "dictionary"} and _looks_named(other):
                    name = other.name
        if country is None and not is_person and sectors and self.r.sectors.is_term(lemma):
            remembered = self.memory.titles.get(lemma)  # "the minister" after "Russia's minister"
            if remembered is not None:
                country = remembered.country
                sectors = sectors or remembered.sectors
                via = "memory"
        if country is None and not sectors:
            return None
        if not name:
            name = _strip_determiners(self.doc.span_text(*self.spans[i]))
        return Actor(
            text=text,
            name=name,
            code=actor_code(country, sectors),
            country=country,
            sectors=sectors,
            start=self.doc.tokens[self.spans[i][0]].idx,
            end=self.doc.tokens[self.spans[i][1] - 1].end,
            via=via,
        )

    def _from_entry(
        self, entry: Entry, text: str, i: int, phrase: list[Token], name_span: tuple[int, int]
    ) -> Actor:
        sectors = tuple(entry.sectors)
        extra = self._sectors([t for t in phrase if not name_span[0] <= t.i < name_span[1]], True)
        for s in extra:
            if s not in sectors:
                sectors = (*sectors, s)
        is_org = entry.kind == "organisation"
        code = entry.code + "".join(s for s in sectors if s not in entry.code and not is_org)
        return Actor(
            text=text,
            name=entry.name if not extra else _strip_determiners(text),
            code=code if not is_org else entry.code,
            country=entry.country,
            sectors=sectors,
            start=self.doc.tokens[self.spans[i][0]].idx,
            end=self.doc.tokens[self.spans[i][1] - 1].end,
            via="gazetteer",
        )

    def _linked(self, tok: Token, depth: int) -> list[Actor]:
        """Actors tied to ``tok`` by apposition or an ``of`` phrase ("chairman of X")."""
        if depth > 3:
            return []
        linked: list[Actor] = []
        for child in self.tree.children(tok.i, "appos"):
            found = self.resolve(child.i, depth + 1)
            if found is not None:
                linked.append(found)
        if tok.dep == "appos" and tok.head != tok.i:
            found = self.resolve(tok.head, depth + 1)
            if found is not None:
                linked.append(found)
        for prep in self.tree.children(tok.i, "prep"):
            if prep.lemma.lower() != "of":
                continue
            for pobj in self.tree.children(prep.i, "pobj"):
                found = self.resolve(pobj.i, depth + 1)
                if found is not None:
                    linked.append(found)
        return linked

    def _pronoun(self, tok: Token) -> Actor | None:
        word = tok.text.lower()
        speaker = self._speaker_of_clause(tok)
        if word in PERSONAL:
            if speaker is not None and speaker.via != "gazetteer" and _looks_named(speaker):
                return replace(speaker, text=tok.text, start=tok.idx, end=tok.end)
            if self.memory.last_person is not None:
                sent, person = self.memory.last_person
                if tok.sentence - sent <= 1:
                    return replace(person, text=tok.text, start=tok.idx, end=tok.end)
            return None
        if word in IMPERSONAL and speaker is not None and not self._is_person_speaker(tok):
            return replace(speaker, text=tok.text, start=tok.idx, end=tok.end)
        return None

    def _is_person_speaker(self, tok: Token) -> bool:
        """Whether the speaker of the clause holding ``tok`` is a person ("it" is not one)."""
        verb = self.tree.head(tok.i)
        say = self.tree.head(verb.i) if verb is not None else None
        subj = self.tree.child(say.i, "nsubj") if say is not None else None
        return subj is not None and (subj.ent_type == "PERSON" or subj.pos == "PRON")

    def _speaker_of_clause(self, tok: Token) -> Actor | None:
        """For a subject in "X said (that) <clause>", the actor X."""
        if tok.dep not in {"nsubj", "nsubjpass", "poss"}:
            return None
        verb = self.tree.head(tok.i)
        if tok.dep == "poss" and verb is not None:
            verb = self.tree.head(verb.i)
        if verb is None or verb.dep != "ccomp":
            return None
        say = self.tree.head(verb.i)
        if say is None or say.lemma.lower() not in REPORTING_VERBS:
            return None
        subj = self.tree.child(say.i, "nsubj")
        if subj is None or subj.i == tok.i:
            return None
        return self.resolve(subj.i)

    # -- helpers ----------------------------------------------------------------------------

    def _name_span(self, tok: Token) -> tuple[int, int]:
        tokens = self.doc.tokens
        if tok.ent_type in NAME_ENTS:
            first = tok.i
            while tokens[first].ent_iob == "I" and first > 0:
                first -= 1
            last = tok.i + 1
            while last < len(tokens) and tokens[last].ent_iob == "I":
                last += 1
            return first, last
        first = tok.i
        if tok.pos != "PROPN":
            return first, tok.i + 1
        for child in reversed(self.tree.children(tok.i, "compound")):
            if child.i == first - 1 and child.pos == "PROPN":
                first = child.i
        return first, tok.i + 1

    def _phrase_tokens(self, tok: Token, name_span: tuple[int, int]) -> list[Token]:
        """The head, its name span and its left modifiers (with their subtrees)."""
        keep = {t.i for t in self.doc.tokens[name_span[0] : name_span[1]]}
        keep.add(tok.i)
        for child in self.tree.children(tok.i):
            if child.dep == "det" and child.lemma.lower() in {"both", "either", "neither"}:
                continue  # "both Taiwan and the U.S.": a coordination marker, not the name
            if child.i < tok.i and (child.dep in MODIFIER_DEPS or child.dep == "det"):
                keep.update(t.i for t in self.tree.subtree(child.i))
        return [self.doc.tokens[j] for j in sorted(keep)]

    def _whole_match(self, words: list[str]) -> Entry | None:
        if not words:
            return None
        found = self.r.gazetteer.match_at(words, 0)
        if found is not None and found[0] == len(words):
            return found[1]
        if words[0].lower() == "the" and len(words) > 1:
            found = self.r.gazetteer.match_at(words, 1)
            if found is not None and found[0] == len(words) - 1:
                return found[1]
        return None

    def _organisation_in(self, phrase: list[Token], *, exclude: tuple[int, int]) -> Entry | None:
        words = [t.text for t in phrase]
        for j, tok in enumerate(phrase):
            if exclude[0] <= tok.i < exclude[1]:
                continue
            found = self.r.gazetteer.match_at(words, j)
            if found is not None and found[1].kind == "organisation":
                return found[1]
        return None

    def _country_in(self, phrase: list[Token], *, exclude: tuple[int, int]) -> str | None:
        words = [t.text for t in phrase]
        j = 0
        while j < len(words):
            if exclude[0] <= phrase[j].i < exclude[1]:
                j += 1
                continue
            found = self.r.gazetteer.match_at(words, j)
            if found is not None and found[1].country:
                return found[1].country
            if phrase[j].ent_type == "PERSON" or phrase[j].dep == "poss":
                person = self.resolve(phrase[j].i) if phrase[j].dep == "poss" else None
                if person is not None and person.country:
                    return person.country
            j += 1
        return None

    def _sectors(self, phrase: list[Token], exclude_poss: bool) -> tuple[str, ...]:
        """Sector codes from the lemmas of the head phrase (not from a possessor's phrase)."""
        skip: set[int] = set()
        if exclude_poss:
            for t in phrase:
                if t.dep == "poss":
                    skip.update(s.i for s in self.tree.subtree(t.i))
        lemmas = [t.lemma.lower() for t in phrase if t.i not in skip]
        return self.r.sectors.sectors_in(lemmas)

    def _known_person(self, name: str) -> Actor | None:
        remembered = self.memory.people.get(_person_key(name)) or self.memory.people.get(
            _person_key(name.split()[-1])
        )
        if remembered is not None:
            return replace(remembered, via="memory")
        person = self.r.people.lookup(name)
        if person is not None:
            sectors = person.sectors_on(self.doc.date)  # the roles stage re-reads at event date
            return Actor(
                text=name,
                name=person.name,
                code=actor_code(person.country, sectors),
                country=person.country,
                sectors=sectors,
                via="dictionary",
            )
        return None

    def _remember(self, i: int, actor: Actor) -> None:
        tok = self.doc.tokens[i]
        if tok.ent_type == "PERSON" and actor.country:
            first, last = self._name_span(tok)
            name = self.doc.span_text(first, last)
            full = replace(actor, name=actor.name if actor.via == "dictionary" else name)
            self.memory.people[_person_key(name)] = full
            self.memory.people[_person_key(name.split()[-1])] = full
            self.memory.last_person = (tok.sentence, full)
        elif tok.pos == "NOUN" and actor.country and actor.sectors:
            self.memory.titles[tok.lemma.lower()] = actor


def _is_head_candidate(tok: Token, tokens: tuple[Token, ...]) -> bool:
    """Heads of noun phrases, and proper names used as modifiers ("U.S. efforts")."""
    if tok.pos not in NOMINAL and tok.ent_type not in {"NORP", "GPE"}:
        return False
    if tok.dep != "compound":
        return True
    if tok.pos != "PROPN" or not tok.ent_type:
        return False
    following = tokens[tok.i + 1] if tok.i + 1 < len(tokens) else None
    return following is None or following.ent_iob != "I"  # the last word of its name


def _looks_named(actor: Actor) -> bool:
    return bool(actor.name) and actor.name[:1].isupper()


def _person_key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def _strip_determiners(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in {"the", "a", "an", "both", "all", "some"}:
        words = words[1:]
    return " ".join(words)


def actor_code(country: str | None, sectors: tuple[str, ...]) -> str:
    """CAMEO-style code: country then up to two agent codes (``RUS`` + ``GOV`` + ``MIL``)."""
    prefix = country if country and country not in {"IGO", "NGO"} else (country or "")
    return prefix + "".join(sectors[:2])
