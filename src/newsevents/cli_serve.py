"""``newsevents serve``: the HTTP API and the web explorer over a store.

Registered on the ``newsevents`` group when :mod:`newsevents.cli` is imported.
"""

from __future__ import annotations

import os

import click

from .cli import DEFAULT_DB, _errors_to_messages, cli

__all__ = ["serve_cmd"]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@cli.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="NEWSEVENTS_TOKEN",
    default=None,
    help="Accept POST /api/articles from requests carrying this bearer token (16+ characters; "
    "or NEWSEVENTS_TOKEN). Without it the server is read-only.",
)
@click.option(
    "--max-body",
    default=5 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1024),
    help="Largest request body in bytes.",
)
def serve_cmd(db: str, host: str, port: int, token: str | None, max_body: int) -> None:
    """Serve the JSON API (/api, /docs) and the explorer (/) for a database."""
    import uvicorn

    from .serve import create_app

    with _errors_to_messages():
        app = create_app(db, token=token, max_body=max_body, warm=True)
    if host not in LOOPBACK:
        click.echo(
            f"warning: listening on {host}, reachable from other machines"
            + ("; ingest is open to anyone with the token" if token else ""),
            err=True,
        )
    click.echo(f"newsevents: http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("NEWSEVENTS_LOG", "warning"))
