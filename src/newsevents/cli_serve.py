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
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host header names NAME (repeatable; '*' for any). "
    "Loopback names and the --host address are always answered.",
)
@click.option(
    "--token",
    envvar="NEWSEVENTS_TOKEN",
    default=None,
    help="Accept POST /api/articles from requests carrying this bearer token (16+ characters; "
    "or NEWSEVENTS_TOKEN). Without it the server is read-only.",
)
@click.option(
    "--review-token",
    envvar="NEWSEVENTS_REVIEW_TOKEN",
    default=None,
    help="Accept reviews (POST /api/reviews, samples) from requests carrying this bearer "
    "token and an X-Reviewer name (16+ characters; or NEWSEVENTS_REVIEW_TOKEN). --token "
    "allows reviewing too. See docs/review.md.",
)
@click.option(
    "--max-body",
    default=5 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1024),
    help="Largest request body in bytes.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes; one per CPU core serves the most requests at once.",
)
@click.option(
    "--max-connections",
    default=256,
    show_default=True,
    type=click.IntRange(1),
    help="Open connections per worker; at the limit a new one closes the longest idle.",
)
@click.option(
    "--header-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds a client may take to send a request's headers.",
)
@click.option(
    "--body-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds a client may take to send a request's body.",
)
@click.option(
    "--keep-alive",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds an idle connection is kept open for the next request.",
)
def serve_cmd(
    db: str,
    host: str,
    port: int,
    allow_hosts: tuple[str, ...],
    token: str | None,
    review_token: str | None,
    max_body: int,
    workers: int,
    max_connections: int,
    header_timeout: float,
    body_timeout: float,
    keep_alive: float,
) -> None:
    """Serve the JSON API (/api, /docs) and the explorer (/) for a database."""
    from .serve import create_app
    from .serve.guard import LOOPBACK_HOSTS
    from .serve.server import Limits, serve

    with _errors_to_messages():
        create_app(db, token=token, review_token=review_token, max_body=max_body)
    if host not in LOOPBACK:
        click.echo(
            f"warning: listening on {host}, reachable from other machines"
            + ("; ingest is open to anyone with the token" if token else "")
            + ("; reviewing is open to anyone with the review token" if review_token else ""),
            err=True,
        )
    if "*" in allow_hosts:
        click.echo(
            "warning: --allow-host '*' answers any Host name, so a web page can reach this "
            "server through a visitor's browser (DNS rebinding)",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsevents: http://{shown}:{port}/ (API docs at /docs)", err=True)
    serve(
        db,
        host=host,
        port=port,
        token=token,
        review_token=review_token,
        max_body=max_body,
        allowed_hosts=frozenset({*LOOPBACK_HOSTS, host, *allow_hosts}),
        workers=workers,
        limits=Limits(
            header_timeout=header_timeout,
            body_timeout=body_timeout,
            keep_alive=keep_alive,
            max_connections=max_connections,
        ),
        log_level=os.environ.get("NEWSEVENTS_LOG", "warning"),
    )
