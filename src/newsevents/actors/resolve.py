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
from ..nlp.words import ADMIT_VERBS, REPORTING_VERBS
from ..places.gazetteer import PlaceGazetteer
from ..types import Actor, Document, Mention, Statement, Token
from .coreference import PLURAL_PRONOUNS, SINGULAR_PRONOUNS, Antecedents, pair_kind
from .evidence import BACKING, LEARNABLE_LABELS, statement
from .gazetteer import Entry, Gazetteer
from .memory import USER, ActorMemory, KnownActor
from .people import People
from .phoenix import shipped_people
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
        # bodies named by what they stand for: "the largest Protestant extremist organization
        # in Northern Ireland", "a Kurdish rights movement"
        "organization",
        "organisation",
        "movement",
        "association",
        "coalition",
        "federation",
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
class _ArticleMemory:
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
        memory: ActorMemory | None = None,
        places: PlaceGazetteer | None = None,
        latest_roles: bool = False,
    ) -> None:
        self.gazetteer = gazetteer or Gazetteer.builtin()
        self.sectors = sectors or SectorLexicon.builtin()
        self.people = people if people is not None else shipped_people()
        self._places = places
        #: Actors learned from earlier articles (read only here; a batch run fills it).
        self.memory = memory
        #: Read a known person's latest role, not the one held on the document's date: for a
        #: phrase given without any date ("who is Heiko Maas?"), never for articles.
        self.latest_roles = latest_roles

    def with_memory(self, memory: ActorMemory | None) -> ActorResolver:
        """This resolver's tables with another corpus memory."""
        return self.variant(memory=memory, latest_roles=self.latest_roles)

    def variant(self, *, memory: ActorMemory | None, latest_roles: bool) -> ActorResolver:
        """This resolver's tables with another memory and way of reading roles."""
        return ActorResolver(
            gazetteer=self.gazetteer,
            sectors=self.sectors,
            people=self.people,
            memory=memory,
            places=self._places,
            latest_roles=latest_roles,
        )

    @property
    def places(self) -> PlaceGazetteer:
        """City names for actors named by their city; built on first use (a few seconds)."""
        if self._places is None:
            self._places = PlaceGazetteer.builtin()
        return self._places

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
        self.recall = _ArticleMemory()
        self.cache: dict[int, Actor | None] = {}
        self.spans: dict[int, tuple[int, int]] = {}
        #: plural references and the actors they stand for ("they", "the two countries")
        self.groups: dict[int, tuple[Actor, ...]] = {}
        self.antecedents = Antecedents(doc, self.tree, self._actor_at)

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
                    group=self.groups.get(tok.i, ()),
                    stated=self._stated(tok, actor, first, last),
                )
            )
        return out

    def _actor_at(self, i: int) -> Actor | None:
        """The actor of token ``i`` if it can head an actor's phrase (resolved once)."""
        if not _is_head_candidate(self.doc.tokens[i], self.doc.tokens):
            return None
        return self.resolve(i)

    def _stated(self, tok: Token, actor: Actor, first: int, last: int) -> Statement | None:
        """Whether this article's words state the name's country clearly enough for the corpus
        memory to learn it (:mod:`newsevents.actors.evidence`). A name a user's correction
        decided is read as the article alone would have it, so what articles say is still
        counted for or against the correction."""
        if tok.ent_type not in LEARNABLE_LABELS:
            return None
        if actor.via == "memory" and tok.ent_type == "PERSON":
            said = self._as_written(tok, actor)
            if said is None:
                return None
            actor = said
        if actor.via != "context":
            return None
        return statement(
            self.doc,
            self.tree,
            tok.i,
            actor,
            first=first,
            last=last,
            gazetteer=self.r.gazetteer,
            sectors=self.r.sectors,
        )

    def _as_written(self, tok: Token, actor: Actor) -> Actor | None:
        """A person a user's entry coded, as the article's own words code it (its title)."""
        memory = self.r.memory
        if memory is None or memory.user_entry(actor.name) is None:
            return None
        name_span = self._name_span(tok)
        phrase = self._phrase_tokens(tok, name_span)
        country = self._country_in(phrase, exclude=name_span)
        sectors = self._sectors(phrase, exclude_poss=True)
        if country is None:
            return None
        code = actor_code(country, sectors)
        return replace(actor, country=country, sectors=sectors, code=code, via="context")

    # -- resolution -------------------------------------------------------------------------

    def resolve(self, i: int, depth: int = 0) -> Actor | None:
        if i in self.cache:
            return self.cache[i]
        self.cache[i] = None  # guards against cycles through appositions
        actor = self._resolve(i, depth)
        self.cache[i] = actor
        if actor is not None:
            self._remember(i, actor)
            if i not in self.groups and (shared := self._shared_by(self.doc.tokens[i], actor)):
                self.groups[i] = shared
        return actor

    def _shared_by(self, tok: Token, actor: Actor) -> tuple[Actor, ...]:
        """The parties of a noun that coordinated states own: "Nigerian and British armed
        forces", "U.S. and South Korean troops" are each state's forces, each on the span of
        its own country word (two parties, not one)."""
        if tok.pos != "NOUN" or actor.country is None:
            return ()
        for child in self.tree.children(tok.i, "amod", "compound", "nmod"):
            items = self.tree.conjuncts(child.i)
            if len(items) < 2:
                continue
            spans = [self._modifier_span(t) for t in items]
            entries = [self.r.gazetteer.lookup(self.doc.span_text(*span)) for span in spans]
            countries = [e.country for e in entries if e is not None and e.country]
            if len(countries) != len(items) or len(set(countries)) < 2:
                return ()
            if actor.country not in countries:
                return ()
            out = []
            for (first, last), country in zip(spans, countries, strict=True):
                words = self.doc.span_text(first, last)
                out.append(
                    replace(
                        actor,
                        text=words,
                        name=f"{words} {tok.text}",
                        country=country,
                        code=actor_code(country, actor.sectors),
                        start=self.doc.tokens[first].idx,
                        end=self.doc.tokens[last - 1].end,
                    )
                )
            return tuple(out)
        return ()

    def _modifier_span(self, tok: Token) -> tuple[int, int]:
        """A modifier with the words its name begins with ("South Korean")."""
        first = tok.i
        while first > 0 and self.doc.tokens[first - 1].head == tok.i:
            if self.doc.tokens[first - 1].dep not in {"compound", "amod"}:
                break
            first -= 1
        return first, tok.i + 1

    def _resolve(self, i: int, depth: int) -> Actor | None:
        tok = self.doc.tokens[i]
        if tok.pos == "PRON":
            return self._pronoun(tok)
        kind = pair_kind(tok, self.tree) if tok.pos == "NOUN" else None
        if kind is not None:  # "the two countries", "both sides"
            pair = self.antecedents.pair(tok, kind)
            if pair:
                self.groups[i] = pair
                return pair[0]
        name_span = self._name_span(tok)
        first, last = name_span
        words = [t.text for t in self.doc.tokens[first:last]]
        entry = self._whole_match(words)
        if entry is None and tok.pos == "PROPN":
            found = self._name_with_of_phrase(tok, first)
            if found is not None:
                entry, name_span = found
                first, last = name_span
                words = [t.text for t in self.doc.tokens[first:last]]
        phrase = self._phrase_tokens(tok, name_span)
        self.spans[i] = (min(phrase[0].i, first), max(phrase[-1].i + 1, last))
        text = self.doc.span_text(*self.spans[i])
        if entry is not None:
            return self._from_entry(entry, text, i, phrase, name_span)
        if tok.ent_type in {"GPE", "LOC"}:
            city = self._city_country(words)
            if city is not None:  # "attacked Benghazi": CAMEO codes a city as its state
                sectors = self._sectors(phrase, exclude_poss=True)
                first_tok, last_tok = self.spans[i]
                return Actor(
                    text=text,
                    name=self.doc.span_text(first, last),
                    code=actor_code(city, sectors),
                    country=city,
                    sectors=sectors,
                    start=self.doc.tokens[first_tok].idx,
                    end=self.doc.tokens[last_tok - 1].end,
                    via="gazetteer",
                )

        learned = self._learned(words, tok)
        if (
            learned is not None
            and learned.source != USER
            and self._country_in(phrase, exclude=name_span) is not None
        ):
            learned = None  # the article says whose it is: that wins over earlier articles
        if learned is not None and learned.kind == "organisation":
            first_tok, last_tok = self.spans[i]
            end = self.doc.tokens[last_tok - 1].end
            return learned.as_actor(text, self.doc.tokens[first_tok].idx, end)
        is_person = (
            tok.ent_type == "PERSON"
            or (tok.pos == "PROPN" and self.r.people.lookup(" ".join(words)) is not None)
            or learned is not None
        )
        lemma = tok.lemma.lower()
        if lemma in GENERIC_HEADS and any(
            c.lemma.lower() in GENERIC_MODIFIERS for c in self.tree.children(tok.i, "det", "amod")
        ):
            return None  # "any party", "the warring parties", "both sides": no one in particular
        group_place: str | None = None
        if (
            is_person
            and learned is None
            and tok.ent_type == "PERSON"
            and self.r.sectors.is_term(lemma)
            and self.r.people.lookup(" ".join(words)) is None
        ):
            # "Rakhine Buddhists", "Kachin rebels": the tagger's person is a group named by a
            # place, whose country is in the name's other words
            is_person, name_span = False, (i, i + 1)
            group_place = self._city_country(words[:-1]) if len(words) > 1 else None
        if not (
            is_person
            or tok.ent_type in {"ORG", "NORP", "GPE"}
            or self.r.sectors.is_term(lemma)
            or lemma in GROUP_NOUNS
            or self.r.sectors.ends_term([t.lemma.lower() for t in phrase if t.i <= i])
        ):
            return None  # "the criticism", "Russia's war effort": not an actor by itself
        country: str | None = None
        via = "context"
        sectors = self._sectors(phrase, exclude_poss=True)
        name = ""
        known: Actor | None = None
        if is_person:
            name = self.doc.span_text(first, last)
            known = self._known_person(name)
            if known is not None and known.via == "memory" and self._learned_only(name):
                # What the article says of a learned name wins, and counts as a new sighting
                # ("Latvian Minister X" after articles that said "Lithuanian Minister X").
                stated = self._country_in(phrase, exclude=name_span)
                if stated is not None:
                    code = actor_code(stated, known.sectors)
                    known = replace(known, country=stated, code=code, via="context")
            if known is not None:
                country, sectors, via = known.country, sectors or known.sectors, known.via
                name = known.name  # the full name: "Putin" → "Vladimir Putin"
        if not is_person:
            inside = self._organisation_in(phrase, exclude=name_span)
            if inside is not None:  # "Hezbollah fighters", "NATO troops": the organisation acts
                org, org_span = inside
                return self._from_entry(org, text, i, phrase, org_span)
        country = country or self._country_in(phrase, exclude=name_span) or group_place
        if country is None and not is_person and tok.ent_type in {"ORG", "FAC"}:
            # A state's organ named with its demonym: "the Saudi National Guard", "Serbian Army"
            country = self._country_in(list(self.doc.tokens[first:last]), exclude=(-1, -1))
        headed = self._headed_body(tok, depth) if lemma in HEAD_TITLES and not is_person else None
        if headed is not None:  # "president of the Riigikogu" is the legislature's, not GOV
            country, sectors = country or headed.country, headed.sectors
        if not sectors and lemma in GROUP_NOUNS and not is_person:
            owner = self._possessor(tok, depth)
            if owner is not None:  # "the president's office", "Putin's spokesman": theirs
                country, sectors = country or owner.country, owner.sectors
        if country is None or not sectors:
            for other in self._linked(tok, depth):
                if country is None:
                    country = other.country
                if not sectors:
                    sectors = other.sectors
                if not name and other.via in {"memory", "dictionary"} and _looks_named(other):
                    name = other.name
        if country is None and (sectors or lemma in GROUP_NOUNS):
            country = self._country_of_place_phrase(tok, person=is_person)
        if country is None and not is_person and sectors and self.r.sectors.is_term(lemma):
            remembered = self.recall.titles.get(lemma)  # "the minister" after "Russia's minister"
            if remembered is not None:
                country = remembered.country
                sectors = sectors or remembered.sectors
                via = "context"
        if country is None and not sectors:
            return None
        if not name:
            name = _strip_determiners(self.doc.span_text(*self.spans[i]))
        return Actor(
            text=text,
            name=name,
            code=_own_code(known, country, sectors),
            country=country,
            sectors=sectors,
            start=self.doc.tokens[self.spans[i][0]].idx,
            end=self.doc.tokens[self.spans[i][1] - 1].end,
            via=via,
        )

    def _name_with_of_phrase(self, tok: Token, first: int) -> tuple[Entry, tuple[int, int]] | None:
        """A listed name the tagger did not take as one entity: "Republic of China",
        "Organization of American States" (head, ``of`` and its object, in one spelling)."""
        end = max(t.i for t in self.tree.subtree(tok.i)) + 1
        if end <= tok.i + 1:
            return None
        words = [t.text for t in self.doc.tokens[first:end]]
        found = self.r.gazetteer.match_at(words, 0)
        if found is None or first + found[0] <= tok.i + 1:
            return None  # no listed name, or one that does not reach past the head
        return found[1], (first, first + found[0])

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

    def _possessor(self, tok: Token, depth: int) -> Actor | None:
        """The actor a group noun belongs to ("the governor's spokesman": the governor)."""
        if depth > 3:
            return None
        for child in self.tree.children(tok.i, "poss"):
            if child.pos == "PRON":
                continue  # "his office": whose is for the pronoun's own resolution
            found = self.resolve(child.i, depth + 1)
            if found is not None and found.sectors:
                return found
        return None

    def _headed_body(self, tok: Token, depth: int) -> Actor | None:
        """The body a leader's title is of, when it has sectors of its own: "chairman of the
        Central Military Commission", "head of the FSB" (not "president of Russia")."""
        if depth > 3:
            return None
        for prep in self.tree.children(tok.i, "prep"):
            if prep.lemma.lower() != "of":
                continue
            for pobj in self.tree.children(prep.i, "pobj"):
                body = self.resolve(pobj.i, depth + 1)
                if body is not None and body.sectors and pobj.ent_type != "PERSON":
                    return body
        return None

    def _country_of_place_phrase(self, tok: Token, *, person: bool) -> str | None:
        """The state in "officials from Russia", "people in the UK", "police in Kano", and the
        home state of the body a title is held at ("a professor at the University of St
        Andrews", "an analyst at the Brookings Institution")."""
        preps = {"from"} if person else {"from", "in", "across", "inside", "at"}
        for prep in self.tree.children(tok.i, "prep"):
            at = prep.lemma.lower() == "at"
            if prep.lemma.lower() not in preps:
                continue
            for pobj in self.tree.children(prep.i, "pobj"):
                first, last = self._name_span(pobj)
                words = [t.text for t in self.doc.tokens[first:last]]
                entry = self._whole_match(words)
                if at:  # an affiliation, not a place: only a body with a home state counts
                    if entry is not None and entry.kind in BODY_KINDS and _is_state(entry):
                        return entry.country
                    continue
                if entry is not None and entry.kind != "organisation" and entry.country:
                    return entry.country
                if pobj.ent_type in {"GPE", "LOC"}:
                    city = self._city_country(words)
                    if city is not None:
                        return city
                elif pobj.pos == "PROPN" and pobj.ent_type != "PERSON":
                    # the tagger often misses a region's name: "a militant group in Balochistan"
                    region = self.r.places.region_country(" ".join(words))
                    if region is not None:
                        return region
        return None

    def _pronoun(self, tok: Token) -> Actor | None:
        word = tok.text.lower()
        speaker = self._speaker_of_clause(tok)
        if word in PERSONAL:
            if speaker is not None and speaker.via != "gazetteer" and _looks_named(speaker):
                return self._refer(tok, speaker)
            if self.recall.last_person is not None:
                sent, person = self.recall.last_person
                if tok.sentence - sent <= 1:
                    return self._refer(tok, person)
            return None
        if word in IMPERSONAL and speaker is not None and not self._is_person_speaker(tok):
            return self._refer(tok, speaker)
        if word in PLURAL_PRONOUNS:
            group = self.antecedents.plural(tok)
            if group:  # each member keeps its own span: they are several
                self.groups[tok.i] = group
                return group[0]
        elif word in SINGULAR_PRONOUNS:
            found = self.antecedents.singular(tok)
            if found is not None:
                return self._refer(tok, found)
        return None

    def _refer(self, tok: Token, antecedent: Actor) -> Actor:
        """The actor a pronoun stands for. When its antecedent is named in the same sentence
        ("Slovakia says it will not accept ...") the actor keeps the antecedent's own span, so
        an event's evidence shows who acts by name; otherwise the pronoun's span."""
        sentence = self.doc.sentences[tok.sentence]
        if sentence.start <= antecedent.start and antecedent.end <= sentence.end:
            return antecedent
        return replace(antecedent, text=tok.text, start=tok.idx, end=tok.end)

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
        if say is None or say.lemma.lower() not in REPORTING_VERBS | ADMIT_VERBS:
            return None
        subj = self.tree.child(say.i, "nsubj")
        head = self.tree.head(say.i)
        if subj is None and say.dep == "advcl" and head is not None:
            # a participle takes its clause's subject: "China denied it, stating they ..."
            subj = self.tree.child(head.i, "nsubj")
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
        # "Human Rights Watch": proper-noun compounds, each hanging on a word to its right
        while first > 0:
            prev = tokens[first - 1]
            if prev.pos != "PROPN" or prev.dep != "compound" or not first <= prev.head <= tok.i:
                break
            first -= 1
        return first, tok.i + 1

    def _phrase_tokens(self, tok: Token, name_span: tuple[int, int]) -> list[Token]:
        """The head, its name span and its left modifiers (with their subtrees)."""
        keep = {t.i for t in self.doc.tokens[name_span[0] : name_span[1]]}
        keep.add(tok.i)
        for child in self.tree.children(tok.i):
            if child.dep == "det" and child.lemma.lower() in {"both", "either", "neither"}:
                continue  # "both Taiwan and the U.S.": a coordination marker, not the name
            if child.dep == "amod" and child.lemma.lower() in BACKING:
                continue  # "US-backed fighters" are not American: their backer is
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

    def _organisation_in(
        self, phrase: list[Token], *, exclude: tuple[int, int]
    ) -> tuple[Entry, tuple[int, int]] | None:
        """A listed organisation named inside the phrase, and the tokens its name spans."""
        words = [t.text for t in phrase]
        for j, tok in enumerate(phrase):
            if exclude[0] <= tok.i < exclude[1]:
                continue
            found = self.r.gazetteer.match_at(words, j)
            if found is not None and found[1].kind in {"organisation", "institution"}:
                return found[1], (tok.i, phrase[j + found[0] - 1].i + 1)
        return None

    def _country_in(self, phrase: list[Token], *, exclude: tuple[int, int]) -> str | None:
        """The state a phrase names: a name or demonym first, then a person or possessor it
        mentions ("his Turkish counterpart" is Turkey's, not his), then a city."""
        words = [t.text for t in phrase]
        for j, tok in enumerate(phrase):
            if exclude[0] <= tok.i < exclude[1]:
                continue
            found = self.r.gazetteer.match_at(words, j)
            if found is not None and found[1].country:
                return found[1].country
        for tok in phrase:
            if exclude[0] <= tok.i < exclude[1]:
                continue
            ends_name = tok.ent_type == "PERSON" and (
                tok.i + 1 >= len(self.doc.tokens) or self.doc.tokens[tok.i + 1].ent_iob != "I"
            )
            if tok.dep == "poss" or ends_name:
                # "Putin's government", "the Obama administration", "pro-Mubarak supporters"
                person = self.resolve(tok.i)
                if person is not None and person.country:
                    return person.country
        return self._city_in(phrase, exclude=exclude)

    def _city_in(self, phrase: list[Token], *, exclude: tuple[int, int]) -> str | None:
        """The country of a city named in the phrase ("Kano State government", "Dehli police")."""
        runs: list[list[Token]] = []
        for tok in phrase:
            if (
                not tok.text[:1].isupper()  # the tagger makes "Helmand police" an ADJ + noun
                or tok.ent_type not in PLACE_OR_ORG
                or self.r.sectors.is_term(tok.lemma.lower())
                or exclude[0] <= tok.i < exclude[1]
            ):
                continue
            if runs and tok.i == runs[-1][-1].i + 1:
                runs[-1].append(tok)
            else:
                runs.append([tok])
        for run in runs:
            words = [t.text for t in run]
            # "Madras High" is no city but "Madras" is: try the longest prefix first.
            for n in range(len(words), 0, -1):
                if n == 1 and words[0].isupper():
                    break  # "PAN", "MSF": acronyms, not city names
                country = self._city_country(words[:n])
                if country is not None:
                    return country
        for tok in phrase:  # the people of a region: "Chechen rebels", "Darfuri refugees"
            if tok.text[:1].isupper() and not exclude[0] <= tok.i < exclude[1]:
                country = self.r.places.region_country(tok.text)
                if country is not None:
                    return country
        return None

    def _city_country(self, words: list[str]) -> str | None:
        """A city's country when the name is clear enough (see :func:`city_country`), else
        the country of a province or region the people tables list ("Helmand", "Rakhine
        State": the Phoenix dictionaries list them as names of their state)."""
        while words and words[-1].lower() in ADMIN_WORDS:
            words = words[:-1]
        if not words or not words[0][:1].isupper():
            return None
        name = " ".join(words)
        found = city_country(self.r.places, name)
        if found is not None:
            return found
        for form in (name, *(f"{name} {word}" for word in REGION_SUFFIXES)):
            entry = self.r.people.lookup(form)
            if entry is not None and entry.kind == "country":
                return entry.country
        return None

    def _sectors(self, phrase: list[Token], exclude_poss: bool) -> tuple[str, ...]:
        """Sector codes from the lemmas of the head phrase (not from a possessor's phrase).

        A possessor is a ``poss`` token whose head is in the phrase; the phrase's own head may
        be one ("the Lebanese president" in "the Lebanese president's office") and counts.
        """
        skip: set[int] = set()
        if exclude_poss:
            ids = {t.i for t in phrase}
            for t in phrase:
                if t.dep == "poss" and t.head in ids and t.head != t.i:
                    skip.update(s.i for s in self.tree.subtree(t.i))
        lemmas = [t.lemma.lower() for t in phrase if t.i not in skip]
        sectors = self.r.sectors.sectors_in(lemmas)
        if sectors and FORMER_WORDS.intersection(lemmas) and OFFICE_SECTORS.intersection(sectors):
            # "former defence minister", "retired general": CAMEO's elites, out of office
            return ("ELI",)
        return sectors

    def _learned(self, words: list[str], tok: Token) -> KnownActor | None:
        """What earlier articles taught about this name, if the run keeps a corpus memory.

        Names the shipped tables know are left to them; a single word ("Belousov", but also
        "King") only counts when the tagger takes it for a name (the small model tags many
        unfamiliar surnames as organisations).
        """
        if self.r.memory is None or tok.pos != "PROPN":
            return None
        if len(words) < 2 and tok.ent_type not in {"PERSON", "ORG"}:
            return None
        name = _strip_determiners(" ".join(words))  # "the Liberal Party" is "Liberal Party"
        if self.r.people.lookup(name) is not None:
            return None
        return self.r.memory.lookup(name)

    def _learned_only(self, name: str) -> bool:
        """Whether the corpus memory knows ``name`` from articles only, not from a user."""
        return self.r.memory is not None and self.r.memory.user_entry(name) is None

    def _known_person(self, name: str) -> Actor | None:
        remembered = self.recall.people.get(_person_key(name)) or self.recall.people.get(
            _person_key(name.split()[-1])
        )
        if remembered is not None:
            return remembered
        corpus = self.r.memory
        corrected = corpus.user_entry(name) if corpus is not None else None
        if corrected is not None:  # a user's correction wins over the dictionaries
            return corrected.as_actor(name, -1, -1)
        person = self.r.people.lookup(name)
        if person is not None:
            day = self.doc.date  # the roles stage re-reads at the event date
            if self.r.latest_roles:
                day = person.latest_day() or day
            sectors, country = person.sectors_on(day), person.country_on(day)
            return Actor(
                text=name,
                name=person.name,
                code=person.code_on(day) or actor_code(country, sectors),
                country=country,
                sectors=sectors,
                via="dictionary",
            )
        learned = corpus.lookup(name) if corpus is not None else None
        if learned is not None:
            return learned.as_actor(name, -1, -1)
        return None

    def _remember(self, i: int, actor: Actor) -> None:
        tok = self.doc.tokens[i]
        if tok.ent_type == "PERSON" and actor.country:
            first, last = self._name_span(tok)
            name = self.doc.span_text(first, last)
            full = replace(actor, name=actor.name if actor.via == "dictionary" else name)
            self.recall.people[_person_key(name)] = full
            self.recall.people[_person_key(name.split()[-1])] = full
            self.recall.last_person = (tok.sentence, full)
        elif tok.pos == "NOUN" and actor.country and actor.sectors:
            self.recall.titles[tok.lemma.lower()] = actor


