"""``newsevents train arguments``: train the learned argument selection from span gold.

Registered on the ``newsevents`` group when :mod:`newsevents.cli` is imported. Training needs
NumPy and SciPy (``pip install 'newsevents[train]'``); nothing here is imported until the
command runs, so the other commands start as fast as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .cli import _errors_to_messages, _report, _settings, cli, coder_options

__all__ = ["train_group"]


def cross_validation_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--folds, --seed, --no-cv and --report, which every training command takes."""
    options = [
        click.option(
            "--folds", type=int, default=5, show_default=True, help="Cross-validation folds."
        ),
        click.option(
            "--seed",
            type=int,
            default=13,
            show_default=True,
            help="Seed of the folds (and of torch).",
        ),
        click.option("--no-cv", is_flag=True, help="Skip cross-validation (the figures)."),
        click.option(
            "--report",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Also write the figures here (Markdown).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def reviewed_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--reviewed, --hold-out and --reviewed-weight: learning from reviewed gold."""
    options = [
        click.option(
            "--reviewed",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Reviewed gold (newsevents review export) to train on beside GOLD; repeatable.",
        ),
        click.option(
            "--hold-out",
            type=click.FloatRange(0, 1, max_open=True),
            default=0.2,
            show_default=True,
            help="Share of the reviewed documents held back (by --seed) for the before/after "
            "figures; 0 trains on every review and reports none.",
        ),
        click.option(
            "--reviewed-weight",
            type=click.FloatRange(0, min_open=True),
            default=1.0,
            show_default=True,
            help="How much a reviewed example counts against one of GOLD.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.group("train")
def train_group() -> None:
    """Train the coder's learned components from gold data (docs/arguments.md)."""


@train_group.command("arguments")
@click.argument(
    "gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("arguments.json"),
    show_default=True,
    help="Where to write the model (the shipped one is src/newsevents/events/data/arguments.json).",
)
@cross_validation_options
@click.option("--l2", type=float, default=3.0, show_default=True, help="L2 penalty.")
@click.option(
    "--margin",
    "margins",
    type=float,
    nargs=2,
    default=(0.0, 1.0),
    show_default=True,
    help="Added to the score of 'none' for the source and the target.",
)
@reviewed_options
@coder_options
def train_arguments_cmd(
    gold: tuple[Path, ...],
    out: Path,
    folds: int,
    seed: int,
    l2: float,
    margins: tuple[float, float],
    no_cv: bool,
    report: Path | None,
    reviewed: tuple[Path, ...],
    hold_out: float,
    reviewed_weight: float,
    **opts: Any,
) -> None:
    """Train the argument selection on GOLD (Multi-CoPED-style span files: tokens and BIO tags
    S, T, R) and report rules-only and learned figures, cross-validated, from the same run.

    With --reviewed, also train on reviewed gold (`newsevents review export`) except a share
    of its documents held back, and report the rules, the model without and the model with
    the reviews on those (docs/arguments.md, "Learning from reviews")."""
    from .learn.arguments import TrainSettings, train_arguments
    from .learn.arguments_review import ReviewSettings, train_with_reviews
    from .pipeline import Pipeline

    if folds < 2 and not no_cv:
        raise click.BadParameter("must be at least 2 (or use --no-cv)", param_hint="--folds")
    with _errors_to_messages():
        settings = _settings(opts).replace(learned_arguments=False, learned_types=False)
        train = TrainSettings(l2=l2, folds=folds, seed=seed, margins=margins)
        sections: list[str] = []
        if reviewed:
            review = ReviewSettings(tuple(reviewed), hold_out, reviewed_weight)
            model, cv, held = train_with_reviews(
                gold,
                review,
                Pipeline(settings),
                train,
                cross_validated=not no_cv,
                date=opts.get("date"),
                on_error=_report,
            )
            if held is not None:
                sections.append(held.to_markdown())
        else:
            model, cv = train_arguments(
                gold,
                Pipeline(settings),
                train,
                cross_validated=not no_cv,
                date=opts.get("date"),
                on_error=_report,
            )
        out.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", "utf-8")
        click.echo(f"model written to {out}", err=True)
        if cv is not None:
            sections.insert(0, cv.to_markdown())
        _print_sections(sections, report)


def _print_sections(sections: list[str], report: Path | None) -> None:
    """The figures on standard output, and in ``report`` when asked."""
    if not sections:
        return
    markdown = "\n".join(sections)
    click.echo(markdown, nl=False)
    if report is not None:
        report.write_text(markdown, encoding="utf-8")


@train_group.command("types")
@click.argument("classes", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--plover",
    "plover_gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PLOVER-labelled stories (CSV with text and label) for the PLOVER head.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("types-model"),
    show_default=True,
    help="Folder to write the model to (the shipped one is src/newsevents/events/data/types).",
)
@cross_validation_options
@click.option("--epochs", type=int, default=5, show_default=True, help="Fine-tuning epochs.")
@reviewed_options
@coder_options
def train_types_cmd(
    classes: Path,
    plover_gold: Path | None,
    out: Path,
    folds: int,
    seed: int,
    epochs: int,
    no_cv: bool,
    report: Path | None,
    reviewed: tuple[Path, ...],
    hold_out: float,
    reviewed_weight: float,
    **opts: Any,
) -> None:
    """Fine-tune the event-type model on CLASSES (Multi-CoPED class sentences) and, with
    --plover, its PLOVER head; report rules-only and combined figures, cross-validated, from
    the same run (docs/types.md). Needs the train extra: pip install 'newsevents[train]'.

    With --reviewed, also train on reviewed gold except a share of its documents held back,
    and report the rules, the classifier without and with the reviews on those (each
    reviewed sentence is repeated --reviewed-weight times, rounded)."""
    from .learn.reviewed import read_reviewed_files
    from .learn.types import TypeTrainSettings, train_types, write_meta
    from .learn.types_report import cross_validated_figures, reviewed_type_figures, reviewed_types

    if folds < 2 and not no_cv:
        raise click.BadParameter("must be at least 2 (or use --no-cv)", param_hint="--folds")
    with _errors_to_messages():
        train = TypeTrainSettings(seed=seed, folds=folds, epochs=epochs)
        review: Any = None  # the reviewed examples, when --reviewed is given
        held: list[Any] = []
        if reviewed:
            sentences = read_reviewed_files(reviewed, _report)
            copies = max(1, round(reviewed_weight))
            review, held = reviewed_types(sentences, hold_out, seed, copies)
        trained = train_types(
            classes,
            plover_gold,
            out,
            train,
            cross_validated=not no_cv,
            on_error=_report,
            progress=lambda message: click.echo(message, err=True),
            reviewed=review,
        )
        meta = trained.meta
        sections: list[str] = []
        if trained.out_of_fold is not None:
            figures = cross_validated_figures(
                classes, trained.out_of_fold, _settings(opts), date=opts.get("date")
            )
            meta = {**meta, **figures.meta()}
            sections.append(figures.to_markdown())
        if review is not None and trained.held_before is not None:
            held_figures = reviewed_type_figures(
                held,
                review.held.labels,
                trained.held_before,
                trained.held_after,
                _settings(opts),
                date=opts.get("date"),
            )
            meta = {**meta, **held_figures.meta()}
            sections.append(held_figures.to_markdown())
        _print_sections(sections, report)
        write_meta(out, meta)
        click.echo(f"model written to {out}", err=True)
