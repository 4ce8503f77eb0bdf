"""The web explorer in a real browser: headless Chromium against ``newsevents serve``.

One server (the console command, in a subprocess) over the example store and one browser
serve the whole module. Each test opens a view by its URL hash, waits until the view says it
has rendered (``data-state`` on its section; ``body[data-renders]`` counts renders), checks
what it shows against the JSON API, and checks that no request left the server's origin and
the console stayed free of errors. Screenshots of every view go to ``/tmp/explorer``.

Needs Debian's ``chromium`` and ``chromium-driver``; without them the browser tests are
skipped, unless the ``CI`` environment variable is set, when they fail.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = Path("/tmp/explorer")
STATIC = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "serve" / "static"
WAIT = 20.0


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


@contextmanager
def serving(db: Path, log: Path, *extra: str) -> Iterator[str]:
    """``newsevents serve`` over ``db`` on a free port (``extra``: more options); its base URL."""
    port = _free_port()
    command = [
        sys.executable,
        "-c",
        "from newsevents.cli import main; main()",  # what the ``newsevents`` script runs
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited ({process.returncode}): {log.read_text()}")
            try:
                if _get(f"{base}/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /health: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``newsevents serve`` on a free port over the example store; its base URL."""
    with serving(example_db, tmp_path_factory.mktemp("serve") / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium, 1400x900, with its console log kept."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        _unavailable("needs /usr/bin/chromium and /usr/bin/chromedriver (Debian chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("needs selenium (pip install -e '.[dev]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        browser.set_window_size(1400, 900)
        browser.set_page_load_timeout(WAIT)
        SHOTS.mkdir(parents=True, exist_ok=True)
        yield browser
    finally:
        browser.quit()


# ---- helpers -------------------------------------------------------------------------------


def wait_for(driver: Any, script: str, *args: Any, timeout: float = WAIT) -> Any:
    """Poll a JavaScript expression (``return ...``) until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script, *args)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {script}")
        time.sleep(0.05)


def renders(driver: Any) -> int:
    return int(driver.execute_script("return Number(document.body.dataset.renders || 0)"))


def show(driver: Any, base: str, fragment: str) -> Any:
    """Open ``fragment`` (``#events``...) in the explorer and wait until its view has rendered;
    the view's <section>."""
    on_page = driver.current_url.startswith(f"{base}/") and "/docs" not in driver.current_url
    if not on_page:
        driver.get(f"{base}/")
        wait_for(driver, "return document.body.dataset.ready === '1'")
    before = renders(driver)
    if driver.execute_script("return window.location.hash") == fragment:
        driver.refresh()
        before = 0
    driver.execute_script("window.location.hash = arguments[0]", fragment)
    wait_for(driver, "return Number(document.body.dataset.renders || 0) > arguments[0]", before)
    section = driver.find_element("css selector", "#view > section")
    assert section.get_attribute("data-state") in {"ready", "error"}
    return section


def screenshot(driver: Any, name: str, element: Any = None) -> None:
    """Save the window (1400x900) as ``/tmp/explorer/<name>.png``, scrolled to the top or to
    ``element``."""
    if element is None:
        driver.execute_script("window.scrollTo(0, 0)")
    else:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def assert_offline_and_quiet(driver: Any, base: str, *, allow: tuple[str, ...] = ()) -> None:
    """Every resource the page loaded came from ``base``; the console logged no error."""
    urls = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".concat(performance.getEntriesByType('navigation').map(e => e.name))"
    )
    assert urls, "the page loaded nothing?"
    foreign = [u for u in urls if not u.startswith(f"{base}/")]
    assert not foreign, f"requests left the origin: {foreign}"
    try:
        entries = driver.get_log("browser")
    except Exception:  # a driver without the log endpoint: nothing to check
        return
    errors = [
        e["message"]
        for e in entries
        if e.get("level") == "SEVERE" and not any(a in e["message"] for a in allow)
    ]
    assert not errors, f"console errors: {errors}"


def rows(driver: Any, selector: str) -> list[Any]:
    return list(driver.find_elements("css selector", selector))


# ---- the API route the explorer added ------------------------------------------------------


def test_actor_search_finds_codes_by_prefix_and_by_name(server: str) -> None:
    status, found = _get(f"{server}/api/actors?q=rus")
    assert status == 200
    codes = [a["code"] for a in found["actors"]]
    assert codes[0] == "RUS"  # the exact code first
    stored = [a for a in found["actors"] if a["via"] == "code"]
    assert all(a["code"].startswith("RUS") for a in stored)
    assert found["actors"][: len(stored)] == stored  # the store's codes before names elsewhere
    assert set(found["actors"][0]) == {"code", "name", "country", "events", "via"}

    by_name = _get(f"{server}/api/actors?q=russia")[1]["actors"]
    assert "RUS" in [a["code"] for a in by_name]

    everyone = _get(f"{server}/api/actors?limit=5")[1]["actors"]
    assert 0 < len(everyone) <= 5
    assert [a["events"] for a in everyone] == sorted((a["events"] for a in everyone), reverse=True)

    assert _get(f"{server}/api/actors?q=%25_x")[1]["actors"] == []  # LIKE wildcards are text

    status, error = _get(f"{server}/api/actors?limit=0")
    assert status == 422
    assert error["error"]["type"] == "invalid_parameter"
    assert error["error"]["detail"][0]["field"] == "limit"


def test_static_files_name_no_other_origin() -> None:
    """No CDN, web font or tile server: the only absolute URL in the explorer's code and pages
    is the SVG namespace (an identifier, never fetched)."""
    allowed = {"http://www.w3.org/2000/svg"}
    for path in STATIC.rglob("*"):
        if path.suffix not in {".html", ".css", ".js", ".svg"}:
            continue
        text = path.read_text(encoding="utf-8")
        found = set(re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"')]*", text))
        assert found <= allowed, f"{path.name} names {found - allowed}"
        assert "@import" not in text and "@font-face" not in text, path.name
    world = STATIC / "world-110m.json"
    assert world.stat().st_size < 150_000
    assert "Natural Earth" in (STATIC / "NOTICE.md").read_text(encoding="utf-8")


# ---- the views -----------------------------------------------------------------------------


def test_the_events_view_pages_on_the_server_and_typing_a_code_filters_it(
    driver: Any, server: str
) -> None:
    driver.get(f"{server}/")
    wait_for(driver, "return document.body.dataset.ready === '1'")
    total = _get(f"{server}/api/events?limit=1")[1]["total"]
    results = driver.find_element("css selector", ".results")
    wait_for(driver, "return document.querySelector('.results').dataset.state === 'ready'")
    assert results.get_attribute("data-total") == str(total)
    assert len(rows(driver, "tr.event-row")) == min(total, 50)
    assert driver.find_element("css selector", "nav.tabs a.active").text == "Events"
    screenshot(driver, "events")

    if total > 50:  # the next page asks the server for offset 50
        driver.find_element("css selector", ".pager button.next").click()
        wait_for(driver, "return window.location.hash.includes('offset=50')")
        wait_for(driver, "return document.querySelector('.results').dataset.state === 'ready'")
        assert len(rows(driver, "tr.event-row")) == min(total - 50, 50)

    expected = _get(f"{server}/api/events?source=RUS&limit=1")[1]["total"]
    assert 0 < expected < total
    box = driver.find_element("css selector", "input[name=source]")
    box.send_keys("RUS")
    wait_for(
        driver,
        "const r = document.querySelector('.results');"
        "return r.dataset.state === 'ready' && r.dataset.total === arguments[0]",
        str(expected),
    )
    shown = rows(driver, "tr.event-row")
    assert len(shown) == min(expected, 50)
    assert "source=RUS" in driver.execute_script("return window.location.hash")
    ids = {r.get_attribute("data-event-id") for r in shown}
    api_ids = {e["event_id"] for e in _get(f"{server}/api/events?source=RUS&limit=50")[1]["events"]}
    assert ids == api_ids
    screenshot(driver, "events-filtered")

    relevant = _get(f"{server}/api/events?source=RUS&min_relevance=0.9&limit=1")[1]["total"]
    assert relevant < expected  # the store holds RUS events of low relevance too
    driver.find_element("css selector", "input[name=min_relevance]").send_keys("0.9")
    wait_for(
        driver,
        "const r = document.querySelector('.results');"
        "return r.dataset.state === 'ready' && r.dataset.total === arguments[0]",
        str(relevant),
    )
    assert "min_relevance=0.9" in driver.execute_script("return window.location.hash")
    driver.find_element("css selector", "input[name=min_relevance]").send_keys("\b" * 3)
    wait_for(
        driver,
        "const r = document.querySelector('.results');"
        "return r.dataset.state === 'ready' && r.dataset.total === arguments[0]",
        str(expected),
    )

    box.send_keys("X")  # RUSX matches nothing: an empty state, not an error
    wait_for(
        driver,
        "const r = document.querySelector('.results');"
        "return r.dataset.state === 'ready' && r.dataset.total === '0'",
    )
    assert "No events match" in driver.find_element("css selector", ".results").text
    assert_offline_and_quiet(driver, server)


def test_the_events_table_is_newest_first_and_shows_every_participant(
    driver: Any, server: str
) -> None:
    newest = _get(f"{server}/api/events?limit=50")[1]["events"]
    dates = [e["event_date"]["start"] for e in newest]
    assert dates == sorted(dates, reverse=True) and dates[0] > dates[-1]
    show(driver, server, "events")
    wait_for(driver, "return document.querySelector('.results').dataset.state === 'ready'")
    shown = [r.get_attribute("data-event-id") for r in rows(driver, "tr.event-row")]
    assert shown == [e["event_id"] for e in newest]

    several = next(e for e in newest if len({a["code"] for a in e["sources"]}) > 1)
    row = driver.find_element("css selector", f"tr[data-event-id='{several['event_id']}']")
    cell = row.find_elements("css selector", "td.actor")[0]
    linked = [a.text for a in cell.find_elements("css selector", "a.code")]
    assert linked == list(
        dict.fromkeys(a["code"] for a in [several["source"], *several["sources"]])
    )

    Select = pytest.importorskip("selenium.webdriver.support.ui").Select
    Select(driver.find_element("css selector", "select[name=order]")).select_by_value("oldest")
    oldest = _get(f"{server}/api/events?limit=50&order=oldest")[1]["events"]
    wait_for(
        driver,
        "const r = document.querySelector('tr.event-row');"
        "return r && r.dataset.eventId === arguments[0]",
        oldest[0]["event_id"],
    )
    assert "order=oldest" in driver.execute_script("return window.location.hash")


def test_the_dyad_view_draws_the_heaviest_pair_and_lists_a_clicked_period(
    driver: Any, server: str
) -> None:
    top = _get(f"{server}/api/network?limit=1")[1]["edges"][0]
    a, b = top["source"], top["target"]
    section = show(driver, server, "#dyad")
    assert section.get_attribute("data-state") == "ready"
    assert f"#dyad/{a}/{b}" in driver.execute_script("return window.location.hash")
    assert f"{a} ↔ {b}" in driver.find_element("css selector", "h1").text

    points = _get(f"{server}/api/dyads/{a}/{b}/timeline?interval=month")[1]["points"]
    assert points
    stacks = sum(1 for p in points for n in p["quad"][1:] if n)
    assert len(rows(driver, "svg.dyad-chart rect.bar")) == stacks
    assert len(rows(driver, "svg.dyad-chart rect.bar-coop")) == sum(
        1 for p in points for n in p["quad"][1:3] if n
    )
    assert len(rows(driver, "svg.dyad-chart rect.hit")) == len(points)
    assert rows(driver, "svg.dyad-chart .gline circle")
    titles = [t.text for t in rows(driver, "svg.dyad-chart .axis-title")]
    assert any("cooperation" in t for t in titles) and any("Goldstein" in t for t in titles)
    legend = driver.find_element("css selector", ".chart-card .legend").text
    assert "material cooperation" in legend and "material conflict" in legend

    busiest = max(points, key=lambda p: p["events"])
    hit = driver.find_element(
        "css selector", f"svg.dyad-chart rect.hit[data-period='{busiest['period']}']"
    )
    driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", hit
    )
    wait_for(driver, "return document.querySelector('.period-detail').dataset.state === 'ready'")
    detail = driver.find_element("css selector", ".period-detail")
    assert detail.get_attribute("data-period") == busiest["period"]
    assert int(detail.get_attribute("data-count")) == busiest["events"]
    assert len(rows(driver, ".period-detail tr.event-row")) == busiest["events"]
    screenshot(driver, "dyad")
    screenshot(driver, "dyad-period", driver.find_element("css selector", ".chart-card"))

    show(driver, server, f"#dyad/{a}/{b}?interval=year&both_ways=false")
    years = _get(f"{server}/api/dyads/{a}/{b}/timeline?interval=year&both_ways=false")[1]
    assert len(rows(driver, "svg.dyad-chart rect.hit")) == len(years["points"])
    assert_offline_and_quiet(driver, server)


def test_the_network_view_draws_nodes_and_edges_and_opens_a_profile(
    driver: Any, server: str
) -> None:
    section = show(driver, server, "#network")
    assert section.get_attribute("data-state") == "ready"
    network = _get(f"{server}/api/network?limit=80")[1]
    assert len(rows(driver, "svg.network g.node")) == len(network["nodes"])
    assert len(rows(driver, "svg.network g.edge")) == len(network["edges"])
    heaviest = network["edges"][0]
    edge = driver.find_element(
        "css selector",
        f"svg.network g.edge[data-source='{heaviest['source']}']"
        f"[data-target='{heaviest['target']}'] path.edge-line",
    )
    widths = [float(p.get_attribute("stroke-width")) for p in rows(driver, "path.edge-line")]
    assert float(edge.get_attribute("stroke-width")) == max(widths)

    node = driver.find_element("css selector", "svg.network g.node[data-id='RUS']")
    driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", node
    )
    wait_for(driver, "return document.querySelector('.side-panel').dataset.state === 'ready'")
    panel = driver.find_element("css selector", ".side-panel")
    assert panel.get_attribute("data-code") == "RUS"
    profile = _get(f"{server}/api/actors/RUS")[1]
    assert profile["names"][0]["key"] in panel.text
    assert "actor=RUS" in driver.execute_script("return window.location.hash")
    assert "selected" in node.get_attribute("class")
    screenshot(driver, "network")

    section = show(driver, server, "#actor/RUS")
    assert section.get_attribute("data-state") == "ready"
    assert "as source" in section.text.lower()
    assert rows(driver, ".view-actor tr.event-row")
    screenshot(driver, "actor")
    assert_offline_and_quiet(driver, server)


