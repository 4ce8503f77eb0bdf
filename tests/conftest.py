"""Shared fixtures: the repository's sample inputs and one coder for the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import newsevents
from newsevents.serve import create_app

REPO = Path(__file__).resolve().parents[1]
#: A loopback name: the server answers no other Host by default (TestClient's is "testserver").
LOCAL = "http://localhost"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository (present in CI too)."""
    return Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def sample_article_path(shared_dir: Path) -> Path:
    """A real news article: Russia–China defence talks, drills around Taiwan, Ukraine."""
    return shared_dir / "samples" / "article-2024-10-15.txt"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The bundled sample articles (``examples/``)."""
    return REPO / "examples"


@pytest.fixture(scope="session")
def pipeline() -> newsevents.Pipeline:
    """The default coder; loading the spaCy model takes about a second, so it is shared."""
    return newsevents.Pipeline()


@pytest.fixture(scope="session")
def example_db(
    tmp_path_factory: pytest.TempPathFactory,
    examples_dir: Path,
    sample_article_path: Path,
    pipeline: newsevents.Pipeline,
) -> Path:
    """A store of the bundled examples and the shared sample article, coded once per session.

    Read-only users (the HTTP API, the explorer, plots) share it; copy it to write.
    """
    path = tmp_path_factory.mktemp("example-db") / "events.db"
    with newsevents.Store(path) as store:
        newsevents.run([examples_dir, sample_article_path], store, pipeline)
    return path


@pytest.fixture(scope="module")
def client(example_db: Path) -> Iterator[TestClient]:
    """A read-only API server over the example store, answering errors as clients see them."""
    with TestClient(create_app(example_db), base_url=LOCAL, raise_server_exceptions=False) as c:
        yield c
