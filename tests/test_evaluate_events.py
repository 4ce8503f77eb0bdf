"""Scoring the event coder against event-level gold (``newsevents evaluate`` on event gold)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsevents.cli import cli
from newsevents.errors import InputError
from newsevents.evaluate.event_gold import read_event_gold
from newsevents.evaluate.formats import detect_format, gold_environment
from newsevents.evaluate.gold import Aspect, GoldEvent, GoldItem, LabelItem, NotScored, SpanItem
from newsevents.evaluate.multicoped import (
    detokenize,
    pentaclass,
    read_multicoped_classes,
    read_multicoped_spans,
)
from newsevents.evaluate.petrarch_xml import petrarch_environment, read_petrarch_xml
from newsevents.evaluate.plover_csv import read_plover_csv
from newsevents.evaluate.report import NONE, RunInfo, Score
from newsevents.evaluate.scoring import main_event, score_events, score_labels, score_spans
from newsevents.types import Actor, Event, Mode, Precision, Span, TimeRef

DAY = dt.date(2024, 5, 20)
RUN = RunInfo("gold", "events", 0)
NAMES = {
    "RUS": "Russia",
    "UKR": "Ukraine",
    "CHN": "China",
    "EGY": "Egypt",
    "QAT": "Qatar",
    "ISR": "Israel",
    "PSE": "Palestine",
}


def actor(country: str | None, start: int = -1, end: int = -1, code: str = "") -> Actor:
    name = NAMES.get(country or "", "someone")
    return Actor(name, name, code or country or "GOV", country, (), start, end)


def event(
    cameo: str,
    source: Actor | str | None = None,
    target: Actor | str | None = None,
    *,
    mode: Mode = Mode.ASSERTED,
    at: int = 0,
    confidence: float = 0.5,
    quad_class: int = 4,
    plover: str = "",
    sources: tuple[Actor, ...] = (),
    targets: tuple[Actor, ...] = (),
    reciprocal: bool = False,
) -> Event:
    """A hand-built event; the trigger's offset ``at`` gives its place in the text."""
    src = actor(source) if isinstance(source, str) else source
    tgt = actor(target) if isinstance(target, str) else target
    return Event(
        doc_id="d",
        doc_date=DAY,
        sentence_index=0,
        source=src,
        target=tgt,
        cameo=cameo,
        cameo_name="",
        plover=plover,
        quad_class=quad_class,
        goldstein=0.0,
        event_date=TimeRef(DAY, DAY, Precision.PUBLICATION),
        evidence=Span("", 0, 0),
        trigger=Span("t", at, at + 1),
        mode=mode,
        confidence=confidence,
        sources=sources,
        targets=targets,
        reciprocal=reciprocal,
    )


def gold(*events: GoldEvent, aspects: frozenset[Aspect] = frozenset(Aspect)) -> GoldItem:
    return GoldItem("i", DAY, "text", tuple(events), "gold.jsonl:1", aspects)


def g(
    source: str | None,
    target: str | None,
    code: str | None,
    plover: str | None = None,
    mode: str | None = None,
) -> GoldEvent:
    return GoldEvent(source, target, code, plover, mode)


# -- metrics ------------------------------------------------------------------------------------


def test_events_are_matched_as_multisets_per_item() -> None:
    item = gold(g("RUS", "UKR", "190"), g("RUS", "UKR", "193"), g("UKR", "RUS", "111"))
    report = score_events(
        [(item, [event("190", "RUS", "UKR"), event("120", "UKR", "RUS")])], run=RUN
    )
    root = report.aspect("root")
    assert root is not None and root.score == Score(gold=3, coded=2, matched=1)
    dyad = report.aspect("dyad")
    assert dyad is not None and dyad.score == Score(gold=3, coded=2, matched=2)
    triple = report.aspect("triple")
    assert triple is not None and triple.score == Score(gold=3, coded=2, matched=1)
    by_root = {t.type: t.score for t in root.by_type}
    assert by_root["19"] == Score(2, 1, 1) and by_root["11"] == Score(1, 0, 0)
    assert by_root["12"] == Score(0, 1, 0)
    assert report.passed == 0 and report.complete == 0
    (miss,) = report.misses
    assert miss.missed == ("RUS→UKR 193", "UKR→RUS 111") and miss.spurious == ("UKR→RUS 120",)


