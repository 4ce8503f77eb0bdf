"""Regenerate the README's gallery: screenshots of the explorer and the plots, in docs/gallery/.

    python tools/gallery.py                      # examples/ and ../shared's sample article
    python tools/gallery.py news.jsonl --out /tmp/gallery
    python tools/gallery.py --db events.db --only events --only map

Codes the inputs into a fresh store with ``newsevents ingest`` (or uses ``--db``), starts the
real server (``newsevents serve``) on a free port, opens each view of the explorer in headless
Chromium (Debian's ``chromium`` and ``chromedriver``, through selenium) at a fixed window size,
waits until the view says it has rendered, and saves a PNG of it; then draws the plots with
``newsevents plot``. With Pillow installed, the PNGs are reduced to 256 colours, which keeps
the whole gallery well under a megabyte. Nothing is fetched from the network: the explorer
draws the map from the world outline shipped in the package.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO.parent / "shared" / "samples" / "article-2024-10-15.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WIDTH, HEIGHT = 1200, 800
WAIT = 30.0
#: The pair the dyad views show when the store has events between them.
PAIR = ("RUS", "CHN")
VIEWS = ("events", "dyad", "network", "map", "article")
PLOTS = ("plot-dyad", "plot-network")

#: What ``newsevents`` runs (the console script's entry point), with this interpreter.
NEWSEVENTS = [sys.executable, "-c", "from newsevents.cli import main; main()"]


def default_inputs() -> list[Path]:
    """The bundled examples, and the shared sample article when it is beside the repository."""
    inputs = [REPO / "examples"]
    if SAMPLE.is_file():
        inputs.append(SAMPLE)
    return inputs


def newsevents(*args: str) -> str:
    """Run a ``newsevents`` command; what it printed (stops the tool on failure)."""
    done = subprocess.run([*NEWSEVENTS, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"newsevents {' '.join(args)} failed:\n{done.stderr}")
    return (done.stdout.strip() or done.stderr.strip()).splitlines()[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@contextmanager
def server(db: Path, log: Path, *options: str) -> Iterator[str]:
    """``newsevents serve`` over ``db`` (with ``options``) on a free port until the block ends;
    its base URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    with log.open("w") as out:
        process = subprocess.Popen(
            [*NEWSEVENTS, "serve", "--db", str(db), "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get_json(f"{base}/health").get("status") == "ok":
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def browser(profile: Path) -> Iterator[Any]:
    """Headless Chromium with a window of WIDTH x HEIGHT."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        raise SystemExit("needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_page_load_timeout(WAIT)
        # Headless Chromium takes the window size as the viewport's; correct it if not.
        driver.set_window_size(WIDTH, HEIGHT)
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        driver.set_window_size(2 * WIDTH - inner[0], 2 * HEIGHT - inner[1])
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, script: str, *args: Any) -> Any:
    deadline = time.monotonic() + WAIT
    while not (value := driver.execute_script(script, *args)):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for: {script}")
        time.sleep(0.05)
    return value


def show(driver: Any, base: str, fragment: str) -> None:
    """Open the explorer at ``fragment`` and wait until its view has rendered its data."""
    driver.get(f"{base}/{fragment}")
    wait_for(driver, "return document.body.dataset.ready === '1'")
    state = wait_for(
        driver,
        "const s = document.querySelector('#view > section');"
        "return s && ['ready', 'error'].includes(s.dataset.state) && s.dataset.state",
    )
    if state != "ready":
        raise SystemExit(f"{fragment}: the view shows an error")
    time.sleep(0.5)  # let transitions and the layout settle
    driver.execute_script("window.scrollTo(0, 0)")


def fragments(base: str) -> dict[str, str]:
    """The URL hash of each view, chosen from what the store holds."""
    a, b = PAIR
    timeline = get_json(f"{base}/api/dyads/{a}/{b}/timeline?interval=month")
    dyad = f"#dyad/{a}/{b}?interval=month" if timeline["points"] else "#dyad"
    events = get_json(f"{base}/api/events?limit=500")["events"]
    if not events:
        raise SystemExit("the store has no events")
    per_doc = collections.Counter(e["doc_id"] for e in events)
    doc = per_doc.most_common(1)[0][0]
    # The article's first event with both a source and a target, else its first event.
    in_doc = [e for e in events if e["doc_id"] == doc]
    event = next((e for e in in_doc if e["source"] and e["target"]), in_doc[0])
    return {
        "events": "#events",
        "dyad": dyad,
        "network": "#network",
        "map": "#map",
        "article": f"#event/{doc}?e={event['event_id']}",
    }


def optimise(path: Path) -> None:
    """Reduce a PNG to 256 colours, when Pillow is installed (the UI's flat colours survive)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def shoot_views(db: Path, out: Path, views: Sequence[str], work: Path) -> list[Path]:
    written: list[Path] = []
    with server(db, work / "server.log") as base, browser(work / "profile") as driver:
        hashes = fragments(base)
        for view in views:
            show(driver, base, hashes[view])
            path = out / f"explorer-{view}.png"
            driver.save_screenshot(str(path))
            optimise(path)
            written.append(path)
            print(f"{path}: {hashes[view]}")
    return written


def draw_plots(db: Path, out: Path, plots: Sequence[str]) -> list[Path]:
    written: list[Path] = []
    a, b = PAIR
    commands: dict[str, Callable[[Path], list[str]]] = {
        "plot-dyad": lambda p: ["plot", "dyad", a, b, "--db", str(db), "--out", str(p)],
        "plot-network": lambda p: ["plot", "network", "--db", str(db), "--out", str(p)],
    }
    for name in plots:
        path = out / f"{name}.png"
        print(newsevents(*commands[name](path)))
        optimise(path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        help="articles to code (default: the "
        "bundled examples and ../shared's sample article, if present)",
    )
    parser.add_argument("--db", type=Path, help="use this store instead of coding INPUTS")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "gallery")
    parser.add_argument(
        "--only", action="append", choices=[*VIEWS, *PLOTS], help="only these images (repeatable)"
    )
    args = parser.parse_args(argv)
    wanted = args.only or [*VIEWS, *PLOTS]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gallery-") as tmp:
        work = Path(tmp)
        db = args.db
        if db is None:
            db = work / "gallery.db"
            inputs = args.inputs or default_inputs()
            print(newsevents("ingest", *map(str, inputs), "--db", str(db)))
        written = []
        views = [v for v in VIEWS if v in wanted]
        if views:
            written += shoot_views(db, args.out, views, work)
        written += draw_plots(db, args.out, [p for p in PLOTS if p in wanted])
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} images, {total / 1024:.0f} KB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
