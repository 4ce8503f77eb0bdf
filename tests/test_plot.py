"""Plots: the dyad timeline and the network figure, their PNG/SVG/HTML files, the plot command."""

from __future__ import annotations

import os
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from click.testing import CliRunner, Result
from matplotlib.figure import Figure

from newsevents.cli import cli
from newsevents.errors import NewsEventsError
from newsevents.plot import (
    DataFigure,
    PlotError,
    draw_dyad,
    draw_network,
    dyad_figure,
    html_page,
    network_data,
    network_figure,
    output_format,
    save_figure,
)
from newsevents.plot.network import Network, NetworkNode, layout_positions
from newsevents.store import Store, aggregate
from newsevents.store.aggregate import Edge, TimelinePoint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"

# A dyad the example store has (Russia-China talks in May and October 2024), and one it lacks.
A, B = "RUS", "CHN"
EMPTY = ("FRA", "JPN")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always follows the signature."""
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def svg_text(path: Path) -> str:
    """Every text the SVG draws (it keeps text as text), joined; parsing proves it is XML."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def invoke(*args: str | os.PathLike[str]) -> Result:
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEWSEVENTS_")}
    return CliRunner().invoke(cli, [os.fspath(a) for a in args], env=env)


def node_labels(fig: Figure) -> list[str]:
    return [
        t.get_text() for ax in fig.axes for t in ax.texts if (t.get_gid() or "").startswith("node:")
    ]


def points() -> list[TimelinePoint]:
    """A made-up timeline: two months with events and a gap between them."""
    return [
        TimelinePoint("2024-01", 5, 12.0, 2.4, (0, 3, 1, 1, 0)),
        TimelinePoint("2024-04", 4, -20.0, -5.0, (1, 0, 0, 1, 2)),
    ]


# -- without a store ----------------------------------------------------------------------------


def test_output_format_follows_the_extension() -> None:
    assert output_format("a.png") == ".png"
    assert output_format(Path("b.SVG")) == ".svg"
    assert output_format("dir.v2/c.html") == ".html"
    with pytest.raises(PlotError, match=r"'\.pdf'.*\.png, \.svg or \.html"):
        output_format("plot.pdf")
    with pytest.raises(PlotError, match="no extension"):
        output_format("plot")
    assert issubclass(PlotError, NewsEventsError)


def test_a_timeline_is_drawn_without_a_store(tmp_path: Path) -> None:
    fig = draw_dyad(points(), "usa", "egy", interval="month")

    assert isinstance(fig, Figure) and isinstance(fig, DataFigure)
    assert fig.heading == "USA ↔ EGY: cooperation and conflict, 2024-01 to 2024-04"
    assert fig.summary == "USA ↔ EGY: 9 events in 2 months, 2024-01 to 2024-04"
    assert fig.table is not None
    assert [row[0] for row in fig.table.rows] == ["2024-01", "2024-04"]
    assert fig.table.rows[1][1:] == ("4", "0", "0", "1", "2", "1", "-5.00")
    out = save_figure(fig, tmp_path / "t.png")
    data = out.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert png_size(data) == (1500, 810)  # 10 x 5.4 inches at 150 dpi


def test_bars_stack_cooperation_up_and_conflict_down() -> None:
    fig = draw_dyad(points(), "USA", "EGY")
    bars = fig.axes[0].patches
    heights = sorted(round(p.get_height()) for p in bars if p.get_height() != 0)

    # Verbal cooperation 3, material 1 in January; conflict 1 (Jan), 1 and 2 (Apr) below zero.
    assert heights == [-2, -1, -1, 1, 3]


