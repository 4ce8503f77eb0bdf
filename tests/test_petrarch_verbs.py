"""PETRARCH verb dictionaries as extra lexicons: parsing, conversion to rows, loading, coding."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsevents
from newsevents.errors import LexiconError
from newsevents.events.lexicon import Lexicon, Trigger
from newsevents.events.petrarch_verbs import (
    PatternCode,
    VerbDictionary,
    is_verb_dictionary,
    load_verb_dictionary,
    noun_lemma,
    parse_code,
    parse_verb_dictionary,
    tokenize_pattern,
)
from newsevents.settings import Settings

SAMPLE = """\
# A small verb dictionary in the format of CAMEO.2.0.txt
<!-- an XML comment
     over two lines -->
&CURRENCY
+DOLLAR
+EUROS
+CASH_
+HARD_CURRENCY

&WEAPON_
+ROCKET

---  ASK   [---]  ---
ASK     [020]                          # the verb's own code
PLEAD {PLEADS PLEADED PLED PLEADING}
+ASK_FOR {+ASKED_FOR +ASKING_FOR} [020]
- * (FOR AID)                     [0231]   # ASK
- * &CURRENCY                     [0231]
- * {FINANCIAL HELP}              [0231]
- * MEETING                       [026]
- * MEETING                       [036]    # the later pattern wins, as in PETRARCH
- &MILITARY *                     [154]
- * (BEFORE COURT)                [:173]
- * INCIDENTS                     [---]
- * (TO +)                        [042:043]
- * (FROM $)                      [020]

---  SUPPRESS   [175]  ---
SUPPRESS
+PUT_DOWN {+PUTS_DOWN +PUTTING_DOWN};shan 7/11/93
DETER {DETERRING DETERS DETERRED}
DETERRING
WIRE_+TAP
ASK
- * RIOTS                         [175]
- * &WEAPON (AT +)                [194]

~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture(scope="module")
def sample() -> VerbDictionary:
    return parse_verb_dictionary(SAMPLE.splitlines(), "mini.verbs")


def _rows(d: VerbDictionary) -> dict[str, tuple[str, str]]:
    """``"words" → (code, line number)`` for every row."""
    return {" ".join(t.words): (t.cameo, t.origin.rsplit(":", 1)[1]) for t in d.triggers}


def _line(text: str) -> str:
    """The line number of the first sample line containing ``text``."""
    return str(next(n for n, line in enumerate(SAMPLE.splitlines(), 1) if text in line))


# -- parsing and converting ------------------------------------------------------------------


def test_verbs_carry_their_own_or_their_blocks_code(sample: VerbDictionary) -> None:
    verbs = {v.lemma: v for v in sample.verbs}
    assert set(verbs) == {"ask", "plead", "ask for", "suppress", "put down", "deter"}
    assert verbs["ask"].code == PatternCode("020")
    assert verbs["plead"].code == PatternCode(None)  # [---]: the verb alone is no event
    assert verbs["plead"].forms == ("pleads", "pleaded", "pled", "pleading")
    assert verbs["suppress"].code == PatternCode("175")  # the block's
    assert (verbs["put down"].words, verbs["put down"].block) == (("put", "down"), "SUPPRESS")
    rows = _rows(sample)
    assert rows["ask"] == ("020", _line("ASK     [020]"))
    assert rows["put down"] == ("175", _line("+PUT_DOWN"))
    assert "plead" not in rows


def test_a_verb_row_is_an_ordinary_trigger(sample: VerbDictionary) -> None:
    [row] = [t for t in sample.triggers if t.words == ("ask", "for", "aid")]
    assert row == Trigger(
        "verb", ("ask", "for", "aid"), "ask", ("for", "aid"), "0231", f"mini.verbs:{_line('AID')}"
    )


def test_patterns_apply_to_every_verb_of_their_block(sample: VerbDictionary) -> None:
    rows = _rows(sample)
    for verb in ("ask", "plead"):
        assert rows[f"{verb} for aid"][0] == "0231"  # prepositional phrase: preposition + head
        assert rows[f"{verb} meeting"][0] == "036"
    # the multi-word verb's own particle is not required twice
    assert rows["ask for aid"][0] == "0231"
    # particle + plural object, made singular
    assert rows["put down riot"][0] == "175"
    assert rows["suppress riot"][0] == "175"


def test_synsets_stand_for_their_one_word_members(sample: VerbDictionary) -> None:
    rows = _rows(sample)
    for member in ("dollar", "euro", "cash"):
        assert rows[f"plead {member}"][0] == "0231"
    assert rows["suppress rocket at"][0] == "194"  # "&WEAPON" finds "&WEAPON_"; + dropped
    assert sample.synsets["&CURRENCY"] == ("dollar", "euro", "cash")
    [phrase] = [s for s in sample.skipped if s.item == "synset member"]
    assert (phrase.origin, phrase.text, phrase.partial) == (
        f"mini.verbs:{_line('HARD_CURRENCY')}",
        "+HARD_CURRENCY",
        True,
    )


