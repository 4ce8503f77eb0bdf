"""The screen: only sentences that can hold an event are parsed, and nothing else changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsevents import Settings, read_articles
from newsevents.actors import domestic
from newsevents.actors.domestic import focus_country, unparsed_states
from newsevents.actors.gazetteer import Gazetteer
from newsevents.actors.people import People
from newsevents.events.lexicon import Lexicon
from newsevents.nlp.model import load_model
from newsevents.nlp.screen import Screen, inflections
from newsevents.pipeline import Pipeline
from newsevents.types import Article, Document


@pytest.fixture(scope="module")
def screen() -> Screen:
    return Screen.for_model(load_model(Settings().model), Lexicon.builtin())


# -- inflected forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("ban", {"ban", "bans", "banned", "banning"}),
        ("seize", {"seize", "seizes", "seized", "seizing"}),
        ("carry", {"carries", "carried", "carrying"}),
        ("reach", {"reaches", "reached", "reaching"}),
        ("commit", {"committed", "committing"}),
        ("panic", {"panicked"}),
        ("talk", {"talks"}),
        ("ally", {"allies"}),
    ],
)
def test_regular_inflections(lemma: str, forms: set[str]) -> None:
    assert forms <= inflections(lemma)


def test_irregular_forms_come_from_the_models_lemmatizer(screen: Screen) -> None:
    assert screen.keeps(["troops", "fought", "rebels"])
    assert screen.keeps(["they", "sought", "talks"])
    assert not screen.keeps(["the", "weather", "was", "fine"])


@pytest.mark.model
def test_every_trigger_the_model_lemmatises_in_real_sentences_is_recognised(
    screen: Screen, shared_dir: Path
) -> None:
    """Over real news sentences, every word the model lemmatises to a trigger head that needs
    no other word keeps its sentence; a form the screen missed would lose those events."""
    gold = shared_dir / "eval" / "multicoped" / "train_class.jsonl"
    with gold.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f][:600]
    alone = {t.head for t in Lexicon.builtin() if t.kind in ("verb", "noun") and not t.extras}
    missed = set()
    for doc in load_model(Settings().model).pipe(texts, disable=["parser", "ner"]):
        for tok in doc:
            if tok.lemma_.lower() in alone and not screen.keeps([tok.lower_]):
                missed.add((tok.text, tok.lemma_))
    assert not missed, f"forms the screen does not know: {sorted(missed)[:20]}"


# -- which sentences are kept -----------------------------------------------------------------


def test_a_sentence_with_a_trigger_is_kept_and_one_without_is_blanked(screen: Screen) -> None:
    text = "The weather was mild in the capital. Russia accused Ukraine of shelling the plant."
    result = screen(text)
    assert result.unparsed == ((0, 36),)
    assert result.text[37:] == text[37:]
    assert result.text[:36].strip() == ""
    assert result.kept_words < result.words


def test_multiword_rows_need_their_other_words(screen: Screen) -> None:
    # "be skeptical" is a row; "is" alone must not keep a sentence
    assert not screen.keeps(["the", "harbour", "is", "large"])
    assert screen.keeps(["moscow", "is", "skeptical"])


def test_the_demand_cue_keeps_a_sentence_without_a_trigger(screen: Screen) -> None:
    assert screen.keeps(["the", "minister", "said", "iran", "must", "comply"])


def test_abbreviations_do_not_split_a_sentence(screen: Screen) -> None:
    text = "The U.S. envoy met Mr. Lavrov in Geneva. The hotel was quiet."
    result = screen(text)
    assert result.text.startswith("The U.S. envoy met Mr. Lavrov in Geneva.")
    assert [text[a:b] for a, b in result.unparsed] == ["The hotel was quiet."]


def test_a_name_in_a_kept_sentence_keeps_the_sentence_that_introduced_it(
    screen: Screen,
) -> None:
    text = (
        "Adm Thad Allen, the Coast Guard commander, spoke in New Orleans.\n\n"
        "The weather was calm.\n\n"
        "Adm Allen refused to give a timescale."
    )
    result = screen(text)
    assert [text[a:b] for a, b in result.unparsed] == ["The weather was calm."]


def test_a_pronoun_keeps_the_sentence_before(screen: Screen) -> None:
    text = "The weather was calm. The minister was tired. He met officials."
    blanked = [text[a:b] for a, b in screen(text).unparsed]
    assert blanked == ["The weather was calm."]
    without_pronoun = text.replace("He", "Officials")
    blanked = [without_pronoun[a:b] for a, b in screen(without_pronoun).unparsed]
    assert blanked == ["The weather was calm.", "The minister was tired."]


def test_they_and_it_keep_the_sentence_before(screen: Screen) -> None:
    """ "They" and "its" are resolved through the sentence before, as "he" is."""
    for pronoun in ("They", "Its troops"):
        text = f"The weather was calm. The rebels entered the city. {pronoun} attacked officials."
        blanked = [text[a:b] for a, b in screen(text).unparsed]
        assert blanked == ["The weather was calm."]


def test_paragraphs_end_sentences_and_blanks_start_new_ones(screen: Screen) -> None:
    text = "The weather was calm\n\nRussia attacked Kyiv"
    result = screen(text)
    assert result.text.endswith("\n\nRussia attacked Kyiv")
    assert result.text.startswith("\n\n")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Russia attacked Kyiv.",
                "The weather was calm.",
                "He said so!",
                "Officials met in Paris?",
                "\n\n",
                " ",
                "\n",
                '"It rained," she said.',
                "Mr. Smith of the U.S. was there.",
                "prices fell",
                "ÄÖ ünïcödé…",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_blanking_keeps_offsets_line_breaks_and_kept_text(text: str) -> None:
    screen = Screen.for_model(load_model(Settings().model), Lexicon.builtin())
    result = screen(text)
    assert len(result.text) == len(text)
    blanked = [False] * len(text)
    previous_end = 0
    for start, end in result.unparsed:
        assert previous_end <= start < end <= len(text)
        previous_end = end
        for i in range(start, end):
            blanked[i] = True
            assert result.text[i].isspace()
    for i, (a, b) in enumerate(zip(text, result.text, strict=True)):
        if a == "\n":
            assert b == "\n"
        elif not blanked[i]:
            assert a == b
    assert 0 <= result.kept_words <= result.words


#: Pieces of text whose tokens depend on their neighbours: contractions (the tokenizer's
#: special cases set a norm), quotes, abbreviations, runs of spaces, text against a full stop.
PIECES = [
    "Russia attacked Kyiv.",
    "The weather wasn't calm.",
    "He said so!",
    "  Officials met in Paris?",
    "\n\n",
    " ",
    "   ",
    "\n",
    " \n ",
    '"It rained," she said.',
    "Mr. Smith of the U.S. was there.",
    "prices fell",
    "end.The",
    "They're gonna protest.",
    "ÄÖ ünïcödé…",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
@example('The weather wasn\'t calm."It rained," she said.He said so!Russia attacked Kyiv.')
def test_the_screens_doc_is_what_the_tokenizer_makes_of_the_blanked_text(text: str) -> None:
    nlp = load_model(Settings().model)
    result = Screen.for_model(nlp, Lexicon.builtin())(text)
    rebuilt, tokenized = result.doc(), nlp.tokenizer(result.text)

    def tokens(doc: object) -> list[tuple[object, ...]]:
        return [(t.text, t.whitespace_, t.idx, t.norm_) for t in doc]  # type: ignore[attr-defined]

    assert rebuilt.text == result.text
    assert tokens(rebuilt) == tokens(tokenized)


@pytest.mark.model
def test_the_screens_doc_matches_the_tokenizer_on_the_examples(
    examples_dir: Path, sample_article_path: Path, screen: Screen
) -> None:
    nlp = load_model(Settings().model)
    articles = [
        a for a in read_articles([examples_dir, sample_article_path]) if isinstance(a, Article)
    ]
    blanked = 0
    for article in articles:
        # The examples keep every sentence; sentences with no event between them are blanked.
        text = article.text.replace("\n\n", "\n\nThe weather wasn't calm in the spring.  \n\n")
        result = screen(text)
        blanked += bool(result.unparsed)
        rebuilt, tokenized = result.doc(), nlp.tokenizer(result.text)
        assert [(t.text, t.idx, t.norm_) for t in rebuilt] == [
            (t.text, t.idx, t.norm_) for t in tokenized
        ]
    assert blanked > 0


# -- the pipeline with the screen ------------------------------------------------------------


@pytest.mark.model
def test_the_screen_changes_no_event_of_the_examples(
    examples_dir: Path, sample_article_path: Path
) -> None:
    inputs = [examples_dir, sample_article_path]
    articles = [a for a in read_articles(inputs) if isinstance(a, Article)]

    def events(screen_on: bool) -> set[tuple[object, ...]]:
        pipeline = Pipeline(Settings(screen=screen_on))
        return {
            (e.doc_id, e.trigger.start, e.cameo, e.source and e.source.code, e.mode)
            for doc in pipeline.pipe(articles)
            for e in doc.events
        }

    with_screen = events(True)
    assert with_screen == events(False)
    assert len(with_screen) > 30


@pytest.mark.model
def test_documents_record_what_was_not_parsed() -> None:
    text = "Prices of bread rose again in the spring.\n\nRussia attacked Ukraine on Tuesday."
    article = Article(id="a", date=dt.date(2024, 5, 1), text=text)
    doc = next(Pipeline(Settings()).pipe([article]))
    assert [text[a:b] for a, b in doc.unparsed] == ["Prices of bread rose again in the spring."]
    assert all(t.text.isspace() for t in doc.tokens if t.idx < 41)
    assert [e.cameo[:2] for e in doc.events] == ["19"]
    assert next(Pipeline(Settings(screen=False)).pipe([article])).unparsed == ()


def test_unparsed_text_counts_for_the_articles_main_country() -> None:
    text = "Syria's army shelled Homs. Damascus denied it. Syrian officials met. Police fired."
    doc = Document(
        article=Article(id="x", date=dt.date(2012, 2, 1), text=text), unparsed=((0, 69),)
    )
    assert sorted(unparsed_states(doc)) == ["SYR", "SYR", "SYR"]
    assert focus_country(doc) == "SYR"


def test_people_named_in_unparsed_text_count_for_their_country() -> None:
    text = "President Hosni Mubarak spoke on television. Mubarak left Cairo."
    doc = Document(
        article=Article(id="y", date=dt.date(2011, 2, 1), text=text), unparsed=((0, len(text)),)
    )
    assert sorted(unparsed_states(doc)) == ["EGY", "EGY", "EGY"]


def _per_token_unparsed_states(doc: Document) -> list[str]:
    """The scan as it was before "the" was screened: every "the" and capitalised word looked up
    (the reference the faster scan must equal)."""
    gazetteer, people = Gazetteer.builtin(), People.builtin()
    text = doc.article.text
    found: list[str] = []
    for start, end in doc.unparsed:
        words = domestic._WORDS.findall(text[start:end])
        i = 0
        while i < len(words):
            word = words[i]
            if not (word[:1].isupper() or (word == "the" and words[i + 1 : i + 2] != [])):
                i += 1
                continue
            match = gazetteer.match_at(words, i)
            if match is not None:
                n, entry = match
                if entry.kind in domestic._STATE_KINDS and domestic._is_state(entry.country):
                    found.append(str(entry.country))
                i += n
                continue
            n, country = domestic._person_at(people, words, i, doc)
            if country is not None:
                found.append(country)
            i += n
    return found


#: Words around names, and the words the gazetteer's normalisation treats specially.
SCAN_WORDS = [
    "the",
    "The",
    "THE",
    "Syria",
    "Syrian",
    "Damascus",
    "Kremlin",
    "Korea",
    ",",
    "Republic",
    "of",
    "North",
    "South",
    "United",
    "States",
    "U.S.",
    "US",
    "us",
    "Guinea",
    "-",
    "Bissau",
    "'s",
    "'",
    "’s",
    "Hosni",
    "Mubarak",
    "President",
    "army",
    "said",
    ".",
    "Foreign",
    "Ministry",
    "al",
    "Qaeda",
    "Élysée",
    "Cote",
    "d'Ivoire",
    "People",
    "Liberation",
    "Army",
    "Islamic",
    "State",
    "and",
    "\n\n",
    "Assad",
    "Bashar",
    "al-Assad",
    "Hague",
    "Congo",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SCAN_WORDS), max_size=16).map(" ".join), max_size=4))
def test_the_unparsed_text_scan_equals_the_per_token_scan(parts: list[str]) -> None:
    text = ""
    spans: list[tuple[int, int]] = []
    for part in parts:
        text += "Police fired. "
        spans.append((len(text), len(text) + len(part)))
        text += part + " "
    doc = Document(
        article=Article(id="p", date=dt.date(2011, 2, 1), text=text), unparsed=tuple(spans)
    )
    assert list(unparsed_states(doc)) == _per_token_unparsed_states(doc)


@pytest.mark.model
def test_the_unparsed_text_scan_equals_the_per_token_scan_on_the_examples(
    examples_dir: Path, sample_article_path: Path
) -> None:
    articles = [
        a for a in read_articles([examples_dir, sample_article_path]) if isinstance(a, Article)
    ]
    states = 0
    for article in articles:
        # Every sentence of the examples holds an event: scan all their text as unparsed.
        doc = Document(article=article, unparsed=((0, len(article.text)),))
        expected = _per_token_unparsed_states(doc)
        assert list(unparsed_states(doc)) == expected
        states += len(expected)
    assert states > 0