def test_plotting_leaves_global_matplotlib_state_alone(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    save_figure(draw_dyad(points(), "USA", "EGY"), tmp_path / "t.svg")

    assert dict(matplotlib.rcParams) == before


def test_a_network_is_laid_out_inside_the_canvas_the_same_way_every_time() -> None:
    edges = (
        Edge("USA", "LBY", 10, -2.0, 0.5),
        Edge("LBY", "USA", 3, 1.0, 0.0),
        Edge("FRA", "LBY", 2, -5.0, 1.0),
        Edge("EGY", "ISR", 1, 3.0, 0.0),  # a separate part
    )
    weights = [("LBY", 15), ("USA", 13), ("FRA", 2), ("EGY", 1), ("ISR", 1)]
    nodes = tuple(NetworkNode(k, e, 0, 0) for k, e in weights)
    data = Network("country", nodes, edges, 5, 1, aggregate.HAPPENED, None, None)
    for layout in ("spring", "circle"):
        pos = layout_positions(data, layout)  # type: ignore[arg-type]
        assert pos.shape == (5, 2)
        assert np.isfinite(pos).all() and np.abs(pos).max() <= 1.0 + 1e-9
        assert np.array_equal(pos, layout_positions(data, layout))  # type: ignore[arg-type]
    fig = draw_network(data)
    assert sorted(node_labels(fig)) == ["EGY", "FRA", "ISR", "LBY", "USA"]
    with pytest.raises(PlotError, match="unknown layout 'grid'"):
        layout_positions(data, "grid")  # type: ignore[arg-type]


def test_html_of_a_plain_figure_has_a_heading_and_no_table() -> None:
    fig = Figure()
    fig.add_subplot().plot([1, 2], [3, 4])
    page = html_page(fig, title="My & plot")

    assert "<h1>My &amp; plot</h1>" in page
    assert "<svg" in page and "<table" not in page


# -- on the example store -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(example_db: Path) -> Iterator[Store]:
    with Store(example_db, readonly=True) as s:
        yield s


@pytest.fixture(scope="module")
def timeline(store: Store) -> list[TimelinePoint]:
    found = aggregate.dyad_timeline(store._conn, A, B)
    assert len(found) >= 2, "the example store should have RUS-CHN events in two months"
    return found


@pytest.mark.model
def test_dyad_png(store: Store, tmp_path: Path) -> None:
    out = save_figure(dyad_figure(store, A, B), tmp_path / "dyad.png")
    data = out.read_bytes()

    assert data.startswith(PNG_SIGNATURE)
    assert png_size(data) == (1500, 810)
    assert len(data) > 20_000  # drawn, not blank


@pytest.mark.model
def test_dyad_svg_names_the_dyad_and_its_period(
    store: Store, timeline: list[TimelinePoint], tmp_path: Path
) -> None:
    out = save_figure(dyad_figure(store, A, B), tmp_path / "dyad.svg")
    text = svg_text(out)

    first, last = timeline[0].period, timeline[-1].period
    assert f"{A} ↔ {B}: cooperation and conflict, {first} to {last}" in text
    assert "events per month" in text and "mean Goldstein score" in text
    for label in ("verbal cooperation", "material cooperation", "verbal conflict"):
        assert label in text  # the legend


@pytest.mark.model
def test_dyad_html_is_one_self_contained_page_with_the_numbers(
    store: Store, timeline: list[TimelinePoint], tmp_path: Path
) -> None:
    out = save_figure(dyad_figure(store, A, B), tmp_path / "dyad.html")
    page = out.read_text(encoding="utf-8")

    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 1 and "<table>" in page
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    for point in timeline:
        row = re.search(rf"<tr><td>{point.period}</td><td class=\"num\">(\d+)</td>", page)
        assert row is not None and int(row.group(1)) == point.events
    assert f"{point.goldstein_mean:+.2f}" in page
    assert not re.search(r"https?://", page)  # nothing to fetch: no script, style or font
    assert "<script" not in page and "<link" not in page and "@import" not in page


@pytest.mark.model
def test_dyad_options_reach_the_figure(store: Store) -> None:
    import datetime as dt

    fig = dyad_figure(
        store, A, B, interval="week", both_ways=False, since=dt.date(2024, 10, 1), modes=None
    )

    assert fig.heading.startswith(f"{A} → {B}: cooperation and conflict, 2024-10-01 to ")
    assert fig.table is not None and fig.table.columns[0] == "week starting"
    ax = fig.axes[0]
    assert "events per week" in ax.get_ylabel()
    assert "of every mode" in ax.get_title(loc="left")


@pytest.mark.model
def test_a_dyad_without_events_is_an_error(store: Store) -> None:
    with pytest.raises(PlotError, match=r"no events between FRA and JPN in events\.db"):
        dyad_figure(store, *EMPTY)


@pytest.mark.model
def test_network_nodes_are_the_apis_nodes(store: Store, tmp_path: Path) -> None:
    edges = aggregate.network(store._conn, level="country")
    api_nodes = {e.source for e in edges} | {e.target for e in edges}  # as /api/network counts

    data = network_data(store, level="country", top=len(api_nodes))
    fig = network_figure(store, level="country", top=len(api_nodes))

    assert {n.id for n in data.nodes} == api_nodes
    assert len(data.edges) == len(edges)
    labels = node_labels(fig)
    assert len(labels) == len(data.nodes) and set(labels) == api_nodes
    text = svg_text(save_figure(fig, tmp_path / "net.svg"))
    assert all(code in text for code in api_nodes)


@pytest.mark.model
def test_network_top_keeps_the_busiest_nodes(store: Store, tmp_path: Path) -> None:
    data = network_data(store, level="actor", top=6)
    fig = draw_network(data, layout="circle")

    assert 2 <= len(data.nodes) <= 6
    events = [n.events for n in data.nodes]
    assert events == sorted(events, reverse=True)
    assert {e.source for e in data.edges} | {e.target for e in data.edges} == {
        n.id for n in data.nodes
    }
    assert len(node_labels(fig)) == len(data.nodes)
    page = save_figure(fig, tmp_path / "net.html").read_text(encoding="utf-8")
    assert "<table>" in page and "conflict share" in page
    assert not re.search(r"https?://", page)


@pytest.mark.model
def test_network_with_nothing_to_draw_is_an_error(store: Store) -> None:
    with pytest.raises(PlotError, match="no events between countries with at least 999 events"):
        network_data(store, min_events=999)


# -- the command --------------------------------------------------------------------------------


@pytest.mark.model
def test_plot_dyad_command_writes_each_format(example_db: Path, tmp_path: Path) -> None:
    for ext in ("png", "svg", "html"):
        out = tmp_path / f"rus-chn.{ext}"
        result = invoke("plot", "dyad", "rus", "chn", "--db", example_db, "--out", out)

        assert result.exit_code == 0, result.output
        assert f"{out}: RUS ↔ CHN: " in result.output and " events in " in result.output
        assert out.stat().st_size > 1000


@pytest.mark.model
def test_plot_network_command(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.png"
    result = invoke(
        "plot", "network", "--db", example_db, "--out", out, "--level", "actor", "--top", "8"
    )

    assert result.exit_code == 0, result.output
    assert "actor network: " in result.output
    assert out.read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.model
def test_plot_command_refuses_an_unknown_extension(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "plot.pdf"
    result = invoke("plot", "dyad", A, B, "--db", example_db, "--out", out)

    assert result.exit_code == 2
    assert "'.pdf'" in result.output and ".png, .svg or .html" in result.output
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.model
def test_plot_command_reports_an_empty_dyad(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.png"
    result = invoke("plot", "dyad", *EMPTY, "--db", example_db, "--out", out)

    assert result.exit_code == 1
    assert "error: no events between FRA and JPN in events.db" in result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert not out.exists()


@pytest.mark.model
def test_plot_command_checks_modes(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.png"
    bad = invoke("plot", "dyad", A, B, "--db", example_db, "--out", out, "--modes", "rumoured")
    every = invoke("plot", "dyad", A, B, "--db", example_db, "--out", out, "--modes", "all")

    assert bad.exit_code == 2 and "unknown mode rumoured" in bad.output
    assert every.exit_code == 0, every.output


def test_plot_command_on_a_missing_store(tmp_path: Path) -> None:
    result = invoke("plot", "network", "--db", tmp_path / "none.db", "--out", tmp_path / "n.png")

    assert result.exit_code == 1
    assert "database not found" in result.output