def test_inflected_listings_fold_into_their_verb(sample: VerbDictionary) -> None:
    skips = {s.origin.rsplit(":", 1)[1]: s for s in sample.skipped if s.item == "verb"}
    deterring = skips[str(int(_line("DETER {")) + 1)]  # the line "DETERRING"
    assert deterring.category == "repeated verb" and "deter is listed" in deterring.reason
    # ASK is listed again in another block: the first block keeps it, as in PETRARCH
    again = skips[str(int(_line("WIRE_+TAP")) + 1)]
    assert again.category == "repeated verb"
    assert skips[_line("WIRE_+TAP")].category == "words before the verb"


def test_what_rows_cannot_say_is_skipped_with_file_and_line(sample: VerbDictionary) -> None:
    reasons = {s.origin: (s.category, s.partial) for s in sample.skipped if s.item == "pattern"}
    expected = {
        "{FINANCIAL HELP}": ("noun phrase", False),
        "&MILITARY *": ("words before the verb", False),
        "(BEFORE COURT)": ("reverse code only", False),
        "INCIDENTS": ("null code", False),
        "(FROM $)": ("source after the verb", False),
        "(TO +)": ("reverse code dropped", True),
        "- * MEETING                       [026]": ("replaced", False),
    }
    for text, reason in expected.items():
        assert reasons[f"mini.verbs:{_line(text)}"] == reason, text
    assert _rows(sample)["ask to"] == ("042", _line("(TO +)"))
    [transformation] = [s for s in sample.skipped if s.item == "transformation"]
    assert transformation.text.startswith("~ a (a b ATTACK)")


def test_counts_add_up(sample: VerbDictionary) -> None:
    counts = sample.counts
    assert (counts.patterns, counts.converted, counts.skipped) == (12, 6, 6)
    assert counts.converted + counts.skipped == counts.patterns
    whole = [s for s in sample.skipped if s.item == "pattern" and not s.partial]
    assert len(whole) == counts.skipped == sum(sample.reasons().values())
    assert counts.rows == len(sample.triggers) == len({t.words for t in sample.triggers})
    assert counts.verbs == 6 and counts.coded_verbs == 5  # all but plead ([---])
    assert counts.replaced >= 2  # "meeting" for ask and plead


def test_comments_are_ignored_everywhere() -> None:
    text = "<!-- a --> # b\n--- X [010] --- # c\nRATTLE ; tony\n- * SABRE [0312]   # RATTLE\n"
    d = parse_verb_dictionary(text.splitlines(), "c.txt")
    assert _rows(d) == {"rattle": ("010", "3"), "rattle sabre": ("0312", "4")}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("--- A [010] ---\nA\n- * FOO\n", 3, "without a [code]"),
        ("--- A [010] ---\nA\n- * FOO * BAR [010]\n", 3, "exactly one *"),
        ("--- A [010] ---\nA\n- FOO [010]\n", 3, "exactly one *"),
        ("- * FOO [010]\n", 1, "before any --- verb block"),
        ("# x\nSTRAY\n", 2, "before any --- verb block"),
        ("--- A [010] ---\nA\n- * FOO []\n", 3, "empty code bracket"),
        ("--- A [010] ---\nA\n- * FOO [010\n", 3, "not closed"),
        ("--- A [010] ---\nA\n- * [1] FOO [010]\n", 3, "more than one code bracket"),
        ("--- A [010] ---\nCORDON_OFF\n", 2, "needs one +"),
        ("---\n", 1, "block header"),
        ("&SET  EXTRA\n", 1, "after the synset label"),
    ],
)
def test_malformed_lines_raise_with_file_and_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(LexiconError) as info:
        parse_verb_dictionary(text.splitlines(), "bad.verbs")
    assert info.value.origin == f"bad.verbs:{line}"
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("190", PatternCode("190")),
        (" 0231 ", PatternCode("0231")),
        ("042:043", PatternCode("042", "043")),
        (":173", PatternCode(None, "173")),
        ("---", PatternCode(None)),
        ("062:062", PatternCode("062", "062")),
        ("175:", PatternCode("175")),
    ],
)
def test_code_brackets(inner: str, expected: PatternCode) -> None:
    assert parse_code(inner, "f:1") == expected


