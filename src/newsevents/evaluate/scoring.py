"""Score coded events against gold items; no model here, so it can be tested by hand.

**Events** are compared one dyad at a time: the gold sets list one event per (source, target)
pair, as PETRARCH codes them ("The US, Russia and Switzerland met" is six events), so each of our
events counts once for every pair of :meth:`~newsevents.types.Event.dyads`. Actors are compared
by country (the first three letters of a gold code, :func:`~.gold.gold_country`; our actor's
``country``), types by CAMEO root or PLOVER type. Within one item (sentence or article) the
gold and coded events are matched as multisets on each aspect: for every distinct value, the
smaller of the two counts is matched; so two gold ``19`` events and one coded one give one
match and one miss, whatever order they came in.

Only events whose mode the gold would code are counted (``modes``); a gold event that gives
its own ``mode`` is counted only when that mode is too.

**Labels** (a class or a PLOVER type per item) are compared with the label of the item's main
event: the first in the text, or the most confident (:data:`MAIN_RULES`).

**Spans** compare the tokens of the main event's source and target actors with the gold tokens.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..codes import cameo
from ..types import Actor, Event, Mode
from .gold import Aspect, GoldItem, LabelItem, SpanItem
from .report import (
    NONE,
    AspectScore,
    Confusion,
    EventMiss,
    EventReport,
    LabelMiss,
    LabelReport,
    RunInfo,
    Score,
    SpanMiss,
    SpanReport,
    SpanSide,
    TypeScore,
)

__all__ = [
    "DEFAULT_MODES",
    "MAIN_RULES",
    "EventKey",
    "coded_keys",
    "gold_keys",
    "main_event",
    "score_events",
    "score_labels",
    "score_spans",
]

#: The modes gold sets code: what the text says happened, is reported to have happened, or is
#: announced ("will supply arms" is CAMEO 072 to PETRARCH). Negated, hypothetical, claimed and
#: denied events are what a sentence does not assert; the gold codes the assertion instead (the
#: accusation, the denial).
DEFAULT_MODES: tuple[Mode, ...] = (Mode.ASSERTED, Mode.REPORTED, Mode.FUTURE)

MainRule = Literal["first", "confident"]
MAIN_RULES: tuple[MainRule, ...] = ("first", "confident")

ASPECT_TITLES = {
    Aspect.ROOT: "event type (CAMEO root)",
    Aspect.PLOVER: "PLOVER type",
    Aspect.DYAD: "dyad (source, target country)",
    Aspect.TRIPLE: "triple (source, target, root)",
}

Value = tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class EventKey:
    """One dyad of an event as it is compared: countries, root and PLOVER type."""

    source: str | None
    target: str | None
    root: str | None
    plover: str | None
    code: str | None = None  # the whole CAMEO code, to show
    mode: str | None = None

    def value(self, aspect: Aspect) -> Value | None:
        """What ``aspect`` compares; None when this event has nothing to compare on it."""
        if aspect is Aspect.ROOT:
            return (self.root,) if self.root else None
        if aspect is Aspect.PLOVER:
            return (self.plover,) if self.plover else None
        if aspect is Aspect.DYAD:
            return (self.source, self.target)
        return (self.source, self.target, self.root) if self.root else None

    def show(self) -> str:
        what = " ".join(x for x in (self.code or self.root, self.plover) if x)
        mode = f" ({self.mode})" if self.mode and self.mode != Mode.ASSERTED else ""
        return f"{self.source or '-'}→{self.target or '-'} {what}{mode}"


def _country(actor: Actor | None) -> str | None:
    return (actor.country or None) if actor is not None else None


def counted(events: Iterable[Event], modes: Collection[Mode]) -> list[Event]:
    """The events whose mode is counted, in text order."""
    return sorted((e for e in events if e.mode in modes), key=lambda e: e.trigger.start)


def coded_keys(events: Iterable[Event], modes: Collection[Mode]) -> list[EventKey]:
    """One key per dyad of every counted event."""
    return [
        EventKey(_country(s), _country(t), e.cameo[:2], e.plover or None, e.cameo, e.mode.value)
        for e in counted(events, modes)
        for s, t in e.dyads()
    ]


def gold_keys(item: GoldItem, modes: Collection[Mode]) -> list[EventKey]:
    """One key per gold event; events whose own mode is not counted are left out."""
    names = {str(m) for m in modes}
    return [
        EventKey(e.source_country, e.target_country, e.root, e.plover, e.cameo, e.mode)
        for e in item.events
        if e.mode is None or e.mode in names
    ]


def _values(keys: Iterable[EventKey], aspect: Aspect) -> Counter[Value]:
    return Counter(v for k in keys if (v := k.value(aspect)) is not None)


def _full(item: GoldItem) -> Callable[[EventKey], Value]:
    """What an item's events must agree on to count as the same event."""
    if Aspect.TRIPLE in item.aspects:
        return lambda k: (k.source, k.target, k.root)
    return lambda k: (k.source, k.target, k.plover)


