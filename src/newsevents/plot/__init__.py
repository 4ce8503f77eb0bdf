"""Plots of a store: a dyad's cooperation and conflict over time, and the actor network.

Each figure function reads the store's aggregates (:mod:`newsevents.store.aggregate`, the same
queries the HTTP API answers with) and returns a matplotlib Figure built without ``pyplot``, so
it is safe in servers and tests; :func:`save_figure` writes PNG, SVG or a self-contained HTML
page by the file's extension::

    from newsevents import Store
    from newsevents.plot import dyad_figure, save_figure

    with Store("events.db", readonly=True) as store:
        save_figure(dyad_figure(store, "USA", "EGY", interval="month"), "usa-egy.png")
"""

from __future__ import annotations

from .dyad import draw_dyad, dyad_figure, dyad_table
from .network import Network, NetworkNode, draw_network, network_data, network_figure
from .render import FORMATS, DataFigure, PlotError, Table, html_page, output_format, save_figure

__all__ = [
    "FORMATS",
    "DataFigure",
    "Network",
    "NetworkNode",
    "PlotError",
    "Table",
    "draw_dyad",
    "draw_network",
    "dyad_figure",
    "dyad_table",
    "html_page",
    "network_data",
    "network_figure",
    "output_format",
    "save_figure",
]