#: Nouns that name a political party or a side only in particular: with one of the
#: modifiers below they name no actor ("supplied weapons to any party", "the warring parties",
#: "all sides"), while "the ruling party" or "the Communist Party" does.
GENERIC_HEADS = frozenset({"party", "side", "faction", "camp"})
GENERIC_MODIFIERS = frozenset(
    {"any", "all", "both", "either", "neither", "each", "every", "no", "other", "third",
     "warring", "involved", "concerned", "interested", "relevant", "various", "several"}
)  # fmt: skip
#: Titles of whoever leads a body: their sectors are the body's ("head of the FSB" is SPY).
HEAD_TITLES = frozenset(
    {
        "president",
        "chairman",
        "chairwoman",
        "chair",
        "head",
        "director",
        "chief",
        "leader",
        "speaker",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "commander",
    }
)
#: Entity labels under which the tagger may put a city named inside an actor's phrase.
PLACE_OR_ORG = frozenset({"GPE", "LOC", "FAC", "ORG"})
#: Modifiers that put an office holder out of office: CAMEO codes them as elites (ELI).
FORMER_WORDS = frozenset({"former", "retired", "retire", "ex", "erstwhile", "onetime", "one-time"})
#: Sectors of offices one can hold and leave.
OFFICE_SECTORS = frozenset({"GOV", "LEG", "MIL", "JUD", "COP", "SPY"})
#: Words that follow a place name to make a region of it ("Kano State", "Idlib Province").
ADMIN_WORDS = frozenset(
    {"state", "province", "region", "governorate", "oblast", "county", "district", "prefecture"}
)
#: Gazetteer kinds of a body one holds a post at ("a professor at Harvard").
BODY_KINDS = frozenset({"organisation", "institution", "metonym"})
#: Country codes of organisations that have no home state.
STATELESS = frozenset({"IGO", "NGO", "IMG", "MNC", "INT"})