@dataclass(slots=True)
class _Tally:
    items: int = 0
    score: Score = dataclasses.field(default_factory=Score)
    by_type: dict[str, Score] = dataclasses.field(default_factory=dict)

    def add(self, gold: Counter[Value], coded: Counter[Value], by_type: bool) -> None:
        self.items += 1
        matched = gold & coded
        self.score += Score(gold.total(), coded.total(), matched.total())
        if by_type:
            for value in gold.keys() | coded.keys():
                name = str(value[0])
                part = Score(gold[value], coded[value], matched[value])
                self.by_type[name] = self.by_type.get(name, Score()) + part


def score_events(
    pairs: Iterable[tuple[GoldItem, Sequence[Event]]],
    *,
    modes: Collection[Mode] = DEFAULT_MODES,
    run: RunInfo,
) -> EventReport:
    """Score every item's coded events against its gold events (see the module docstring)."""
    tallies = {aspect: _Tally() for aspect in Aspect}
    passed = complete = n = 0
    pairs_of_roots: list[tuple[str, str]] = []
    misses: list[EventMiss] = []
    confidences: list[tuple[float, bool]] = []
    for item, events in pairs:
        n += 1
        gold, coded = gold_keys(item, modes), coded_keys(events, modes)
        confidences += _type_right(item, gold, counted(events, modes))
        for aspect in item.aspects:
            by_type = aspect in {Aspect.ROOT, Aspect.PLOVER}
            tallies[aspect].add(_values(gold, aspect), _values(coded, aspect), by_type)
        if Aspect.ROOT in item.aspects:
            pairs_of_roots += pair_roots(gold, coded)
        full = _full(item)
        want, got = Counter(map(full, gold)), Counter(map(full, coded))
        missed, spurious = want - got, got - want
        complete += not missed
        passed += not missed and not spurious
        if missed or spurious:
            misses.append(
                EventMiss(
                    item.id,
                    item.origin,
                    item.text,
                    _shown(gold, missed, full, coded),
                    _shown(coded, spurious, full, gold),
                )
            )
    aspects = tuple(
        AspectScore(
            str(aspect),
            ASPECT_TITLES[aspect],
            tally.items,
            tally.score,
            tuple(
                TypeScore(name, _type_name(aspect, name), score)
                for name, score in sorted(tally.by_type.items())
            ),
        )
        for aspect, tally in tallies.items()
        if tally.items
    )
    roots = [r.code for r in cameo.roots()]
    return EventReport(
        run=dataclasses.replace(run, items=n),
        aspects=aspects,
        passed=passed,
        complete=complete,
        confusion=Confusion.of(pairs_of_roots, roots),
        misses=tuple(misses),
        confidences=tuple(confidences),
    )


