"""Serve a store over HTTP: the JSON API and the web explorer (``newsevents serve``)."""

from .app import create_app

__all__ = ["create_app"]