def test_items_pass_only_when_coded_events_are_exactly_the_gold_ones() -> None:
    exact = gold(g("RUS", "UKR", "190"))
    extra = gold(g("RUS", "UKR", "190"))
    empty = gold()
    report = score_events(
        [
            (exact, [event("193", "RUS", "UKR")]),  # same root: a match
            (extra, [event("190", "RUS", "UKR"), event("111", "UKR", None)]),
            (empty, []),
        ],
        run=RUN,
    )
    assert report.run.items == 3
    assert report.passed == 2 and report.complete == 3
    assert report.to_dict()["items_passed"] == {"n": 2, "of": 3, "share": 0.667}


def test_every_dyad_of_a_multi_participant_event_counts() -> None:
    rus, chn = actor("RUS"), actor("CHN")
    talks = event("046", chn, rus, reciprocal=True, sources=(chn, rus), targets=(chn, rus))
    egy, qat, isr, pse = (actor(c) for c in ("EGY", "QAT", "ISR", "PSE"))
    mediation = event("043", egy, isr, sources=(egy, qat), targets=(isr, pse))
    item = gold(
        g("RUS", "CHN", "046"),
        g("CHNGOV", "RUS", "046"),
        *(g(s, t, "043") for s in ("EGY", "QAT") for t in ("ISR", "PSE")),
    )
    report = score_events([(item, [talks, mediation])], run=RUN)
    triple = report.aspect("triple")
    assert triple is not None and triple.score == Score(gold=6, coded=6, matched=6)
    assert report.passed == 1


def test_modes_the_gold_does_not_code_are_left_out_on_both_sides() -> None:
    item = gold(g("RUS", "UKR", "190"), g("UKR", "RUS", "190", mode="negated"))
    events = [event("190", "RUS", "UKR"), event("190", "UKR", "RUS", mode=Mode.NEGATED)]
    default = score_events([(item, events)], run=RUN)
    triple = default.aspect("triple")
    assert triple is not None and triple.score == Score(1, 1, 1)
    both = score_events([(item, events)], modes=(Mode.ASSERTED, Mode.NEGATED), run=RUN)
    triple = both.aspect("triple")
    assert triple is not None and triple.score == Score(2, 2, 2)
    future = score_events([(gold(), [event("190", "RUS", "UKR", mode=Mode.FUTURE)])], run=RUN)
    assert future.passed == 0  # announced events count by default: the gold codes them


def test_actors_are_compared_by_country() -> None:
    item = gold(g("RUSGOV", "---", "190"), g("---GOV", '"INJURY TOLL"', "112"))
    events = [
        event("190", actor("RUS", code="RUSMIL"), None),
        event("112", actor(None, code="GOV"), actor(None, code="COP")),
    ]
    report = score_events([(item, events)], run=RUN)
    assert report.passed == 1


def test_items_without_cameo_codes_are_scored_on_plover_and_dyads_only() -> None:
    item = gold(g("RUS", "UKR", None, "ASSAULT"), aspects=frozenset({Aspect.PLOVER, Aspect.DYAD}))
    report = score_events([(item, [event("190", "RUS", "UKR", plover="ASSAULT")])], run=RUN)
    assert [a.aspect for a in report.aspects] == ["plover", "dyad"]
    assert report.passed == 1
    assert report.confusion.cells == ()


def test_the_root_confusion_pairs_events_by_root_then_by_dyad() -> None:
    item = gold(g("RUS", "UKR", "190"), g("USA", "IRN", "112"), g("CHN", "TWN", "138"))
    events = [event("180", "RUS", "UKR"), event("112", "USA", "IRN"), event("040", "FRA", "DEU")]
    report = score_events([(item, events)], run=RUN)
    c = report.confusion
    assert c.count("19", "18") == 1 and c.count("11", "11") == 1
    assert c.count("13", NONE) == 1 and c.count(NONE, "04") == 1
    table = "\n".join(c.to_markdown())
    assert "| 11 |" in table and "**1**" in table


def test_scores_are_undefined_without_events_and_zero_when_one_side_is_empty() -> None:
    assert Score().f1 is None and Score().precision is None
    assert Score(gold=2).f1 == 0.0 and Score(gold=2).precision is None
    assert Score(2, 4, 1).precision == 0.25 and Score(2, 4, 1).recall == 0.5
    assert Score(2, 4, 1).f1 == pytest.approx(1 / 3)