def _type_right(
    item: GoldItem, gold: Sequence[EventKey], events: Sequence[Event]
) -> list[tuple[float, bool]]:
    """Each event's confidence and whether the item's gold has an event of its type."""
    if Aspect.ROOT in item.aspects:
        roots = {k.root for k in gold}
        return [(e.confidence, e.cameo[:2] in roots) for e in events]
    plovers = {k.plover for k in gold}
    return [(e.confidence, bool(e.plover) and e.plover in plovers) for e in events]


def _shown(
    keys: Sequence[EventKey],
    left: Counter[Value],
    full: Callable[[EventKey], Value],
    other: Sequence[EventKey],
) -> tuple[str, ...]:
    """The unmatched keys, each as many times as it is left over.

    Among keys that compare equal, those whose whole code the other side lacks are shown: a
    gold 193 is the miss when 190 and 193 were expected and 190 was coded.
    """
    left = Counter(left)
    codes = {k.code for k in other}
    order = sorted(range(len(keys)), key=lambda i: keys[i].code in codes)
    chosen = []
    for i in order:
        value = full(keys[i])
        if left[value] > 0:
            left[value] -= 1
            chosen.append(i)
    return tuple(keys[i].show() for i in sorted(chosen))


def _type_name(aspect: Aspect, name: str) -> str:
    if aspect is Aspect.ROOT:
        entry = cameo.get(name)
        return entry.name if entry is not None else "(not a CAMEO root)"
    return ""


def pair_roots(gold: Sequence[EventKey], coded: Sequence[EventKey]) -> list[tuple[str, str]]:
    """(gold root, coded root) pairs for the confusion matrix of one item.

    A gold event pairs first with a coded event that agrees on everything, then on the root,
    then on the dyad, then on the country of one side; what is left pairs with "no event". Pairs
    of different roots are the type confusions: the actors say it is the same event.
    """
    left_gold = [k for k in gold if k.root]
    left_coded = list(coded)
    pairs: list[tuple[str, str]] = []
    rules: list[Callable[[EventKey, EventKey], bool]] = [
        lambda a, b: a.value(Aspect.TRIPLE) == b.value(Aspect.TRIPLE),
        lambda a, b: a.root == b.root,
        lambda a, b: (a.source, a.target) == (b.source, b.target),
        lambda a, b: (
            (a.source is not None and a.source == b.source)
            or (a.target is not None and a.target == b.target)
        ),
    ]
    for same in rules:
        for a in list(left_gold):
            b = next((b for b in left_coded if same(a, b)), None)
            if b is not None:
                pairs.append((a.root or NONE, b.root or NONE))
                left_gold.remove(a)
                left_coded.remove(b)
    pairs += [(a.root or NONE, NONE) for a in left_gold]
    pairs += [(NONE, b.root or NONE) for b in left_coded]
    return pairs


# -- labels -------------------------------------------------------------------------------------


def main_event(
    events: Iterable[Event],
    modes: Collection[Mode] = DEFAULT_MODES,
    rule: MainRule = "first",
    *,
    eligible: Callable[[Event], bool] = lambda _e: True,
) -> Event | None:
    """The event an item is about: the first counted one in the text, or the most confident
    (ties: the first). News puts the main event first; confidence prefers complete events."""
    candidates = [e for e in counted(events, modes) if eligible(e)]
    if not candidates:
        return None
    if rule == "confident":
        return max(candidates, key=lambda e: (e.confidence, -e.trigger.start))
    return candidates[0]