def _is_state(entry: Entry) -> bool:
    return bool(entry.country) and entry.country not in STATELESS


#: Words the dictionaries write after a province's name ("Rakhine State", "Logar Province").
REGION_SUFFIXES = ("State", "Province", "Region")
#: A city name is read as its country only if no other country's city of that name has more
#: than this share of its population (Tripoli, Libya over Tripoli, Lebanon: yes; Victoria: no).
CITY_DOMINANCE = 0.2


def city_country(places: PlaceGazetteer, name: str) -> str | None:
    """The country of the city ``name`` names, if one city clearly dominates the name.

    CAMEO codes a city as its state ("rebels attacked Benghazi" targets ``LBY``). Countries
    are left to the actors gazetteer; cities share names across countries, so the largest
    must be at least five times any other country's (alternate spellings only count against
    an alternate spelling). A name that is no city may name a region inside one country
    ("Darfur rebels", "police in Anbar"): that country.
    """
    cities = [e for e in places.candidates(name) if e.kind == "city"]
    if not cities:
        return places.region_country(name)
    best = max(cities, key=lambda e: (e.primary, e.population))
    rivals = [
        e.population
        for e in cities
        if e.country != best.country and (e.primary or not best.primary)
    ]
    if rivals and max(rivals) > CITY_DOMINANCE * best.population:
        return None
    return best.country


def _is_head_candidate(tok: Token, tokens: tuple[Token, ...]) -> bool:
    """Heads of noun phrases, and proper names used as modifiers ("U.S. efforts")."""
    if tok.pos not in NOMINAL and tok.ent_type not in {"NORP", "GPE"} and not _acronym(tok):
        return False
    if tok.dep != "compound":
        return True
    if tok.pos != "PROPN" or not tok.ent_type:
        return False
    following = tokens[tok.i + 1] if tok.i + 1 < len(tokens) else None
    return following is None or following.ent_iob != "I"  # the last word of its name


def _acronym(tok: Token) -> bool:
    """An all-capitals word, which the small model sometimes tags as an adjective ("USAID
    and other donors")."""
    return len(tok.text) >= 3 and tok.text.isupper() and tok.text.isalpha()


def _own_code(known: Actor | None, country: str | None, sectors: tuple[str, ...]) -> str:
    """A known actor's own code ("PSEREBHMS" from a dictionary) unless the text changed its
    country or sectors; otherwise the code composed from them."""
    if known is not None and (known.country, known.sectors) == (country, sectors):
        return known.code
    return actor_code(country, sectors)


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
