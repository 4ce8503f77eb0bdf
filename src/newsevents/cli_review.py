"""``newsevents review``: reviews out as gold and back in, sampling plans, scores.

Registered on the ``newsevents`` group when :mod:`newsevents.cli` is imported. Reviews are
written in the explorer (``newsevents serve --review-token``) or imported from a gold file;
see docs/review.md for the workflow.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli import DEFAULT_DB, _errors_to_messages, cli, write_report
from .store import Store

__all__ = ["review_group", "write_scores"]


@cli.group("review")
def review_group() -> None:
    """Analysts' reviews of coded events: export, import, sample, scores (docs/review.md)."""


@review_group.command("export")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--out", required=True, help="The JSON Lines gold file to write (- for stdout).")
def review_export_cmd(db: str, out: str) -> None:
    """Write the reviews as JSON Lines event gold (the format `newsevents evaluate` reads)."""
    from .store.review_gold import export_gold

    with _errors_to_messages(), Store(db, readonly=True) as store:
        n = export_gold(store, sys.stdout if out == "-" else out)
    click.echo(f"{n} reviewed sentence{'' if n == 1 else 's'} written to {out}", err=True)


@review_group.command("import")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--reviewer", default=None, help="Record every review as this reviewer's.")
def review_import_cmd(gold: Path, db: str, reviewer: str | None) -> None:
    """Read reviews from GOLD (written by `review export`); importing twice adds nothing."""
    from .store.review_gold import import_gold

    with _errors_to_messages(), Store(db) as store:
        result = import_gold(store, gold, reviewer)
    for problem in result.problems:
        click.echo(f"skipped {problem}", err=True)
    click.echo(
        f"{result.added} review{'' if result.added == 1 else 's'} added, "
        f"{result.unchanged} already there, {len(result.problems)} skipped",
        err=True,
    )


@review_group.command("sample")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--n", "n", type=click.IntRange(1), required=True, help="Events to sample.")
@click.option(
    "--stratify",
    type=click.Choice(("none", "type", "source", "confidence")),
    default="none",
    show_default=True,
    help="Strata: CAMEO root (type), article publisher (source), confidence band.",
)
@click.option("--seed", type=click.IntRange(0), default=1, show_default=True)
@click.option("--name", default=None, help="The sample's name [default: STRATIFY-N-seedSEED].")
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
def review_sample_cmd(
    db: str, n: int, stratify: str, seed: int, name: str | None, fmt: str
) -> None:
    """Draw a random sample of events to review first and print its plan.

    Reviewing the sample gives an unbiased precision with its interval (`review scores`);
    the explorer walks it.
    """
    with _errors_to_messages(), Store(db) as store:
        plan = store.create_review_sample(n, stratify=stratify, seed=seed, name=name)
    if fmt == "json":
        click.echo(json.dumps(plan.to_dict(), indent=2))
        return
    drawn = sum(s.sampled for s in plan.strata)
    click.echo(
        f"sample {plan.name}: {drawn} of {plan.population} events, stratified by "
        f"{plan.stratify}, seed {plan.seed}"
    )
    click.echo(f"{'stratum':<24} {'events':>8} {'sampled':>8} {'weight':>8}")
    for s in plan.strata:
        click.echo(f"{s.name[:24]:<24} {s.size:>8} {s.sampled:>8} {s.weight:>8.2f}")


@review_group.command("scores")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "prefix",
    metavar="PREFIX",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write PREFIX.json and PREFIX.md instead of printing.",
)
def review_scores_cmd(db: str, prefix: Path | None) -> None:
    """Score the coding against the reviews (as `evaluate --db D --reviewed`)."""
    write_scores(db, prefix)


def write_scores(db: str, prefix: Path | None) -> None:
    """Print the scores from reviews, or write them to PREFIX.json and PREFIX.md."""
    from .evaluate.reviewed import review_scores

    with _errors_to_messages(), Store(db, readonly=True) as store:
        scores = review_scores(store)
    write_report(scores.to_markdown(), scores.to_dict(), prefix)
