"""``newsevents plot dyad|network``: figures of a store as PNG, SVG or a self-contained HTML page.

Registered on the ``newsevents`` group when :mod:`newsevents.cli` is imported; like every
command it talks to users and leaves the work to the library (:mod:`newsevents.plot`), which is
imported only when a plot is drawn so other commands start fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .cli import DEFAULT_DB, _date, _errors_to_messages, cli
from .errors import NewsEventsError
from .store import Store
from .store.aggregate import HAPPENED, INTERVALS
from .types import Mode

__all__ = ["plot_group"]

#: Output formats, by extension; kept here too so ``--help`` needs no matplotlib import.
PLOT_FORMATS = (".png", ".svg", ".html")


@cli.group("plot")
def plot_group() -> None:
    """Draw a dyad's cooperation and conflict over time, or the actor network.

    The output format follows the --out extension: .png, .svg, or .html (one self-contained
    page with the figure and its numbers).
    """


def _out(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """Refuse an unknown extension before the store is read."""
    from .plot import output_format

    try:
        output_format(value)
    except NewsEventsError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


def _modes(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[str, ...] | None:
    """``asserted,reported`` (the default: events that happened), any other list, or ``all``."""
    if value is None:
        return HAPPENED
    if value.strip() == "all":
        return None
    modes = tuple(dict.fromkeys(m.strip() for m in value.split(",") if m.strip()))
    known = [m.value for m in Mode]
    bad = [m for m in modes if m not in known]
    if bad or not modes:
        raise click.BadParameter(
            f"unknown mode {', '.join(bad) or repr(value)}; choose from {', '.join(known)} or all"
        )
    return modes


def plot_options(func: Any) -> Any:
    """Options every plot shares: the store, the output file, dates and modes."""
    options = [
        click.option(
            "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False)
        ),
        click.option(
            "--out",
            required=True,
            metavar="FILE",
            callback=_out,
            help=f"Output file; the format follows the extension ({', '.join(PLOT_FORMATS)}).",
        ),
        click.option("--since", callback=_date, help="First event date (YYYY-MM-DD)."),
        click.option("--until", callback=_date, help="Last event date (YYYY-MM-DD)."),
        click.option(
            "--modes",
            callback=_modes,
            help="Comma-separated modes to count, or 'all' [default: asserted,reported, "
            "the events that happened].",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@plot_group.command("dyad")
@click.argument("a")
@click.argument("b")
@plot_options
@click.option(
    "--interval", type=click.Choice(INTERVALS), default="month", show_default=True,
    help="Length of one bar.",
)  # fmt: skip
@click.option("--one-way", is_flag=True, help="Only events from A to B [default: both ways].")
def plot_dyad_cmd(
    a: str,
    b: str,
    db: str,
    out: str,
    since: dt.date | None,
    until: dt.date | None,
    modes: tuple[str, ...] | None,
    interval: Any,
    one_way: bool,
) -> None:
    """Cooperation and conflict between A and B over time (code prefixes: RUS, USAGOV).

    Bars above zero count verbal and material cooperation per period, bars below verbal and
    material conflict; the line is the mean Goldstein score.
    """
    with _errors_to_messages():
        from .plot import dyad_figure, save_figure

        with Store(db, readonly=True) as store:
            fig = dyad_figure(
                store,
                a,
                b,
                interval=interval,
                both_ways=not one_way,
                modes=modes,
                since=since,
                until=until,
            )
        save_figure(fig, out)
    click.echo(f"{out}: {fig.summary}", err=True)


@plot_group.command("network")
@plot_options
@click.option(
    "--level", type=click.Choice(("country", "actor")), default="country", show_default=True,
    help="Nodes are countries or actor codes.",
)  # fmt: skip
@click.option(
    "--min-events", type=click.IntRange(1), default=1, show_default=True,
    help="Leave out edges with fewer events.",
)  # fmt: skip
@click.option(
    "--top", type=click.IntRange(1, 500), default=30, show_default=True,
    help="Draw this many of the busiest nodes.",
)  # fmt: skip
@click.option(
    "--layout", type=click.Choice(("spring", "circle")), default="spring", show_default=True
)
def plot_network_cmd(
    db: str,
    out: str,
    since: dt.date | None,
    until: dt.date | None,
    modes: tuple[str, ...] | None,
    level: Any,
    min_events: int,
    top: int,
    layout: Any,
) -> None:
    """Who acts on whom: directed edges between the busiest countries or actors.

    Edge width counts events from source to target, edge colour is their conflict share, node
    size the events on a node's edges.
    """
    with _errors_to_messages():
        from .plot import network_figure, save_figure

        with Store(db, readonly=True) as store:
            fig = network_figure(
                store,
                level=level,
                modes=modes,
                since=since,
                until=until,
                min_events=min_events,
                top=top,
                layout=layout,
            )
        save_figure(fig, out)
    click.echo(f"{out}: {fig.summary}", err=True)