def test_coarse_classes_follow_the_dataset_definition() -> None:
    assert pentaclass(event("020", quad_class=1)) == "0"
    assert pentaclass(event("040", quad_class=1)) == "1"
    assert pentaclass(event("090", quad_class=3)) == "3"
    assert pentaclass(event("140", quad_class=4)) == "4"


def test_label_scores_use_the_main_event() -> None:
    first = event("190", "RUS", "UKR", at=0, confidence=0.4, quad_class=4)
    second = event("040", "RUS", "UKR", at=10, confidence=0.9, quad_class=1)
    negated = event("190", "RUS", "UKR", at=0, mode=Mode.NEGATED, quad_class=4)
    assert main_event([second, first]) is first
    assert main_event([first, second], rule="confident") is second
    assert main_event([negated]) is None
    items = [
        (LabelItem("a", None, "t", "4", "f:1"), [second, first]),
        (LabelItem("b", None, "t", "1", "f:2"), [first]),
        (LabelItem("c", None, "t", "1", "f:3"), [negated]),
    ]
    report = score_labels(items, label_of=pentaclass, run=RUN, title="x")
    assert report.correct == 1 and report.no_event == 1 and report.anywhere == 1
    assert report.accuracy == pytest.approx(1 / 3)
    by = {t.type: t.score for t in report.by_label}
    assert by["4"] == Score(1, 2, 1) and by["1"] == Score(2, 0, 0)
    assert report.macro_f1 == pytest.approx((2 / 3 + 0) / 2)
    assert report.confusion.count("1", NONE) == 1
    assert [m.id for m in report.misses] == ["b", "c"]


def test_span_agreement_counts_tokens_of_the_main_events_actors() -> None:
    text, offsets = detokenize(["Russian", "troops", "shelled", "Kharkiv", "."])
    item = SpanItem(
        "s",
        None,
        text,
        ("Russian", "troops", "shelled", "Kharkiv", "."),
        offsets,
        source=frozenset({0, 1}),
        target=frozenset({3}),
        mutual=frozenset(),
        origin="f:1",
    )
    troops = actor("RUS", 8, 14)  # "troops" only
    report = score_spans([(item, [event("190", troops, None)])], run=RUN)
    source, target = report.side("source"), report.side("target")
    assert source is not None and target is not None
    assert (source.gold, source.found, source.overlap) == (1, 1, 1)
    assert source.tokens == Score(gold=2, coded=1, matched=1)
    assert (target.gold, target.found, target.overlap) == (1, 0, 0)
    assert [m.side for m in report.misses] == ["target"]


def test_mutual_spans_count_on_both_sides() -> None:
    tokens = ("Erdogan", "will", "meet", "Mattarella")
    text, offsets = detokenize(tokens)
    item = SpanItem(
        "s", None, text, tokens, offsets, frozenset(), frozenset(), frozenset({0, 3}), "f:1"
    )
    tur, ita = actor("TUR", 0, 7), actor("ITA", 18, 28)
    report = score_spans([(item, [event("036", tur, ita, mode=Mode.FUTURE)])], run=RUN)
    assert [s.overlap for s in report.sides] == [1, 1]


