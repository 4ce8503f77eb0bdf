"""The work folder of a distributed run (``<db>.parts/`` by default) and task completion markers.

Layout::

    _newsevents_parts.json            the coder settings the parts were written with
    events/                           the events: a month-partitioned Parquet dataset
        _newsevents_dataset.json
        event_month=2024-03/part-<task id>-00000.parquet
    documents/<task id>.parquet       per task: what the store needs to insert its documents
    done/<task id>.json               per task: its counts and bad input items, written last

A task's outputs are written under temporary names and renamed when complete; its marker in
``done/`` is written last, through a rename too. A task with a marker (and its documents file)
is finished and never computed again; a task without one is computed from scratch, replacing
whatever part files an interrupted attempt left. Outputs are only meaningful for the coder
settings they were made with, so a folder made with other settings is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, StoreError
from ..settings import Settings
from ..store.export import open_event_dataset, write_atomic

MANIFEST = "_newsevents_parts.json"
_MANIFEST_FORMAT = "newsevents distributed parts"
_VERSION = 1
#: Settings that only change speed, not what is coded; every other setting (and any added
#: later) is part of the fingerprint.
_SPEED_SETTINGS = frozenset({"workers", "batch_size"})


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What one task did: counts, and the bad input items as ``(origin, reason)`` pairs.

    ``read == documents + duplicates + skipped``; ``duplicates`` are articles whose id came
    earlier in the same task. ``resumed`` is set by the driver for a task finished by an
    earlier run, whose outputs were reused.
    """

    task_id: str
    description: str
    read: int = 0
    skipped: int = 0
    duplicates: int = 0
    documents: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: tuple[tuple[str, str], ...] = ()
    resumed: bool = field(default=False, compare=False)

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data.pop("resumed")
        data["errors"] = [list(e) for e in self.errors]
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> TaskResult:
        data = json.loads(text)
        data["errors"] = tuple((str(o), str(r)) for o, r in data.get("errors", ()))
        return cls(**data)


def coder_fingerprint(settings: Settings, date: dt.date | None) -> dict[str, Any]:
    """The settings (and ``--date``) that decide what a task codes, as plain JSON values."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(settings):
        if f.name in _SPEED_SETTINGS:
            continue
        value = getattr(settings, f.name)
        if isinstance(value, tuple):
            value = [str(v) for v in value]
        elif not isinstance(value, str | int | float | bool | None):
            value = repr(value)
        values[f.name] = value
    values["date"] = date.isoformat() if date is not None else None
    return values


class PartsDir:
    """Paths and markers of one work folder; :meth:`prepare` creates or checks it."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.events = self.root / "events"
        self.documents = self.root / "documents"
        self.done = self.root / "done"
        self.manifest = self.root / MANIFEST

    def documents_file(self, task_id: str) -> Path:
        return self.documents / f"{task_id}.parquet"

    def marker(self, task_id: str) -> Path:
        return self.done / f"{task_id}.json"

    def prepare(self, fingerprint: dict[str, Any]) -> None:
        """Create the folder, or check that it holds parts made with the same settings."""
        root = self.root
        if root.exists() and not root.is_dir():
            raise ConfigError(f"{root}: the parts folder is a file")
        if self.manifest.is_file():
            self._check(fingerprint)
        elif root.is_dir() and any(root.iterdir()):
            raise ConfigError(
                f"{root}: folder is not empty and holds no parts of a distributed run "
                f"({MANIFEST}); choose another parts folder"
            )
        try:
            for folder in (self.events, self.documents, self.done):
                folder.mkdir(parents=True, exist_ok=True)
            if not self.manifest.is_file():
                manifest = {"format": _MANIFEST_FORMAT, "version": _VERSION, "coder": fingerprint}
                write_atomic(self.manifest, json.dumps(manifest, indent=2) + "\n")
        except OSError as exc:
            raise ConfigError(f"cannot create the parts folder {root}: {exc}") from exc
        open_event_dataset(self.events)

    def _check(self, fingerprint: dict[str, Any]) -> None:
        try:
            manifest = json.loads(self.manifest.read_text(encoding="utf-8"))
            stored = manifest["coder"] if manifest.get("format") == _MANIFEST_FORMAT else None
        except (OSError, ValueError, KeyError, AttributeError) as exc:
            raise ConfigError(f"{self.manifest}: cannot read it: {exc}") from exc
        if not isinstance(stored, dict):
            raise ConfigError(f"{self.manifest}: not the manifest of a distributed run")
        changed = [
            f"{name} {stored.get(name)!r} -> {value!r}"
            for name, value in fingerprint.items()
            if stored.get(name) != value
        ]
        if changed:
            raise ConfigError(
                f"{self.root}: its parts were coded with other settings ({'; '.join(changed)}); "
                "use another parts folder, or delete this one to code everything again"
            )

    def finished(self, task_id: str) -> TaskResult | None:
        """The result of a task an earlier run completed, or None."""
        marker = self.marker(task_id)
        if not marker.is_file() or not self.documents_file(task_id).is_file():
            return None
        try:
            result = TaskResult.from_json(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as exc:
            raise StoreError(f"{marker}: cannot read the task marker: {exc}") from exc
        return dataclasses.replace(result, resumed=True)

    def mark_finished(self, result: TaskResult) -> None:
        write_atomic(self.marker(result.task_id), result.to_json())
