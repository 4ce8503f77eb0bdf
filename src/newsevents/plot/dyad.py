"""A dyad's cooperation and conflict over time, as one figure.

Bars above zero count cooperation (verbal, material) per period and bars below count conflict,
so the balance between two actors reads at a glance; the mean Goldstein score on the right axis
says how intense it was. Both axes are symmetric around zero so their zero lines coincide.
The numbers come from :func:`newsevents.store.aggregate.dyad_timeline`, the same query the HTTP
API answers with, so a plot and the API never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, MaxNLocator

from ..store import Store
from ..store.aggregate import HAPPENED, INTERVALS, Interval, TimelinePoint, dyad_timeline
from .render import INK, MUTED, DataFigure, PlotError, Table, connection_of, new_figure, style

__all__ = ["QUAD_STYLE", "draw_dyad", "dyad_figure", "dyad_table", "period_start"]

#: QuadClass, legend label, colour and side (+1 cooperation above zero, -1 conflict below),
#: stacked from zero outwards: verbal next to the axis, material (stronger) beyond it.
QUAD_STYLE: tuple[tuple[int, str, str, int], ...] = (
    (1, "verbal cooperation", "#8cc68a", 1),
    (2, "material cooperation", "#1f7a3a", 1),
    (3, "verbal conflict", "#f2a072", -1),
    (4, "material conflict", "#b3202e", -1),
)
GOLDSTEIN_COLOUR = "#27408b"
_PER = {"day": "day", "week": "week", "month": "month", "year": "year"}


def period_start(period: str, interval: Interval) -> dt.date:
    """The first day of a timeline period ("2011-02" for a month, "2011" for a year...)."""
    if interval == "month":
        return dt.date(int(period[:4]), int(period[5:7]), 1)
    if interval == "year":
        return dt.date(int(period[:4]), 1, 1)
    return dt.date.fromisoformat(period)  # day, or the Monday of a week


def _next(start: dt.date, interval: Interval) -> dt.date:
    if interval == "day":
        return start + dt.timedelta(days=1)
    if interval == "week":
        return start + dt.timedelta(days=7)
    if interval == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return dt.date(start.year + 1, 1, 1)


def _containing(day: dt.date, interval: Interval) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def _label(start: dt.date, interval: Interval) -> str:
    if interval == "month":
        return start.strftime("%Y-%m")
    if interval == "year":
        return str(start.year)
    return start.isoformat()


def _count_periods(first: dt.date, last: dt.date, interval: Interval) -> int:
    if interval == "day":
        return (last - first).days + 1
    if interval == "week":
        return (last - first).days // 7 + 1
    if interval == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def _days(days: Sequence[dt.date]) -> np.ndarray:
    """Matplotlib's date numbers (days since its epoch) for ``days``."""
    return np.asarray(date2num(list(days)), dtype=float)  # type: ignore[no-untyped-call]


def _date_axis(ax: Axes, first: dt.date, last: dt.date, interval: Interval) -> None:
    """Date ticks on the x axis, labelled concisely ("2011", "Feb", "Mar"... or "15").

    A short series gets one tick per period, at its start, so a month is never labelled by
    days; a long one lets matplotlib choose round dates.
    """
    if _count_periods(first, last, interval) <= 16:
        starts = [first]
        while starts[-1] < last:
            starts.append(_next(starts[-1], interval))
        starts.append(_next(starts[-1], interval))
        ax.xaxis.set_major_locator(FixedLocator([float(d) for d in _days(starts)]))
        ax.xaxis.set_major_formatter(FixedFormatter(_tick_labels(starts, interval)))
        return
    locator = AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
    formatter = ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def _tick_labels(days: Sequence[dt.date], interval: Interval) -> list[str]:
    """ "2011", "Feb", "Mar"... or "7 Mar", "14 Mar"...: the year only where it changes."""
    labels = []
    for i, day in enumerate(days):
        new_year = i == 0 or day.year != days[i - 1].year
        if interval == "year":
            labels.append(str(day.year))
        elif interval == "month":
            labels.append(f"{day:%b}\n{day.year}" if new_year else f"{day:%b}")
        else:
            label = f"{day.day} {day:%b}"
            labels.append(f"{label}\n{day.year}" if new_year else label)
    return labels