def test_the_map_draws_the_shipped_outline_and_a_circle_per_place(driver: Any, server: str) -> None:
    section = show(driver, server, "#map")
    assert section.get_attribute("data-state") == "ready"
    land = driver.find_element("css selector", "svg.worldmap path.land")
    assert len(land.get_attribute("d")) > 20_000
    assert driver.find_element("css selector", "svg.worldmap path.borders").get_attribute("d")
    places = _get(f"{server}/api/places")[1]["places"]
    assert places
    circles = rows(driver, "svg.worldmap circle.place")
    assert len(circles) == len(places)
    radii = {c.get_attribute("data-name"): float(c.get_attribute("r")) for c in circles}
    busiest = max(places, key=lambda p: p["events"])
    assert radii[busiest["name"]] == max(radii.values())
    driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", circles[0]
    )
    wait_for(driver, "return document.querySelector('.place-detail h3') !== null")
    assert (
        circles[0].get_attribute("data-name")
        in driver.find_element("css selector", ".place-detail").text
    )
    screenshot(driver, "map")
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert f"{server}/static/world-110m.json" in urls
    assert_offline_and_quiet(driver, server)


def test_the_article_page_marks_each_evidence_and_trigger(driver: Any, server: str) -> None:
    claims = _get(f"{server}/api/claims")[1]["claims"]
    doc_id = claims[0]["event"]["doc_id"] if claims else None
    if doc_id is None:
        doc_id = _get(f"{server}/api/events?limit=1")[1]["events"][0]["doc_id"]
    doc = _get(f"{server}/api/documents/{urllib.parse.quote(doc_id)}")[1]
    event = doc["events"][-1]
    section = show(driver, server, f"#event/{doc_id}?e={event['event_id']}")
    assert section.get_attribute("data-state") == "ready"

    text = driver.find_element("css selector", ".article-text")
    assert driver.execute_script("return arguments[0].textContent", text) == doc["text"]
    assert len(rows(driver, ".article-text mark")) >= 1
    evidence = driver.execute_script(
        "return [...arguments[0].querySelectorAll('mark')]"
        ".filter(m => m.dataset.events.split(' ').includes(arguments[1]))"
        ".map(m => m.textContent).join('')",
        text,
        event["event_id"],
    )
    start, end = event["evidence"]["start"], event["evidence"]["end"]
    assert evidence == doc["text"][start:end]
    triggers = driver.execute_script(
        "return [...arguments[0].querySelectorAll('strong.trigger')]"
        ".filter(m => m.dataset.events.split(' ').includes(arguments[1]))"
        ".map(m => m.textContent).join('')",
        text,
        event["event_id"],
    )
    assert triggers == event["trigger"]["text"]
    assert all(
        m.get_attribute("class") and "active" in m.get_attribute("class")
        for m in rows(driver, ".article-text mark")
        if event["event_id"] in (m.get_attribute("data-events") or "").split()
    )

    cards = rows(driver, ".event-card")
    assert len(cards) == len(doc["events"])
    active = driver.find_element("css selector", ".event-card.active")
    assert active.get_attribute("data-event-id") == event["event_id"]
    assert event["cameo_name"] in active.text and event["mode"] in active.text
    screenshot(driver, "event")

    by_id = {e["event_id"]: e for e in doc["events"]}
    starts = [by_id[c.get_attribute("data-event-id")]["evidence"]["start"] for c in cards]
    assert starts == sorted(starts)  # the cards follow the text

    first = cards[0]
    driver.execute_script("arguments[0].click()", first)
    assert "active" in first.get_attribute("class")
    assert f"e={first.get_attribute('data-event-id')}" in driver.execute_script(
        "return window.location.hash"
    )
    assert_offline_and_quiet(driver, server)