# -- readers ------------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_our_gold_format_and_bad_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gold.jsonl",
        '{"id": "a", "date": "20080806", "text": "Russia attacked Ukraine.",'
        ' "events": [{"source": "RUSMIL", "target": "UKR", "cameo": "190"}]}\n'
        "not json\n"
        '{"id": "b", "text": "x", "events": [{"source": "RUS", "target": null}]}\n'
        '{"id": "c", "text": "y", "events": [{"source": "RUS", "cameo": "19x"}]}\n'
        '{"id": "d", "text": " ", "events": []}\n'
        '{"id": "e", "text": "z", "events": [{"source": "", "target": "ISR", "plover": "aid",'
        ' "mode": "Future"}]}\n'
        '{"id": "f", "text": "q", "events": [], "expected_error": ["dateline"]}\n'
        '{"id": "g", "text": "w", "events": [{"source": "USA", "cameo": "021",'
        ' "plover_2021": null}, {"source": "USA", "plover_2021": "ACCUSE"}]}\n',
    )
    a, bad, b, c, d, e, f, gg = read_event_gold(path)
    assert isinstance(a, GoldItem) and a.date == dt.date(2008, 8, 6)
    assert a.events == (GoldEvent("RUSMIL", "UKR", "190", "ASSAULT"),)
    assert a.events[0].source_country == "RUS" and a.aspects == frozenset(Aspect)
    assert isinstance(bad, InputError) and bad.origin == f"{path}:2"
    assert isinstance(b, InputError) and "neither" in b.reason
    assert isinstance(c, InputError) and "19x" in c.reason
    assert isinstance(d, InputError) and d.origin == f"{path}:5"
    assert isinstance(e, GoldItem) and e.events == (GoldEvent(None, "ISR", None, "AID", "future"),)
    assert e.aspects == {Aspect.PLOVER, Aspect.DYAD}
    assert isinstance(f, NotScored)
    # plover_2021 is the 2021 table's; the CAMEO code's own type wins over it
    assert isinstance(gg, GoldItem) and [x.plover for x in gg.events] == ["REQUEST", "ACCUSE"]


