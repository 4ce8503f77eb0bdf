"""The actors stage on hand-built parses: names, titles, apposition, memory, pronouns."""

from __future__ import annotations

from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.types import Actor, Document

resolve = ActorResolver()


def actor_at(doc: Document, head: int) -> Actor | None:
    for mention in resolve(doc).mentions:
        if mention.head == head:
            return mention.actor
    return None


def test_country_name_resolves_through_the_gazetteer() -> None:
    doc = build(["Russia Russia PROPN nsubj 2 GPE", "protested protest VERB ROOT 0"])
    actor = actor_at(doc, 0)
    assert actor is not None
    assert (actor.code, actor.country, actor.name, actor.via) == (
        "RUS",
        "RUS",
        "Russia",
        "gazetteer",
    )


def test_seat_of_power_carries_its_sector() -> None:
    doc = build(["the the DET det 2", "Kremlin Kremlin PROPN nsubj 3 ORG", "said say VERB ROOT 0"])
    actor = actor_at(doc, 1)
    assert actor is not None and actor.code == "RUSGOV"


def test_demonym_and_title_give_country_and_sectors() -> None:
    doc = build(
        [
            "the the DET det 4",
            "Russian russian ADJ amod 4 NORP",
            "defense defense NOUN compound 4",
            "minister minister NOUN nsubj 5",
            "said say VERB ROOT 0",
        ]
    )
    actor = actor_at(doc, 3)
    assert actor is not None
    assert actor.country == "RUS"
    assert set(actor.sectors) >= {"GOV", "MIL"}
    assert actor.code.startswith("RUSGOV")


def test_plain_nouns_are_not_actors() -> None:
    doc = build(["the the DET det 2", "criticism criticism NOUN nsubj 3", "grew grow VERB ROOT 0"])
    assert actor_at(doc, 1) is None


def test_person_takes_country_and_sector_from_an_of_phrase_in_apposition() -> None:
    # "Zhang Youxia, vice chairman of China's Central Military Commission, spoke."
    doc = build(
        [
            "Zhang Zhang PROPN compound 2 PERSON",
            "Youxia Youxia PROPN nsubj 13 PERSON",
            ", , PUNCT punct 2",
            "vice vice NOUN compound 5",
            "chairman chairman NOUN appos 2",
            "of of ADP prep 5",
            "China China PROPN poss 11 GPE",
            "'s 's PART case 7",
            "Central Central PROPN compound 11 ORG",
            "Military Military PROPN compound 11 ORG",
            "Commission Commission PROPN pobj 6 ORG",
            ", , PUNCT punct 2",
            "spoke speak VERB ROOT 0",
        ]
    )
    actor = actor_at(doc, 1)
    assert actor is not None
    assert actor.country == "CHN"
    assert "MIL" in actor.sectors
    assert actor.name == "Zhang Youxia"


def test_later_surname_resolves_through_the_article_memory() -> None:
    doc = build(
        [
            "Russian russian ADJ amod 4 NORP",
            "Minister minister PROPN compound 4",
            "Ivan Ivan PROPN compound 4 PERSON",
            "Petrovsky Petrovsky PROPN nsubj 5 PERSON",
            "spoke speak VERB ROOT 0",
        ],
        ["Petrovsky Petrovsky PROPN nsubj 2 PERSON", "left leave VERB ROOT 0"],
    )
    first = actor_at(doc, 3)
    later = actor_at(doc, 5)
    assert first is not None and later is not None
    assert later.country == "RUS" == first.country
    assert later.via == "context"  # the article itself said who he is
    assert later.name == "Ivan Petrovsky"


def test_well_known_person_resolves_without_a_title() -> None:
    doc = build(["Putin Putin PROPN nsubj 2 PERSON", "spoke speak VERB ROOT 0"])
    actor = actor_at(doc, 0)
    assert actor is not None
    assert (actor.country, actor.via, actor.name) == ("RUS", "dictionary", "Vladimir Putin")


def test_pronoun_subject_of_reported_clause_is_the_speaker() -> None:
    # "Russia said it would help."
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "said say VERB ROOT 0",
            "it it PRON nsubj 5",
            "would would AUX aux 5",
            "help help VERB ccomp 2",
        ]
    )
    actor = actor_at(doc, 2)
    assert actor is not None and actor.country == "RUS"


def test_pronoun_without_a_speaker_is_left_unresolved() -> None:
    doc = build(["It it PRON nsubj 2", "rained rain VERB ROOT 0"])
    assert actor_at(doc, 0) is None


def test_organisation_modifier_makes_the_organisation_the_actor() -> None:
    doc = build(
        [
            "Hezbollah Hezbollah PROPN compound 2 ORG",
            "fighters fighter NOUN nsubj 3",
            "attacked attack VERB ROOT 0",
        ]
    )
    actor = actor_at(doc, 1)
    assert actor is not None
    assert actor.country == "LBN"
    assert actor.name == "Hezbollah fighters" or actor.name == "Hezbollah"


def test_lowercase_common_words_are_not_countries() -> None:
    doc = build(["turkey turkey NOUN nsubj 2", "roasted roast VERB ROOT 0"])
    assert actor_at(doc, 0) is None


def test_mentions_keep_offsets_into_the_article() -> None:
    doc = build(["Moscow Moscow PROPN nsubj 2 GPE", "warned warn VERB ROOT 0"])
    out = resolve(doc)
    (mention,) = [m for m in out.mentions if m.head == 0]
    assert out.article.text[mention.start : mention.end] == "Moscow"
    assert "actors" in out.stages


def test_a_term_that_ends_at_the_head_makes_an_actor() -> None:
    # "driver" alone is no actor, "taxi driver" is (CVL)
    doc = build(
        [
            "taxi taxi NOUN compound 2",
            "drivers driver NOUN nsubj 3",
            "protested protest VERB ROOT 0",
        ]
    )
    actor = actor_at(doc, 1)
    assert actor is not None and actor.sectors == ("CVL",)
    lone = build(["drivers driver NOUN nsubj 2", "protested protest VERB ROOT 0"])
    assert actor_at(lone, 0) is None


def test_a_group_noun_takes_the_sectors_of_its_possessor() -> None:
    # "the Russian president's spokesman said": the spokesman speaks for the presidency
    doc = build(
        [
            "the the DET det 3",
            "Russian russian ADJ amod 3 NORP",
            "president president NOUN poss 5",
            "'s 's PART case 3",
            "spokesman spokesman NOUN nsubj 6",
            "said say VERB ROOT 0",
        ]
    )
    actor = actor_at(doc, 4)
    assert actor is not None and (actor.country, actor.sectors) == ("RUS", ("GOV",))