def test_a_missing_article_is_an_error_message_not_a_blank_page(driver: Any, server: str) -> None:
    section = show(driver, server, "#event/no-such-article")
    assert section.get_attribute("data-state") == "error"
    assert "no document" in section.text
    # the 404 itself is logged by the browser; nothing else may be
    assert_offline_and_quiet(driver, server, allow=("404",))


def test_the_claims_view_lists_claims_with_who_asserts_and_denies(driver: Any, server: str) -> None:
    claims = _get(f"{server}/api/claims")[1]["claims"]
    section = show(driver, server, "#claims")
    assert section.get_attribute("data-state") == "ready"
    shown = rows(driver, "tr.claim-row")
    if not claims:
        assert not shown
        assert "No claims" in section.text
        return
    assert len(shown) == min(len(claims), 50)
    assert [r.get_attribute("data-event-id") for r in shown] == [c["event_id"] for c in claims[:50]]
    denied = [c for c in claims if c["status"] == "denied"]
    assert len(rows(driver, "tr.claim-row.status-denied")) == len(denied)
    for claim, row in zip(claims, shown, strict=False):
        for actor in claim["denied_by"] + claim["asserted_by"]:
            if actor.get("code"):
                assert actor["code"] in row.text
    screenshot(driver, "claims")

    if denied:
        show(driver, server, "#claims?status=denied")
        assert len(rows(driver, "tr.claim-row")) == len(denied)

    link = rows(driver, "tr.claim-row a.doc-link")[0]
    before = renders(driver)
    driver.execute_script("arguments[0].click()", link)
    wait_for(driver, "return Number(document.body.dataset.renders || 0) > arguments[0]", before)
    assert driver.find_element("css selector", "#view > section").get_attribute("data-view") == (
        "event"
    )
    assert rows(driver, ".article-text mark")
    assert_offline_and_quiet(driver, server)


def test_the_api_page_renders_every_path_from_openapi(driver: Any, server: str) -> None:
    spec = _get(f"{server}/openapi.json")[1]
    driver.get(f"{server}/docs")
    wait_for(driver, "return document.body.dataset.ready === '1'")
    assert driver.find_element("css selector", "#api").get_attribute("data-state") == "ready"
    for path, item in spec["paths"].items():
        for method in item:
            section = driver.find_element(
                "css selector", f"section.op[data-path='{path}'][data-method='{method}']"
            )
            assert path in section.text
    events = driver.find_element("css selector", "section.op[data-path='/api/events']")
    names = {r.get_attribute("data-param") for r in events.find_elements("css selector", "tr")}
    for param in ("source", "target", "plover", "quad_class", "since", "limit", "offset"):
        assert param in names
    assert "example response" in events.text.lower()
    assert "/api/events" in driver.find_element("css selector", "#toc").text
    screenshot(driver, "docs")
    assert_offline_and_quiet(driver, server)