PETRARCH_XML = """<?xml version="1.0"?>
<Validation>
<!-- a comment with <Sentence> inside -->
<Environment>
    <Verbfile>V.verbs.txt</Verbfile>
    <Actorfile>V.actors.txt</Actorfile>
    <Agentfile>V.agents.txt</Agentfile>
</Environment>
<Sentences>
<Sentence date="19950101" id="A-1" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GONGOV" eventcode="064"></EventCoding>
<EventCoding sourcecode='"THE MINISTRY"' targetcode="---" eventcode="174K"></EventCoding>
<Text>
Arnor restored ties
with &amp; Gondor.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Sentence date="19950101" id="A-2" category="DEMO">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
<Sentence date="19950101" id="A-3" category="ERROR">
<EventCoding error="dateline"></EventCoding>
<Text>CEBU CITY: -- something.</Text>
</Sentence>
<Sentence date="19950101" id="A-4" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="abc"></EventCoding>
<Text>Bad code.</Text>
</Sentence>
<Sentence date="19950101" id="A-5" category="DEMO">
<Skip></Skip>
<Text>Skipped.</Text>
</Sentence>
<Sentence date="19950101" id="A-6" category="DEMO">
<Text>No coding means no events.</Text>
</Sentence>
<Sentence date="19950101" id="A-7" category="DEMO">
<Stop></Stop>
<Text>Stop here.</Text>
</Sentence>
<Sentence date="19950101" id="A-8" category="DEMO">
<EventCoding noevents="True"></EventCoding>
<Text>Never read.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_validation_records(tmp_path: Path) -> None:
    path = write(tmp_path / "V.records.xml", PETRARCH_XML)
    first, empty, error, bad, uncoded = read_petrarch_xml(path)
    assert isinstance(first, GoldItem) and first.id == "A-1"
    assert first.text == "Arnor restored ties with & Gondor."
    assert first.origin == f"{path}:10" and first.date == dt.date(1995, 1, 1)
    assert [(e.source_country, e.target_country, e.root) for e in first.events] == [
        ("ARN", "GON", "06"),
        (None, None, "17"),
    ]
    assert isinstance(empty, GoldItem) and empty.events == ()
    assert isinstance(error, NotScored)
    assert isinstance(bad, InputError) and bad.origin == f"{path}:27" and "abc" in bad.reason
    assert isinstance(uncoded, GoldItem) and uncoded.id == "A-6" and uncoded.events == ()


def test_a_petrarch_file_that_is_not_xml_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.xml", "<Validation><Sentences><Sentence>\n</Validation>")
    with pytest.raises(InputError, match=r"broken\.xml:2"):
        list(read_petrarch_xml(path))


def test_the_dictionaries_a_petrarch_file_names_are_found_beside_it(tmp_path: Path) -> None:
    path = write(tmp_path / "V.records.xml", PETRARCH_XML)
    (tmp_path / "dictionaries").mkdir()
    actors = write(tmp_path / "dictionaries" / "V.actors.txt", "ARNOR [ARN]\n")
    verbs = write(tmp_path / "V.verbs.txt", "")
    env = petrarch_environment(path)
    assert env.actors == (actors,) and env.verbs == verbs and env.missing == ("V.agents.txt",)
    copy = write(
        tmp_path / "copy.jsonl",
        '{"file": "x/text/V.records.xml", "text": "t", "events": []}\n',
    )
    assert detect_format(copy) == "events"
    environment = gold_environment(copy, "events")
    assert environment is not None and environment.actors == (actors,)


def test_multicoped_classes_and_spans(tmp_path: Path) -> None:
    classes = write(
        tmp_path / "class.jsonl",
        '{"id": "train-0", "text": "A car bomb killed two.", "pentaclass": 4}\n'
        '{"id": "train-1", "text": "x", "pentaclass": 7}\n',
    )
    good, bad = read_multicoped_classes(classes)
    assert isinstance(good, LabelItem) and good.label == "4"
    assert isinstance(bad, InputError) and bad.origin == f"{classes}:2"
    spans = write(
        tmp_path / "ner.jsonl",
        '{"id": "n0", "tokens": ["Baghdad", "’", "s", "rebel", "-", "held", "forces", "(", "X",'
        ' ")", "met", "Erdogan", "."], "tags": ["B-S", "I-S", "I-S", "I-S", "I-S", "I-S", "I-S",'
        ' "O", "O", "O", "O", "B-T", "O"]}\n'
        '{"id": "n1", "tokens": ["a", "b"], "tags": ["O"]}\n'
        '{"id": "n2", "tokens": ["a"], "tags": ["B-X"]}\n',
    )
    item, short, unknown = read_multicoped_spans(spans)
    assert isinstance(item, SpanItem)
    assert item.text == "Baghdad’s rebel-held forces (X) met Erdogan."
    assert all(item.text[s:e] == t for (s, e), t in zip(item.offsets, item.tokens, strict=True))
    assert item.source == frozenset(range(7)) and item.target == frozenset({11})
    assert isinstance(short, InputError) and "as long as" in short.reason
    assert isinstance(unknown, InputError) and "B-X" in unknown.reason


def test_plover_labelled_stories(tmp_path: Path) -> None:
    path = write(
        tmp_path / "stories.csv",
        "title,text,prompt,label,mode\n"
        '"Teachers in {country_1} Strike","Teachers walked out.\n\nThey want pay.",'
        '"Teachers in Haiti Strike\n\n(Reuters) --",PROTEST,STRIKE\n'
        'Plain title,"Police arrested ten.",,coerce,\n'
        '"T","",,ASSAULT,\n'
        '"T","Text",,not a type,\n',
    )
    first, second, empty, bad = read_plover_csv(path)
    assert isinstance(first, LabelItem) and first.label == "PROTEST"
    assert first.text.startswith("Teachers in Haiti Strike\n\nTeachers walked out.")
    assert isinstance(second, LabelItem) and second.text == "Plain title\n\nPolice arrested ten."
    assert second.label == "COERCE" and second.origin == f"{path}:7"
    assert isinstance(empty, InputError) and empty.origin == f"{path}:8"
    assert isinstance(bad, InputError) and "not a type" in bad.reason


def test_formats_are_detected_from_the_file(tmp_path: Path) -> None:
    cases = {
        "a.jsonl": '{"input": "FSB", "expect": {"country": "RUS"}}\n',
        "b.jsonl": '{"id": 1, "text": "t", "events": []}\n',
        "c.jsonl": '{"id": 1, "text": "t", "pentaclass": 0}\n',
        "d.jsonl": '{"id": 1, "text": "t", "tokens": ["t"], "tags": ["O"]}\n',
        "e.csv": "text,label\nt,PROTEST\n",
        "f.xml": PETRARCH_XML,
        "g.jsonl": '{"id": 1, "text": "t"}\n',
        "h.csv": "body,kind\nt,x\n",
    }
    found = {name: detect_format(write(tmp_path / name, text)) for name, text in cases.items()}
    assert found == {
        "a.jsonl": "actors",
        "b.jsonl": "events",
        "c.jsonl": "multicoped-class",
        "d.jsonl": "multicoped-spans",
        "e.csv": "plover-csv",
        "f.xml": "petrarch-xml",
        "g.jsonl": None,
        "h.csv": None,
    }


# -- the command --------------------------------------------------------------------------------


@pytest.mark.model
def test_the_evaluate_command_scores_event_gold(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gold.txt",  # not .jsonl: the format is read from the content
        '{"id": "a", "date": "2024-05-20", "text": "Russia attacked Ukraine.",'
        ' "events": [{"source": "RUS", "target": "UKR", "cameo": "190"}]}\n'
        '{"id": "b", "date": "2024-05-20", "text": "The weather was mild in Oslo.", "events": []}\n'
        "{broken\n",
    )
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--out", str(tmp_path / "r.v1")])
    assert result.exit_code == 0, result.output
    assert f"skipped {path}:3" in result.output
    report = json.loads((tmp_path / "r.v1.json").read_text(encoding="utf-8"))
    assert report["kind"] == "events" and report["run"]["items"] == 2 and report["run"]["bad"] == 1
    triple = next(a for a in report["aspects"] if a["aspect"] == "triple")
    assert (triple["gold"], triple["matched"]) == (1, 1)
    assert report["items_passed"]["n"] == 2
    markdown = (tmp_path / "r.v1.md").read_text(encoding="utf-8")
    assert "| triple (source, target, root) | 2 | 1 |" in markdown


@pytest.mark.model
def test_the_format_can_be_forced_and_limited(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gold.jsonl",
        '{"id": "a", "text": "Protesters clashed with police in Paris.", "pentaclass": 4}\n'
        '{"id": "b", "text": "China praised Russia.", "pentaclass": 1}\n',
    )
    result = CliRunner().invoke(
        cli, ["evaluate", str(path), "--format", "multicoped-class", "--limit", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "# Multi-CoPED class against gold" in result.output
    assert "1 items scored" in result.output


def test_the_evaluate_command_checks_its_options(tmp_path: Path) -> None:
    path = write(tmp_path / "gold.jsonl", '{"id": 1, "text": "t", "events": []}\n')
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--modes", "asserted,maybe"])
    assert result.exit_code == 2 and "maybe" in result.output
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--limit", "0"])
    assert result.exit_code == 2


# -- the shared sets ----------------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
SETS = {
    "universal-petrarch/petr2_gsr_validation.jsonl": ("events", "events"),
    "petrarch2/unittest_records.jsonl": ("events", "events"),
    "petrarch2/PETR.UnitTest.records.xml": ("petrarch-xml", "events"),
    "multicoped/train_class.jsonl": ("multicoped-class", "labels"),
    "multicoped/train_ner.jsonl": ("multicoped-spans", "spans"),
    "synthetic/gpt_synthetic_events_2023-10-19_19.csv": ("plover-csv", "labels"),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_shared_sets_are_read_without_bad_lines(name: str) -> None:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"{path} absent")
    fmt, _ = SETS[name]
    assert detect_format(path) == fmt
    from newsevents.evaluate.run import read_items

    values = list(read_items(path, fmt))
    bad = [v for v in values if isinstance(v, InputError)]
    # one UniversalPetrarch record (abc12_3) has an empty text
    assert len(bad) == (1 if name.startswith("universal") else 0), bad[:3]
    if name.startswith("petrarch2"):
        items = [v for v in values if isinstance(v, GoldItem)]
        assert len(items) == 277 and sum(len(i.events) for i in items) == 359


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(SETS))
def test_the_shared_sets_are_scored_end_to_end(name: str, tmp_path: Path) -> None:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"{path} absent")
    fmt, kind = SETS[name]
    result = CliRunner().invoke(
        cli, ["evaluate", str(path), "--limit", "3", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["kind"] == kind and report["run"]["format"] == fmt
    assert report["run"]["items"] == 3
    if name.startswith("petrarch2"):
        assert report["run"]["dictionaries"] == [
            "PETR.Validate.actors.txt",
            "PETR.Validate.agents.txt",
        ]
        assert report["run"]["lexicons"] == ["PETR.Validate.verbs.txt"]


@pytest.mark.model
def test_a_petrarch_set_can_be_coded_without_its_dictionaries(tmp_path: Path) -> None:
    path = SHARED / "petrarch2" / "PETR.UnitTest.records.xml"
    if not path.is_file():
        pytest.skip(f"{path} absent")
    args = ["evaluate", str(path), "--limit", "1", "--no-set-dictionaries"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    run = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["run"]
    assert run["dictionaries"] == [] and run["lexicons"] == [] and run["notes"] == []
