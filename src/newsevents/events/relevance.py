"""The relevance stage: how likely each coded event is a political event (0-1).

The coder reads event verbs wherever they occur, so court, crime, sports and entertainment
stories give events too: "the accused" in a trial report reads as an accusation, police
questioning a suspect as a consultation, a presenter who "hosted" a show as hosting a visit.
This stage scores every event with general evidence, combined as a logistic score:

* **actors**: states, governments, militaries, legislatures, intelligence services and
  intergovernmental organisations, and rebels, opposition, parties, armed groups and rights
  groups count for it; participants that are only private people, businesses, media, schools,
  hospitals or criminals count against it; police and courts are neither (they arrest
  protesters as well as burglars), and two parties of different states count for it.
* **trigger**: a trigger word used as a noun for a person or role ("the accused", "the
  host", "the defendant") or inside a name ("The Doris Day Show") counts against it.
* **topic**: words of court and crime, sports and entertainment in the sentence and across
  the article (its title counts twice) against words of government, diplomacy, elections
  and armed conflict.
* **event type**: fighting, mass violence, coercion, protest and sanctions count for it.

Events below ``Settings.min_relevance`` are dropped (docs/settings.md); the others keep their
score in ``Event.relevance``. The weights were set by hand on the development half of a
hand-labelled sample and measured on the other half (docs/relevance.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ..settings import Settings
from ..types import Actor, Document, Event, Token

#: Agent codes of the state acting: governments, militaries, legislatures, intelligence.
STATE_AGENTS = frozenset({"GOV", "MIL", "LEG", "SPY"})
#: Agent codes of political actors that are not the state.
POLITICAL_AGENTS = frozenset(
    {"OPP", "REB", "INS", "SEP", "PTY", "RAD", "MOD", "HRI", "NGO", "IGO", "REF", "IMG", "UAF"}
)
#: Justice: police and courts act for the state in political and in ordinary cases alike.
JUSTICE_AGENTS = frozenset({"COP", "JUD"})
#: Agent codes of people and organisations outside politics.
PRIVATE_AGENTS = frozenset(
    {"CVL", "BUS", "MED", "EDU", "HLH", "REL", "LAB", "AGR", "ENV", "ELI", "DEV", "CRM", "SCI"}
)
#: Organisation codes that stand for themselves (no country): intergovernmental and
#: non-governmental organisations, armed groups.
ORGANISATION_CODES = ("IGO", "NGO", "IMG", "UAF", "REB", "OPP", "PTY")

#: Nouns for a person or role that share their form with an event trigger: the trigger is then
#: a participant, not an event ("the accused was remanded", "the host of the show").
ROLE_NOUNS = frozenset(
    {"accused", "host", "co-host", "defendant", "suspect", "guest", "visitor", "plaintiff",
     "appellant", "convict", "detainee", "hostage", "captive", "negotiator", "mediator",
     "supporter", "challenger", "attacker", "protester", "protestor", "opponent", "rival",
     "assailant", "killer", "murderer", "raider", "hijacker", "kidnapper", "champion"}
)  # fmt: skip
#: Entity types of a name: a trigger inside one is part of a name ("Host Club", "Attack on
#: Titan"), not an event.
NAME_ENTITIES = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LAW"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Topic words, lower case; a plural "s" is also matched.
COURT_CRIME = _words(
    """court courtroom trial jury juror judge magistrate prosecutor prosecution defendant
    accused lawyer attorney barrister solicitor testimony testify testified verdict guilty
    convicted conviction sentenced sentence sentencing acquitted acquittal bail remand
    remanded appeal murder murdered murderer manslaughter homicide rape raped rapist robbery
    robbed burglary theft stolen fraud assault assaulted stabbing stabbed shooting gunman
    victim suspect police policeman officer detective arrest arrested custody prison jail
    jailed inmate crime criminal charged charges offence offense drugs drug gang smuggling
    kidnapping kidnapped abuse abused divorce lawsuit sued plaintiff coroner inquest
    investigator investigators forensic"""
)
SPORTS = _words(
    """match game games season league cup championship championships tournament final
    semi-final quarter-final team teams club player players coach manager striker midfielder
    goalkeeper defender goal goals scored score scorer win won victory defeat defeated beat
    football soccer rugby cricket tennis golf basketball baseball hockey athletics olympic
    olympics medal medals race racing driver formula marathon boxing fighter wrestling
    sprint stadium fans innings wicket wickets try tries penalty penalties chess grandmaster
    title titles squad fixture nba nfl fifa uefa premier"""
)
ENTERTAINMENT = _words(
    """film films movie movies actor actress actors singer song songs album albums band concert
    tour music musician rapper show shows television tv series episode episodes star stars
    celebrity celebrities hollywood oscar oscars grammy award awards festival theatre
    theater comedian comedy drama novel novelist author book books fashion presenter
    broadcaster radio host hosted premiere box-office studio record label artist artists
    painting museum exhibition"""
)
POLITICAL = _words(
    """government governments minister ministers ministry president presidential prime
    parliament parliamentary congress senate senator senators lawmaker lawmakers legislature
    election elections electoral vote voters votes referendum campaign candidate party
    parties opposition coalition cabinet diplomat diplomats diplomatic embassy ambassador
    foreign sanctions treaty summit talks negotiations ceasefire peace war wars military
    army troops soldiers forces airstrike airstrikes missile missiles rebels rebel
    insurgents militants militant terrorist terrorists terrorism protest protests protesters
    demonstrators regime nato un eu kremlin pentagon white sovereignty border borders
    annexation occupation invasion nuclear weapons policy policies administration
    impeachment bill legislation constitution constitutional democracy democratic republican
    republicans democrats authorities authority state officials official governor mayor
    refugees humanitarian security intelligence"""
)
NON_POLITICAL_TOPICS = (COURT_CRIME, SPORTS, ENTERTAINMENT)

#: CAMEO roots that are political whoever is named: threats, protest, force posture, reduced
#: relations, coercion, assault, fighting, mass violence (13-20).
POLITICAL_ROOTS = frozenset({"13", "14", "15", "16", "17", "19", "20"})

_WORD = re.compile(r"[a-z][a-z\-]*[a-z]|[a-z]")


@dataclass(frozen=True, slots=True)
class Weights:
    """The weights of the logistic score (a positive weight counts for "political")."""

    bias: float = -0.15
    interstate: float = 1.5
    state: float = 0.4
    political: float = 1.4
    justice_only: float = -0.15
    private_only: float = -2.0
    criminal: float = -0.8
    role_noun: float = -2.0
    name: float = -1.5
    sentence_political: float = 0.5
    sentence_other: float = -0.7
    article_balance: float = 2.0
    political_root: float = 1.6


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Topics:
    """Counts of topic words: political and each of the non-political topics."""

    political: int = 0
    other: int = 0
    court: int = 0
    sports: int = 0
    entertainment: int = 0


def topic_counts(words: Iterable[str]) -> Topics:
    court = sports = entertainment = political = 0
    for word in words:
        base = word[:-1] if word.endswith("s") and len(word) > 3 else word
        hits = [word in topic or base in topic for topic in NON_POLITICAL_TOPICS]
        court += hits[0]
        sports += hits[1]
        entertainment += hits[2]
        political += word in POLITICAL or base in POLITICAL
    return Topics(political, court + sports + entertainment, court, sports, entertainment)


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def actor_kind(actor: Actor) -> str:
    """``state``, ``political``, ``justice``, ``criminal`` or ``private`` for one actor."""
    sectors = set(actor.sectors)
    code = actor.code
    if sectors & STATE_AGENTS:
        return "state"
    if sectors & POLITICAL_AGENTS or code.startswith(ORGANISATION_CODES):
        return "political"
    if sectors & JUSTICE_AGENTS:
        return "justice"
    if "CRM" in sectors:
        return "criminal"
    if not sectors and actor.country and code == actor.country:
        return "state"  # a country named as an actor ("Russia", "Beijing")
    return "private"


def features(event: Event, doc: Document, article: Topics) -> dict[str, float]:
    """The evidence the score weighs, each 0-1 (or a share)."""
    kinds = [actor_kind(a) for a in event.participants()]
    countries = {a.country for a in event.participants() if a.country and actor_kind(a) == "state"}
    trigger = _trigger_token(doc, event)
    sentence = topic_counts(words_of(event.evidence.text))
    balance = (article.political - article.other) / (article.political + article.other + 4)
    return {
        "interstate": float(len(countries) >= 2),
        "state": float("state" in kinds),
        "political": float("political" in kinds),
        "justice_only": float("justice" in kinds and not {"state", "political"} & set(kinds)),
        "private_only": float(not kinds or all(k in ("private", "criminal") for k in kinds)),
        "criminal": float("criminal" in kinds),
        "role_noun": float(trigger is not None and _role_noun(doc, trigger)),
        "name": float(trigger is not None and trigger.ent_type in NAME_ENTITIES),
        "sentence_political": min(sentence.political, 3) / 3,
        "sentence_other": min(sentence.other, 3) / 3,
        "article_balance": balance,
        "political_root": float(event.cameo[:2] in POLITICAL_ROOTS),
    }


def score(values: Mapping[str, float], weights: Weights = WEIGHTS) -> float:
    z = weights.bias + sum(getattr(weights, name) * value for name, value in values.items())
    return 1.0 / (1.0 + math.exp(-z))


def article_topics(doc: Document) -> Topics:
    """Topic words of the whole article; the title counts twice."""
    title = doc.article.title
    return topic_counts(words_of(f"{title} {title} {doc.article.text}"))


def relevance(event: Event, doc: Document, article: Topics | None = None) -> float:
    """The political relevance of one event of ``doc`` (0-1), rounded to 3 places."""
    if article is None:
        article = article_topics(doc)
    return round(score(features(event, doc, article)), 3)


class RelevanceScorer:
    """Stage ``Document -> Document``: set ``Event.relevance``; drop events below the minimum."""

    name = "relevance"
    requires: tuple[str, ...] = ("events",)

    def __init__(self, settings: Settings | None = None) -> None:
        self.min_relevance = (settings or Settings()).min_relevance

    def __call__(self, doc: Document) -> Document:
        stages = (*doc.stages, self.name)
        if not doc.events:
            return replace(doc, stages=stages)
        article = article_topics(doc)
        scored = (replace(e, relevance=relevance(e, doc, article)) for e in doc.events)
        events = tuple(e for e in scored if e.relevance >= self.min_relevance)
        return replace(doc, events=events, stages=stages)


def _trigger_token(doc: Document, event: Event) -> Token | None:
    if event.sentence_index >= len(doc.sentences):
        return None
    for tok in doc.sentence_tokens(event.sentence_index):
        if tok.idx <= event.trigger.start < tok.end:
            return tok
    return None


def _role_noun(doc: Document, tok: Token) -> bool:
    """The trigger names a person or role: a role noun, or a participle standing as a noun
    ("the accused", "the detained") after a determiner with no noun of its own."""
    if tok.pos in ("NOUN", "PROPN") and ROLE_NOUNS & {tok.lemma.lower(), tok.text.lower()}:
        return True
    if tok.tag in ("VBN", "VBD", "JJ") and tok.dep in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return any(t.head == tok.i and t.dep == "det" for t in _children_span(doc, tok))
    return False


def _children_span(doc: Document, tok: Token) -> Iterable[Token]:
    sentence = doc.sentences[tok.sentence]
    return doc.tokens[max(sentence.first_token, tok.i - 3) : tok.i]
