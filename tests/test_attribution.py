"""Attribution: who told an event (``Event.speaker``), and no spurious events of the speaker.

Hand-built parses pin the constructions (reported clauses, "according to", parentheticals,
object control in accusations, claims and denials); a few sentences through the real model and
the sample article pin what the parser actually gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.events.attribution import attribution
from newsevents.events.extract import EventCoder
from newsevents.nlp.tree import DepTree
from newsevents.serialize import event_from_dict, event_to_dict, event_to_row
from newsevents.types import Actor, Document, Event, Mode, Precision, Span, TimeRef

resolver = ActorResolver()
coder = EventCoder()


def code_doc(doc: Document) -> list[Event]:
    return list(coder(resolver(doc)).events)


def code(event: Event | None, side: str) -> str | None:
    actor = getattr(event, side) if event is not None else None
    return actor.code if actor is not None else None


def dyads(events: list[Event]) -> set[tuple[str | None, str | None]]:
    return {(s.code if s else None, t.code if t else None) for e in events for s, t in e.dyads()}


def only(events: list[Event], cameo_prefix: str) -> Event:
    (event,) = [e for e in events if e.cameo.startswith(cameo_prefix)]
    return event


# -- reported speech ----------------------------------------------------------------------------

JAPAN_SAID = [
    "Japan Japan PROPN nsubj 2 GPE",
    "said say VERB ROOT 0",
    "Russia Russia PROPN nsubj 4 GPE",
    "attacked attack VERB ccomp 2",
    "Ukraine Ukraine PROPN dobj 4 GPE",
]


def test_the_subject_of_the_reporting_verb_is_the_speaker_of_the_reported_event() -> None:
    (attack,) = code_doc(build(JAPAN_SAID))

    assert (code(attack, "source"), code(attack, "target")) == ("RUS", "UKR")
    assert attack.mode is Mode.REPORTED
    assert attack.speaker is not None and attack.speaker.code == "JPN"
    assert attack.speaker.text == "Japan"


def test_a_quote_is_no_event_of_the_speaker_against_the_quotes_subject() -> None:
    events = code_doc(build(JAPAN_SAID))

    assert dyads(events) == {("RUS", "UKR")}  # never JPN -> RUS, JPN -> UKR


def test_a_statement_that_holds_no_event_codes_nothing() -> None:
    # "Russia said the two militaries share a common understanding"
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "said say VERB ROOT 0",
            "the the DET det 5",
            "two two NUM nummod 5",
            "militaries military NOUN nsubj 6",
            "share share VERB ccomp 2",
            "a a DET det 9",
            "common common ADJ amod 9",
            "understanding understanding NOUN dobj 6",
        ]
    )
    assert code_doc(doc) == []


def test_a_reporting_verb_that_is_itself_an_event_does_not_target_the_quotes_subject() -> None:
    # "Russia warned NATO would attack Belarus": a warning (130) with no target, and NATO's
    # attack told by Russia; never a Russian threat against NATO.
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "warned warn VERB ROOT 0",
            "NATO NATO PROPN nsubj 5 ORG",
            "would would AUX aux 5",
            "attack attack VERB ccomp 2",
            "Belarus Belarus PROPN dobj 5 GPE",
        ]
    )
    events = code_doc(doc)
    warning, attack = only(events, "13"), only(events, "19")

    assert warning.target is None and warning.speaker is None
    assert code(attack, "source") != "RUS" and code(attack, "target") == "BLR"
    assert code(attack, "speaker") == "RUS"
    assert attack.mode is Mode.FUTURE  # "would" with no condition: what Russia says will come
    assert not any(s == "RUS" and t is not None and t != "BLR" for s, t in dyads(events))


def test_praise_is_an_event_of_the_speaker_and_what_it_says_is_reported() -> None:
    # "Putin praised China, saying Beijing supports Russia": the participle's speaker is Putin
    doc = build(
        [
            "Putin Putin PROPN nsubj 2 PERSON",
            "praised praise VERB ROOT 0",
            "China China PROPN dobj 2 GPE",
            ", , PUNCT punct 2",
            "saying say VERB advcl 2",
            "Beijing Beijing PROPN nsubj 7 GPE",
            "supports support VERB ccomp 5",
            "Russia Russia PROPN dobj 7 GPE",
        ]
    )
    praise, support = sorted(code_doc(doc), key=lambda e: e.trigger.start)

    assert (code(praise, "source")[:3], code(praise, "target")) == ("RUS", "CHN")  # type: ignore[index]
    assert praise.mode is Mode.ASSERTED and praise.speaker is None
    assert (code(support, "source"), code(support, "target")) == ("CHN", "RUS")
    assert support.mode is Mode.REPORTED
    assert support.speaker is not None and support.speaker.country == "RUS"
    assert support.speaker.text == "Putin"


def test_the_innermost_report_gives_the_mode_and_the_outer_one_the_speaker() -> None:
    # "Japan said Russia vowed to attack Ukraine": a threat, reported by Japan
    doc = build(
        [
            "Japan Japan PROPN nsubj 2 GPE",
            "said say VERB ROOT 0",
            "Russia Russia PROPN nsubj 4 GPE",
            "vowed vow VERB ccomp 2",
            "to to PART aux 6",
            "attack attack VERB xcomp 4",
            "Ukraine Ukraine PROPN dobj 6 GPE",
        ]
    )
    (threat,) = code_doc(doc)

    assert threat.cameo.startswith("13")
    assert (code(threat, "source"), code(threat, "target")) == ("RUS", "UKR")
    assert code(threat, "speaker") == "JPN"


# -- according to, parentheticals -----------------------------------------------------------------


def test_according_to_names_the_speaker_and_makes_the_event_reported() -> None:
    doc = build(
        [
            "According accord VERB prep 7",
            "to to ADP prep 1",
            "the the DET det 4",
            "Pentagon Pentagon PROPN pobj 2 ORG",
            ", , PUNCT punct 7",
            "Russia Russia PROPN nsubj 7 GPE",
            "attacked attack VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 7 GPE",
        ]
    )
    (attack,) = code_doc(doc)

    assert attack.mode is Mode.REPORTED
    assert attack.speaker is not None and attack.speaker.country == "USA"
    assert dyads([attack]) == {("RUS", "UKR")}


def test_according_to_a_plan_attributes_nothing() -> None:
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "attacked attack VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 2 GPE",
            "according accord VERB prep 2",
            "to to ADP prep 4",
            "plan plan NOUN pobj 5",
        ]
    )
    (attack,) = code_doc(doc)

    assert attack.mode is Mode.ASSERTED
    assert attack.speaker is None


def test_a_parenthetical_reporting_clause_names_the_speaker() -> None:
    # "Russia attacked Ukraine, Japan said" parsed with "said" hanging on "attacked"
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "attacked attack VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 2 GPE",
            ", , PUNCT punct 2",
            "Japan Japan PROPN nsubj 6 GPE",
            "said say VERB parataxis 2",
        ]
    )
    (attack,) = code_doc(doc)

    assert attack.mode is Mode.REPORTED
    assert code(attack, "speaker") == "JPN"
    assert dyads([attack]) == {("RUS", "UKR")}


# -- claims and denials ---------------------------------------------------------------------------

ACCUSATION = [
    "The the DET det 2",
    "U.S. U.S. PROPN nsubj 3 GPE",
    "accused accuse VERB ROOT 0",
    "China China PROPN dobj 3 GPE",
    "of of ADP prep 3",
    "supporting support VERB pcomp 5",
    "Russia Russia PROPN dobj 6 GPE",
]


def test_the_accuser_is_the_speaker_of_the_claimed_event_not_of_the_accusation() -> None:
    events = code_doc(build(ACCUSATION))
    accusation, claimed = only(events, "112"), only(events, "051")

    assert (code(accusation, "source"), code(accusation, "target")) == ("USA", "CHN")
    assert accusation.mode is Mode.ASSERTED and accusation.speaker is None
    assert (code(claimed, "source"), code(claimed, "target")) == ("CHN", "RUS")
    assert claimed.mode is Mode.CLAIMED
    assert code(claimed, "speaker") == "USA"


def test_the_accused_of_a_passive_accusation_is_the_claimed_events_source() -> None:
    # "China was accused of supporting Russia"
    doc = build(
        [
            "China China PROPN nsubjpass 3 GPE",
            "was be AUX auxpass 3",
            "accused accuse VERB ROOT 0",
            "of of ADP prep 3",
            "supporting support VERB pcomp 4",
            "Russia Russia PROPN dobj 5 GPE",
        ]
    )
    claimed = only(code_doc(doc), "051")

    assert (code(claimed, "source"), code(claimed, "target")) == ("CHN", "RUS")
    assert claimed.mode is Mode.CLAIMED and claimed.speaker is None  # nobody named


def test_what_an_allegation_says_is_claimed_not_reported() -> None:
    # "Kyiv alleged that Moscow shelled Kharkiv"
    doc = build(
        [
            "Kyiv Kyiv PROPN nsubj 2 GPE",
            "alleged allege VERB ROOT 0",
            "that that SCONJ mark 5",
            "Moscow Moscow PROPN nsubj 5 GPE",
            "shelled shell VERB ccomp 2",
            "Kharkiv Kharkiv PROPN dobj 5 GPE",
        ]
    )
    shelling = only(code_doc(doc), "19")

    assert code(shelling, "source") == "RUS"
    assert shelling.mode is Mode.CLAIMED
    assert code(shelling, "speaker") == "UKR"


DENIED_SUPPORT = [
    "China China PROPN nsubj 2 GPE",
    "denied deny VERB ROOT 0",
    "supporting support VERB xcomp 2",
    "Russia Russia PROPN dobj 3 GPE",
]


def test_a_denied_gerund_is_a_denied_event_of_the_denier_and_the_denial_has_no_target() -> None:
    events = code_doc(build(DENIED_SUPPORT))
    denial, support = only(events, "016"), only(events, "051")

    assert (code(denial, "source"), denial.target, denial.mode) == ("CHN", None, Mode.ASSERTED)
    assert (code(support, "source"), code(support, "target")) == ("CHN", "RUS")
    assert support.mode is Mode.DENIED
    assert code(support, "speaker") == "CHN"


def test_a_denied_future_event_is_denied_not_future() -> None:
    # "China denied it would attack Taiwan"
    doc = build(
        [
            "China China PROPN nsubj 2 GPE",
            "denied deny VERB ROOT 0",
            "it it PRON nsubj 5",
            "would would AUX aux 5",
            "attack attack VERB ccomp 2",
            "Taiwan Taiwan PROPN dobj 5 GPE",
        ]
    )
    attack = only(code_doc(doc), "19")

    assert attack.mode is Mode.DENIED
    assert code(attack, "speaker") == "CHN"


def test_attribution_names_the_attributing_word_and_speaker_tokens() -> None:
    doc = build(ACCUSATION)
    tree = DepTree(doc.tokens)
    supporting = next(t for t in doc.tokens if t.text == "supporting")

    said = attribution(tree, supporting)

    assert said is not None and said.mode is Mode.CLAIMED
    assert said.word.text == "accused"
    assert [t.text for t in said.speaker] == ["U.S."]
    assert attribution(tree, next(t for t in doc.tokens if t.text == "accused")) is None


# -- the speaker in records -----------------------------------------------------------------------

DAY = dt.date(2024, 10, 15)
JAPAN = Actor(text="Japan", name="Japan", code="JPN", country="JPN", start=0, end=5)
RUSSIA = Actor(text="Russia", name="Russia", code="RUS", country="RUS", start=11, end=17)
UKRAINE = Actor(text="Ukraine", name="Ukraine", code="UKR", country="UKR", start=27, end=34)
REPORTED = Event(
    doc_id="d",
    doc_date=DAY,
    sentence_index=0,
    source=RUSSIA,
    target=UKRAINE,
    cameo="190",
    cameo_name="Use conventional military force",
    plover="ASSAULT",
    quad_class=4,
    goldstein=-10.0,
    event_date=TimeRef(DAY, DAY, Precision.PUBLICATION),
    evidence=Span("Japan said Russia attacked Ukraine.", 0, 35),
    trigger=Span("attacked", 18, 26),
    mode=Mode.REPORTED,
    speaker=JAPAN,
    claim_of="0123456789abcdef0123",
    responds_to="fedcba9876543210fedc",
)


def test_speaker_and_links_survive_the_json_record() -> None:
    record = event_to_dict(REPORTED)

    assert record["speaker"]["code"] == "JPN" and record["speaker"]["start"] == 0
    assert (record["claim_of"], record["responds_to"]) == (REPORTED.claim_of, REPORTED.responds_to)
    assert event_from_dict(record) == REPORTED


def test_records_written_before_attribution_have_no_speaker_and_no_links() -> None:
    record = event_to_dict(REPORTED)
    for key in ("speaker", "claim_of", "responds_to"):
        del record[key]

    old = event_from_dict(record)

    assert (old.speaker, old.claim_of, old.responds_to) == (None, None, None)
    assert old == dataclasses.replace(REPORTED, speaker=None, claim_of=None, responds_to=None)


def test_the_flat_row_ends_with_the_speaker_and_the_links() -> None:
    row = event_to_row(REPORTED)

    assert list(row)[-6:] == [
        "speaker_code",
        "speaker_name",
        "speaker_country",
        "claim_of",
        "responds_to",
        "relevance",  # added after them: later fields go at the end
    ]
    assert (row["speaker_code"], row["speaker_name"], row["speaker_country"]) == (
        "JPN",
        "Japan",
        "JPN",
    )
    assert event_to_row(dataclasses.replace(REPORTED, speaker=None))["speaker_code"] is None


def test_recoding_participants_leaves_the_speaker_as_it_spoke() -> None:
    recoded = REPORTED.map_actors(lambda a: dataclasses.replace(a, code=a.code + "GOV"))

    assert code(recoded, "source") == "RUSGOV"
    assert recoded.speaker == JAPAN


# -- the real model -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coded() -> dict[str, list[Event]]:
    sentences = {
        "nested": "Japan accused North Korea of firing two ballistic missiles into the Sea of "
        "Japan, the Japanese defense ministry said.",
        "quoted": "Interfax quoted Lavrov as saying that Russia would retaliate against NATO.",
        "according": "Russia attacked Ukraine, according to the Pentagon.",
        "belousov": "Belousov said the two militaries share a common understanding.",
    }
    return {key: newsevents.code(text, "2024-10-15") for key, text in sentences.items()}


@pytest.mark.model
def test_a_reported_accusation_and_its_claim_have_different_speakers(
    coded: dict[str, list[Event]],
) -> None:
    accusation = only(coded["nested"], "112")
    claimed = next(e for e in coded["nested"] if e.mode is Mode.CLAIMED)

    assert accusation.mode is Mode.REPORTED
    assert accusation.speaker is not None
    assert (accusation.speaker.country, "MIL" in accusation.speaker.sectors) == ("JPN", True)
    assert code(claimed, "source") == "PRK"
    assert code(claimed, "speaker") == "JPN"


@pytest.mark.model
def test_the_person_quoted_as_saying_is_the_speaker(coded: dict[str, list[Event]]) -> None:
    (retaliation,) = coded["quoted"]

    assert retaliation.speaker is not None
    assert "Lavrov" in retaliation.speaker.name and retaliation.speaker.country == "RUS"


@pytest.mark.model
def test_according_to_through_the_model(coded: dict[str, list[Event]]) -> None:
    (attack,) = coded["according"]

    assert attack.mode is Mode.REPORTED
    assert attack.speaker is not None and attack.speaker.country == "USA"


@pytest.mark.model
def test_belousovs_statement_is_no_event_of_belousov(coded: dict[str, list[Event]]) -> None:
    assert coded["belousov"] == []


@pytest.fixture(scope="module")
def sample(sample_article_path: Path, pipeline: newsevents.Pipeline) -> Document:
    (article,) = newsevents.read_articles([sample_article_path])
    assert isinstance(article, newsevents.Article)
    return pipeline(article)


def said_in(doc: Document, opening: str) -> list[Event]:
    return [e for e in doc.events if e.evidence.text.startswith(opening)]


@pytest.mark.model
def test_belousov_is_the_speaker_of_the_talks_he_said_he_held(sample: Document) -> None:
    (talks,) = [e for e in said_in(sample, "Belousov said he held") if e.cameo.startswith("04")]

    assert talks.speaker is not None
    assert (talks.speaker.name, talks.speaker.country) == ("Andrei Belousov", "RUS")


@pytest.mark.model
def test_a_trailing_belousov_said_attributes_the_agreement_to_him(sample: Document) -> None:
    (agreed,) = [e for e in said_in(sample, "Putin and Xi also agreed") if e.cameo[:2] == "03"]

    assert agreed.speaker is not None and agreed.speaker.name == "Andrei Belousov"


@pytest.mark.model
def test_the_minister_and_russia_are_the_speakers_of_their_statements(sample: Document) -> None:
    (ties,) = said_in(sample, "Russia and China working")
    standing = [e for e in said_in(sample, "Russia said last week") if e.source is not None]

    assert ties.speaker is not None and ties.speaker.code == "RUSGOVMIL"
    assert standing and all(code(e, "speaker") == "RUS" for e in standing)


@pytest.mark.model
def test_no_sample_event_is_a_reporting_verb_or_told_by_itself_against_its_quote(
    sample: Document,
) -> None:
    reporting = {"said", "saying", "cited", "stating", "reiterating", "adding"}
    assert not [e for e in sample.events if e.trigger.text in reporting]
    for event in sample.events:
        if event.speaker is None or event.mode is not Mode.REPORTED:
            continue
        quoted = {a.start for a in event.participants()}
        for other in sample.events:
            if other.sentence_index == event.sentence_index and other is not event:
                assert not (
                    other.source is not None
                    and other.source.start == event.speaker.start
                    and any(t.start in quoted for t in other.all_targets())
                ), (other, event)
