"""Who acts on whom: the directed, weighted network of countries or actor codes, as one figure.

Edges come from :func:`newsevents.store.aggregate.network` (the query behind the HTTP API's
``/api/network``); nodes are the busiest endpoints, weighed as the API weighs them (events on
their edges, in and out). Edge width shows how many events, edge colour how much of them was
conflict, node size how busy an actor is. The layout is computed here in numpy (a spring layout
by stress majorization, or a circle), deterministically, so the same store always gives the same
picture and no graph library is needed.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import PercentFormatter

from ..store import Store
from ..store.aggregate import HAPPENED, Edge, network
from .dyad import _happened, _modes_text
from .render import INK, MUTED, DataFigure, PlotError, Table, connection_of, new_figure, style

__all__ = [
    "CONFLICT_CMAP",
    "LAYOUTS",
    "Network",
    "NetworkNode",
    "draw_network",
    "layout_positions",
    "network_data",
    "network_figure",
]

Level = Literal["country", "actor"]
Layout = Literal["spring", "circle"]
LAYOUTS: tuple[Layout, ...] = ("spring", "circle")

#: Edge colour by conflict share: green (cooperative) through grey to red (conflictual), the
#: colours of the dyad plot's material cooperation and material conflict.
CONFLICT_CMAP = LinearSegmentedColormap.from_list(
    "newsevents_conflict", ["#1f7a3a", "#9a9a9a", "#b3202e"]
)
NODE_FILL = "#dde6f0"
NODE_EDGE = "#4f6179"
#: How many edges to read before choosing the top nodes: every edge of any busy node.
EDGE_POOL = 5000


@dataclass(frozen=True, slots=True)
class NetworkNode:
    """A country or actor code and the events on its edges (out: as source, in: as target)."""

    id: str
    events: int
    out_events: int
    in_events: int


@dataclass(frozen=True, slots=True)
class Network:
    """The part of the network a figure draws: the top nodes and the edges among them."""

    level: Level
    nodes: tuple[NetworkNode, ...]
    edges: tuple[Edge, ...]
    total_nodes: int
    min_events: int
    modes: tuple[str, ...] | None
    since: dt.date | None
    until: dt.date | None


def network_data(
    store_or_conn: Store | sqlite3.Connection,
    *,
    level: Level = "country",
    modes: Sequence[str] | None = HAPPENED,
    since: dt.date | None = None,
    until: dt.date | None = None,
    min_events: int = 1,
    top: int = 30,
) -> Network:
    """The ``top`` busiest nodes and the edges among them (each of at least ``min_events``).

    Nodes are weighed like the API's ``/api/network`` nodes: events on their edges, in and out.
    A node whose edges all lead outside the top is left out, so every node drawn is connected.
    """
    if level not in ("country", "actor"):
        raise PlotError(f"unknown network level {level!r}; choose country or actor")
    if top < 1:
        raise PlotError(f"top must be at least 1, got {top}")
    if min_events < 1:
        raise PlotError(f"min_events must be at least 1, got {min_events}")
    conn, where = connection_of(store_or_conn)
    edges = network(
        conn,
        level=level,
        modes=modes,
        since=since,
        until=until,
        min_events=min_events,
        limit=EDGE_POOL,
    )
    if not edges:
        what = "countries" if level == "country" else "actors"
        at_least = f" with at least {min_events} events" if min_events > 1 else ""
        raise PlotError(
            f"no events between {what}{at_least} in {where}{_when(since, until)}"
            f" (counting {_modes_text(modes)})"
        )
    weight = _weights(edges)
    ranked = sorted(weight, key=lambda k: (-weight[k][0], k))
    chosen = set(ranked[:top])
    kept = tuple(e for e in edges if e.source in chosen and e.target in chosen)
    kept_weight = _weights(kept)
    nodes = tuple(NetworkNode(k, *weight[k]) for k in ranked if k in chosen and k in kept_weight)
    return Network(
        level=level,
        nodes=nodes,
        edges=kept,
        total_nodes=len(weight),
        min_events=min_events,
        modes=tuple(modes) if modes else None,
        since=since,
        until=until,
    )


def _weights(edges: Sequence[Edge]) -> dict[str, tuple[int, int, int]]:
    """Events, out-events and in-events of each endpoint."""
    out: dict[str, int] = {}
    into: dict[str, int] = {}
    for e in edges:
        out[e.source] = out.get(e.source, 0) + e.events
        into[e.target] = into.get(e.target, 0) + e.events
    return {
        k: (out.get(k, 0) + into.get(k, 0), out.get(k, 0), into.get(k, 0)) for k in {*out, *into}
    }


def _when(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return f" from {since.isoformat()} to {until.isoformat()}"
    if since:
        return f" since {since.isoformat()}"
    if until:
        return f" until {until.isoformat()}"
    return ""


def network_figure(
    store_or_conn: Store | sqlite3.Connection,
    *,
    level: Level = "country",
    modes: Sequence[str] | None = HAPPENED,
    since: dt.date | None = None,
    until: dt.date | None = None,
    min_events: int = 1,
    top: int = 30,
    layout: Layout = "spring",
) -> DataFigure:
    """The network of the ``top`` busiest countries (or actor codes) as a figure.

    A thin wrapper: :func:`network_data` then :func:`draw_network`, so callers who want the
    numbers as well can call the two themselves.
    """
    data = network_data(
        store_or_conn,
        level=level,
        modes=modes,
        since=since,
        until=until,
        min_events=min_events,
        top=top,
    )
    source = connection_of(store_or_conn)[1] if isinstance(store_or_conn, Store) else ""
    return draw_network(data, layout=layout, source=source)


# -- layout -------------------------------------------------------------------------------------


def _strengths(data: Network) -> np.ndarray:
    """Symmetric tie strengths in [0, 1]: log of the events both ways between two nodes."""
    index = {n.id: i for i, n in enumerate(data.nodes)}
    w = np.zeros((len(index), len(index)))
    for e in data.edges:
        i, j = index[e.source], index[e.target]
        w[i, j] += e.events
        w[j, i] += e.events
    w = np.log1p(w)
    return w / w.max() if w.max() > 0 else w


def _circle_order(w: np.ndarray) -> list[int]:
    """Nodes around the circle so that strong ties sit close: start with the busiest node and
    keep adding the node most tied to the last few placed."""
    n = len(w)
    order = [0]
    left = set(range(1, n))
    while left:
        recent = order[-3:]
        best = max(
            left,
            key=lambda j: (sum(w[i, j] * (0.6**k) for k, i in enumerate(reversed(recent))), -j),
        )
        order.append(best)
        left.remove(best)
    return order


def _on_circle(order: Sequence[int]) -> np.ndarray:
    n = len(order)
    pos = np.zeros((n, 2))
    for place, node in enumerate(order):
        angle = math.pi / 2 - 2 * math.pi * place / n
        pos[node] = (math.cos(angle), math.sin(angle))
    return pos


def _spring(w: np.ndarray, start: np.ndarray, iterations: int = 300) -> np.ndarray:
    """A spring layout by stress majorization (SMACOF): nodes are placed so that their
    distances match graph distances (hops; a strong tie is only a little shorter, so heavy
    edges between hubs stay long enough to see). It spreads nodes more evenly than a force
    simulation and is deterministic: it starts from ``start``."""
    n = len(w)
    length = np.where(w > 0, 1.25 - 0.25 * w, np.inf)
    np.fill_diagonal(length, 0.0)
    dist = length
    for k in range(n):  # Floyd-Warshall: shortest paths over the springs
        dist = np.minimum(dist, dist[:, k : k + 1] + dist[k : k + 1, :])
    finite = dist[np.isfinite(dist)]
    dist[~np.isfinite(dist)] = finite.max() + 1.0  # separate parts sit a little apart
    weight = np.zeros_like(dist)
    off = dist > 0
    weight[off] = dist[off] ** -2.0
    v = -weight
    np.fill_diagonal(v, weight.sum(axis=1))
    v_inv = np.linalg.pinv(v)
    pos = start * float(dist.mean())
    for _ in range(iterations):
        now = np.linalg.norm(pos[:, None, :] - pos[None, :, :], axis=-1)
        b = np.zeros_like(now)
        nz = now > 1e-9
        b[nz] = -weight[nz] * dist[nz] / now[nz]
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(axis=1))
        moved = v_inv @ b @ pos
        done = float(np.abs(moved - pos).max()) < 1e-6
        pos = moved
        if done:
            break
    return pos


def _spread(pos: np.ndarray, min_gap: np.ndarray, rounds: int = 100) -> np.ndarray:
    """Push apart nodes closer than ``min_gap`` (pairwise) so big nodes, their labels and the
    heavy edges between them stay visible."""
    pos = pos.copy()
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(min_gap - dist, 0.0, None)
        if not overlap.any():
            break
        push = (overlap / np.maximum(dist, 1e-6))[:, :, None] * delta * 0.5
        pos += push.sum(axis=1)
    return pos


def layout_positions(data: Network, layout: Layout = "spring") -> np.ndarray:
    """Node positions (one row per ``data.nodes``), centred and stretched to fill [-1, 1] on
    both axes (the canvas is wider than tall, and markers stay round in any case)."""
    if layout not in LAYOUTS:
        raise PlotError(f"unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    n = len(data.nodes)
    if n == 1:
        return np.zeros((1, 2))
    w = _strengths(data)
    pos = _on_circle(_circle_order(w))
    if layout == "spring" and n > 2:
        pos = _spring(w, pos)
        pos = pos / max(float(np.abs(pos - pos.mean(axis=0)).max()), 1e-9)
        size = np.sqrt(np.array([node.events for node in data.nodes], dtype=float))
        size = size / size.max()
        gap = min(0.14, 1.2 / math.sqrt(n)) + 0.22 * (size[:, None] + size[None, :])
        pos = _spread(pos, min_gap=gap)
    pos = pos - (pos.max(axis=0) + pos.min(axis=0)) / 2
    scaled: np.ndarray = pos / np.maximum(np.abs(pos).max(axis=0), 1e-9)
    return scaled


# -- drawing ------------------------------------------------------------------------------------


def _edge_width(events: int, most: int) -> float:
    return 0.5 + 7.0 * math.sqrt(events / most)


def _node_radius(events: int, most: int) -> float:
    """Radius in points: area grows with events."""
    return 8.0 + 14.0 * math.sqrt(events / most)


def _nice_counts(most: int, least: int) -> list[int]:
    """Two or three round edge sizes for the width legend."""
    values = {most}
    for fraction in (0.25,):
        v = most * fraction
        if v >= least:
            magnitude = 10 ** math.floor(math.log10(v))
            values.add(max(1, int(round(v / magnitude) * magnitude)))
    values.add(max(1, least))
    return sorted(values, reverse=True)[:3]


def _period(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return f"{since.isoformat()} to {until.isoformat()}"
    if since:
        return f"since {since.isoformat()}"
    if until:
        return f"until {until.isoformat()}"
    return "all dates"


#: Rows of the edge table on an HTML page: the heaviest edges, enough to read the picture.
TABLE_ROWS = 100


def network_table(data: Network, rows: int = TABLE_ROWS) -> Table:
    """The heaviest ``rows`` edges of a network figure."""
    shown = data.edges[:rows]
    caption = (
        "Edges drawn, heaviest first"
        if len(shown) == len(data.edges)
        else f"The {len(shown)} heaviest of {len(data.edges):,} edges drawn"
    )
    return Table(
        caption=caption,
        columns=("source", "target", "events", "Goldstein mean", "conflict share"),
        rows=tuple(
            (
                e.source,
                e.target,
                f"{e.events:,}",
                f"{e.goldstein_mean:+.2f}",
                f"{e.conflict_share:.0%}",
            )
            for e in shown
        ),
    )


def draw_network(data: Network, *, layout: Layout = "spring", source: str = "") -> DataFigure:
    """Draw a :class:`Network`: nodes sized by events, edges by width and conflict colour.

    Each node label is a Text artist with gid ``node:<id>``, so tests and callers can find them.
    """
    if not data.nodes:
        raise PlotError("no network edges to draw")
    pos = layout_positions(data, layout)
    index = {n.id: i for i, n in enumerate(data.nodes)}
    most_node = max(n.events for n in data.nodes)
    most_edge = max(e.events for e in data.edges)
    least_edge = min(e.events for e in data.edges)
    radius = {n.id: _node_radius(n.events, most_node) for n in data.nodes}
    what = "countries" if data.level == "country" else "actors"
    period = _period(data.since, data.until)
    # Country codes fit inside their circle; long actor codes are printed with a white halo.
    label_size = 8.0 if data.level == "country" else 7.0

    with style():
        fig = new_figure(10, 8)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_xlim(-1.08, 1.08)
        ax.set_ylim(-1.1, 1.1)
        norm = Normalize(0.0, 1.0)
        for edge in sorted(data.edges, key=lambda e: (e.events, e.source, e.target)):
            a, b = pos[index[edge.source]], pos[index[edge.target]]
            width = _edge_width(edge.events, most_edge)
            strength = math.sqrt(edge.events / most_edge)
            ax.add_patch(
                FancyArrowPatch(
                    (float(a[0]), float(a[1])),
                    (float(b[0]), float(b[1])),
                    arrowstyle="-|>",
                    connectionstyle="arc3,rad=0.14",
                    mutation_scale=6 + 1.5 * width,
                    linewidth=width,
                    color=CONFLICT_CMAP(norm(edge.conflict_share)),
                    # Weak edges recede: a one-event edge is all one colour by chance.
                    alpha=0.28 + 0.62 * strength,
                    shrinkA=radius[edge.source] + 1,
                    shrinkB=radius[edge.target] + 1.5,
                    zorder=1,
                    capstyle="round",
                    joinstyle="round",
                )
            )
        ax.scatter(
            pos[:, 0], pos[:, 1], s=[(2 * radius[n.id]) ** 2 for n in data.nodes],
            facecolor=NODE_FILL, edgecolor=NODE_EDGE, linewidth=1.0, zorder=3,
        )  # fmt: skip
        # Labels stay text in SVG (no path effects); a label wider than its node gets a pill in
        # the node's colour so it reads over the edges.
        for node in data.nodes:
            x, y = pos[index[node.id]]
            wide = len(node.id) * 0.62 * label_size > 2 * radius[node.id]
            ax.text(
                float(x), float(y), node.id, ha="center", va="center", fontsize=label_size,
                fontweight="bold", color=INK, zorder=4, gid=f"node:{node.id}",
                bbox=dict(
                    boxstyle="round,pad=0.2", facecolor=NODE_FILL, edgecolor=NODE_EDGE,
                    linewidth=0.6, alpha=0.95,
                ) if wide else None,
            )  # fmt: skip

        colorbar = fig.colorbar(
            ScalarMappable(norm=norm, cmap=CONFLICT_CMAP), ax=ax, shrink=0.5, aspect=24, pad=0.0
        )
        colorbar.set_label("edge colour: share of conflict events (QuadClass 3–4)", color=MUTED)
        colorbar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        colorbar.outline.set_visible(False)

        handles = [
            Line2D([], [], color="#8a8a8a", linewidth=_edge_width(v, most_edge), label=f"{v:,}")
            for v in _nice_counts(most_edge, least_edge)
        ]
        fig.legend(
            handles=handles, loc="outside lower center", ncols=len(handles), handlelength=3,
            title="edge width: events from source to target", title_fontsize=8.5,
        )  # fmt: skip

        heading = f"Who acts on whom: {what}, {period}"
        counted = "events that happened" if _happened(data.modes) else _modes_text(data.modes)
        shown = (
            f"all {len(data.nodes)} {what}"
            if len(data.nodes) == data.total_nodes
            else f"top {len(data.nodes)} of {data.total_nodes:,} {what}"
        )
        parts = [
            shown if len(data.nodes) == data.total_nodes else f"{shown} by events",
            f"{len(data.edges):,} directed edges"
            + (f" of ≥ {data.min_events} events" if data.min_events > 1 else ""),
            counted,
            "node size: events in and out",
        ]
        subheading = " · ".join(parts)
        fig.suptitle(heading, x=0.01, ha="left", fontsize=13, fontweight="bold", color=INK)
        ax.set_title(subheading, loc="left", fontsize=9.5, fontweight="normal", color=MUTED)
        credit = f"Source: {source} · {layout} layout" if source else f"{layout} layout"
        fig.supxlabel(credit, x=0.995, ha="right", fontsize=7, color="#8a8a8a")

    fig.heading = heading
    fig.summary = (
        f"{data.level} network: {len(data.nodes)} {what}, {len(data.edges)} edges, {period}"
    )
    fig.table = network_table(data)
    return fig