def _limits(up: float, down: float, lowest: float, highest: float) -> tuple[float, float, float]:
    """Event-axis limits and the Goldstein units per event, so that both zero lines coincide,
    the taller side of the bars spans the full ±10 Goldstein scale, and every bar and mean
    fits; the short side is not padded to match the tall one."""
    peak = max(up, down, 1.0)
    scale = 11.0 / peak
    need_up = max(up, (max(highest, 0.0) + 1.0) / scale, 0.12 * peak)
    need_down = max(down, (max(-lowest, 0.0) + 1.0) / scale, 0.12 * peak)
    return -need_down * 1.06, need_up * 1.06, scale


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _span(
    points: Sequence[TimelinePoint],
    interval: Interval,
    since: dt.date | None,
    until: dt.date | None,
) -> str:
    first = (
        since.isoformat() if since else _label(period_start(points[0].period, interval), interval)
    )
    end = period_start(points[-1].period, interval)
    if interval == "week":  # a week is named by its Monday; it ends on Sunday
        end = end + dt.timedelta(days=6)
    last = until.isoformat() if until else _label(end, interval)
    return first if first == last else f"{first} to {last}"


def _when(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return f" from {since.isoformat()} to {until.isoformat()}"
    if since:
        return f" since {since.isoformat()}"
    if until:
        return f" until {until.isoformat()}"
    return ""


def _happened(modes: Sequence[str] | None) -> bool:
    """Whether ``modes`` are the default ones: the events told as having happened."""
    return modes is not None and sorted(modes) == sorted(HAPPENED)


def _modes_text(modes: Sequence[str] | None) -> str:
    """The counted modes in words: 'asserted and reported events', 'events of every mode'."""
    if not modes:
        return "events of every mode"
    names = list(modes)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{listed} events"


def dyad_figure(
    store_or_conn: Store | sqlite3.Connection,
    a: str,
    b: str,
    *,
    interval: Interval = "month",
    both_ways: bool = True,
    modes: Sequence[str] | None = HAPPENED,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> DataFigure:
    """Cooperation and conflict between ``a`` and ``b`` (code prefixes) per ``interval``.

    Reads :func:`~newsevents.store.aggregate.dyad_timeline` with the same arguments (by default
    both directions, events that happened), so the figure shows what the API reports. Raises
    :class:`~newsevents.plot.PlotError` when the dyad has no events: an empty chart would look
    like a finding.
    """
    if interval not in INTERVALS:
        raise PlotError(f"unknown interval {interval!r}; choose one of: {', '.join(INTERVALS)}")
    conn, where = connection_of(store_or_conn)
    points = dyad_timeline(
        conn, a, b, interval=interval, both_ways=both_ways, modes=modes, since=since, until=until
    )
    if not points:
        raise PlotError(
            f"no events between {a.upper()} and {b.upper()} in {where}{_when(since, until)}"
            f" (counting {_modes_text(modes)})"
        )
    return draw_dyad(
        points,
        a,
        b,
        interval=interval,
        both_ways=both_ways,
        modes=modes,
        since=since,
        until=until,
        source=where if isinstance(store_or_conn, Store) else "",
    )


def dyad_table(
    points: Sequence[TimelinePoint], a: str, b: str, *, interval: Interval, both_ways: bool
) -> Table:
    """The numbers of a dyad figure, one row per period with events."""
    rows = tuple(
        (
            _label(period_start(p.period, interval), interval),
            f"{p.events:,}",
            *(f"{p.quad[q]:,}" for q, _, _, _ in QUAD_STYLE),
            f"{p.quad[0]:,}",
            f"{p.goldstein_mean:+.2f}",
        )
        for p in points
    )
    arrow = "↔" if both_ways else "→"
    return Table(
        caption=f"Events per {_PER[interval]}, {a.upper()} {arrow} {b.upper()}",
        columns=(
            "week starting" if interval == "week" else interval,
            "events",
            *(label for _, label, _, _ in QUAD_STYLE),
            "neutral",
            "Goldstein mean",
        ),
        rows=rows,
    )


def draw_dyad(
    points: Sequence[TimelinePoint],
    a: str,
    b: str,
    *,
    interval: Interval = "month",
    both_ways: bool = True,
    modes: Sequence[str] | None = HAPPENED,
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: str = "",
) -> DataFigure:
    """Draw timeline ``points`` (from ``dyad_timeline``); no store needed, for custom data."""
    if not points:
        raise PlotError(f"no events between {a.upper()} and {b.upper()} to draw")
    a, b = a.upper(), b.upper()
    starts = [period_start(p.period, interval) for p in points]
    ends = [_next(s, interval) for s in starts]
    first = _containing(since, interval) if since else starts[0]
    last = _containing(until, interval) if until else starts[-1]
    first, last = min(first, starts[0]), max(last, starts[-1])
    n_periods = _count_periods(first, last, interval)

    left = _days(starts)
    length = _days(ends) - left
    x = left + 0.08 * length
    width = 0.84 * length
    quads = np.array([p.quad for p in points], dtype=float)
    arrow = "↔" if both_ways else "→"
    span = _span(points, interval, since, until)
    events = sum(p.events for p in points)
    neutral = int(quads[:, 0].sum())

    with style():
        fig = new_figure(10, 5.4)
        ax = fig.add_subplot()
        handles: list[Patch | Line2D] = []
        above = np.zeros(len(points))
        below = np.zeros(len(points))
        for quad, label, colour, side in QUAD_STYLE:
            heights = quads[:, quad] * side
            base = above if side > 0 else below
            ax.bar(
                x, heights, width=width, bottom=base, align="edge", color=colour,
                linewidth=0, label=label, zorder=2,
            )  # fmt: skip
            if side > 0:
                above = above + heights
            else:
                below = below + heights
            handles.append(Patch(facecolor=colour, label=label))
        means = [p.goldstein_mean for p in points]
        low, high, scale = _limits(float(above.max()), float(-below.min()), min(means), max(means))
        ax.set_ylim(low, high)
        ax.axhline(0, color="#3a3a3a", linewidth=0.9, zorder=3)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(v):g}"))
        ax.set_ylabel(f"conflict  ←  events per {_PER[interval]}  →  cooperation")
        ax.grid(axis="y", zorder=0)
        ax.set_axisbelow(True)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)

        edges = _days([first, last, _next(last, interval)])
        pad = max(0.5 * float(edges[2] - edges[1]), 0.015 * float(edges[2] - edges[0]))
        ax.set_xlim(float(edges[0]) - pad, float(edges[2]) + pad)
        _date_axis(ax, first, last, interval)

        # Mean Goldstein score on a second axis, broken where a period has no events.
        twin = ax.twinx()
        mid_x: list[float] = []
        mid_y: list[float] = []
        for i, point in enumerate(points):
            if i and starts[i] != ends[i - 1]:
                mid_x.append(math.nan)
                mid_y.append(math.nan)
            mid_x.append(float(left[i] + 0.5 * length[i]))
            mid_y.append(point.goldstein_mean)
        marker = "o" if len(points) <= 80 else None
        (line,) = twin.plot(
            mid_x, mid_y, color=GOLDSTEIN_COLOUR, linewidth=1.4, marker=marker, markersize=3.5,
            markeredgecolor="white", markeredgewidth=0.6, label="mean Goldstein score", zorder=4,
        )  # fmt: skip
        handles.append(line)
        twin.set_ylim(low * scale, high * scale)
        twin.set_yticks([t for t in (-10, -5, 0, 5, 10) if low * scale <= t <= high * scale])
        twin.set_ylabel(
            "mean Goldstein score (−10 conflict … +10 cooperation)", color=GOLDSTEIN_COLOUR
        )
        twin.tick_params(axis="y", colors=GOLDSTEIN_COLOUR)
        twin.spines["right"].set_color(GOLDSTEIN_COLOUR)
        twin.spines["top"].set_visible(False)
        twin.spines["left"].set_visible(False)

        heading = f"{a} {arrow} {b}: cooperation and conflict, {span}"
        if _happened(modes):
            counted = "that happened (asserted or reported)"
        elif modes:
            counted = f"({_modes_text(modes).removesuffix(' events')})"
        else:
            counted = "of every mode"
        parts = [
            f"{_plural(events, 'event')} {counted} in {_plural(len(points), _PER[interval])}"
            f" of {n_periods:,}",
            "both directions" if both_ways else f"{a} as source, {b} as target",
        ]
        if neutral:
            parts.append(f"{_plural(neutral, 'neutral statement')} not drawn")
        if interval == "week":
            parts.append("weeks start on Monday")
        subheading = " · ".join(parts)
        fig.suptitle(heading, x=0.01, ha="left", fontsize=13, fontweight="bold", color=INK)
        ax.set_title(subheading, loc="left", fontsize=9.5, fontweight="normal", color=MUTED, pad=8)
        if source:
            fig.supxlabel(f"Source: {source}", x=0.995, ha="right", fontsize=7, color="#8a8a8a")
        fig.legend(
            handles=handles, loc="outside lower left", ncols=len(handles), handlelength=1.4,
            columnspacing=1.6,
        )  # fmt: skip

    fig.heading = heading
    in_periods = _plural(len(points), _PER[interval])
    fig.summary = f"{a} {arrow} {b}: {_plural(events, 'event')} in {in_periods}, {span}"
    fig.table = dyad_table(points, a, b, interval=interval, both_ways=both_ways)
    return fig