@pytest.mark.parametrize("inner", ["075A", "def", "+++", "###", "1", "12345", ":", "1a:2"])
def test_unusable_codes_are_value_errors(inner: str) -> None:
    with pytest.raises(ValueError, match="code"):
        parse_code(inner, "f:1")


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("sanctions", "sanction"),
        ("rallies", "rally"),
        ("ties", "tie"),
        ("charges", "charge"),
        ("clashes", "clash"),
        ("addresses", "address"),
        ("servicemen", "serviceman"),
        ("crises", "crisis"),
        ("news", "news"),
        ("towards", "towards"),
        ("status", "status"),
        ("talks", "talk"),
        ("aid", "aid"),
    ],
)
def test_noun_lemmas(word: str, lemma: str) -> None:
    assert noun_lemma(word) == lemma


# -- properties -------------------------------------------------------------------------------

PATTERN_TEXT = st.text(alphabet="AB_&+$^%*(){}[]:/- \t", max_size=40)


@given(PATTERN_TEXT)
def test_tokenizer_keeps_every_character_and_splits_brackets_off(text: str) -> None:
    tokens = tokenize_pattern(text)
    assert "".join(tokens) == re.sub(r"\s", "", text)
    for token in tokens:
        assert token and not any(c.isspace() for c in token)
        assert len(token) == 1 or not set(token) & set("(){}")


CODE = st.none() | st.from_regex(r"\d{2,4}", fullmatch=True)


@given(CODE, CODE)
def test_code_brackets_read_back_what_is_written(active: str | None, passive: str | None) -> None:
    code = PatternCode(active, passive)
    if active is None and passive is None:
        assert str(code) == "---"
    assert parse_code(str(code), "f:1") == code


@given(PATTERN_TEXT)
def test_any_pattern_text_parses_or_raises_a_lexicon_error(body: str) -> None:
    text = f"--- X [010] ---\nVERB\n- {body} [0231]\n"
    try:
        d = parse_verb_dictionary(text.splitlines(), "p")
    except LexiconError as exc:
        assert exc.origin == "p:3"
        return
    assert d.counts.patterns == 1 and d.counts.converted + d.counts.skipped == 1
    for row in d.triggers:
        assert row.kind == "verb" and all(w == w.lower() and w for w in row.words)


# -- loading ----------------------------------------------------------------------------------


def test_format_is_told_from_the_first_line() -> None:
    assert is_verb_dictionary(["# c", "", "--- ASK [020] ---"])
    assert is_verb_dictionary(["<!-- PETRARCH -->"])
    assert is_verb_dictionary(["&CURRENCY"])
    assert not is_verb_dictionary(["# kind\tpattern\tcameo", "verb\taccuse\t112"])
    assert not is_verb_dictionary(["", "# only comments"])


def test_lexicon_load_reads_a_verb_dictionary_after_the_shipped_rows(tmp_path: Path) -> None:
    path = tmp_path / "mine.verbs.txt"
    path.write_text(
        "--- UPBRAID [111] ---\nUPBRAID\n--- WARN [---] ---\nWARN [012]\n- * (OF TSUNAMI) [012]\n",
        encoding="utf-8",
    )
    shipped = Lexicon.builtin()
    lex = Lexicon.load([path])
    assert lex.best("verb", "upbraid", []) == Trigger(
        "verb", ("upbraid",), "upbraid", (), "111", f"{path}:2"
    )
    # the user's file wins over a shipped row with the same words, as a TSV file does
    [warn] = [t for t in lex.candidates("verb", "warn") if t.words == ("warn",)]
    assert (warn.cameo, warn.origin) == ("012", f"{path}:4")
    assert len(lex) == len(shipped) + 2
    assert [t.origin for t in lex][-1] == f"{path}:5"  # added rows come after the shipped ones
    # ... and a TSV file given after it wins over the verb file
    tsv = tmp_path / "after.tsv"
    tsv.write_text("verb\twarn\t130\n", encoding="utf-8")
    again = Lexicon.load([path, tsv])
    assert next(t for t in again.candidates("verb", "warn") if t.words == ("warn",)).cameo == "130"


