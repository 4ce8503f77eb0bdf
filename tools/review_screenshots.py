"""Screenshots of reviewing in the explorer for docs/review.md, in docs/review/.

    python tools/review_screenshots.py                 # examples/ and ../shared's sample article
    python tools/review_screenshots.py --db events.db --out /tmp/review

Codes the inputs into a fresh store (or copies ``--db``: reviews are writes), starts
``newsevents serve --review-token`` on it, records a few reviews and a sample through the HTTP
API so that the pages have something to show, then saves, at the gallery's window size and
colour depth (see tools/gallery.py): the article page in review mode with the correction form
open, the event table in review mode, and the review page with a sample and the scores.
"""

from __future__ import annotations

import argparse
import collections
import json
import secrets
import shutil
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gallery import (
    REPO,
    browser,
    default_inputs,
    get_json,
    newsevents,
    optimise,
    server,
    show,
    wait_for,
)

REVIEWER = "Ann Analyst"
SAMPLE = "first-pass"


def post(base: str, path: str, body: dict[str, Any], token: str) -> Any:
    request = urllib.request.Request(
        f"{base}{path}",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "X-Reviewer": REVIEWER,
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def record_reviews(base: str, token: str) -> str:
    """A stratified sample, and verdicts on most of it (mostly right, some wrong or
    corrected), so that the scores and the walk's progress have numbers. The sample's name."""
    post(base, "/api/review/samples", {"n": 16, "stratify": "type", "name": SAMPLE}, token)
    items = get_json(f"{base}/api/review/samples/{SAMPLE}")["events"]
    for i, item in enumerate(items[:11]):
        body: dict[str, Any] = {"event_id": item["event_id"], "verdict": "right"}
        if i % 5 == 3:
            body["verdict"] = "wrong"
            body["comment"] = "a sports report, not a political event"
        elif i % 5 == 4:
            body.update(verdict="corrected", mode="reported")
        post(base, "/api/reviews", body, token)
    return SAMPLE


def sign_in(driver: Any, base: str, token: str) -> None:
    driver.get(f"{base}/")
    wait_for(driver, "return document.body.dataset.ready === '1'")
    driver.execute_script(
        "sessionStorage.setItem('newsevents.reviewer', arguments[0]);"
        "sessionStorage.setItem('newsevents.reviewToken', arguments[1]);",
        REVIEWER,
        token,
    )
    driver.refresh()  # the top bar reads the reviewer when the page loads
    wait_for(driver, "return document.body.dataset.ready === '1'")


def save(driver: Any, path: Path) -> Path:
    driver.save_screenshot(str(path))
    optimise(path)
    print(path)
    return path


def shoot(db: Path, out: Path, work: Path) -> list[Path]:
    token = secrets.token_urlsafe(24)
    written: list[Path] = []
    with (
        server(db, work / "server.log", "--review-token", token) as base,
        browser(work / "profile") as driver,
    ):
        sample = record_reviews(base, token)
        sign_in(driver, base, token)

        # The article page, walking the sample, with the correction form open.
        items = get_json(f"{base}/api/review/samples/{sample}")["events"]
        counts = collections.Counter(it["doc_id"] for it in items)
        doc = counts.most_common(1)[0][0]
        item = next(it for it in items if it["doc_id"] == doc and not it["reviewed"])
        show(driver, base, f"#event/{doc}?e={item['event_id']}&sample={sample}")
        driver.execute_script(
            "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'c', bubbles: true}))"
        )
        wait_for(driver, "return document.querySelector('.event-card.active form.review-form')")
        driver.execute_script(
            "const f = document.querySelector('form.review-form');"
            "f.querySelector('textarea').value = 'the talks were reported, not seen';"
            "const cards = f.closest('.event-cards');"
            "cards.scrollTop += f.getBoundingClientRect().top"
            " - cards.getBoundingClientRect().top - 240;"
            "window.scrollTo(0, 0);"
        )
        time.sleep(0.4)
        written.append(save(driver, out / "review-article.png"))

        show(driver, base, "#events")
        wait_for(driver, "return document.querySelector('.results').dataset.state === 'ready'")
        written.append(save(driver, out / "review-table.png"))

        show(driver, base, f"#review?sample={sample}")
        wait_for(driver, "return document.querySelector('.scores-panel').dataset.state === 'ready'")
        time.sleep(0.3)
        written.append(save(driver, out / "review-page.png"))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path, help="articles to code")
    parser.add_argument("--db", type=Path, help="copy this store instead of coding INPUTS")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "review")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="review-shots-") as tmp:
        work = Path(tmp)
        db = work / "review.db"
        if args.db is not None:
            shutil.copy(args.db, db)
        else:
            inputs = args.inputs or default_inputs()
            print(newsevents("ingest", *map(str, inputs), "--db", str(db)))
        written = shoot(db, args.out, work)
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} images, {total / 1024:.0f} KB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