def score_labels(
    pairs: Iterable[tuple[LabelItem, Sequence[Event]]],
    *,
    label_of: Callable[[Event], str | None],
    modes: Collection[Mode] = DEFAULT_MODES,
    rule: MainRule = "first",
    run: RunInfo,
    title: str,
    names: dict[str, str] | None = None,
) -> LabelReport:
    """Compare each item's gold label with its main event's (events without one are skipped)."""
    names = names or {}
    n = correct = anywhere = no_event = 0
    gold_count: Counter[str] = Counter()
    coded_count: Counter[str] = Counter()
    right: Counter[str] = Counter()
    confusion: list[tuple[str, str]] = []
    misses: list[LabelMiss] = []
    confidences: list[tuple[float, bool]] = []
    for item, events in pairs:
        n += 1
        main = main_event(events, modes, rule, eligible=lambda e: label_of(e) is not None)
        coded = label_of(main) if main is not None else None
        label = coded or NONE
        gold_count[item.label] += 1
        confusion.append((item.label, label))
        if coded is None or main is None:
            no_event += 1
        else:
            coded_count[coded] += 1
            confidences.append((main.confidence, coded == item.label))
        every = counted(events, modes)
        anywhere += any(label_of(e) == item.label for e in every)
        if label == item.label:
            correct += 1
            right[label] += 1
        else:
            shown = tuple(_event_text(e, label_of) for e in every)
            misses.append(LabelMiss(item.id, item.origin, item.text, item.label, label, shown))
    order = list(names) + sorted((gold_count.keys() | coded_count.keys()) - set(names))
    by_label = tuple(
        TypeScore(
            label, names.get(label, ""), Score(gold_count[label], coded_count[label], right[label])
        )
        for label in order
        if gold_count[label] or coded_count[label]
    )
    return LabelReport(
        run=dataclasses.replace(run, items=n),
        title=title,
        correct=correct,
        anywhere=anywhere,
        no_event=no_event,
        by_label=by_label,
        confusion=Confusion.of(confusion, list(names)),
        misses=tuple(misses),
        confidences=tuple(confidences),
    )


def _event_text(event: Event, label_of: Callable[[Event], str | None]) -> str:
    src = event.source.code if event.source else "-"
    tgt = event.target.code if event.target else "-"
    return f"[{label_of(event) or NONE}] {src}→{tgt} {event.cameo} {event.trigger.text!r}"


# -- spans --------------------------------------------------------------------------------------


def actor_tokens(item: SpanItem, actor: Actor | None) -> frozenset[int]:
    """The gold tokens an actor's character span covers (partly)."""
    if actor is None or actor.start < 0:
        return frozenset()
    return frozenset(
        i for i, (start, end) in enumerate(item.offsets) if start < actor.end and end > actor.start
    )


def score_spans(
    pairs: Iterable[tuple[SpanItem, Sequence[Event]]],
    *,
    modes: Collection[Mode] = DEFAULT_MODES,
    rule: MainRule = "first",
    run: RunInfo,
) -> SpanReport:
    """Token agreement of the main event's source and target with the gold spans."""
    counts = {side: [0, 0, 0, 0] for side in ("source", "target")}  # gold found overlap anywhere
    tokens = {side: Score() for side in counts}
    misses: list[SpanMiss] = []
    n = no_event = 0
    for item, events in pairs:
        n += 1
        every = counted(events, modes)
        main = main_event(every, modes, rule)
        no_event += main is None
        for side in counts:
            gold = (item.source if side == "source" else item.target) | item.mutual
            ours_actor = None if main is None else main.source if side == "source" else main.target
            ours = actor_tokens(item, ours_actor)
            tokens[side] += Score(len(gold), len(ours), len(gold & ours))
            if not gold:
                continue
            tally = counts[side]
            tally[0] += 1
            tally[1] += bool(ours)
            tally[2] += bool(ours & gold)
            tally[3] += any(
                actor_tokens(item, a) & gold
                for e in every
                for a in (e.all_sources() if side == "source" else e.all_targets())
            )
            if not ours & gold:
                gold_text = " ".join(item.tokens[i] for i in sorted(gold))
                coded = ours_actor.text if ours_actor is not None else ""
                misses.append(SpanMiss(item.id, item.origin, item.text, side, gold_text, coded))
    sides = tuple(
        SpanSide(side, c[0], c[1], c[2], c[3], tokens[side]) for side, c in counts.items()
    )
    return SpanReport(dataclasses.replace(run, items=n), no_event, sides, tuple(misses))