def test_lexicon_load_reports_verb_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("--- A [010] ---\nA\n\n- * FOO\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="^" + re.escape(f"{path}:4: ")):
        Lexicon.load([path])


def test_loading_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("--- A [010] ---\nALPHA\n", encoding="utf-8")
    first = load_verb_dictionary(path)
    assert load_verb_dictionary(str(path)) is first
    path.write_text("--- A [010] ---\nALPHA\nBETA\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert [v.lemma for v in load_verb_dictionary(path).verbs] == ["alpha", "beta"]
    with pytest.raises(LexiconError, match="cannot read"):
        load_verb_dictionary(tmp_path / "missing.txt")


# -- the real dictionaries (read from ../shared, never copied into the package) ---------------


@pytest.fixture(scope="module")
def petrarch_dir() -> Path:
    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "petrarch2" / "dictionaries"
    if not (path / "CAMEO.2.0.txt").is_file():
        pytest.skip("PETRARCH dictionaries not present")
    return path


def _consistent(d: VerbDictionary) -> None:
    counts = d.counts
    assert counts.converted + counts.skipped == counts.patterns
    whole = Counter(s.origin for s in d.skipped if s.item == "pattern" and not s.partial)
    assert set(whole.values()) <= {1} and len(whole) == counts.skipped
    assert {t.origin for t in d.triggers} >= {p.origin for p in d.patterns} - set(whole)
    assert all(re.fullmatch(r".+:\d+", s.origin) for s in d.skipped)
    assert all(t.kind == "verb" and t.cameo.isdigit() for t in d.triggers)


def test_cameo_2_0(petrarch_dir: Path) -> None:
    d = load_verb_dictionary(petrarch_dir / "CAMEO.2.0.txt")
    _consistent(d)
    counts = d.counts
    assert (counts.verbs, counts.coded_verbs) == (1766, 1083)
    assert (counts.patterns, counts.converted, counts.skipped) == (4668, 3108, 1560)
    assert (counts.rows, counts.replaced) == (88220, 12059)
    reasons = d.reasons()
    assert reasons["noun phrase"] == 589 and reasons["words before the verb"] == 285
    assert reasons["null code"] == 168 and reasons["reverse code only"] == 97
    assert d.reasons("transformation")["transformation"] == 8
    rows = {t.words: t.cameo for t in d.triggers}
    assert rows[("request", "extradition")] == "0213"
    assert rows[("stage", "strike")] == "143"  # "- * STRIKE [143]" replaces "[140]" above it
    assert rows[("put", "down", "riot")] == "175"  # "+PUT_DOWN" takes the block's patterns
    assert rows[("rush", "to")] == "042"  # [042:043]
    assert rows[("impose", "sanction")] == "163"


def test_petr_validate_verbs(petrarch_dir: Path) -> None:
    d = load_verb_dictionary(petrarch_dir / "PETR.Validate.verbs.txt")
    _consistent(d)
    counts = d.counts
    assert (counts.verbs, counts.patterns, counts.converted, counts.skipped) == (263, 474, 193, 281)
    # mostly WEIS codes from KEDS: not CAMEO, so skipped
    assert d.reasons()["code not CAMEO"] == 94


def test_cameo_2_0_as_a_lexicon(petrarch_dir: Path) -> None:
    lex = Lexicon.load([petrarch_dir / "CAMEO.2.0.txt"])
    assert len(lex) > len(Lexicon.builtin()) + 80_000
    assert lex.best("verb", "ask", ["for", "aid"]) is not None


# -- coding with a verb dictionary ------------------------------------------------------------

TINY = """\
# verbs our shipped lexicon lacks
--- UPBRAID [111] ---
UPBRAID
--- FROBNICATE [---] ---
FROBNICATE
- * (WITH SANCTIONS) [163]
"""


@pytest.mark.model
def test_a_verb_known_only_from_a_verb_dictionary_is_coded(tmp_path: Path) -> None:
    path = tmp_path / "tiny.verbs.txt"
    path.write_text(TINY, encoding="utf-8")
    settings = Settings(lexicons=(path,))
    text = "Germany upbraided France over the budget on Monday."
    assert not [e for e in newsevents.code(text, "2024-10-15") if e.cameo == "111"]
    [event] = [e for e in newsevents.code(text, "2024-10-15", settings=settings)]
    assert (event.cameo, event.trigger.text) == ("111", "upbraided")
    assert event.source is not None and event.source.code == "DEU"
    assert event.target is not None and event.target.code == "FRA"

    bare = "Moscow frobnicated Kyiv on Monday."
    assert newsevents.code(bare, "2024-10-15", settings=settings) == []  # [---]: no event
    pattern = "Moscow frobnicated Kyiv with sanctions on Monday."
    [event] = newsevents.code(pattern, "2024-10-15", settings=settings)
    assert event.cameo == "163"
    assert event.source is not None and event.source.code == "RUS"
    assert event.target is not None and event.target.code == "UKR"


def test_a_verb_with_an_unusable_code_of_its_own_does_not_take_the_blocks() -> None:
    d = parse_verb_dictionary(["--- A [010] ---", "ALPHA [abc]", "BETA", "- * X [0231]"], "u")
    assert _rows(d) == {"beta": ("010", "3"), "alpha x": ("0231", "4"), "beta x": ("0231", "4")}
    [skip] = d.skipped
    assert (skip.origin, skip.item, skip.category, skip.partial) == (
        "u:2",
        "verb",
        "code not CAMEO",
        True,
    )
