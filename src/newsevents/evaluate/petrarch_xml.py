"""PETRARCH's validation files (``PETR.UnitTest.records.xml``): records with expected events.

The format, as PETRARCH's validation reads it::

    <Validation>
      <Environment>
        <Verbfile>PETR.Validate.verbs.txt</Verbfile>
        <Actorfile>PETR.Validate.actors.txt</Actorfile>
        <Agentfile>PETR.Validate.agents.txt</Agentfile> ...
      </Environment>
      <Sentences>
        <Sentence date="19950101" id="DEMO-00" category="DEMO">
          <EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
          <Text>Arnor is about to restore full diplomatic ties with Gondor ...</Text>
          <Parse>(ROOT ...)</Parse>
        </Sentence> ...

``<EventCoding noevents="True">`` expects no event, as does a record without
``<EventCoding>`` (PETRARCH's documentation says the two are equivalent);
``<EventCoding error="...">`` expects PETRARCH to reject its input (a bad parse tree, a
dateline), which tests PETRARCH rather than a coder of text, so the record is counted but not
scored. ``<Skip>`` skips a record and
``<Stop>`` ends the file, as in PETRARCH. The parse trees are not used: the coder parses the
text itself. ``<Include>``/``<Exclude>`` category lists are not applied: every record is read,
like the JSON Lines copy of the same file.

The sentences name fictional states (Arnor, Gondor) that only the ``<Environment>``'s
dictionaries know; :func:`petrarch_environment` finds them beside the file.

Line numbers come from expat, so a bad record is reported as ``file:line`` like a bad JSON line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..errors import InputError
from .gold import GoldEvent, GoldItem, NotScored, gold_date, plover_of

__all__ = ["PetrarchEnvironment", "is_petrarch_xml", "petrarch_environment", "read_petrarch_xml"]

#: Two digits then up to two more characters: PETRARCH's tests use codes such as ``174K``.
_CAMEO = re.compile(r"\d{2}[0-9A-Z]{0,2}")


@dataclass(frozen=True, slots=True)
class PetrarchEnvironment:
    """The dictionaries a validation file names, resolved to files that exist (or None)."""

    verbs: Path | None = None
    actors: tuple[Path, ...] = ()
    agents: tuple[Path, ...] = ()
    missing: tuple[str, ...] = ()  # names given but not found


def is_petrarch_xml(path: Path) -> bool:
    """A file whose first element is PETRARCH's ``<Validation>``."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.S).lstrip()
    return text.startswith(b"<Validation")


@dataclass(slots=True)
class _Record:
    line: int
    attrs: dict[str, str]
    codings: list[dict[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    skip: bool = False


class _Reader:
    """Expat callbacks that collect records and the environment, with their line numbers."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.records: list[_Record] = []
        self.environment: dict[str, str] = {}
        self.current: _Record | None = None
        self.element = ""
        self.chars: list[str] = []
        self.stopped = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.element = name
        self.chars = []
        if self.stopped:
            return
        line = self.parser.CurrentLineNumber
        if name == "Sentence":
            self.current = _Record(line, dict(attrs))
        elif self.current is not None:
            if name == "EventCoding":
                self.current.codings.append(dict(attrs))
            elif name == "Skip":
                self.current.skip = True
            elif name == "Stop":
                self.stopped = True
                self.current = None

    def data(self, text: str) -> None:
        self.chars.append(text)
        if self.current is not None and self.element == "Text":
            self.current.text.append(text)

    def end(self, name: str) -> None:
        if name in {"Verbfile", "Actorfile", "Agentfile"} and self.current is None:
            self.environment[name] = "".join(self.chars).strip()
        if name == "Sentence" and self.current is not None:
            self.records.append(self.current)
            self.current = None
        self.element = ""


def _read(path: Path) -> _Reader:
    reader = _Reader()
    try:
        with path.open("rb") as fh:
            reader.parser.ParseFile(fh)
    except expat.ExpatError as exc:
        raise InputError(f"{path}:{exc.lineno}", f"not well-formed XML: {exc}") from None
    return reader


def read_petrarch_xml(path: Path) -> Iterator[GoldItem | NotScored | InputError]:
    """Items from a validation file; a bad record is an :class:`InputError` value.

    A file that is not well-formed XML raises :class:`InputError`: nothing in it can be trusted.
    """
    for record in _read(path).records:
        origin = f"{path}:{record.line}"
        if record.skip:
            continue
        if any("error" in c for c in record.codings):
            yield NotScored(origin, "tests an input error of PETRARCH's")
            continue
        try:
            yield _item(record, origin)
        except ValueError as exc:
            yield InputError(origin, str(exc))


def _item(record: _Record, origin: str) -> GoldItem:
    text = " ".join("".join(record.text).split())
    if not text:
        raise ValueError("no <Text>")
    events = []
    for n, coding in enumerate(record.codings, start=1):
        if "noevents" in coding:
            continue
        code = coding.get("eventcode", "").strip()
        if not _CAMEO.fullmatch(code):
            raise ValueError(f"EventCoding {n}: bad eventcode {code!r}")
        events.append(
            GoldEvent(
                source=coding.get("sourcecode", "").strip() or None,
                target=coding.get("targetcode", "").strip() or None,
                cameo=code,
                plover=plover_of(code),
            )
        )
    return GoldItem(
        id=record.attrs.get("id") or origin,
        date=gold_date(record.attrs.get("date")),
        text=text,
        events=tuple(events),
        origin=origin,
    )


def petrarch_environment(path: Path) -> PetrarchEnvironment:
    """The verb, actor and agent dictionaries the file's ``<Environment>`` names.

    Each name is looked for beside the file, then in a ``dictionaries`` folder beside it (the
    layout PETRARCH ships and ``../shared/eval/petrarch2`` has).
    """
    names = _read(path).environment
    found: dict[str, Path] = {}
    missing = []
    for key, name in names.items():
        where = _find(path.parent, name)
        if where is None:
            missing.append(name)
        else:
            found[key] = where
    return PetrarchEnvironment(
        verbs=found.get("Verbfile"),
        actors=tuple(p for k, p in found.items() if k == "Actorfile"),
        agents=tuple(p for k, p in found.items() if k == "Agentfile"),
        missing=tuple(missing),
    )


def _find(folder: Path, name: str) -> Path | None:
    if not name:
        return None
    for candidate in (folder / name, folder / "dictionaries" / name):
        if candidate.is_file():
            return candidate
    return None
