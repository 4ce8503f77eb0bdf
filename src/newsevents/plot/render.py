"""Figures out to files: PNG and SVG through matplotlib, HTML as one self-contained page.

Figures are built on :class:`matplotlib.figure.Figure` with an Agg canvas, never through
``pyplot``, so plotting from a server, a notebook or a test leaves no global figure state
behind. A :class:`DataFigure` carries the numbers it draws, so the HTML page can show them as a
table next to the picture; the page inlines its SVG and its styles and loads nothing from the
network, so it can be mailed, archived or opened offline.
"""

from __future__ import annotations

import html
import io
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from ..errors import NewsEventsError
from ..store import Store

__all__ = [
    "FORMATS",
    "DataFigure",
    "PlotError",
    "Table",
    "connection_of",
    "figure_svg",
    "html_page",
    "output_format",
    "save_figure",
]

#: The file extensions a plot can be written as.
FORMATS: tuple[str, ...] = (".png", ".svg", ".html")

#: Resolution of PNG output: sharp on high-density screens and in print, still small files.
PNG_DPI = 150

#: House style, applied while a figure is built (``style()``), never globally.
STYLE: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 9.5,
    "axes.edgecolor": "#6b6b6b",
    "axes.labelcolor": "#333333",
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.linewidth": 0.8,
    "xtick.color": "#4d4d4d",
    "ytick.color": "#4d4d4d",
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "grid.color": "#e3e3e3",
    "grid.linewidth": 0.7,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
}

INK = "#222222"
MUTED = "#666666"


class PlotError(NewsEventsError):
    """A plot cannot be drawn or written: nothing to draw, or an unsupported output file."""


@dataclass(frozen=True, slots=True)
class Table:
    """The numbers behind a figure, as text cells, for the HTML page."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class DataFigure(Figure):
    """A matplotlib Figure that also carries its numbers (``table``) and a one-line ``summary``
    of what it shows, so :func:`save_figure` can write an HTML page and the CLI a message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table: Table | None = None
        self.summary: str = ""
        self.heading: str = ""


@dataclass(slots=True)
class _Page:
    title: str
    subtitle: str = ""
    tables: list[Table] = field(default_factory=list)


@contextmanager
def style() -> Iterator[None]:
    """The house style while figures are built; rcParams are restored afterwards."""
    with matplotlib.rc_context(STYLE):
        yield


def new_figure(width: float, height: float) -> DataFigure:
    """An empty figure with an Agg canvas and constrained layout (titles and legends fit)."""
    fig = DataFigure(figsize=(width, height), layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def connection_of(store_or_conn: Store | sqlite3.Connection) -> tuple[sqlite3.Connection, str]:
    """The SQLite connection behind a store, and a name for messages ("events.db")."""
    if isinstance(store_or_conn, sqlite3.Connection):
        return store_or_conn, "the store"
    if isinstance(store_or_conn, Store):
        return store_or_conn._conn, Path(store_or_conn.path).name
    raise TypeError(f"expected a Store or sqlite3.Connection, got {type(store_or_conn).__name__}")


def output_format(path: str | os.PathLike[str]) -> str:
    """The format a plot file is written in, from its extension (``".png"``...); a clear error
    names an unknown one and the choices before any work is done."""
    suffix = Path(path).suffix.lower()
    if suffix in FORMATS:
        return suffix
    what = f"unknown extension {suffix!r}" if suffix else "no extension"
    choices = f"{', '.join(FORMATS[:-1])} or {FORMATS[-1]}"
    raise PlotError(f"cannot write a plot to {os.fspath(path)}: {what}; use {choices}")


def figure_svg(fig: Figure) -> str:
    """The figure as an SVG document (text kept as text, no timestamp, stable ids)."""
    buffer = io.BytesIO()
    # Text stays text (searchable, selectable, smaller than glyph outlines); ids are stable.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "newsevents"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


_SVG_PREAMBLE = re.compile(r"^.*?(?=<svg\b)", re.S)
_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SVG_NAMESPACES = re.compile(r'\s+xmlns(?::xlink)?="[^"]*"')


def _inline_svg(svg: str, label: str) -> str:
    """An SVG document made an element of an HTML page: no XML prolog, DOCTYPE or RDF, and no
    namespace declarations (the HTML parser knows ``svg`` and ``xlink:href`` by itself)."""
    body = _SVG_METADATA.sub("", _SVG_PREAMBLE.sub("", svg, count=1), count=1)
    head, rest = body.split(">", 1)
    head = _SVG_NAMESPACES.sub("", head).replace(
        "<svg", f'<svg role="img" aria-label="{html.escape(label)}"', 1
    )
    return f"{head}>{rest}".strip()


_CSS = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222;
       max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.35rem; margin: 0 0 .2rem; }
