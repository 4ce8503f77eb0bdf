"""Constructions that decide an event's type beyond what its trigger row says.

A lexicon row codes words; some events are typed by what surrounds the words:

* carrying is no visit: a motion row whose destination is a preposition's object
  (`fly to`, `travel to`) does not apply when the verb also has a direct object ("flies
  fighters and cargo to Syria": the subject carries something, it does not visit);
* movement names are no events: "the Houthi rebellion", "Extinction Rebellion", "the protest
  movement" name a movement or an organisation; such a noun is an event only where something
  happens to it ("the uprising broke out", "led an uprising") or it is dated ("the 2011 uprising");
* regret for another party's act is disapproval: "regrets its decision" is an apology (055),
  "regrets that the U.S. imposed sanctions" and "regrets Washington's decision" disapprove (110);
* a protest made by a state or government is an official complaint (114), not a demonstration;
* a threat to destroy is typed by what would be destroyed: an economy or trade is a non-force
  threat (131), a country, a city or an army a threat of force (138);
* an act of force promised on a condition ("I will destroy X if ...") is also a threat.

The events stage (:mod:`.extract`) applies these, and codes admissions ("admitted shooting
down the airliner", 015) beside the admitted act.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..nlp.tree import DepTree
from ..nlp.words import FUTURE_AUX
from ..types import Actor, Token

#: Codes of rows that make the subject travel somewhere.
VISIT_CODES = frozenset({"042"})
#: Nouns that name a movement as often as an event.
MOVEMENT_NOUNS = frozenset(
    {"rebellion", "uprising", "revolt", "insurgency", "insurrection", "revolution", "intifada",
     "mutiny", "protest"}
)  # fmt: skip
#: Verbs that make a movement noun, as their subject, something that happens.
HAPPENING_VERBS = frozenset(
    {"break", "erupt", "begin", "start", "spread", "flare", "escalate", "intensify", "rage",
     "occur", "unfold", "resume", "sweep", "grip", "continue", "reignite", "turn"}
)  # fmt: skip
#: Verbs that make a movement noun, as their object, something done.
DOING_VERBS = frozenset(
    {"lead", "launch", "stage", "start", "begin", "spark", "trigger", "ignite", "mount", "wage",
     "foment", "incite", "organise", "organize", "hold", "crush", "quell", "suppress"}
)  # fmt: skip
#: Nouns of people and organisations: an event noun classifying one ("protest leaders", "the
#: protest movement", "uprising veterans") names no event.
GROUP_NOUNS = frozenset(
    {"movement", "group", "leader", "organiser", "organizer", "activist", "party", "organisation",
     "organization", "veteran", "figure", "hero", "icon", "slogan", "network", "faction"}
)  # fmt: skip
#: Entity types of names: an event word inside one is part of a name ("Extinction Rebellion").
NAME_ENTS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "FAC", "EVENT"})
#: Words for the regretted thing's owner that are the regretter ("its decision").
OWN_PRONOUNS = frozenset({"its", "their", "our", "my", "his", "her", "it", "we", "i", "they",
                          "he", "she", "itself", "themselves", "ourselves"})  # fmt: skip
#: Prepositions of what is regretted or apologised for.
REGRET_PREPS = frozenset({"for", "over", "at", "about", "of"})
PARTY_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
#: Sectors of actors whose protests are official complaints.
OFFICIAL_SECTORS = frozenset({"GOV", "DIP"})
#: Things whose destruction is economic ruin, not force.
ECONOMIC_NOUNS = frozenset(
    {"economy", "currency", "trade", "industry", "business", "market", "finance", "export",
     "company", "bank", "sector"}
)  # fmt: skip
#: Codes of destroying something: threatened, typed by what is destroyed.
DESTRUCTION_CODES = frozenset({"1712"})
CONDITIONS = frozenset({"if", "unless"})


def carries_object(tree: DepTree, verb: Token, extras: Sequence[str], code: str) -> bool:
    """Whether a visit row reached by a preposition ("fly to") meets a verb that carries a
    direct object ("flew fighters to Syria"): then the subject transports, it does not visit."""
    if code not in VISIT_CODES or not extras:
        return False
    return any(o.lemma.lower() not in extras for o in tree.children(verb.i, "dobj"))


def names_no_event(tree: DepTree, noun: Token) -> bool:
    """Whether a free-standing event noun names a movement or an organisation, not an event."""
    if noun.pos == "PROPN" and noun.ent_type in NAME_ENTS:
        return True  # "Extinction Rebellion activists"
    lemma = noun.lemma.lower()
    if lemma not in MOVEMENT_NOUNS:
        return False
    head = tree.head(noun.i)
    if noun.dep == "compound" and head is not None and head.lemma.lower() in GROUP_NOUNS:
        return True  # "the protest movement", "rebellion leaders"
    if lemma == "protest":
        return False  # "the protest" is an event; only its classifier use is a name
    return not (_happens(tree, noun) or _dated(tree, noun))


def _happens(tree: DepTree, noun: Token) -> bool:
    head = tree.head(noun.i)
    if head is None or head.pos not in {"VERB", "AUX"}:
        return False
    lemma = head.lemma.lower()
    if noun.dep in {"nsubj", "nsubjpass"}:
        return lemma in HAPPENING_VERBS or (
            lemma == "take" and any(o.lemma.lower() == "place" for o in tree.children(head.i))
        )
    return noun.dep == "dobj" and lemma in DOING_VERBS


def _dated(tree: DepTree, noun: Token) -> bool:
    """ "the 2011 uprising", "Monday's revolt", "the uprising in March"."""
    for child in tree.children(noun.i):
        if child.ent_type in {"DATE", "TIME"}:
            return True
        if child.dep == "prep" and any(
            p.ent_type in {"DATE", "TIME"} for p in tree.children(child.i, "pobj")
        ):
            return True
    return False


def regretted_other(
    tree: DepTree, anchors: Iterable[Token], regretters: Sequence[Token]
) -> tuple[Token, ...] | None:
    """Whose act is regretted, when it is another party's: the tokens naming that party (empty
    when none is named), or ``None`` when it is the regretter's own act or situation.

    "regrets that the U.S. imposed sanctions", "regretted Washington's decision", "regrets the
    decision by NATO" are another's; "regrets its decision", "regrets the mistake", "regrets
    that it shot down the plane" the regretter's own.
    """
    own = {t.lemma.lower() for t in regretters} | {t.text.lower() for t in regretters}
    for anchor in anchors:
        for clause in tree.children(anchor.i, "ccomp", "acl"):
            found = _clause_owner(tree, clause, own)
            if found is not None:
                return found
        objects = list(tree.children(anchor.i, "dobj"))
        for prep in tree.children(anchor.i, "prep"):
            if prep.lemma.lower() in REGRET_PREPS:
                objects.extend(tree.children(prep.i, "pobj"))
        for obj in objects:
            if obj.pos in {"VERB", "AUX"}:
                continue  # "regrets having said": one's own doing
            owner = _owner(tree, obj)
            if owner and not _is_own(owner, own):
                return tuple(owner)
    return None


def _clause_owner(tree: DepTree, clause: Token, own: set[str]) -> tuple[Token, ...] | None:
    subjects = tree.children(clause.i, "nsubj")
    if not subjects:
        passive = tree.children(clause.i, "nsubjpass")
        if not passive:
            return None
        agents = [p for a in tree.children(clause.i, "agent") for p in tree.children(a.i, "pobj")]
        if agents and _is_own(agents, own):
            return None
        return tuple(agents)  # "regrets that sanctions were imposed (by X)"
    subject = subjects[0]
    if _is_own([subject], own):
        return None
    owners = tree.children(subject.i, "poss")
    if owners and _is_own(owners, own):
        return None  # "regrets that its missile hit the plane"
    return tuple(tree.conjuncts(subject.i))


def _owner(tree: DepTree, obj: Token) -> list[Token]:
    """Who a noun belongs to: its possessor, a name modifying it ("the U.S. decision", "the
    American move"), or a "by"/"of" phrase naming a party."""
    found = list(tree.children(obj.i, "poss"))
    if found:
        return found
    found = [c for c in tree.children(obj.i, "compound", "amod") if c.ent_type in PARTY_ENTS]
    if found:
        return found
    for prep in tree.children(obj.i, "prep"):
        if prep.lemma.lower() in {"by", "of"}:
            found.extend(p for p in tree.children(prep.i, "pobj") if p.ent_type in PARTY_ENTS)
    return found


def _is_own(tokens: Iterable[Token], own: set[str]) -> bool:
    return any(
        t.text.lower() in OWN_PRONOUNS or t.lemma.lower() in own or t.text.lower() in own
        for t in tokens
    )


def is_official(actor: Actor, token: Token | None) -> bool:
    """Whether an actor acts for a state: a government or diplomatic sector, or a state named
    as such ("Japan", not "Japanese students")."""
    if actor.sectors:
        return set(actor.sectors) <= OFFICIAL_SECTORS
    return token is not None and token.ent_type == "GPE" and actor.code == actor.country


def destroyed(tree: DepTree, verb: Token) -> list[Token]:
    """The objects of a destruction verb and of the verbs coordinated with it ("destroy and
    obliterate the economy")."""
    return [o for v in tree.conjuncts(verb.i) for o in tree.children(v.i, "dobj")]


def destruction_threat(tree: DepTree, verb: Token) -> str:
    """The threat code for threatening to destroy what ``verb`` destroys."""
    if any(o.lemma.lower() in ECONOMIC_NOUNS for o in destroyed(tree, verb)):
        return "131"  # "destroy the economy of Turkey": ruin, not force
    return "138"  # "destroy North Korea": force


def owners_of_destroyed(tree: DepTree, verb: Token) -> tuple[Token, ...]:
    """Whose thing would be destroyed: "Turkey's economy", "the economy of Turkey"."""
    found: list[Token] = []
    for obj in destroyed(tree, verb):
        found.extend(tree.children(obj.i, "poss"))
        for prep in tree.children(obj.i, "prep"):
            if prep.lemma.lower() == "of":
                found.extend(p for p in tree.children(prep.i, "pobj"))
        named = tree.children(obj.i, "compound", "amod")
        found.extend(c for c in named if c.ent_type in PARTY_ENTS)
    return tuple(found)


def conditional_future(tree: DepTree, verb: Token) -> bool:
    """ "I will destroy X if ...", "Iran would retaliate unless ...": an act promised on a
    condition, which CAMEO codes as the threat it is."""
    aux = {a.lemma.lower() for a in tree.children(verb.i, "aux")}
    if not aux & (FUTURE_AUX | {"would"}) or tree.children(verb.i, "neg"):
        return False
    return any(
        any(m.lemma.lower() in CONDITIONS for m in tree.children(clause.i, "mark"))
        for clause in tree.children(verb.i, "advcl")
    )
