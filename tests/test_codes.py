"""The CAMEO code table: completeness, internal consistency and a few known facts."""

from __future__ import annotations

import pytest

from newsevents.codes import CameoCode, UnknownCode, all_codes, get, lookup, roots
from newsevents.errors import NewsEventsError

ROOT_QUAD = {
    f"{n:02d}": (1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4) for n in range(1, 21)
}


def test_all_twenty_roots_present_in_order() -> None:
    assert [r.code for r in roots()] == [f"{n:02d}" for n in range(1, 21)]


def test_table_size_covers_cameo() -> None:
    codes = all_codes()
    assert len(codes) >= 300
    assert sum(1 for c in codes if len(c.code) == 3) >= 140
    assert sum(1 for c in codes if len(c.code) == 4) >= 140


def test_codes_unique() -> None:
    codes = [c.code for c in all_codes()]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("entry", all_codes(), ids=lambda c: c.code)
def test_every_code_consistent(entry: CameoCode) -> None:
    assert entry.code.isdigit() and 2 <= len(entry.code) <= 4
    assert entry.root == entry.code[:2]
    assert get(entry.root) is not None
    assert entry.base == entry.code[:3]
    if len(entry.code) == 4:
        assert get(entry.base) is not None, f"{entry.code} has no base code row"
    assert entry.quad_class == ROOT_QUAD[entry.root]
    assert -10.0 <= entry.goldstein <= 10.0
    assert entry.name and entry.name[0].isupper()
    # Every code has a PLOVER type except the public statements (PLOVER has no such type).
    assert bool(entry.plover) == (entry.root != "01")
    assert entry.plover == entry.plover.upper()


@pytest.mark.parametrize(
    ("code", "name", "goldstein", "quad", "plover"),
    [
        ("010", "Make statement", 0.0, 1, ""),
        ("040", "Consult", 1.0, 1, "CONSULT"),
        ("0231", "Appeal for economic aid", 3.4, 1, "REQUEST"),
        ("057", "Sign formal agreement", 8.0, 1, "SUPPORT"),
        ("112", "Accuse", -2.0, 3, "ACCUSE"),
        ("138", "Threaten with military force", -7.0, 3, "THREATEN"),
        ("173", "Arrest, detain, or charge with legal action", -5.0, 4, "COERCE"),
        ("190", "Use conventional military force", -10.0, 4, "ASSAULT"),
    ],
)
def test_known_facts(code: str, name: str, goldstein: float, quad: int, plover: str) -> None:
    entry = lookup(code)
    assert (entry.name, entry.goldstein, entry.quad_class, entry.plover) == (
        name,
        goldstein,
        quad,
        plover,
    )


def test_plover_modes_from_official_table() -> None:
    assert lookup("041").plover_mode == "phone"
    assert lookup("0871").plover_mode == "ceasefire"
    assert lookup("138").plover_mode == "violence"
    assert lookup("040").plover_mode == ""


def test_root_and_base_of_four_digit_code() -> None:
    entry = lookup("0231")
    assert (entry.root, entry.base) == ("02", "023")
    assert lookup("02").base == "02"
    assert lookup("02").is_root and not entry.is_root


def test_roots_take_the_type_of_their_x0_code() -> None:
    for root in roots():
        if root.code != "01":
            assert root.plover == lookup(root.code + "0").plover


def test_get_unknown_is_none() -> None:
    assert get("999") is None
    assert get("") is None


def test_lookup_unknown_raises_keyerror_subclass() -> None:
    with pytest.raises(UnknownCode) as info:
        lookup("999")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, NewsEventsError)
    assert str(info.value) == "unknown CAMEO code '999'"


def test_entries_are_immutable_and_shared() -> None:
    entry = lookup("040")
    with pytest.raises(AttributeError):
        entry.goldstein = 5.0  # type: ignore[misc]
    assert lookup("040") is entry
    assert all_codes() is all_codes()