p.sub { color: #555; margin: 0 0 1rem; }
figure { margin: 0 0 1.5rem; }
figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .85rem; margin: 0 0 1.5rem;
        font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding: 0 0 .4rem; }
th, td { padding: .2rem .7rem; border-bottom: 1px solid #e3e3e3; text-align: left; }
th { border-bottom: 2px solid #999; }
.num { text-align: right; }
footer { color: #777; font-size: .8rem; }
.hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
          white-space: nowrap; }
"""


_NUMBER = re.compile(r"^[+\-−]?[\d,.]+%?$")


def _table_html(table: Table) -> str:
    """Numeric columns right-aligned (so digits line up), text columns left-aligned."""
    numeric = [
        bool(table.rows) and all(_NUMBER.match(row[i]) for row in table.rows)
        for i in range(len(table.columns))
    ]

    def cell(tag: str, text: str, i: int, scope: str = "") -> str:
        attrs = (' class="num"' if numeric[i] else "") + scope
        return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"

    head = "".join(cell("th", c, i, ' scope="col"') for i, c in enumerate(table.columns))
    body = "\n".join(
        "<tr>" + "".join(cell("td", text, i) for i, text in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return (
        f"<table>\n<caption>{html.escape(table.caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )


def html_page(
    fig: Figure, *, title: str = "", subtitle: str = "", tables: Sequence[Table] = ()
) -> str:
    """One self-contained HTML page: the figure as inline SVG and its numbers as tables.

    No scripts, no external styles or fonts: the page works offline and shows the same picture
    as the SVG file. A :class:`DataFigure` supplies its own title and table; its title is drawn
    in the picture, so the page heading is then kept for screen readers only.
    """
    page = _Page(title=title, subtitle=subtitle, tables=list(tables))
    drawn = False
    if isinstance(fig, DataFigure):
        drawn = not title and bool(fig.heading)
        page.title = page.title or fig.heading
        if not page.tables and fig.table is not None:
            page.tables.append(fig.table)
    page.title = page.title or "newsevents plot"
    svg = _inline_svg(figure_svg(fig), page.title)
    heading_class = ' class="hidden"' if drawn else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(page.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1{heading_class}>{html.escape(page.title)}</h1>",
    ]
    if page.subtitle:
        parts.append(f'<p class="sub">{html.escape(page.subtitle)}</p>')
    parts.append(f"<figure>\n{svg}\n</figure>")
    parts.extend(_table_html(t) for t in page.tables)
    parts += [
        "</main>",
        "<footer>Made with newsevents from coded news events.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int = PNG_DPI) -> Path:
    """Write ``fig`` as PNG, SVG or a self-contained HTML page, chosen by the file extension.

    One call for every format keeps the CLI, scripts and notebooks producing identical files.
    Returns the path written.
    """
    fmt = output_format(path)
    target = Path(path)
    try:
        if fmt == ".html":
            target.write_text(html_page(fig), encoding="utf-8")
        elif fmt == ".svg":
            target.write_text(figure_svg(fig), encoding="utf-8")
        else:
            if not isinstance(fig.canvas, FigureCanvasAgg):
                FigureCanvasAgg(fig)
            fig.savefig(target, format="png", dpi=dpi)
    except OSError as exc:
        raise PlotError(f"cannot write {os.fspath(path)}: {exc.strerror or exc}") from exc
    return target
