"""Reviewing in the explorer: headless Chromium against ``newsevents serve --review-token``.

The server runs over a copy of the example store (reviews are writes) for the whole module,
so the tests pick different events and check what the explorer wrote through the JSON API.
A second, read-only server shows that without a review token no review control appears.
Screenshots go to ``/tmp/explorer`` as in the other browser tests.
"""

from __future__ import annotations

import collections
import shutil
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_explorer_browser import (
    _get,
    assert_offline_and_quiet,
    driver,
    screenshot,
    serving,
    wait_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.model]

TOKEN = "review-token-for-the-browser"
REVIEWER = "Rita Reviewer"
__all__ = ["driver"]  # the browser fixture, shared with the other explorer tests


@pytest.fixture(scope="module")
def server(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server taking reviews over a copy of the example store."""
    work = tmp_path_factory.mktemp("review-serve")
    db = work / "events.db"
    shutil.copy(example_db, db)
    with serving(db, work / "server.log", "--review-token", TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def readonly(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("readonly-serve")
    with serving(example_db, work / "server.log") as base:
        yield base


# ---- helpers -------------------------------------------------------------------------------


def open_view(driver: Any, base: str, fragment: str, *, signed_in: bool = True) -> Any:
    """Load the explorer at ``fragment`` (a fresh page: the review state is read at load),
    signed in as REVIEWER unless ``signed_in`` is false; the view's section once rendered."""
    driver.get(f"{base}/")
    wait_for(driver, "return document.body.dataset.ready === '1'")
    if signed_in:
        driver.execute_script(
            "sessionStorage.setItem('newsevents.reviewer', arguments[0]);"
            "sessionStorage.setItem('newsevents.reviewToken', arguments[1]);",
            REVIEWER,
            TOKEN,
        )
    else:
        driver.execute_script("sessionStorage.clear()")
    driver.get(f"{base}/{fragment}")
    wait_for(
        driver,
        "const s = document.querySelector('#view > section');"
        "return document.body.dataset.ready === '1' && s && s.dataset.state !== 'loading'",
    )
    section = driver.find_element("css selector", "#view > section")
    assert section.get_attribute("data-state") == "ready"
    return section


def press(driver: Any, *keys: str) -> None:
    """Type keys to the page (not into a field)."""
    from selenium.webdriver.common.action_chains import ActionChains

    for key in keys:
        ActionChains(driver).send_keys(key).perform()


def reviews(base: str, **params: str) -> list[dict[str, Any]]:
    status, found = _get(f"{base}/api/reviews?{urllib.parse.urlencode(params)}")
    assert status == 200
    return list(found["reviews"])


def events(base: str, **params: Any) -> list[dict[str, Any]]:
    status, found = _get(f"{base}/api/events?{urllib.parse.urlencode(params)}")
    assert status == 200, found
    return list(found["events"])


def busiest_doc(base: str) -> str:
    counts = collections.Counter(e["doc_id"] for e in events(base, limit=500))
    return counts.most_common(1)[0][0]


def document(base: str, doc_id: str) -> dict[str, Any]:
    status, doc = _get(f"{base}/api/documents/{urllib.parse.quote(doc_id)}")
    assert status == 200
    return dict(doc)


def article_order(doc: dict[str, Any]) -> list[str]:
    """The event ids as the article page lists them (reading order)."""
    ordered = sorted(doc["events"], key=lambda e: (e["evidence"]["start"], e["trigger"]["start"]))
    return [e["event_id"] for e in ordered]


def active_card(driver: Any) -> str:
    return str(
        wait_for(
            driver,
            "const c = document.querySelector('.event-card.active');return c && c.dataset.eventId",
        )
    )


def fmt_pct(x: float) -> str:
    """As the explorer writes a share (Math.round: halves up)."""
    return f"{int(x * 100 + 0.5)}%"


# ---- the tests -----------------------------------------------------------------------------


def test_signing_in_then_r_marks_the_event_right(driver: Any, server: str) -> None:
    assert _get(f"{server}/health")[1]["review"] is True
    doc_id = busiest_doc(server)
    doc = document(server, doc_id)
    first, second = article_order(doc)[:2]
    open_view(driver, server, f"#event/{doc_id}", signed_in=False)
    assert driver.find_element("css selector", "nav.tabs a[data-nav=review]").is_displayed()
    assert "Sign in to review" in driver.find_element("id", "reviewer").text
    assert active_card(driver) == first

    press(driver, "r")  # not signed in yet: the sign-in dialog comes first
    wait_for(driver, "return document.querySelector('dialog.signin[open]')")
    assert driver.switch_to.active_element.get_attribute("id") == "signin-name"
    driver.find_element("id", "signin-name").send_keys(REVIEWER)
    driver.find_element("id", "signin-token").send_keys(TOKEN + "\n")
    wait_for(
        driver,
        "const c = document.querySelector(`.event-card[data-event-id='${arguments[0]}']`);"
        "return c.dataset.verdict === 'right'",
        first,
    )
    assert REVIEWER in driver.find_element("id", "reviewer").text
    # the token stays in this tab's session storage, never in the URL
    assert TOKEN not in driver.current_url
    assert driver.execute_script("return sessionStorage.getItem('newsevents.reviewToken')") == TOKEN
    stored = reviews(server, event_id=first)
    assert [(r["verdict"], r["reviewer"]) for r in stored] == [("right", REVIEWER)]
    badge = driver.find_element(
        "css selector", f".event-card[data-event-id='{first}'] .review-badge"
    ).text
    assert "right" in badge and REVIEWER in badge

    assert active_card(driver) == second  # marking moves on to the next event
    press(driver, "k")
    assert active_card(driver) == first
    press(driver, "n")  # the next one without a review
    assert active_card(driver) == second

    press(driver, "?")
    wait_for(driver, "return document.querySelector('dialog.help[open]')")
    help_text = driver.find_element("css selector", "dialog.help").text
    for key in ("j", "k", "r", "w", "c", "a", "n", "Esc"):
        assert key in help_text
    press(driver, "\ue00c")  # Escape closes it
    wait_for(driver, "return !document.querySelector('dialog.help')")

    # signing out forgets name and token
    driver.find_element("css selector", "#reviewer .signout").click()
    assert driver.execute_script("return sessionStorage.getItem('newsevents.reviewToken')") is None
    assert "Sign in to review" in driver.find_element("id", "reviewer").text
    assert_offline_and_quiet(driver, server)


def test_correcting_the_type_and_target_shows_in_reviewed_reads(driver: Any, server: str) -> None:
    doc_id = busiest_doc(server)
    doc = document(server, doc_id)
    by_id = {e["event_id"]: e for e in doc["events"]}
    order = article_order(doc)
    target = order[2]
    event = by_id[target]
    open_view(driver, server, f"#event/{doc_id}?e={target}")
    assert active_card(driver) == target
    press(driver, "c")
    form = wait_for(driver, "return document.querySelector('.event-card.active form.review-form')")
    assert driver.switch_to.active_element.get_attribute("name") == "cameo"
    cameo = driver.switch_to.active_element
    assert cameo.get_attribute("value") == event["cameo"]

    # a code that names nothing: the server's message shows next to the field
    cameo.clear()
    cameo.send_keys("99")
    form.find_element("css selector", "button[type=submit]").click()
    error = wait_for(
        driver,
        "const e = document.querySelector('.review-form .rf-cameo .field-error');"
        "return e && e.textContent",
    )
    assert "99" in error
    assert cameo.get_attribute("aria-invalid") == "true"

    cameo.clear()
    cameo.send_keys("190")
    for chip in form.find_elements("css selector", ".rf-targets .chip-x"):
        driver.execute_script("arguments[0].click()", chip)
    coded = {a["code"] for a in event["targets"]}
    new = next(c for c in ("FRA", "DEU", "GBR") if c not in coded)
    form.find_element("css selector", ".rf-targets input").send_keys(new.lower() + "\n")
    chips = [
        c.get_attribute("data-code")
        for c in form.find_elements("css selector", ".rf-targets .chip")
    ]
    assert chips == [new]
    form.find_element("css selector", "textarea[name=comment]").send_keys("fighting, not talks")
    screenshot(driver, "review-correct", driver.find_element("css selector", ".event-card.active"))
    form.find_element("css selector", "button[type=submit]").click()
    wait_for(
        driver,
        "const c = document.querySelector(`.event-card[data-event-id='${arguments[0]}']`);"
        "return c.dataset.verdict === 'corrected' && !c.querySelector('form')",
        target,
    )
    stored = reviews(server, event_id=target)[-1]
    assert stored["verdict"] == "corrected"
    assert stored["corrected"]["cameo"] == "190"
    assert stored["corrected"]["targets"] == [new]
    assert stored["comment"] == "fighting, not talks"
    assert "sources" not in stored["corrected"]  # only what changed

    read = events(server, doc_id=doc_id, reviewed="true", limit=500)
    as_reviewed = {e["event_id"]: e for e in read}
    corrected = as_reviewed[target]
    assert corrected["cameo"] == "190"
    assert [a["code"] for a in corrected["targets"]] == [new]
    badge = driver.find_element(
        "css selector", f".event-card[data-event-id='{target}'] .review-badge"
    ).text
    assert "corrected" in badge and "190" in badge
    assert_offline_and_quiet(driver, server, allow=("422",))


def test_w_in_the_event_table_marks_wrong_and_reviewed_reads_drop_it(
    driver: Any, server: str
) -> None:
    page = events(server, limit=50)
    open_view(driver, server, "#events")
    wait_for(driver, "return document.querySelector('.results').dataset.state === 'ready'")
    headers = [th.text for th in driver.find_elements("css selector", "table.events th")]
    assert headers[0].lower() == "review"
    press(driver, "j", "j", "j", "j")  # the fourth row
    wrong = page[3]
    selected = driver.find_element("css selector", "tr.event-row.selected")
    assert selected.get_attribute("data-event-id") == wrong["event_id"]
    press(driver, "w")
    wait_for(
        driver,
        "const r = document.querySelector(`tr.event-row[data-event-id='${arguments[0]}']`);"
        "return r.dataset.verdict === 'wrong'",
        wrong["event_id"],
    )
    assert [r["verdict"] for r in reviews(server, event_id=wrong["event_id"])] == ["wrong"]
    reviewed_ids = {
        e["event_id"] for e in events(server, doc_id=wrong["doc_id"], reviewed="true", limit=500)
    }
    assert wrong["event_id"] not in reviewed_ids
    others = {e["event_id"] for e in events(server, doc_id=wrong["doc_id"], limit=500)}
    assert others - {wrong["event_id"]} <= reviewed_ids  # only the wrong one left out
    # the next row is chosen for the next verdict
    selected = driver.find_element("css selector", "tr.event-row.selected")
    assert selected.get_attribute("data-event-id") == page[4]["event_id"]

    # "As reviewed" reads the events as reviewed
    driver.find_element("css selector", "input[name=reviewed]").click()
    wait_for(driver, "return window.location.hash.includes('reviewed=true')")
    wait_for(driver, "return document.querySelector('.results').dataset.state === 'ready'")
    shown = {
        r.get_attribute("data-event-id")
        for r in driver.find_elements("css selector", "tr.event-row")
    }
    assert wrong["event_id"] not in shown
    screenshot(driver, "review-table")
    assert_offline_and_quiet(driver, server)


def test_an_event_added_from_a_text_selection(driver: Any, server: str) -> None:
    doc_id = busiest_doc(server)
    doc = document(server, doc_id)
    open_view(driver, server, f"#event/{doc_id}")
    word = driver.execute_script(
        """
        const text = document.querySelector('.article-text');
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
          const m = /\\b[A-Z][a-z]{5,}\\b/.exec(node.data);
          if (m) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            return m[0];
          }
        }
        return null;
        """
    )
    assert word
    wait_for(driver, "return !document.querySelector('button.add-here').disabled")
    press(driver, "a")
    form = wait_for(driver, "return document.querySelector('.new-event-slot form.review-form')")
    assert word in form.find_element("css selector", ".rf-span").text
    driver.switch_to.active_element.send_keys("042")
    form.find_element("css selector", ".rf-sources input").send_keys("CHN\n")
    form.find_element("css selector", ".rf-targets input").send_keys("RUS\n")
    form.find_element("css selector", "button[type=submit]").click()
    wait_for(driver, "return document.querySelector('.event-card.added')")
    added = [r for r in reviews(server, doc_id=doc_id) if r["verdict"] == "added"]
    assert len(added) == 1
    review = added[0]
    assert review["reviewer"] == REVIEWER
    assert review["trigger"]["text"] == word
    start = review["trigger"]["start"]
    assert doc["text"][start : start + len(word)] == word
    assert review["evidence"]["start"] <= start < review["evidence"]["end"]
    assert review["corrected"]["cameo"] == "042"
    assert review["corrected"]["sources"] == ["CHN"]
    # the article shows it after a reload too
    open_view(driver, server, f"#event/{doc_id}")
    card = driver.find_element("css selector", ".event-card.added")
    assert "042" in card.text and "added" in card.text
    assert_offline_and_quiet(driver, server)


def test_the_sample_walk_visits_the_sample_in_order(driver: Any, server: str) -> None:
    open_view(driver, server, "#review")
    wait_for(driver, "return document.querySelector('.sample-panel').dataset.state === 'ready'")
    form = driver.find_element("css selector", "form.sample-form")
    size = form.find_element("css selector", "input[name=n]")
    size.clear()
    size.send_keys("4")
    form.find_element("css selector", "input[name=name]").send_keys("walk-test")
    form.find_element("css selector", "button[type=submit]").click()
    wait_for(driver, "return window.location.hash.includes('sample=walk-test')")
    wait_for(driver, "return document.querySelector('.sample-head[data-sample=\"walk-test\"]')")
    sample = _get(f"{server}/api/review/samples/walk-test")[1]
    items = sorted(sample["events"], key=lambda it: it["position"])
    assert len(items) == 4
    rows = driver.find_elements("css selector", "tr.sample-row")
    assert [r.get_attribute("data-event-id") for r in rows] == [it["event_id"] for it in items]

    driver.find_element("css selector", "a.start-walk").click()
    visited = []
    for i, item in enumerate(items):
        wait_for(
            driver,
            "const b = document.querySelector('.sample-bar');"
            "return b && document.querySelector('.event-card.active') &&"
            " b.dataset.position === arguments[0]",
            str(item["position"]),
        )
        visited.append(active_card(driver))
        bar = driver.find_element("css selector", ".sample-bar").text
        assert f"event {i + 1} of 4" in bar
        if i + 1 < len(items):
            press(driver, "j")
    assert visited == [it["event_id"] for it in items]

    for item in reversed(items[:-1]):  # back to the first
        press(driver, "k")
        wait_for(
            driver,
            "return document.querySelector('.sample-bar')?.dataset.position === arguments[0]"
            " && document.querySelector('.event-card.active')",
            str(item["position"]),
        )
    press(driver, "r")  # a verdict moves on to the next sampled event
    wait_for(
        driver,
        "return document.querySelector('.sample-bar')?.dataset.position === arguments[0]",
        str(items[1]["position"]),
    )
    # the earlier tests may have reviewed some of the sampled events already
    done = sum(it["reviewed"] for it in items) + (not items[0]["reviewed"])
    assert f"{done} of 4 reviewed" in driver.find_element("css selector", ".sample-bar").text
    after = _get(f"{server}/api/review/samples/walk-test")[1]["events"]
    assert after[0]["reviewed"] is True and sum(it["reviewed"] for it in after) == done
    open_view(driver, server, "#review?sample=walk-test")
    head = wait_for(driver, "return document.querySelector('.sample-head')")
    assert head.get_attribute("data-reviewed") == str(done)
    assert f"{done} of 4 reviewed" in head.text
    assert_offline_and_quiet(driver, server)


def test_the_review_page_shows_the_scores_the_api_gives(driver: Any, server: str) -> None:
    scores = _get(f"{server}/api/review/scores")[1]
    assert scores["judged"] > 0  # the earlier tests reviewed events
    open_view(driver, server, "#review?sample=walk-test")
    wait_for(driver, "return document.querySelector('.scores-panel').dataset.state === 'ready'")
    wait_for(driver, "return document.querySelector('.sample-panel').dataset.state === 'ready'")
    panel = driver.find_element("css selector", ".scores-panel")
    precision = panel.find_element("css selector", ".kpi[data-score=precision]").text
    assert fmt_pct(scores["precision"]) in precision
    low, high = scores["interval"]
    assert f"{fmt_pct(low)}–{fmt_pct(high)}" in precision
    recall = panel.find_element("css selector", ".kpi[data-score=recall]").text
    if scores["added"]:  # an earlier test added an event
        assert fmt_pct(scores["recall"]) in recall
        assert f"{scores['added']} events added" in recall
    else:
        assert scores["recall"] is None and "not measured" in recall

    bands = panel.find_elements("css selector", ".calibration-table tbody tr")
    expected = [c["band"] for c in scores["calibration"]]
    assert [b.get_attribute("data-band") for b in bands] == expected
    for row, band in zip(bands, scores["calibration"], strict=True):
        cells = [td.text for td in row.find_elements("css selector", "td")]
        assert cells[1] == str(band["judged"]) and cells[2] == str(band["right"])
        if band["share_right"] is not None:
            assert cells[3] == fmt_pct(band["share_right"])
    bars = panel.find_elements("css selector", "svg.calibration-chart rect.bar-right")
    assert len(bars) == sum(1 for b in scores["calibration"] if b["judged"])

    types = panel.find_elements("css selector", ".by-plover tbody tr")
    assert {t.get_attribute("data-key") for t in types} == set(scores["by_plover"])
    for row in types:
        group = scores["by_plover"][row.get_attribute("data-key")]
        assert row.find_element("css selector", "td.precision").text == fmt_pct(group["precision"])
    sources = panel.find_elements("css selector", ".by-source tbody tr")
    assert {t.get_attribute("data-key") for t in sources} == set(scores["by_source"])
    if "walk-test" in scores["samples"]:
        estimate = panel.find_element("css selector", ".kpi[data-score='sample walk-test']").text
        assert fmt_pct(scores["samples"]["walk-test"]["precision"]) in estimate
    screenshot(driver, "review-page")
    assert_offline_and_quiet(driver, server)


def test_without_a_review_token_no_review_control_shows(driver: Any, readonly: str) -> None:
    assert _get(f"{readonly}/health")[1]["review"] is False
    doc_id = busiest_doc(readonly)
    open_view(driver, readonly, f"#event/{doc_id}", signed_in=False)
    assert not driver.find_elements("css selector", ".review-buttons, .review-bar, .add-here")
    assert not driver.find_element("css selector", "nav.tabs a[data-nav=review]").is_displayed()
    assert driver.find_element("id", "reviewer").text == ""
    press(driver, "r", "?")
    time.sleep(0.3)
    assert not driver.find_elements("css selector", "dialog")
    open_view(driver, readonly, "#events", signed_in=False)
    wait_for(driver, "return document.querySelector('.results').dataset.state === 'ready'")
    assert not driver.find_elements("css selector", "td.review-cell, input[name=reviewed]")
    section = open_view(driver, readonly, "#review", signed_in=False)
    assert "does not take reviews" in section.text
    assert_offline_and_quiet(driver, readonly)


def test_the_cameo_codes_route_lists_the_table(server: str) -> None:
    status, found = _get(f"{server}/api/codes/cameo")
    assert status == 200
    codes = {c["code"]: c for c in found["codes"]}
    assert codes["190"]["plover"] == "ASSAULT" and codes["190"]["quad_class"] == 4
    assert set(codes["042"]) == {"code", "name", "plover", "quad_class", "goldstein"}
