"""The README's gallery: every image it shows is in the repository and small, and
``tools/gallery.py`` still makes one from a real server and headless Chromium."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
GALLERY = REPO / "docs" / "gallery"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)|\]\((gallery/[^)\s]+\.png)\)")


def referenced_images() -> list[Path]:
    """The local images README.md and docs/*.md show or link, as paths in the repository."""
    found: list[Path] = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for match in IMAGE.finditer(doc.read_text(encoding="utf-8")):
            target = match.group(1) or match.group(2)
            if not target.startswith(("http://", "https://")):
                found.append((doc.parent / target).resolve())
    return found


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gallery", REPO / "tools" / "gallery.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_image_the_docs_show_exists() -> None:
    images = referenced_images()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Gallery" in readme
    assert len({p for p in images if p.parent == GALLERY}) >= 7
    for path in images:
        assert path.is_file(), f"{path.relative_to(REPO)} is shown in the docs but missing"


def test_the_gallery_is_small_and_complete() -> None:
    """Every image the tool makes is in docs/gallery, shown in the README, and the whole stays
    well under 2 MB."""
    tool = load_tool()
    expected = {f"explorer-{v}.png" for v in tool.VIEWS} | {f"{p}.png" for p in tool.PLOTS}
    present = {p.name for p in GALLERY.glob("*.png")}
    assert expected == present
    shown = {p.name for p in referenced_images() if p.parent == GALLERY}
    assert expected <= shown
    sizes = [p.stat().st_size for p in GALLERY.glob("*.png")]
    assert sum(sizes) < 1_500_000, sizes
    for path in GALLERY.glob("*.png"):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path.name


@pytest.mark.browser
@pytest.mark.model
def test_the_tool_makes_a_view_and_a_plot(example_db: Path, tmp_path: Path) -> None:
    """One explorer view (the map) and one plot, into a temporary folder, from the example store."""
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        if os.environ.get("CI"):
            pytest.fail(
                "needs /usr/bin/chromium and /usr/bin/chromedriver (required when CI is set)"
            )
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver")
    pytest.importorskip("selenium")
    tool = load_tool()
    out = tmp_path / "gallery"
    assert (
        tool.main(
            ["--db", str(example_db), "--out", str(out), "--only", "map", "--only", "plot-dyad"]
        )
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["explorer-map.png", "plot-dyad.png"]
    from PIL import Image

    with Image.open(out / "explorer-map.png") as image:
        assert image.size == (tool.WIDTH, tool.HEIGHT)
        # Not a blank page: the map and its circles give the screenshot many colours.
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or []) > 20
